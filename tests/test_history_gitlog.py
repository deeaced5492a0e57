"""The streaming git log reader: any chunking, hostile paths, binary files, renames, merges."""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from scorecard.memo import BoundedMemo
from scorecard.repo import gitlog
from scorecard.repo.gitcmd import GitUnavailable
from scorecard.repo.gitlog import (
    Commit,
    FileChange,
    display_path,
    iter_commits,
    log_arguments,
    parse_log,
)
from scorecard.repo.ignore_revs import parse_ignore_revs, read_ignore_revs
from tests.gitrepo import GitRepo, hermetic_env

ALICE = ("Alice", "alice@example.com")


def _header(sha: str, parents: str = "", name: str = "A", email: str = "a@x",
            when: int = 1_700_000_000, subject: str = "s") -> bytes:
    return (f"\x01{sha}\0{parents}\0{name}\0{email}\0{when}\0{when + 5}\0{subject}".encode()
            + b"\0")


SAMPLE = (
    _header("a" * 40, "b" * 40) + b"\n1\t2\tplain.py\0-\t-\timage.png\0"
    + b"3\t0\t\0old name.py\0new\nname.py\0" + b"4\t1\t\xff\xfe.py\0"
    + _header("b" * 40)  # a commit with no files: the next header follows at once
    + _header("c" * 40, "d" * 40 + " " + "e" * 40, name="Bö", email="")  # a merge
    + _header("d" * 40, name="\x01odd", subject="\x01Fix it") + b"\n0\t0\t\x01starts-with-mark\0"
)


def test_parses_every_kind_of_entry() -> None:
    commits = list(parse_log([SAMPLE]))
    assert [c.sha[0] for c in commits] == ["a", "b", "c", "d"]
    first = commits[0]
    assert first.parents == ("b" * 40,)
    assert first.changes == (
        FileChange("plain.py", 1, 2),
        FileChange("image.png", None, None),
        FileChange("new\nname.py", 3, 0, "old name.py"),
        FileChange("\ufffd\ufffd.py", 4, 1),
    )
    assert commits[1].changes == () and not commits[1].is_merge
    assert commits[2].is_merge and commits[2].author == "Bö" and commits[2].email == ""
    # A name or path starting with the header mark is data, not a new commit.
    assert commits[3].author == "\x01odd"
    assert commits[3].changes == (FileChange("\x01starts-with-mark", 0, 0),)
    # The committer date and the subject follow the author date; a subject is data too.
    assert commits[3].committed == 1_700_000_005 and commits[3].subject == "\x01Fix it"


@pytest.mark.parametrize("size", [1, 2, 3, 7, 64, 10_000])
def test_any_chunking_gives_the_same_commits(size: int) -> None:
    pieces = [SAMPLE[i:i + size] for i in range(0, len(SAMPLE), size)]
    assert list(parse_log(pieces)) == list(parse_log([SAMPLE]))


def test_truncated_and_unexpected_input_never_raises() -> None:
    for end in range(len(SAMPLE)):
        for commit in parse_log([SAMPLE[:end]]):
            assert isinstance(commit, Commit)
    assert list(parse_log([b"garbage\0more\tgarbage\0", b""])) == []


def test_display_path_matches_repo_view() -> None:
    assert display_path(b"caf\xc3\xa9.py") == "café.py"
    assert display_path(b"bad\xff.py") == "bad\ufffd.py"


def test_log_arguments_window_and_renames() -> None:
    since = datetime(2025, 1, 1, tzinfo=UTC)
    args = log_arguments(since, datetime(2026, 1, 1, tzinfo=UTC))
    assert "--since=2025-01-01T00:00:00+00:00" in args and "-M" in args
    assert args[-3:] == ["--end-of-options", "HEAD", "--"]
    assert "--no-renames" in log_arguments(None, None, renames=False)


HOSTILE = ["with space.py", 'quote"d.py', "new\nline.py", "tab\there.py", "ünï.py",
           "-dash.py", "dir with space/x.py"]


def test_real_repository_with_hostile_paths_binary_and_no_email(git_repo: GitRepo) -> None:
    files: dict[str, str | bytes] = {name: "x = 1\n" for name in HOSTILE}
    files["blob.bin"] = b"\0\1\2"
    git_repo.commit(files, date="2026-01-01T00:00:00+00:00", author=ALICE)
    raw = os.fsdecode(b"raw\xff.py")
    (git_repo.root / raw).write_text("y = 1\n")
    git_repo.commit({"blob.bin": b"\0\3"}, date="2026-01-02T00:00:00+00:00",
                    author=("Nobody", ""))
    commits = list(iter_commits(git_repo.root, None, None))
    assert [len(c.changes) for c in commits] == [2, len(HOSTILE) + 1]
    newest = {c.path: c for c in commits[0].changes}
    assert newest["blob.bin"] == FileChange("blob.bin", None, None)
    assert "raw\ufffd.py" in newest
    assert {c.path for c in commits[1].changes} == {*HOSTILE, "blob.bin"}
    assert commits[0].author == "Nobody" and commits[0].email == ""


def test_renames_are_reported_with_both_paths(git_repo: GitRepo) -> None:
    body = "".join(f"line {i}\n" for i in range(20))
    git_repo.commit({"old dir/a.py": body})
    git_repo.git("mv", "old dir", "new dir")
    git_repo.commit({"new dir/a.py": body + "one more\n"})
    newest = next(iter_commits(git_repo.root, None, None))
    assert newest.changes == (FileChange("new dir/a.py", 1, 0, "old dir/a.py"),)
    plain = next(iter_commits(git_repo.root, None, None, renames=False))
    assert sorted(c.path for c in plain.changes) == ["new dir/a.py", "old dir/a.py"]


def test_mailmap_names_and_emails(git_repo: GitRepo) -> None:
    git_repo.commit({".mailmap": "Alice <alice@example.com> <al@old.example>\n"})
    git_repo.commit({"a.py": "a = 1\n"}, author=("Al", "al@old.example"))
    newest = next(iter_commits(git_repo.root, None, None))
    assert (newest.author, newest.email) == ("Alice", "alice@example.com")


def test_window_filters_by_date(git_repo: GitRepo) -> None:
    for month in (1, 3, 5):
        git_repo.commit({"a.py": f"a = {month}\n"}, date=f"2026-0{month}-10T00:00:00+00:00")
    inside = list(iter_commits(git_repo.root, datetime(2026, 2, 1, tzinfo=UTC),
                               datetime(2026, 4, 1, tzinfo=UTC)))
    assert len(inside) == 1 and inside[0].timestamp == int(
        datetime(2026, 3, 10, tzinfo=UTC).timestamp())


def test_git_failure_raises_git_unavailable(tmp_path: Path) -> None:
    with pytest.raises(GitUnavailable):
        list(iter_commits(tmp_path, None, None))


def test_stops_cleanly_when_the_reader_stops_early(git_repo: GitRepo) -> None:
    for day in range(1, 4):
        git_repo.commit({"a.py": f"a = {day}\n"}, date=f"2026-01-0{day}T00:00:00+00:00")
    stream = iter_commits(git_repo.root, None, None)
    assert next(stream).sha == git_repo.commits[-1]
    stream.close()  # kills and reaps git; nothing left running


def test_ignore_revs_file_from_tree_or_head(git_repo: GitRepo) -> None:
    sha = git_repo.commit({"a.py": "a = 1\n"})
    text = f"# formatting sweep\n{sha}  # black\nnot-a-sha\n{sha[:12]}\n"
    assert parse_ignore_revs(text) == frozenset({sha})
    git_repo.commit({".git-blame-ignore-revs": text})
    assert read_ignore_revs(git_repo.root, None) == frozenset({sha})
    (git_repo.root / ".git-blame-ignore-revs").unlink()  # only in HEAD now
    assert read_ignore_revs(git_repo.root, git_repo.root) == frozenset({sha})


def test_ignore_revs_absent(git_repo: GitRepo) -> None:
    git_repo.commit({"a.py": "a = 1\n"})
    assert read_ignore_revs(git_repo.root, git_repo.root) == frozenset()


def test_subdirectory_scan_sees_relative_paths(git_repo: GitRepo) -> None:
    git_repo.commit({"sub/a.py": "a = 1\n", "other.py": "b = 1\n"})
    commits = list(iter_commits(git_repo.root / "sub", None, None))
    assert [c.path for c in commits[0].changes] == ["a.py"]


def test_thousands_of_files_in_one_commit(git_repo: GitRepo) -> None:
    git_repo.commit({f"many/f{i}.txt": f"{i}\n" for i in range(3000)})
    (commit,) = iter_commits(git_repo.root, None, None)
    assert len(commit.changes) == 3000


def test_detached_head_reads_history(git_repo: GitRepo) -> None:
    first = git_repo.commit({"a.py": "a = 1\n"})
    git_repo.commit({"a.py": "a = 2\n"})
    subprocess.run(["git", "checkout", "-q", "--detach", first], cwd=git_repo.root,
                   env=hermetic_env(), check=True)
    assert [c.sha for c in iter_commits(git_repo.root, None, None)] == [first]


def test_commits_read_before_come_from_memory(git_repo: GitRepo,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gitlog, "_MEMO", BoundedMemo(limit=1000))
    body = "".join(f"line {i}\n" for i in range(20))
    git_repo.commit({"a.py": body}, date="2026-01-01T00:00:00+00:00")
    git_repo.git("mv", "a.py", "b.py")
    git_repo.commit({"b.py": body + "more\n"}, date="2026-01-02T00:00:00+00:00")
    first = list(iter_commits(git_repo.root, None, None))
    git_repo.commit({"c.py": "c = 1\n"}, date="2026-01-03T00:00:00+00:00")
    streamed: list[list[str]] = []
    real_stream = gitlog.stream_git

    def spy(cwd: Path, args: list[str], *rest: float | None):  # type: ignore[no-untyped-def]
        streamed.append(list(args))
        return real_stream(cwd, args, *rest)

    monkeypatch.setattr(gitlog, "stream_git", spy)
    second = list(iter_commits(git_repo.root, None, None))
    assert second[1:] == first and second[0].changes == (FileChange("c.py", 1, 0),)
    # Only the new commit was read with its diff, by name.
    assert len(streamed) == 1 and "--no-walk=unsorted" in streamed[0]
    assert streamed[0][-2:] == [git_repo.commits[-1], "--"]
    # What memory gives is what a fresh read gives (renames included).
    monkeypatch.setattr(gitlog, "_MEMO", BoundedMemo(limit=1000))
    assert list(iter_commits(git_repo.root, None, None)) == second
    assert list(iter_commits(git_repo.root, None, None, renames=False))[1].changes != \
        second[1].changes


def test_authors_are_named_by_the_mailmap_committed_at_the_revision(
        git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    # A report on a commit depends on the commit: an uncommitted .mailmap changes nothing,
    # a committed one names authors from its commit on, and a past revision keeps its own.
    monkeypatch.setattr(gitlog, "_MEMO", BoundedMemo(limit=1000))
    git_repo.commit({"a.py": "a = 1\n"}, author=("Al", "al@old.example"))
    before = git_repo.commits[-1]
    (git_repo.root / ".mailmap").write_text("Alice <alice@example.com> <al@old.example>\n")
    assert next(iter_commits(git_repo.root, None, None)).author == "Al"
    git_repo.commit({".mailmap": "Alice <alice@example.com> <al@old.example>\n"})
    assert [c.author for c in iter_commits(git_repo.root, None, None)] == ["Ada Lovelace", "Alice"]
    assert next(iter_commits(git_repo.root, None, None, rev=before)).author == "Al"
    (git_repo.root / ".mailmap").write_text("Bob <bob@example.com> <al@old.example>\n")
    assert [c.author for c in iter_commits(git_repo.root, None, None)][-1] == "Alice"


def test_name_status_records_name_the_files_without_counts(git_repo: GitRepo) -> None:
    # The risk model's earlier window is read with --name-status: git diffs no content.
    git_repo.commit({"a.py": "x = 1\n", "b.py": "y = 1\n"}, message="Add",
                    date="2026-01-01T10:00:00+00:00")
    git_repo.git("mv", "b.py", "\x01c d.py")
    git_repo.commit({"a.py": "x = 2\n"}, message="Fix a, move b",
                    date="2026-01-02T10:00:00+00:00")
    names = list(iter_commits(git_repo.root, None, None, counts=False))
    counted = list(iter_commits(git_repo.root, None, None))
    assert [c.sha for c in names] == [c.sha for c in counted]
    assert [c.subject for c in names] == ["Fix a, move b", "Add"]
    assert set(names[0].changes) == {FileChange("a.py", None, None),
                                     FileChange("\x01c d.py", None, None, "b.py")}
    assert {f.path for f in names[1].changes} == {"a.py", "b.py"}
