"""Backfill cost: `history build` of N quarter ends against a cold HEAD scan and `wily build`.

The commits are the ones `scorecard history build --since SINCE --every quarter` scans,
picked with the same functions the command uses (`scorecard.periods.parse_since`,
`scorecard.backfill.select_commits`); the script passes the resulting window start to the
command and checks that the snapshot store holds exactly those commits afterwards.

Each run times, with a fresh cache folder and a fresh snapshot store so nothing is reused:
the installed `scorecard scan` of HEAD (cold), and `scorecard history build`, which scans the
commit at each quarter end from git objects; files unchanged since an earlier quarter are
answered from the blob cache, so its cost depends on how much of the code changes per
quarter, which the script also reports (share of Python blobs new at each quarter end).

When wily is available (`--wily PATH`, else `wily` on PATH; it is not a dependency of
scorecard), each run also times `wily build` with a fresh wily cache over the same commits.
wily checks out every revision of the current branch, so it never touches REPO: untimed
setup builds a throwaway repository in a temporary folder whose branch is the chosen
commits' trees, oldest first, as consecutive commits with their original dates, and wily
analyses the files changed between them, as scorecard's blob cache has to. wily runs its
default operators (radon metrics of Python files; the script prints which ran) against
scorecard's full set of analyzers; the script fails if wily's index lacks any of the commits.

Usage: python benchmarks/bench_backfill.py REPO [--since 2y] [--runs 3] [--wily PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from timing_env import compile_scorecard

from scorecard.analyzers.base import FileKind
from scorecard.api import plan_scan
from scorecard.backfill import PeriodCommit, select_commits
from scorecard.errors import InputError
from scorecard.history import SnapshotStore
from scorecard.periods import parse_since
from scorecard.repo import RepoFile
from scorecard.repo.commits import CommitView

EVERY = "quarter"
BRANCH = "wily-quarters"


@dataclass(frozen=True)
class Window:
    """The backfill window and the commits `history build` scans in it."""

    since: str
    start: datetime
    periods: list[PeriodCommit]

    @property
    def distinct(self) -> list[PeriodCommit]:
        """Each chosen commit once, oldest first (quiet quarters share a commit)."""
        unique: dict[str, PeriodCommit] = {}
        for item in self.periods:
            unique.setdefault(item.sha, item)
        return sorted(unique.values(), key=lambda item: item.committed_at)


@dataclass(frozen=True)
class Wily:
    """A wily executable and the throwaway repository it analyses."""

    executable: str
    repo: Path
    revisions: list[str]


@dataclass
class Timings:
    """Wall times of every run, per tool, and the wily operators that ran."""

    cold: list[float] = field(default_factory=list)
    backfill: list[float] = field(default_factory=list)
    wily: list[float] = field(default_factory=list)
    wily_operators: set[str] = field(default_factory=set)


def _timed(command: list[str], env: dict[str, str], *, cwd: Path | None = None,
           accepted: Sequence[int] = (0, 1)) -> float:
    """Run a command and return its wall time in seconds (exit on an unaccepted status)."""
    started = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True,
                          check=False)
    elapsed = time.perf_counter() - started
    if done.returncode not in accepted:
        sys.exit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr[-500:]}")
    return elapsed


def _git(repo: Path, *args: str, env: dict[str, str] | None = None) -> str:
    """Run a git command in ``repo`` and return its stripped standard output."""
    done = subprocess.run(["git", "-C", str(repo), *args], env=env, capture_output=True,
                          text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"git {' '.join(args)} failed in {repo}: {done.stderr.strip()}")
    return done.stdout.strip()


def _fresh_env(folder: Path) -> dict[str, str]:
    """Return the environment for a scorecard run with its cache in ``folder``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCORECARD_")}
    env["SCORECARD_CACHE_DIR"] = str(folder / "cache")
    return env


def _window(repo: Path, since: str) -> Window:
    """Pick the quarter-end commits as `scorecard history build --since SINCE` does."""
    now = datetime.now(UTC)
    try:
        start = parse_since(since, now)
        periods = select_commits(repo, start, now, EVERY)
    except (ValueError, InputError) as exc:
        sys.exit(f"{repo} --since {since}: {exc}")
    if not periods:
        sys.exit(f"no commit before any quarter end since {start:%Y-%m-%d} in {repo}")
    return Window(since, start, periods)


def _python_blobs(repo: Path, rev: str) -> set[str]:
    """Return the blob ids of the Python files in a commit."""
    listing = _git(repo, "ls-tree", "-r", rev)
    return {line.split()[2] for line in listing.splitlines() if line.endswith(".py")}


def _churn_report(repo: Path, window: Window) -> str:
    """Return the share of Python blobs new at each quarter end after the first."""
    previous: set[str] = set()
    shares: list[str] = []
    for item in window.periods:
        blobs = _python_blobs(repo, item.sha)
        if previous:
            shares.append(f"{100 * len(blobs - previous) / max(len(blobs), 1):.0f}%")
        previous |= blobs
    return ", ".join(shares)


def _time_cold_scan(repo: Path) -> float:
    """Time one `scorecard scan` of HEAD with a fresh cache."""
    with tempfile.TemporaryDirectory() as folder:
        return _timed(["scorecard", "scan", str(repo), "--format", "json",
                       "--output", str(Path(folder) / "head.json")], _fresh_env(Path(folder)))


def _check_stored(store: Path, window: Window) -> None:
    """Exit unless the backfill stored a snapshot of exactly the window's commits."""
    with SnapshotStore(store, create=False) as snapshots:
        stored = {info.commit for info in snapshots.list()}
    expected = {item.sha for item in window.periods}
    if stored != expected:
        sys.exit(f"history build stored {len(stored)} commits, not the {len(expected)} "
                 f"chosen here (missing {sorted(expected - stored)}, "
                 f"extra {sorted(stored - expected)})")


def _time_backfill(repo: Path, window: Window) -> float:
    """Time `scorecard history build` of the window with a fresh cache and store."""
    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / "store.sqlite3"
        elapsed = _timed(["scorecard", "history", "build", "--path", str(repo),
                          "--since", window.start.isoformat(), "--every", EVERY,
                          "--store", str(store)], _fresh_env(Path(folder)))
        _check_stored(store, window)
    return elapsed


def _commit_env(item: PeriodCommit) -> dict[str, str]:
    """Return the environment to recreate a commit with its original date."""
    date = f"{int(item.committed_at.timestamp())} +0000"
    identity = {"NAME": "bench_backfill", "EMAIL": "bench_backfill@example.invalid",
                "DATE": date}
    env = dict(os.environ)
    for role in ("AUTHOR", "COMMITTER"):
        env.update({f"GIT_{role}_{key}": value for key, value in identity.items()})
    return env


def _quarter_repo(repo: Path, commits: list[PeriodCommit], folder: Path) -> list[str]:
    """Clone ``repo`` into ``folder`` with a branch of the commits' trees; return its shas."""
    _git(folder.parent, "clone", "--quiet", "--no-checkout", "--shared", str(repo),
         str(folder))
    revisions: list[str] = []
    for item in commits:
        parent = ["-p", revisions[-1]] if revisions else []
        revisions.append(_git(folder, "commit-tree", "--no-gpg-sign", f"{item.sha}^{{tree}}",
                              *parent, "-m", f"quarter end {item.sha}",
                              env=_commit_env(item)))
    _git(folder, "checkout", "-q", "-B", BRANCH, revisions[-1])
    return revisions


def _find_wily(option: str | None) -> tuple[str | None, str]:
    """Return the wily executable to use, or None and why the comparison is skipped."""
    if option is None:
        found = shutil.which("wily")
        return (found, "") if found else (None, "no `wily` on PATH (pass --wily PATH)")
    found = shutil.which(option)
    if found is None:
        sys.exit(f"--wily {option}: not an executable file")
    return found, ""


def _wily_version(executable: str) -> str:
    """Return wily's version number (the last word of `wily --version`)."""
    done = subprocess.run([executable, "--version"], capture_output=True, text=True,
                          check=False)
    words = done.stdout.split()
    return words[-1] if done.returncode == 0 and words else "unknown version"


def _wily_index(cache: Path) -> list[dict[str, object]]:
    """Return the revisions recorded in a wily cache (what `wily index` lists)."""
    index = cache / "git" / "index.json"
    if not index.exists():
        sys.exit(f"wily build wrote no index at {index}")
    entries: list[dict[str, object]] = json.loads(index.read_text())
    return entries


def _check_wily(cache: Path, wily: Wily) -> set[str]:
    """Exit unless wily analysed every revision; return the operators it ran."""
    entries = _wily_index(cache)
    analysed = {str(entry["key"]) for entry in entries}
    if analysed != set(wily.revisions):
        sys.exit(f"wily build analysed {len(analysed & set(wily.revisions))} of the "
                 f"{len(wily.revisions)} revisions of {wily.repo}")
    operators: set[str] = set()
    for entry in entries:
        ran = entry.get("operators")
        if isinstance(ran, list):
            operators.update(str(name) for name in ran)
    return operators


def _time_wily(wily: Wily) -> tuple[float, set[str]]:
    """Time `wily build` of the throwaway repository with a fresh cache and home folder."""
    with tempfile.TemporaryDirectory() as folder:
        home, cache = Path(folder) / "home", Path(folder) / "cache"
        home.mkdir()
        env = {**os.environ, "HOME": str(home), "TMPDIR": folder}
        # Run from the empty folder: wily reads ./wily.cfg if there is one.
        elapsed = _timed([wily.executable, "-p", str(wily.repo), "-c", str(cache), "build",
                          str(wily.repo), "-n", str(len(wily.revisions))], env,
                         cwd=Path(folder), accepted=(0,))
        return elapsed, _check_wily(cache, wily)


def _run(repo: Path, window: Window, wily: Wily | None, runs: int) -> Timings:
    """Time each tool ``runs`` times, interleaved."""
    timings = Timings()
    for _ in range(runs):
        timings.cold.append(_time_cold_scan(repo))
        timings.backfill.append(_time_backfill(repo, window))
        if wily is not None:
            elapsed, operators = _time_wily(wily)
            timings.wily.append(elapsed)
            timings.wily_operators |= operators
    return timings


def _summary(times: list[float]) -> str:
    """Return 'median X s (run, run, ...)'."""
    return (f"median {statistics.median(times):.1f} s "
            f"({', '.join(f'{t:.1f}' for t in times)})")


def _versions_report(repo: Path, window: Window) -> str:
    """Return the union of the commits' analysed file versions against HEAD's files.

    This is what a blob-level cache cannot avoid: every distinct (path, blob) of the chosen
    commits is analysed once, so in bytes it bounds the backfill's per-file work from below.
    """
    plan = plan_scan(repo)
    versions: dict[tuple[str, str], int] = {}
    head: list[RepoFile] = []
    for item in window.distinct:
        view = plan.view(repo, item.sha)
        try:
            head = [f for f in view.list_files().files
                    if any(a.file_kind is not FileKind.NONE and a.wants(f.path)
                           for a in plan.analyzers)]
        finally:
            if isinstance(view, CommitView):
                view.close()
        versions.update({(f.path, str(f.blob)): f.size for f in head})
    head_bytes = sum(f.size for f in head) or 1
    return (f"{len(versions)} ({len(versions) / max(len(head), 1):.2f}x the newest commit's "
            f"{len(head)} files; {sum(versions.values()) / head_bytes:.2f}x its bytes)")


def _report(repo: Path, window: Window, timings: Timings, wily_note: str) -> None:
    """Print the commits, the churn, every tool's times and the ratios."""
    distinct = window.distinct
    print(f"repository: {repo.name}")
    print(f"quarter ends since {window.since}: {len(window.periods)} "
          f"(distinct commits: {len(distinct)}, {distinct[0].committed_at:%Y-%m-%d} "
          f"to {distinct[-1].committed_at:%Y-%m-%d})")
    print(f"new Python blobs per quarter end (vs all earlier ones): "
          f"{_churn_report(repo, window)}")
    print(f"file versions the backfill analyses: {_versions_report(repo, window)}")
    cold, backfill = statistics.median(timings.cold), statistics.median(timings.backfill)
    print(f"cold HEAD scan: {_summary(timings.cold)}")
    print(f"history build --since {window.since} --every {EVERY}: {_summary(timings.backfill)}")
    print(f"ratio history build / cold HEAD scan: {backfill / cold:.2f}x")
    if not timings.wily:
        print(f"wily comparison skipped: {wily_note}")
        return
    print(f"wily build ({wily_note}) of the same commits: {_summary(timings.wily)}")
    print(f"wily operators: {', '.join(sorted(timings.wily_operators))} "
          "(scorecard runs all its analyzers)")
    print(f"ratio history build / wily build: {backfill / statistics.median(timings.wily):.2f}x "
          "(below 1: scorecard is faster)")


def _arguments() -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("repo", type=Path)
    parser.add_argument("--since", default="2y")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--wily", help="wily executable (default: `wily` on PATH; the wily "
                        "comparison is skipped without one)")
    parser.add_argument("--no-wily", action="store_true",
                        help="skip the wily comparison (e.g. a clone with absent blobs, "
                        "which wily refuses as a dirty work tree)")
    return parser.parse_args()


def main() -> None:
    """Time the tools several times and print the medians and their ratios."""
    args = _arguments()
    compile_scorecard()  # time bytecode, as a pip installation runs (see timing_env)
    repo = args.repo.resolve()
    executable, wily_note = (None, "--no-wily given") if args.no_wily else \
        _find_wily(args.wily)
    window = _window(repo, args.since)
    with tempfile.TemporaryDirectory() as scratch:
        wily: Wily | None = None
        if executable is not None:
            folder = Path(scratch) / "wilyrepo"
            wily = Wily(executable, folder, _quarter_repo(repo, window.distinct, folder))
            wily_note = f"wily {_wily_version(executable)}"
        timings = _run(repo, window, wily, args.runs)
    _report(repo, window, timings, wily_note)


if __name__ == "__main__":
    main()
