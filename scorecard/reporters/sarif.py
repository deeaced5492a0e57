"""The SARIF 2.1.0 reporter, for GitHub code scanning.

Every finding with a file location becomes a result, whatever its check's status: a
function over a function-level limit is worth an alert even when the repository's share of
such functions passes (those are notes; findings of failing checks are warnings). Each
result has a region: its line, or line 1 for a finding about a whole file (marked
``fileLevel``). Repository-level facts (no README, a share of functions) have no place to
be shown and would bury the real alerts. Rule metadata comes from the check definitions
(short description, rationale, remedy as help). Files that could not be analysed become
tool execution notifications, not results. Control and bidi characters in any string are
written as visible escapes (:func:`_shown_safely`). A diff's SARIF holds the findings the
change made new or worse.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from scorecard.diff import ReportDiff
from scorecard.model import CheckStatus, Finding, Report
from scorecard.reporters.renderer import DiffInput, Reporter, ScanInput
from scorecard.scoring.definitions import CheckDefinition
from scorecard.textsafety import printable

__all__ = ["REPORTER", "SARIF_SCHEMA_URI", "render_diff_sarif", "render_sarif"]

SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/maintainability-scorecard/"
_LEVEL = {CheckStatus.FAIL: "warning", CheckStatus.WARN: "note", CheckStatus.PASS: "note"}


def _uri(path: str) -> str:
    return quote(path, safe="/")


def _is_file_location(finding: Finding) -> bool:
    path = finding.location.path
    return bool(path) and path not in (".", "/") and not path.endswith("/")


def _rule(check: CheckDefinition) -> dict[str, Any]:
    return {
        "id": check.id,
        "name": "".join(part.capitalize() for part in check.id.replace("-", ".").split(".")),
        "shortDescription": {"text": check.short},
        "fullDescription": {"text": check.rationale},
        "help": {"text": check.remedy, "markdown": check.remedy},
        "defaultConfiguration": {"level": "warning", "enabled": check.enabled},
        "properties": {"pillar": check.pillar.value, "metric": check.metric,
                       "tags": ["maintainability", check.pillar.value]},
    }


def _result(check_id: str, status: CheckStatus | str, finding: Finding,
            rule_index: int) -> dict[str, Any]:
    line = finding.location.line
    physical: dict[str, Any] = {
        "artifactLocation": {"uri": _uri(finding.location.path), "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": line if line and line > 0 else 1}}
    identity = f"{check_id}\0{finding.location.path}\0{finding.symbol or finding.message}"
    result: dict[str, Any] = {
        "ruleId": check_id,
        "ruleIndex": rule_index,
        "level": _LEVEL.get(CheckStatus(status), "note"),
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": physical}],
        # Stable across line moves, so code scanning tracks one alert per function.
        "partialFingerprints": {
            "scorecardFinding/v1": hashlib.sha256(identity.encode()).hexdigest()[:32]},
    }
    properties: dict[str, Any] = {}
    if finding.value is not None:
        properties["value"] = finding.value
    if not (line and line > 0):
        properties["fileLevel"] = True
    if properties:
        result["properties"] = properties
    return result


def _log(rules: list[dict[str, Any]], results: list[dict[str, Any]], report: Report,
         properties: dict[str, Any]) -> str:
    notifications = []
    for problem in report.problems:
        note: dict[str, Any] = {"level": "warning", "message": {"text": problem.message},
                                "descriptor": {"id": f"problem/{problem.analyzer}"}}
        if problem.path:
            note["locations"] = [{"physicalLocation": {"artifactLocation": {
                "uri": _uri(problem.path), "uriBaseId": "%SRCROOT%"}}}]
        notifications.append(note)
    run: dict[str, Any] = {
        "tool": {"driver": {"name": "scorecard", "version": report.tool_version,
                            "informationUri": INFORMATION_URI, "rules": rules}},
        "automationDetails": {"id": f"scorecard/{report.repository}/"},
        "invocations": [{"executionSuccessful": True,
                         "toolExecutionNotifications": notifications}],
        "results": results,
        "properties": properties,
    }
    log = {"$schema": SARIF_SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(_shown_safely(log), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def render_sarif(report: Report, checks: Sequence[CheckDefinition]) -> str:
    """Render every located finding of the report as a SARIF 2.1.0 log."""
    index = {c.id: i for i, c in enumerate(checks)}
    results: list[dict[str, Any]] = []
    for pillar in report.pillars:
        for check in (*pillar.checks, *pillar.skipped):
            if check.id not in index:
                continue
            results.extend(_result(check.id, check.status, f, index[check.id])
                           for f in check.findings if _is_file_location(f))
    return _log([_rule(c) for c in checks], results, report,
                {"score": report.score, "grade": report.grade, "commit": report.commit})


def render_diff_sarif(diff: ReportDiff, checks: Sequence[CheckDefinition]) -> str:
    """Render the findings a change made new or worse as a SARIF 2.1.0 log (of the head)."""
    index = {c.id: i for i, c in enumerate(checks)}
    status = {c.id: c.head_status for c in diff.checks}
    results: list[dict[str, Any]] = []
    for change in diff.findings:
        if change.check_id not in index or not _is_file_location(change.finding):
            continue
        result = _result(change.check_id, status.get(change.check_id, CheckStatus.WARN),
                         change.finding, index[change.check_id])
        result.setdefault("properties", {})["change"] = change.kind
        if change.base_value is not None:
            result["properties"]["baseValue"] = change.base_value
        results.append(result)
    return _log([_rule(c) for c in checks], results, diff.head,
                {"score": diff.head.score, "baseScore": diff.base.score,
                 "commit": diff.head.commit, "baseCommit": diff.base.commit})


def _shown_safely(value: Any) -> Any:
    """Return ``value`` with every string's control and bidi characters as visible escapes.

    Code scanning shows these strings in a browser and people read the file in editors:
    a bidi override in a file name or message would show it reversed (CVE-2021-42574), an
    escape sequence would act on a terminal. Newlines and tabs stay (help text is prose).
    """
    if isinstance(value, str):
        return printable(value, keep_newlines=True)
    if isinstance(value, dict):
        return {key: _shown_safely(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_shown_safely(item) for item in value]
    return value


def _scan(given: ScanInput) -> str:
    return render_sarif(given.report, given.checks)


def _diff(given: DiffInput) -> str:
    return render_diff_sarif(given.diff, given.checks)


REPORTER = Reporter("sarif", "SARIF 2.1.0 for GitHub code scanning: every located finding",
                    scan=_scan, diff=_diff, suffix=".sarif")
