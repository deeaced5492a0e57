"""The report's narrative: what to do next, ranked by worth, and how the riskiest files moved."""

from __future__ import annotations

import pytest

from scorecard.facts.history_facts import (
    HistoryFacts,
    KnowledgeFacts,
    RiskFacts,
    RiskFileRow,
    RiskModelFacts,
    WindowFacts,
)
from scorecard.model import (
    CheckResult,
    CheckStatus,
    Coverage,
    Finding,
    Location,
    Pillar,
    PillarScore,
    Report,
    UnmeasuredCheck,
)
from scorecard.reporters.charts import LineChart, line_chart, nice_ticks
from scorecard.reporters.html import QuarterPoint, ReportPage, render_html
from scorecard.reporters.next_steps import next_steps
from scorecard.reporters.risk_trend import risk_movement


def _check(check_id: str, pillar: Pillar, weight: float, score: float | None,
           status: CheckStatus = CheckStatus.FAIL, *, unmeasured: bool = False,
           remedy: str = "The findings list each case. Fix the first one. Then the rest.",
           ) -> CheckResult:
    finding = Finding("m", Location("src/app.py", 12), "f: too complex", 3.0, "f")
    return CheckResult(check_id, pillar, f"Title of {check_id}", "m", weight, score, status,
                       "reason", remedy, None, (finding,), unmeasured)


def _history(risks: dict[str, float]) -> HistoryFacts:
    rows = tuple(RiskFileRow(path, risk, risk * 10, rank, 100, 5, 1, (f"{path} factor",))
                 for rank, (path, risk) in enumerate(sorted(risks.items(),
                                                            key=lambda kv: -kv[1]), 1))
    model = RiskModelFacts("prior", "", 0, 0, 0, 0.0, {})
    return HistoryFacts(window=WindowFacts("2026-01-01", "2026-12-31", 10, 0, 0, 0),
                        files_changed=3, churn=(), hotspot_min_revisions=None, hotspots=(),
                        coupling=(), knowledge=KnowledgeFacts((), ()),
                        risk=RiskFacts(model, rows) if rows else None)


def _report(pillars: tuple[PillarScore, ...], **details: object) -> Report:
    scores = [p.score for p in pillars if p.score is not None]
    overall = sum(scores) / len(scores) if scores else None
    return Report(1, "1", "repo", "a" * 40, "2026-12-31T00:00:00+00:00", overall, "C",
                  pillars, (), (), 1, "d", details)


def _pillars(*checks: CheckResult) -> tuple[PillarScore, ...]:
    by_pillar = {p: [c for c in checks if c.pillar is p] for p in Pillar}
    out = []
    for pillar, found in by_pillar.items():
        scored = tuple(c for c in found if c.score is not None)
        skipped = tuple(c for c in found if c.score is None)
        out.append(PillarScore(pillar, 5.0 if scored else None, "C" if scored else None,
                               scored, skipped))
    return tuple(out)


def test_checks_come_ranked_by_what_they_can_add_to_the_overall_score() -> None:
    # Two scored pillars. In simplicity (weight 4 + 1 unmeasured = 5): a weight-3 check at 2
    # can add (10-2)*3/5/2 = 2.4; in operability (weight 2): a weight-1 check at 5 adds
    # (10-5)*1/2/2 = 1.25; a weight-1 check at 9.9 adds 0.025, below the cut-off.
    checks = (
        _check("simplicity.big", Pillar.SIMPLICITY, 3, 2.0),
        _check("simplicity.ok", Pillar.SIMPLICITY, 1, 10.0, CheckStatus.PASS),
        _check("simplicity.unmeasured", Pillar.SIMPLICITY, 1, None, CheckStatus.NOT_APPLICABLE,
               unmeasured=True),
        _check("operability.mid", Pillar.OPERABILITY, 1, 5.0, CheckStatus.WARN),
        _check("operability.tiny", Pillar.OPERABILITY, 1, 9.9, CheckStatus.WARN),
    )
    steps = next_steps(_report(_pillars(*checks)))
    assert [s.subject for s in steps] == ["simplicity.big", "operability.mid"]
    assert steps[0].gain == "up to +2.4 overall" and steps[1].gain == "up to +1.2 overall"
    assert "Start with src/app.py:12: f: too complex." in steps[0].why
    # The opening of the remedy: what the findings show, then what to do.
    assert steps[0].how == "The findings list each case. Fix the first one."


def test_at_most_three_checks_then_the_riskiest_file_then_what_was_not_measured() -> None:
    checks = tuple(_check(f"simplicity.c{i}", Pillar.SIMPLICITY, 1, float(i)) for i in range(5))
    coverage = Coverage(scored=5, not_applicable=0, provisional=True, unmeasured=(
        UnmeasuredCheck("evolvability.churn", "shallow clone"),
        UnmeasuredCheck("evolvability.hotspots", "shallow clone")))
    report = _report(_pillars(*checks), history=_history({"a.py": 0.4, "b.py": 2.5}),
                     coverage=coverage)
    steps = next_steps(report)
    assert [s.subject for s in steps[:3]] == ["simplicity.c0", "simplicity.c1", "simplicity.c2"]
    assert steps[3].subject == "b.py" and "expected 2.5 fix commits" in steps[3].why
    assert "most of 2 ranked files" in steps[3].why and "b.py factor" in steps[3].why
    assert steps[4].subject == "2 checks" and "evolvability.churn: shallow clone" in steps[4].why


def test_a_report_with_nothing_to_do_has_no_steps() -> None:
    report = _report(_pillars(_check("simplicity.ok", Pillar.SIMPLICITY, 1, 10.0,
                                     CheckStatus.PASS)))
    assert next_steps(report) == ()


@pytest.mark.parametrize(("highest", "ticks"), [
    (2.1, (0, 1, 2, 3)),
    (0.3, (0, 0.1, 0.2, 0.3)),
    (7.0, (0, 2, 4, 6, 8)),
    (10.0, (0, 2.5, 5, 7.5, 10)),
    (0.0, (0, 1)),
])
def test_nice_ticks_reach_the_highest_value_in_round_steps(highest: float,
                                                          ticks: tuple[float, ...]) -> None:
    assert nice_ticks(highest) == ticks


def test_riskiest_files_move_by_quarter_with_gaps_where_they_were_not_ranked() -> None:
    pillars = _pillars(_check("simplicity.ok", Pillar.SIMPLICITY, 1, 10.0, CheckStatus.PASS))
    q1 = _report(pillars, history=_history({"old.py": 1.0}))
    q2 = _report(pillars, history=_history({"old.py": 1.5, "new.py": 0.5}))
    q3 = _report(pillars, history=_history({"old.py": 1.2, "new.py": 2.1}))
    chart = risk_movement(["Q1", "Q2", "Q3", "Q4"], [q1, None, q2, q3], q3)
    assert chart is not None
    assert [name for name, _ in chart.series] == ["new.py", "old.py"]  # today's order
    assert dict(chart.series)["new.py"] == [None, None, 0.5, 2.1]
    assert chart.y_ticks == (0, 1, 2, 3) and chart.y_title == "expected fixes"
    drawn = line_chart(chart)
    lines = {line["name"]: line for line in drawn["lines"]}  # type: ignore[attr-defined]
    # old.py: Q1, a gap for the quarter without a report, then Q3-Q4: no segment spans it.
    assert len(lines["old.py"]["segments"]) == 1 and len(lines["old.py"]["dots"]) == 3
    assert lines["old.py"]["label"] == "old.py: 1.0, n/a, 1.5, 1.2"


def test_no_movement_chart_from_a_single_ranked_quarter() -> None:
    pillars = _pillars(_check("simplicity.ok", Pillar.SIMPLICITY, 1, 10.0, CheckStatus.PASS))
    now = _report(pillars, history=_history({"a.py": 1.0}))
    assert risk_movement(["Q1", "Q2"], [_report(pillars), now], now) is None
    assert risk_movement(["Q1"], [now], now) is None
    assert line_chart(LineChart(["Q1"], [("a", [1.0])], 10, "y", (0, 10))) == {}


def test_the_page_leads_with_what_to_do_and_charts_the_risky_files() -> None:
    checks = (_check("simplicity.big", Pillar.SIMPLICITY, 3, 2.0),)
    before = _report(_pillars(*checks), history=_history({"a.py": 1.0}))
    now = _report(_pillars(*checks), history=_history({"a.py": 2.0}))
    html = render_html(ReportPage(current=now, title="t",
                                  quarters=[QuarterPoint("Q1", before), QuarterPoint("Q2", now)]))
    assert html.index('id="next"') < html.index('id="headline"')
    assert 'aria-labelledby="risk-caption"' in html and ">expected fixes</text>" in html
