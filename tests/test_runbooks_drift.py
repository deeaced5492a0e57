"""Drift: a runbook's names and thresholds checked against the repository, exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from scorecard.analyzers.runbooks import RunbooksAnalyzer
from tests.gitrepo import GitRepo
from tests.runbooks_support import run

RULES = """groups:
- name: shop
  rules:
  - alert: ShopHighErrorRate
    expr: sum(rate(shop_http_errors_total[5m])) / sum(rate(shop_http_requests_total[5m])) * 100 > 80
    for: 10m
    labels:
      severity: critical
    annotations:
      runbook_url: docs/runbooks/ShopHighErrorRate.md
"""
SETTINGS = """import os

DATABASE_URL = os.environ["DATABASE_URL"]
CACHE_TTL = int(os.getenv("CACHE_TTL", "60"))
"""
CLI = """import argparse


def main():
    parser = argparse.ArgumentParser(prog="shop")
    parser.add_argument("--dry-run", action="store_true")
    return parser.parse_args()
"""
RUNBOOK = """# ShopHighErrorRate

## Meaning
Fires when the share of failed checkout requests is above 85% for 10 minutes.

## Impact
Customers cannot complete checkout.

## Diagnosis
```sh
export DATABASE_URL=postgres://replica/shop
echo $CACHE_TTLS
shop --dry-run
shop --force
```
Query `rate(shop_http_errors_total[5m])` and `shop_http_retries_total{job="shop"}`.
Silence with `alertname="ShopHighErrorRate"`, not `alertname="ShopDown"`.
See `app/settings.py`, `app/missing.py` and the host's `/etc/shop/shop.conf`.

## Mitigation
1. Roll back the last deploy.
"""
PYPROJECT = '[project]\nname = "shop"\n\n[project.scripts]\nshop = "app.cli:main"\n'


def _line(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_drifted_references_and_contradicted_threshold_are_reported_exactly(
        git_repo: GitRepo) -> None:
    git_repo.commit({"rules/shop.yaml": RULES, "app/__init__.py": "", "app/settings.py": SETTINGS,
                     "app/cli.py": CLI, "pyproject.toml": PYPROJECT,
                     "docs/runbooks/ShopHighErrorRate.md": RUNBOOK})
    outcome = run(RunbooksAnalyzer(), git_repo.root)
    path = "docs/runbooks/ShopHighErrorRate.md"
    expected = [
        (path, _line(RUNBOOK, "above 85%")),
        (path, _line(RUNBOOK, "$CACHE_TTLS")),
        (path, _line(RUNBOOK, "shop --force")),
        (path, _line(RUNBOOK, "shop_http_retries_total")),
        (path, _line(RUNBOOK, "ShopDown")),
        (path, _line(RUNBOOK, "app/missing.py")),
    ]
    assert sorted(outcome.where("runbooks.drift_share")) == sorted(expected)
    messages = {f.symbol: f.message
                for f in outcome.findings("runbooks.drift_share")}
    assert messages["CACHE_TTLS"].startswith("environment variable CACHE_TTLS")
    assert messages["shop --force"] == "shop has no option --force"
    assert messages["above 85%"].startswith("runbook says 'above 85%' but ShopHighErrorRate "
                                            "(rules/shop.yaml:4) compares against 80")
    # Checked and fine: DATABASE_URL, --dry-run, shop_http_errors_total, ShopHighErrorRate,
    # app/settings.py and the quoted "for 10 minutes"; /etc/shop/shop.conf is not checkable.
    assert outcome.details["drift"] == {"checkable": 12, "missing": 6}
    assert outcome.value("runbooks.drift_share") == 50.0


def test_scaled_thresholds_agree(git_repo: GitRepo) -> None:
    rules = RULES.replace("* 100 > 80", "> 0.8")
    runbook = RUNBOOK.replace("above 85%", "above 80%").replace("$CACHE_TTLS", "$CACHE_TTL")
    git_repo.commit({"rules/shop.yaml": rules, "app/settings.py": SETTINGS,
                     "docs/runbooks/ShopHighErrorRate.md": runbook})
    outcome = run(RunbooksAnalyzer(), git_repo.root)
    symbols = {f.symbol for f in outcome.findings("runbooks.drift_share")}
    assert "above 80%" not in symbols and "CACHE_TTL" not in symbols


def test_runbooks_only_repository_has_nothing_to_check_for_code(tmp_path: Path) -> None:
    (tmp_path / "runbooks").mkdir()
    (tmp_path / "runbooks" / "DiskFull.md").write_text(
        "# DiskFull\n\n## Diagnosis\n```\necho $DATA_DIR\nmyctl --purge\n```\n")
    outcome = run(RunbooksAnalyzer(), tmp_path)
    drift = outcome.measurements["runbooks.drift_share"]
    assert drift.value is None and drift.note.startswith("nothing checkable in 1 runbook")


@pytest.mark.parametrize("tooling", ["hack/markdownlint.sh", "tools/check_links.py",
                                     ".github/scripts/lint.sh", "tests/test_links.py"])
def test_a_runbook_repositorys_own_tooling_is_not_the_system_it_documents(
        tmp_path: Path, tooling: str) -> None:
    # Runbooks for other software (openshift/runbooks) name shell placeholders for the
    # operator ($PDB_NAME); the repository's lint scripts read none of them, and nothing here
    # could: only product code makes variables and commands checkable.
    (tmp_path / "alerts" / "team").mkdir(parents=True)
    (tmp_path / "alerts" / "team" / "PodDisruptionBudgetAtLimit.md").write_text(
        "# PodDisruptionBudgetAtLimit\n\n## Diagnosis\n```console\n"
        "$ oc get poddisruptionbudgets -o yaml -n $NS $PDB_NAME\n```\n")
    (tmp_path / tooling).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / tooling).write_text("echo linting\n")
    outcome = run(RunbooksAnalyzer(), tmp_path)
    drift = outcome.measurements["runbooks.drift_share"]
    assert drift.value is None and drift.note.startswith("nothing checkable"), drift


def test_non_git_folder_is_searched_without_git(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "settings.py").write_text(SETTINGS)
    (tmp_path / "runbooks").mkdir()
    (tmp_path / "runbooks" / "Db.md").write_text(
        "# Db\n\n## Diagnosis\n`DATABASE_URL` and `REDIS_URL`\n")
    outcome = run(RunbooksAnalyzer(), tmp_path)
    assert [f.symbol for f in outcome.findings("runbooks.drift_share")] == ["REDIS_URL"]


def test_variables_a_snippet_sets_and_reads_itself_are_not_drift(git_repo: GitRepo) -> None:
    git_repo.commit({"app/settings.py": SETTINGS, "runbooks/Disk.md": (
        "# Disk\n\n## Diagnosis\n```sh\nMOUNT_POINT='<from the alert>'\n"
        "df -h \"$MOUNT_POINT\"\necho $DATABASE_URLS\n```\n")})
    outcome = run(RunbooksAnalyzer(), git_repo.root)
    assert outcome.where("runbooks.drift_share") == [("runbooks/Disk.md", 7)]


def test_links_that_leave_the_repository_are_reported_not_followed(git_repo: GitRepo) -> None:
    (git_repo.root.parent / "secret.md").write_text("# not ours\n")
    git_repo.commit({"runbooks/Db.md": "# Db\n\n## Diagnosis\nSee [notes](../../secret.md) "
                                       "and [the other runbook](Cache.md).\n",
                     "runbooks/Cache.md": "# Cache\n"})
    outcome = run(RunbooksAnalyzer(), git_repo.root)
    (finding,) = outcome.findings("runbooks.drift_share")
    assert (finding.location.path, finding.location.line) == ("runbooks/Db.md", 4)
    assert finding.message == "link ../../secret.md leaves the repository (not followed)"


def test_extra_runbook_globs_are_configurable(tmp_path: Path) -> None:
    (tmp_path / "handbook").mkdir()
    (tmp_path / "handbook" / "oncall.md").write_text("# On call\n\n## Impact\nNone.\n")
    assert run(RunbooksAnalyzer(), tmp_path).value("runbooks.completeness") is None
    outcome = run(RunbooksAnalyzer(), tmp_path, {"runbook_globs": ["handbook/**/*.md"]})
    assert outcome.value("runbooks.completeness") == 0.0


LAG_RULES = """groups:
- name: db
  rules:
  - alert: ReplicationLagHigh
    expr: {expr}
    for: 5m
    labels:
      severity: warning
    annotations:
      runbook_url: runbooks/ReplicationLagHigh.md
"""


def _lag_drift(git_repo: GitRepo, expr: str, meaning: str) -> list[str]:
    git_repo.commit({"rules/db.yaml": LAG_RULES.format(expr=expr),
                     "runbooks/ReplicationLagHigh.md":
                         f"# ReplicationLagHigh\n\n## Meaning\n{meaning}\n"})
    outcome = run(RunbooksAnalyzer(), git_repo.root)
    return [f.message for f in outcome.findings("runbooks.drift_share")]


@pytest.mark.parametrize(("expr", "meaning"), [
    # The comparison constant, not the rule's `for: 5m`, is what "exceeds 15 seconds" states.
    ("replication_lag_seconds > 15", "Fires when the lag exceeds 15 seconds."),
    ("replication_lag_seconds > 15", "Fires when the lag is above 15s for 5 minutes."),
    ("replication_lag_seconds > 15", "Fires when the lag is more than 15 secs for over 5m."),
    ("replication_lag_ms > 15000", "Fires when the lag exceeds 15 seconds."),
    ("replication_lag_seconds > 0.5", "Fires when the lag exceeds 500ms."),
    ("replication_lag_seconds > 0.5", "Fires when the lag exceeds 500 milliseconds."),
    ("replication_lag_seconds > 120", "Fires when the lag is longer than 2 minutes."),
    ("replication_lag_seconds > 5 * 60", "Fires when the lag is above 5 minutes."),
    ("15 < replication_lag_seconds", "Fires when the lag exceeds 15 seconds."),
    ("replication_lag_ratio * 100 > 70", "Fires above 0.7 of the budget, during 5 minutes."),
    ("replication_lag_ratio > 0.7", "Fires above 70% within 5 minutes."),
    ("up{job='db'} == 0", "Fires when the replica has been down more than 5 minutes."),
])
def test_stated_thresholds_agree_after_unit_normalisation(
        git_repo: GitRepo, expr: str, meaning: str) -> None:
    assert _lag_drift(git_repo, expr, meaning) == []


@pytest.mark.parametrize(("expr", "meaning", "compared"), [
    ("replication_lag_seconds > 15", "Fires when the lag exceeds 30 seconds.", "15"),
    ("replication_lag_ms > 15000", "Fires when the lag exceeds 15 minutes.", "15000"),
    ("replication_lag_seconds > 15", "Fires when the lag exceeds 15 seconds for 10 minutes.",
     "300s"),
    ("replication_lag_ratio > 0.7", "Fires above 80%.", "0.7"),
])
def test_contradicted_thresholds_name_the_number_of_their_own_kind(
        git_repo: GitRepo, expr: str, meaning: str, compared: str) -> None:
    (message,) = _lag_drift(git_repo, expr, meaning)
    assert message.endswith(f"compares against {compared}")
