"""The snapshot store writes only where the user asked: never through the repository's links.

A repository may commit ``.scorecard`` (or the store file, or SQLite's side files) as a
symbolic link; the default store inside it is then refused, and whatever the link points at
is left exactly as it was. A store the user names with ``--store`` is used as named. A store
is created only when a snapshot is written, and a damaged row is a one-line error.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from scorecard.history import SnapshotStore
from tests.gitrepo import GitRepo
from tests.hostile.generators import assert_clean_exit, assert_error_line, hostile_report, run_cli

pytestmark = pytest.mark.e2e


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _repo(tmp_path: Path) -> GitRepo:
    repo = GitRepo.create(tmp_path / "repo")
    repo.commit({"pkg/core.py": "def run(x):\n    return x\n"}, message="init",
                date="2026-01-10T12:00:00+00:00")
    return repo


def _other_store(path: Path) -> Path:
    """A real store outside the repository, which a link may point at."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with SnapshotStore(path) as store:
        store.save(hostile_report("f" * 40), "2026-01-01T00:00:00+00:00")
    return path


@pytest.mark.parametrize("shape", ["folder", "database", "dangling", "side file"])
def test_a_committed_store_link_is_refused(tmp_path: Path, shape: str) -> None:
    repo = _repo(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    _other_store(outside / "theirs.sqlite3")
    if shape == "folder":
        os.symlink(outside, repo.root / ".scorecard")
    elif shape == "dangling":
        os.symlink(tmp_path / "nowhere", repo.root / ".scorecard")
    else:
        (repo.root / ".scorecard").mkdir()
        name = "history.sqlite3" if shape == "database" else "history.sqlite3-wal"
        os.symlink(outside / "theirs.sqlite3", repo.root / ".scorecard" / name)
    repo.commit(message="plant the link", date="2026-01-11T12:00:00+00:00")
    before = _digest(outside)
    for command in (("scan", ".", "--save", "--no-cache"),
                    ("history", "build", "--since", "1y"),
                    ("report", ".", "--quarter", "2026Q1", "-o", str(tmp_path / "r.html"))):
        done = run_cli(*command, cwd=repo.root)
        assert_error_line(done, "symbolic link")
        assert _digest(outside) == before, command
    assert not (tmp_path / "nowhere").exists()


def test_a_store_the_user_names_through_a_link_is_used(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    os.symlink(outside, tmp_path / "link")
    done = run_cli("scan", ".", "--save", "--no-cache", "--store",
                   str(tmp_path / "link" / "s.sqlite3"), cwd=repo.root)
    assert_clean_exit(done)
    assert (outside / "s.sqlite3").is_file()


def test_a_failed_save_leaves_no_store(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "repo")  # unborn HEAD: nothing to save
    (repo.root / "a.py").write_text("x = 1\n")
    done = run_cli("scan", ".", "--save", "--no-cache", cwd=repo.root)
    assert_error_line(done, "commit")
    assert not (repo.root / ".scorecard").exists()
    done = run_cli("scan", ".", "--save", "--no-cache", "--store", str(tmp_path / "s.sqlite3"),
                   cwd=repo.root)
    assert done.returncode == 2 and not (tmp_path / "s.sqlite3").exists()


@pytest.mark.parametrize("row", ["not json {", "[]", '{"pillars": [1]}', '{"pillars": "x"}',
                                 "[" * 100_000])
def test_a_damaged_row_is_one_line(tmp_path: Path, row: str) -> None:
    repo = _repo(tmp_path)
    store = tmp_path / "s.sqlite3"
    assert_clean_exit(run_cli("history", "build", "--since", "1y", "--every", "month",
                              "--store", str(store), cwd=repo.root))
    with sqlite3.connect(store) as db:
        assert db.execute("UPDATE snapshots SET report = ?", (row,)).rowcount >= 1
    assert_error_line(run_cli("history", "--store", str(store), cwd=repo.root),
                      "damaged snapshot")
    done = run_cli("report", ".", "--quarter", "2026Q1", "--quarters", "1", "--store",
                   str(store), "-o", str(tmp_path / "r.html"), cwd=repo.root)
    assert_error_line(done, "damaged snapshot")
