"""Tell an object git could not read (missing, corrupt, never fetched) from git's other failures.

A repository can lack objects or hold damaged ones: a loose object deleted or truncated, an
alternates file naming a folder that is gone, a blobless partial clone whose remote cannot
be reached (scorecard never lets git fetch lazily). git then stops with one of a few
messages naming the object; :func:`find_unreadable` reads them from the lines a
:class:`~scorecard.repo.gitcmd.GitUnavailable` keeps, so that the history reading can go
on without that object instead of giving up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from scorecard.repo.gitcmd import GitUnavailable

__all__ = ["Cause", "Unreadable", "find_unreadable"]

# git's words for an object it cannot produce, each followed by the object's id (SHA-1 or
# SHA-256). "Failed to traverse parents of commit X" is left out on purpose: X itself was
# read; git names the parent it could not read on the line before.
_UNREADABLE = re.compile(
    r"(?:unable to read|could not read|could not fetch|unable to parse|could not parse"
    r"|bad object|missing|unable to unpack|header for|loose object|packed object)"
    r"\s+(?:(tree|commit|blob)\s+)?(?:object\s+)?'?([0-9a-f]{64}|[0-9a-f]{40})\b",
    re.IGNORECASE)


class Cause(Enum):
    """Why the object could not be read, worded for the report, with what to do about it."""

    PARTIAL_CLONE = ("partial clone: objects never fetched, and scorecard does not fetch",
                     "fetch them with git fetch --refetch, or scan a full clone")
    ALTERNATES = ("repository incomplete: its alternates name a folder that is gone",
                  "restore the folder .git/objects/info/alternates names, or clone afresh")
    CORRUPT = ("repository damaged: an object is corrupt",
               "git fsck lists the damage; clone the repository afresh")
    MISSING = ("repository incomplete",
               "git fsck lists what is missing; scan a full clone, made without --filter, or "
               "run git fetch --refetch")

    @property
    def words(self) -> str:
        """What happened, in a few words."""
        return self.value[0]

    @property
    def remedy(self) -> str:
        """What would let git read the object."""
        return self.value[1]


@dataclass(frozen=True)
class Unreadable:
    """An object git could not read: its id, its kind when git said it, why, git's line."""

    object_id: str
    kind: str  # "tree", "commit", "blob" or "" (git did not say)
    cause: Cause
    message: str


def _cause(lines: tuple[str, ...]) -> Cause:
    """Return the cause git's lines point to."""
    text = "\n".join(lines).lower()
    if "promisor remote" in text or "lazy fetching" in text:
        return Cause.PARTIAL_CLONE
    if "alternate" in text:
        return Cause.ALTERNATES
    if any(word in text for word in ("corrupt", "inflate", "header for", "unable to unpack")):
        return Cause.CORRUPT
    return Cause.MISSING


def find_unreadable(exc: BaseException) -> Unreadable | None:
    """Return the object git could not read, when that is why ``exc`` was raised; else None.

    Timeouts are never this: git was stopped, not refused.
    """
    if not isinstance(exc, GitUnavailable):
        return None
    lines = exc.stderr or (str(exc),)
    for line in lines:
        found = _UNREADABLE.search(line)
        if found is not None:
            return Unreadable(found.group(2).lower(), (found.group(1) or "").lower(),
                              _cause(lines), line.strip())
    return None
