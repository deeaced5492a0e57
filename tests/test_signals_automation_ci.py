"""CI reading for the automation practices: systems, commands, scripts, includes, bad YAML."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from scorecard import api
from scorecard.analyzers.signals.automation import AutomationFacts, detect_automation
from scorecard.analyzers.signals.ci_commands import command_runs_tests, segment_runs_tests
from scorecard.analyzers.signals.ci_files import ci_system
from scorecard.model import CheckResult
from tests.gitrepo import GitRepo


def automation(texts: dict[str, str]) -> AutomationFacts:
    """Detect on a repository made of exactly these files."""
    return detect_automation(sorted(texts), texts.get)


def runs_tests_at(texts: dict[str, str]) -> tuple[str, ...]:
    """Return the evidence of ci_runs_tests."""
    return automation(texts).practices[1].evidence


@pytest.mark.parametrize("command", [
    "pytest", "py.test -x", "python -m pytest -q", "python3 -m unittest discover -s tests",
    "tox", "tox -e py311", "tox run -e py312,lint", "python -m tox", "nox -s tests-3.12",
    "nox", "make test", "make -j4 check", "make -C src test", "make lint test",
    "hatch test", "hatch run test", "hatch run test:cov", "poetry run pytest",
    "uv run pytest tests", "just test", "pdm run test", "coverage run -m pytest",
    "coverage run --source=app manage.py test", "python manage.py test --parallel",
    ".venv/bin/pytest", "npm test", "go test ./...", "uvx --with tox-uv tox -e py",
    "tox -e ${{ matrix.env }}", "cargo hack test --feature-powerset", "cargo miri test",
    "cargo +nightly test", "cargo llvm-cov --all-features --lcov", "cargo tarpaulin",
    "yarn workspace web test", "make run-telemetry-tests", "make integration-test",
    "just unit-tests", "npm run e2e", "richgo test -v ./...",
    # Ruby, PHP, Elixir, Scala, Swift, C/C++ and others
    "bundle exec rspec", "bundle exec rake all_specs", "bundle exec rake spec:unit",
    "bin/rails test", "php artisan test --parallel", "composer test", "composer run-script test",
    "vendor/bin/phpunit --coverage-clover c.xml", "./vendor/bin/pest", "mix test",
    "sbt clean coverage test", "swift test", "ctest --output-on-failure", "zig build test",
    "bundle exec cucumber",
])
def test_commands_that_run_tests(command: str) -> None:
    assert command_runs_tests(command)


@pytest.mark.parametrize("command", [
    "pip install pytest tox", "uv pip install -e .[test]", "echo pytest", "ruff check .",
    "tox -e lint", "nox -s docs lint", "tox -e py311 --notest", "make lint", "make docs",
    "make check-format", "cat pytest.ini", "pip install pytest-cov", "hatch run lint:check",
    "uv run --group test ruff check .", "mypy src", "poetry add --group dev pytest",
    "python -m build", "hatch run test:lint", "cargo check --all-targets", "cargo hack check",
    "cargo hack build --feature-powerset", "cargo llvm-cov report --lcov", "deno check main.ts",
    "yarn workspace web build", "make testdata", "make install-test-deps", "make latest",
    "bundle exec rake", "composer install", "rake db:migrate", "rails server",
    "gem install rspec", "mix format --check-formatted", "bundle exec rake standard",
])
def test_commands_that_do_not_run_tests(command: str) -> None:
    assert not command_runs_tests(command)


def test_segments_split_at_shell_operators() -> None:
    assert command_runs_tests("pip install -e . && pytest -q")
    assert not segment_runs_tests("pip install -e . && pytest -q")


@pytest.mark.parametrize(("path", "system"), [
    (".github/workflows/ci.yml", "github-actions"), (".github/workflows/x/ci.yml", ""),
    (".gitlab-ci.yml", "gitlab-ci"), (".circleci/config.yml", "circleci"),
    ("azure-pipelines.yml", "azure-pipelines"), (".azure-pipelines/ci.yaml", "azure-pipelines"),
    ("Jenkinsfile", "jenkins"), ("ci/Jenkinsfile.release", "jenkins"),
    ("tests/data/Jenkinsfile", ""), (".travis.yml", "travis"),
    ("bitbucket-pipelines.yml", "bitbucket"), (".buildkite/pipeline.yml", "buildkite"),
    (".drone.yml", "drone"), (".woodpecker.yml", "woodpecker"),
    (".woodpecker/test.yaml", "woodpecker"), ("appveyor.yml", "appveyor"),
    (".appveyor.yml", "appveyor"), (".cirrus.yml", "cirrus"), ("README.md", ""),
])
def test_ci_systems_by_path(path: str, system: str) -> None:
    assert ci_system(path) == system


def test_several_systems_are_listed_sorted() -> None:
    facts = automation({".travis.yml": "script: pytest\n", "Jenkinsfile": "sh 'make test'\n",
                        ".github/workflows/a.yml": "on: push\n"})
    assert facts.ci_systems == ("github-actions", "jenkins", "travis")
    assert facts.practices[1].evidence == (".travis.yml:1", "Jenkinsfile:1")


def test_script_run_by_ci_is_read_one_level_deep() -> None:
    workflow = "on: push\njobs:\n  t:\n    steps:\n      - run: scripts/test\n"
    texts = {".github/workflows/t.yml": workflow,
             "scripts/test": "#!/bin/sh\nset -ex\n${PREFIX}coverage run -m pytest \"$@\"\n"}
    assert runs_tests_at(texts) == (".github/workflows/t.yml:5",)
    texts["scripts/test"] = "#!/bin/sh\nruff check .\n"
    assert runs_tests_at(texts) == ()


def test_bash_ci_run_script_and_python_script() -> None:
    workflow = "on: push\njobs:\n  t:\n    steps:\n      - run: bash .ci/run\n"
    texts = {".github/workflows/t.yml": workflow, ".ci/run": "uv run pytest\n"}
    assert runs_tests_at(texts) == (".github/workflows/t.yml:5",)
    python = {".github/workflows/t.yml": workflow.replace("bash .ci/run", "python tools/ci.py"),
              "tools/ci.py": "import subprocess\nsubprocess.run(['pytest', '-q'])\n"}
    assert runs_tests_at(python) == (".github/workflows/t.yml:5",)
    python["tools/ci.py"] = "import pytest\n"  # importing pytest is not running it
    assert runs_tests_at(python) == ()


def test_gitlab_local_includes_are_read() -> None:
    texts = {".gitlab-ci.yml": "include:\n  - local: /ci/test.yml\n  - '.gitlab/*.yml'\n",
             "ci/test.yml": "unit:\n  script:\n    - tox -e py\n",
             ".gitlab/lint.yml": "lint:\n  before_script: [pip install ruff]\n  script: ruff .\n"}
    facts = automation(texts)
    assert facts.practices[0].evidence == (".gitlab-ci.yml", ".gitlab/lint.yml", "ci/test.yml")
    assert facts.practices[1].evidence == ("ci/test.yml:3",)


def test_local_composite_action_is_read() -> None:
    workflow = "on: push\njobs:\n  t:\n    steps:\n      - uses: ./.github/actions/test\n"
    action = "runs:\n  using: composite\n  steps:\n    - run: nox -s tests\n      shell: bash\n"
    texts = {".github/workflows/t.yml": workflow, ".github/actions/test/action.yml": action}
    assert runs_tests_at(texts) == (".github/actions/test/action.yml:4",)


def test_reusable_workflow_named_for_tests_is_weak_evidence_only_if_nothing_else() -> None:
    caller = ("on: push\njobs:\n  call:\n"
              "    uses: org/shared/.github/workflows/python-tests.yml@v1\n")
    facts = automation({".github/workflows/ci.yml": caller})
    assert facts.practices[1].evidence == (".github/workflows/ci.yml:4",)
    assert "named for tests" in facts.practices[1].note
    both = automation({".github/workflows/ci.yml": caller,
                       ".github/workflows/own.yml": "on: push\njobs:\n  t:\n    steps:\n"
                                                    "      - run: pytest\n"})
    assert both.practices[1].evidence == (".github/workflows/own.yml:5",)


def test_other_systems_commands() -> None:
    circle = ("version: 2.1\njobs:\n  test:\n    steps:\n      - checkout\n"
              "      - run:\n          name: tests\n          command: python -m pytest\n")
    azure = "steps:\n- script: |\n    pip install .\n    tox\n  displayName: tests\n"
    drone = "kind: pipeline\nsteps:\n- name: lint\n  commands: [flake8]\n---\nkind: pipeline\n" \
            "steps:\n- name: test\n  commands:\n  - pytest\n"
    assert runs_tests_at({".circleci/config.yml": circle}) == (".circleci/config.yml:8",)
    assert runs_tests_at({"azure-pipelines.yml": azure}) == ("azure-pipelines.yml:4",)
    assert runs_tests_at({".drone.yml": drone}) == (".drone.yml:10",)
    cirrus = "task:\n  container: {image: python}\n  test_script: nox\n"
    assert runs_tests_at({".cirrus.yml": cirrus}) == (".cirrus.yml:3",)


def test_jenkinsfile_is_searched_as_text() -> None:
    jenkins = "pipeline {\n  stages {\n    stage('t') {\n      steps { sh 'tox -e py3' }\n"
    assert runs_tests_at({"Jenkinsfile": jenkins}) == ("Jenkinsfile:4",)
    assert runs_tests_at({"Jenkinsfile": "sh 'make docs'\n"}) == ()


def test_text_fallback_ignores_step_names() -> None:
    broken = "on: push\njobs:\n  t:\n    steps:\n      - name: run pytest\n        run: ruff .\n" \
             "  bad: [\n"
    facts = automation({".github/workflows/t.yml": broken})
    assert facts.problems and facts.practices[1].evidence == ()


def test_yaml_alias_bomb_and_huge_files_do_not_hang_or_raise() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9)) + "script: [pytest]\n"
    assert runs_tests_at({".travis.yml": bomb}) == (".travis.yml:11",)
    huge = "script:\n  - pytest\n" + "# filler\n" * 150_000
    facts = automation({".travis.yml": huge})
    assert facts.problems == ((".travis.yml", "CI file is over 1 MB; read as text"),)
    assert facts.practices[1].evidence == (".travis.yml:2",)


@pytest.mark.parametrize("document", ["", "just a string\n", "- a\n- b\n", "~\n", "42\n",
                                      "on: [push, release]\n", "? [a, b]\n: c\n",
                                      "x: !!python/object:os.system ls\n", "[" * 5000])
def test_odd_documents_never_raise(document: str) -> None:
    facts = automation({".github/workflows/x.yml": document})
    assert facts.ci_systems == ("github-actions",)


def test_on_release_as_a_list_item() -> None:
    facts = automation({".github/workflows/x.yml": "on: [push, release]\njobs: {}\n"})
    assert facts.practices[-1].evidence == (".github/workflows/x.yml:1",)


def test_continued_command_is_found_at_its_first_line() -> None:
    workflow = ("on: push\njobs:\n  t:\n    steps:\n      - name: Run tests\n"
                "        run: |\n          uv run \\\n            --frozen \\\n"
                "            pytest\n")
    assert runs_tests_at({".github/workflows/t.yml": workflow}) == (".github/workflows/t.yml:7",)
    facts = automation({".github/workflows/t.yml": workflow})
    assert "`uv run --frozen pytest`" in facts.practices[1].note


def _ci_runs_tests(git_repo: GitRepo) -> CheckResult:
    """Scan the repository and return its ci-runs-tests check."""
    report = api.scan(git_repo.root, now=datetime(2026, 6, 1, tzinfo=UTC), environ={},
                      flags={"cache": False})
    return next(c for p in report.pillars for c in p.checks
                if c.id == "operability.ci-runs-tests")


def test_rust_crate_whose_ci_tests_through_cargo_hack_runs_its_tests(git_repo: GitRepo) -> None:
    # cargo-hack runs `cargo test` once per feature combination: the tests run.
    workflow = ("on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n"
                "      - run: cargo hack check --each-feature\n"
                "      - run: cargo hack test --feature-powerset\n")
    git_repo.commit({"Cargo.toml": '[package]\nname = "kv"\nversion = "0.1.0"\n',
                     "src/lib.rs": "pub fn get() -> u8 { 1 }\n",
                     ".github/workflows/ci.yml": workflow})
    check = _ci_runs_tests(git_repo)
    assert check.score == 10.0, check.reason
    assert not check.findings


@pytest.mark.parametrize("run", ["${{ env.CARGO }} test --workspace", "$CARGO test",
                                 "${CARGO} test", "cross test --target armv7"])
def test_ci_running_tests_through_a_variable_the_workflow_sets_runs_them(
        git_repo: GitRepo, run: str) -> None:
    # ripgrep's workflow sets CARGO (cargo, or cross for other targets) and runs
    # `${{ env.CARGO }} test`: the variable is the workflow's own, so its value is read.
    workflow = ("on: push\nenv:\n  CARGO: cargo\njobs:\n  test:\n    runs-on: ubuntu-latest\n"
                f"    steps:\n      - run: {run}\n")
    git_repo.commit({"Cargo.toml": '[package]\nname = "kv"\nversion = "0.1.0"\n',
                     "src/lib.rs": "pub fn get() -> u8 { 1 }\n",
                     ".github/workflows/ci.yml": workflow})
    check = _ci_runs_tests(git_repo)
    assert check.score == 10.0, check.reason


def test_a_variable_the_workflow_does_not_set_is_not_guessed(git_repo: GitRepo) -> None:
    workflow = ("on: push\nenv:\n  CARGO: cargo\njobs:\n  test:\n    runs-on: ubuntu-latest\n"
                "    steps:\n      - run: ${{ env.RUNNER }} test\n")
    git_repo.commit({"Cargo.toml": '[package]\nname = "kv"\nversion = "0.1.0"\n',
                     "src/lib.rs": "pub fn get() -> u8 { 1 }\n",
                     ".github/workflows/ci.yml": workflow})
    assert _ci_runs_tests(git_repo).score == 0.0


def test_ci_running_a_make_target_named_for_tests_runs_the_tests(git_repo: GitRepo) -> None:
    workflow = ("on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n"
                "      - run: make build\n      - run: make run-integration-tests\n")
    git_repo.commit({"Makefile": "build:\n\tgo build ./...\nrun-integration-tests:\n"
                                 "\tgo test ./...\n",
                     "go.mod": "module example.com/svc\n\ngo 1.22\n",
                     "main.go": "package main\n\nfunc main() {}\n",
                     ".github/workflows/ci.yml": workflow})
    check = _ci_runs_tests(git_repo)
    assert check.score == 10.0, check.reason


MAKEFILE = """\
BIN="./bin"
ifeq (, $(shell which golangci-lint))
$(warning "could not find golangci-lint: run curl -sfL https://example.com/x.sh | sh")
endif
.PHONY: ci lint unit richer nightly

ci: lint unit
nightly:
\t$(MAKE) unit
lint:
\tgolangci-lint run
unit: deps
\t@go test \\
\t  -race ./...
richer:
\trichgo test ./...
deps:
\tgo mod download
"""


@pytest.mark.parametrize(("command", "runs"), [
    ("make ci", True), ("make unit", True), ("make richer", True), ("make nightly", True),
    ("make lint", False),
    ("make deps", False), ("make -C docs ci", False), ("make nothing", False),
])
def test_a_make_target_runs_tests_through_its_recipe_or_prerequisites(command: str,
                                                                       runs: bool) -> None:
    workflow = f"on: push\njobs:\n  t:\n    steps:\n      - run: {command}\n"
    texts = {".github/workflows/t.yml": workflow, "Makefile": MAKEFILE}
    assert bool(runs_tests_at(texts)) is runs


# Prometheus's shared Makefile.common, included by every exporter's Makefile: targets are
# forwarded to common-<target>, and the first target (the default goal) builds and tests.
SHARED_MAKEFILE = """\
GO ?= go
%: common-% ;

.PHONY: common-all
common-all: precheck style build test

common-style:
\tgofmt -l .
common-build:
\tpromu build
common-test: $(GOTEST_DIR)
\t$(GO) test ./...
common-unit:
\tgo test -short ./...
"""
INCLUDING_MAKEFILE = """\
DOCKER_ARCHS ?= amd64
.DEFAULT_GOAL_UNRELATED = x
include Makefile.common

assets:
\tgo generate
"""


@pytest.mark.parametrize(("command", "runs"), [
    ("make", True), ("make -j4", True), ("make V=1", True), ("make unit", True),
    ("make style", False), ("make assets", False),
])
def test_the_default_goal_included_makefiles_and_pattern_rules_are_followed(
        command: str, runs: bool) -> None:
    texts = {".github/workflows/t.yml": f"on: push\njobs:\n  t:\n    steps:\n"
                                        f"      - run: {command}\n",
             "Makefile": INCLUDING_MAKEFILE, "Makefile.common": SHARED_MAKEFILE}
    assert bool(runs_tests_at(texts)) is runs


@pytest.mark.parametrize(("makefile", "runs"), [
    ("build:\n\tgo build\ntest:\n\tgo test ./...\n", False),  # the first target builds
    (".DEFAULT_GOAL := test\nbuild:\n\tgo build\ntest:\n\tgo test ./...\n", True),
    (".PHONY: all\n%.o: %.c\n\tcc $<\nall: test\ntest:\n\tgo test\n", True),
])
def test_a_bare_make_makes_the_default_goal(makefile: str, runs: bool) -> None:
    texts = {".github/workflows/t.yml": "on: push\njobs:\n  t:\n    steps:\n      - run: make\n",
             "Makefile": makefile}
    assert bool(runs_tests_at(texts)) is runs


def test_semaphore_runs_tests_and_a_switched_off_jenkinsfile_is_no_ci() -> None:
    from scorecard.analyzers.signals.ci_files import ci_system
    semaphore = ("version: v1.0\nblocks:\n  - name: Build\n    task:\n      jobs:\n"
                 "        - name: Test\n          commands:\n            - checkout\n"
                 "            - mvn -B clean verify\n")
    assert runs_tests_at({".semaphore/semaphore.yml": semaphore})
    assert ci_system(".semaphore/semaphore.yml") == "semaphore"
    assert ci_system("Jenkinsfile.disable") == "" and ci_system("Jenkinsfile.bak") == ""
    assert ci_system("Jenkinsfile.release") == "jenkins"


def test_ci_making_a_target_whose_recipe_runs_tests_runs_the_tests(git_repo: GitRepo) -> None:
    # `make ci` runs the tests through its `unit` prerequisite: no target is named for tests.
    workflow = ("on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n"
                "      - run: make ci\n")
    git_repo.commit({"Makefile": MAKEFILE, "go.mod": "module example.com/svc\n\ngo 1.22\n",
                     "main.go": "package main\n\nfunc main() {}\n",
                     ".github/workflows/ci.yml": workflow})
    check = _ci_runs_tests(git_repo)
    assert check.score == 10.0, check.reason


@pytest.mark.parametrize(("command", "runs"), [("python -m tests.unit", True),
                                               ("python -m tests", True),
                                               ("python -m testing_tools.build", False),
                                               ("python -m tests_data_generator", False)])
def test_a_test_package_run_as_a_module_runs_the_tests(command: str, runs: bool) -> None:
    from scorecard.analyzers.signals.ci_commands import command_runs_tests
    assert command_runs_tests(command) is runs


@pytest.mark.parametrize(("run", "score"), [("helm unittest charts/app", 10.0),
                                            ("promtool test rules tests/*.yaml", 10.0),
                                            ("ct lint-and-install --config ct.yaml", 10.0),
                                            ("helm lint charts/app", 0.0)])
def test_an_operations_repositorys_ci_is_judged_on_its_chart_and_rule_tests(
        git_repo: GitRepo, run: str, score: float) -> None:
    # A Helm chart repository has no application code, but its CI tests (or only lints)
    # its charts, and the automation expected of operations repositories applies.
    workflow = ("on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n"
                f"      - run: {run}\n")
    git_repo.commit({"charts/app/Chart.yaml": "apiVersion: v2\nname: app\nversion: 1.0.0\n",
                     "charts/app/values.yaml": "replicas: 1\n",
                     "charts/app/templates/deploy.yaml": "kind: Deployment\n",
                     "README.md": "# Charts\n",
                     ".github/workflows/ci.yml": workflow})
    check = _ci_runs_tests(git_repo)
    assert check.score == score, check.reason
    report = api.scan(git_repo.root, now=datetime(2026, 6, 1, tzinfo=UTC), environ={},
                      flags={"cache": False})
    automation = next(c for p in report.pillars for c in p.checks
                      if c.id == "operability.automation")
    assert "expected of an operations repository" in automation.reason


@pytest.mark.parametrize("run", ["make test-e2e", "make testacc", "pytest -m integration",
                                 "go test ./... -run TestAcc -tags acceptance"])
def test_a_ci_run_of_an_integration_suite_is_integration_evidence(git_repo: GitRepo,
                                                                  run: str) -> None:
    # node_exporter's CI runs `make test-e2e`; a Terraform provider's `make testacc`.
    workflow = ("on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n"
                f"      - run: {run}\n")
    git_repo.commit({"Makefile": "test-e2e:\n\tgo test ./e2e/...\ntestacc:\n"
                                 "\tTF_ACC=1 go test ./...\n",
                     "go.mod": "module example.com/x\n",
                     "main.go": "package main\n\nfunc main() {}\n",
                     "main_test.go": "package main\n\nimport \"testing\"\n\n"
                                     "func TestX(t *testing.T) {}\n",
                     "app/x.py": "def f():\n    return 1\n",
                     "tests/test_x.py": "def test_f():\n    assert True\n",
                     ".github/workflows/ci.yml": workflow})
    report = api.scan(git_repo.root, now=datetime(2026, 6, 1, tzinfo=UTC), environ={},
                      flags={"cache": False})
    integration = next(c for p in report.pillars for c in p.checks
                       if c.id == "operability.integration-tests")
    assert integration.score == 10.0 and ".github/workflows/ci.yml:6" in integration.reason
