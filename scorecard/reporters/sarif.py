"""The SARIF 2.1.0 reporter, for GitHub code scanning.

Only findings with a file location become results: repository-level facts (no README, a
share of functions) have no place to be shown and would bury the real alerts. Rule metadata
comes from the check definitions (short description, rationale, remedy as help). Files that
could not be analysed become tool execution notifications, not results. Control and bidi
characters in any string are written as visible escapes (:func:`_shown_safely`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from scorecard.model import CheckResult, CheckStatus, Finding, Report
from scorecard.scoring.definitions import CheckDefinition
from scorecard.textsafety import printable

__all__ = ["SARIF_SCHEMA_URI", "render_sarif"]

SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/scorecard/"
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


def _result(check: CheckResult, finding: Finding, rule_index: int) -> dict[str, Any]:
    region: dict[str, Any] = {}
    if finding.location.line:
        region["startLine"] = finding.location.line
    physical: dict[str, Any] = {
        "artifactLocation": {"uri": _uri(finding.location.path), "uriBaseId": "%SRCROOT%"}}
    if region:
        physical["region"] = region
    identity = f"{check.id}\0{finding.location.path}\0{finding.symbol or finding.message}"
    result: dict[str, Any] = {
        "ruleId": check.id,
        "ruleIndex": rule_index,
        "level": _LEVEL.get(check.status, "note"),
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": physical}],
        # Stable across line moves, so code scanning tracks one alert per function.
        "partialFingerprints": {
            "scorecardFinding/v1": hashlib.sha256(identity.encode()).hexdigest()[:32]},
    }
    if finding.value is not None:
        result["properties"] = {"value": finding.value}
    return result


def render_sarif(report: Report, checks: Sequence[CheckDefinition]) -> str:
    """Render the report's located findings as a SARIF 2.1.0 log."""
    rules = [_rule(c) for c in checks]
    index = {c.id: i for i, c in enumerate(checks)}
    results: list[dict[str, Any]] = []
    for pillar in report.pillars:
        for check in pillar.checks:
            if check.id not in index or check.status is CheckStatus.PASS:
                continue  # a passing check's evidence is not an alert
            results.extend(_result(check, f, index[check.id])
                           for f in check.findings if _is_file_location(f))
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
        "properties": {"score": report.score, "grade": report.grade,
                       "commit": report.commit},
    }
    log = {"$schema": SARIF_SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(_shown_safely(log), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


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
