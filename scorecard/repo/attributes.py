"""The linguist-generated and linguist-vendored marks of .gitattributes, read as git reads them.

``git check-attr`` is not asked: its wildmatch backtracks without bound on a pattern such
as ``**/**/**/**/**/**/**/**/**/**/**/b`` (20 s of CPU for one path 40 folders deep), and a
repository's attributes are data. The files are parsed here and matched with scorecard's
globs, which never backtrack without bound (see :mod:`scorecard.globs`). The rules are
those of gitattributes(5) and git's attr.c:

- blank lines, lines starting with ``#`` and lines longer than 2048 bytes are ignored
  (git ignores the long ones with a warning); so is a file over 100 MB;
- a pattern may be C-quoted; a negative pattern (``!pat``) is ignored, as git ignores it;
- a pattern without a slash matches a file name in the file's folder or below it; one with
  a slash is matched against the path relative to that folder; a pattern ending in ``/``
  names folders only, and no pattern matches the files below a folder it names;
- ``attr`` sets, ``-attr`` unsets, ``!attr`` makes unspecified, ``attr=value`` gives a value;
  ``[attr]name ...`` defines a macro (only at the top level and in info/attributes), which
  a path gets when it sets ``name``;
- the first assignment found wins, looking at info/attributes first, then the deepest
  .gitattributes above the path up to the root one, each file from its last line up, and
  each line from its last attribute back.

A path is generated (or vendored) when its ``linguist-generated`` (``linguist-vendored``)
attribute ends up set or ``true``. The user's own ``core.attributesFile`` is not read: a
scan's result must not depend on the machine it runs on. POSIX character classes
(``[[:alpha:]]``) are not understood.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import PurePosixPath

from scorecard.globs import PathMatcher, compile_glob

__all__ = [
    "GENERATED",
    "MAX_ATTRIBUTES_BYTES",
    "VENDORED",
    "AttributeFile",
    "LinguistMarks",
    "read_marks",
]

GENERATED = "linguist-generated"
VENDORED = "linguist-vendored"
_KINDS = {GENERATED: "generated", VENDORED: "vendored"}

# git's limits (attr.c: ATTR_MAX_LINE_LENGTH, ATTR_MAX_FILE_SIZE): past them it ignores
# the line, or the whole file, with a warning.
MAX_LINE_BYTES = 2048
MAX_ATTRIBUTES_BYTES = 100 * 1024 * 1024
# Patterns other than a plain file name or "*suffix" are matched one by one against every
# path: past this many, the rest are not applied (and the report says so), so that a
# repository cannot make the listing cost paths x patterns without bound.
MAX_GLOB_RULES = 1000

# An assignment's state; any other string is the attribute's value.
_SET, _UNSET, _UNSPECIFIED = object(), object(), object()
_State = object | str
_BLANKS = " \t\r\n"
_BLANK_RUNS = re.compile(r"[ \t\r\n]+")
_GLOB_CHARS = "*?[\\"
_C_ESCAPES = {"a": 7, "b": 8, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11, "\\": 92, '"': 34}


@dataclass(frozen=True)
class AttributeFile:
    """One attributes file's text: ``folder`` is where its patterns start ("" at the top).

    ``top_level`` files (the root .gitattributes and info/attributes) may define macros.
    """

    path: str
    folder: str
    text: str
    top_level: bool


@dataclass(frozen=True)
class _Rule:
    """One pattern line: where it applies, what it assigns, in the file's order."""

    rank: int  # precedence: 0 is the highest (info/attributes' last line)
    folder_prefix: str  # "" or "folder/"
    # A pattern is a plain file name, "*" and a plain suffix (both found by lookup), or
    # any other glob (matched against each path).
    name: str | None
    suffix: str | None
    matcher: PathMatcher | None
    assignments: tuple[tuple[str, _State], ...]


class LinguistMarks:
    """Decides each path's linguist mark from a repository's attributes files."""

    def __init__(self, files: Iterable[AttributeFile]) -> None:
        """Parse ``files`` (the order does not matter: precedence follows their folders)."""
        self.problems: list[tuple[str, str]] = []  # (file, message)
        ordered = sorted(files, key=_precedence)  # lowest precedence first
        self._macros: dict[str, tuple[tuple[str, _State], ...]] = {}
        for source in ordered:
            if source.top_level:
                for line in _lines(source.text):
                    if line.startswith("[attr]"):
                        name, assignments = _macro(line)
                        if name:
                            self._macros[name] = assignments
        # Rules from the highest precedence down: the first assignment found wins.
        rules: list[_Rule] = []
        for source in ordered:
            rules.extend(self._parse(source))
        rules.reverse()
        rules = [replace(rule, rank=rank) for rank, rule in enumerate(rules)]
        self._rules = tuple(rules)
        self._names: dict[str, list[_Rule]] = {}
        self._suffixes: dict[str, list[_Rule]] = {}
        self._globs: list[_Rule] = []
        self._index(rules)

    def __bool__(self) -> bool:
        return bool(self._rules)

    def _parse(self, source: AttributeFile) -> list[_Rule]:
        relevant = {GENERATED, VENDORED, *self._macros}
        prefix = f"{source.folder}/" if source.folder else ""
        rules: list[_Rule] = []
        for line in _lines(source.text):
            if line.startswith("[attr]"):
                continue  # a macro: read above where allowed, ignored elsewhere (as git)
            pattern, rest = _pattern(line)
            if not pattern or pattern.startswith("!") or pattern.endswith("/"):
                continue  # a negative pattern, or one naming folders: never a file's
            assignments = tuple((name, state) for name, state in _assignments(rest)
                                if name in relevant)
            if not assignments:
                continue
            rules.append(_rule(prefix, pattern, assignments))
        return rules

    def _index(self, rules: list[_Rule]) -> None:
        skipped = 0
        for rule in rules:
            if rule.name is not None:
                self._names.setdefault(rule.name, []).append(rule)
            elif rule.suffix is not None:
                self._suffixes.setdefault(rule.suffix, []).append(rule)
            elif len(self._globs) < MAX_GLOB_RULES:
                self._globs.append(rule)
            else:
                skipped += 1
        if skipped:
            self.problems.append((".gitattributes", (
                f"{skipped:,} linguist patterns with wildcards were not applied: only the "
                f"{MAX_GLOB_RULES:,} that take precedence (the last lines) are")))

    def mark(self, path: str) -> str | None:
        """Return "generated", "vendored" or None for a repo-relative POSIX path."""
        if not self._rules:
            return None
        name = path.rsplit("/", 1)[-1]
        candidates: list[_Rule] = []
        candidates.extend(self._names.get(name, ()))
        for start in range(len(name) + 1):
            candidates.extend(self._suffixes.get(name[start:], ()))
        candidates = [rule for rule in candidates if path.startswith(rule.folder_prefix)]
        for rule in self._globs:
            assert rule.matcher is not None  # only globs are kept there
            if path.startswith(rule.folder_prefix) \
                    and rule.matcher.match(path[len(rule.folder_prefix):]):
                candidates.append(rule)
        if not candidates:
            return None
        candidates.sort(key=lambda rule: rule.rank)
        known: dict[str, _State] = {}
        for rule in candidates:
            self._fill(known, rule.assignments, depth=0)
            if GENERATED in known and VENDORED in known:
                break
        for attribute in (GENERATED, VENDORED):
            state = known.get(attribute)
            if state is _SET or state == "true":
                return _KINDS[attribute]
        return None

    def _fill(self, known: dict[str, _State], assignments: tuple[tuple[str, _State], ...],
              depth: int) -> None:
        """Record the assignments not yet known, the line's last first (git's fill_one)."""
        for name, state in reversed(assignments):
            if name in known:
                continue
            known[name] = state
            macro = self._macros.get(name)
            if macro is not None and state is _SET and depth < len(self._macros):
                self._fill(known, macro, depth + 1)


def _precedence(source: AttributeFile) -> tuple[int, int, str]:
    """Sort key, lowest precedence first: by folder depth, info/attributes last."""
    if source.top_level and not source.path.endswith(".gitattributes"):
        return (1, 0, source.path)
    depth = len(PurePosixPath(source.folder).parts) if source.folder else 0
    return (0, depth, source.path)


def _lines(text: str) -> Iterable[str]:
    """Yield the lines git reads: leading blanks stripped, no comments, none too long."""
    for raw in text.split("\n"):
        if len(raw.encode("utf-8", "surrogateescape")) > MAX_LINE_BYTES:
            continue
        line = raw.lstrip(_BLANKS)
        if line and not line.startswith("#"):
            yield line


def _pattern(line: str) -> tuple[str, str]:
    """Split a line into its pattern (C-unquoted when quoted) and the rest."""
    if line.startswith('"'):
        unquoted = _unquote_c(line)
        if unquoted is not None:
            return unquoted
    end = 0
    while end < len(line) and line[end] not in _BLANKS:
        end += 1
    return line[:end], line[end:]


def _unquote_c(line: str) -> tuple[str, str] | None:
    """Read a C-quoted string at the start of ``line``: (text, the rest), None if malformed."""
    out = bytearray()
    i = 1
    while i < len(line):
        char = line[i]
        if char == '"':
            return out.decode("utf-8", "surrogateescape"), line[i + 1:]
        if char != "\\":
            out += char.encode("utf-8", "surrogateescape")
            i += 1
            continue
        i += 1
        if i >= len(line):
            return None
        escaped = line[i]
        if escaped in _C_ESCAPES:
            out.append(_C_ESCAPES[escaped])
            i += 1
        elif escaped in "0123" and i + 2 < len(line) and all(
                c in "01234567" for c in line[i:i + 3]):
            out.append(int(line[i:i + 3], 8))
            i += 3
        else:
            return None
    return None


def _assignments(text: str) -> list[tuple[str, _State]]:
    """Read ``attr``, ``-attr``, ``!attr`` and ``attr=value`` fields."""
    parsed: list[tuple[str, _State]] = []
    for field in _BLANK_RUNS.split(text):
        state: _State
        if not field:
            continue  # the text's leading or trailing blanks
        if field[0] in "-!":
            name, state = field[1:], (_UNSET if field[0] == "-" else _UNSPECIFIED)
        elif "=" in field:
            name, _, value = field.partition("=")
            state = value
        else:
            name, state = field, _SET
        if name:
            parsed.append((name, state))
    return parsed


def _macro(line: str) -> tuple[str, tuple[tuple[str, _State], ...]]:
    """Read ``[attr]name assignments...``."""
    fields = line[len("[attr]"):]
    name_end = 0
    while name_end < len(fields) and fields[name_end] not in _BLANKS:
        name_end += 1
    return fields[:name_end], tuple(_assignments(fields[name_end:]))


def _rule(prefix: str, pattern: str, assignments: tuple[tuple[str, _State], ...]) -> _Rule:
    """Make the rule of ``pattern``: found by name or suffix lookup when it can be, else a glob."""
    if "/" not in pattern:
        if not any(char in _GLOB_CHARS for char in pattern):
            return _Rule(0, prefix, pattern, None, None, assignments)
        rest = pattern[1:]
        if pattern[0] == "*" and not any(char in _GLOB_CHARS for char in rest):
            return _Rule(0, prefix, None, rest, None, assignments)
    return _Rule(0, prefix, None, None, compile_glob(_as_glob(pattern), below=False),
                 assignments)


def _as_glob(pattern: str) -> str:
    """Rewrite a wildmatch pattern in scorecard's glob syntax.

    A backslash makes the next character plain (a class of one); ``**`` is a span of
    folders only as a whole segment (``**/``, ``/**``, ``/**/``), and is ``*`` elsewhere.
    """
    out: list[str] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            following = pattern[i + 1]
            out.append(f"[{following}]" if following in "*?[" else following)
            i += 2
            continue
        if char == "[":
            end = _class_end(pattern, i)
            out.append(pattern[i:end])
            i = end
            continue
        if char == "*":
            end = i
            while end < len(pattern) and pattern[end] == "*":
                end += 1
            whole_segment = (i == 0 or pattern[i - 1] == "/") and (
                end == len(pattern) or pattern[end] == "/")
            out.append("**" if end - i >= 2 and whole_segment else "*")
            i = end
            continue
        out.append(char)
        i += 1
    return "".join(out)


def _class_end(pattern: str, i: int) -> int:
    """Where a ``[...]`` class starting at ``i`` ends (a "]" first in it belongs to it)."""
    start = i + 1
    if start < len(pattern) and pattern[start] in "!^":
        start += 1
    if start < len(pattern) and pattern[start] == "]":
        start += 1
    end = pattern.find("]", start)
    return i + 1 if end == -1 else end + 1


def read_marks(files: Mapping[str, str], info: str | None) -> LinguistMarks:
    """Build the marks from .gitattributes texts by path, and info/attributes' text."""
    sources = [AttributeFile(path, _folder(path), text, path == ".gitattributes")
               for path, text in files.items()]
    if info is not None:
        sources.append(AttributeFile("info/attributes", "", info, True))
    return LinguistMarks(sources)


def _folder(path: str) -> str:
    parent = PurePosixPath(path).parent.as_posix()
    return "" if parent == "." else parent
