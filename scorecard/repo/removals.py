"""Find the commit that removed the last read of a documented variable (``git log -S``).

A stale doc entry is easier to fix when the report says when the code stopped reading the
name. ``git log -S NAME`` over Python files lists commits that changed how often the name
occurs; the newest one is where the last read went away. Each lookup walks history, so the
number of names looked up is capped, and a repository without git or with a shallow clone
gets no lookup (the report says so instead of guessing).
"""

from __future__ import annotations

from pathlib import Path

from scorecard.facts.overrides_facts import Removal
from scorecard.repo.gitcmd import GitUnavailable, run_git
from scorecard.repo.worktree import GitState
from scorecard.wording import counted, counted_of

__all__ = ["Removal", "find_removals"]


def _window(root: Path, tip: str, commits: int) -> list[str]:
    """Return the range of the newest ``commits`` commits up to the scanned one (all if fewer).

    The scanned commit, not HEAD: a scan of a past commit must not find a removal that
    happened after it.
    """
    try:
        boundary = run_git(root, ["rev-list", "--max-count=1", f"--skip={commits}",
                                      tip]).decode().strip()
    except GitUnavailable:
        return [tip]
    return [f"{boundary}..{tip}"] if boundary else [tip]


def find_removals(root: Path, git: GitState, names: list[str], limit: int,
                  commits: int) -> tuple[list[Removal], str]:
    """Look up at most ``limit`` names in the newest ``commits`` commits.

    Returns the removals found and a note on what was done. A name that no code has read
    in the window costs a walk of the whole window, hence both bounds.
    """
    if limit <= 0 or not names:
        return [], ""
    if not git.is_git:
        return [], "no git history: removal commits not looked up"
    if git.shallow:
        return [], "shallow clone: removal commits not looked up (fetch-depth: 0)"
    window = _window(root, git.tip, commits)
    found: list[Removal] = []
    for name in names[:limit]:
        try:
            output = run_git(root, ["log", "-1", "--format=%H%x00%as%x00%s",
                                        f"-S{name}", *window, "--", "*.py"])
        except GitUnavailable:
            continue
        line = output.decode("utf-8", "replace").strip()
        if not line:
            continue
        commit, date, subject = (line.split("\x00") + ["", ""])[:3]
        found.append(Removal(name, commit, date, subject[:120]))
    looked_up = counted_of(min(limit, len(names)), len(names), "name")
    note = f"removal commits looked up for {looked_up} in the last {counted(commits, 'commit')}"
    return found, note
