"""Environment variables named in the documentation, and whether their defaults are stated.

Rules:

- Documentation is README files, everything under a documentation root (``docs/``,
  ``website/``, a chart's ``docs/``, the folder mkdocs' ``docs_dir`` or a Sphinx ``conf.py``
  names: :mod:`scorecard.analyzers.doc_roots`), top-level Markdown and reStructuredText,
  and env example files (``.env.example``, ``.env.sample``, ``.env.template``,
  ``example.env``, a committed ``.env`` whose values are placeholders).
  Files under test and test-data folders (``tests/**/.env``) are not documentation.
- Changelogs and release notes are not documentation of a variable: they record changes,
  including removals. Migration and upgrade guides count for coverage but never make a
  name stale: the variables they mention may be ones that were removed or renamed on
  purpose.
- A name the code reads counts as documented when it appears in the docs as a token; a
  single-word name (``DEBUG``, ``PORT``) must appear in code (backticks), a table cell, a
  heading, a ``NAME=value`` line or a ``$NAME`` reference, because plain prose uses such
  words for other things.
- A name counts as *documented as an env var* (a candidate for "stale") only with
  env-shaped evidence: ``$NAME``/``${NAME}``, ``NAME=value``, ``export NAME``, Sphinx
  ``.. envvar::``/``:envvar:``, ``getenv("NAME")``, an env example file, or a backticked,
  table or heading mention on a line, in a table or under a heading that speaks of
  environment variables (a "Configuration" section alone is not enough: Django settings
  and SQL keywords are upper case too).
- Not documented as env vars: a value (``DB_PASSWORD=CHANGE_ME``, ``--config-file=CONFIG_FILE``),
  a placeholder in angle brackets (``$(<UPPER_CASE_TOOL_NAME>)``), a name given as a prefix
  ("names starting with ``OCI_CLI``"), and a name whose only evidence is a ``$NAME``
  expansion in a command (``kubectl describe pod $POD_FROM_JOB``: a value the reader fills
  in). They still count as mentions of a name the code reads.
- Integration guides and comparisons with other products (``docs/integrations/``,
  ``migrate-from-x.md``) set those products' variables: they count for coverage only, like
  migration guides.
- Variables passed with ``-e`` on a ``docker run`` line belong to that container's image,
  and a name a snippet both assigns and expands (``KEY=...`` then ``$KEY``) is a shell
  variable of that snippet.
- An option key the docs name as ``--oauth2-key`` (or, multi-word, ``oauth2_key`` in code,
  a table or a heading) documents the environment form a prefix rule derives from it
  (``APP_OAUTH2_KEY`` under ``auto_envvar_prefix="APP"``, a settings class's
  ``env_prefix``, a ``startswith("APP_")`` mapping).
- A default is stated when a line mentioning the name, or one of the two lines after it,
  says "default", when a table with a Default column has a value in the name's row, or
  when the section a heading (or a ``- `NAME` `` list item) introduces says "default".

Only small text files are read (the repository is data): each file at most
``max_doc_bytes``, and the whole set bounded too.
"""

from __future__ import annotations

import bisect
import posixpath
import re
from dataclasses import dataclass, field

from scorecard.analyzers.base import ScanContext
from scorecard.analyzers.doc_roots import DocRoots, repository_doc_roots
from scorecard.analyzers.path_roles import PathRole, path_role
from scorecard.memo import BoundedMemo
from scorecard.model import Problem
from scorecard.repo import RepoFile

__all__ = ["DOC_SUFFIXES", "DocScan", "ENV_EXAMPLE_NAMES", "is_doc_file", "is_env_example",
           "scan_docs"]

ENV_EXAMPLE_NAMES = frozenset({
    ".env.example", ".env.sample", ".env.template", ".env.dist", ".env.defaults",
    ".env.local.example", "example.env", "sample.env", "env.example", "env.sample",
    "template.env", "default.env", ".env", ".env.dev", ".env.development", ".env.docker",
})
DOC_SUFFIXES = (".md", ".rst", ".txt", ".adoc", ".markdown", ".mdx")
_README_SUFFIXES = (".org", ".rdoc", ".pod", ".textile", ".asciidoc", ".creole", ".wiki")
_NO_ROOTS = DocRoots(frozenset(), ())
TOTAL_DOC_BYTES = 24 * 1024 * 1024
_TOKEN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ENVISH = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$")
_STRONG = (
    # $NAME, but not RDB$FIELD_POSITION (a SQL identifier) or $$.
    re.compile(r"(?<![\w$])\$\{?([A-Za-z_][A-Za-z0-9_]*)"),
    # NAME=value at the start of a line or right after a quote or backtick; not after a
    # word, which is SQL (``SET CURRENT_SCHEMA=x``) or a keyword argument.
    re.compile(r"(?:^[ \t]*(?:\$\s+)?|[`'\"(;])(?:export\s+|set\s+|ENV\s+)?"
               r"([A-Z][A-Z0-9_]*)=(?!=)", re.MULTILINE),
    re.compile(r"(?:\s-e|--env)[= ]\s*([A-Z][A-Z0-9_]*)="),
    re.compile(r"envvar::\s*([A-Za-z_][A-Za-z0-9_]*)"),
    re.compile(r":envvar:`([A-Za-z_][A-Za-z0-9_]*)"),
    re.compile(r"(?:getenv|environ\.get|environ\[)\(?\s*['\"]([A-Za-z_][A-Za-z0-9_]*)['\"]"),
)
_OPTION = re.compile(r"(?<![\w-])--[A-Za-z0-9][A-Za-z0-9_-]*[A-Za-z0-9]")
_ANY_EXPANSION = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")
_EXPANSION = 0  # index of the $NAME pattern: alone, a value the reader fills in
_ASSIGNMENT = 1  # index of the NAME=value pattern: single words there are too noisy
_CODE_READ = len(_STRONG) - 1  # index of the getenv/environ pattern
# A WSGI application's ``environ`` is the request (PEP 3333), not the process environment:
# the CGI meta-variables (RFC 3875 section 4.1) and the HTTP_* request headers it holds are
# not configuration, when a snippet reads them from a bare ``environ`` (not ``os.environ``).
_CGI_NAMES = frozenset({
    "AUTH_TYPE", "CONTENT_LENGTH", "CONTENT_TYPE", "GATEWAY_INTERFACE", "PATH_INFO",
    "PATH_TRANSLATED", "QUERY_STRING", "REMOTE_ADDR", "REMOTE_HOST", "REMOTE_IDENT",
    "REMOTE_USER", "REQUEST_METHOD", "SCRIPT_NAME", "SERVER_NAME", "SERVER_PORT",
    "SERVER_PROTOCOL", "SERVER_SOFTWARE", "REQUEST_URI", "RAW_URI"})


def _is_request_key(text: str, match: re.Match[str]) -> bool:
    """Tell whether a getenv/environ match reads a WSGI request key from a bare ``environ``."""
    name = match.group(1)
    if name not in _CGI_NAMES and not name.startswith("HTTP_"):
        return False
    return text.startswith("environ", match.start()) and not text.endswith(
        "os.", 0, match.start())
_CONTAINER_RUN = re.compile(r"\b(docker|podman|nerdctl)\s+(run|create|exec)\b")
_CONTAINER_ENV = re.compile(r"(?:\s-e|--env)[= ]\s*['\"]?([A-Za-z_][A-Za-z0-9_]*)")
# Release notes record what changed, including what was removed: a variable they mention is
# neither documented nor stale. Towncrier fragments (newsfragments/, changelog.d/), reno
# notes (releasenotes/) and per-release pages (docs/releases/) are release notes too.
_RELEASE_NOTES = re.compile(r"(^|/)(changelog|changes|history|news|newsfragments"
                            r"|release[-_]?notes|releases|whatsnew|whats[-_]new)"
                            r"([-_.][^/]*)?(/|$)", re.I)
# Migration and upgrade guides document names, but may name removed ones on purpose.
_MIGRATION_GUIDE = re.compile(r"(^|/)(migrations?|migrating|upgrad(e|ing))([-_.][^/]*)?(/|$)",
                              re.I)
# Guides to other products (integrations, comparisons, moving from a competitor) set those
# products' variables (``export BRAINTRUST_API_KEY=...``): coverage only, never stale.
_OTHER_PRODUCTS_GUIDE = re.compile(r"(^|/)(integrations?|comparisons?|alternatives"
                                   r"|migrat(e|ing)[-_]from[^/]*)(/|$|[-_.])", re.I)
_CODE_SPAN = re.compile(r"``?([^`\n]+?)``?")
# Words that make a backticked or tabled UPPER_NAME an env var (a "Configuration" section
# alone is not enough: Django settings and SQL keywords are upper case too).
_ENV_CONTEXT = re.compile(r"\b(env|environment|variables?|env[ _-]?vars?|dotenv)\b", re.I)
_DEFAULT = re.compile(r"\bdefault(s|ed)?\b", re.I)
_NEWLINE = re.compile(r"\n")
_UPPER_TOKEN = re.compile(r"\b[A-Z][A-Z0-9_]*\b")
_UNDERLINE_CHARS = frozenset("=-~^\"'`#*+:.")
_ENTRY = re.compile(r"^\s{0,3}[-*]\s+`{1,2}[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")  # - `NAME`: ...
_HEADING_MD = re.compile(r"^\s{0,3}#{1,6}\s+(.*)$")
_RST_UNDERLINE = re.compile(r"^([=\-~^\"'`#*+:.])\1{2,}\s*$")
_ENV_LINE = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$")
_INTERPOLATED = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:[:?-][^}]*)?\}")
_SECRETISH = re.compile(r"(AKIA[0-9A-Z]{16}|sk-[A-Za-z0-9]{20,}|ghp_[A-Za-z0-9]{30,}|"
                        r"xox[abp]-[A-Za-z0-9-]{10,}|-----BEGIN [A-Z ]*PRIVATE KEY)")
_PLACEHOLDER = re.compile(r"(change|example|your|xxx|placeholder|secret|password|todo|dummy|"
                          r"sample|<|\$\{|localhost|\bdev\b|test)", re.I)


def is_env_example(path: str) -> bool:
    """Return True for env example files (and a committed ``.env``: docs per P6)."""
    base = posixpath.basename(path).lower()
    return base in ENV_EXAMPLE_NAMES or base.endswith((".env.example", ".env.sample",
                                                       ".env.template"))


def is_doc_file(path: str, roots: DocRoots | None = None) -> bool:
    """Return True for README files, files under a documentation root and top-level prose."""
    lower = path.lower()
    base = posixpath.basename(lower)
    if base.startswith("readme") and (base.endswith(DOC_SUFFIXES + _README_SUFFIXES)
                                      or "." not in base):
        return True  # README, README.md, README.rdoc; never readme.png
    if not lower.endswith(DOC_SUFFIXES):
        return False
    if "/" not in lower:
        return True
    return (roots or _NO_ROOTS).contains(path)


@dataclass
class DocScan:
    """What the documentation says about environment variables."""

    files: int = 0
    tokens: set[str] = field(default_factory=set)  # every identifier-like token
    contextual: set[str] = field(default_factory=set)  # in code, tables, headings, NAME=...
    first_seen: dict[str, tuple[str, int]] = field(default_factory=dict)  # env-like tokens
    env_mentions: dict[str, tuple[str, int]] = field(default_factory=dict)
    # env mentions with more than a ``$NAME`` expansion behind them: candidates for stale
    declared: set[str] = field(default_factory=set)
    # names an env file expands into another variable's value -> that variable and where
    interpolated: dict[str, str] = field(default_factory=dict)
    defaults: set[str] = field(default_factory=set)
    env_files: dict[str, tuple[str, int]] = field(default_factory=dict)
    container_env: dict[str, tuple[str, int]] = field(default_factory=dict)  # docker run -e
    options: dict[str, tuple[str, int]] = field(default_factory=dict)  # "--name" mentions
    suspicious_values: list[tuple[str, int, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def option_documented(self, key: str) -> tuple[str, int] | None:
        """Where the docs mention an option key as ``--key-name`` or, multi-word, ``key_name``.

        A single word (``key``) must appear as ``--key``: in prose it is just a word.
        """
        lower = key.lower()
        for form in (f"--{lower.replace('_', '-')}", f"--{lower}"):
            if form in self.options:
                return self.options[form]
        if "_" in lower and lower in self.contextual:
            return self.first_seen.get(lower, self.first_seen.get(key, ("", 0)))
        return None

    def documented(self, name: str) -> tuple[str, int] | None:
        """Where the docs mention a name the code reads (None when they do not)."""
        for candidate in (name, name.upper()):
            if candidate in self.env_mentions:
                return self.env_mentions[candidate]
            if candidate in self.contextual or ("_" in candidate and candidate in self.tokens):
                return self.first_seen.get(candidate, ("", 0))
        return None


def _scan_env_file(scan: DocScan, path: str, text: str) -> None:
    for number, line in enumerate(text.splitlines(), 1):
        match = _ENV_LINE.match(line)
        if not match or line.lstrip().startswith("#"):
            continue
        name, value = match.group(1), match.group(2).strip().strip("'\"")
        # DATABASE_URL=postgresql://${DB_USER}@${DB_HOST}: the file builds one variable out
        # of others, which the code then reads through it.
        for used in _INTERPOLATED.findall(value):
            scan.interpolated.setdefault(used, f"{name} ({path}:{number})")
        scan.env_files.setdefault(name, (path, number))
        scan.env_mentions.setdefault(name, (path, number))
        scan.declared.add(name)
        scan.contextual.add(name)
        scan.tokens.add(name)
        if posixpath.basename(path) == ".env" and value and _SECRETISH.search(value) \
                and not _PLACEHOLDER.search(value):
            scan.suspicious_values.append((path, number, name))


def _table_cells(line: str) -> list[str] | None:
    stripped = line.strip()
    if stripped.startswith("|") and stripped.count("|") >= 2:
        return [c.strip() for c in stripped.strip("|").split("|")]
    return None


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(m.end() for m in _NEWLINE.finditer(text))
    return starts


def _scan_text(scan: DocScan, path: str, text: str, lines: list[str]) -> set[str]:
    """Whole-text rules: every token, first sightings, context-free env mentions, defaults.

    Return the snippet's shell variables (names assigned and expanded in the text).
    """
    starts = _line_starts(text)
    _first_sightings(scan, path, text, starts)
    shell_locals = _strong_mentions(scan, path, text, starts)
    _container_run_env(scan, path, text, starts, lines)
    _defaults_near(scan, text, starts, lines)
    return shell_locals


def _first_sightings(scan: DocScan, path: str, text: str, starts: list[int]) -> None:
    """Note every token, and where each upper-case token and ``--option`` is first seen."""
    scan.tokens.update(_TOKEN.findall(text))
    for match in _UPPER_TOKEN.finditer(text):
        token = match.group()
        if token not in scan.first_seen:
            scan.first_seen[token] = (path, bisect.bisect_right(starts, match.start()))
    for match in _OPTION.finditer(text):
        scan.options.setdefault(match.group(0).lower(),
                                (path, bisect.bisect_right(starts, match.start())))


def _strong_mentions(scan: DocScan, path: str, text: str, starts: list[int]) -> set[str]:
    """Note the names env-shaped evidence mentions whatever the context; return shell locals.

    A name a snippet both assigns and expands (PING_KEY=...; curl .../$PING_KEY) is a shell
    variable of that snippet, not configuration of the application.
    """
    found: list[tuple[int, str, int]] = [
        (index, match.group(1), match.start(1))
        for index, pattern in enumerate(_STRONG) for match in pattern.finditer(text)
        if not (index == _CODE_READ and _is_request_key(text, match))]
    assigned = {name for index, name, _ in found if index == _ASSIGNMENT}
    expanded = set(_ANY_EXPANSION.findall(text))  # also -L$NAME/lib, $KEY inside words
    shell_locals = assigned & expanded
    for index, name, offset in found:
        if name in shell_locals or (index == _ASSIGNMENT and not _ENVISH.match(name)):
            continue
        scan.env_mentions.setdefault(name, (path, bisect.bisect_right(starts, offset)))
        if index != _EXPANSION:
            scan.declared.add(name)
    return shell_locals


def _container_run_env(scan: DocScan, path: str, text: str, starts: list[int],
                       lines: list[str]) -> None:
    """Note the variables a ``docker run`` line (continued lines too) hands its container.

    They belong to that container's image.
    """
    for match in _CONTAINER_RUN.finditer(text):
        number = bisect.bisect_right(starts, match.start())
        while number <= len(lines):
            line = lines[number - 1]
            for name in _CONTAINER_ENV.findall(line):
                scan.container_env.setdefault(name, (path, number))
            if not line.rstrip().endswith("\\"):
                break
            number += 1


def _defaults_near(scan: DocScan, text: str, starts: list[int], lines: list[str]) -> None:
    """Note the names on a line saying "default", or up to two lines before it.

    Table rows are left to the table's Default column.
    """
    for match in _DEFAULT.finditer(text):
        number = bisect.bisect_right(starts, match.start())
        for line in lines[max(0, number - 3): number]:
            if _table_cells(line) is None:
                scan.defaults.update(_UPPER_TOKEN.findall(line))


def _scan_prose(scan: DocScan, path: str, text: str) -> None:
    lines = text.splitlines()
    prose = _Prose(scan, path, lines, _scan_text(scan, path, text, lines))
    for number, line in enumerate(lines, 1):
        prose.line(number, line)


class _Prose:
    """The state of reading one document's lines: heading, fence, table header, entry."""

    def __init__(self, scan: DocScan, path: str, lines: list[str],
                 shell_locals: set[str]) -> None:
        self.scan, self.path, self.lines, self.shell_locals = scan, path, lines, shell_locals
        self.heading = ""
        self.header: list[str] | None = None
        self.in_fence = False
        self.entry: list[str] = []  # names a heading or list item introduces, until the next

    def line(self, number: int, line: str) -> None:
        """Read one line: defaults an entry states, names in context, env mentions, tables."""
        if line.strip().startswith(("```", "~~~")):
            self.in_fence = not self.in_fence
        is_heading = self._follow_heading(number)
        self._entry_default(line, is_heading)
        cells = self._follow_table(line)
        if is_heading or self.in_fence or cells is not None or "`" in line:
            self._note_context(number, line, is_heading, cells)

    def _follow_heading(self, number: int) -> bool:
        """Return True when line ``number`` starts a heading, which becomes the current one."""
        heading = _heading(self.lines, number, self.in_fence)
        if heading is None:
            return False
        self.heading = heading
        return True

    def _follow_table(self, line: str) -> list[str] | None:
        """Return the line's table cells, None outside a table; a table's first row heads it."""
        cells = _table_cells(line) if "|" in line else None
        if cells is None:
            self.header = None
        elif self.header is None:
            self.header = [c.lower() for c in cells]
        return cells

    def _note_context(self, number: int, line: str, is_heading: bool,
                      cells: list[str] | None) -> None:
        """Note the names a heading, fenced line, code span or table row puts in context.

        In an environment context the env-shaped ones are env mentions; a table row under a
        Default column states their defaults.
        """
        contextual = _contextual_tokens(line, is_heading or self.in_fence, cells)
        self.scan.contextual.update(contextual)
        if self._env_context(line):
            not_names = _not_names(line)
            for name in contextual:
                if _ENVISH.match(name) and name not in self.shell_locals \
                        and name not in not_names:
                    self.scan.env_mentions.setdefault(name, (self.path, number))
                    self.scan.declared.add(name)
        if cells is not None and self.header is not None \
                and [c.lower() for c in cells] != self.header:
            _table_default(self.scan, cells, self.header)

    def _entry_default(self, line: str, is_heading: bool) -> None:
        """Open an entry at a heading or list item; "Defaults to ..." under it documents one."""
        if is_heading or _ENTRY.match(line):
            # "#### `PAPERLESS_DBPORT=<port>`" ... "Defaults to `5432`." further down.
            self.entry = [t for t in _UPPER_TOKEN.findall(line) if _ENVISH.match(t)]
        elif self.entry and not self.in_fence and "efault" in line and _DEFAULT.search(line):
            self.scan.defaults.update(self.entry)

    def _env_context(self, line: str) -> bool:
        """Tell whether the line, its heading or its table's header speaks of the environment."""
        return bool(_ENV_CONTEXT.search(line) or _ENV_CONTEXT.search(self.heading) or (
            self.header is not None and any(_ENV_CONTEXT.search(h) for h in self.header)))


# Upper-case words a line uses as something other than a variable's name: a value assigned
# to a variable or an option (``DB_PASSWORD=CHANGE_ME``, ``--config-file=CONFIG_FILE``), a
# placeholder (``<UPPER_CASE_TOOL_NAME>``), a prefix ("names starting with `OCI_CLI`").
_VALUE_TOKEN = re.compile(r"=\s*[\"'`]?([A-Z][A-Z0-9_]*)")
_PLACEHOLDER_SPAN = re.compile(r"<[^<>\n]{1,80}>")
_PREFIX_TOKEN = re.compile(
    r"(?:prefix(?:ed)?(?:\s+(?:with|of|by))?|(?:start|begin)(?:s|ning|ing)?\s+with)"
    r"\s+(?:the\s+(?:string|prefix|word)\s+)?[`'\"]?([A-Z][A-Z0-9_]*)", re.IGNORECASE)


def _not_names(line: str) -> set[str]:
    """Return the upper-case words of a line that are values, placeholders or prefixes."""
    if "=" not in line and "<" not in line and not _PREFIX_HINT.search(line):
        return set()
    found = set(_VALUE_TOKEN.findall(line)) | set(_PREFIX_TOKEN.findall(line))
    for span in _PLACEHOLDER_SPAN.findall(line):
        found.update(_TOKEN.findall(span))
    return found


_PREFIX_HINT = re.compile(r"prefix|start|begin", re.IGNORECASE)


def _heading(lines: list[str], number: int, in_fence: bool) -> str | None:
    """Return the heading that line ``number`` (1-based) starts, None when it starts none.

    A Markdown ``#`` heading outside a fence, or a line a reStructuredText underline follows.
    """
    line = lines[number - 1]
    stripped = line.strip()
    if stripped.startswith("#") and not in_fence:
        match = _HEADING_MD.match(line)
        return match.group(1) if match else None
    if stripped and number < len(lines) and lines[number][:1] in _UNDERLINE_CHARS \
            and _RST_UNDERLINE.match(lines[number]) and not _RST_UNDERLINE.match(line):
        return stripped
    return None


def _contextual_tokens(line: str, whole_line: bool, cells: list[str] | None) -> set[str]:
    """Return the tokens a line puts in context.

    All of a heading's or a fenced line's; otherwise those in code spans and table cells.
    """
    contextual: set[str] = set(_TOKEN.findall(line)) if whole_line else set()
    for span in _CODE_SPAN.findall(line):
        contextual.update(_TOKEN.findall(span))
    for cell in cells or ():
        contextual.update(_TOKEN.findall(cell))
    return contextual


def _scan_history(scan: DocScan, path: str, text: str) -> None:
    """Migration and upgrade guides document a name, but never make it stale.

    They also record what used to be: a variable they mention may have been removed or
    renamed on purpose, so their mentions count for coverage only.
    """
    history = DocScan()
    _scan_prose(history, path, text)
    scan.tokens |= history.tokens
    scan.contextual |= history.contextual | set(history.env_mentions)
    for name, where in history.first_seen.items():
        scan.first_seen.setdefault(name, where)
    for name, where in history.env_mentions.items():
        scan.first_seen.setdefault(name, where)


def _table_default(scan: DocScan, cells: list[str], header: list[str]) -> None:
    """Note the names of a table row whose Default column holds a value."""
    column = next((i for i, h in enumerate(header) if "default" in h), None)
    if column is not None and column < len(cells) and cells[column].strip(" `-"):
        for cell in cells:
            scan.defaults.update(_UPPER_TOKEN.findall(cell))


def scan_docs(ctx: ScanContext, max_bytes: int) -> DocScan:
    """Read the documentation files of the repository and collect env-var evidence."""
    scan = DocScan()
    budget = TOTAL_DOC_BYTES
    roots = repository_doc_roots(ctx)
    for item in ctx.files:
        env_file = is_env_example(item.path)
        if (not env_file and not is_doc_file(item.path, roots)) or item.size > max_bytes \
                or path_role(item.path) in (PathRole.TEST, PathRole.VENDORED):
            continue  # a test fixture's .env or README documents nothing of the product
        if item.size > budget:
            break  # the docs' reading budget is spent: the rest is not read
        budget -= item.size
        part = _part_of(ctx, item, env_file)
        if isinstance(part, Problem):
            scan.problems.append(part)
            continue
        scan.files += 1
        _merge(scan, part)
    return scan


def _part_of(ctx: ScanContext, item: RepoFile, env_file: bool) -> DocScan | Problem:
    """Return one file's part of the scan, or the Problem that stopped reading it.

    Parts are remembered by (blob id, path) within the process: the scans of a backfill or
    of a diff's two sides read mostly the same documentation, and a changelog is large. A
    working-tree file (no blob id yet) is scanned every time.
    """
    key = (item.blob, item.path) if item.blob else None
    known = _PARTS.get(key) if key else None
    if known is not None:
        return known
    try:
        text = ctx.view.read_bytes(item.path).decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return Problem("overrides", f"cannot read documentation: {exc}", item.path)
    part = _file_part(item.path, text, env_file)
    if key:
        _PARTS.put(key, part)
    return part


_PARTS: BoundedMemo[tuple[str, str], DocScan] = BoundedMemo(limit=8192)


def _file_part(path: str, text: str, env_file: bool) -> DocScan:
    """Scan one documentation file on its own (merged into the repository's scan later)."""
    part = DocScan()
    if env_file:
        _scan_env_file(part, path, text)
    elif _RELEASE_NOTES.search(path):
        pass
    elif _MIGRATION_GUIDE.search(path) or _OTHER_PRODUCTS_GUIDE.search(path):
        _scan_history(part, path, text)
    else:
        _scan_prose(part, path, text)
    return part


def _merge(scan: DocScan, part: DocScan) -> None:
    """Add one file's part to the scan; an earlier file's sighting of a name stays first."""
    scan.tokens |= part.tokens
    scan.contextual |= part.contextual
    scan.declared |= part.declared
    scan.defaults |= part.defaults
    for used, into in part.interpolated.items():
        scan.interpolated.setdefault(used, into)
    for mine, theirs in ((scan.first_seen, part.first_seen),
                         (scan.env_mentions, part.env_mentions),
                         (scan.env_files, part.env_files),
                         (scan.container_env, part.container_env),
                         (scan.options, part.options)):
        for name, where in theirs.items():
            mine.setdefault(name, where)
    scan.suspicious_values.extend(part.suspicious_values)
