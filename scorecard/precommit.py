"""The pre-commit check: what a staged change made new or worse, on the lines it touched.

A finding counts only when two things hold. It is new or worse than its reference: the
committed baseline when there is one, else the same files as HEAD has them (so a repository
without a baseline is held to its own last commit, not to zero findings). And it sits on
the change: its line (or, for a function-level finding, any line of that function) is one
the change added or edited, or it is a file-level finding of a file the change touched.
Both are needed: a baseline cannot hold every finding an analyzer caps, and an old finding
in an untouched function is not the committer's to fix. An unchanged file therefore always
passes, which is what a hook run right after ``scorecard baseline`` must do.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from scorecard import api
from scorecard.baseline import compare, load_baseline, report_entries
from scorecard.model import Finding, Report
from scorecard.repo.changes import touched_lines

__all__ = ["Regression", "TouchedLines", "staged_regressions"]

# Per path: the line numbers the change touched, or None when the whole file is new.
TouchedLines = Mapping[str, frozenset[int] | None]


@dataclass(frozen=True)
class Regression:
    """A finding the change made new, or worse (``before``: what the reference said)."""

    check_id: str
    finding: Finding
    worse: bool
    before: str = ""  # for a worse finding, what the reference said about it


def _spans(root: Path, path: str) -> dict[int, int]:
    """Return start line -> end line of each function and class of a Python file."""
    if not path.endswith(".py"):
        return {}
    try:
        tree = ast.parse((root / path).read_bytes())
    except (OSError, SyntaxError, ValueError):
        return {}
    return {node.lineno: node.end_lineno or node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)}


def _on_change(finding: Finding, touched: TouchedLines, spans: dict[str, dict[int, int]],
               root: Path) -> bool:
    """Return True when the finding sits on lines the change touched."""
    path = finding.location.path
    if path not in touched:
        return False
    lines = touched[path]
    if lines is None:
        return True  # a new file: all of it is the change
    line = finding.location.line
    if line is None:
        return bool(lines)  # file-level: the file changed
    if path not in spans:
        spans[path] = _spans(root, path)
    end = spans[path].get(line, line)
    return any(line <= touched_line <= end for touched_line in lines)


Entries = Mapping[str, Mapping[str, object]]


def _scans(root: Path, paths: Sequence[str], touched: TouchedLines, baseline: Path | None,
           now: datetime, config: Path | None) -> tuple[Report, Entries]:
    """Scan the change; return its report and the findings to compare it with.

    The reference is the baseline's findings, else HEAD's for the same files (none when
    there is no commit yet, or HEAD has none of the files: ``touched`` says None for a file
    HEAD lacks).
    """
    flags: dict[str, object] = {"include": list(paths), "skip_analyzers": ["history"]}
    with_head = baseline is None and any(lines is not None for lines in touched.values())
    report, before = api.scan_with_head(root, now=now, config_file=config, flags=flags,
                                        with_head=with_head)
    if baseline is not None:
        return report, load_baseline(baseline)
    return report, report_entries(before) if before is not None else {}


def staged_regressions(root: Path, paths: Sequence[str], *, baseline: Path | None,
                       now: datetime, config: Path | None = None) -> list[Regression]:
    """Return the findings the change to ``paths`` made new or worse, on its touched lines."""
    touched = touched_lines(root, paths)
    if not any(lines is None or lines for lines in touched.values()):
        return []  # nothing changed: nothing can be new (and no scan is needed)
    report, known = _scans(root, paths, touched, baseline, now, config)
    outcome = compare(report, known, api.all_metrics())
    spans: dict[str, dict[int, int]] = {}
    found = [Regression(c, f, False) for c, f in outcome.new if _on_change(f, touched, spans, root)]
    found += [Regression(w.check_id, w.finding, True, w.was()) for w in outcome.worse
              if _on_change(w.finding, touched, spans, root)]
    return found
