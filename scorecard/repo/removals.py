"""Find the commit that removed the last read of a documented variable (``git log -S``).

A stale doc entry is easier to fix when the report says when the code stopped reading the
name. For each name the answer is what ``git log -1 -S NAME WINDOW -- '*.py'`` gives: the
newest commit of the window in which a Python file's number of occurrences of the name
changed. All names are looked up in one pass instead of one pass each:
``git log -G 'NAME|OTHER' -p -U0`` lists the commits whose changed lines mention any of
them, with those lines, and a file's count changed exactly when the name occurs a
different number of times in its removed and its added lines (a name never spans lines).
The number of names looked up is capped, and a repository without git or with a shallow
clone gets no lookup (the report says so instead of guessing).
"""

from __future__ import annotations

import re
from pathlib import Path

from scorecard.facts.overrides_facts import Removal
from scorecard.repo.gitcmd import GitUnavailable, run_git
from scorecard.repo.worktree import GitState
from scorecard.wording import counted, counted_of

__all__ = ["Removal", "find_removals"]

# Starts each commit's header line; a patch line starts with "+", "-", " " or "@", so a
# line that starts with it is always a header, whatever the files or subjects hold.
_COMMIT = b"\n\x01"
# Names looked up at most, whatever the configuration asks: they make one regular expression
# on git's command line, which a repository listing thousands of names would make huge.
# scorecard: ignore[operability.config-overridable-constants] reason=bounds a command line
MAX_NAMES = 100
_ERE_SPECIAL = re.compile(r"([.\[\]()*+?{}|^$\\])")


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

    Returns the removals found and a note on what was done. The window is walked once,
    whatever the number of names.
    """
    limit = min(limit, MAX_NAMES)
    if limit <= 0 or not names:
        return [], ""
    if not git.is_git:
        return [], "no git history: removal commits not looked up"
    if git.shallow:
        return [], "shallow clone: removal commits not looked up (fetch-depth: 0)"
    wanted = [name for name in names[:limit] if name and "\n" not in name]
    looked_up = counted_of(min(limit, len(names)), len(names), "name")
    note = f"removal commits looked up for {looked_up} in the last {counted(commits, 'commit')}"
    if not wanted:
        return [], note
    window = _window(root, git.tip, commits)
    pattern = "|".join(_ERE_SPECIAL.sub(r"\\\1", name) for name in wanted)
    try:
        output = run_git(root, ["log", "--format=%x01%H%x00%as%x00%s", "--text", "-p", "-U0",
                                "--no-color", "--no-ext-diff", "--no-textconv",
                                f"-G{pattern}", *window, "--", "*.py"])
    except GitUnavailable:
        return [], note
    found = _newest_changes(output, wanted)
    return [found[name] for name in wanted if name in found], note


def _newest_changes(output: bytes, names: list[str]) -> dict[str, Removal]:
    """Return, per name, the newest commit of ``output`` that changed its count in a file."""
    found: dict[str, Removal] = {}
    for chunk in (b"\n" + output).split(_COMMIT)[1:]:
        header, _, patch = chunk.partition(b"\n")
        commit, date, subject = (header.decode("utf-8", "replace").split("\x00") + ["", ""])[:3]
        pending = [name for name in names if name not in found]
        for name in _changed_counts(patch.decode("utf-8", "replace"), pending):
            found[name] = Removal(name, commit, date, subject[:120])
        if len(found) == len(names):
            break
    return found


def _changed_counts(patch: str, names: list[str]) -> set[str]:
    """Return the names whose occurrences differ between a file's removed and added lines.

    ``git log -S`` compares the counts in each file's old and new content; lines the diff
    keeps hold the same occurrences on both sides, so only the changed lines count.
    """
    changed: set[str] = set()
    delta = dict.fromkeys(names, 0)
    in_hunk = False
    for line in [*patch.split("\n"), "diff --git"]:  # the sentinel closes the last file
        if line.startswith("diff --git"):
            changed.update(name for name, count in delta.items() if count)
            delta = dict.fromkeys(names, 0)
            in_hunk = False
        elif line.startswith("@@"):
            in_hunk = True
        elif in_hunk and line[:1] in ("+", "-"):
            sign = 1 if line[0] == "+" else -1
            for name in names:
                delta[name] += sign * line.count(name, 1)
    return changed
