"""Repository text made safe for a terminal (or plain text shown in one)."""

from __future__ import annotations

from rich.markup import escape

from scorecard.textsafety import printable

__all__ = ["REPOSITORY_LEVEL", "safe_text", "where_shown"]


def safe_text(value: object, limit: int = 300) -> str:
    """Neutralise repository-controlled text for the terminal (markup, controls, length)."""
    return escape(printable(value, limit))


REPOSITORY_LEVEL = "(repository)"


def where_shown(path: str, line: int | None = None) -> str:
    """Return a finding's place as people read it: path:line, or "(repository)" for ".".

    A finding about the repository as a whole has the path "." in the data (JSON keeps it);
    shown as a path it reads as a mistake.
    """
    if path in ("", ".", "./"):
        return REPOSITORY_LEVEL
    return f"{path}:{line}" if line else path
