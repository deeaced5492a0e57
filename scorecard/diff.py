"""Compare two reports: pillar and check deltas, and what a change made new or worse.

The diff only looks at findings in the files the change touched, so a pull request is shown
what it caused, not the whole backlog. A finding is identified by its check, file and symbol
(or, without a symbol, its message with numbers removed), so a function that moved a few
lines is still the same finding; it is *worse* when its value grew against the metric's
direction.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass

from scorecard.facts import ComplexityFacts, FunctionRow, HistoryFacts
from scorecard.model import CheckResult, Direction, Finding, Metric, Pillar, Report

__all__ = [
    "LOW_RISK",
    "REGRESSION_SCOPES",
    "CheckDelta",
    "FindingChange",
    "GateResult",
    "PillarDelta",
    "ReportDiff",
    "diff_reports",
    "entity_key",
    "evaluate_gates",
    "finding_key",
    "is_worse",
    "unambiguous_entities",
]

# A changed function is low-risk when it is small and simple on every axis at once.
LOW_RISK = {"cyclomatic": 5, "cognitive": 5, "length": 30, "parameters": 4}
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


@dataclass(frozen=True)
class PillarDelta:
    """A pillar's score before and after."""

    pillar: Pillar
    base_score: float | None
    head_score: float | None
    base_grade: str | None
    head_grade: str | None

    @property
    def delta(self) -> float | None:
        """Head - base, or None when either side is n/a."""
        if self.base_score is None or self.head_score is None:
            return None
        return round(self.head_score - self.base_score, 2)


@dataclass(frozen=True)
class CheckDelta:
    """A check's score before and after, with its head status and reason."""

    id: str
    pillar: Pillar
    title: str
    base_score: float | None
    head_score: float | None
    head_status: str
    head_reason: str

    @property
    def delta(self) -> float | None:
        """Head - base, or None when either side is n/a."""
        if self.base_score is None or self.head_score is None:
            return None
        return round(self.head_score - self.base_score, 2)


@dataclass(frozen=True)
class FindingChange:
    """A finding in a touched file that is new, or worse than at the base."""

    kind: str  # "new" or "worse"
    check_id: str
    finding: Finding
    base_value: float | None = None


@dataclass(frozen=True)
class RiskyFile:
    """A touched file the risk model ranks among the riskiest tenth."""

    path: str
    rank: int
    ranked: int  # how many files were ranked
    risk: float
    factors: tuple[str, ...]


RISKY_SHARE = 0.1  # the PR comment names touched files in the riskiest tenth


@dataclass(frozen=True)
class ReportDiff:
    """Everything a PR comment or a gate needs to know about a change."""

    base: Report
    head: Report
    pillars: tuple[PillarDelta, ...]
    checks: tuple[CheckDelta, ...]
    findings: tuple[FindingChange, ...]
    touched_files: tuple[str, ...]
    touched_hotspots: tuple[str, ...]
    changed_functions: int
    low_risk_functions: int
    # Touched files among the riskiest tenth by the risk model, riskiest first, with factors.
    touched_risky: tuple[RiskyFile, ...] = ()

    @property
    def overall_delta(self) -> float | None:
        """Overall head - base score, or None when either is n/a."""
        if self.base.score is None or self.head.score is None:
            return None
        return round(self.head.score - self.base.score, 2)

    @property
    def low_risk_share(self) -> float | None:
        """Percentage of changed functions that are low-risk (None when none changed)."""
        if not self.changed_functions:
            return None
        return round(100.0 * self.low_risk_functions / self.changed_functions, 1)


def _all_checks(report: Report) -> dict[str, CheckResult]:
    return {c.id: c for p in report.pillars for c in (*p.checks, *p.skipped)}


def finding_key(check_id: str, finding: Finding) -> tuple[str, str, str]:
    """Return a finding's identity across commits: check, file, function or message shape."""
    # The symbol alone is not enough: an analyzer may report several findings for one module
    # (one per import edge, say). The message with its numbers blanked keeps them apart and
    # stays the same when only the measured value changes.
    identity = f"{finding.symbol or ''}|{_NUMBER.sub('#', finding.message)}"
    return check_id, finding.location.path, identity


def is_worse(head: float | None, base: float | None, direction: Direction) -> bool:
    """Return True when ``head`` is worse than ``base`` for a metric of that direction."""
    if head is None or base is None:
        return False
    return head > base if direction is Direction.LOWER_IS_BETTER else head < base


def entity_key(key: tuple[str, str, str]) -> tuple[str, str, str]:
    """Return the entity a finding is about: its key without the detail after "; ".

    A message's detail may name what changes while the entity stays (a hotspot's worst
    functions); matching on the entity too keeps such a finding the same one, compared with
    its own earlier value, instead of a new finding.
    """
    check_id, path, identity = key
    return check_id, path, identity.split("; ", 1)[0]


_Key = tuple[str, str, str]


def unambiguous_entities(base_keys: Iterable[_Key], head_keys: Iterable[_Key],
                         ) -> dict[_Key, _Key]:
    """Map an entity to its one base key, when one finding of it is on each side.

    A message's detail after "; " may change while the entity stays (a hotspot's worst
    functions): matched by entity, such a finding is compared with its own earlier value.
    An entity with several findings on either side matches none of them.
    """
    by_entity: dict[_Key, list[_Key]] = {}
    for key in base_keys:
        by_entity.setdefault(entity_key(key), []).append(key)
    head_counts: dict[_Key, int] = {}
    for key in head_keys:
        entity = entity_key(key)
        head_counts[entity] = head_counts.get(entity, 0) + 1
    return {entity: found[0] for entity, found in by_entity.items()
            if len(found) == 1 and head_counts.get(entity) == 1}


def _finding_changes(
    base: Report, head: Report, touched: Collection[str], metrics: Mapping[str, Metric]
) -> list[FindingChange]:
    base_findings: dict[_Key, Finding] = {
        finding_key(check.id, finding): finding
        for check in _all_checks(base).values() for finding in check.findings}
    head_keys = [finding_key(check.id, finding)
                 for check in _all_checks(head).values() for finding in check.findings]
    for entity, key in unambiguous_entities(list(base_findings), head_keys).items():
        base_findings.setdefault(entity, base_findings[key])
    changes: list[FindingChange] = []
    for check in _all_checks(head).values():
        metric = metrics.get(check.metric)
        direction = metric.direction if metric else Direction.LOWER_IS_BETTER
        for finding in check.findings:
            if finding.location.path not in touched:
                continue
            key = finding_key(check.id, finding)
            before = base_findings.get(key) or base_findings.get(entity_key(key))
            if before is None:
                changes.append(FindingChange("new", check.id, finding))
            elif is_worse(finding.value, before.value, direction):
                changes.append(FindingChange("worse", check.id, finding, before.value))
    changes.sort(key=lambda c: (c.kind != "new", c.finding.location.path,
                                c.finding.location.line or 0, c.check_id))
    return changes


def _function_rows(report: Report) -> dict[str, dict[str, FunctionRow]]:
    complexity = report.facts(ComplexityFacts)
    if complexity is None:
        return {}
    return {path: {row.qualname: row for row in rows}
            for path, rows in complexity.functions_by_file.items()}


def _changed_functions(base: Report, head: Report, touched: Iterable[str]) -> tuple[int, int]:
    """Count functions in touched files that are new or whose source lines changed."""
    before, after = _function_rows(base), _function_rows(head)
    changed = low = 0
    for path in touched:
        old = before.get(path, {})
        for name, row in after.get(path, {}).items():
            previous = old.get(name)
            # Compare measurements and the source digest, not the line: moving is not changing.
            if previous is not None and previous[2:] == row[2:]:
                continue
            changed += 1
            if (row.cyclomatic <= LOW_RISK["cyclomatic"]
                    and row.cognitive <= LOW_RISK["cognitive"]
                    and row.length <= LOW_RISK["length"]
                    and row.parameters <= LOW_RISK["parameters"]):
                low += 1
    return changed, low


def _hotspots(report: Report) -> set[str]:
    history = report.facts(HistoryFacts)
    return {spot.path for spot in history.hotspots} if history is not None else set()


def _risky(report: Report, touched: Iterable[str]) -> tuple[RiskyFile, ...]:
    """Return the touched files in the riskiest tenth of ``report``'s risk ranking."""
    history = report.facts(HistoryFacts)
    rows = history.risk.files if history is not None and history.risk is not None else ()
    if not rows:
        return ()
    cut = max(1, math.ceil(RISKY_SHARE * len(rows)))
    wanted = set(touched)
    return tuple(RiskyFile(r.path, r.rank, len(rows), r.risk, r.factors)
                 for r in rows if r.path in wanted and r.rank <= cut)


def diff_reports(
    base: Report, head: Report, touched_files: Iterable[str], metrics: Mapping[str, Metric]
) -> ReportDiff:
    """Compare two reports, looking at findings only in ``touched_files``."""
    touched = tuple(sorted(set(touched_files)))
    base_pillars = {p.pillar: p for p in base.pillars}
    pillars = tuple(
        PillarDelta(p.pillar, base_pillars[p.pillar].score if p.pillar in base_pillars else None,
                    p.score, base_pillars[p.pillar].grade if p.pillar in base_pillars else None,
                    p.grade)
        for p in head.pillars
    )
    base_checks = _all_checks(base)
    checks = tuple(
        CheckDelta(c.id, c.pillar, c.title,
                   base_checks[c.id].score if c.id in base_checks else None,
                   c.score, c.status.value, c.reason)
        for c in sorted(_all_checks(head).values(), key=lambda c: (c.pillar.value, c.id))
    )
    changed, low = _changed_functions(base, head, touched)
    hotspots = tuple(sorted(_hotspots(head) & set(touched)))
    return ReportDiff(
        base=base, head=head, pillars=pillars, checks=checks,
        findings=tuple(_finding_changes(base, head, touched, metrics)),
        touched_files=touched, touched_hotspots=hotspots,
        changed_functions=changed, low_risk_functions=low,
        touched_risky=_risky(head, touched),
    )


@dataclass(frozen=True)
class GateResult:
    """Whether a change passes the configured gates, and why not."""

    passed: bool
    reasons: tuple[str, ...] = ()


REGRESSION_SCOPES = ("overall", "pillar", "check")


def _overall_drop(diff: ReportDiff) -> list[str]:
    drop = diff.overall_delta or 0.0
    return [f"overall score dropped by {-drop:.2f}"] if drop < 0 else []


def _pillar_drops(diff: ReportDiff) -> list[str]:
    return [f"{p.pillar.value} dropped by {-(p.delta or 0.0):.2f}"
            for p in diff.pillars if (p.delta or 0.0) < 0]


def _check_drops(diff: ReportDiff) -> list[str]:
    return [f"{c.id} dropped by {-(c.delta or 0.0):.2f}"
            for c in diff.checks if (c.delta or 0.0) < 0]


# What --fail-on-regression looks at, by the scope it names.
_REGRESSIONS: dict[str, Callable[[ReportDiff], list[str]]] = {
    "overall": _overall_drop, "pillar": _pillar_drops, "check": _check_drops,
}


def evaluate_gates(
    diff: ReportDiff, *, fail_under: float | None = None, fail_on_regression: str | None = None
) -> GateResult:
    """Apply --fail-under (head overall score) and --fail-on-regression (overall|pillar|check)."""
    reasons: list[str] = []
    head = diff.head.score
    if fail_under is not None and (head is None or head < fail_under):
        shown = "n/a" if head is None else f"{head:.2f}"
        reasons.append(f"overall score {shown} is below {fail_under:g}")
    regressions = _REGRESSIONS.get(fail_on_regression or "")
    if regressions is not None:
        reasons.extend(regressions(diff))
    return GateResult(not reasons, tuple(reasons))
