"""The pre-commit hook, run the way users run it: `pre-commit try-repo` of this repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.gitrepo import GitRepo, hermetic_env

# Runs the installed commands end to end (subprocesses on real repositories).
pytestmark = pytest.mark.e2e

OK = '"""A module."""\n\n\ndef f(x):\n    """Return x."""\n    return x\n'
ROOT = Path(__file__).resolve().parent.parent
NESTED = "def f(x):\n" + "".join("    " * (i + 1) + f"if x > {i}:\n" for i in range(6)) + \
    "    " * 7 + "return 1\n"


def test_precommit_command_checks_only_given_files(git_repo: GitRepo) -> None:
    git_repo.commit({"ok.py": OK})
    git_repo.write({"deep.py": NESTED})  # a new file: all of it is the change
    run = [sys.executable, "-m", "scorecard", "precommit"]
    clean = subprocess.run([*run, "ok.py"], cwd=git_repo.root, capture_output=True, text=True)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    dirty = subprocess.run([*run, "deep.py"], cwd=git_repo.root, capture_output=True, text=True)
    assert dirty.returncode == 1
    assert "deep.py:1:" in dirty.stdout and "simplicity.nesting-depth" in dirty.stdout


def _precommit(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "scorecard", "precommit", *args], cwd=root,
                          capture_output=True, text=True, env=hermetic_env())


def test_unchanged_file_passes_right_after_baseline(git_repo: GitRepo) -> None:
    many = "".join(f"def f{i}(x):\n    return x\n\n\n" for i in range(150))  # caps apply
    git_repo.commit({"deep.py": NESTED, "many.py": many})
    wrote = subprocess.run([sys.executable, "-m", "scorecard", "baseline"], cwd=git_repo.root,
                           capture_output=True, text=True, env=hermetic_env())
    assert wrote.returncode == 0, wrote.stderr
    done = _precommit(git_repo.root, "deep.py", "many.py")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == ""


def test_only_the_changed_lines_count_against_head(git_repo: GitRepo) -> None:
    """No baseline: HEAD's own findings are the reference; old debt elsewhere is not news."""
    old = NESTED + "\n\ndef g(y):\n    return y\n"
    git_repo.commit({"mod.py": old})
    git_repo.write({"mod.py": old + "\n\ndef h(z):\n    return z\n"})
    added = _precommit(git_repo.root, "mod.py")
    assert added.returncode == 1, added.stdout + added.stderr
    assert "mod.py:15:" in added.stdout and "function h" in added.stdout
    assert "nesting-depth" not in added.stdout  # f is old and was not touched
    assert "function g" not in added.stdout
    assert "against HEAD" in added.stderr
    # A change inside the old nested function makes its finding the committer's.
    git_repo.write({"mod.py": old.replace("return 1", "return 2")})
    touched = _precommit(git_repo.root, "mod.py")
    assert touched.returncode == 0, touched.stdout  # not new, not worse: still passes
    deeper = old.replace("return 1", "if x:\n" + "    " * 8 + "return 2")
    git_repo.write({"mod.py": deeper})
    worse = _precommit(git_repo.root, "mod.py")
    assert worse.returncode == 1 and "nesting-depth" in worse.stdout, worse.stdout
    # The reference is shown as it was stated, in the units of the message.
    assert "nesting depth 7 (limit 4) (was: f: nesting depth 6 (limit 4))" in worse.stdout


def test_a_named_baseline_that_is_missing_is_exit_2(git_repo: GitRepo) -> None:
    git_repo.commit({"ok.py": OK})
    done = _precommit(git_repo.root, "ok.py", "--baseline", "nope.json")
    assert done.returncode == 2 and len(done.stderr.splitlines()) == 1, done.stderr


def test_touched_lines_of_odd_names_new_files_and_deletions(git_repo: GitRepo) -> None:
    from scorecard.repo.changes import touched_lines

    odd = 'we "ird"\tnäme.py'
    git_repo.commit({odd: "a = 1\nb = 2\nc = 3\n", "plain.py": "x = 1\ny = 2\n"})
    git_repo.write({odd: "a = 1\nb = 20\nc = 3\n", "plain.py": "y = 2\n", "new.py": "z = 1\n"})
    lines = touched_lines(git_repo.root, [odd, "plain.py", "new.py", "same.py"])
    assert lines[odd] == frozenset({2})
    assert lines["plain.py"] == frozenset({0, 1})  # the gap where line 1 was
    assert lines["new.py"] is None


def test_a_file_outside_the_repository_is_one_line_exit_2(git_repo: GitRepo,
                                                          tmp_path: Path) -> None:
    git_repo.commit({"ok.py": OK})
    elsewhere = tmp_path / "elsewhere.py"
    elsewhere.write_text(NESTED)
    done = _precommit(git_repo.root, "ok.py", str(elsewhere))
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.count("\n") == 1 and "outside the repository" in done.stderr


@pytest.mark.parametrize("where", ["repository", "user"])
def test_a_diff_drivers_textconv_never_runs_nor_stops_the_hook(
        git_repo: GitRepo, tmp_path: Path, where: str) -> None:
    # Users define textconv drivers (for .docx, .gpg); the drivers are switched off, and
    # the lines a change touched are read from the file itself, without them.
    marker = tmp_path / "ran"
    program = tmp_path / "conv.sh"
    program.write_text(f"#!/bin/sh\ntouch {marker}\ncat \"$1\"\n")
    program.chmod(0o755)
    git_repo.commit({".gitattributes": "*.py diff=conv\n", "mod.py": "a = 1\n"})
    env = hermetic_env()
    if where == "repository":
        git_repo.git("config", "diff.conv.textconv", str(program))
    else:
        user = tmp_path / "user.gitconfig"
        user.write_text(f'[diff "conv"]\n\ttextconv = {program}\n')
        env["GIT_CONFIG_GLOBAL"] = str(user)
    git_repo.write({"mod.py": "a = 1\n" + NESTED})
    done = subprocess.run([sys.executable, "-m", "scorecard", "precommit", "mod.py"],
                          cwd=git_repo.root, capture_output=True, text=True, env=env)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "mod.py:2:" in done.stdout and "nesting-depth" in done.stdout
    assert not marker.exists()


@pytest.mark.slow
def test_pre_commit_try_repo(git_repo: GitRepo, tmp_path: Path) -> None:
    pre_commit = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
    if not Path(pre_commit).exists():
        pytest.skip("pre-commit is not installed (pip install -e '.[test]')")
    if subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"],
                      capture_output=True).returncode != 0:
        pytest.skip("needs this repository's git history")
    git_repo.commit({"ok.py": OK, "old_deep.py": NESTED})
    env = hermetic_env()
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")
    env["PATH"] = os.environ.get("PATH", "")
    wrote = subprocess.run([sys.executable, "-m", "scorecard", "baseline"], cwd=git_repo.root,
                           env=env, capture_output=True, text=True)
    assert wrote.returncode == 0, wrote.stderr

    def try_repo(*files: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([pre_commit, "try-repo", str(ROOT), "scorecard", "--files",
                               *files], cwd=git_repo.root, env=env, capture_output=True,
                              text=True, timeout=900)

    # Right after `scorecard baseline`, an unchanged file with old findings passes.
    unchanged = try_repo("old_deep.py", "ok.py")
    assert unchanged.returncode == 0, unchanged.stdout + unchanged.stderr
    git_repo.write({"deep.py": NESTED})
    git_repo.git("add", "deep.py")
    done = try_repo("deep.py")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "simplicity.nesting-depth" in done.stdout
