"""Time a cold `scorecard scan` against `radon cc` and `radon mi` on the same tree.

Usage: python benchmarks/bench_scan.py PATH [--runs 5]

Each tool runs as a separate process, several times; the script prints the median wall time,
the median peak memory (max RSS of the child) and the ratio of scorecard to each peer.
scorecard runs with --no-cache (cold) and JSON output, once with every analyzer and once
with the complexity analyzer alone (the same work radon does); radon with its defaults, on
the same
Python files (radon reads every *.py below PATH; scorecard reads git's files, so the script
passes radon an explicit list of the files git tracks when PATH is a git repository).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from timing_env import compile_scorecard

from scorecard.analyzers import ANALYZERS


def python_files(root: Path) -> list[str]:
    """The .py files git tracks under root (falls back to a walk)."""
    try:
        out = subprocess.run(["git", "ls-files", "-z", "*.py"], cwd=root, capture_output=True,
                             check=True).stdout
        return [p for p in out.decode().split("\0") if p]
    except (subprocess.CalledProcessError, FileNotFoundError):
        return [str(p.relative_to(root)) for p in root.rglob("*.py")]


def measure(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Run once; return (wall seconds, peak RSS in MiB) of the child and its children."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, env={**os.environ, **env})
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{command[:3]} failed with {status}")
    return elapsed, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    compile_scorecard()  # time bytecode, as a pip installation runs (see timing_env)
    root = args.path.resolve()
    files = python_files(root)
    beside = Path(sys.executable).parent / "radon"
    radon = str(beside) if beside.exists() else (shutil.which("radon") or "radon")
    lines = sum((root / f).read_bytes().count(b"\n") for f in files if (root / f).is_file())
    print(f"tree: {root.name}, {len(files)} Python files, {lines} lines, {args.runs} runs each")
    commands = {
        "scorecard scan": [sys.executable, "-m", "scorecard", "scan", ".", "--no-cache",
                           "-f", "json"],
        "complexity only": [sys.executable, "-m", "scorecard", "scan", ".", "--no-cache",
                            "-f", "json"],
        "radon cc": [radon, "cc", *files],
        "radon mi": [radon, "mi", *files],
    }
    others = ",".join(a.name for a in ANALYZERS if a.name != "complexity")
    medians: dict[str, tuple[float, float]] = {}
    for name, command in commands.items():
        env = {"SCORECARD_SKIP_ANALYZERS": others} if name == "complexity only" else {}
        runs = [measure(command, root, env) for _ in range(args.runs)]
        medians[name] = (statistics.median(r[0] for r in runs),
                         statistics.median(r[1] for r in runs))
        times = ", ".join(f"{r[0]:.2f}" for r in runs)
        print(f"{name:15s} median {medians[name][0]:7.2f} s  peak {medians[name][1]:7.1f} MiB"
              f"  (runs: {times})")
    for ours in ("scorecard scan", "complexity only"):
        for peer in ("radon cc", "radon mi"):
            ratio = medians[ours][0] / medians[peer][0]
            print(f"{ours} / {peer}: {ratio:.2f}x time")


if __name__ == "__main__":
    main()
