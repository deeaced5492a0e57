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
            response = _get_page(client, url, org, token, min(REQUEST_SECONDS, left))
            for item in _page_items(response):
                repo = _listed_repo(item, include_archived, include_forks, len(found) + 1)
                if repo is not None:
                    found.append(repo)
            url = _next_page(response, api)
    return tuple(found)


def _get_page(client: httpx.Client, url: str, org: str, token: str | None,
              timeout: float) -> httpx.Response:
    """Request one page of the listing; a failed request or a status other than 200 raises."""
    try:
        response = client.get(url, timeout=timeout)
    except httpx.HTTPError as exc:
        raise GitHubListingError(
            f"GitHub API: {redact(str(exc) or type(exc).__name__, token)[:200]}") from exc
    if response.status_code != 200:
        raise GitHubListingError(
            f"GitHub API answered {response.status_code} for the repositories of "
            f"{org!r}: {redact(response.text, token)[:200]}")
    return response


def _page_items(response: httpx.Response) -> list[object]:
    """Return the repositories of one page; a body that is not a JSON list raises."""
    try:
        page = response.json()
    except ValueError as exc:
        raise GitHubListingError("GitHub API answered something that is not JSON") from exc
    if not isinstance(page, list):
        raise GitHubListingError("GitHub API answered an unexpected document")
    return page


def _listed_repo(item: object, include_archived: bool, include_forks: bool,
                 line: int) -> RepoSpec | None:
    """Return a listed repository as the REPOS entry at ``line``, or None when left out.

    Left out: an entry without a clone URL, an archived repository or a fork unless asked
    for, and a clone URL that is not https.
    """
    if not isinstance(item, dict) or not isinstance(item.get("clone_url"), str):
        return None
    if item.get("archived") and not include_archived:
        return None
    if item.get("fork") and not include_forks:
        return None
    clone = str(item["clone_url"])
    if not clone.startswith("https://"):
        return None
    name = str(item.get("full_name") or clone)[:200]
    return RepoSpec(name, clone, line=line)


def _next_page(response: httpx.Response, api: str) -> str | None:
    """Return the next page's URL from the Link header, when it stays on the same API."""
    next_link = response.links.get("next", {}).get("url")
    return str(next_link) if next_link and str(next_link).startswith(api + "/") else None
