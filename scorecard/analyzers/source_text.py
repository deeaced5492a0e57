"""Source files in languages other than Python, read as text: the language, code and strings.

The operability facts read from Go, JavaScript, TypeScript, Java, Kotlin, Scala, Rust, C#,
Ruby and PHP (an environment read, a command-line flag, a route, an import of a metrics
client) are single calls, annotations or imports with literal arguments. A lexer that
blanks comments and knows where string literals are tells code from prose for every
C-family language with one table, in one linear pass, with no grammar to install: that is
why these facts are read from text rather than syntax trees. The rules:

- ``//`` line comments and ``/* */`` block comments (and Ruby's and PHP's ``#`` line
  comments; PHP's ``#[`` starts an attribute) are replaced by spaces (line breaks kept), so
  offsets and line numbers stay those of the file and a commented-out call is no call;
- string literals are kept and their spans recorded: ``"..."`` with escapes in every
  language; ``'...'`` as a string in JavaScript, TypeScript, Ruby and PHP, as a character
  literal elsewhere (a Rust lifetime ``'a`` is neither); Go's raw `` `...` ``; JavaScript
  template literals, whose ``${...}`` parts are code; Java, Kotlin, Scala and C# ``\"\"\"`` text
  blocks; Rust ``r#"..."#`` and C# ``@"..."`` verbatim strings; JavaScript regular
  expression literals (after an operator or keyword) count as strings too, so a ``//``
  inside one starts no comment;
- a detector matches its pattern on ``code`` and keeps a match only when it does not start
  inside a string literal (:meth:`SourceText.in_string`): a call quoted in a message is not
  a call.

Nothing is executed or imported; a file that does not lex cleanly (an unterminated string)
is read to its end as that string, never an error.
"""

from __future__ import annotations

import bisect
import posixpath
import re
from dataclasses import dataclass

from scorecard.languages import minified_reason

__all__ = ["DISPLAY_NAMES", "LANGUAGES", "SourceText", "is_minified", "is_web_asset",
           "language_of", "lex", "word"]

# File extension -> language. Kotlin build scripts (.kts) are build configuration, not code.
LANGUAGES: dict[str, str] = {
    ".go": "go",
    ".js": "javascript", ".mjs": "javascript", ".cjs": "javascript", ".jsx": "javascript",
    ".ts": "typescript", ".tsx": "typescript", ".mts": "typescript", ".cts": "typescript",
    ".java": "java", ".kt": "kotlin", ".scala": "scala",
    ".rs": "rust", ".cs": "csharp", ".rb": "ruby", ".php": "php",
}
# How reports name them.
DISPLAY_NAMES = {"go": "Go", "javascript": "JavaScript", "typescript": "TypeScript",
                 "java": "Java", "kotlin": "Kotlin", "scala": "Scala", "rust": "Rust",
                 "csharp": "C#", "ruby": "Ruby", "php": "PHP"}
_JS = frozenset({"javascript", "typescript"})
# Languages whose '...' is a string, not a character literal.
_SINGLE_QUOTED = _JS | {"ruby", "php"}
_TEXT_BLOCKS = frozenset({"java", "kotlin", "scala", "csharp"})

# Where the next comment or literal may start.
_START = {
    "go": re.compile(r"//|/\*|\"|'|`"),
    "js": re.compile(r"//|/\*|\"|'|`|/"),
    "rust": re.compile(r"//|/\*|(?<!\w)b?r#*\"|\"|'"),
    "csharp": re.compile(r"//|/\*|\"\"\"|(?<![@$])[@$]+\"|\"|'"),
    # Ruby: '#' to the line's end; PHP: that, '//' and '/* */' ('#[' starts an attribute).
    "ruby": re.compile(r"#|\"|'"),
    "php": re.compile(r"//|/\*|#(?!\[)|\"|'"),
    "other": re.compile(r"//|/\*|\"\"\"|\"|'"),
}
_DOUBLE = re.compile(r"\"(?:[^\"\\\n]|\\.)*(?:\"|$)", re.S | re.M)
_SINGLE = re.compile(r"'(?:[^'\\\n]|\\.)*(?:'|$)", re.S | re.M)
_CHAR = re.compile(r"'(?:\\.[^'\n]{0,9}|[^'\\\n])'")
_RAW_GO = re.compile(r"`[^`]*(?:`|$)", re.S)
_TEXT_BLOCK = re.compile(r"\"\"\"[\s\S]*?(?:\"\"\"|$)", re.S)
_VERBATIM_CS = re.compile(r"[@$]+\"(?:[^\"]|\"\")*(?:\"|$)", re.S)
_BLOCK = re.compile(r"/\*[\s\S]*?(?:\*/|$)", re.S)
_LINE = re.compile(r"//[^\n]*")
_REGEX = re.compile(r"/(?![*/])(?:[^/\\\n\[]|\\.|\[(?:[^\]\\\n]|\\.)*\])+/[a-z]*")
# A '/' after one of these (or a keyword below) starts a regular expression, not a division.
_BEFORE_REGEX = frozenset("(,=:[!&|?{};+-*%<>~^")
_REGEX_KEYWORDS = frozenset({"return", "typeof", "case", "in", "of", "new", "delete", "void",
                             "throw", "else", "do", "yield", "await"})
_LAST_WORD = re.compile(r"([A-Za-z_$][\w$]*)\s*$")
_NOT_NEWLINE = re.compile(r"[^\n]")


def is_minified(path: str, text: str) -> bool:
    """Return True for minified or bundled JavaScript and type declarations: not read.

    Minified and bundled code is the file step's rule (:func:`scorecard.languages.
    minified_reason`: one rule for every analyzer); a ``.d.ts`` file declares types and
    holds no code that runs, so no env read or route in it is the program's.
    """
    if path.endswith(".d.ts"):
        return True
    return minified_reason(path, text.encode("utf-8", "surrogateescape")) is not None


# Folders of a web application's front-end assets: JavaScript there is served to browsers
# (often third-party copies), not the program an operator runs.
_ASSET_FOLDERS = frozenset({"static", "assets", "public", "dist", "build", "www", "wwwroot",
                            "bower_components", "jspm_packages"})


def is_web_asset(path: str) -> bool:
    """Return True for JavaScript or TypeScript under a front-end asset or build folder."""
    if LANGUAGES.get(posixpath.splitext(path)[1].lower()) not in _JS:
        return False
    return any(part.lower() in _ASSET_FOLDERS for part in path.split("/")[:-1])


def language_of(path: str) -> str | None:
    """Return the language of a source file by its extension, or None."""
    return LANGUAGES.get(posixpath.splitext(path)[1].lower())


@dataclass(frozen=True)
class SourceText:
    """One file's text with comments blanked, and where its string literals are."""

    language: str
    code: str  # the text with every comment replaced by spaces (line breaks kept)
    strings: tuple[tuple[int, int], ...]  # (start, end) of each string literal, in order
    line_starts: tuple[int, ...]  # offset of the first character of each line

    def in_string(self, offset: int) -> bool:
        """Return True when ``offset`` lies inside a string literal (its quotes included)."""
        index = bisect.bisect_right(self.strings, (offset, len(self.code) + 1)) - 1
        return index >= 0 and self.strings[index][0] <= offset < self.strings[index][1]

    def line(self, offset: int) -> int:
        """Return the 1-based line number of ``offset``."""
        return bisect.bisect_right(self.line_starts, offset)

    def literals(self) -> list[tuple[int, str]]:
        """Return (offset, content without quotes) of every plain string literal."""
        found: list[tuple[int, str]] = []
        for start, end in self.strings:
            raw = self.code[start:end]
            quote = raw[:1]
            if quote in "\"'`" and len(raw) >= 2 and raw[-1] == quote:
                found.append((start, raw[1:-1]))
        return found

    def code_lines(self) -> int:
        """Return the number of lines that hold code (not blank, not only comment)."""
        return sum(1 for line in self.code.splitlines() if line.strip())


def _starter(language: str) -> re.Pattern[str]:
    if language in _JS:
        return _START["js"]
    return _START.get(language, _START["other"])


def _regex_allowed(consumed: str) -> bool:
    """Return True when a '/' after ``consumed`` code starts a regular expression."""
    tail = consumed.rstrip()
    if not tail or tail[-1] in _BEFORE_REGEX:
        return True
    word = _LAST_WORD.search(tail[-20:])
    return word is not None and word.group(1) in _REGEX_KEYWORDS


def _expression_end(text: str, position: int) -> int:
    """Return the offset just past the ``}`` that closes a template's ``${`` expression.

    Braces are counted; quoted strings inside the expression are skipped whole.
    """
    depth = 1
    while position < len(text) and depth:
        char = text[position]
        if char in "\"'":
            match = (_DOUBLE if char == '"' else _SINGLE).match(text, position)
            position = match.end() if match else position + 1
            continue
        depth += {"{": 1, "}": -1}.get(char, 0)
        position += 1
    return position


def _template_end(text: str, start: int, strings: list[tuple[int, int]]) -> int:
    """Return the end of a JavaScript template literal starting at ``start``.

    The literal's text parts are recorded as strings; its ``${...}`` parts stay code.
    """
    position, chunk = start + 1, start
    while position < len(text):
        char = text[position]
        if char == "`":
            strings.append((chunk, position + 1))
            return position + 1
        if char == "$" and text.startswith("{", position + 1):
            strings.append((chunk, position))
            position = _expression_end(text, position + 2)
            chunk = position - 1
            continue
        position += 2 if char == "\\" else 1
    strings.append((chunk, len(text)))
    return len(text)


def _string_end(text: str, start: int, token: str, language: str) -> int:
    """Return the end of the literal that starts at ``start`` with ``token`` (-1: none)."""
    if token == '"':
        match = _DOUBLE.match(text, start)
    elif token == "'":
        match = (_SINGLE if language in _SINGLE_QUOTED else _CHAR).match(text, start)
    elif token == "`":
        match = _RAW_GO.match(text, start)
    elif token == '"""':
        match = _TEXT_BLOCK.match(text, start)
    elif token.endswith('"') and token[0] in "@$":
        match = _VERBATIM_CS.match(text, start)
    else:  # a Rust raw string: r#"..."# closes with the same number of hashes
        hashes = token.count("#")
        close = text.find('"' + "#" * hashes, start + len(token))
        return len(text) if close < 0 else close + 1 + hashes
    return match.end() if match else -1


# What one token at a position is: where it ends, whether it is a comment, its string spans.
_Token = tuple[int, bool, list[tuple[int, int]]]


def _comment_or_regex(text: str, start: int, token: str, before: str) -> _Token:
    """Read a comment, or in JavaScript a '/' that starts a regular expression or divides."""
    if token == "/":
        regex = _REGEX.match(text, start) if _regex_allowed(before) else None
        return (regex.end(), False, [(start, regex.end())]) if regex else (start + 1, False, [])
    comment = (_LINE if token == "//" else _BLOCK).match(text, start)
    assert comment is not None  # both patterns match at a '//' or '/*'
    return comment.end(), True, []


def _token(text: str, start: int, token: str, language: str, before: str) -> _Token:
    """Read the comment or literal that ``token`` starts; ``before`` is the code before it."""
    if token in ("//", "/*", "/"):
        return _comment_or_regex(text, start, token, before)
    if token == "#":  # Ruby's and PHP's line comment
        end = text.find("\n", start)
        return (len(text) if end < 0 else end), True, []
    if token == "`" and language in _JS:
        spans: list[tuple[int, int]] = []
        return _template_end(text, start, spans), False, spans
    end = -1 if token == "`" and language != "go" else _string_end(text, start, token,
                                                                   language)
    # A lone quote (a Rust lifetime, a stray character) is one character of code.
    return (end, False, [(start, end)]) if end >= 0 else (start + 1, False, [])


# The overrides and the signals analyzers each read a source file through its lexed text,
# one after the other in the same worker, with the same text object: the last file's
# outcome is kept so that a file is lexed once.
_LAST_LEXED: list[tuple[str, str, SourceText]] = []


def lex(text: str, language: str) -> SourceText:
    """Blank the comments of one source file and record its string literals."""
    if _LAST_LEXED and _LAST_LEXED[0][0] is text and _LAST_LEXED[0][1] == language:
        return _LAST_LEXED[0][2]
    lexed = _lex(text, language)
    _LAST_LEXED[:] = [(text, language, lexed)]
    return lexed


def _lex(text: str, language: str) -> SourceText:
    starter = _starter(language)
    code: list[str] = []
    strings: list[tuple[int, int]] = []
    position = 0
    while (match := starter.search(text, position)) is not None:
        start = match.start()
        code.append(text[position:start])
        end, comment, spans = _token(text, start, match.group(), language, "".join(code[-3:]))
        code.append(_NOT_NEWLINE.sub(" ", text[start:end]) if comment else text[start:end])
        strings.extend(spans)
        position = end
    code.append(text[position:])
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    return SourceText(language, "".join(code), tuple(sorted(strings)), tuple(starts))


def word(*literals: str) -> str:
    r"""Regular-expression source for any of ``literals`` where a word starts, literal first.

    ``re`` looks for a pattern's leading literal with a fast scan, but a leading ``\b`` or
    lookbehind turns that scan off and the engine tries the pattern at every position:
    10 to 20 times slower on the large files these per-file patterns read. Written with
    the literal first and the boundary checked after it (a lookbehind over the character
    before the literal), the pattern matches the same text. Each literal is plain text
    that starts with a word character.
    """
    parts = []
    for literal in literals:
        if not (literal[:1].isalnum() or literal[:1] == "_"):
            raise ValueError(f"{literal!r} does not start with a word character")
        escaped = re.escape(literal)
        parts.append(f"{escaped}(?<!\\w{escaped})")
    return "(?:" + "|".join(parts) + ")"
