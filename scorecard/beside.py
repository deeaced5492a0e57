"""Run one piece of work in a forked copy of this process while this process goes on.

A diff's base scan needs what the head scan's file step left in memory (per-file outcomes,
the history read), and then only its own repository-level summaries, which run on one
core; the head's summaries run on one core too. Forking after the head's file step lets the
two run side by side on two cores, the child inheriting that memory without copying it.

The child's result comes back pickled through a pipe. Whatever goes wrong with the child
(no fork on this platform, a crash, a result that does not unpickle), the caller runs the
work in this process instead: the child changes where the work runs, never what it gives.
An exception the work raises in the child is raised again here, as if it had run here.
"""

from __future__ import annotations

import os
import pickle
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from scorecard.orphans import die_with_parent
from scorecard.risk.warm import forget_fitter

__all__ = ["Beside", "can_fork"]

T = TypeVar("T")
_OK = "ok"
_RAISED = "raised"


def can_fork() -> bool:
    """Whether work can run beside this process: fork exists and there are two cores."""
    return hasattr(os, "fork") and (os.cpu_count() or 1) > 1


class Beside(Generic[T]):
    """Work started in a forked child; :meth:`result` waits for it (or runs it here)."""

    def __init__(self, work: Callable[[], T]) -> None:
        """Fork a child that runs ``work``; on any failure to fork, nothing runs yet."""
        self._work = work
        self._pid: int | None = None
        self._read: int | None = None
        parent = os.getpid()
        main = threading.current_thread() is threading.main_thread()
        read, write = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return
        if pid == 0:  # the child: run, answer, and end without running the parent's exits
            os.close(read)
            status = 1
            try:
                die_with_parent(parent, kernel=main)
                # The parent's fitting process belongs to the parent's scan.
                forget_fitter()
                try:
                    answer: tuple[str, object] = (_OK, work())
                except Exception as exc:  # noqa: BLE001 - handed to the parent to raise
                    answer = (_RAISED, exc)
                # A result or exception that does not pickle ends the child with status 1:
                # the parent then runs the work itself.
                payload = pickle.dumps(answer)
                with os.fdopen(write, "wb") as out:
                    out.write(payload)
                status = 0
            finally:
                os._exit(status)
        os.close(write)
        self._pid, self._read = pid, read

    def result(self) -> T:
        """Return the work's result from the child, or run the work here if the child failed."""
        if self._pid is None or self._read is None:
            return self._work()
        with os.fdopen(self._read, "rb") as answer:
            data = answer.read()
        self._read = None
        _, status = os.waitpid(self._pid, 0)
        self._pid = None
        if os.waitstatus_to_exitcode(status) != 0 or not data:
            return self._work()
        try:
            kind, value = pickle.loads(data)  # noqa: S301 - our own forked child's answer
        except Exception:  # noqa: BLE001 - a result that does not come back is redone here
            return self._work()
        if kind == _RAISED:
            raise value
        return value  # type: ignore[no-any-return]

    def cancel(self) -> None:
        """End the child (this process is stopping) and forget its answer."""
        if self._pid is not None:
            try:
                os.kill(self._pid, 9)
                os.waitpid(self._pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            self._pid = None
        if self._read is not None:
            os.close(self._read)
            self._read = None
