"""Scoring from hand-built facts: scorers, statuses, pillars, grades. No disk."""

from __future__ import annotations

import pytest

from scorecard.model import CheckStatus, Direction, Facts, Measurement, Metric, Pillar
from scorecard.scoring.definitions import CheckDefinition, Scorer
from scorecard.scoring.engine import GRADE_BANDS, evaluate, grade_for, score_value

LOWER = Direction.LOWER_IS_BETTER
HIGHER = Direction.HIGHER_IS_BETTER


@pytest.mark.parametrize(
    ("scorer", "value", "direction", "expected"),
    [
        (Scorer("linear", best=2, worst=12), 2, LOWER, 10.0),
        (Scorer("linear", best=2, worst=12), 7, LOWER, 5.0),
        (Scorer("linear", best=2, worst=12), 40, LOWER, 0.0),
        (Scorer("linear", best=2, worst=12), 0, LOWER, 10.0),
        (Scorer("linear", best=90, worst=40), 65, HIGHER, 5.0),
        (Scorer("steps", steps=((5, 10), (10, 6), (20, 2))), 7, LOWER, 6.0),
        (Scorer("steps", steps=((5, 10), (10, 6), (20, 2))), 25, LOWER, 0.0),
        (Scorer("steps", steps=((80, 10), (50, 5))), 60, HIGHER, 5.0),
        (Scorer("ratio", full=80), 40, HIGHER, 5.0),
        (Scorer("ratio", full=80), 120, HIGHER, 10.0),
        (Scorer("boolean", pass_when=True), 1, HIGHER, 10.0),
        (Scorer("boolean", pass_when=True), 0, HIGHER, 0.0),
        (Scorer("boolean", pass_when=False), 0, HIGHER, 10.0),
    ],
)
def test_scorers(scorer: Scorer, value: float, direction: Direction, expected: float) -> None:
    score, _ = score_value(scorer, value, direction)
    assert score == pytest.approx(expected)


def test_grade_bands() -> None:
    assert grade_for(None) is None and grade_for(10) == "A" and grade_for(0) == "E"
    letters = [letter for letter, _ in GRADE_BANDS] + ["E"]
    for (letter, lower), below in zip(GRADE_BANDS, letters[1:], strict=True):
        assert grade_for(lower) == letter
        assert grade_for(lower - 0.06) == below  # shown one tenth below the band
        # graded as shown, to one decimal: 0.04 below the edge reads as the edge itself
        assert grade_for(lower - 0.04) == letter
        assert grade_for(lower - 0.051) == below
        for score in (lower, lower - 0.04, lower - 0.06):
            assert grade_for(float(f"{score:.1f}")) == grade_for(score)


def _check(check_id: str, metric: str, weight: float, pillar: Pillar = Pillar.SIMPLICITY,
           enabled: bool = True) -> CheckDefinition:
    return CheckDefinition(check_id, pillar, "t", metric, weight,
                           Scorer("linear", best=0, worst=10), "s", "r", "fix it",
                           enabled=enabled)


def test_pillar_is_weighted_mean_and_na_is_skipped_not_zero() -> None:
    metrics = {m: Metric(m, "d", LOWER, "%") for m in ("a", "b", "c")}
    facts = Facts(
        measurements={
            "a": Measurement("a", 0.0),  # score 10, weight 3
            "b": Measurement("b", 10.0),  # score 0, weight 1
            "c": Measurement("c", None, "no Python functions found"),
        },
    )
    checks = [_check("s.a", "a", 3), _check("s.b", "b", 1), _check("s.c", "c", 5)]
    pillars, overall = evaluate(checks, facts, metrics)
    simplicity = next(p for p in pillars if p.pillar is Pillar.SIMPLICITY)
    assert simplicity.score == 7.5
    assert simplicity.grade == "A" and not simplicity.provisional
    skipped = {c.id: c for c in simplicity.skipped}
    assert skipped["s.c"].status is CheckStatus.NOT_APPLICABLE
    assert skipped["s.c"].reason == "no Python functions found"
    assert not skipped["s.c"].unmeasured
    # Pillars without any scored check are n/a; one graded pillar alone is no overall score.
    others = [p for p in pillars if p.pillar is not Pillar.SIMPLICITY]
    assert all(p.score is None and p.grade is None for p in others)
    assert overall is None


@pytest.mark.parametrize("missing", [
    Facts(measurements={}, failed_metrics={"d": "analyzer 'x' failed: boom"}),
    Facts(measurements={"d": Measurement("d", None, "shallow clone", unmeasured=True)}),
])
def test_an_unmeasured_check_counts_as_zero_and_marks_the_pillar_provisional(
        missing: Facts) -> None:
    # Missing facts never raise a score: a crashed analyzer or a shallow clone cannot lift
    # a pillar above what the full scan would give, whatever that check would have scored.
    metrics = {m: Metric(m, "d", LOWER, "%") for m in ("a", "b", "d")}
    facts = Facts(measurements={"a": Measurement("a", 0.0), "b": Measurement("b", 10.0),
                                **missing.measurements},
                  failed_metrics=missing.failed_metrics)
    checks = [_check("s.a", "a", 3), _check("s.b", "b", 1), _check("s.d", "d", 5)]
    pillars, overall = evaluate(checks, facts, metrics)
    simplicity = next(p for p in pillars if p.pillar is Pillar.SIMPLICITY)
    assert simplicity.score == 3.33 and simplicity.provisional and overall is None
    (result,) = [c for c in simplicity.skipped if c.id == "s.d"]
    assert result.unmeasured and result.score is None
    # Whatever the full scan measures for it, the provisional score is not above it.
    for value in (0.0, 5.0, 10.0):
        full, _ = evaluate(checks, Facts(measurements={**facts.measurements,
                                                       "d": Measurement("d", value)}), metrics)
        assert full[1].score is not None and full[1].score >= simplicity.score


def test_reason_names_value_and_thresholds() -> None:
    metrics = {"a": Metric("a", "d", LOWER, "%")}
    facts = Facts(measurements={"a": Measurement("a", 12.5, "9 of 72 functions over 10")})
    check = CheckDefinition("s.a", Pillar.SIMPLICITY, "t", "a", 1,
                            Scorer("linear", best=2, worst=15), "s", "r", "fix")
    pillars, _ = evaluate([check], facts, metrics)
    result = pillars[1].checks[0]
    assert result.reason == "12.5% (best <= 2, worst >= 15); 9 of 72 functions over 10"
    assert result.score == 1.92
    assert result.status is CheckStatus.FAIL


def test_disabled_check_is_skipped() -> None:
    metrics = {"a": Metric("a", "d", LOWER, "%")}
    facts = Facts(measurements={"a": Measurement("a", 1.0)})
    pillars, overall = evaluate([_check("s.a", "a", 1, enabled=False)], facts, metrics)
    assert overall is None
    assert pillars[1].skipped[0].reason == "disabled in configuration"


def _thin_facts(applying: int) -> tuple[list[CheckDefinition], Facts, dict[str, Metric]]:
    """Eight checks of weight 1: the first ``applying`` measured at 0 (score 10), the rest n/a."""
    names = [f"m{i}" for i in range(8)]
    metrics = {m: Metric(m, "d", LOWER, "%") for m in names}
    facts = Facts(measurements={
        m: Measurement(m, 0.0) if i < applying else Measurement(m, None, "does not apply")
        for i, m in enumerate(names)})
    return [_check(f"s.{m}", m, 1) for m in names], facts, metrics


def test_a_pillar_where_too_little_applies_is_not_graded() -> None:
    # One check of eight carries 12.5 % of the weight: a 10 from it would be compared with
    # pillars graded on all eight, so the pillar says why it has no grade instead.
    checks, facts, metrics = _thin_facts(1)
    pillars, overall = evaluate(checks, facts, metrics)
    simplicity = pillars[1]
    assert simplicity.score is None and simplicity.grade is None and overall is None
    assert simplicity.withheld == ("the checks that apply (1 of 8) carry 12.5% of its weight, "
                                   "and a grade needs 25%; their weighted mean is 10.0")
    assert [c.score for c in simplicity.checks] == [10.0]  # the check itself still shows
    # At a quarter of the weight the pillar is graded again.
    checks, facts, metrics = _thin_facts(2)
    pillars, _ = evaluate(checks, facts, metrics)
    assert pillars[1].score == 10.0 and pillars[1].withheld == ""


def test_disabled_checks_leave_the_share_and_unmeasured_ones_count_as_applying() -> None:
    checks, facts, metrics = _thin_facts(1)
    # The user disabled five of the eight: one of the three left applies (a third).
    kept = [c if i < 3 else _check(c.id, c.metric, 1, enabled=False)
            for i, c in enumerate(checks)]
    pillars, _ = evaluate(kept, facts, metrics)
    assert pillars[1].score == 10.0
    # A check that applies but could not be measured counts toward what applies (and as 0).
    unmeasured = Facts(measurements={**facts.measurements,
                                     "m1": Measurement("m1", None, "shallow", unmeasured=True)})
    pillars, _ = evaluate(checks, unmeasured, metrics)
    assert pillars[1].score == 5.0 and pillars[1].provisional and not pillars[1].withheld


def test_the_overall_score_leaves_out_a_pillar_not_graded() -> None:
    checks, facts, metrics = _thin_facts(1)
    metrics.update({m: Metric(m, "d", LOWER, "%") for m in ("e", "v")})
    facts = Facts(measurements={**facts.measurements, "e": Measurement("e", 5.0),
                                "v": Measurement("v", 0.0)})
    checks += [_check("o.e", "e", 1, pillar=Pillar.OPERABILITY),
               _check("v.v", "v", 1, pillar=Pillar.EVOLVABILITY)]
    pillars, overall = evaluate(checks, facts, metrics)
    assert pillars[1].score is None and overall == 7.5  # (5 + 10) / 2, simplicity left out
    # One graded pillar alone is shown as itself, not as the repository's overall score.
    pillars, overall = evaluate(checks[:-1], facts, metrics)
    assert pillars[0].score == 5.0 and overall is None


def test_every_format_is_told_why_there_is_no_overall_score() -> None:
    from scorecard.scoring.coverage import withheld_notes
    checks, facts, metrics = _thin_facts(1)
    metrics["e"] = Metric("e", "d", LOWER, "%")
    facts = Facts(measurements={**facts.measurements, "e": Measurement("e", 5.0)})
    checks.append(_check("o.e", "e", 1, pillar=Pillar.OPERABILITY))
    pillars, overall = evaluate(checks, facts, metrics)
    assert overall is None
    assert withheld_notes(pillars) == (
        "simplicity not graded: the checks that apply (1 of 8) carry 12.5% of its weight, and "
        "a grade needs 25%; their weighted mean is 10.0",
        "no overall score: it needs 2 graded pillars, and only operability is graded")
    # Nothing to grade at all (no check installed) says nothing.
    assert withheld_notes(evaluate([], Facts(measurements={}), {})[0]) == ()
