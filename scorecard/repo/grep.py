"""Which of many fixed words occur in the repository: one ``git grep`` for all of them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from scorecard.repo.gitcmd import GitUnavailable, run_git

__all__ = ["grep_words"]


def grep_words(root: Path, needles: Sequence[str], rev: str | None,
               skip_suffixes: Sequence[str] = ()) -> set[str] | None:
    """Return the needles found as whole words, None when git could not search.

    Searches the work tree (untracked files too), or commit ``rev``'s tree when given; files
    ending in one of ``skip_suffixes`` (any case) are left out. Binary files are skipped.
    """
    excludes = [f":(exclude,glob,icase)**/*{suffix}" for suffix in skip_suffixes]
    where = [rev] if rev else ["--untracked"]
    try:
        out = run_git(root, ["grep", "-I", "-F", "-w", "-o", "-h", "-f", "-", *where,
                             "--", ".", *excludes],
                      input_bytes="\n".join(needles).encode() + b"\n")
    except GitUnavailable as exc:
        # git grep exits 1 without a message when nothing matches; anything else is an error.
        return set() if str(exc) == "git grep failed" else None
    return set(out.decode("utf-8", "replace").splitlines())
