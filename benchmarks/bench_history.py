"""Mine a repository's full history: scorecard's miner against bare git and GitPython.

Usage: python benchmarks/bench_history.py REPO [--runs 3] [--gitpython-commits 2000]

Compares the wall time and peak memory of (a) the bare `git log --numstat` command with the
same options, (b) scorecard's streaming miner (git log plus parsing and aggregation), and
(c) GitPython's per-commit `stats` on the first N commits (extrapolated per commit), each
in its own process; medians of several runs, and the ratios.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

BARE = ["git", "log", "-z", "--numstat", "-M", "--no-merges", "--use-mailmap",
        "--format=%x1e%H%x1f%P%x1f%aN%x1f%aE%x1f%at", "HEAD"]
MINER = """
import sys
from datetime import datetime, UTC
from pathlib import Path
from scorecard.analyzers.evolution.gitlog import iter_commits
from scorecard.analyzers.evolution.mining import mine
h = mine(iter_commits(Path(sys.argv[1]), datetime(1970, 1, 2, tzinfo=UTC),
                      datetime.now(UTC)), ignore=frozenset(), max_changeset=30)
print(h.commits, len(h.files))
"""
GITPYTHON = """
import sys, itertools
import git
repo = git.Repo(sys.argv[1])
n = 0
for commit in itertools.islice(repo.iter_commits("HEAD", no_merges=True), int(sys.argv[2])):
    commit.stats.files
    n += 1
print(n)
"""


def run(command: list[str], cwd: str) -> tuple[float, float, str]:
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL)
    out = b""
    assert process.stdout is not None
    while chunk := process.stdout.read(1 << 16):
        if len(out) < 200:
            out += chunk[:200]
    _, status, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, out.decode(errors="replace")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("repo")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--gitpython-commits", type=int, default=2000)
    args = parser.parse_args()
    commits = int(subprocess.run(["git", "rev-list", "--count", "--no-merges", "HEAD"],
                                 cwd=args.repo, capture_output=True, text=True).stdout)
    print(f"{args.repo}: {commits} non-merge commits, {args.runs} runs")
    results: dict[str, tuple[float, float]] = {}
    for name, command in (("bare git log", BARE),
                          ("scorecard miner", [sys.executable, "-c", MINER, args.repo])):
        runs = [run(command, args.repo) for _ in range(args.runs)]
        results[name] = (statistics.median(r[0] for r in runs),
                         statistics.median(r[1] for r in runs))
        print(f"{name:16s} {results[name][0]:8.2f} s  peak {results[name][1]:7.1f} MiB")
    sample = min(args.gitpython_commits, commits)
    elapsed, rss, _ = run([sys.executable, "-c", GITPYTHON, args.repo, str(sample)], args.repo)
    per_commit = elapsed / max(sample, 1)
    print(f"GitPython stats {elapsed:8.2f} s for {sample} commits (peak {rss:.1f} MiB), "
          f"extrapolated {per_commit * commits:.1f} s for all")
    bare = results["bare git log"][0]
    print(f"miner / bare git log: {results['scorecard miner'][0] / bare:.2f}x")
    print(f"GitPython (extrapolated) / bare git log: {per_commit * commits / bare:.1f}x")


if __name__ == "__main__":
    main()
