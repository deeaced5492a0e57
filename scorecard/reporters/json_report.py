"""The JSON reporter: the report's one serialisation (``scorecard.serialisation``) as text.

The document carries ``format_version``; its JSON Schema ships in ``scorecard/schema``.
"""

from __future__ import annotations

from scorecard.serialisation import render_json, report_from_dict, report_to_dict

__all__ = ["report_from_dict", "report_to_dict", "render_json"]
