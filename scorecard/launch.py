"""The console script's entry point: the command line is imported inside the Ctrl-C handler.

Importing the command line takes a moment (the analyzers, their parsers and libraries), and
a Ctrl-C in that moment would end in a traceback, since :func:`scorecard.cli.main` is
not running yet to turn it into one line. This module imports almost nothing, so the
handler is in place before any of that starts (``scorecard.errors`` imports nothing).
"""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType

from scorecard.errors import EXIT_INTERRUPTED

__all__ = ["main"]

_MAIN_PROCESS = os.getpid()


def _terminated(signum: int, frame: FrameType | None) -> None:
    """Treat SIGTERM as Ctrl-C in this process: the same clean-up runs (git stopped).

    A CI cancellation or ``timeout`` sends SIGTERM to scorecard alone, and its git
    children, each in a process group of its own, would otherwise go on running as
    orphans. A process forked from this one (a worker) dies of the signal as usual.
    """
    if os.getpid() != _MAIN_PROCESS:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTERM)
        return
    raise KeyboardInterrupt


def main() -> None:
    """Import and run the command line; a Ctrl-C while importing is one line, exit 130.

    SIGTERM ends a run as Ctrl-C does (one line, exit 130, every git child stopped).
    """
    signal.signal(signal.SIGTERM, _terminated)
    try:
        from scorecard.cli import main as run_cli
    except KeyboardInterrupt:
        sys.stderr.write("scorecard: interrupted\n")
        sys.exit(EXIT_INTERRUPTED)
    run_cli()
