"""Backfill cost: `history build` of N quarter ends against one cold scan of HEAD.

Both run the installed `scorecard` command on the same clone with a fresh cache folder and a
fresh snapshot store, so nothing is reused between runs. The backfill scans the commit at
each quarter end from git objects; files unchanged since an earlier quarter are answered
from the blob cache, so its cost depends on how much of the code changes per quarter, which
the script also reports (share of Python blobs new at each quarter end).

Usage: python benchmarks/bench_backfill.py REPO [--since 2y] [--runs 3]
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


def _timed(command: list[str], env: dict[str, str]) -> float:
    """Run a command and return its wall time in seconds (it must succeed or gate)."""
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        sys.exit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr[-500:]}")
    return elapsed


def _fresh_env(folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCORECARD_")}
    env["SCORECARD_CACHE_DIR"] = str(folder / "cache")
    return env


def _python_blobs(repo: Path, rev: str) -> set[str]:
    listing = subprocess.run(["git", "-C", str(repo), "ls-tree", "-r", rev],
                             capture_output=True, text=True, check=True).stdout
    return {line.split()[2] for line in listing.splitlines() if line.endswith(".py")}


def _quarter_commits(repo: Path, since: str) -> list[str]:
    """Return the last commit before each quarter end since ``since`` (oldest first)."""
    # git reads "2 years ago", not the CLI's "2y".
    units = {"y": "years", "m": "months", "w": "weeks", "d": "days"}
    if since[:-1].isdigit() and since[-1] in units:
        since = f"{since[:-1]} {units[since[-1]]} ago"
    log = subprocess.run(["git", "-C", str(repo), "log", "--first-parent", "--format=%H %cs",
                          f"--since={since}"], capture_output=True, text=True, check=True)
    by_quarter: dict[str, str] = {}
    for line in log.stdout.splitlines():
        sha, day = line.split()
        year, month = int(day[:4]), int(day[5:7])
        by_quarter.setdefault(f"{year}Q{(month - 1) // 3 + 1}", sha)  # newest first
    return [by_quarter[q] for q in sorted(by_quarter)]


def _churn_report(repo: Path, since: str) -> str:
    commits = _quarter_commits(repo, since)
    previous: set[str] = set()
    shares: list[str] = []
    for sha in commits:
        blobs = _python_blobs(repo, sha)
        if previous:
            shares.append(f"{100 * len(blobs - previous) / max(len(blobs), 1):.0f}%")
        previous |= blobs
    return ", ".join(shares)


def main() -> None:
    """Time both commands several times and print the medians and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo", type=Path)
    parser.add_argument("--since", default="2y")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    repo = args.repo.resolve()
    cold: list[float] = []
    backfill: list[float] = []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as folder:
            env = _fresh_env(Path(folder))
            cold.append(_timed(["scorecard", "scan", str(repo), "--format", "json",
                                "--output", str(Path(folder) / "head.json")], env))
        with tempfile.TemporaryDirectory() as folder:
            env = _fresh_env(Path(folder))
            backfill.append(_timed(["scorecard", "history", "build", "--path", str(repo),
                                    "--since", args.since, "--every", "quarter",
                                    "--store", str(Path(folder) / "store.sqlite3")], env))
    cold_median, backfill_median = statistics.median(cold), statistics.median(backfill)
    print(f"repository: {repo.name}")
    print(f"new Python blobs per quarter end (vs all earlier ones): "
          f"{_churn_report(repo, args.since)}")
    print(f"cold HEAD scan: median {cold_median:.1f} s ({', '.join(f'{t:.1f}' for t in cold)})")
    print(f"history build --since {args.since} --every quarter: median {backfill_median:.1f} s "
          f"({', '.join(f'{t:.1f}' for t in backfill)})")
    print(f"ratio: {backfill_median / cold_median:.2f}x")


if __name__ == "__main__":
    main()
