"""README sections, docs tree, ADRs, changelog against tags, and entry points with ops docs."""

from __future__ import annotations

from pathlib import Path

import pytest

from scorecard.analyzers.runbooks import RunbooksAnalyzer
from scorecard.analyzers.runbooks.doc_paths import is_ops_doc, is_runbook_candidate, runbook_globs
from tests.gitrepo import GitRepo
from tests.runbooks_support import run

README = """# Shop

## Installation
pip install shop

## Usage
shop serve

## Configuration
Set `DATABASE_URL`.

## Running in production
Start `shop`, the `web` and `worker` processes, and the `shop` chart.

## FAQ
Nothing yet.

## Monitoring
Scrape /metrics.

## Upgrading
See the [notes](docs/upgrading.md).
"""
PYPROJECT = ('[project]\nname = "shop"\n\n[project.scripts]\nshop = "shop.cli:main"\n'
             'docs = "shop.docs:build"\n')
K8S = ("apiVersion: apps/v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n---\n"
       "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  labels:\n    app: x\n"
       "  name: shop-api\nspec: {}\n")


def _shop(repo: GitRepo) -> None:
    repo.commit({
        "README.md": README,
        "pyproject.toml": PYPROJECT,
        "shop/__init__.py": "",
        "shop/management/commands/reindex.py": "",
        "deploy/worker/Dockerfile": "FROM python:3.12\n",
        "docker-compose.yml": "services:\n  web:\n    image: shop\n  redis:\n    image: redis\n",
        "k8s/deploy.yaml": K8S,
        "chart/Chart.yaml": "apiVersion: v2\nname: shop\nversion: 1.0.0\n",
        "Procfile": "web: gunicorn shop.wsgi\nrelease: shop migrate\n",
        "docs/operations/redis.md": "# Redis\n\nThe redis service keeps sessions.\n",
        "docs/upgrading.md": "# Upgrading\n",
        "doc/adr/0001-use-postgres.md": "# 1. Use Postgres\n\n## Status\nAccepted\n",
        "CHANGELOG.md": "# Changelog\n\n## [1.0.0] - 2026-01-01\n### Added\n- Checkout.\n",
    }, date="2026-01-01T12:00:00+00:00")
    repo.git("tag", "v1.0.0")


def test_readme_docs_tree_and_architecture(git_repo: GitRepo) -> None:
    _shop(git_repo)
    outcome = run(RunbooksAnalyzer(), git_repo.root)
    assert outcome.value("runbooks.readme_sections") == 100.0
    assert outcome.value("runbooks.docs_tree") == 1.0
    assert outcome.value("runbooks.architecture_docs") == 1.0
    assert "1 decision record (1 with a Status section)" in \
        outcome.measurements["runbooks.architecture_docs"].note


@pytest.mark.parametrize("readme", [
    # chatgpt-on-wechat's headings: quick start, install, configuration, run, deploy, FAQ.
    "# 🚀 快速开始\n\n### 2.环境安装\n\n## 二、配置\n\n## 三、运行\n\n### 3.Docker部署\n\n"
    "# 🔎 常见问题\n",
    "# Tool\n\n## インストール\n\n## 設定\n\n## デプロイ\n\n## トラブルシューティング\n",
    "# Tool\n\n## Installation\n\n## Konfiguration\n\n## Bereitstellung\n\n"
    "## Fehlerbehebung\n",
    "# Tool\n\n## Instalación\n\n## Configuración\n\n## Despliegue\n\n"
    "## Solución de problemas\n",
])
def test_readme_sections_in_other_languages(git_repo: GitRepo, readme: str) -> None:
    git_repo.commit({"README.md": readme, "tool.py": "print(1)\n"})
    outcome = run(RunbooksAnalyzer(), git_repo.root)
    note = outcome.measurements["runbooks.readme_sections"].note
    assert note.startswith("README.md covers install, configuration, deployment, "
                           "troubleshooting;"), note


def test_readme_missing_sections_are_listed(git_repo: GitRepo) -> None:
    git_repo.commit({"README.md": "# Tool\n\n## Getting started\n\n## Usage\n",
                     "tool.py": "print(1)\n"})
    outcome = run(RunbooksAnalyzer(), git_repo.root)
    assert outcome.value("runbooks.readme_sections") == round(100 * 2 / 7, 2)
    assert [f.symbol for f in outcome.findings("runbooks.readme_sections")] == [
        "configuration", "deployment", "troubleshooting", "monitoring", "upgrading"]
    assert outcome.value("runbooks.docs_tree") == 0.0
    assert outcome.value("runbooks.changelog_current") is None  # no release tags


def test_changelog_follows_release_tags(git_repo: GitRepo) -> None:
    _shop(git_repo)
    assert run(RunbooksAnalyzer(), git_repo.root).value("runbooks.changelog_current") == 1.0
    git_repo.commit({"shop/cli.py": "def main():\n    pass\n"},
                    date="2026-02-01T12:00:00+00:00")
    git_repo.git("tag", "-a", "v1.1.0", "-m", "release", date="2026-02-01T12:00:00+00:00")
    outcome = run(RunbooksAnalyzer(), git_repo.root)
    assert outcome.value("runbooks.changelog_current") == 0.0
    assert outcome.where("runbooks.changelog_current") == [("CHANGELOG.md", 1)]
    git_repo.commit({"CHANGELOG.md": "# Changelog\n\n## [1.1] - 2026-02-01\n"},
                    date="2026-01-20T12:00:00+00:00")  # dated before the tag: found by name
    assert run(RunbooksAnalyzer(), git_repo.root).value("runbooks.changelog_current") == 1.0


def test_a_shallow_clone_without_the_tags_leaves_the_changelog_unmeasured(
        git_repo: GitRepo, tmp_path: Path) -> None:
    # git clone --depth 1 fetches no tag of an older commit: no tag found is no evidence
    # of no release, so the check is unmeasured (provisional) with the fix, not n/a.
    _shop(git_repo)
    git_repo.commit({"shop/cli.py": "def main():\n    pass\n"},
                    date="2026-02-01T12:00:00+00:00")
    shallow = tmp_path / "shallow"
    git_repo.git("clone", "-q", "--depth", "1", "--no-tags", f"file://{git_repo.root}",
                 str(shallow))
    measured = run(RunbooksAnalyzer(), shallow).measurements["runbooks.changelog_current"]
    assert measured.value is None and measured.unmeasured
    assert "shallow clone" in measured.note and "fetch-depth: 0" in measured.note


def test_plain_text_changelog_names_the_release_on_an_entry_line(git_repo: GitRepo) -> None:
    # A GNU-style ChangeLog has no headings: each release opens with an unindented line. It
    # is updated in the commit before the tagged one, so only its text shows the release.
    git_repo.commit({"ChangeLog": "2025-01-10\tuni 1.3.0\n\t* First.\n",
                     "uni/__init__.py": ""}, date="2025-01-10T10:00:00+00:00")
    git_repo.git("tag", "-a", "uni-1.3.0", "-m", "release", date="2025-01-10T10:00:00+00:00")
    git_repo.commit({"ChangeLog": "2025-04-24\tuni 1.4.0\n\t* Drop Python 3.6 (was 3.6.0"
                                  " in 1.2.0).\n\n2025-01-10\tuni 1.3.0\n\t* First.\n"},
                    date="2025-04-24T10:36:06+00:00")
    git_repo.commit({"uni/__init__.py": "VERSION = '1.4.0'\n"}, date="2025-04-24T10:36:30+00:00")
    git_repo.git("tag", "-a", "uni-1.4.0", "-m", "release", date="2025-04-24T10:36:30+00:00")
    assert run(RunbooksAnalyzer(), git_repo.root).value("runbooks.changelog_current") == 1.0
    git_repo.commit({"uni/__init__.py": "VERSION = '1.5.0'\n"}, date="2025-06-01T10:00:00+00:00")
    git_repo.git("tag", "-a", "uni-1.5.0", "-m", "release", date="2025-06-01T10:00:00+00:00")
    assert run(RunbooksAnalyzer(), git_repo.root).value("runbooks.changelog_current") == 0.0


def test_monorepo_package_changelog_covers_its_package_release(git_repo: GitRepo) -> None:
    # changesets, lerna and release-please keep one CHANGELOG.md per package and tag
    # releases per package: the latest tag names the package whose changelog counts.
    git_repo.commit({"packages/cli/CHANGELOG.md": "# @acme/cli\n\n## 3.0.1\n\n- Fix.\n",
                     "packages/cli/src/index.ts": "export const a = 1;\n",
                     "packages/web/CHANGELOG.md": "# @acme/web\n\n## 1.0.0\n",
                     "packages/web/src/index.ts": "export const b = 1;\n"},
                    date="2026-01-10T10:00:00+00:00")
    git_repo.git("tag", "-a", "@acme/cli@3.0.1", "-m", "release", date="2026-01-10T10:00:00+00:00")
    outcome = run(RunbooksAnalyzer(), git_repo.root)
    assert outcome.value("runbooks.changelog_current") == 1.0
    assert outcome.details["changelog"] == "packages/cli/CHANGELOG.md"
    git_repo.commit({"packages/web/src/index.ts": "export const b = 2;\n"},
                    date="2026-02-10T10:00:00+00:00")
    git_repo.git("tag", "-a", "@acme/web@1.1.0", "-m", "release", date="2026-02-10T10:00:00+00:00")
    outcome = run(RunbooksAnalyzer(), git_repo.root)
    assert outcome.value("runbooks.changelog_current") == 0.0
    assert outcome.where("runbooks.changelog_current") == [("packages/web/CHANGELOG.md", 1)]


def test_the_only_changelog_a_folder_down_is_the_repositorys(git_repo: GitRepo) -> None:
    # A Helm chart repository keeps its chart, and its changelog, in one folder; tags carry
    # no package name. Two such changelogs would leave it unknown which one counts.
    git_repo.commit({"traefik/Chart.yaml": "name: traefik\nversion: 41.3.0\n",
                     "traefik/Changelog.md": "# Change Log\n\n## 41.3.0\n\n- Fix.\n",
                     "traefik/templates/app.py": "x = 1\n"},
                    date="2026-01-10T10:00:00+00:00")
    git_repo.git("tag", "-a", "v41.3.0", "-m", "release", date="2026-01-10T10:00:00+00:00")
    outcome = run(RunbooksAnalyzer(), git_repo.root)
    assert outcome.details["changelog"] == "traefik/Changelog.md"
    assert outcome.value("runbooks.changelog_current") == 1.0
    git_repo.commit({"other/CHANGELOG.md": "# Other\n"}, date="2026-01-11T10:00:00+00:00")
    assert run(RunbooksAnalyzer(), git_repo.root).details["changelog"] is None


def test_entry_points_named_in_ops_docs(git_repo: GitRepo) -> None:
    _shop(git_repo)
    outcome = run(RunbooksAnalyzer(), git_repo.root)
    # shop (script and chart), web (compose and Procfile), worker (Dockerfile) and redis (an
    # ops doc) are named; the docs builder is denied by default.
    assert sorted((f.symbol, f.location.path, f.location.line)
                  for f in outcome.findings("runbooks.entrypoint_doc_coverage")) == [
        ("reindex", "shop/management/commands/reindex.py", 1), ("release", "Procfile", 2),
        ("shop-api", "k8s/deploy.yaml", 7)]
    assert outcome.value("runbooks.entrypoint_doc_coverage") == round(100 * 6 / 9, 2)


@pytest.mark.parametrize(("path", "operator"), [
    ("Dockerfile", True), ("deploy/api/Dockerfile", True), ("setup.py", True),
    ("k8s/deploy.yaml", True), ("docker-compose.yml", True),
    (".devcontainer/Dockerfile", False), ("scripts/lgtm.yaml", False),
    ("hack/kind/cluster.yaml", False), (".github/workflows/ci.yml", False),
    ("Dockerfile.dev", False), ("Dockerfile.e2e-tests", False), (".gitpod.Dockerfile", False),
    ("examples/app/Dockerfile", False), ("Dockerfile.alpine", True),
])
def test_entry_points_an_operator_starts(path: str, operator: bool) -> None:
    from scorecard.analyzers.runbooks.corpus import is_operator_entrypoint_file
    assert is_operator_entrypoint_file(path) is operator


@pytest.mark.parametrize(("path", "runbook", "ops"), [
    ("runbooks/DiskFull.md", True, True),
    ("docs/RUNBOOK.md", True, True),
    ("ops/playbooks/db/failover.rst", True, True),
    ("docs/service/alerts/HighLatency.md", True, True),
    ("alerts/cluster-etcd-operator/etcdHighFsyncDurations.md", True, True),  # by operator
    ("alerts/team/db/ReplicationLag.rst", True, True),
    ("content/runbooks/node/_index.md", False, True),  # a section index, not a runbook
    ("docs/troubleshooting.md", False, True),  # service-level ops doc
    ("docs/operations/backups.md", False, True),
    ("OPERATIONS.md", False, True),
    ("docs/api.md", False, False),
    ("run-book-template.md", True, True),  # the words apart
    ("docs/run_books/failover.md", True, True),
    ("docs/rerun-booking.md", False, False),
])
def test_runbooks_and_ops_docs_by_path(path: str, runbook: bool, ops: bool) -> None:
    assert is_runbook_candidate(path, runbook_globs(())) is runbook
    assert is_ops_doc(path) is ops


def test_a_folder_of_release_notes_is_the_changelog(git_repo: GitRepo) -> None:
    # One file per release (cookiecutter's CHANGELOG/2.7.1.md): the folder is the changelog,
    # and a release is named by a file's name or its headings.
    git_repo.commit({"CHANGELOG/2.7.0.md": "# 2.7.0\n\n- Fix.\n",
                     "CHANGELOG/2.7.1.md": "# Release 2.7.1\n\n- Fix.\n",
                     "tool/__init__.py": ""}, date="2026-01-10T10:00:00+00:00")
    git_repo.git("tag", "-a", "v2.7.1", "-m", "release", date="2026-01-10T10:00:00+00:00")
    outcome = run(RunbooksAnalyzer(), git_repo.root)
    assert outcome.details["changelog"] == "CHANGELOG/"
    assert outcome.value("runbooks.changelog_current") == 1.0
    git_repo.commit({"tool/__init__.py": "x = 1\n"}, date="2026-02-10T10:00:00+00:00")
    git_repo.git("tag", "-a", "v2.8.0", "-m", "release", date="2026-02-10T10:00:00+00:00")
    outcome = run(RunbooksAnalyzer(), git_repo.root)
    assert outcome.value("runbooks.changelog_current") == 0.0
    assert outcome.where("runbooks.changelog_current") == [("CHANGELOG", None)]


def test_a_script_named_changelog_is_not_one(git_repo: GitRepo) -> None:
    # hub's script/changelog prints the changes between tags: a program, not a changelog.
    git_repo.commit({"script/changelog": "#!/bin/bash\ngit log --oneline \"$1\"..HEAD\n",
                     "main.go": "package main\n"}, date="2026-01-10T10:00:00+00:00")
    git_repo.git("tag", "-a", "v2.14.2", "-m", "release", date="2026-01-10T10:00:00+00:00")
    outcome = run(RunbooksAnalyzer(), git_repo.root)
    assert outcome.details["changelog"] is None
    assert outcome.value("runbooks.changelog_current") == 0.0


def test_the_top_changelog_follows_the_projects_own_releases(git_repo: GitRepo) -> None:
    # ripgrep tags its own releases (15.2.0) and its crates' (ignore-0.4.33): the root
    # CHANGELOG.md lists the former.
    git_repo.commit({"CHANGELOG.md": "# Changelog\n\n15.2.0 (2026-01-10)\n===\n\n- Fix.\n",
                     "crates/ignore/src/lib.rs": "pub fn f() {}\n"},
                    date="2026-01-10T10:00:00+00:00")
    git_repo.git("tag", "-a", "15.2.0", "-m", "release", date="2026-01-10T10:00:00+00:00")
    git_repo.commit({"crates/ignore/src/lib.rs": "pub fn g() {}\n"},
                    date="2026-02-10T10:00:00+00:00")
    git_repo.git("tag", "-a", "ignore-0.4.33", "-m", "release", date="2026-02-10T10:00:00+00:00")
    outcome = run(RunbooksAnalyzer(), git_repo.root)
    assert outcome.value("runbooks.changelog_current") == 1.0
    assert "latest release 15.2.0" in outcome.measurements["runbooks.changelog_current"].note


def test_a_sphinx_source_folders_architecture_page_counts(git_repo: GitRepo) -> None:
    git_repo.commit({"docs/source/architecture.rst": "Architecture\n============\n\nParts.\n",
                     "docs/source/conf.py": "project = 'x'\n", "tool.py": "print(1)\n"})
    outcome = run(RunbooksAnalyzer(), git_repo.root)
    assert outcome.value("runbooks.architecture_docs") == 1.0


@pytest.mark.parametrize(("page", "counts"), [
    ("docs/architecture/overview.md", True), ("docs/design/storage.md", True),
    ("DECISIONS.md", True), ("docs/decisions.md", True),
    ("docs/architecture-notes/x.md", False), ("docs/guide/design-tips.md", False),
])
def test_an_architecture_folder_or_a_decision_log_counts(git_repo: GitRepo, page: str,
                                                         counts: bool) -> None:
    git_repo.commit({page: "# Overview\n\nThe parts and how they talk.\n",
                     "tool.py": "print(1)\n"})
    outcome = run(RunbooksAnalyzer(), git_repo.root)
    assert (outcome.value("runbooks.architecture_docs") == 1.0) is counts


def test_go_commands_npm_and_cargo_binaries_are_entry_points(git_repo: GitRepo) -> None:
    git_repo.commit({
        "cmd/exporter/main.go": "package main\n\nfunc main() {}\n",
        "cmd/migrate/main.go": "package main\n\nfunc main() {}\n",
        "examples/cmd/demo/main.go": "package main\n\nfunc main() {}\n",
        "package.json": '{"name": "@acme/serve", "bin": "./build/main.js"}',
        "Cargo.toml": '[package]\nname = "tool"\n\n[[bin]]\nname = "rg"\npath = "src/rg.rs"\n',
        "README.md": "# Exporter\n\n## Running\n\nStart `exporter --web.listen-address=:9100`,"
                     " or `serve` for the static pages.\n"})
    outcome = run(RunbooksAnalyzer(), git_repo.root)
    missing = sorted(f.symbol for f in outcome.findings("runbooks.entrypoint_doc_coverage"))
    # The example's program is nobody's to operate; migrate and rg are named nowhere.
    assert missing == ["migrate", "rg"]
    assert outcome.value("runbooks.entrypoint_doc_coverage") == 50.0


def test_a_dbt_projects_models_are_code_not_a_docs_repository(git_repo: GitRepo) -> None:
    git_repo.commit({"dbt_project.yml": "name: jaffle_shop\nmodel-paths: ['models']\n",
                     "models/orders.sql": "select * from {{ ref('stg_orders') }}\n",
                     "README.md": "# Jaffle shop\n\nA dbt project.\n"})
    outcome = run(RunbooksAnalyzer(), git_repo.root)
    # The README and docs checks apply to it as to any project with code.
    assert outcome.value("runbooks.readme_sections") is not None
    assert outcome.value("runbooks.architecture_docs") == 0.0


@pytest.mark.parametrize(("heading", "deployment"), [
    ("Running tests", False), ("Running locally", False), ("Run the unit tests", False),
    ("Running in production", True), ("How to run", True), ("Deployment", True),
])
def test_running_the_tests_is_no_deployment_section(heading: str, deployment: bool) -> None:
    from scorecard.analyzers.runbooks.doc_inventory import README_SECTIONS
    assert bool(README_SECTIONS["deployment"].search(heading.lower())) is deployment


def test_an_entry_point_under_a_docker_heading_is_documented(git_repo: GitRepo) -> None:
    git_repo.commit({"Dockerfile": "FROM node:20\nCMD node dist/main.js\n",
                     "README.md": "# API\n\n## Docker\n\nBuild the image: "
                                  "`docker build -t api .`\n"})
    outcome = run(RunbooksAnalyzer(), git_repo.root)
    assert outcome.value("runbooks.entrypoint_doc_coverage") == 100.0
