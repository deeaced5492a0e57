"""Worker processes end with the process that started them, even when it is killed.

A pool worker waits on a pipe that its siblings also hold open, so it never sees the end of
its work queue when the parent dies by SIGKILL: it would live on, holding the caller's
inherited stdout and stderr open (a CI step waiting on those pipes never ends). On Linux the
kernel kills the worker when its parent dies (``prctl(PR_SET_PDEATHSIG)``); everywhere, a
watcher thread ends the worker once its parent is gone.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

__all__ = ["die_with_parent"]

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
# scorecard: ignore[operability.config-overridable-constants] reason=a liveness poll, no knob
POLL_SECONDS = 0.5


def _kernel_kills_on_parent_death() -> bool:
    """Ask Linux to SIGKILL this process when its parent thread ends; False elsewhere."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _watch_parent(parent: int, forked_by: int) -> None:
    # Started by fork, the parent is the parent process: its death reparents this one.
    # Started by a fork server, the parent is watched by its process id.
    while os.getppid() == forked_by and _alive(parent):
        time.sleep(POLL_SECONDS)
    os._exit(1)  # the parent is gone: nothing is waiting for this worker's results


def die_with_parent(parent: int, *, kernel: bool) -> None:
    """End this (worker) process when ``parent`` ends; call first thing in the worker.

    ``kernel`` asks for the Linux parent-death signal as well; only safe when the parent
    started the worker from a thread that lives as long as the parent (its main thread):
    the kernel sends the signal when that thread ends.
    """
    forked_by = os.getppid()
    if kernel and forked_by == parent:
        _kernel_kills_on_parent_death()
    if os.getppid() != forked_by or not _alive(parent):  # it died before the request
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent, forked_by), daemon=True,
                     name="scorecard-parent-watch").start()
