"""Knowledge, hotspots, churn and tests-beside-changes from hand-built aggregates."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from scorecard.analyzers.history.churn import (
    ChurnTally,
    FileChurn,
    churn_rows,
    high_churn_measurement,
    relative_churn,
)
from scorecard.analyzers.history.history_paths import (
    ModuleMap,
    is_python_source,
    is_source,
    is_test,
)
from scorecard.analyzers.history.hotspots import (
    head_cut,
    hotspot_measurement,
    knee,
    select_hotspots,
)
from scorecard.analyzers.history.knowledge import (
    authors_for_half,
    file_ownership,
    island_measurement,
    knowledge_islands,
    module_ownership,
    ownership,
    truck_factor_measurement,
)
from scorecard.analyzers.history.mining import author_key
from scorecard.analyzers.history.options import HistoryOptions
from scorecard.analyzers.history.renames import RenameMap
from scorecard.analyzers.history.testchanges import TestChangeTally
from scorecard.analyzers.history.window import resolve_window
from scorecard.facts.complexity_facts import FunctionRow

NOW = datetime(2026, 7, 1, tzinfo=UTC)
T0 = int(datetime(2026, 1, 1, tzinfo=UTC).timestamp())


@pytest.mark.parametrize(("counts", "needed"), [
    ({"a": 6, "b": 3, "c": 1}, 1),
    ({"a": 3, "b": 3, "c": 3, "d": 3}, 2),
    ({"a": 4, "b": 4, "c": 4}, 2),
    ({"a": 1}, 1),
    ({}, 0),
])
def test_authors_for_half(counts: dict[str, int], needed: int) -> None:
    assert authors_for_half(counts) == needed


def test_ownership_ties_and_islands() -> None:
    tied = ownership("f.py", {"gone": 2, "here": 2, "other": 1})
    assert tied.main_authors == ("gone", "here") and tied.main_share == 40.0
    alone = ownership("g.py", {"gone": 3, "here": 1})
    last_active = {"gone": T0 - 1, "here": T0 + 10}
    # A tie with an active author is no island; a file whose only main author left is.
    assert knowledge_islands([tied, alone], last_active, T0) == [alone]
    # A gone main author who made a fifth of the changes left little: no island.
    minor = ownership("h.py", {"gone": 4, "a": 3, "b": 3, "c": 3, "d": 3, "e": 3})
    assert knowledge_islands([minor], last_active | {k: T0 + 1 for k in "abcde"}, T0) == []
    measured = island_measurement([tied, alone], [alone], {"gone": "Gone Person"}, 6)
    assert measured.value == 50.0
    assert "Gone Person" in measured.findings[0].message


def test_file_and_module_ownership_and_truck_factor() -> None:
    tally = ChurnTally()
    for author, path in [("a", "pkg/x/one.py"), ("a", "pkg/x/one.py"), ("b", "pkg/x/two.py"),
                         ("c", "pkg/y/three.py"), ("a", "gone.py")]:
        tally.add(path, 1, 0, author, T0)
    current = {"pkg/x/one.py", "pkg/x/two.py", "pkg/y/three.py", "pkg/__init__.py"}
    files = file_ownership(tally, current)
    assert [f.name for f in files] == ["pkg/x/one.py", "pkg/x/two.py", "pkg/y/three.py"]
    modules = module_ownership(tally, current, ModuleMap(current).module_of)
    assert [(m.name, m.changes, m.main_authors, m.authors_for_half) for m in modules] == [
        ("pkg/x", 3, ("a",), 1), ("pkg/y", 1, ("c",), 1)]
    assert truck_factor_measurement(tally).value == 1.0  # a made 3 of 5 changes
    assert truck_factor_measurement(ChurnTally()).value is None


def test_knee_on_convex_concave_and_flat_curves() -> None:
    assert knee([50, 40, 10, 5, 4, 3, 2, 1]) == (10, False)  # head: 50 and 40
    assert knee([9, 1, 1]) == (1, False)
    assert knee([12, 12, 4]) == (12, True)  # concave: the head includes the knee
    assert knee([3, 3, 3]) is None
    assert knee([5, 4, 3, 2, 1]) is None  # a straight line has no knee
    assert knee([7, 1]) is None
    assert (head_cut([50, 40, 10, 5, 4]), head_cut([12, 12, 4]), head_cut([3, 3, 3])) == (
        11, 12, None)


def _functions(*cyclomatic: int) -> list[FunctionRow]:
    return [FunctionRow(f"f{i}", 10 * i + 1, cc, cc + 1, 5, 1, 1, "digest")
            for i, cc in enumerate(cyclomatic)]


def test_hotspots_need_frequent_change_and_above_median_complexity() -> None:
    revisions = {"busy_complex.py": 30, "busy_simple.py": 28, "calm_complex.py": 2,
                 "calm.py": 1, "calmer.py": 1, "rare.py": 1}
    functions = {"busy_complex.py": _functions(12, 3, 20, 1), "busy_simple.py": _functions(1),
                 "calm_complex.py": _functions(40), "calm.py": _functions(2),
                 "calmer.py": _functions(2), "rare.py": _functions(3)}
    sloc = {path: 100 for path in functions}
    spots, cut = select_hotspots(revisions, functions, sloc)
    assert cut == 3
    assert [s.path for s in spots] == ["busy_complex.py"]
    assert [w[0] for w in spots[0].worst_functions] == ["f2", "f0", "f1"]
    measured = hotspot_measurement(spots, cut, sloc)
    assert measured.value == pytest.approx(100 / 6, abs=0.01)
    assert "f2 (cyclomatic 20)" in measured.findings[0].message
    assert hotspot_measurement([], None, {}).value is None


def test_a_busy_file_of_simple_functions_is_no_hotspot() -> None:
    # Small files all round: the median file is 2, and a getter-and-setter class of 4 is
    # "more complex" than it, but no function in it is more than a simple block.
    revisions = {"Person.java": 20, "Owner.java": 18, "Pet.java": 2, "Vet.java": 1,
                 "Visit.java": 1, "Specialty.java": 1}
    functions = {"Person.java": _functions(1, 1, 1, 1), "Owner.java": _functions(1, 7, 2),
                 "Pet.java": _functions(2), "Vet.java": _functions(2),
                 "Visit.java": _functions(1), "Specialty.java": _functions(1)}
    spots, _ = select_hotspots(revisions, functions, {path: 50 for path in functions})
    assert [s.path for s in spots] == ["Owner.java"]
    # Many simple functions add up: 25 in all is complex code, changed often.
    functions["Person.java"] = _functions(*[1] * 25)
    spots, _ = select_hotspots(revisions, functions, {path: 50 for path in functions})
    assert sorted(s.path for s in spots) == ["Owner.java", "Person.java"]


def test_relative_churn_rows_and_high_churn_share() -> None:
    tally = ChurnTally()
    tally.add("big.py", 100, 20, "a", T0)
    tally.add("big.py", 10, 0, "b", T0 + 86_400 * 10)
    tally.add("tiny.py", 50, 50, "a", T0)  # far above the limit but under 20 lines
    tally.add("calm.py", 30, 0, "a", T0)
    sloc = {"big.py": 30, "tiny.py": 5, "calm.py": 65}
    rows = churn_rows(tally, {"big.py", "calm.py", "tiny.py"}, sloc, NOW)
    big = rows[0]
    assert (big["path"], big["revisions"], big["added"], big["deleted"]) == ("big.py", 2, 110,
                                                                             20)
    assert big["relative_churn"] == round(130 / 30, 2) and big["authors"] == 2
    assert big["first"] == "2026-01-01" and big["last"] == "2026-01-11"
    assert big["age_days"] == (NOW - datetime(2026, 1, 11, tzinfo=UTC)).days
    measured = high_churn_measurement(tally, sloc, 3.0)
    assert measured.value == 30.0  # big.py's 30 of 100 lines
    assert [f.location.path for f in measured.findings] == ["big.py"]


def test_files_without_line_counts_are_unknown_never_zero() -> None:
    # git could not read a version of big.py: its lines are unknown, its revisions are not.
    tally = ChurnTally()
    tally.add("big.py", 100, 20, "a", T0)
    tally.add("big.py", 0, 0, "b", T0 + 86_400)
    tally.mark_uncounted("big.py")
    tally.add("calm.py", 30, 0, "a", T0)
    sloc = {"big.py": 30, "calm.py": 65}
    rows = {r["path"]: r for r in churn_rows(tally, set(sloc), sloc, NOW)}
    assert [rows["big.py"][k] for k in ("revisions", "added", "deleted", "relative_churn")] == [
        2, None, None, None]
    assert tally.uncounted_files() == ["big.py"]
    measured = high_churn_measurement(tally, sloc, 3.0)
    assert measured.value == 0.0 and not measured.findings  # over calm.py's 65 lines only
    assert measured.note.endswith("; 1 file without line counts (git could not read their "
                                  "past versions) left out")
    # When such files hold most of the code, the share would describe the rest: not measured.
    unmeasured = high_churn_measurement(tally, {"big.py": 70, "calm.py": 30}, 3.0)
    assert (unmeasured.value, unmeasured.unmeasured) == (None, True)
    assert unmeasured.note == ("line counts are missing for 1 file holding 70% of the source "
                               "lines (git could not read their past versions)")


def test_tests_beside_changes_and_path_kinds() -> None:
    tally = TestChangeTally()
    tally.add(["pkg/a.py", "tests/test_a.py"])
    tally.add(["pkg/a.py"])
    tally.add(["docs/conf.py"])  # not product code
    tally.add(["README.md", "tests/test_b.py"])
    assert (tally.source_commits, tally.with_tests) == (2, 1)
    assert tally.measurement().value is None  # two commits show no habit
    for _ in range(3):
        tally.add(["pkg/b.py", "tests/test_b.py"])
    assert tally.measurement().value == 80.0
    assert TestChangeTally().measurement().value is None
    assert is_test("pkg/a_test.py") and is_test("conftest.py") and is_test("web/x.spec.ts")
    assert not is_test("pkg/contest.py") and not is_python_source("examples/demo.py")


def test_window_options() -> None:
    default = resolve_window(HistoryOptions(since_days=365), NOW)
    assert (default.until, (default.until - default.since).days) == (NOW, 365)
    explicit = resolve_window(HistoryOptions(since="2025-01-01",
                                             until="2025-06-30T12:00:00+02:00"), NOW)
    assert explicit.since == datetime(2025, 1, 1, tzinfo=UTC)
    assert explicit.until.utcoffset() is not None and explicit.describe() == (
        "2025-01-01 to 2025-06-30")
    for bad in (HistoryOptions(since="last tuesday"), HistoryOptions(since_days=0),
                HistoryOptions(since="2026-01-01", until="2025-01-01")):
        with pytest.raises(ValueError, match="history"):
            resolve_window(bad, NOW)


def test_rename_map_follows_chains_newest_first() -> None:
    renames = RenameMap()
    assert renames.resolve("c.py", "b.py") == "c.py"  # newest: b.py became c.py
    assert renames.resolve("b.py", "a.py") == "c.py"  # older: a.py became b.py
    assert renames.resolve("a.py") == "c.py"  # oldest edits land on today's path
    assert renames.resolve("other.py") == "other.py" and len(renames) == 2


def test_identities_and_small_measures() -> None:
    assert author_key("Ada", " Ada@Example.COM ") == "ada@example.com"
    assert author_key("No Mail", "") == "No Mail"
    assert is_source("web/app.ts") and not is_source("README.md")
    assert not is_source("tests/test_a.py")
    stats = FileChurn(revisions=2, added=10, deleted=5)
    assert (relative_churn(stats, 5), relative_churn(stats, None)) == (3.0, None)
