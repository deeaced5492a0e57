"""Render a ReportDiff: terminal, JSON, Markdown and HTML (SARIF and CSV: their own modules)."""

from __future__ import annotations

import json
import re
from typing import Any

from markdown_it import MarkdownIt

from scorecard.diff import GateResult, ReportDiff, RiskyFile
from scorecard.reporters.safe import safe_text, where_shown
from scorecard.reporters.templating import markdown_environment
from scorecard.textsafety import json_text

__all__ = [
    "diff_view",
    "render_diff_html",
    "render_diff_json",
    "render_diff_markdown",
    "render_diff_terminal",
]

MAX_FINDINGS_SHOWN = 50


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}"


def _delta(value: float | None) -> str:
    if value is None:
        return ""
    if value > 0:
        return f"▲ +{value:.2f}"
    if value < 0:
        return f"▼ {value:.2f}"
    return "="


def diff_view(diff: ReportDiff, gate: GateResult | None) -> dict[str, Any]:
    """Plain data for every diff format (templates and JSON compute nothing more)."""
    return {
        "base": {"commit": diff.base.commit, "score": diff.base.score, "grade": diff.base.grade},
        "head": {"commit": diff.head.commit, "score": diff.head.score, "grade": diff.head.grade},
        "overall_delta": diff.overall_delta,
        # None when no gate was set: "passed" would claim a check that did not happen.
        "gate": None if gate is None else {"passed": gate.passed, "reasons": list(gate.reasons)},
        "pillars": [
            {"pillar": p.pillar.value, "base": p.base_score, "head": p.head_score,
             "delta": p.delta, "base_grade": p.base_grade, "head_grade": p.head_grade}
            for p in diff.pillars
        ],
        "checks": [
            {"id": c.id, "pillar": c.pillar.value, "base": c.base_score, "head": c.head_score,
             "delta": c.delta, "status": c.head_status, "reason": c.head_reason}
            for c in diff.checks if c.delta not in (None, 0.0)
        ],
        "findings": [
            {"kind": f.kind, "check": f.check_id, "path": f.finding.location.path,
             "line": f.finding.location.line, "message": f.finding.message,
             "value": f.finding.value, "base_value": f.base_value}
            for f in diff.findings
        ],
        "touched_files": len(diff.touched_files),
        "touched_hotspots": list(diff.touched_hotspots),
        "touched_risky": [{"path": r.path, "rank": r.rank, "ranked": r.ranked,
                           "risk": round(r.risk, 4), "factors": list(r.factors)}
                          for r in diff.touched_risky],
        "changed_functions": diff.changed_functions,
        "low_risk_functions": diff.low_risk_functions,
        "low_risk_share": diff.low_risk_share,
    }


def render_diff_json(diff: ReportDiff, gate: GateResult | None) -> str:
    """Render the diff as JSON."""
    # allow_nan=False: NaN and Infinity are not JSON (RFC 8259), see render_json.
    return json_text(json.dumps(diff_view(diff, gate), indent=2, ensure_ascii=False,
                                allow_nan=False)) + "\n"


def render_diff_markdown(diff: ReportDiff, gate: GateResult | None) -> str:
    """Render the diff as GitHub-flavoured Markdown (everything from the repo escaped)."""
    view = diff_view(diff, gate)
    view["shown_findings"] = view["findings"][:MAX_FINDINGS_SHOWN]
    view["more_findings"] = max(0, len(view["findings"]) - MAX_FINDINGS_SHOWN)
    view["fmt_overall"] = f"{_num(diff.head.score)} ({_delta(diff.overall_delta) or 'n/a'})"
    for pillar in view["pillars"]:
        pillar["text"] = f"{_num(pillar['head'])} {_delta(pillar['delta'])}".strip()
    for check in view["checks"]:
        check["text"] = f"{_num(check['base'])} → {_num(check['head'])} {_delta(check['delta'])}"
    return markdown_environment().get_template("diff.md.j2").render(**view)


def render_diff_terminal(diff: ReportDiff, gate: GateResult | None) -> str:
    """Render the diff as plain terminal text."""
    lines = _terminal_score_lines(diff)
    lines.append(f"touched files: {len(diff.touched_files)}; changed functions: "
                 f"{diff.changed_functions}, low-risk: "
                 f"{'n/a' if diff.low_risk_share is None else f'{diff.low_risk_share:.0f} %'}")
    if diff.touched_hotspots:
        lines.append("hotspots touched: " + ", ".join(safe_text(p) for p in diff.touched_hotspots))
    lines.extend(_terminal_risky_line(risky) for risky in diff.touched_risky)
    lines.extend(_terminal_finding_lines(diff))
    # Gate reasons name checks, whose ids can come from check folders in the repository.
    if gate is not None:
        lines.append("gate: passed" if gate.passed
                     else "gate: FAILED: " + "; ".join(safe_text(r) for r in gate.reasons))
    # safe_text escapes rich markup; this output is plain text, so undo only that escaping.
    return "\n".join(line.replace("\\[", "[") for line in lines) + "\n"


def _terminal_score_lines(diff: ReportDiff) -> list[str]:
    """Return the commits compared, the overall and pillar scores, and the checks that moved."""
    lines = [
        f"scorecard diff {(diff.base.commit or '')[:10]} → "
        f"{(diff.head.commit or 'work tree')[:10]}",
        f"overall: {_num(diff.base.score)} → {_num(diff.head.score)} {_delta(diff.overall_delta)}",
    ]
    lines.extend(f"  {p.pillar.value:<13} {_num(p.base_score):>5} → {_num(p.head_score):>5} "
                 f"{_delta(p.delta)}" for p in diff.pillars)
    moved = [c for c in diff.checks if c.delta not in (None, 0.0)]
    if moved:
        lines.append("checks that moved:")
        lines.extend(f"  {safe_text(c.id):<40} {_num(c.base_score):>5} → {_num(c.head_score):>5} "
                     f"{_delta(c.delta)}" for c in moved)
    return lines


def _terminal_risky_line(risky: RiskyFile) -> str:
    """One touched file among the riskiest tenth, with its rank and reasons."""
    return (f"among the riskiest 10 %: {safe_text(risky.path)} (rank {risky.rank} of "
            f"{risky.ranked}, {risky.risk:.1f} expected fixes"
            + (f": {safe_text('; '.join(risky.factors))})" if risky.factors else ")"))


def _terminal_finding_lines(diff: ReportDiff) -> list[str]:
    """Return the new or worse findings, at most MAX_FINDINGS_SHOWN (none: no lines)."""
    if not diff.findings:
        return []
    lines = [f"new or worse findings ({len(diff.findings)}):"]
    for change in diff.findings[:MAX_FINDINGS_SHOWN]:
        where = where_shown(change.finding.location.path, change.finding.location.line)
        lines.append(f"  {change.kind:<5} {safe_text(where)}  "
                     f"{safe_text(change.finding.message)}  ({safe_text(change.check_id)})")
    return lines


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>scorecard diff</title>
<style>
body {{ font: 15px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto;
       padding: 0 1rem; color: #1b1f24; }}
table {{ border-collapse: collapse; margin: 1rem 0; }}
th, td {{ border: 1px solid #d0d7de; padding: .3rem .6rem; text-align: left;
          overflow-wrap: anywhere; }}
code {{ font-family: ui-monospace, monospace; }}
</style>
</head>
<body>
{body}
</body>
</html>
"""


def render_diff_html(diff: ReportDiff, gate: GateResult | None) -> str:
    """Render the diff as one self-contained HTML page (the Markdown view, as HTML).

    The Markdown already escapes everything from the repository, and raw HTML is off in the
    converter, so the page holds no markup the repository wrote; its Content-Security-Policy
    allows nothing but the inline style.
    """
    markdown = MarkdownIt("commonmark", {"html": False}).enable("table")
    text = render_diff_markdown(diff, gate)
    # The one piece of HTML the Markdown view writes itself: a collapsed section.
    text = re.sub(r"<details><summary>(.*?)</summary>", r"#### \1", text).replace("</details>", "")
    body = markdown.render(text)
    return _PAGE.format(body=body)
