"""The reporter protocol: what a format is given, and what it must provide.

A reporter is a named pair of pure functions: one turns a scan's report into text, the
other a diff between two reports. A format may offer either or both; the commands list in
``--format`` exactly the formats that offer what they render (see ``registry``). Reporters
never read the repository: everything they need arrives in the input, already loaded.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from scorecard.diff import GateResult, ReportDiff
from scorecard.model import Report
from scorecard.owners import OwnerRules
from scorecard.scoring.definitions import CheckDefinition

__all__ = ["DiffInput", "Reporter", "ScanInput"]


@dataclass(frozen=True)
class ScanInput:
    """What a reporter is given to render one scan."""

    report: Report
    checks: Sequence[CheckDefinition] = ()
    # The CODEOWNERS rules of the report's commit (the report carries them), for the formats
    # that show owners.
    owners: OwnerRules | None = None
    title: str = ""
    color: bool = False  # the terminal format only: styles on
    width: int = 100  # the terminal format only: columns


@dataclass(frozen=True)
class DiffInput:
    """What a reporter is given to render a comparison of two commits."""

    diff: ReportDiff
    gate: GateResult | None = None  # None: no gate was set, so none is reported
    checks: Sequence[CheckDefinition] = ()
    color: bool = False
    width: int = 100


@dataclass(frozen=True)
class Reporter:
    """One output format: its name, a one-line summary and what it can render."""

    name: str
    summary: str
    scan: Callable[[ScanInput], str] | None = None
    diff: Callable[[DiffInput], str] | None = None
    # A file name suffix for the format, for the how-to and for defaults (e.g. ".sarif").
    suffix: str = ".txt"
