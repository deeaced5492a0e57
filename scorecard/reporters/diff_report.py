"""Render a ReportDiff: terminal, JSON and Markdown."""

from __future__ import annotations

import json
from typing import Any

from scorecard.diff import GateResult, ReportDiff
from scorecard.reporters.templating import markdown_environment
from scorecard.reporters.terminal import safe_text

__all__ = ["diff_view", "render_diff_json", "render_diff_markdown", "render_diff_terminal"]

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


def diff_view(diff: ReportDiff, gate: GateResult) -> dict[str, Any]:
    """Plain data for every diff format (templates and JSON compute nothing more)."""
    return {
        "base": {"commit": diff.base.commit, "score": diff.base.score, "grade": diff.base.grade},
        "head": {"commit": diff.head.commit, "score": diff.head.score, "grade": diff.head.grade},
        "overall_delta": diff.overall_delta,
        "gate": {"passed": gate.passed, "reasons": list(gate.reasons)},
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


def render_diff_json(diff: ReportDiff, gate: GateResult) -> str:
    """Render the diff as JSON."""
    # allow_nan=False: NaN and Infinity are not JSON (RFC 8259), see render_json.
    return json.dumps(diff_view(diff, gate), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def render_diff_markdown(diff: ReportDiff, gate: GateResult) -> str:
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


def render_diff_terminal(diff: ReportDiff, gate: GateResult) -> str:
    """Render the diff as plain terminal text."""
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
    lines.append(f"touched files: {len(diff.touched_files)}; changed functions: "
                 f"{diff.changed_functions}, low-risk: "
                 f"{'n/a' if diff.low_risk_share is None else f'{diff.low_risk_share:.0f} %'}")
    if diff.touched_hotspots:
        lines.append("hotspots touched: " + ", ".join(safe_text(p) for p in diff.touched_hotspots))
    for risky in diff.touched_risky:
        lines.append(f"among the riskiest 10 %: {safe_text(risky.path)} (rank {risky.rank} of "
                     f"{risky.ranked}, {risky.risk:.1f} expected fixes: "
                     f"{safe_text('; '.join(risky.factors))})")
    if diff.findings:
        lines.append(f"new or worse findings ({len(diff.findings)}):")
        for change in diff.findings[:MAX_FINDINGS_SHOWN]:
            where = change.finding.location.path + (
                f":{change.finding.location.line}" if change.finding.location.line else "")
            lines.append(f"  {change.kind:<5} {safe_text(where)}  "
                         f"{safe_text(change.finding.message)}  ({safe_text(change.check_id)})")
    # Gate reasons name checks, whose ids can come from check folders in the repository.
    lines.append("gate: passed" if gate.passed
                 else "gate: FAILED: " + "; ".join(safe_text(r) for r in gate.reasons))
    # safe_text escapes rich markup; this output is plain text, so undo only that escaping.
    return "\n".join(line.replace("\\[", "[") for line in lines) + "\n"
