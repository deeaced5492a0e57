"""Locate the data shipped with scorecard: check definitions and templates.

In a wheel they live under ``scorecard/_data``; in a source checkout (or an editable
install) they are the top-level ``checks/`` and ``templates/`` folders.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["checks_dir", "schema_path", "templates_dir"]

_PACKAGE = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    bundled = _PACKAGE / "_data" / name
    if bundled.is_dir():
        return bundled
    return _PACKAGE.parent / name


def checks_dir() -> Path:
    """Return the folder of the built-in check definitions."""
    return _data_dir("checks")


def templates_dir() -> Path:
    """Return the folder of the built-in jinja2 templates."""
    return _data_dir("templates")


def schema_path() -> Path:
    """Return the JSON Schema of the JSON report."""
    return _PACKAGE / "schema" / "report.schema.json"
