"""The pull-request comment: what a change did to the scores, capped below GitHub's limit.

The comment shows the headline (overall and pillar scores with their deltas, the gate result)
and then only what the change caused: new or worse findings in the files it touched, the
hotspots it touched, the checks that moved. Details are collapsed.

Everything that came from the repository (paths, messages, check ids, reasons) stays a plain
``str`` in the view model, so the Markdown environment escapes it; only text this module
formats itself (numbers, arrows, commit ids it has validated) is marked safe. GitHub renders
the first line of a ``<details>`` block as HTML, not Markdown, so summaries only ever hold
text made here.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import quote, urlsplit

from markupsafe import Markup

from scorecard.diff import CheckDelta, FindingChange, GateResult, ReportDiff, RiskyFile
from scorecard.reporters.templating import markdown_environment
from scorecard.scoring.coverage import provisional_note, withheld_notes
from scorecard.scoring.reference import describe_standing
from scorecard.wording import agree, count_text, counted

__all__ = [
    "COMMENT_LIMIT",
    "DEFAULT_MARKER_ID",
    "comment_digest",
    "comment_from_text",
    "marker",
    "render_comment",
    "validate_marker_id",
]

# GitHub rejects bodies over 65,536 characters; stay well below so an edit by hand, a
# changed footer or a future field never tips a comment over.
COMMENT_LIMIT = 50_000
DEFAULT_MARKER_ID = "default"
# Reading limits before the byte budget applies: a reviewer skims, the full report lists all.
MAX_FINDINGS = 100
MAX_HOTSPOTS = 20
MAX_CHECKS = 40
# One hostile 4,000-character file name must not eat the budget of a hundred findings.
MAX_PATH = 160
MAX_TEXT = 240

_MARKER_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,63}")
_DIGEST = re.compile(r"^<!-- scorecard-digest:([0-9a-f]+) -->$", re.MULTILINE)
_SHA = re.compile(r"[0-9a-f]{7,64}")
# An @ that starts a user or team name; already-neutralised ones carry a zero-width space.
_MENTION = re.compile(r"@(?=[A-Za-z0-9_])")
_ANY_MARKER = re.compile(r"^<!-- scorecard(?::[^>]*|-digest:[0-9a-f]*) -->\n?", re.MULTILINE)


def validate_marker_id(marker_id: str) -> str:
    """Return ``marker_id`` if it is usable inside the hidden marker, else raise ValueError."""
    # "--" or ">" would end the HTML comment early and leak the rest into the page.
    if not _MARKER_ID.fullmatch(marker_id) or "--" in marker_id:
        raise ValueError(
            f"comment id {marker_id!r} must be 1-64 letters, digits, '.', '_', '-' or '/', "
            "start with a letter or digit and not contain '--'")
    return marker_id


def marker(marker_id: str = DEFAULT_MARKER_ID) -> str:
    """Return the hidden first line that identifies scorecard's comment for ``marker_id``."""
    return f"<!-- scorecard:{validate_marker_id(marker_id)} -->"


def comment_digest(body: str) -> str | None:
    """Return the content digest embedded in a rendered comment, or None if it has none."""
    found = _DIGEST.search(body)
    return found.group(1) if found else None


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _score(value: float | None) -> Markup:
    return Markup("n/a" if value is None else f"{value:.1f}")


def _change(delta: float | None) -> Markup:
    if delta is None:
        return Markup("")
    if delta > 0:
        return Markup(f"▲ +{delta:.2f}")
    if delta < 0:
        return Markup(f"▼ {delta:.2f}")
    return Markup("=")


def _count(number: int) -> Markup:
    return Markup(count_text(number))


def _counted(number: int, noun: str) -> Markup:
    # Only nouns written here pass through, so the phrase is safe to mark as Markdown.
    return Markup(counted(number, noun))


def _headline_change(delta: float | None) -> Markup:
    return Markup("(unchanged)") if delta == 0 else _change(delta)


def _hotspot_phrase(count: int) -> Markup | None:
    if not count:
        return None
    return Markup(f"{count_text(count)} of them {agree(count, 'a hotspot', 'hotspots')}")


def _low_risk_phrase(share: float | None, changed: int) -> Markup:
    if share is None:
        return Markup("it changes no measured functions")
    functions = f"{count_text(changed)} changed {agree(changed, 'function')}"
    return Markup(f"{share:.0f} % of its {functions} {agree(changed, 'is', 'are')} low-risk")


def _more(total: int, shown: int) -> Markup | None:
    return _count(total - shown) if total > shown else None


def _full_command(base: str | None, head: str | None) -> Markup:
    """Return the command that lists everything, naming the commits when they are plain ids."""
    words = ["scorecard", "diff"]
    for commit in (base, head):
        if commit is not None and _SHA.fullmatch(commit[:10]):
            words.append(commit[:10])
    return Markup("`" + " ".join(words) + "`")


def _commit(commit: str | None) -> str | Markup:
    if commit is None:
        return Markup("the work tree")
    short = commit[:10]
    # A validated hex id can sit in a code span; anything else is repository text, escaped.
    return Markup(f"`{short}`") if _SHA.fullmatch(short) else short


def _url(url: str | None) -> Markup | None:
    if not url:
        return None
    if urlsplit(url).scheme not in ("http", "https"):
        raise ValueError(f"report URL must be http(s): {url[:80]!r}")
    # Percent-encode what could close the Markdown link or open HTML.
    return Markup(quote(url, safe=":/?#[]@!$&'*+,;=%~"))


def _finding_row(change: FindingChange) -> dict[str, Any]:
    finding = change.finding
    was = None if change.base_value is None else Markup(f"{change.base_value:g}")
    # "was" beside "now": the message may show another quantity than the finding's value.
    now = None
    if finding.value is not None and not re.search(
            rf"(?<![\d.]){re.escape(f'{finding.value:g}')}(?![\d.])", finding.message):
        now = Markup(f"{finding.value:g}")
    return {
        "kind": Markup("🆕 new" if change.kind == "new" else "🔺 worse"),
        "path": _clip(finding.location.path, MAX_PATH),
        "line": finding.location.line,
        "message": _clip(finding.message, MAX_TEXT),
        "check": _clip(change.check_id, MAX_TEXT),
        "was": was,
        "now": now,
    }


def _check_row(check: CheckDelta) -> dict[str, Any]:
    return {
        "id": _clip(check.id, MAX_TEXT),
        "base": _score(check.base_score),
        "head": _score(check.head_score),
        "change": _change(check.delta),
        "reason": _clip(check.head_reason, MAX_TEXT),
    }


def _risky_row(risky: RiskyFile) -> dict[str, Any]:
    """One touched file among the riskiest: its rank, expected fixes and the reasons."""
    return {"path": _clip(risky.path, MAX_PATH),
            "rank": Markup(f"{risky.rank:,} of {risky.ranked:,}"),
            "risk": Markup(f"{risky.risk:.1f}"),
            "factors": _clip("; ".join(risky.factors), MAX_TEXT)}


def _gate_view(gate: GateResult | None) -> dict[str, Any] | None:
    """Return the gate's verdict and its reasons, or None when no gate was asked for."""
    if gate is None:
        return None
    return {"passed": gate.passed, "reasons": [_clip(r, MAX_TEXT) for r in gate.reasons]}


def _any_change(diff: ReportDiff, moved: list[CheckDelta]) -> bool:
    """Tell whether any check, pillar or the overall score moved between the commits."""
    return (bool(moved) or any(p.delta not in (None, 0.0) for p in diff.pillars)
            or diff.overall_delta not in (None, 0.0))


@dataclass(frozen=True)
class _Limits:
    findings: int = MAX_FINDINGS
    hotspots: int = MAX_HOTSPOTS
    checks: int = MAX_CHECKS


def _moved_checks(diff: ReportDiff) -> list[CheckDelta]:
    """Return the checks whose score changed, the largest drop first."""
    return sorted((c for c in diff.checks if c.delta not in (None, 0.0)),
                  key=lambda c: (c.delta or 0.0, c.id))


def _headline_view(diff: ReportDiff, marker_id: str, gate: GateResult | None,
                   moved: list[CheckDelta], hotspot_count: int) -> dict[str, Any]:
    """Return the comment's heading: scores, pillars, the gate and the one-line change phrases."""
    return {
        # Monorepo subprojects name themselves in the heading; the default id stays quiet.
        "project": None if marker_id == DEFAULT_MARKER_ID else marker_id,
        "grade": diff.head.grade or Markup("n/a"),
        "score": _score(diff.head.score),
        "change": _change(diff.overall_delta),
        "base_score": _score(diff.base.score),
        "provisional": _clip(provisional_note(diff.head.pillars), MAX_TEXT),
        "withheld": [_clip(note, MAX_TEXT) for note in withheld_notes(diff.head.pillars)],
        "standing": _clip(describe_standing(diff.head.details), MAX_TEXT),
        "gate": _gate_view(gate),
        "pillars": [{"name": Markup(p.pillar.value), "base": _score(p.base_score),
                     "head": _score(p.head_score), "change": _change(p.delta)}
                    for p in diff.pillars],
        "any_change": _any_change(diff, moved),
        "headline_change": _headline_change(diff.overall_delta),
        "touched_files": _counted(len(diff.touched_files), "file"),
        "touched_any": bool(diff.touched_files),
        "hotspot_phrase": _hotspot_phrase(hotspot_count),
        "low_risk_phrase": _low_risk_phrase(diff.low_risk_share, diff.changed_functions),
    }


def _view(diff: ReportDiff, marker_id: str, gate: GateResult | None,
          report_url: Markup | None, limits: _Limits) -> dict[str, Any]:
    """Everything the template shows, already formatted and cut to ``limits``."""
    moved = _moved_checks(diff)
    hotspots = [_clip(p, MAX_PATH) for p in diff.touched_hotspots]
    view: dict[str, Any] = {
        **_headline_view(diff, marker_id, gate, moved, len(hotspots)),
        "findings": [_finding_row(f) for f in diff.findings[: limits.findings]],
        "findings_total": _count(len(diff.findings)),
        "more_findings": _more(len(diff.findings), limits.findings),
        "hotspots": hotspots[: limits.hotspots],
        "hotspots_total": _count(len(hotspots)),
        "more_hotspots": _more(len(hotspots), limits.hotspots),
        "risky": [_risky_row(r) for r in diff.touched_risky[: limits.hotspots]],
        "checks": [_check_row(c) for c in moved[: limits.checks]],
        "checks_total": _count(len(moved)),
        "more_checks": _more(len(moved), limits.checks),
        "version": diff.head.tool_version,
    }
    view["truncated"] = (len(diff.findings) > limits.findings
                         or len(hotspots) > limits.hotspots or len(moved) > limits.checks)
    # The digest covers what the comment says, not which commits or run it names, so
    # skip-if-unchanged leaves a comment alone when a push changed nothing that matters.
    content = json.dumps(view, sort_keys=True, ensure_ascii=True, default=str)
    view["digest"] = Markup(hashlib.sha256(content.encode("utf-8")).hexdigest()[:16])
    view["report_url"] = report_url
    view["marker"] = Markup(marker(marker_id))
    view["base_commit"] = _commit(diff.base.commit)
    view["head_commit"] = _commit(diff.head.commit)
    view["full_command"] = _full_command(diff.base.commit, diff.head.commit)
    return view


def _largest_fitting(count: int, fits: Callable[[int], bool]) -> int:
    """Return the largest n in [0, count] with fits(n), assuming fits is monotone."""
    low, high = 0, count
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    return low


def render_comment(
    diff: ReportDiff,
    *,
    marker_id: str = DEFAULT_MARKER_ID,
    gate: GateResult | None,
    full_report_url: str | None,
) -> str:
    """Render the sticky PR comment for ``diff``: marker first, at most COMMENT_LIMIT chars.

    Raises ValueError for an unusable ``marker_id`` or a non-http(s) ``full_report_url``.
    """
    template = markdown_environment().get_template("comment.md.j2")
    report_url = _url(full_report_url)

    def render(limits: _Limits) -> str:
        return template.render(**_view(diff, marker_id, gate, report_url, limits))

    limits = _Limits()
    text = render(limits)
    # Shrink the longest lists first, each to the most rows that still fit the budget.
    for field in ("findings", "hotspots", "checks"):
        if len(text) <= COMMENT_LIMIT:
            break
        current = getattr(limits, field)

        def fits(n: int, field: str = field, base: _Limits = limits) -> bool:
            return len(render(replace(base, **{field: n}))) <= COMMENT_LIMIT

        limits = replace(limits, **{field: _largest_fitting(current, fits)})
        text = render(limits)
    if len(text) > COMMENT_LIMIT:
        # Only reachable with thousands of gate reasons; keep the marker and say where to look.
        text = _cut(text)
    return text


_CUT_NOTE = "\n\n… (cut to stay below GitHub's comment size limit: see the full report)\n"


def _cut(text: str) -> str:
    # The rendered text starts with the marker, so a cut from the end keeps it.
    return text[: COMMENT_LIMIT - len(_CUT_NOTE)].rstrip() + _CUT_NOTE


def comment_from_text(text: str, marker_id: str = DEFAULT_MARKER_ID) -> str:
    """Prepare a comment rendered elsewhere (e.g. by a fork's workflow) for posting.

    The text is untrusted: any scorecard markers in it are removed and the right one is put
    first, @-mentions are neutralised so nobody is pinged, and it is cut to COMMENT_LIMIT.
    """
    body = _ANY_MARKER.sub("", text.replace("\r\n", "\n"))
    body = _MENTION.sub("@\u200b", body)
    head = marker(marker_id) + "\n"
    digest = comment_digest(text)
    tail = f"\n<!-- scorecard-digest:{digest} -->\n" if digest else "\n"
    room = COMMENT_LIMIT - len(head) - len(tail)
    if len(body.strip("\n")) > room:
        body = body[: room - len(_CUT_NOTE)].rstrip() + _CUT_NOTE
    return head + body.strip("\n") + tail
