"""The linguist marks of .gitattributes, read without git, equal git check-attr's answers."""

from __future__ import annotations

import random
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from scorecard import api
from scorecard.repo import RepoView
from scorecard.repo.attributes import MAX_GLOB_RULES, read_marks
from scorecard.repo.commits import CommitView
from tests.gitrepo import GitRepo, hermetic_env

NOW = datetime(2026, 6, 1, tzinfo=UTC)

PATHS = [
    "a.py", "b.js", "vendor.py", "x[1].py", "a*b.py", "docs/x.md", "dir/.hidden",
    "gen/a.py", "gen/x/b.pb.go", "gen/gen/c.py", "src/gen/a.py", "src/b.min.js",
    "src/a.py", "src/deep/er/a.py", "a/b/c/d.py", "a/b/d.py", "a/gen/a_pb2.py",
    "srcb/x.py", "src/abc/x.py", "ab", "a/b", "weird name.py",
]
PATTERNS = [
    "*.py", "*.js", "*.pb.go", "a.py", "gen/*", "gen/**", "**/gen/**", "**/a.py", "/a.py",
    "src/**/*.py", "a/**/d.py", "*", "**", "*/a.py", "?.py", "[ab].py", "[!a].py", "a*b",
    "gen", "gen/", "!a.py", '"weird name.py"', '"a\\052b.py"', "x\\[1\\].py", "***.py",
    "a/***", "src/**b/*.py", "**/", "src/*", "*.min.js", "b.*", "/gen/**", "deep/**",
    "**/er/*.py", "c/d.py", "b/*.py", "a*", "*b*", "src/a?c/*", "[[]*",
]
STATES = [
    "linguist-generated", "-linguist-generated", "!linguist-generated",
    "linguist-generated=true", "linguist-generated=false", "linguist-generated=yes",
    "linguist-vendored", "-linguist-vendored", "linguist-vendored=true", "!linguist-vendored",
    "gen", "-gen", "both", "text", "-diff",
]
FILES = [".gitattributes", "src/.gitattributes", "a/b/.gitattributes", "gen/.gitattributes"]
MACROS = ["[attr]gen linguist-generated", "[attr]both linguist-generated linguist-vendored",
          "[attr]gen -linguist-generated linguist-vendored", "[attr]both gen"]


def _git_marks(root: Path, paths: list[str]) -> dict[str, str | None]:
    """Ask git check-attr, and read its answers as scorecard reads its own."""
    done = subprocess.run(
        ["git", "check-attr", "-z", "--stdin", "linguist-generated", "linguist-vendored"],
        cwd=root, env=hermetic_env(), input=b"".join(p.encode() + b"\0" for p in paths),
        capture_output=True, check=True, timeout=60)
    fields = done.stdout.split(b"\0")
    values: dict[tuple[str, bytes], bytes] = {}
    for i in range(0, len(fields) - 2, 3):
        values[(fields[i].decode(), fields[i + 1])] = fields[i + 2]
    marks: dict[str, str | None] = {}
    for path in paths:
        mark = None
        for attribute, kind in ((b"linguist-generated", "generated"),
                                (b"linguist-vendored", "vendored")):
            if values[(path, attribute)] in (b"set", b"true"):
                mark = kind
                break
        marks[path] = mark
    return marks


def _random_line(rng: random.Random) -> str:
    pattern = rng.choice(PATTERNS)
    states = " ".join(rng.sample(STATES, rng.randint(1, 3)))
    return f"{pattern} {states}"


def test_marks_equal_git_check_attr_on_random_attribute_files(tmp_path: Path) -> None:
    # git is the oracle: 120 random sets of .gitattributes files (nested folders, macros,
    # info/attributes, unset and unspecified states, quoted and escaped patterns).
    rng = random.Random(20261207)
    repo = GitRepo.create(tmp_path / "repo")
    for name in FILES:  # check-attr needs no file at the paths it is asked about
        (repo.root / name).parent.mkdir(parents=True, exist_ok=True)
    info = repo.root / ".git" / "info" / "attributes"
    info.parent.mkdir(exist_ok=True)
    differences: list[str] = []
    for trial in range(120):
        texts: dict[str, str] = {}
        for name in rng.sample(FILES, rng.randint(1, len(FILES))):
            lines = [_random_line(rng) for _ in range(rng.randint(1, 5))]
            if rng.random() < 0.4:
                lines.insert(rng.randint(0, len(lines)), rng.choice(MACROS))
            if rng.random() < 0.2:
                lines.insert(0, "# a comment " + _random_line(rng))
            texts[name] = "\n".join(lines) + "\n"
        info_text = "\n".join(_random_line(rng) for _ in range(rng.randint(0, 2)))
        for name in FILES:
            target = repo.root / name
            if name in texts:
                target.write_text(texts[name])
            elif target.exists():
                target.unlink()
        info.write_text(info_text)
        expected = _git_marks(repo.root, PATHS)
        marks = read_marks(texts, info_text)
        for path in PATHS:
            if marks.mark(path) != expected[path]:
                differences.append(f"trial {trial}: {path}: {marks.mark(path)} against git's "
                                   f"{expected[path]} with {texts} and info {info_text!r}")
    assert not differences, "\n".join(differences[:5])


def test_a_pattern_git_backtracks_on_is_matched_at_once(
        git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    # git check-attr spends seconds per path on this pattern (it grows with the depth), up
    # to minutes: the listing never asks git about attributes, and the mark still applies.
    # (git add would spin on it too: the file is written after the commit, untracked.)
    import scorecard.repo.worktree as worktree

    deep = "/".join(["a"] * 40)
    git_repo.commit({f"{deep}/b": "x = 1\n", f"{deep}/c.py": "x = 1\n"})
    git_repo.write({".gitattributes": "**/**/**/**/**/**/**/**/**/**/**/b linguist-generated\n"})
    asked: list[list[str]] = []
    real_run_git = worktree.run_git

    def recording_run_git(root: Path, args: list[str], **kwargs: object) -> bytes:
        asked.append(args)
        return real_run_git(root, args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(worktree, "run_git", recording_run_git)
    listing = RepoView(git_repo.root).list_files()
    skipped = {s.path: s.reason for s in listing.skipped}
    assert skipped[f"{deep}/b"] == "linguist-generated in .gitattributes"
    assert [f.path for f in listing.files] == [".gitattributes", f"{deep}/c.py"]
    assert asked and not any("check-attr" in args for args in asked), asked


def test_a_later_or_deeper_line_unmarks(git_repo: GitRepo) -> None:
    git_repo.commit({
        ".gitattributes": "*.py linguist-generated\nkeep.py -linguist-generated\n",
        "src/.gitattributes": "mine.py linguist-generated=false\n",
        "keep.py": "x = 1\n", "gen.py": "x = 1\n", "src/mine.py": "x = 1\n",
        "src/other.py": "x = 1\n",
    })
    for view in (RepoView(git_repo.root), CommitView(git_repo.root, "HEAD")):
        listing = view.list_files()
        assert [f.path for f in listing.files] == [
            ".gitattributes", "keep.py", "src/.gitattributes", "src/mine.py"]
        assert {s.path for s in listing.skipped} == {"gen.py", "src/other.py"}


def test_a_pattern_naming_a_folder_does_not_mark_its_files(git_repo: GitRepo) -> None:
    # As git: "gen linguist-generated" marks a file named gen, not the files in gen/.
    git_repo.commit({".gitattributes": "gen linguist-generated\nlib/ linguist-vendored\n"
                                       "out/** linguist-generated\n",
                     "gen/a.py": "x = 1\n", "lib/b.py": "x = 1\n", "out/c.py": "x = 1\n"})
    for view in (RepoView(git_repo.root), CommitView(git_repo.root, "HEAD")):
        listing = view.list_files()
        assert {s.path for s in listing.skipped} == {"out/c.py"}


@pytest.mark.parametrize("rev", [None, "HEAD"])
def test_a_scanned_subfolder_honours_attributes_above_it(git_repo: GitRepo,
                                                         rev: str | None) -> None:
    git_repo.commit({".gitattributes": "*_pb2.py linguist-generated\n"
                                       "services/api/legacy/** linguist-vendored\n",
                     "services/.gitattributes": "fixtures.py linguist-generated\n",
                     "services/api/app.py": "x = 1\n", "services/api/api_pb2.py": "x = 1\n",
                     "services/api/fixtures.py": "x = 1\n",
                     "services/api/legacy/old.py": "x = 1\n"})
    root = git_repo.root / "services" / "api"
    view = RepoView(root) if rev is None else CommitView(root, rev)
    listing = view.list_files()
    assert [f.path for f in listing.files] == ["app.py"]
    assert {s.path: s.reason for s in listing.skipped} == {
        "api_pb2.py": "linguist-generated in .gitattributes",
        "fixtures.py": "linguist-generated in .gitattributes",
        "legacy/old.py": "linguist-vendored in .gitattributes"}


def test_info_attributes_win_over_the_tree(git_repo: GitRepo) -> None:
    git_repo.commit({".gitattributes": "a.py linguist-generated\n", "a.py": "x = 1\n",
                     "b.py": "x = 1\n"})
    (git_repo.root / ".git" / "info").mkdir(exist_ok=True)
    (git_repo.root / ".git" / "info" / "attributes").write_text(
        "a.py -linguist-generated\nb.py linguist-vendored\n")
    for view in (RepoView(git_repo.root), CommitView(git_repo.root, "HEAD")):
        assert {s.path for s in view.list_files().skipped} == {"b.py"}


def test_a_linked_gitattributes_is_not_followed(git_repo: GitRepo, tmp_path: Path) -> None:
    outside = tmp_path / "outside-attributes"
    outside.write_text("* linguist-generated\n")
    git_repo.commit({"a.py": "x = 1\n", "src/b.py": "x = 1\n"})
    (git_repo.root / "src" / ".gitattributes").symlink_to(outside)
    listing = RepoView(git_repo.root).list_files()
    assert [f.path for f in listing.files] == ["a.py", "src/b.py"]


def test_too_many_wildcard_patterns_are_a_problem(tmp_path: Path) -> None:
    lines = [f"x{i}*/y linguist-generated" for i in range(MAX_GLOB_RULES + 5)]
    marks = read_marks({".gitattributes": "\n".join(lines)}, None)
    assert [message for _, message in marks.problems] == [
        "5 linguist patterns with wildcards were not applied: only the 1,000 that take "
        "precedence (the last lines) are"]
    assert marks.mark("x4a/y") is None  # an early line: not applied
    assert marks.mark("x5a/y") == "generated"
    assert marks.mark(f"x{MAX_GLOB_RULES + 4}a/y") == "generated"


def test_an_attributes_file_over_the_limit_is_a_problem_and_the_scan_goes_on(
        git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    # git ignores an attributes file over 100 MB; so does the scan, and it says so.
    import scorecard.repo.worktree as worktree

    git_repo.commit({"a.py": "x = 1\n", "b.py": "x = 1\n",
                     ".gitattributes": "a.py linguist-generated\n"})
    monkeypatch.setattr(worktree, "MAX_ATTRIBUTES_BYTES", 10)
    report = api.scan(git_repo.root, now=NOW, environ={},
                      flags={"cache": False, "skip_analyzers": ["history"]})
    messages = [(p.path, p.message) for p in report.problems]
    assert (".gitattributes", "attributes not read (larger than 10 bytes): its "
            "linguist-generated and linguist-vendored marks were not applied") in messages
    assert report.files_analyzed == 3
