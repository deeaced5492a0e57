"""The same commit gets the same report from scan, scan --rev HEAD and a backfill."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.gitrepo import GitRepo


def _scan(root: Path, tmp_path: Path, name: str, *args: str) -> dict[str, object]:
    out = tmp_path / f"{name}.json"
    done = subprocess.run([sys.executable, "-m", "scorecard", "scan", str(root), "--no-cache",
                           "--format", "json", "--output", str(out), *args],
                          capture_output=True, text=True, check=False, timeout=300)
    assert done.returncode in (0, 1), done.stderr
    report: dict[str, object] = json.loads(out.read_text())
    return report


def _history(repo: GitRepo) -> None:
    for month in range(1, 7):
        repo.commit({"app/core.py": f"def f(x):\n    return x + {month}\n",
                     f"app/m{month}.py": "def g():\n    return 1\n"},
                    date=f"2024-{month:02d}-10T10:00:00+00:00", message=f"Fix {month}")


def test_a_clean_work_tree_is_its_commit(git_repo: GitRepo, tmp_path: Path) -> None:
    # Dated at HEAD's commit, not at the day of the scan: the history window and every
    # grade equal those of `scan --rev HEAD`.
    _history(git_repo)
    tree = _scan(git_repo.root, tmp_path, "tree")
    commit = _scan(git_repo.root, tmp_path, "rev", "--rev", "HEAD")
    assert str(tree["generated_at"]).startswith("2024-06-10")
    assert tree["generated_at"] == commit["generated_at"]
    assert (tree["score"], tree["grade"]) == (commit["score"], commit["grade"])
    assert tree["pillars"] == commit["pillars"]


def test_a_changed_work_tree_sits_on_its_commit(git_repo: GitRepo, tmp_path: Path) -> None:
    # Edits have no history yet: the window still ends at HEAD's date, so a baseline made
    # on the commit gates the edited tree without time moving the history findings.
    _history(git_repo)
    (git_repo.root / "app" / "new.py").write_text("def h():\n    return 2\n")  # untracked
    tree = _scan(git_repo.root, tmp_path, "tree")
    assert str(tree["generated_at"]).startswith("2024-06-10")


def test_a_folder_without_git_is_about_now(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "a.py").write_text("def f():\n    return 1\n")
    report = _scan(folder, tmp_path, "plain")
    assert not str(report["generated_at"]).startswith("2024-")
