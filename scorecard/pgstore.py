"""The snapshot store in PostgreSQL: every repository of a team in one database.

``--store postgresql://USER@HOST/DB`` (any libpq URL, psycopg 3) keeps the snapshots in the
same tables as the SQLite store (:mod:`scorecard.storeschema`), with the same migrations: the
schema version lives in the one-row table ``scorecard_schema``; a database written by a newer
scorecard is refused, never altered. Migrations run under a transaction-scoped advisory lock,
so many writers opening one new database at once migrate it once.

Each snapshot is one transaction (an upsert on repository, commit and config digest): a
writer that dies mid-write leaves no partial row, and two writers of the same snapshot leave
one. Every statement has a deadline (``statement_timeout``), connecting has one too
(``connect_timeout``), and the password never appears in an error.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg

from scorecard.cache import default_cache_dir
from scorecard.history import SnapshotInfo, SnapshotStore, StoreError, saved_now
from scorecard.model import Report
from scorecard.serialisation import render_json, report_from_dict
from scorecard.storeschema import MIGRATION_SQL, SCHEMA_VERSION, UPSERT_SNAPSHOT
from scorecard.textsafety import redact

__all__ = ["PostgresStore", "display_url"]

CONNECT_SECONDS = 15
STATEMENT_MILLISECONDS = 120_000
_LOCK_KEY = 0x5C0E_CA2D  # pg_advisory_xact_lock key: serialises migrations


def display_url(url: str) -> str:
    """Return the URL without its password (for messages)."""
    try:
        parts = urlsplit(url)
        if parts.password is None:
            return url
        host = parts.hostname or ""
        netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
        return urlunsplit(parts._replace(netloc=netloc))
    except ValueError:
        return "postgresql://***"


def _password(url: str) -> str | None:
    try:
        return urlsplit(url).password
    except ValueError:
        return None


def _sql(statement: str) -> str:
    return statement.replace("?", "%s")


class PostgresStore(SnapshotStore):
    """Read and write one repository's snapshots (and the org tables) in PostgreSQL."""

    def __init__(self, url: str, *, repository: str = "", cache_root: Path | None = None) -> None:
        self.url = url
        self.path = Path(display_url(url))  # only shown in messages
        self.repository = repository
        # The per-file result cache stays on this machine, in the user's cache folder: a
        # folder inside the scanned repository could be a symbolic link it committed.
        self.cache_dir = default_cache_dir()
        self._db = None
        self._pg: psycopg.Connection[Any] | None = None
        self._pg_connect()

    def _fail(self, doing: str, exc: BaseException) -> StoreError:
        reason = redact(str(exc).strip().splitlines()[0] if str(exc).strip() else
                        type(exc).__name__, _password(self.url))
        return StoreError(f"cannot {doing} the snapshot store {display_url(self.url)}: {reason}")

    def _pg_connect(self) -> psycopg.Connection[Any]:
        if self._pg is not None:
            return self._pg
        try:
            conn = psycopg.connect(self.url, autocommit=True, connect_timeout=CONNECT_SECONDS)
        except (psycopg.Error, ValueError) as exc:
            raise self._fail("connect to", exc) from exc
        try:
            conn.execute(f"SET statement_timeout = {STATEMENT_MILLISECONDS}")
            conn.execute(f"SET lock_timeout = {STATEMENT_MILLISECONDS}")
            self._migrate(conn)
        except StoreError:
            conn.close()
            raise
        except psycopg.Error as exc:
            conn.close()
            raise self._fail("migrate", exc) from exc
        self._pg = conn
        return conn

    def _migrate(self, conn: psycopg.Connection[Any]) -> None:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
            conn.execute("CREATE TABLE IF NOT EXISTS scorecard_schema (version INTEGER NOT NULL)")
            row = conn.execute("SELECT version FROM scorecard_schema").fetchone()
            version = int(row[0]) if row else 0
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"snapshot store {display_url(self.url)} has schema {version}, newer than "
                    f"this scorecard's {SCHEMA_VERSION}: upgrade scorecard to use it")
            for target in range(version + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATION_SQL[target]:
                    conn.execute(statement)
            if row is None:
                conn.execute("INSERT INTO scorecard_schema VALUES (%s)", (SCHEMA_VERSION,))
            elif version != SCHEMA_VERSION:
                conn.execute("UPDATE scorecard_schema SET version = %s", (SCHEMA_VERSION,))

    def close(self) -> None:
        """Close the connection."""
        if self._pg is not None:
            self._pg.close()
            self._pg = None

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        conn = self._pg_connect()
        try:
            return list(conn.execute(_sql(sql), tuple(params)).fetchall())
        except psycopg.Error as exc:
            raise self._fail("read", exc) from exc

    def _write(self, sql: str, params: Sequence[Any]) -> None:
        conn = self._pg_connect()
        try:
            with conn.transaction():
                conn.execute(_sql(sql), tuple(params))
        except psycopg.Error as exc:
            raise self._fail("write", exc) from exc

    def save(self, report: Report, committed_at: str) -> None:
        """Store (or replace) the snapshot of the report's commit and config: one transaction."""
        if report.commit is None:
            raise StoreError("only a scan of a git commit can be saved as a snapshot")
        self._write(UPSERT_SNAPSHOT, (
            self.repository, report.commit, committed_at, report.config_digest,
            report.tool_version, report.format_version, report.score, render_json(report),
            saved_now()))

    def list(self) -> list[SnapshotInfo]:
        """Every snapshot of this store's repository, oldest commit first."""
        rows = self._rows(
            "SELECT commit_sha, committed_at, tool_version, config_digest, score, report "
            "FROM snapshots WHERE repository = ? ORDER BY committed_at, commit_sha",
            (self.repository,))
        return [self._info(row) for row in rows]

    def load(self, commit: str) -> Report | None:
        """Return the latest snapshot of a commit (full or abbreviated sha), or None."""
        rows = self._rows(
            "SELECT commit_sha, report FROM snapshots WHERE repository = ? AND "
            "commit_sha LIKE ? ORDER BY saved_at DESC LIMIT 1",
            (self.repository, commit.replace("%", "").replace("_", "") + "%"))
        if not rows:
            return None
        try:
            return report_from_dict(json.loads(rows[0][1]))
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
            raise self._damaged(rows[0][0], exc) from exc
