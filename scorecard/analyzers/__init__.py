"""The analyzers: the registry, and the order they run in (from what each ``requires``)."""

from __future__ import annotations

from collections.abc import Iterable

from scorecard.analyzers.base import Analyzer
from scorecard.analyzers.boundaries import BoundariesAnalyzer
from scorecard.analyzers.complexity import ComplexityAnalyzer
from scorecard.analyzers.docstrings import DocstringsAnalyzer
from scorecard.analyzers.history import HistoryAnalyzer
from scorecard.analyzers.overrides import OverridesAnalyzer
from scorecard.analyzers.runbooks import RunbooksAnalyzer
from scorecard.analyzers.signals.analyzer import SignalsAnalyzer
from scorecard.analyzers.suppressions import SuppressionsAnalyzer

__all__ = ["ANALYZERS", "Analyzer", "analyzer_by_name", "declared_metrics", "run_order"]


def run_order(analyzers: Iterable[Analyzer]) -> tuple[Analyzer, ...]:
    """Order analyzers so each runs after the ones it ``requires``, the rest as listed.

    One that ``reads_findings`` runs after every other. A requirement that is not among
    ``analyzers`` (skipped by configuration) is no constraint: the analyzer runs without
    those facts. Raises ValueError for a cycle of requirements.
    """
    pending = sorted(analyzers, key=lambda a: a.reads_findings)  # stable: listed order kept
    names = {a.name for a in pending}
    ordered: list[Analyzer] = []
    while pending:
        placed = {a.name for a in ordered}
        ready = next((a for a in pending
                      if all(r in placed or r not in names for r in a.requires)), None)
        if ready is None:
            raise ValueError("analyzers require each other in a cycle: "
                             + ", ".join(a.name for a in pending))
        ordered.append(ready)
        pending.remove(ready)
    return tuple(ordered)


ANALYZERS: tuple[Analyzer, ...] = run_order((
    ComplexityAnalyzer(), BoundariesAnalyzer(), DocstringsAnalyzer(), RunbooksAnalyzer(),
    OverridesAnalyzer(), SignalsAnalyzer(), HistoryAnalyzer(), SuppressionsAnalyzer()))


def analyzer_by_name(name: str) -> Analyzer:
    """Return the registered analyzer called ``name``; raises KeyError."""
    for analyzer in ANALYZERS:
        if analyzer.name == name:
            return analyzer
    raise KeyError(name)


def declared_metrics() -> dict[str, str]:
    """Map every declared metric id to the analyzer that declares it."""
    return {metric.id: analyzer.name for analyzer in ANALYZERS for metric in analyzer.metrics}
