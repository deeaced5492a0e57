"""A committed baseline: later runs fail only on new or worse findings; improvements tighten."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.gitrepo import GitRepo

NESTED = "def f(x, a, b, c, d, e):\n" + "".join(
    "    " * (i + 1) + f"if x > {i}:\n" for i in range(6)) + "    " * 7 + "return 1\n"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "scorecard", *args], capture_output=True,
                          text=True, env=dict(os.environ), timeout=300)


def test_baseline_gate_and_tightening(git_repo: GitRepo, tmp_path: Path) -> None:
    git_repo.commit({"a.py": NESTED})
    baseline = tmp_path / "baseline.json"
    written = _cli("baseline", str(git_repo.root), "-o", str(baseline), )
    assert written.returncode == 0, written.stderr
    keys = {f["key"].split("\0")[0] for f in json.loads(baseline.read_text())["findings"]}
    assert "simplicity.nesting-depth" in keys

    same = _cli("scan", str(git_repo.root), "-f", "json", "-o", str(tmp_path / "r.json"),
                "--baseline", str(baseline))
    assert same.returncode == 0, same.stderr

    (git_repo.root / "b.py").write_text(NESTED.replace("def f", "def g"))
    worse = _cli("scan", str(git_repo.root), "-f", "json", "-o", str(tmp_path / "r.json"),
                 "--baseline", str(baseline))
    assert worse.returncode == 1
    assert "new: b.py:1" in worse.stderr

    # Worse than the baseline: the line shows what the baseline said, in the message's units.
    (git_repo.root / "b.py").unlink()
    (git_repo.root / "a.py").write_text(NESTED.replace("return 1", "if x:\n" + " " * 32 +
                                                       "return 1"))
    deeper = _cli("scan", str(git_repo.root), "-f", "json", "-o", str(tmp_path / "r.json"),
                  "--baseline", str(baseline))
    assert deeper.returncode == 1
    assert "worse: a.py:1" in deeper.stderr and "(was: f: nesting depth" in deeper.stderr, \
        deeper.stderr

    (git_repo.root / "a.py").write_text("def f(x):\n    return x\n")
    better = _cli("scan", str(git_repo.root), "-f", "json", "-o", str(tmp_path / "r.json"),
                  "--baseline", str(baseline))
    assert better.returncode == 0, better.stderr
    assert "baseline tightened" in better.stderr
    remaining = {f["check"] for f in json.loads(baseline.read_text())["findings"]}
    assert not remaining & {"simplicity.nesting-depth", "simplicity.parameter-count",
                            "simplicity.cognitive-complexity"}


def test_missing_baseline_is_exit_2(git_repo: GitRepo, tmp_path: Path) -> None:
    git_repo.commit({"a.py": "x = 1\n"})
    done = _cli("scan", str(git_repo.root), "--baseline", str(tmp_path / "nope.json"))
    assert done.returncode == 2
    assert "does not exist" in done.stderr and "Traceback" not in done.stderr
