"""Project-kind detection against a labelled set: accuracy and the confusion matrix.

Usage: python benchmarks/bench_kind.py CLONES [--labels benchmarks/data/project_kinds.toml]

CLONES is a folder holding one clone per labelled repository, named after the repository
(``CLONES/requests`` for ``psf/requests``). Each clone is scanned with the overrides
analyzer alone (the kind is its guess, shared with the signals analyzer); the script prints
every repository whose guess differs from its label, the confusion matrix (rows: label,
columns: guess) and the share guessed right. Missing clones are listed and left out.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

from scorecard.analyzers import ANALYZERS

LABELS = Path(__file__).with_name("data") / "project_kinds.toml"
KINDS = ("library", "cli", "service", "operations", "notebooks")


def guess(clone: Path) -> tuple[str, str]:
    """Return (kind, reason) as the overrides analyzer guesses it for one clone."""
    others = ",".join(a.name for a in ANALYZERS if a.name != "overrides")
    env = {**os.environ, "SCORECARD_SKIP_ANALYZERS": others}
    out = subprocess.run([sys.executable, "-m", "scorecard", "scan", str(clone), "--format",
                          "json"], capture_output=True, env=env, check=True,
                         cwd=clone.parent).stdout
    details = json.loads(out)["details"]["overrides"]
    return str(details["kind"]), str(details.get("kind_reason", ""))


def matrix(rows: list[tuple[str, str]]) -> str:
    """Render the confusion matrix (label x guess) as a Markdown table."""
    head = "| label \\ guess | " + " | ".join(KINDS) + " |"
    lines = [head, "|---" * (len(KINDS) + 1) + "|"]
    for label in KINDS:
        counts = [sum(1 for lab, got in rows if lab == label and got == kind) for kind in KINDS]
        lines.append(f"| {label} | " + " | ".join(str(c) for c in counts) + " |")
    return "\n".join(lines)


def main() -> int:
    """Scan every labelled clone and print the mismatches, the matrix and the accuracy."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("clones", type=Path)
    parser.add_argument("--labels", type=Path, default=LABELS)
    args = parser.parse_args()
    labelled = tomllib.loads(args.labels.read_text(encoding="utf-8"))["repo"]
    rows: list[tuple[str, str]] = []
    for entry in labelled:
        # A label file may name the clone folder (the population's owner-name for clashes).
        clone = args.clones / str(entry.get("name") or str(entry["repo"]).split("/")[1])
        if not clone.is_dir():
            print(f"missing clone: {clone}")
            continue
        kind, reason = guess(clone)
        rows.append((str(entry["kind"]), kind))
        mark = "ok " if kind == entry["kind"] else "MISS"
        print(f"{mark} {entry['repo']:45} label={entry['kind']:10} guess={kind:10} {reason}")
    right = sum(1 for label, kind in rows if label == kind)
    print()
    print(matrix(rows))
    print(f"\n{right} of {len(rows)} right ({100.0 * right / max(1, len(rows)):.1f} %)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
