"""Read CI configuration: which systems, which commands, and whether they test or release.

CI files are YAML for most systems. They are parsed with PyYAML's safe loader and every
shell command is collected from the keys that hold commands (GitHub ``run``, GitLab and
Travis ``script``, CircleCI ``run``/``command``, Azure ``script``/``bash``, ...). A file that
is not valid YAML (Helm or Jinja templating, a syntax error) is listed as a problem and read
line by line instead, so its commands still count. Jenkinsfiles are read as text.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml  # type: ignore[import-untyped]

__all__ = ["CiCommand", "CiFile", "ci_system", "read_ci_file", "runs_tests", "publishes"]

ReadText = Callable[[str], str | None]
MAX_YAML_BYTES = 1_000_000  # larger "CI files" are data, not configuration
_COMMAND_KEYS = frozenset({"run", "script", "scripts", "before_script", "after_script",
                           "install", "command", "commands", "bash", "pwsh", "powershell",
                           "cmd", "inlineScript", "test_script", "build_script", "steps"})
# Commands that run a test suite.
_TEST_COMMAND = re.compile(
    r"(?<![\w-])(py\.?test|pytest|unittest|tox|nox|nosetests|trial|green|ward|"
    r"manage\.py\s+test|make\s+(?:[\w-]+\s+)*(?:test|tests|check|ci)\b|"
    r"(?:hatch|pdm|poetry|uv|pipenv|rye)\s+(?:run\s+)?(?:[\w.-]+\s+)*(?:pytest|test|tests)\b|"
    r"hatch\s+test|just\s+test|task\s+test|invoke\s+test|coverage\s+run)")
# Commands and actions that publish a release.
_PUBLISH = re.compile(
    r"(pypa/gh-action-pypi-publish|softprops/action-gh-release|release-please|"
    r"semantic-release|goreleaser|twine\s+upload|uv\s+publish|poetry\s+publish|"
    r"hatch\s+publish|flit\s+publish|pdm\s+publish|gh\s+release\s+create|"
    r"ncipollo/release-action|docker/build-push-action)")
# A shell script named in a command (``bash .ci/run``, ``./scripts/test.sh``): read one level.
_SCRIPT = re.compile(r"(?:^|\s)(?:bash|sh|\./)?\s*((?:\./)?[\w./-]+(?:\.sh|/run|/test|/ci))\b")

_SYSTEMS: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("github-actions", lambda p: p.startswith(".github/workflows/")
     and p.endswith((".yml", ".yaml"))),
    ("gitlab-ci", lambda p: p == ".gitlab-ci.yml" or (p.startswith(".gitlab/ci/")
                                                      and p.endswith((".yml", ".yaml")))),
    ("circleci", lambda p: p == ".circleci/config.yml"),
    ("azure-pipelines", lambda p: p in ("azure-pipelines.yml", "azure-pipelines.yaml")
     or (p.startswith(".azure-pipelines/") and p.endswith((".yml", ".yaml")))),
    ("jenkins", lambda p: posixpath.basename(p) == "Jenkinsfile"),
    ("travis", lambda p: p == ".travis.yml"),
    ("bitbucket", lambda p: p == "bitbucket-pipelines.yml"),
    ("buildkite", lambda p: p.startswith(".buildkite/") and p.endswith((".yml", ".yaml"))),
    ("drone", lambda p: p == ".drone.yml"),
    ("woodpecker", lambda p: p == ".woodpecker.yml" or (p.startswith(".woodpecker/")
                                                        and p.endswith((".yml", ".yaml")))),
    ("appveyor", lambda p: p in ("appveyor.yml", ".appveyor.yml")),
    ("cirrus", lambda p: p == ".cirrus.yml"),
)


@dataclass(frozen=True)
class CiCommand:
    """One command (or action reference) of a CI file, with its line."""

    text: str
    line: int


@dataclass(frozen=True)
class CiFile:
    """What a CI file says: its commands, its triggers, and a problem if it did not parse."""

    path: str
    system: str
    commands: tuple[CiCommand, ...]
    release_trigger: int = 0  # line of an `on: release` or tag-push trigger, 0 if none
    problem: str = ""
    uses: tuple[CiCommand, ...] = field(default_factory=tuple)


def ci_system(path: str) -> str:
    """Return the CI system a path configures, or '' if it is not a CI file."""
    for name, matches in _SYSTEMS:
        if matches(path):
            return name
    return ""


def _line_of(text: str, needle: str) -> int:
    """Return the 1-based line where ``needle`` (its first line) appears, else 1."""
    first = needle.strip().splitlines()[0] if needle.strip() else ""
    index = text.find(first) if first else -1
    return text.count("\n", 0, index) + 1 if index >= 0 else 1


def _strings(value: Any) -> Iterator[str]:
    """Yield the strings of a command value (a string, or a list of them, nested)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, (str, list)):
                yield from _strings(item)


def _walk(node: Any, depth: int = 0) -> Iterator[tuple[str, Any]]:
    """Yield (key, value) of every mapping entry in a parsed YAML document."""
    if depth > 60:  # CI files are shallow; deeper structures are not configuration
        return
    if isinstance(node, dict):
        for key, value in node.items():
            yield str(key), value
            yield from _walk(value, depth + 1)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item, depth + 1)


def _release_trigger(document: Any, text: str) -> int:
    """Return the line of a GitHub release or tag-push trigger (PyYAML reads `on` as True)."""
    if not isinstance(document, dict):
        return 0
    trigger = document.get("on", document.get(True))
    if isinstance(trigger, (str, list)):
        names = set(_strings(trigger))
        return _line_of(text, "release") if "release" in names else 0
    if not isinstance(trigger, dict):
        return 0
    if "release" in trigger:
        return _line_of(text, "release:")
    push = trigger.get("push")
    if isinstance(push, dict) and "tags" in push:
        return _line_of(text, "tags:")
    return 0


def _from_yaml(path: str, system: str, text: str) -> CiFile:
    document = yaml.safe_load(text)
    commands: list[CiCommand] = []
    uses: list[CiCommand] = []
    for key, value in _walk(document):
        if key in _COMMAND_KEYS:
            commands.extend(CiCommand(s, _line_of(text, s)) for s in _strings(value))
        elif key in ("uses", "orb", "image", "task", "template"):
            uses.extend(CiCommand(s, _line_of(text, s)) for s in _strings(value))
    return CiFile(path, system, tuple(commands), _release_trigger(document, text),
                  uses=tuple(uses))


def _from_lines(path: str, system: str, text: str, problem: str) -> CiFile:
    lines = [CiCommand(line.strip(), number)
             for number, line in enumerate(text.splitlines(), start=1) if line.strip()]
    trigger = next((c.line for c in lines if re.match(r"(release|tags)\s*:", c.text)), 0)
    return CiFile(path, system, tuple(lines), trigger, problem)


def read_ci_file(path: str, system: str, text: str) -> CiFile:
    """Return the commands of one CI file; never raises."""
    if system == "jenkins" or not path.endswith((".yml", ".yaml")):
        return _from_lines(path, system, text, "")
    if len(text) > MAX_YAML_BYTES:
        return _from_lines(path, system, text[:MAX_YAML_BYTES],
                           f"CI file over {MAX_YAML_BYTES} bytes; read as text")
    try:
        return _from_yaml(path, system, text)
    except (yaml.YAMLError, RecursionError, ValueError, TypeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        templated = " (templated)" if ("{{" in text or "{%" in text) else ""
        reason = str(getattr(exc, "problem", None) or type(exc).__name__)
        return _from_lines(path, system, text, f"CI file is not valid YAML{templated}"
                                               f"{where}: {reason}; read as text")


def runs_tests(files: Sequence[CiFile], read_text: ReadText) -> list[str]:
    """Return path:line of commands that run tests (following one level of scripts)."""
    found: list[str] = []
    for ci in files:
        for command in ci.commands:
            if _TEST_COMMAND.search(command.text) or _script_runs_tests(command.text,
                                                                         read_text):
                found.append(f"{ci.path}:{command.line}")
    return found


def _script_runs_tests(command: str, read_text: ReadText) -> bool:
    for match in _SCRIPT.finditer(command):
        script = match.group(1).removeprefix("./")
        text = read_text(script)
        if text and _TEST_COMMAND.search(text[:200_000]):
            return True
    return False


def publishes(files: Sequence[CiFile]) -> list[str]:
    """Return path:line of release triggers and publishing commands or actions."""
    found: list[str] = []
    for ci in files:
        if ci.release_trigger:
            found.append(f"{ci.path}:{ci.release_trigger}")
        found.extend(f"{ci.path}:{c.line}" for c in (*ci.commands, *ci.uses)
                     if _PUBLISH.search(c.text))
    return found
