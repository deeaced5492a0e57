"""What several commands share: the --format and --color options, the terminal, the scan's moment.

Also the one-line failure every command gives for a usage problem it finds itself.
"""

from __future__ import annotations

import os
import shutil
import sys
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from scorecard.errors import (
    InputError,
)
from scorecard.history import SnapshotStore
from scorecard.org.repos import store_repository
from scorecard.repo.commits import (
    commit_time,
    has_head,
    resolve_commit,
)
from scorecard.reporters.registry import Renders, format_names, reporter
from scorecard.stores import open_store
from scorecard.textsafety import printable

__all__ = ["COLOR_OPTION", "DEFAULT_BASELINE", "ColorChoice", "fail", "folder", "format_option",
           "open_repository_store",
           "scan_moment", "terminal_width", "use_color"]

DEFAULT_BASELINE = Path(".scorecard-baseline.json")


def format_option(renders: Renders) -> Any:
    """Return the --format option of a command: exactly the formats that render its output."""
    names = format_names(renders)

    def check(value: str) -> str:
        try:
            reporter(value, renders)
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from exc
        return value

    return typer.Option("--format", "-f", callback=check, metavar="FORMAT",
                        help=f"Output format: {', '.join(names)}.")


class ColorChoice(StrEnum):
    """When the terminal format uses colour (as ruff's --color)."""

    AUTO = "auto"
    ALWAYS = "always"
    NEVER = "never"


COLOR_OPTION = typer.Option(
    "--color", help="Colour in terminal output: auto (when writing to a terminal and NO_COLOR "
    "is not set; FORCE_COLOR forces it), always or never.")


def use_color(choice: ColorChoice, output: str | None) -> bool:
    """Decide on colour the way ruff does: the option, then NO_COLOR, FORCE_COLOR, a tty."""
    if choice is not ColorChoice.AUTO:
        return choice is ColorChoice.ALWAYS
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return output in (None, "-") and sys.stdout.isatty()


def terminal_width() -> int:
    """Return the terminal's width (COLUMNS first, as everywhere), or 100 without one."""
    return shutil.get_terminal_size((100, 24)).columns


def scan_moment(path: Path, rev: str | None) -> datetime:
    """Return the moment a scan is about: the date of the commit it scans or sits on.

    ``--rev`` names the commit; a work tree sits on HEAD, whose history is the history
    there is (edits have none yet), so its window ends at HEAD's date too. The same commit
    then gets the same report from ``scan``, ``scan --rev HEAD``, ``history build`` and
    ``report``, and a baseline made on it gates later scans without time moving the
    history findings. Without git or a commit, the moment is now.
    """
    if not path.is_dir():
        return datetime.now(UTC)  # the scan reports the bad path
    if rev is not None:
        return commit_time(path, resolve_commit(path, rev))
    if has_head(path):
        return commit_time(path, resolve_commit(path, "HEAD"))
    return datetime.now(UTC)


def fail(message: str, code: int) -> typer.Exit:
    """Print a one-line error and return the exit to raise with ``code``."""
    typer.echo(f"scorecard: error: {printable(message)}", err=True)
    return typer.Exit(code)


def folder(path: Path) -> Path:
    """Return a folder the user named, resolved; InputError (exit 2) when it is none."""
    if not path.is_dir():
        raise InputError(f"{path}: not a folder")
    return path.resolve()


def open_repository_store(root: Path, store: str | Path | None, *,
                          create: bool = True) -> SnapshotStore:
    """Open the store ``--store`` names (else the repository's own) for the repository at root.

    A database holds many repositories' snapshots: this one's are those of its key (its
    origin's name, else its folder's).
    """
    return open_store(root, store, create=create, repository=store_repository(root, store))
