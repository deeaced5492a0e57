"""Time the pre-commit hook on a change of many files of a large repository.

Usage: python benchmarks/bench_precommit.py REPO [--files 100] [--runs 5]

The repository is cloned into a temporary folder (the given one is never written); in the
clone, the first ``--files`` tracked Python files under the product code (test files left
out) each get a small function appended and are staged, as a commit in progress would be.
Then ``scorecard precommit`` runs on the staged files:

- ``cold``: with an empty cache folder (a fresh CI machine, or the very first commit);
- ``head cached``: with a cache that a ``scorecard scan --rev HEAD`` filled (the hook's usual
  case: HEAD's files were seen before, the staged versions are new blobs);
- ``warm``: again, with the cache the run before left (the same staged change checked twice,
  e.g. after a failed commit).

With ``--baseline`` a ``scorecard baseline`` of HEAD is written first and the hook compares
against it (one scan) instead of against HEAD's own findings (two scans).

Prints each run's wall and CPU seconds and the medians. The pre-commit hook's target is
2 s on a 100-file change.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing_env import compile_scorecard

from scorecard.analyzers.path_roles import PathRole, path_role

ADDED = "\n\ndef _added_by_benchmark(value):\n    return value\n"


def _is_product(path: str) -> bool:
    """A Python file of the product (scorecard's own path roles: no tests, examples, docs)."""
    return path.endswith(".py") and path_role(path) is PathRole.APP


def _prepare(repo: Path, into: Path, files: int) -> list[str]:
    """Clone ``repo`` into ``into`` and stage ``files`` edited product files there."""
    subprocess.run(["git", "clone", "-q", str(repo), str(into)], check=True)
    listed = subprocess.run(["git", "ls-files"], cwd=into, check=True, capture_output=True,
                            text=True).stdout.split("\n")
    chosen = [p for p in listed if _is_product(p)][:files]
    for path in chosen:
        with (into / path).open("a", encoding="utf-8") as handle:
            handle.write(ADDED)
    subprocess.run(["git", "add", "--", *chosen], cwd=into, check=True)
    return chosen


def _timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, int]:
    """Run ``command``; return wall seconds, CPU seconds (children) and the exit code."""
    before = os.times()
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user
           + after.children_system - before.children_system)
    return wall, cpu, done.returncode


def main() -> int:
    """Run the measurement; return the exit status."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("repo", type=Path)
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline", action="store_true",
                        help="compare against a baseline of HEAD instead of HEAD's findings")
    args = parser.parse_args()
    compile_scorecard()  # time bytecode, as a pip installation runs (see timing_env)
    scorecard = [sys.executable, "-m", "scorecard"]  # the scorecard of this interpreter
    with tempfile.TemporaryDirectory() as folder:
        clone = Path(folder) / "clone"
        chosen = _prepare(args.repo.resolve(), clone, args.files)
        print(f"{len(chosen)} staged files in a clone of {args.repo}")
        command = [*scorecard, "precommit", *chosen]
        spent: dict[str, list[tuple[float, float]]] = {"cold": [], "head cached": [],
                                                        "warm": []}
        for run in range(1, args.runs + 1):
            cache = Path(folder) / f"cache-{run}"
            env = {**os.environ, "SCORECARD_CACHE_DIR": str(cache)}
            if args.baseline:
                subprocess.run([*scorecard, "baseline", "--rev", "HEAD", "-o",
                                ".scorecard-baseline.json"], cwd=clone, env=env, check=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                shutil.rmtree(cache, ignore_errors=True)  # the cold run starts empty
            for kind in ("cold", "head cached", "warm"):
                if kind == "head cached":
                    shutil.rmtree(cache, ignore_errors=True)
                    subprocess.run([*scorecard, "scan", "--rev", "HEAD", "-f", "json", "-o",
                                    os.devnull], cwd=clone, env=env, check=True,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                wall, cpu, code = _timed(command, clone, env)
                spent[kind].append((wall, cpu))
                print(f"run {run} {kind:11s} {wall:6.2f} s wall {cpu:6.2f} s CPU (exit {code})")
        for kind, figures in spent.items():
            print(f"median {kind}: {statistics.median(w for w, _ in figures):.2f} s wall, "
                  f"{statistics.median(c for _, c in figures):.2f} s CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
