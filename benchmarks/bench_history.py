"""Mine a repository's full history: scorecard's miner against git itself and peer tools.

Usage:
    python benchmarks/bench_history.py REPO [--runs 3] [--sample 2000] [--check]
                                            [--exclude PATHSPEC ...]

REPO is a clone (a bare one works too). Each measurement runs in its own process; the
medians of ``--runs`` runs and their ratios are printed:

(a) bare ``git log --numstat``: the very command line the miner starts (same options, same
    safety settings), its output read and thrown away;
(b) scorecard's miner: that command streamed, parsed and folded into per-file churn,
    coupling and knowledge aggregates (one pass, as in a scan);
(c) GitPython's per-commit ``stats`` and (d) PyDriller's per-commit modified files, on the
    newest ``--sample`` non-merge commits (half as many runs: they are slow), against (a)
    limited to the same commits (``-n``); the full-history time is extrapolated per commit.

Peak memory is the peak resident set (VmHWM, Linux) of each process: for the miner, the
Python process (git's own is the one reported in (a)). Memory growth is shown by mining
the newest 25 %, 50 % and 100 % of the history: peak memory follows the number of files
and co-changing pairs, not the number of commits.

``--check`` also verifies on REPO that per-file revisions, added and deleted lines equal
what ``git log --numstat --no-renames`` prints (renames off on both sides, so that git's
text output can be compared path by path).

Measured on numpy (41,819 commits, 31,419 non-merge; 2 CPUs, git 2.39, Python 3.11; the
clone lacked six old blobs, so ``--exclude PyMatrix --exclude '*.pdf'``), medians of 5 runs
for (a) and (b), of 3 and 1 for the peers:

    (a) bare git log --numstat   20.11 s   git peak 357.7 MiB
    (b) scorecard miner          20.52 s   python peak 41.6 MiB  -> 1.02x bare git log
        (mining alone 20.22 s: 1.01x; parsing and folding a saved 8.9 MB log: 0.5 s CPU)
    memory: 25 % / 50 % / 100 % of history -> 35.7 / 39.4 / 41.6 MiB
            (2,600 / 3,449 / 5,072 files; 33,086 / 50,204 / 80,994 pairs)
    newest 2,000 non-merge commits: bare git log 1.69 s
    (c) GitPython commit.stats    7.19 s   4.3x  (full history extrapolated: 7.3x)
    (d) PyDriller                52.97 s  31.4x  (full history extrapolated: 53.5x)
    --check: 8,632 paths, revisions/added/deleted all equal to git log --numstat

``--exclude`` adds ``:(exclude)`` pathspecs to every command (for example to leave out files
whose blobs a partial clone lacks); the same for every tool except PyDriller and GitPython,
which cannot take them and are run on commits only.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timing_env import compile_scorecard  # noqa: E402

from scorecard.repo.gitcmd import git_env, safe_command  # noqa: E402
from scorecard.repo.gitlog import log_arguments  # noqa: E402

MINER = """
import json, sys, time
from datetime import datetime, UTC
from pathlib import Path
from scorecard.repo.gitlog import READ_SIZE, log_arguments, parse_log
from scorecard.analyzers.history.mining import mine
from scorecard.repo.gitcmd import stream_git
repo, since, extra, renames = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), sys.argv[4]
start = datetime.fromisoformat(since) if since else None
args = log_arguments(start, None, renames=renames == "1") + extra
began = time.perf_counter()
with stream_git(Path(repo), args) as process:
    stdout = process.stdout
    mined = mine(parse_log(iter(lambda: stdout.read(READ_SIZE), b"")))
elapsed = time.perf_counter() - began
status = Path("/proc/self/status").read_text()
peak = int(status.split("VmHWM:")[1].split()[0]) / 1024
files = {p: [s.revisions, s.added, s.deleted] for p, s in mined.churn.files.items()}
print(json.dumps({"commits": mined.commits, "merges": mined.merges, "files": len(files),
                  "pairs": len(mined.coupling), "peak_mib": peak, "seconds": elapsed,
                  "churn": files if "--dump" in sys.argv else None}))
"""

GITPYTHON = """
import itertools, sys
import git
repo = git.Repo(sys.argv[1])
count = 0
for commit in itertools.islice(repo.iter_commits("HEAD", no_merges=True), int(sys.argv[2])):
    commit.stats.files
    count += 1
print(count)
"""

PYDRILLER = """
import sys
from pydriller import Repository
count = 0
for commit in Repository(sys.argv[1], only_no_merge=True, order="reverse").traverse_commits():
    for modified in commit.modified_files:
        modified.added_lines, modified.deleted_lines
    count += 1
    if count >= int(sys.argv[2]):
        break
print(count)
"""


def _watch_peak(pid: int, peak: list[float], done: threading.Event) -> None:
    """Poll a process's peak resident set until ``done``.

    VmHWM is the peak of the process's own image; ru_maxrss would also count the memory of
    this benchmark process, which the child had before exec.
    """
    status = Path(f"/proc/{pid}/status")
    while not done.wait(0.02):
        try:
            text = status.read_text()
        except OSError:
            return
        if "VmHWM:" in text:
            peak[0] = max(peak[0], int(text.split("VmHWM:")[1].split()[0]) / 1024)


def measure(command: list[str], cwd: Path) -> tuple[float, float, bytes]:
    """Run a command, drain its output; return wall seconds, peak RSS (MiB), its output."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE,  # noqa: S603
                               stderr=subprocess.DEVNULL, env=git_env())
    assert process.stdout is not None
    peak, done = [0.0], threading.Event()
    watcher = threading.Thread(target=_watch_peak, args=(process.pid, peak, done), daemon=True)
    watcher.start()
    head = b""
    while chunk := process.stdout.read(1 << 18):
        if len(head) < 1 << 22:
            head += chunk
    status = process.wait()
    elapsed = time.perf_counter() - start
    done.set()
    watcher.join()
    if status != 0:
        raise SystemExit(f"{command[:4]} failed with status {status}")
    return elapsed, peak[0], head


def median_of(runs: int, command: list[str], cwd: Path) -> tuple[float, float, bytes]:
    """Median wall time and peak memory over several runs."""
    results = [measure(command, cwd) for _ in range(runs)]
    return (statistics.median(r[0] for r in results), statistics.median(r[1] for r in results),
            results[-1][2])


def excludes(patterns: list[str]) -> list[str]:
    """Pathspecs after the "--" that ends the log arguments."""
    return [f":(exclude){p}" for p in patterns]


def miner_command(repo: Path, since: str, extra: list[str], *, renames: bool = True,
                  dump: bool = False) -> list[str]:
    """The miner in its own Python process."""
    return [sys.executable, "-c", MINER, str(repo), since, json.dumps(extra),
            "1" if renames else "0", *(["--dump"] if dump else [])]


def git_numstat(repo: Path, extra: list[str]) -> dict[str, list[int]]:
    """Per path [revisions, added, deleted] from git's own text output, renames off."""
    command = safe_command(["log", "--numstat", "--no-renames", "--format=", "HEAD", "--",
                            *extra])
    out = subprocess.run(command, cwd=repo, env=git_env(repo), capture_output=True,  # noqa: S603
                         check=True).stdout
    totals: dict[str, list[int]] = {}
    for line in out.decode("utf-8", "surrogateescape").splitlines():
        if not line.strip():
            continue
        added, deleted, path = line.split("\t", 2)
        row = totals.setdefault(path, [0, 0, 0])
        row[0] += 1
        row[1] += 0 if added == "-" else int(added)
        row[2] += 0 if deleted == "-" else int(deleted)
    return totals


def check_equality(repo: Path, extra: list[str]) -> None:
    """Compare the miner's per-file numbers with git log --numstat --no-renames."""
    _, _, out = measure(miner_command(repo, "", extra, renames=False, dump=True), ROOT)
    ours = json.loads(out)["churn"]
    theirs = git_numstat(repo, extra)
    # git's text output quotes unusual paths ("..."); compare those by count only.
    plain = {p: v for p, v in theirs.items() if not p.startswith('"')}
    differ = [p for p, v in plain.items() if ours.get(p) != v]
    print(f"equality with git log --numstat --no-renames: {len(plain)} paths compared, "
          f"{len(differ)} differ, {len(theirs) - len(plain)} quoted paths; "
          f"miner paths {len(ours)}, git paths {len(theirs)}")
    for path in differ[:10]:
        print(f"  {path}: miner {ours.get(path)} git {plain[path]}")


def bench_miner(repo: Path, extra: list[str], runs: int) -> float:
    """Time bare git log and the miner; print both and their ratio; return git's time."""
    bare = safe_command(log_arguments(None, None) + extra)
    git_time, git_rss, _ = median_of(runs, bare, repo)
    print(f"(a) bare git log --numstat   {git_time:8.2f} s   git peak {git_rss:7.1f} MiB")
    results = [measure(miner_command(repo, "", extra), ROOT) for _ in range(runs)]
    miner_time = statistics.median(r[0] for r in results)
    inside = statistics.median(json.loads(r[2])["seconds"] for r in results)
    stats = json.loads(results[-1][2])
    print(f"(b) scorecard miner          {miner_time:8.2f} s   python peak "
          f"{stats['peak_mib']:7.1f} MiB  ({stats['commits']} commits, {stats['merges']} "
          f"merges, {stats['files']} files, {stats['pairs']} co-changing pairs)")
    print(f"    of which mining (no interpreter start-up, as inside a scan) {inside:.2f} s")
    print(f"    miner / bare git log: {miner_time / git_time:.2f}x process, "
          f"{inside / git_time:.2f}x mining")
    return git_time


def bench_growth(repo: Path, extra: list[str]) -> None:
    """Print the miner's peak memory over the newest quarter, half and all of history."""
    print("memory growth (newest share of history -> python peak):")
    dates = subprocess.run(["git", "log", "--format=%cI", "HEAD"], cwd=repo,
                           capture_output=True, text=True, check=True).stdout.split()
    for share in (0.25, 0.5, 1.0):
        since = "" if share == 1.0 else dates[int(len(dates) * share) - 1]
        _, _, out = measure(miner_command(repo, since, extra), ROOT)
        grown = json.loads(out)
        print(f"    {share:4.0%}: {grown['commits']:6d} commits {grown['files']:6d} files "
              f"{grown['pairs']:8d} pairs  peak {grown['peak_mib']:7.1f} MiB")


def bench_peers(repo: Path, extra: list[str], runs: int, sample: int, git_time: float) -> None:
    """Time GitPython and PyDriller on the newest commits against git log on the same."""
    total = int(subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=repo,
                               capture_output=True, text=True, check=True).stdout)
    sample = min(sample, total)
    sample_git, _, _ = median_of(runs, safe_command(
        log_arguments(None, None)[:-3] + ["--no-merges", "-n", str(sample), "HEAD", "--"]
        + extra), repo)
    print(f"newest {sample} non-merge commits: bare git log {sample_git:.2f} s")
    peers = {"(c) GitPython commit.stats": [sys.executable, "-c", GITPYTHON, str(repo),
                                            str(sample)],
             "(d) PyDriller": [sys.executable, "-c", PYDRILLER, str(repo), str(sample)]}
    for name, command in peers.items():
        try:
            # The peers are slow: half as many runs.
            elapsed, rss, _ = median_of(max(1, runs // 2), command, repo)
        except SystemExit as exc:
            print(f"{name}: not measured ({exc})")
            continue
        full = elapsed / sample * total
        print(f"{name:28s} {elapsed:8.2f} s  peak {rss:7.1f} MiB  {elapsed / sample_git:6.1f}x "
              f"bare git log; full history extrapolated {full:8.0f} s ({full / git_time:.1f}x)")


def main() -> None:
    """Run the benchmark and print medians and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sample", type=int, default=2000)
    parser.add_argument("--exclude", action="append", default=[])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--skip-peers", action="store_true")
    args = parser.parse_args()
    compile_scorecard()  # time bytecode, as a pip installation runs (see timing_env)
    repo = args.repo.resolve()
    extra = excludes(args.exclude)
    git_version = subprocess.run(["git", "--version"], capture_output=True, text=True).stdout
    total = int(subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=repo,
                               capture_output=True, text=True, check=True).stdout)
    print(f"{repo.name}: {total} commits; {git_version.strip()}; python "
          f"{sys.version.split()[0]}; {os.cpu_count()} cpus; {args.runs} runs, medians")
    git_time = bench_miner(repo, extra, args.runs)
    bench_growth(repo, extra)
    if not args.skip_peers:
        bench_peers(repo, extra, args.runs, args.sample, git_time)
    if args.check:
        check_equality(repo, extra)


if __name__ == "__main__":
    main()
