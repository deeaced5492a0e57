"""The repository's remotes, as git's configuration names them."""

from __future__ import annotations

from pathlib import Path

from scorecard.repo.gitcmd import GitUnavailable, run_git

__all__ = ["remote_urls"]


def remote_urls(root: Path) -> list[str]:
    """Every remote's URL, origin first (empty without remotes)."""
    try:
        out = run_git(root, ["config", "--get-regexp", r"^remote\..*\.url$"])
    except GitUnavailable:
        return []  # no remote configured: git exits 1
    rows = [line.split(None, 1) for line in out.decode("utf-8", "replace").splitlines()]
    urls = [(key != "remote.origin.url", url.strip()) for key, url in
            (r for r in rows if len(r) == 2)]
    return [url for _, url in sorted(urls)]
