"""Read a window's history when git cannot read some of its objects.

The history analyzer reads its window in one ``git log --numstat`` pass
(:func:`~scorecard.repo.gitlog.iter_commits`). To count lines git reads both blobs of every
changed file, and it stops at the first one it cannot read: a loose object deleted or
damaged, an alternates folder that is gone, a blobless partial clone whose remote cannot be
reached (scorecard never lets git fetch lazily). Only then (that pass, or the same pass a
scan starts ahead in the background, stopped) does :func:`read_salvaged` read the window
again, in steps that each need less of the repository (the newest commits, which the
ordinary pass read whole before it stopped, are kept as it read them):

1. the window's commits are listed; a commit git cannot read stops the walk, and history
   then ends with the last commit git listed;
2. each commit's changed files and their blob ids are read with ``--raw --no-renames``,
   which reads commits and trees, no content, and ``git rev-list --missing=print`` names
   the blobs the repository lacks, without fetching;
3. the changes are read again with renames: renames whose content changed need the
   content, so the commits that read a missing blob look for exact renames only
   (``-M100%``), as does a commit that stops git on a damaged blob (read again alone, the
   pass going on after it); a tree git cannot read ends history at that commit;
4. lines are counted with ``--numstat``: the commits that need none of those blobs as they
   are, the others with the files of the missing blobs left out by pathspec. A blob that
   is present but damaged stops git: it joins the missing ones and the commits not yet
   counted are read again, a few times at most.

Every change whose lines git could not count is marked ``uncounted``, never given zero.
Every step runs under what is left of one stream deadline.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from scorecard.repo.gitcmd import (
    TIMEOUT_VARIABLE,
    GitTimeout,
    GitUnavailable,
    call_deadline,
    run_git,
    stream_deadline,
)
from scorecard.repo.gitlog import (
    FETCH_CHUNK,
    Commit,
    diff_arguments,
    named,
    remembered,
    stream_log,
    window_arguments,
)
from scorecard.repo.mailmap import read_mailmap
from scorecard.repo.unreadable import Unreadable, find_unreadable

__all__ = ["Damage", "Salvaged", "read_salvaged"]

_SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
# Counting passes at most: each one after the first follows a damaged blob git named.
# scorecard: ignore[operability.config-overridable-constants] reason=bounds a repair loop
COUNT_ATTEMPTS = 3
# Files left out of a counting pass by pathspec at most: git matches every path of every
# commit against each one, and a partial clone that fetched nothing would list them all.
# scorecard: ignore[operability.config-overridable-constants] reason=bounds git's matching
MAX_EXCLUDED = 200


@dataclass(frozen=True)
class Damage:
    """What the salvaged reading could not read.

    ``first`` stopped the ordinary pass; ``objects`` counts the objects git could not read
    (that one, the blobs of the window's changes, the commit or tree that ended history);
    ``stop`` is that commit or tree, if one ended history, and ``oldest_read`` the last
    commit read before it ("" when none was). ``exact_renames`` says that renames with
    edits were not followed in the commits whose blobs could not be read.
    """

    first: Unreadable
    objects: int
    stop: Unreadable | None
    oldest_read: str
    exact_renames: bool


@dataclass(frozen=True)
class Salvaged:
    """The window's commits, newest first, as far as git could read them, and the damage."""

    commits: tuple[Commit, ...]
    damage: Damage


class _Budget:
    """What is left of one deadline shared by every git call of the reading."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._end = time.monotonic() + seconds

    def left(self) -> float:
        """Return the seconds left; GitTimeout when none are."""
        left = self._end - time.monotonic()
        if left <= 0:
            raise GitTimeout(f"reading the history around objects git could not read took "
                             f"longer than {self.seconds:g} s and was stopped "
                             f"(deadline: {TIMEOUT_VARIABLE})")
        return left


def read_salvaged(root: Path, since: datetime | None, until: datetime | None, *,
                  first: Unreadable, rev: str = "HEAD", renames: bool = True,
                  counts: bool = True) -> Salvaged:
    """Read the window from ``rev`` without the objects git cannot read (see the module).

    ``first`` is what stopped the ordinary reading. Without ``counts`` no line is counted
    (the records name files only, as :func:`iter_commits` gives them). Raises
    GitUnavailable when git fails for another reason, GitTimeout past the deadline.
    """
    budget = _Budget(stream_deadline())
    listed, stop = _list(root, since, until, rev, budget)
    # The newest commits, read whole by the ordinary pass before it stopped, are kept.
    known = remembered(root, listed, renames=renames, counts=counts)
    todo = listed[len(known):]
    # Which blobs are missing, and which commits read them, from a reading that reads no
    # content: looking for renames in such a commit is where git spends its time (every
    # comparison looks the missing blob up again), so those commits look for exact ones.
    quick, _ = _read_names(root, todo, "--no-renames", budget)
    unreadable = _missing_blobs(root, quick, first, budget)
    hurt = {c.sha for c in quick if _touches(c, unreadable) and _may_rename(c)}
    names, broken, exact = _read_all_names(root, todo, renames, hurt, budget)
    flag = "-M100%" if exact else "-M" if renames else "--no-renames"
    stop = broken or stop
    if counts:
        names = _counted(root, names, unreadable, renames, flag, budget)
    else:
        unreadable = set()
    read = [*known, *(c._replace(blobs=()) for c in names)]
    oldest_read = read[-1].sha if stop is not None and read else ""
    mailmap = read_mailmap(root, rev)
    commits = tuple(named(c, mailmap) for c in read)
    objects = unreadable | {first.object_id} | ({stop.object_id} if stop is not None else set())
    return Salvaged(commits, Damage(first, len(objects), stop, oldest_read, flag == "-M100%"))


def _call_seconds(budget: _Budget) -> float:
    """Return the deadline of one git call: the call deadline, or less when less is left."""
    return min(call_deadline(), budget.left())


def _list(root: Path, since: datetime | None, until: datetime | None, rev: str,
          budget: _Budget) -> tuple[list[str], Unreadable | None]:
    """List the window's commits; a commit git cannot read ends the list (and is returned)."""
    args = ["log", "--format=%H", *window_arguments(since, until), "--end-of-options", rev,
            "--"]
    try:
        out, stop = run_git(root, args, seconds=_call_seconds(budget)), None
    except GitTimeout:
        raise
    except GitUnavailable as exc:
        stop = find_unreadable(exc)
        if stop is None:
            raise
        if not stop.kind:  # a walk reads commits only: the one it could not read is one
            stop = replace(stop, kind="commit")
        out = exc.output  # the commits git walked before it met the one it could not read
    return [sha for sha in out.decode("ascii", "replace").split() if _SHA.fullmatch(sha)], stop


def _read_all_names(root: Path, shas: Sequence[str], renames: bool, hurt: set[str],
                    budget: _Budget) -> tuple[list[Commit], Unreadable | None, bool]:
    """Read the ``--raw`` records of ``shas``; the last is what ended them, if anything did.

    Finding a rename whose content changed reads both blobs, so the commits in ``hurt``
    (they read a blob git lacks) look for renames by blob id only (``-M100%``, no content
    read), the others as usual. A commit that stops git all the same (a damaged blob the
    walk did not name) is read again alone by blob id, and the pass goes on after it. The
    third value says whether any commit was read by blob id.
    """
    read: list[Commit] = []
    exact = False
    start = 0
    while start < len(shas):
        by_id = renames and shas[start] in hurt
        end = start
        while end < len(shas) and (renames and shas[end] in hurt) == by_id:
            end += 1
        flag = "-M100%" if by_id else "-M" if renames else "--no-renames"
        got, broken = _read_names(root, shas[start:end], flag, budget)
        read.extend(got)
        exact = exact or (by_id and bool(got))
        if broken is None:
            start = end
            continue
        if by_id or not renames or broken.kind == "tree":
            return read, broken, exact
        one, broken_one = _read_names(root, [shas[len(read)]], "-M100%", budget)
        if broken_one is not None or not one:
            return read, broken_one or broken, exact
        read.extend(one)
        exact = True
        start = len(read)
    return read, None, exact


def _read_names(root: Path, shas: Sequence[str], flag: str,
                budget: _Budget) -> tuple[list[Commit], Unreadable | None]:
    """Read the ``--raw`` records of ``shas``, in order, up to the first git cannot read.

    git computes a commit's whole diff before it writes any of it, so every record it
    wrote before it stopped is complete.
    """
    read: list[Commit] = []
    for start in range(0, len(shas), FETCH_CHUNK):
        args = [*diff_arguments("--raw", flag), "--no-walk=unsorted", "--end-of-options",
                *shas[start:start + FETCH_CHUNK], "--"]
        try:
            for commit in stream_log(root, args, True, budget.left()):
                if len(read) == len(shas) or commit.sha != shas[len(read)]:
                    raise GitUnavailable(f"git log did not list commit {commit.sha} where "
                                         "expected")
                read.append(commit)
        except GitTimeout:
            raise
        except GitUnavailable as exc:
            broken = find_unreadable(exc)
            if broken is None:
                raise
            return read, broken
    return read, None


def _wanted(commits: Iterable[Commit]) -> set[str]:
    """Return the blob ids the diffs of ``commits`` read."""
    return {oid for commit in commits for pair in commit.blobs for oid in pair if oid}


def _missing_blobs(root: Path, commits: Sequence[Commit], first: Unreadable,
                   budget: _Budget) -> set[str]:
    """Return the blobs of the commits' changes that the repository lacks.

    ``rev-list --missing=print`` walks the trees of each commit and of the parent its diff
    compares with, and prints what is missing instead of fetching it. A blob that is there
    but damaged is not seen here; counting finds it. When the walk itself fails, the
    object git named first is all that is known.
    """
    wanted = _wanted(commits)
    known = {first.object_id} & wanted
    if not wanted:
        return known
    tips = dict.fromkeys(c.sha for c in commits)
    tips.update(dict.fromkeys(c.parents[0] for c in commits if len(c.parents) == 1))
    try:
        out = run_git(root, ["rev-list", "--objects", "--no-object-names", "--missing=print",
                             "--no-walk=unsorted", "--stdin"],
                      input_bytes="".join(f"{sha}\n" for sha in tips).encode("ascii"),
                      seconds=_call_seconds(budget))
    except GitTimeout:
        raise
    except GitUnavailable:
        return known
    missing = {line[1:] for line in out.decode("ascii", "replace").splitlines()
               if line.startswith("?")}
    return known | (missing & wanted)


def _may_rename(commit: Commit) -> bool:
    """Return whether a commit read without renames adds a file and deletes one.

    Only then does git look for renames, reading the content of both; a missing blob of a
    file changed in place is never read by a ``--raw`` reading.
    """
    blobs = commit.blobs
    return any(not old for old, _ in blobs) and any(not new for _, new in blobs)


def _touches(commit: Commit, unreadable: set[str]) -> bool:
    """Return whether the diff of ``commit`` reads a blob git cannot read."""
    return any(old in unreadable or new in unreadable for old, new in commit.blobs)


def _paths_of(commits: Iterable[Commit], unreadable: set[str]) -> set[str]:
    """Return every path (old and new) of a change that reads a blob git cannot read."""
    paths: set[str] = set()
    for commit in commits:
        for change, (old, new) in zip(commit.changes, commit.blobs, strict=False):
            if old in unreadable or new in unreadable:
                paths.add(change.path)
                if change.old_path is not None:
                    paths.add(change.old_path)
    return paths


def _exclusions(paths: set[str]) -> list[str] | None:
    """Return the pathspec that leaves ``paths`` out, or None when git cannot be given one.

    A path shown with U+FFFD may stand for bytes that are not UTF-8, which its display form
    would not match; too many paths would make git's matching the cost of the pass.
    """
    if len(paths) > MAX_EXCLUDED or any("\ufffd" in path for path in paths):
        return None
    return [".", *(f":(exclude,literal){path}" for path in sorted(paths))]


def _read_counts(root: Path, shas: Sequence[str], flag: str, pathspec: Sequence[str],
                 into: dict[str, Commit], budget: _Budget) -> None:
    """Read the ``--numstat`` records of ``shas`` into ``into``, by commit.

    git writes a commit's header before it reads the blobs of its counts, so the record
    read last when git stops may be cut short: a record is kept once the next one begins
    or git has finished well.
    """
    for start in range(0, len(shas), FETCH_CHUNK):
        args = [*diff_arguments("--numstat", flag), "--no-walk=unsorted", "--end-of-options",
                *shas[start:start + FETCH_CHUNK], "--", *pathspec]
        pending: Commit | None = None
        for commit in stream_log(root, args, False, budget.left()):
            if pending is not None:
                into[pending.sha] = pending
            pending = commit
        if pending is not None:
            into[pending.sha] = pending


def _counted(root: Path, names: list[Commit], unreadable: set[str], renames: bool,
             flag: str, budget: _Budget) -> list[Commit]:
    """Return ``names`` with line counts wherever git can read both blobs of a change.

    ``unreadable`` grows with each damaged blob a counting pass meets. A record git wrote
    whole stays valid whatever is found later: git read every blob it needed.
    """
    whole: dict[str, Commit] = {}  # counted as they are: no blob of theirs is unreadable
    partial: dict[str, Commit] = {}  # counted with the files of unreadable blobs left out
    wanted = _wanted(names)
    for _ in range(COUNT_ATTEMPTS):
        todo = [c for c in names if c.sha not in whole and c.sha not in partial]
        clean = [c.sha for c in todo if not _touches(c, unreadable)]
        hurt = [c.sha for c in todo if _touches(c, unreadable)]
        pathspec = _exclusions(_paths_of(names, unreadable))
        try:
            # Their blobs can all be read, so renames with edits can be found as usual.
            _read_counts(root, clean, "-M" if renames else "--no-renames", (), whole, budget)
            if hurt and pathspec is not None:
                _read_counts(root, hurt, flag, pathspec, partial, budget)
            break
        except GitTimeout:
            raise
        except GitUnavailable as exc:
            damaged = find_unreadable(exc)
            if damaged is None or damaged.object_id not in wanted - unreadable:
                break  # not a blob of these changes, or one already left out: stop here
            unreadable.add(damaged.object_id)
    excluded = _paths_of(names, unreadable)
    return [_merged(c, whole.get(c.sha), partial.get(c.sha), excluded) for c in names]


def _merged(names: Commit, whole: Commit | None, partial: Commit | None,
            excluded: set[str]) -> Commit:
    """Return one commit's record: counted whole, or its names with what could be counted."""
    if whole is not None:
        return whole
    counted = {(c.path, c.old_path): c for c in partial.changes} if partial else {}
    changes = []
    for change in names.changes:
        found = counted.get((change.path, change.old_path))
        if found is None or change.path in excluded or change.old_path in excluded:
            changes.append(change._replace(added=None, deleted=None, uncounted=True))
        else:
            changes.append(found)
    return names._replace(changes=tuple(changes))
