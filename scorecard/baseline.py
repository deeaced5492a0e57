"""A committed baseline of findings: later runs fail only on what is new or worse.

The baseline file is JSON: each finding's identity (check, file, function or normalised
message; the same identity a diff uses, so moving code does not make it new) with its value.
When a run has no new or worse findings, findings that improved or disappeared tighten the
baseline, so the bar only moves up.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from scorecard.diff import entity_key, finding_key, is_worse, unambiguous_entities
from scorecard.errors import ScorecardError
from scorecard.model import Direction, Finding, Metric, Report
from scorecard.output import write_text_file
from scorecard.repo.worktree import read_regular_file
from scorecard.safejson import load_json

__all__ = [
    "BASELINE_FORMAT",
    "BaselineCheck",
    "WorseFinding",
    "compare",
    "load_baseline",
    "report_entries",
    "write_baseline",
]

BASELINE_FORMAT = 1


@dataclass(frozen=True)
class WorseFinding:
    """A finding worse than its baseline entry, with what the entry said.

    A finding's value is the quantity its check ranks by, not always the number its message
    shows (a maintainability-index finding ranks by how far the index is below the limit),
    so people are shown the baseline's message, never its bare value.
    """

    check_id: str
    finding: Finding
    before: float | None
    before_message: str

    def was(self) -> str:
        """Return what the baseline said about this finding, for people."""
        return self.before_message or (f"{self.before:g}" if self.before is not None else "")


@dataclass(frozen=True)
class BaselineCheck:
    """Findings of a run measured against a baseline."""

    new: tuple[tuple[str, Finding], ...]
    worse: tuple[WorseFinding, ...]
    improved: int
    gone: int

    @property
    def passed(self) -> bool:
        """Return True when nothing is new or worse."""
        return not self.new and not self.worse


def report_entries(report: Report) -> dict[str, dict[str, object]]:
    """Return a report's findings as baseline entries, keyed by their identity."""
    entries: dict[str, dict[str, object]] = {}
    for pillar in report.pillars:
        for check in (*pillar.checks, *pillar.skipped):
            for finding in check.findings:
                key = "\0".join(finding_key(check.id, finding))
                entries[key] = {"check": check.id, "metric": check.metric,
                                "path": finding.location.path, "value": finding.value,
                                "message": finding.message}
    return entries


def write_baseline(report: Report, path: Path) -> int:
    """Write every finding of the report as the baseline; return how many."""
    entries = report_entries(report)
    document = {"format": BASELINE_FORMAT, "commit": report.commit,
                "findings": [{"key": k, **v} for k, v in sorted(entries.items())]}
    try:
        # allow_nan=False: NaN and Infinity are not JSON (RFC 8259); other readers reject them.
        text = json.dumps(document, indent=1, ensure_ascii=False, allow_nan=False)
        write_text_file(text + "\n", path)
    except OSError as exc:
        raise _error(f"cannot write baseline {path}: {exc.strerror or exc}") from exc
    return len(entries)


MAX_BASELINE_BYTES = 256 << 20  # a baseline of millions of findings stays far below


def load_baseline(path: Path) -> dict[str, dict[str, object]]:
    """Read a baseline file; ScorecardError (exit 2) when it is missing or malformed."""
    try:
        # A regular file of bounded size: not a named pipe that blocks, nor /dev/zero.
        data = read_regular_file(str(path), MAX_BASELINE_BYTES)
        if data is None:
            if not os.path.lexists(path):
                raise FileNotFoundError(path)
            raise ValueError("not a regular file: a symbolic link, a named pipe or a device")
        document = load_json(data.decode("utf-8"))
        if document.get("format") != BASELINE_FORMAT:
            raise ValueError(f"unknown baseline format {document.get('format')!r}")
        return {str(e["key"]): dict(e) for e in document["findings"]}
    except FileNotFoundError as exc:
        raise _error(f"baseline {path} does not exist (write it with `scorecard baseline`)") \
            from exc
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise _error(f"baseline {path} is not a valid baseline file ({exc})") from exc


def _error(message: str) -> ScorecardError:
    error = ScorecardError(message)
    error.exit_code = 2
    return error


def _unambiguous_entities(report: Report, baseline: Mapping[str, Mapping[str, object]],
                          ) -> dict[tuple[str, str, str], str]:
    """Map an entity to its baseline key when one finding of it is on each side.

    As a diff matches them (:func:`scorecard.diff.unambiguous_entities`): a finding whose
    detail after "; " changed is compared with its own baseline value.
    """
    head_keys = [finding_key(check.id, finding) for pillar in report.pillars
                 for check in (*pillar.checks, *pillar.skipped) for finding in check.findings]
    base_keys: list[tuple[str, str, str]] = []
    for key in baseline:
        parts = key.split("\0")
        if len(parts) == 3:
            base_keys.append((parts[0], parts[1], parts[2]))
    return {entity: "\0".join(key)
            for entity, key in unambiguous_entities(base_keys, head_keys).items()}


def compare(report: Report, baseline: Mapping[str, Mapping[str, object]],
            metrics: Mapping[str, Metric]) -> BaselineCheck:
    """Sort the report's findings into new, worse, improved and gone against the baseline."""
    new: list[tuple[str, Finding]] = []
    worse: list[WorseFinding] = []
    improved = 0
    seen: set[str] = set()
    by_entity = _unambiguous_entities(report, baseline)
    for pillar in report.pillars:
        for check in (*pillar.checks, *pillar.skipped):
            metric = metrics.get(check.metric)
            direction = metric.direction if metric else Direction.LOWER_IS_BETTER
            for finding in check.findings:
                parts = finding_key(check.id, finding)
                key = "\0".join(parts)
                if key not in baseline:
                    key = by_entity.get(entity_key(parts), key)
                seen.add(key)
                before = baseline.get(key)
                if before is None:
                    new.append((check.id, finding))
                    continue
                old = before.get("value")
                old_value = float(old) if isinstance(old, int | float) else None
                if is_worse(finding.value, old_value, direction):
                    message = before.get("message")
                    worse.append(WorseFinding(check.id, finding, old_value,
                                              message if isinstance(message, str) else ""))
                elif is_worse(old_value, finding.value, direction):
                    improved += 1
    gone = len(set(baseline) - seen)
    return BaselineCheck(tuple(new), tuple(worse), improved, gone)
