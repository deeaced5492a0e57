"""Each repository's scan in a child of a fork server that imported scorecard once.

An organisation scan runs every repository's ``scorecard`` command in a child process: the
child has the repository's deadline and an address-space limit, so a runaway scan fails
that repository and never the worker. Started as a fresh interpreter, every child imports
scorecard again (about half a second of CPU) and, when its risk model fits, NumPy, SciPy and
scikit-learn (about a second more): on a median repository that is a third of its scan.
Here the children are forked from a fork server (``multiprocessing``'s ``forkserver``) that
imported the command line and the risk model's fit once: each child starts with both
loaded, shared copy-on-write, and runs the command in process.

The fork server is a clean single-threaded process (started with ``exec``, not forked
from the threaded worker), so forking it is safe. A child:

- starts a session of its own, so the deadline kills it with the git processes it runs;
- dies with the fork server (``PR_SET_PDEATHSIG``), which ends with the worker;
- sets its address-space limit (``RLIMIT_AS``) before it does anything else;
- runs with the environment the task gives it (the token removed, the git deadline set);
- writes its standard error to a file the task reads on failure, and its CPU time (its
  own and its git processes') to another, since it is no child of the worker.

A worker that may not start processes (a daemonic Dask worker of a cluster not started by
``org scan``) falls back to a fresh interpreter per scan (:func:`can_fork_scans`).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import resource
import signal
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from multiprocessing.context import ForkServerContext
from pathlib import Path

__all__ = ["ChildRun", "ForkUnavailable", "can_fork_scans", "run_in_fork", "set_limits"]

# What the fork server imports once for every scan: the command line, and the risk model's
# fit (scikit-learn); a module that cannot be imported is skipped by the fork server.
PRELOAD = ["scorecard.cli.command_line", "scorecard.risk.regression"]
# Math libraries start one thread per core unless told otherwise as they load: each worker
# runs one scan at a time on its core.
SINGLE_THREADED = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
                   "MKL_NUM_THREADS": "1"}
MAX_ERROR_BYTES = 64 * 1024
_context: ForkServerContext | None = None


class ForkUnavailable(RuntimeError):
    """The fork server could not start a child (the caller runs an interpreter instead)."""


@dataclass(frozen=True)
class ChildRun:
    """How a scan's child process ended."""

    exit_code: int  # negative: killed by that signal
    stderr: bytes
    cpu_seconds: float  # the child's and its children's (git), when it ended by itself


def set_limits(memory_bytes: int) -> None:
    """In a scan's child process: die with the parent; an address-space limit."""
    try:  # first: loading libc needs memory the limit may not leave
        import ctypes

        ctypes.CDLL(None).prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))


_fork_failed = False  # the fork server could not start in this process


def can_fork_scans() -> bool:
    """Whether this process may start scan children (a daemonic process may not).

    False too once the fork server failed to start here: the scans then run in fresh
    interpreters, slower but the same.
    """
    return (not _fork_failed and not multiprocessing.current_process().daemon
            and "forkserver" in multiprocessing.get_all_start_methods())


def _fork_server() -> ForkServerContext:
    global _context  # noqa: PLW0603 - one fork server per worker process
    if _context is None:
        for name, value in SINGLE_THREADED.items():
            os.environ.setdefault(name, value)  # inherited by the fork server as it starts
        context = multiprocessing.get_context("forkserver")
        assert isinstance(context, ForkServerContext)
        context.set_forkserver_preload(PRELOAD)
        _context = context
    return _context


def _child(argv: Sequence[str], environ: Mapping[str, str], removed: Sequence[str],
           memory_bytes: int, error_path: str, usage_path: str) -> None:
    """Run the scan in the child: limits, streams and environment first, then the command."""
    os.setsid()
    set_limits(memory_bytes)
    error = os.open(error_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    os.dup2(error, 2)
    os.close(null)
    os.close(error)
    for name in removed:
        os.environ.pop(name, None)
    os.environ.update(environ)
    sys.argv = ["scorecard", *argv]
    try:
        from scorecard.cli.command_line import main

        main()
    finally:
        own = resource.getrusage(resource.RUSAGE_SELF)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        with contextlib.suppress(OSError), open(usage_path, "w", encoding="ascii") as out:
            out.write(repr(own.ru_utime + own.ru_stime + children.ru_utime
                           + children.ru_stime))


def _read(path: Path, limit: int) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(limit)
    except OSError:
        return b""


def _cpu(path: Path) -> float:
    try:
        return float(path.read_text(encoding="ascii"))
    except (OSError, ValueError):
        return 0.0


def run_in_fork(argv: Sequence[str], *, environ: Mapping[str, str], removed: Sequence[str],
                memory_bytes: int, seconds: float) -> ChildRun | None:
    """Run ``scorecard ARGV`` in a child of the fork server; None when past ``seconds``.

    The child's whole session is killed at the deadline and when it ends, so no git process
    it started outlives it. Raises ForkUnavailable when the fork server cannot start one.
    """
    global _fork_failed  # noqa: PLW0603 - remembered for this worker's next scans
    with tempfile.TemporaryDirectory(prefix="scorecard-child-") as folder:
        error_path, usage_path = Path(folder) / "stderr", Path(folder) / "cpu"
        process = _fork_server().Process(
            target=_child, args=(list(argv), dict(environ), list(removed), memory_bytes,
                                 str(error_path), str(usage_path)))
        try:
            process.start()
        except (OSError, EOFError, ValueError) as exc:
            _fork_failed = True
            raise ForkUnavailable(str(exc)) from exc
        try:
            process.join(max(0.0, seconds))
            finished = process.exitcode is not None
        finally:
            if process.pid is not None:
                with contextlib.suppress(OSError):
                    os.killpg(process.pid, signal.SIGKILL)
            process.join()
        if not finished:
            return None
        return ChildRun(int(process.exitcode or 0), _read(error_path, MAX_ERROR_BYTES),
                        _cpu(usage_path))
