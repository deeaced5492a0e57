"""Drive an org scan on Dask: submit every repository, retry failures once, record each.

The client submits one task per repository (:func:`scorecard.org.task.scan_repository`) to
a ``LocalCluster`` (one single-threaded worker process per core by default) or to an existing
scheduler. As each task ends its outcome is recorded in ``org_repositories`` (and, with a
SQLite store, its snapshot saved): results are kept as they arrive, so a batch cut short
keeps everything finished, and the next run skips repositories whose commit is stored. A
failed repository (clone error, timeout, crash, a worker lost twice) is submitted once more;
a worker that dies mid-task is replaced by the cluster and its task runs elsewhere.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scorecard.errors import InputError
from scorecard.history import SnapshotStore
from scorecard.org.repos import LineError, RepoSpec, store_repository
from scorecard.org.task import Outcome, TaskSettings, scan_repository
from scorecard.serialisation import report_from_dict
from scorecard.stores import open_store
from scorecard.storeschema import RepositoryRecord

__all__ = ["BatchResult", "Cluster", "run_batch"]

CONNECT_SECONDS = 30
MAX_ATTEMPTS = 2  # the first try and one retry


@dataclass(frozen=True)
class Cluster:
    """Where the tasks run: an existing scheduler, or a LocalCluster of ``workers``."""

    scheduler: str | None = None
    workers: int = 0  # 0: one per core


@dataclass
class BatchResult:
    """Every repository's last outcome, and timings."""

    outcomes: dict[str, Outcome] = field(default_factory=dict)
    line_errors: tuple[LineError, ...] = ()
    wall_seconds: float = 0.0
    cluster_seconds: float = 0.0  # starting (or connecting to) the cluster
    workers: int = 0

    def count(self, status: str) -> int:
        """How many repositories ended with this status."""
        return sum(1 for o in self.outcomes.values() if o.status == status)


Progress = Callable[[int, int, int, int], None]  # done, running, failed, total


def _client(cluster: Cluster) -> tuple[Any, Any, int]:
    """Start or connect to the cluster; (client, local cluster or None, worker count)."""
    import dask
    from distributed import Client, LocalCluster

    if cluster.scheduler is not None:
        try:
            client = Client(cluster.scheduler, timeout=CONNECT_SECONDS)
        except (OSError, TimeoutError) as exc:
            raise InputError(f"cannot reach the Dask scheduler {cluster.scheduler}: "
                             f"{str(exc).splitlines()[0] if str(exc) else exc}") from exc
        return client, None, len(client.scheduler_info().get("workers", {}))
    workers = cluster.workers or os.cpu_count() or 1
    # Scheduler and its HTTP routes listen on this machine only, on free ports. Workers are
    # not daemonic: a daemonic process may not start processes, and each scan runs in a
    # child of a fork server the worker starts (scorecard.org.scan_process).
    with dask.config.set({"distributed.worker.daemon": False}):
        local = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                             host="127.0.0.1", dashboard_address="127.0.0.1:0",
                             silence_logs=logging.ERROR,
                             memory_limit=0)  # the scans have their own limit (RLIMIT_AS)
    return Client(local, timeout=CONNECT_SECONDS), local, workers


def _record(store: SnapshotStore, spec: RepoSpec, outcome: Outcome, attempts: int) -> None:
    if outcome.report_json is not None and outcome.committed_at is not None:
        store.repository = spec.name  # the snapshots saved below are this repository's
        try:
            for date, text in outcome.backfill_json:
                store.save(report_from_dict(json.loads(text)), date)
            store.save(report_from_dict(json.loads(outcome.report_json)), outcome.committed_at)
        finally:
            store.repository = ""
        outcome.report_json = None
        outcome.backfill_json = []
    store.record_repository(RepositoryRecord(
        spec.name, spec.source if not spec.local else Path(spec.source).name,
        spec.team or outcome.team,
        spec.kind or outcome.kind, outcome.language, outcome.commit, outcome.status,
        outcome.error, attempts, outcome.seconds, datetime.now(UTC).isoformat()))


def _record_line_errors(store: SnapshotStore, line_errors: tuple[LineError, ...]) -> None:
    """Record the refused REPOS lines as failed repositories (a duplicate line is not one)."""
    for bad in line_errors:
        if not bad.error.startswith("duplicate of line"):  # the first line has the name
            store.record_repository(RepositoryRecord(
                bad.name, bad.source, bad.team, bad.kind, "", None, "failed", bad.error, 0,
                None, datetime.now(UTC).isoformat()))


def _task_outcome(future: Any, spec: RepoSpec) -> Outcome:
    """Return a finished task's outcome (a task that raised failed) and release its result."""
    try:
        outcome: Outcome = future.result()
    except Exception as exc:  # noqa: BLE001 - KilledWorker, a lost scheduler
        outcome = Outcome(spec.name, "failed",
                          error=f"{type(exc).__name__}: {str(exc)[:200]}")
    future.release()
    return outcome


def run_batch(repos: tuple[RepoSpec, ...], line_errors: tuple[LineError, ...], *,
              store_spec: str, settings: TaskSettings, cluster: Cluster,
              progress: Progress | None = None) -> BatchResult:
    """Scan every repository on the cluster; record each outcome in the store."""
    from distributed import as_completed

    started = time.monotonic()
    workspace = Path(settings.workspace)
    workspace.mkdir(parents=True, exist_ok=True)
    result = BatchResult(line_errors=line_errors)
    with open_store(workspace, store_spec,
                    repository=store_repository(workspace, store_spec)) as store:
        _record_line_errors(store, line_errors)
        stored = store.stored_commits()
        settings = replace(settings, store_url=store_spec if store_spec.startswith(
            ("postgresql://", "postgres://")) else None)
        client, local, result.workers = _client(cluster)
        result.cluster_seconds = round(time.monotonic() - started, 3)
        try:
            by_key: dict[str, tuple[RepoSpec, int]] = {}
            futures = []
            for spec in repos:
                future = client.submit(scan_repository, spec, settings,
                                       frozenset(stored.get(spec.name, ())), pure=False,
                                       key=f"org-scan-{spec.slug}-1")
                by_key[future.key] = (spec, 1)
                futures.append(future)
            total, failed = len(repos), 0
            if progress:
                progress(0, min(total, max(result.workers, 1)), 0, total)
            pending = as_completed(futures)
            for future in pending:
                spec, attempt = by_key.pop(future.key)
                outcome = _task_outcome(future, spec)
                if outcome.status == "failed" and attempt < MAX_ATTEMPTS:
                    again = client.submit(scan_repository, spec, settings,
                                          frozenset(stored.get(spec.name, ())), pure=False,
                                          key=f"org-scan-{spec.slug}-{attempt + 1}")
                    by_key[again.key] = (spec, attempt + 1)
                    pending.add(again)
                    continue
                _record(store, spec, outcome, attempt)
                result.outcomes[spec.name] = outcome
                failed += outcome.status == "failed"
                if progress:
                    done = len(result.outcomes)
                    progress(done, min(total - done, max(result.workers, 1)), failed, total)
        finally:
            client.close()
            if local is not None:
                local.close()
    result.wall_seconds = round(time.monotonic() - started, 3)
    return result
