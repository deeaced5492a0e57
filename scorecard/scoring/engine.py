"""Evaluate facts against checks: a 0-10 score per check, pillars, overall score and grades.

Rules (stated in the README's scoring section too):

- A check scores 0-10 from its metric's value through its scorer, or is n/a when the metric
  could not be measured (the reason says why), or error when its analyzer crashed.
- Status: pass at 7 or more, warn from 4 up to 7, fail below 4.
- A pillar is the weighted mean of its scored checks; n/a, error and disabled checks are
  listed as skipped. A pillar with no scored check is n/a, never zero.
- Missing facts never raise a score: a check the scan could not measure though it applies
  (no git history, a shallow clone, a skipped or crashed analyzer) stays n/a with its
  reason, but its weight counts in the pillar's mean as a 0, and the pillar is marked
  provisional: its score is a lower bound of the full scan's. A check that does not apply
  (a library has no alerts, the user disabled it) leaves the mean.
- A pillar is scored only when the checks that apply to the repository (scored or
  unmeasured) carry at least ``MIN_APPLICABLE_SHARE`` of the weight of its enabled checks.
  Below that it is not graded, and says why: two history checks of fourteen do not stand
  for a documentation repository's evolvability, and a grade from them would be compared
  with repositories graded on all fourteen. In the reference population 20 pillars of 339
  fall below the line (all of operations repositories); the closest on either side carry
  24.9 % and 25.4 %, so the line is a choice, not a gap in the data (docs/scoring.md).
- The overall score is the plain mean of the pillars that have a score, when at least
  ``MIN_GRADED_PILLARS`` do; it is provisional when one of them is. One pillar alone is
  shown as itself, not as the repository's overall score: an operations repository's three
  history checks are not its maintainability.
- Grades: the bands of ``GRADE_BANDS``, which spread the reference population
  (benchmarks/population/calibrate.py: the top 15 % get A, the next 25 % B, the next 25 % C,
  the next 20 % D, the rest E). ``reference.json`` records them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from scorecard.model import (
    CheckResult,
    CheckStatus,
    Direction,
    Facts,
    Finding,
    Metric,
    Pillar,
    PillarScore,
)
from scorecard.scoring.definitions import CheckDefinition, Scorer

__all__ = ["GRADE_BANDS", "MIN_APPLICABLE_SHARE", "MIN_GRADED_PILLARS", "PASS_AT", "WARN_AT",
           "as_shown", "evaluate", "grade_for", "score_value"]

GRADE_BANDS: tuple[tuple[str, float], ...] = (("A", 6.9), ("B", 6.4), ("C", 6.0), ("D", 5.1))
PASS_AT = 7.0
WARN_AT = 4.0
MIN_APPLICABLE_SHARE = 0.25
MIN_GRADED_PILLARS = 2


def as_shown(score: float) -> float:
    """Return a score as reports print it, to one decimal: what grades and statuses judge."""
    return float(f"{score:.1f}")


def grade_for(score: float | None) -> str | None:
    """Return the letter grade of a 0-10 score (None stays None).

    The score is graded as reports show it, to one decimal: a 5.66 shown as "5.7" gets the
    grade of 5.7, never the band below the number printed beside it.
    """
    if score is None:
        return None
    shown = as_shown(score)
    for letter, lower in GRADE_BANDS:
        if shown >= lower:
            return letter
    return "E"


def _fmt(number: float) -> str:
    return f"{number:g}" if abs(number) >= 1e-3 or number == 0 else f"{number:.2e}"


def score_value(scorer: Scorer, value: float, direction: Direction) -> tuple[float, str]:
    """Score a value; return the score and the thresholds phrase used in the reason."""
    if scorer.kind == "linear":
        return _linear_score(scorer, value)
    if scorer.kind == "steps":
        return _steps_score(scorer, value, direction)
    if scorer.kind == "ratio":
        return 10.0 * min(1.0, max(0.0, value / scorer.full)), f"10 at {_fmt(scorer.full)}"
    passed = bool(value) == scorer.pass_when
    return (10.0 if passed else 0.0), f"passes when {'true' if scorer.pass_when else 'false'}"


def _linear_score(scorer: Scorer, value: float) -> tuple[float, str]:
    """Score a value on the straight line from the scorer's worst (0) to its best (10)."""
    best, worst = float(scorer.best or 0.0), float(scorer.worst or 0.0)
    fraction = (worst - value) / (worst - best)
    score = 10.0 * min(1.0, max(0.0, fraction))
    if best < worst:
        return score, f"best <= {_fmt(best)}, worst >= {_fmt(worst)}"
    return score, f"best >= {_fmt(best)}, worst <= {_fmt(worst)}"


def _steps_score(scorer: Scorer, value: float, direction: Direction) -> tuple[float, str]:
    """Score a value by the first of the scorer's steps it reaches (0 past the last one)."""
    lower_better = direction is Direction.LOWER_IS_BETTER
    steps = sorted(scorer.steps, reverse=not lower_better)
    for threshold, step_score in steps:
        if (value <= threshold) if lower_better else (value >= threshold):
            score = step_score
            break
    else:
        score = 0.0
    sign = "<=" if lower_better else ">="
    bands = ", ".join(f"{sign} {_fmt(t)}: {_fmt(s)}" for t, s in steps)
    return score, f"steps {bands}"


def _status(score: float) -> CheckStatus:
    shown = as_shown(score)  # as reports print it, like grade_for
    if shown >= PASS_AT:
        return CheckStatus.PASS
    if shown >= WARN_AT:
        return CheckStatus.WARN
    return CheckStatus.FAIL


def _evaluate_check(check: CheckDefinition, facts: Facts, metric: Metric | None,
                    focus_paths: frozenset[str]) -> CheckResult:
    base = dict(id=check.id, pillar=check.pillar, title=check.title, metric=check.metric,
                weight=check.weight, remedy=check.remedy)
    if not check.enabled:
        return CheckResult(**base, score=None, status=CheckStatus.NOT_APPLICABLE,  # type: ignore[arg-type]
                           reason="disabled in configuration")
    if check.metric in facts.failed_metrics:
        return CheckResult(**base, score=None, status=CheckStatus.ERROR,  # type: ignore[arg-type]
                           reason=facts.failed_metrics[check.metric], unmeasured=True)
    measurement = facts.measurements.get(check.metric)
    if measurement is None or measurement.value is None or metric is None:
        note = measurement.note if measurement is not None and measurement.note else "not measured"
        return CheckResult(**base, score=None, status=CheckStatus.NOT_APPLICABLE,  # type: ignore[arg-type]
                           reason=note,
                           unmeasured=measurement is not None and measurement.unmeasured)
    score, thresholds = score_value(check.scorer, measurement.value, metric.direction)
    score = round(score, 2)
    reason = _value_reason(check.scorer, metric, measurement.value, thresholds)
    if measurement.note:
        reason += f"; {measurement.note}"
    return CheckResult(
        **base,  # type: ignore[arg-type]
        score=score,
        status=_status(score),
        reason=reason,
        value=measurement.value,
        findings=_kept_findings(measurement.findings, focus_paths),
    )


def _value_reason(scorer: Scorer, metric: Metric, value: float, thresholds: str) -> str:
    """Phrase a measured value with its unit (yes or no for a boolean) and the thresholds."""
    if scorer.kind == "boolean":
        return f"{'yes' if value else 'no'} ({thresholds})"
    unit = f" {metric.unit}" if metric.unit and metric.unit != "%" else metric.unit
    if value == 1 and unit.endswith("s") and unit.strip().isalpha():
        unit = unit[:-1]  # "1 author", not "1 authors"
    return f"{_fmt(round(value, 2))}{unit} ({thresholds})"


def _kept_findings(findings: tuple[Finding, ...], focus_paths: frozenset[str]
                   ) -> tuple[Finding, ...]:
    """Keep every finding: the report is complete, the formats for people cut and count.

    ``focus_paths`` (a diff's touched files) is accepted for the callers that pass it.
    """
    del focus_paths
    return findings


def _unmeasured_weight(skipped: Iterable[CheckResult]) -> float:
    """Return the weight of the skipped checks that apply but could not be measured."""
    # Unmeasured checks weigh in as 0 (see the module's rules): a lower bound, never a lift.
    return sum(r.weight for r in skipped if r.unmeasured and r.weight > 0)


def _pillar(pillar: Pillar, results: list[CheckResult], enabled: list[CheckDefinition]
            ) -> PillarScore:
    scored = [r for r in results if r.score is not None and r.weight > 0]
    skipped = tuple(r for r in results if r not in scored)
    missing_weight = _unmeasured_weight(skipped)
    total_weight = sum(r.weight for r in scored) + missing_weight
    if total_weight <= 0:
        return PillarScore(pillar, None, None, tuple(scored), skipped)
    score = round(sum((r.score or 0.0) * r.weight for r in scored) / total_weight, 2)
    withheld = _withheld(scored, skipped, total_weight, score, enabled)
    if withheld:
        return PillarScore(pillar, None, None, tuple(scored), skipped, withheld=withheld)
    return PillarScore(pillar, score, grade_for(score), tuple(scored), skipped,
                       provisional=missing_weight > 0)


def _withheld(scored: list[CheckResult], skipped: tuple[CheckResult, ...],
              applicable_weight: float, score: float, enabled: list[CheckDefinition]) -> str:
    """Say why a pillar is not graded when what applies is too thin a part of it; else ""."""
    weights = [c.weight for c in enabled if c.weight > 0]
    share = applicable_weight / sum(weights) if weights else 1.0
    if share >= MIN_APPLICABLE_SHARE:
        return ""
    applicable = len(scored) + sum(1 for r in skipped if r.unmeasured and r.weight > 0)
    # One decimal, rounded down: 24.96 % is never shown as the 25 % it falls short of.
    shown = math.floor(share * 1000) / 10
    return (f"the checks that apply ({applicable} of {len(weights)}) carry "
            f"{shown:g}% of its weight, and a grade needs {MIN_APPLICABLE_SHARE:.0%}; "
            f"their weighted mean is {score:.1f}")


def evaluate(
    checks: Iterable[CheckDefinition],
    facts: Facts,
    metrics: Mapping[str, Metric],
    focus_paths: frozenset[str] = frozenset(),
) -> tuple[tuple[PillarScore, ...], float | None]:
    """Score every check; return the pillars (in Pillar order) and the overall score.

    Each check keeps every finding; ``focus_paths`` is accepted for the callers that pass it.
    """
    by_pillar: dict[Pillar, list[CheckResult]] = {p: [] for p in Pillar}
    enabled: dict[Pillar, list[CheckDefinition]] = {p: [] for p in Pillar}
    for check in checks:
        by_pillar[check.pillar].append(
            _evaluate_check(check, facts, metrics.get(check.metric), focus_paths))
        if check.enabled:
            enabled[check.pillar].append(check)
    pillars = tuple(_pillar(p, by_pillar[p], enabled[p]) for p in Pillar)
    scores = [p.score for p in pillars if p.score is not None]
    overall = round(sum(scores) / len(scores), 2) if len(scores) >= MIN_GRADED_PILLARS else None
    return pillars, overall
