"""Runbooks and operational documentation: coverage, completeness, staleness and drift."""

from __future__ import annotations

from scorecard.analyzers.runbooks.runbooks_analyzer import RunbooksAnalyzer

__all__ = ["RunbooksAnalyzer"]
