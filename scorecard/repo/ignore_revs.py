"""Read ``.git-blame-ignore-revs``: the commits a project marked as mechanical sweeps.

Projects list reformatting and mass-rename commits there for ``git blame``
(``blame.ignoreRevsFile``); the same commits would otherwise dominate churn and coupling.
The file is read from the working tree, or from HEAD when the tree has none (a scan of a
bare or sparse checkout). Like git, only full object names count; ``#`` starts a comment.
"""

from __future__ import annotations

import re
from pathlib import Path

from scorecard.repo.gitcmd import GitUnavailable, run_git
from scorecard.repo.worktree import read_regular_file

__all__ = ["IGNORE_REVS_FILE", "parse_ignore_revs", "read_ignore_revs"]

IGNORE_REVS_FILE = ".git-blame-ignore-revs"
_OBJECT_NAME = re.compile(r"^(?:[0-9a-f]{40}|[0-9a-f]{64})$")


def parse_ignore_revs(text: str) -> frozenset[str]:
    """Return the full commit ids listed in the file's text."""
    revs = (line.split("#", 1)[0].strip().lower() for line in text.splitlines())
    return frozenset(rev for rev in revs if _OBJECT_NAME.match(rev))


MAX_IGNORE_REVS_BYTES = 4 << 20  # far above any real list of commits


def read_ignore_revs(root: Path, toplevel: Path | None, rev: str | None = None
                     ) -> frozenset[str]:
    """Return the ignored commits of the repository at ``root`` (empty if none listed).

    A scan of a past commit passes it as ``rev`` and reads that commit's list only.
    """
    for folder in dict.fromkeys((toplevel or root, root)) if rev is None else ():
        try:
            # A regular file only: a named pipe there would block the scan for ever.
            data = read_regular_file(str(folder / IGNORE_REVS_FILE), MAX_IGNORE_REVS_BYTES)
        except OSError:
            continue
        if data is not None:
            return parse_ignore_revs(data.decode("utf-8", "replace"))
    try:
        # "REV:<path>" is relative to the top of the repository, whatever folder is scanned.
        blob = run_git(root, ["cat-file", "blob", f"{rev or 'HEAD'}:{IGNORE_REVS_FILE}"])
    except GitUnavailable:
        return frozenset()
    return parse_ignore_revs(blob.decode("utf-8", "replace"))
