"""The HTML reporter: one self-contained page (inline CSS and SVG, no scripts, no network).

Used for ``scan --format html`` (one commit) and for the quarterly report (several quarter
ends). Every number, sentence and chart point is prepared here; the template only lays it
out, with jinja2's autoescape on, so anything from the repository ends up as text. A
Content-Security-Policy that allows nothing but inline styles keeps the page from loading
anything even if a string ever slipped through.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from scorecard.facts import ComplexityFacts, HistoryFacts, RunbooksFacts
from scorecard.facts.complexity_facts import describe_languages
from scorecard.languages import measured_language_names
from scorecard.model import CheckResult, CheckStatus, Finding, PillarScore, Report
from scorecard.owners import OwnerRules
from scorecard.reporters.charts import LineChart, line_chart
from scorecard.reporters.diff_report import render_diff_html
from scorecard.reporters.next_steps import next_steps
from scorecard.reporters.renderer import DiffInput, Reporter, ScanInput
from scorecard.reporters.risk_trend import risk_movement
from scorecard.reporters.safe import where_shown
from scorecard.reporters.templating import html_environment
from scorecard.scoring.coverage import provisional_note, withheld_notes
from scorecard.scoring.definitions import CheckDefinition, describe_scorer
from scorecard.scoring.engine import GRADE_BANDS, MIN_APPLICABLE_SHARE, PASS_AT, WARN_AT, grade_for
from scorecard.scoring.reference import describe_standing

__all__ = ["REPORTER", "QuarterPoint", "ReportPage", "build_page", "render_html"]

MAX_ROWS = 25  # per table; totals are always shown
SPARK_WIDTH, SPARK_HEIGHT = 120, 28
_STATUS_LABEL = {
    CheckStatus.PASS: "pass",
    CheckStatus.WARN: "warn",
    CheckStatus.FAIL: "fail",
    CheckStatus.NOT_APPLICABLE: "n/a",
    CheckStatus.ERROR: "error",
}


@dataclass(frozen=True)
class QuarterPoint:
    """One quarter end of the trend: its label and the report that stands for it."""

    label: str
    report: Report | None


@dataclass(frozen=True)
class ReportPage:
    """Inputs of one HTML page."""

    current: Report
    title: str
    quarters: Sequence[QuarterPoint] = ()
    checks: Sequence[CheckDefinition] = ()
    owners: OwnerRules | None = None
    notes: Sequence[str] = field(default_factory=tuple)


def _fmt(value: float | None, digits: int = 1) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def _delta(value: float | None) -> dict[str, str]:
    if value is None:
        return {"text": "", "word": "no earlier score", "cls": "flat"}
    # Shown with one decimal: a change that rounds to 0.0 is unchanged, not "▲ +0.0 (up)".
    if value >= 0.05:
        return {"text": f"▲ +{value:.1f}", "word": "up", "cls": "up"}
    if value <= -0.05:
        return {"text": f"▼ {value:.1f}", "word": "down", "cls": "down"}
    return {"text": "", "word": "unchanged", "cls": "flat"}


def _sparkline(values: Sequence[float | None]) -> dict[str, Any]:
    """SVG polyline points for 0-10 scores; gaps (n/a) break nothing, they are skipped."""
    known = [(i, v) for i, v in enumerate(values) if v is not None]
    if not known:
        return {"points": "", "dots": [], "label": "no score to trend"}
    if len(values) < 2:
        return {"points": "", "dots": [], "label": "one quarter: no trend yet"}
    step = SPARK_WIDTH / (len(values) - 1)
    coords = [(round(i * step, 1), round(SPARK_HEIGHT - 2 - (v / 10) * (SPARK_HEIGHT - 4), 1))
              for i, v in known]
    label = ", ".join(_fmt(v) for v in values)
    return {"points": " ".join(f"{x},{y}" for x, y in coords),
            "dots": [{"x": x, "y": y} for x, y in coords], "label": f"scores: {label}"}


def _trend_chart(labels: Sequence[str],
                 series: Sequence[tuple[str, Sequence[float | None]]]) -> dict[str, Any]:
    """Return the line chart of 0-10 scores by quarter: axes, gridlines, labels, a key."""
    return line_chart(LineChart(labels=labels, series=series, y_max=10, y_title="score (0-10)",
                                y_ticks=(0, 2.5, 5, 7.5, 10)))


def _risk_chart(quarters: Sequence[QuarterPoint], report: Report) -> dict[str, Any]:
    """Return the chart of today's riskiest files' expected fixes by quarter ({} if none)."""
    chart = risk_movement([q.label for q in quarters], [q.report for q in quarters], report)
    return line_chart(chart) if chart is not None else {}


def _all_checks(report: Report | None) -> dict[str, CheckResult]:
    if report is None:
        return {}
    return {c.id: c for p in report.pillars for c in (*p.checks, *p.skipped)}


def _pillar_scores(report: Report | None) -> dict[str, float | None]:
    return {} if report is None else {p.pillar.value: p.score for p in report.pillars}


def _pillar_changes(before: Report, after: Report) -> list[str]:
    """Sentences on the pillars whose grade changed."""
    old_pillars = {p.pillar: p for p in before.pillars}
    sentences: list[str] = []
    for pillar in after.pillars:
        old = old_pillars.get(pillar.pillar)
        if old is not None and old.grade != pillar.grade:
            sentences.append(f"{pillar.pillar.value.capitalize()} moved from grade "
                             f"{old.grade or 'n/a'} to {pillar.grade or 'n/a'} "
                             f"({_fmt(old.score)} → {_fmt(pillar.score)}).")
    return sentences


def _status_changes(before: Report, after: Report) -> list[str]:
    """Sentences on the checks whose status changed."""
    old_checks = _all_checks(before)
    sentences: list[str] = []
    for check in _all_checks(after).values():
        old_check = old_checks.get(check.id)
        if old_check is not None and old_check.status != check.status:
            sentences.append(f"{check.title} ({check.id}) went from "
                             f"{_STATUS_LABEL[old_check.status]} to "
                             f"{_STATUS_LABEL[check.status]}: {check.reason}.")
    return sentences


def _alert_suffix(alert: str) -> str:
    return f" (alert {alert})." if alert else "."


def _set_changes(before: Report, after: Report) -> list[str]:
    """Sentences on hotspots, stale runbooks and coupled pairs that came or went."""
    old_spots, new_spots = _hotspot_paths(before), _hotspot_paths(after)
    old_stale, new_stale = _stale_runbooks(before), _stale_runbooks(after)
    old_pairs, new_pairs = _coupled(before), _coupled(after)
    return [
        *(f"New hotspot: {path}." for path in sorted(new_spots - old_spots)[:10]),
        *(f"Cooled hotspot: {path} is no longer a hotspot."
          for path in sorted(old_spots - new_spots)[:10]),
        *(f"Runbook went stale: {doc}" + _alert_suffix(alert)
          for doc, alert in sorted(new_stale - old_stale)[:10]),
        *(f"Runbook brought up to date: {doc}" + _alert_suffix(alert)
          for doc, alert in sorted(old_stale - new_stale)[:10]),
        *(f"New change coupling: {first} and {second} now change together."
          for first, second in sorted(new_pairs - old_pairs)[:10]),
    ]


def _changes_in_words(before: Report | None, after: Report) -> list[str]:
    """Sentences on what crossed a grade band or a status since the previous quarter."""
    if before is None:
        return ["No earlier quarter to compare with."]
    sentences = [*_pillar_changes(before, after), *_status_changes(before, after),
                 *_set_changes(before, after)]
    return sentences or ["No pillar changed grade and no check changed status."]


STALE_RUNBOOK_METRIC = "runbooks.stale_share"


def _stale_runbooks(report: Report) -> set[tuple[str, str]]:
    return {(f.location.path, f.symbol or "") for c in _all_checks(report).values()
            if c.metric == STALE_RUNBOOK_METRIC for f in c.findings}


def _coupled(report: Report) -> set[tuple[str, str]]:
    history = report.facts(HistoryFacts)
    return {(p.first, p.second) for p in history.coupling} if history else set()


RISKY_ROWS = 15  # the table a tech lead reads; the JSON report lists every file


def _risk_rows(report: Report) -> tuple[list[dict[str, Any]], str]:
    """Return the risk ranking's rows for the page, and the model in words."""
    history = report.facts(HistoryFacts)
    risk = history.risk if history else None
    if risk is None:
        return [], ""
    rows = [{"rank": row.rank, "path": row.path, "risk": f"{row.risk:.1f}",
             "per_kloc": f"{row.risk_per_kloc:.1f}", "factors": "; ".join(row.factors)}
            for row in risk.files]
    words = ("fitted on this repository's own history" if risk.model.source == "fitted"
             else "from the prior model fitted on public repositories")
    return rows, words


HOTSPOTS_CHECK = "evolvability.hotspots"


def _no_risk_ranking(report: Report) -> str:
    """Say why the risk table is empty: no history, the model off, or nothing to rank."""
    history = report.facts(HistoryFacts)
    if history is None:
        return "No risk ranking: it needs git history."
    if history.risk is None:
        return "No risk ranking: the risk model is off ([tool.scorecard.history] risk)."
    measured = ", ".join(measured_language_names())
    return (f"No risk ranking: no source file in a measured language ({measured}) outside "
            "tests to rank.")


def _no_hotspots(report: Report) -> str:
    """Say why the hotspot table is empty: no history, else what the hotspots check found.

    A repository with years of history can have no hotspot (no file changes markedly more
    than the rest, or no code in a measured language): saying it needs git history would
    send its reader after the wrong cause.
    """
    check = _all_checks(report).get(HOTSPOTS_CHECK)
    if report.facts(HistoryFacts) is None or check is None:
        return "No hotspot data: hotspots need git history (complex files that change often)."
    return f"No hotspots: {check.reason}."


def _hotspot_paths(report: Report) -> set[str]:
    return {row["path"] for row in _hotspot_rows(report)}


def _hotspot_rows(report: Report) -> list[dict[str, Any]]:
    history = report.facts(HistoryFacts)
    return [{"path": spot.path, "revisions": spot.revisions, "complexity": spot.complexity,
             "worst": ", ".join(w.function for w in spot.worst_functions[:3])}
            for spot in (history.hotspots if history else ())]


def _alert_rows(report: Report) -> list[dict[str, Any]]:
    """One row per alert: where it is, its runbook outcome and its annotations."""
    runbooks = report.facts(RunbooksFacts)
    return [{"alert": r.alert, "severity": r.severity or "-", "where": f"{r.path}:{r.line}",
             "outcome": r.outcome.replace("_", " "),
             **{key: "yes" if getattr(r, key) else "no"
                for key in ("summary", "description", "dashboard_url")}}
            for r in (runbooks.per_alert if runbooks else ())]


def _annotation_shares(report: Report) -> list[dict[str, str]]:
    """Return the share of alerts with each annotation, formatted."""
    runbooks = report.facts(RunbooksFacts)
    if runbooks is None or not runbooks.annotations.alerts:
        return []
    return [{"annotation": key, "share": f"{_fmt(getattr(runbooks.annotations, key))} %"}
            for key in ("summary", "description", "dashboard_url")]


def _worst_functions(report: Report) -> list[dict[str, Any]]:
    complexity = report.facts(ComplexityFacts)
    return [dict(vars(row)) for row in (complexity.worst_functions if complexity else ())]


def _owner_rows(report: Report, owners: OwnerRules | None) -> list[dict[str, Any]]:
    if owners is None or not owners.rules:
        return []
    tally: dict[str, dict[str, int]] = {}
    for check in _all_checks(report).values():
        if check.status not in (CheckStatus.FAIL, CheckStatus.WARN):
            continue
        for finding in check.findings:
            for owner in owners.owners_of(finding.location.path) or ("(no owner)",):
                row = tally.setdefault(owner, {"findings": 0, "fail": 0})
                row["findings"] += 1
                row["fail"] += check.status is CheckStatus.FAIL
    return [{"owner": o, **counts} for o, counts in
            sorted(tally.items(), key=lambda kv: (-kv[1]["findings"], kv[0]))]


def _methodology(checks: Sequence[CheckDefinition]) -> dict[str, Any]:
    rows = []
    for check in checks:
        rule = describe_scorer(check.scorer)
        rows.append({"id": check.id, "metric": check.metric, "weight": f"{check.weight:g}",
                     "rule": rule, "enabled": check.enabled})
    bands = ", ".join(f"{g} ≥ {low:g}" for g, low in GRADE_BANDS) + ", E below"
    return {"checks": rows, "grades": bands, "pass_at": f"{PASS_AT:g}", "warn_at": f"{WARN_AT:g}",
            "min_share": f"{MIN_APPLICABLE_SHARE:.0%}"}


def _score_text(score: float | None) -> str:
    return "not measured" if score is None else f"{score:.1f} / 10"


def _change(old: float | None, new: float | None) -> float | None:
    """Return the change from ``old`` to ``new``, or None when either is unknown."""
    return None if old is None or new is None else new - old


def _quarter_score(point: QuarterPoint) -> float | None:
    return point.report.score if point.report else None


def _where(finding: Finding) -> str:
    return where_shown(finding.location.path, finding.location.line)


def _check_view(check: CheckResult, quarters: Sequence[QuarterPoint]) -> dict[str, Any]:
    """One check's row of a pillar: score, status, trend and its first findings."""
    trend = [_all_checks(q.report).get(check.id) for q in quarters]
    return {
        "id": check.id, "title": check.title, "score": _fmt(check.score),
        "status": _STATUS_LABEL[check.status], "reason": check.reason,
        "remedy": check.remedy,
        "trend": _sparkline([c.score if c else None for c in trend]),
        "findings": [{"where": _where(f), "message": f.message} for f in check.findings[:5]],
    }


def _pillar_view(pillar: PillarScore, quarters: Sequence[QuarterPoint],
                 before_scores: dict[str, float | None]) -> dict[str, Any]:
    """One pillar's section: its score, change, trend and checks (worst scored first)."""
    name = pillar.pillar.value
    ordered = (*sorted(pillar.checks, key=lambda c: (c.score or 0.0, c.id)), *pillar.skipped)
    return {
        "name": name, "title": name.capitalize(), "score": _fmt(pillar.score),
        "score_text": _score_text(pillar.score),
        "grade": pillar.grade or "n/a",
        "withheld": pillar.withheld,
        "delta": _delta(_change(before_scores.get(name), pillar.score)),
        "trend": _sparkline([_pillar_scores(q.report).get(name) for q in quarters]),
        "checks": [_check_view(check, quarters) for check in ordered],
        "scored": len(pillar.checks), "skipped": len(pillar.skipped),
    }


def _overall_view(report: Report, previous: Report | None) -> dict[str, Any]:
    """Return the headline: overall score, grade, coverage note, standing and change."""
    return {"score": _fmt(report.score), "grade": report.grade or "n/a",
            "score_text": _score_text(report.score),
            "provisional": provisional_note(report.pillars),
            "withheld": withheld_notes(report.pillars),
            "standing": describe_standing(report.details),
            "delta": _delta(_change(previous.score if previous else None, report.score))}


def _quarter_view(point: QuarterPoint) -> dict[str, str]:
    score = _quarter_score(point)
    grade = grade_for(score) if point.report else None
    return {"label": point.label, "score": _fmt(score), "grade": grade or "n/a"}


def _report_trend_chart(report: Report, quarters: Sequence[QuarterPoint]) -> dict[str, Any]:
    """Chart the overall score and of each pillar's score by quarter."""
    pillar_series = [(p.pillar.value, [_pillar_scores(q.report).get(p.pillar.value)
                                       for q in quarters]) for p in report.pillars]
    return _trend_chart([q.label for q in quarters],
                        [("overall", [_quarter_score(q) for q in quarters]), *pillar_series])


def _capped(name: str, rows: Sequence[Any]) -> dict[str, Any]:
    """Return a table's first MAX_ROWS rows under ``name`` and its size under ``name_total``."""
    return {name: list(rows[:MAX_ROWS]), f"{name}_total": len(rows)}


def _tables(report: Report, owners: OwnerRules | None) -> dict[str, Any]:
    """Return the page's tables, each cut to its first rows with its total."""
    risky, model = _risk_rows(report)
    not_measured = [{"id": c.id, "reason": c.reason} for p in report.pillars for c in p.skipped]
    problems = [{"path": p.path or "", "message": p.message} for p in report.problems]
    return {
        **_capped("hotspots", _hotspot_rows(report)), "no_hotspots": _no_hotspots(report),
        "risky": risky[:RISKY_ROWS], "risky_total": len(risky), "risk_model": model,
        "no_risk_ranking": _no_risk_ranking(report),
        **_capped("worst", _worst_functions(report)),
        **_capped("alerts", _alert_rows(report)),
        "annotation_shares": _annotation_shares(report),
        **_capped("owners", _owner_rows(report, owners)),
        **_capped("not_measured", not_measured),
        **_capped("problems", problems),
    }


def build_page(page: ReportPage) -> dict[str, Any]:
    """Build the view model of the page (plain data; the template computes nothing)."""
    report = page.current
    quarters = list(page.quarters)
    previous = quarters[-2].report if len(quarters) >= 2 else None
    before_scores = _pillar_scores(previous)
    return {
        "title": page.title,
        "repository": report.repository,
        "commit": (report.commit or "work tree")[:12],
        "generated_at": report.generated_at[:10],
        "version": report.tool_version,
        "overall": _overall_view(report, previous),
        "quarters": [_quarter_view(q) for q in quarters],
        "overall_trend": _sparkline([_quarter_score(q) for q in quarters]),
        "trend_chart": _report_trend_chart(report, quarters),
        "changes": _changes_in_words(previous, report) if quarters else [],
        "next_steps": [vars(step) for step in next_steps(report)],
        "risk_chart": _risk_chart(quarters, report),
        "pillars": [_pillar_view(p, quarters, before_scores) for p in report.pillars],
        **_tables(report, page.owners),
        "skipped_total": len(report.skipped),
        "files_analyzed": report.files_analyzed,
        "languages": describe_languages(report.facts(ComplexityFacts)),
        "methodology": _methodology(page.checks),
        "notes": list(page.notes),
        "spark": {"width": SPARK_WIDTH, "height": SPARK_HEIGHT},
    }


def render_html(page: ReportPage) -> str:
    """Render the page."""
    return html_environment().get_template("report.html.j2").render(**build_page(page))


def _scan(given: ScanInput) -> str:
    return render_html(ReportPage(current=given.report, checks=given.checks,
                                  owners=given.owners, title=given.title))


def _diff(given: DiffInput) -> str:
    return render_diff_html(given.diff, given.gate)


REPORTER = Reporter("html", "one self-contained page (no scripts, no network)",
                    scan=_scan, diff=_diff, suffix=".html")
