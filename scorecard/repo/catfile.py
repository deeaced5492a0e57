"""Read many git objects through one long-lived ``git cat-file --batch`` process.

Scanning a past commit reads every file from git's object store without touching the work
tree; starting one git process per file would dominate the cost, so one process serves all.
Each read is bounded by the git call deadline: an object git cannot produce in time (a
repository that hangs git) becomes an error for that file, and later reads fail at once.
"""

from __future__ import annotations

import contextlib
import subprocess
from pathlib import Path
from types import TracebackType

from scorecard.repo.gitcmd import (
    TIMEOUT_VARIABLE,
    GitTimeout,
    GitUnavailable,
    Watchdog,
    call_deadline,
    kill_group,
    start_git,
)

__all__ = ["BlobReader"]

# scorecard: ignore[operability.config-overridable-constants] reason=only a grace period
CLOSE_SECONDS = 5.0  # git ends at once when its input closes; then it is killed


class BlobReader:
    """A context manager around ``git cat-file --batch``: ``read(blob_id)`` returns bytes."""

    def __init__(self, cwd: Path) -> None:
        self._cwd = cwd
        self._process: subprocess.Popen[bytes] | None = None
        self._watchdog: Watchdog | None = None
        self._timed_out: str | None = None

    def __enter__(self) -> BlobReader:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def _start(self) -> subprocess.Popen[bytes]:
        if self._timed_out is not None:
            raise GitTimeout(self._timed_out)
        if self._process is None or self._process.poll() is not None:
            self.close()
            self._process = start_git(self._cwd, ["cat-file", "--batch"], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            self._watchdog = Watchdog(self._process, call_deadline())
        return self._process

    def read(self, object_id: str) -> bytes:
        """Return the content of one object; raises KeyError if git does not have it."""
        process = self._start()
        assert self._watchdog is not None  # started with the process
        self._watchdog.arm()
        try:
            return self._answer(process, object_id)
        except OSError as exc:  # git died under the write (a broken pipe)
            raise GitUnavailable(f"git cat-file stopped answering ({exc})") from exc
        finally:
            self._watchdog.disarm()
            if self._watchdog.fired:
                self._timed_out = (f"git cat-file took longer than {self._watchdog.seconds:g} s "
                                   f"to read {object_id} and was stopped "
                                   f"(deadline: {TIMEOUT_VARIABLE})")
                self.close()
                raise GitTimeout(self._timed_out)

    @staticmethod
    def _answer(process: subprocess.Popen[bytes], object_id: str) -> bytes:
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(object_id.encode("ascii") + b"\n")
        process.stdin.flush()
        header = process.stdout.readline()
        if not header:
            raise GitUnavailable("git cat-file stopped answering")
        fields = header.split()
        if len(fields) == 2 and fields[1] == b"missing":
            raise KeyError(object_id)
        if len(fields) != 3:
            raise GitUnavailable(f"unexpected cat-file answer: {header[:80]!r}")
        size = int(fields[2])
        data = process.stdout.read(size)
        process.stdout.read(1)  # the newline git writes after every object
        if len(data) != size:
            raise GitUnavailable("git cat-file stopped in the middle of an object")
        return data

    def close(self) -> None:
        """Stop the git process."""
        process, self._process = self._process, None
        if self._watchdog is not None:
            self._watchdog.close()
            self._watchdog = None
        if process is None:
            return
        if process.stdin is not None:
            with contextlib.suppress(OSError):  # git is gone already
                process.stdin.close()
        try:
            process.wait(timeout=CLOSE_SECONDS)
        except subprocess.TimeoutExpired:
            kill_group(process)
            process.wait()
        if process.stdout is not None:
            process.stdout.close()
