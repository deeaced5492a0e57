"""Backfill snapshots from git history: one scan per period end, read from git objects.

Commits are chosen along the first-parent line (the branch as it was merged), the newest
commit before each period end. The per-file step of all chosen commits runs first, as one
job over the union of their file versions (each analysed once, on every core, into the
blob-id cache that lives beside the store); each commit's scan then only does its
repository-level work. Meanwhile git reads, once, the history all those scans mine (their
one-year windows overlap), so the commit scans find every commit's record in memory.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from concurrent.futures import as_completed
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scorecard import api
from scorecard.analyzers.history.read_ahead import start_reading
from scorecard.errors import InputError
from scorecard.filescan import FileWork, ProgressCallback, start_pool, stop_pool, warm_cache
from scorecard.history import SnapshotStore
from scorecard.model import Report
from scorecard.periods import period_ends
from scorecard.repo import GitUnavailable, RepoFile
from scorecard.repo.catfile import BlobReader
from scorecard.repo.changes import first_parent_commits
from scorecard.repo.commits import CommitView, resolve_commit
from scorecard.repo.gitlog import LogInBackground

__all__ = ["PeriodCommit", "ScanSettings", "build_history", "commits_at", "select_commits",
           "warm_cache_for"]


# Commits scanned side by side after the per-file step (at most one per core): each worker
# holds one commit's per-file results in memory, so many cores do not multiply that by many.
MAX_PARALLEL_COMMITS = 4


@dataclass(frozen=True)
class PeriodCommit:
    """The commit that stands for the state of the code at a period end."""

    period_end: datetime
    sha: str
    committed_at: datetime


def select_commits(root: Path, since: datetime, until: datetime, every: str) -> list[PeriodCommit]:
    """Pick the newest first-parent commit before each period end in [since, until]."""
    return commits_at(root, period_ends(since, until, every))


def commits_at(root: Path, ends: list[datetime]) -> list[PeriodCommit]:
    """Pick the newest first-parent commit before each moment (those with none are left out)."""
    try:
        commits = first_parent_commits(root)
    except GitUnavailable as exc:
        try:
            resolve_commit(root, "HEAD")
        except InputError:
            raise InputError(f"{root}: no commit yet (or not a git repository): no "
                             "history to report on") from exc
        raise InputError(f"cannot read history of {root}: {exc}") from exc
    chosen: list[PeriodCommit] = []
    index = -1
    for end in sorted(ends):
        limit = end.timestamp()
        while index + 1 < len(commits) and commits[index + 1][0] < limit:
            index += 1
        if index >= 0:
            stamp, sha = commits[index]
            chosen.append(PeriodCommit(end, sha, datetime.fromtimestamp(stamp, UTC)))
    return chosen


@dataclass(frozen=True)
class ScanSettings:
    """How each commit of a backfill is scanned (as for ``api.scan``)."""

    config_file: Path | None = None
    environ: Mapping[str, str] | None = None
    flags: Mapping[str, Any] = field(default_factory=dict)


def _scan_one(root: Path, item: PeriodCommit, settings: ScanSettings) -> Report:
    """Scan one commit (run in a worker process when commits are scanned side by side)."""
    return api.scan(root, now=item.committed_at, rev=item.sha,
                    config_file=settings.config_file, environ=settings.environ,
                    flags=settings.flags)


def _missing(commits: list[PeriodCommit], stored: set[str],
             on_done: Callable[[PeriodCommit], None] | None) -> list[PeriodCommit]:
    """Return the commits not stored yet, oldest first, each once."""
    unique: dict[str, PeriodCommit] = {}
    for item in commits:
        if item.sha not in stored:
            unique.setdefault(item.sha, item)
        elif on_done is not None:
            on_done(item)
    return sorted(unique.values(), key=lambda c: c.committed_at)


def warm_cache_for(root: Path, commits: list[PeriodCommit], settings: ScanSettings,
                   progress: ProgressCallback | None = None) -> int:
    """Analyse, once each, the file versions of all the commits that the cache lacks.

    This is every commit's per-file step done at once: the union of their files (a version
    shared by several commits counts once) is analysed on every core, so the scans of the
    commits that follow find all their per-file results cached. Returns how many versions
    were analysed (0 when the configuration turns the cache off).
    """
    return _warm(root, commits, _plan(root, settings), progress)


def _plan(root: Path, settings: ScanSettings) -> api.ScanPlan:
    return api.plan_scan(root, config_file=settings.config_file, environ=settings.environ,
                         flags=settings.flags)


def _warm(root: Path, commits: list[PeriodCommit], plan: api.ScanPlan,
          progress: ProgressCallback | None) -> int:
    """Do :func:`warm_cache_for` with the configuration already planned."""
    config = plan.loaded.config
    if not config.cache or not commits:
        return 0
    versions: list[RepoFile] = []
    for item in commits:
        view = plan.view(root, item.sha)
        try:
            versions.extend(view.list_files().files)
        finally:
            if isinstance(view, CommitView):
                view.close()
    cache = plan.cache()
    try:
        with BlobReader(root) as reader:
            work = FileWork(plan.analyzers, plan.options, cache, config.jobs,
                            float(config.max_file_seconds))
            return warm_cache(_blob_reader(reader), versions, work, progress)
    finally:
        cache.close()


def _prepare(root: Path, commits: list[PeriodCommit], settings: ScanSettings,
             on_files: ProgressCallback | None) -> None:
    """Analyse the commits' file versions into the cache while git reads their history."""
    plan = _plan(root, settings)
    history = _read_history_ahead(root, commits, plan)
    try:
        _warm(root, commits, plan, on_files)
    except BaseException:
        if history is not None:
            history.cancel()
        raise
    if history is not None:
        history.remember()  # before the commit workers start: they inherit the records


def _read_history_ahead(root: Path, commits: list[PeriodCommit],
                        plan: api.ScanPlan) -> LogInBackground | None:
    """Start git reading the history all the commits' scans mine (see ``read_ahead``)."""
    if "history" not in plan.options:
        return None  # the history analyzer is skipped
    return start_reading(root.resolve(), plan.options["history"],
                         [(item.sha, item.committed_at) for item in commits])


def _blob_reader(reader: BlobReader) -> Callable[[str], bytes]:
    """Read blobs by id, with git's failures as OSError (a file that cannot be read)."""
    def read(blob: str) -> bytes:
        try:
            return reader.read(blob)
        except GitUnavailable as exc:
            raise OSError(str(exc)) from exc
    return read


def rescan(root: Path, store: SnapshotStore, item: PeriodCommit,
           settings: ScanSettings = ScanSettings()) -> Report:
    """Scan one commit again and replace its snapshot (e.g. one stored in an older format)."""
    cached = replace(settings, flags={"cache_dir": str(store.cache_dir), **settings.flags})
    report = _scan_one(root, item, cached)
    store.save(report, item.committed_at.isoformat())
    return report


def build_history(
    root: Path,
    store: SnapshotStore,
    commits: list[PeriodCommit],
    *,
    settings: ScanSettings = ScanSettings(),
    on_done: Callable[[PeriodCommit], None] | None = None,
    on_files: ProgressCallback | None = None,
) -> int:
    """Scan and save each chosen commit not already stored; return how many were scanned.

    First the file versions of all missing commits are analysed together (see
    :func:`warm_cache_for`; ``on_files`` follows that step). Each commit's scan then only
    reads cached per-file results and does its repository-level work; those scans run side
    by side, one commit per core.
    """
    todo = _missing(commits, {info.commit for info in store.list()}, on_done)
    cached = replace(settings, flags={"cache_dir": str(store.cache_dir), **settings.flags})
    _prepare(root, todo, cached, on_files)

    def save(item: PeriodCommit, report: Report) -> None:
        store.save(report, item.committed_at.isoformat())
        if on_done is not None:
            on_done(item)

    workers = min(os.cpu_count() or 1, MAX_PARALLEL_COMMITS, len(todo))
    if workers <= 1:
        for item in todo:
            save(item, _scan_one(root, item, cached))
        return len(todo)
    single = replace(cached, flags={**cached.flags, "jobs": 1})
    pool = start_pool(workers)
    try:
        futures = {pool.submit(_scan_one, root, item, single): item for item in todo}
        for future in as_completed(futures):
            save(futures[future], future.result())
    except BaseException:
        stop_pool(pool)  # Ctrl-C: the snapshots saved so far stay; the rest are not waited for
        raise
    pool.shutdown()
    return len(todo)
