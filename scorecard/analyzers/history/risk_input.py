"""Feed the risk model from the history pass: the commits it reads and the files measured.

:class:`TouchRecorder` sits on the one ``git log`` stream of the history analyzer and keeps
what :mod:`scorecard.risk` needs of every commit; :func:`file_facts` takes each current
file's size and complexity from the complexity analyzer's facts.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Set
from dataclasses import replace

from scorecard.analyzers.history.history_paths import is_test
from scorecard.analyzers.history.identities import AuthorIdentities, author_key
from scorecard.analyzers.history.renames import RenameMap
from scorecard.facts.complexity_facts import ComplexityFacts
from scorecard.languages import language_for_path
from scorecard.repo.gitlog import Commit
from scorecard.risk.features import Change, FileFacts, Touches
from scorecard.risk.fixes import FixMatcher

__all__ = ["TouchRecorder", "file_facts", "is_ranked"]


class TouchRecorder:
    """Records commits as they stream past (see :meth:`tee`); :meth:`finish` returns them."""

    def __init__(self, fixes: FixMatcher, ignore: frozenset[str] = frozenset()) -> None:
        """Record with ``fixes`` telling fix commits; skip the commits listed in ``ignore``."""
        self._fixes = fixes
        self._ignore = ignore
        self._renames = RenameMap()
        self._seen: set[str] = set()  # a commit on the two windows' boundary is read twice
        self._identities = AuthorIdentities()
        self._touches = Touches()

    def record(self, commit: Commit) -> None:
        """Record one commit (newest first, as git log lists them)."""
        if commit.sha in self._seen:
            return
        self._seen.add(commit.sha)
        touches = self._touches
        when = commit.committed or commit.timestamp
        touches.oldest = when if touches.oldest is None else min(touches.oldest, when)
        if commit.is_merge or commit.sha in self._ignore:
            return  # a merge repeats its parents' changes; a listed sweep changes nothing
        fix = self._fixes.is_fix(commit.subject)
        who = author_key(commit.author, commit.email)
        self._identities.observe(who, commit.author, commit.email)
        index = len(touches.commits)
        changed: dict[str, tuple[int, int] | None] = {}  # None: git could not count a change
        for change in commit.changes:
            path = self._renames.resolve(change.path, change.old_path)
            counts = changed.get(path, (0, 0))
            changed[path] = None if counts is None or change.uncounted else (
                counts[0] + (change.added or 0), counts[1] + (change.deleted or 0))
        touches.commits.append((when, fix, tuple(changed)))
        for path, counts in changed.items():
            added, deleted = counts if counts is not None else (None, None)
            touches.by_path.setdefault(path, []).append(
                Change(when, fix, added, deleted, who, index))

    def finish(self) -> Touches:
        """Return what was recorded, each person's identities joined under one author key.

        One person committing under two identities (see :mod:`identities`) is one author of
        a file, as the knowledge measures count them. Calling it again changes nothing: a
        person's key maps to no other.
        """
        canonical = self._identities.canonical()
        if canonical:
            for path, changes in self._touches.by_path.items():
                self._touches.by_path[path] = [
                    replace(change, author=canonical[change.author])
                    if change.author in canonical else change for change in changes]
        return self._touches

    def tee(self, commits: Iterable[Commit]) -> Iterator[Commit]:
        """Record every commit as it passes on."""
        for commit in commits:
            self.record(commit)
            yield commit


def touches_from(commits: Iterable[Commit], fixes: FixMatcher,
                 ignore: frozenset[str] = frozenset()) -> Touches:
    """Record all ``commits`` (newest first) and return what was recorded."""
    recorder = TouchRecorder(fixes, ignore)
    for commit in commits:
        recorder.record(commit)
    return recorder.finish()


def is_ranked(path: str) -> bool:
    """Return True for the files the risk model ranks: measured source files, not tests.

    Python and every language the complexity analyzer measures (Go, Java, JavaScript,
    TypeScript), so that complexity-weighted risk covers a polyglot repository.

    Tests change with the fixes of the code they test; ranking them would send reviewers
    to the wrong files, and the fix labels of the literature count product code only.
    """
    return (path.endswith(".py") or language_for_path(path) is not None) and not is_test(path)


def file_facts(complexity: ComplexityFacts | None, current: Set[str]
               ) -> dict[str, FileFacts]:
    """Return the facts of every measured, current, ranked file.

    ``complexity`` is the complexity analyzer's facts (None: it did not run): sizes per file
    and the function rows.
    """
    if complexity is None:
        return {}
    facts: dict[str, FileFacts] = {}
    for path, size in complexity.file_sloc.items():
        if size is None or path not in current or not is_ranked(path):
            continue
        rows = complexity.functions_by_file.get(path, ())
        worst = max(rows, key=lambda r: (r.cognitive, r.cyclomatic, -r.line), default=None)
        facts[path] = FileFacts(
            path=path, lines=complexity.file_loc.get(path) or size, sloc=size,
            complexity=sum(r.cyclomatic for r in rows),
            max_cognitive=worst.cognitive if worst is not None else 0,
            worst_function=worst.qualname if worst is not None else "")
    return facts
