"""Tests beside changes: how many commits that change product code also change tests.

A commit counts when it changes product code in a measured language (see
:func:`history_paths.is_measured_source`: Python, Go, Java, JavaScript, TypeScript; not tests,
docs, examples, benchmarks or scripts); it is "with tests" when it also changes a test file
(each ecosystem's conventions: ``test_*.py``, ``*_test.go``, ``*.test.ts``, ``src/test/java``,
``__tests__``; see ``path_roles``). Merges and the commits in ``.git-blame-ignore-revs``
are not counted.
"""

from __future__ import annotations

from collections.abc import Iterable

from scorecard.analyzers.history.history_paths import is_measured_source, is_test
from scorecard.model import Measurement

__all__ = ["TestChangeTally"]

METRIC = "history.tests_with_changes_share"


class TestChangeTally:
    """Two counters, fed one commit's paths at a time."""

    __test__ = False  # a name pytest would otherwise try to collect

    def __init__(self) -> None:
        """Start with both counters at zero."""
        self.source_commits = 0
        self.with_tests = 0

    def add(self, paths: Iterable[str]) -> None:
        """Count one commit."""
        source = tests = False
        for path in paths:
            if is_test(path):
                tests = True
            elif is_measured_source(path):
                source = True
        if source:
            self.source_commits += 1
            self.with_tests += int(tests)

    def measurement(self) -> Measurement:
        """Measure the share of product-code commits that also changed tests."""
        if self.source_commits == 0:
            return Measurement(METRIC, None, "no commit changed product code")
        share = round(100.0 * self.with_tests / self.source_commits, 2)
        return Measurement(METRIC, share, f"{self.with_tests} of {self.source_commits} "
                           "commits changing product code also changed tests")
