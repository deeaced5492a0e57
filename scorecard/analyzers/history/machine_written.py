"""Machine-written files: left out of the judgments of how people change the code.

Lock files, generated code, minified assets, source maps and test snapshots are written by
a tool (see :func:`scorecard.analyzers.path_roles.is_machine_written`). Their churn is no
maintenance cost anyone can reduce, their coupling with the file they are generated from
holds by construction, and one person regenerating ``go.sum`` is no knowledge risk; so
churn, hotspots, change coupling and knowledge leave them out, as CodeScene does. The
mined aggregates keep them (they match ``git log --numstat``); the judgments filter, and
each note says how many files were left out and why.
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from dataclasses import dataclass, replace

from scorecard.analyzers.path_roles import machine_written_kind
from scorecard.model import Measurement

__all__ = ["MachineWritten"]

# The kinds, in the order a note names them, as plurals.
_PLURALS = {"lock file": "lock files", "generated code": "generated code",
            "minified asset": "minified assets", "source map": "source maps",
            "test snapshot": "test snapshots"}


@dataclass(frozen=True)
class MachineWritten:
    """The machine-written files among the paths the window changed, with their kinds."""

    kinds: dict[str, str]  # path -> kind ("lock file", "generated code", ...)

    @classmethod
    def among(cls, changed: Iterable[str]) -> MachineWritten:
        """Pick the machine-written files out of the paths the window changed."""
        kinds = {}
        for path in changed:
            kind = machine_written_kind(path)
            if kind is not None:
                kinds[path] = kind
        return cls(kinds)

    def __contains__(self, path: object) -> bool:
        """Return True for a machine-written path the window changed."""
        return path in self.kinds

    def people_written(self, paths: Set[str]) -> frozenset[str]:
        """Return the paths that are not machine-written: the ones the judgments count."""
        return frozenset(path for path in paths if path not in self.kinds)

    def within(self, paths: Set[str] | None) -> list[str]:
        """Return the machine-written paths among ``paths`` (None: all of them)."""
        return [p for p in self.kinds if paths is None or p in paths]

    def note(self, within: Set[str] | None = None) -> str:
        """Return "; N machine-written files (lock files, ...) not counted", or "" for none.

        ``within`` narrows the count to the files a measure would otherwise have counted
        (the current files, for the measures of files that still exist).
        """
        paths = self.within(within)
        if not paths:
            return ""
        present = {self.kinds[p] for p in paths}
        kinds = ", ".join(plural for kind, plural in _PLURALS.items() if kind in present)
        noun = "file" if len(paths) == 1 else "files"
        return f"; {len(paths)} machine-written {noun} ({kinds}) not counted"

    def noted(self, measurement: Measurement, within: Set[str] | None = None) -> Measurement:
        """Return ``measurement`` with :meth:`note` appended to its note."""
        note = self.note(within)
        return replace(measurement, note=measurement.note + note) if note else measurement
