"""The repositories of an org scan: a REPOS file, or a GitHub organisation's listing.

A REPOS file has one repository a line: a clone URL or a local folder, then optionally a
team and a kind, separated by white space; ``#`` starts a comment::

    https://github.com/acme/billing.git   payments   service
    git@github.com:acme/tools.git         platform
    ../mirrors/legacy                     core       library

Accepted sources: ``https://`` and ``ssh://`` URLs, ``user@host:path`` (scp-like), local
folders, and ``file://`` URLs inside the workspace. Everything else is refused for that line
(the rest of the batch goes on): ``ext::`` and other transports that run programs, plain
``http://`` and ``git://`` (no integrity), ``file://`` outside the workspace (a list must not
make scorecard read and publish other folders of this machine through a URL), and anything
starting with ``-`` (it would be read as an option by git). A repeated source is reported
once as a duplicate of its first line; a kind other than library, service, cli, operations
or notebooks is refused for its line.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from scorecard.analyzers.project_kind import KINDS
from scorecard.errors import InputError
from scorecard.stores import is_store_url

__all__ = [
    "LineError",
    "RepoList",
    "RepoSpec",
    "parse_repos_file",
    "parse_repos_text",
    "repository_key",
    "store_repository",
]

MAX_LINES = 100_000
_SCP = re.compile(r"^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:(?!//)(.+)$")
_NAME_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class RepoSpec:
    """One repository to scan."""

    name: str  # its key in the store, e.g. "acme/billing"
    source: str  # clone URL, or an absolute local folder
    team: str = ""
    kind: str = ""
    local: bool = False  # a folder on this machine (cloned from, never scanned in place)
    line: int = 0

    @property
    def slug(self) -> str:
        """A folder name for the workspace: readable, and unique per source."""
        digest = hashlib.sha256(self.source.encode("utf-8", "surrogateescape")).hexdigest()[:10]
        return f"{_NAME_SAFE.sub('_', self.name)[:60]}-{digest}"


@dataclass(frozen=True)
class LineError:
    """A REPOS line that names no repository scorecard will clone, and why."""

    line: int
    name: str
    source: str
    error: str
    team: str = ""
    kind: str = ""


@dataclass(frozen=True)
class RepoList:
    """The repositories to scan and the lines refused."""

    repos: tuple[RepoSpec, ...]
    errors: tuple[LineError, ...]


def _name_from_url(path: str) -> str:
    parts = [p for p in unquote(path).strip("/").split("/") if p]
    if parts and parts[-1].endswith(".git"):
        parts[-1] = parts[-1][:-4]
    return "/".join(parts[-2:]) or "repository"


def _name_from_folder(folder: Path) -> str:
    parts = [p for p in folder.parts[1:] if p]
    if parts and parts[-1].endswith(".git") and parts[-1] != ".git":
        parts[-1] = parts[-1][:-4]
    if parts and parts[-1] == ".git":
        parts = parts[:-1]
    return "/".join(parts[-2:]) or "repository"


def classify(source: str, workspace: Path, base: Path) -> tuple[str, str, bool]:
    """Return (name, normalised source, local) for one source; ValueError when refused."""
    if source.startswith("-"):
        raise ValueError("a source may not start with '-'")
    if "::" in source.split("/", 1)[0]:
        raise ValueError("transport helpers (ext::, fd:: and the like) are refused")
    lowered = source.lower()
    if lowered.startswith("file://"):
        folder = Path(unquote(urlsplit(source).path)).resolve()
        if not folder.is_relative_to(workspace.resolve()):
            raise ValueError("file:// URLs are accepted only inside the workspace; name a "
                             "local folder as a plain path")
        return _name_from_folder(folder), str(folder), True
    if lowered.startswith(("https://", "ssh://")):
        parts = urlsplit(source)
        if not parts.hostname:
            raise ValueError("the URL has no host")
        return _name_from_url(parts.path), source, False
    if "://" in source:
        scheme = source.split("://", 1)[0][:20]
        raise ValueError(f"the {scheme}:// transport is refused (use https:// or ssh://)")
    match = _SCP.match(source)
    if match and not source.startswith(("/", ".")):
        return _name_from_url(match.group(1)), source, False
    folder = (base / source).resolve()
    return _name_from_folder(folder), str(folder), True


def repository_key(root: Path) -> str:
    """Return the store key of a repository scanned alone: its origin's, else its folder's.

    ``scorecard scan --save --store postgresql://...`` in a clone of
    ``https://github.com/acme/api`` saves under ``acme/api``, as ``org scan`` of that URL does.
    """
    from scorecard.repo.remotes import remote_urls

    try:
        urls = remote_urls(root)
        url = urls[0] if urls else ""
        name = classify(url, root, root)[0] if url and not url.startswith("/") else ""
    except (ValueError, InputError):
        name = ""
    return name or _name_from_folder(root.resolve())


def store_repository(root: Path, store: str | Path | None) -> str:
    """Return the repository a command's store holds the snapshots of, by its key.

    A database keeps many repositories': the one at ``root`` is named by
    :func:`repository_key`. A SQLite file is one repository's (``''``).
    """
    return repository_key(root) if is_store_url(store) else ""


def parse_repos_text(text: str, *, workspace: Path, base: Path) -> RepoList:
    """Parse a REPOS file's text; folders are relative to ``base`` (the file's folder)."""
    repos: list[RepoSpec] = []
    errors: list[LineError] = []
    seen_sources: dict[str, int] = {}
    seen_names: dict[str, int] = {}
    lines = text.splitlines()
    if len(lines) > MAX_LINES:
        raise InputError(f"the REPOS file has more than {MAX_LINES} lines")
    for number, raw in enumerate(lines, 1):
        fields = raw.split("#", 1)[0].split() if not raw.lstrip().startswith("#") else []
        if not fields:
            continue
        source, team, kind = fields[0], *(fields[1:3] + ["", ""])[:2]
        try:
            name, normal, local = classify(source, workspace, base)
            if len(fields) > 3:
                raise ValueError("too many fields (want: SOURCE [TEAM [KIND]])")
            if kind and kind not in KINDS:
                # A typo would be a kind of its own in the org report's filters.
                raise ValueError(f"kind {kind[:40]!r} is not one of {', '.join(KINDS)}")
        except ValueError as exc:
            errors.append(LineError(number, source[:200], source[:200], str(exc), team, kind))
            continue
        if normal in seen_sources:
            errors.append(LineError(number, name, source[:200],
                                    f"duplicate of line {seen_sources[normal]}", team, kind))
            continue
        seen_sources[normal] = number
        if name in seen_names:  # two sources with one name: the second gets its line number
            name = f"{name}#{number}"
        seen_names[name] = number
        repos.append(RepoSpec(name, normal, team, kind, local, number))
    return RepoList(tuple(repos), tuple(errors))


def parse_repos_file(path: Path, *, workspace: Path) -> RepoList:
    """Read and parse a REPOS file (InputError when it cannot be read)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the REPOS file {path}: "
                         f"{getattr(exc, 'strerror', None) or exc}") from exc
    return parse_repos_text(text, workspace=workspace, base=path.resolve().parent)
