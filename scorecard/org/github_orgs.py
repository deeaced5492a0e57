"""List a GitHub organisation's repositories (``org scan --github-org NAME``).

The REST endpoint ``GET /orgs/{org}/repos`` is read page by page (``Link: rel="next"``),
100 repositories a page, through httpx with a deadline per request and one for the whole
listing. Archived and fork repositories are left out unless asked for. The token is sent in
a header only; it never appears in a message (errors are redacted) or a URL.
"""

from __future__ import annotations

import time

import httpx

from scorecard.errors import EXIT_REMOTE, ScorecardError
from scorecard.org.repos import RepoSpec
from scorecard.textsafety import redact

__all__ = ["GitHubListingError", "list_org_repos"]

API = "https://api.github.com"
REQUEST_SECONDS = 30.0
MAX_PAGES = 1000


class GitHubListingError(ScorecardError):
    """The GitHub API refused or kept failing."""

    exit_code = EXIT_REMOTE


def list_org_repos(org: str, token: str | None, *, include_archived: bool = False,
                   include_forks: bool = False, deadline: float = 300.0,
                   api: str = API, transport: httpx.BaseTransport | None = None,
                   ) -> tuple[RepoSpec, ...]:
    """Return the organisation's repositories as REPOS entries (team: none; kind: none)."""
    headers = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28",
               "User-Agent": "scorecard-org"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    url: str | None = f"{api}/orgs/{org}/repos?per_page=100&type=all"
    found: list[RepoSpec] = []
    ends = time.monotonic() + deadline
    with httpx.Client(headers=headers, timeout=REQUEST_SECONDS, transport=transport,
                      follow_redirects=False) as client:
        for _ in range(MAX_PAGES):
            if url is None:
                break
            left = ends - time.monotonic()
            if left <= 0:
                raise GitHubListingError(f"listing {org}'s repositories took longer than "
                                         f"{deadline:g} s")
            try:
                response = client.get(url, timeout=min(REQUEST_SECONDS, left))
            except httpx.HTTPError as exc:
                raise GitHubListingError(
                    f"GitHub API: {redact(str(exc) or type(exc).__name__, token)[:200]}") from exc
            if response.status_code != 200:
                raise GitHubListingError(
                    f"GitHub API answered {response.status_code} for the repositories of "
                    f"{org!r}: {redact(response.text, token)[:200]}")
            try:
                page = response.json()
            except ValueError as exc:
                raise GitHubListingError("GitHub API answered something that is not JSON") from exc
            if not isinstance(page, list):
                raise GitHubListingError("GitHub API answered an unexpected document")
            for item in page:
                if not isinstance(item, dict) or not isinstance(item.get("clone_url"), str):
                    continue
                if item.get("archived") and not include_archived:
                    continue
                if item.get("fork") and not include_forks:
                    continue
                clone = str(item["clone_url"])
                if not clone.startswith("https://"):
                    continue
                name = str(item.get("full_name") or clone)[:200]
                found.append(RepoSpec(name, clone, line=len(found) + 1))
            next_link = response.links.get("next", {}).get("url")
            url = str(next_link) if next_link and str(next_link).startswith(api + "/") else None
    return tuple(found)
