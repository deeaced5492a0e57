"""The command line: the ``scorecard`` app, its commands in order, and one-line errors.

Each group of commands lives in its own module (``scan_commands``, ``check_commands``,
``history_commands``, ``pr_commands``; ``scorecard.org.commands`` for ``org``); this module
registers them on the app and turns every error into one line and an exit code.
"""

from __future__ import annotations

import difflib
import os
import re
import sys
from enum import Enum
from typing import Annotated

import typer

from scorecard import __version__
from scorecard.cli.check_commands import explain, list_checks
from scorecard.cli.history_commands import backtest_command, history_app, report_command
from scorecard.cli.pr_commands import comment_command, diff_command
from scorecard.cli.scan_commands import (
    badge_command,
    baseline_command,
    precommit_command,
    scan,
)
from scorecard.errors import (
    EXIT_CONFIG,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    ScorecardError,
)
from scorecard.org.commands import org_app
from scorecard.textsafety import printable, redact

__all__ = ["app", "main"]

app = typer.Typer(
    name="scorecard",
    help=(
        "Score a repository's maintainability: operability (can operators run it?), "
        "simplicity (can a newcomer understand it?) and evolvability (can it change safely?).\n\n"
        "Start with `scorecard scan .` in a git repository."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"scorecard {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version_callback, is_eager=True,
                     help="Show the version and exit."),
    ] = False,
) -> None:
    """Score a repository's maintainability."""


# The order of the commands in `scorecard --help`.
app.command()(scan)
app.command("baseline")(baseline_command)
app.command("badge")(badge_command)
app.command("precommit")(precommit_command)
app.command("checks")(list_checks)
app.command()(explain)
app.add_typer(history_app, name="history")
app.add_typer(org_app, name="org")
app.command("report")(report_command)
app.command("backtest")(backtest_command)
app.command("diff")(diff_command)
app.command("comment")(comment_command)


def _usage_error_type() -> type[Exception]:
    """Return click's ClickException as the installed typer raises it.

    Newer typer releases vendor click (as a private module) and no longer depend on it;
    older ones re-export click's own classes. Either way it is a base of the public
    ``typer.BadParameter``, so it is found there and click itself is never imported: a
    dependency that is not declared must not be needed to report a usage error.
    """
    return next(k for k in typer.BadParameter.__mro__ if k.__name__ == "ClickException")


def _click_message(exc: Exception) -> str:
    """Return the message click formats for a usage error."""
    format_message = getattr(exc, "format_message", None)
    return str(format_message() if callable(format_message) else exc)


def _usage_message(exc: Exception) -> str:
    """Return one line for a usage error: the message, a did-you-mean, the usage, the help.

    One line, so that a script or a CI log shows the whole error where it shows the last
    line; the command's usage line is folded into it rather than printed above it.
    """
    ctx = getattr(exc, "ctx", None)
    command = getattr(ctx, "command_path", None) or "scorecard"
    message = _click_message(exc).rstrip(".").replace("Value error, ", "")
    possibilities = getattr(exc, "possibilities", None)
    if possibilities is not None:
        # click suggests any option that shares a few letters ("--bogus": "--jobs"); only a
        # close match helps, so the suggestion is made again with a stricter cutoff.
        message = re.sub(r"\s*(\(Possible options:.*\)|Did you mean .*)$", "", message)
        close = difflib.get_close_matches(str(getattr(exc, "option_name", "")),
                                          sorted(possibilities), n=1, cutoff=0.75)
        if close:
            message += f" (did you mean {close[0]}?)"
    hint = _choice_hint(exc)
    if hint and "did you mean" not in message.lower():
        message += f" (did you mean '{hint}'?)"
    usage = ""
    get_usage = getattr(ctx, "get_usage", None)
    if callable(get_usage):
        usage = " ".join(str(get_usage()).split())
        usage = usage[len("Usage: "):] if usage.startswith("Usage: ") else usage
    where = f"usage: {usage}; " if usage else ""
    return f"{message} ({where}see `{command} --help`)"


def _choice_hint(exc: Exception) -> str | None:
    """Return the closest allowed value of an option given a value it does not accept."""
    param = getattr(exc, "param", None)
    kind = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    choices: list[str] = []
    if isinstance(kind, type) and issubclass(kind, Enum):
        choices = [str(member.value) for member in kind]
    choices = choices or [str(c) for c in getattr(getattr(param, "type", None), "choices", ())]
    given = re.search(r"'([^']*)' is not", _click_message(exc))
    if not choices or given is None:
        return None
    close = difflib.get_close_matches(given.group(1).lower(), choices, n=1, cutoff=0.6)
    return close[0] if close else None


def _is_help(exc: Exception) -> bool:
    """Return True for the usage error that carries a command's help (no arguments given)."""
    ctx = getattr(exc, "ctx", None)
    return ctx is not None and _click_message(exc) == ctx.get_help()


def _exit_with(message: str, code: int) -> None:
    """Print one sanitised line on stderr and exit: error text may quote the repository.

    The token is masked whatever raised the error: no message may carry it to a log.
    """
    typer.echo(f"scorecard: {printable(redact(message, os.environ.get('GITHUB_TOKEN')))}",
               err=True)
    sys.exit(code)


def main() -> None:
    """Console-script entry point: run the app, turning our errors into one-line messages."""
    try:
        # Without standalone mode click returns exit codes instead of calling sys.exit.
        code = app(standalone_mode=False, prog_name="scorecard")
        if code == EXIT_INTERRUPTED:
            # typer turns Ctrl-C into this exit code before it reaches the handlers below.
            typer.echo("scorecard: interrupted", err=True)
        sys.exit(code if isinstance(code, int) else 0)
    except ScorecardError as exc:
        _exit_with(f"error: {exc.message}", exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        _exit_with("interrupted", EXIT_INTERRUPTED)
    except Exception as exc:  # noqa: BLE001 - a person gets one line, not a traceback
        if isinstance(exc, _usage_error_type()):
            code = getattr(exc, "exit_code", EXIT_CONFIG)
            if _is_help(exc):  # `scorecard` alone: our own help text, shown as it is
                typer.echo(_click_message(exc), err=True)
                sys.exit(code)
            _exit_with(f"error: {_usage_message(exc)}", code)
        _exit_with(f"internal error: {type(exc).__name__}: {exc} (please report this)",
                   EXIT_INTERNAL)
