"""Each analyzer's own cost, in two versions of scorecard, on the same repository.

Usage: python benchmarks/bench_analyzers.py REPO --old DIR --new DIR [--runs 3] [--json OUT]

``--old`` and ``--new`` are source trees of scorecard (e.g. ``git worktree add /tmp/old REV``),
each run with its own folder first on ``PYTHONPATH``, by the Python running this script (so
both use the same installed libraries). For each analyzer, a cold scan with only that
analyzer (``SCORECARD_SKIP_ANALYZERS`` naming every other one; ``--no-cache``, one worker
process, JSON to /dev/null) is timed in CPU seconds of the scan and every process it starts
(git included); a scan with no analyzer at all gives the fixed cost (start-up, listing,
report), which is subtracted. Runs alternate the two versions, and the order changes from
one run to the next, so both meet the same load.

Prints, per analyzer, the median net CPU seconds of each version and their ratio (new / old).
A ratio over 1.10 is an analyzer that got more than 10 % slower.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
from pathlib import Path

from timing_env import compile_scorecard

ANALYZERS = ("complexity", "boundaries", "docstrings", "runbooks", "overrides", "signals",
             "history", "suppressions")
NONE = "(none)"


def _cpu_of(command: list[str], env: dict[str, str]) -> float:
    """Run ``command``; return the CPU seconds (user + system) of it and its children."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _scan_cpu(source: Path, repo: Path, only: str) -> float:
    """CPU seconds of a cold scan of ``repo`` by the scorecard in ``source``, one analyzer on."""
    skipped = [name for name in ANALYZERS if name != only]
    env = {**os.environ, "PYTHONPATH": str(source),
           "SCORECARD_SKIP_ANALYZERS": ",".join(skipped)}
    command = [sys.executable, "-m", "scorecard", "scan", str(repo), "--no-cache", "-j", "1",
               "-f", "json", "-o", os.devnull]
    return _cpu_of(command, env)


def main() -> int:
    """Measure and print the table; return the exit status."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("repo", type=Path)
    parser.add_argument("--old", type=Path, required=True)
    parser.add_argument("--new", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    versions = {"old": args.old.resolve(), "new": args.new.resolve()}
    for tree in versions.values():
        compile_scorecard(tree)  # time bytecode, as a pip installation runs (see timing_env)
    spent: dict[str, dict[str, list[float]]] = {v: {a: [] for a in (NONE, *ANALYZERS)}
                                                for v in versions}
    for run in range(args.runs):
        order = list(versions) if run % 2 == 0 else list(reversed(versions))
        for only in (NONE, *ANALYZERS):
            for version in order:
                cpu = _scan_cpu(versions[version], args.repo, only)
                spent[version][only].append(cpu)
                print(f"run {run + 1} {version} {only:13s} {cpu:7.2f} s CPU", flush=True)
    print(f"\n{'analyzer':13s} {'old net s':>10s} {'new net s':>10s} {'new / old':>10s}")
    rows = {}
    for only in ANALYZERS:
        net = {v: statistics.median(spent[v][only]) - statistics.median(spent[v][NONE])
               for v in versions}
        ratio = net["new"] / net["old"] if net["old"] > 0.05 else float("nan")
        rows[only] = {"old": net["old"], "new": net["new"], "ratio": ratio}
        print(f"{only:13s} {net['old']:10.2f} {net['new']:10.2f} {ratio:10.2f}")
    print(f"{'fixed cost':13s} {statistics.median(spent['old'][NONE]):10.2f} "
          f"{statistics.median(spent['new'][NONE]):10.2f}")
    if args.json:
        args.json.write_text(json.dumps({"runs": spent, "net": rows}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
