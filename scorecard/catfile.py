"""Read many git objects through one long-lived ``git cat-file --batch`` process.

Scanning a past commit reads every file from git's object store without touching the work
tree; starting one git process per file would dominate the cost, so one process serves all.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from types import TracebackType

from scorecard.gitcmd import GitUnavailable, git_env, safe_command

__all__ = ["BlobReader"]


class BlobReader:
    """A context manager around ``git cat-file --batch``: ``read(blob_id)`` returns bytes."""

    def __init__(self, cwd: Path) -> None:
        self._cwd = cwd
        self._process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> BlobReader:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def _start(self) -> subprocess.Popen[bytes]:
        if self._process is None or self._process.poll() is not None:
            try:
                self._process = subprocess.Popen(  # noqa: S603 - fixed git command, no shell
                    safe_command(["cat-file", "--batch"], self._cwd), cwd=self._cwd, env=git_env(),
                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                )
            except OSError as exc:
                raise GitUnavailable(f"git could not be started: {exc}") from exc
        return self._process

    def read(self, object_id: str) -> bytes:
        """Return the content of one object; raises KeyError if git does not have it."""
        process = self._start()
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
        if self._process is not None:
            if self._process.stdin is not None:
                self._process.stdin.close()
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            if self._process.stdout is not None:
                self._process.stdout.close()
            self._process = None
