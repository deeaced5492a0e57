r"""Read a repository's history in one streaming ``git log`` pass.

One streaming pass: ``git log -z --numstat`` with a NUL-separated header per commit,
parsed token by token as the bytes arrive (callers keep per-file aggregates, never the
commits). A cheap walk without diffs lists the window first, so that commits this process
has read before (a diff's other side, a backfill's earlier quarter end) come from memory
and only the others are read with their diffs. The header carries the commit id,
its parents, the author's name and email as committed (``%an``/``%ae``; :func:`iter_commits`
names them through the ``.mailmap`` committed at the revision it reads from) and the
author and committer dates in Unix seconds, and the subject line (fix commits are told by
it).

Merge commits are listed (their authors are active people) but ``git log`` shows no diff
for them without ``-m``, so they carry no file changes: the changes they bring in are
already counted in the commits they merge.

Layout of the stream, as git writes it with ``-z``::

    \x01<sha> NUL <parents> NUL <name> NUL <email> NUL <time> NUL <ctime> NUL <subject> NUL
    \n<added> TAB <deleted> TAB <path> NUL           (first file; later ones without \n)
    <added> TAB <deleted> TAB NUL <old> NUL <new> NUL (a rename: both paths follow)

Binary files have ``-`` for both counts. Paths are raw bytes: any name git can store
(spaces, quotes, newlines, bytes that are not UTF-8) survives.

Readings without line counts list ``--name-status`` entries (``<status> NUL <path> NUL``)
or ``--raw`` ones (``:<mode> <mode> <blob> <blob> <status> NUL <path> NUL``), which also
name both blobs of each change: :mod:`salvage` reads them when a blob cannot be read.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
from collections import deque
from collections.abc import Generator, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, NamedTuple

from scorecard.memo import BoundedMemo
from scorecard.repo.gitcmd import (
    GitUnavailable,
    kill_group,
    run_git,
    start_git,
    stream_deadline,
    stream_git,
)
from scorecard.repo.mailmap import Mailmap, read_mailmap

__all__ = ["Commit", "FileChange", "LogInBackground", "diff_arguments", "display_path",
           "iter_commits", "log_arguments", "named", "parse_log", "remembered", "stopped_reading",
           "stream_log", "window_arguments"]

_MARK = 0x01  # first byte of a commit header; a numstat token starts with a digit, - or \n
_FORMAT = "--format=%x01%H%x00%P%x00%an%x00%ae%x00%at%x00%ct%x00%s"
_HEADER_FIELDS = 7
READ_SIZE = 1 << 18
# How long to wait for the standard-error reader once git has exited; it only has to read
# what is left in the pipe.
DRAIN_SECONDS = 5.0


class FileChange(NamedTuple):
    """One file of a commit: lines added and deleted (None for binary), old path if renamed.

    ``uncounted``: git could not read the file's content here, so its line counts are
    unknown (not a binary file's None, which means no lines to count).
    """

    path: str
    added: int | None
    deleted: int | None
    old_path: str | None = None
    uncounted: bool = False


class Commit(NamedTuple):
    """One commit with its changed files (none for a merge)."""

    sha: str
    parents: tuple[str, ...]
    author: str
    email: str
    timestamp: int
    changes: tuple[FileChange, ...]
    committed: int = 0  # committer date (Unix seconds): what git's --since and --until read
    subject: str = ""  # the first line of the message (fix commits are told by it)
    # A --raw reading's (old, new) blob ids, one pair per change ("" for none or a submodule).
    blobs: tuple[tuple[str, str], ...] = ()

    @property
    def is_merge(self) -> bool:
        """Return True for a commit with more than one parent."""
        return len(self.parents) > 1


def display_path(raw: bytes) -> str:
    """Return a path as RepoView shows it: undecodable bytes become U+FFFD."""
    name = os.fsdecode(raw)
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _count(text: bytes) -> int | None:
    """Return a numstat count; numstat writes "-" for both counts of a binary file."""
    return None if text == b"-" else int(text)


class _Parser:
    """State machine over the NUL-separated tokens of the stream; one commit at a time."""

    def __init__(self, names_only: bool = False) -> None:
        """Start before the first commit; ``names_only`` reads ``--name-status`` entries."""
        self.paths: dict[bytes, str] = {}  # decoded once: a path recurs in many commits
        self.header: list[bytes] = []
        self.changes: list[FileChange] = []
        self.blobs: list[tuple[str, str]] = []  # a --raw reading's blob ids, per change
        self.rename: list[bytes] = []  # counts, then the old path, of a pending rename
        self.open = False
        self.names_only = names_only
        self.path_follows = False  # a --name-status status was read: its path is next

    def path(self, raw: bytes) -> str:
        """Return the display form of a raw path."""
        decoded = self.paths.get(raw)
        if decoded is None:
            decoded = self.paths[raw] = display_path(raw)
        return decoded

    def finish(self) -> Commit | None:
        """Return the commit read so far, if any, and forget it."""
        if not self.open or len(self.header) != _HEADER_FIELDS:
            self.open = False
            return None
        sha, parents, name, email, when, committed, subject = self.header
        commit = Commit(
            sha.decode("ascii", "replace"),
            tuple(p.decode("ascii", "replace") for p in parents.split()),
            name.decode("utf-8", "replace"),
            email.decode("utf-8", "replace"),
            int(when or 0),
            tuple(self.changes),
            int(committed or 0),
            subject.decode("utf-8", "replace"),
            tuple(self.blobs) if len(self.blobs) == len(self.changes) else (),
        )
        self.open = False
        return commit

    def feed(self, tokens: Sequence[bytes]) -> Iterator[Commit]:
        """Consume complete tokens; yield every commit they complete."""
        for token in tokens:
            if self.rename:
                self._rename_path(token)
            elif self.path_follows:
                self.changes.append(FileChange(self.path(token), None, None))
                self.path_follows = False
            elif self.open and len(self.header) < _HEADER_FIELDS:
                self.header.append(token)
            elif token[:1] == b"\x01":
                done = self.finish()
                if done is not None:
                    yield done
                self.header = [token[1:]]
                self.changes = []
                self.blobs = []
                self.open = True
            elif self.open and self.names_only:
                self._status(token)
            elif self.open:
                self._numstat(token)

    def _rename_path(self, token: bytes) -> None:
        """Take the old, then the new path of a pending rename."""
        if len(self.rename) < 3:  # added, deleted: this token is the old path
            self.rename.append(token)
            return
        added, deleted, old = self.rename
        self.changes.append(FileChange(self.path(token), _count(added), _count(deleted),
                                       self.path(old)))
        self.rename.clear()

    def _status(self, token: bytes) -> None:
        """Take one ``--name-status`` or ``--raw`` status; its path (two for a rename) follows.

        Such a reading has no line counts: its changes carry None for both. A ``--raw``
        status also names the change's two blobs.
        """
        status = token.removeprefix(b"\n")
        if status[:1] == b":":
            fields = status[1:].split(b" ")
            if len(fields) != 5:
                return  # not a raw entry: nothing git documents
            self.blobs.append((_blob(fields[0], fields[2]), _blob(fields[1], fields[3])))
            status = fields[4]
        if status[:1] in (b"R", b"C"):
            self.rename.extend((b"-", b"-"))  # then the old and the new path, as numstat's
        else:
            self.path_follows = True

    def _numstat(self, token: bytes) -> None:
        """Take one numstat entry: a change, or the counts of a rename whose paths follow."""
        parts = token.removeprefix(b"\n").split(b"\t", 2)
        if len(parts) != 3:
            return  # not a numstat line: nothing git documents, so nothing to count
        added, deleted, path = parts
        if path:
            self.changes.append(FileChange(self.path(path), _count(added), _count(deleted)))
        else:
            self.rename.extend((added, deleted))


_GITLINK = b"160000"  # a submodule's commit: an object of another repository


def _blob(mode: bytes, oid: bytes) -> str:
    """Return a raw entry's blob id; "" for no blob (an added or deleted side, a submodule)."""
    if mode == _GITLINK or not oid.strip(b"0"):
        return ""
    return oid.decode("ascii", "replace")


def parse_log(chunks: Iterable[bytes], *, names_only: bool = False) -> Iterator[Commit]:
    """Parse a ``git log`` byte stream, cut into chunks anywhere, into commits one by one.

    ``names_only``: the stream lists ``--name-status`` or ``--raw`` entries instead of
    ``--numstat``.
    """
    parser = _Parser(names_only)
    leftover = b""
    for chunk in chunks:
        tokens = (leftover + chunk).split(b"\0") if leftover else chunk.split(b"\0")
        leftover = tokens.pop()  # the last token may continue in the next chunk
        yield from parser.feed(tokens)
    if leftover:
        yield from parser.feed((leftover,))
    last = parser.finish()
    if last is not None:
        yield last


def _diff_arguments(renames: bool, counts: bool = True) -> list[str]:
    """Return the ``git log`` arguments that fix what each commit's record holds.

    Without ``counts`` the records name the changed files only (``--name-status``): git
    compares trees but diffs no content, which costs a small fraction of ``--numstat``.
    """
    return diff_arguments("--numstat" if counts else "--name-status",
                          "-M" if renames else "--no-renames")


def diff_arguments(output: str, renames: str) -> list[str]:
    """Return the ``git log`` arguments of one reading: ``output`` and ``renames`` options.

    ``output`` is ``--numstat``, ``--name-status`` or ``--raw``; ``renames`` is ``-M``,
    ``-M100%`` (exact renames only: no content read) or ``--no-renames``.
    """
    # --root and the diff algorithm are git's defaults, pinned so that no log.showRoot or
    # diff.algorithm setting of the machine changes the counts.
    whole_ids = ["--no-abbrev"] if output == "--raw" else []  # --raw's blob ids, unshortened
    return ["log", "-z", output, *whole_ids, renames, "--relative", "--root",
            "--diff-algorithm=myers", "--no-textconv", "--no-ext-diff", "--no-color", _FORMAT]


def window_arguments(since: datetime | None, until: datetime | None) -> list[str]:
    """Return git's --since/--until options for the window (committer dates, as git has)."""
    # UTC ISO dates parse the same anywhere.
    args: list[str] = []
    if since is not None:
        args.append(f"--since={since.astimezone(UTC).isoformat()}")
    if until is not None:
        args.append(f"--until={until.astimezone(UTC).isoformat()}")
    return args


def log_arguments(since: datetime | None, until: datetime | None, *, rev: str = "HEAD",
                  renames: bool = True) -> list[str]:
    """Return the ``git log`` arguments of one mining pass over [since, until] from ``rev``."""
    # "--end-of-options" keeps a revision from ever being read as an option.
    return [*_diff_arguments(renames), *window_arguments(since, until),
            "--end-of-options", rev, "--"]


def _drain(stream: IO[bytes], tail: deque[bytes]) -> None:
    """Read git's standard error, keeping the last lines.

    git's warnings (e.g. about rename limits) must not fill the pipe and stall git.
    """
    for line in stream:
        tail.append(line)


def _reading(root: Path, renames: bool, counts: bool = True) -> str:
    """Return what a commit's record depends on besides the commit: folder and renames.

    And whether it holds line counts (``--numstat``) or names only.

    git's diff of a commit is the costly part of a mining pass and a record never changes
    for the same reading, so each commit is read once per process (a diff's two sides and
    a backfill's overlapping windows share most commits).
    """
    return f"{root}\0{renames}\0{counts}"


# Commits already read in this process, by (reading, sha): see iter_commits.
_MEMO: BoundedMemo[tuple[str, str], Commit] = BoundedMemo(limit=200_000)
# Commits named on one `git log --no-walk` command line (keeps it far below ARG_MAX).
# scorecard: ignore[operability.config-overridable-constants] reason=command-line bound
FETCH_CHUNK = 1000


def iter_commits(root: Path, since: datetime | None, until: datetime | None, *,
                 rev: str = "HEAD", renames: bool = True,
                 counts: bool = True) -> Generator[Commit, None, None]:
    """Stream the commits reachable from ``rev`` within the window, newest first.

    Without ``counts`` each change names its file only (added and deleted are None).
    Authors are named through the ``.mailmap`` committed at ``rev`` (never the work tree's:
    :mod:`scorecard.repo.mailmap`).

    A cheap walk without diffs lists the window's commits first (git's own --since and
    --until rules); commits read before in this process come from memory, and the others
    are read, with their diffs, in one streaming pass. Closing the generator early stops
    and reaps git.

    Raises GitUnavailable when git cannot start or ends with an error.
    """
    listed = run_git(root, ["log", "--format=%H", *window_arguments(since, until),
                            "--end-of-options", rev, "--"]).decode("ascii").split()
    reading = _reading(root, renames, counts)
    mailmap = read_mailmap(root, rev)
    missing = [sha for sha in listed if _MEMO.get((reading, sha)) is None]
    if len(missing) == len(listed):
        source = stream_log(root, [*_diff_arguments(renames, counts),
                                *window_arguments(since, until), "--end-of-options", rev,
                                "--"], not counts)
    else:
        source = _fetch(root, missing, renames, counts)
    read: list[Commit] = []  # kept only once git has finished well
    try:
        for sha in listed:
            commit = _MEMO.get((reading, sha))
            if commit is None:
                commit = next(source, None)
                if commit is None or commit.sha != sha:
                    raise GitUnavailable(f"git log did not list commit {sha} where expected")
                read.append(commit)
            yield named(commit, mailmap)
        # Let git finish: its exit status (a corrupt object fails the diff) is checked then.
        if next(source, None) is not None:
            raise GitUnavailable("git log listed more commits than the window holds")
    except GitUnavailable:
        # git writes a commit's header before it reads the blobs of its counts, so only the
        # record read last may be cut short: the others are whole, and a reading around the
        # object git could not read (scorecard.repo.salvage) need not read them again.
        for commit in read[:-1]:
            _MEMO.put((reading, commit.sha), commit)
        raise
    finally:
        source.close()
    for commit in read:
        _MEMO.put((reading, commit.sha), commit)


def remembered(root: Path, shas: Sequence[str], *, renames: bool = True,
               counts: bool = True) -> list[Commit]:
    """Return the records of the leading ``shas`` this process has read whole already.

    As :func:`iter_commits` reads them (before its authors are named through the mailmap);
    the list ends at the first commit not remembered.
    """
    reading = _reading(root, renames, counts)
    found: list[Commit] = []
    for sha in shas:
        commit = _MEMO.get((reading, sha))
        if commit is None:
            break
        found.append(commit)
    return found


def named(commit: Commit, mailmap: Mailmap) -> Commit:
    """Return ``commit`` with its author named through ``mailmap``."""
    if not mailmap:
        return commit
    author, email = mailmap.map(commit.author, commit.email)
    return commit._replace(author=author, email=email)


def _fetch(root: Path, shas: list[str], renames: bool,
           counts: bool) -> Generator[Commit, None, None]:
    """Stream the records of the given commits, in that order."""
    for start in range(0, len(shas), FETCH_CHUNK):
        chunk = shas[start:start + FETCH_CHUNK]
        yield from stream_log(root, [*_diff_arguments(renames, counts), "--no-walk=unsorted",
                                  "--end-of-options", *chunk, "--"], not counts)


# git's last lines kept from a failed stream: enough for the object it could not read and
# the lines around it (a lazy-fetch warning, a corrupt object's two or three lines).
STDERR_LINES = 20


def _log_failure(tail: Iterable[bytes], status: int) -> GitUnavailable:
    """Return git's failure: its first fatal or error line as the reason, its last lines."""
    errors = [line.decode("utf-8", "replace").strip() for line in tail]
    fatal = [line for line in errors if line.startswith(("fatal", "error"))]
    reason = (fatal or errors or [f"git log exited with status {status}"])[0]
    return GitUnavailable(reason, stderr=errors)


def stream_log(root: Path, args: list[str], names_only: bool = False,
               seconds: float | None = None) -> Generator[Commit, None, None]:
    """Run one ``git log`` and parse its output as it arrives.

    ``seconds`` bounds the stream when the caller has less than the stream deadline left.
    Raises GitUnavailable, with git's last lines, when git ends with an error: every commit
    yielded before was complete except, for a ``--numstat`` reading, possibly the last one
    (git writes a commit's header before it reads the blobs of its counts).
    """
    tail: deque[bytes] = deque(maxlen=STDERR_LINES)
    with stream_git(root, args, seconds) as process:
        stdout, stderr = process.stdout, process.stderr
        if stdout is None:
            raise GitUnavailable("git log gave no output stream")
        drain = None
        if stderr is not None:
            drain = threading.Thread(target=_drain, args=(stderr, tail), daemon=True)
            drain.start()
        yield from parse_log(iter(lambda: stdout.read(READ_SIZE), b""), names_only=names_only)
        status = process.wait()
        if drain is not None:
            drain.join(DRAIN_SECONDS)
    if status != 0:
        raise _log_failure(tail, status)


# Windows whose reading in the background stopped where git could not go on, with git's
# words: (reading, rev, since, until) -> the error. The scan of that window then reads around
# the object at once (scorecard.repo.salvage) rather than meet it in a pass of its own.
_STOPPED: BoundedMemo[tuple[str, str, datetime | None, datetime | None], GitUnavailable] = (
    BoundedMemo(limit=64))


def stopped_reading(root: Path, since: datetime | None, until: datetime | None, *,
                    rev: str, renames: bool = True) -> GitUnavailable | None:
    """Return how a background reading of exactly this window ended, if it failed."""
    return _STOPPED.get((_reading(root, renames), rev, since, until))


def _failure(errors: IO[bytes], status: int) -> GitUnavailable:
    """Return the failure of a reading whose standard error went to the file ``errors``."""
    errors.seek(0)
    return _log_failure(errors.read(1 << 20).splitlines()[-STDERR_LINES:], status)


class LogInBackground:
    """A window's ``git log`` started now and taken into this process's memory later.

    git computes the diffs in its own process (into a temporary file) while this process
    does other work; :meth:`remember` then reads the records into the memory
    :func:`iter_commits` serves from, as if it had read them itself. A backfill starts one
    for the span of all its commits' windows, which overlap, so that its commit scans, in
    worker processes that inherit that memory, read no commit again.
    """

    def __init__(self, root: Path, since: datetime | None, until: datetime | None, *,
                 rev: str = "HEAD", renames: bool = True) -> None:
        """Start ``git log`` over the window; raise GitUnavailable if git cannot start."""
        self._reading = _reading(root, renames)
        self._window = (self._reading, rev, since, until)
        self._output = tempfile.TemporaryFile()  # noqa: SIM115 - closed by remember/cancel
        self._errors = tempfile.TemporaryFile()  # noqa: SIM115 - closed by remember/cancel
        try:
            self._process = start_git(root, log_arguments(since, until, rev=rev, renames=renames),
                                      stdin=subprocess.DEVNULL, stdout=self._output,
                                      stderr=self._errors)
        except BaseException:
            self._output.close()
            self._errors.close()
            raise

    def remember(self) -> int:
        """Wait for git and remember every commit it listed; return how many (0 if it failed).

        A failure is not reported here: each scan then reads its window itself and reports
        what git says.
        """
        try:
            try:
                status = self._process.wait(timeout=stream_deadline())
            except subprocess.TimeoutExpired:
                self.cancel()
                return 0
            self._output.seek(0)
            commits = list(parse_log(iter(lambda: self._output.read(READ_SIZE), b"")))
            if status != 0:
                # Every record but the last is whole (git writes a commit's header before it
                # reads its blobs); what git said is kept for the scan of this window.
                commits = commits[:-1]
                _STOPPED.put(self._window, _failure(self._errors, status))
        finally:
            self._output.close()
            self._errors.close()
        for commit in commits:
            _MEMO.put((self._reading, commit.sha), commit)
        return len(commits)

    def cancel(self) -> None:
        """Stop git (an interrupted backfill) and drop its output."""
        kill_group(self._process)
        self._process.wait()
        self._output.close()
        self._errors.close()
