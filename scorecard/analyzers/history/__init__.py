"""Evolvability from git history: churn, hotspots, change coupling, knowledge, tests."""

from __future__ import annotations

from scorecard.analyzers.history.history_analyzer import HistoryAnalyzer

__all__ = ["HistoryAnalyzer"]
