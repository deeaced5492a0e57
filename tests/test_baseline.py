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


def test_fixing_one_of_many_findings_reveals_no_new_one(git_repo: GitRepo,
                                                        tmp_path: Path) -> None:
    # 150 undocumented functions: every one is in the baseline (no list is cut), so
    # documenting the first brings no "new" one from past a cut.
    functions = "".join(f"def f{i}(x):\n    return x\n\n\n" for i in range(150))
    git_repo.commit({"pkg/__init__.py": '"""Pkg."""\n', "pkg/mod.py": '"""Mod."""\n' + functions})
    baseline = tmp_path / "baseline.json"
    assert _cli("baseline", str(git_repo.root), "-o", str(baseline)).returncode == 0
    missing = [f for f in json.loads(baseline.read_text())["findings"]
               if f["check"] == "simplicity.docstring-coverage"]
    assert len(missing) == 150
    documented = functions.replace("    return x\n", '    """Doc."""\n    return x\n', 1)
    (git_repo.root / "pkg" / "mod.py").write_text('"""Mod."""\n' + documented)
    fixed = _cli("scan", str(git_repo.root), "-f", "json", "-o", str(tmp_path / "r.json"),
                 "--baseline", str(baseline))
    assert fixed.returncode == 0, fixed.stderr


def test_a_finding_whose_detail_changed_is_compared_with_its_own_entry() -> None:
    # A hotspot's message names its worst functions after "; ": when they change, the
    # finding is still the file's, compared with its baseline value, not a new one.
    from scorecard.baseline import compare
    from scorecard.diff import finding_key
    from scorecard.model import Report
    from tests.report_support import HOTSPOT_METRICS, hotspot_report

    def report(detail: str, value: float) -> Report:
        return hotspot_report(f"hotspot: 40 revisions; worst {detail}", value)

    before = report("f (cyclomatic 12)", 40.0)
    finding = before.pillars[0].checks[0].findings[0]
    baseline = {"\0".join(finding_key("evolvability.hotspots", finding)):
                {"value": 40.0, "message": finding.message}}
    metrics = HOTSPOT_METRICS
    same = compare(report("g (cyclomatic 14)", 40.0), baseline, metrics)
    assert (same.new, same.worse) == ((), ())
    worse = compare(report("g (cyclomatic 14)", 55.0), baseline, metrics)
    assert worse.new == () and len(worse.worse) == 1
