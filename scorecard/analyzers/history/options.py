"""The history analyzer's options ([tool.scorecard.history]), with their defaults."""

from __future__ import annotations

from dataclasses import dataclass, field

from scorecard.risk import DEFAULT_FIX_PATTERN

__all__ = ["HistoryOptions"]


@dataclass(frozen=True)
class HistoryOptions:
    """[tool.scorecard.history]."""

    since_days: float = 365  # the window: twelve months before `until`
    since: str = ""  # ISO date; overrides since_days
    until: str = ""  # ISO date; default: the scan's moment
    # code-maat's coupling defaults.
    min_revisions: float = 5
    min_shared_revisions: int = 5
    min_coupling_percent: float = 30
    max_coupling_percent: float = 100
    max_changeset_size: int = 30
    island_months: int = 6  # a main author silent this long leaves a knowledge island
    # Bot accounts (see bots.py), left out of knowledge and coupling: patterns matched
    # against each author's name and email, besides the built-in rules unless turned off.
    bot_authors: list[str] = field(default_factory=list)
    builtin_bots: bool = True
    relative_churn_limit: float = 3.0  # churned lines per source line in the window
    # The risk model (scorecard.risk): reads a second window before this one to fit on.
    risk: bool = True
    risk_model: str = "auto"  # "auto": fitted here when history allows, else "prior"
    fix_pattern: str = DEFAULT_FIX_PATTERN  # commit subjects that mark a fix
    risk_prior: str = ""  # a prior fitted by benchmarks/validity/fit_prior.py; "" = shipped
