"""The console script's entry point: the command line is imported inside the Ctrl-C handler.

Importing the command line takes a moment (the analyzers, their parsers and libraries), and
a Ctrl-C in that moment would end in a traceback, since :func:`scorecard.cli.main` is
not running yet to turn it into one line. This module imports almost nothing, so the
handler is in place before any of that starts (``scorecard.errors`` imports nothing).
"""

from __future__ import annotations

import sys

from scorecard.errors import EXIT_INTERRUPTED

__all__ = ["main"]


def main() -> None:
    """Import and run the command line; a Ctrl-C while importing is one line, exit 130."""
    try:
        from scorecard.cli import main as run_cli
    except KeyboardInterrupt:
        sys.stderr.write("scorecard: interrupted\n")
        sys.exit(EXIT_INTERRUPTED)
    run_cli()
