"""Run the boundaries analyzer on a folder of files, in process, without the full scan."""

from __future__ import annotations

import ast
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scorecard.analyzers.base import AnalyzerOutput, FileInput, ScanContext
from scorecard.analyzers.boundaries import BoundariesAnalyzer
from scorecard.analyzers.boundaries.graph import ImportGraph, build_graph
from scorecard.analyzers.boundaries.imports import extract_imports
from scorecard.analyzers.boundaries.modules import map_modules
from scorecard.languages import language_for_path
from scorecard.languages.measure import parse_file
from scorecard.model import Measurement
from scorecard.repo import RepoView

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def write_tree(root: Path, files: Mapping[str, str]) -> Path:
    """Write files (relative path -> text) under root."""
    for rel, text in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


def facts_of(root: Path, paths: list[str]) -> dict[str, dict[str, Any]]:
    """Per-file facts of every parsable .py path."""
    facts = {}
    for path in paths:
        text = (root / path).read_text(encoding="utf-8")
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        facts[path] = extract_imports(tree, text)
    return facts


def python_paths(root: Path) -> list[str]:
    """Every .py file below root, as sorted repo-relative POSIX paths."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.py"))


def graph_of(root: Path, source_roots: tuple[str, ...] = ()) -> ImportGraph:
    """The resolved import graph of the .py files below root."""
    paths = python_paths(root)
    return build_graph(map_modules(paths, source_roots), facts_of(root, paths))


def run(root: Path, options: Mapping[str, Any] | None = None) -> AnalyzerOutput:
    """Per-file step on every wanted file, then the summary, as a scan would (without git)."""
    analyzer = BoundariesAnalyzer()
    view = RepoView(root)
    listing = view.list_files()
    results = {}
    for repo_file in listing.files:
        if not analyzer.wants(repo_file.path):
            continue
        spec = language_for_path(repo_file.path)
        if spec is not None:  # another language: its tree-sitter tree, as the worker gives it
            text, syntax, _error = parse_file(spec, (root / repo_file.path).read_bytes())
            if syntax is not None:
                results[repo_file.path] = analyzer.analyze_file(
                    FileInput(repo_file.path, text, None, syntax), {})
            continue
        text = (root / repo_file.path).read_text(encoding="utf-8")
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        results[repo_file.path] = analyzer.analyze_file(
            FileInput(repo_file.path, text, tree), {})
    ctx = ScanContext(root=root, view=view, files=listing.files, git=view.git, now=NOW,
                      options=analyzer.make_options(options or {}))
    return analyzer.summarize(ctx, results)


def measurement(output: AnalyzerOutput, metric: str) -> Measurement:
    """The measurement of one metric."""
    return next(m for m in output.measurements if m.metric == f"boundaries.{metric}")


def findings(output: AnalyzerOutput, metric: str) -> list[tuple[str, int | None, str]]:
    """(path, line, message) of a metric's findings."""
    return [(f.location.path, f.location.line, f.message)
            for f in measurement(output, metric).findings]
