"""Measure what the boundaries analyzer adds to a cold full scan.

Usage: python benchmarks/bench_boundaries.py PATH [--runs 3] [--jobs 0]

Runs `scorecard scan PATH --no-cache -f json` as a child process, alternately as shipped and
with the boundaries analyzer switched off, and prints the median wall time of each and the
share the analyzer adds. "Switched off" keeps the analyzer registered (so its checks still
load) but makes it want no file and return n/a: the difference is exactly its per-file step
and its repository summary. With --jobs 1 the per-file work runs in one process, which
shows the CPU cost that parallel workers hide in wall time.

It also times the analyzer alone, in this process, on the same files: the per-file step
(extraction from an already parsed tree, parse time excluded) and the summary (graph,
cycles, contracts, names, coupling), next to the time `ast.parse` takes on those files.
"""

from __future__ import annotations

import argparse
import ast
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

# The child switches the analyzer off before the CLI starts; forked workers inherit that.
SWITCH_OFF = """
import sys
from scorecard.analyzers.base import AnalyzerOutput
from scorecard.analyzers.boundaries import BoundariesAnalyzer
from scorecard.model import Measurement

def summarize(self, ctx, results):
    return AnalyzerOutput(tuple(Measurement(m.id, None, "switched off") for m in self.metrics))

BoundariesAnalyzer.wants = lambda self, path: False
BoundariesAnalyzer.summarize = summarize
from scorecard.cli import main
sys.argv = ["scorecard", *sys.argv[1:]]
main()
"""


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Run once; return wall time and CPU time (the child and its workers, user + system).

    CPU time is the steadier of the two on a busy machine: other processes stretch the wall
    clock but not the work done. Fails loudly if the scan failed.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{command[:4]} failed: {done.stderr.decode()[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def python_files(root: Path) -> list[str]:
    """The .py files git tracks under root (falls back to a walk)."""
    try:
        out = subprocess.run(["git", "ls-files", "-z", "*.py"], cwd=root, capture_output=True,
                             check=True).stdout
        return [p for p in out.decode().split("\0") if p]
    except (subprocess.CalledProcessError, FileNotFoundError):
        return [str(p.relative_to(root)) for p in root.rglob("*.py")]


def in_process(root: Path) -> None:
    """Time parse, per-file extraction and the summary of the analyzer alone."""
    from datetime import UTC, datetime

    from scorecard.analyzers.base import FileInput, ScanContext
    from scorecard.analyzers.boundaries import BoundariesAnalyzer
    from scorecard.repo import RepoView

    analyzer = BoundariesAnalyzer()
    view = RepoView(root)
    listing = view.list_files()
    parsed = []
    parse = 0.0
    for repo_file in listing.files:
        if not analyzer.wants(repo_file.path):
            continue
        text = view.read_bytes(repo_file.path).decode("utf-8", "replace")
        start = time.perf_counter()
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError):
            continue
        parse += time.perf_counter() - start
        parsed.append(FileInput(repo_file.path, text, tree))
    start = time.perf_counter()
    results = {item.path: analyzer.analyze_file(item, {}) for item in parsed}
    extract = time.perf_counter() - start
    ctx = ScanContext(root=root, view=view, files=listing.files, git=view.git,
                      now=datetime.now(UTC), options=analyzer.make_options({}))
    start = time.perf_counter()
    output = analyzer.summarize(ctx, results)
    summary = time.perf_counter() - start
    print(f"in process, {len(parsed)} parsed files: ast.parse {parse:.2f} s, boundaries "
          f"per-file {extract:.2f} s ({100 * extract / parse:.0f} % of parse), summary "
          f"{summary:.2f} s; {output.details.get('modules')} modules, "
          f"{output.details.get('edges')} edges")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=0)
    args = parser.parse_args()
    root = args.path.resolve()
    files = python_files(root)
    lines = sum((root / f).read_bytes().count(b"\n") for f in files if (root / f).is_file())
    print(f"tree: {root.name}, {len(files)} Python files, {lines} lines, jobs {args.jobs}, "
          f"{args.runs} runs each")
    scan = ["scan", str(root), "--no-cache", "-f", "json", "-o", os.devnull,
            "-j", str(args.jobs)]
    variants = {
        "with boundaries": [sys.executable, "-m", "scorecard", *scan],
        "without": [sys.executable, "-c", SWITCH_OFF, *scan],
    }
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in variants}
    for _ in range(args.runs):
        for name, command in variants.items():  # alternate, so machine noise hits both
            runs[name].append(timed(command, root))
    for index, measure in enumerate(("wall", "CPU")):
        medians = {name: statistics.median(r[index] for r in rs) for name, rs in runs.items()}
        for name, rs in runs.items():
            print(f"{measure:4s} {name:16s} median {medians[name]:7.2f} s  (runs: "
                  f"{', '.join(f'{r[index]:.2f}' for r in rs)})")
        added = medians["with boundaries"] - medians["without"]
        print(f"{measure:4s} boundaries adds {added:.2f} s = "
              f"{100 * added / medians['without']:.1f} % of the scan without it")
    in_process(root)


if __name__ == "__main__":
    main()
