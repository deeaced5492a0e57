"""Does `scorecard org scan` give each repository the report a scan of a full clone gives?

An org scan works on blobless partial clones without a work tree, fetching only the blobs
its scan reads and taking the configuration from the commit. This script runs one org scan
of the REPOS template (benchmarks/data/org-repos.txt, {MIRRORS} replaced by --mirrors) into
a fresh workspace and store, then scans every repository's full mirror at the same commit
(`scorecard scan MIRROR --rev SHA`) and compares the two reports, leaving out what names
the run rather than the repository (the moment the report was written, the folder's name,
the scan's own counts of files analysed and read from cache). It prints, per repository,
"same" or the top-level keys and analyzer details that differ.

Usage: python benchmarks/bench_org_equivalence.py --mirrors DIR [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
_RUN_KEYS = ("generated_at", "repository")


def _comparable(report: dict[str, Any]) -> dict[str, Any]:
    """Return the report without what names the run rather than the repository."""
    kept = {k: v for k, v in report.items() if k not in _RUN_KEYS}
    kept["details"] = {k: v for k, v in report["details"].items() if k != "scan"}
    return kept


def _decode(blob: bytes | str) -> dict[str, Any]:
    """Return a stored report (the SQLite store keeps its JSON text)."""
    data: dict[str, Any] = json.loads(blob if isinstance(blob, str) else blob.decode("utf-8"))
    return data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirrors", required=True, type=Path)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    text = (HERE / "data" / "org-repos.txt").read_text().replace("{MIRRORS}",
                                                                 str(args.mirrors))
    with tempfile.TemporaryDirectory(prefix="org-equivalence-") as scratch:
        root = Path(scratch)
        (root / "repos.txt").write_text(text)
        env = dict(os.environ, XDG_CACHE_HOME=str(root / "cache"))
        subprocess.run([sys.executable, "-m", "scorecard", "org", "scan", str(root / "repos.txt"),
                        "--workspace", str(root / "ws"), "--store", str(root / "org.sqlite3"),
                        "--workers", str(args.workers)], env=env, check=True)
        with sqlite3.connect(root / "org.sqlite3") as db:
            rows = db.execute("SELECT repository, commit_sha, report FROM snapshots "
                              "ORDER BY repository").fetchall()
        same = 0
        for repository, sha, blob in rows:
            org = _decode(blob)
            done = subprocess.run([sys.executable, "-m", "scorecard", "scan",
                                   str(args.mirrors / repository), "--rev", sha, "-f", "json",
                                   "-o", "-", "--jobs", "1"], env=env, capture_output=True,
                                  text=True, check=False)
            if done.returncode != 0:
                print(f"{repository:45} the full scan failed: {done.stderr.strip()[-200:]}")
                continue
            a, b = _comparable(org), _comparable(json.loads(done.stdout))
            keys = [k for k in a if a.get(k) != b.get(k)]
            details = [k for k in a["details"] if a["details"].get(k) != b["details"].get(k)]
            same += not keys
            print(f"{repository:45} " + ("same" if not keys else
                                         f"differ: {keys}; details: {details}"), flush=True)
        print(f"{same} of {len(rows)} repositories: the org scan's report is the full clone's")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
