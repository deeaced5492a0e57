"""Reading ahead the history of several scans: what it reads, and when it reads nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from scorecard.analyzers.history.options import HistoryOptions
from scorecard.analyzers.history.read_ahead import start_reading
from scorecard.memo import BoundedMemo
from scorecard.repo import gitlog
from tests.gitrepo import GitRepo


def test_read_ahead_remembers_every_commit_of_the_span(git_repo: GitRepo,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    memo: BoundedMemo[tuple[str, str], gitlog.Commit] = BoundedMemo(limit=100)
    monkeypatch.setattr(gitlog, "_MEMO", memo)
    git_repo.commit({"a.py": "x = 1\n"}, date="2026-01-10T10:00:00+00:00")
    git_repo.commit({"a.py": "x = 2\n"}, date="2026-04-10T10:00:00+00:00")
    git_repo.commit({"b.py": "y = 1\n"}, date="2026-07-10T10:00:00+00:00")
    first, _, last = git_repo.commits
    scans = [(first, datetime(2026, 1, 11, tzinfo=UTC)), (last, datetime(2026, 7, 11, tzinfo=UTC))]
    log = start_reading(git_repo.root.resolve(), HistoryOptions(), scans)
    assert log is not None
    assert log.remember() == 3  # the newest commit's history back to a year before the oldest
    # A scan of the oldest commit now reads nothing new: all of its window is remembered.
    window = list(gitlog.iter_commits(git_repo.root.resolve(), datetime(2025, 1, 11, tzinfo=UTC),
                                      datetime(2026, 1, 11, tzinfo=UTC), rev=first))
    assert [c.sha for c in window] == [first]


def test_nothing_to_read_or_a_bad_window_reads_nothing(git_repo: GitRepo) -> None:
    git_repo.commit({"a.py": "x = 1\n"}, date="2026-01-10T10:00:00+00:00")
    moment = datetime(2026, 2, 1, tzinfo=UTC)
    assert start_reading(git_repo.root, HistoryOptions(), []) is None
    assert start_reading(git_repo.root, HistoryOptions(since_days=-1),
                         [(git_repo.commits[0], moment)]) is None
