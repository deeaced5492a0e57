"""Automation practices from path lists and texts (no git): each practice present and absent."""

from __future__ import annotations

import pytest

from scorecard.analyzers.signals.automation import (
    PRACTICES,
    AutomationFacts,
    Practice,
    detect_automation,
)

WORKFLOW = """\
name: tests
on:
  push:
    branches: [main]
  pull_request:
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Install
        run: pip install -e .[test] pytest
      - name: Test
        run: |
          echo "running pytest"
          python -m pytest -q tests
"""
LINT_ONLY = WORKFLOW.replace("python -m pytest -q tests", "ruff check .").replace(
    "tests\n", "lint\n", 1)


def automation(texts: dict[str, str]) -> AutomationFacts:
    """Detect on a repository made of exactly these files."""
    return detect_automation(sorted(texts), texts.get)


def practice(texts: dict[str, str], name: str) -> Practice:
    """Return one practice for a repository made of these files."""
    return next(p for p in automation(texts).practices if p.name == name)


def test_every_practice_is_reported_in_order_and_absent_for_an_empty_repository() -> None:
    facts = automation({})
    assert tuple(p.name for p in facts.practices) == PRACTICES
    assert [p.present for p in facts.practices] == [False] * len(PRACTICES)
    assert all(p.evidence == () and p.note for p in facts.practices)
    assert facts.problems == () and facts.ci_systems == ()


def test_github_workflow_running_pytest_gives_ci_and_tests_at_the_command_line() -> None:
    facts = automation({".github/workflows/ci.yml": WORKFLOW})
    assert facts.ci_systems == ("github-actions",)
    ci, tests = facts.practices[0], facts.practices[1]
    assert ci.present and ci.evidence == (".github/workflows/ci.yml",)
    # line 16 holds `python -m pytest`; line 12 only installs pytest, line 15 echoes it
    assert tests.present and tests.evidence == (".github/workflows/ci.yml:16",)
    assert "python -m pytest -q tests" in tests.note


def test_workflow_that_only_lints_does_not_run_tests() -> None:
    tests = practice({".github/workflows/lint.yml": LINT_ONLY}, "ci_runs_tests")
    assert not tests.present and tests.evidence == ()
    assert practice({".github/workflows/lint.yml": LINT_ONLY}, "ci").present


def test_templated_ci_yaml_is_a_problem_and_text_fallback_still_finds_pytest() -> None:
    gitlab = ("stages: [test]\n"
              "{% for py in versions %}\n"
              "test-{{ py }}:\n"
              "  image: python:{{ py }}\n"
              "  script:\n"
              "    - pip install .\n"
              "    - pytest --junitxml=report.xml\n"
              "{% endfor %}\n")
    facts = automation({".gitlab-ci.yml": gitlab})
    assert facts.ci_systems == ("gitlab-ci",)
    [(path, message)] = facts.problems
    assert path == ".gitlab-ci.yml"
    assert message.startswith("CI file is not valid YAML (line ")
    assert message.endswith("; read as text")
    assert facts.practices[1].evidence == (".gitlab-ci.yml:7",)


def test_invalid_yaml_problem_names_the_line() -> None:
    facts = automation({".travis.yml": "script:\n  - tox\n bad: [unclosed\n"})
    [(_, message)] = facts.problems
    assert "(line 3)" in message
    assert facts.practices[1].evidence == (".travis.yml:2",)


@pytest.mark.parametrize("name", ["build.gradle.kts", "pom.xml", "Rakefile", "gulpfile.js",
                                  "Makefile.toml", "build.sbt"])
def test_each_ecosystems_task_runner_counts(name: str) -> None:
    assert practice({name: "x\n"}, "task_runner").evidence == (name,)
    assert not practice({f"sub/{name}": "x\n"}, "task_runner").present


def test_makefile_tox_and_poe_tasks_are_task_runners() -> None:
    assert practice({"Makefile": "test:\n\tpytest\n"}, "task_runner").evidence == ("Makefile",)
    poe = "[project]\nname = 'x'\n\n[tool.poe.tasks]\ntest = 'pytest'\n"
    runner = practice({"pyproject.toml": poe}, "task_runner")
    assert runner.present and runner.evidence == ("pyproject.toml:4",)
    assert "[tool.poe.tasks]" in runner.note


def test_tox_ini_only_configuring_flake8_is_not_a_task_runner_but_is_lint_config() -> None:
    texts = {"tox.ini": "[flake8]\nmax-line-length = 100\n"}
    assert not practice(texts, "task_runner").present
    assert practice(texts, "lint_config").evidence == ("tox.ini:1",)
    assert practice({"tox.ini": "[tox]\nenv_list = py3\n"}, "task_runner").present


def test_hatch_scripts_setup_cfg_tox_and_package_json_scripts() -> None:
    hatch = "[tool.hatch.envs.default]\nx = 1\n\n[tool.hatch.envs.default.scripts]\nt = 'pytest'\n"
    assert practice({"pyproject.toml": hatch}, "task_runner").evidence == ("pyproject.toml:1",)
    empty = "[tool.hatch.envs.default]\ndependencies = []\n"
    assert not practice({"pyproject.toml": empty}, "task_runner").present
    assert practice({"setup.cfg": "[metadata]\n[tox:tox]\n"}, "task_runner").evidence == (
        "setup.cfg:2",)
    assert practice({"package.json": '{\n "name": "x",\n "scripts": {"t": "jest"}\n}'},
                    "task_runner").evidence == ("package.json:3",)
    assert not practice({"package.json": '{"scripts": {}}'}, "task_runner").present
    assert not practice({"docs/Makefile": "html:\n"}, "task_runner").present


def test_invalid_pyproject_is_a_problem_not_a_crash() -> None:
    facts = automation({"pyproject.toml": "[tool.ruff\nline-length = 1\n"})
    assert [path for path, _ in facts.problems] == ["pyproject.toml"]
    assert not any(p.present for p in facts.practices)


PINNED = """\
# tools
-r base.txt
--index-url https://example.org/simple
-e .
black==24.3.0  # formatter
Django[argon2]===5.0.1 ; python_version >= "3.10"
cryptography==42.0.5 \\
    --hash=sha256:abc
"""
UNPINNED = "requests>=2\nflask\n"


def test_pinned_and_unpinned_requirement_files_are_counted() -> None:
    both = practice({"requirements.txt": PINNED, "requirements-dev.txt": UNPINNED},
                    "locked_dependencies")
    assert both.present and both.evidence == ("requirements.txt",)
    assert "1 of 2 requirement files fully pinned" in both.note
    loose = practice({"requirements.txt": UNPINNED}, "locked_dependencies")
    assert not loose.present and "0 of 1 requirement file fully pinned" in loose.note


def test_wildcard_pins_and_bare_urls_are_not_pinned() -> None:
    assert not practice({"requirements.txt": "a==1.*\n"}, "locked_dependencies").present
    assert not practice({"requirements/prod.txt": "https://x.org/a.whl\n"},
                        "locked_dependencies").present
    assert practice({"requirements/prod.txt": "a==1.2\n"}, "locked_dependencies").present


@pytest.mark.parametrize("lock", ["poetry.lock", "uv.lock", "Pipfile.lock", "pdm.lock",
                                  "pylock.toml", "pylock.dev.toml", "requirements-dev.lock",
                                  "conda-lock.yml", "web/package-lock.json", "yarn.lock",
                                  "pnpm-lock.yaml"])
def test_lock_files(lock: str) -> None:
    assert practice({lock: ""}, "locked_dependencies").evidence == (lock,)


def test_lock_files_in_test_fixtures_do_not_count() -> None:
    assert not practice({"tests/fixtures/poetry.lock": ""}, "locked_dependencies").present


@pytest.mark.parametrize("path", ["Dockerfile", "docker/Dockerfile.prod", "app.dockerfile",
                                  "Containerfile", "Earthfile"])
def test_container_files(path: str) -> None:
    assert practice({path: "FROM python:3.12\n"}, "container_build").evidence == (path,)


def test_compose_counts_only_with_build_and_buildpacks_need_their_table() -> None:
    compose = "services:\n  web:\n    image: x\n  app:\n    build: .\n"
    assert practice({"docker-compose.yml": compose}, "container_build").evidence == (
        "docker-compose.yml:5",)
    assert not practice({"compose.yaml": "services:\n  db:\n    image: postgres\n"},
                        "container_build").present
    assert practice({"project.toml": "[_]\nschema-version = '0.2'\n"},
                    "container_build").evidence == ("project.toml:1",)
    assert not practice({"project.toml": "[tool]\n"}, "container_build").present
    assert not practice({"Dockerfile.md": "notes"}, "container_build").present


def test_lint_configuration_sources() -> None:
    pyproject = "[project]\nname='x'\n[tool.ruff]\nline-length=100\n[tool.mypy]\nstrict=true\n"
    lint = practice({"pyproject.toml": pyproject}, "lint_config")
    assert lint.evidence == ("pyproject.toml:3", "pyproject.toml:5")
    assert "ruff" in lint.note and "mypy" in lint.note
    assert practice({".flake8": "[flake8]\n"}, "lint_config").evidence == (".flake8",)
    assert practice({"setup.cfg": "[metadata]\nname=x\n[mypy-foo.*]\n"},
                    "lint_config").evidence == ("setup.cfg:3",)
    assert not practice({".editorconfig": "root = true\n"}, "lint_config").present


@pytest.mark.parametrize(("path", "text", "tool"), [
    (".yamllint", "extends: default\n", "yamllint"),
    (".github/linters/ct.yaml", "chart-dirs:\n  - charts\ntarget-branch: main\n",
     "chart-testing"),
    (".tflint.hcl", 'plugin "aws" {\n  enabled = true\n}\n', "tflint"),
    (".hadolint.yaml", "ignored:\n  - DL3008\n", "hadolint"),
    (".shellcheckrc", "disable=SC2086\n", "shellcheck"),
    (".markdownlint.json", '{"MD013": false}\n', "markdownlint"),
])
def test_linters_of_operations_content_are_lint_configuration(path: str, text: str,
                                                              tool: str) -> None:
    lint = practice({path: text}, "lint_config")
    assert lint.evidence == (path,) and tool in lint.note


RUST_CI = """\
name: ci
on: [push]
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: cargo fmt -- --check
      - run: cargo clippy --all-targets -- -D warnings
"""


@pytest.mark.parametrize(("texts", "tools", "evidence"), [
    # Linters that need no configuration file, run by CI or a task file.
    ({".github/workflows/ci.yml": RUST_CI}, ["cargo fmt", "cargo clippy"],
     (".github/workflows/ci.yml:8", ".github/workflows/ci.yml:9")),
    ({"Makefile": "lint:\n\tgo vet ./...\n\tgofmt -l .\n"}, ["go vet", "gofmt"],
     ("Makefile:2", "Makefile:3")),
    ({".github/workflows/lint.yml": LINT_ONLY}, ["ruff"], None),
])
def test_a_linter_that_ci_or_a_task_runs_is_the_practice(
        texts: dict[str, str], tools: list[str], evidence: tuple[str, ...] | None) -> None:
    lint = practice(texts, "lint_config")
    assert lint.present
    assert all(tool in lint.note for tool in tools), lint.note
    if evidence is not None:
        assert lint.evidence == evidence


@pytest.mark.parametrize("command", ["echo ruffled", "pip install black-box",
                                     "./scripts/mypy_stub.sh", "go vetting", "cargo build"])
def test_commands_that_only_look_like_linters_are_not_the_practice(command: str) -> None:
    workflow = LINT_ONLY.replace("ruff check .", command)
    assert not practice({".github/workflows/ci.yml": workflow}, "lint_config").present


def test_a_ct_yaml_that_is_not_chart_testing_is_not_lint_configuration() -> None:
    assert not practice({"ct.yaml": "name: computed tomography scan\n"}, "lint_config").present


PRECOMMIT = """\
repos:
  - repo: https://github.com/astral-sh/ruff-pre-commit
    rev: v0.5.0
    hooks:
      - id: ruff
      - id: ruff-format
"""


def test_precommit_config_needs_a_hook() -> None:
    present = practice({".pre-commit-config.yaml": PRECOMMIT}, "precommit")
    assert present.evidence == (".pre-commit-config.yaml",)
    assert "2 pre-commit hooks (ruff, ruff-format)" in present.note
    assert not practice({".pre-commit-config.yaml": "repos: []\n"}, "precommit").present
    assert practice({".husky/pre-commit": "npx lint-staged"}, "precommit").present
    assert practice({"lefthook.yml": "pre-commit:\n"}, "precommit").present


def test_invalid_precommit_config_is_a_problem_and_read_as_text() -> None:
    facts = automation({".pre-commit-config.yaml": PRECOMMIT + "  - repo: [\n"})
    assert facts.problems[0][0] == ".pre-commit-config.yaml"
    assert "pre-commit config is not valid YAML" in facts.problems[0][1]
    assert facts.practices[PRACTICES.index("precommit")].present


RELEASE = """\
name: release
on:
  release:
    types: [published]
jobs:
  pypi:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: python -m build
      - uses: pypa/gh-action-pypi-publish@release/v1
"""
TAG_PUSH = """\
name: publish
"on":
  push:
    tags:
      - "v*"
jobs:
  upload:
    runs-on: ubuntu-latest
    steps:
      - run: twine upload dist/*
"""


def test_release_on_release_event() -> None:
    release = practice({".github/workflows/release.yml": RELEASE}, "release_automation")
    assert release.evidence == (".github/workflows/release.yml:3",
                                ".github/workflows/release.yml:11")
    assert "pypa/gh-action-pypi-publish" in release.note


def test_release_on_tag_push_with_quoted_on_key() -> None:
    release = practice({".github/workflows/publish.yml": TAG_PUSH}, "release_automation")
    assert release.evidence == (".github/workflows/publish.yml:4",
                                ".github/workflows/publish.yml:10")


def test_no_release_automation_for_a_test_workflow_or_untagged_docker_push() -> None:
    assert not practice({".github/workflows/ci.yml": WORKFLOW}, "release_automation").present
    push = WORKFLOW.replace("python -m pytest -q tests", "docker push app:latest")
    assert not practice({".github/workflows/ci.yml": push}, "release_automation").present
    tagged = push.replace("  pull_request:", "  pull_request:\n  workflow_dispatch:").replace(
        "docker push app:latest", "docker push app:${GITHUB_REF#refs/tags/}")
    assert practice({".github/workflows/ci.yml": tagged}, "release_automation").present


def test_release_tool_configuration_counts() -> None:
    assert practice({".releaserc.json": "{}"}, "release_automation").evidence == (
        ".releaserc.json",)
    assert practice({"pyproject.toml": "[tool.semantic_release]\nbranch='main'\n"},
                    "release_automation").evidence == ("pyproject.toml:1",)


def test_evidence_is_capped_at_five_and_sorted_by_line_number() -> None:
    steps = "".join(f"      - run: pytest -k t{i}\n" for i in range(12))
    workflow = "on: push\njobs:\n  t:\n    steps:\n" + steps
    tests = practice({".github/workflows/ci.yml": workflow}, "ci_runs_tests")
    assert tests.evidence == tuple(f".github/workflows/ci.yml:{n}" for n in range(5, 10))


def test_an_elixir_projects_mix_tasks_and_credo_count() -> None:
    # hexpm: mix.exs (its aliases are the tasks), .credo.exs, CI runs mix format --check.
    texts = {"mix.exs": "defmodule Hexpm.MixProject do\nend\n", ".credo.exs": "%{}\n"}
    assert practice(texts, "task_runner").evidence == ("mix.exs",)
    assert practice(texts, "lint_config").present
    ci = {".github/workflows/ci.yml": "on: push\njobs:\n  lint:\n    runs-on: x\n    steps:\n"
                                      "      - run: mix format --check-formatted\n"}
    assert practice(ci, "lint_config").present


@pytest.mark.parametrize(("texts", "tool"), [
    # package.json configures the linter under its own key, or a script runs one.
    ({"package.json": '{"name": "serve", "eslintConfig": {"extends": "x"}}'}, "eslint"),
    ({"package.json": '{"name": "serve", "prettier": "@vercel/style-guide/prettier"}'},
     "prettier"),
    ({"package.json": '{"scripts": {"lint:code": "eslint --max-warnings=0 source"}}'},
     "eslint"),
    # A mixin's Makefile lints its rules, Jsonnet and dashboards; CI runs make lint.
    ({"Makefile": "lint:\n\tjsonnet-lint mixin.libsonnet\n\tpromtool check rules x.yaml\n"},
     "jsonnet-lint"),
    ({".pint.hcl": "rule {}\n"}, "pint"),
    ({".github/workflows/ci.yml": "on: push\njobs:\n  l:\n    steps:\n      - run: deno lint\n"},
     "deno lint"),
])
def test_linters_in_package_json_task_files_and_ops_tools(texts: dict[str, str],
                                                          tool: str) -> None:
    lint = practice(texts, "lint_config")
    assert lint.present and tool in lint.note, lint.note


def test_husky_in_a_folder_of_its_own_is_a_commit_hook() -> None:
    texts = {"package.json": '{"scripts": {"prepare": "husky install config/husky"}}',
             "config/husky/pre-commit": "npx lint-staged\n"}
    hooks = practice(texts, "precommit")
    assert hooks.present and hooks.evidence == ("config/husky/pre-commit",)
    assert not practice({"package.json": texts["package.json"]}, "precommit").present


def test_a_scripts_folder_of_everyday_commands_is_a_task_runner() -> None:
    texts = {"scripts/install": "#!/bin/sh\npip install -e .\n",
             "scripts/test": "#!/bin/sh\npytest\n", "scripts/lint": "#!/bin/sh\nruff .\n"}
    assert practice(texts, "task_runner").present
    # One helper script is no set of commands.
    assert not practice({"scripts/release_notes.py": "print(1)\n",
                         "scripts/test": "#!/bin/sh\n"}, "task_runner").present


@pytest.mark.parametrize(("script", "releases"), [
    ("np", True), ("release-it --ci", True), ("changeset publish", True),
    ("pnpm publish --access public", True), ("npm run build && npm publish", True),
    ("np-something", False), ("echo npm", False),
])
def test_a_package_json_release_script_is_release_automation(script: str,
                                                              releases: bool) -> None:
    texts = {"package.json": f'{{"name": "ky", "scripts": {{"release": "{script}"}}}}'}
    assert practice(texts, "release_automation").present is releases
