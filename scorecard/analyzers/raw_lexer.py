"""A fast path for radon's raw line counts: one regular-expression pass instead of tokenize.

radon groups the stripped lines of a file into *chunks* (the shortest runs of lines that
tokenize cleanly) and counts per chunk: comment tokens, whether the chunk is a lone comment or
a lone string (a docstring), source and blank lines, and logical lines (``_logical``). The
exact reimplementation in :mod:`raw_metrics` runs Python's ``tokenize`` once, which is pure
Python on 3.11 and dominates a scan's cost. This lexer needs only what those rules look at:
strings and comments as whole units, bracket depth, backslash continuations, and the ``:``
and ``;`` operators. It returns None whenever a case falls outside what it models (a ``;``
in a chunk, which needs exact token counts, is handed to radon's own per-chunk rule; anything
that would not tokenize makes the caller use the exact path), so its results are radon's.
"""

from __future__ import annotations

import re

from radon.raw import _generate, _logical

from scorecard.analyzers.raw_metrics import RawCounts

__all__ = ["count_raw_fast"]

_PREFIX = r"(?:[bB][rR]?|[rR][bBfF]?|[uU]|[fF][rR]?)?"
_LEXER = re.compile(
    rf"""(?P<str3>{_PREFIX}(?:'''(?:[^\\]|\\.)*?'''|\"\"\"(?:[^\\]|\\.)*?\"\"\"))
        |(?P<str1>{_PREFIX}(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"))
        |(?P<comment>\#[^\n]*)
        |(?P<nl>\n)
        |(?P<cont>\\\n)
        |(?P<open>[(\[{{])
        |(?P<close>[)\]}}])
        |(?P<walrus>:=)
        |(?P<colon>:)
        |(?P<semi>;)
        |(?P<space>[ \t]+)
        |(?P<other>[^\s'"\#()\[\]{{}}:;\\]+)
    """,
    re.VERBOSE | re.DOTALL,
)


class _Chunk:
    """Counters of the chunk being read."""

    __slots__ = ("comments", "first_line", "real", "only_string", "colon_last", "has_colon",
                 "has_semicolon", "string_rows")

    def __init__(self, first_line: int) -> None:
        self.first_line = first_line
        self.comments = 0
        self.real = 0  # real tokens seen (at least; runs of other text count once)
        self.only_string = False
        self.has_colon = False
        self.colon_last = False  # no real token after the last ':' so far
        self.has_semicolon = False
        self.string_rows = 0  # line breaks inside the lone string, when there is one

    def token(self, is_string: bool = False, rows: int = 0) -> None:
        self.real += 1
        self.only_string = is_string and self.real == 1
        self.string_rows = rows
        self.colon_last = False


def count_raw_fast(source: str) -> RawCounts | None:
    """Radon's raw counts of ``source``, or None when the exact path must decide."""
    lines = [line.strip() for line in source.splitlines()]
    text = "\n".join(lines)
    totals = {"lloc": 0, "sloc": 0, "comments": 0, "multi": 0, "blank": 0, "single": 0}
    line = 0
    depth = 0
    chunk = _Chunk(0)
    position = 0
    end = len(text)
    # radon's buffer after a backslash continuation and an empty line still ends in a
    # continuation, so it takes one more line: the newline of that empty line closes nothing.
    continued_empty = False
    while position < end:
        match = _LEXER.match(text, position)
        if match is None:
            return None  # a character radon's tokenizer would reject: let the exact path say
        kind = match.lastgroup
        position = match.end()
        if kind == "space":
            continue
        if kind == "nl":
            if continued_empty:
                continued_empty = False
                line += 1
                continue
            # radon tokenizes each chunk alone, so a stray ')' (depth < 0) also ends one.
            if depth <= 0:
                _close(chunk, lines, line, totals)
                chunk = _Chunk(line + 1)
                depth = 0
            line += 1
        elif kind == "cont":
            line += 1
            continued_empty = text.startswith("\n", position)
        elif kind == "comment":
            chunk.comments += 1
        elif kind in ("str3", "str1"):
            rows = match.group().count("\n")
            chunk.token(is_string=True, rows=rows)
            line += rows
        elif kind == "colon":
            chunk.real += 1
            chunk.only_string = False
            chunk.has_colon = True
            chunk.colon_last = True
        elif kind == "semi":
            chunk.has_semicolon = True
            chunk.token()
        else:
            if kind == "open":
                depth += 1
            elif kind == "close":
                depth -= 1  # like radon's tokenizer, a stray ')' is not an error here
            chunk.token()
    if depth > 0:
        return None  # an open bracket at the end: radon raises, the exact path will too
    _close(chunk, lines, line, totals)
    loc = totals["sloc"] + totals["blank"] + totals["multi"] + totals["single"]
    return RawCounts(loc=loc, lloc=totals["lloc"], sloc=totals["sloc"],
                     comments=totals["comments"], multi=totals["multi"],
                     blank=totals["blank"], single_comments=totals["single"])


def _close(chunk: _Chunk, lines: list[str], last_line: int, totals: dict[str, int]) -> None:
    """Apply radon's per-chunk rules to the lines first_line..last_line."""
    span = lines[chunk.first_line : last_line + 1]
    totals["comments"] += chunk.comments
    if chunk.real == 0 and chunk.comments == 1:
        totals["single"] += 1  # a line that is only a comment
    elif chunk.only_string and chunk.comments == 0:
        if chunk.string_rows == 0:
            totals["single"] += 1  # a one-line docstring counts with single comments
        else:
            totals["multi"] += sum(1 for row in span if row)
            totals["blank"] += sum(1 for row in span if not row)
    else:
        totals["sloc"] += sum(1 for row in span if row)
        totals["blank"] += sum(1 for row in span if not row)
    if chunk.has_semicolon:
        # Logical lines around ';' depend on exact token counts: use radon's own rule.
        totals["lloc"] += _logical(_generate("\n".join(span)))
    elif chunk.real == 0:
        pass  # only comments and blank lines: not a logical line
    elif chunk.has_colon:
        totals["lloc"] += 1 if chunk.colon_last else 2  # `if x:` is 1, `if x: y` is 2
    else:
        totals["lloc"] += 1
