"""Find and read CI configuration: which systems, which shell commands, which release triggers.

Rules (the automation detector builds its ``ci``, ``ci_runs_tests`` and part of its
``release_automation`` practices on them):

* A CI file is recognised by its path alone (see ``ci_system``): GitHub Actions workflows
  (``.github/workflows/*.yml|yaml``, top level only, as GitHub reads them), GitLab
  (``.gitlab-ci.yml`` plus the local files it includes), CircleCI, Azure Pipelines, Jenkins,
  Travis, Bitbucket, Buildkite, Drone, Woodpecker, AppVeyor, Cirrus, sourcehut and Tekton.
* YAML files are parsed with PyYAML's safe loader (a subclass that only records the line of
  every string) and every shell command is collected from the keys that hold commands in any
  of those systems (``run``, ``script``, ``before_script``, ``command``, ``commands``,
  ``bash``, ``*_script`` ...). ``uses``/``orb``/``template`` values are kept apart: they name
  actions, not commands. A local composite action (``uses: ./path``) is read one level deep.
* A file that is over 1 MB or is not valid YAML (a syntax error, Helm or Jinja templating with
  ``{{``/``{%``) becomes a problem and is read line by line instead, so its commands still
  count. Jenkinsfiles and other non-YAML files are always read line by line.
* A command runs tests when one of its shell segments runs a test runner (the rules are in
  ``ci_commands``), executes a repository script whose text does (read one level deep), or
  makes a target of the root Makefile whose recipe does, or one of whose prerequisites does
  (``make ci`` with ``ci: lint unit``; followed ``MAX_MAKE_DEPTH`` levels deep).
  Only when no command does, a GitHub ``uses:`` whose name says test is weak evidence.
"""

from __future__ import annotations

import fnmatch
import hashlib
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import yaml  # type: ignore[import-untyped]

from scorecard.analyzers.path_roles import is_sample
from scorecard.analyzers.signals.ci_commands import (
    DEFAULT_GOAL,
    command_runs_tests,
    executed_file,
    is_test_target,
    make_targets,
    publishes,
    python_script_runs_tests,
)
from scorecard.analyzers.signals.signal_vocabulary import ReadText
from scorecard.memo import BoundedMemo

__all__ = ["CiFile", "Command", "Located", "MakeRule", "ReadText", "ci_system", "find_ci_files",
           "load_yaml_documents", "publish_evidence", "read_ci_file", "read_makefile",
           "safe_read", "test_evidence", "weak_test_evidence", "yaml_problem"]

MAX_MAKE_DEPTH = 3  # prerequisites of prerequisites... of a target a CI command makes
_MAKEFILES = ("Makefile", "makefile", "GNUmakefile")
# A rule: its targets, then one or two colons (not an assignment), then its prerequisites.
_MAKE_RULE = re.compile(r"^([^\s:=#][^:=#]*?)\s*::?(?!=)([^=;#]*)(?:;(.*))?$")
_MAKE_TARGET = re.compile(r"^[\w./%+-]+$")
_MAKE_VARIABLE = re.compile(r"\$[({]MAKE[)}]")
_MAKE_INCLUDE = re.compile(r"^-?(?:include|sinclude)\s+([^#]+)")
_DEFAULT_GOAL_SET = re.compile(r"^\.DEFAULT_GOAL\s*:?=\s*([\w./+-]+)\s*$")
MAX_YAML_CHARS = 1_000_000  # larger "CI files" are generated data, not configuration
MAX_TEXT_CHARS = 2_000_000  # text searches stop there, so a huge file cannot stall a scan
_LINE_WINDOW = 300  # how far below a scalar's start its command lines are looked for
_MAX_COMMANDS = 20_000  # per file; more is generated data and would only slow the scan
_WALK_BUDGET = 200_000  # mapping entries visited per document (alias bombs share nodes)

_COMMAND_KEYS = frozenset({
    "run", "script", "scripts", "before_script", "after_script", "before_install", "install",
    "command", "commands", "bash", "pwsh", "powershell", "cmd", "sh", "inlinescript", "args",
})
_REFERENCE_KEYS = frozenset({"uses", "orb", "orbs", "template", "extends", "plugins",
                             "image", "task", "include", "local", "trigger"})
_TEXT_KEY = re.compile(r"^\s*(?:-\s*)?([\w.-]+)\s*:(?:\s+|$)(.*)$")
_TAG_CONTEXT = re.compile(
    r"refs/tags|\b(?:CI_COMMIT_TAG|TRAVIS_TAG|CIRCLE_TAG|DRONE_TAG|BUILDKITE_TAG|"
    r"APPVEYOR_REPO_TAG|CIRRUS_TAG)\b|ref_type\s*==\s*'tag'|only:\s*\[?\s*tags\b|"
    r"only:\s*\n\s*-\s*tags\b|tags:\s*true\b")
_TEST_REFERENCE = re.compile(r"(?<![a-z])(?:tests?|testing|pytest|tox|nox|unit-?tests?)"
                             r"(?![a-z])", re.IGNORECASE)


class Located(str):
    """A YAML string that remembers the 1-based line where it starts."""

    line: int = 0


class _LineLoader(yaml.SafeLoader):  # type: ignore[misc]
    """PyYAML's safe loader, except that strings carry their line (nothing else changes)."""

    def construct_located(self, node: Any) -> Located:
        """Build a str with the node's line; the safe constructors handle every other tag."""
        value = Located(self.construct_scalar(node))
        value.line = node.start_mark.line + 1
        return value


_LineLoader.add_constructor("tag:yaml.org,2002:str", _LineLoader.construct_located)


@dataclass(frozen=True)
class Command:
    """One line of a command (or one action reference) in a CI file, where it is written."""

    path: str
    line: int
    text: str

    @property
    def where(self) -> str:
        """Return ``path:line``, the evidence format of the practices."""
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class CiFile:
    """What one CI file says, and the problem met reading it ('' if none)."""

    path: str
    system: str
    commands: tuple[Command, ...]
    uses: tuple[Command, ...]
    release_triggers: tuple[Command, ...]
    tag_context: bool
    problem: str = ""


def _in_folder(path: str, folder: str, *suffixes: str) -> bool:
    """Return True for a file directly inside ``folder`` whose name ends with a suffix."""
    return posixpath.dirname(path) == folder and path.lower().endswith(suffixes)


# A CI file renamed so that the CI system no longer reads it (Jenkinsfile.disable).
_SWITCHED_OFF = re.compile(r"\.(?:disabled?|off|bak|old|orig|unused|deprecated)$")


def _is_jenkinsfile(path: str) -> bool:
    """Return True for Jenkinsfile, Jenkinsfile.x or x.jenkinsfile outside test and sample data.

    Not one switched off by its name (``Jenkinsfile.disable``, ``Jenkinsfile.bak``).
    """
    parts = path.split("/")
    base = parts[-1].lower()
    named = base == "jenkinsfile" or base.startswith("jenkinsfile.") or base.endswith(
        ".jenkinsfile")
    return named and not _SWITCHED_OFF.search(base) and not is_sample(path)


_YAML = (".yml", ".yaml")
_SYSTEMS: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("github-actions", lambda p: _in_folder(p, ".github/workflows", *_YAML)),
    ("gitlab-ci", lambda p: p in (".gitlab-ci.yml", ".gitlab-ci.yaml")),
    ("circleci", lambda p: p in (".circleci/config.yml", ".circleci/config.yaml")),
    ("azure-pipelines", lambda p: p in ("azure-pipelines.yml", "azure-pipelines.yaml")
     or p.startswith((".azure-pipelines/", "azure-pipelines/")) and p.endswith(_YAML)),
    ("jenkins", _is_jenkinsfile),
    ("travis", lambda p: p in (".travis.yml", ".travis.yaml")),
    ("bitbucket", lambda p: p in ("bitbucket-pipelines.yml", "bitbucket-pipelines.yaml")),
    ("buildkite", lambda p: p.startswith(".buildkite/pipeline") and p.endswith(_YAML)
     or p in ("buildkite.yml", "buildkite.yaml")),
    ("drone", lambda p: p in (".drone.yml", ".drone.yaml", ".drone.jsonnet", ".drone.star")),
    ("woodpecker", lambda p: p in (".woodpecker.yml", ".woodpecker.yaml")
     or _in_folder(p, ".woodpecker", *_YAML)),
    ("appveyor", lambda p: p in ("appveyor.yml", ".appveyor.yml", "appveyor.yaml")),
    ("cirrus", lambda p: p in (".cirrus.yml", ".cirrus.yaml", ".cirrus.star")),
    ("sourcehut", lambda p: p in (".build.yml", ".build.yaml") or _in_folder(p, ".builds",
                                                                            *_YAML)),
    ("tekton", lambda p: _in_folder(p, ".tekton", *_YAML)),
    # Semaphore: the pipeline and its promotions, jobs' ``commands`` lists.
    ("semaphore", lambda p: _in_folder(p, ".semaphore", *_YAML)),
)


def ci_system(path: str) -> str:
    """Return the CI system a repository path configures, or '' if it is not a CI file."""
    for name, matches in _SYSTEMS:
        if matches(path):
            return name
    return ""


def safe_read(read_text: ReadText, path: str) -> str:
    """Return a file's text ('' when unreadable), cut at MAX_TEXT_CHARS; never raises."""
    try:
        text = read_text(path)
    except (OSError, ValueError, LookupError):  # a reader failing is an unreadable file
        return ""
    return text[:MAX_TEXT_CHARS] if isinstance(text, str) else ""


def load_yaml_documents(text: str) -> list[Any]:
    """Parse every YAML document of a text with the line-recording safe loader.

    Raises yaml.YAMLError, RecursionError or ValueError, which callers turn into problems.
    """
    return list(yaml.load_all(text, Loader=_LineLoader))


def yaml_problem(exc: BaseException, text: str, what: str) -> str:
    """Return the one-line problem for YAML that did not parse: line and reason."""
    mark = getattr(exc, "problem_mark", None)
    where = f" (line {mark.line + 1})" if mark is not None else ""
    templated = " (templated with {{ }} or {% %})" if ("{{" in text or "{%" in text) else ""
    reason = str(getattr(exc, "problem", None) or type(exc).__name__).strip()
    return f"{what} is not valid YAML{where}: {reason}{templated}; read as text"


def _entries(node: Any) -> Iterator[tuple[Any, Any]]:
    """Yield every (key, value) of every mapping in a parsed document.

    Shared nodes (YAML aliases) are visited once and the walk stops after _WALK_BUDGET
    entries, so an alias bomb costs no more than a large file.
    """
    seen: set[int] = set()
    queue: list[Any] = [node]
    budget = _WALK_BUDGET
    while queue and budget > 0:
        current = queue.pop()
        if not isinstance(current, (dict, list)) or id(current) in seen:
            continue
        seen.add(id(current))
        pairs = current.items() if isinstance(current, dict) else ((None, v) for v in current)
        for key, value in pairs:
            budget -= 1
            if key is not None:
                yield key, value
            queue.append(value)


def _strings(value: Any, depth: int = 0) -> Iterator[str]:
    """Yield the strings of a command value: a string, or lists of them (nested a little)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list) and depth < 4:
        for item in value[:1000]:
            yield from _strings(item, depth + 1)


def _located_lines(value: str, path: str, source_lines: Sequence[str]) -> Iterator[Command]:
    """Split a command value into lines, each with the line where it appears in the file.

    The value's own line is where its scalar starts; for block scalars (``run: |``) the
    following source lines are searched for each command's first physical line, in order.
    """
    cursor = max(getattr(value, "line", 1) - 1, 0)
    for head, command in _joined_lines(value):
        found = _find_line(source_lines, head, cursor)
        if found >= 0:
            cursor = found
        yield Command(path, (found if found >= 0 else cursor) + 1, command)


def _joined_lines(value: str) -> Iterator[tuple[str, str]]:
    """Yield (first physical line, whole command) with backslash continuations joined."""
    head = pending = ""
    for raw in value.splitlines():
        line = raw.strip()
        head = head or line.removesuffix("\\").strip()
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        if (pending + line).strip():
            yield head, " ".join((pending + line).split())
        head = pending = ""
    if pending.strip():
        yield head, " ".join(pending.split())


def _find_line(source_lines: Sequence[str], piece: str, start: int) -> int:
    """Return the 0-based index of the first line from ``start`` that holds ``piece``.

    Only the first 60 characters are compared: a quoted scalar's escapes can differ later.
    """
    needle = piece[:60]
    for index in range(start, min(len(source_lines), start + _LINE_WINDOW)):
        if needle in source_lines[index]:
            return index
    return -1


def _named(values: Iterable[Any], name: str, path: str, text: str) -> list[Command]:
    """Return a Command ``text`` for each value equal to ``name``, at the value's line."""
    return [Command(path, getattr(v, "line", 1), text) for v in values if v == name]


def _release_triggers(document: Any, path: str) -> list[Command]:
    """Return a GitHub workflow's ``on: release`` and tag-push triggers, with their lines.

    PyYAML reads the key ``on`` as the boolean True (YAML 1.1), so both keys are looked up.
    """
    trigger = document.get("on", document.get(True)) if isinstance(document, dict) else None
    if isinstance(trigger, (str, list)):
        return _named(_strings(trigger), "release", path, "on: release")
    if not isinstance(trigger, dict):
        return []
    push = trigger.get("push")
    return _named(trigger, "release", path, "on: release") + _named(
        push if isinstance(push, dict) else (), "tags", path, "on: push: tags")


def _publishing_entry(key: Any, value: Any, path: str) -> list[Command]:
    """Return a GitLab ``release:`` job keyword or a Travis deploy ``provider``, if this is one."""
    name = str(key).lower()
    if name == "release" and isinstance(value, dict) and "tag_name" in value:
        return [Command(path, getattr(key, "line", 1), "release: tag_name")]
    if name == "provider" and value in ("pypi", "releases", "npm", "script"):
        return [Command(path, getattr(value, "line", 1), f"deploy provider {value}")]
    return []


def _is_command_key(name: str) -> bool:
    """Return True for a key whose value is shell commands in some CI system."""
    return name in _COMMAND_KEYS or name.endswith("_script")


# Keys whose mapping sets variables for the commands: GitHub Actions' and Drone's env,
# GitLab's variables, CircleCI's environment.
_VARIABLE_KEYS = frozenset({"env", "variables", "environment"})
# A variable read in a command: ${{ env.CARGO }} (GitHub Actions), ${CARGO} or $CARGO.
_VARIABLE_USE = re.compile(r"\$\{\{\s*env\.([A-Za-z_]\w*)\s*\}\}|\$\{([A-Za-z_]\w*)\}|"
                           r"\$([A-Za-z_]\w*)")
_MAX_VARIABLES = 200


def _expanded(command: Command, variables: dict[str, str]) -> Command:
    """Return the command with the variables its file sets written out.

    ``${{ env.CARGO }} test`` is ``cargo test`` when the file sets ``CARGO: cargo``; a
    variable the file does not set stays as written.
    """
    if "$" not in command.text or not variables:
        return command

    def value(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(2) or match.group(3)
        return variables.get(name, match.group())

    return Command(command.path, command.line, _VARIABLE_USE.sub(value, command.text))


class _Found:
    """Commands, action references and release triggers collected from one CI file."""

    def __init__(self, path: str, system: str, text: str) -> None:
        """Start empty for the file ``path`` of ``system`` whose text is ``text``."""
        self.path, self.system, self.text = path, system, text
        self.commands: list[Command] = []
        self.uses: list[Command] = []
        self.triggers: list[Command] = []
        # Variables the file sets to a plain value (the first setting of a name wins).
        self.variables: dict[str, str] = {}

    def _take_variables(self, value: Any) -> None:
        if not isinstance(value, dict):
            return
        for name, setting in value.items():
            if (isinstance(name, str) and isinstance(setting, (str, int, float))
                    and len(self.variables) < _MAX_VARIABLES and "$" not in str(setting)):
                self.variables.setdefault(name, str(setting)[:200])

    def add_entry(self, key: Any, value: Any, lines: Sequence[str]) -> None:
        """Take one parsed ``key: value`` entry."""
        name = str(key).lower()
        if name in _VARIABLE_KEYS:
            self._take_variables(value)
        if _is_command_key(name) and len(self.commands) < _MAX_COMMANDS:
            for command in _strings(value):
                self.commands.extend(_located_lines(command, self.path, lines))
        elif name in _REFERENCE_KEYS:
            self.uses.extend(Command(self.path, getattr(s, "line", 1), s.strip())
                             for s in _strings(value))
        self.triggers.extend(_publishing_entry(key, value, self.path))

    def add_line(self, number: int, raw: str) -> None:
        """Take one source line of a file read as text."""
        match = _TEXT_KEY.match(raw)
        if not match:  # a block-scalar or Groovy line: a command as it is
            piece = raw.strip().removeprefix("- ").strip()
            self.commands.extend([Command(self.path, number, piece)] if piece else [])
            return
        key, value = match.group(1).lower(), match.group(2).strip()
        if _is_command_key(key) and value:
            self.commands.append(Command(self.path, number, value))
        elif key in _REFERENCE_KEYS:
            self.uses.append(Command(self.path, number, value))
        elif self.system == "github-actions" and (key in ("release", "tags") or (
                key == "on" and "release" in value)):
            self.triggers.append(Command(self.path, number, raw.strip()))

    def file(self, problem: str = "") -> CiFile:
        """Return the CiFile; it runs on tags when it has a trigger or mentions tag refs."""
        on_tags = bool(self.triggers) or _TAG_CONTEXT.search(self.text) is not None
        commands = tuple(_expanded(c, self.variables) for c in self.commands)
        return CiFile(self.path, self.system, commands, tuple(self.uses),
                      tuple(self.triggers), on_tags, problem)


def _from_yaml(path: str, system: str, text: str) -> CiFile:
    """Read a CI file that parses as YAML: commands, action references, release triggers."""
    lines = text.splitlines()
    found = _Found(path, system, text)
    for document in load_yaml_documents(text):
        for key, value in _entries(document):
            found.add_entry(key, value, lines)
        if system == "github-actions":
            found.triggers.extend(_release_triggers(document, path))
    return found.file()


def _from_lines(path: str, system: str, text: str, problem: str) -> CiFile:
    """Read a CI file line by line (Jenkinsfile, or YAML that did not parse).

    A line ``key: value`` counts as a command when the key holds commands; a line without a
    key (a block-scalar or Groovy line) counts as it is. Keys such as ``name:`` are skipped.
    """
    found = _Found(path, system, text)
    for number, raw in enumerate(text.splitlines(), start=1):
        found.add_line(number, raw)
    return found.file(problem)


# CI files read in this process, by (path, system, content digest): the scans of a backfill
# or a diff read mostly the same CI files, and parsing YAML is most of their cost.
_READ: BoundedMemo[tuple[str, str, bytes], CiFile] = BoundedMemo(limit=4096)


def read_ci_file(path: str, system: str, text: str) -> CiFile:
    """Return what one CI file says; a file that does not parse is read as text. Never raises.

    The answer depends only on the arguments and is immutable, so it is remembered.
    """
    key = (path, system, hashlib.blake2b(text.encode("utf-8", "surrogatepass"),
                                         digest_size=16).digest())
    known = _READ.get(key)
    if known is None:
        known = _read_ci_file(path, system, text)
        _READ.put(key, known)
    return known


def _read_ci_file(path: str, system: str, text: str) -> CiFile:
    if not path.lower().endswith(_YAML):
        return _from_lines(path, system, text, "")
    if len(text) > MAX_YAML_CHARS:
        return _from_lines(path, system, text, "CI file is over 1 MB; read as text")
    try:
        return _from_yaml(path, system, text)
    except (yaml.YAMLError, RecursionError, ValueError, TypeError, AttributeError) as exc:
        # TypeError/AttributeError: odd documents (unhashable keys) in the safe constructors
        return _from_lines(path, system, text, yaml_problem(exc, text, "CI file"))


def _gitlab_includes(target: str, paths: Sequence[str]) -> list[str]:
    """Return the files a GitLab local ``include`` names (it may be a glob)."""
    if not target.lower().endswith(_YAML):
        return []
    if "*" not in target:
        return [target] if target in paths else []
    return [p for p in paths if fnmatch.fnmatchcase(p, target)]


def _local_action(target: str, paths: Sequence[str]) -> list[str]:
    """Return the action.yml of a GitHub ``uses: ./folder`` composite action, if listed."""
    folder = target.split("@", 1)[0].rstrip("/")
    return [p for p in (f"{folder}/action.yml", f"{folder}/action.yaml") if p in paths]


def _referenced_files(ci: CiFile, paths: Sequence[str]) -> list[str]:
    """Return the repository files a CI file pulls in: GitLab local includes, local actions."""
    found: list[str] = []
    for reference in ci.uses:
        target = reference.text.strip().removeprefix("./").lstrip("/")
        if ci.system == "gitlab-ci":
            found.extend(_gitlab_includes(target, paths))
        elif ci.system == "github-actions" and reference.text.startswith("./"):
            found.extend(_local_action(target, paths))
    return found


def find_ci_files(paths: Sequence[str], read_text: ReadText) -> list[CiFile]:
    """Read every CI file of a repository, and the local files they include (transitively)."""
    ordered = sorted(set(paths))
    queue = [(p, ci_system(p)) for p in ordered]
    queue = [(p, system) for p, system in queue if system]
    done: set[str] = set()
    files: list[CiFile] = []
    while queue and len(done) < 1000:  # a bound, in case includes form a very large graph
        path, system = queue.pop(0)
        if path in done:
            continue
        done.add(path)
        ci = read_ci_file(path, system, safe_read(read_text, path))
        files.append(ci)
        queue.extend((p, system) for p in _referenced_files(ci, ordered) if p not in done)
    return files


def _script_runs_tests(path: str, read_text: ReadText) -> bool:
    """Return True when a repository script runs tests (read one level deep, not further)."""
    text = safe_read(read_text, path)
    if path.endswith(".py"):
        return python_script_runs_tests(text)
    return any(command_runs_tests(line) for _, line in _joined_lines(text))


@dataclass(frozen=True)
class MakeRule:
    """One target of a Makefile: what it depends on and its recipe's command lines."""

    prerequisites: tuple[str, ...]
    recipe: tuple[str, ...]


def read_makefile(text: str) -> dict[str, MakeRule]:
    """Return the rules of a Makefile by target (recipes joined across continued lines).

    The default goal (what a bare ``make`` makes: ``.DEFAULT_GOAL``, else the first target
    that is neither special nor a pattern) is the one prerequisite of :data:`DEFAULT_GOAL`.
    """
    prerequisites: dict[str, list[str]] = {}
    recipes: dict[str, list[str]] = {}
    current: list[str] = []
    goal = ""
    for line in _makefile_lines(text[:MAX_TEXT_CHARS]):
        if line.startswith("\t"):
            for target in current:
                recipes[target].append(line.strip())
            continue
        chosen = _DEFAULT_GOAL_SET.match(line)
        if chosen:
            goal = chosen.group(1)
            continue
        match = _MAKE_RULE.match(line)
        names = match.group(1).split() if match else []
        if match is None or not names or not all(_MAKE_TARGET.match(n) for n in names):
            current = [] if line.strip() and not line.startswith(" ") else current
            continue  # a variable, a conditional or a function call such as $(warning ...)
        current = [t for t in names if not t.startswith(".")]
        goal = goal or next((t for t in current if "%" not in t), "")
        inline = (match.group(3) or "").strip()
        for target in current:
            prerequisites.setdefault(target, []).extend(match.group(2).split())
            recipes.setdefault(target, []).extend([inline] if inline else [])
    rules = {target: MakeRule(tuple(prerequisites[target]), tuple(recipes[target]))
             for target in prerequisites}
    if goal:
        rules[DEFAULT_GOAL] = MakeRule((goal,), ())
    return rules


def _expand_includes(text: str, listed: frozenset[str], read_text: ReadText,
                     depth: int = 0) -> str:
    """Return a Makefile's text with the repository files it ``include``s put in place.

    Includes are read where make reads them (the order decides the default goal), only
    literal repository paths (no ``$(VARIABLE)``), ``MAX_MAKE_DEPTH`` levels deep.
    """
    if depth >= MAX_MAKE_DEPTH or "include" not in text:
        return text
    lines: list[str] = []
    for line in text[:MAX_TEXT_CHARS].splitlines():
        match = _MAKE_INCLUDE.match(line)
        if match is None:
            lines.append(line)
            continue
        for name in match.group(1).split()[:8]:
            path = posixpath.normpath(name)
            if "$" not in name and path in listed:
                lines.append(_expand_includes(safe_read(read_text, path), listed, read_text,
                                              depth + 1))
    return "\n".join(lines)


def _rule_for(name: str, rules: dict[str, MakeRule]) -> MakeRule | None:
    """Return the rule that makes ``name``: its own, else a pattern rule's (``%: common-%``)."""
    rule = rules.get(name)
    if rule is not None or name == DEFAULT_GOAL:
        return rule
    for target, pattern_rule in rules.items():
        if target.count("%") != 1:
            continue
        prefix, suffix = target.split("%")
        if name.startswith(prefix) and name.endswith(suffix) and \
                len(name) > len(prefix) + len(suffix):
            stem = name[len(prefix):len(name) - len(suffix)]
            return MakeRule(tuple(p.replace("%", stem) for p in pattern_rule.prerequisites),
                            pattern_rule.recipe)
    return None


def _makefile_lines(text: str) -> Iterator[str]:
    """Yield a Makefile's logical lines: continuations joined, leading tab of a recipe kept."""
    pending = ""
    for raw in text.splitlines():
        if raw.endswith("\\"):
            pending += raw[:-1] + " "
            continue
        yield pending + raw
        pending = ""
    if pending:
        yield pending


def _target_runs_tests(target: str, rules: dict[str, MakeRule]) -> bool:
    """Return True when making a target runs tests: its recipe or a prerequisite's does.

    Prerequisites and the targets a recipe makes again (``$(MAKE) unit``) are followed
    ``MAX_MAKE_DEPTH`` levels deep, each target once, so a generated Makefile of thousands
    of rules costs one pass over them at most.
    """
    seen = {target}
    level = [target]
    for _ in range(MAX_MAKE_DEPTH + 1):
        following: list[str] = []
        for name in level:
            rule = _rule_for(name, rules)
            if rule is None:
                continue
            recipe = [_MAKE_VARIABLE.sub("make", line.lstrip("@-+")) for line in rule.recipe]
            if any(command_runs_tests(line) for line in recipe):
                return True
            made = {*rule.prerequisites, *(t for line in recipe for t in make_targets(line))}
            new = sorted(made - seen)
            if any(is_test_target(m) for m in new):
                return True
            following.extend(new)
            seen.update(new)
        level = following
    return False


def _root_makefile(paths: frozenset[str], read_text: ReadText) -> dict[str, MakeRule]:
    """Return the rules of the repository's root Makefile and what it includes, {} without."""
    name = next((m for m in _MAKEFILES if m in paths), "")
    if not name:
        return {}
    return read_makefile(_expand_includes(safe_read(read_text, name), paths, read_text))


def test_evidence(files: Iterable[CiFile], paths: Sequence[str],
                  read_text: ReadText) -> list[Command]:
    """Return the CI commands that run tests, directly or through a script or Makefile.

    A repository script is read one level deep; a target of the root Makefile through its
    recipe and prerequisites (``MAX_MAKE_DEPTH`` levels).
    """
    listed = frozenset(paths)
    scripts: dict[str, bool] = {}
    makefile: dict[str, MakeRule] | None = None
    found: list[Command] = []
    for ci in files:
        for command in ci.commands:
            if command_runs_tests(command.text):
                found.append(command)
                continue
            script = "" if len(scripts) > 50 else executed_file(command.text, listed)
            if script and script not in scripts:
                scripts[script] = _script_runs_tests(script, read_text)
            if script and scripts[script]:
                found.append(command)
                continue
            targets = make_targets(command.text)
            if targets and makefile is None:
                makefile = _root_makefile(listed, read_text)
            if any(_target_runs_tests(t, makefile or {}) for t in targets):
                found.append(command)
    return found


def weak_test_evidence(files: Iterable[CiFile]) -> list[Command]:
    """Return GitHub ``uses:`` of actions or reusable workflows whose name says test."""
    return [u for ci in files if ci.system == "github-actions" for u in ci.uses
            if _TEST_REFERENCE.search(u.text)]


def publish_evidence(files: Iterable[CiFile]) -> list[Command]:
    """Return release triggers and publishing commands or actions of the CI files."""
    found: list[Command] = []
    for ci in files:
        found.extend(ci.release_triggers)
        found.extend(c for c in (*ci.commands, *ci.uses) if publishes(c.text, ci.tag_context))
    return found
