"""The GitHub Actions environment a command runs in, and what it writes back to the run.

Reads the repository, pull request, API URL, token and fork status from the workflow's
environment and event file; writes the job summary, the step outputs and workflow warnings.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scorecard.diff import GateResult, ReportDiff
from scorecard.github.github_api import DEFAULT_API_URL, GitHubSetupError
from scorecard.safejson import load_json

__all__ = [
    "ActionsContext",
    "actions_context",
    "score_outputs",
    "workflow_warning",
    "write_outputs",
    "write_step_summary",
]


@dataclass(frozen=True)
class ActionsContext:
    """What the GitHub Actions environment says about this run (all optional outside it)."""

    repository: str | None
    pull_request: int | None
    api_url: str
    token: str | None = field(repr=False)
    fork: bool = False
    head_sha: str | None = None
    step_summary: Path | None = None
    output: Path | None = None
    run_url: str | None = None
    in_actions: bool = False


def _event(environ: Mapping[str, str]) -> Mapping[str, Any]:
    path = environ.get("GITHUB_EVENT_PATH")
    if not path:
        return {}
    try:
        data = load_json(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise GitHubSetupError(f"cannot read the workflow event file: {exc}") from exc
    return data if isinstance(data, Mapping) else {}


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _pull_request(event: Mapping[str, Any]) -> Mapping[str, Any]:
    return _mapping(event.get("pull_request"))


def _event_number(event: Mapping[str, Any]) -> int | None:
    candidates: list[object] = [_pull_request(event).get("number")]
    issue = event.get("issue")
    if isinstance(issue, Mapping) and "pull_request" in issue:
        candidates.append(issue.get("number"))
    run = event.get("workflow_run")
    if isinstance(run, Mapping) and isinstance(run.get("pull_requests"), list):
        # workflow_run lists same-repository pull requests only; a fork's list is empty.
        candidates.extend(p.get("number") for p in run["pull_requests"] if isinstance(p, Mapping))
    return next((c for c in candidates if isinstance(c, int) and c > 0), None)


def actions_context(environ: Mapping[str, str] | None = None, *, repository: str | None = None,
                    pull_request: int | None = None) -> ActionsContext:
    """Read the repository, pull request, API URL and token from the Actions environment.

    Explicit ``repository`` and ``pull_request`` win over what the environment says.
    """
    env = os.environ if environ is None else environ
    event = _event(env)
    pull = _pull_request(event)
    head = _mapping(pull.get("head"))
    head_repo = head.get("repo") if isinstance(head.get("repo"), Mapping) else None
    base_repository = env.get("GITHUB_REPOSITORY") or None
    # A deleted fork leaves head.repo null: treat it as a fork, it is certainly not ours.
    fork = bool(pull) and (head_repo is None or head_repo.get("full_name") != base_repository)
    server, run_id = env.get("GITHUB_SERVER_URL"), env.get("GITHUB_RUN_ID")
    run_url = (f"{server.rstrip('/')}/{base_repository}/actions/runs/{run_id}"
               if server and base_repository and run_id and run_id.isdigit() else None)
    return ActionsContext(
        repository=repository or base_repository,
        pull_request=pull_request if pull_request is not None else _event_number(event),
        api_url=env.get("GITHUB_API_URL") or DEFAULT_API_URL,
        token=env.get("GITHUB_TOKEN") or None,
        fork=fork,
        head_sha=head.get("sha") if isinstance(head.get("sha"), str) else None,
        step_summary=Path(env["GITHUB_STEP_SUMMARY"]) if env.get("GITHUB_STEP_SUMMARY") else None,
        output=Path(env["GITHUB_OUTPUT"]) if env.get("GITHUB_OUTPUT") else None,
        run_url=run_url,
        in_actions=env.get("GITHUB_ACTIONS") == "true",
    )


def workflow_warning(message: str, in_actions: bool) -> str:
    """Format a warning: an Actions annotation inside a workflow, a plain line outside."""
    if not in_actions:
        return f"scorecard: warning: {message}"
    # Workflow commands end at a newline; these escapes are the runner's own encoding.
    data = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return f"::warning title=scorecard::{data}"


def write_step_summary(context: ActionsContext, markdown: str) -> bool:
    """Append ``markdown`` to the job summary when the run has one; return whether it did."""
    if context.step_summary is None:
        return False
    with context.step_summary.open("a", encoding="utf-8") as stream:
        stream.write(markdown if markdown.endswith("\n") else markdown + "\n")
    return True


def write_outputs(context: ActionsContext, values: Mapping[str, str]) -> bool:
    """Append step outputs (name=value lines) when the run has an output file."""
    if context.output is None:
        return False
    lines = []
    for name, value in values.items():
        # One line per output: a newline in a value would let it set another output.
        flat = value.replace("\r", " ").replace("\n", " ")
        lines.append(f"{name}={flat}\n")
    with context.output.open("a", encoding="utf-8") as stream:
        stream.writelines(lines)
    return True


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def score_outputs(diff: ReportDiff, gate: GateResult | None) -> dict[str, str]:
    """Return the step outputs of a diff: scores, delta, grade, per-pillar scores, gate."""
    values = {
        "score": _number(diff.head.score),
        "base-score": _number(diff.base.score),
        "delta": _number(diff.overall_delta),
        "grade": diff.head.grade or "",
        "gate": "none" if gate is None else ("passed" if gate.passed else "failed"),
        "new-findings": str(len(diff.findings)),
    }
    for pillar in diff.pillars:
        values[pillar.pillar.value] = _number(pillar.head_score)
    return values
