"""A sparse checkout: tracked files left out of the work tree are skipped, not unreadable."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from scorecard import api
from scorecard.repo import RepoView
from tests.gitrepo import GitRepo

NOW = datetime(2026, 7, 1, tzinfo=UTC)


def _sparse_repo(root: Path) -> GitRepo:
    repo = GitRepo.create(root)
    repo.commit({"app/a.py": "def a(x):\n    return x\n",
                 "data/big.json": '{"rows": []}\n', "data/keep.json": "{}\n"},
                date="2026-06-01T10:00:00+00:00")
    # What `git sparse-checkout` does per file: the skip-worktree bit, the file gone.
    repo.git("update-index", "--skip-worktree", "data/big.json")
    (root / "data" / "big.json").unlink()
    return repo


def test_files_outside_the_sparse_checkout_are_skipped_with_the_reason(tmp_path: Path) -> None:
    repo = _sparse_repo(tmp_path / "sparse")
    listing = RepoView(repo.root).list_files()
    assert [f.path for f in listing.files] == ["app/a.py", "data/keep.json"]
    assert [(s.path, s.reason) for s in listing.skipped] == [
        ("data/big.json", "not checked out (outside the sparse checkout)")]
    assert listing.problems == ()


def test_a_scan_of_a_sparse_checkout_reports_no_read_problem(tmp_path: Path) -> None:
    repo = _sparse_repo(tmp_path / "sparse")
    report = api.scan(repo.root, now=NOW, environ={}, flags={"cache": False})
    assert not [p for p in report.problems if "cannot read" in p.message]
    assert "data/big.json" in {s.path for s in report.skipped}


def test_a_tracked_file_deleted_by_hand_is_skipped_not_a_problem(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "plain")
    repo.commit({"app/a.py": "x = 1\n", "app/b.py": "y = 2\n"},
                date="2026-06-01T10:00:00+00:00")
    (repo.root / "app" / "b.py").unlink()
    listing = RepoView(repo.root).list_files()
    assert listing.problems == ()
    assert [(s.path, s.reason) for s in listing.skipped] == [
        ("app/b.py", "deleted from the work tree (the deletion is not committed)")]
    assert [f.path for f in listing.files] == ["app/a.py"]
