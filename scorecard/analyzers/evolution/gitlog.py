"""Read the repository's history in one streaming ``git log`` pass.

One process, one pass: ``git log -z --numstat -M --no-merges`` with a record separator in the
format, parsed incrementally from the pipe, so memory holds one commit at a time (the callers
keep per-file aggregates, not commits). Author names and emails come through ``.mailmap``
(``%aN``/``%aE``). Merge commits are left out: their changes already count in the commits
they merge, and counting them again would double churn.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from scorecard.gitcmd import stream_git

__all__ = ["Commit", "FileChange", "iter_commits", "parse_log", "read_ignore_revs"]

_RECORD = b"\x1e"
_FIELD = b"\x1f"
_FORMAT = "--format=%x1e%H%x1f%P%x1f%aN%x1f%aE%x1f%at"
_SHA = re.compile(r"^[0-9a-f]{40}$")
READ_SIZE = 1 << 16


@dataclass(frozen=True)
class FileChange:
    """One file of a commit: lines added and deleted (None for binary), old path if renamed."""

    path: str
    added: int | None
    deleted: int | None
    old_path: str | None = None


@dataclass(frozen=True)
class Commit:
    """One non-merge commit with its changed files."""

    sha: str
    parents: tuple[str, ...]
    author: str
    email: str
    timestamp: int
    files: tuple[FileChange, ...]


def _display(raw: bytes) -> str:
    # Undecodable bytes in a path become U+FFFD, as RepoView shows them.
    return os.fsdecode(raw).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _count(text: bytes) -> int | None:
    return None if text == b"-" else int(text)


def _parse_record(record: bytes) -> Commit | None:
    header, _, body = record.partition(b"\0")
    fields = header.split(_FIELD)
    if len(fields) != 5 or not fields[0]:
        return None
    tokens = body.lstrip(b"\n").split(b"\0")
    files: list[FileChange] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        if not token.strip():
            continue
        parts = token.split(b"\t", 2)
        if len(parts) != 3:
            continue
        added, deleted, path = _count(parts[0]), _count(parts[1]), parts[2]
        if path:
            files.append(FileChange(_display(path), added, deleted))
            continue
        if index + 1 >= len(tokens):
            break  # a truncated rename record
        # A rename: the old and the new path follow as their own NUL-terminated fields.
        old, new = tokens[index], tokens[index + 1]
        index += 2
        files.append(FileChange(_display(new), added, deleted, _display(old)))
    return Commit(
        sha=fields[0].decode("ascii", "replace"),
        parents=tuple(p.decode("ascii", "replace") for p in fields[1].split()),
        author=fields[2].decode("utf-8", "replace"),
        email=fields[3].decode("utf-8", "replace").lower(),
        timestamp=int(fields[4] or 0),
        files=tuple(files),
    )


def parse_log(chunks: Iterable[bytes]) -> Iterator[Commit]:
    """Parse a ``git log`` byte stream (in any chunking) into commits, one at a time."""
    pending = b""
    for chunk in chunks:
        pending += chunk
        records = pending.split(_RECORD)
        pending = records.pop()  # the last record may still be incomplete
        for record in records:
            commit = _parse_record(record) if record else None
            if commit is not None:
                yield commit
    if pending:
        commit = _parse_record(pending)
        if commit is not None:
            yield commit


def read_ignore_revs(root: Path) -> frozenset[str]:
    """Return the commits listed in ``.git-blame-ignore-revs`` (formatting sweeps), if any."""
    try:
        text = (root / ".git-blame-ignore-revs").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return frozenset()
    revs = (line.split("#", 1)[0].strip().lower() for line in text.splitlines())
    return frozenset(rev for rev in revs if _SHA.match(rev))


def iter_commits(root: Path, since: datetime, until: datetime) -> Iterator[Commit]:
    """Stream the non-merge commits reachable from HEAD within [since, until], newest first."""
    args = ["log", "-z", "--numstat", "-M", "--no-merges", "--no-color", "--use-mailmap",
            _FORMAT, f"--since={since.isoformat()}", f"--until={until.isoformat()}", "HEAD",
            "--"]
    with stream_git(root, args) as process:
        assert process.stdout is not None
        stdout = process.stdout
        yield from parse_log(iter(lambda: stdout.read(READ_SIZE), b""))
