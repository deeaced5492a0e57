"""Time the text rules of the overrides and signals analyzers on source files, and fingerprint
what they found, so that two versions of scorecard can be compared for speed and sameness.

Usage: python benchmarks/bench_source_rules.py REPO [REPO ...] [--out FILE]

Every tracked Go, Java, JavaScript, TypeScript, Rust, C# (and Spring/Prisma configuration)
file of each repository goes through ``extract_foreign`` (the overrides analyzer's per-file
step for those languages) and ``collect_foreign_facts`` (the signals analyzer's), in this
process, as a worker would run them. Prints the files read, the seconds each step took and a
SHA-256 of every result; ``--out`` writes the results themselves as JSON. Run it with one
version's source tree first on ``PYTHONPATH``, then the other's, and compare the two
fingerprints (equal: the same findings) and times.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from timing_env import compile_scorecard

from scorecard.analyzers.overrides.per_file.foreign_code import extract_foreign, foreign_language
from scorecard.analyzers.signals.foreign_facts import collect_foreign_facts
from scorecard.analyzers.source_text import language_of


def _sources(repo: Path) -> list[tuple[str, str]]:
    """Return (path, text) of every tracked file either step reads, UTF-8 only."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=repo, capture_output=True,
                            check=True).stdout.decode().split("\0")
    found = []
    for path in listed:
        if not path or (foreign_language(path) is None and language_of(path) is None):
            continue
        try:
            found.append((path, (repo / path).read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError):
            continue
    return found


def main() -> int:
    """Run both steps over the repositories; print times and the fingerprint."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("repos", nargs="+", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    compile_scorecard()  # time bytecode, as a pip installation runs (see timing_env)
    results: dict[str, Any] = {}
    spent = {"overrides": 0.0, "signals": 0.0}
    for repo in args.repos:
        for path, text in _sources(repo):
            started = time.perf_counter()
            overrides = extract_foreign(path, text)
            middle = time.perf_counter()
            signals = collect_foreign_facts(path, text) if language_of(path) else None
            spent["overrides"] += middle - started
            spent["signals"] += time.perf_counter() - middle
            results[f"{repo.name}:{path}"] = [overrides, signals]
    encoded = json.dumps(results, sort_keys=True, default=str)
    print(f"{len(results)} files; overrides {spent['overrides']:.2f} s, "
          f"signals {spent['signals']:.2f} s; results sha256 "
          f"{hashlib.sha256(encoded.encode()).hexdigest()[:16]}")
    if args.out:
        args.out.write_text(encoded)
    return 0


if __name__ == "__main__":
    sys.exit(main())
