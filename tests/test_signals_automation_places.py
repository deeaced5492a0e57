"""Environments to experiment in, dashboards, and the never-raise property of all detectors."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scorecard import api
from scorecard.analyzers.signals.automation import (
    PRACTICES,
    detect_automation,
    detect_dashboards,
    detect_environments,
)
from tests.gitrepo import GitRepo

GRAFANA = json.dumps({"title": "API", "panels": [{"type": "graph"}], "schemaVersion": 39})
DATADOG = json.dumps({"title": "API", "widgets": [], "layout_type": "ordered"})


@pytest.mark.parametrize(("path", "evidence"), [
    ("docker-compose.yml", "docker-compose.yml"),
    ("deploy/compose.dev.yaml", "deploy/compose.dev.yaml"),
    (".devcontainer/devcontainer.json", ".devcontainer/"),
    (".env.example", ".env.example"), ("docker/.env.sample", "docker/.env.sample"),
    ("example.env", "example.env"), ("hc/local_settings.py.example",
                                     "hc/local_settings.py.example"),
    ("examples/tutorial/app.py", "examples/"), ("docs/example/run.sh", "docs/example/"),
    ("samples/Web/Program.cs", "samples/"), ("demo/app.ts", "demo/"),
    ("docs/tutorial/step1.py", "docs/tutorial/"),
    ("tests/fixtures/data.json", "tests/fixtures/"), ("Vagrantfile", "Vagrantfile"),
    ("Tiltfile", "Tiltfile"), ("skaffold.yaml", "skaffold.yaml"),
    ("k8s/overlays/dev/kustomization.yaml", "k8s/overlays/dev/kustomization.yaml"),
])
def test_environments_present(path: str, evidence: str) -> None:
    found = detect_environments(["README.md", path], {path: ""}.get)
    assert found.present and found.evidence == (evidence,) and found.note


@pytest.mark.parametrize("path", ["tox.ini", "noxfile.py", "tests/conftest.py", ".env",
                                  "src/app/usage_example.py", "k8s/overlays/prod/x.yaml",
                                  "node_modules/x/examples/a.js", "kind.yaml",
                                  "src/main/java/com/example/App.java"])
def test_environments_absent(path: str) -> None:
    found = detect_environments([path], {path: "kind: Pod\n"}.get)
    assert not found.present and found.evidence == ()
    assert found.note.startswith("No safe place")


def test_samples_folder_is_a_place_to_experiment(git_repo: GitRepo) -> None:
    # .NET and Java projects name their runnable examples samples/, as the path roles do.
    git_repo.commit({"src/Mediator/Mediator.csproj": "<Project Sdk=\"Microsoft.NET.Sdk\" />\n",
                     "src/Mediator/Mediator.cs": "namespace Mediator { public class M {} }\n",
                     "samples/Web/Program.cs": "System.Console.WriteLine(1);\n"})
    report = api.scan(git_repo.root, now=datetime(2026, 6, 1, tzinfo=UTC), environ={},
                      flags={"cache": False})
    check = next(c for p in report.pillars for c in p.checks
                 if c.id == "operability.sandbox-environment")
    assert check.score == 10.0, check.reason
    assert "examples folder" in check.reason


def test_kind_cluster_config_is_read_to_confirm() -> None:
    text = "kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\n"
    assert detect_environments(["dev/kind-config.yaml"], {"dev/kind-config.yaml": text}.get
                               ).evidence == ("dev/kind-config.yaml",)


def test_environment_evidence_shows_each_kind_first_and_at_most_five() -> None:
    paths = [f"pkg{i}/fixtures/x" for i in range(9)] + ["compose.yaml", "examples/a.py"]
    found = detect_environments(paths, lambda _: "")
    assert len(found.evidence) == 5 and found.evidence == tuple(sorted(found.evidence))
    assert {"compose.yaml", "examples/"} <= set(found.evidence)


@pytest.mark.parametrize(("path", "text"), [
    ("monitoring/dashboards/api.json", GRAFANA),
    ("grafana/api.json", json.dumps({"dashboard": {"panels": []}, "overwrite": True})),
    ("ops/dashboard-api.json", DATADOG),
    ("mixin/dashboards.libsonnet",
     "local grafana = import 'github.com/grafana/grafonnet/gen/grafonnet-latest/main.libsonnet';"),
    ("deploy/k8s/dash.yaml",
     "apiVersion: grafana.integreatly.org/v1beta1\nkind: GrafanaDashboard\n"),
])
def test_dashboards_present(path: str, text: str) -> None:
    found = detect_dashboards(["README.md", path], {path: text}.get)
    assert found.present and found.evidence == (path,)
    assert "1 dashboard file is" in found.note


@pytest.mark.parametrize(("path", "text"), [
    ("data/api.json", GRAFANA),  # the path says nothing of dashboards: not read
    ("dashboards/settings.json", json.dumps({"theme": "dark"})),
    ("grafana/broken.json", "{not json"),
    ("grafana/list.json", "[1, 2]"),
    ("tests/fixtures/grafana/api.json", GRAFANA),
    ("deploy/k8s/app.yaml", "kind: Deployment\n"),
    ("lib/config.jsonnet", "{ a: 1 }"),
])
def test_dashboards_absent(path: str, text: str) -> None:
    found = detect_dashboards([path], {path: text}.get)
    assert not found.present and found.evidence == ()


def test_dashboard_files_over_two_megabytes_are_skipped() -> None:
    big = json.dumps({"panels": [], "padding": "x" * 2_100_000})
    assert not detect_dashboards(["grafana/big.json"], {"grafana/big.json": big}.get).present


def test_unreadable_files_are_skipped() -> None:
    def failing(path: str) -> str | None:
        raise OSError(path)

    assert not detect_dashboards(["grafana/a.json"], failing).present
    facts = detect_automation([".github/workflows/a.yml", "requirements.txt"], failing)
    assert facts.practices[0].present and not facts.practices[1].present


TEXTS = st.one_of(st.none(), st.text(max_size=300), st.binary(max_size=200).map(
    lambda b: b.decode("latin-1")), st.sampled_from([
        "on:\n  release:\n", "{{ x }}\n", "[" * 200, "{\"panels\": 1}", "repos: 5\n",
        "a: &a [*a]\n", "script: [pytest, {x: 1}]\n", "[tool.poe]\ntasks = 3\n", "\x00\xff"]))
PATHS = st.one_of(st.text(max_size=40), st.sampled_from([
    ".github/workflows/ci.yml", ".gitlab-ci.yml", "Jenkinsfile", "pyproject.toml",
    "requirements.txt", "tox.ini", "setup.cfg", "package.json", ".pre-commit-config.yaml",
    "docker-compose.yml", "grafana/d.json", "mixin/x.libsonnet", "deploy/k8s/d.yaml",
    "project.toml", "tasks.py", "Dockerfile", "", "/", "a//b", "../x"]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(PATHS, TEXTS, max_size=8))
def test_random_paths_and_texts_never_raise(files: dict[str, str | None]) -> None:
    paths = list(files)
    facts = detect_automation(paths, files.get)
    assert tuple(p.name for p in facts.practices) == PRACTICES
    assert all(len(p.evidence) <= 5 and p.present == bool(p.evidence) for p in facts.practices)
    assert all(isinstance(path, str) and isinstance(m, str) for path, m in facts.problems)
    for found in (detect_environments(paths, files.get), detect_dashboards(paths, files.get)):
        assert found.present == bool(found.evidence) and len(found.evidence) <= 5


def test_chart_repository_with_yamllint_and_chart_testing_has_lint_configuration(
        git_repo: GitRepo) -> None:
    # A Helm chart repository lints with chart-testing and yamllint: that is its linter.
    chart = {f"charts/c{i}/Chart.yaml": f"apiVersion: v2\nname: c{i}\nversion: 0.1.0\n"
             for i in range(6)}
    chart.update({f"charts/c{i}/templates/deployment.yaml": "kind: Deployment\n"
                  for i in range(6)})
    git_repo.commit({**chart, "charts/c0/hack/sync.py": "def main():\n    return 0\n",
                     ".github/linters/ct.yaml": "chart-dirs:\n  - charts\ntarget-branch: main\n",
                     ".yamllint": "extends: default\n"})
    report = api.scan(git_repo.root, now=datetime(2026, 6, 1, tzinfo=UTC), environ={},
                      flags={"cache": False})
    check = next(c for p in report.pillars for c in (*p.checks, *p.skipped)
                 if c.id == "operability.automation")
    assert "lint config yes" in check.reason, check.reason
