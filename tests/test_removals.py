"""Removal lookups: one pass over the window gives what ``git log -1 -S NAME`` gives per name.

git itself is the oracle: every name is also looked up the way the one pass replaced, with
its own ``git log -S``, on a history built to hold the cases where the two could part.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from scorecard.repo.removals import find_removals
from scorecard.repo.worktree import GitState
from tests.gitrepo import GitRepo, hermetic_env

NAMES = ["GONE", "GONE_TOO", "MOVED", "TWICE", "DOCS_ONLY", "RENAMED", "NEVER", "A.B", "MERGED",
         "BINARY"]


def _history(repo: GitRepo) -> None:
    """Commits in which each name's count in a Python file changes, or seems to and does not."""
    def day(n: int) -> str:
        return f"2025-01-{n:02d}T10:00:00+00:00"

    repo.commit({"app/a.py": 'X = "GONE GONE_TOO MOVED"\nY = "TWICE TWICE"\nZ = 1\n',
                 "app/b.py": 'R = "RENAMED"\n' + "".join(f"L{i} = {i}\n" for i in range(30)),
                 "app/c.py": 'D = "A.B"\n', "app/bin.py": b'B = "BINARY"\n\x00\x01\n',
                 "README.md": "GONE DOCS_ONLY\n"}, date=day(1), message="start")
    # GONE_TOO stays, GONE goes: a substring's count changes with the longer name's.
    repo.commit({"app/a.py": 'X = "GONE_TOO MOVED"\nY = "TWICE TWICE"\nZ = 1\n'},
                date=day(2), message="drop GONE")
    # A line moved within the file: the count stays, so -S does not select the commit.
    repo.commit({"app/a.py": 'Z = 1\nX = "GONE_TOO MOVED"\nY = "TWICE TWICE"\n'},
                date=day(3), message="move a line")
    # Two occurrences on one line become one: the count changes though the name stays.
    repo.commit({"app/a.py": 'Z = 1\nX = "GONE_TOO MOVED"\nY = "TWICE"\n'},
                date=day(4), message="one TWICE")
    repo.commit({"README.md": "GONE\n"}, date=day(5), message="docs only")
    # Renamed with an edit elsewhere in the file: the name's count is unchanged.
    body = repo.root.joinpath("app/b.py").read_text().replace("L0 = 0", "L0 = 100")
    repo.commit({"app/b2.py": body}, remove=("app/b.py",), date=day(6), message="rename b")
    repo.commit({"app/c.py": 'D = "AxB"\n'}, date=day(7), message="regex dot")
    repo.commit({"app/bin.py": b'B = "BIN"\n\x00\x01\n'}, date=day(8), message="binary")
    repo.git("checkout", "-q", "-b", "side", date=day(9))
    repo.commit({"app/m.py": 'M = "MERGED"\n'}, date=day(9), message="side adds MERGED")
    repo.git("checkout", "-q", "main", date=day(10))
    repo.commit({"app/z.py": "Q = 1\n"}, date=day(10), message="main moves on")
    repo.git("merge", "-q", "--no-ff", "-m", "merge side", "side", date=day(11))


def _with_git(root: Path, name: str, window: str) -> tuple[str, str, str] | None:
    out = subprocess.run(["git", "log", "-1", "--format=%H%x00%as%x00%s", f"-S{name}", window,
                          "--", "*.py"], cwd=root, env=hermetic_env(), check=True,
                         capture_output=True, text=True).stdout.strip()
    return tuple(out.split("\x00")) if out else None  # type: ignore[return-value]


def test_one_pass_finds_what_git_log_s_finds_for_each_name(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "r")
    _history(repo)
    tip = repo.git("rev-parse", "HEAD").strip()
    git = GitState(is_git=True, shallow=False, head=tip)
    for window in (5, 500):
        found, note = find_removals(repo.root, git, NAMES, limit=len(NAMES), commits=window)
        boundary = repo.git("rev-list", "--max-count=1", f"--skip={window}", tip).strip()
        expected = {name: _with_git(repo.root, name, f"{boundary}..{tip}" if boundary else tip)
                    for name in NAMES}
        assert {r.name: (r.commit, r.date, r.subject) for r in found} == {
            name: answer for name, answer in expected.items() if answer is not None}, window
        assert note == f"removal commits looked up for 10 of 10 names in the last {window} commits"
    # The cases the history holds are all there: the oracle tells them apart.
    subjects = {r.name: r.subject for r in find_removals(repo.root, git, NAMES, 10, 500)[0]}
    assert subjects["GONE"] == "drop GONE" and subjects["TWICE"] == "one TWICE"
    assert subjects["GONE_TOO"] == "start" and subjects["A.B"] == "regex dot"
    assert subjects["MERGED"] == "side adds MERGED" and "NEVER" not in subjects


def test_names_past_the_limit_are_not_looked_up(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "r")
    _history(repo)
    git = GitState(is_git=True, shallow=False, head=repo.git("rev-parse", "HEAD").strip())
    found, note = find_removals(repo.root, git, ["NEVER", "GONE"], limit=1, commits=500)
    assert found == [] and note.startswith("removal commits looked up for 1 of 2 names")


def test_at_most_a_hundred_names_are_looked_up_whatever_the_limit(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "r")
    _history(repo)
    git = GitState(is_git=True, shallow=False, head=repo.git("rev-parse", "HEAD").strip())
    names = [f"NAME_{n}" for n in range(5000)]
    _, note = find_removals(repo.root, git, names, limit=10**9, commits=500)
    assert note.startswith("removal commits looked up for 100 of 5,000 names")
