"""Classify one CI shell command: whether it runs a test suite and whether it publishes.

Rules:

* A command line is split into shell segments at ``&&``, ``||``, ``;`` and ``|``.
* A segment runs tests when it calls a test runner directly (pytest, py.test through any
  wrapper such as ``python -m``, ``uv run``, ``poetry run``; ``python -m unittest``;
  ``coverage run``; ``manage.py test``), runs tox or nox unless every selected environment
  lints, documents or packages (``tox -e lint`` is not a test run), or runs a task-runner
  target named for tests (``make test``/``make check`` whether or not the Makefile has the
  target, ``just test``, ``hatch test``, ``hatch run test:cov``, ``pdm run test``, ``npm
  test``, ``go test``, ``cargo test``, ``dotnet test``, ``rake spec``, ``bin/rails test``,
  ``php artisan test``, ``composer test``, ``mix test``, ``sbt test``, ``swift test``...; a
  target that ends in ``-tests`` or ``_test`` such as ``make run-integration-tests``, or
  ``e2e``). A segment that installs, adds, downloads or echoes is not a run.
* Other ecosystems' runners called directly: ``rspec`` (``bundle exec rspec``),
  ``cucumber``, ``behave``, ``godog``, ``phpunit`` (``vendor/bin/phpunit``), ``pest``,
  ``paratest``, ``codecept run``, ``ctest``, ``rebar3 eunit``; Kubernetes operators' suites
  (``chainsaw test``, ``kuttl test``).
* JavaScript runners called directly (``npx jest``, ``vitest run``, ``mocha``, ``ava``,
  ``karma start``, ``playwright test``, ``cypress run``), ``cargo nextest run``, the coverage
  runners ``cargo tarpaulin`` and ``cargo llvm-cov`` and ``gotestsum`` run tests too; so does
  a test subcommand reached through one that forwards to it (``cargo hack test``,
  ``cargo miri test``, ``yarn workspace web test``). ``cargo check`` and ``deno check``
  compile or type-check only.
* Maven and Gradle run the tests in their lifecycle: ``mvn``/``./mvnw`` with a phase from
  ``test`` on (``test``, ``integration-test``, ``verify``, ``package``, ``install``,
  ``deploy``) and ``gradle``/``./gradlew`` with ``test``, ``check``, ``build`` or a task
  named for tests (``integrationTest``), unless tests are skipped (``-DskipTests``,
  ``-Dmaven.test.skip=true``, ``-x test``).
* A command publishes when it uses a publishing action or tool (PyPI publish action,
  GitHub release actions, release-please, semantic-release, goreleaser, ``twine upload``,
  ``uv/poetry/hatch/flit/pdm publish``, ``gh release create``); ``docker push`` counts only
  when its file runs on tags (the caller says so).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence

__all__ = ["DEFAULT_GOAL", "command_runs_tests", "executed_file", "is_test_target",
           "make_targets", "publishes", "python_script_runs_tests", "segment_runs_tests"]

# Shell separators between commands on one line.
_SEPARATORS = re.compile(r"&&|\|\||;|\|")
# Segments that only install or print things, even if they name a test runner.
_NOT_A_RUN = re.compile(r"^\s*(?:echo|printf|#)|(?<![\w-])(?:install|add|download)(?![\w-])")
# A test runner called directly (any wrapper such as `uv run`, `python -m` may come first).
_DIRECT_RUNNER = re.compile(
    r"(?<![\w.-])(?:py\.test|pytest|nosetests|nose2|stestr)"
    r"(?![\w-]|\.(?:ini|cfg|toml|xml|log|txt|json))"
    r"|(?<![\w.-])-m\s+unittest(?![\w-])|(?<![\w.-])coverage\s+run(?![\w-])"
    # A test package run as a module (flower's `python -m tests.unit`, CPython's -m test).
    r"|(?<![\w.-])-m\s+tests?(?:\.[\w.]+)?(?![\w-])"
    r"|manage\.py\s+test(?![\w-])|django-admin\s+test(?![\w-])"
    r"|(?<![\w.-])(?:jest|vitest|mocha|ava|gotestsum|cypress\s+run|playwright\s+test|"
    r"karma\s+start|nextest\s+run)(?![\w.-])"
    # Ruby, PHP, C/C++ and the BEAM: RSpec, Cucumber, PHPUnit, Pest, Paratest, Codeception,
    # CTest, rebar3 eunit/ct.
    r"|(?<![\w.-])(?:rspec|cucumber|behave|godog|radish|phpunit|pest|paratest|codecept\s+run|ctest|"
    r"rebar3\s+(?:eunit|ct))(?![\w.-])"
    # Tests of operations code: Helm chart unit tests and chart-testing's installs (which
    # run the chart's helm tests), Prometheus rule unit tests, policy tests, Terraform's
    # test command, Ansible role tests (Molecule, ansible-test), Bats shell tests.
    r"|(?<![\w.-])(?:helm\s+(?:unittest|test)|ct\s+(?:install|lint-and-install)|"
    r"promtool\s+test|conftest\s+(?:test|verify)|terraform\s+test|tofu\s+test|molecule\s+test|"
    r"ansible-test\s+(?:units|integration|sanity)|bats|kitchen\s+test"
    # Kubernetes operators' end-to-end suites, run against a cluster (Kyverno's chainsaw,
    # kuttl).
    r"|chainsaw\s+test|kubectl[\s-]kuttl\s+test|kuttl\s+test)(?![\w.-])"
    # Coverage runners that build and run the tests themselves (not their report commands).
    r"|(?<![\w.-])cargo\s+(?:\+\S+\s+)?(?:tarpaulin|llvm-cov(?!\s+(?:report|clean|show-env)))"
    r"(?![\w-])")
# Maven and Gradle: the build tool, the lifecycle phases and tasks that run the tests.
_JVM_BUILD = frozenset({"mvn", "mvnw", "mvn.cmd", "mvnw.cmd", "gradle", "gradlew",
                        "gradlew.bat"})
_MAVEN_TEST_PHASES = frozenset({"test", "integration-test", "verify", "package", "install",
                                "deploy"})
_GRADLE_TEST_TASK = re.compile(r"^(?::?[\w-]+:)*(?:test|check|build|\w*[tT]est)$")
_SKIPS_TESTS = re.compile(r"-DskipTests(?:=true)?\b|-Dmaven\.test\.skip=true|"
                          r"(?:^|\s)(?:-x|--exclude-task)\s+:?test\b")
# Task runners whose every positional word is a target, and those that take one script name.
_ALL_TARGETS = frozenset({"make", "gmake", "invoke", "inv", "rake", "sbt"})
_ONE_TARGET = frozenset({"just", "task", "poe", "hatch", "pdm", "rye", "npm", "yarn", "pnpm",
                         "bun", "cargo", "cross", "go", "mise", "poetry", "uv", "pipenv", "dotnet",
                         "deno", "mage", "richgo", "rails", "artisan", "composer", "mix",
                         "swift", "flutter", "dart", "lein", "stack", "cabal", "zig"})
_ENV_TOOLS = frozenset({"tox", "nox"})
# Subcommands that run another subcommand of the same tool, with how many words they take
# first: `cargo hack test`, `cargo miri test`, `yarn workspace web test`.
_FORWARDING = {"cargo": {"hack": 0, "miri": 0, "careful": 0, "minimal-versions": 0},
               "yarn": {"workspace": 1}, "composer": {"run-script": 0}, "zig": {"build": 0}}
# Built-in subcommands named like a test target that only compile or type-check.
_NOT_A_TEST_RUN = {"cargo": frozenset({"check"}), "cross": frozenset({"check"}),
                   "deno": frozenset({"check"})}
# Options that take a value, so the next word is neither a target nor a command.
_VALUE_OPTIONS = frozenset({"--group", "--extra", "--with", "--only-group", "-G", "--env",
                            "-e", "-C", "--directory", "-f", "--file", "--makefile", "-p",
                            "--python", "--project", "--package", "--filter", "-w",
                            "--workspace", "--env-file", "--justfile", "-t", "--taskfile"})
_ENV_SELECT = frozenset({"-e", "-s", "--session", "--sessions", "--env", "-f"})
# Named for tests: test, tests-all, unit-tests, run-integration-tests, e2e, check, coverage.
_TEST_TARGET = re.compile(r"^(?:pytest|py\.test|tests?(?:[-_.][\w.-]+)?|[\w.-]*[-_]tests?|"
                          r"e2e|check|coverage|cov|specs?|[\w.-]*[-_]specs?|rspec|phpunit|"
                          r"pest)$")
# Environments, sessions or targets that lint, type-check, document or package: not tests.
_NOT_TEST_ENV = re.compile(
    r"^(?:lint|linting|linters?|style|format|fmt|mypy|types?|typing|typecheck|pyright|docs?|"
    r"pre-commit|precommit|build|pkg|package|packaging|release|publish|flake8|ruff|black|"
    r"isort|pylint|readme|spell|codespell|changelog|clean|check-manifest|manifest|"
    r"docs-linkcheck|linkcheck)$")
_ENV_NO_RUN = frozenset({"--notest", "--install-only", "--list", "-l", "--help", "-h",
                         "--version", "--showconfig", "--list-sessions"})
# Words before the program a command executes (`bash -e .ci/run`, `uv run scripts/test.py`).
_LAUNCHERS = frozenset({"bash", "sh", "zsh", "source", ".", "python", "python3", "py", "pwsh",
                        "powershell", "env", "exec", "time", "sudo", "uv", "poetry", "pipenv",
                        "hatch", "pdm", "run", "xvfb-run", "call"})
# Publishing a release: actions and commands.
_PUBLISH = re.compile(
    r"pypa/gh-action-pypi-publish|softprops/action-gh-release|release-please|"
    r"python-semantic-release|semantic-release\s+(?:publish|version)|goreleaser|"
    r"ncipollo/release-action|changesets/action|npx\s+semantic-release|(?<![\w-])(?:twine\s+upload|uv\s+publish|poetry\s+publish|"
    r"hatch\s+publish|flit\s+publish|pdm\s+publish|gh\s+release\s+create)(?![\w-])")
# Pushing an image publishes a release only when the file runs it on tags.
_DOCKER_PUSH = re.compile(r"docker\s+push|docker/build-push-action|buildx\s+build.*--push")
_PY_SCRIPT_TESTS = re.compile(r"pytest\.main\(|unittest\.main\(|[\"']py\.?test[\"']|"
                              r"[\"']-m[\"']\s*,\s*[\"'](?:pytest|unittest)[\"']")


def command_runs_tests(command: str) -> bool:
    """Return True when one shell segment of a command line runs a test suite."""
    return any(segment_runs_tests(s) for s in _SEPARATORS.split(command[:10_000]))


def segment_runs_tests(segment: str) -> bool:
    """Return True when one shell command (no ``&&``/``;``/``|``) runs tests.

    Counted: pytest / py.test (through any wrapper: ``python -m``, ``uv run``, ``poetry run``),
    ``python -m unittest``, ``coverage run``, ``manage.py test``, tox and nox unless every
    selected environment lints, documents or packages, and task-runner targets named for tests
    (``make test``/``make check``, ``just test``, ``hatch test``, ``hatch run test:cov``,
    ``pdm run test``, ``npm test``, ``go test``...). Installing or echoing a runner is not
    running it.
    """
    tokens = [t.strip("'\"`()") for t in segment.split()[:64]]
    if _jvm_build_runs_tests(segment, tokens):
        return True  # before the install rule: `mvn install` runs the test phase
    if _NOT_A_RUN.search(segment):
        return False
    if _DIRECT_RUNNER.search(segment):
        return True
    return _target_run(tokens) or _environment_run(tokens)


def _jvm_build_runs_tests(segment: str, tokens: Sequence[str]) -> bool:
    """Return True when Maven or Gradle runs a phase or task that includes the tests."""
    if segment.lstrip().startswith(("echo", "printf", "#")) or _SKIPS_TESTS.search(segment):
        return False
    for index, token in enumerate(tokens):
        tool = posixpath.basename(token)
        if tool not in _JVM_BUILD:
            continue
        goals = [t for t in tokens[index + 1:] if not t.startswith("-")]
        if tool.startswith("mvn"):
            return any(g.rpartition(":")[2] in _MAVEN_TEST_PHASES for g in goals)
        return any(_GRADLE_TEST_TASK.match(g) for g in goals)
    return False


def is_test_target(word: str) -> bool:
    """Return True for a target such as ``test``, ``check`` or ``test:cov`` (not ``test:lint``)."""
    parts = [p for p in word.split(":") if p]
    return any(_TEST_TARGET.match(p) for p in parts) and not any(
        _NOT_TEST_ENV.match(p) for p in parts)


def _positionals(tokens: Sequence[str], first_only: bool) -> list[str]:
    """Return the targets after a task runner's name, skipping options and their values."""
    found: list[str] = []
    skip = False
    for token in tokens[:16]:
        if skip or token in _VALUE_OPTIONS:
            skip = not skip
            continue
        if token.startswith(("-", "+")) or "=" in token or (token == "run" and not found):
            continue
        found.append(token)
        if first_only:
            break
    return found


def _target_run(tokens: Sequence[str]) -> bool:
    """Return True when a task runner in the command runs a target named for tests."""
    for index, token in enumerate(tokens):
        tool = posixpath.basename(token)
        if tool in _ALL_TARGETS:
            targets = _positionals(tokens[index + 1:], first_only=False)
        elif tool in _ONE_TARGET:
            targets = _forwarded(tool, _positionals(tokens[index + 1:], first_only=False))
        else:
            continue
        if any(is_test_target(t) for t in targets):
            return True
    return False


def _forwarded(tool: str, words: Sequence[str]) -> list[str]:
    """Return the one subcommand a tool runs, past the subcommands that forward to another."""
    forwarding = _FORWARDING.get(tool, {})
    index = 0
    while index < len(words) and words[index] in forwarding:
        index += 1 + forwarding[words[index]]
    return [w for w in words[index:index + 1] if w not in _NOT_A_TEST_RUN.get(tool, ())]


# What make_targets names the target of a ``make`` given none: the Makefile's default goal.
DEFAULT_GOAL = ".DEFAULT_GOAL"


def make_targets(command: str) -> list[str]:
    """Return the targets of the root Makefile that a command line makes, in order.

    ``make -C dir`` and ``make -f file`` use another Makefile: their targets are left out.
    A ``make`` given no target makes the default goal, named :data:`DEFAULT_GOAL` here.
    """
    targets: list[str] = []
    for segment in _SEPARATORS.split(command[:10_000]):
        tokens = [t.strip("'\"`()") for t in segment.split()[:64]]
        for index, token in enumerate(tokens):
            if posixpath.basename(token) not in ("make", "gmake"):
                continue
            rest = tokens[index + 1:]
            if not {"-C", "--directory", "-f", "--file", "--makefile"}.intersection(rest):
                # A bare ``make`` (options and variables aside) makes the default goal.
                targets.extend(_positionals(rest, first_only=False) or [DEFAULT_GOAL])
            break
    return targets


def _environment_run(tokens: Sequence[str]) -> bool:
    """Return True when tox or nox runs an environment that is not lint, docs or packaging."""
    for index, token in enumerate(tokens):
        if posixpath.basename(token) not in _ENV_TOOLS:
            continue
        arguments = tokens[index + 1:]
        if _ENV_NO_RUN.intersection(arguments):
            return False
        selected = _selected_environments(arguments)
        return not selected or any(not _is_lint_environment(e) for e in selected)
    return False


def _selected_environments(arguments: Sequence[str]) -> list[str]:
    """Return the environments named by ``-e a,b`` / ``-s a b`` / ``--session=a``."""
    selected: list[str] = []
    taking = False
    for argument in arguments:
        option, _, inline = argument.partition("=")
        if option in _ENV_SELECT:
            taking = True
            selected.extend(inline.split(",") if inline else [])
        elif argument.startswith("-"):
            taking = False
        elif taking:
            selected.extend(argument.split(","))
    return [s for s in selected if s]


def _is_lint_environment(name: str) -> bool:
    """Return True for a tox/nox environment that lints, documents or packages."""
    return _NOT_TEST_ENV.match(name) is not None or any(
        _NOT_TEST_ENV.match(factor) for factor in name.split("-"))


def executed_file(command: str, listed: frozenset[str]) -> str:
    """Return the repository file a command executes (``bash .ci/run``), or ''."""
    for token in command.split()[:8]:
        word = token.strip("'\"")
        if word in _LAUNCHERS or word.startswith("-") or "=" in word:
            continue
        target = word.removeprefix("./").lstrip("/")
        return target if target in listed else ""
    return ""


def python_script_runs_tests(text: str) -> bool:
    """Return True when a Python script starts a test run (``pytest.main``, ``-m pytest``)."""
    return _PY_SCRIPT_TESTS.search(text) is not None


def publishes(command: str, on_tags: bool) -> bool:
    """Return True when a command or action reference publishes a release.

    ``on_tags`` says whether the file runs on tags; only then does pushing an image count.
    """
    return _PUBLISH.search(command) is not None or (
        on_tags and _DOCKER_PUSH.search(command) is not None)
