"""What to do next: the few actions a report's own numbers say would matter most.

A tech lead reads the narrative first, so the page leads with actions ranked by what they
are worth, each with the measured reason:

- **Checks**, by the most the overall score could gain if the check reached 10. The overall
  score is the mean of the scored pillars and a pillar the weighted mean of its checks
  (unmeasured ones weigh in as 0), so a check of weight *w* scoring *s* in a pillar of total
  weight *W*, among *n* scored pillars, can add at most ``(10 - s) * w / W / n``. The goal
  is the check's title, the place to start its worst finding, and how the opening of its
  remedy (remedies often first say what the findings show, then what to do: two sentences).
- **The riskiest file**: the risk model's first file, with its expected fix commits.
- **What could not be measured**: checks that apply but count 0 for want of a fact (a
  shallow clone, an analyzer switched off); measuring them can only raise the score.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scorecard.facts.history_facts import HistoryFacts
from scorecard.model import CheckResult, CheckStatus, Coverage, PillarScore, Report
from scorecard.reporters.safe import where_shown
from scorecard.wording import count_text, counted

__all__ = ["NextStep", "next_steps"]

CHECK_STEPS = 3  # a short list is read; the pillar sections list every check
MIN_GAIN = 0.05  # overall points: below this a check is not worth a line of its own
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


@dataclass(frozen=True)
class NextStep:
    """One action, what it is about, the measured reason and what it is worth."""

    action: str
    subject: str
    why: str
    gain: str = ""  # "up to +0.4 overall", when it can be said
    how: str = ""


REMEDY_CHARS = 420  # the opening of a remedy; the pillar section has all of it


def _opening(text: str, sentences: int = 2) -> str:
    """Return the first sentences of a text, cut at a sentence end within REMEDY_CHARS."""
    parts = _SENTENCE_END.split(" ".join(text.split()))
    kept = ""
    for part in parts[:sentences]:
        joined = f"{kept} {part}".strip()
        if kept and len(joined) > REMEDY_CHARS:
            break
        kept = joined
    return kept


def _pillar_weight(pillar: PillarScore) -> float:
    """Return the weight a pillar's score divides by: scored and unmeasured checks."""
    return (sum(c.weight for c in pillar.checks)
            + sum(c.weight for c in pillar.skipped if c.unmeasured and c.weight > 0))


def _gain(check: CheckResult, pillar_weight: float, pillars: int) -> float:
    if check.score is None or pillar_weight <= 0 or pillars == 0:
        return 0.0
    return (10.0 - check.score) * check.weight / pillar_weight / pillars


def _check_step(check: CheckResult, gain: float) -> NextStep:
    where = ""
    if check.findings:
        first = check.findings[0]
        where = (f" Start with {where_shown(first.location.path, first.location.line)}: "
                 f"{first.message}.")
    return NextStep(action=f"{check.title}.", subject=check.id,
                    why=f"{check.pillar.value} check at {check.score:.1f} / 10: "
                        f"{check.reason}.{where}",
                    gain=f"up to +{gain:.1f} overall", how=_opening(check.remedy))


def _check_steps(report: Report) -> list[NextStep]:
    scored = [p for p in report.pillars if p.score is not None]
    ranked: list[tuple[float, str, CheckResult]] = []
    for pillar in scored:
        weight = _pillar_weight(pillar)
        for check in pillar.checks:
            if check.status in (CheckStatus.FAIL, CheckStatus.WARN):
                gain = _gain(check, weight, len(scored))
                if gain >= MIN_GAIN:
                    ranked.append((gain, check.id, check))
    ranked.sort(key=lambda item: (-item[0], item[1]))
    return [_check_step(check, gain) for gain, _, check in ranked[:CHECK_STEPS]]


def _risk_step(report: Report) -> list[NextStep]:
    history = report.facts(HistoryFacts)
    risk = history.risk if history else None
    if risk is None or not risk.files:
        return []
    top = risk.files[0]
    factors = "; ".join(top.factors[:2])
    return [NextStep(
        action="Review and test the riskiest file before its next change.",
        subject=top.path,
        why=f"expected {top.risk:.1f} fix commits in the next 12 months, the most of "
            f"{counted(len(risk.files), 'ranked file')}"
            + (f" ({factors})" if factors else "") + ".")]


def _coverage_step(report: Report) -> list[NextStep]:
    coverage = report.details.get("coverage")
    if not isinstance(coverage, Coverage) or not coverage.unmeasured:
        return []
    first = coverage.unmeasured[0]
    count = len(coverage.unmeasured)
    return [NextStep(
        action="Measure what this scan could not: the score counts those checks as 0.",
        subject=counted(count, "check"),
        why=f"{first.check}: {first.reason}"
            + (f" (and {count_text(count - 1)} more, listed under What could not be measured)."
               if count > 1 else "."))]


def next_steps(report: Report) -> tuple[NextStep, ...]:
    """Return the report's next steps, most valuable check first, then risk and coverage."""
    return (*_check_steps(report), *_risk_step(report), *_coverage_step(report))
