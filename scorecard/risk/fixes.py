"""Tell fix commits by their subject line, as the defect-prediction literature labels them.

The default follows the SZZ-style keyword rule (Śliwerski, Zimmermann and Zeller 2005; the
labelling of Ostrand, Weyuker and Bell 2005 used change requests instead): a subject that
says fix, bug, regression, crash or error, or closes an issue with GitHub's closing
keywords. Projects with other conventions set ``history.fix_pattern``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# re's own parser (private, but stable since Python 3.11 and the only parser of its syntax):
# the pattern is checked for shapes that backtrack exponentially before it is compiled.
from re import _parser as regex_parser  # type: ignore[attr-defined]
from typing import Any

__all__ = ["DEFAULT_FIX_PATTERN", "FixMatcher"]

MAX_PATTERN_LENGTH = 500
# Bounds on the work one subject can cost: its length, and the polynomial degree of the
# pattern's backtracking (each unbounded repeat can multiply the steps by the length).
MAX_SUBJECT_LENGTH = 300
MAX_UNBOUNDED_REPEATS = 3
_REPEATS = {regex_parser.MAX_REPEAT, regex_parser.MIN_REPEAT, regex_parser.POSSESSIVE_REPEAT}

DEFAULT_FIX_PATTERN = (
    r"(?i)\b(fix(e[sd]|ing)?|bug(s|fix(es)?)?|hotfix(es)?|regressions?|crash(es|ed|ing)?"
    r"|errors?)\b|\b(close[sd]?|resolve[sd]?)\s+#\d+"
)


@dataclass(frozen=True)
class FixMatcher:
    """A compiled fix pattern; build it with :meth:`compile`, which validates it."""

    pattern: re.Pattern[str]

    @classmethod
    def compile(cls, text: str) -> FixMatcher:
        """Compile ``text``; raise ValueError naming the option when it is no valid pattern.

        The pattern comes from the scanned repository's configuration, which is data: one
        that could backtrack exponentially (an unbounded repeat around another unbounded
        repeat or an alternation, as in ``(a+)+`` or ``(a|a)*``) is refused, so that no
        commit subject can stall a scan.
        """
        if len(text) > MAX_PATTERN_LENGTH:
            raise ValueError(f"history.fix_pattern is longer than {MAX_PATTERN_LENGTH} "
                             "characters")
        try:
            parsed = regex_parser.parse(text)
            compiled = re.compile(text)
        except (re.error, RecursionError, OverflowError) as exc:
            raise ValueError(f"history.fix_pattern is not a valid regular expression: "
                             f"{exc}") from None
        if _backtracks(parsed, 0) or _unbounded_repeats(parsed) > MAX_UNBOUNDED_REPEATS:
            raise ValueError("history.fix_pattern could backtrack without end (a repeat "
                             "inside a repeat, an alternation inside an unbounded repeat, or "
                             f"more than {MAX_UNBOUNDED_REPEATS} of *, + and {{n,}}); write "
                             "it without them, e.g. (fix|bug) instead of (fix|bug)+")
        return cls(compiled)

    def is_fix(self, subject: str) -> bool:
        """Return True when a commit subject marks a fix."""
        return self.pattern.search(subject[:MAX_SUBJECT_LENGTH]) is not None


def _backtracks(items: Any, enclosing: int) -> bool:
    """Return True when a parsed pattern could backtrack without a practical end.

    ``items`` is a parsed (sub)pattern, a sequence of (opcode, argument) pairs; ``enclosing``
    is the largest repeat count around it (0: none). A repeat of more than one inside
    another is refused when either is unbounded (``(a+)+``, ``(.*a){20}``), and so is an
    alternation inside an unbounded repeat (``(a|ab)*``).
    """
    for opcode, argument in items:
        if opcode in _REPEATS:
            _, high, body = argument
            if enclosing and high > 1 and regex_parser.MAXREPEAT in (high, enclosing):
                return True
            if _backtracks(body, max(enclosing, high if high > 1 else 0)):
                return True
        elif opcode is regex_parser.BRANCH:
            if enclosing == regex_parser.MAXREPEAT:
                return True
            if any(_backtracks(branch, enclosing) for branch in argument[1]):
                return True
        elif any(_backtracks(inner, enclosing) for inner in _groups(opcode, argument)):
            return True
    return False


def _groups(opcode: Any, argument: Any) -> list[Any]:
    """Return the sub-patterns of a group or a lookaround, none for other opcodes."""
    if opcode is regex_parser.SUBPATTERN:
        return [argument[-1]]
    if opcode in (regex_parser.ASSERT, regex_parser.ASSERT_NOT):
        return [argument[1]]
    return []


def _unbounded_repeats(items: Any) -> int:
    """Return how many unbounded repeats a parsed pattern holds, at any depth."""
    count = 0
    for opcode, argument in items:
        if opcode in _REPEATS:
            count += argument[1] == regex_parser.MAXREPEAT
            count += _unbounded_repeats(argument[2])
        elif opcode is regex_parser.BRANCH:
            count += sum(_unbounded_repeats(branch) for branch in argument[1])
        else:
            count += sum(_unbounded_repeats(inner) for inner in _groups(opcode, argument))
    return count
