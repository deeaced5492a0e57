"""Defect risk: which files are likely to need a fix next, and how well that was predicted.

Per-file features come from facts the scan already has (size and complexity from the
complexity analyzer) and from the history analyzer's one ``git log`` pass, read over two
windows: the features of the window before the scan's moment are what the ranking uses; the
window before that, with the fix commits of the later window as labels, is what the model
is fitted on (:mod:`scorecard.risk.risk_model`). :mod:`scorecard.risk_backtest` checks the
ranking against what happened after a past date.
"""

from __future__ import annotations

from scorecard.risk.features import FileFacts, FileFeatures, Touches
from scorecard.risk.fixes import DEFAULT_FIX_PATTERN, FixMatcher
from scorecard.risk.risk_model import RiskModel, RiskRanking, rank_files

__all__ = ["DEFAULT_FIX_PATTERN", "FileFacts", "FileFeatures", "FixMatcher", "RiskModel",
           "RiskRanking", "Touches", "rank_files"]
