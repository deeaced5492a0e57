"""Parity and speed of scorecard's tree-sitter function measures against lizard.

``python benchmarks/bench_languages.py parity REPO [REPO ...]`` measures every Go, Java,
TypeScript and JavaScript file tracked in each repository with scorecard's engine and with
lizard (the oracle), matches functions by file and start line (then by name, then in order,
when several start on one line) and prints the share of matched functions whose cyclomatic
complexity equals lizard's CCN, the functions only one side found, and the differences
(``--list N`` prints N of them).

``python benchmarks/bench_languages.py speed REPO [--runs N]`` times, in alternation, a cold
``scorecard scan --no-cache`` of the repository (every analyzer, default jobs) and lizard
(one process, like its command line, over the Go/Java/JavaScript/TypeScript files the scan
measured) and prints each pair's ratio and the median; ``--only-complexity`` scans with the
complexity analyzer alone (the measure lizard makes; the other analyzers skipped).

lizard is not a runtime dependency: install the test extras (``pip install -e '.[test]'``).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import lizard
from timing_env import compile_scorecard

from scorecard.languages import generated_reason, language_for_path, minified_reason
from scorecard.languages.measure import measure_tree, parse_source
from scorecard.repo import classify_content


@dataclass(frozen=True)
class Pair:
    """One function as both tools see it (None: that tool did not report it)."""

    path: str
    line: int
    ours: tuple[str, int] | None
    theirs: tuple[str, int] | None


def _files(repo: Path) -> list[str]:
    listed = subprocess.run(["git", "-C", str(repo), "ls-files", "-z"], capture_output=True,
                            check=True).stdout.decode().split("\0")
    return [p for p in listed if p and language_for_path(p) is not None]


def _measurable(repo: Path, path: str) -> bytes | None:
    """Return the file's bytes, or None for what a scan skips (binary, generated, minified)."""
    data = (repo / path).read_bytes()
    if (classify_content(data) is not None or minified_reason(path, data) is not None
            or generated_reason(path, data) is not None):
        return None
    return data


def _pairs_of_file(path: str, data: bytes) -> list[Pair]:
    spec = language_for_path(path)
    assert spec is not None
    text = data.decode("utf-8", "replace")
    tree, _error = parse_source(spec, data)
    ours: dict[int, list[tuple[str, int]]] = {}
    if tree is not None:
        for row in measure_tree(spec, tree, data, text).rows:
            ours.setdefault(row.line, []).append((row.qualname, row.cyclomatic))
    theirs: dict[int, list[tuple[str, int]]] = {}
    try:
        info = lizard.analyze_file.analyze_source_code(path, text)
    except Exception as exc:  # noqa: BLE001 - the oracle's own crash leaves the file out
        print(f"  lizard failed on {path}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return []
    for function in info.function_list:
        theirs.setdefault(function.start_line, []).append(
            (function.name, function.cyclomatic_complexity))
    pairs: list[Pair] = []
    for line in sorted(set(ours) | set(theirs)):
        mine, other = list(ours.get(line, [])), list(theirs.get(line, []))
        # Several functions on one line: pair by name ending first, then in order.
        for item in list(mine):
            short = item[0].rsplit(".", 1)[-1]
            match = next((o for o in other if o[0].rsplit("::", 1)[-1].endswith(short)), None)
            if match is not None:
                pairs.append(Pair(path, line, item, match))
                mine.remove(item)
                other.remove(match)
        for index in range(max(len(mine), len(other))):
            pairs.append(Pair(path, line, mine[index] if index < len(mine) else None,
                              other[index] if index < len(other) else None))
    return _pair_shifted(pairs)


def _pair_shifted(pairs: list[Pair]) -> list[Pair]:
    """Pair functions found by one tool each whose start lines are at most 3 apart.

    lizard starts a Java method at an annotation with arguments that follows one without
    (``@ParameterizedTest @MethodSource("x") void m()``), naming it after the annotation;
    such a pair is the same function (it keeps scorecard's line). In Java the annotation's
    arguments may run over many lines (``@ValueSource(strings = {...})``): a function lizard
    alone starts up to 30 lines before one scorecard alone found, with no other function
    starting between them, is paired too.
    """
    alone_ours = [p for p in pairs if p.theirs is None]
    alone_theirs = [p for p in pairs if p.ours is None]
    kept = [p for p in pairs if p.ours is not None and p.theirs is not None]
    starts = sorted(p.line for p in pairs)
    for mine in alone_ours:
        near = min(alone_theirs, key=lambda p: abs(p.line - mine.line), default=None)
        if near is not None and abs(near.line - mine.line) <= 3:
            alone_theirs.remove(near)
            kept.append(Pair(mine.path, mine.line, mine.ours, near.theirs))
            continue
        above = max((p for p in alone_theirs if p.line < mine.line), key=lambda p: p.line,
                    default=None)
        if (above is not None and mine.path.endswith(".java")
                and mine.line - above.line <= 30
                and not any(above.line < line < mine.line for line in starts)):
            alone_theirs.remove(above)
            kept.append(Pair(mine.path, mine.line, mine.ours, above.theirs))
        else:
            kept.append(mine)
    return kept + alone_theirs


def parity(repos: list[Path], listed: int) -> None:
    """Print the share of functions whose cyclomatic complexity is lizard's."""
    for repo in repos:
        pairs: list[Pair] = []
        skipped = 0
        for path in _files(repo):
            data = _measurable(repo, path)
            if data is None:
                skipped += 1
                continue
            pairs.extend(_pairs_of_file(path, data))
        both = [p for p in pairs if p.ours is not None and p.theirs is not None]
        same = [p for p in both if p.ours and p.theirs and p.ours[1] == p.theirs[1]]
        only_ours = [p for p in pairs if p.theirs is None]
        only_theirs = [p for p in pairs if p.ours is None]
        total = len(pairs)
        print(f"{repo.name}: {total} functions (union), {len(both)} matched, "
              f"{len(same)} same CCN = {100 * len(same) / max(1, total):.2f}% of all, "
              f"{100 * len(same) / max(1, len(both)):.2f}% of matched; "
              f"only scorecard {len(only_ours)}, only lizard {len(only_theirs)}; "
              f"{skipped} files skipped")
        by_language = Counter(Path(p.path).suffix for p in pairs)
        print("  functions by suffix:", dict(by_language))
        differing = [p for p in both if p not in same]
        for p in (differing + only_ours + only_theirs)[:listed]:
            print(f"  {p.path}:{p.line} scorecard={p.ours} lizard={p.theirs}")


def _lizard_run(listing: Path) -> None:
    """Run lizard over the listed files in this process, as its command line does.

    lizard's own command line stops at the first file its reader crashes on (a TypeScript
    file of typeorm does); this loop catches that file's error and goes on, as a scan does.
    """
    analyze = lizard.analyze_file
    failed = 0
    for path in listing.read_text().splitlines():
        try:
            analyze(path)
        except Exception:  # noqa: BLE001 - the oracle's own crash on one file
            failed += 1
    print(f"lizard failed on {failed} files", file=sys.stderr)


def speed(repo: Path, runs: int, only_complexity: bool) -> None:
    """Time cold scans against lizard on the files the scan measured, in alternation.

    ``only_complexity``: the scan runs the complexity analyzer alone (the measure lizard
    makes), every other analyzer skipped through ``SCORECARD_SKIP_ANALYZERS``.
    """
    env = dict(os.environ)
    if only_complexity:
        from scorecard.analyzers import ANALYZERS

        env["SCORECARD_SKIP_ANALYZERS"] = ",".join(a.name for a in ANALYZERS
                                                   if a.name != "complexity")
    ratios: list[float] = []
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        listing = Path(scratch) / "files.txt"
        for run in range(runs):
            start = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "scorecard", "scan", str(repo),
                                   "--no-cache", "--format", "json", "--output", str(report)],
                                  check=False, capture_output=True, env=env)
            ours = time.perf_counter() - start
            if done.returncode not in (0, 1):
                raise SystemExit(f"scan failed: {done.stderr.decode()[-500:]}")
            skipped = {s["path"] for s in json.loads(report.read_text())["skipped"]}
            files = [p for p in _files(repo) if p not in skipped]
            listing.write_text("".join(f"{repo / p}\n" for p in files))
            start = time.perf_counter()
            subprocess.run([sys.executable, __file__, "lizard-run", str(listing)],
                           check=True, capture_output=True)
            theirs = time.perf_counter() - start
            ratios.append(ours / theirs)
            print(f"run {run + 1}: scorecard scan {ours:.1f} s, lizard {theirs:.1f} s "
                  f"({len(files)} files), ratio {ours / theirs:.2f}", flush=True)
    what = "complexity-only scan" if only_complexity else "full scan"
    print(f"{repo.name} ({what}): median ratio {statistics.median(ratios):.2f} over {runs} runs"
          f" (range {min(ratios):.2f}-{max(ratios):.2f})")


def main() -> None:
    """Parse the command line and run one benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_parity = sub.add_parser("parity")
    p_parity.add_argument("repos", nargs="+", type=Path)
    p_parity.add_argument("--list", type=int, default=40)
    p_speed = sub.add_parser("speed")
    p_speed.add_argument("repo", type=Path)
    p_speed.add_argument("--runs", type=int, default=3)
    p_speed.add_argument("--only-complexity", action="store_true")
    p_run = sub.add_parser("lizard-run")
    p_run.add_argument("listing", type=Path)
    args = parser.parse_args()
    compile_scorecard()  # time bytecode, as a pip installation runs (see timing_env)
    if args.command == "parity":
        parity(args.repos, args.list)
    elif args.command == "speed":
        speed(args.repo, args.runs, args.only_complexity)
    else:
        _lizard_run(args.listing)


if __name__ == "__main__":
    main()
