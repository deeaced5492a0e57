"""The typed facts each analyzer hands to later analyzers, the report and its consumers.

One module per analyzer, each a frozen dataclass (``<Name>Facts``) of what it measured
beyond its measurements, plus the rows it holds. Facts import nothing of the analyzers, so
an analyzer that reads another's facts (history reads complexity's) depends on the facts,
not on the other analyzer. The report's ``details`` maps each analyzer's name to its facts;
``scorecard.serialisation`` writes them as JSON and reads them back.
"""

from __future__ import annotations

from scorecard.facts.boundaries import BoundariesFacts
from scorecard.facts.complexity import ComplexityFacts, FunctionRow
from scorecard.facts.docstrings import DocstringsFacts
from scorecard.facts.history import HistoryFacts
from scorecard.facts.overrides import OverridesFacts
from scorecard.facts.runbooks import RunbooksFacts
from scorecard.facts.signals import SignalsFacts
from scorecard.facts.suppressions import SuppressionsFacts

__all__ = ["BoundariesFacts", "ComplexityFacts", "DocstringsFacts", "FunctionRow",
           "HistoryFacts", "OverridesFacts", "RunbooksFacts", "SignalsFacts",
           "SuppressionsFacts"]
