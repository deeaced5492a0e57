"""Typed facts: the registry, the run order from ``requires``, the JSON round trip."""

from __future__ import annotations

import pytest

from scorecard.analyzers import ANALYZERS, Analyzer, run_order
from scorecard.facts import FACTS_TYPES, FunctionRow
from scorecard.facts.history import HistoryFacts, KnowledgeFacts, WindowFacts
from scorecard.plain import DecodeError, from_plain, to_plain


def test_every_analyzer_names_the_registered_facts_type() -> None:
    assert {a.name: a.facts_type for a in ANALYZERS} == dict(FACTS_TYPES)


def test_analyzers_run_after_what_they_require() -> None:
    order = [a.name for a in ANALYZERS]
    for index, analyzer in enumerate(ANALYZERS):
        assert set(analyzer.requires) <= set(order[:index]), analyzer.name
    assert order[-1] == "suppressions"  # it reads every other analyzer's findings


def _analyzer(name: str, requires: tuple[str, ...] = ()) -> Analyzer:
    analyzer = Analyzer()
    analyzer.name, analyzer.requires = name, requires
    return analyzer


def test_run_order_is_the_listed_order_where_nothing_is_required() -> None:
    a, b, c = _analyzer("a", ("c",)), _analyzer("b"), _analyzer("c")
    assert [x.name for x in run_order((a, b, c))] == ["b", "c", "a"]
    # A requirement skipped by configuration is no constraint.
    assert [x.name for x in run_order((a, b))] == ["a", "b"]
    with pytest.raises(ValueError, match="cycle"):
        run_order((_analyzer("x", ("y",)), _analyzer("y", ("x",))))


def test_facts_round_trip_and_omit_what_was_not_measured() -> None:
    facts = HistoryFacts(window=WindowFacts("a", "b", 1, 0, 0, 0), files_changed=0, churn=(),
                         hotspot_min_revisions=None, hotspots=(), coupling=(),
                         knowledge=KnowledgeFacts((), ()))
    plain = to_plain(facts)
    assert "risk" not in plain and list(plain)[0] == "window"
    assert from_plain(HistoryFacts, plain) == facts
    with pytest.raises(DecodeError):
        from_plain(HistoryFacts, {**plain, "files_changed": "many"})


def test_a_function_row_is_a_json_list() -> None:
    row = FunctionRow("f", 3, 2, 1, 10, 1, 0, "abc")
    assert to_plain(row) == ["f", 3, 2, 1, 10, 1, 0, "abc"]
    assert from_plain(FunctionRow, ["f", 3, 2, 1, 10, 1, 0]) == row._replace(digest="")
