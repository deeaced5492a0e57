"""Reporters: each turns a Report into text; none re-reads the repository."""

from __future__ import annotations

from scorecard.reporters.json_report import render_json, report_from_dict, report_to_dict
from scorecard.reporters.markdown import render_markdown
from scorecard.reporters.terminal import render_terminal

__all__ = [
    "render_json",
    "render_markdown",
    "render_terminal",
    "report_from_dict",
    "report_to_dict",
]
