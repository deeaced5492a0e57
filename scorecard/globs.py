"""Gitignore-style path globs (``**`` spans folders) compiled once into regular expressions."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable
from functools import lru_cache
from typing import Protocol

__all__ = ["GlobSet", "PathMatcher", "compile_glob"]


# Wildcards a pattern's regular expression may backtrack over (``**``, and ``*`` not made
# atomic): n of them cost up to (characters in the path)^n, so past this many a pattern is
# matched as an automaton instead (characters x pattern length at worst). The unprefixed
# pattern's leading "(?:.*/)?" is one more. A repository's include or exclude is data.
# scorecard: ignore[operability.config-overridable-constants] reason=bounds backtracking
MAX_REGEX_LOOPS = 2


class PathMatcher(Protocol):
    """What a compiled glob offers: ``match(path)``, truthy when the glob matches."""

    def match(self, path: str) -> object:
        """Return a truthy value when the glob matches the repo-relative path."""


@lru_cache(maxsize=512)
def compile_glob(pattern: str, *, below: bool = True) -> PathMatcher:
    """Compile a glob over repo-relative POSIX paths.

    ``*`` and ``?`` stay inside one path segment, ``**`` matches any number of segments, a
    pattern without a slash matches the file name in any folder (as in .gitignore), and a
    pattern that names a folder also matches everything below it, unless ``below`` is false
    (as in .gitattributes, whose patterns match the path itself only). No pattern backtracks
    without bound: several ``*`` in a segment match as ``fnmatch`` does (each run of
    characters between them found once, at its first place: atomic groups), and a pattern
    with many ``**`` is matched by following every way through it at once.
    """
    stripped = pattern.strip()
    text = stripped.lstrip("/")
    # A leading slash, or a slash inside the pattern, anchors it at the root (as .gitignore).
    anchored = stripped.startswith("/") or "/" in text.rstrip("/")
    text = text.rstrip("/")
    body, loops = _translate(text)
    if loops > MAX_REGEX_LOOPS:
        return _AutomatonMatcher(text, anchored, below)
    prefix = "" if anchored else "(?:.*/)?"
    suffix = "(?:/.*)?" if below else ""
    return _compile(f"^{prefix}{body}{suffix}$")


def _compile(regex: str) -> re.Pattern[str]:
    """Compile a translated glob.

    re's warnings about what a future Python may read as set operations ("--" in a class)
    are no news to the user: the glob is the repository's.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        return re.compile(regex, re.DOTALL)


def _tokens(text: str) -> list[tuple[str, str]]:
    """Split a glob into (kind, glob text) tokens.

    Kinds: "dirs" (``**/``), "any" (``**``), "seg" (``*``) and "char" (one character, or
    one ``[...]`` class).
    """
    tokens: list[tuple[str, str]] = []
    i = 0
    while i < len(text):
        if text.startswith("**/", i):
            tokens.append(("dirs", "**/"))
            i += 3
        elif text.startswith("**", i):
            tokens.append(("any", "**"))
            i += 2
        elif text[i] == "*":
            tokens.append(("seg", "*"))
            i += 1
        else:
            end = _char_end(text, i)
            tokens.append(("char", text[i:end]))
            i = end
    return tokens


_LOOPS = {"dirs": "(?:.*/)?", "any": ".*", "seg": "[^/]*"}


def _translate(text: str) -> tuple[str, int]:
    """Translate a glob (no leading or trailing slash) into a regular expression's body.

    Also return how many of its wildcards the regex engine may backtrack over.
    """
    tokens = _tokens(text)
    regex: list[str] = []
    loops = 0
    i = 0
    while i < len(tokens):
        kind, glob = tokens[i]
        if kind == "char":
            regex.append(_chars(glob))
            i += 1
            continue
        # A run of characters up to another '*' of the same segment is found at its first
        # place and kept there (fnmatch's atomic group): the later '*' can take whatever
        # a later place would have given, so no other place need be tried.
        end = i + 1
        while end < len(tokens) and tokens[end][0] == "char" and tokens[end][1] != "/":
            end += 1
        run = "".join(g for _, g in tokens[i + 1:end])
        if kind == "seg" and end < len(tokens) and tokens[end][0] == "seg" \
                and _within_segment(run):
            regex.append(f"(?>[^/]*?{_chars(run)})")
            i = end
            continue
        regex.append(_LOOPS[kind])
        loops += 1
        i += 1
    return "".join(regex), loops


def _within_segment(run: str) -> bool:
    """Return whether no character of the run can be a "/" (a negated class can)."""
    i = 0
    while i < len(run):
        end = _char_end(run, i)
        if run[i] == "[" and end > i + 1 and (run[i + 1] == "!" or "/" in run[i:end]):
            return False
        i = end
    return True


def _char_end(text: str, i: int) -> int:
    """Return where the glob character at ``i`` ends (a ``[...]`` class is one).

    As in fnmatch, a "]" first in a class (after "[" or "[!") belongs to it, so a class is
    never empty; a "[" that no "]" closes is a plain character.
    """
    if text[i] == "[":
        start = i + 1
        if start < len(text) and text[start] == "!":
            start += 1
        if start < len(text) and text[start] == "]":
            start += 1
        end = text.find("]", start)
        if end != -1:
            return end + 1
    return i + 1


def _chars(text: str) -> str:
    """Translate a run of glob characters without ``*`` or ``/``: ``?``, classes, literals."""
    regex: list[str] = []
    i = 0
    while i < len(text):
        end = _char_end(text, i)
        char = text[i]
        if char == "?":
            regex.append("[^/]")
        elif char == "[" and end > i + 1:
            # Characters a regex class reads as nested sets, set operations or its end ("[",
            # "&&", "~~", "||", "]") are plain in a glob's class: escaped, they stay plain.
            body = re.sub(r"([\\\[\]&~|])", r"\\\1", text[i + 1 : end - 1])
            if body.startswith("!"):
                body = "^" + body[1:]
            regex.append(_class_or_literal(f"[{body}]", text[i:end]))
        else:
            regex.append(re.escape(char))
        i = end
    return "".join(regex)


def _class_or_literal(regex: str, glob: str) -> str:
    """Return a class's regex, or the glob's characters as plain text when it is no class.

    A reversed range ("[z-a]") is an error in a regular expression; a glob from a
    repository is data, so it matches its own characters instead of stopping the scan.
    """
    try:
        _compile(regex)
    except re.error:
        return re.escape(glob)
    return regex


class _AutomatonMatcher:
    """Match a glob with many ``**`` by following every way through it at once.

    The glob's regular expression (see :func:`_translate`) is walked as an automaton over
    the path's characters, keeping the set of places the glob can be at: each character
    costs at most the glob's length, whatever the glob, where a backtracking engine would
    try each way in turn.
    """

    def __init__(self, text: str, anchored: bool, below: bool = True) -> None:
        self._below = below
        # Steps: ("char", regex of one character), ("seg",) for [^/]*, ("any",) for .*,
        # ("dirs",) for (?:.*/)? .
        steps: list[tuple[str, re.Pattern[str] | None]] = [] if anchored else [("dirs", None)]
        literals: list[str] = [""]  # the runs of plain characters, which every match holds
        for kind, glob in _tokens(text):
            plain = kind == "char" and len(glob) == 1 and glob != "?"
            if plain:
                literals[-1] += glob
            else:
                literals.append("")
            steps.append((kind, _compile(_chars(glob)) if kind == "char" else None))
        self._steps = tuple(steps)
        self._literals = tuple(run for run in literals if run)

    def _closure(self, places: set[tuple[int, bool]]) -> set[tuple[int, bool]]:
        """Add the places reachable without reading a character.

        A place is (step, inside): ``inside`` is true within a ``dirs`` step's ".*/" loop.
        Every loop step may also be left at once.
        """
        todo = list(places)
        while todo:
            step, inside = todo.pop()
            if step < len(self._steps) and not inside and self._steps[step][0] in (
                    "seg", "any", "dirs"):
                following = (step + 1, False)
                if following not in places:
                    places.add(following)
                    todo.append(following)
        return places

    def match(self, path: str) -> bool:
        """Return whether the path (or, with ``below``, a folder above it) matches the glob."""
        if not all(run in path for run in self._literals):
            return False  # a match holds every run of plain characters: most paths end here
        steps = self._steps
        places = self._closure({(0, False)})
        for char in path:
            if self._below and char == "/" and any(
                    step == len(steps) for step, inside in places if not inside):
                return True  # the glob named a folder above the path: "(?:/.*)?$"
            following: set[tuple[int, bool]] = set()
            for step, _inside in places:
                if step == len(steps):
                    continue
                kind, one = steps[step]
                if kind == "char" and one is not None and one.fullmatch(char):
                    following.add((step + 1, False))
                elif (kind == "seg" and char != "/") or kind == "any":
                    following.add((step, False))
                elif kind == "dirs":
                    following.add((step, True))  # within ".*/", any character
                    if char == "/":
                        following.add((step + 1, False))
            if not following:
                return False
            places = self._closure(following)
        return any(step == len(steps) and not inside for step, inside in places)


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
