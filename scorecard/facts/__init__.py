"""The typed facts each analyzer hands to later analyzers, the report and its consumers.

One module per analyzer, each a frozen dataclass (``<Name>Facts``) of what it measured
beyond its measurements, plus the rows it holds. Facts import nothing of the analyzers, so
an analyzer that reads another's facts (history reads complexity's) depends on the facts,
not on the other analyzer. The report's ``details`` maps each analyzer's name to its facts;
``scorecard.serialisation`` writes them as JSON and reads them back.
"""

from __future__ import annotations

from collections.abc import Mapping

from scorecard.facts.boundaries import BoundariesFacts
from scorecard.facts.complexity import ComplexityFacts, FunctionRow
from scorecard.facts.docstrings import DocstringsFacts
from scorecard.facts.history import HistoryFacts
from scorecard.facts.overrides import OverridesFacts
from scorecard.facts.runbooks import RunbooksFacts
from scorecard.facts.signals import SignalsFacts
from scorecard.facts.suppressions import SuppressionsFacts

__all__ = ["FACTS_TYPES", "BoundariesFacts", "ComplexityFacts", "DocstringsFacts",
           "FunctionRow", "HistoryFacts", "OverridesFacts", "RunbooksFacts", "SignalsFacts",
           "SuppressionsFacts"]

# Analyzer name -> the type of its facts: how a stored report's ``details`` decode. Each
# analyzer names the same type as its ``facts_type`` (a test holds the two together).
FACTS_TYPES: Mapping[str, type] = {
    "complexity": ComplexityFacts,
    "boundaries": BoundariesFacts,
    "docstrings": DocstringsFacts,
    "runbooks": RunbooksFacts,
    "overrides": OverridesFacts,
    "signals": SignalsFacts,
    "history": HistoryFacts,
    "suppressions": SuppressionsFacts,
}
