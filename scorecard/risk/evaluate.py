"""How well a ranking of files predicted which files were fixed: the backtest's figures.

- **AUC**: the chance that a fixed file is ranked above a file that was not (the
  Mann-Whitney statistic; ties count one half).
- **Effort-aware recall at 20 % of the lines** (Popt-style, Mende and Koschke 2010): take
  files in the ranking's order until the next one would overrun a fifth of all lines; the
  share of the fixed files taken. It asks what a reviewer with a fixed budget of reading finds.
- **Top-20 % capture**: the share of fixed files among the first fifth of the files.

Every ranking orders by its score, highest first; ties go to the smaller file first (less
effort for the same expectation), then the path, so the figures are deterministic.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass

__all__ = ["Figures", "auc", "evaluate", "order", "recall_at_effort", "top_capture"]

EFFORT_SHARE = 0.2
TOP_SHARE = 0.2


@dataclass(frozen=True)
class Figures:
    """One ranking's figures on one labelled set of files."""

    name: str
    auc: float
    recall_at_20_loc: float
    top20_capture: float


def order(scores: Mapping[str, float], size: Mapping[str, int]) -> list[str]:
    """Return the paths by score, highest first; ties by smaller size, then path."""
    return sorted(scores, key=lambda p: (-scores[p], size.get(p, 0), p))


def auc(scores: Mapping[str, float], fixed: Set[str]) -> float:
    """Return the Mann-Whitney AUC of ``scores`` for telling fixed files from the others."""
    positives = [s for p, s in scores.items() if p in fixed]
    negatives = len(scores) - len(positives)
    if not positives or not negatives:
        return math.nan
    # Rank all scores (average ranks for ties); the positives' rank sum gives U.
    ordered = sorted(scores.values())
    ranks: dict[float, float] = {}
    start = 0
    while start < len(ordered):
        end = start
        while end + 1 < len(ordered) and ordered[end + 1] == ordered[start]:
            end += 1
        ranks[ordered[start]] = (start + end) / 2 + 1
        start = end + 1
    rank_sum = sum(ranks[s] for s in positives)
    u = rank_sum - len(positives) * (len(positives) + 1) / 2
    return u / (len(positives) * negatives)


def recall_at_effort(ranked: Sequence[str], size: Mapping[str, int], fixed: Set[str],
                     share: float = EFFORT_SHARE) -> float:
    """Return the share of fixed files taken before the lines read overrun ``share``."""
    if not fixed:
        return math.nan
    budget = share * sum(size.get(p, 0) for p in ranked)
    spent = 0
    found = 0
    for path in ranked:
        cost = size.get(path, 0)
        if spent + cost > budget:
            break  # the budget is spent: the reviewer stops here
        spent += cost
        found += path in fixed
    return found / len(fixed)


def top_capture(ranked: Sequence[str], fixed: Set[str], share: float = TOP_SHARE) -> float:
    """Return the share of fixed files among the first ``share`` of the files."""
    if not fixed:
        return math.nan
    head = ranked[:math.ceil(share * len(ranked))]
    return sum(1 for p in head if p in fixed) / len(fixed)


def evaluate(name: str, scores: Mapping[str, float], size: Mapping[str, int],
             fixed: Set[str], effort_scores: Mapping[str, float] | None = None) -> Figures:
    """Return a ranking's figures; ``effort_scores`` orders the effort-aware recall."""
    ranked = order(scores, size)
    effort_ranked = ranked if effort_scores is None else order(effort_scores, size)
    return Figures(name, auc(scores, fixed), recall_at_effort(effort_ranked, size, fixed),
                   top_capture(ranked, fixed))
