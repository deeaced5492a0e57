"""Environment variables read by code the Python analysis does not cover.

A documented name is stale only when nothing reads it. Besides the
application's Python, readers are the repository's code in other languages and the Python
scripts under examples and demo folders (the per-file step leaves those out of the product
metrics, but an operator who follows the example sets the variable):

- Go: ``os.Getenv("X")``, ``os.LookupEnv("X")``, ``syscall.Getenv("X")``;
- JavaScript and TypeScript: ``process.env.X``, ``process.env["X"]``, ``import.meta.env.X``,
  ``const { X, Y } = process.env``;
- Java, Kotlin and Scala: ``System.getenv("X")``, ``sys.env("X")``;
- Rust: ``env::var("X")``, ``env::var_os("X")``, ``env!("X")``;
- Ruby: ``ENV["X"]``, ``ENV.fetch("X")``; C#: ``GetEnvironmentVariable("X")``;
- example Python: ``getenv("X")``, ``environ.get("X")``, ``environ["X"]``.

Files are read as text and only for the names asked about, so a repository whose docs name
nothing stale pays nothing. The repository is data: nothing is executed.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass

from scorecard.analyzers.base import ScanContext
from scorecard.analyzers.path_roles import PathRole, path_role

__all__ = ["ForeignRead", "foreign_reads"]

_NAME = r"([A-Za-z_][A-Za-z0-9_]*)"
_Q = r"""["'`]"""
_PATTERNS: dict[str, tuple[str, tuple[re.Pattern[str], ...]]] = {
    "go": ("Go", (re.compile(r"\b(?:os|syscall)\.(?:Getenv|LookupEnv)\(\s*\"" + _NAME + "\""),)),
    "js": ("JavaScript", (
        re.compile(r"\b(?:process|import\.meta)\.env\.([A-Za-z_][A-Za-z0-9_]*)"),
        re.compile(r"\b(?:process|import\.meta)\.env\[\s*" + _Q + _NAME + _Q + r"\s*\]"),
    )),
    "java": ("Java", (re.compile(r"\b(?:System\.getenv|sys\.env(?:\.get)?)\(\s*\"" + _NAME
                                 + "\""),)),
    "rust": ("Rust", (re.compile(r"\benv(?:::var(?:_os)?\(|!\()\s*\"" + _NAME + "\""),)),
    "ruby": ("Ruby", (re.compile(r"\bENV(?:\[|\.fetch\(|\.key\?\()\s*['\"]" + _NAME
                                 + "['\"]"),)),
    "cs": ("C#", (re.compile(r"GetEnvironmentVariable\(\s*\"" + _NAME + "\""),)),
    "py": ("example Python", (
        re.compile(r"(?:getenv|environ\.get|environ\.setdefault|environ\.pop)\(\s*['\"]"
                   + _NAME + "['\"]"),
        re.compile(r"environ\[\s*['\"]" + _NAME + r"['\"]\s*\]"),
    )),
}
# ``const { DATABASE_URL, PORT = 3000 } = process.env``
_JS_DESTRUCTURE = re.compile(r"\{([^{}]*)\}\s*=\s*process\.env\b")
_EXTENSIONS = {
    ".go": "go", ".js": "js", ".mjs": "js", ".cjs": "js", ".jsx": "js", ".ts": "js",
    ".tsx": "js", ".mts": "js", ".cts": "js", ".vue": "js", ".svelte": "js", ".java": "java",
    ".kt": "java", ".kts": "java", ".scala": "java", ".rs": "rust", ".rb": "ruby",
    ".cs": "cs", ".py": "py",
}
# Cheap substring tests that every reading pattern of a language needs.
_HINTS = {"go": ("Getenv", "LookupEnv"), "js": (".env",), "java": ("getenv", "sys.env"),
          "rust": ("env",), "ruby": ("ENV",), "cs": ("GetEnvironmentVariable",),
          "py": ("environ", "getenv")}
MAX_FILE_BYTES = 1024 * 1024
TOTAL_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class ForeignRead:
    """One place outside the application's Python where a variable is read."""

    name: str
    path: str
    line: int
    language: str


def _language(path: str) -> str | None:
    """Return the pattern key for a file whose env reads count, or None."""
    extension = posixpath.splitext(path)[1].lower()
    language = _EXTENSIONS.get(extension)
    role = path_role(path)
    if language == "py":
        # The application's Python is analysed from its tree; scripts under examples and
        # demos are read here, tests never (a test's variable is not the product's).
        return language if role is PathRole.EXAMPLE else None
    if language is None or role in (PathRole.TEST, PathRole.VENDORED, PathRole.GENERATED):
        return None
    return language


def _names(language: str, text: str) -> Iterable[tuple[str, int]]:
    """Yield (name, offset) of every env read in one file's text."""
    for pattern in _PATTERNS[language][1]:
        for match in pattern.finditer(text):
            yield match.group(1), match.start(1)
    if language == "js" and "process.env" in text:
        for match in _JS_DESTRUCTURE.finditer(text):
            for part in match.group(1).split(","):
                name = part.split("=", 1)[0].split(":", 1)[0].strip()
                if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
                    yield name, match.start(1)


def foreign_reads(ctx: ScanContext, wanted: Iterable[str]) -> dict[str, ForeignRead]:
    """Return, for each wanted name read outside the application's Python, its first read."""
    remaining = {name.upper() for name in wanted}
    found: dict[str, ForeignRead] = {}
    if not remaining:
        return found
    budget = TOTAL_BYTES
    for item in ctx.files:
        language = _language(item.path)
        if language is None or item.size > MAX_FILE_BYTES or item.size > budget:
            continue
        budget -= item.size
        try:
            text = ctx.view.read_bytes(item.path).decode("utf-8", errors="replace")
        except OSError:
            continue  # another language's file: unreadable means no evidence, not a problem
        if not any(hint in text for hint in _HINTS[language]):
            continue
        for name, offset in _names(language, text):
            upper = name.upper()
            if upper in remaining:
                remaining.discard(upper)
                found[upper] = ForeignRead(upper, item.path, text.count("\n", 0, offset) + 1,
                                           _PATTERNS[language][0])
        if not remaining:
            break
    return found
