"""Churn equals what git itself reports: git log --numstat, and git log --follow per file."""

from __future__ import annotations

import random
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from scorecard.analyzers.history.mining import mine
from scorecard.repo.gitlog import iter_commits
from tests.gitrepo import GitRepo, ImportCommit, fast_import, hermetic_env

SINCE = datetime(2025, 1, 1, tzinfo=UTC)
UNTIL = datetime(2026, 1, 1, tzinfo=UTC)
AUTHORS = [("Ada", "ada@example.com"), ("Grace", "grace@example.com"), ("Linus", "")]


def _git_numstat(root: Path, *args: str) -> dict[str, tuple[int, int, int]]:
    """Per path (revisions, added, deleted), parsed from git's own text output."""
    out = subprocess.run(
        ["git", "-c", "core.quotepath=off", "log", "--numstat", "--format=",
         f"--since={SINCE.isoformat()}", f"--until={UNTIL.isoformat()}", *args],
        cwd=root, env=hermetic_env(), capture_output=True, check=True).stdout
    totals: dict[str, tuple[int, int, int]] = {}
    for line in out.decode("utf-8").splitlines():
        if line.strip():
            added, deleted, path = line.split("\t")
            revisions, plus, minus = totals.get(path, (0, 0, 0))
            totals[path] = (revisions + 1, plus + (0 if added == "-" else int(added)),
                            minus + (0 if deleted == "-" else int(deleted)))
    return totals


NAMES = ([f"pkg/core/mod{i}.py" for i in range(12)] + [f"pkg/io/io{i}.py" for i in range(8)]
         + ["docs/read me.md", "ünïcode/x.py", "tests/test_core.py"]
         + [f"assets/img{i}.bin" for i in range(3)])


def _edit(rng: random.Random, name: str, lines: list[str]) -> str | bytes:
    """Insert and delete a few random lines; return the file's new content."""
    for _ in range(rng.randint(1, 6)):
        if lines and rng.random() < 0.4:
            lines.pop(rng.randrange(len(lines)))
        else:
            lines.insert(rng.randint(0, len(lines)), f"value_{rng.randint(0, 9999)} = 1")
    if name.endswith(".bin"):
        return bytes([0, rng.randint(0, 255), len(lines) % 256])
    return "\n".join(lines) + "\n"


def _changes(rng: random.Random, contents: dict[str, list[str]]) -> dict[str, str | bytes | None]:
    """One commit: edits and additions, or (sometimes) deletions and edits."""
    # No addition beside a deletion: git could pair them up as a rename.
    deleting = rng.random() < 0.05
    files: dict[str, str | bytes | None] = {}
    for name in rng.sample(NAMES, rng.randint(1, 5)):
        if deleting and name in contents:
            del contents[name]
            files[name] = None
        elif not deleting or name in contents:
            files[name] = _edit(rng, name, contents.setdefault(name, []))
    return files


def _generated_history(seed: int, commits: int) -> list[ImportCommit]:
    """Random edits, additions, deletions and binary changes over two years (no renames)."""
    rng = random.Random(seed)
    contents: dict[str, list[str]] = {}
    start = datetime(2024, 6, 1, 9, tzinfo=UTC)
    return [ImportCommit(_changes(rng, contents), author=AUTHORS[index % 3],
                         date=(start + timedelta(hours=41 * index)).isoformat(),
                         message=f"change {index}")
            for index in range(commits)]


@pytest.mark.parametrize("seed", [3, 11])
def test_churn_equals_git_log_numstat_on_a_generated_repository(git_repo: GitRepo,
                                                                seed: int) -> None:
    fast_import(git_repo, _generated_history(seed, 400))
    expected = _git_numstat(git_repo.root)
    assert _git_numstat(git_repo.root, "-M") == expected  # no renames to follow here
    mined = mine(iter_commits(git_repo.root, SINCE, UNTIL), max_changeset_size=30)
    ours = {p: (s.revisions, s.added, s.deleted) for p, s in mined.churn.files.items()}
    assert ours == expected
    window = subprocess.run(["git", "rev-list", "--count", f"--since={SINCE.isoformat()}",
                             f"--until={UNTIL.isoformat()}", "HEAD"], cwd=git_repo.root,
                            env=hermetic_env(), capture_output=True, text=True, check=True)
    assert mined.commits == int(window.stdout) > 150


def _follow(root: Path, path: str) -> tuple[int, int, int]:
    out = subprocess.run(["git", "log", "--follow", "--numstat", "--format=", "--", path],
                         cwd=root, env=hermetic_env(), capture_output=True, text=True,
                         check=True).stdout
    rows = [line.split("\t") for line in out.splitlines() if line.strip()]
    return (len(rows), sum(int(r[0]) for r in rows if r[0] != "-"),
            sum(int(r[1]) for r in rows if r[1] != "-"))


def test_renames_are_followed_like_git_log_follow(git_repo: GitRepo) -> None:
    def body(tag: str, size: int = 30) -> str:
        return "".join(f"line_{i} = {i}\n" for i in range(size)) + f"# {tag}\n"

    day = iter(range(1, 28))

    def commit(files: dict[str, str | bytes], *moves: tuple[str, str]) -> None:
        for old, new in moves:
            (git_repo.root / new).parent.mkdir(parents=True, exist_ok=True)
            git_repo.git("mv", old, new)
        git_repo.commit(files, date=f"2025-03-{next(day):02d}T10:00:00+00:00")

    commit({"a.py": body("1"), "dir/x.py": body("x"), "keep.py": body("k")})
    commit({"a.py": body("2")})
    commit({"b.py": body("3")}, ("a.py", "b.py"))  # renamed and edited
    commit({"b.py": body("4", 32)})
    commit({"pkg/c.py": body("5", 32)}, ("b.py", "pkg/c.py"))  # and again: a chain
    commit({"dir/x.py": body("x2")})
    commit({}, ("dir", "moved dir"))  # a folder rename moves its files
    commit({"moved dir/x.py": body("x3")})
    commit({"keep.py": body("k2"), "pkg/c.py": body("6", 33)})
    mined = mine(iter_commits(git_repo.root, SINCE, UNTIL), max_changeset_size=30)
    current = ["pkg/c.py", "moved dir/x.py", "keep.py"]
    for path in current:
        stats = mined.churn.files[path]
        assert (stats.revisions, stats.added, stats.deleted) == _follow(git_repo.root, path)
    assert mined.churn.files["pkg/c.py"].revisions == 6
    assert not {"a.py", "b.py", "dir/x.py"} & set(mined.churn.files)
