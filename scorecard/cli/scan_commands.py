"""The commands that scan the repository: scan, baseline, badge and precommit."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress

from scorecard import api
from scorecard.baseline import compare, load_baseline, write_baseline
from scorecard.cli.cli_options import (
    COLOR_OPTION,
    DEFAULT_BASELINE,
    ColorChoice,
    fail,
    format_option,
    open_repository_store,
    scan_moment,
    terminal_width,
    use_color,
)
from scorecard.errors import (
    EXIT_GATE,
)
from scorecard.model import Report
from scorecard.output import write_output
from scorecard.owners import report_owners
from scorecard.periods import MAX_SPAN_DAYS, parse_since, shift_days
from scorecard.precommit import Regression, staged_regressions
from scorecard.repo.commits import (
    has_uncommitted_changes,
)
from scorecard.reporters.badge import badge_files
from scorecard.reporters.registry import reporter
from scorecard.reporters.renderer import ScanInput
from scorecard.textsafety import printable
from scorecard.wording import count_text, counted

__all__ = ["badge_command", "baseline_command", "configured_floor", "precommit_command", "scan"]


def scan(
    path: Annotated[Path, typer.Argument(help="Repository or folder to scan.")] = Path("."),
    output_format: Annotated[str, format_option("scan")] = "terminal",
    color: Annotated[ColorChoice, COLOR_OPTION] = ColorChoice.AUTO,
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
        str | None, typer.Option("--until", help="Measure as of this date (ISO, not before "
                                 "the scanned commit); the history window ends here.")
    ] = None,
) -> None:
    """Scan a repository and print its scorecard."""
    flags: dict[str, object] = {"fail_under": fail_under, "jobs": jobs}
    if no_cache:
        flags["cache"] = False
    if save and rev is None and path.is_dir() and has_uncommitted_changes(path):
        # The snapshot is stored under HEAD's commit: the work tree's edits are not HEAD.
        raise fail("--save needs a clean work tree (or --rev): the snapshot would be stored "
                   "as HEAD's although tracked files have uncommitted changes", 2)
    now = _window(scan_moment(path, rev), since, until, flags)
    report = _scan_with_progress(path, now, config, flags, rev, keep_all=baseline is not None)
    if save:
        with open_repository_store(path.resolve(), store) as snapshots:
            snapshots.save(report, now.isoformat())
    # The report carries the checks, the configuration and the owners of its scan.
    text = _render_scan(output_format, ScanInput(
        report=report, checks=report.checks, title=f"Maintainability scorecard: "
        f"{report.repository}", color=use_color(color, output), width=terminal_width(),
        owners=report_owners(report.owners)))
    write_output(text, output)
    if baseline is not None:
        _gate_on_baseline(report, baseline)
    _gate_on_floor(report, fail_under if fail_under is not None else configured_floor(report))


def _window(now: datetime, since: str | None, until: str | None,
            flags: dict[str, object]) -> datetime:
    """Apply --until (the moment measured) and --since (the history window, into ``flags``)."""
    try:
        if until is not None:
            moment = now
            now = parse_since(until, now, "--until")
            if now < moment:
                # The code scanned was committed after that moment: a history that ends
                # before it would describe code that did not exist yet.
                raise ValueError(
                    f"--until {until[:40]!r} is before the scanned commit "
                    f"({moment.date().isoformat()}): to measure the code as it was then, "
                    "scan an earlier commit with --rev")
            # The moment measured must leave room for the longest history window before it.
            shift_days(now, MAX_SPAN_DAYS, f"--until {until[:40]!r} less {MAX_SPAN_DAYS} days")
        if since is not None:
            days = max(1, (now - parse_since(since, now)).days)
            if days > MAX_SPAN_DAYS:
                raise ValueError(f"--since {since[:40]!r} reaches back more than "
                                 f"{MAX_SPAN_DAYS} days before the scan's moment")
            flags["history.since_days"] = days
    except ValueError as exc:
        raise fail(str(exc), 2) from exc
    return now


def _scan_with_progress(path: Path, now: datetime, config: Path | None,
                        flags: dict[str, object], rev: str | None, *, keep_all: bool) -> Report:
    """Scan, showing the files' progress on a terminal's stderr."""
    with Progress(console=Console(stderr=True), transient=True,
                  disable=not sys.stderr.isatty()) as progress:
        task = progress.add_task("analysing files", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        return api.scan(path, now=now, config_file=config, flags=flags, rev=rev,
                        keep_all_findings=keep_all, progress=advance)


def _gate_on_floor(report: Report, threshold: float | None) -> None:
    """Exit 1 when the overall score is below the --fail-under (or configured) floor."""
    if threshold is not None and (report.score is None or report.score < threshold):
        shown = "n/a" if report.score is None else f"{report.score:.2f}"
        typer.echo(f"scorecard: overall score {shown} is below --fail-under {threshold:g}",
                   err=True)
        raise typer.Exit(EXIT_GATE)


def configured_floor(report: Report) -> float | None:
    """Return the fail_under the report's scan was configured with (None: not set)."""
    return report.config.fail_under if report.config is not None else None


def _render_scan(name: str, given: ScanInput) -> str:
    render = reporter(name, "scan").scan
    assert render is not None  # reporter() returns only formats that render a scan
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
        found = counted(len(outcome.new) + len(outcome.worse), "finding")
        typer.echo(f"scorecard: {found} new or worse than the baseline {printable(path)} "
                   f"({count_text(len(outcome.new))} new, {count_text(len(outcome.worse))} worse)",
                   err=True)
        raise typer.Exit(EXIT_GATE)
    if outcome.improved or outcome.gone:
        write_baseline(report, path)
        typer.echo(f"baseline tightened: {outcome.improved} improved, {outcome.gone} gone",
                   err=True)


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
    report = api.scan(path, now=scan_moment(path, rev), config_file=config, keep_all_findings=True,
                      rev=rev)
    count = write_baseline(report, output)
    typer.echo(f"wrote {printable(output)} with {counted(count, 'finding')}")


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
    typer.echo(f"wrote {counted(len(badge_files(report)), 'badge file')} to {printable(output)}")


def _regression_line(item: Regression) -> str:
    """One line per finding the staged change made new or worse: where, what, the check."""
    finding = item.finding
    was = f" (was: {printable(item.before, 300)})" if item.worse and item.before else ""
    return (f"{printable(finding.location.path)}:{finding.location.line or 1}: "
            f"{printable(finding.message, 300)}{was} [{printable(item.check_id)}]")


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
    outside = [p for p in (files or []) if not p.resolve().is_relative_to(root)]
    if outside:
        # pre-commit runs the hook from the repository's root with paths inside it: a path
        # elsewhere is a mistake in how the hook is run, not a file to pass silently.
        raise fail(f"{printable(outside[0], 200)} is outside the repository at {root} (run "
                   "scorecard precommit from the repository's root, on its files)", 2)
    paths = sorted({p.resolve().relative_to(root).as_posix() for p in (files or [])})
    if baseline is None and DEFAULT_BASELINE.exists():
        baseline = DEFAULT_BASELINE
    elif baseline is not None and not baseline.exists():
        raise fail(f"baseline {baseline} does not exist (write it with `scorecard baseline`)",
                    2)
    if not paths:
        return
    found = staged_regressions(root, paths, baseline=baseline, now=datetime.now(UTC),
                               config=config)
    for item in found:
        typer.echo(_regression_line(item))
    if found:
        typer.echo(f"scorecard: {counted(len(found), 'finding')} new or worse on the changed lines "
                   f"(against {'the baseline' if baseline else 'HEAD'})", err=True)
        raise typer.Exit(EXIT_GATE)
