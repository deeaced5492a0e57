"""Scoring: load declarative checks, evaluate facts against them, aggregate pillars."""

from __future__ import annotations

from scorecard.scoring.definitions import CheckDefinition, Scorer, load_checks
from scorecard.scoring.engine import GRADE_BANDS, evaluate, grade_for

__all__ = ["GRADE_BANDS", "CheckDefinition", "Scorer", "evaluate", "grade_for", "load_checks"]
