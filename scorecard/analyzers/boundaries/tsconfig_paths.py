"""Path aliases of ``tsconfig.json`` and ``jsconfig.json``: ``baseUrl`` and ``paths``.

Only the file itself is read (through the scan's view; nothing is executed): its
``compilerOptions.baseUrl`` and ``compilerOptions.paths`` (patterns with at most one ``*``,
as TypeScript allows), in the JSON-with-comments dialect TypeScript accepts (comments and
trailing commas), up to ``MAX_CONFIG_BYTES``. ``extends`` is not followed. A file is
governed by the nearest such file
in its folder or above that declares ``baseUrl`` or ``paths``.

TypeScript's rules kept: ``paths`` targets are relative to ``baseUrl`` when it is set, else
to the configuration's folder; of several matching patterns the one with the longest prefix
before its ``*`` wins, and its targets are tried in order; with ``baseUrl`` set, a bare
specifier that no pattern matches is also looked up below ``baseUrl``.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from scorecard.analyzers.boundaries.contract_config import ReadFile

__all__ = ["CONFIG_NAMES", "MAX_CONFIG_BYTES", "PathAliases", "aliases_for", "read_aliases"]

CONFIG_NAMES = frozenset({"tsconfig.json", "jsconfig.json"})
# Real configurations are a few kilobytes; a larger file is not read (its comments are
# stripped character by character, and a repository is data that may be hostile).
MAX_CONFIG_BYTES = 256 * 1024


def _repo_path(folder: str, relative: str) -> str | None:
    """Join and normalise; None when the result leaves the repository."""
    joined = posixpath.normpath(posixpath.join(folder, relative))
    if joined == ".":
        return ""
    return None if joined.startswith(("../", "/")) or joined == ".." else joined


@dataclass(frozen=True)
class PathAliases:
    """The aliases one configuration file declares, with repository-relative targets."""

    folder: str  # the configuration's folder ("" at the repository root)
    base_url: str | None  # repository-relative, or None when not set
    patterns: tuple[tuple[str, tuple[str, ...]], ...]  # (pattern, targets), as written

    def match(self, specifier: str) -> list[str] | None:
        """Return the repository paths a ``paths`` pattern maps a specifier to; None: no match."""
        best: tuple[int, str, tuple[str, ...]] | None = None
        for pattern, targets in self.patterns:
            prefix, star, suffix = pattern.partition("*")
            if not star:
                if specifier == pattern:
                    best = (len(pattern) + 1, "", targets)  # an exact match beats any wildcard
                continue
            if specifier.startswith(prefix) and specifier.endswith(suffix) and \
                    len(specifier) >= len(prefix) + len(suffix) and \
                    (best is None or len(prefix) > best[0]):
                best = (len(prefix), specifier[len(prefix):len(specifier) - len(suffix)],
                        targets)
        if best is None:
            return None
        root = self.base_url if self.base_url is not None else self.folder
        found = (_repo_path(root, target.replace("*", best[1], 1)) for target in best[2])
        return [path for path in found if path is not None]

    def below_base_url(self, specifier: str) -> str | None:
        """Return the path a bare specifier names below ``baseUrl``; None without one."""
        return _repo_path(self.base_url, specifier) if self.base_url is not None else None


def _strip_jsonc(text: str) -> str:
    """Remove comments and trailing commas, which TypeScript's configuration parser accepts."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == '"':
            end = i + 1
            while end < n and text[end] != '"':
                end += 2 if text[end] == "\\" else 1
            out.append(text[i:end + 1])
            i = end + 1
        elif text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
        else:
            if char in "]}":
                while out and out[-1].isspace():
                    out.pop()
                if out and out[-1] == ",":
                    out.pop()
            out.append(char)
            i += 1
    return "".join(out)


def _parse(folder: str, data: bytes) -> PathAliases | None:
    """Read one configuration; None when it is not JSON, too large or declares no aliases."""
    if len(data) > MAX_CONFIG_BYTES:
        return None
    try:
        document = json.loads(_strip_jsonc(data.decode("utf-8-sig")))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    options = document.get("compilerOptions") if isinstance(document, dict) else None
    if not isinstance(options, dict):
        return None
    base = options.get("baseUrl")
    base_url = _repo_path(folder, base) if isinstance(base, str) else None
    paths = options.get("paths")
    patterns = tuple(
        (pattern, tuple(t for t in targets if isinstance(t, str)))
        for pattern, targets in (paths.items() if isinstance(paths, dict) else ())
        if isinstance(pattern, str) and pattern.count("*") <= 1 and isinstance(targets, list)
    )
    if base_url is None and not patterns:
        return None
    return PathAliases(folder, base_url, patterns)


def read_aliases(paths: Iterable[str], read: ReadFile) -> dict[str, PathAliases]:
    """Return the aliases of every configuration among ``paths``, by folder."""
    found: dict[str, PathAliases] = {}
    configs = sorted((p.rpartition("/") for p in paths if p.rpartition("/")[2] in CONFIG_NAMES),
                     key=lambda parts: (parts[0], parts[2] != "tsconfig.json"))
    for folder, slash, name in configs:
        if folder in found:
            continue  # a folder's tsconfig.json is preferred to its jsconfig.json
        path = f"{folder}{slash}{name}"
        data = read(path)
        aliases = _parse(folder, data) if data is not None else None
        if aliases is not None:
            found[folder] = aliases
    return found


def aliases_for(path: str, by_folder: Mapping[str, PathAliases]) -> PathAliases | None:
    """Return the aliases governing a file: the nearest configuration at or above it."""
    folder = posixpath.dirname(path)
    while True:
        aliases = by_folder.get(folder)
        if aliases is not None or not folder:
            return aliases
        folder = posixpath.dirname(folder)
