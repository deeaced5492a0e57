"""The snapshot store: reports kept per commit so that trends and diffs are possible.

The default store is one SQLite file, ``.scorecard/history.sqlite3`` in the scanned
repository, written only when asked (``scan --save``, ``history build``). Each snapshot is
the JSON the JSON reporter writes, with the commit, its date, the tool version and the config
digest. Writes are transactions (atomic); WAL mode and a busy timeout let two processes write
at once without losing either snapshot. A store written by a newer schema, or a corrupt file,
is an error with the fix: it is never silently replaced. The file is created by the first
snapshot written, never before (a failed save leaves nothing behind).

The default location is inside the scanned repository, which is data: a ``.scorecard`` (or
any part of the path down to the store and SQLite's side files) committed as a symbolic link
would make scorecard write wherever the repository points, so such a store is refused. A
store the user names (``--store``) is used as named.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scorecard.errors import ScorecardError
from scorecard.model import Report
from scorecard.serialisation import render_json, report_from_dict
from scorecard.storeschema import MIGRATION_SQL, SCHEMA_VERSION, UPSERT_SNAPSHOT, OrgQueries

__all__ = [
    "SCHEMA_VERSION",
    "SnapshotInfo",
    "SnapshotStore",
    "StoreError",
    "default_store_path",
    "refuse_links",
]

OPEN_PATIENCE_SECONDS = 60.0
STORE_DIR = ".scorecard"
STORE_FILE = "history.sqlite3"
SIDE_FILES = ("-wal", "-shm", "-journal")  # SQLite writes these beside the store


class StoreError(ScorecardError):
    """The store cannot be used as it is (corrupt, newer schema, unwritable)."""

    exit_code = 2


def default_store_path(root: Path) -> Path:
    """Return the default store file of a repository."""
    return root / STORE_DIR / STORE_FILE


def refuse_links(path: Path, root: Path) -> None:
    """Raise StoreError when the store, a side file or a folder down to it is a symlink.

    Everything below ``root`` (the scanned repository) is the repository's to choose.
    """
    candidates = [path, *(path.with_name(path.name + side) for side in SIDE_FILES)]
    folder = path.parent
    while folder != root and root in folder.parents:
        candidates.append(folder)
        folder = folder.parent
    for candidate in candidates:
        if candidate.is_symlink():
            raise StoreError(
                f"refusing to use the snapshot store {path}: {candidate} is a symbolic link "
                "inside the scanned repository and could point anywhere; remove it, or name "
                "a store with --store")
    if path.exists() and not path.is_file():
        raise StoreError(f"refusing to use the snapshot store {path}: it is not a regular file")


@dataclass(frozen=True)
class SnapshotInfo:
    """One stored snapshot, without its full report."""

    commit: str
    committed_at: str
    tool_version: str
    config_digest: str
    score: float | None
    pillars: dict[str, float | None]


def _migration(version: int) -> Callable[[sqlite3.Connection], None]:
    def migrate(db: sqlite3.Connection) -> None:
        for statement in MIGRATION_SQL[version]:
            db.execute(statement)
    return migrate


# Schema version -> migration that brings the previous version to it (shared with PostgreSQL).
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    version: _migration(version) for version in MIGRATION_SQL}


def saved_now() -> str:
    """Return the moment a snapshot is saved (orders snapshots of one commit)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


class SnapshotStore(OrgQueries):
    """Read and write snapshots in one SQLite file."""

    def __init__(self, path: Path, *, create: bool = True, repository: str = "") -> None:
        self.path = path
        self.repository = repository
        self.cache_dir = path.parent
        self._db: sqlite3.Connection | None = None
        if not path.exists():
            if not create:
                raise StoreError(f"no snapshot store at {path} (run `scorecard scan --save` "
                                 "or `scorecard history build` first)")
            return  # created by the first save: an empty store is never left behind
        self._connect()

    def _connect(self) -> sqlite3.Connection:
        """Open (creating it if needed) and migrate the database; StoreError when it cannot."""
        if self._db is not None:
            return self._db
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = self._open(self.path)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"snapshot store {self.path} is unreadable or corrupt ({exc}); it "
                             "was left untouched: move it away to start a new store") from exc
        except OSError as exc:
            raise StoreError(f"cannot open snapshot store {self.path}: {exc}") from exc
        return self._db

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
                _migrate(db, path)
                return db
            except sqlite3.OperationalError as exc:
                db.close()
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def close(self) -> None:
        """Close the database."""
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> SnapshotStore:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def save(self, report: Report, committed_at: str) -> None:
        """Store (or replace) the snapshot of the report's commit and config, atomically."""
        if report.commit is None:
            raise StoreError("only a scan of a git commit can be saved as a snapshot")
        db = self._connect()
        try:
            with db:
                db.execute("BEGIN IMMEDIATE")
                db.execute(UPSERT_SNAPSHOT, (
                    self.repository, report.commit, committed_at, report.config_digest,
                    report.tool_version, report.format_version, report.score,
                    render_json(report), saved_now()))
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write snapshot store {self.path}: {exc}") from exc

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        if self._db is None:
            return []
        try:
            return list(self._db.execute(sql, tuple(params)).fetchall())
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read snapshot store {self.path}: {exc}") from exc

    def _write(self, sql: str, params: Sequence[Any]) -> None:
        db = self._connect()
        try:
            with db:
                db.execute("BEGIN IMMEDIATE")
                db.execute(sql, tuple(params))
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write snapshot store {self.path}: {exc}") from exc

    def list(self) -> list[SnapshotInfo]:
        """Every snapshot, oldest commit first."""
        if self._db is None:
            return []
        rows = self._db.execute(
            "SELECT commit_sha, committed_at, tool_version, config_digest, score, report "
            "FROM snapshots WHERE repository = ? ORDER BY committed_at, commit_sha",
            (self.repository,),
        ).fetchall()
        return [self._info(row) for row in rows]

    def _info(self, row: tuple[Any, ...]) -> SnapshotInfo:
        commit, date, version, digest, score, text = row
        try:
            data = json.loads(text)
            pillars = {str(p["pillar"]): _score(p["score"]) for p in data.get("pillars", [])}
            return SnapshotInfo(str(commit), str(date), str(version), str(digest),
                                _score(score), pillars)
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
            raise self._damaged(commit, exc) from exc

    def load(self, commit: str) -> Report | None:
        """Return the latest snapshot of a commit (full or abbreviated sha), or None."""
        if self._db is None:
            return None
        row = self._db.execute(
            "SELECT commit_sha, report FROM snapshots WHERE repository = ? AND commit_sha LIKE ? "
            "ORDER BY saved_at DESC, rowid DESC LIMIT 1", (self.repository, commit + "%"),
        ).fetchone()
        if row is None:
            return None
        try:
            return report_from_dict(json.loads(row[1]))
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
            raise self._damaged(row[0], exc) from exc

    def _damaged(self, commit: object, exc: BaseException) -> StoreError:
        reason = type(exc).__name__ if isinstance(exc, RecursionError) else str(exc)[:200]
        return StoreError(f"snapshot store {self.path} holds a damaged snapshot of commit "
                          f"{str(commit)[:40]!r} ({type(exc).__name__}: {reason}); it was left "
                          "untouched: move the store away to start a new one")


def _score(value: object) -> float | None:
    """Return a stored score as a float or None; anything else is damage (TypeError)."""
    if value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
        return None if value is None else float(value)
    raise TypeError(f"score {str(value)[:40]!r} is not a number")


def _migrate(db: sqlite3.Connection, path: Path) -> None:
    """Bring the schema to SCHEMA_VERSION in one transaction; refuse a newer store."""
    db.execute("BEGIN IMMEDIATE")
    try:
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"snapshot store {path} has schema {version}, newer than this "
                f"scorecard's {SCHEMA_VERSION}: upgrade scorecard to use it")
        for target in range(version + 1, SCHEMA_VERSION + 1):
            MIGRATIONS[target](db)
            db.execute(f"PRAGMA user_version = {target}")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
