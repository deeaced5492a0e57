"""What a report measured: checks scored, checks that do not apply, checks it could not measure.

A check the scan could not measure though it applies (no git history, a shallow clone, a
skipped or crashed analyzer) counts as 0 in its pillar (:mod:`scorecard.scoring.engine`),
so a report missing facts is a lower bound and says so: this module names what is missing
and why, for the JSON report and the one-line note every other format prints.
"""

from __future__ import annotations

from collections import Counter

from scorecard.model import Coverage, PillarScore, UnmeasuredCheck
from scorecard.scoring.engine import MIN_GRADED_PILLARS
from scorecard.wording import agree, counted

__all__ = ["coverage_of", "provisional_note", "withheld_notes"]


def coverage_of(pillars: tuple[PillarScore, ...]) -> Coverage:
    """Return the coverage of scored pillars."""
    scored = sum(len(p.checks) for p in pillars)
    skipped = [c for p in pillars for c in p.skipped]
    unmeasured = tuple(UnmeasuredCheck(c.id, c.reason) for c in skipped
                       if c.unmeasured and c.weight > 0)
    return Coverage(scored, len(skipped) - len(unmeasured), unmeasured, bool(unmeasured))


def provisional_note(pillars: tuple[PillarScore, ...]) -> str:
    """Return the one-line note of a report missing facts ("" when nothing is missing)."""
    missing = coverage_of(pillars).unmeasured
    if not missing:
        return ""
    reason, _ = Counter(item.reason for item in missing).most_common(1)[0]
    count = len(missing)
    return (f"provisional: {counted(count, 'applicable check')} could not be measured and "
            f"{agree(count, 'counts', 'count')} as 0, so the scores are a lower bound ({reason})")


def withheld_notes(pillars: tuple[PillarScore, ...]) -> tuple[str, ...]:
    """Return one line per pillar left ungraded because too little of it applies.

    And, when fewer than two pillars are graded, a line that says why there is no overall
    score (scorecard.scoring.engine: an overall score needs two graded pillars).
    """
    notes = [f"{p.pillar.value} not graded: {p.withheld}" for p in pillars if p.withheld]
    graded = [p.pillar.value for p in pillars if p.score is not None]
    if len(graded) < MIN_GRADED_PILLARS and any(p.checks or p.withheld for p in pillars):
        which = f"only {graded[0]} is" if graded else "no pillar is"
        notes.append(f"no overall score: it needs {MIN_GRADED_PILLARS} graded pillars, and "
                     f"{which} graded")
    return tuple(notes)
