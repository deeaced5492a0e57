"""Load scikit-learn for the risk model's fit in another process while the scan goes on.

Loading NumPy, SciPy and scikit-learn costs about a second of CPU (SciPy's statistics
module alone, which scikit-learn's validation imports, is more than half of it): longer than
every other part of the risk step together, on a repository of any size. A scan that will
likely fit starts :mod:`scorecard.risk.fit_process` before it analyses the files, at the
lowest CPU priority, so that the import runs on a core the scan leaves idle (the summaries
after the file analysis run on one core). The fit is sent to that process once its import
is done: a fit that comes first waits for it (what is left of a started import is shorter
than a whole one here), up to ``READY_WAIT_SECONDS``; after that, and on any failure (the
process cannot start, dies, misses its deadline), the fit runs in this process, with the
same result: the warm-up changes where the import happens, never what is computed. A
process that has imported scikit-learn already (a backfill's or an organisation scan's
worker) fits in process, and none is started when no core is idle (see :func:`spare_core`).

A process rather than a thread: the import runs beside the file analysis without taking
the GIL from the thread that feeds the workers, and nothing is half-imported in this
process when it forks workers.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
from collections.abc import Sequence

__all__ = ["READY", "READY_WAIT_SECONDS", "FitterProcess", "spare_core", "start_fitter",
           "stop_fitter", "take_fitter"]

READY = b"ready\n"  # the fitting process's first line, once its import is done

# Generous: a fit of a few thousand rows takes milliseconds once the import is done.
FIT_DEADLINE_SECONDS = 30.0
# How long a fit waits for a process still importing. Its import has a head start, so what
# is left of it is shorter than a whole import here (about a second of CPU); the bound
# covers a process starved on a busy machine, after which the fit runs here after all.
READY_WAIT_SECONDS = 3.0
MAX_REPLY_BYTES = 1 << 16
FIT_MODULE = "scorecard.risk.regression"  # imported here already: nothing to warm


class FitterProcess:
    """A fitting process started ahead of its one fit."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        """Wrap a started :mod:`scorecard.risk.fit_process`."""
        self._process = process

    @classmethod
    def start(cls) -> FitterProcess | None:
        """Start the process; None when it cannot start (the fit then runs in process)."""
        try:
            # -I: neither the working directory (a scanned repository may hold a numpy.py)
            # nor PYTHON* variables decide what the process imports.
            process = subprocess.Popen(
                [sys.executable, "-I", "-m", "scorecard.risk.fit_process"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        except (OSError, ValueError):
            return None
        return cls(process)

    def ready(self) -> bool:
        """Return whether the process has finished its import (never waits for it)."""
        return self.wait_ready(0.0)

    def wait_ready(self, seconds: float) -> bool:
        """Wait up to ``seconds`` for the process to finish its import; return whether it did."""
        stdout = self._process.stdout
        if stdout is None or self._process.poll() is not None:
            return False
        try:
            readable, _, _ = select.select([stdout], [], [], seconds)
        except (OSError, ValueError):
            return False
        # The process writes nothing else before it is sent a fit, so this reads only READY.
        return bool(readable) and stdout.readline(len(READY)) == READY

    def fit(self, rows: Sequence[Sequence[float]], labels: Sequence[int],
            deadline: float = FIT_DEADLINE_SECONDS) -> tuple[tuple[float, ...], float] | None:
        """Return (coefficients, intercept) fitted by the process, or None if it failed."""
        if not rows:
            return None
        request = json.dumps({"rows": [list(map(float, row)) for row in rows],
                              "labels": [int(label) for label in labels]}) + "\n"
        try:
            reply, _ = self._process.communicate(request.encode(), timeout=deadline)
        except (OSError, ValueError, subprocess.TimeoutExpired):
            return None
        if self._process.returncode != 0 or len(reply) > MAX_REPLY_BYTES:
            return None
        try:
            answer = json.loads(reply)
            coefficients = tuple(float(c) for c in answer["coefficients"])
            intercept = float(answer["intercept"])
        except (ValueError, TypeError, KeyError):
            return None
        return (coefficients, intercept) if len(coefficients) == len(rows[0]) else None

    def stop(self) -> None:
        """End the process if it still runs, and release its pipes."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        for stream in (self._process.stdin, self._process.stdout):
            if stream is not None:
                stream.close()


_waiting: FitterProcess | None = None  # one scan at a time per process, as the read-ahead


def spare_core(cores: int | None = None, load: float | None = None) -> bool:
    """Return whether the machine likely has a core the scan leaves idle.

    The warm-up only pays when it runs on an otherwise idle core: on a saturated machine
    (an organisation scan with one worker per core, a busy CI runner) its import competes
    with the scans, is rarely done in time, and the fit imports again in process. Like
    ``make --load-average``, the one-minute load average decides: fewer runnable processes
    than the usable cores minus half a core means one is idle. ``cores`` and ``load``
    default to this process's CPU affinity and the system's load average.
    """
    if cores is None:
        try:
            cores = len(os.sched_getaffinity(0))
        except (AttributeError, OSError):
            cores = os.cpu_count() or 1
    if load is None:
        try:
            load = os.getloadavg()[0]
        except (AttributeError, OSError):
            return cores > 1  # no load average (not a Unix): trust the core count
    return cores > 1 and load < cores - 0.5


def start_fitter() -> bool:
    """Start a fitting process for this scan's fit; return whether one was started.

    None is started where scikit-learn is loaded already or when no core is idle; one a
    scan left behind is stopped.
    """
    global _waiting
    stop_fitter()
    if FIT_MODULE in sys.modules or not spare_core():
        return False
    _waiting = FitterProcess.start()
    return _waiting is not None


def take_fitter() -> FitterProcess | None:
    """Return the started fitting process, if any, for the caller to use once and stop."""
    global _waiting
    fitter, _waiting = _waiting, None
    return fitter


def stop_fitter() -> None:
    """Stop a started fitting process nobody took."""
    fitter = take_fitter()
    if fitter is not None:
        fitter.stop()
