"""Which of many names occur anywhere in the repository outside its documentation.

Drift asks the reverse of what per-file analysis can answer ("does FOO_BAR still appear in
any code or config?") and only after the runbooks are read, so it is one search for all names
at once: ``git grep`` with fixed strings on word boundaries (one process, every core), or a
read of the listed files through RepoView when the folder is not a git repository.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from scorecard.analyzers.base import ScanContext
from scorecard.analyzers.runbooks.paths import DOC_SUFFIXES
from scorecard.repo import RepoView
from scorecard.repo.grep import grep_words

__all__ = ["find_present"]

_TEXT_DOCS = (*DOC_SUFFIXES, ".txt", ".adoc")
MAX_NEEDLES = 5000


def _read_all(view: RepoView, files: Iterable[str], needles: list[str]) -> set[str]:
    pattern = re.compile(r"(?<![\w])(?:" + "|".join(re.escape(n) for n in
                                                     sorted(needles, key=len, reverse=True))
                         + r")(?![\w])")
    found: set[str] = set()
    for path in files:
        if path.lower().endswith(_TEXT_DOCS):
            continue
        try:
            text = view.read_bytes(path).decode("utf-8", "replace")
        except OSError:
            continue
        found.update(pattern.findall(text))
        if len(found) == len(needles):
            break
    return found


def find_present(ctx: ScanContext, files: Iterable[str], needles: Iterable[str]) -> set[str]:
    """Return the needles found in some non-documentation file of the repository.

    A scan of a past commit searches that commit's tree, not the work tree.
    """
    wanted = sorted({n for n in needles if n})[:MAX_NEEDLES]
    if not wanted:
        return set()
    if ctx.git.is_git:
        rev = None if ctx.view.needs_work_tree else ctx.git.tip
        found = grep_words(ctx.root, wanted, rev, _TEXT_DOCS)
        if found is not None:
            return found & set(wanted)
    return _read_all(ctx.view, files, wanted)
