"""The PostgreSQL store against a real server the session starts; SQLite's schema migration."""

from __future__ import annotations

import multiprocessing
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from scorecard import api
from scorecard.history import SnapshotStore, StoreError
from scorecard.model import Report
from scorecard.stores import open_store
from scorecard.storeschema import SCHEMA_VERSION, RepositoryRecord
from tests.gitrepo import GitRepo

NOW = datetime(2026, 10, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    repo = GitRepo.create(tmp_path_factory.mktemp("r") / "repo")
    repo.commit({"a.py": "def f(x):\n    return x\n"})
    return api.scan(repo.root, now=NOW, rev="HEAD", environ={}, flags={"cache": False})


def test_postgres_round_trip_per_repository(pg_url: str, report: Report, tmp_path: Path) -> None:
    with open_store(tmp_path, pg_url, repository="acme/one") as store:
        store.save(report, "2026-01-15T12:00:00+00:00")
        store.save(report, "2026-01-15T12:00:00+00:00")  # same key: replaced, not doubled
        assert [i.commit for i in store.list()] == [report.commit]
        loaded = store.load(str(report.commit)[:8])
        assert loaded is not None and loaded.score == report.score
        store.record_repository(RepositoryRecord("acme/one", "https://x/one.git", team="core",
                                                 status="ok", updated_at="t"))
        assert store.repositories()[0].team == "core"
    with open_store(tmp_path, pg_url, repository="acme/two") as other:
        assert other.list() == []  # another repository's snapshots are not its own
        assert other.stored_commits() == {"acme/one": {report.commit}}


def test_postgres_newer_schema_refused_and_bad_url_is_one_line(pg_url: str,
                                                                tmp_path: Path) -> None:
    import psycopg

    open_store(tmp_path, pg_url).close()
    with psycopg.connect(pg_url, autocommit=True) as conn:
        assert conn.execute("SELECT version FROM scorecard_schema").fetchone() == (SCHEMA_VERSION,)
        conn.execute("UPDATE scorecard_schema SET version = 99")
    with pytest.raises(StoreError, match="newer"):
        open_store(tmp_path, pg_url)
    bad = pg_url.replace("postgresql://", "postgresql://nobody:s3cret@").rsplit("/", 1)[0]
    with pytest.raises(StoreError) as caught:
        open_store(tmp_path, bad.replace(bad.rsplit(":", 1)[1], "1") + "/x")
    assert "s3cret" not in caught.value.message and "\n" not in caught.value.message


def _writer(url: str, report_dict: dict[str, object], index: int) -> None:
    from scorecard.serialisation import report_from_dict

    base = report_from_dict(report_dict)
    from dataclasses import replace

    with open_store(Path("."), url, repository=f"repo-{index % 4}") as store:
        for n in range(10):
            store.save(replace(base, commit=f"{index:04d}{n:036d}"), "2026-01-01T00:00:00+00:00")


def test_postgres_concurrent_writers_lose_nothing(pg_url: str, report: Report) -> None:
    from scorecard.serialisation import report_to_dict

    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_writer, args=(pg_url, report_to_dict(report), i))
               for i in range(6)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    with open_store(Path("."), pg_url) as store:
        stored = store.stored_commits()
    assert sum(len(v) for v in stored.values()) == 60


def test_sqlite_store_of_schema_1_is_migrated(tmp_path: Path, report: Report) -> None:
    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path)
    db.execute("""CREATE TABLE snapshots (commit_sha TEXT NOT NULL, committed_at TEXT NOT NULL,
                  config_digest TEXT NOT NULL, tool_version TEXT NOT NULL,
                  format_version INTEGER NOT NULL, score REAL, report TEXT NOT NULL,
                  PRIMARY KEY (commit_sha, config_digest))""")
    from scorecard.serialisation import render_json

    db.execute("INSERT INTO snapshots VALUES (?, ?, ?, ?, ?, ?, ?)",
               (report.commit, "2026-01-15", report.config_digest, report.tool_version,
                report.format_version, report.score, render_json(report)))
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    with SnapshotStore(path) as store:
        assert [i.commit for i in store.list()] == [report.commit]
        assert store.load(str(report.commit)) is not None
    check = sqlite3.connect(path)
    assert check.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    check.close()
