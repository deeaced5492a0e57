"""Badges: a shields.io endpoint JSON and a small flat SVG per pillar and overall."""

from __future__ import annotations

import json
from xml.sax.saxutils import escape

from scorecard.model import Report

__all__ = ["badge_files"]

_COLOURS = {"A": "#2ea44f", "B": "#7cb342", "C": "#dfb317", "D": "#fe7d37", "E": "#e05d44",
            None: "#9f9f9f"}
_SHIELDS = {"A": "brightgreen", "B": "green", "C": "yellow", "D": "orange", "E": "red",
            None: "lightgrey"}
_CHAR_WIDTH = 7  # an approximation of Verdana 11px, as flat badges use


def _message(grade: str | None, score: float | None) -> str:
    return "n/a" if grade is None or score is None else f"{grade} {score:.1f}"


def _svg(label: str, message: str, colour: str) -> str:
    left = 10 + _CHAR_WIDTH * len(label)
    right = 10 + _CHAR_WIDTH * len(message)
    total = left + right
    label_x, message_x = left / 2, left + right / 2
    label_text, message_text = escape(label), escape(message)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{total}" height="20" role="img" '
        f'aria-label="{label_text}: {message_text}"><title>{label_text}: {message_text}</title>'
        f'<rect width="{left}" height="20" fill="#555"/>'
        f'<rect x="{left}" width="{right}" height="20" fill="{colour}"/>'
        f'<g fill="#fff" text-anchor="middle" font-family="Verdana,DejaVu Sans,sans-serif" '
        f'font-size="11"><text x="{label_x}" y="14">{label_text}</text>'
        f'<text x="{message_x}" y="14">{message_text}</text></g></svg>\n'
    )


def badge_files(report: Report) -> dict[str, str]:
    """File name -> content for the overall badge and one per pillar (JSON and SVG each)."""
    entries = [("scorecard", "scorecard", report.grade, report.score)]
    entries += [(f"scorecard-{p.pillar.value}", p.pillar.value, p.grade, p.score)
                for p in report.pillars]
    files: dict[str, str] = {}
    for stem, label, grade, score in entries:
        message = _message(grade, score)
        endpoint = {"schemaVersion": 1, "label": label, "message": message,
                    "color": _SHIELDS[grade]}
        files[f"{stem}.json"] = json.dumps(endpoint, allow_nan=False) + "\n"  # RFC 8259
        files[f"{stem}.svg"] = _svg(label, message, _COLOURS[grade])
    return files
