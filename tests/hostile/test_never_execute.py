"""Never execute, never write: every command leaves a booby-trapped repository as it was.

The repository's setup.py, conftest.py, __init__.py, sitecustomize.py (and more) leave a
marker when imported, its git configuration names marker-leaving programs for every
filter, diff driver, fsmonitor and pager, and every hook leaves one too. After each command
no marker exists anywhere and every file (``.git`` included), HEAD, the status and the
index bytes are unchanged.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.generators import (
    assert_clean_exit,
    executing_repo,
    run_cli,
    state_changes,
    tree_state,
)

# Runs the installed commands end to end (subprocesses on real repositories).
pytestmark = pytest.mark.e2e


def _commands(out: Path) -> list[tuple[str, ...]]:
    store = str(out / "store.sqlite3")
    return [
        ("scan", "."),
        ("scan", ".", "-f", "json", "--rev", "HEAD~1"),
        ("scan", ".", "-f", "html", "-o", str(out / "page.html")),
        ("diff", "HEAD~1"),  # against the work tree, which has a change
        ("diff", "HEAD~1", "HEAD", "-f", "markdown"),
        ("history", "build", "--since", "2y", "--every", "month", "--store", store),
        ("history", "--store", store),
        ("report", ".", "--quarter", "2026Q1", "--quarters", "2", "--store", store,
         "-o", str(out / "report.html")),
        ("baseline", ".", "-o", str(out / "baseline.json")),
        ("checks", "."),
        ("explain", "simplicity.cognitive-complexity", "--path", "."),
    ]


@pytest.mark.slow
def test_no_command_executes_or_writes_anything(tmp_path: Path) -> None:
    marks = tmp_path / "marks"
    repo = executing_repo(tmp_path / "repo", marks)
    index = (repo.root / ".git" / "index").read_bytes()
    before = tree_state(repo.root)
    assert not list(marks.iterdir())  # the traps are set, and taking the state sprang none
    out = tmp_path / "out"
    out.mkdir()
    for command in _commands(out):
        done = run_cli(*command, cwd=repo.root)
        assert_clean_exit(done)
        assert not list(marks.iterdir()), (command, sorted(p.name for p in marks.iterdir()))
        assert not list(repo.root.rglob("MARKER-*")), command
        assert state_changes(before, tree_state(repo.root)) == [], command
        assert (repo.root / ".git" / "index").read_bytes() == index, command
    assert (out / "report.html").is_file() and (out / "baseline.json").is_file()
