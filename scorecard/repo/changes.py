"""What changed between commits, and which commits a history holds."""

from __future__ import annotations

import os
from pathlib import Path

from scorecard.repo.gitcmd import GitUnavailable, run_git

__all__ = ["changed_paths", "first_parent_commits", "show_file"]


def changed_paths(root: Path, base_sha: str, head_sha: str | None) -> frozenset[str]:
    """Paths a change touched: BASE..HEAD, or BASE against the working tree (untracked too)."""
    # A submodule's work tree is its own repository, with its own filters: never entered.
    args = ["diff", "--name-only", "-z", "--no-renames", "--ignore-submodules=all", base_sha]
    if head_sha is not None:
        args.append(head_sha)
    out = run_git(root, args)
    paths = {os.fsdecode(p) for p in out.split(b"\0") if p}
    if head_sha is None:
        untracked = run_git(root, ["ls-files", "-z", "--others", "--exclude-standard"])
        paths |= {os.fsdecode(p) for p in untracked.split(b"\0") if p}
    return frozenset(paths)


def first_parent_commits(root: Path) -> list[tuple[int, str]]:
    """Return (committer time, sha) of HEAD's first-parent line, oldest first.

    Raises GitUnavailable when git cannot read the history.
    """
    out = run_git(root, ["log", "--first-parent", "--format=%H %ct", "HEAD"])
    return sorted((int(stamp), sha)
                  for sha, stamp in (line.split() for line in out.decode().splitlines()))


def show_file(root: Path, commit: str, path: str) -> bytes | None:
    """Return a file's bytes as committed in ``commit``; None when it has no such file."""
    try:
        return run_git(root, ["show", f"{commit}:{path}"])
    except GitUnavailable:
        return None
