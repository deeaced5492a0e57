"""The snapshot store: reports kept per commit so that trends and diffs are possible.

The default store is one SQLite file, ``.scorecard/history.sqlite3`` in the scanned
repository, written only when asked (``scan --save``, ``history build``). Each snapshot is
the JSON the JSON reporter writes, with the commit, its date, the tool version and the config
digest. Writes are transactions (atomic); WAL mode and a busy timeout let two processes write
at once without losing either snapshot. A store written by a newer schema, or a corrupt file,
is an error with the fix: it is never silently replaced.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from scorecard.errors import ScorecardError
from scorecard.model import Report
from scorecard.reporters.json_report import render_json, report_from_dict

__all__ = ["SCHEMA_VERSION", "SnapshotInfo", "SnapshotStore", "StoreError", "default_store_path"]

SCHEMA_VERSION = 1
OPEN_PATIENCE_SECONDS = 60.0
STORE_DIR = ".scorecard"
STORE_FILE = "history.sqlite3"


class StoreError(ScorecardError):
    """The store cannot be used as it is (corrupt, newer schema, unwritable)."""

    exit_code = 2


def default_store_path(root: Path) -> Path:
    """Return the default store file of a repository."""
    return root / STORE_DIR / STORE_FILE


@dataclass(frozen=True)
class SnapshotInfo:
    """One stored snapshot, without its full report."""

    commit: str
    committed_at: str
    tool_version: str
    config_digest: str
    score: float | None
    pillars: dict[str, float | None]


def _migrate_to_1(db: sqlite3.Connection) -> None:
    db.execute(
        """CREATE TABLE IF NOT EXISTS snapshots (
               commit_sha TEXT NOT NULL,
               committed_at TEXT NOT NULL,
               config_digest TEXT NOT NULL,
               tool_version TEXT NOT NULL,
               format_version INTEGER NOT NULL,
               score REAL,
               report TEXT NOT NULL,
               PRIMARY KEY (commit_sha, config_digest)
           )"""
    )
    db.execute("CREATE INDEX IF NOT EXISTS snapshots_by_date ON snapshots (committed_at)")


# Schema version -> migration that brings the previous version to it.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _migrate_to_1}


class SnapshotStore:
    """Read and write snapshots in one SQLite file."""

    def __init__(self, path: Path, *, create: bool = True) -> None:
        self.path = path
        if not path.exists() and not create:
            raise StoreError(f"no snapshot store at {path} (run `scorecard scan --save` or "
                             "`scorecard history build` first)")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = self._open(path)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"snapshot store {path} is unreadable or corrupt ({exc}); it was "
                             "left untouched: move it away to start a new store") from exc
        except OSError as exc:
            raise StoreError(f"cannot open snapshot store {path}: {exc}") from exc

    def _open(self, path: Path) -> sqlite3.Connection:
        # Switching to WAL and migrating need a write lock; SQLite reports "locked" at once
        # (without its busy handler) when another process is opening the same new file, so
        # opening is retried for a while before giving up.
        deadline = time.monotonic() + OPEN_PATIENCE_SECONDS
        while True:
            db = sqlite3.connect(path, timeout=60, isolation_level=None)
            try:
                db.execute("PRAGMA busy_timeout = 60000")
                db.execute("PRAGMA journal_mode = WAL")
                self._db = db
                self._migrate()
                return db
            except sqlite3.OperationalError as exc:
                db.close()
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _migrate(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            version = int(self._db.execute("PRAGMA user_version").fetchone()[0])
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"snapshot store {self.path} has schema {version}, newer than this "
                    f"scorecard's {SCHEMA_VERSION}: upgrade scorecard to use it")
            for target in range(version + 1, SCHEMA_VERSION + 1):
                MIGRATIONS[target](self._db)
                self._db.execute(f"PRAGMA user_version = {target}")
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    def __enter__(self) -> SnapshotStore:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def save(self, report: Report, committed_at: str) -> None:
        """Store (or replace) the snapshot of the report's commit and config, atomically."""
        if report.commit is None:
            raise StoreError("only a scan of a git commit can be saved as a snapshot")
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.execute(
                    "INSERT OR REPLACE INTO snapshots VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (report.commit, committed_at, report.config_digest, report.tool_version,
                     report.format_version, report.score, render_json(report)),
                )
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write snapshot store {self.path}: {exc}") from exc

    def list(self) -> list[SnapshotInfo]:
        """Every snapshot, oldest commit first."""
        rows = self._db.execute(
            "SELECT commit_sha, committed_at, tool_version, config_digest, score, report "
            "FROM snapshots ORDER BY committed_at, commit_sha"
        ).fetchall()
        infos: list[SnapshotInfo] = []
        for commit, date, version, digest, score, text in rows:
            data = json.loads(text)
            pillars = {p["pillar"]: p["score"] for p in data.get("pillars", [])}
            infos.append(SnapshotInfo(commit, date, version, digest, score, pillars))
        return infos

    def load(self, commit: str) -> Report | None:
        """Return the latest snapshot of a commit (full or abbreviated sha), or None."""
        row = self._db.execute(
            "SELECT report FROM snapshots WHERE commit_sha LIKE ? ORDER BY rowid DESC LIMIT 1",
            (commit + "%",),
        ).fetchone()
        return report_from_dict(json.loads(row[0])) if row else None
