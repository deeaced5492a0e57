"""A scan of a past commit sees that commit's past only.

Never later tags, runbook edits, removals, ignore-revs lists or code found by the drift
search: the same scan of a clone cut at that commit must give the same report.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scorecard import api
from scorecard.analyzers.base import ScanContext
from scorecard.analyzers.runbooks.presence import find_present
from scorecard.facts import RunbooksFacts
from scorecard.repo import RepoView
from scorecard.repo.commits import CommitView
from scorecard.reporters.json_report import report_to_dict
from tests.gitrepo import GitRepo

APP = '''import os

TIMEOUT = int(os.environ.get("APP_TIMEOUT", "30"))
'''
README = '''# App

## Environment variables

`APP_TIMEOUT` sets the timeout (default 30). `APP_GONE` was the old one.

See the [runbook](docs/runbooks/app.md).
'''
RUNBOOK = '''# App runbook

## Symptoms

Requests time out.

## Diagnosis

Check `app.py` and the APP_TIMEOUT setting.

## Mitigation

Raise APP_TIMEOUT and restart, then run `refresh_cache` to warm it.
'''


def _history(repo: GitRepo) -> str:
    """Return the sha of a past commit that later commits, tags and edits follow.

    After it: a release tag, a runbook edit, a removal lookup's target (APP_GONE named in
    code again), a command the runbook names (refresh_cache) and an ignore-revs file.
    """
    repo.commit({"app.py": APP + 'GONE = os.environ.get("APP_GONE")\n'},
                date="2025-01-05T10:00:00+00:00")
    past = repo.commit({"app.py": APP, "README.md": README, "docs/runbooks/app.md": RUNBOOK,
                        "CHANGELOG.md": "# Changelog\n\n## 1.0.0\n\nFirst.\n"},
                       date="2025-02-10T10:00:00+00:00")
    repo.git("tag", "-a", "v1.0.0", "-m", "release", date="2025-02-10T10:00:00+00:00")
    repo.commit({"app.py": APP + '\nLEGACY = ["APP_GONE"]\n\n\ndef refresh_cache():\n    pass\n',
                 "docs/runbooks/app.md": RUNBOOK + "\n## Escalation\n\nPage the team.\n",
                 ".git-blame-ignore-revs": f"{past}\n"},
                date="2025-08-10T10:00:00+00:00")
    repo.git("tag", "-a", "v2.0.0", "-m", "release", date="2025-08-10T10:00:00+00:00")
    return past


def _comparable(report: dict[str, Any]) -> dict[str, Any]:
    details = dict(report["details"])
    details.pop("scan")
    return {**report, "repository": "", "details": details}


def test_a_past_commit_scan_equals_the_scan_of_a_clone_cut_there(git_repo: GitRepo,
                                                                   tmp_path: Path) -> None:
    past = _history(git_repo)
    cut = GitRepo(tmp_path / "cut")
    git_repo.git("clone", "-q", str(git_repo.root), str(cut.root))
    cut.git("reset", "-q", "--hard", past)
    cut.git("tag", "-d", "v2.0.0")
    cut.git("remote", "remove", "origin")
    cut.git("reflog", "expire", "--expire=now", "--all")
    cut.git("gc", "-q", "--prune=now")
    flags = {"cache": False}
    now = datetime(2025, 3, 1, tzinfo=UTC)  # as a backfill scans it: history up to then
    seen = api.scan(git_repo.root, now=now, rev=past, environ={}, flags=flags)
    expected = api.scan(cut.root, now=now, rev=past, environ={}, flags=flags)
    assert _comparable(report_to_dict(seen)) == _comparable(report_to_dict(expected))
    # The cut clone is the past: its latest release is v1.0.0, which the changelog names.
    runbooks = expected.facts(RunbooksFacts)
    assert runbooks is not None and runbooks.release_tags == 1


def _context(view: RepoView) -> ScanContext:
    listing = view.list_files()
    return ScanContext(root=view.root, view=view, files=listing.files, git=view.git,
                       now=datetime(2026, 1, 1, tzinfo=UTC), options={})


def test_drift_searches_the_scanned_commit_not_the_work_tree(git_repo: GitRepo) -> None:
    past = _history(git_repo)  # refresh_cache is defined only after the past commit
    for view, expected in ((RepoView(git_repo.root), {"refresh_cache"}),
                           (CommitView(git_repo.root, past), set())):
        ctx = _context(view)
        assert find_present(ctx, [f.path for f in ctx.files], ["refresh_cache"]) == expected
