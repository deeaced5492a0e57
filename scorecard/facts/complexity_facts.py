"""The complexity analyzer's facts: per-function rows, per-file sizes, the hardest functions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from scorecard.wording import counted

__all__ = ["ComplexityFacts", "FunctionRow", "LanguageCount", "WorstFunction",
           "describe_languages"]


class FunctionRow(NamedTuple):
    """One function's measures in a file: a JSON list in the cache and the report.

    The diff tells changed functions from unchanged ones by everything after ``line``.
    """

    qualname: str
    line: int
    cyclomatic: int
    cognitive: int
    length: int
    nesting: int
    parameters: int
    digest: str = ""  # hash of the function's source lines: tells an edited function apart

    @classmethod
    def from_list(cls, row: Sequence[object]) -> FunctionRow:
        """Rebuild from the JSON list (a row cached before digests has seven items)."""
        line, cyclomatic, cognitive, length, nesting, parameters = (int(str(v))
                                                                    for v in row[1:7])
        return cls(str(row[0]), line, cyclomatic, cognitive, length, nesting, parameters,
                   str(row[7]) if len(row) > 7 else "")


@dataclass(frozen=True)
class WorstFunction:
    """One of the functions hardest to read (most cognitive, then cyclomatic, complexity)."""

    path: str
    function: str
    line: int
    cyclomatic: int
    cognitive: int
    length: int


@dataclass(frozen=True)
class LanguageCount:
    """One measured language: how many of its files and lines the scan measured."""

    language: str  # display name: "Python", "Go", "TypeScript", ...
    files: int
    lines: int


@dataclass(frozen=True)
class ComplexityFacts:
    """What the complexity analyzer measured (``details.complexity``)."""

    files: int  # every measured file
    functions: int  # the product's functions (what the distribution below describes)
    cyclomatic_p50: float
    cyclomatic_p90: float
    cyclomatic_max: int
    cognitive_p90: float
    cognitive_max: int
    sloc: int
    worst_functions: tuple[WorstFunction, ...]
    # Per measured file: maintainability index (Python only), source lines, lines (None: not
    # measurable).
    file_mi: Mapping[str, float | None]
    file_sloc: Mapping[str, int | None]
    file_loc: Mapping[str, int | None]
    # Every function's row, per file: what a diff needs to tell changed functions apart.
    functions_by_file: Mapping[str, tuple[FunctionRow, ...]]
    # Files and lines measured per language, most lines first (empty in older reports).
    languages: tuple[LanguageCount, ...] = ()
    # Functions measured but left out of the shares, the distribution and the worst
    # functions: those of tests, examples, docs and generated files, and @overload stubs.
    not_product_functions: int = 0
    overload_stubs: int = 0


def describe_languages(facts: ComplexityFacts | None) -> str:
    """Return "Go 12 files (3,400 lines), Python 1 file (200 lines)", or "" if none."""
    if facts is None:
        return ""
    return ", ".join(f"{c.language} {counted(c.files, 'file')} ({counted(c.lines, 'line')})"
                     for c in facts.languages)
