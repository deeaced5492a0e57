"""Repository automation practices, from file paths and file texts only.

The scanned repository is data: its files are read through ``ReadText`` and never imported
or run. Nothing here raises: a file that does not parse becomes one of ``problems`` and the
detection falls back to what its name and text show. Evidence is ``path`` or ``path:line``,
at most five items, sorted by path and then by line number.

The rule of each practice (``PRACTICES``, in order):

ci
    A CI file of any supported system (see ``ci_files``); ``ci_systems`` names them.
ci_runs_tests
    A CI command runs a test runner, directly or through a repository script read one level
    deep (rules in ``ci_commands``); YAML that does not parse is searched line by line. Only
    if nothing runs tests, a GitHub ``uses:`` named for tests counts (weak evidence).
task_runner
    At the root: Makefile/GNUmakefile, a tox.ini with a ``[tox]``/``[testenv]`` section,
    noxfile.py, justfile, Taskfile.yml, an invoke tasks.py, dodo.py; pyproject tables
    ``[tool.poe.tasks]``, ``[tool.hatch.envs.<env>.scripts]``, ``[tool.pdm.scripts]``,
    ``[tool.taskipy.tasks]``, ``[tool.rye.scripts]``, ``[tool.tox]``; ``[tox:tox]`` in
    setup.cfg; a package.json with ``scripts``; a root ``script/`` or ``scripts/`` folder of
    everyday commands by their names (GitHub's "scripts to rule them all": bootstrap,
    test, lint, build, ...).
locked_dependencies
    A lock file of any package manager (``path_roles.LOCK_FILES``: poetry, uv, Pipenv, pdm,
    pixi, pylock*.toml, conda-lock, requirements*.lock, npm, yarn, pnpm, bun, deno, Cargo,
    Bundler, composer, Go's go.sum, Gradle's *.lockfile, NuGet, Paket, mix, rebar, pub,
    SwiftPM, CocoaPods, Carthage, Nix flakes, renv, Stack, Cabal, Crystal, Conan, Bazel,
    Helm, Terraform, jsonnet-bundler), a pom.xml whose dependencies carry no version
    range and no LATEST/RELEASE (Maven has no lock file: exact versions fix the build), or a
    requirements*/constraints*.txt file
    (or a .txt under a requirements/ folder) whose every requirement line is pinned with
    ``==``/``===`` or carries ``--hash``. Comments, options, ``-r``/``-c``/``-e`` and local
    paths are not requirement lines; files without any are not counted.
container_build
    Dockerfile, Dockerfile.*, *.dockerfile, Containerfile, a compose file with ``build:``,
    a Cloud Native Buildpacks project.toml, an Earthfile, a flake.nix using dockerTools.
lint_config
    Configuration of a linter, type checker or formatter: ruff, flake8, pylint, mypy, black,
    isort, pyright, pyre (files, pyproject tables, setup.cfg/tox.ini sections), eslint,
    prettier, biome, golangci-lint, staticcheck, revive, checkstyle, detekt, rustfmt, clippy;
    the linters of operations content: yamllint, chart-testing (a ct.yaml that sets its
    keys), tflint, hadolint, shellcheck, markdownlint; a Spotless, Checkstyle, PMD,
    SpotBugs, ktlint, detekt or Error Prone plugin in the root pom.xml or
    build.gradle(.kts); pint's and vale's configuration (Prometheus rules, runbook prose); the
    ``eslintConfig``/``prettier``/``stylelint`` keys of the root package.json; or a linter
    or formatter that a CI job, a root task file (Makefile, justfile, noxfile) or a
    package.json script runs, since many need no configuration: ``cargo clippy``,
    ``cargo fmt``, ``go vet``, ``gofmt``, ``ruff``, ``eslint``, ``shellcheck``, ``helm lint``,
    ``promtool check``, ``jsonnet-lint``, ``kubeconform``, ``deno lint``, ...
    ``.editorconfig`` does not count.
precommit
    A .pre-commit-config.yaml/.yml with at least one repository or hook, lefthook, husky
    (in .husky/, or in the folder a package.json script installs it in).
release_automation
    A GitHub workflow on ``release`` or on tag pushes; a CI command or action that publishes
    (see ``ci_commands``); a GitLab ``release:`` job or Travis deploy provider; release
    tool configuration (.releaserc*, release.config.*, release-please-config.json,
    .goreleaser.yml, .changeset/config.json, ``[tool.semantic_release]``); a package.json
    script that releases (np, release-it, semantic-release, changeset publish, npm publish).

Files under test, fixture, example, vendored or virtual-environment folders are sample data
and count for no practice except CI (CI files live at fixed places).
"""

from __future__ import annotations

import posixpath
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import yaml  # type: ignore[import-untyped]

from scorecard.analyzers.path_roles import is_lock_file, is_sample
from scorecard.analyzers.signals.ci_files import (
    CiFile,
    Command,
    ReadText,
    find_ci_files,
    load_yaml_documents,
    publish_evidence,
    safe_read,
    test_evidence,
    weak_test_evidence,
    yaml_problem,
)
from scorecard.analyzers.signals.environments_dashboards import (
    Dashboards,
    Environments,
    detect_dashboards,
    detect_environments,
)
from scorecard.facts.signals_facts import Practice  # the facts' own type, built here
from scorecard.safejson import load_json
from scorecard.wording import counted, counted_of

__all__ = ["PRACTICES", "AutomationFacts", "Dashboards", "Environments", "Practice",
           "ReadText", "detect_automation", "detect_dashboards", "detect_environments"]

PRACTICES = ("ci", "ci_runs_tests", "task_runner", "locked_dependencies",
             "container_build", "lint_config", "precommit", "release_automation")
MAX_EVIDENCE = 5
MAX_REQUIREMENT_FILES = 200  # reads are bounded; a vendored tree can hold thousands
MAX_LINT_COMMANDS = 20  # linter commands kept as evidence (a workflow may run dozens)

_SYSTEM_NAMES = {"github-actions": "GitHub Actions", "gitlab-ci": "GitLab CI",
                 "circleci": "CircleCI", "azure-pipelines": "Azure Pipelines",
                 "jenkins": "Jenkins", "travis": "Travis CI", "bitbucket": "Bitbucket Pipelines",
                 "buildkite": "Buildkite", "drone": "Drone", "woodpecker": "Woodpecker",
                 "appveyor": "AppVeyor", "cirrus": "Cirrus CI", "sourcehut": "sourcehut builds",
                 "tekton": "Tekton", "semaphore": "Semaphore"}
# Each ecosystem's task runner, by its file at the root: make, just, nox, Task, doit; Gradle
# and Maven (a JVM project's tasks and lifecycle goals), sbt, Rake, cargo-make, gulp, Grunt,
# Mage, Earthly and Mix (Elixir's build tool, whose aliases are the project's tasks).
_TASK_FILES = frozenset({"makefile", "gnumakefile", "justfile", ".justfile", "noxfile.py",
                         "taskfile.yml", "taskfile.yaml", "taskfile.dist.yml", "dodo.py",
                         "build.gradle", "build.gradle.kts", "pom.xml", "build.sbt", "rakefile",
                         "makefile.toml", "gulpfile.js", "gulpfile.ts", "gruntfile.js",
                         "magefile.go", "earthfile", "mix.exs"})
_TASK_TABLES = ("tool.poe.tasks", "tool.pdm.scripts", "tool.taskipy.tasks", "tool.rye.scripts",
                "tool.tox")
_INVOKE = re.compile(r"^\s*(?:from\s+invoke\s+import|import\s+invoke)\b", re.MULTILINE)
_TOX_SECTION = re.compile(r"^\[(?:tox|testenv[^\]]*)\]", re.MULTILINE)
_TOX_CFG_SECTION = re.compile(r"^\[tox:tox\]", re.MULTILINE)
# A Maven version range or moving version: without one, every version a pom.xml resolves
# is fixed by the POMs themselves (Maven has no lock file; exact versions are its lock).
_MAVEN_FLOATING = re.compile(r"<version>\s*(?:[\[(]|LATEST\b|RELEASE\b)")
_MAVEN_DEPENDENCY = re.compile(r"<dependency>")
_XML_COMMENT = re.compile(r"<!--[\s\S]*?-->")
_REQUIREMENTS = re.compile(r"^(?:requirements|constraints)[\w.-]*\.txt$", re.IGNORECASE)
_PINNED = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(?:\[[^\]]*\])?\s*===?\s*[^\s;*,]+\s*(?:;.*)?$")
_COMMENT = re.compile(r"(?:^|\s)#.*$")
_CONTAINER = re.compile(r"^(?:dockerfile|containerfile)(?:[._-][\w.-]+)?$|"
                        r"^[\w.-]+\.(?:dockerfile|containerfile)$", re.IGNORECASE)
_COMPOSE = re.compile(r"^(?:docker-)?compose(?:[._-][\w.-]+)?\.ya?ml$", re.IGNORECASE)
_COMPOSE_BUILD = re.compile(r"^[ \t]+build[ \t]*:", re.MULTILINE)
_BUILDPACKS = re.compile(r"^[ \t]*\[\[?[ \t]*(?:_|io\.buildpacks)[\].]", re.MULTILINE)
_LINT_FILES = {"ruff.toml": "ruff", ".ruff.toml": "ruff", ".flake8": "flake8",
               ".pylintrc": "pylint", "pylintrc": "pylint", ".pylintrc.toml": "pylint",
               "mypy.ini": "mypy", ".mypy.ini": "mypy", ".isort.cfg": "isort",
               "pyrightconfig.json": "pyright", ".pyre_configuration": "pyre",
               "biome.json": "biome", "biome.jsonc": "biome", ".golangci.yml": "golangci-lint",
               ".golangci.yaml": "golangci-lint", ".golangci.toml": "golangci-lint",
               "checkstyle.xml": "checkstyle", "detekt.yml": "detekt",
               "rustfmt.toml": "rustfmt", ".rustfmt.toml": "rustfmt", "clippy.toml": "clippy",
               "staticcheck.conf": "staticcheck", "revive.toml": "revive",
               # Linters of operations content: YAML, Helm charts, Terraform, Dockerfiles,
               # shell scripts and Markdown.
               ".yamllint": "yamllint", ".yamllint.yaml": "yamllint",
               ".yamllint.yml": "yamllint", ".tflint.hcl": "tflint",
               ".hadolint.yaml": "hadolint", ".hadolint.yml": "hadolint",
               ".shellcheckrc": "shellcheck", ".markdownlint.json": "markdownlint",
               ".markdownlint.jsonc": "markdownlint", ".markdownlint.yaml": "markdownlint",
               ".markdownlint.yml": "markdownlint", ".markdownlint-cli2.yaml": "markdownlint",
               ".markdownlint-cli2.jsonc": "markdownlint",
               # Other ecosystems' linters and formatters, by their configuration file.
               ".rubocop.yml": "rubocop", ".credo.exs": "credo", ".formatter.exs": "mix format",
               "phpstan.neon": "phpstan", "phpstan.neon.dist": "phpstan",
               ".php-cs-fixer.php": "php-cs-fixer", ".php-cs-fixer.dist.php": "php-cs-fixer",
               "psalm.xml": "psalm", ".scalafmt.conf": "scalafmt", ".scalafix.conf": "scalafix",
               ".swiftlint.yml": "swiftlint", ".clang-tidy": "clang-tidy",
               ".clang-format": "clang-format", ".editorconfig-checker.json": "editorconfig",
               # Prometheus rules and prose of monitoring mixins and runbooks.
               ".pint.hcl": "pint", ".vale.ini": "vale", "_vale.ini": "vale"}
# A root package.json may hold a linter's or formatter's configuration under its own key.
_PACKAGE_LINT_KEYS = {"eslintConfig": "eslint", "prettier": "prettier",
                      "stylelint": "stylelint", "xo": "xo", "standard": "standard"}
# chart-testing's ct.yaml, a common name, counts only when it sets a chart-testing key.
_CHART_TESTING = ("ct.yaml", "ct.yml")
_CHART_TESTING_KEYS = re.compile(r"^(?:chart-dirs|target-branch|validate-maintainers|"
                                 r"lint-conf|chart-repos|helm-extra-args)[ \t]*:", re.MULTILINE)
_LINT_NAME = re.compile(r"^(?:\.eslintrc(?:\.\w+)?|eslint\.config\.[cm]?[jt]s|"
                        r"\.prettierrc(?:\.\w+)?|prettier\.config\.[cm]?js)$")
# Lint and format plugins of Maven and Gradle builds.
_JVM_LINT = re.compile(r"\b(spotless|checkstyle|pmd|spotbugs|ktlint|detekt|errorprone|"
                       r"error_prone)\b", re.IGNORECASE)
_LINT_TABLES = ("ruff", "flake8", "pylint", "mypy", "black", "isort", "pyright", "basedpyright",
                "pyre", "pydocstyle")
_LINT_SECTION = re.compile(r"^\[(flake8|mypy|isort|tool:isort|pycodestyle|pep8|pydocstyle|"
                           r"pylint|yapf)(?:[-.:][^\]]*)?\]", re.MULTILINE)
_PRECOMMIT = (".pre-commit-config.yaml", ".pre-commit-config.yml")
_PRECOMMIT_TEXT = re.compile(r"^[ \t]*(?:-[ \t]*)?(?:repo|id)[ \t]*:", re.MULTILINE)
_HOOK_MANAGERS = re.compile(r"^(?:\.?lefthook(?:-local)?\.(?:ya?ml|toml|json)|"
                            r"\.husky/(?!_/)[^/]+)$")
_RELEASE_FILES = re.compile(r"^(?:\.releaserc(?:\.\w+)?|release\.config\.[cm]?js|"
                            r"release-please-config\.json|\.release-please-manifest\.json|"
                            r"\.?goreleaser\.ya?ml|\.changeset/config\.json)$")


@dataclass(frozen=True)
class AutomationFacts:
    """Every practice of PRACTICES in order, the problems met, and the CI systems found."""

    practices: tuple[Practice, ...]
    problems: tuple[tuple[str, str], ...]
    ci_systems: tuple[str, ...]
    # CI test runs of an integration, end-to-end or acceptance suite (``make test-e2e``,
    # ``make testacc``, ``pytest -m integration``), as ``path:line``.
    integration_runs: tuple[str, ...] = ()


def _evidence_key(item: str) -> tuple[str, int]:
    """Sort ``path:line`` by path and then by line number (line 10 after line 9)."""
    path, _, line = item.rpartition(":")
    return (path, int(line)) if path and line.isdigit() else (item, 0)


def _evidence(items: Iterable[str]) -> tuple[str, ...]:
    """Return at most MAX_EVIDENCE distinct items, sorted by path and line."""
    return tuple(sorted(set(items), key=_evidence_key)[:MAX_EVIDENCE])


def _practice(name: str, evidence: Iterable[str], yes: str, no: str) -> Practice:
    """Build a practice: present when there is evidence, with the matching sentence."""
    shown = _evidence(evidence)
    return Practice(name, bool(shown), shown, yes if shown else no)


def _names(items: Iterable[str], limit: int = 4) -> str:
    """Return a short human list of distinct names, in first-seen order."""
    unique = list(dict.fromkeys(items))
    more = f" and {len(unique) - limit} more" if len(unique) > limit else ""
    return ", ".join(unique[:limit]) + more


def _is_sample(path: str) -> bool:
    """Return True for tests, fixtures, examples, vendored copies (the shared classifier)."""
    return is_sample(path)


def _header_line(text: str, table: str) -> int:
    """Return the line of a TOML table header ``[table]`` or ``[table.sub]``, 0 if absent."""
    header = re.compile(r"^[ \t]*\[\[?[ \t]*" + re.escape(table) + r"[ \t]*[\].]", re.MULTILINE)
    match = header.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else 0


class _Scan:
    """The listing of a repository, a reader, and the problems met while reading."""

    def __init__(self, paths: Sequence[str], read_text: ReadText) -> None:
        """Keep the repository-relative POSIX paths (order kept, duplicates dropped)."""
        self.paths = [p for p in dict.fromkeys(paths) if isinstance(p, str)]
        self.listed = frozenset(self.paths)
        self.read_text = read_text
        self.problems: list[tuple[str, str]] = []
        self._pyproject: tuple[str, dict[str, Any]] | None = None
        self._package_json: tuple[str, dict[str, Any]] | None = None

    def read(self, path: str) -> str:
        """Return a listed file's text, '' when it is not listed or cannot be read."""
        return safe_read(self.read_text, path) if path in self.listed else ""

    def kept(self) -> list[str]:
        """Return the paths that are not sample data (tests, fixtures, vendored code)."""
        return [p for p in self.paths if not _is_sample(p)]

    def package_json(self) -> tuple[str, dict[str, Any]]:
        """Return the root package.json as text and an object ({} when invalid or absent)."""
        if self._package_json is None:
            text, manifest = self.read("package.json"), None
            try:
                manifest = load_json(text) if text else None
            except ValueError:  # UntrustedJSONError too: invalid, too deep, NaN
                manifest = None
            self._package_json = (text, manifest if isinstance(manifest, dict) else {})
        return self._package_json

    def pyproject(self) -> tuple[str, dict[str, Any]]:
        """Return the root pyproject.toml as text and data; invalid TOML is a problem."""
        if self._pyproject is None:
            text, data = self.read("pyproject.toml"), {}
            try:
                data = tomllib.loads(text)
            except (ValueError, RecursionError) as exc:  # TOMLDecodeError is a ValueError
                reason = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
                self.problems.append(("pyproject.toml", f"pyproject.toml is not valid TOML: "
                                      f"{reason}; its tool tables are not read"))
            self._pyproject = (text, data)
        return self._pyproject

    def table_evidence(self, dotted: str) -> str:
        """Return ``pyproject.toml:line`` when a non-empty table exists there, else ''."""
        text, data = self.pyproject()
        node: Any = data
        for part in dotted.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if not node:
            return ""
        line = _header_line(text, dotted)
        return f"pyproject.toml:{line}" if line else "pyproject.toml"


def _ci_practice(files: Sequence[CiFile]) -> Practice:
    """Build the ``ci`` practice: every CI file found, named by system."""
    systems = _names(_SYSTEM_NAMES.get(f.system, f.system) for f in files)
    return _practice("ci", [f.path for f in files],
                     f"CI is configured: {systems} ({counted(len(files), 'file')}).",
                     "No CI configuration was found.")


# A test run named for a suite of the integration kind: e2e, integration, acceptance
# (Terraform providers' testacc), end-to-end, system tests.
_INTEGRATION_RUN = re.compile(r"(?:^|[\s:/_.=-])(?:e2e|integration|acceptance|end[-_]to[-_]end"
                              r"|testacc|system[-_]tests?)(?:$|[\s:/_.-])", re.IGNORECASE)


def _tests_practice(files: Sequence[CiFile], scan: _Scan, strong: Sequence[Command]
                    ) -> Practice:
    """Build ``ci_runs_tests``: commands first, ``uses:`` names only as a last resort."""
    if strong:
        first = min(strong, key=lambda c: _evidence_key(c.where))
        return _practice("ci_runs_tests", [c.where for c in strong], _sentence(
            "CI runs the tests", first), "")
    weak = weak_test_evidence(files)
    if weak:
        return _practice("ci_runs_tests", [c.where for c in weak], _sentence(
            "CI seems to run the tests only through an action or workflow named for tests",
            weak[0]), "")
    missing = "No CI configuration, so no CI job runs the tests." if not files else (
        "No CI command runs a test runner (pytest, unittest, tox, nox, make test ...).")
    return _practice("ci_runs_tests", [], "", missing)


def _sentence(lead: str, command: Command) -> str:
    """Return ``lead: `command` (path:line).`` with the command shortened for reading."""
    text = command.text if len(command.text) <= 60 else command.text[:57] + "..."
    return f"{lead}: `{text}` ({command.where})."


def _task_files(scan: _Scan) -> list[tuple[str, str]]:
    """Return (evidence, name) of the task-runner files at the root of the repository."""
    found = [(p, p) for p in scan.paths if "/" not in p and p.lower() in _TASK_FILES]
    if _INVOKE.search(scan.read("tasks.py")):
        found.append(("tasks.py", "invoke tasks.py"))
    if _TOX_SECTION.search(scan.read("tox.ini")):
        found.append(("tox.ini", "tox.ini"))
    return found


def _task_tables(scan: _Scan) -> list[tuple[str, str]]:
    """Return (evidence, name) of task tables in pyproject, setup.cfg and package.json."""
    found = [(scan.table_evidence(t), f"[{t}]") for t in _TASK_TABLES]
    found += [(e, "hatch scripts") for e in _hatch_scripts(scan)]
    found += [(e, "setup.cfg [tox:tox]") for e in _line_evidence(
        "setup.cfg", scan.read("setup.cfg"), _TOX_CFG_SECTION)]
    found += [(e, "package.json scripts") for e in _package_scripts(scan)]
    return [(evidence, name) for evidence, name in found if evidence]


# GitHub's "scripts to rule them all": a root script/ or scripts/ folder of the everyday
# commands by their names (script/bootstrap, scripts/test, scripts/lint, ...).
_RULE_THEM_ALL = frozenset({"bootstrap", "setup", "test", "build", "lint", "check", "install",
                            "server", "cibuild", "update", "console", "format", "release"})


def _script_folder(scan: _Scan) -> list[tuple[str, str]]:
    """Return the evidence of a script/ or scripts/ folder of everyday commands, if any."""
    for folder in ("script", "scripts"):
        names = sorted(p for p in scan.paths if p.count("/") == 1 and p.startswith(folder + "/")
                       and posixpath.splitext(p.split("/", 1)[1])[0] in _RULE_THEM_ALL
                       and posixpath.splitext(p)[1] in ("", ".sh", ".bash"))
        if len(names) >= 2:
            return [(names[0], f"{folder}/ commands")]
    return []


def _task_runner(scan: _Scan) -> Practice:
    """Build the ``task_runner`` practice: root files, pyproject tables, setup.cfg, npm."""
    found = _task_files(scan) + _task_tables(scan) + _script_folder(scan)
    return _practice("task_runner", [e for e, _ in found],
                     f"Everyday commands are scripted: {_names(n for _, n in found)}.",
                     "No task runner (Makefile, tox, nox, just, pyproject or package.json "
                     "scripts, Gradle, ...) was found.")


def _short(evidence: Iterable[str]) -> list[str]:
    """Return evidence without line numbers, for sentences."""
    return [e.rpartition(":")[0] if e.rpartition(":")[2].isdigit() else e for e in evidence]


def _hatch_scripts(scan: _Scan) -> list[str]:
    """Return evidence of ``[tool.hatch.envs.<env>.scripts]`` tables that define scripts."""
    text, data = scan.pyproject()
    envs = data.get("tool", {}).get("hatch", {}).get("envs", {}) if isinstance(
        data.get("tool"), dict) else {}
    found: list[str] = []
    for name, env in (envs.items() if isinstance(envs, dict) else ()):
        if isinstance(env, dict) and isinstance(env.get("scripts"), dict) and env["scripts"]:
            line = _header_line(text, f"tool.hatch.envs.{name}") or _header_line(
                text, "tool.hatch.envs")
            found.append(f"pyproject.toml:{line}" if line else "pyproject.toml")
    return found


def _package_scripts(scan: _Scan) -> list[str]:
    """Return ``package.json:line`` when the root package.json defines scripts."""
    text = scan.read("package.json")
    try:
        data = load_json(text) if text else {}
    except (ValueError, RecursionError):
        scan.problems.append(("package.json", "package.json is not valid JSON; its scripts "
                                              "are not read"))
        return []
    if not (isinstance(data, dict) and isinstance(data.get("scripts"), dict) and data["scripts"]):
        return []
    return [f"package.json:{text[:text.find(chr(34) + 'scripts')].count(chr(10)) + 1}"]


def _requirement_lines(text: str) -> list[str]:
    """Return the requirement lines of a requirements file (no comments, options, paths)."""
    lines = [_COMMENT.sub("", line).strip() for line in text.replace("\\\n", " ").splitlines()]
    return [line for line in lines if line and not line.startswith(("-", ".", "/"))]


def _fully_pinned(lines: Sequence[str]) -> bool:
    """Return True when every requirement is pinned with == / === or carries a hash."""
    return all("--hash" in line or _PINNED.match(line.split(" --", 1)[0].strip())
               for line in lines)


def _is_requirements_file(path: str) -> bool:
    """Return True for requirements*/constraints*.txt or a .txt in a requirements/ folder."""
    parts = path.lower().split("/")
    return bool(_REQUIREMENTS.match(parts[-1])) or (
        len(parts) > 1 and parts[-2] in ("requirements", "reqs") and parts[-1].endswith(".txt"))


def _locked(scan: _Scan) -> Practice:
    """Build the ``locked_dependencies`` practice: lock files, fully pinned requirement files."""
    kept = scan.kept()
    locks = _lock_files(kept, scan)
    checked = pinned = 0
    pinned_files: list[str] = []
    for path in [p for p in kept if _is_requirements_file(p)][:MAX_REQUIREMENT_FILES]:
        lines = _requirement_lines(scan.read(path))
        checked += bool(lines)
        if lines and _fully_pinned(lines):
            pinned += 1
            pinned_files.append(path)
    share = (f" {counted_of(pinned, checked, 'requirement file')} fully pinned." if checked
             else "")
    return _practice("locked_dependencies", locks + pinned_files,
                     f"Dependencies are locked: {_names(locks + pinned_files, 3)}.{share}",
                     f"No lock file or fully pinned requirements file was found.{share}")


def _lock_files(kept: Sequence[str], scan: _Scan) -> list[str]:
    """Return the lock files, and the pom.xml files whose versions are all exact."""
    locks = [p for p in kept if is_lock_file(p)]  # the shared list (path_roles)
    poms = [p for p in kept if p.count("/") < 3 and posixpath.basename(p) == "pom.xml"]
    return locks + [p for p in poms[:MAX_EVIDENCE] if _maven_exact(scan.read(p))]


def _maven_exact(text: str) -> bool:
    """Return True when a pom.xml declares dependencies, none with a range or LATEST."""
    text = _XML_COMMENT.sub("", text)
    return bool(_MAVEN_DEPENDENCY.search(text)) and not _MAVEN_FLOATING.search(text)


def _container(scan: _Scan) -> Practice:
    """Build the ``container_build`` practice: Dockerfiles, compose builds, buildpacks."""
    evidence: list[str] = []
    for path in scan.kept():
        base = posixpath.basename(path)
        if _CONTAINER.match(base) and not base.lower().endswith((".dockerignore", ".md",
                                                                  ".txt", ".rst")):
            evidence.append(path)
        elif _COMPOSE.match(base):
            evidence.extend(_line_evidence(path, scan.read(path), _COMPOSE_BUILD))
        elif base in ("project.toml", "flake.nix", "Earthfile"):
            evidence.extend(_build_file(path, base, scan))
    return _practice("container_build", evidence,
                     f"A container image is built: {_names(_short(evidence), 3)}.",
                     "No container build (Dockerfile, Containerfile, compose build) was found.")


def _build_file(path: str, base: str, scan: _Scan) -> list[str]:
    """Return evidence for an Earthfile, a buildpacks project.toml or a flake with dockerTools."""
    if base == "Earthfile":
        return [path]
    text = scan.read(path)
    if base == "project.toml":
        return _line_evidence(path, text, _BUILDPACKS)
    return [path] if "dockerTools" in text else []


def _line_evidence(path: str, text: str, pattern: re.Pattern[str]) -> list[str]:
    """Return ``path:line`` of the first match of a multiline pattern, or nothing."""
    match = pattern.search(text)
    return [f"{path}:{text.count(chr(10), 0, match.start()) + 1}"] if match else []


def _build_lint_plugins(scan: _Scan) -> list[tuple[str, str, int]]:
    """Return (file, tool, line) of lint and format plugins in root Maven or Gradle builds."""
    found: list[tuple[str, str, int]] = []
    for path in ("pom.xml", "build.gradle", "build.gradle.kts"):
        text = scan.read(path)
        match = _JVM_LINT.search(_XML_COMMENT.sub("", text) if path == "pom.xml" else text)
        if match:
            found.append((path, match.group(1).lower(), text.count("\n", 0, match.start()) + 1))
    return found


# Linters and formatters run as commands: many need no configuration file (clippy, rustfmt,
# go vet, gofmt, ruff with its defaults), so a CI job or a task that runs one is the
# practice too. One linter name a command, as a word of its own.
_LINT_COMMAND = re.compile(
    r"(?<![\w./-])(cargo[ \t]+(?:clippy|fmt)|go[ \t]+vet|gofmt|goimports|staticcheck"
    r"|golangci-lint|revive|ruff|flake8|pylint|mypy|pyright|black|isort|eslint|prettier"
    r"|biome|ktlint|detekt|shellcheck|hadolint|yamllint|tflint|markdownlint|rubocop"
    r"|dotnet[ \t]+format|swiftlint|clang-tidy|clang-format|cppcheck|mix[ \t]+(?:format|credo)"
    r"|phpstan|psalm|php-cs-fixer|scalafmt(?:Check(?:All)?)?|scalafix"
    # Operations content: Helm charts, Terraform, Kubernetes manifests, Prometheus rules,
    # Jsonnet mixins and their dashboards, workflow files; Deno's own tools.
    r"|helm[ \t]+lint|terraform[ \t]+fmt|kubeconform|kubeval|promtool[ \t]+check|pint"
    r"|jsonnet-lint|jsonnetfmt|mixtool[ \t]+lint|dashboard-linter|actionlint|vale"
    r"|deno[ \t]+(?:lint|fmt))(?![\w-])")


def _lint_commands(files: Sequence[CiFile], scan: _Scan) -> list[tuple[str, str]]:
    """Return (tool, path:line) of the linter commands CI runs or a root task file names."""
    found = [(_tool_name(match.group(1)), command.where) for ci in files
             for command in ci.commands for match in [_LINT_COMMAND.search(command.text)]
             if match]
    for path in scan.paths:
        if "/" in path or path.lower() not in _TASK_FILES:
            continue
        text = scan.read(path)
        for match in _LINT_COMMAND.finditer(text):
            found.append((_tool_name(match.group(1)),
                          f"{path}:{text.count(chr(10), 0, match.start()) + 1}"))
    return found


def _package_lint(scan: _Scan) -> list[tuple[str, str]]:
    """Return (tool, path:line) of linters configured, or run by a script, in package.json.

    ``"eslintConfig"`` and ``"prettier"`` keys configure them; a script that runs one
    (``"lint": "eslint ."``) is the task CI calls as ``pnpm lint``.
    """
    text, manifest = scan.package_json()
    found = [(tool, f"package.json:{_line_of_key(text, key)}")
             for key, tool in _PACKAGE_LINT_KEYS.items() if manifest.get(key)]
    scripts = manifest.get("scripts")
    for name, command in (scripts.items() if isinstance(scripts, dict) else ()):
        match = _LINT_COMMAND.search(command) if isinstance(command, str) else None
        if match:
            found.append((_tool_name(match.group(1)), f"package.json:{_line_of_key(text, name)}"))
    return found


def _line_of_key(text: str, key: str) -> int:
    """Return the line of a JSON key's first occurrence (1 when it is not found)."""
    position = text.find(f'"{key}"')
    return text.count("\n", 0, position) + 1 if position >= 0 else 1


def _tool_name(command: str) -> str:
    """Return a linter command as one name: "cargo clippy", "go vet"."""
    return " ".join(command.split())


def _lint(scan: _Scan, files: Sequence[CiFile] = ()) -> Practice:
    """Build the ``lint_config`` practice: a linter's configuration, or CI running one."""
    tools: list[str] = []
    evidence: list[str] = []
    for path in scan.kept():
        base = posixpath.basename(path)
        tool = _LINT_FILES.get(base) or ("eslint/prettier" if _LINT_NAME.match(base) else "")
        if base in _CHART_TESTING and _CHART_TESTING_KEYS.search(scan.read(path)):
            tool = "chart-testing"
        if tool:
            tools.append(tool)
            evidence.append(path)
    for name in _LINT_TABLES:
        found = scan.table_evidence(f"tool.{name}")
        tools.extend([name] if found else [])
        evidence.extend([found] if found else [])
    for ini in ("setup.cfg", "tox.ini"):
        text = scan.read(ini)
        for match in _LINT_SECTION.finditer(text):
            tools.append(match.group(1).removeprefix("tool:"))
            evidence.append(f"{ini}:{text.count(chr(10), 0, match.start()) + 1}")
    for path, tool, line in _build_lint_plugins(scan):
        tools.append(tool)
        evidence.append(f"{path}:{line}")
    for tool, where in _package_lint(scan):
        tools.append(tool)
        evidence.append(where)
    for tool, where in _lint_commands(files, scan)[:MAX_LINT_COMMANDS]:
        tools.append(tool)
        evidence.append(where)
    return _practice("lint_config", evidence, f"Linters, type checkers or formatters: "
                     f"{_names(tools)}.", "No linter, type-checker or formatter was found: "
                     "neither its configuration (ruff, eslint, golangci-lint, checkstyle, "
                     "rustfmt, ...) nor a CI job or task that runs one (cargo clippy, go "
                     "vet, ...).")


def _repo_hooks(repo: Any) -> list[str]:
    """Return the hook ids of one ``repos:`` entry (its URL when it lists no hook ids)."""
    if not isinstance(repo, dict):
        return []
    hooks = repo.get("hooks")
    ids = [str(h.get("id", "hook")) for h in hooks if isinstance(h, dict)] if isinstance(
        hooks, list) else []
    return ids or ([str(repo["repo"])] if repo.get("repo") else [])


def _precommit_hooks(path: str, scan: _Scan) -> list[str]:
    """Return the hook ids of a pre-commit config; invalid YAML is a problem, read as text."""
    text = scan.read(path)
    try:
        if len(text) > 1_000_000:
            raise ValueError("file is over 1 MB")
        documents = load_yaml_documents(text)
    except (yaml.YAMLError, RecursionError, ValueError, TypeError, AttributeError) as exc:
        scan.problems.append((path, yaml_problem(exc, text, "pre-commit config")))
        return ["hook"] * len(_PRECOMMIT_TEXT.findall(text))
    config = documents[0] if documents else None
    repos = config.get("repos") if isinstance(config, dict) else None
    return [h for repo in (repos if isinstance(repos, list) else ()) for h in _repo_hooks(repo)]


_HUSKY_FOLDER = re.compile(r"\bhusky(?:[ \t]+install)?[ \t]+([\w./-]+)")
_GIT_HOOKS = ("pre-commit", "commit-msg", "pre-push")


def _husky_hooks(scan: _Scan) -> list[str]:
    """Return the hooks of husky set up in a folder of its own (``husky install config/husky``)."""
    text = scan.read("package.json")
    found: list[str] = []
    for match in _HUSKY_FOLDER.finditer(text):
        folder = match.group(1).strip("./") or ".husky"
        found.extend(f"{folder}/{hook}" for hook in _GIT_HOOKS if f"{folder}/{hook}" in scan.listed)
    return found


def _precommit(scan: _Scan) -> Practice:
    """Build the ``precommit`` practice: a pre-commit config with hooks, lefthook or husky."""
    evidence: list[str] = []
    hooks: list[str] = []
    for path in (p for p in _PRECOMMIT if p in scan.listed):
        found = _precommit_hooks(path, scan)
        hooks.extend(found)
        evidence.extend([path] if found else [])
    managers = [p for p in scan.paths if _HOOK_MANAGERS.match(p)] + _husky_hooks(scan)
    what = (f"{counted(len(hooks), 'pre-commit hook')} ({_names(hooks)})" if hooks
            else _names(managers, 2))
    return _practice("precommit", evidence + managers, f"Commit hooks are configured: {what}.",
                     "No pre-commit hooks (.pre-commit-config.yaml, lefthook, husky) were found.")


# A package.json script that releases: np, release-it, semantic-release, changesets, lerna,
# or a publish to the registry.
_RELEASE_SCRIPT = re.compile(r"(?:^|[\s;&|(])(?:npx\s+)?(?:np|release-it|semantic-release"
                             r"|changeset\s+publish|lerna\s+publish|(?:npm|pnpm|yarn)\s+"
                             r"(?:npm\s+)?publish)(?![\w-])")


def _package_release(scan: _Scan) -> list[str]:
    """Return ``package.json:<line>`` of the scripts that release the package."""
    text, manifest = scan.package_json()
    scripts = manifest.get("scripts")
    return [f"package.json:{_line_of_key(text, name)}"
            for name, command in (scripts.items() if isinstance(scripts, dict) else ())
            if isinstance(command, str) and _RELEASE_SCRIPT.search(command)][:3]


def _release(files: Sequence[CiFile], scan: _Scan) -> Practice:
    """Build the ``release_automation`` practice: publishing workflows and release tool configs."""
    commands = publish_evidence(files)
    configs = [p for p in scan.paths if _RELEASE_FILES.match(p)]
    semantic = scan.table_evidence("tool.semantic_release")
    evidence = [c.where for c in commands] + configs + ([semantic] if semantic else []) \
        + _package_release(scan)
    if commands:  # name a publishing step rather than a trigger when there is one
        first = min(commands, key=lambda c: (c.text.startswith("on:"), _evidence_key(c.where)))
        yes = _sentence("Releases are published by CI", first)
    else:
        yes = f"Release tooling is configured: {_names(_short(evidence), 3)}."
    return _practice("release_automation", evidence, yes, "No release automation (a workflow "
                     "that publishes on tags or releases, release tooling) was found.")


def detect_automation(paths: Sequence[str], read_text: ReadText) -> AutomationFacts:
    """Return every practice of PRACTICES, in that order, with problems and CI systems.

    ``paths`` are repository-relative POSIX paths; ``read_text`` returns a file's decoded text
    or None. The repository is only read, never imported, executed or written. Never raises.
    """
    scan = _Scan(paths, read_text)
    files = find_ci_files(scan.paths, read_text)
    scan.problems.extend((f.path, f.problem) for f in files if f.problem)
    strong = test_evidence(files, scan.paths, scan.read_text)
    practices = (
        _ci_practice(files), _tests_practice(files, scan, strong), _task_runner(scan),
        _locked(scan), _container(scan), _lint(scan, files), _precommit(scan),
        _release(files, scan),
    )
    problems = tuple(dict.fromkeys(scan.problems))
    integration = _evidence(c.where for c in strong if _INTEGRATION_RUN.search(c.text))
    return AutomationFacts(practices, problems, tuple(sorted({f.system for f in files})),
                           integration)
