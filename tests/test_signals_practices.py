"""Automation practices, environments and dashboards from paths and texts (no git needed)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scorecard.analyzers.signals.practices import (
    PRACTICES,
    AutomationFacts,
    Practice,
    detect_automation,
    detect_dashboards,
    detect_environments,
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
      - name: install
        run: pip install -e .[test]
      - name: test
        run: |
          python -m pytest -q
"""
LINT_ONLY = WORKFLOW.replace("python -m pytest -q", "ruff check .")


def automation(texts: dict[str, str]) -> AutomationFacts:
    """Detect on a repository made of these files."""
    return detect_automation(sorted(texts), texts.get)


def practice(facts: AutomationFacts, name: str) -> Practice:
    return next(p for p in facts.practices if p.name == name)


def test_every_practice_is_reported_in_order() -> None:
    facts = automation({})
    assert tuple(p.name for p in facts.practices) == PRACTICES
    assert not any(p.present for p in facts.practices)
    assert facts.problems == () and facts.ci_systems == ()


def test_github_workflow_that_runs_pytest() -> None:
    facts = automation({".github/workflows/ci.yml": WORKFLOW})
    assert facts.ci_systems == ("github-actions",)
    assert practice(facts, "ci").evidence == (".github/workflows/ci.yml",)
    assert practice(facts, "ci_runs_tests").evidence == (".github/workflows/ci.yml:15",)
    assert not practice(facts, "release_automation").present


def test_workflow_that_only_lints_does_not_run_tests() -> None:
    facts = automation({".github/workflows/lint.yml": LINT_ONLY})
    assert practice(facts, "ci").present
    assert not practice(facts, "ci_runs_tests").present


@pytest.mark.parametrize(("path", "text"), [
    (".gitlab-ci.yml", "test:\n  script:\n    - tox -e py311\n"),
    (".circleci/config.yml", "jobs:\n  t:\n    steps:\n      - run: make test\n"),
    ("azure-pipelines.yml", "steps:\n- script: python -m unittest discover\n"),
    (".travis.yml", "script: nox -s tests\n"),
    ("Jenkinsfile", "pipeline { stages { stage('t') { steps { sh 'hatch test' } } } }\n"),
    ("bitbucket-pipelines.yml", "pipelines:\n  default:\n    - step:\n        script:\n"
                                "          - uv run pytest\n"),
])
def test_other_ci_systems(path: str, text: str) -> None:
    facts = automation({path: text})
    assert practice(facts, "ci").present and practice(facts, "ci_runs_tests").present


def test_ci_script_read_one_level_deep() -> None:
    texts = {".github/workflows/ci.yml": WORKFLOW.replace("python -m pytest -q", "bash .ci/run"),
             ".ci/run": "#!/bin/sh\npip install .\npython -m pytest -q\n"}
    assert practice(automation(texts), "ci_runs_tests").evidence == (
        ".github/workflows/ci.yml:15",)
    texts[".ci/run"] = "#!/bin/sh\necho nothing\n"
    assert not practice(automation(texts), "ci_runs_tests").present


def test_templated_ci_yaml_is_a_problem_and_read_as_text() -> None:
    templated = ("test:\n  script:\n{% for v in versions %}\n    - pytest --py {{ v }}\n"
                 "{% endfor %}\n")
    facts = automation({".gitlab-ci.yml": templated})
    assert len(facts.problems) == 1
    path, message = facts.problems[0]
    assert path == ".gitlab-ci.yml"
    assert message.startswith("CI file is not valid YAML (templated)")
    assert "read as text" in message
    assert practice(facts, "ci_runs_tests").evidence == (".gitlab-ci.yml:4",)


def test_release_automation() -> None:
    on_release = "on:\n  release:\n    types: [published]\njobs: {}\n"
    on_tags = ("on:\n  push:\n    tags: ['v*']\njobs:\n  p:\n    steps:\n"
               "      - uses: pypa/gh-action-pypi-publish@release/v1\n")
    assert practice(automation({".github/workflows/r.yml": on_release}),
                    "release_automation").evidence == (".github/workflows/r.yml:2",)
    assert practice(automation({".github/workflows/r.yml": on_tags}),
                    "release_automation").evidence == (".github/workflows/r.yml:3",
                                                       ".github/workflows/r.yml:7")
    assert practice(automation({"pyproject.toml": "[tool.semantic_release]\nx = 1\n"}),
                    "release_automation").present


def test_task_runners() -> None:
    assert practice(automation({"Makefile": "test:\n\tpytest\n"}), "task_runner").present
    assert practice(automation({"noxfile.py": ""}), "task_runner").present
    poe = automation({"pyproject.toml": '[tool.poe.tasks]\ntest = "pytest"\n'})
    assert practice(poe, "task_runner").evidence == ("pyproject.toml [tool.poe.tasks]",)
    assert practice(automation({"setup.cfg": "[tox:tox]\nenvlist = py311\n"}),
                    "task_runner").present
    # A Makefile deep in the tree is some component's, not the project's task runner.
    assert not practice(automation({"vendor/x/Makefile": ""}), "task_runner").present


def test_locked_and_pinned_dependencies() -> None:
    assert practice(automation({"uv.lock": "version = 1\n"}), "locked_dependencies").present
    pinned = automation({"requirements.txt": "# pins\nflask==3.0.0\nrequests===2.32.0  # x\n"
                                             "-r base.txt\n"})
    assert practice(pinned, "locked_dependencies").evidence == ("requirements.txt",)
    loose = automation({"requirements.txt": "flask>=3\nrequests==2.32\n"})
    found = practice(loose, "locked_dependencies")
    assert not found.present and "0 of 1 requirement files fully pinned" in found.note


def test_container_lint_and_precommit() -> None:
    facts = automation({
        "Dockerfile.prod": "FROM python\n", "compose.yaml": "services:\n  a:\n    build: .\n",
        "setup.cfg": "[flake8]\nmax-line-length = 100\n[metadata]\nname = x\n",
        "pyproject.toml": "[tool.mypy]\nstrict = true\n",
        ".pre-commit-config.yaml": "repos:\n  - repo: local\n    hooks: []\n",
    })
    assert practice(facts, "container_build").evidence == ("Dockerfile.prod", "compose.yaml")
    assert practice(facts, "lint_config").evidence == ("pyproject.toml [tool.mypy]",
                                                       "setup.cfg [flake8]")
    assert practice(facts, "precommit").evidence == (".pre-commit-config.yaml",)
    empty_hooks = automation({".pre-commit-config.yaml": "# nothing yet\n"})
    assert not practice(empty_hooks, "precommit").present


def test_invalid_pyproject_is_a_problem() -> None:
    facts = automation({"pyproject.toml": "[tool.ruff\n"})
    assert facts.problems[0][0] == "pyproject.toml"
    assert facts.problems[0][1].startswith("invalid TOML")


def test_environments() -> None:
    found = detect_environments(["docker-compose.yml", ".env.example", "examples/a/run.py",
                                 "examples/b.py", "tests/fixtures/data.json", "src/x.py"],
                                lambda _p: None)
    assert found.present
    assert found.evidence == (".env.example", "docker-compose.yml", "examples/",
                              "tests/fixtures/data.json")
    assert not detect_environments(["src/x.py", "README.md"], lambda _p: None).present


def test_dashboards() -> None:
    texts = {"monitoring/dashboards/api.json": '{"title": "api", "panels": []}',
             "grafana/provisioned.json": '{"dashboard": {"rows": []}}',
             "dashboards/not-a-dashboard.json": '{"title": "x"}',
             "deploy/grafana-dashboard.yaml": "apiVersion: v1\nkind: GrafanaDashboard\n",
             "mixin/dashboards.libsonnet": "local grafana = import 'grafonnet/grafana.libsonnet';",
             "src/panels.json": '{"panels": []}'}
    found = detect_dashboards(sorted(texts), texts.get)
    assert found.evidence == ("deploy/grafana-dashboard.yaml", "grafana/provisioned.json",
                              "mixin/dashboards.libsonnet", "monitoring/dashboards/api.json")
    assert not detect_dashboards(["src/panels.json"], texts.get).present


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(
    st.sampled_from([".github/workflows/a.yml", ".gitlab-ci.yml", "pyproject.toml",
                     "setup.cfg", "requirements.txt", ".pre-commit-config.yaml",
                     "dashboards/a.json", "Jenkinsfile", "compose.yaml", ".ci/run"]),
    st.lists(st.sampled_from(list("ab:-[]{}\n \t'\"=#%&*!|>") + [
        "run", "script", "pytest", "on", "release", "tags", "{{", "panels"]),
        max_size=80).map("".join),
    max_size=6))
def test_random_files_never_raise(texts: dict[str, str]) -> None:
    facts = detect_automation(sorted(texts), texts.get)
    assert len(facts.practices) == len(PRACTICES)
    detect_environments(sorted(texts), texts.get)
    detect_dashboards(sorted(texts), texts.get)
