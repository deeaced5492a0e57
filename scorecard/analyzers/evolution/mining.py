"""Aggregate a commit stream into per-file churn, authorship and co-change counts.

Renames are followed: the log runs newest first, so when a commit renames ``old`` to
``new``, every older change of ``old`` is credited to the path ``new`` has today. Memory is
per file and per co-changing pair, never per commit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations

from scorecard.analyzers.evolution.gitlog import Commit

__all__ = ["FileHistory", "History", "is_test_path", "mine"]


def is_test_path(path: str) -> bool:
    """Return True for test code, found the way pytest and unittest name it."""
    name = path.rsplit("/", 1)[-1]
    parts = path.split("/")[:-1]
    return (name.startswith("test_") or name.endswith("_test.py") or name == "conftest.py"
            or any(p in ("tests", "test", "testing") for p in parts))


@dataclass
class FileHistory:
    """Everything the window's history says about one (current) path."""

    revisions: int = 0
    added: int = 0
    deleted: int = 0
    first: int = 0
    last: int = 0
    authors: Counter[str] = field(default_factory=Counter)


@dataclass
class History:
    """Aggregates of one window of history."""

    commits: int = 0
    skipped_ignored: int = 0
    files: dict[str, FileHistory] = field(default_factory=dict)
    # Co-change counts for coupling (only commits at most max_changeset files wide).
    coupling_revisions: Counter[str] = field(default_factory=Counter)
    shared: Counter[tuple[str, str]] = field(default_factory=Counter)
    author_last: dict[str, int] = field(default_factory=dict)
    source_commits: int = 0
    source_commits_with_tests: int = 0


def mine(commits: Iterable[Commit], *, ignore: frozenset[str], max_changeset: int) -> History:
    """Fold the commits (newest first) into a History."""
    history = History()
    renamed: dict[str, str] = {}  # old path -> path today
    for commit in commits:
        if commit.sha in ignore:
            history.skipped_ignored += 1
            continue
        history.commits += 1
        who = commit.email or commit.author
        history.author_last[who] = max(history.author_last.get(who, 0), commit.timestamp)
        paths: list[str] = []
        for change in commit.files:
            current = renamed.get(change.path, change.path)
            if change.old_path is not None:
                renamed[change.old_path] = current
            stats = history.files.get(current)
            if stats is None:
                stats = history.files[current] = FileHistory(first=commit.timestamp,
                                                            last=commit.timestamp)
            stats.revisions += 1
            stats.added += change.added or 0
            stats.deleted += change.deleted or 0
            stats.first = min(stats.first, commit.timestamp)
            stats.last = max(stats.last, commit.timestamp)
            stats.authors[who] += 1
            paths.append(current)
        _count_tests(history, paths)
        unique = sorted(set(paths))
        # code-maat drops change sets wider than the limit: bulk edits are not coupling.
        if len(unique) <= max_changeset:
            history.coupling_revisions.update(unique)
            history.shared.update(combinations(unique, 2))
    return history


def _count_tests(history: History, paths: list[str]) -> None:
    python = [p for p in paths if p.endswith(".py")]
    source = [p for p in python if not is_test_path(p)]
    if source:
        history.source_commits += 1
        if any(is_test_path(p) for p in python):
            history.source_commits_with_tests += 1
