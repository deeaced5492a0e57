"""Time what the risk step adds to a cold `scorecard scan`: paired runs, risk off and on.

Usage: python benchmarks/bench_risk.py REPO [REPO ...] [--runs 7] [--rev HEAD]

For each repository the script alternates a cold scan (``--no-cache -f json``) with
``[history] risk = false`` and one with the default configuration, ``--runs`` pairs, and
prints the median wall time of each, the median of the paired ratios (on / off; pairing
cancels most of the drift of a shared machine), and the CPU seconds of each (the scan and
its children: workers, git, the fitting process). The bar is a ratio of at most 1.10.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _scan(repo: Path, rev: str, config: Path, output: Path) -> tuple[float, float]:
    """Run one cold scan; return (wall seconds, CPU seconds of it and its children)."""
    command = [sys.executable, "-m", "scorecard", "scan", str(repo), "--rev", rev,
               "--no-cache", "-f", "json", "-o", str(output), "--config", str(config)]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"scan of {repo} failed with status {status}")
    return wall, usage.ru_utime + usage.ru_stime


def main() -> None:
    """Run the paired scans and print one table row per repository."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repos", type=Path, nargs="+")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--rev", default="HEAD")
    args = parser.parse_args()
    print("| repository | risk off | risk on | paired ratio (median) | CPU off | CPU on |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        off, on = folder / "off.toml", folder / "on.toml"
        off.write_text("[history]\nrisk = false\n")
        on.write_text("")
        for repo in args.repos:
            runs: dict[str, list[tuple[float, float]]] = {"off": [], "on": []}
            for _ in range(args.runs):
                runs["off"].append(_scan(repo, args.rev, off, folder / "off.json"))
                runs["on"].append(_scan(repo, args.rev, on, folder / "on.json"))
            ratios = [b[0] / a[0] for a, b in zip(runs["off"], runs["on"], strict=True)]
            wall = {k: statistics.median(w for w, _ in v) for k, v in runs.items()}
            cpu = {k: statistics.median(c for _, c in v) for k, v in runs.items()}
            print(f"| {repo.name} | {wall['off']:.2f} s | {wall['on']:.2f} s | "
                  f"{statistics.median(ratios):.3f} | {cpu['off']:.2f} s | {cpu['on']:.2f} s |",
                  flush=True)


if __name__ == "__main__":
    main()
