"""The CSV reporter: one row per finding, for spreadsheets and ad-hoc scripts.

A scan writes every finding of every check (the same findings as the JSON); a diff writes the
findings the change made new or worse. Cells come from the repository, so each is made safe
for the programs that open CSV: control characters become visible escapes, and a cell that a
spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return) gets a leading apostrophe, as OWASP advises against CSV injection. Numbers
are written as numbers; a finding about the whole repository has an empty path.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from scorecard.reporters.renderer import DiffInput, Reporter, ScanInput
from scorecard.textsafety import printable

__all__ = ["DIFF_COLUMNS", "REPORTER", "SCAN_COLUMNS", "render_csv", "render_diff_csv"]

SCAN_COLUMNS = ("check", "pillar", "status", "path", "line", "symbol", "value", "message")
DIFF_COLUMNS = ("change", "check", "path", "line", "symbol", "value", "base_value", "message")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return value
    text = printable(value, 2000)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _path(path: str) -> str:
    """Return a finding's path; empty for a finding about the whole repository (".")."""
    return "" if path in (".", "./") else path


def _table(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([_cell(value) for value in row] for row in rows)
    return buffer.getvalue()


def render_csv(given: ScanInput) -> str:
    """Render every finding of the scan, one row each, worst check first within a pillar."""
    rows = [(check.id, pillar.pillar.value, check.status.value, _path(f.location.path),
             f.location.line, f.symbol, f.value, f.message)
            for pillar in given.report.pillars
            for check in (*pillar.checks, *pillar.skipped)
            for f in check.findings]
    return _table(SCAN_COLUMNS, rows)


def render_diff_csv(given: DiffInput) -> str:
    """Render the findings the change made new or worse, one row each."""
    rows = [(c.kind, c.check_id, _path(c.finding.location.path), c.finding.location.line,
             c.finding.symbol, c.finding.value, c.base_value, c.finding.message)
            for c in given.diff.findings]
    return _table(DIFF_COLUMNS, rows)


REPORTER = Reporter("csv", "one row per finding, for spreadsheets", scan=render_csv,
                    diff=render_diff_csv, suffix=".csv")
