"""The report carries its checks, configuration and owners; reports of format 1 still load."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from scorecard import api
from scorecard.analyzers import ANALYZERS
from scorecard.history import SnapshotStore
from scorecard.model import CodeOwners, OwnerRule
from scorecard.owners import report_owners
from scorecard.quarterly import quarterly_page
from scorecard.serialisation import (
    REPORT_FORMAT_VERSION,
    render_json,
    report_from_dict,
    report_to_dict,
)
from tests.gitrepo import GitRepo

NOW = datetime(2026, 3, 1, tzinfo=UTC)
ONLY_COMPLEXITY = {"SCORECARD_SKIP_ANALYZERS": ",".join(
    a.name for a in ANALYZERS if a.name != "complexity")}


def _repo(git_repo: GitRepo) -> GitRepo:
    git_repo.commit({
        "app/core.py": "def run(x):\n    return x\n",
        ".github/CODEOWNERS": "# owners\n* @org/platform\napp/ @org/app-team\n",
        "scorecard.toml": 'fail_under = 4.5\nexclude = ["vendor/**"]\n'
                          '[checks."simplicity.cyclomatic-complexity"]\nweight = 7\n',
    }, date="2026-02-10T09:00:00+00:00")
    return git_repo


def test_a_scan_carries_its_checks_configuration_and_owners(git_repo: GitRepo) -> None:
    repo = _repo(git_repo)
    # An edit of the work tree is not the scanned commit's CODEOWNERS.
    repo.write({".github/CODEOWNERS": "* @someone-else\n"})
    report = api.scan(repo.root, now=NOW, rev="HEAD", environ=ONLY_COMPLEXITY,
                      flags={"cache": False})
    assert report.format_version == REPORT_FORMAT_VERSION == 2
    weights = {c.id: c.weight for c in report.checks}
    assert weights["simplicity.cyclomatic-complexity"] == 7  # the override in force
    assert report.config is not None
    assert (report.config.source, report.config.fail_under) == ("scorecard.toml", 4.5)
    assert report.config.exclude == ("vendor/**",)
    assert report.owners == CodeOwners(".github/CODEOWNERS", (
        OwnerRule("*", ("@org/platform",)), OwnerRule("app/", ("@org/app-team",))))
    rules = report_owners(report.owners)
    assert rules is not None and rules.owners_of("app/core.py") == ("@org/app-team",)
    # The JSON and the store keep all of it.
    again = report_from_dict(json.loads(render_json(report)))
    assert (again.checks, again.config, again.owners) == (
        report.checks, report.config, report.owners)


def test_a_report_of_format_1_loads_without_the_new_parts(git_repo: GitRepo) -> None:
    report = api.scan(_repo(git_repo).root, now=NOW, rev="HEAD", environ=ONLY_COMPLEXITY,
                      flags={"cache": False})
    data = report_to_dict(report)
    for key in ("checks", "config", "owners"):
        del data[key]
    data["format_version"] = 1
    old = report_from_dict(data)
    assert (old.format_version, old.checks, old.config, old.owners) == (1, (), None, None)
    assert old.pillars == report.pillars
    # A part written by another version that no longer fits its type is left out, not fatal.
    data["config"] = {"fail_under": "not a number"}
    assert report_from_dict(data).config is None


def test_the_quarterly_report_rescans_a_current_snapshot_of_format_1(
        git_repo: GitRepo, tmp_path: Path) -> None:
    repo = _repo(git_repo)
    with SnapshotStore(tmp_path / "store.sqlite3") as store:
        quarterly_page(repo.root, store, quarter="2026Q1", quarters=1, environ=ONLY_COMPLEXITY)
        sha = repo.commits[-1]
        stored = store.load(sha)
        assert stored is not None and stored.config is not None
        # Make the stored snapshot one written before reports carried their scan.
        data = report_to_dict(stored)
        for key in ("checks", "config", "owners"):
            del data[key]
        data["format_version"] = 1
        store.save(report_from_dict(data), "2026-02-10T09:00:00+00:00")
        loaded = store.load(sha)
        assert loaded is not None and loaded.config is None
        page = quarterly_page(repo.root, store, quarter="2026Q1", quarters=1,
                              environ=ONLY_COMPLEXITY)
        assert page.current.config is not None and page.checks
        assert page.owners is not None
        refreshed = store.load(sha)
        assert refreshed is not None and refreshed.format_version == 2


def test_explain_and_checks_read_a_saved_report(git_repo: GitRepo, tmp_path: Path) -> None:
    report = api.scan(_repo(git_repo).root, now=NOW, rev="HEAD", environ=ONLY_COMPLEXITY,
                      flags={"cache": False})
    saved = tmp_path / "report.json"
    saved.write_text(render_json(report), encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"  # no configuration there: the weights are the report's
    elsewhere.mkdir()
    explained = _run("explain", "simplicity.cyclomatic-complexity", "--report", str(saved),
                     cwd=elsewhere)
    assert explained.returncode == 0, explained.stderr
    assert "(simplicity, weight 7)" in explained.stdout
    listed = _run("checks", "--report", str(saved), cwd=elsewhere)
    assert listed.returncode == 0, listed.stderr
    assert "simplicity.cyclomatic-complexity" in listed.stdout
    data = report_to_dict(report)
    del data["checks"]
    saved.write_text(json.dumps({**data, "format_version": 1}), encoding="utf-8")
    old = _run("checks", "--report", str(saved), cwd=elsewhere)
    assert old.returncode == 2 and "carries no checks" in old.stderr


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "scorecard", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300, check=False)
