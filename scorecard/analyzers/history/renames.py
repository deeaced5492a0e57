"""Follow renames so that a file's history continues under the path it has today.

History is read newest first. When a commit renames ``old`` to ``new``, every older change
of ``old`` belongs to whatever ``new`` is called today, so ``old`` is mapped to that path
from then on (chains resolve because ``new`` itself was mapped by any later rename). A path
that is deleted and created again keeps one history, as ``git log -- <path>`` shows it.
"""

from __future__ import annotations

__all__ = ["RenameMap"]


class RenameMap:
    """Old path -> the path it has today, built while walking history newest first."""

    def __init__(self) -> None:
        """Start before any rename."""
        self._today: dict[str, str] = {}

    def resolve(self, path: str, old_path: str | None = None) -> str:
        """Return today's path of a change to ``path``; remember ``old_path`` if renamed."""
        today = self._today.get(path, path)
        if old_path is not None and old_path != path:
            self._today[old_path] = today
        return today

    def __len__(self) -> int:
        """Return how many old paths are mapped."""
        return len(self._today)
