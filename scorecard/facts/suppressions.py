"""The suppressions analyzer's facts: the findings in-code suppressions silence."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

__all__ = ["Silenced", "SuppressionsFacts"]


class Silenced(NamedTuple):
    """A finding a suppression silences (a ``[metric, path, line]`` list in the JSON)."""

    metric: str
    path: str
    line: int


@dataclass(frozen=True)
class SuppressionsFacts:
    """What the suppressions analyzer found: the findings silenced, and how many comments."""

    silenced: tuple[Silenced, ...]
    suppressions: int
