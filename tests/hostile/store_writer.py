"""A snapshot writer to be killed: ``python -m tests.hostile.store_writer STORE LOG PREFIX``.

It saves snapshots one after another, forever, and after each save returns it appends the
commit to LOG and fsyncs it, so whoever kills it knows which saves had completed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from scorecard.history import SnapshotStore
from tests.hostile.generators import hostile_report


def main(store: Path, log: Path, prefix: str) -> None:
    """Write snapshots ``<prefix>000...``, ``<prefix>001...``, ... until killed."""
    with SnapshotStore(store) as snapshots, open(log, "a", encoding="ascii") as done:
        index = 0
        while True:
            commit = f"{prefix}{index:06d}".ljust(40, "0")
            snapshots.save(hostile_report(commit), f"2026-01-01T00:00:{index % 60:02d}+00:00")
            done.write(commit + "\n")
            done.flush()
            os.fsync(done.fileno())
            index += 1


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3])
