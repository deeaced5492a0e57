"""Reading a window around the objects git cannot read (scorecard.repo.salvage).

On a sound repository the salvaged reading is the ordinary one, record for record; with a
blob lost, exactly the changes that need it lose their line counts; git's words for an
object it cannot read are told from its other failures; nothing of this runs when the
ordinary pass succeeds.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from scorecard import api
from scorecard.analyzers.history import history_analyzer
from scorecard.analyzers.history.mining import mine
from scorecard.memo import BoundedMemo
from scorecard.repo import gitlog, salvage
from scorecard.repo.gitcmd import GitTimeout, GitUnavailable
from scorecard.repo.gitlog import Commit, FileChange, iter_commits, parse_log
from scorecard.repo.salvage import read_salvaged
from scorecard.repo.unreadable import Cause, Unreadable, find_unreadable
from tests.gitrepo import GitRepo, hermetic_env

NOW = datetime(2026, 7, 1, tzinfo=UTC)
ALICE = ("Alice", "alice@example.com")
BOB = ("Bob", "bob@example.com")
NOWHERE = Unreadable("0" * 40, "", Cause.MISSING, "fatal: unable to read " + "0" * 40)


def _lines(tag: str, count: int = 12) -> str:
    return "".join(f"value_{i} = '{tag}'\n" for i in range(count))


@pytest.fixture(autouse=True)
def _fresh_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every reading here reads git: none is served from an earlier test's memory."""
    monkeypatch.setattr(gitlog, "_MEMO", BoundedMemo(limit=1000))


def _build(repo: GitRepo) -> None:
    """Edits, a rename with edits, a binary file, a path with a space, two authors, a merge."""
    repo.commit({"a.py": _lines("a1"), "b.py": _lines("b1"), "c.py": _lines("c1", 30),
                 "img.bin": b"\x00\x01" * 40, "dir x/d.py": _lines("d1")}, author=ALICE,
                date="2026-01-01T10:00:00+00:00")
    repo.commit({"a.py": _lines("a2"), "b.py": _lines("b2", 14)}, author=BOB,
                date="2026-01-02T10:00:00+00:00")
    repo.commit({"e.py": _lines("c1", 30) + "more = 1\n", "b.py": _lines("b3", 13)},
                remove=("c.py",), author=ALICE, date="2026-01-03T10:00:00+00:00")
    repo.commit({"a.py": _lines("a3", 15), "e.py": _lines("c1", 30) + "more = 2\n",
                 "img.bin": b"\x00\x02" * 40}, author=BOB, date="2026-01-04T10:00:00+00:00")
    repo.commit({"b.py": _lines("b4"), "f.py": _lines("f1"), "dir x/d.py": _lines("d2")},
                remove=("img.bin",), author=ALICE, date="2026-01-05T10:00:00+00:00")
    repo.git("checkout", "-q", "-b", "side", repo.commits[3])
    repo.commit({"g.py": _lines("g1")}, author=BOB, date="2026-01-06T10:00:00+00:00")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "-m", "Merge side", "side",
             date="2026-01-07T10:00:00+00:00")


def _read(root: Path, **options: Any) -> list[Commit]:
    return list(iter_commits(root, None, None, **options))


def _first_failure(root: Path) -> Unreadable:
    """Return what stops the ordinary reading of ``root``."""
    with pytest.raises(GitUnavailable) as caught:
        _read(root)
    found = find_unreadable(caught.value)
    assert found is not None, caught.value
    return found


def _lose(repo: GitRepo, rev: str) -> str:
    """Delete the loose object ``rev`` names; return its id."""
    oid = repo.git("rev-parse", rev).strip()
    (repo.root / ".git" / "objects" / oid[:2] / oid[2:]).unlink()
    return oid


@pytest.mark.parametrize("chunk", [1, 2, 1000])
def test_a_sound_repository_reads_the_same_records(git_repo: GitRepo, chunk: int,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    _build(git_repo)
    monkeypatch.setattr(salvage, "FETCH_CHUNK", chunk)  # commits named per git call
    ordinary = _read(git_repo.root)
    assert any(c.old_path == "c.py" for commit in ordinary for c in commit.changes)
    assert ordinary[0].is_merge
    salvaged = read_salvaged(git_repo.root, None, None, first=NOWHERE)
    assert list(salvaged.commits) == ordinary
    assert salvaged.damage.stop is None and not salvaged.damage.exact_renames
    names = read_salvaged(git_repo.root, None, None, first=NOWHERE, counts=False)
    assert list(names.commits) == _read(git_repo.root, counts=False)


def test_a_lost_blob_costs_the_counts_of_the_changes_that_read_it(
        git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    _build(git_repo)
    whole = _read(git_repo.root)
    lost = _lose(git_repo, f"{git_repo.commits[1]}:a.py")
    monkeypatch.setattr(gitlog, "_MEMO", BoundedMemo(limit=1000))  # forget the whole reading
    first = _first_failure(git_repo.root)
    assert (first.object_id, first.cause) == (lost, Cause.MISSING)
    salvaged = read_salvaged(git_repo.root, None, None, first=first)
    assert [c.sha for c in salvaged.commits] == [c.sha for c in whole]
    # The second commit wrote that version of a.py and the fourth changed it: those two
    # changes have no counts; every other change (renames too) is counted as git counts it.
    for commit, expected in zip(salvaged.commits, whole, strict=True):
        want = tuple(c._replace(added=None, deleted=None, uncounted=True) if c.path == "a.py"
                     and commit.sha in git_repo.commits[1:4:2] else c for c in expected.changes)
        assert commit._replace(changes=()) == expected._replace(changes=())
        assert sorted(commit.changes) == sorted(want), commit.sha
    mined, expected_mined = mine(salvaged.commits), mine(whole)
    for path, stats in expected_mined.churn.files.items():
        got = mined.churn.files[path]
        assert (got.revisions, got.authors, got.first, got.last) == (
            stats.revisions, stats.authors, stats.first, stats.last)
        assert got.lines_known == (path != "a.py")
        if got.lines_known:
            assert (got.added, got.deleted) == (stats.added, stats.deleted)
    assert salvaged.damage.objects == 1 and salvaged.damage.stop is None


def test_too_many_lost_files_leave_the_commits_that_read_them_uncounted(
        git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    _build(git_repo)
    _lose(git_repo, f"{git_repo.commits[1]}:a.py")
    monkeypatch.setattr(salvage, "MAX_EXCLUDED", 0)  # no pathspec is given to git
    salvaged = read_salvaged(git_repo.root, None, None, first=_first_failure(git_repo.root))
    second = salvaged.commits[-2]
    assert second.sha == git_repo.commits[1]
    assert {c.path for c in second.changes if c.uncounted} == {"a.py", "b.py"}
    third = salvaged.commits[-3]
    assert not any(c.uncounted for c in third.changes)  # it reads no lost blob


def test_a_blobless_clone_follows_renames_by_blob_id(git_repo: GitRepo, tmp_path: Path) -> None:
    # Renames with edits need both contents, which a clone without its blobs lacks: the
    # names come by exact renames, and the note says so.
    _build(git_repo)
    git_repo.git("config", "uploadpack.allowFilter", "true")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--no-local", "--filter=blob:none",
                    f"file://{git_repo.root}", str(clone)], env=hermetic_env(), check=True,
                   capture_output=True)
    shutil.rmtree(git_repo.root)
    first = _first_failure(clone)
    assert first.cause is Cause.PARTIAL_CLONE
    salvaged = read_salvaged(clone, None, None, first=first)
    assert salvaged.damage.exact_renames and salvaged.damage.stop is None
    renaming = next(c for c in salvaged.commits if c.sha == git_repo.commits[2])
    assert {(c.path, c.old_path, c.uncounted) for c in renaming.changes} == {
        ("e.py", None, True), ("c.py", None, True), ("b.py", None, True)}


def test_the_reading_is_bounded_by_the_stream_deadline(git_repo: GitRepo,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    _build(git_repo)
    monkeypatch.setattr(salvage, "stream_deadline", lambda: 1e-9)
    with pytest.raises(GitTimeout, match="SCORECARD_GIT_TIMEOUT"):
        read_salvaged(git_repo.root, None, None, first=NOWHERE)


def test_nothing_is_read_twice_when_git_reads_everything(git_repo: GitRepo,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    _build(git_repo)
    started: list[list[str]] = []  # every git log of the history, streamed or read ahead
    real_stream, real_start = gitlog.stream_git, gitlog.start_git

    def stream(cwd: Path, args: list[str], *rest: float | None):  # type: ignore[no-untyped-def]
        started.append(list(args))
        return real_stream(cwd, args, *rest)

    def start(cwd: Path, args: list[str], **popen: Any):  # type: ignore[no-untyped-def]
        started.append(list(args))
        return real_start(cwd, args, **popen)

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the history was read around objects that git could read")

    monkeypatch.setattr(gitlog, "stream_git", stream)
    monkeypatch.setattr(gitlog, "start_git", start)
    monkeypatch.setattr(history_analyzer, "read_salvaged", refuse)
    report = api.scan(git_repo.root, now=NOW, environ={}, flags={"cache": False})
    assert not [p for p in report.problems if p.analyzer == "history"]
    assert sum("--numstat" in args for args in started) == 1
    assert not any("--raw" in args for args in started)


def _header(sha: str) -> bytes:
    return f"\x01{sha}\0\0A\0a@x\0{1_700_000_000}\0{1_700_000_000}\0s\0".encode()


def test_raw_entries_name_both_blobs_of_each_change() -> None:
    old, new, zero = "1" * 40, "2" * 40, "0" * 40
    stream = (_header("a" * 40) + f"\n:100644 100644 {old} {new} M\0app.py\0".encode()
              + f":000000 100644 {zero} {new} A\0dir x/n.py\0".encode()
              + f":100644 100644 {old} {new} R087\0old name.py\0new\nname.py\0".encode()
              + f":160000 160000 {old} {new} M\0sub\0".encode() + _header("b" * 40))
    first, second = parse_log([stream], names_only=True)
    assert first.changes == (FileChange("app.py", None, None),
                             FileChange("dir x/n.py", None, None),
                             FileChange("new\nname.py", None, None, "old name.py"),
                             FileChange("sub", None, None))
    assert first.blobs == ((old, new), ("", new), (old, new), ("", ""))
    assert second.changes == () and second.blobs == ()


@pytest.mark.parametrize(("lines", "expected"), [
    (("fatal: unable to read " + "c9" * 20,), (Cause.MISSING, "c9" * 20, "")),
    (("warning: lazy fetching disabled; some objects may not be available",
      "fatal: could not fetch " + "d4" * 20 + " from promisor remote"),
     (Cause.PARTIAL_CLONE, "d4" * 20, "")),
    (("error: header for " + "c9" * 20 + " too long, exceeds 32 bytes",),
     (Cause.CORRUPT, "c9" * 20, "")),
    (("error: unable to normalize alternate object path: /gone/.git/objects",
      "error: Could not read " + "62" * 20,
      "fatal: Failed to traverse parents of commit " + "2e" * 20),
     (Cause.ALTERNATES, "62" * 20, "")),
    (("fatal: unable to read tree " + "d7" * 20,), (Cause.MISSING, "d7" * 20, "tree")),
    (("fatal: unable to read " + "ab" * 32,), (Cause.MISSING, "ab" * 32, "")),
])
def test_gits_words_for_an_object_it_cannot_read(lines: tuple[str, ...],
                                                 expected: tuple[Cause, str, str]) -> None:
    found = find_unreadable(GitUnavailable(lines[-1], stderr=lines))
    assert found is not None
    assert (found.cause, found.object_id, found.kind) == expected


@pytest.mark.parametrize("error", [
    GitUnavailable("fatal: bad revision 'nope'", stderr=("fatal: bad revision 'nope'",)),
    GitTimeout("git log took longer than 1 s and was stopped"),
    GitUnavailable("fatal: not a git repository"),
    OSError("disk"),
])
def test_other_failures_are_not_unreadable_objects(error: BaseException) -> None:
    assert find_unreadable(error) is None


def test_commits_the_ordinary_pass_read_whole_are_not_read_again(
        git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    """The newest commits, read before git stopped, are kept; only older ones are re-read."""
    _build(git_repo)
    whole = _read(git_repo.root)
    _lose(git_repo, f"{git_repo.commits[1]}:a.py")  # read by the second and fourth commits
    monkeypatch.setattr(gitlog, "_MEMO", BoundedMemo(limit=1000))
    first = _first_failure(git_repo.root)
    kept = gitlog.remembered(git_repo.root, [c.sha for c in whole])
    assert kept and len(kept) < len(whole) - 1  # a prefix: the last one read may be cut
    asked: list[str] = []
    reading = salvage._read_names

    def spy(root: Path, shas: Any, flag: str, budget: Any) -> Any:
        asked.extend(shas)
        return reading(root, shas, flag, budget)

    monkeypatch.setattr(salvage, "_read_names", spy)
    salvaged = read_salvaged(git_repo.root, None, None, first=first)
    assert [c.sha for c in salvaged.commits] == [c.sha for c in whole]
    assert not {c.sha for c in kept} & set(asked)
    assert list(salvaged.commits[:len(kept)]) == whole[:len(kept)]


def test_only_commits_that_read_a_lost_blob_and_may_rename_look_for_renames_by_id(
        git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    _build(git_repo)
    _lose(git_repo, f"{git_repo.commits[1]}:a.py")  # modified in place: no rename candidate
    monkeypatch.setattr(gitlog, "_MEMO", BoundedMemo(limit=1000))
    salvaged = read_salvaged(git_repo.root, None, None, first=_first_failure(git_repo.root))
    assert not salvaged.damage.exact_renames  # c.py -> e.py is still followed with edits
    assert any(c.old_path == "c.py" for commit in salvaged.commits for c in commit.changes)
