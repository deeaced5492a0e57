"""Tests beside changes: how many commits that change product code also change tests.

A commit counts when it changes product code in a measured language (see
:func:`history_paths.is_measured_source`: Python, Go, Java, JavaScript, TypeScript; not tests,
docs, examples, benchmarks or scripts); it is "with tests" when it also changes a test file
(each ecosystem's conventions: ``test_*.py``, ``*_test.go``, ``*.test.ts``, ``src/test/java``,
``__tests__``; see ``path_roles``). Merges and the commits in ``.git-blame-ignore-revs``
are not counted, nor are bot accounts' commits. When no commit changed product code in a
measured language, the n/a reason says how many changed product code in languages that
are not measured (a Rust crate's). Fewer than ``MIN_SOURCE_COMMITS`` such commits are too
few to show a habit: n/a, with the count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from scorecard.analyzers.history.history_paths import (
    is_measured_source,
    is_test,
    unmeasured_source_language,
)
from scorecard.languages import measured_language_names
from scorecard.model import Measurement
from scorecard.wording import counted, counted_of

__all__ = ["TestChangeTally"]

METRIC = "history.tests_with_changes_share"
# "0 of 2 commits" says nothing of how a team works; five commits let one miss move the
# share by 20 points at most.
MIN_SOURCE_COMMITS = 5


class TestChangeTally:
    """Two counters, fed one commit's paths at a time."""

    __test__ = False  # a name pytest would otherwise try to collect

    def __init__(self) -> None:
        """Start with both counters at zero."""
        self.source_commits = 0
        self.with_tests = 0
        # Commits that changed product code only in languages that are not measured, by
        # language: what the n/a reason names, so a Rust crate is not told it has no code.
        self.unmeasured_commits: Counter[str] = Counter()

    def add(self, paths: Iterable[str]) -> None:
        """Count one commit."""
        source = tests = False
        unmeasured: set[str] = set()
        for path in paths:
            if is_test(path):
                tests = True
            elif is_measured_source(path):
                source = True
            else:
                unmeasured.add(unmeasured_source_language(path) or "")
        if source:
            self.source_commits += 1
            self.with_tests += int(tests)
        else:
            self.unmeasured_commits.update(unmeasured - {""})

    def measurement(self) -> Measurement:
        """Measure the share of product-code commits that also changed tests."""
        if self.source_commits == 0:
            return Measurement(METRIC, None, self._nothing_measured())
        if self.source_commits < MIN_SOURCE_COMMITS:
            return Measurement(METRIC, None, (
                f"only {counted(self.source_commits, 'commit')} changed product code in the "
                f"window ({counted_of(self.with_tests, self.source_commits, 'commit')} with "
                f"tests): too few to show a habit; {MIN_SOURCE_COMMITS} are needed"))
        share = round(100.0 * self.with_tests / self.source_commits, 2)
        commits = counted_of(self.with_tests, self.source_commits, "commit")
        return Measurement(METRIC, share, f"{commits} changing product code also changed tests")

    def _nothing_measured(self) -> str:
        """Return the n/a reason: no product-code commit, or none in a measured language."""
        if not self.unmeasured_commits:
            return "no commit changed product code"
        changed = ", ".join(f"{counted(count, 'commit')} changed "
                            f"{language} code"
                            for language, count in self.unmeasured_commits.most_common(3))
        return (f"no commit changed product code in a measured language "
                f"({', '.join(measured_language_names())}); {changed} (not measured)")
