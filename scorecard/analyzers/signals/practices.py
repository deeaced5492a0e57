"""Automation practices, local environments and dashboards, from paths and file texts.

Everything here reads the repository as data (paths and decoded texts through ``ReadText``)
and never raises: a file that does not parse is a problem and the detection falls back to
what its name and text show.
"""

from __future__ import annotations

import configparser
import json
import posixpath
import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from scorecard.analyzers.signals.ci_config import (
    CiFile,
    ci_system,
    publishes,
    read_ci_file,
    runs_tests,
)

__all__ = [
    "PRACTICES",
    "AutomationFacts",
    "Dashboards",
    "Environments",
    "Practice",
    "ReadText",
    "detect_automation",
    "detect_dashboards",
    "detect_environments",
]

ReadText = Callable[[str], str | None]
PRACTICES = ("ci", "ci_runs_tests", "task_runner", "locked_dependencies",
             "container_build", "lint_config", "precommit", "release_automation")
MAX_EVIDENCE = 5
MAX_DASHBOARD_BYTES = 2_000_000

_TASK_FILES = frozenset({"makefile", "gnumakefile", "justfile", ".justfile", "noxfile.py",
                         "tox.ini", "taskfile.yml", "taskfile.yaml", "tasks.py", "dodo.py"})
_TASK_TABLES = ("tool.poe.tasks", "tool.hatch.envs", "tool.pdm.scripts", "tool.taskipy.tasks",
                "tool.rye.scripts", "tool.tox", "tool.invoke")
_LOCK_FILES = frozenset({"poetry.lock", "uv.lock", "pipfile.lock", "pdm.lock",
                         "conda-lock.yml", "package-lock.json", "yarn.lock",
                         "pnpm-lock.yaml", "requirements.lock", "requirements-dev.lock"})
_REQUIREMENTS = re.compile(r"^(requirements|constraints)[\w.-]*\.(txt|in)$", re.IGNORECASE)
_PINNED = re.compile(r"^[A-Za-z0-9][\w.\[\],-]*\s*===?\s*[\w.*+!-]+")
_CONTAINER = re.compile(r"^(dockerfile([.-][\w.-]+)?|containerfile|[\w.-]+\.dockerfile)$",
                        re.IGNORECASE)
_COMPOSE = re.compile(r"^(docker-)?compose([.-][\w.-]+)?\.ya?ml$", re.IGNORECASE)
_LINT_FILES = frozenset({"ruff.toml", ".ruff.toml", ".flake8", ".pylintrc", "pylintrc",
                         "mypy.ini", ".mypy.ini", ".isort.cfg", "pyrightconfig.json",
                         ".pyre_configuration", "setup.cfg", "tox.ini"})
_LINT_TABLES = ("tool.ruff", "tool.pylint", "tool.mypy", "tool.black", "tool.isort",
                "tool.pyright", "tool.flake8", "tool.pyre")
_LINT_SECTIONS = ("flake8", "mypy", "pylint", "isort", "pycodestyle", "pydocstyle")
_RELEASE_FILES = re.compile(r"^(\.releaserc(\.\w+)?|release-please-config\.json|"
                            r"\.release-please-manifest\.json|\.goreleaser\.ya?ml|"
                            r"\.bumpversion\.cfg|\.changeset)$")
_ENV_SAMPLES = re.compile(r"^(\.env|[\w.-]+\.env|env)\.(example|sample|template|dist|defaults?)"
                          r"$|^example\.env$|^[\w.-]+\.conf\.example$", re.IGNORECASE)
_SANDBOX_FILES = frozenset({"vagrantfile", "tiltfile", "skaffold.yaml", "skaffold.yml",
                            "devbox.json", "kind-config.yaml"})


@dataclass(frozen=True)
class Practice:
    """One automation practice: present or not, with evidence and a sentence."""

    name: str
    present: bool
    evidence: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class AutomationFacts:
    """Every practice of PRACTICES in order, problems met on the way, and the CI systems."""

    practices: tuple[Practice, ...]
    problems: tuple[tuple[str, str], ...]
    ci_systems: tuple[str, ...]


@dataclass(frozen=True)
class Environments:
    """A safe place to experiment: compose files, devcontainers, examples, env samples."""

    present: bool
    evidence: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class Dashboards:
    """Dashboards kept in the repository (Grafana, jsonnet mixins, Datadog)."""

    present: bool
    evidence: tuple[str, ...]
    note: str


def _practice(name: str, evidence: Sequence[str], yes: str, no: str) -> Practice:
    shown = tuple(sorted(dict.fromkeys(evidence)))[:MAX_EVIDENCE]
    return Practice(name, bool(shown), shown, yes if shown else no)


def _base(path: str) -> str:
    return posixpath.basename(path).lower()


def _table(data: dict[str, Any], dotted: str) -> bool:
    """Return True when the dotted TOML table exists (``tool.hatch.envs``)."""
    node: Any = data
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return True


class _Repo:
    """The listing and a caching reader, with the problems found while reading."""

    def __init__(self, paths: Sequence[str], read_text: ReadText) -> None:
        self.paths = list(paths)
        self.read_text = read_text
        self.problems: list[tuple[str, str]] = []
        self._pyproject: dict[str, Any] | None = None

    def read(self, path: str) -> str:
        """Return a file's text, '' when it cannot be read."""
        try:
            return self.read_text(path) or ""
        except (OSError, ValueError):
            return ""

    def pyproject(self) -> dict[str, Any]:
        """Return the root pyproject.toml as data ({} if absent or invalid, with a problem)."""
        if self._pyproject is None:
            self._pyproject = {}
            if "pyproject.toml" in self.paths:
                try:
                    self._pyproject = tomllib.loads(self.read("pyproject.toml"))
                except tomllib.TOMLDecodeError as exc:
                    self.problems.append(("pyproject.toml", f"invalid TOML ({exc})"[:200]))
        return self._pyproject

    def ini_sections(self, path: str) -> set[str]:
        """Return the section names of an ini file at the root (empty if unreadable)."""
        if path not in self.paths:
            return set()
        parser = configparser.ConfigParser(interpolation=None, strict=False)
        try:
            parser.read_string(self.read(path))
        except configparser.Error:
            return set()
        return set(parser.sections())


def _ci_files(repo: _Repo) -> list[CiFile]:
    files: list[CiFile] = []
    for path in repo.paths:
        system = ci_system(path)
        if system:
            ci = read_ci_file(path, system, repo.read(path))
            if ci.problem:
                repo.problems.append((path, ci.problem))
            files.append(ci)
    return files


def _task_runner(repo: _Repo) -> Practice:
    evidence = [p for p in repo.paths if "/" not in p and _base(p) in _TASK_FILES]
    data = repo.pyproject()
    evidence += [f"pyproject.toml [{t}]" for t in _TASK_TABLES if _table(data, t)]
    if "tox:tox" in repo.ini_sections("setup.cfg"):
        evidence.append("setup.cfg [tox:tox]")
    if "package.json" in repo.paths and '"scripts"' in repo.read("package.json"):
        evidence.append("package.json scripts")
    return _practice("task_runner", evidence, "task runner", "no task runner (Makefile, tox, "
                     "nox, just, scripts in pyproject)")


def _pinned_file(text: str) -> bool:
    """Return True when every requirement line of a requirements file is pinned."""
    requirements = [line.split("#", 1)[0].strip() for line in text.splitlines()]
    requirements = [r for r in requirements if r and not r.startswith(("-", "--"))]
    return bool(requirements) and all(_PINNED.match(r) for r in requirements)


def _locked(repo: _Repo) -> Practice:
    evidence = [p for p in repo.paths if _base(p) in _LOCK_FILES or _base(p).startswith(
        "pylock") and p.endswith(".toml")]
    requirement_files = [p for p in repo.paths if _REQUIREMENTS.match(_base(p))
                         and p.count("/") <= 1]
    pinned = [p for p in requirement_files if _pinned_file(repo.read(p))]
    evidence += pinned
    note = (f"{len(pinned)} of {len(requirement_files)} requirement files fully pinned"
            if requirement_files else "")
    practice = _practice("locked_dependencies", evidence, "locked dependencies",
                         "no lock file or fully pinned requirements")
    if note:
        practice = Practice(practice.name, practice.present, practice.evidence,
                            f"{practice.note} ({note})")
    return practice


def _container(repo: _Repo) -> Practice:
    evidence = [p for p in repo.paths if _CONTAINER.match(_base(p))]
    evidence += [p for p in repo.paths if _COMPOSE.match(_base(p))
                 and re.search(r"^\s+build\s*:", repo.read(p), re.MULTILINE)]
    return _practice("container_build", evidence, "container build",
                     "no container build (Dockerfile, Containerfile)")


def _lint(repo: _Repo) -> Practice:
    evidence = [p for p in repo.paths if "/" not in p and _base(p) in _LINT_FILES
                and _base(p) not in ("setup.cfg", "tox.ini")]
    data = repo.pyproject()
    evidence += [f"pyproject.toml [{t}]" for t in _LINT_TABLES if _table(data, t)]
    for ini in ("setup.cfg", "tox.ini"):
        sections = repo.ini_sections(ini)
        evidence += [f"{ini} [{s}]" for s in _LINT_SECTIONS if s in sections]
    return _practice("lint_config", evidence, "lint or type-check configuration",
                     "no linter or type-checker configuration (ruff, flake8, pylint, mypy)")


def _precommit(repo: _Repo) -> Practice:
    evidence: list[str] = []
    for path in (".pre-commit-config.yaml", ".pre-commit-config.yml"):
        if path in repo.paths and re.search(r"^\s*-?\s*(repo|id)\s*:", repo.read(path),
                                            re.MULTILINE):
            evidence.append(path)
    evidence += [p for p in repo.paths if p in ("lefthook.yml", "lefthook.yaml")
                 or p.startswith(".husky/")]
    return _practice("precommit", evidence, "pre-commit hooks",
                     "no pre-commit hooks (.pre-commit-config.yaml)")


def _release(repo: _Repo, ci: Sequence[CiFile]) -> Practice:
    evidence = publishes(ci)
    evidence += [p for p in repo.paths if "/" not in p and _RELEASE_FILES.match(p)]
    if _table(repo.pyproject(), "tool.semantic_release"):
        evidence.append("pyproject.toml [tool.semantic_release]")
    return _practice("release_automation", evidence, "release automation",
                     "no release automation (a workflow that publishes on tags or releases)")


def detect_automation(paths: Sequence[str], read_text: ReadText) -> AutomationFacts:
    """Return every automation practice of PRACTICES, in that order."""
    repo = _Repo(paths, read_text)
    ci = _ci_files(repo)
    systems = tuple(sorted({c.system for c in ci}))
    tests = runs_tests(ci, repo.read)
    if not tests:  # weak evidence: a reusable workflow or orb whose name says test
        tests = [f"{c.path}:{u.line}" for c in ci for u in c.uses
                 if re.search(r"\btests?\b", u.text, re.IGNORECASE)]
    practices = (
        _practice("ci", [c.path for c in ci], "CI configured", "no CI configuration"),
        _practice("ci_runs_tests", tests, "CI runs the tests", "no CI job runs the tests"),
        _task_runner(repo), _locked(repo), _container(repo), _lint(repo), _precommit(repo),
        _release(repo, ci),
    )
    return AutomationFacts(practices, tuple(repo.problems), systems)


def _is_sandbox(path: str) -> bool:
    parts = path.lower().split("/")
    base = parts[-1]
    return (_COMPOSE.match(base) is not None or _ENV_SAMPLES.match(base) is not None
            or base in _SANDBOX_FILES or parts[0] == ".devcontainer"
            or (len(parts) > 1 and parts[0] in ("examples", "example", "sandbox", "playground"))
            or any(p == "fixtures" for p in parts[:-1])
            or (len(parts) > 2 and parts[-3] == "overlays"
                and parts[-2] in ("dev", "local", "staging", "development")))


def detect_environments(paths: Sequence[str], read_text: ReadText) -> Environments:
    """Return where a newcomer or operator can try things safely."""
    found = sorted(p for p in paths if _is_sandbox(p))
    folders = sorted({f"{p.split('/')[0]}/" if p.lower().startswith(
        ("examples/", "example/", ".devcontainer/", "sandbox/", "playground/")) else p
        for p in found})
    evidence = tuple(folders[:MAX_EVIDENCE])
    if evidence:
        return Environments(True, evidence, "a local or example environment")
    return Environments(False, (), "no compose file, devcontainer, examples or env sample")


def _dashboard_candidate(path: str) -> bool:
    lower = path.lower()
    return (lower.endswith((".json", ".jsonnet", ".libsonnet", ".yaml", ".yml"))
            and any(word in lower for word in ("dashboard", "grafana", "mixin")))


def _is_dashboard(path: str, text: str) -> bool:
    if path.endswith((".jsonnet", ".libsonnet")):
        return "grafonnet" in text or "panels" in text or "dashboard" in text.lower()
    if path.endswith((".yaml", ".yml")):
        return re.search(r"^kind:\s*GrafanaDashboard\b", text, re.MULTILINE) is not None
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return False
    if isinstance(data, dict) and isinstance(data.get("dashboard"), dict):
        data = data["dashboard"]
    return isinstance(data, dict) and ("panels" in data or "rows" in data or (
        "widgets" in data and "layout_type" in data))


def detect_dashboards(paths: Sequence[str], read_text: ReadText) -> Dashboards:
    """Return the dashboards kept in the repository."""
    found: list[str] = []
    for path in paths:
        if not _dashboard_candidate(path):
            continue
        try:
            text = read_text(path) or ""
        except (OSError, ValueError):
            continue
        if len(text) <= MAX_DASHBOARD_BYTES and _is_dashboard(path, text):
            found.append(path)
    if found:
        return Dashboards(True, tuple(sorted(found)[:MAX_EVIDENCE]),
                          f"{len(found)} dashboard files")
    return Dashboards(False, (), "no dashboards (Grafana JSON, jsonnet mixins, Datadog)")
