"""Store durability: a writer killed (SIGKILL) at any moment loses no completed snapshot.

The writer reports each save that returned through a file it fsyncs; after every kill the
store must open, pass SQLite's integrity check and hold every reported snapshot, loadable.

Kill moments are chosen by what the writer has done, never by how long it has run (a busy
machine once let a fixed sleep end before the writer had saved anything): the first kills
land at exact points the writer announces (inside the schema's transaction, inside a save's
transaction), the others after the writer has completed at least one more save, at a
reproducibly random moment of the next one.
"""

from __future__ import annotations

import os
import random
import select
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
PROGRESS_SECONDS = 120.0  # a writer that shows no progress for this long is a failure
PAUSES = ("migrate", "save")  # the first rounds' exact kill points


def _completed(log: Path) -> list[str]:
    if not log.exists():
        return []
    # A line cut by the kill is not a completed save.
    return [line for line in log.read_text(encoding="ascii").split("\n") if len(line) == 40]


def _wait_until_paused(writer: subprocess.Popen[bytes]) -> None:
    assert writer.stdout is not None
    ready, _, _ = select.select([writer.stdout], [], [], PROGRESS_SECONDS)
    assert ready and writer.stdout.readline() == b"paused\n", "the writer never paused"


def _wait_for_progress(log: Path, before: int) -> None:
    deadline = time.monotonic() + PROGRESS_SECONDS
    while len(_completed(log)) <= before:
        assert time.monotonic() < deadline, "the writer completed no save"
        time.sleep(0.005)


def _check_store(store: Path, completed: list[str], round_number: int) -> None:
    with SnapshotStore(store, create=False) as snapshots:
        stored = {info.commit for info in snapshots.list()}
        missing = [c for c in completed if c not in stored]
        assert not missing, (round_number, missing[:3])
        for commit in completed[-3:]:
            loaded = snapshots.load(commit)
            assert loaded is not None and loaded.commit == commit
    with sqlite3.connect(store) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.slow
def test_killed_writer_loses_no_completed_snapshot(tmp_path: Path) -> None:
    store, log = tmp_path / "store.sqlite3", tmp_path / "completed.log"
    chance = random.Random(20260601)  # reproducible kill moments
    for round_number in range(KILLS):
        pause = PAUSES[round_number] if round_number < len(PAUSES) else ""
        before = len(_completed(log))
        writer = subprocess.Popen(
            [sys.executable, "-m", "tests.hostile.store_writer", str(store), str(log),
             f"{round_number:02x}", pause], cwd=PROJECT_ROOT, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE)
        try:
            if pause:
                _wait_until_paused(writer)
            else:
                _wait_for_progress(log, before)
                time.sleep(chance.uniform(0.0, 0.03))  # somewhere in a later save
        finally:
            writer.send_signal(signal.SIGKILL)
            writer.wait(timeout=30)
        assert writer.returncode == -signal.SIGKILL, writer.stderr.read() if writer.stderr else ""
        completed = _completed(log)
        if pause:
            assert len(completed) == before  # killed before that save could complete
        if not store.exists():
            assert not completed
            continue
        _check_store(store, completed, round_number)
    # Every round without a pause completed at least one save before its kill.
    assert len(_completed(log)) >= KILLS - len(PAUSES)
    os.remove(log)
