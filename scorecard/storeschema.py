"""The snapshot store's schema and its org queries, the same for SQLite and PostgreSQL.

Both backends run the same SQL text: every statement here is written in the subset the two
share (``ON CONFLICT ... DO UPDATE``, ``DOUBLE PRECISION``, ``ALTER TABLE ... RENAME``).
Parameters are written ``?`` (SQLite's style); the PostgreSQL backend turns them into
``%s``. A backend supplies one method, ``_rows(sql, params)``, and gets the org queries of
:class:`OrgQueries`; the version bookkeeping stays with each backend (SQLite's
``user_version``, a one-row table in PostgreSQL).

Schema versions:

1. ``snapshots`` keyed by commit and config digest (one repository per store).
2. ``snapshots`` gain ``repository`` (``''`` in a per-repository store) in their key and
   ``saved_at``; ``org_repositories`` holds each repository of an org scan: team, kind,
   language, its last status and error.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "MIGRATION_SQL",
    "SCHEMA_VERSION",
    "UPSERT_SNAPSHOT",
    "OrgQueries",
    "RepositoryRecord",
    "SnapshotRow",
]

SCHEMA_VERSION = 2

_V1 = (
    """CREATE TABLE IF NOT EXISTS snapshots (
           commit_sha TEXT NOT NULL,
           committed_at TEXT NOT NULL,
           config_digest TEXT NOT NULL,
           tool_version TEXT NOT NULL,
           format_version INTEGER NOT NULL,
           score DOUBLE PRECISION,
           report TEXT NOT NULL,
           PRIMARY KEY (commit_sha, config_digest)
       )""",
    "CREATE INDEX IF NOT EXISTS snapshots_by_date ON snapshots (committed_at)",
)

_V2 = (
    """CREATE TABLE snapshots_v2 (
           repository TEXT NOT NULL DEFAULT '',
           commit_sha TEXT NOT NULL,
           committed_at TEXT NOT NULL,
           config_digest TEXT NOT NULL,
           tool_version TEXT NOT NULL,
           format_version INTEGER NOT NULL,
           score DOUBLE PRECISION,
           report TEXT NOT NULL,
           saved_at TEXT NOT NULL DEFAULT '',
           PRIMARY KEY (repository, commit_sha, config_digest)
       )""",
    """INSERT INTO snapshots_v2 (repository, commit_sha, committed_at, config_digest,
           tool_version, format_version, score, report, saved_at)
       SELECT '', commit_sha, committed_at, config_digest, tool_version, format_version,
           score, report, '' FROM snapshots""",
    "DROP TABLE snapshots",
    "ALTER TABLE snapshots_v2 RENAME TO snapshots",
    "CREATE INDEX snapshots_by_date ON snapshots (repository, committed_at)",
    """CREATE TABLE org_repositories (
           repository TEXT PRIMARY KEY,
           url TEXT NOT NULL,
           team TEXT NOT NULL DEFAULT '',
           kind TEXT NOT NULL DEFAULT '',
           language TEXT NOT NULL DEFAULT '',
           last_commit TEXT,
           status TEXT NOT NULL,
           error TEXT NOT NULL DEFAULT '',
           attempts INTEGER NOT NULL DEFAULT 0,
           seconds DOUBLE PRECISION,
           updated_at TEXT NOT NULL
       )""",
)

# Schema version -> the statements that bring the previous version to it.
MIGRATION_SQL: dict[int, tuple[str, ...]] = {1: _V1, 2: _V2}

UPSERT_SNAPSHOT = """
INSERT INTO snapshots (repository, commit_sha, committed_at, config_digest, tool_version,
                       format_version, score, report, saved_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (repository, commit_sha, config_digest) DO UPDATE SET
    committed_at = excluded.committed_at, tool_version = excluded.tool_version,
    format_version = excluded.format_version, score = excluded.score,
    report = excluded.report, saved_at = excluded.saved_at
"""

_UPSERT_REPOSITORY = """
INSERT INTO org_repositories (repository, url, team, kind, language, last_commit, status,
                              error, attempts, seconds, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (repository) DO UPDATE SET
    url = excluded.url, team = excluded.team, kind = excluded.kind,
    language = excluded.language, last_commit = excluded.last_commit,
    status = excluded.status, error = excluded.error, attempts = excluded.attempts,
    seconds = excluded.seconds, updated_at = excluded.updated_at
"""


@dataclass(frozen=True)
class RepositoryRecord:
    """One repository of an org scan and how its last scan went."""

    repository: str
    url: str
    team: str = ""
    kind: str = ""
    language: str = ""
    last_commit: str | None = None
    status: str = "ok"  # ok | skipped | failed
    error: str = ""
    attempts: int = 0
    seconds: float | None = None
    updated_at: str = ""


@dataclass(frozen=True)
class SnapshotRow:
    """One snapshot's key and overall score, without its report."""

    repository: str
    commit: str
    committed_at: str
    score: float | None


class OrgQueries:
    """Queries over every repository of a store (an org scan's store)."""

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def _write(self, sql: str, params: Sequence[Any]) -> None:
        raise NotImplementedError

    def stored_commits(self) -> dict[str, set[str]]:
        """Every repository's stored commits."""
        found: dict[str, set[str]] = {}
        for repository, commit in self._rows("SELECT repository, commit_sha FROM snapshots"):
            found.setdefault(str(repository), set()).add(str(commit))
        return found

    def snapshot_rows(self) -> list[SnapshotRow]:
        """Every snapshot's key and score, by repository then date."""
        rows = self._rows("SELECT repository, commit_sha, committed_at, score FROM snapshots "
                          "ORDER BY repository, committed_at, commit_sha")
        return [SnapshotRow(str(r), str(c), str(d), None if s is None else float(s))
                for r, c, d, s in rows]

    def report_text(self, repository: str, commit: str) -> str | None:
        """Return the newest saved report JSON of a repository's commit, or None."""
        rows = self._rows("SELECT report FROM snapshots WHERE repository = ? AND commit_sha = ? "
                          "ORDER BY saved_at DESC LIMIT 1", (repository, commit))
        return str(rows[0][0]) if rows else None

    def record_repository(self, record: RepositoryRecord) -> None:
        """Insert or update a repository's row in ``org_repositories``."""
        self._write(_UPSERT_REPOSITORY, (
            record.repository, record.url, record.team, record.kind, record.language,
            record.last_commit, record.status, record.error, record.attempts, record.seconds,
            record.updated_at))

    def repositories(self) -> list[RepositoryRecord]:
        """Every repository an org scan recorded, by name."""
        rows = self._rows("SELECT repository, url, team, kind, language, last_commit, status, "
                          "error, attempts, seconds, updated_at FROM org_repositories "
                          "ORDER BY repository")
        return [RepositoryRecord(str(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4]),
                                 None if r[5] is None else str(r[5]), str(r[6]), str(r[7]),
                                 int(r[8]), None if r[9] is None else float(r[9]), str(r[10]))
                for r in rows]
