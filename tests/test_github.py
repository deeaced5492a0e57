"""The GitHub client against a local fake of the issue-comments API (127.0.0.1 only).

The fake implements what the client uses: list with Link-header pagination, create, update,
delete, a pull request's head, and scripted failures (403, 404, 422, 5xx, 429 with
Retry-After). Tests assert on the requests it received: the comment is updated in place
across runs and never duplicated, and the token never shows up in anything printed.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from scorecard.github import (
    EXIT_GITHUB,
    FORK_HINT,
    ActionsContext,
    CommentMode,
    ForbiddenError,
    GitHubClient,
    GitHubError,
    GitHubSetupError,
    RetryPolicy,
    actions_context,
    post_comment,
    publish_comment,
    workflow_warning,
    write_outputs,
    write_step_summary,
)
from scorecard.reporters.comment import marker
from tests.github_support import REPO, TOKEN, Failure, FakeGitHub, serve

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    github = FakeGitHub()
    server, url = serve(github)
    github.base_url = url
    yield github
    server.shutdown()
    server.server_close()


@dataclass
class Recorder:
    """Stands in for time.sleep and the log, so tests neither wait nor lose a line."""

    waits: list[float] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)

    def log(self, line: str) -> None:
        self.lines.append(line)


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


def client_for(fake: FakeGitHub, recorder: Recorder, **kwargs: Any) -> GitHubClient:
    return GitHubClient(REPO, TOKEN, api_url=fake.base_url, sleep=recorder.sleep,
                        log=recorder.log, clock=lambda: 1_000_000.0, **kwargs)


def body(text: str, marker_id: str = "default", digest: str | None = None) -> str:
    tail = f"\n<!-- scorecard-digest:{digest} -->\n" if digest else "\n"
    return f"{marker(marker_id)}\n{text}{tail}"


# --- the sticky comment ---------------------------------------------------------------------


def test_one_comment_is_updated_in_place_across_runs(fake: FakeGitHub,
                                                     recorder: Recorder) -> None:
    for i in range(4):
        fake.add(7, f"human comment {i}", login=f"user{i}", kind="User")
    fake.add(7, body("another subproject", "web"))  # a different id is someone else's
    client = client_for(fake, recorder)
    outcomes = [post_comment(client, 7, body(f"run {run}"), marker_id="default")
                for run in range(3)]
    assert [o.action for o in outcomes] == ["created", "updated", "updated"]
    assert fake.bodies(7).count(body("run 2")) == 1
    assert sum(b.startswith(marker()) for b in fake.bodies(7)) == 1
    assert len(fake.calls("POST")) == 1
    patched = {r.path for r in fake.calls("PATCH")}
    assert patched == {f"/repos/{REPO}/issues/comments/{outcomes[0].comment.id}"}  # type: ignore[union-attr]
    assert not fake.calls("DELETE")
    assert body("another subproject", "web") in fake.bodies(7)
    # Six comments at three per page: every run read every page.
    assert all(r.authorization == f"Bearer {TOKEN}" for r in fake.requests)


def test_list_follows_link_pagination(fake: FakeGitHub, recorder: Recorder) -> None:
    for i in range(8):
        fake.add(3, f"comment {i}")
    comments = client_for(fake, recorder).list_comments(3)
    assert [c.body for c in comments] == [f"comment {i}" for i in range(8)]
    pages = [r.query.get("page", ["1"])[0] for r in fake.calls("GET")]
    assert pages == ["1", "2", "3"]
    assert fake.calls("GET")[0].query["per_page"] == ["100"]


def test_pagination_to_another_host_is_refused(fake: FakeGitHub, recorder: Recorder) -> None:
    for i in range(5):
        fake.add(3, f"comment {i}")
    fake.link_host = "https://evil.example"
    with pytest.raises(GitHubError, match="another host"):
        client_for(fake, recorder).list_comments(3)
    assert len(fake.requests) == 1


def test_redirect_to_another_origin_is_not_followed(fake: FakeGitHub,
                                                    recorder: Recorder) -> None:
    other = FakeGitHub()
    server, url = serve(other)
    try:
        fake.redirect_to = url  # same machine, other port: another origin
        with pytest.raises(GitHubError, match="301"):
            client_for(fake, recorder).list_comments(3)
        assert other.requests == []
    finally:
        server.shutdown()
        server.server_close()


def test_identical_body_is_not_patched(fake: FakeGitHub, recorder: Recorder) -> None:
    client = client_for(fake, recorder)
    post_comment(client, 7, body("same"), marker_id="default")
    outcome = post_comment(client, 7, body("same"), marker_id="default")
    assert outcome.action == "unchanged"
    assert not fake.calls("PATCH")


def test_skip_if_unchanged_compares_content_not_commits(fake: FakeGitHub,
                                                       recorder: Recorder) -> None:
    client = client_for(fake, recorder)
    post_comment(client, 7, body("at abc", digest="aa11"), marker_id="default")
    skip = CommentMode.SKIP_IF_UNCHANGED
    same = post_comment(client, 7, body("at def", digest="aa11"), marker_id="default", mode=skip)
    assert same.action == "unchanged"
    assert not fake.calls("PATCH")
    moved = post_comment(client, 7, body("at ghi", digest="bb22"), marker_id="default", mode=skip)
    assert moved.action == "updated"
    assert fake.bodies(7) == [body("at ghi", digest="bb22")]


def test_recreate_deletes_then_creates(fake: FakeGitHub, recorder: Recorder) -> None:
    client = client_for(fake, recorder)
    first = post_comment(client, 7, body("one"), marker_id="default")
    second = post_comment(client, 7, body("two"), marker_id="default",
                          mode=CommentMode.RECREATE)
    assert second.action == "created"
    assert second.comment and first.comment and second.comment.id != first.comment.id
    assert fake.bodies(7) == [body("two")]
    methods = [r.method for r in fake.requests if r.method != "GET"]
    assert methods == ["POST", "DELETE", "POST"]


def test_duplicates_left_by_a_race_are_removed(fake: FakeGitHub, recorder: Recorder) -> None:
    fake.add(7, body("copy 1"))
    fake.add(7, body("copy 2"))
    quoted = f"> {marker()}\nI quote the marker"  # not on the first line: left alone
    fake.add(7, quoted, login="someone", kind="User")
    outcome = post_comment(client_for(fake, recorder), 7, body("fresh"), marker_id="default")
    assert outcome.action == "updated"
    assert fake.bodies(7) == [body("fresh"), quoted]


def test_ids_keep_separate_comments(fake: FakeGitHub, recorder: Recorder) -> None:
    client = client_for(fake, recorder)
    for run in range(2):
        for project in ("api", "web"):
            post_comment(client, 9, body(f"{project} {run}", project), marker_id=project)
    assert sorted(fake.bodies(9)) == [body("api 1", "api"), body("web 1", "web")]
    assert len(fake.calls("POST")) == 2


def test_body_must_start_with_its_marker(fake: FakeGitHub, recorder: Recorder) -> None:
    with pytest.raises(ValueError):
        post_comment(client_for(fake, recorder), 7, body("x", "web"), marker_id="default")


# --- errors and retries ---------------------------------------------------------------------


def test_server_error_then_success_is_retried_with_backoff(fake: FakeGitHub,
                                                          recorder: Recorder) -> None:
    fake.add(7, "hello")
    fake.failures.append(Failure("GET", r".*/comments", 500, times=2))
    comments = client_for(fake, recorder).list_comments(7)
    assert [c.body for c in comments] == ["hello"]
    assert len(fake.calls("GET")) == 3
    assert recorder.waits == [2.0, 4.0]
    assert "retrying in 2 s" in recorder.lines[0]


def test_create_that_landed_before_a_5xx_is_not_posted_twice(fake: FakeGitHub,
                                                            recorder: Recorder) -> None:
    fake.failures.append(Failure("POST", r".*/comments", 502, store_first=True))
    outcome = post_comment(client_for(fake, recorder), 7, body("once"), marker_id="default")
    assert outcome.action == "created" and outcome.comment is not None
    assert fake.bodies(7) == [body("once")]
    assert len(fake.calls("POST")) == 1


def test_create_that_did_not_land_is_retried(fake: FakeGitHub, recorder: Recorder) -> None:
    fake.failures.append(Failure("POST", r".*/comments", 503))
    post_comment(client_for(fake, recorder), 7, body("once"), marker_id="default")
    assert fake.bodies(7) == [body("once")]
    assert len(fake.calls("POST")) == 2


def test_persistent_server_errors_end_with_a_clear_error(fake: FakeGitHub,
                                                        recorder: Recorder) -> None:
    fake.failures.append(Failure("GET", r".*", 500, times=99))
    with pytest.raises(GitHubError, match="after 3 attempts") as info:
        client_for(fake, recorder, retry=RetryPolicy(attempts=3)).list_comments(7)
    assert info.value.exit_code == EXIT_GITHUB
    assert len(fake.requests) == 3


def test_429_honours_retry_after(fake: FakeGitHub, recorder: Recorder) -> None:
    fake.failures.append(Failure("PATCH", r".*", 429, headers={"Retry-After": "7"}))
    client = client_for(fake, recorder)
    post_comment(client, 7, body("a"), marker_id="default")
    post_comment(client, 7, body("b"), marker_id="default")
    assert recorder.waits == [7.0]
    assert fake.bodies(7) == [body("b")]
    assert len(fake.calls("PATCH")) == 2


def test_retry_after_beyond_the_bound_fails_at_once(fake: FakeGitHub,
                                                    recorder: Recorder) -> None:
    fake.failures.append(Failure("GET", r".*", 429, headers={"Retry-After": "3600"}))
    with pytest.raises(GitHubError, match="asks to wait 3600 s"):
        client_for(fake, recorder).list_comments(7)
    assert recorder.waits == []
    assert len(fake.requests) == 1


def test_secondary_rate_limit_403_is_retried(fake: FakeGitHub, recorder: Recorder) -> None:
    fake.failures.append(Failure("GET", r".*", 403, message="You have exceeded a secondary "
                                 "rate limit. Please wait a few minutes before you try again."))
    client_for(fake, recorder).list_comments(7)
    assert recorder.waits == [2.0]


def test_primary_rate_limit_waits_for_the_reset(fake: FakeGitHub, recorder: Recorder) -> None:
    fake.failures.append(Failure("GET", r".*", 403, message="API rate limit exceeded", headers={
        "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(1_000_000 + 12)}))
    client_for(fake, recorder).list_comments(7)
    assert recorder.waits == [12.0]


def test_plain_403_names_the_permission(fake: FakeGitHub, recorder: Recorder) -> None:
    fake.failures.append(Failure("POST", r".*", 403,
                                 message="Resource not accessible by integration"))
    with pytest.raises(ForbiddenError, match="pull-requests: write"):
        post_comment(client_for(fake, recorder), 7, body("x"), marker_id="default")
    assert recorder.waits == []


@pytest.mark.parametrize(("status", "expected"), [
    (404, "not found .*check the repository"),
    (422, "rejected the comment .*body is too long"),
    (401, "rejected the token"),
])
def test_client_errors_are_final_and_explained(fake: FakeGitHub, recorder: Recorder,
                                               status: int, expected: str) -> None:
    if status == 422:
        with pytest.raises(GitHubError, match=expected):
            client_for(fake, recorder).create_comment(7, "x" * 70_000)
    elif status == 401:
        bad = GitHubClient(REPO, "wrong-token", api_url=fake.base_url, sleep=recorder.sleep)
        with pytest.raises(GitHubError, match=expected):
            bad.list_comments(7)
    else:
        with pytest.raises(GitHubError, match=expected):
            client_for(fake, recorder).update_comment(424242, "x")
    assert recorder.waits == []


def test_deleting_a_comment_already_gone_is_fine(fake: FakeGitHub, recorder: Recorder) -> None:
    client_for(fake, recorder).delete_comment(424242)
    assert len(fake.calls("DELETE")) == 1


def test_unreachable_api_is_retried_then_reported(recorder: Recorder) -> None:
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = GitHubClient(REPO, TOKEN, api_url=f"http://127.0.0.1:{port}",
                          sleep=recorder.sleep, log=recorder.log,
                          retry=RetryPolicy(attempts=3))
    with pytest.raises(GitHubError, match="after 3 attempts") as info:
        client.list_comments(1)
    assert TOKEN not in str(info.value)
    assert recorder.waits == [2.0, 4.0]


def test_token_is_never_printed(fake: FakeGitHub, recorder: Recorder) -> None:
    fake.failures.append(Failure("GET", r".*", 500, message=f"echo {TOKEN}"))
    fake.failures.append(Failure("POST", r".*", 422, message=f"bad token {TOKEN}"))
    client = client_for(fake, recorder)
    with pytest.raises(GitHubError) as info:
        post_comment(client, 7, body("x"), marker_id="default")
    seen = [str(info.value), repr(info.value), repr(client), *recorder.lines,
            repr(ActionsContext(REPO, 7, fake.base_url, TOKEN))]
    assert not [line for line in seen if TOKEN in line]
    assert "***" in str(info.value)


def test_plain_http_only_to_this_machine() -> None:
    with pytest.raises(GitHubSetupError, match="https"):
        GitHubClient(REPO, TOKEN, api_url="http://github.example.com/api/v3")
    with pytest.raises(GitHubSetupError, match="OWNER/NAME"):
        GitHubClient("acme/../../admin", TOKEN)
    with pytest.raises(GitHubSetupError, match="GITHUB_TOKEN"):
        GitHubClient(REPO, "")
    assert GitHubClient(REPO, TOKEN, api_url="https://ghe.example/api/v3/").api_url == (
        "https://ghe.example/api/v3")


# --- the Actions environment ----------------------------------------------------------------


def event_file(tmp_path: Path, payload: dict[str, Any]) -> str:
    path = tmp_path / "event.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    return str(path)


def test_context_from_a_pull_request_event(tmp_path: Path) -> None:
    event = {"number": 12, "pull_request": {
        "number": 12, "head": {"sha": "abc", "repo": {"full_name": REPO}}}}
    env = {"GITHUB_REPOSITORY": REPO, "GITHUB_EVENT_PATH": event_file(tmp_path, event),
           "GITHUB_API_URL": "https://ghe.example/api/v3", "GITHUB_TOKEN": TOKEN,
           "GITHUB_SERVER_URL": "https://ghe.example", "GITHUB_RUN_ID": "99",
           "GITHUB_ACTIONS": "true"}
    context = actions_context(env)
    assert (context.repository, context.pull_request, context.fork) == (REPO, 12, False)
    assert context.api_url == "https://ghe.example/api/v3"
    assert context.run_url == f"https://ghe.example/{REPO}/actions/runs/99"
    assert context.head_sha == "abc" and context.in_actions
    assert TOKEN not in repr(context)
    explicit = actions_context(env, repository="other/repo", pull_request=5)
    assert (explicit.repository, explicit.pull_request) == ("other/repo", 5)


def test_context_recognises_a_fork_and_workflow_run(tmp_path: Path) -> None:
    fork = {"pull_request": {"number": 3, "head": {"sha": "f", "repo": {"full_name": "me/shop"}}}}
    context = actions_context({"GITHUB_REPOSITORY": REPO,
                               "GITHUB_EVENT_PATH": event_file(tmp_path, fork)})
    assert context.fork and context.pull_request == 3
    gone = {"pull_request": {"number": 4, "head": {"sha": "f", "repo": None}}}
    assert actions_context({"GITHUB_REPOSITORY": REPO,
                            "GITHUB_EVENT_PATH": event_file(tmp_path, gone)}).fork
    run = {"workflow_run": {"pull_requests": [{"number": 8}]}}
    assert actions_context({"GITHUB_EVENT_PATH": event_file(tmp_path, run)}).pull_request == 8
    push = {"ref": "refs/heads/main"}
    assert actions_context({"GITHUB_EVENT_PATH": event_file(tmp_path, push)}).pull_request is None
    assert actions_context({}).api_url == "https://api.github.com"


def test_fork_403_is_a_warning_with_the_recipe(fake: FakeGitHub, recorder: Recorder) -> None:
    fake.failures.append(Failure("POST", r".*", 403,
                                 message="Resource not accessible by integration"))
    context = ActionsContext(REPO, 7, fake.base_url, TOKEN, fork=True)
    outcome = publish_comment(context, body("x"), marker_id="default",
                              client=client_for(fake, recorder))
    assert outcome.action == "skipped" and outcome.reason == FORK_HINT
    assert "pr-comment-post.yml" in FORK_HINT and "workflow_run" in FORK_HINT
    not_fork = ActionsContext(REPO, 7, fake.base_url, TOKEN, fork=False)
    fake.failures.append(Failure("POST", r".*", 403, message="nope"))
    with pytest.raises(ForbiddenError):
        publish_comment(not_fork, body("x"), marker_id="default",
                        client=client_for(fake, recorder))


def test_publish_needs_repository_pr_and_token() -> None:
    with pytest.raises(GitHubSetupError, match="--repo"):
        publish_comment(ActionsContext(None, 1, "https://x", TOKEN), body("x"),
                        marker_id="default")
    with pytest.raises(GitHubSetupError, match="--pr"):
        publish_comment(ActionsContext(REPO, None, "https://x", TOKEN), body("x"),
                        marker_id="default")
    with pytest.raises(GitHubSetupError, match="GITHUB_TOKEN"):
        publish_comment(ActionsContext(REPO, 1, "https://x", None), body("x"),
                        marker_id="default")


def test_expect_head_refuses_a_stale_comment(fake: FakeGitHub, recorder: Recorder) -> None:
    fake.heads[7] = "b" * 40
    context = ActionsContext(REPO, 7, fake.base_url, TOKEN)
    stale = publish_comment(context, body("x"), marker_id="default", expect_head="a" * 40,
                            client=client_for(fake, recorder))
    assert stale.action == "skipped" and not fake.calls("POST")
    fresh = publish_comment(context, body("x"), marker_id="default", expect_head="b" * 40,
                            client=client_for(fake, recorder))
    assert fresh.action == "created"


def test_step_summary_and_outputs(tmp_path: Path) -> None:
    summary, output = tmp_path / "summary.md", tmp_path / "output"
    context = ActionsContext(REPO, 1, "https://x", None, step_summary=summary, output=output)
    assert write_step_summary(context, "# one")
    assert write_step_summary(context, "# two\n")
    assert summary.read_text() == "# one\n# two\n"
    assert write_outputs(context, {"score": "7.10", "evil": "a\nscore=0"})
    assert output.read_text() == "score=7.10\nevil=a score=0\n"
    assert not write_outputs(ActionsContext(REPO, 1, "https://x", None), {"a": "b"})


def test_warning_is_an_annotation_inside_actions() -> None:
    assert workflow_warning("50% off\nnext", True) == "::warning title=scorecard::50%25 off%0Anext"
    assert workflow_warning("x", False) == "scorecard: warning: x"


# --- the command, end to end ----------------------------------------------------------------


def run_comment(fake: FakeGitHub, tmp_path: Path, *args: str,
                extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GITHUB_", "SCORECARD_"))}
    env.update({"GITHUB_TOKEN": TOKEN, "GITHUB_API_URL": fake.base_url,
                "GITHUB_REPOSITORY": REPO, "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
                "GITHUB_OUTPUT": str(tmp_path / "output"), "PYTHONPATH": str(ROOT)})
    env.update(extra_env or {})
    return subprocess.run([sys.executable, "-m", "scorecard", "comment", *args], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=120, check=False)


def test_comment_from_file_updates_one_comment_across_runs(fake: FakeGitHub,
                                                           tmp_path: Path) -> None:
    fake.add(5, "a human says hi", login="octocat", kind="User")
    first = tmp_path / "first.md"
    first.write_text("### scorecard: A 9.0/10\nthanks @octocat\n", encoding="utf-8")
    second = tmp_path / "second.md"
    second.write_text("### scorecard: A 9.1/10\n", encoding="utf-8")
    runs = [run_comment(fake, tmp_path, "--from", str(f), "--pr", "5")
            for f in (first, second, second)]
    for done in runs:
        assert done.returncode == 0, done.stderr
        assert TOKEN not in done.stdout + done.stderr
    actions = [re.findall(r"comment (\w+)", r.stderr) for r in runs]
    assert actions == [["created"], ["updated"], ["unchanged"]]
    marked = [b for b in fake.bodies(5) if b.startswith(marker())]
    assert marked == [f"{marker()}\n### scorecard: A 9.1/10\n"]
    assert len(fake.calls("POST")) == 1
    assert "@\u200boctocat" in (tmp_path / "summary.md").read_text(encoding="utf-8")
    outputs = (tmp_path / "output").read_text(encoding="utf-8")
    assert "comment-action=created" in outputs and "comment-action=updated" in outputs
    assert TOKEN not in outputs


def test_comment_command_errors_are_one_line(fake: FakeGitHub, tmp_path: Path) -> None:
    note = tmp_path / "c.md"
    note.write_text("hi\n", encoding="utf-8")
    fake.failures.append(Failure("GET", r".*", 404, times=9))
    missing = run_comment(fake, tmp_path, "--from", str(note), "--pr", "5")
    assert missing.returncode == EXIT_GITHUB
    assert "Traceback" not in missing.stderr and TOKEN not in missing.stderr
    assert "not found" in missing.stderr
    no_pr = run_comment(fake, tmp_path, "--from", str(note))
    assert no_pr.returncode == 2 and "--pr" in no_pr.stderr
    neither = run_comment(fake, tmp_path)
    assert neither.returncode == 2 and "--from" in neither.stderr
    bad_id = run_comment(fake, tmp_path, "--from", str(note), "--pr", "5", "--id", "a--b")
    assert bad_id.returncode == 2 and "--id" in bad_id.stderr


def test_fork_run_warns_and_succeeds(fake: FakeGitHub, tmp_path: Path) -> None:
    note = tmp_path / "c.md"
    note.write_text("hi\n", encoding="utf-8")
    fake.failures.append(Failure("POST", r".*", 403,
                                 message="Resource not accessible by integration"))
    event = {"pull_request": {"number": 5, "head": {"sha": "f", "repo": {"full_name": "me/x"}}}}
    done = run_comment(fake, tmp_path, "--from", str(note), extra_env={
        "GITHUB_EVENT_PATH": event_file(tmp_path, event), "GITHUB_ACTIONS": "true"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("::warning title=scorecard::comment not posted")
    assert "pr-comment-post.yml" in done.stdout
    assert (tmp_path / "summary.md").read_text(encoding="utf-8").startswith(marker())


def test_comment_on_a_real_diff_posts_then_fails_the_gate(fake: FakeGitHub,
                                                          tmp_path: Path) -> None:
    from tests.gitrepo import GitRepo

    repo = GitRepo.create(tmp_path / "repo")
    base = repo.commit({"shop/cart.py": '"""Cart."""\n\n\ndef total(items):\n'
                        '    """Sum."""\n    return sum(items)\n'})
    nested = "".join(f"{'    ' * (i + 1)}if x > {i}:\n" for i in range(8))
    head = repo.commit({"shop/<b>@octocat.py": f"def tangle(x, a, b, c, d, e, f):\n{nested}"
                        f"{'    ' * 9}return x\n    return 0\n"})
    args = (base, head, "--path", str(repo.root), "--pr", "5", "--fail-under", "10",
            "--json", str(tmp_path / "diff.json"))
    first = run_comment(fake, tmp_path, *args)
    second = run_comment(fake, tmp_path, *args, "--mode", "skip-if-unchanged")
    for done in (first, second):
        assert done.returncode == 1, done.stderr
        assert "gate failed" in done.stderr and "Traceback" not in done.stderr
        assert TOKEN not in done.stdout + done.stderr
    marked = [b for b in fake.bodies(5) if b.startswith(marker())]
    assert len(marked) == 1 and len(fake.calls("POST")) == 1
    assert "❌ **Gate failed**" in marked[0]
    assert "@octocat" not in marked[0] and "<b>" not in marked[0]
    outputs = (tmp_path / "output").read_text(encoding="utf-8")
    assert "gate=failed" in outputs and re.search(r"^score=\d+\.\d\d$", outputs, re.MULTILINE)
    assert "comment-action=unchanged" in outputs
    written = json.loads((tmp_path / "diff.json").read_text(encoding="utf-8"))
    assert written["gate"]["passed"] is False


def test_configured_fail_under_gates_the_comment(fake: FakeGitHub, tmp_path: Path) -> None:
    from tests.gitrepo import GitRepo

    repo = GitRepo.create(tmp_path / "repo")
    base = repo.commit({"scorecard.toml": "fail_under = 9.9\n", "a.py": "x = 1\n"})
    head = repo.commit({"a.py": "x = 2\n"})
    done = run_comment(fake, tmp_path, base, head, "--path", str(repo.root), "--no-post")
    assert done.returncode == 1, done.stderr
    assert "is below 9.9" in done.stderr
    assert fake.requests == []
    assert "gate=failed" in (tmp_path / "output").read_text(encoding="utf-8")


def test_no_post_sets_comment_action(fake: FakeGitHub, tmp_path: Path) -> None:
    from tests.gitrepo import GitRepo

    repo = GitRepo.create(tmp_path / "repo")
    base = repo.commit({"a.py": "x = 1\n"})
    head = repo.commit({"a.py": "x = 2\n"})
    done = run_comment(fake, tmp_path, base, head, "--path", str(repo.root), "--no-post")
    assert done.returncode == 0, done.stderr
    outputs = (tmp_path / "output").read_text(encoding="utf-8")
    assert "comment-action=not-posted" in outputs
    assert fake.requests == []
