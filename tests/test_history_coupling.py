"""Change coupling equals code-maat's answers on hand-built histories.

Each expected row was worked out by hand with code-maat's rules (coupling_algos.clj and
logical_coupling.clj): change sets wider than max-changeset-size are dropped before anything
is counted; degree = shared / mean revisions * 100, printed truncated; min-revs applies to
the *mean* of the two files' revisions; max-coupling compares the floored degree.
"""

from __future__ import annotations

from itertools import count

import pytest

from scorecard.analyzers.history.coupling import (
    CouplingTally,
    coupled_pairs,
    cross_module_measurement,
)
from scorecard.analyzers.history.mining import mine
from scorecard.analyzers.history.paths import ModuleMap
from scorecard.repo.gitlog import Commit, FileChange

DEFAULTS = {"min_revisions": 5, "min_shared": 5, "min_coupling": 30}
_ids = count()


def _commits(*change_sets: list[str]) -> list[Commit]:
    return [Commit(f"{next(_ids):040x}", ("0" * 40,), "A", "a@x", 1_700_000_000,
                   tuple(FileChange(p, 1, 0) for p in paths)) for paths in change_sets]


def _rows(change_sets: list[list[str]], **options: float) -> list[tuple[str, str, int, float]]:
    tally = CouplingTally(int(options.pop("max_changeset_size", 30)))
    for paths in change_sets:
        tally.add(set(paths))
    thresholds = {**DEFAULTS, **options}
    return [(p.first, p.second, p.degree, p.average_revisions)
            for p in coupled_pairs(tally, min_revisions=thresholds["min_revisions"],
                                   min_shared=int(thresholds["min_shared"]),
                                   min_coupling=thresholds["min_coupling"],
                                   max_coupling=thresholds.get("max_coupling", 100))]


def test_basic_degree_is_shared_over_mean_revisions() -> None:
    # a: 8 revisions, b: 7, shared 6 -> 6 / 7.5 = 80 %.
    history = [["a", "b"]] * 6 + [["a"]] * 2 + [["b"]]
    assert _rows(history) == [("a", "b", 80, 7.5)]


def test_degree_is_truncated_and_ordering_is_code_maats() -> None:
    # x/y: 5 shared of 7 and 8 -> 66.67 -> 66; p/q: 5 of 5 and 5 -> 100; r/s: 6 of 8 and 8 -> 75.
    history = ([["x", "y"]] * 5 + [["x"]] * 2 + [["y"]] * 3 + [["p", "q"]] * 5
               + [["r", "s"]] * 6 + [["r"], ["r"], ["s"], ["s"]])
    assert _rows(history) == [("p", "q", 100, 5.0), ("r", "s", 75, 8.0), ("x", "y", 66, 7.5)]


def test_thresholds_are_inclusive_and_min_coupling_boundary() -> None:
    exactly_30 = [["m", "n"]] * 6 + [["m"]] * 14 + [["n"]] * 14  # 6 / 20 = 30 %
    assert _rows(exactly_30) == [("m", "n", 30, 20.0)]
    below_30 = exactly_30 + [["m"]]  # 6 / 20.5 = 29.3 %
    assert _rows(below_30) == []
    four_shared = [["m", "n"]] * 4  # 4 shared is below min-shared-revs 5
    assert _rows(four_shared) == []
    assert _rows(four_shared, min_shared=4, min_revisions=4) == [("m", "n", 100, 4.0)]


def test_min_revisions_applies_to_the_mean_as_in_code_maat() -> None:
    # u: 3 revisions (all with v), v: 9 -> mean 6 >= 5, although u alone has 3 < 5.
    history = [["u", "v"]] * 3 + [["v"]] * 6
    assert _rows(history, min_shared=3) == [("u", "v", 50, 6.0)]
    assert _rows(history, min_shared=3, min_revisions=6.5) == []


def test_max_coupling_compares_the_floored_degree() -> None:
    history = [["a", "b"]] * 5
    assert _rows(history, max_coupling=99) == []
    assert _rows(history, max_coupling=100) == [("a", "b", 100, 5.0)]


def test_wide_change_sets_are_dropped_before_counting() -> None:
    wide = [f"bulk{i}" for i in range(29)]
    history = [["a", "b"]] * 5 + [["a", "b", *wide]] * 3  # 31 files: dropped altogether
    assert _rows(history) == [("a", "b", 100, 5.0)]
    at_limit = [["a", "b"]] * 5 + [["a", "b", *wide[:28]]] * 3  # 30 files: counted
    rows = _rows(at_limit)
    assert ("a", "b", 100, 8.0) in rows and len(rows) == 1  # bulk files have 3 revisions
    assert _rows(history, max_changeset_size=31)[0] == ("a", "b", 100, 8.0)


def test_mining_feeds_coupling_once_per_commit_and_skips_merges() -> None:
    commits = _commits(*([["a.py", "b.py"]] * 5))
    merge = Commit("f" * 40, ("1" * 40, "2" * 40), "A", "a@x", 1_700_000_000, ())
    mined = mine([merge, *commits])
    assert mined.coupling.revisions("a.py") == 5 and mined.merges == 1
    wide = _commits([f"f{i}.py" for i in range(31)])
    assert mine(wide).coupling.dropped == 1


def test_renamed_files_couple_under_their_current_names() -> None:
    # Newest first: the rename to new.py, then four older edits of old.py with b.py.
    rename = Commit("e" * 40, ("0" * 40,), "A", "a@x", 1_700_000_100,
                    (FileChange("new.py", 1, 0, "old.py"), FileChange("b.py", 1, 0)))
    mined = mine([rename, *_commits(*([["old.py", "b.py"]] * 4))])
    pairs = coupled_pairs(mined.coupling, min_revisions=5, min_shared=5, min_coupling=30)
    assert [(p.first, p.second, p.shared) for p in pairs] == [("b.py", "new.py", 5)]


@pytest.mark.parametrize(("first", "second", "crosses"), [
    ("pkg/api/a.py", "pkg/store/b.py", True),  # two subpackages of one package
    ("pkg/api/a.py", "pkg/api/deep/c.py", False),
    ("pkg/x.py", "pkg/y.py", False),
    ("src/pkg/api/a.py", "src/pkg/store/b.py", True),
    ("pkg/api/a.py", "tests/test_a.py", False),  # a test beside its code is wanted
    ("pkg/api/a.py", "README.md", False),  # not code
    ("web/app.ts", "pkg/api/a.py", True),
    ("setup.py", "tools/gen.py", True),
])
def test_module_boundaries(first: str, second: str, crosses: bool) -> None:
    modules = ModuleMap(["pkg/__init__.py", "pkg/api/__init__.py", "pkg/store/__init__.py",
                         "src/pkg/__init__.py"])
    assert modules.crosses(first, second) is crosses


def test_cross_module_measurement_counts_and_explains() -> None:
    tally = CouplingTally(30)
    for _ in range(6):
        tally.add({"pkg/api/a.py", "pkg/store/b.py", "pkg/api/c.py"})
    pairs = coupled_pairs(tally, min_revisions=5, min_shared=5, min_coupling=30)
    modules = ModuleMap(["pkg/__init__.py"])
    measured = cross_module_measurement(pairs, modules.crosses)
    assert measured.value == 2.0  # a-b and b-c cross; a-c stay inside pkg/api
    assert {(f.location.path, f.symbol) for f in measured.findings} == {
        ("pkg/api/a.py", "pkg/store/b.py"), ("pkg/api/c.py", "pkg/store/b.py")}
    assert "100 %" in measured.findings[0].message
