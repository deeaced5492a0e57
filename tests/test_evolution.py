"""History analyzer: equality with git log --numstat, code-maat coupling, renames, knowledge."""

from __future__ import annotations

import random
import subprocess
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from scorecard import api
from scorecard.analyzers.evolution.gitlog import iter_commits, parse_log
from scorecard.analyzers.evolution.insights import coupled_pairs, knee, owners_for_half
from scorecard.analyzers.evolution.mining import mine
from tests.gitrepo import GitRepo, hermetic_env

NOW = datetime(2026, 7, 1, tzinfo=UTC)
SINCE = NOW - timedelta(days=365)
ALICE = ("Alice", "alice@example.com")
BOB = ("Bob", "bob@example.com")


def _date(day: int) -> str:
    return (datetime(2026, 1, 1, 12, tzinfo=UTC) + timedelta(hours=day)).isoformat()


def _numstat(root: Path) -> dict[str, tuple[int, int, int]]:
    """Per-path (revisions, added, deleted) from git log --numstat itself."""
    out = subprocess.run(
        ["git", "log", "--numstat", "--no-merges", "--no-renames", "--format=",
         f"--since={SINCE.isoformat()}", f"--until={NOW.isoformat()}"],
        cwd=root, env=hermetic_env(), capture_output=True, text=True, check=True).stdout
    totals: dict[str, list[int]] = {}
    for line in out.splitlines():
        if not line.strip():
            continue
        added, deleted, path = line.split("\t")
        row = totals.setdefault(path, [0, 0, 0])
        row[0] += 1
        row[1] += 0 if added == "-" else int(added)
        row[2] += 0 if deleted == "-" else int(deleted)
    return {p: (r[0], r[1], r[2]) for p, r in totals.items()}


@pytest.mark.slow
def test_churn_equals_git_log_numstat(git_repo: GitRepo) -> None:
    rng = random.Random(7)
    names = [f"pkg/mod{i}.py" for i in range(12)] + ["docs/a b.md", "bin/data.bin"]
    contents = {n: [] for n in names}
    for day in range(300):
        touched = rng.sample(names, rng.randint(1, 4))
        files: dict[str, str | bytes] = {}
        for name in touched:
            lines = contents[name]
            for _ in range(rng.randint(0, 5)):
                if lines and rng.random() < 0.4:
                    lines.pop(rng.randrange(len(lines)))
                else:
                    lines.insert(rng.randint(0, len(lines)), f"x{rng.randint(0, 999)} = 1")
            files[name] = bytes([0, rng.randint(0, 255)]) if name.endswith(".bin") \
                else "\n".join(lines) + "\n"
        git_repo.commit(files, date=_date(day), author=ALICE if day % 3 else BOB)
    history = mine(iter_commits(git_repo.root, SINCE, NOW), ignore=frozenset(),
                   max_changeset=30)
    expected = _numstat(git_repo.root)
    ours = {p: (s.revisions, s.added, s.deleted) for p, s in history.files.items()}
    assert ours == expected
    assert history.commits == 300


def test_renames_followed_merges_and_ignored_revs_left_out(git_repo: GitRepo) -> None:
    git_repo.commit({"old.py": "a = 1\n"}, date=_date(1))
    git_repo.commit({"old.py": "a = 1\nb = 2\n"}, date=_date(2))
    git_repo.git("mv", "old.py", "new.py")
    git_repo.commit(message="rename", date=_date(3))
    sweep = git_repo.commit({"new.py": "a  =  1\nb = 2\n"}, date=_date(4), message="format")
    git_repo.git("checkout", "-q", "-b", "side")
    git_repo.commit({"side.py": "s = 1\n"}, date=_date(5))
    git_repo.git("checkout", "-q", "main")
    git_repo.commit({"main.py": "m = 1\n"}, date=_date(6))
    git_repo.git("merge", "-q", "--no-ff", "side", "-m", "merge", date=_date(7))
    (git_repo.root / ".git-blame-ignore-revs").write_text(f"# formatting\n{sweep}\n")
    history = mine(iter_commits(git_repo.root, SINCE, NOW),
                   ignore=frozenset({sweep}), max_changeset=30)
    assert history.files["new.py"].revisions == 3  # two edits as old.py, plus the rename
    assert "old.py" not in history.files
    assert history.skipped_ignored == 1
    assert history.commits == 5  # the merge commit is not counted


def test_mailmap_merges_identities(git_repo: GitRepo) -> None:
    git_repo.commit({"a.py": "a = 1\n", ".mailmap": "Alice <alice@example.com> <al@old.org>\n"},
                    date=_date(1), author=ALICE)
    git_repo.commit({"a.py": "a = 2\n"}, date=_date(2), author=("Al", "al@old.org"))
    history = mine(iter_commits(git_repo.root, SINCE, NOW), ignore=frozenset(),
                   max_changeset=30)
    assert history.files["a.py"].authors == Counter({"alice@example.com": 2})


def _log(*commits: list[str]) -> bytes:
    out = b""
    for index, files in enumerate(commits):
        out += f"\x1e{index:040x}\x1f\x1fA\x1fa@x\x1f{1_700_000_000 + index}\0\n".encode()
        out += b"".join(f"1\t0\t{f}\0".encode() for f in files)
    return out


def test_coupling_equals_code_maat_on_a_known_history() -> None:
    # a and b change together 6 times; a alone 2 more; b alone once; c with a 3 times only.
    commits = [["a.py", "b.py"]] * 6 + [["a.py"]] * 2 + [["b.py"]] + [["a.py", "c/x.py"]] * 3
    commits += [[f"bulk{i}.py" for i in range(31)] + ["a.py", "b.py"]]  # too wide: ignored
    history = mine(parse_log([_log(*commits)]), ignore=frozenset(), max_changeset=30)
    current = {"a.py", "b.py", "c/x.py"}
    pairs = coupled_pairs(history, current, min_revisions=5, min_shared=5, min_degree=30)
    # code-maat: degree = shared / mean(revisions) = 6 / ((11 + 7) / 2) = 66.7 %
    assert [(p.first, p.second, p.shared, p.degree) for p in pairs] == [("a.py", "b.py", 6,
                                                                          66.7)]
    # With lower thresholds the a/c pair appears and crosses a module boundary.
    low = coupled_pairs(history, current, min_revisions=3, min_shared=3, min_degree=30)
    crossing = [p for p in low if p.cross_module]
    assert [(p.first, p.second) for p in crossing] == [("a.py", "c/x.py")]
    assert crossing[0].degree == round(100 * 3 / ((11 + 3) / 2), 1)


def test_parse_log_handles_any_chunking_and_hostile_paths() -> None:
    data = _log(["a b.py", "quote\"d.py", "new\nline.py"], ["ü.py"])
    data += b"\x1e" + b"f" * 40 + b"\x1f\x1fA\x1fa@x\x1f1700000100\0\n0\t0\t\0old.py\0new.py\0"
    data += b"-\t-\timage.png\0"
    whole = list(parse_log([data]))
    pieces = list(parse_log([data[i:i + 7] for i in range(0, len(data), 7)]))
    assert whole == pieces
    assert [f.path for f in whole[0].files] == ["a b.py", "quote\"d.py", "new\nline.py"]
    renamed = whole[2].files
    assert (renamed[0].path, renamed[0].old_path) == ("new.py", "old.py")
    assert (renamed[1].added, renamed[1].deleted) == (None, None)


def test_knee_and_owners() -> None:
    assert knee([50, 40, 10, 5, 4, 3, 2, 1]) == 10
    assert knee([]) == 0
    assert owners_for_half({"a": 6, "b": 3, "c": 1}) == 1
    assert owners_for_half({"a": 3, "b": 3, "c": 3, "d": 3}) == 2


def test_analyzer_end_to_end_and_knowledge_islands(git_repo: GitRepo) -> None:
    deep = "def f(x):\n" + "".join("    " * (i + 1) + f"if x > {i}:\n" for i in range(4)) + \
        "    " * 5 + "return 1\n"
    git_repo.commit({"app/core.py": deep, "app/util.py": "def u():\n    return 1\n",
                     "tests/test_core.py": "def test():\n    pass\n"},
                    date="2025-09-01T10:00:00+00:00", author=BOB)
    for day in range(8):
        git_repo.commit({"app/core.py": deep + f"# {day}\n"}, author=ALICE,
                        date=f"2026-03-{day + 1:02d}T10:00:00+00:00")
    report = api.scan(git_repo.root, now=NOW, environ={}, flags={"cache": False})
    history = report.details["history"]
    assert [h["path"] for h in history["hotspots"]] == ["app/core.py"]
    values = {c.metric: c for p in report.pillars for c in (*p.checks, *p.skipped)}
    assert values["history.knowledge_island_share"].value == pytest.approx(200 / 3, abs=0.01)
    assert values["history.tests_with_changes_share"].value == pytest.approx(100 / 9, abs=0.01)
    assert values["history.truck_factor"].value == 1


def test_no_git_empty_and_shallow_are_not_applicable(tmp_path: Path, git_repo: GitRepo) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "a.py").write_text("x = 1\n")

    def reasons(root: Path) -> set[str]:
        report = api.scan(root, now=NOW, environ={}, flags={"cache": False})
        return {c.reason for p in report.pillars for c in (*p.checks, *p.skipped)
                if c.metric.startswith("history.")}

    assert reasons(plain) == {"not a git repository: history metrics need git history"}
    assert reasons(git_repo.root) == {"empty repository: no commits yet"}
    for day in range(3):
        git_repo.commit({"a.py": f"x = {day}\n"}, date=_date(day))
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{git_repo.root}",
                    str(shallow)], env=hermetic_env(), check=True, capture_output=True)
    (only,) = reasons(shallow)
    assert "fetch-depth: 0" in only
