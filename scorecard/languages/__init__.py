"""Languages measured with tree-sitter grammars, besides Python (measured with ``ast``).

Each language is one module declaring its grammar and node kinds as data (a
:class:`~scorecard.languages.spec.LanguageSpec`); :mod:`scorecard.languages.measure` measures
any of them. Adding a language: a module with its spec, its grammar wheel in
``pyproject.toml``'s dependencies, the spec in ``LANGUAGES`` below, and a test file.

Files that look like source code in a language without a grammar here are listed as skipped
with :func:`unmeasured_language` as the reason, never silently dropped.
"""

from __future__ import annotations

from scorecard.languages.go import GO
from scorecard.languages.java import JAVA
from scorecard.languages.javascript import JAVASCRIPT
from scorecard.languages.spec import LanguageSpec
from scorecard.languages.typescript import TSX, TYPESCRIPT

__all__ = ["LANGUAGES", "PYTHON_NAME", "LanguageSpec", "language_for_path", "language_name",
           "minified_reason", "unmeasured_language"]

PYTHON_NAME = "Python"
LANGUAGES: tuple[LanguageSpec, ...] = (GO, JAVA, JAVASCRIPT, TYPESCRIPT, TSX)

_BY_SUFFIX: dict[str, LanguageSpec] = {
    suffix: spec for spec in LANGUAGES for suffix in spec.suffixes
}
# Source code in languages without a grammar here: listed as skipped, with this name.
_UNMEASURED: dict[str, str] = {
    ".rs": "Rust", ".cs": "C#", ".c": "C", ".h": "C/C++ header", ".cc": "C++", ".cpp": "C++",
    ".cxx": "C++", ".hpp": "C++ header", ".kt": "Kotlin", ".kts": "Kotlin", ".scala": "Scala",
    ".swift": "Swift", ".rb": "Ruby", ".php": "PHP", ".m": "Objective-C", ".mm": "Objective-C",
    ".lua": "Lua", ".pl": "Perl", ".pm": "Perl", ".r": "R", ".ex": "Elixir", ".exs": "Elixir",
    ".erl": "Erlang", ".hs": "Haskell", ".clj": "Clojure", ".dart": "Dart", ".zig": "Zig",
    ".groovy": "Groovy", ".fs": "F#", ".vue": "Vue", ".svelte": "Svelte", ".sol": "Solidity",
}
# A line this long in a script file means minified or bundled code, not code people read.
MINIFIED_LINE_CHARS = 1000


def _suffix(path: str) -> str:
    name = path.rpartition("/")[2].lower()
    dot = name.rfind(".")
    return name[dot:] if dot > 0 else ""


def language_for_path(path: str) -> LanguageSpec | None:
    """Return the tree-sitter language measuring this path, or None."""
    return _BY_SUFFIX.get(_suffix(path))


def language_name(path: str) -> str | None:
    """Return the display name of the language measuring ``path`` (Python included)."""
    if path.endswith(".py"):
        return PYTHON_NAME
    spec = language_for_path(path)
    return spec.name if spec is not None else None


def unmeasured_language(path: str) -> str | None:
    """Return why a source file is not measured (its language has no grammar), or None."""
    language = _UNMEASURED.get(_suffix(path))
    if language is None:
        return None
    return f"{language} source: no grammar for {language}, not measured"


def minified_reason(path: str, data: bytes) -> str | None:
    """Return why a JavaScript/TypeScript file is skipped as minified or bundled, or None.

    ``*.min.js`` by name; otherwise a line longer than ``MINIFIED_LINE_CHARS`` characters
    in a file whose average line is also long (a long data line in hand-written code is not
    enough).
    """
    spec = language_for_path(path)
    if spec is None or not spec.glued_question_mark:
        return None
    name = path.rpartition("/")[2].lower()
    if ".min." in name or name.endswith((".bundle.js", "-bundle.js")):
        return "minified or bundled (file name)"
    lines = data.count(b"\n") + 1
    longest = max((len(line) for line in data.split(b"\n")), default=0)
    if longest > MINIFIED_LINE_CHARS and len(data) / lines > 200:
        return f"minified or bundled (a line of {longest} characters)"
    return None
