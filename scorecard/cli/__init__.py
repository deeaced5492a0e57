"""The ``scorecard`` command line (``scorecard.cli:main``); one module per group of commands."""

from __future__ import annotations

from scorecard.cli.command_line import app, main

__all__ = ["app", "main"]
