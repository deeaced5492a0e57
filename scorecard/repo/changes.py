"""What changed between commits, and which commits a history holds."""

from __future__ import annotations

import os
from pathlib import Path

from scorecard.repo.gitcmd import GitUnavailable, run_git

__all__ = ["changed_paths", "commits_between", "first_parent_before", "first_parent_commits",
           "history_span", "show_file"]


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


def history_span(root: Path, rev: str) -> tuple[list[int], bytes]:
    """Return the committer times of ``rev``'s root commits, and ``rev``'s own (raw, b"" if none).

    Raises GitUnavailable when git cannot read the history.
    """
    roots = run_git(root, ["rev-list", "--max-parents=0", "--format=%ct",
                           "--end-of-options", rev, "--"])
    head = run_git(root, ["log", "-1", "--format=%ct", "--end-of-options", rev, "--"])
    return [int(line) for line in roots.decode().split() if line.isdigit()], head.strip()


def first_parent_before(root: Path, rev: str, before: str) -> str:
    """Return the newest commit on ``rev``'s first-parent line before ``before`` ("" if none).

    ``before`` is a date git reads (ISO 8601). Raises GitUnavailable.
    """
    found = run_git(root, ["rev-list", "-1", "--first-parent", f"--before={before}",
                           "--end-of-options", rev, "--"]).strip()
    return found.decode("ascii")


def commits_between(root: Path, since: str, until: str, rev: str
                    ) -> list[tuple[str, list[str]]]:
    """Return (subject, changed paths) of each non-merge commit from ``since`` to ``until``.

    Paths are relative to ``root`` (a subfolder sees its own files only); renames are a
    deletion and an addition. Raises GitUnavailable.
    """
    out = run_git(root, ["log", "--no-merges", "--no-renames", "-z", "--name-only",
                         "--relative", "--format=%x01%s", f"--since={since}",
                         f"--until={until}", "--end-of-options", rev, "--"])
    commits: list[tuple[str, list[str]]] = []
    for record in out.split(b"\x01")[1:]:
        subject, _, names = record.partition(b"\n")
        commits.append((subject.decode("utf-8", "replace"),
                        [n.decode("utf-8", "replace").strip("\n")
                         for n in names.split(b"\0") if n.strip(b"\n")]))
    return commits
