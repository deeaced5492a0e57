"""The repository layer: the only code that reads the scanned repository and runs git.

``worktree`` lists and reads the work tree; ``commits`` a commit from git objects (through
one ``git cat-file --batch``, ``catfile``); ``gitlog`` streams ``git log``; ``file_versions``
reads the versions, blobs and release tags of chosen paths; ``ignore_revs`` the commits a
project marked as sweeps; ``grep``, ``remotes`` and ``removals`` answer the other questions
analyzers ask of git. Every git process starts in ``gitcmd``, behind ``gitguard``'s checks.
"""

from __future__ import annotations

from scorecard.repo.commits import CommitView, commit_time, has_commit_before, resolve_commit
from scorecard.repo.gitcmd import GitUnavailable
from scorecard.repo.worktree import (
    GitState,
    RepoFile,
    RepoListing,
    RepoView,
    blob_id,
    classify_content,
    too_large_reason,
)

__all__ = [
    "CommitView",
    "GitState",
    "GitUnavailable",
    "RepoFile",
    "RepoListing",
    "RepoView",
    "blob_id",
    "classify_content",
    "commit_time",
    "has_commit_before",
    "resolve_commit",
    "too_large_reason",
]
