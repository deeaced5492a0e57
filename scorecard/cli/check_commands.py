"""The commands that describe the checks: checks (the list) and explain (one check, or risk)."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Annotated

import typer

from scorecard import api
from scorecard.cli.cli_options import (
    fail,
    folder,
    terminal_width,
)
from scorecard.errors import InputError
from scorecard.risk.explain import explain_model
from scorecard.safejson import load_json
from scorecard.scoring.definitions import CheckDefinition, describe_scorer
from scorecard.serialisation import report_from_dict
from scorecard.textsafety import printable

__all__ = ["explain", "list_checks"]


_REPORT_OPTION = typer.Option(
    "--report", help="A JSON report (scan --format json): the checks as that scan scored "
    "them, instead of loading the configuration.")


def _report_checks(source: Path) -> tuple[CheckDefinition, ...]:
    """Return the checks a saved JSON report was scored with; InputError when it has none."""
    try:
        data = load_json(source.read_bytes())
        report = report_from_dict(data) if isinstance(data, dict) else None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"cannot read the report {source}: {exc}") from exc
    if report is None or not report.checks:
        raise InputError(f"the report {source} carries no checks (a report of format 1, or "
                         "not a scorecard report): scan again, or leave out --report")
    return report.checks


def _checks(path: Path, config: Path | None, report: Path | None) -> tuple[CheckDefinition, ...]:
    """Return the checks of a saved report, or those the folder's configuration selects."""
    if report is not None:
        return _report_checks(report)
    # Check definitions may come from the scanned repository's own check folders.
    return api.load_effective_checks(folder(path), config_file=config).checks


def list_checks(
    path: Annotated[Path, typer.Argument(help="Folder whose configuration applies.")] = Path("."),
    config: Annotated[Path | None, typer.Option("--config", help="Config file.")] = None,
    report: Annotated[Path | None, _REPORT_OPTION] = None,
) -> None:
    """List every check with its pillar, weight and one-line description."""
    checks = _checks(path, config, report)
    ids = {c.id: printable(c.id, 100) for c in checks}
    width = max((len(shown) for shown in ids.values()), default=10)
    columns = terminal_width()
    # The description wraps under itself to the terminal's width; the id is never cut.
    indent = width + 2 + 12 + 2 + 6 + 2
    room = max(20, columns - indent)
    typer.echo(f"{'CHECK':<{width}}  {'PILLAR':<12}  {'WEIGHT':>6}  DESCRIPTION")
    for check in checks:
        weight = f"{check.weight:g}" if check.enabled else "off"
        lines = textwrap.wrap(printable(check.short, 300), room) or [""]
        typer.echo(f"{ids[check.id]:<{width}}  {check.pillar.value:<12}  {weight:>6}  "
                   f"{lines[0]}")
        for line in lines[1:]:
            typer.echo(" " * indent + line)


def explain(
    check_id: Annotated[str, typer.Argument(
        help="Check id, as listed by `scorecard checks`, or 'risk' for the risk model.")],
    path: Annotated[Path, typer.Option("--path", help="Folder whose configuration applies.")]
    = Path("."),
    config: Annotated[Path | None, typer.Option("--config", help="Config file.")] = None,
    report: Annotated[Path | None, _REPORT_OPTION] = None,
) -> None:
    """Explain a check: what it measures, why, its thresholds and how to improve.

    `scorecard explain risk` explains the risk model behind the riskiest-files ranking.
    """
    if check_id == "risk":
        typer.echo(explain_model(), nl=False)
        return
    checks = _checks(path, config, report)
    matches = [c for c in checks if c.id == check_id]
    if not matches:
        close = [c.id for c in checks if check_id.split(".")[-1] in c.id]
        hint = f" (did you mean: {', '.join(close)})" if close else ""
        raise fail(f"no check '{check_id[:100]}'{hint}; list them with `scorecard checks`", 2)
    check = matches[0]
    thresholds = describe_scorer(check.scorer)
    metric = api.all_metrics().get(check.metric)
    if metric is None:  # a report of another version may name a metric this one lacks
        _explain_check(check, check.metric, "(not measured by this version)", "", thresholds)
        return
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
