"""Say in words which inputs made a file risky.

Each input's contribution is its coefficient times how far the file's value lies from the
repository's mean (on the model's log scale): what moved this file's expected fixes above a
typical file's. Inputs that describe one thing (changes, fixes, complexity, ownership) are
summed into one factor, and the largest positive factors are named with the raw numbers a
reviewer can check.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from scorecard.risk.features import FEATURE_NAMES, RECENT_DAYS, FileFacts, FileFeatures
from scorecard.wording import count_text, counted

if TYPE_CHECKING:
    Describe = Callable[[FileFeatures, FileFacts, int], str]

__all__ = ["describe_factors"]

MAX_FACTORS = 3
_GROUPS: dict[str, str] = {
    "log_lines": "size", "log_revisions": "changes", "log_weighted_revisions": "changes",
    "log_authors": "ownership", "log_cochange_fixes": "cochange",
    "log_complexity": "complexity",
}


def _changes(f: FileFeatures, _: FileFacts, months: int) -> str:
    fixes = f", {counted(f.fixes, 'fix', 'fixes')}" if f.fixes else ""
    return (f"{counted(f.revisions, 'change')} in the last {counted(months, 'month')} "
            f"({count_text(f.recent_revisions)} in the last {RECENT_DAYS} days{fixes})")


def _ownership(f: FileFeatures, _: FileFacts, months: int) -> str:
    share = round(100 * f.main_author_share)
    if f.authors > 1 and share <= 50:
        return f"{counted(f.authors, 'author')}, none over 50 %"
    return f"{counted(f.authors, 'author')}, the main one with {share} % of the changes"


def _cochange(f: FileFeatures, _: FileFacts, months: int) -> str:
    return (f"changes together with files that took {counted(f.cochange_fixes, 'fix commit')}"
            f" in the last {counted(months, 'month')}")


def _complexity(f: FileFeatures, facts: FileFacts, months: int) -> str:
    worst = (f"; cognitive {facts.max_cognitive} in {facts.worst_function}()"
             if facts.worst_function else "")
    return f"total cyclomatic complexity {facts.complexity}{worst}"


def _size(f: FileFeatures, facts: FileFacts, months: int) -> str:
    return counted(facts.sloc, "source line")


_WORDS: dict[str, Describe] = {"changes": _changes, "ownership": _ownership,
                               "cochange": _cochange, "complexity": _complexity, "size": _size}


def describe_factors(coefficients: Sequence[float], vector: Sequence[float],
                     means: Sequence[float], features: FileFeatures, facts: FileFacts,
                     months: int) -> tuple[str, ...]:
    """Return up to three factors that raised the file's risk most, in words."""
    totals: dict[str, float] = {}
    for name, coefficient, value, mean in zip(FEATURE_NAMES, coefficients, vector, means,
                                              strict=True):
        group = _GROUPS[name]
        totals[group] = totals.get(group, 0.0) + coefficient * (value - mean)
    ranked = sorted((g for g, total in totals.items() if total > 0.05),
                    key=lambda g: (-totals[g], g))
    return tuple(_WORDS[group](features, facts, months) for group in ranked[:MAX_FACTORS])
