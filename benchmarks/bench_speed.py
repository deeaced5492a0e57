"""Time where users wait: the cold scan, the warm re-scan and the pull-request diff.

Usage: python benchmarks/bench_speed.py REPO [REPO ...] [--runs 3] [--json OUT]

For each repository, each run measures these pairs back to back (so both sides of a ratio
meet the same load), alternating which side goes first from one run to the next:

- ``cold``: ``scorecard scan REPO --no-cache -f json -o /dev/null`` against
  ``radon cc -j -a`` on the same Python files (wall and CPU seconds);
- ``warm``: the same scan with a fresh cache folder, then again on the unchanged tree;
- ``diff``: ``scorecard diff HEAD~3 HEAD -f json`` with an empty cache folder, against the
  cold full scan;
- ``diff, base cached``: the same diff after ``scorecard scan --rev HEAD~3`` filled a fresh
  cache folder, against the cold full scan;
- ``memory``: the peak resident memory of the cold scan and of the cold diff against radon's,
  summed over the process and its children (sampled every 20 ms with psutil when it is
  installed; otherwise the largest single process's, from the kernel's accounting).

Prints each run's figures and the median ratios; ``--json`` writes every measurement.
The machine should be otherwise idle; on a shared one, the paired ratios are what to read.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from timing_env import compile_scorecard

try:
    import psutil
except ImportError:  # the kernel's figure (largest process) is used instead
    psutil = None


@dataclass(frozen=True)
class Measured:
    """One command's run: wall and CPU seconds (children included), peak memory in MiB."""

    wall: float
    cpu: float
    peak_mib: float


def _tree_rss(process: Any) -> int:
    """Return the summed resident memory of a process and its descendants, in bytes."""
    total = 0
    for member in [process, *process.children(recursive=True)]:
        try:
            total += member.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return total


def measure(command: list[str], cwd: Path, env: dict[str, str]) -> Measured:
    """Run ``command`` once and return what it cost."""
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, env={**os.environ, **env})
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        watched = psutil.Process(child.pid)
        while not done.is_set():
            try:
                peak[0] = max(peak[0], _tree_rss(watched))
            except psutil.NoSuchProcess:
                return
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True) if psutil is not None else None
    if sampler is not None:
        sampler.start()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    if sampler is not None:
        sampler.join()
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{' '.join(command[:4])} failed with status {status}")
    # wait4 counts the child and the children it waited for (workers, git).
    kernel_peak = usage.ru_maxrss * 1024
    return Measured(wall, usage.ru_utime + usage.ru_stime,
                    max(peak[0], kernel_peak) / 1_048_576)


def python_files(root: Path) -> list[str]:
    """The .py files git tracks in ``root``."""
    out = subprocess.run(["git", "ls-files", "-z", "*.py"], cwd=root, capture_output=True,
                         check=True).stdout
    return [p for p in out.decode().split("\0") if p and (root / p).is_file()]


def _load() -> float:
    return os.getloadavg()[0]


def run_repository(root: Path, runs: int) -> dict[str, Any]:
    """Measure every row on one repository; return the measurements by row."""
    scorecard = [sys.executable, "-m", "scorecard"]
    beside = Path(sys.executable).parent / "radon"
    radon = [str(beside) if beside.exists() else (shutil.which("radon") or "radon"),
             "cc", "-j", "-a", *python_files(root)]
    cold = [*scorecard, "scan", ".", "--no-cache", "-f", "json", "-o", os.devnull]
    scan = [*scorecard, "scan", ".", "-f", "json", "-o", os.devnull]
    diff = [*scorecard, "diff", "HEAD~3", "HEAD", "-f", "json", "-o", os.devnull]
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in
                                             ("cold", "warm", "diff", "diff_base_cached")}
    for run in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            def fresh(name: str, base: str = folder) -> dict[str, str]:
                cache = Path(base) / name
                cache.mkdir()
                return {"XDG_CACHE_HOME": str(cache)}

            order = (0, 1) if run % 2 == 0 else (1, 0)
            # cold scan against radon
            pair: dict[int, Measured] = {}
            for side in order:
                pair[side] = measure(cold if side == 0 else radon, root, fresh(f"c{side}"))
            rows["cold"].append({"scorecard": asdict(pair[0]), "radon": asdict(pair[1]),
                                 "load": _load()})
            cold_scan = pair[0]
            # warm re-scan against its own cold scan (the cold one necessarily first)
            env = fresh("warm")
            first = measure(scan, root, env)
            again = measure(scan, root, env)
            rows["warm"].append({"cold": asdict(first), "warm": asdict(again), "load": _load()})
            # the diff with an empty cache against the cold full scan
            pair = {}
            for side in order:
                pair[side] = measure(diff if side == 0 else cold, root, fresh(f"d{side}"))
            rows["diff"].append({"diff": asdict(pair[0]), "scan": asdict(pair[1]),
                                 "load": _load()})
            # the diff once the base commit's scan filled the cache
            env = fresh("based")
            measure([*scorecard, "scan", ".", "--rev", "HEAD~3", "-f", "json", "-o",
                     os.devnull], root, env)
            based = measure(diff, root, env)
            rows["diff_base_cached"].append({"diff": asdict(based), "scan": asdict(pair[1]),
                                             "load": _load()})
            print(f"  run {run + 1}: cold {cold_scan.wall:.1f} s / radon "
                  f"{rows['cold'][-1]['radon']['wall']:.1f} s; warm {again.wall:.1f} s / "
                  f"{first.wall:.1f} s; diff {pair[0].wall:.1f} s / scan {pair[1].wall:.1f} s; "
                  f"diff base cached {based.wall:.1f} s; load {_load():.1f}", flush=True)
    return rows


def summary(rows: dict[str, list[dict[str, Any]]]) -> dict[str, float]:
    """Median paired ratios of every row."""
    def median(row: str, top: str, bottom: str, field: str) -> float:
        return statistics.median(r[top][field] / r[bottom][field] for r in rows[row])

    return {
        "cold_vs_radon_wall": median("cold", "scorecard", "radon", "wall"),
        "cold_vs_radon_cpu": median("cold", "scorecard", "radon", "cpu"),
        "warm_vs_cold_wall": median("warm", "warm", "cold", "wall"),
        "diff_vs_scan_wall": median("diff", "diff", "scan", "wall"),
        "diff_vs_scan_cpu": median("diff", "diff", "scan", "cpu"),
        "based_diff_vs_scan_wall": median("diff_base_cached", "diff", "scan", "wall"),
        "memory_scan_vs_radon": median("cold", "scorecard", "radon", "peak_mib"),
        "memory_diff_vs_radon": statistics.median(
            d["diff"]["peak_mib"] / c["radon"]["peak_mib"]
            for d, c in zip(rows["diff"], rows["cold"], strict=True)),
        "cold_wall_s": statistics.median(r["scorecard"]["wall"] for r in rows["cold"]),
        "radon_wall_s": statistics.median(r["radon"]["wall"] for r in rows["cold"]),
        "warm_wall_s": statistics.median(r["warm"]["wall"] for r in rows["warm"]),
        "diff_wall_s": statistics.median(r["diff"]["wall"] for r in rows["diff"]),
        "based_diff_wall_s": statistics.median(r["diff"]["wall"]
                                               for r in rows["diff_base_cached"]),
        "scan_peak_mib": statistics.median(r["scorecard"]["peak_mib"] for r in rows["cold"]),
        "radon_peak_mib": statistics.median(r["radon"]["peak_mib"] for r in rows["cold"]),
    }


def main() -> None:
    """Measure each repository given and print the median ratios."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("repos", type=Path, nargs="+")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    compile_scorecard()  # time bytecode, as a pip installation runs (see timing_env)
    results: dict[str, Any] = {}
    for repo in args.repos:
        root = repo.resolve()
        print(f"{root.name}: {len(python_files(root))} Python files, {args.runs} runs, "
              f"load {_load():.1f}", flush=True)
        rows = run_repository(root, args.runs)
        results[root.name] = {"rows": rows, "summary": summary(rows)}
        for name, value in results[root.name]["summary"].items():
            print(f"  {name}: {value:.2f}")
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
