"""In-code suppressions: ``# scorecard: ignore[<check>] reason=... <= 12 until=2027-01-31``.

A suppression silences the findings of the named checks on its own line or the line below
it (a comment above a ``def`` covers the function). It hides them from the report's evidence,
the PR comment, SARIF and the baseline gate; it does not change the measured score, because
the code is still what it is. Rules:

- ``reason=`` is required: a suppression without one silences nothing and is a finding;
- ``<= N`` caps it: a finding whose value grows past N shows again;
- ``until=YYYY-MM-DD`` makes it expire: after that day it silences nothing and is a finding;
- a suppression that matches no finding is stale, and a finding too.

This analyzer runs after the others, so it can match suppressions against their findings.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Mapping
from datetime import date
from typing import Any

from scorecard.analyzers.base import (
    Analyzer,
    AnalyzerOutput,
    FileInput,
    FileKind,
    FileResult,
    ScanContext,
)
from scorecard.facts.suppressions_facts import Silenced, SuppressionsFacts
from scorecard.model import Direction, Finding, Location, Measurement, Metric
from scorecard.wording import agree, counted_of

__all__ = ["SuppressionsAnalyzer", "parse_suppressions"]

_MARKER = re.compile(r"#\s*scorecard:\s*ignore\[([^\]]*)\](.*)$")
_REASON = re.compile(r"reason\s*=\s*(\"[^\"]*\"|'[^']*'|\S.*?)(?=\s+(?:<=|until\s*=)|$)")
_CAP = re.compile(r"<=\s*(-?\d+(?:\.\d+)?)")
_UNTIL = re.compile(r"until\s*=\s*(\d{4}-\d{2}-\d{2})")


def parse_suppressions(text: str) -> list[dict[str, Any]]:
    """Return every suppression comment of a file: line, checks, reason, cap, expiry."""
    if "scorecard:" not in text:
        return []  # the common case: no tokenizing at all
    found: list[dict[str, Any]] = []
    for number, line in _comments(text):
        match = _MARKER.search(line)
        if match is None:
            continue
        rest = match.group(2)
        reason = _REASON.search(rest)
        cap = _CAP.search(rest)
        until = _UNTIL.search(rest)
        found.append({
            "line": number,
            "checks": [c.strip() for c in match.group(1).split(",") if c.strip()],
            "reason": reason.group(1).strip("\"' ") if reason else "",
            "cap": float(cap.group(1)) if cap else None,
            "until": until.group(1) if until else None,
        })
    return found


def _comments(text: str) -> list[tuple[int, str]]:
    """Real comments only (line, text): a marker inside a string literal is not one."""
    comments: list[tuple[int, str]] = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT:
                comments.append((token.start[0], token.string))
    except (tokenize.TokenError, SyntaxError):
        pass  # the file parsed, so this is only a tokenizer corner; keep what was found
    return comments


class SuppressionsAnalyzer(Analyzer):
    """Matches in-code suppressions with the findings of the other analyzers."""

    name = "suppressions"
    version = "2"
    file_kind = FileKind.PYTHON
    facts_type = SuppressionsFacts
    reads_findings = True  # matches suppressions with every other analyzer's findings
    metrics = (
        Metric("suppressions.problems",
               "Suppressions without a reason, expired, or matching no finding",
               Direction.LOWER_IS_BETTER, "suppressions"),
    )

    def analyze_file(self, item: FileInput, options: Any) -> FileResult:
        """Find the suppression comments of one file."""
        return {"suppressions": parse_suppressions(item.text)}

    def summarize(self, ctx: ScanContext, results: Mapping[str, FileResult]) -> AnalyzerOutput:
        """Match suppressions with findings; list what they silence and what is wrong."""
        check_metrics = ctx.check_metrics
        findings_at: dict[tuple[str, str], list[Finding]] = {}
        for measurement in ctx.earlier_measurements:
            for finding in measurement.findings:
                key = (measurement.metric, finding.location.path)
                findings_at.setdefault(key, []).append(finding)
        today = ctx.now.date()
        problems: list[Finding] = []
        silenced: list[Silenced] = []
        total = 0
        metric_id = "suppressions.problems"
        for path, result in sorted(results.items()):
            for entry in result.get("suppressions", []):
                total += 1
                where = Location(path, int(entry["line"]))
                issue = self._issue(entry, today, check_metrics)
                if issue:
                    problems.append(Finding(metric_id, where, issue))
                    continue
                matched, over_cap = self._match(entry, path, check_metrics, findings_at)
                if over_cap and not matched:
                    problems.append(Finding(metric_id, where, f"the finding grew past the "
                                            f"suppression's cap (<= {entry['cap']:g})"))
                elif not matched:
                    problems.append(Finding(metric_id, where, "stale suppression: no finding of "
                                            f"{', '.join(entry['checks'])} here any more"))
                silenced.extend(matched)
        if total == 0:
            measurement = Measurement(metric_id, None, "no suppressions in the code")
        else:
            measurement = Measurement(metric_id, float(len(problems)),
                                      f"{counted_of(len(problems), total, 'suppression')} "
                                      f"{agree(len(problems), 'needs', 'need')} attention",
                                      tuple(problems))
        return AnalyzerOutput((measurement,), facts=SuppressionsFacts(tuple(silenced), total))

    @staticmethod
    def _issue(entry: Mapping[str, Any], today: date, check_metrics: Mapping[str, str]) -> str:
        unknown = [c for c in entry["checks"] if c not in check_metrics]
        if not entry["checks"] or unknown:
            return f"suppression names unknown checks: {', '.join(unknown) or '(none)'}"
        if not entry["reason"]:
            return "suppression without reason=...: it silences nothing"
        if entry["until"]:
            try:
                expiry = date.fromisoformat(entry["until"])
            except ValueError:
                return f"suppression has an invalid date: until={entry['until']}"
            if today > expiry:
                return f"suppression expired on {expiry.isoformat()}: it silences nothing"
        return ""

    @staticmethod
    def _match(entry: Mapping[str, Any], path: str, check_metrics: Mapping[str, str],
               findings_at: Mapping[tuple[str, str], list[Finding]],
               ) -> tuple[list[Silenced], int]:
        line = int(entry["line"])
        cap = entry["cap"]
        matched: list[Silenced] = []
        over_cap = 0
        for check in entry["checks"]:
            metric = check_metrics[check]
            for finding in findings_at.get((metric, path), []):
                if finding.location.line not in (line, line + 1):
                    continue
                if cap is not None and finding.value is not None and finding.value > cap:
                    over_cap += 1  # grown past what the suppression accepted: show it again
                    continue
                matched.append(Silenced(metric, path, finding.location.line or 0))
        return matched, over_cap
