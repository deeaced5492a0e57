"""Store durability: a writer killed (SIGKILL) at random moments loses no completed snapshot.

The writer reports each save that returned through a file it fsyncs; after every kill the
store must open, pass SQLite's integrity check and hold every reported snapshot, loadable.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scorecard.history import SnapshotStore
from tests.hostile.generators import PROJECT_ROOT

KILLS = 15


def _completed(log: Path) -> list[str]:
    if not log.exists():
        return []
    # A line cut by the kill is not a completed save.
    return [line for line in log.read_text(encoding="ascii").split("\n") if len(line) == 40]


@pytest.mark.slow
def test_killed_writer_loses_no_completed_snapshot(tmp_path: Path) -> None:
    store, log = tmp_path / "store.sqlite3", tmp_path / "completed.log"
    chance = random.Random(20260601)  # reproducible kill moments
    for round_number in range(KILLS):
        writer = subprocess.Popen(
            [sys.executable, "-m", "tests.hostile.store_writer", str(store), str(log),
             f"{round_number:02x}"], cwd=PROJECT_ROOT, stderr=subprocess.PIPE)
        # Early kills land while the store is being created or migrated, later ones mid-save.
        time.sleep(chance.uniform(0.0, 0.15) if round_number < 4 else chance.uniform(0.2, 0.8))
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
        assert writer.returncode == -signal.SIGKILL, writer.stderr.read() if writer.stderr else ""
        completed = _completed(log)
        if not store.exists():
            assert not completed
            continue
        with SnapshotStore(store, create=False) as snapshots:
            stored = {info.commit for info in snapshots.list()}
            missing = [c for c in completed if c not in stored]
            assert not missing, (round_number, missing[:3])
            for commit in completed[-3:]:
                loaded = snapshots.load(commit)
                assert loaded is not None and loaded.commit == commit
        with sqlite3.connect(store) as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert len(_completed(log)) > KILLS  # the writer did get work done between kills
    os.remove(log)
