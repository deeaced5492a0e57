"""One repository of an org scan: the function a Dask worker runs.

:func:`scan_repository` clones or fetches the repository, skips it when its commit is stored
already, fetches the blobs the scan reads, then runs ``scorecard scan --rev COMMIT`` in a
child process: the child has the per-repository deadline (its process group is killed past
it) and an address-space limit (``RLIMIT_AS``), so a runaway scan ends with an error for
that repository and never takes the worker down. With a PostgreSQL store the worker saves
the snapshot itself (one transaction); with a SQLite file the report travels back to the
client, which saves it. Nothing here raises: every failure is an :class:`Outcome` with an
error line.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from scorecard.org.commit_config import commit_config
from scorecard.org.repos import RepoSpec
from scorecard.org.scan_process import (
    SINGLE_THREADED,
    ChildRun,
    ForkUnavailable,
    can_fork_scans,
    run_in_fork,
    set_limits,
)
from scorecard.repo.clones import (
    CloneError,
    commit_date_back,
    head_commit,
    hydrate,
    obtainable,
    prepare,
    window_start,
)

__all__ = ["Outcome", "TaskSettings", "scan_repository"]

HISTORY_DAYS = 365  # the scan's default history window (history.since_days)
# The risk model is fitted on the window before the measured one (reading_window in
# scorecard.analyzers.history.window), and following renames with edits there reads their
# content: the blobs of both windows are fetched, or the fit would differ from a full clone's.
READ_DAYS = 2 * HISTORY_DAYS
# CPU seconds of the running task's forked scan children, per thread (a worker may run
# tasks in several threads): no children of this process, so RUSAGE_CHILDREN misses them.
_CHILD_CPU = threading.local()


@dataclass(frozen=True)
class TaskSettings:
    """What every repository's task needs (sent to the workers)."""

    workspace: str
    timeout: float = 1800.0
    memory_bytes: int = 4 * 1024**3
    store_url: str | None = None  # a PostgreSQL store the worker writes to; None: the client
    token: str | None = field(default=None, repr=False)  # never in a log line
    backfill: str | None = None  # e.g. "2y": the quarter ends too
    git_seconds: float = 600.0


@dataclass
class Outcome:
    """How one repository's scan went."""

    name: str
    status: str  # ok | skipped | failed
    commit: str | None = None
    committed_at: str | None = None
    error: str = ""
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # of the git and scan processes (one task per worker at a time)
    clone_seconds: float = 0.0  # clone or fetch, and the blobs the scan reads
    report_json: str | None = None  # the HEAD report, when the client saves it
    backfill_json: list[tuple[str, str]] = field(default_factory=list)  # (date, report)
    saved: int = 0
    kind: str = ""
    language: str = ""
    team: str = ""  # from CODEOWNERS, when the REPOS file names none
    worker_pid: int = 0


def _run_scorecard(args: list[str], settings: TaskSettings, deadline: float) -> str:
    """Run ``scorecard ARGS`` under the deadline and limits, in a child process.

    A child of the fork server that imported scorecard once (:mod:`scan_process`) where
    this process may start one, else a fresh interpreter (``python -m scorecard``).
    """
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError(f"timed out after {settings.timeout:g} s")
    environ = {"SCORECARD_GIT_TIMEOUT": str(max(1, int(min(left, settings.git_seconds))))}
    run = _run_child(args, environ, settings.memory_bytes, left)
    if run is None:
        raise TimeoutError(f"timed out after {settings.timeout:g} s")
    _CHILD_CPU.seconds = getattr(_CHILD_CPU, "seconds", 0.0) + run.cpu_seconds
    if run.exit_code != 0:
        raise _scan_failure(run.exit_code, run.stderr, settings)
    return ""


def _run_child(args: list[str], environ: dict[str, str], memory_bytes: int,
               seconds: float) -> ChildRun | None:
    """Run the scan in a forked child where this worker can fork one, else an interpreter."""
    if can_fork_scans():
        try:
            return run_in_fork(args, environ=environ, removed=["GITHUB_TOKEN"],
                               memory_bytes=memory_bytes, seconds=seconds)
        except ForkUnavailable:
            pass  # the fork server did not start: an interpreter, now and from now on
    return _run_interpreter(args, environ, memory_bytes, seconds)


def _run_interpreter(args: list[str], environ: dict[str, str], memory_bytes: int,
                     seconds: float) -> ChildRun | None:
    """Run ``python -m scorecard ARGS`` in a fresh interpreter; None when past ``seconds``."""
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_TOKEN"}
    env.update(SINGLE_THREADED)
    env.update(environ)
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "scorecard", *args], env=env, start_new_session=True,
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        preexec_fn=lambda: set_limits(memory_bytes))  # noqa: PLW1509
    try:
        _, err = process.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        return None
    finally:
        with contextlib.suppress(OSError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    return ChildRun(process.returncode, err, 0.0)  # its CPU time is this process's children's


def _scan_failure(returncode: int, err: bytes, settings: TaskSettings) -> RuntimeError:
    """Explain a failed scan: killed by a signal, out of memory, or its last stderr line."""
    lines = [line for line in err.decode("utf-8", "replace").splitlines() if line.strip()]
    if returncode < 0:
        reason = signal.Signals(-returncode).name
        return RuntimeError(f"the scan was killed ({reason}; memory limit "
                            f"{settings.memory_bytes // 1024**2} MiB?)")
    if any("MemoryError" in line for line in lines):
        return RuntimeError(f"the scan ran out of memory (limit "
                            f"{settings.memory_bytes // 1024**2} MiB)")
    return RuntimeError((lines[-1] if lines else f"exit {returncode}")
                        .removeprefix("scorecard: ")[:300])


def _scan(dest: Path, commit: str, settings: TaskSettings, deadline: float) -> str:
    with tempfile.TemporaryDirectory(prefix="scorecard-org-") as folder:
        out = Path(folder) / "report.json"
        config = commit_config(dest, commit, Path(folder))
        with _config_named(folder, commit):
            _run_scorecard(["scan", str(dest), "--rev", commit, *config, "--format", "json",
                            "--output", str(out), "--jobs", "1"], settings, deadline)
        return out.read_text(encoding="utf-8")


@contextlib.contextmanager
def _config_named(folder: str, commit: str) -> Iterator[None]:
    """Name a configuration error's file as the repository holds it, not by its copy.

    The copy lives in a scratch folder that is gone when the error is read.
    """
    try:
        yield
    except RuntimeError as exc:
        raise RuntimeError(str(exc).replace(f"{folder}{os.sep}", f"{commit[:12]}:")) from exc


def _backfill(dest: Path, commit: str, settings: TaskSettings,
              deadline: float) -> list[tuple[str, str]]:
    """Scan the quarter ends of the backfill window into a scratch store; their reports.

    Every quarter end is scanned with the configuration of ``commit`` (the newest), as
    ``history build`` in a work tree uses the one checked out.
    """
    from scorecard.history import SnapshotStore
    from scorecard.serialisation import render_json

    with tempfile.TemporaryDirectory(prefix="scorecard-org-") as folder:
        scratch = Path(folder) / "history.sqlite3"
        config = commit_config(dest, commit, Path(folder))
        with _config_named(folder, commit):
            _run_scorecard(["history", "build", "--path", str(dest), *config, "--since",
                            str(settings.backfill), "--every", "quarter", "--store",
                            str(scratch)], settings, deadline)
        if not scratch.exists():
            return []
        found: list[tuple[str, str]] = []
        with SnapshotStore(scratch, create=False) as store:
            for info in store.list():
                report = store.load(info.commit)
                if report is not None:
                    found.append((info.committed_at, render_json(report)))
        return found


def _facts(report_json: str) -> tuple[str, str]:
    """Return the project kind and the main language a report names ("" when unknown).

    The main language is the one with the most lines: of the languages whose functions
    were measured (the complexity facts), else of those read as text (Rust, C#).
    """
    from scorecard.facts import ComplexityFacts, SignalsFacts
    from scorecard.serialisation import report_from_dict

    try:
        report = report_from_dict(json.loads(report_json))
    except (ValueError, TypeError, KeyError):
        return "", ""
    signals = report.facts(SignalsFacts)
    complexity = report.facts(ComplexityFacts)
    lines: dict[str, int] = {}
    if complexity is not None:
        lines = {count.language: count.lines for count in complexity.languages}
    if not any(lines.values()) and signals is not None:
        lines = {name: other.lines for name, other in signals.other_languages.items()}
    language = max(lines, key=lambda name: (lines[name], name)) if any(lines.values()) else ""
    kind = signals.kind if signals is not None else ""
    return kind[:40], language.lower()[:40]


def _save_to_store(spec: RepoSpec, outcome: Outcome, settings: TaskSettings) -> None:
    """Save the reports from the worker (PostgreSQL store): one transaction each."""
    from scorecard.serialisation import report_from_dict
    from scorecard.stores import open_store

    assert settings.store_url is not None
    with open_store(Path(settings.workspace), settings.store_url,
                    repository=spec.name) as store:
        for date, text in outcome.backfill_json:
            store.save(report_from_dict(json.loads(text)), date)
            outcome.saved += 1
        if outcome.report_json is not None and outcome.committed_at is not None:
            store.save(report_from_dict(json.loads(outcome.report_json)), outcome.committed_at)
            outcome.saved += 1
    outcome.report_json = None
    outcome.backfill_json = []


def _scan_hydrated(spec: RepoSpec, dest: Path, commit: str, settings: TaskSettings,
                   deadline: float, git_seconds: float) -> str:
    """Scan the clone; when git misses a blob, fetch the whole history and scan again."""
    try:
        report_json = _scan(dest, commit, settings, deadline)
    except RuntimeError as exc:
        if "unable to read" not in str(exc) and "missing" not in str(exc):
            raise
    else:
        # The history may have been read around blobs outside the window fetched (a longer
        # configured window): then fetch all of them and scan again, unless the source
        # lacks them too (an incomplete mirror): the first scan is as good as it gets.
        unread = _first_unread(report_json)
        if not unread or not obtainable(spec, [unread], seconds=git_seconds):
            return report_json
    hydrate(spec, dest, commit, None, seconds=git_seconds, token=settings.token)
    return _scan(dest, commit, settings, deadline)


def _read_since(dest: Path, commit: str, committed: datetime, days: int,
                git_seconds: float) -> datetime | None:
    """Return the first moment whose blobs the scan reads (None: the whole history).

    The history's windows, and the commits the removal lookups search (the newest
    ``removal_window`` commits, which in a quiet repository reach back further than two
    years, and are its whole history when it has fewer), each with the margin their
    oldest diffs need.
    """
    from scorecard.analyzers.overrides.overrides_analyzer import OverridesOptions

    oldest = commit_date_back(dest, commit, OverridesOptions.removal_window,
                              seconds=git_seconds)
    if oldest is None:
        return None
    return min(window_start(committed, days), window_start(oldest, 0))


def _first_unread(report_json: str) -> str:
    """Return the first object the report's history was read around ("" when none was)."""
    history = json.loads(report_json).get("details", {}).get("history")
    unreadable = history.get("unreadable") if isinstance(history, dict) else None
    return str(unreadable.get("first_object") or "") if isinstance(unreadable, dict) else ""


def scan_repository(spec: RepoSpec, settings: TaskSettings,
                    stored: frozenset[str] = frozenset()) -> Outcome:
    """Clone or fetch, then scan one repository; never raises (failures are outcomes)."""
    started = time.monotonic()
    cpu_before = _children_cpu()
    _CHILD_CPU.seconds = 0.0
    deadline = started + settings.timeout
    outcome = Outcome(spec.name, "failed", worker_pid=os.getpid())
    try:
        workspace = Path(settings.workspace)
        git_seconds = min(settings.git_seconds, settings.timeout)
        dest = prepare(spec, workspace, seconds=git_seconds, token=settings.token)
        commit, committed = head_commit(dest, seconds=git_seconds)
        outcome.commit, outcome.committed_at = commit, committed.isoformat()
        if commit in stored and not settings.backfill:
            outcome.status = "skipped"
            return outcome
        days = READ_DAYS
        if settings.backfill:
            days += _backfill_days(settings.backfill)
        hydrate(spec, dest, commit, _read_since(dest, commit, committed, days, git_seconds),
                seconds=git_seconds, token=settings.token)
        outcome.clone_seconds = round(time.monotonic() - started, 3)
        outcome.report_json = _scan_hydrated(spec, dest, commit, settings, deadline,
                                             git_seconds)
        if settings.backfill:
            outcome.backfill_json = _backfill(dest, commit, settings, deadline)
        outcome.kind, outcome.language = _facts(outcome.report_json)
        if not spec.team:
            outcome.team = _codeowners_team(outcome.report_json)
        if settings.store_url is not None:
            _save_to_store(spec, outcome, settings)
        outcome.status = "ok"
    except (CloneError, TimeoutError, RuntimeError, OSError, ValueError) as exc:
        outcome.error = str(exc).splitlines()[0][:300] if str(exc) else type(exc).__name__
    except Exception as exc:  # noqa: BLE001 - a repository's failure never stops the batch
        outcome.error = f"{type(exc).__name__}: {str(exc)[:250]}"
    finally:
        outcome.seconds = round(time.monotonic() - started, 3)
        outcome.cpu_seconds = round(_children_cpu() - cpu_before + _CHILD_CPU.seconds, 3)
    return outcome


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _codeowners_team(report_json: str) -> str:
    """Return the first owner of the root files in the report's CODEOWNERS (@acme/core: core)."""
    from scorecard.owners import report_owners
    from scorecard.serialisation import report_from_dict

    try:
        rules = report_owners(report_from_dict(json.loads(report_json)).owners)
    except Exception:  # noqa: BLE001 - a team is a label; its absence is no failure
        return ""
    owners = rules.owners_of("README.md") if rules else ()
    return owners[0].lstrip("@").split("/")[-1][:60] if owners else ""


def _backfill_days(text: str) -> int:
    from datetime import UTC, datetime

    from scorecard.periods import parse_since

    now = datetime.now(UTC)
    return max(0, (now - parse_since(text, now)).days)
