"""Scan the reference population of issue #21 (``benchmarks/data/population.toml``).

Every entry of the TOML names a public GitHub repository, its kind, a pinned commit and that
commit's date. Given a folder of clones (one folder per entry, named by the entry's ``name``:
the repository's name, or ``owner-name`` where two repositories share a name), the runner

1. scans each clone at its pinned commit as of that commit's date::

       scorecard scan CLONE --rev COMMIT --until DATE --format json --no-cache --jobs 2 \\
           -o OUT/NAME.json

   one repository at a time, with a per-repository timeout; a failure (non-zero exit, timeout,
   no report) is written to ``OUT/NAME.error.json`` and the run goes on. Reports already in
   ``OUT`` are skipped, so an interrupted run resumes (``--retry-failed`` retries the errors);
2. with ``--shallow N`` (default 5) also scans, for the first N entries of ``--shallow-names``
   (or of the population), a shallow clone (``git clone --depth 1 file://CLONE``) of the same
   commit into ``OUT/shallow/NAME.json`` (issue #21 item 4: a shallow clone must not grade
   above its full clone);
3. appends one line per scan to ``OUT/runs.jsonl`` (name, seconds, exit status, shallow or
   not) and prints a line per repository.

With ``--clone-missing`` a missing clone is cloned from the entry's ``url`` first (needs
network access). Clones and reports are never committed.

Run it from the repository root with scorecard installed::

    python benchmarks/population/run.py --clones ~/pop/clones --out ~/pop/out
    python benchmarks/population/run.py --clones ~/pop/clones --out ~/pop/out --only flask
    python benchmarks/population/run.py --clones C --out O --shallow 0   # full clones only

then ``python benchmarks/population/summarize.py OUT``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_TOML = HERE.parent / "data" / "population.toml"
DEFAULT_SHALLOW = ("requests", "flask", "black", "healthchecks", "kubernetes-mixin")


def load_population(path: Path) -> list[dict[str, Any]]:
    """The ``[[repo]]`` entries of the population TOML, each with a ``name``."""
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    entries = data.get("repo", [])
    for entry in entries:
        entry.setdefault("name", entry["repo"].split("/", 1)[1])
    return entries


def run_scan(
    scorecard: list[str], clone: Path, entry: dict[str, Any], out: Path, jobs: int, timeout: float
) -> tuple[str, float, str]:
    """Scan one clone into ``out``; returns (status, seconds, error text)."""
    cmd = [
        *scorecard,
        "scan",
        str(clone),
        "--rev",
        entry["commit"],
        "--until",
        entry["date"],
        "--format",
        "json",
        "--no-cache",
        "--jobs",
        str(jobs),
        "-o",
        str(out),
    ]
    started = time.monotonic()
    # A session of its own, so that a timeout ends the scan's worker processes too.
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        out.unlink(missing_ok=True)
        return "timeout", time.monotonic() - started, f"no report after {timeout:.0f} s"
    seconds = time.monotonic() - started
    text = (stderr or "") + (stdout or "")
    if not out.exists():
        return f"exit {proc.returncode}", seconds, text[-4000:] or "no report written"
    try:
        json.loads(out.read_text())
    except ValueError as exc:
        out.unlink()
        return "bad json", seconds, f"{exc}; {text[-3000:]}"
    # scorecard exits 1 on --fail-under / baseline problems only; a report was written.
    status = "ok" if proc.returncode in (0, 1) else f"exit {proc.returncode}"
    return status, seconds, text[-4000:] if text.strip() else ""


def shallow_clone(clone: Path, commit: str, dest: Path) -> str:
    """Clone ``clone`` with --depth 1 at ``commit`` into ``dest``; '' or an error."""
    url = clone.resolve().as_uri()
    res = subprocess.run(
        ["git", "clone", "-q", "--no-checkout", "--depth", "1", url, str(dest)],
        capture_output=True,
        text=True,
    )
    if res.returncode:
        return res.stderr.strip()
    head = subprocess.run(
        ["git", "-C", str(dest), "rev-parse", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    if head != commit:
        res = subprocess.run(
            ["git", "-C", str(dest), "fetch", "-q", "--depth", "1", "origin", commit],
            capture_output=True,
            text=True,
        )
        if res.returncode:
            return f"commit {commit} is not the clone's HEAD and cannot be fetched: {res.stderr}"
    return ""


def record(out_dir: Path, row: dict[str, Any]) -> None:
    """Append one scan's line to runs.jsonl."""
    with (out_dir / "runs.jsonl").open("a") as handle:
        handle.write(json.dumps(row) + "\n")


def scan_entry(
    args: argparse.Namespace, entry: dict[str, Any], clone: Path, out_dir: Path, shallow: bool
) -> None:
    """Scan one entry (full or shallow clone), skipping a report that already exists."""
    name = entry["name"]
    out = out_dir / f"{name}.json"
    err = out_dir / f"{name}.error.json"
    if out.exists() or (err.exists() and not args.retry_failed):
        return
    err.unlink(missing_ok=True)
    label = f"{name} (shallow)" if shallow else name
    with tempfile.TemporaryDirectory(prefix="pop-shallow-") as tmp:
        target = clone
        if shallow:
            target = Path(tmp) / name
            problem = shallow_clone(clone, entry["commit"], target)
            if problem:
                row = {"repo": entry["repo"], "status": "clone", "error": problem}
                err.write_text(json.dumps(row))
                print(f"{label:40} shallow clone failed: {problem[:200]}", flush=True)
                return
        status, seconds, text = run_scan(
            args.scorecard, target, entry, out, args.jobs, args.timeout
        )
    row = {
        "name": name,
        "repo": entry["repo"],
        "shallow": shallow,
        "status": status,
        "seconds": round(seconds, 2),
    }
    record(args.out, row)
    if status != "ok":
        err.write_text(json.dumps({**row, "error": text}, indent=1))
    elif text:
        row["stderr"] = text[-2000:]
        (out_dir / f"{name}.stderr.txt").write_text(text)
    grade = ""
    if out.exists():
        report = json.loads(out.read_text())
        grade = f"{report.get('score')} {report.get('grade')}"
    print(f"{label:40} {status:10} {seconds:7.1f} s  {grade}", flush=True)


def main(argv: list[str] | None = None) -> int:
    """Scan every entry of the population; exit 0 (failures are recorded, not fatal)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--population", type=Path, default=DEFAULT_TOML)
    parser.add_argument("--clones", type=Path, required=True, help="one clone per entry name")
    parser.add_argument("--out", type=Path, required=True, help="folder for the JSON reports")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per scan")
    parser.add_argument("--jobs", type=int, default=2, help="scorecard --jobs")
    parser.add_argument("--only", nargs="*", help="entry names to scan")
    parser.add_argument("--kind", help="only entries of this kind")
    parser.add_argument("--shallow", type=int, default=5, help="shallow-clone scans (0: none)")
    parser.add_argument("--shallow-names", nargs="*", default=list(DEFAULT_SHALLOW))
    parser.add_argument("--retry-failed", action="store_true")
    parser.add_argument("--clone-missing", action="store_true", help="git clone missing URLs")
    parser.add_argument(
        "--scorecard", nargs="+", default=None, help="command (default: this Python's scorecard)"
    )
    args = parser.parse_args(argv)
    if args.scorecard is None:
        exe = shutil.which("scorecard")
        args.scorecard = [exe] if exe else [sys.executable, "-m", "scorecard"]
    args.out.mkdir(parents=True, exist_ok=True)
    entries = load_population(args.population)
    if args.only:
        entries = [e for e in entries if e["name"] in args.only or e["repo"] in args.only]
    if args.kind:
        entries = [e for e in entries if e["kind"] == args.kind]
    by_name = {e["name"]: e for e in entries}
    for entry in entries:
        clone = args.clones / entry["name"]
        if not clone.exists() and args.clone_missing:
            subprocess.run(["git", "clone", "-q", entry["url"], str(clone)], check=False)
        if not clone.exists():
            print(f"{entry['name']:40} no clone at {clone}", flush=True)
            continue
        scan_entry(args, entry, clone, args.out, shallow=False)
    if args.shallow:
        shallow_dir = args.out / "shallow"
        shallow_dir.mkdir(exist_ok=True)
        names = [n for n in args.shallow_names if n in by_name][: args.shallow]
        for name in names:
            clone = args.clones / name
            if clone.exists():
                scan_entry(args, by_name[name], clone, shallow_dir, shallow=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
