"""Gitignore-style path globs (``**`` spans folders) compiled once into regular expressions."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

__all__ = ["GlobSet", "compile_glob"]


@lru_cache(maxsize=512)
def compile_glob(pattern: str) -> re.Pattern[str]:
    """Compile a glob over repo-relative POSIX paths.

    ``*`` and ``?`` stay inside one path segment, ``**`` matches any number of segments, a
    pattern without a slash matches the file name in any folder (as in .gitignore), and a
    pattern that names a folder also matches everything below it.
    """
    stripped = pattern.strip()
    text = stripped.lstrip("/")
    # A leading slash, or a slash inside the pattern, anchors it at the root (as .gitignore).
    anchored = stripped.startswith("/") or "/" in text.rstrip("/")
    text = text.rstrip("/")
    regex: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if text.startswith("**/", i):
            regex.append("(?:.*/)?")
            i += 3
            continue
        if text.startswith("**", i):
            regex.append(".*")
            i += 2
            continue
        if char == "*":
            regex.append("[^/]*")
        elif char == "?":
            regex.append("[^/]")
        elif char == "[":
            end = text.find("]", i + 1)
            if end == -1:
                regex.append(re.escape(char))
            else:
                body = text[i + 1 : end].replace("\\", "\\\\")
                if body.startswith("!"):
                    body = "^" + body[1:]
                regex.append(f"[{body}]")
                i = end
        else:
            regex.append(re.escape(char))
        i += 1
    prefix = "" if anchored else "(?:.*/)?"
    return re.compile(f"^{prefix}{''.join(regex)}(?:/.*)?$", re.DOTALL)


class GlobSet:
    """A set of globs; ``matches`` is true when any of them matches the path."""

    def __init__(self, patterns: Iterable[str]) -> None:
        self.patterns = tuple(p for p in patterns if p.strip())
        self._compiled = tuple(compile_glob(p) for p in self.patterns)

    def __bool__(self) -> bool:
        return bool(self._compiled)

    def matches(self, path: str) -> bool:
        """Return True when any glob matches the repo-relative POSIX path."""
        return any(regex.match(path) for regex in self._compiled)
