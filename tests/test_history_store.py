"""Snapshot store, --rev scans from git objects, backfill and diff on tiny real repos."""

from __future__ import annotations

import multiprocessing
import sqlite3
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from scorecard import api
from scorecard.backfill import (
    PeriodCommit,
    ScanSettings,
    build_history,
    select_commits,
    warm_cache_for,
)
from scorecard.errors import InputError
from scorecard.history import SnapshotStore, StoreError
from scorecard.model import Report
from scorecard.reporters.json_report import report_to_dict
from tests.gitrepo import GitRepo

NOW = datetime(2026, 10, 1, tzinfo=UTC)
BRANCHY = ("def f(x, a, b, c, d, e, g):\n" + "".join(
    "    " * (i + 1) + f"if x > {i}:\n" for i in range(6)) + "    " * 7 + "return 1\n"
    "    return 0\n")


@pytest.fixture
def quarters_repo(git_repo: GitRepo) -> GitRepo:
    git_repo.commit({"a.py": "def f(x):\n    return x\n"}, date="2026-01-10T10:00:00+00:00")
    git_repo.commit({"b.py": "def g():\n    return 1\n"}, date="2026-04-10T10:00:00+00:00")
    git_repo.commit({"a.py": BRANCHY}, date="2026-07-10T10:00:00+00:00")
    return git_repo


def test_rev_scan_reads_objects_not_the_work_tree(quarters_repo: GitRepo) -> None:
    (quarters_repo.root / "a.py").write_text("this is not python(\n")  # dirty work tree
    first = quarters_repo.commits[0]
    report = api.scan(quarters_repo.root, now=NOW, rev=first, environ={}, flags={"cache": False})
    assert report.commit == first
    assert report.problems == ()
    assert report.details["complexity"].functions == 1
    with pytest.raises(InputError, match="does not name a commit"):
        api.scan(quarters_repo.root, now=NOW, rev="no-such-ref", environ={})


def test_second_commit_only_analyses_changed_files(quarters_repo: GitRepo, tmp_path: Path) -> None:
    flags = {"cache_dir": str(tmp_path / "cache")}
    one = api.scan(quarters_repo.root, now=NOW, rev=quarters_repo.commits[1], environ={},
                   flags=flags)
    two = api.scan(quarters_repo.root, now=NOW, rev=quarters_repo.commits[2], environ={},
                   flags=flags)
    assert one.details["scan"].analysed == 2
    assert (two.details["scan"].analysed, two.details["scan"].from_cache) == (1, 1)


def test_backfill_quarters_and_list(quarters_repo: GitRepo, tmp_path: Path) -> None:
    commits = select_commits(quarters_repo.root, datetime(2025, 12, 1, tzinfo=UTC), NOW,
                             "quarter")
    assert [c.period_end.date().isoformat() for c in commits] == [
        "2026-01-01", "2026-04-01", "2026-07-01", "2026-10-01"][1:]
    assert [c.sha for c in commits] == quarters_repo.commits
    with SnapshotStore(tmp_path / "h.sqlite3") as store:
        assert build_history(quarters_repo.root, store, commits,
                             settings=ScanSettings(environ={})) == 3
        assert build_history(quarters_repo.root, store, commits,
                             settings=ScanSettings(environ={})) == 0
        infos = store.list()
        assert [i.commit for i in infos] == quarters_repo.commits
        assert infos[-1].pillars["simplicity"] < infos[0].pillars["simplicity"]
        loaded = store.load(quarters_repo.commits[0][:8])
        assert loaded is not None and loaded.commit == quarters_repo.commits[0]


def _without_timings(report_json: dict[str, object]) -> dict[str, object]:
    details = dict(report_json["details"])  # type: ignore[call-overload]
    details["scan"] = {k: v for k, v in details["scan"].items()
                       if k not in ("analysed", "from_cache")}
    return {**report_json, "details": details}


def test_backfill_analyses_each_file_version_once_and_matches_plain_scans(
        git_repo: GitRepo, tmp_path: Path) -> None:
    # a.py: v1, v2, then back to v1 (a revert); b.py never changes; c.md changes once;
    # app.min.js is skipped by its name, so the warmed cache must say so as a scan does.
    git_repo.commit({"a.py": "def f(x):\n    return x\n", "b.py": "def g():\n    return 1\n",
                     "c.md": "# Notes\n", "app.min.js": "function f(a){return a?1:2}\n"},
                    date="2026-01-10T10:00:00+00:00")
    git_repo.commit({"a.py": BRANCHY, "c.md": "# Notes\n\nMore.\n"},
                    date="2026-04-10T10:00:00+00:00")
    git_repo.commit({"a.py": "def f(x):\n    return x\n"}, date="2026-07-10T10:00:00+00:00")
    commits = select_commits(git_repo.root, datetime(2025, 12, 1, tzinfo=UTC), NOW, "quarter")
    settings = ScanSettings(environ={}, flags={"cache_dir": str(tmp_path / "cache")})
    plan = api.plan_scan(git_repo.root, environ={})
    wanted = {(f.path, f.blob) for c in commits
              for f in plan.view(git_repo.root, c.sha).list_files().files}
    assert len(wanted) == 6  # a.py twice, b.py once, c.md twice, app.min.js once
    seen: list[tuple[int, int]] = []
    assert warm_cache_for(git_repo.root, commits, settings, lambda d, t: seen.append((d, t))) \
        == 6
    assert seen and seen[-1] == (6, 6)
    assert warm_cache_for(git_repo.root, commits, settings) == 0  # all cached now
    with SnapshotStore(tmp_path / "h.sqlite3") as store:
        assert build_history(git_repo.root, store, commits, settings=settings) == 3
        for item in commits:
            _assert_as_plain_scan(git_repo.root, item, store.load(item.sha))


def _assert_as_plain_scan(root: Path, item: PeriodCommit, backfilled: Report | None) -> None:
    """A backfilled snapshot is what a cache-less scan of its commit reports."""
    assert backfilled is not None and backfilled.details["scan"].analysed == 0
    plain = api.scan(root, now=item.committed_at, rev=item.sha, environ={},
                     flags={"cache": False})
    assert _without_timings(report_to_dict(backfilled)) == _without_timings(
        report_to_dict(plain))


def _writer(path: str, repo: str, sha: str, count: int) -> None:
    report = api.scan(Path(repo), now=NOW, rev=sha, environ={}, flags={"cache": False})
    with SnapshotStore(Path(path)) as store:
        for i in range(count):
            store.save(replace(report, config_digest=f"{sha}-{i}"),
                       NOW.isoformat())


def test_two_concurrent_writers_lose_nothing(quarters_repo: GitRepo, tmp_path: Path) -> None:
    path = str(tmp_path / "h.sqlite3")
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_writer, args=(path, str(quarters_repo.root), sha, 25))
               for sha in quarters_repo.commits[:2]]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    with SnapshotStore(Path(path)) as store:
        assert len(store.list()) == 50


def test_corrupt_and_newer_store_are_refused(tmp_path: Path) -> None:
    corrupt = tmp_path / "corrupt.sqlite3"
    corrupt.write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError, match="corrupt"):
        SnapshotStore(corrupt)
    assert corrupt.read_bytes().startswith(b"not a database")  # never replaced
    newer = tmp_path / "newer.sqlite3"
    db = sqlite3.connect(newer)
    db.execute("PRAGMA user_version = 99")
    db.close()
    with pytest.raises(StoreError, match="newer"):
        SnapshotStore(newer)


def test_diff_reports_new_findings_in_touched_files(quarters_repo: GitRepo) -> None:
    result = api.diff(quarters_repo.root, quarters_repo.commits[1], quarters_repo.commits[2],
                      now=NOW, environ={}, flags={"cache": False})
    assert result.touched_files == ("a.py",)
    kinds = {(c.kind, c.check_id, c.finding.location.path) for c in result.findings}
    assert ("new", "simplicity.parameter-count", "a.py") in kinds
    assert result.changed_functions == 1 and result.low_risk_functions == 0
    assert (result.overall_delta or 0) < 0
    # The work tree as head: an uncommitted edit counts as touched.
    (quarters_repo.root / "b.py").write_text("def g():\n    return 2\n")
    worktree = api.diff(quarters_repo.root, quarters_repo.commits[2], None, now=NOW,
                        environ={}, flags={"cache": False})
    assert worktree.touched_files == ("b.py",)
    assert worktree.changed_functions == 1 and worktree.low_risk_functions == 1


def test_backfill_reads_the_history_once_before_the_commit_scans(
        quarters_repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from scorecard import backfill
    from scorecard.memo import BoundedMemo
    from scorecard.repo import gitlog

    monkeypatch.setattr(backfill, "MAX_PARALLEL_COMMITS", 1)  # scans in this process
    monkeypatch.setattr(gitlog, "_MEMO", BoundedMemo(limit=1000))  # nothing read yet
    reads: list[list[str]] = []
    real_stream = gitlog.stream_log

    def counting(root: Path, args: list[str], *rest: Any):  # type: ignore[no-untyped-def]
        # The measured windows' reads; the risk fit's earlier windows are read by name only,
        # which the read-ahead does not hold.
        if "--numstat" in args:
            reads.append(args)
        return real_stream(root, args, *rest)

    monkeypatch.setattr(gitlog, "stream_log", counting)
    commits = select_commits(quarters_repo.root, datetime(2025, 12, 1, tzinfo=UTC), NOW,
                             "quarter")
    settings = ScanSettings(environ={}, flags={"cache_dir": str(tmp_path / "cache")})
    with SnapshotStore(tmp_path / "h.sqlite3") as store:
        assert build_history(quarters_repo.root, store, commits, settings=settings) == 3
        assert reads == []  # every scan found every commit of its window in memory
        assert store.list()[-1].pillars  # and the snapshots are whole
        for item in commits:
            _assert_as_plain_scan(quarters_repo.root, item, store.load(item.sha))


def test_history_read_ahead_that_fails_leaves_the_scans_to_read(
        quarters_repo: GitRepo, tmp_path: Path) -> None:
    from scorecard.repo.gitlog import LogInBackground

    log = LogInBackground(quarters_repo.root, None, None, rev="no-such-revision")
    assert log.remember() == 0  # git failed: nothing remembered, nothing raised
