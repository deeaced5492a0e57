"""Golden PR comments, built from hand-made ReportDiff objects (no disk, no git).

Each scenario renders a comment and compares it byte for byte with
``tests/golden/comment/<scenario>.md``. After an intended change to the comment, regenerate
the files with::

    SCORECARD_REGENERATE_GOLDEN=1 python -m pytest tests/test_comment_golden.py

and review the diff of the golden files before committing them.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from scorecard.diff import (
    CheckDelta,
    FindingChange,
    GateResult,
    PillarDelta,
    ReportDiff,
    RiskyFile,
)
from scorecard.model import Finding, Location, Pillar, PillarScore, Report
from scorecard.reporters.comment import (
    COMMENT_LIMIT,
    comment_digest,
    comment_from_text,
    marker,
    render_comment,
    validate_marker_id,
)

GOLDEN = Path(__file__).resolve().parent / "golden" / "comment"
# Read at import, not inside a test: the autouse fixture clears SCORECARD_* variables.
REGENERATE = os.environ.get("SCORECARD_REGENERATE_GOLDEN") == "1"
BASE_SHA = "1111111111aaaaaaaaaabbbbbbbbbbcccccccccc"
HEAD_SHA = "2222222222ddddddddddeeeeeeeeeeffffffffff"
RUN_URL = "https://github.com/acme/shop/actions/runs/42"


def report(commit: str, overall: float | None, pillars: dict[Pillar, float | None]) -> Report:
    """A report with only what the comment reads: scores, grades, commit, version."""
    def grade(score: float | None) -> str | None:
        if score is None:
            return None
        return next(g for floor, g in ((8.5, "A"), (7, "B"), (5.5, "C"), (4, "D"), (0, "E"))
                    if score >= floor)

    return Report(
        format_version=1, tool_version="0.1.0", repository="shop", commit=commit,
        generated_at="2026-05-01T00:00:00+00:00", score=overall, grade=grade(overall),
        pillars=tuple(PillarScore(p, s, grade(s), (), ()) for p, s in pillars.items()),
        problems=(), skipped=(), files_analyzed=10, config_digest="x")


def pillar_deltas(base: Report, head: Report) -> tuple[PillarDelta, ...]:
    before = {p.pillar: p for p in base.pillars}
    return tuple(PillarDelta(p.pillar, before[p.pillar].score, p.score, before[p.pillar].grade,
                             p.grade) for p in head.pillars)


def make_diff(base: Report, head: Report, *, checks: tuple[CheckDelta, ...] = (),
              findings: tuple[FindingChange, ...] = (), touched: tuple[str, ...] = (),
              hotspots: tuple[str, ...] = (), changed: int = 0, low: int = 0,
              risky: tuple[RiskyFile, ...] = ()) -> ReportDiff:
    return ReportDiff(base=base, head=head, pillars=pillar_deltas(base, head), checks=checks,
                      findings=findings, touched_files=touched, touched_hotspots=hotspots,
                      changed_functions=changed, low_risk_functions=low, touched_risky=risky)


def new(check: str, path: str, line: int | None, message: str, value: float) -> FindingChange:
    return FindingChange("new", check, Finding(check, Location(path, line), message, value))


def worse(check: str, path: str, line: int, message: str, value: float,
          before: float) -> FindingChange:
    return FindingChange("worse", check, Finding(check, Location(path, line), message, value),
                         before)


SAME = {Pillar.OPERABILITY: 6.2, Pillar.SIMPLICITY: 7.9, Pillar.EVOLVABILITY: 5.1}


def scenario_no_change() -> str:
    base = report(BASE_SHA, 6.4, SAME)
    head = report(HEAD_SHA, 6.4, SAME)
    diff = make_diff(base, head, checks=(
        CheckDelta("simplicity.cyclomatic-complexity", Pillar.SIMPLICITY, "Cyclomatic", 8.0, 8.0,
                   "pass", "p90 complexity 6.0 (best <= 5, worst >= 20)"),),
        touched=("README.md", "shop/cart.py"), changed=2, low=2)
    return render_comment(diff, gate=GateResult(True), full_report_url=RUN_URL)


def scenario_improvement() -> str:
    base = report(BASE_SHA, 6.4, SAME)
    head = report(HEAD_SHA, 6.9, {**SAME, Pillar.SIMPLICITY: 8.6, Pillar.OPERABILITY: 6.8})
    checks = (
        CheckDelta("simplicity.cyclomatic-complexity", Pillar.SIMPLICITY, "Cyclomatic", 6.5, 8.9,
                   "pass", "p90 complexity 6.6 (best <= 5, worst >= 20)"),
        CheckDelta("operability.runbook-coverage", Pillar.OPERABILITY, "Runbooks", 5.0, 6.8,
                   "warn", "68 % of alerts link a runbook (best >= 100, worst <= 0)"),
        CheckDelta("evolvability.churn", Pillar.EVOLVABILITY, "Churn", None, 7.0, "pass",
                   "newly measured"),
    )
    diff = make_diff(base, head, checks=checks,
                     touched=("docs/runbooks/payments.md", "shop/cart.py", "shop/tax.py"),
                     changed=4, low=3)
    return render_comment(diff, gate=None, full_report_url=RUN_URL)


def scenario_regression_failed_gate() -> str:
    base = report(BASE_SHA, 7.1, {**SAME, Pillar.SIMPLICITY: 8.1})
    head = report(HEAD_SHA, 6.2, {**SAME, Pillar.SIMPLICITY: 6.0, Pillar.EVOLVABILITY: 4.9})
    checks = (
        CheckDelta("simplicity.cognitive-complexity", Pillar.SIMPLICITY, "Cognitive", 8.0, 5.2,
                   "warn", "p90 cognitive 13.0 (best <= 5, worst >= 25)"),
        CheckDelta("simplicity.parameter-count", Pillar.SIMPLICITY, "Parameters", 9.0, 7.5,
                   "pass", "p90 parameters 4.0 (best <= 2, worst >= 10)"),
        CheckDelta("evolvability.tests-beside-changes", Pillar.EVOLVABILITY, "Tests", 6.0, 5.6,
                   "warn", "56 % of changed sources changed with a test"),
    )
    findings = (
        new("simplicity.cognitive-complexity", "shop/checkout.py", 88,
            "checkout: cognitive complexity 31", 31),
        new("simplicity.parameter-count", "shop/checkout.py", 88, "checkout: 9 parameters", 9),
        worse("simplicity.cyclomatic-complexity", "shop/pricing.py", 12,
              "price: cyclomatic complexity 17", 17, 11),
    )
    diff = make_diff(base, head, checks=checks, findings=findings,
                     touched=("shop/checkout.py", "shop/pricing.py"),
                     hotspots=("shop/pricing.py",), changed=3, low=1,
                     risky=(RiskyFile("shop/pricing.py", 2, 40, 3.46,
                                      ("14 changes in the last 12 months (5 in the last 90 "
                                       "days, 6 fixes)", "3 authors, none over 50 %")),))
    gate = GateResult(False, ("overall score 6.20 is below 7",
                              "simplicity dropped by 2.10", "evolvability dropped by 0.20"))
    return render_comment(diff, gate=gate, full_report_url=RUN_URL)


def huge_diff() -> ReportDiff:
    base = report(BASE_SHA, 6.0, SAME)
    head = report(HEAD_SHA, 5.8, {**SAME, Pillar.SIMPLICITY: 7.3})
    touched = tuple(f"pkg/module_{i:04d}.py" for i in range(5000))
    findings = tuple(
        new("simplicity.function-length", path, 10 + i % 50,
            f"handler_{i}: {120 + i % 40} lines, well over the limit of 60 lines for a function "
            "in this repository", 120 + i % 40)
        for i, path in enumerate(touched[:3000]))
    return make_diff(base, head, findings=findings, touched=touched, hotspots=touched[:300],
                     changed=9000, low=4000)


def scenario_huge_pr() -> str:
    return render_comment(huge_diff(), marker_id="backend", gate=GateResult(True),
                          full_report_url=RUN_URL)


HOSTILE_PATHS = (
    "<img src=x onerror=alert(1)>.py",
    "[click me](https://evil.example/steal).py",
    "@everyone/@acme/admins.py",
    "a|b|c.py",
    "`rm -rf`*bold*_em_.py",
    "<!-- scorecard:default -->.py",
    "</details><details open>.py",
    "line\nbreak\u202eevil.py",
)


def scenario_hostile_names() -> str:
    base = report(BASE_SHA, 6.4, SAME)
    head = report(HEAD_SHA, 6.3, {**SAME, Pillar.SIMPLICITY: 7.6})
    findings = tuple(new("simplicity.cognitive-complexity", path, 1,
                         f"f: see @octocat and <b>{path}</b> # 12", 20)
                     for path in HOSTILE_PATHS)
    checks = (CheckDelta("custom.<script>|@team", Pillar.SIMPLICITY, "x", 7.0, 6.0, "warn",
                         "[pwn](http://x) @here"),)
    diff = make_diff(base, head, checks=checks, findings=findings, touched=HOSTILE_PATHS,
                     hotspots=HOSTILE_PATHS[:2], changed=1, low=0,
                     risky=(RiskyFile(HOSTILE_PATHS[0], 1, 9, 1.0,
                                      ("total cyclomatic complexity 9; cognitive 4 in "
                                       "<b>@octocat</b>|x()",)),))
    gate = GateResult(False, ("custom.<script>|@team dropped by 1.00",))
    return render_comment(diff, gate=gate, full_report_url=None)


SCENARIOS = {
    "no-change": scenario_no_change,
    "improvement": scenario_improvement,
    "regression-failed-gate": scenario_regression_failed_gate,
    "huge-pr": scenario_huge_pr,
    "hostile-names": scenario_hostile_names,
}


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_comment_matches_golden(name: str) -> None:
    text = SCENARIOS[name]()
    golden = GOLDEN / f"{name}.md"
    if REGENERATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"missing {golden.name}: regenerate with SCORECARD_REGENERATE_GOLDEN=1"
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_every_comment_starts_with_its_marker_and_fits(name: str) -> None:
    text = SCENARIOS[name]()
    first = text.splitlines()[0]
    assert first in (marker(), marker("backend"))
    assert len(text) <= COMMENT_LIMIT < 65_536
    assert comment_digest(text) is not None


def test_huge_pr_is_truncated_with_a_pointer_to_the_full_report() -> None:
    text = scenario_huge_pr()
    assert "3,000" in text
    assert f"[full report]({RUN_URL})" in text
    assert "more" in text


def test_huge_pr_with_long_messages_still_fits_the_budget() -> None:
    diff = huge_diff()
    long = tuple(FindingChange(f.kind, f.check_id, Finding(
        f.finding.metric, Location("x/" * 2000 + f.finding.location.path, 1), "<" * 5000, 1.0))
        for f in diff.findings)
    bloated = ReportDiff(**{**diff.__dict__, "findings": long})
    text = render_comment(bloated, gate=None, full_report_url=None)
    assert len(text) <= COMMENT_LIMIT
    assert "`scorecard diff 1111111111 2222222222`" in text


def test_hostile_names_cannot_inject_markup_or_ping() -> None:
    text = scenario_hostile_names()
    body = text.split("\n", 1)[1]
    # Every unescaped '<' opens one of the comment's own tags; every unescaped '[' is ours.
    tags = re.findall(r"(?<!\\)<(/?[a-z]+|!--)", body)
    assert set(tags) <= {"details", "/details", "summary", "/summary", "sub", "/sub", "!--"}
    assert not re.search(r"(?<!\\)\[", body)
    assert not re.search(r"@(?=[A-Za-z0-9])", body)
    assert "<!-- scorecard:default" not in body
    assert "\u202e" not in body
    # Every table row still has its four cells: no unescaped pipe split a row.
    for row in (line for line in body.splitlines() if line.startswith("| 🆕")):
        assert len(re.findall(r"(?<!\\)\|", row)) == 5


def test_digest_ignores_commits_but_not_content() -> None:
    first = scenario_no_change()
    other_head = report("3333333333aaaaaaaaaa", 6.4, SAME)
    base = report(BASE_SHA, 6.4, SAME)
    moved = render_comment(make_diff(base, other_head, touched=("README.md", "shop/cart.py"),
                                     changed=2, low=2), gate=GateResult(True),
                           full_report_url=RUN_URL.replace("42", "43"))
    assert comment_digest(first) == comment_digest(moved)
    assert first != moved
    assert comment_digest(scenario_improvement()) != comment_digest(first)


@pytest.mark.parametrize("bad", ["", "a--b", "x>y", "-lead", "a b", "x" * 65, "é"])
def test_marker_id_is_validated(bad: str) -> None:
    with pytest.raises(ValueError):
        validate_marker_id(bad)


def test_report_url_must_be_http() -> None:
    diff = make_diff(report(BASE_SHA, 6.4, SAME), report(HEAD_SHA, 6.4, SAME))
    with pytest.raises(ValueError):
        render_comment(diff, gate=None, full_report_url="javascript:alert(1)")
    text = render_comment(diff, gate=None, full_report_url="https://x.example/a b)(<c>")
    assert "https://x.example/a%20b%29%28%3Cc%3E" in text


def test_text_from_elsewhere_gets_our_marker_and_no_pings() -> None:
    hostile = ("<!-- scorecard:other -->\nhello @octocat and @acme/team\n"
               "<!-- scorecard:default -->\n" + "x" * 70_000)
    body = comment_from_text(hostile, "default")
    assert body.startswith(marker() + "\n")
    assert body.count("<!-- scorecard:") == 1
    assert "@\u200boctocat" in body and "@\u200bacme" in body
    assert len(body) <= COMMENT_LIMIT
    rendered = scenario_regression_failed_gate()
    again = comment_from_text(rendered, "default")
    assert again == rendered
