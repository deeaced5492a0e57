"""The composite action's own scripts, run step by step against a shallow clone and a fake API.

A small stand-in for the Actions runner evaluates the `${{ ... }}` expressions the action
uses (inputs, the event, step outputs), the `if:` conditions, and runs each `run:` script
with bash as the runner would. The install step is replaced by the package under test (it
would download from a package index) and the artifact upload is skipped; everything else is
the real action.yml.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from scorecard.reporters.comment import marker
from tests.github_support import REPO, TOKEN, FakeGitHub, serve
from tests.gitrepo import GitRepo, hermetic_env

# Runs the Action's own scripts end to end against a local fake GitHub API.
pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parent.parent
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
_EXPR = re.compile(r"\$\{\{\s*(.+?)\s*\}\}")


@dataclass
class Run:
    """What one run of the action did."""

    outputs: dict[str, str]
    ran: list[str]
    failed_step: str | None
    code: int
    log: str
    step_outputs: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)


def lookup(context: Mapping[str, Any], path: str) -> str:
    value: Any = context
    for part in path.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return "" if value is None else str(value)


def condition(expression: str, context: Mapping[str, Any]) -> bool:
    """Evaluate the `&&` chains of `==` / `!=` comparisons and always() the action uses."""
    expression = _EXPR.sub(lambda m: m.group(1), expression)
    for term in (t.strip() for t in expression.split("&&")):
        if term == "always()":
            continue
        match = re.fullmatch(r"([\w.-]+)\s*(==|!=)\s*'([^']*)'", term)
        assert match, f"the test runner does not understand the condition {term!r}"
        equal = lookup(context, match.group(1)) == match.group(3)
        if equal != (match.group(2) == "=="):
            return False
    return True


def run_action(inputs: dict[str, str], event: dict[str, Any], workspace: Path,
               fake: FakeGitHub, tmp_path: Path) -> Run:
    defaults = {name: str(spec.get("default", "")) for name, spec in ACTION["inputs"].items()}
    given = {**defaults, "token": TOKEN, **inputs}
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir(exist_ok=True)
    event_path = tmp_path / "event.json"
    event_path.write_text(json.dumps(event), encoding="utf-8")
    wrapper = tmp_path / "scorecard-bin"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m scorecard "$@"\n')
    wrapper.chmod(0o755)
    context: dict[str, Any] = {"inputs": given, "github": {"event": event,
                                                        "action_path": str(ROOT)},
                               "steps": {"install": {"outputs": {"scorecard": str(wrapper)}}}}
    base_env = hermetic_env()
    base_env = {k: v for k, v in base_env.items()
                if not k.startswith(("GITHUB_", "SCORECARD_", "RUNNER_"))}
    base_env.update({"RUNNER_TEMP": str(runner_temp), "GITHUB_EVENT_PATH": str(event_path),
                     "GITHUB_REPOSITORY": REPO, "GITHUB_API_URL": fake.base_url,
                     "GITHUB_ACTIONS": "true", "GITHUB_SERVER_URL": "https://github.com",
                     "GITHUB_RUN_ID": "77", "PYTHONPATH": str(ROOT),
                     "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md")})
    ran: list[str] = []
    log: list[str] = []
    for index, step in enumerate(ACTION["runs"]["steps"]):
        step_id = step.get("id", f"step{index}")
        if step_id == "install" or "run" not in step:
            continue
        if "if" in step and not condition(step["if"], context):
            continue
        env = dict(base_env)
        env.update({name: _EXPR.sub(lambda m: lookup(context, m.group(1)), str(value))
                    for name, value in step.get("env", {}).items()})
        output_file = tmp_path / f"output-{step_id}"
        output_file.write_text("", encoding="utf-8")
        env["GITHUB_OUTPUT"] = str(output_file)
        folder = workspace / _EXPR.sub(lambda m: lookup(context, m.group(1)),
                                       step.get("working-directory", "."))
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c",
                               step["run"]], cwd=folder, env=env, capture_output=True,
                              text=True, timeout=300, check=False)
        ran.append(step_id)
        log.append(done.stdout + done.stderr)
        outputs = dict(line.split("=", 1) for line in
                       output_file.read_text(encoding="utf-8").splitlines() if "=" in line)
        context["steps"][step_id] = {"outputs": outputs}
        if done.returncode != 0:
            return Run(collect(context), ran, step_id, done.returncode, "".join(log),
                       context["steps"])
    return Run(collect(context), ran, None, 0, "".join(log), context["steps"])


def collect(context: Mapping[str, Any]) -> dict[str, str]:
    return {name: _EXPR.sub(lambda m: lookup(context, m.group(1)), spec["value"])
            for name, spec in ACTION["outputs"].items()}


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    github = FakeGitHub()
    server, url = serve(github)
    github.base_url = url
    yield github
    server.shutdown()
    server.server_close()


CLEAN = '"""Cart."""\n\n\ndef total(items):\n    """Sum the items."""\n    return sum(items)\n'
TANGLED = "def tangle(x, a, b, c, d, e, f):\n" + "".join(
    f"{'    ' * (i + 1)}if x > {i}:\n" for i in range(8)) + f"{'    ' * 9}return x\n    return 0\n"


@pytest.fixture
def shallow_pr(tmp_path: Path) -> tuple[Path, str, str]:
    """A repository with a base and a PR head commit, cloned shallow at the head."""
    origin = GitRepo.create(tmp_path / "origin")
    base = origin.commit({"shop/cart.py": CLEAN}, message="base")
    head = origin.commit({"shop/tangle.py": TANGLED}, message="add tangle")
    clone = tmp_path / "workspace"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{origin.root}", str(clone)],
                   env=hermetic_env(), check=True, capture_output=True)
    return clone, base, head


def pr_event(base: str, head: str, head_repo: str = REPO) -> dict[str, Any]:
    return {"number": 5, "pull_request": {
        "number": 5, "base": {"sha": base}, "head": {"sha": head,
                                                     "repo": {"full_name": head_repo}}}}


def test_pull_request_run_fetches_base_posts_and_fails_the_gate(
        shallow_pr: tuple[Path, str, str], fake: FakeGitHub, tmp_path: Path) -> None:
    workspace, base, head = shallow_pr
    inputs = {"fail-on-regression": "pillar"}
    first = run_action(inputs, pr_event(base, head), workspace, fake, tmp_path)
    assert (first.failed_step, first.code) == ("gate", 1), first.log
    assert first.ran == ["prepare", "base", "scorecard", "gate"]
    assert "quality gate failed" in first.log
    assert first.outputs["gate"] == "failed"
    assert first.outputs["exit-code"] == "1"
    assert re.fullmatch(r"\d+\.\d\d", first.outputs["score"])
    assert first.outputs["comment-action"] == "created"
    # The base was fetched into the shallow clone; the comment names both commits.
    posted = [b for b in fake.bodies(5) if b.startswith(marker())]
    assert len(posted) == 1 and f"`{base[:10]}` → `{head[:10]}`" in posted[0]
    assert "https://github.com/acme/shop/actions/runs/77" in posted[0]
    artifact = Path(first.step_outputs["prepare"]["outputs"]["dir"])
    assert (artifact / "comment.md").read_text(encoding="utf-8") == posted[0]
    written = json.loads((artifact / "diff.json").read_text(encoding="utf-8"))
    assert written["gate"]["passed"] is False
    assert (artifact / "pr-number").read_text().strip() == "5"
    assert TOKEN not in first.log

    again = run_action(inputs, pr_event(base, head), workspace, fake, tmp_path)
    assert again.outputs["comment-action"] == "unchanged"
    assert len([b for b in fake.bodies(5) if b.startswith(marker())]) == 1
    assert len(fake.calls("POST")) == 1


def test_unshallow_and_no_gate(shallow_pr: tuple[Path, str, str], fake: FakeGitHub,
                               tmp_path: Path) -> None:
    workspace, base, head = shallow_pr
    done = run_action({"fetch-depth": "0", "id": "shop/api"}, pr_event(base, head), workspace,
                      fake, tmp_path)
    assert done.failed_step is None, done.log
    assert done.outputs["gate"] == "none"
    shallow = subprocess.run(["git", "rev-parse", "--is-shallow-repository"], cwd=workspace,
                             capture_output=True, text=True, check=True).stdout.strip()
    assert shallow == "false"
    assert fake.bodies(5)[0].startswith(marker("shop/api"))
    assert done.step_outputs["prepare"]["outputs"]["artifact"] == "scorecard-shop-api"


def test_push_event_only_writes_the_summary(shallow_pr: tuple[Path, str, str],
                                            fake: FakeGitHub, tmp_path: Path) -> None:
    workspace, base, _ = shallow_pr
    done = run_action({"base": base}, {"ref": "refs/heads/main"}, workspace, fake, tmp_path)
    assert done.failed_step is None, done.log
    assert fake.requests == []
    assert (tmp_path / "summary.md").read_text(encoding="utf-8").startswith(marker())


def test_no_base_is_a_clear_error(shallow_pr: tuple[Path, str, str], fake: FakeGitHub,
                                  tmp_path: Path) -> None:
    workspace, _, _ = shallow_pr
    done = run_action({}, {"ref": "refs/heads/main"}, workspace, fake, tmp_path)
    assert done.failed_step == "base" and done.code == 2
    assert "set the 'base' input" in done.log


def test_fork_pair_scan_then_post(shallow_pr: tuple[Path, str, str], fake: FakeGitHub,
                                  tmp_path: Path) -> None:
    workspace, base, head = shallow_pr
    scan_dir = tmp_path / "scan"
    scan_dir.mkdir()
    scan = run_action({"comment": "false"}, pr_event(base, head, "someone/shop"), workspace,
                      fake, scan_dir)
    assert scan.failed_step is None, scan.log
    assert fake.requests == []
    artifact = Path(scan.step_outputs["prepare"]["outputs"]["dir"])
    fake.heads[5] = head
    post_dir = tmp_path / "post"
    post_dir.mkdir()
    number = (artifact / "pr-number").read_text().strip()
    post = run_action({"from": str(artifact / "comment.md"), "pr": number, "expect-head": head},
                      {"workflow_run": {"head_sha": head, "pull_requests": []}}, post_dir, fake,
                      post_dir)
    assert post.failed_step is None, post.log
    assert post.ran == ["prepare", "scorecard"]
    assert post.outputs["comment-action"] == "created"
    assert fake.bodies(5) == [(artifact / "comment.md").read_text(encoding="utf-8")]
