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
    git_repo.commit({"ok.py": OK, "deep.py": NESTED})
    run = [sys.executable, "-m", "scorecard", "precommit"]
    clean = subprocess.run([*run, "ok.py"], cwd=git_repo.root, capture_output=True, text=True)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    dirty = subprocess.run([*run, "deep.py"], cwd=git_repo.root, capture_output=True, text=True)
    assert dirty.returncode == 1
    assert "deep.py:1:" in dirty.stdout and "simplicity.nesting-depth" in dirty.stdout


@pytest.mark.slow
def test_pre_commit_try_repo(git_repo: GitRepo, tmp_path: Path) -> None:
    pre_commit = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
    if not Path(pre_commit).exists():
        pytest.skip("pre-commit is not installed (pip install -e '.[test]')")
    if subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"],
                      capture_output=True).returncode != 0:
        pytest.skip("needs this repository's git history")
    git_repo.commit({"ok.py": OK})
    git_repo.write({"deep.py": NESTED})
    git_repo.git("add", "deep.py")
    env = hermetic_env()
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")
    env["PATH"] = os.environ.get("PATH", "")
    done = subprocess.run([pre_commit, "try-repo", str(ROOT), "scorecard", "--files", "deep.py"],
                          cwd=git_repo.root, env=env, capture_output=True, text=True,
                          timeout=900)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "simplicity.nesting-depth" in done.stdout
