"""Bad input that stops a command: exit 2 and one clear line, never a traceback.

Each case runs ``python -m scorecard`` in a subprocess, as CI does, so the exit code and
stderr are the real ones.
"""

from __future__ import annotations

import stat
import subprocess
from pathlib import Path

import pytest

from tests.gitrepo import GitRepo
from tests.hostile.generators import assert_clean_exit, assert_error_line, run_cli

# Every top-level setting, analyzer table and option given a value of the wrong type.
WRONG_TYPES = '''\
include = 5
exclude = [1, "ok"]
fail_under = "high"
check_paths = 3
max_file_bytes = -1
jobs = "many"
cache = "maybe"
cache_dir = 5
skip_analyzers = { a = 1 }
unknown_key = 1
complexity = "x"

[runbooks]
stale_grace_days = "one"
site_map = []

[boundaries]
god_lines = true
nope = 1

[history]
min_revisions = -3
'''
EXPECTED_FRAGMENTS = (
    "include must be a list of strings", "exclude must be a list of strings",
    "fail_under must be a number", "check_paths must be a list of strings",
    "max_file_bytes must be a whole number", "jobs must be a whole number",
    "cache must be true or false", "cache_dir must be a path", "skip_analyzers must be a list",
    "unknown key 'unknown_key'", "complexity must be a table", "runbooks.stale_grace_days",
    "runbooks.site_map", "boundaries.god_lines", "boundaries.nope: unknown option",
    "history.min_revisions must be 0 or more",
    "SCORECARD_JOBS", "SCORECARD_NOT_A_SETTING",
)


@pytest.fixture
def repo(git_repo: GitRepo) -> GitRepo:
    git_repo.commit({"app.py": "def f(x):\n    return x\n"})
    return git_repo


def test_config_with_every_wrong_type_lists_every_problem_on_one_line(repo: GitRepo) -> None:
    (repo.root / "scorecard.toml").write_text(WRONG_TYPES)
    done = run_cli("scan", str(repo.root),
                   env={"SCORECARD_JOBS": "abc", "SCORECARD_NOT_A_SETTING": "1"})
    assert_error_line(done, *EXPECTED_FRAGMENTS)


def test_check_overrides_with_wrong_types_list_every_problem(repo: GitRepo) -> None:
    (repo.root / "scorecard.toml").write_text(
        '[checks."simplicity.cognitive-complexity"]\nweight = "heavy"\nenabled = "yes"\n'
        'best = "low"\n[checks."no.such-check"]\nweight = 1\n')
    done = run_cli("checks", str(repo.root))
    assert_error_line(done, "simplicity.cognitive-complexity", "weight", "enabled", "best",
                      "no.such-check")


@pytest.mark.parametrize("content", [
    b"[unclosed\nkey = ", b"\xff\xfe\x00binary", b"[tool.scorecard]\ninclude = [\n",
])
def test_unreadable_config_files(repo: GitRepo, content: bytes) -> None:
    (repo.root / "scorecard.toml").write_bytes(content)
    assert_error_line(run_cli("checks", str(repo.root)), "scorecard.toml")


def test_bad_check_definition_folder(repo: GitRepo, tmp_path: Path) -> None:
    folder = repo.root / "mychecks" / "simplicity"
    folder.mkdir(parents=True)
    (folder / "broken.toml").write_text("metric = 5\nscorer = 'nonsense'\n")
    (folder / "garbage.toml").write_bytes(b"\x00\x01 not toml")
    (repo.root / "scorecard.toml").write_text("check_paths = ['mychecks']\n")
    assert_error_line(run_cli("scan", str(repo.root)), "broken.toml", "garbage.toml")


def test_bare_repository_and_git_folder(repo: GitRepo, tmp_path: Path) -> None:
    bare = tmp_path / "bare.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(repo.root), str(bare)], check=True)
    assert_error_line(run_cli("scan", str(bare)), "bare repository", "--rev")
    done = run_cli("scan", str(bare), "--rev", "HEAD", "-f", "json")
    assert_clean_exit(done)


def test_revisions_that_name_nothing_or_look_like_options(repo: GitRepo) -> None:
    assert_error_line(run_cli("diff", "no-such-ref", "--path", str(repo.root)), "no-such-ref")
    assert_error_line(run_cli("diff", "--path", str(repo.root), "--", "--upload-pack=touch x"),
                      "invalid revision")
    assert_error_line(run_cli("scan", str(repo.root), "--rev", "HEAD~5"), "HEAD~5")


def test_unwritable_outputs(repo: GitRepo, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder" / "report.json"
    assert_error_line(run_cli("scan", str(repo.root), "-o", str(missing)), "no-such-folder")
    assert_error_line(run_cli("scan", str(repo.root), "-o", str(tmp_path)), "is a folder")
    assert_error_line(run_cli("baseline", str(repo.root), "-o", str(missing)), "no-such-folder")
    assert not list(tmp_path.glob("**/.*.tmp"))


def test_output_file_gets_the_mode_of_a_new_file(repo: GitRepo, tmp_path: Path) -> None:
    """Atomic writes go through a private temporary file; the report must not stay private."""
    target = tmp_path / "report.json"
    assert_clean_exit(run_cli("scan", str(repo.root), "-f", "json", "-o", str(target)))
    assert stat.S_IMODE(target.stat().st_mode) == 0o644  # the test runner's umask is 022
    target.chmod(0o600)  # an existing file keeps the mode its owner gave it
    assert_clean_exit(run_cli("scan", str(repo.root), "-f", "json", "-o", str(target)))
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_store_and_report_inputs(repo: GitRepo, tmp_path: Path) -> None:
    not_a_store = tmp_path / "store.sqlite3"
    not_a_store.write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    before = not_a_store.read_bytes()
    assert_error_line(run_cli("history", "--path", str(repo.root), "--store", str(not_a_store)),
                      "corrupt")
    assert not_a_store.read_bytes() == before  # reported, never replaced
    assert_error_line(run_cli("report", str(repo.root), "--quarter", "2026Q9", "--store",
                              str(tmp_path / "new.sqlite3")), "2026Q9")
    assert_error_line(run_cli("report", str(repo.root), "--quarter", "2099Q1", "--store",
                              str(tmp_path / "new.sqlite3")), "2099Q1 has not started yet")
    empty = GitRepo.create(tmp_path / "empty")
    line = assert_error_line(run_cli("report", str(empty.root), "--quarter", "2026Q1",
                                     "--store", str(tmp_path / "other.sqlite3"), "-o",
                                     str(tmp_path / "r.html")), "no commit yet")
    assert "fatal:" not in line  # said in our words, not git's


def test_until_before_the_scanned_commit(repo: GitRepo) -> None:
    # The history window would end before the scanned code existed.
    done = run_cli("scan", str(repo.root), "--until", "1990-01-01")
    assert_error_line(done, "--until '1990-01-01' is before the scanned commit", "--rev")


def test_a_kind_that_names_no_kind(repo: GitRepo) -> None:
    (repo.root / "scorecard.toml").write_text('[overrides]\nkind = "libary"\n'
                                              '[signals]\nkind = "daemon"\n')
    done = run_cli("scan", str(repo.root))
    assert_error_line(done, "overrides.kind must be auto or one of library, service",
                      "not 'libary'", "signals.kind must be auto", "not 'daemon'")
