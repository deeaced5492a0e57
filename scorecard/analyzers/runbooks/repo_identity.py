"""Where this repository lives on its forge, from every source that says so.

Alert rules often link to their runbooks by forge URL (``https://github.com/o/r/blob/main/
runbooks/X.md``). Such a link is a link to a local file when the URL names this repository,
and this repository is known by:

- the ``repo_url`` option;
- every git remote (``origin`` is only a convention: forks, mirrors and CI checkouts name
  theirs ``upstream``, ``github`` or nothing at all);
- package metadata: ``[project.urls]`` and ``[tool.poetry]`` ``repository``/``homepage`` in
  ``pyproject.toml``, ``url``/``project_urls`` in ``setup.cfg``, ``repository`` in
  ``package.json``;
- Helm charts: ``home`` and ``sources`` in every ``Chart.yaml``.

Only URLs that parse as ``host/owner/repo`` count. Files are read as text from the scanned
tree (or commit); nothing is executed.
"""

from __future__ import annotations

import json
import posixpath
import re
import tomllib
from collections.abc import Iterable, Iterator
from typing import Any

from scorecard.analyzers.base import ScanContext
from scorecard.analyzers.runbooks.resolution import parse_remote
from scorecard.repo.remotes import remote_urls

__all__ = ["repository_identities"]

_URL = re.compile(r"(?:https?://|git@|ssh://)[^\s'\"<>,]+")
_CHART_KEYS = re.compile(r"^(home|sources)\s*:\s*(.*)$")
MAX_BYTES = 256 * 1024


def _remotes(ctx: ScanContext) -> list[str]:
    """Every remote's URL, origin first."""
    return remote_urls(ctx.root) if ctx.git.is_git else []


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _pyproject(text: str) -> Iterator[str]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return
    project = data.get("project", {})
    if isinstance(project, dict):
        yield from _strings(project.get("urls", {}))
    poetry = data.get("tool", {}).get("poetry", {}) if isinstance(data.get("tool"), dict) \
        else {}
    if isinstance(poetry, dict):
        for key in ("repository", "homepage", "urls"):
            yield from _strings(poetry.get(key))


def _package_json(text: str) -> Iterator[str]:
    try:
        data = json.loads(text)
    except ValueError:
        return
    if isinstance(data, dict):
        yield from _strings(data.get("repository"))
        yield from _strings(data.get("homepage"))


_GO_MODULE = re.compile(r"^module\s+([\w.-]+\.[a-z]{2,}/[\w.-]+/[\w.-]+)", re.MULTILINE)
_CARGO_REPOSITORY = re.compile(r"^repository\s*=\s*[\"']([^\"']+)[\"']", re.MULTILINE)


def _go_mod(text: str) -> Iterator[str]:
    match = _GO_MODULE.search(text)
    if match:
        yield "https://" + match.group(1).removesuffix(".git")


def _cargo(text: str) -> Iterator[str]:
    yield from _CARGO_REPOSITORY.findall(text)


def _chart(text: str) -> Iterator[str]:
    in_sources = False
    for line in text.splitlines():
        match = _CHART_KEYS.match(line)
        if match:
            in_sources = match.group(1) == "sources"
            yield from _URL.findall(match.group(2))
        elif in_sources and line.lstrip().startswith("-"):
            yield from _URL.findall(line)
        elif line and not line[0].isspace():
            in_sources = False


def _metadata_urls(ctx: ScanContext) -> Iterator[str]:
    for item in ctx.files:
        base = posixpath.basename(item.path)
        top = "/" not in item.path
        reader = (_pyproject if top and base == "pyproject.toml" else
                  _package_json if top and base == "package.json" else
                  _go_mod if top and base == "go.mod" else
                  _cargo if top and base == "Cargo.toml" else
                  (lambda t: iter(_URL.findall(t))) if top and base == "setup.cfg" else
                  _chart if base == "Chart.yaml" else None)
        if reader is None or item.size > MAX_BYTES:
            continue
        try:
            text = ctx.view.read_bytes(item.path).decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue  # unreadable metadata only means one identity less
        yield from reader(text)


def _repository_part(url: str) -> str:
    """Cut a forge page URL down to its repository (``.../o/r/issues`` -> ``.../o/r``)."""
    url = url.strip().removeprefix("git+")
    match = re.match(r"^(https?://(?:www\.)?(?:github\.com|bitbucket\.org)/[^/\s]+/[^/\s#?]+)", url)
    if match:
        return match.group(1)
    return url.split("/-/", 1)[0]  # GitLab: /group/sub/repo/-/tree/main


def _unique(urls: Iterable[str]) -> tuple[tuple[str, str, str], ...]:
    found: dict[tuple[str, str, str], None] = {}
    for url in urls:
        parsed = parse_remote(_repository_part(url))
        if parsed is not None:
            found.setdefault(parsed, None)
    return tuple(found)


def repository_identities(ctx: ScanContext, configured: str) -> tuple[tuple[str, str, str], ...]:
    """Return every (host, owner, repo) this repository is known by, configured first."""
    return _unique([*([configured] if configured else []), *_remotes(ctx),
                    *_metadata_urls(ctx)])
