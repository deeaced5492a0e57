"""Check that the one-pass `scorecard diff` equals two independent scans on a real repository.

Usage: python benchmarks/bench_diff_equivalence.py REPO [--pairs 20] [--rev HEAD] [--no-cache]

For each of ``--pairs`` consecutive first-parent commit pairs ending at ``--rev`` (each
commit against its first parent), ``api.diff`` (HEAD scanned first, BASE sharing its per-file
outcomes and history reading) is compared with ``api.diff_two_scans`` (BASE, then HEAD, each
an ordinary scan): the diff's JSON output and both full reports must be equal, apart from the
counts of files analysed and answered from the cache (they say how the work was shared).

The per-file cache is a fresh temporary folder shared by both paths, so that after the first
pair only the changed files are analysed; whole reports are never reused here (each side of
each pair is computed), since a reused report would compare a report with itself. With
``--no-cache`` both paths run without any cache file: exact cold runs, about three cold
scans a pair. Exits 1 on the first difference, naming the pair and the first differing key.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scorecard import api
from scorecard.diff import ReportDiff
from scorecard.reporters.diff_report import render_diff_json
from scorecard.serialisation import report_to_dict


def serialised(result: ReportDiff) -> dict[str, Any]:
    """Return the diff's JSON output and both full reports, without the sharing counts."""
    out: dict[str, Any] = {"diff": json.loads(render_diff_json(result, None))}
    for side, report in (("base", result.base), ("head", result.head)):
        data = report_to_dict(report)
        for count in ("analysed", "from_cache"):
            data["details"]["scan"].pop(count, None)
        out[side] = data
    return out


def first_difference(one: Any, two: Any, where: str = "") -> str | None:
    """Return the path of the first value that differs between two JSON-like values."""
    if isinstance(one, dict) and isinstance(two, dict):
        for key in sorted(set(one) | set(two), key=str):
            found = first_difference(one.get(key), two.get(key), f"{where}.{key}")
            if found is not None:
                return found
        return None
    if isinstance(one, list) and isinstance(two, list):
        if len(one) != len(two):
            return f"{where} (length {len(one)} against {len(two)})"
        for index, (a, b) in enumerate(zip(one, two, strict=True)):
            found = first_difference(a, b, f"{where}[{index}]")
            if found is not None:
                return found
        return None
    return None if one == two else f"{where}: {str(one)[:80]!r} against {str(two)[:80]!r}"


def commit_pairs(repo: Path, rev: str, count: int) -> list[tuple[str, str]]:
    """Return ``count`` (parent, commit) pairs along the first-parent line, oldest first."""
    out = subprocess.run(["git", "rev-list", "--first-parent", f"--max-count={count + 1}",
                          rev], cwd=repo, capture_output=True, check=True, text=True).stdout
    shas = out.split()[::-1]
    return list(zip(shas, shas[1:], strict=False))


def main() -> int:
    """Run the comparison; return the exit status."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("repo", type=Path)
    parser.add_argument("--pairs", type=int, default=20)
    parser.add_argument("--rev", default="HEAD")
    parser.add_argument("--no-cache", action="store_true")
    args = parser.parse_args()
    repo = args.repo.resolve()
    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory() as folder:
        # Each side of each pair is computed: no whole report is taken from the cache.
        flags: dict[str, object] = ({"cache": False} if args.no_cache
                                    else {"cache_dir": os.path.join(folder, "cache"),
                                          "reuse_reports": False})
        pairs = commit_pairs(repo, args.rev, args.pairs)
        spent = {"one pass": 0.0, "two scans": 0.0}
        for number, (base, head) in enumerate(pairs, 1):
            start = time.perf_counter()
            one = api.diff(repo, base, head, now=now, flags=flags)
            middle = time.perf_counter()
            two = api.diff_two_scans(repo, base, head, now=now, flags=flags)
            spent["one pass"] += middle - start
            spent["two scans"] += time.perf_counter() - middle
            found = first_difference(serialised(one), serialised(two))
            print(f"{number:3d} {base[:10]}..{head[:10]} touched {len(one.touched_files):4d} "
                  f"one pass {middle - start:6.1f} s  two scans "
                  f"{time.perf_counter() - middle:6.1f} s  "
                  f"{'equal' if found is None else 'DIFFERENT'}", flush=True)
            if found is not None:
                print(f"first difference: {found}", file=sys.stderr)
                return 1
    print(f"{len(pairs)} consecutive pairs equal; one pass {spent['one pass']:.1f} s, "
          f"two scans {spent['two scans']:.1f} s in all")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
