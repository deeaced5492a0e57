"""``scorecard org``: scan many repositories on Dask, and report on the portfolio."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from scorecard.errors import InputError
from scorecard.org.repos import RepoList, parse_repos_file
from scorecard.textsafety import printable
from scorecard.wording import count_text, counted

if TYPE_CHECKING:
    from scorecard.org.run import BatchResult

__all__ = ["org_app"]

DEFAULT_STORE = "scorecard-org.sqlite3"
DEFAULT_WORKSPACE = ".scorecard-org"

org_app = typer.Typer(
    help="Many repositories: scan them on a Dask cluster into one store, report on them.",
    no_args_is_help=True,
)

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]i?b?|b)?\s*$", re.IGNORECASE)
_SECONDS = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h)?\s*$", re.IGNORECASE)


def parse_size(text: str) -> int:
    """Parse '4GB', '512MiB', '2g' (powers of 1024) into bytes; InputError when invalid."""
    match = _SIZE.match(text)
    if not match:
        raise InputError(f"--memory-limit {text[:40]!r} is not a size such as 4GB or 512MB")
    unit = (match.group(2) or "b")[0].lower()
    value = int(float(match.group(1)) * 1024 ** "bkmgt".index(unit))
    if value < 64 * 1024**2:
        raise InputError("--memory-limit must be at least 64MB (a scan needs that much)")
    return value


def parse_seconds(text: str) -> float:
    """Parse '900', '15m', '1h' into seconds; InputError when invalid or not positive."""
    match = _SECONDS.match(text)
    if not match or float(match.group(1)) <= 0:
        raise InputError(f"--timeout {text[:40]!r} is not a duration such as 900, 15m or 1h")
    return float(match.group(1)) * {"s": 1, "m": 60, "h": 3600}[(match.group(2) or "s").lower()]


def _check_scheduler(address: str) -> str:
    if not re.match(r"^(tcp|tls|inproc|ucx)://[A-Za-z0-9_.\-\[\]:]+$", address):
        raise InputError(f"--scheduler {address[:80]!r} is not an address such as "
                         "tcp://HOST:8786")
    return address


def _check_store(store: str) -> str:
    if "://" in store and not store.startswith(("postgresql://", "postgres://")):
        raise InputError(f"--store {store.split('://')[0][:20]}:// is not supported: give a "
                         "file (SQLite) or a postgresql:// URL")
    return store


def _check_backfill(backfill: str) -> None:
    """Refuse a --backfill that is not a period such as 2y."""
    from datetime import UTC, datetime

    from scorecard.periods import parse_since

    try:
        parse_since(backfill, datetime.now(UTC), "--backfill")
    except ValueError as exc:
        raise InputError(str(exc)) from exc


def _checked_workspace(workspace: Path) -> Path:
    """Return the workspace as an absolute path; refuse one that exists but is no folder."""
    workspace = workspace.resolve()
    if workspace.exists() and not workspace.is_dir():
        raise InputError(f"--workspace {workspace} is not a folder")
    return workspace


def _org_listing(github_org: str, token: str | None, *, include_archived: bool,
                 include_forks: bool) -> RepoList:
    """List a GitHub organisation's repositories; an invalid organisation name is refused."""
    from scorecard.org.github_orgs import list_org_repos

    if not re.match(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$", github_org):
        raise InputError(f"--github-org {github_org[:60]!r} is not an organisation name")
    return RepoList(list_org_repos(github_org, token, include_archived=include_archived,
                                   include_forks=include_forks), ())


def _echo_failures(listing: RepoList, result: BatchResult) -> None:
    """Print the refused REPOS lines and the repositories that failed, on stderr."""
    for bad in listing.errors:
        typer.echo(f"line {bad.line}: {printable(bad.source, 120)}: {printable(bad.error)}",
                   err=True)
    for outcome in result.outcomes.values():
        if outcome.status == "failed":
            typer.echo(f"failed: {printable(outcome.name, 120)}: {printable(outcome.error)}",
                       err=True)


@org_app.command("scan")
def scan_command(
    repos: Annotated[Path | None, typer.Argument(
        help="REPOS file: a clone URL or local folder per line, then optionally a team and "
        "a kind.")] = None,
    github_org: Annotated[str | None, typer.Option(
        "--github-org", help="Scan a GitHub organisation's repositories (token in "
        "GITHUB_TOKEN) instead of a REPOS file.")] = None,
    include_archived: Annotated[bool, typer.Option(
        "--include-archived", help="With --github-org: archived repositories too.")] = False,
    include_forks: Annotated[bool, typer.Option(
        "--include-forks", help="With --github-org: forks too.")] = False,
    workspace: Annotated[Path, typer.Option(
        "--workspace", help="Folder of the partial clones, reused on the next run.")]
    = Path(DEFAULT_WORKSPACE),
    store: Annotated[str, typer.Option(
        "--store", help="Snapshot store: a SQLite file or a postgresql:// URL.")]
    = DEFAULT_STORE,
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", help="An existing Dask scheduler (tcp://HOST:8786); default: a "
        "LocalCluster on this machine.")] = None,
    workers: Annotated[int, typer.Option(
        "--workers", min=0, max=1024, help="LocalCluster workers (0 = one per core).")] = 0,
    timeout: Annotated[str, typer.Option(
        "--timeout", help="Per-repository deadline (clone, fetch and scan): 900, 15m, 1h.")]
    = "30m",
    memory_limit: Annotated[str, typer.Option(
        "--memory-limit", help="Per-repository scan memory (address space): 4GB, 512MB.")]
    = "4GB",
    backfill: Annotated[str | None, typer.Option(
        "--backfill", help="Also scan the quarter ends this far back (e.g. 2y).")] = None,
) -> None:
    """Scan every repository of a REPOS file or a GitHub organisation on Dask."""
    from scorecard.org.run import Cluster, run_batch
    from scorecard.org.task import TaskSettings

    if (repos is None) == (github_org is None):
        raise InputError("give a REPOS file or --github-org NAME (one of them)")
    _check_store(store)
    seconds = parse_seconds(timeout)
    memory = parse_size(memory_limit)
    if scheduler is not None:
        _check_scheduler(scheduler)
        if "://" not in store:
            raise InputError("--scheduler needs a shared store: give --store postgresql://...")
    if backfill is not None:
        _check_backfill(backfill)
    workspace = _checked_workspace(workspace)
    token = os.environ.get("GITHUB_TOKEN") or None
    if github_org is not None:
        listing = _org_listing(github_org, token, include_archived=include_archived,
                               include_forks=include_forks)
    else:
        assert repos is not None
        listing = parse_repos_file(repos, workspace=workspace)
    if not listing.repos and not listing.errors:
        raise InputError("no repositories to scan")
    settings = TaskSettings(workspace=str(workspace), timeout=seconds, memory_bytes=memory,
                            token=token, backfill=backfill,
                            git_seconds=min(seconds, 600.0))
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=Console(stderr=True), transient=True,
                  disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task("starting the cluster", total=len(listing.repos))

        def progress(done: int, running: int, failed: int, total: int) -> None:
            bar.update(task, completed=done, total=total,
                       description=f"done {done}, running {running}, failed {failed}")

        result = run_batch(listing.repos, listing.errors, store_spec=store, settings=settings,
                           cluster=Cluster(scheduler, workers), progress=progress)
    _echo_failures(listing, result)
    repositories = counted(len(result.outcomes), "repository", "repositories")
    typer.echo(f"{repositories} on {counted(result.workers, 'worker')} in "
               f"{result.wall_seconds:.1f} s: {count_text(result.count('ok'))} scanned, "
               f"{count_text(result.count('skipped'))} already stored, "
               f"{count_text(result.count('failed'))} failed, "
               f"{counted(len(listing.errors), 'line')} refused")


@org_app.command("report")
def report_command(
    store: Annotated[str, typer.Option(
        "--store", help="Snapshot store: a SQLite file or a postgresql:// URL.")]
    = DEFAULT_STORE,
    output: Annotated[str, typer.Option("--output", "-o", help="HTML file to write.")]
    = "scorecard-org.html",
    json_output: Annotated[str | None, typer.Option(
        "--json", help="Also write the data as JSON here.")] = None,
    csv_output: Annotated[str | None, typer.Option(
        "--csv", help="Also write one row per repository as CSV here.")] = None,
    title: Annotated[str, typer.Option("--title", help="Page title.")]
    = "Maintainability across the organisation",
) -> None:
    """Write the portfolio page: pillars by team, distribution, movers, riskiest files."""
    from scorecard.org.report import (
        build_org_data,
        render_org_csv,
        render_org_html,
        render_org_json,
    )
    from scorecard.org.repos import store_repository
    from scorecard.output import write_output
    from scorecard.stores import open_store

    _check_store(store)
    if "://" not in store and not Path(store).is_file():
        raise InputError(f"no org store at {store} (run `scorecard org scan` first)")
    with open_store(Path("."), store, create=False,
                    repository=store_repository(Path("."), store)) as snapshots:
        data = build_org_data(snapshots, title=title)
    write_output(render_org_html(data), output)
    if json_output is not None:
        write_output(render_org_json(data), json_output)
    if csv_output is not None:
        write_output(render_org_csv(data), csv_output)
    if output != "-":
        typer.echo(f"wrote {printable(output)} "
                   f"({counted(len(data.repositories), 'repository', 'repositories')})")
