"""Docstring coverage: interrogate's number, and the share of the public API documented."""

from __future__ import annotations

from scorecard.analyzers.docstrings.docstrings_analyzer import DocstringsAnalyzer

__all__ = ["DocstringsAnalyzer"]
