"""Post or update the one sticky pull-request comment through GitHub's REST API.

The package has three jobs, one module each:

- :mod:`scorecard.github.github_api`: the REST client (comments, a pull request's head),
  with its token rules, deadlines and retries;
- :mod:`scorecard.github.actions_env`: the Actions environment (repository, pull request,
  API URL, token, step summary, outputs);
- :mod:`scorecard.github.sticky_comment`: the sticky-comment logic (found again by its
  hidden marker and edited in place, never posted twice).
"""

from __future__ import annotations

from scorecard.github.actions_env import (
    ActionsContext,
    actions_context,
    score_outputs,
    workflow_warning,
    write_outputs,
    write_step_summary,
)
from scorecard.github.github_api import (
    COMMAND_DEADLINE,
    DEFAULT_API_URL,
    EXIT_GITHUB,
    REQUEST_DEADLINE,
    Comment,
    ForbiddenError,
    GitHubClient,
    GitHubError,
    GitHubSetupError,
    RetryPolicy,
)
from scorecard.github.sticky_comment import (
    FORK_HINT,
    CommentMode,
    PostOutcome,
    find_marked,
    post_comment,
    publish_comment,
)

__all__ = [
    "COMMAND_DEADLINE",
    "DEFAULT_API_URL",
    "EXIT_GITHUB",
    "FORK_HINT",
    "ActionsContext",
    "Comment",
    "CommentMode",
    "ForbiddenError",
    "GitHubClient",
    "GitHubError",
    "GitHubSetupError",
    "REQUEST_DEADLINE",
    "PostOutcome",
    "RetryPolicy",
    "actions_context",
    "find_marked",
    "post_comment",
    "publish_comment",
    "score_outputs",
    "workflow_warning",
    "write_outputs",
    "write_step_summary",
]
