"""The command line: arguments -> api -> reporters; errors -> one line and an exit code.

Exit codes: 0 success, 1 a quality gate failed, 2 bad input or configuration, 3 internal
error, 4 the GitHub API refused or kept failing (scorecard comment).
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from enum import Enum, StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import Progress

from scorecard import __version__, api
from scorecard.backfill import ScanSettings, build_history, select_commits
from scorecard.baseline import compare, load_baseline, write_baseline
from scorecard.diff import REGRESSION_SCOPES, evaluate_gates
from scorecard.errors import (
    EXIT_CONFIG,
    EXIT_GATE,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    ConfigError,
    InputError,
    ScorecardError,
)
from scorecard.github import (
    COMMAND_DEADLINE,
    CommentMode,
    actions_context,
    publish_comment,
    score_outputs,
    workflow_warning,
    write_outputs,
    write_step_summary,
)
from scorecard.history import SnapshotInfo, SnapshotStore, default_store_path, open_store
from scorecard.model import Report
from scorecard.org.commands import org_app
from scorecard.output import write_output
from scorecard.periods import MAX_SPAN_DAYS, parse_since, shift_days
from scorecard.precommit import staged_regressions
from scorecard.quarterly import quarterly_page, read_codeowners
from scorecard.repo.commits import (
    commit_time,
    has_head,
    has_uncommitted_changes,
    is_shallow,
    resolve_commit,
)
from scorecard.reporters.backtest_report import render_backtest_json, render_backtest_text
from scorecard.reporters.badge import badge_files
from scorecard.reporters.comment import comment_from_text, render_comment, validate_marker_id
from scorecard.reporters.diff_report import (
    render_diff_json,
)
from scorecard.reporters.html import render_html
from scorecard.reporters.registry import Renders, format_names, reporter
from scorecard.reporters.renderer import DiffInput, ScanInput
from scorecard.risk.backtest import default_date, run_backtest
from scorecard.risk.explain import explain_model
from scorecard.scoring.definitions import CheckDefinition, describe_scorer
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


DEFAULT_BASELINE = Path(".scorecard-baseline.json")


def _format_option(renders: Renders) -> Any:
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


_COLOR_OPTION = typer.Option(
    "--color", help="Colour in terminal output: auto (when writing to a terminal and NO_COLOR "
    "is not set; FORCE_COLOR forces it), always or never.")


def _use_color(choice: ColorChoice, output: str | None) -> bool:
    """Decide on colour the way ruff does: the option, then NO_COLOR, FORCE_COLOR, a tty."""
    if choice is not ColorChoice.AUTO:
        return choice is ColorChoice.ALWAYS
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return output in (None, "-") and sys.stdout.isatty()


def _terminal_width() -> int:
    """Return the terminal's width (COLUMNS first, as everywhere), or 100 without one."""
    return shutil.get_terminal_size((100, 24)).columns


def _moment(path: Path, rev: str | None) -> datetime:
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


def _fail(message: str, code: int) -> typer.Exit:
    typer.echo(f"scorecard: error: {printable(message)}", err=True)
    return typer.Exit(code)


def _folder(path: Path) -> Path:
    """Return a folder the user named, resolved; InputError (exit 2) when it is none."""
    if not path.is_dir():
        raise InputError(f"{path}: not a folder")
    return path.resolve()


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


@app.command()
def scan(
    path: Annotated[Path, typer.Argument(help="Repository or folder to scan.")] = Path("."),
    output_format: Annotated[str, _format_option("scan")] = "terminal",
    color: Annotated[ColorChoice, _COLOR_OPTION] = ColorChoice.AUTO,
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Write the report here ('-' = stdout).")
    ] = None,
    fail_under: Annotated[
        float | None,
        typer.Option("--fail-under", help="Exit 1 when the overall score is below this (0-10)."),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option("--config", help="Config file (default: scorecard.toml, then "
                     "[tool.scorecard] in pyproject.toml, in the scanned folder)."),
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Analyse every file; do not use the result cache.")
    ] = False,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", help="Worker processes (0 = one per core).")
    ] = None,
    rev: Annotated[
        str | None,
        typer.Option("--rev", help="Scan this commit from git objects (the work tree is not "
                     "touched); the report is dated at the commit."),
    ] = None,
    save: Annotated[
        bool, typer.Option("--save", help="Keep the report as a snapshot in the store "
                           "(needs a commit: a clean work tree or --rev).")
    ] = False,
    store: Annotated[
        str | None, typer.Option("--store", help="Snapshot store file or postgresql:// URL "
                                 "(default: .scorecard/history.sqlite3 in PATH).")
    ] = None,
    baseline: Annotated[
        Path | None, typer.Option("--baseline", help="Exit 1 on findings that are new or "
                                  "worse than this baseline file; improvements tighten it.")
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="History window start: 12m, 2y, 90d or a "
                                 "date (default 12 months).")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Measure as of this date (ISO); the history "
                                 "window ends here.")
    ] = None,
) -> None:
    """Scan a repository and print its scorecard."""
    flags: dict[str, object] = {"fail_under": fail_under, "jobs": jobs}
    if no_cache:
        flags["cache"] = False
    now = _moment(path, rev)
    if save and rev is None and path.is_dir() and has_uncommitted_changes(path):
        # The snapshot is stored under HEAD's commit: the work tree's edits are not HEAD.
        raise _fail("--save needs a clean work tree (or --rev): the snapshot would be stored "
                    "as HEAD's although tracked files have uncommitted changes", 2)
    try:
        if until is not None:
            now = parse_since(until, now, "--until")
            # The moment measured must leave room for the longest history window before it.
            shift_days(now, MAX_SPAN_DAYS, f"--until {until[:40]!r} less {MAX_SPAN_DAYS} days")
        if since is not None:
            days = max(1, (now - parse_since(since, now)).days)
            if days > MAX_SPAN_DAYS:
                raise ValueError(f"--since {since[:40]!r} reaches back more than "
                                 f"{MAX_SPAN_DAYS} days before the scan's moment")
            flags["history.since_days"] = days
    except ValueError as exc:
        raise _fail(str(exc), 2) from exc
    with Progress(console=Console(stderr=True), transient=True,
                  disable=not sys.stderr.isatty()) as progress:
        task = progress.add_task("analysing files", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        report = api.scan(path, now=now, config_file=config, flags=flags, rev=rev,
                          keep_all_findings=baseline is not None, progress=advance)
    if save:
        with open_store(path.resolve(), store) as snapshots:
            snapshots.save(report, now.isoformat())
    loaded = api.load_effective_checks(path.resolve(), config_file=config, flags=flags)
    root = path.resolve()
    text = _render_scan(output_format, ScanInput(
        report=report, checks=loaded.checks, title=f"Maintainability scorecard: "
        f"{report.repository}", color=_use_color(color, output), width=_terminal_width(),
        owners=lambda: read_codeowners(root, report.commit) if report.commit else None))
    write_output(text, output)
    if baseline is not None:
        _gate_on_baseline(report, baseline)
    threshold = fail_under if fail_under is not None else loaded.config.fail_under
    if threshold is not None and (report.score is None or report.score < threshold):
        shown = "n/a" if report.score is None else f"{report.score:.2f}"
        typer.echo(f"scorecard: overall score {shown} is below --fail-under {threshold:g}",
                   err=True)
        raise typer.Exit(EXIT_GATE)


def _render_scan(name: str, given: ScanInput) -> str:
    render = reporter(name, "scan").scan
    assert render is not None  # reporter() returns only formats that render a scan
    return render(given)


def _render_diff(name: str, given: DiffInput) -> str:
    render = reporter(name, "diff").diff
    assert render is not None  # reporter() returns only formats that render a diff
    return render(given)


def _gate_on_baseline(report: Report, path: Path) -> None:
    outcome = compare(report, load_baseline(path), api.all_metrics())
    for check_id, finding in outcome.new[:20]:
        typer.echo(f"new: {printable(finding.location.path)}:{finding.location.line or ''} "
                   f"{printable(finding.message, 300)} ({printable(check_id)})", err=True)
    for item in outcome.worse[:20]:
        finding = item.finding
        typer.echo(f"worse: {printable(finding.location.path)}:{finding.location.line or ''} "
                   f"{printable(finding.message, 300)} (was: {printable(item.was(), 300)}; "
                   f"{printable(item.check_id)})", err=True)
    if not outcome.passed:
        typer.echo(f"scorecard: {len(outcome.new)} new and {len(outcome.worse)} worse findings "
                   f"than the baseline {printable(path)}", err=True)
        raise typer.Exit(EXIT_GATE)
    if outcome.improved or outcome.gone:
        write_baseline(report, path)
        typer.echo(f"baseline tightened: {outcome.improved} improved, {outcome.gone} gone",
                   err=True)


@app.command("baseline")
def baseline_command(
    path: Annotated[Path, typer.Argument(help="Repository.")] = Path("."),
    output: Annotated[Path, typer.Option("--output", "-o", help="Baseline file to write.")]
    = Path(".scorecard-baseline.json"),
    rev: Annotated[str | None, typer.Option("--rev", help="Baseline of this commit "
                                            "(dated at the commit) instead of the work tree.")]
    = None,
    config: Annotated[Path | None, typer.Option("--config", help="Config file.")] = None,
) -> None:
    """Write every current finding to a baseline file (commit it; gate with scan --baseline)."""
    report = api.scan(path, now=_moment(path, rev), config_file=config, keep_all_findings=True,
                      rev=rev)
    count = write_baseline(report, output)
    typer.echo(f"wrote {printable(output)} with {count} findings")


@app.command("badge")
def badge_command(
    path: Annotated[Path, typer.Argument(help="Repository.")] = Path("."),
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for the badge files.")]
    = Path("badges"),
    config: Annotated[Path | None, typer.Option("--config", help="Config file.")] = None,
) -> None:
    """Write shields.io endpoint JSON and SVG badges, overall and per pillar."""
    report = api.scan(path, now=datetime.now(UTC), config_file=config)
    output.mkdir(parents=True, exist_ok=True)
    for name, content in badge_files(report).items():
        write_output(content, str(output / name))
    typer.echo(f"wrote {len(badge_files(report))} badge files to {printable(output)}")


@app.command("precommit")
def precommit_command(
    files: Annotated[list[Path] | None, typer.Argument(help="Changed files (pre-commit passes "
                                                      "the staged ones).")] = None,
    baseline: Annotated[Path | None, typer.Option(
        "--baseline", help="Baseline file (default: .scorecard-baseline.json when it exists; "
        "without one, the files as HEAD has them are the reference).")] = None,
    config: Annotated[Path | None, typer.Option("--config", help="Config file.")] = None,
) -> None:
    """Report what the staged change made new or worse, on the lines it touched.

    Quick (no history mining): only the given files are scanned. An unchanged file passes.
    """
    root = Path(".").resolve()
    paths = sorted({p.resolve().relative_to(root).as_posix() for p in (files or [])
                    if p.resolve().is_relative_to(root)})
    if baseline is None and DEFAULT_BASELINE.exists():
        baseline = DEFAULT_BASELINE
    elif baseline is not None and not baseline.exists():
        raise _fail(f"baseline {baseline} does not exist (write it with `scorecard baseline`)",
                    2)
    if not paths:
        return
    found = staged_regressions(root, paths, baseline=baseline, now=datetime.now(UTC),
                               config=config)
    for item in found:
        finding = item.finding
        was = f" (was: {printable(item.before, 300)})" if item.worse and item.before else ""
        typer.echo(f"{printable(finding.location.path)}:{finding.location.line or 1}: "
                   f"{printable(finding.message, 300)}{was} [{printable(item.check_id)}]")
    if found:
        typer.echo(f"scorecard: {len(found)} finding(s) new or worse on the changed lines "
                   f"(against {'the baseline' if baseline else 'HEAD'})", err=True)
        raise typer.Exit(EXIT_GATE)


@app.command("checks")
def list_checks(
    path: Annotated[Path, typer.Argument(help="Folder whose configuration applies.")] = Path("."),
    config: Annotated[Path | None, typer.Option("--config", help="Config file.")] = None,
) -> None:
    """List every check with its pillar, weight and one-line description."""
    loaded = api.load_effective_checks(_folder(path), config_file=config)
    # Check definitions may come from the scanned repository's own check folders.
    ids = {c.id: printable(c.id, 100) for c in loaded.checks}
    width = max((len(shown) for shown in ids.values()), default=10)
    columns = _terminal_width()
    # The description wraps under itself to the terminal's width; the id is never cut.
    indent = width + 2 + 12 + 2 + 6 + 2
    room = max(20, columns - indent)
    typer.echo(f"{'CHECK':<{width}}  {'PILLAR':<12}  {'WEIGHT':>6}  DESCRIPTION")
    for check in loaded.checks:
        weight = f"{check.weight:g}" if check.enabled else "off"
        lines = textwrap.wrap(printable(check.short, 300), room) or [""]
        typer.echo(f"{ids[check.id]:<{width}}  {check.pillar.value:<12}  {weight:>6}  "
                   f"{lines[0]}")
        for line in lines[1:]:
            typer.echo(" " * indent + line)


@app.command()
def explain(
    check_id: Annotated[str, typer.Argument(
        help="Check id, as listed by `scorecard checks`, or 'risk' for the risk model.")],
    path: Annotated[Path, typer.Option("--path", help="Folder whose configuration applies.")]
    = Path("."),
    config: Annotated[Path | None, typer.Option("--config", help="Config file.")] = None,
) -> None:
    """Explain a check: what it measures, why, its thresholds and how to improve.

    `scorecard explain risk` explains the risk model behind the riskiest-files ranking.
    """
    if check_id == "risk":
        typer.echo(explain_model(), nl=False)
        return
    loaded = api.load_effective_checks(_folder(path), config_file=config)
    matches = [c for c in loaded.checks if c.id == check_id]
    if not matches:
        close = [c.id for c in loaded.checks if check_id.split(".")[-1] in c.id]
        hint = f" (did you mean: {', '.join(close)})" if close else ""
        raise _fail(f"no check '{check_id[:100]}'{hint}; list them with `scorecard checks`", 2)
    check = matches[0]
    metric = api.all_metrics()[check.metric]
    thresholds = describe_scorer(check.scorer)
    _explain_check(check, metric.id, metric.description,
                   f"({metric.unit}, {metric.direction.value} is better)", thresholds)


def _explain_check(check: CheckDefinition, metric_id: str, description: str, unit: str,
                   thresholds: str) -> None:
    """Print a check's prose; every field may come from the repository's check folders."""
    def prose(text: str) -> str:
        return printable(text, keep_newlines=True)

    typer.echo(f"{printable(check.id)} ({check.pillar.value}, weight {check.weight:g}"
               f"{'' if check.enabled else ', disabled'})")
    typer.echo(printable(check.title))
    typer.echo("")
    typer.echo(f"Measures: {printable(metric_id)} - {printable(description)} {unit}")
    typer.echo(f"Scoring:  {printable(thresholds)}")
    typer.echo("")
    typer.echo("Why it matters:\n" + prose(check.rationale))
    typer.echo("")
    typer.echo("How to improve:\n" + prose(check.remedy))
    if check.references:
        typer.echo("")
        typer.echo("References:")
        for ref in check.references:
            typer.echo(f"  - {printable(ref)}")


history_app = typer.Typer(
    help="Snapshots kept over time: list them with trends, or backfill them from git history.",
    no_args_is_help=False,
    invoke_without_command=True,
)
app.add_typer(history_app, name="history")
app.add_typer(org_app, name="org")


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
    if store is None and not default_store_path(_folder(path)).exists():
        infos: list[SnapshotInfo] = []  # nothing saved yet: not an error for a newcomer
    else:
        with open_store(path.resolve(), store, create=False) as snapshots:
            infos = snapshots.list()
    if not infos:
        typer.echo("no snapshots yet: run `scorecard scan --save` or `scorecard history build`")
        return
    pillars = list(infos[-1].pillars)
    header = f"{'DATE':<10}  {'COMMIT':<10}  {'OVERALL':>9}  " + "  ".join(
        f"{printable(p.upper(), 14):>14}" for p in pillars)
    typer.echo(header)
    previous: SnapshotInfo | None = None
    for info in infos:
        cells: list[str] = []
        for pillar in pillars:
            value = info.pillars.get(pillar)
            before: float | None = previous.pillars.get(pillar) if previous else None
            delta: float | None = None if value is None or before is None else value - before
            shown = "n/a" if value is None else f"{value:.1f}"
            cells.append(f"{shown:>12} {_arrow(delta)}")
        overall = "n/a" if info.score is None else f"{info.score:.2f}"
        before_overall: float | None = previous.score if previous else None
        delta = (None if info.score is None or before_overall is None
                 else info.score - before_overall)
        typer.echo(f"{printable(info.committed_at[:10]):<10}  {printable(info.commit[:10]):<10}  "
                   f"{overall:>7} "
                   f"{_arrow(delta)}  " + "  ".join(cells))
        previous = info


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
        raise _fail(str(exc), 2) from exc
    with open_store(root, store) as snapshots, Progress(
        console=Console(stderr=True), transient=True, disable=not sys.stderr.isatty()
    ) as progress:
        files = progress.add_task("analysing file versions", total=None)
        task = progress.add_task("scanning history", total=len(commits))
        scanned = build_history(
            root, snapshots, commits, settings=ScanSettings(config_file=config),
            on_done=lambda _: progress.advance(task),
            on_files=lambda done, total: progress.update(files, completed=done, total=total))
    typer.echo(f"{len(commits)} period ends, {scanned} commits scanned (the others were "
               "stored already or share a commit)")


@app.command("report")
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
        with open_store(root, store) as snapshots:
            yield snapshots
        return
    with tempfile.TemporaryDirectory(prefix="scorecard-report-") as folder, \
            SnapshotStore(Path(folder) / "history.sqlite3") as snapshots:
        yield snapshots


class BacktestFormat(StrEnum):
    """Output formats of `backtest`."""

    TERMINAL = "terminal"
    JSON = "json"


@app.command("backtest")
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
        raise _fail(str(exc) if at else f"the newest commit's date: {exc}", 2) from exc
    result = run_backtest(root, moment, rev=rev, config_file=config)
    text = (render_backtest_json(result) if output_format is BacktestFormat.JSON
            else render_backtest_text(result))
    write_output(text, output)


@app.command("diff")
def diff_command(
    base: Annotated[str, typer.Argument(help="Base commit (e.g. origin/main).")],
    head: Annotated[str | None, typer.Argument(help="Head commit (default: the work tree).")]
    = None,
    path: Annotated[Path, typer.Option("--path", help="Repository.")] = Path("."),
    output_format: Annotated[str, _format_option("diff")] = "terminal",
    output: Annotated[str | None, typer.Option("--output", "-o", help="Write here.")] = None,
    color: Annotated[ColorChoice, _COLOR_OPTION] = ColorChoice.AUTO,
    fail_under: Annotated[
        float | None, typer.Option("--fail-under", help="Exit 1 if the head score is below.")
    ] = None,
    fail_on_regression: Annotated[
        str | None, typer.Option("--fail-on-regression",
                                 help="Exit 1 if a score dropped: overall, pillar or check.")
    ] = None,
    config: Annotated[Path | None, typer.Option("--config", help="Config file.")] = None,
) -> None:
    """Compare two commits (or a commit and the work tree): deltas and new findings."""
    if fail_on_regression is not None and fail_on_regression not in REGRESSION_SCOPES:
        raise _fail(f"--fail-on-regression must be one of {', '.join(REGRESSION_SCOPES)}", 2)
    result = api.diff(path, base, head, now=datetime.now(UTC), config_file=config)
    gate = None
    if fail_under is not None or fail_on_regression is not None:
        gate = evaluate_gates(result, fail_under=fail_under,
                              fail_on_regression=fail_on_regression)
    checks = api.load_effective_checks(path.resolve(), config_file=config).checks
    text = _render_diff(output_format, DiffInput(
        diff=result, gate=gate, checks=checks, color=_use_color(color, output),
        width=_terminal_width()))
    write_output(text, output)
    if gate is not None and not gate.passed:
        typer.echo("scorecard: gate failed: " + "; ".join(printable(r) for r in gate.reasons),
                   err=True)
        raise typer.Exit(EXIT_GATE)


@app.command("comment")
def comment_command(
    base: Annotated[str | None, typer.Argument(
        help="Base commit to compare with (e.g. origin/main); leave out with --from.")] = None,
    head: Annotated[str | None, typer.Argument(help="Head commit (default: the work tree).")]
    = None,
    from_file: Annotated[Path | None, typer.Option(
        "--from", help="Post this comment file (rendered earlier, e.g. by a fork's workflow "
        "with --no-post -o FILE) instead of running a diff; '-' reads stdin.")] = None,
    mode: Annotated[CommentMode, typer.Option(
        "--mode", help="update: edit the comment in place (create it if missing); recreate: "
        "delete it and post a new one; skip-if-unchanged: leave it alone when scores and "
        "findings did not change.")] = CommentMode.UPDATE,
    marker_id: Annotated[str, typer.Option(
        "--id", help="Comment id: one sticky comment per id (e.g. one per monorepo "
        "subproject).")] = "default",
    repo: Annotated[str | None, typer.Option(
        "--repo", help="OWNER/NAME (default: GITHUB_REPOSITORY).")] = None,
    pr: Annotated[int | None, typer.Option(
        "--pr", min=1, help="Pull request number (default: from the workflow event).")] = None,
    expect_head: Annotated[str | None, typer.Option(
        "--expect-head", help="Post only while the pull request's head is this commit.")]
    = None,
    path: Annotated[Path, typer.Option("--path", help="Repository.")] = Path("."),
    config: Annotated[Path | None, typer.Option("--config", help="Config file.")] = None,
    fail_under: Annotated[float | None, typer.Option(
        "--fail-under", help="Gate: exit 1 (after posting) if the head score is below.")]
    = None,
    fail_on_regression: Annotated[str | None, typer.Option(
        "--fail-on-regression", help="Gate: exit 1 (after posting) if a score dropped: "
        "overall, pillar or check.")] = None,
    report_url: Annotated[str | None, typer.Option(
        "--report-url", help="Link to the full report (default: this workflow run).")] = None,
    output: Annotated[str | None, typer.Option(
        "--output", "-o", help="Also write the comment Markdown here ('-' = stdout).")] = None,
    json_output: Annotated[str | None, typer.Option(
        "--json", help="Also write the whole diff as JSON here.")] = None,
    post: Annotated[bool, typer.Option(
        "--post/--no-post", help="Post to the pull request (needs GITHUB_TOKEN).")] = True,
    deadline: Annotated[float, typer.Option(
        "--deadline", min=1, max=3600, help="Give up on the GitHub API after this many "
        "seconds in all (each request also gives up after 60 s).")] = COMMAND_DEADLINE,
) -> None:
    """Post the diff as the one sticky PR comment (and to the job summary and step outputs)."""
    try:
        validate_marker_id(marker_id)
    except ValueError as exc:
        raise ConfigError([f"--id: {exc}"], source="options") from exc
    if (from_file is None) == (base is None):
        raise ConfigError(["give BASE (to compare with) or --from FILE (to post), not both"
                           if base else "give BASE (to compare with) or --from FILE (to post)"],
                          source="arguments")
    if fail_on_regression is not None and fail_on_regression not in REGRESSION_SCOPES:
        raise ConfigError([f"--fail-on-regression must be one of {', '.join(REGRESSION_SCOPES)}"],
                          source="options")
    context = actions_context(repository=repo, pull_request=pr)
    outputs: dict[str, str] = {}
    gate = None
    if from_file is not None:
        body = comment_from_text(_read_comment_file(from_file), marker_id)
    else:
        assert base is not None  # checked above; narrows the type
        result = api.diff(path, base, head, now=datetime.now(UTC), config_file=config)
        if fail_under is None:
            # A floor set in the configuration gates the comment as it gates `scan`.
            fail_under = api.load_effective_checks(path.resolve(),
                                                   config_file=config).config.fail_under
        if fail_under is not None or fail_on_regression is not None:
            gate = evaluate_gates(result, fail_under=fail_under,
                                  fail_on_regression=fail_on_regression)
        try:
            body = render_comment(result, marker_id=marker_id, gate=gate,
                                  full_report_url=report_url or context.run_url)
        except ValueError as exc:
            raise ConfigError([f"--report-url: {exc}"], source="options") from exc
        outputs = score_outputs(result, gate)
        if json_output is not None:
            write_output(render_diff_json(result, gate), json_output)
    if output is not None:
        write_output(body, output)
    write_step_summary(context, body)
    if not post:
        outputs["comment-action"] = "not-posted"  # a later step can tell "not asked" apart
    try:
        if post:
            outcome = publish_comment(context, body, marker_id=marker_id, mode=mode,
                                      expect_head=expect_head, deadline=deadline,
                                      log=lambda message: typer.echo(printable(message),
                                                                     err=True))
            outputs.update({"comment-action": outcome.action,
                            "comment-id": str(outcome.comment.id) if outcome.comment else "",
                            "comment-url": outcome.comment.url if outcome.comment else ""})
            if outcome.action == "skipped":
                typer.echo(workflow_warning(f"comment not posted: {printable(outcome.reason)}",
                                            context.in_actions))
            else:
                where = outcome.comment.url if outcome.comment else ""
                typer.echo(f"scorecard: comment {outcome.action} {printable(where)}".rstrip(),
                           err=True)
    finally:
        # Outputs are written even when posting failed, so later steps can still gate.
        write_outputs(context, outputs)
    if gate is not None and not gate.passed:
        typer.echo("scorecard: gate failed: " + "; ".join(printable(r) for r in gate.reasons),
                   err=True)
        raise typer.Exit(EXIT_GATE)


def _read_comment_file(source: Path) -> str:
    """Read a comment rendered earlier ('-' is stdin)."""
    if str(source) == "-":
        return sys.stdin.read()
    try:
        return source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the comment file {source}: {exc}") from exc


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
