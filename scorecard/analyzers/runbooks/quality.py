"""Runbook quality RQ (0..1) of a target: a whole file, or one heading's subtree.

``RQ = (sum over meaning, impact, diagnosis, mitigation of p*c + 0.75 escalation
+ 0.5 dashboards + 0.5 rollback + 0.25 symptoms + 0.25 severity) / 6.25`` where ``p`` is 1 for
a real heading, 0.5 for a bold pseudo-heading or a section found only at document level
outside the alert's own subtree (or an ``owner``/``team`` in front matter, for escalation),
and ``c`` is 1 when the section has substantive content.
A redirect-only stub is capped at 0.25.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from scorecard.analyzers.runbooks.sections import REQUIRED

__all__ = ["Quality", "WEIGHTS", "alert_subtree", "target_quality"]

WEIGHTS: dict[str, float] = {"meaning": 1.0, "impact": 1.0, "diagnosis": 1.0,
                             "mitigation": 1.0, "escalation": 0.75, "dashboards": 0.5,
                             "rollback": 0.5, "symptoms": 0.25, "severity": 0.25}
_TOTAL = sum(WEIGHTS.values())
STUB_CAP = 0.25


@dataclass(frozen=True)
class Quality:
    """RQ of one target and the evidence: presence and content per section."""

    rq: float
    line: int
    presence: dict[str, float] = field(default_factory=dict)
    substantive: dict[str, bool] = field(default_factory=dict)
    stub: bool = False

    @property
    def missing_required(self) -> list[str]:
        """Required sections absent or without substantive content."""
        return [s for s in REQUIRED if not (self.presence.get(s) and self.substantive.get(s))]


def alert_subtree(doc: dict[str, Any], alert: str) -> int | None:
    """Index of the heading that names the alert in a multi-alert document, if any."""
    pattern = re.compile(rf"(?<![A-Za-z0-9_]){re.escape(alert)}(?![A-Za-z0-9_])", re.IGNORECASE)
    headings = doc["headings"]
    named = [i for i, h in enumerate(headings) if pattern.search(str(h[3]))]
    # A single-alert runbook titled with the alert name is the whole file, not a subtree.
    if not named or (len(named) == 1 and headings[named[0]][0] == 1):
        return None
    return named[0]


def _collect(presence: dict[str, float], substantive: dict[str, bool], sections: list[str],
             passed: list[str], weight: float) -> None:
    for section in sections:
        if section in WEIGHTS and weight >= presence.get(section, 0.0):
            if weight > presence.get(section, 0.0):
                substantive[section] = False
            presence[section] = weight
            substantive[section] = substantive.get(section, False) or section in passed


def target_quality(doc: dict[str, Any], heading: int | None) -> Quality:
    """Score a document, or the subtree under ``headings[heading]``."""
    headings: list[list[Any]] = doc["headings"]
    presence: dict[str, float] = {}
    substantive: dict[str, bool] = {}
    if heading is None:
        first, last, line = 1, int(doc["lines"]), 1
        for entry in headings:
            _collect(presence, substantive, entry[5], entry[6], 1.0)
    else:
        level, line, last = int(headings[heading][0]), int(headings[heading][1]), \
            int(headings[heading][2])
        first = line
        for index, entry in enumerate(headings):
            inside = index > heading and int(entry[1]) <= last
            if inside:
                _collect(presence, substantive, entry[5], entry[6], 1.0)
            elif index != heading and int(entry[0]) <= level:
                # Shared sections outside any alert's subtree (e.g. one Escalation section).
                _collect(presence, substantive, entry[5], entry[6], 0.5)
    for pseudo_line, sections, passed in doc.get("pseudo", []):
        if first <= int(pseudo_line) <= last:
            _collect(presence, substantive, sections, passed, 0.5)
    meta = doc.get("meta", {})
    if any(str(meta.get(key, "")).strip() for key in ("owner", "team")):
        # An owner in front matter says whom to reach, though not how to escalate.
        _collect(presence, substantive, ["escalation"], ["escalation"], 0.5)
    score = sum(WEIGHTS[s] * presence[s] * (1.0 if substantive.get(s) else 0.0)
                for s in presence) / _TOTAL
    stub = bool(doc.get("stub"))
    if stub:
        score = min(score, STUB_CAP)
    return Quality(round(score, 4), line, presence, substantive, stub)
