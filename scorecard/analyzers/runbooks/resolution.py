"""Resolve an alert's runbook link to a file and anchor in this repository: one outcome each.

Order: expand templates; map this repository's own forge URLs
(``github.com/<owner>/<repo>/blob/<ref>/<path>``, GitLab's ``/-/blob/``, raw URLs) to local
paths, ignoring the ref; resolve relative paths against the rule file's folder, then the
repository root; apply the configured site map (URL prefix -> folder, stems compared
case-insensitively because static-site generators lowercase URLs); match the anchor. A path
that climbs out of the repository with ``..`` is never followed.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from scorecard.analyzers.runbooks.slugs import normalise_fragment

__all__ = ["RESOLVED", "LinkContext", "Outcome", "Resolution", "expand_template",
           "is_alert_index", "parse_remote", "resolve_link"]


class Outcome(StrEnum):
    """Where an alert's runbook link leads."""

    ANCHOR_OK = "anchor_ok"
    FILE_OK = "file_ok"
    ANCHOR_MISSING = "anchor_missing"
    FILE_MISSING = "file_missing"
    GENERATED_TABLE = "generated_table"
    EXTERNAL_MAPPED_OK = "external_mapped_ok"
    EXTERNAL_MAPPED_MISSING = "external_mapped_missing"
    EXTERNAL_UNVERIFIED = "external_unverified"
    TEMPLATED_UNRESOLVED = "templated_unresolved"
    OUTSIDE_REPO = "outside_repo"
    NONE = "none"


RESOLVED = frozenset({Outcome.ANCHOR_OK, Outcome.FILE_OK, Outcome.EXTERNAL_MAPPED_OK})
# A document beats a same-named file without extension (site generators serve the document).
_DOC_TRIES = (".md", ".rst", ".markdown", "", "/README.md", "/index.md", "/_index.md",
              "/README.rst", "/index.rst")
_REQUIRED = {"meaning", "impact", "diagnosis", "mitigation"}
_LINE_ANCHOR = re.compile(r"^l\d+(?:-l\d+)?$")
_TEMPLATE_ALERT = re.compile(
    r"\{\{-?\s*(?:\$labels\.alertname|\.Labels\.alertname|\$alert|\.CommonLabels\.alertname"
    r"|\.GroupLabels\.alertname)\s*-?\}\}"
)


@dataclass(frozen=True)
class Resolution:
    """The outcome for one link, with the local file and heading it reached (if any)."""

    outcome: Outcome
    path: str | None = None
    heading: int | None = None  # index into the target document's headings
    detail: str = ""


@dataclass(frozen=True)
class LinkContext:
    """What resolving needs to know about the repository."""

    files: frozenset[str]
    folders: frozenset[str]
    lower_files: Mapping[str, str]  # lowercase path -> path, for site-map lookups
    docs: Mapping[str, dict[str, Any]]  # path -> per-file doc facts
    # (host, owner, repo) this repository is known by: repo_url, remotes, package metadata.
    remotes: tuple[tuple[str, str, str], ...]
    site_map: Mapping[str, str]


def parse_remote(url: str) -> tuple[str, str, str] | None:
    """(host, owner, repo) from an https, ssh or scp-style git remote URL."""
    url = url.strip()
    scp = re.match(r"^[\w.-]+@([\w.-]+):(.+?)(?:\.git)?/?$", url)
    if scp:
        host, path = scp.group(1), scp.group(2)
    else:
        parts = urlsplit(url)
        if not parts.hostname:
            return None
        host, path = parts.hostname, parts.path.strip("/").removesuffix(".git")
    segments = path.split("/")
    if len(segments) < 2:
        return None
    return host.lower(), "/".join(segments[:-1]).lower(), segments[-1].lower()


def expand_template(url: str, alert: str) -> str:
    """Substitute the alert name where Prometheus or Helm templates name it."""
    return _TEMPLATE_ALERT.sub(alert, url)


def _find_file(candidate: str, ctx: LinkContext, *, fold_case: bool) -> str | None:
    candidate = candidate.strip("/")
    for suffix in _DOC_TRIES:
        probe = f"{candidate}{suffix}" if candidate else suffix.lstrip("/")
        if probe in ctx.files:
            return probe
        if fold_case and probe.lower() in ctx.lower_files:
            return ctx.lower_files[probe.lower()]
    return None


def _self_forge_path(parts: Any, ctx: LinkContext) -> list[str] | None:
    """Local path candidates when a URL points into this repository on its forge."""
    for remote in ctx.remotes:
        found = _forge_path(parts, remote)
        if found is not None:
            return found
    return None


def _forge_path(parts: Any, remote: tuple[str, str, str]) -> list[str] | None:
    """Local path candidates when a URL points into the repository ``remote`` names."""
    host, owner, repo = remote
    segments = [unquote(s) for s in parts.path.split("/") if s]
    if (parts.hostname or "").lower() == "raw.githubusercontent.com" and host == "github.com":
        if len(segments) >= 3 and [s.lower() for s in segments[:2]] == [owner, repo]:
            rest = segments[2:]
            return ["/".join(rest[i:]) for i in range(1, len(rest))]
        return None
    if (parts.hostname or "").lower() != host:
        return None
    owner_parts = owner.split("/")
    prefix = [s.lower() for s in segments[:len(owner_parts) + 1]]
    if prefix != [*owner_parts, repo]:
        return None
    rest = segments[len(owner_parts) + 1:]
    if rest[:1] == ["-"]:
        rest = rest[1:]  # GitLab: /owner/repo/-/blob/ref/path
    if len(rest) < 2 or rest[0] not in ("blob", "tree", "raw", "edit"):
        return None
    # The ref may itself contain slashes (feature/x): try every split, shortest ref first.
    return ["/".join(rest[i:]) for i in range(2, len(rest) + 1)]


def _relative(link: str, rule_path: str) -> list[str] | Resolution:
    target = unquote(link)
    if target.startswith("/"):
        bases = [""]
        target = target.lstrip("/")
    else:
        bases = [str(PurePosixPath(rule_path).parent), ""]
    candidates: list[str] = []
    for base in bases:
        joined = posixpath.normpath(posixpath.join(base, target) if base not in ("", ".")
                                    else target)
        if joined != ".." and not joined.startswith("../"):
            candidates.append("" if joined == "." else joined)
    if not candidates:
        return Resolution(Outcome.OUTSIDE_REPO, detail=f"{link} leaves the repository "
                                                       "(not followed)")
    return candidates


def is_alert_index(doc: Mapping[str, Any]) -> bool:
    """Return True for a document that is a generated table of alerts, with no runbook section.

    mixtool's and the mixins' ``runbook.md`` (``|Name|Summary|Description|Severity|Runbook|``)
    lists alerts; it tells nobody what they mean or what to do.
    """
    return bool(doc.get("table_doc")) and not any(
        set(heading[5]) & _REQUIRED for heading in doc.get("headings", ()))


def _anchor(path: str, fragment: str, ctx: LinkContext, ok: Outcome, alert: str = ""
            ) -> Resolution:
    doc = ctx.docs.get(path)
    if not fragment:
        if doc is not None and is_alert_index(doc):
            return Resolution(Outcome.GENERATED_TABLE, path,
                              detail="the file is a generated table of alerts")
        return Resolution(ok, path)
    wanted = normalise_fragment(fragment)
    if doc is None or _LINE_ANCHOR.match(wanted):
        return Resolution(ok, path)
    for index, heading in enumerate(doc["headings"]):
        if wanted in heading[4]:
            return Resolution(Outcome.ANCHOR_OK if ok is Outcome.FILE_OK else ok, path, index)
    if doc.get("table_doc"):
        return Resolution(Outcome.GENERATED_TABLE, path,
                          detail=f"#{fragment} is not a heading; the file is a generated table")
    if alert and alert.lower() in doc.get("index_names", ()):
        # The alert is a row of an index whose anchors lead nowhere.
        return Resolution(Outcome.GENERATED_TABLE, path,
                          detail=f"#{fragment} is not a heading; {alert} is only a row of a "
                                 "generated index")
    return Resolution(Outcome.ANCHOR_MISSING, path, detail=f"no heading or id '#{fragment}'")


def _site_map(url: str, ctx: LinkContext) -> tuple[str, str] | None:
    for prefix in sorted(ctx.site_map, key=len, reverse=True):
        if url.lower().startswith(prefix.lower()):
            folder = ctx.site_map[prefix].strip("/")
            rest = unquote(url[len(prefix):]).strip("/")
            return folder, rest
    return None


def resolve_link(link: str, alert: str, rule_path: str, ctx: LinkContext) -> Resolution:
    """Return the one outcome of an alert's runbook link."""
    url = expand_template(link.strip(), alert)
    if not url:
        return Resolution(Outcome.NONE)
    if "{{" in url or "%(" in url:
        return Resolution(Outcome.TEMPLATED_UNRESOLVED, detail=f"unexpanded template in {url}")
    base, _, fragment = url.partition("#")
    parts = urlsplit(base)
    if parts.scheme in ("http", "https"):
        forge = _self_forge_path(parts, ctx)
        if forge is not None:
            for candidate in forge:
                found = _find_file(candidate, ctx, fold_case=False)
                if found:
                    return _anchor(found, fragment, ctx, Outcome.FILE_OK, alert)
            shown = forge[0] if forge else parts.path
            return Resolution(Outcome.FILE_MISSING, shown, detail=f"{shown} is not in this "
                                                                  "repository")
        mapped = _site_map(base, ctx)
        if mapped is not None:
            folder, rest = mapped
            found = _find_file(posixpath.join(folder, rest) if rest else folder, ctx,
                               fold_case=True)
            if found:
                return _anchor(found, fragment, ctx, Outcome.EXTERNAL_MAPPED_OK, alert)
            return Resolution(Outcome.EXTERNAL_MAPPED_MISSING, detail=f"no file for {rest!r} "
                                                                      f"under {folder}/")
        return Resolution(Outcome.EXTERNAL_UNVERIFIED, detail=parts.hostname or url)
    if parts.scheme and len(parts.scheme) > 1:
        return Resolution(Outcome.EXTERNAL_UNVERIFIED, detail=f"{parts.scheme}: link")
    if not base:
        return Resolution(Outcome.FILE_MISSING, detail="link has only a fragment")
    candidates = _relative(base, rule_path)
    if isinstance(candidates, Resolution):
        return candidates
    for candidate in candidates:
        found = _find_file(candidate, ctx, fold_case=False)
        if found:
            return _anchor(found, fragment, ctx, Outcome.FILE_OK, alert)
    return Resolution(Outcome.FILE_MISSING, candidates[0], detail=f"{base} does not exist")
