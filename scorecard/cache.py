"""Per-file results cached by git blob id and analyzer version; whole reports by their inputs.

The same bytes always give the same per-file result for a given analyzer version and
interpreter (the parser differs between Python versions), so a re-scan or a scan of another
commit only analyses the files that changed. The cache is a SQLite file outside the scanned
repository; it is disposable: if it cannot be opened the scan runs without it and says so.

Two scans in one process (a diff's two sides) can share a memory of outcomes in front of the
file: a result decoded or computed once is handed to the other side as is, and with the cache
off (``--no-cache``) the memory alone still keeps each blob from being analysed twice.

A whole report is kept too, under a key naming everything it depends on
(:mod:`scorecard.report_reuse`), so a re-scan of an unchanged tree analyses nothing.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

__all__ = ["KEPT_REPORTS", "ResultCache", "cache_key", "default_cache_dir", "result_key"]

_SCHEMA = "CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
_REPORTS_SCHEMA = ("CREATE TABLE IF NOT EXISTS reports (key TEXT PRIMARY KEY, "
                   "value TEXT NOT NULL, stored REAL NOT NULL)")
# Whole reports kept at most (the newest): each is one repository state's, and a report of
# a large repository is a few megabytes.
# scorecard: ignore[operability.config-overridable-constants] reason=bounds a disposable cache
KEPT_REPORTS = 32
_PY = f"py{sys.version_info.major}{sys.version_info.minor}"


def default_cache_dir() -> Path:
    """Return the per-user cache folder (XDG_CACHE_HOME honoured)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "scorecard"


def cache_key(analyzer: str, version: str, blob: str) -> str:
    """Key of a fact about one blob's content alone (does it parse, is it generated)."""
    return f"{analyzer}:{version}:{_PY}:{blob}"


def result_key(analyzer: str, version: str, blob: str, path: str) -> str:
    """Key of one analyzer's result for one blob at one path.

    Analyzers read the path as well as the content (module names for relative imports,
    test or application roles), so the same bytes at another path are another result: a
    renamed or copied file is analysed again, which is cheap and never wrong.
    """
    return f"{cache_key(analyzer, version, blob)}:{path}"


class ResultCache:
    """A key-value store of JSON per-file results; every method is a no-op when disabled."""

    def __init__(self, folder: Path | None, memory: dict[str, Any] | None = None) -> None:
        """Open the cache in ``folder`` (None: no file), with ``memory`` in front if given.

        ``memory`` is a plain dict the caller owns and shares between scans of one process;
        it holds decoded results by key and is consulted before the file.
        """
        self.warning: str | None = None
        self._db: sqlite3.Connection | None = None
        self._memory = memory
        if folder is None:
            return
        try:
            folder.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(folder / "results.sqlite3", timeout=30)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(_SCHEMA)
            db.execute(_REPORTS_SCHEMA)
            self._db = db
        except (OSError, sqlite3.Error) as exc:
            self.warning = f"result cache unavailable ({exc}); analysing every file"

    @property
    def enabled(self) -> bool:
        """Whether a cache file is open (the memory alone does not count)."""
        return self._db is not None

    def get_many(self, keys: Iterable[str]) -> dict[str, Any]:
        """Return the cached results among ``keys`` (the shared memory first, then the file)."""
        wanted = list(keys)
        memory = self._memory
        found: dict[str, Any] = {}
        if memory is not None:
            rest: list[str] = []
            for key in wanted:
                value = memory.get(key)
                if value is None:
                    rest.append(key)
                else:
                    found[key] = value
            wanted = rest
        if self._db is None or not wanted:
            return found
        from_file = self._get_from_file(wanted)
        if memory is not None:
            memory.update(from_file)
        found.update(from_file)
        return found

    def _get_from_file(self, wanted: list[str]) -> dict[str, Any]:
        """Return the results among ``wanted`` that the file holds."""
        assert self._db is not None  # checked by the caller
        found: dict[str, Any] = {}
        try:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start:start + 500]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT key, value FROM results WHERE key IN ({marks})", chunk  # noqa: S608
                )
                found.update((k, json.loads(v)) for k, v in rows)
        except (sqlite3.Error, ValueError) as exc:
            self.warning = f"result cache unreadable ({exc}); analysing every file"
            self._db = None
            found = {}
        return found

    def put_many(self, items: Mapping[str, Any]) -> None:
        """Store results in one transaction (atomic: all or none), and in the shared memory."""
        if self._memory is not None:
            self._memory.update(items)
        if self._db is None or not items:
            return
        try:
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO results (key, value) VALUES (?, ?)",
                    [(k, json.dumps(v, separators=(",", ":"))) for k, v in items.items()],
                )
        except sqlite3.Error as exc:
            self.warning = f"result cache not written ({exc})"

    def get_report(self, key: str) -> str | None:
        """Return the report text stored under ``key``, or None."""
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT value FROM reports WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return None  # disposable: the scan runs and stores a new one
        return None if row is None else str(row[0])

    def put_report(self, key: str, text: str) -> None:
        """Store a report's text under ``key``, keeping only the newest KEPT_REPORTS."""
        if self._db is None:
            return
        try:
            with self._db:
                self._db.execute("INSERT OR REPLACE INTO reports (key, value, stored) "
                                 "VALUES (?, ?, ?)", (key, text, time.time()))
                self._db.execute("DELETE FROM reports WHERE key NOT IN (SELECT key FROM "
                                 "reports ORDER BY stored DESC LIMIT ?)", (KEPT_REPORTS,))
        except sqlite3.Error as exc:
            self.warning = f"result cache not written ({exc})"

    def close(self) -> None:
        """Close the database."""
        if self._db is not None:
            self._db.close()
            self._db = None
