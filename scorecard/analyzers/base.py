"""The analyzer contract: metrics declared beside the code, per-file work, repository summary.

An analyzer does its per-file work in ``analyze_file`` (pure, picklable input and output, run
in worker processes and cached by git blob id) and turns the per-file results of the whole
repository into measurements in ``summarize``. Analyzers never score: that is checks' job.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from scorecard.model import Measurement, Metric, Problem
from scorecard.repo import GitState, RepoFile, RepoView

__all__ = [
    "Analyzer",
    "AnalyzerOutput",
    "FileInput",
    "FileKind",
    "FileResult",
    "ScanContext",
]

# Per-file results are plain JSON values so they can cross process boundaries and be cached.
FileResult = dict[str, Any]


class FileKind(StrEnum):
    """Which files an analyzer's per-file step receives."""

    NONE = "none"  # repository-level analyzer only
    PYTHON = "python"  # parsed Python files (the shared tree)
    TEXT = "text"  # any decodable text file


@dataclass(frozen=True)
class FileInput:
    """What a per-file step receives: the path, the text and, for Python, the shared tree."""

    path: str
    text: str
    tree: ast.Module | None = None


@dataclass(frozen=True)
class AnalyzerOutput:
    """What an analyzer measured over the whole repository."""

    measurements: tuple[Measurement, ...]
    problems: tuple[Problem, ...] = ()
    details: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ScanContext:
    """Everything a summary step may use; built once per scan, read-only."""

    root: Path
    view: RepoView
    files: tuple[RepoFile, ...]
    git: GitState
    now: datetime
    options: Mapping[str, Any]
    # Outputs of the analyzers that ran before this one (e.g. hotspots read complexity).
    outputs: Mapping[str, AnalyzerOutput]
    # Paths of Python files that could not be parsed (reported once, by the scan).
    unparsable: frozenset[str] = frozenset()
    unparsable_lines: int = 0


class Analyzer:
    """Base class of every analyzer; subclasses set the class attributes and override steps."""

    name: str = ""
    version: str = "1"  # bump when per-file results change: it invalidates cached results
    file_kind: FileKind = FileKind.NONE
    metrics: tuple[Metric, ...] = ()
    # Options the analyzer accepts in [tool.scorecard.<name>], with defaults (types checked).
    default_options: Mapping[str, Any] = {}

    def wants(self, path: str) -> bool:
        """Return True for the files whose per-file step this analyzer needs.

        The default: every ``.py`` file for PYTHON analyzers, nothing otherwise; a TEXT
        analyzer overrides this to pick its files (Markdown, YAML, ...) by path.
        """
        return self.file_kind is FileKind.PYTHON and path.endswith(".py")

    def option_errors(self, options: Mapping[str, Any]) -> list[str]:
        """Return what is wrong with these options beyond their types (empty: nothing).

        Called with the effective options before any scan starts, so a value that would
        only fail later (a date, a range) is bad configuration (exit 2) like a wrong type.
        """
        return []

    def analyze_file(self, item: FileInput, options: Mapping[str, Any]) -> FileResult:
        """Measure one file; never raise for bad input (a crash becomes a problem)."""
        raise NotImplementedError

    def summarize(self, ctx: ScanContext, results: Mapping[str, FileResult]) -> AnalyzerOutput:
        """Aggregate per-file results (path -> result) into repository measurements."""
        raise NotImplementedError
