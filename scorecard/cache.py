"""Per-file results cached by git blob id and analyzer version.

The same bytes always give the same per-file result for a given analyzer version and
interpreter (the parser differs between Python versions), so a re-scan or a scan of another
commit only analyses the files that changed. The cache is a SQLite file outside the scanned
repository; it is disposable: if it cannot be opened the scan runs without it and says so.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

__all__ = ["ResultCache", "cache_key", "default_cache_dir", "result_key"]

_SCHEMA = "CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
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

    def __init__(self, folder: Path | None) -> None:
        self.warning: str | None = None
        self._db: sqlite3.Connection | None = None
        if folder is None:
            return
        try:
            folder.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(folder / "results.sqlite3", timeout=30)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(_SCHEMA)
            self._db = db
        except (OSError, sqlite3.Error) as exc:
            self.warning = f"result cache unavailable ({exc}); analysing every file"

    def get_many(self, keys: Iterable[str]) -> dict[str, Any]:
        """Return the cached results among ``keys``."""
        wanted = list(keys)
        if self._db is None or not wanted:
            return {}
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
        """Store results in one transaction (atomic: all or none)."""
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

    def close(self) -> None:
        """Close the database."""
        if self._db is not None:
            self._db.close()
            self._db = None
