"""The analyzer contract: metrics declared beside the code, per-file work, repository summary.

An analyzer does its per-file work in ``analyze_file`` (pure, picklable input and output, run
in worker processes and cached by git blob id) and turns the per-file results of the whole
repository into measurements in ``summarize``. Analyzers never score: that is checks' job.
"""

from __future__ import annotations

import ast
import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from scorecard.languages.measure import SyntaxTree
from scorecard.model import Measurement, Metric, Problem
from scorecard.plain import to_plain
from scorecard.repo import GitState, RepoFile, RepoView

__all__ = [
    "Analyzer",
    "AnalyzerOutput",
    "FileInput",
    "FileKind",
    "FileResult",
    "NoOptions",
    "ScanContext",
]

# Per-file results are plain JSON values so they can cross process boundaries and be cached.
FileResult = dict[str, Any]

_FactsT = TypeVar("_FactsT")


class FileKind(StrEnum):
    """Which files an analyzer's per-file step receives."""

    NONE = "none"  # repository-level analyzer only
    PYTHON = "python"  # parsed Python files (the shared tree)
    TEXT = "text"  # any decodable text file
    # Parsed Python files (the shared tree) and, as text without a tree, the source files
    # of other languages the analyzer ``wants`` (Go, JavaScript, Java, ...).
    SOURCE = "source"


@dataclass(frozen=True)
class FileInput:
    """What a per-file step receives: the path, the text and the shared tree.

    ``tree`` is a Python file's ``ast`` tree, None for a TEXT analyzer's files and for a
    SOURCE analyzer's files in other languages (which it reads as text); ``syntax`` is the
    tree-sitter tree of a file in another measured language (see :mod:`scorecard.languages`),
    handed to a PYTHON analyzer that also wants such files (by its ``wants``).
    """

    path: str
    text: str
    tree: ast.Module | None = None
    syntax: SyntaxTree | None = None


@dataclass(frozen=True)
class NoOptions:
    """The options of an analyzer that takes none."""


@dataclass(frozen=True)
class AnalyzerOutput:
    """What an analyzer measured over the whole repository.

    ``facts`` is an instance of the analyzer's ``facts_type`` (None when it measured nothing):
    what later analyzers, the report's consumers and ``details`` in the JSON read.
    """

    measurements: tuple[Measurement, ...]
    problems: tuple[Problem, ...] = ()
    facts: object | None = None

    @property
    def details(self) -> Mapping[str, Any]:
        """The facts as the JSON report writes them (``{}`` when there are none)."""
        plain = {} if self.facts is None else to_plain(self.facts)
        assert isinstance(plain, dict)
        return plain


@dataclass(frozen=True)
class ScanContext:
    """Everything a summary step may use; built once per scan, read-only."""

    root: Path
    view: RepoView
    files: tuple[RepoFile, ...]
    git: GitState
    now: datetime
    # The analyzer's options: an instance of its ``options_type``, defaults filled in.
    options: Any
    # Facts of the analyzers this one ``requires`` that ran (by analyzer name).
    required: Mapping[str, object] = field(default_factory=dict)
    # Measurements of every analyzer that ran before this one, for one that
    # ``reads_findings`` (empty for the others).
    earlier_measurements: tuple[Measurement, ...] = ()
    # Check id -> its metric, for the checks in force (an analyzer that ``reads_findings``
    # matches what names a check, such as a suppression, with that metric's findings).
    check_metrics: Mapping[str, str] = field(default_factory=dict)
    # Paths of Python files that could not be parsed (reported once, by the scan).
    unparsable: frozenset[str] = frozenset()
    # Paths of listed files whose content says a tool wrote it (a "Code generated ... DO NOT
    # EDIT" header, minified code): the file step skips them; analyzers of the repository's
    # history leave them out with the files a tool writes by name (path_roles).
    generated: frozenset[str] = frozenset()

    def facts(self, kind: type[_FactsT]) -> _FactsT | None:
        """Return the required analyzer's facts of type ``kind``; None if it did not run."""
        for value in self.required.values():
            if isinstance(value, kind):
                return value
        return None


class Analyzer:
    """Base class of every analyzer; subclasses set the class attributes and override steps."""

    name: str = ""
    version: str = "1"  # bump when per-file results change: it invalidates cached results
    file_kind: FileKind = FileKind.NONE
    metrics: tuple[Metric, ...] = ()
    # The frozen dataclass of the facts ``summarize`` returns (the report's ``details``).
    facts_type: type | None = None
    # Analyzers whose facts this one reads: the scan runs them first (when configured).
    requires: tuple[str, ...] = ()
    # True for an analyzer that reads every other analyzer's findings: it runs last.
    reads_findings: bool = False
    # The options it accepts in [tool.scorecard.<name>]: a frozen dataclass whose field
    # defaults are the defaults (the configuration checks a value's type against them).
    options_type: type[Any] = NoOptions

    @property
    def default_options(self) -> Mapping[str, Any]:
        """Every option with its default, as configuration spells them."""
        return {f.name: (f.default_factory() if f.default_factory is not dataclasses.MISSING
                         else f.default)
                for f in dataclasses.fields(self.options_type)}

    def make_options(self, values: Mapping[str, Any]) -> Any:
        """Return the typed options: ``values`` over the defaults (names already checked)."""
        return self.options_type(**{**self.default_options, **values})

    def wants(self, path: str) -> bool:
        """Return True for the files whose per-file step this analyzer needs.

        The default: every ``.py`` file for PYTHON and SOURCE analyzers, nothing otherwise; a
        TEXT analyzer overrides this to pick its files (Markdown, YAML, ...) by path, a SOURCE
        analyzer to add other languages' source files.
        """
        return self.file_kind in (FileKind.PYTHON, FileKind.SOURCE) and path.endswith(".py")

    def option_errors(self, options: Mapping[str, Any]) -> list[str]:
        """Return what is wrong with these options beyond their types (empty: nothing).

        Called with the effective options before any scan starts, so a value that would
        only fail later (a date, a range) is bad configuration (exit 2) like a wrong type.
        """
        return []

    def analyze_file(self, item: FileInput, options: Any) -> FileResult:
        """Measure one file; never raise for bad input (a crash becomes a problem)."""
        raise NotImplementedError

    def summarize(self, ctx: ScanContext, results: Mapping[str, FileResult]) -> AnalyzerOutput:
        """Aggregate per-file results (path -> result) into repository measurements."""
        raise NotImplementedError
