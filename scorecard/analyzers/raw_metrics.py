"""Raw line counts and the maintainability index, equal to radon's, in linear time.

radon's ``radon.raw.analyze`` strips every line, then repeatedly tokenizes a growing buffer of
lines until ``tokenize`` neither raises ``TokenError`` nor yields an ``ERRORTOKEN``. Each buffer
that finally tokenizes cleanly is a *chunk*, and radon counts per chunk. Re-tokenizing the buffer
after every added line makes one long statement (a big literal, a long docstring) cost time
quadratic in its line count.

Here the stripped lines are tokenized once, as one text, and the chunks radon would form are
recovered from that single token stream:

* A chunk ends at a non-empty line after which the tokenizer is back at a statement boundary:
  bracket depth 0 (radon does not balance brackets, a stray ``)`` counts -1), no open string and
  no backslash continuation. Only such line ends carry an NL or NEWLINE token at depth 0.
* radon's buffer has no newline after its last line, so a trailing empty line is not a line for
  the tokenizer at all. An empty line therefore ends a chunk only when it is the chunk's first
  line, or when the line before it already ends at a statement boundary (which, for a chunk that
  did not end there, only happens to the empty line right after a backslash continuation).
* Any ``ERRORTOKEN`` or ``TokenError`` in the single pass is also one for radon, whose buffer can
  then never tokenize cleanly, so radon runs out of lines and raises ``SyntaxError``.

The tokens of a chunk are then the single pass's tokens on its lines plus an ``ENDMARKER``; they
differ from radon's only in NL/NEWLINE tokens, which none of radon's rules distinguish.

This reasoning is about the pure-Python ``tokenize`` of Python 3.11. Later versions tokenize
with the C tokenizer, which changes radon's own results on odd inputs; there the equality rests
on the comparison tests against radon, not on this argument.
"""

from __future__ import annotations

import ast
import io
import tokenize
from collections.abc import Sequence
from dataclasses import dataclass

from radon.metrics import mi_compute

from scorecard.analyzers.halstead import count_halstead

__all__ = ["RawCounts", "count_raw", "halstead_volume", "maintainability_index"]

_COMMENT = tokenize.COMMENT
_STRING = tokenize.STRING
_OP = tokenize.OP
_NL = tokenize.NL
_NEWLINE = tokenize.NEWLINE
_ENDMARKER = tokenize.ENDMARKER
_LINE_ENDS = (_NL, _NEWLINE)
_TRAILERS = (_ENDMARKER, _NL, _NEWLINE)
_SEMICOLON = (_OP, ";")
_COLON = (_OP, ":")
_END_TOKEN = (_ENDMARKER, "")

# One token as radon's rules look at it: (token type, token text).
_Token = tuple[int, str]


@dataclass(frozen=True)
class RawCounts:
    """radon's raw metrics of one source text (``radon.raw.Module``, field for field)."""

    loc: int
    lloc: int
    sloc: int
    comments: int
    multi: int
    blank: int
    single_comments: int


@dataclass
class _Tally:
    """Running totals while the chunks are counted."""

    lloc: int = 0
    sloc: int = 0
    comments: int = 0
    multi: int = 0
    blank: int = 0
    single_comments: int = 0


def count_raw(source: str) -> RawCounts:
    """Return radon's raw line counts of ``source``, computed in time linear in its length.

    Equal to ``radon.raw.analyze(source)`` field for field. Raises ``SyntaxError`` (with radon's
    message) where radon would: when the stripped lines cannot be tokenized to the end.
    """
    # radon splits with str.splitlines (form feeds, \x1c-\x1e, \x85, \u2028 and \u2029 end a
    # line too) and strips each line with str.strip; everything below sees only these lines.
    lines = [line.strip() for line in source.splitlines()]
    if not lines:
        return RawCounts(0, 0, 0, 0, 0, 0, 0)
    tokens, error_row = _tokenize("\n".join(lines))
    chunks = _chunks(lines, tokens)
    if error_row is not None:
        # radon extends the failing chunk until it runs out of lines and reports its first line.
        start = next(s for s, e in chunks if s <= error_row <= e)
        raise SyntaxError(f"SyntaxError at line: {start + 1}")

    tally = _Tally()
    position = 0
    for start, end in chunks:
        chunk: list[tokenize.TokenInfo] = []
        while position < len(tokens) and tokens[position].start[0] - 1 <= end:
            if tokens[position].type != _ENDMARKER:
                chunk.append(tokens[position])
            position += 1
        _count_chunk(tally, chunk, lines[start:end + 1])
    loc = tally.sloc + tally.blank + tally.multi + tally.single_comments
    return RawCounts(loc, tally.lloc, tally.sloc, tally.comments, tally.multi, tally.blank,
                     tally.single_comments)


def _tokenize(text: str) -> tuple[list[tokenize.TokenInfo], int | None]:
    """Tokenize ``text`` once; also return the 0-based row of the first error, if any."""
    tokens: list[tokenize.TokenInfo] = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            tokens.append(token)
    except tokenize.TokenError:
        # Only raised at the end of the text (unclosed bracket, string or continuation): radon's
        # last chunk never completes. An earlier ERRORTOKEN still fails first.
        first_error = _first_error_row(tokens)
        return tokens, text.count("\n") if first_error is None else first_error
    return tokens, _first_error_row(tokens)


def _first_error_row(tokens: Sequence[tokenize.TokenInfo]) -> int | None:
    for token in tokens:
        if token.type == tokenize.ERRORTOKEN:
            return token.start[0] - 1
    return None


def _chunks(lines: Sequence[str], tokens: Sequence[tokenize.TokenInfo]) -> list[tuple[int, int]]:
    """Return the (first, last) 0-based line indices of every chunk radon would tokenize."""
    # A line ends at a statement boundary when its newline is a token (not inside a string, not
    # escaped by a backslash) and the bracket depth there is exactly 0.
    at_boundary = [False] * len(lines)
    depth = 0
    for token in tokens:
        if token.type == _OP:
            if token.string in ("(", "[", "{"):
                depth += 1
            elif token.string in (")", "]", "}"):
                depth -= 1
        elif token.type in _LINE_ENDS and token.start[0] <= len(lines):
            at_boundary[token.start[0] - 1] = depth == 0

    chunks: list[tuple[int, int]] = []
    start = 0
    last = len(lines) - 1
    for index, line in enumerate(lines):
        # The tokenizer never sees an empty last line of radon's buffer (it is just the end of
        # input), so for an empty line what decides is whether the line before ended a statement.
        ends = at_boundary[index] if line else index == start or at_boundary[index - 1]
        if ends or index == last:
            chunks.append((start, index))
            start = index + 1
    return chunks


def _count_chunk(tally: _Tally, chunk: Sequence[tokenize.TokenInfo],
                 parsed_lines: Sequence[str]) -> None:
    """Apply radon's per-chunk rules to one chunk's tokens (without ENDMARKER) and lines."""
    pairs: list[_Token] = [(t.type, t.string) for t in chunk]
    pairs.append(_END_TOKEN)  # radon tokenizes every chunk alone, so every chunk ends with one

    # Every comment token is a comment line, even one trailing code on the same line.
    tally.comments += sum(1 for kind, _ in pairs if kind == _COMMENT)

    first_kind = pairs[0][0]
    only_trailers = all(kind in _TRAILERS for kind, _ in pairs[1:])
    if first_kind == _COMMENT and only_trailers:
        # A line holding nothing but a comment is a single comment, not source.
        tally.single_comments += 1
    elif first_kind == _STRING and only_trailers:
        # A statement that is only a string literal is taken for a docstring.
        first = chunk[0]
        if first.start[0] == first.end[0]:
            # A one-line docstring counts like a single-line comment.
            tally.single_comments += 1
        else:
            # A multi-line one is "multi", except its empty lines, which stay blank.
            nonblank = sum(1 for line in parsed_lines if line)
            tally.multi += nonblank
            tally.blank += len(parsed_lines) - nonblank
    else:
        # Everything else is code, line by line, except empty lines (even inside a string).
        nonblank = sum(1 for line in parsed_lines if line)
        tally.sloc += nonblank
        tally.blank += len(parsed_lines) - nonblank

    tally.lloc += _logical_lines(pairs)


def _logical_lines(pairs: Sequence[_Token]) -> int:
    """Radon's ``_logical``: the logical lines of one chunk, counted per ';'-separated part."""
    # Statements separated by ';' are separate logical lines.
    total = 0
    part: list[_Token] = []
    for pair in pairs:
        if pair == _SEMICOLON:
            total += _logical_part(part)
            part = []
        else:
            part.append(pair)
    return total + _logical_part(part)


def _logical_part(part: Sequence[_Token]) -> int:
    """Logical lines of one ';'-separated part, with radon's quirks kept on purpose."""
    processed = [pair for pair in part if pair[0] not in (_COMMENT, _NL, _NEWLINE)]
    for index in range(len(processed) - 1, -1, -1):
        if processed[index] == _COLON:
            # A compound header with its body on the same line ("if x: y") is two logical lines,
            # a header alone ("if x:") one. radon decides by whether the LAST ':' (any colon:
            # slices, annotations, lambdas, dicts too) is the second-to-last token, assuming the
            # last is ENDMARKER; only the final ';'-part has one, so in earlier parts a colon
            # before the last token counts as a header alone.
            return 1 if index == len(processed) - 2 else 2
    # A part holding only comments and line ends is no logical line; anything else is one.
    return 0 if all(kind in _TRAILERS for kind, _ in processed) else 1


def halstead_volume(tree: ast.Module) -> float:
    """Return radon's Halstead volume of a whole parsed module (``h_visit_ast(tree).total``)."""
    return count_halstead(tree).volume


def maintainability_index(*, halstead_volume: float, total_complexity: int, raw: RawCounts,
                          count_multi: bool = True) -> float:
    """Return radon's maintainability index from already computed inputs.

    Equal to ``radon.metrics.mi_visit(source, multi=count_multi)`` given the module's Halstead
    volume, radon's total cyclomatic complexity and :func:`count_raw` of the same source.
    """
    # radon's mi_parameters, operation for operation, so the float result is bit-identical:
    # comment lines (plus multi-line strings, taken for docstrings) as a percentage of sloc.
    comment_lines = raw.comments + (raw.multi if count_multi else 0)
    comments = comment_lines / float(raw.sloc) * 100 if raw.sloc != 0 else 0
    # radon passes the *logical* line count where the formula names SLOC; we keep that.
    return float(mi_compute(halstead_volume, total_complexity, raw.lloc, comments))
