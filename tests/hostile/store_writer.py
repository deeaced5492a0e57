"""A snapshot writer to be killed: ``python -m tests.hostile.store_writer STORE LOG PREFIX``.

It saves snapshots one after another, forever, and after each save returns it appends the
commit to LOG and fsyncs it, so whoever kills it knows which saves had completed.

With a fourth argument PAUSE, it stops for good at one moment and says so on stdout
(``paused``), so that the kill lands exactly there: ``migrate`` inside the transaction that
creates the schema (after the tables, before the commit), ``save`` inside the first save's
transaction (after the row was inserted, before the commit).
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path

from scorecard import history
from scorecard.history import SnapshotStore
from tests.hostile.generators import hostile_report


def _pause() -> None:
    print("paused", flush=True)
    while True:
        time.sleep(60)


def _pause_in_migration() -> None:
    original = history.MIGRATIONS[1]

    def migrate_then_pause(db: sqlite3.Connection) -> None:
        original(db)
        _pause()

    history.MIGRATIONS[1] = migrate_then_pause


def _pause_before_commit(store: SnapshotStore) -> None:
    connect: Callable[[], sqlite3.Connection] = store._connect  # noqa: SLF001 - test hook

    def connect_with_trace() -> sqlite3.Connection:
        db = connect()
        db.set_trace_callback(lambda statement: _pause() if statement == "COMMIT" else None)
        return db

    store._connect = connect_with_trace  # type: ignore[method-assign]  # noqa: SLF001


def main(store: Path, log: Path, prefix: str, pause: str = "") -> None:
    """Write snapshots ``<prefix>000...``, ``<prefix>001...``, ... until killed."""
    if pause == "migrate":
        _pause_in_migration()
    with SnapshotStore(store) as snapshots, open(log, "a", encoding="ascii") as done:
        if pause == "save":
            _pause_before_commit(snapshots)
        index = 0
        while True:
            commit = f"{prefix}{index:06d}".ljust(40, "0")
            snapshots.save(hostile_report(commit), f"2026-01-01T00:00:{index % 60:02d}+00:00")
            done.write(commit + "\n")
            done.flush()
            os.fsync(done.fileno())
            index += 1


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), *sys.argv[3:])
