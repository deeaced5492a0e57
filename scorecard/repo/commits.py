"""CommitView: RepoView of a past commit, read from git objects, never from the work tree.

Files are listed with ``git ls-tree`` (which also gives each blob id and size, so cached
results are found without reading anything) and read through one ``git cat-file --batch``
process. ``.gitattributes`` files of that commit are honoured for linguist-generated and
linguist-vendored marks.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from scorecard.errors import InputError
from scorecard.globs import GlobSet
from scorecard.model import Problem, SkippedFile
from scorecard.repo.catfile import BlobReader
from scorecard.repo.gitcmd import GitUnavailable, is_partial_clone, run_git
from scorecard.repo.unreadable import Cause, find_unreadable
from scorecard.repo.worktree import (
    DEFAULT_MAX_FILE_BYTES,
    VENDORED_DIRS,
    RepoFile,
    RepoListing,
    RepoView,
    _display_path,
    is_media,
    template_reason,
    too_large_reason,
)

__all__ = [
    "CommitView",
    "commit_time",
    "has_commit_before",
    "has_head",
    "has_uncommitted_changes",
    "is_shallow",
    "resolve_commit",
]

_SYMLINK_MODE = "120000"
_SUBMODULE_MODE = "160000"
_REGULAR_MODES = frozenset({"100644", "100755"})
MISSING = -1  # the size of a blob the repository lacks


class _Entry(NamedTuple):
    """One ``ls-tree`` record: mode, object kind, object id, size (MISSING), path."""

    mode: str
    kind: str
    object_id: str
    size: int
    path: str


def _records(out: bytes) -> Iterator[tuple[str, str]]:
    """Split ``ls-tree -z`` output into (metadata, path) pairs."""
    for record in out.split(b"\0"):
        if record:
            meta, _, raw_path = record.partition(b"\t")
            yield meta.decode("ascii"), os.fsdecode(raw_path)


def _missing_reason(partial: bool) -> str:
    """Say why a listed blob is absent, and what would bring it."""
    cause = Cause.PARTIAL_CLONE if partial else Cause.MISSING
    return f"not analysed: its content is not in the repository ({cause.words}; {cause.remedy})"


def resolve_commit(root: Path, rev: str) -> str:
    """Return the full sha of the commit ``rev`` names; InputError when it names none."""
    if rev.startswith("-"):
        raise InputError(f"invalid revision '{rev}'")
    try:
        out = run_git(root, ["rev-parse", "--verify", "-q", "--end-of-options",
                             f"{rev}^{{commit}}"])
    except GitUnavailable as exc:
        raise InputError(f"revision '{rev}' does not name a commit in {root} ({exc})") from exc
    return out.decode().strip()


def commit_time(root: Path, sha: str) -> datetime:
    """Return the committer date of a commit (the moment a scan of it is about)."""
    # git log --no-walk reads the commit alone; git show also parses its parents, and fails
    # when a damaged repository lacks them though the commit itself can be read.
    out = run_git(root, ["log", "--no-walk", "--format=%cI", "--end-of-options", sha, "--"])
    return datetime.fromisoformat(out.decode().strip())


def has_uncommitted_changes(root: Path) -> bool:
    """Return True when a tracked file differs from HEAD (staged or not); False without git.

    ``--no-optional-locks``: asking must not refresh the index, which would write into the
    scanned repository.
    """
    try:
        out = run_git(root, ["--no-optional-locks", "status", "--porcelain",
                             "--untracked-files=no", "--ignore-submodules=all"])
    except GitUnavailable:
        return False
    return bool(out.strip())


def has_head(root: Path) -> bool:
    """Return True when ``root`` is in a git repository with at least one commit."""
    try:
        run_git(root, ["rev-parse", "--verify", "-q", "HEAD^{commit}"])
    except (GitUnavailable, InputError):
        return False
    return True


def is_shallow(root: Path) -> bool:
    """Return True when the repository is a shallow clone (its older history is missing)."""
    try:
        out = run_git(root, ["rev-parse", "--is-shallow-repository"])
    except GitUnavailable:
        return False
    return out.decode().strip() == "true"


def has_commit_before(root: Path, rev: str, when: int) -> bool:
    """Return whether ``rev``'s history holds a commit committed at or before ``when``.

    git walks back from ``rev`` without diffs and stops at the first such commit; False when
    git cannot answer.
    """
    try:
        return bool(run_git(root, ["rev-list", "-1", f"--before={when}", "--end-of-options",
                                   rev, "--"]).strip())
    except (GitUnavailable, InputError):  # InputError: a repository git must not read
        return False


class CommitView(RepoView):
    """Read-only view of one commit of the repository at ``root`` (bare repositories too)."""

    needs_work_tree = False

    def __init__(
        self,
        root: Path,
        rev: str,
        *,
        include: GlobSet | None = None,
        exclude: GlobSet | None = None,
        max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    ) -> None:
        super().__init__(root, include=include, exclude=exclude, max_file_bytes=max_file_bytes)
        if not self.git.is_git:
            raise InputError(f"--rev needs a git repository; {root} is not one ({self.git.reason})")
        self.sha = resolve_commit(root, rev)
        self.git = replace(self.git, head=self.sha, branch=None)
        self._blobs: dict[str, str] = {}
        self._top_blobs: dict[str, str] = {}  # blob id by path from the top (see _top_paths)
        self._reader = BlobReader(root)

    def close(self) -> None:
        """Stop the cat-file process."""
        self._reader.close()

    def _entries(self, partial: bool) -> list[_Entry]:
        """Return the commit's entries with each blob's size (MISSING when git lacks it).

        ``ls-tree -l`` reads every blob's size, and stops at a blob the repository lacks. A
        partial clone lacks blobs by design, and before git 2.44 asking it for one costs a
        walk of every object it has (git looks for the promisor object naming it), so a
        partial clone is listed without sizes first and asked only for the blobs it has.
        """
        if partial:
            return self._entries_checked()
        try:
            out = run_git(self.root, ["ls-tree", "-r", "-z", "-l", self.sha])
        except GitUnavailable as exc:
            if find_unreadable(exc) is None:
                raise
            return self._entries_checked()
        entries = []
        for meta, path in _records(out):
            mode, kind, object_id, size = meta.split()
            # "-" for a submodule; "BAD" when the object is corrupt: reading it later turns
            # that into a problem for this one file.
            entries.append(_Entry(mode, kind, object_id, int(size) if size.isdigit() else 0,
                                  path))
        return entries

    def _entries_checked(self) -> list[_Entry]:
        """List the entries without sizes, find the blobs git lacks, then size the others.

        ``rev-list --missing=print`` walks the commit's tree and prints the objects it
        lacks instead of fetching them; only present blobs are then asked for their size.
        """
        out = run_git(self.root, ["ls-tree", "-r", "-z", self.sha])
        listed = [(meta.split(), path) for meta, path in _records(out)]
        walked = run_git(self.root, ["rev-list", "--objects", "--no-object-names",
                                     "--missing=print", "--no-walk", "--end-of-options",
                                     self.sha, "--"])
        missing = {line[1:] for line in walked.decode("ascii", "replace").splitlines()
                   if line.startswith("?")}
        present = list(dict.fromkeys(oid for (_, kind, oid), _ in listed
                                     if kind == "blob" and oid not in missing))
        sizes: dict[str, int] = {}
        if present:
            answer = run_git(self.root, ["cat-file", "--batch-check=%(objectname) %(objectsize)"],
                             input_bytes="".join(f"{oid}\n" for oid in present).encode("ascii"))
            for line in answer.decode("ascii", "replace").splitlines():
                oid, _, size = line.partition(" ")
                if size.isdigit():
                    sizes[oid] = int(size)
        return [_Entry(mode, kind, oid, MISSING if oid in missing else sizes.get(oid, 0), path)
                for (mode, kind, oid), path in listed]

    def list_files(self) -> RepoListing:
        """List the commit's files to analyse, and those skipped with the reason."""
        partial = is_partial_clone(self.root)
        try:
            entries = self._entries(partial)
        except GitUnavailable as exc:
            failure = f"git ls-tree failed: {exc}"
            return RepoListing((), (), (Problem("repo", failure),), failure=failure)
        prefix = self._prefix
        self._top_blobs.update(
            (prefix + entry.path, entry.object_id) for entry in entries
            if entry.size != MISSING and entry.mode in _REGULAR_MODES
            and (entry.path == ".gitattributes" or entry.path.endswith("/.gitattributes")))
        attributes, problems = self._linguist_marks([entry.path for entry in entries])
        files: list[RepoFile] = []
        skipped: list[SkippedFile] = []
        included = 0
        for mode, _, object_id, size, raw in sorted(entries, key=lambda e: e.path):
            path = _display_path(raw)
            if self.include and not self.include.matches(path):
                continue
            included += 1
            if self.exclude.matches(path):
                continue
            reason = self._commit_skip_reason(path, mode, attributes.get(raw))
            if reason is None and size == MISSING:
                problems.append(Problem("repo", _missing_reason(partial), path))
            elif reason is None and size > self.max_file_bytes and is_media(path):
                skipped.append(SkippedFile(path, too_large_reason(size, self.max_file_bytes)))
            elif reason is None and size > self.max_file_bytes:
                problems.append(Problem("repo", "not analysed: " + too_large_reason(
                    size, self.max_file_bytes), path))
            elif reason is None:
                self._blobs[path] = object_id
                files.append(RepoFile(path, size, object_id))
            else:
                skipped.append(SkippedFile(path, reason))
        problems.extend(self._include_problems(included, len(entries)))
        return RepoListing(tuple(files), tuple(skipped), tuple(problems))

    @staticmethod
    def _commit_skip_reason(path: str, mode: str, mark: str | None) -> str | None:
        for folder in PurePosixPath(path).parts[:-1]:
            if folder in VENDORED_DIRS:
                return f"vendored folder '{folder}/'"
        template = template_reason(path)
        if template is not None:
            return template
        if mode == _SYMLINK_MODE:
            return "symbolic link (not followed)"
        if mode == _SUBMODULE_MODE:
            return "submodule or nested repository"
        if mark is not None:
            return f"linguist-{mark} in .gitattributes"
        return None

    def _top_paths(self, pathspecs: tuple[str, ...]) -> list[str]:
        """List the commit's regular files under these paths of the top, by path from it.

        One ``ls-tree`` for them all; their blob ids are kept for ``_top_bytes``. A
        symbolic link is no file here, so it is never followed.
        """
        out = run_git(self.root, ["ls-tree", "-r", "-z", "--full-tree", self.sha, "--",
                                  *pathspecs])
        found: list[str] = []
        for meta, path in _records(out):
            mode, kind, object_id = meta.split()
            if kind == "blob" and mode in _REGULAR_MODES:
                self._top_blobs[path] = object_id
                found.append(path)
        return sorted(found)

    def _top_bytes(self, name: str, limit: int) -> bytes | None:
        """Read one file of the commit by its path from the top, through the cat-file reader.

        None when the commit has no regular file there; OSError when it is larger than
        ``limit`` bytes or git cannot read it.
        """
        if name not in self._top_blobs:
            try:
                self._top_paths((name,))  # above the scanned folder: not listed yet
            except GitUnavailable:
                return None
        object_id = self._top_blobs.get(name)
        if object_id is None:
            return None
        try:
            data = self._reader.read(object_id)
        except KeyError:
            return None
        except GitUnavailable as exc:
            raise OSError(str(exc)) from exc
        if len(data) > limit:
            raise OSError(f"larger than {limit:,} bytes")
        return data

    def read_bytes(self, path: str) -> bytes:
        """Return a listed file's bytes from git's object store."""
        try:
            return self._reader.read(self._blobs[path])
        except KeyError as exc:
            raise OSError(f"object missing from the repository ({exc})") from exc
        except GitUnavailable as exc:
            raise OSError(str(exc)) from exc
