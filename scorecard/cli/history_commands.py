"""The commands over time: history (list, build), the quarterly report and the risk backtest."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress

from scorecard.backfill import ScanSettings, build_history, select_commits
from scorecard.cli.cli_options import (
    fail,
    folder,
    open_repository_store,
)
from scorecard.history import SnapshotInfo, SnapshotStore, default_store_path
from scorecard.output import write_output
from scorecard.periods import parse_since, shift_days
from scorecard.quarterly import quarterly_page
from scorecard.repo.commits import (
    is_shallow,
)
from scorecard.reporters.backtest_report import render_backtest_json, render_backtest_text
from scorecard.reporters.html import render_html
from scorecard.risk_backtest import default_date, run_backtest
from scorecard.textsafety import printable
from scorecard.wording import counted

__all__ = ["backtest_command", "history_app", "report_command"]


history_app = typer.Typer(
    help="Snapshots kept over time: list them with trends, or backfill them from git history.",
    no_args_is_help=False,
    invoke_without_command=True,
)


def _arrow(delta: float | None) -> str:
    if delta is None:
        return "   "
    return "▲" if delta > 0 else ("▼" if delta < 0 else "=")


@history_app.callback()
def history_list(
    ctx: typer.Context,
    path: Annotated[Path, typer.Option("--path", help="Repository.")] = Path("."),
    store: Annotated[str | None, typer.Option(
        "--store", help="Snapshot store file or postgresql:// URL.")] = None,
) -> None:
    """List stored snapshots, oldest first, with the overall and pillar trend."""
    if ctx.invoked_subcommand is not None:
        # `history --store X build`: the options given before the subcommand apply to it.
        ctx.obj = {"path": path, "store": store}
        return
    infos = _stored_snapshots(path, store)
    if not infos:
        typer.echo("no snapshots yet: run `scorecard scan --save` or `scorecard history build`")
        return
    pillars = list(infos[-1].pillars)
    header = f"{'DATE':<10}  {'COMMIT':<10}  {'OVERALL':>9}  " + "  ".join(
        f"{printable(p.upper(), 14):>14}" for p in pillars)
    typer.echo(header)
    previous: SnapshotInfo | None = None
    for info in infos:
        typer.echo(_snapshot_line(info, previous, pillars))
        previous = info


def _stored_snapshots(path: Path, store: str | None) -> list[SnapshotInfo]:
    """Return the stored snapshots; none when the default store was never created."""
    if store is None and not default_store_path(folder(path)).exists():
        return []  # nothing saved yet: not an error for a newcomer
    with open_repository_store(path.resolve(), store, create=False) as snapshots:
        return snapshots.list()


def _change(value: float | None, before: float | None) -> float | None:
    return None if value is None or before is None else value - before


def _snapshot_line(info: SnapshotInfo, previous: SnapshotInfo | None,
                   pillars: list[str]) -> str:
    """One snapshot's line: date, commit, overall and pillar scores with their trend arrows."""
    cells: list[str] = []
    for pillar in pillars:
        value = info.pillars.get(pillar)
        before = previous.pillars.get(pillar) if previous else None
        shown = "n/a" if value is None else f"{value:.1f}"
        cells.append(f"{shown:>12} {_arrow(_change(value, before))}")
    overall = "n/a" if info.score is None else f"{info.score:.2f}"
    delta = _change(info.score, previous.score if previous else None)
    return (f"{printable(info.committed_at[:10]):<10}  {printable(info.commit[:10]):<10}  "
            f"{overall:>7} "
            f"{_arrow(delta)}  " + "  ".join(cells))


@history_app.command("build")
def history_build(
    ctx: typer.Context,
    path: Annotated[Path | None, typer.Option(
        "--path", help="Repository (default: the one given to `history`, else .).")] = None,
    since: Annotated[str, typer.Option("--since", help="How far back: 2y, 18m, 6w, 30d or a "
                                       "date.")] = "2y",
    every: Annotated[str, typer.Option("--every", help="quarter, month or week.")] = "quarter",
    store: Annotated[str | None, typer.Option(
        "--store", help="Snapshot store file or postgresql:// URL (default: the one given "
        "to `history`).")] = None,
    config: Annotated[Path | None, typer.Option("--config", help="Config file.")] = None,
) -> None:
    """Backfill one snapshot per period end from git history (no checkout)."""
    given: dict[str, Path | str | None] = ctx.obj if isinstance(ctx.obj, dict) else {}
    given_path, given_store = given.get("path"), given.get("store")
    path = path or (given_path if isinstance(given_path, Path) else None) or Path(".")
    store = store or (str(given_store) if given_store is not None else None)
    root = path.resolve()
    if is_shallow(root):
        typer.echo("scorecard: warning: this is a shallow clone: commits older than its depth "
                   "are missing, so period ends before them are skipped and the history "
                   "checks see a short history (fetch with `git fetch --unshallow`)", err=True)
    now = datetime.now(UTC)
    try:
        start = parse_since(since, now)
        commits = select_commits(root, start, now, every)
    except ValueError as exc:
        raise fail(str(exc), 2) from exc
    with open_repository_store(root, store) as snapshots, Progress(
        console=Console(stderr=True), transient=True, disable=not sys.stderr.isatty()
    ) as progress:
        files = progress.add_task("analysing file versions", total=None)
        task = progress.add_task("scanning history", total=len(commits))
        scanned = build_history(
            root, snapshots, commits, settings=ScanSettings(config_file=config),
            on_done=lambda _: progress.advance(task),
            on_files=lambda done, total: progress.update(files, completed=done, total=total))
    typer.echo(f"{counted(len(commits), 'period end')}, {counted(scanned, 'commit')} scanned "
               "(the others were stored already or share a commit)")


def report_command(
    path: Annotated[Path, typer.Argument(help="Repository.")] = Path("."),
    quarter: Annotated[str, typer.Option("--quarter", help="Last quarter shown, e.g. 2026Q3.")]
    = "",
    quarters: Annotated[int, typer.Option("--quarters", help="How many quarters to show.")] = 4,
    output: Annotated[str, typer.Option("--output", "-o", help="HTML file to write.")]
    = "scorecard-report.html",
    store: Annotated[str | None, typer.Option(
        "--store", help="Snapshot store file or postgresql:// URL (default: the repository's "
        ".scorecard/history.sqlite3 when it exists, else a temporary one).")] = None,
    config: Annotated[Path | None, typer.Option("--config", help="Config file.")] = None,
) -> None:
    """Write the quarterly HTML report (missing quarter ends are backfilled from git)."""
    root = path.resolve()
    if not quarter:
        today = datetime.now(UTC)
        quarter = f"{today.year}Q{(today.month - 1) // 3 + 1}"
    with _report_store(root, store) as snapshots:
        page = quarterly_page(root, snapshots, quarter=quarter, quarters=quarters,
                              config_file=config)
    write_output(render_html(page), output)
    if output != "-":
        typer.echo(f"wrote {printable(output)}")


@contextmanager
def _report_store(root: Path, store: str | None) -> Iterator[SnapshotStore]:
    """Open the store the report reads and backfills, creating none nobody asked for.

    The repository's own store folder is used when it exists (or --store names one); else the
    backfilled snapshots live in a temporary store that is gone after the run, so that
    writing a report never leaves state in the scanned repository.
    """
    # lexists: a link planted there is refused by open_store, never stepped around.
    if store is not None or os.path.lexists(default_store_path(root).parent):
        with open_repository_store(root, store) as snapshots:
            yield snapshots
        return
    with tempfile.TemporaryDirectory(prefix="scorecard-report-") as folder, \
            SnapshotStore(Path(folder) / "history.sqlite3") as snapshots:
        yield snapshots


class BacktestFormat(StrEnum):
    """Output formats of `backtest`."""

    TERMINAL = "terminal"
    JSON = "json"


def backtest_command(
    path: Annotated[Path, typer.Argument(help="Repository.")] = Path("."),
    at: Annotated[str | None, typer.Option(
        "--at", help="Rank as of this date (ISO; default: 12 months before the newest "
        "commit); the 12 months after it label the files.")] = None,
    output_format: Annotated[
        BacktestFormat, typer.Option("--format", "-f", help="Output format.")
    ] = BacktestFormat.TERMINAL,
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Write here ('-' = stdout).")
    ] = None,
    rev: Annotated[str, typer.Option(
        "--rev", help="The newest commit considered (default HEAD): the date's commit is on "
        "its first-parent line and the fixes after the date come from its history.")] = "HEAD",
    config: Annotated[Path | None, typer.Option("--config", help="Config file.")] = None,
) -> None:
    """Check the risk ranking on the repository's own history.

    Ranks the files as of a past date, then compares the ranking with the files that fix
    commits changed in the 12 months after it, beside four simple baselines.
    """
    root = path.resolve()
    try:
        moment = parse_since(at, datetime.now(UTC), "--at") if at else default_date(root, rev)
        # The backtest labels the files by the year after the date: both must be calendar.
        shift_days(shift_days(moment, -366, "--at plus a year"), 2 * 366, "--at less a year")
    except (ValueError, OverflowError) as exc:  # OverflowError: a commit dated past 9999
        raise fail(str(exc) if at else f"the newest commit's date: {exc}", 2) from exc
    result = run_backtest(root, moment, rev=rev, config_file=config)
    text = (render_backtest_json(result) if output_format is BacktestFormat.JSON
            else render_backtest_text(result))
    write_output(text, output)
