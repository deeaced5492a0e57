"""The JSON reporter: the report's one serialisation (``scorecard.serialisation``) as text.

The document carries ``format_version``; its JSON Schema ships in ``scorecard/schema``.
"""

from __future__ import annotations

from scorecard.reporters.diff_report import render_diff_json
from scorecard.reporters.renderer import DiffInput, Reporter, ScanInput
from scorecard.serialisation import render_json, report_from_dict, report_to_dict

__all__ = ["REPORTER", "render_json", "report_from_dict", "report_to_dict"]


def _scan(given: ScanInput) -> str:
    return render_json(given.report)


def _diff(given: DiffInput) -> str:
    return render_diff_json(given.diff, given.gate)


REPORTER = Reporter("json", "every finding and table row, machine-readable (documented schema)",
                    scan=_scan, diff=_diff, suffix=".json")
