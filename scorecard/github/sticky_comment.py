"""The one sticky pull-request comment: found again by its hidden marker, edited in place.

A comment is never posted twice: two jobs racing heal by removing the later copies, and
``publish_comment`` refuses to post for a pull request that moved on to another commit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from scorecard.github.actions_env import ActionsContext
from scorecard.github.github_api import (
    COMMAND_DEADLINE,
    REQUEST_DEADLINE,
    Comment,
    ForbiddenError,
    GitHubClient,
    GitHubSetupError,
)
from scorecard.reporters.comment import comment_digest, marker

__all__ = [
    "FORK_HINT",
    "CommentMode",
    "PostOutcome",
    "find_marked",
    "post_comment",
    "publish_comment",
]

FORK_HINT = (
    "a pull request from a fork gets a read-only token, so scorecard cannot comment from this "
    "workflow. Use the two-workflow recipe: run the scan on `pull_request` and upload the "
    "comment as an artifact (examples/workflows/pr-scan.yml), then post it from a "
    "`workflow_run` workflow that has `pull-requests: write` "
    "(examples/workflows/pr-comment-post.yml). The job summary still shows the comment."
)

class CommentMode(StrEnum):
    """How `scorecard comment` treats the comment it posted before."""

    UPDATE = "update"
    RECREATE = "recreate"
    SKIP_IF_UNCHANGED = "skip-if-unchanged"


@dataclass(frozen=True)
class PostOutcome:
    """What posting did: created, updated, unchanged, or skipped (with the reason)."""

    action: str
    comment: Comment | None = None
    reason: str = ""


def find_marked(comments: list[Comment], marker_id: str) -> list[Comment]:
    """Return the comments whose first line is the marker of ``marker_id``, ours first.

    Only the first line counts, so a comment quoting the marker further down is left alone.
    Comments by a bot (what GITHUB_TOKEN posts as) come first, then the oldest.
    """
    line = marker(marker_id)
    marked = [c for c in comments if c.body.split("\n", 1)[0].strip() == line]
    return sorted(marked, key=lambda c: not c.author_is_bot)


def _heal_duplicates(client: GitHubClient, existing: list[Comment]) -> Comment:
    """Return the comment to keep; delete the later copies its author wrote."""
    keep, extra = existing[0], existing[1:]
    # Two jobs racing can each create one; heal that by removing the later copies we wrote.
    for comment in extra:
        if comment.author == keep.author:
            client.delete_comment(comment.id)
    return keep


def post_comment(client: GitHubClient, issue: int, body: str, *,
                 marker_id: str, mode: CommentMode = CommentMode.UPDATE) -> PostOutcome:
    """Create or update the one comment of ``marker_id`` on ``issue``; never post a second."""
    if body.split("\n", 1)[0] != marker(marker_id):
        raise ValueError("the comment must start with its marker line")
    existing = find_marked(client.list_comments(issue), marker_id)
    if mode is CommentMode.RECREATE:
        for comment in existing:
            client.delete_comment(comment.id)
        return PostOutcome("created", client.create_comment(issue, body))
    if not existing:
        return PostOutcome("created", client.create_comment(issue, body))
    keep = _heal_duplicates(client, existing)
    if keep.body == body:
        return PostOutcome("unchanged", keep)
    digest = comment_digest(body)
    if mode is CommentMode.SKIP_IF_UNCHANGED and digest and comment_digest(keep.body) == digest:
        return PostOutcome("unchanged", keep, "same scores and findings")
    return PostOutcome("updated", client.update_comment(keep.id, body))


def publish_comment(
    context: ActionsContext,
    body: str,
    *,
    marker_id: str,
    mode: CommentMode = CommentMode.UPDATE,
    expect_head: str | None = None,
    client: GitHubClient | None = None,
    log: Callable[[str], None] | None = None,
    deadline: float = COMMAND_DEADLINE,
) -> PostOutcome:
    """Post ``body`` as the sticky comment of the context's pull request.

    A 403 on a fork's pull request is not a failure: the outcome is "skipped" with
    FORK_HINT as its reason. ``expect_head`` refuses to post when the pull request has moved
    on to another commit (a comment from an artifact must describe the current head).
    ``deadline`` bounds all the requests in seconds, retries included.
    """
    if context.repository is None:
        raise GitHubSetupError("no repository: pass --repo OWNER/NAME (GITHUB_REPOSITORY is "
                               "not set)")
    if context.pull_request is None:
        raise GitHubSetupError("no pull request number: pass --pr N (this workflow event is "
                               "not a pull request)")
    if client is None:
        if not context.token:
            raise GitHubSetupError("no GitHub token: set GITHUB_TOKEN (in a workflow: "
                                   "`env: GITHUB_TOKEN: ${{ github.token }}`)")
        client = GitHubClient(context.repository, context.token, api_url=context.api_url,
                              log=log, deadline=deadline,
                              request_deadline=min(REQUEST_DEADLINE, deadline))
    try:
        if expect_head is not None:
            current = client.pull_request_head(context.pull_request)
            if current != expect_head:
                return PostOutcome("skipped", None, f"pull request #{context.pull_request} is "
                                   f"now at {current[:10]}, not {expect_head[:10]}; a newer "
                                   "run will comment")
        return post_comment(client, context.pull_request, body, marker_id=marker_id, mode=mode)
    except ForbiddenError:
        if context.fork:
            return PostOutcome("skipped", None, FORK_HINT)
        raise
