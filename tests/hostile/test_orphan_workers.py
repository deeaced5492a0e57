"""Worker processes die with their parent: a ``kill -9`` leaves nothing holding the pipes.

A CI step (or a shell pipeline) waits until every process holding its stdout has ended;
workers that survived a killed scorecard would keep it waiting forever.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO

import pytest

from tests.hostile.generators import PROJECT_ROOT

# Starts the pool the way scans and backfills do, prints the worker ids, then waits.
POOL_HOLDER = """
import sys, time
from scorecard.filescan import start_pool
pool = start_pool(2)
print(" ".join(str(pid) for pid in pool._processes), flush=True)
time.sleep(600)
"""


def _gone(pid: int) -> bool:
    """True once ``pid`` has ended (a zombie waiting for its reaper counts as ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in ("Z", "X")


def _pipe_end(stream: IO[bytes], seconds: float) -> bool:
    """Read ``stream`` to its end; False if it is still open after ``seconds``."""
    ended = threading.Event()

    def drain() -> None:
        stream.read()
        ended.set()

    threading.Thread(target=drain, daemon=True).start()
    return ended.wait(timeout=seconds)


def _all_gone(pids: list[int], seconds: float) -> bool:
    """Wait up to ``seconds`` for every process to end."""
    deadline = time.monotonic() + seconds
    while not all(_gone(pid) for pid in pids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_die_with_a_killed_parent() -> None:
    holder = subprocess.Popen([sys.executable, "-c", POOL_HOLDER], cwd=PROJECT_ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert holder.stdout is not None
    workers = [int(pid) for pid in holder.stdout.readline().split()]
    assert len(workers) == 2 and not any(_gone(pid) for pid in workers)
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)
    try:
        # The caller's pipe ends once every process holding it has: the workers included.
        assert _pipe_end(holder.stdout, 15), "the workers kept the caller's pipe open"
        # A process closes its files before it becomes a zombie: wait for that last step.
        assert _all_gone(workers, 15)
    finally:
        for pid in workers:
            if not _gone(pid):
                os.kill(pid, signal.SIGKILL)
