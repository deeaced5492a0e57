"""Run the docstrings or runbooks analyzer through the real file scan, without the checks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scorecard.analyzers.base import Analyzer, ScanContext
from scorecard.cache import ResultCache
from scorecard.filescan import scan_files
from scorecard.model import Finding, Measurement, Problem
from scorecard.repo import RepoView

NOW = datetime(2026, 6, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Outcome:
    """What one analyzer measured, with the scan's problems."""

    measurements: dict[str, Measurement]
    problems: list[Problem]
    details: Mapping[str, Any]  # the facts as the JSON report writes them
    facts: object = None

    def value(self, metric: str) -> float | None:
        return self.measurements[metric].value

    def findings(self, metric: str) -> list[Finding]:
        return list(self.measurements[metric].findings)

    def where(self, metric: str) -> list[tuple[str, int | None]]:
        return [(f.location.path, f.location.line) for f in self.findings(metric)]


def run(analyzer: Analyzer, root: Path, options: Mapping[str, Any] | None = None,
        now: datetime = NOW) -> Outcome:
    """List, read, parse and analyse root as a scan would, for one analyzer only."""
    view = RepoView(root)
    listing = view.list_files()
    merged = analyzer.make_options(options or {})
    scan = scan_files(view, listing.files, (analyzer,), {analyzer.name: merged},
                      ResultCache(None), jobs=1)
    ctx = ScanContext(root=root.resolve(), view=view, files=listing.files, git=view.git,
                      now=now, options=merged,
                      unparsable=frozenset(scan.unparsable))
    output = analyzer.summarize(ctx, scan.results.get(analyzer.name, {}))
    problems = [*listing.problems, *scan.problems, *output.problems]
    return Outcome({m.metric: m for m in output.measurements}, problems, output.details,
                   output.facts)
