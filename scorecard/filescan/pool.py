"""Worker processes and batches: files spread over every core, a dead worker isolated."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from scorecard.filescan.outcomes import WORKER_DIED_KEY, ProgressCallback, _Task
from scorecard.filescan.worker import _analyze_batch
from scorecard.orphans import die_with_parent

__all__ = ["BATCH_BYTES", "SERIAL_BELOW", "start_pool", "stop_pool"]

BATCH_BYTES = 256 * 1024  # a batch is about this much source, so workers finish together
SERIAL_BELOW = 48  # small scans are faster without starting worker processes
_Item = TypeVar("_Item")


def _batches(tasks: list[_Task]) -> Iterator[list[_Task]]:
    """Cut tasks into batches of about BATCH_BYTES; versions of one path stay together.

    A worker analysing several versions of a file in a row measures only the statements that
    changed between them (see ``statement_parts``), so they are never split between workers.
    """
    return _runs(tasks, BATCH_BYTES, lambda task: len(task[1]), lambda task: task[0])


def _runs(items: Sequence[_Item], limit: int, size: Callable[[_Item], int],
          path: Callable[[_Item], str]) -> Iterator[list[_Item]]:
    """Cut items into runs of about ``limit`` bytes, never between two items of one path."""
    run: list[_Item] = []
    total = 0
    for index, item in enumerate(items):
        run.append(item)
        total += size(item)
        following = path(items[index + 1]) if index + 1 < len(items) else None
        if total >= limit and following != path(item):
            yield run
            run, total = [], 0
    if run:
        yield run


def _execute(
    tasks: list[_Task], jobs: int, progress: ProgressCallback | None
) -> list[dict[str, Any]]:
    total = len(tasks)
    cores = os.cpu_count() or 1
    # More workers than cores only share them (the work is CPU-bound), and each worker is
    # forked at once: a repository's "jobs = 100000" must not fork a hundred thousand.
    workers = min(jobs, cores) if jobs > 0 else cores
    if workers <= 1 or total < SERIAL_BELOW:
        out: list[dict[str, Any]] = []
        for batch in _batches(tasks):
            out.extend(_analyze_batch(batch))
            if progress:
                progress(len(out), total)
        return out
    batches = list(_batches(tasks))
    outcomes = _run_pool(batches, workers, progress, total)
    results: list[dict[str, Any]] = []
    for batch, outcome in zip(batches, outcomes, strict=True):
        results.extend(outcome if outcome is not None else _isolate(batch))
    return results


def _start_worker(parent: int, kernel: bool) -> None:
    # A worker never outlives its parent (killed by SIGKILL included): see scorecard.orphans.
    die_with_parent(parent, kernel=kernel)
    # Ctrl-C reaches every process of the terminal's group: the parent handles it and stops
    # the workers, which would otherwise each print a KeyboardInterrupt traceback. Workers
    # start with SIGINT blocked (see start_pool): ignore it first, then let it through.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def start_pool(workers: int) -> ProcessPoolExecutor:
    """Return a process pool whose workers leave Ctrl-C to the parent.

    The workers are started at once with SIGINT blocked: a Ctrl-C between a fork and the
    worker's initializer would otherwise raise KeyboardInterrupt inside the initializer and
    print its traceback. A Ctrl-C that arrives meanwhile is delivered to this process when
    the mask is restored, and the pool is stopped. Workers end when this process ends,
    even by SIGKILL.
    """
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    main = threading.current_thread() is threading.main_thread()
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_start_worker,
                               initargs=(os.getpid(), main))
    try:
        pool.submit(int).result()  # with fork, the first task starts every worker
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
    except BaseException:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        stop_pool(pool)
        raise
    return pool


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Stop a pool at once: drop queued work and end the workers (Ctrl-C, errors)."""
    pool.shutdown(wait=False, cancel_futures=True)
    # No public way to end running workers before Python 3.14 (terminate_workers).
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()


def _run_pool(batches: list[list[_Task]], workers: int, progress: ProgressCallback | None,
              total: int) -> list[list[dict[str, Any]] | None]:
    """Analyse the batches on ``workers`` processes; None for a batch whose worker died."""
    outcomes: list[list[dict[str, Any]] | None] = []
    finished = 0
    pool = start_pool(workers)
    try:
        futures: list[Future[list[dict[str, Any]]]] = [
            pool.submit(_analyze_batch, batch) for batch in batches
        ]
        for batch, future in zip(batches, futures, strict=True):
            try:
                outcomes.append(future.result())
            except BrokenProcessPool:
                # A dead worker fails every batch not finished yet; each is redone below.
                outcomes.append(None)
            finished += len(batch)
            if progress:
                progress(finished, total)
    except BaseException:
        # Ctrl-C: drop the queued batches rather than finish them all before exiting.
        stop_pool(pool)
        raise
    pool.shutdown()
    return outcomes


def _isolate(batch: list[_Task]) -> list[dict[str, Any]]:
    """Redo a batch whose worker died one file at a time, so only the file at fault is lost."""
    outcomes: list[dict[str, Any]] = []
    pool = start_pool(1)
    try:
        for task in batch:
            try:
                outcomes.extend(pool.submit(_analyze_batch, [task]).result())
            except BrokenProcessPool:
                outcomes.append({WORKER_DIED_KEY: {}})
                pool.shutdown()
                pool = start_pool(1)
    except BaseException:
        stop_pool(pool)
        raise
    pool.shutdown()
    return outcomes
