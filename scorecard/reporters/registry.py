"""Every output format, in the order `--help` lists them: one line per reporter.

A command that renders a scan offers the formats whose reporter has ``scan``; one that
renders a diff those with ``diff``. How to add a format: docs/architecture.md.
"""

from __future__ import annotations

import difflib
from typing import Literal

from scorecard.reporters import csv_report, html, json_report, markdown, sarif, terminal
from scorecard.reporters.renderer import Reporter

__all__ = ["REPORTERS", "format_names", "reporter"]

REPORTERS: tuple[Reporter, ...] = (
    terminal.REPORTER,
    json_report.REPORTER,
    markdown.REPORTER,
    html.REPORTER,
    sarif.REPORTER,
    csv_report.REPORTER,
)

Renders = Literal["scan", "diff"]


def format_names(renders: Renders) -> list[str]:
    """Return the names of the formats that can render a scan, or a diff."""
    return [r.name for r in REPORTERS if getattr(r, renders) is not None]


def reporter(name: str, renders: Renders) -> Reporter:
    """Return the reporter of a format name; ValueError (with a did-you-mean) when none."""
    names = format_names(renders)
    found = next((r for r in REPORTERS if r.name == name and name in names), None)
    if found is None:
        close = difflib.get_close_matches(name.lower(), names, n=1, cutoff=0.6)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise ValueError(f"'{name[:40]}' is not one of {', '.join(names)}{hint}")
    return found
