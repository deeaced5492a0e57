"""A bounded memory, within one process, of results that never change for their key.

The scans of one process often repeat work on the same inputs: a diff scans base and head,
a backfill scans quarter ends that share most files and commits. Keys name the inputs
exactly (a blob id, a commit id and the options that shape the result), so a remembered
value is the value a fresh computation would give. Past ``limit`` entries nothing more is
kept, so memory stays bounded however large the repository.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Generic, TypeVar

__all__ = ["BoundedMemo"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class BoundedMemo(Generic[K, V]):
    """Values by key, up to ``limit`` of them."""

    def __init__(self, limit: int) -> None:
        """Start empty; keep at most ``limit`` values."""
        self._limit = limit
        self._values: dict[K, V] = {}

    def get(self, key: K) -> V | None:
        """Return the value remembered for ``key``, or None."""
        return self._values.get(key)

    def put(self, key: K, value: V) -> None:
        """Remember a value, while there is room."""
        if len(self._values) < self._limit:
            self._values[key] = value
