"""The commands about a change: diff (two commits compared) and comment (the sticky PR comment)."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from scorecard import api
from scorecard.cli.cli_options import (
    COLOR_OPTION,
    ColorChoice,
    fail,
    format_option,
    terminal_width,
    use_color,
)
from scorecard.cli.scan_commands import configured_floor
from scorecard.diff import REGRESSION_SCOPES, GateResult, ReportDiff, evaluate_gates
from scorecard.errors import (
    EXIT_GATE,
    ConfigError,
    InputError,
)
from scorecard.github import (
    COMMAND_DEADLINE,
    ActionsContext,
    CommentMode,
    actions_context,
    publish_comment,
    score_outputs,
    workflow_warning,
    write_outputs,
    write_step_summary,
)
from scorecard.output import write_output
from scorecard.reporters.comment import comment_from_text, render_comment, validate_marker_id
from scorecard.reporters.diff_report import (
    render_diff_json,
)
from scorecard.reporters.registry import reporter
from scorecard.reporters.renderer import DiffInput
from scorecard.textsafety import printable

__all__ = ["comment_command", "diff_command"]


def _render_diff(name: str, given: DiffInput) -> str:
    render = reporter(name, "diff").diff
    assert render is not None  # reporter() returns only formats that render a diff
    return render(given)


def diff_command(
    base: Annotated[str, typer.Argument(help="Base commit (e.g. origin/main).")],
    head: Annotated[str | None, typer.Argument(help="Head commit (default: the work tree).")]
    = None,
    path: Annotated[Path, typer.Option("--path", help="Repository.")] = Path("."),
    output_format: Annotated[str, format_option("diff")] = "terminal",
    output: Annotated[str | None, typer.Option("--output", "-o", help="Write here.")] = None,
    color: Annotated[ColorChoice, COLOR_OPTION] = ColorChoice.AUTO,
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
        raise fail(f"--fail-on-regression must be one of {', '.join(REGRESSION_SCOPES)}", 2)
    result = api.diff(path, base, head, now=datetime.now(UTC), config_file=config)
    gate = None
    if fail_under is not None or fail_on_regression is not None:
        gate = evaluate_gates(result, fail_under=fail_under,
                              fail_on_regression=fail_on_regression)
    text = _render_diff(output_format, DiffInput(
        diff=result, gate=gate, checks=result.head.checks, color=use_color(color, output),
        width=terminal_width()))
    write_output(text, output)
    _fail_on_gate(gate)


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
    _check_comment_options(marker_id, base, from_file, fail_on_regression)
    context = actions_context(repository=repo, pull_request=pr)
    outputs: dict[str, str] = {}
    gate = None
    if from_file is not None:
        body = comment_from_text(_read_comment_file(from_file), marker_id)
    else:
        assert base is not None  # checked above; narrows the type
        result = api.diff(path, base, head, now=datetime.now(UTC), config_file=config)
        gate = _comment_gate(result, fail_under, fail_on_regression)
        body = _comment_body(result, gate, marker_id, report_url or context.run_url)
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
            outputs.update(_post(context, body, marker_id, mode, expect_head, deadline))
    finally:
        # Outputs are written even when posting failed, so later steps can still gate.
        write_outputs(context, outputs)
    _fail_on_gate(gate)


def _check_comment_options(marker_id: str, base: str | None, from_file: Path | None,
                           fail_on_regression: str | None) -> None:
    """Refuse a bad --id, BASE and --from together (or neither), an unknown regression scope."""
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


def _comment_gate(result: ReportDiff, fail_under: float | None,
                  fail_on_regression: str | None) -> GateResult | None:
    """Return the gate of the comment (None when no gate is set)."""
    if fail_under is None:
        # A floor set in the configuration gates the comment as it gates `scan`.
        fail_under = configured_floor(result.head)
    if fail_under is None and fail_on_regression is None:
        return None
    return evaluate_gates(result, fail_under=fail_under, fail_on_regression=fail_on_regression)


def _comment_body(result: ReportDiff, gate: GateResult | None, marker_id: str,
                  report_url: str | None) -> str:
    """Render the comment; a --report-url it cannot link to is a configuration error."""
    try:
        return render_comment(result, marker_id=marker_id, gate=gate,
                              full_report_url=report_url)
    except ValueError as exc:
        raise ConfigError([f"--report-url: {exc}"], source="options") from exc


def _post(context: ActionsContext, body: str, marker_id: str, mode: CommentMode,
          expect_head: str | None, deadline: float) -> dict[str, str]:
    """Publish the comment, say what happened, and return the step outputs about it."""
    outcome = publish_comment(context, body, marker_id=marker_id, mode=mode,
                              expect_head=expect_head, deadline=deadline,
                              log=lambda message: typer.echo(printable(message), err=True))
    comment = outcome.comment
    if outcome.action == "skipped":
        typer.echo(workflow_warning(f"comment not posted: {printable(outcome.reason)}",
                                    context.in_actions))
    else:
        where = comment.url if comment else ""
        typer.echo(f"scorecard: comment {outcome.action} {printable(where)}".rstrip(), err=True)
    return {"comment-action": outcome.action,
            "comment-id": str(comment.id) if comment else "",
            "comment-url": comment.url if comment else ""}


def _fail_on_gate(gate: GateResult | None) -> None:
    """Exit 1 with the gate's reasons when a gate was set and failed."""
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
