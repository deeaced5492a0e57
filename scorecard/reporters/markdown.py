"""The Markdown reporter: a compact scorecard for job summaries, wikis and PR comments."""

from __future__ import annotations

from typing import Any

from scorecard.facts.complexity_facts import ComplexityFacts, describe_languages
from scorecard.model import CheckStatus, Report
from scorecard.reporters.diff_report import render_diff_markdown
from scorecard.reporters.renderer import DiffInput, Reporter, ScanInput
from scorecard.reporters.templating import markdown_environment
from scorecard.scoring.coverage import provisional_note, withheld_notes
from scorecard.scoring.reference import describe_standing

__all__ = ["REPORTER", "render_markdown"]

_STATUS = {
    CheckStatus.PASS: "✅ pass",
    CheckStatus.WARN: "⚠️ warn",
    CheckStatus.FAIL: "❌ fail",
    CheckStatus.NOT_APPLICABLE: "➖ n/a",
    CheckStatus.ERROR: "💥 error",
}
MAX_PROBLEMS = 20


def _score(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}"


def _view(report: Report) -> dict[str, Any]:
    """Everything the template shows, already formatted (templates compute nothing)."""
    return {
        "repository": report.repository,
        "commit": (report.commit or "")[:10],
        "version": report.tool_version,
        "moment": report.generated_at[:10],
        "score": _score(report.score),
        "grade": report.grade or "n/a",
        "pillars": [
            {"name": p.pillar.value, "grade": p.grade or "n/a", "score": _score(p.score),
             "checks": [
                 {"id": c.id, "status": _STATUS[c.status], "score": _score(c.score),
                  "reason": c.reason}
                 for c in (*sorted(p.checks, key=lambda c: (c.score or 0.0, c.id)), *p.skipped)
             ]}
            for p in report.pillars
        ],
        "problems": [{"path": p.path or "", "message": p.message}
                     for p in report.problems[:MAX_PROBLEMS]],
        "more_problems": max(0, len(report.problems) - MAX_PROBLEMS),
        "skipped": len(report.skipped),
        "languages": describe_languages(report.facts(ComplexityFacts)),
        "provisional": provisional_note(report.pillars),
        "withheld": withheld_notes(report.pillars),
        "standing": describe_standing(report.details),
    }


def render_markdown(report: Report) -> str:
    """Render the report as GitHub-flavoured Markdown."""
    template = markdown_environment().get_template("report.md.j2")
    return template.render(**_view(report))


def _scan(given: ScanInput) -> str:
    return render_markdown(given.report)


def _diff(given: DiffInput) -> str:
    return render_diff_markdown(given.diff, given.gate)


REPORTER = Reporter("markdown", "GitHub-flavoured Markdown for job summaries and wikis",
                    scan=_scan, diff=_diff, suffix=".md")
