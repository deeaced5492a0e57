"""The analyzers, in the order they run (later ones may read earlier outputs)."""

from __future__ import annotations

from scorecard.analyzers.base import Analyzer
from scorecard.analyzers.boundaries import BoundariesAnalyzer
from scorecard.analyzers.complexity import ComplexityAnalyzer
from scorecard.analyzers.docstrings import DocstringsAnalyzer
from scorecard.analyzers.history import HistoryAnalyzer
from scorecard.analyzers.overrides import OverridesAnalyzer
from scorecard.analyzers.runbooks import RunbooksAnalyzer
from scorecard.analyzers.signals.analyzer import SignalsAnalyzer
from scorecard.analyzers.suppressions import SuppressionsAnalyzer

__all__ = ["ANALYZERS", "Analyzer", "analyzer_by_name", "declared_metrics"]

ANALYZERS: tuple[Analyzer, ...] = (ComplexityAnalyzer(), BoundariesAnalyzer(),
                                   DocstringsAnalyzer(), RunbooksAnalyzer(),
                                   # Signals read the project kind the overrides guessed.
                                   OverridesAnalyzer(), SignalsAnalyzer(), HistoryAnalyzer(),
                                   # Last: it matches suppressions with the others' findings.
                                   SuppressionsAnalyzer())


def analyzer_by_name(name: str) -> Analyzer:
    """Return the registered analyzer called ``name``; raises KeyError."""
    for analyzer in ANALYZERS:
        if analyzer.name == name:
            return analyzer
    raise KeyError(name)


def declared_metrics() -> dict[str, str]:
    """Map every declared metric id to the analyzer that declares it."""
    return {metric.id: analyzer.name for analyzer in ANALYZERS for metric in analyzer.metrics}
