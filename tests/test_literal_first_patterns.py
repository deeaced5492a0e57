"""Per-file patterns over whole source files start with a literal, so re scans for it fast.

A pattern that starts with ``\\b`` or a lookbehind is tried at every position of the file
(10 to 20 times slower on large files); ``source_text.word`` writes the same boundary after
the literal. These tests hold the rewritten patterns to the old ones' matches and keep new
patterns in the same shape.
"""

from __future__ import annotations

import re

import pytest

import scorecard.analyzers.overrides.per_file.foreign_code as foreign_code
import scorecard.analyzers.overrides.per_file.foreign_wrappers as foreign_wrappers
import scorecard.analyzers.signals.foreign_facts as foreign_facts
from scorecard.analyzers.source_text import lex, word

TRICKY = [
    "System.getenv(\"A\")", "xSystem.getenv(\"A\")", "_System.getenv(\"A\")",
    "éSystem.getenv(\"A\")", "(System.getenv(\"A\"))", "a.System.getenv(\"A\")",
    "SystemSystem.getenv(\"A\")", "1System.getenv(\"A\")", "\nSystem.getenv(\"B\");System",
    "http.Serve(x) myhttp.Serve(y) http.Server(z)", "",
]


@pytest.mark.parametrize("text", TRICKY)
def test_word_matches_what_a_leading_word_boundary_matches(text: str) -> None:
    for literal, rest in (("System", r"\.getenv\(\"(\w+)\""), ("http.Serve", r"\(")):
        old = re.compile(r"\b" + re.escape(literal) + rest)
        new = re.compile(word(literal) + rest)
        assert [(m.span(), m.groups()) for m in new.finditer(text)] == \
            [(m.span(), m.groups()) for m in old.finditer(text)]


def test_word_takes_alternatives_and_refuses_a_literal_without_a_word_start() -> None:
    pattern = re.compile(word("os", "syscall") + r"\.Getenv")
    assert [m.start() for m in pattern.finditer("os.Getenv pos.Getenv syscall.Getenv")] == \
        [0, 21]
    with pytest.raises(ValueError, match="word character"):
        word("@Command")


# Patterns that still start with an assertion, and why that is cheap.
_ALLOWED = {
    "_GO_TAG_ENV", "_GO_TAG_ENVCONFIG", "_GO_TAG_DEFAULT", "_GO_TAG_REQUIRED",  # struct tags
    "_ROUTE_CALL",  # run only on files where _ROUTE_CALL_HINT (a literal) is found
    "_GO_FLAGSET",  # run only on files that hold its literal, NewFlagSet(
    "_URFAVE_NAME", "_URFAVE_ENV",  # run on the body of one urfave/cli flag literal
}


def _module_patterns() -> list[tuple[str, re.Pattern[str]]]:
    found: list[tuple[str, re.Pattern[str]]] = []
    for module in (foreign_code, foreign_facts, foreign_wrappers):
        for name, value in vars(module).items():
            values = (value.values() if isinstance(value, dict) else
                      value if isinstance(value, tuple) else (value,))
            found.extend((name, v) for v in values if isinstance(v, re.Pattern))
    return found


def test_no_whole_file_pattern_starts_with_a_zero_width_assertion() -> None:
    slow = sorted({name for name, pattern in _module_patterns()
                   if pattern.pattern.startswith((r"\b", "(?<", r"(?:\b"))
                   and name not in _ALLOWED})
    assert slow == []


def test_a_file_is_lexed_once_for_every_analyzer_that_reads_it() -> None:
    text = 'x := os.Getenv("PORT") // the port\n'
    first = lex(text, "go")
    assert lex(text, "go") is first
    assert lex(text, "javascript") is not first
    again = lex("".join([text]), "go")  # equal text, another object: lexed again, same result
    assert again == first
