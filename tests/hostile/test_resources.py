"""Resource bounds: huge and pathological files, 20,000 files, dying workers, Ctrl-C.

Times and memory are measured in benchmarks/, not asserted here; the few bounds below are
generous ceilings against blow-ups (quadratic time, unbounded memory), not speed targets.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scorecard.history import SnapshotStore
from tests.gitrepo import GitRepo, hermetic_env
from tests.hostile.generators import (
    PROJECT_ROOT,
    big_file,
    deep_expression,
    long_list_literal,
    many_tiny_files,
    nested_parentheses,
    problems_by_path,
    scan,
)

TINY_FILES = 20_000
MEMORY_CEILING_MB = 1024  # measured about 160 MB; a ceiling against leaks, not a target


@pytest.fixture(scope="module")
def twenty_thousand(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    repo = GitRepo.create(tmp_path_factory.mktemp("tiny") / "repo")
    many_tiny_files(repo, TINY_FILES)
    return repo


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def _cli(*args: str, cwd: Path | None = None) -> subprocess.Popen[str]:
    # A session of its own: the signal goes to the whole group, as a terminal's Ctrl-C does.
    return subprocess.Popen([sys.executable, "-m", "scorecard", *args], cwd=cwd or PROJECT_ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


@pytest.mark.slow
def test_twenty_thousand_files_with_bounded_memory(twenty_thousand: GitRepo, tmp_path: Path,
                                                   record_property: pytest.RecordProperty
                                                   ) -> None:
    output = tmp_path / "report.json"
    process = _cli("scan", str(twenty_thousand.root), "-f", "json", "-o", str(output),
                   "--no-cache", "--jobs", "2")
    # wait4 gives this child's own peak RSS, and that of the workers it waited for.
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    stderr = process.stderr.read() if process.stderr else ""
    assert process.returncode == 0, stderr
    peak_mb = usage.ru_maxrss / 1024
    record_property("peak_rss_mb_20k_files", round(peak_mb))
    print(f"\npeak RSS of a 20,000-file scan: {peak_mb:.0f} MB")
    report = json.loads(output.read_text())
    assert report["details"]["scan"]["python_files"] == TINY_FILES + TINY_FILES // 500
    assert report["details"]["complexity"]["functions"] == TINY_FILES
    assert not report["problems"]
    assert peak_mb < MEMORY_CEILING_MB


def test_fifty_megabyte_file_is_reported_never_read(git_repo: GitRepo,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    git_repo.commit({"small.py": "x = 1\n"})
    big_file(git_repo.root / "huge.py", 50)
    git_repo.commit(message="huge")
    from scorecard.repo import RepoView

    original = RepoView.read_bytes
    read: list[str] = []

    def spy(self: RepoView, path: str) -> bytes:
        read.append(path)
        return original(self, path)

    monkeypatch.setattr(RepoView, "read_bytes", spy)
    for report in (scan(git_repo.root), scan(git_repo.root, rev="HEAD")):
        message = " ".join(problems_by_path(report)["huge.py"])
        assert "too large (50.0 MB over the 2.0 MB per-file limit)" in message
    assert "huge.py" not in read


def test_pathological_python_files(git_repo: GitRepo) -> None:
    """Deep nesting and one huge statement: a clear problem or a normal measure, never a hang."""
    git_repo.commit({
        "parens.py": nested_parentheses(100_000),
        "deep_chain.py": deep_expression(600),  # parses; deeper than radon's visitor recursion
        "too_deep.py": deep_expression(20_000),  # deeper than CPython's own parser goes
        "long_list.py": long_list_literal(4000),
        "ok.py": "def f(x):\n    return x\n",
    })
    started = time.perf_counter()
    report = scan(git_repo.root)
    elapsed = time.perf_counter() - started
    problems = {path: " ".join(m) for path, m in problems_by_path(report).items()}
    assert "too many nested parentheses" in problems["parens.py"]
    assert "nested too deeply" in problems["too_deep.py"]
    # The complexity analyzer gives up on this file with a reason; the others measure it.
    assert "nested too deeply" in problems["deep_chain.py"]
    assert "long_list.py" not in problems and "ok.py" not in problems
    sloc = report.details["complexity"].file_sloc
    assert sloc["long_list.py"] == 4002
    assert elapsed < 60  # radon's raw metrics alone take ~40 s on the 4,000-line statement


@pytest.mark.slow
def test_a_worker_that_dies_costs_one_file(git_repo: GitRepo,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A native crash or the OOM killer ends a worker: that file is a problem, the rest counts."""
    from scorecard.analyzers import analyzer_by_name

    docstrings = type(analyzer_by_name("docstrings"))
    original = docstrings.analyze_file

    def crash_on_marker(self, item, options):  # type: ignore[no-untyped-def]
        if "KILL-THIS-WORKER" in item.text:
            os.kill(os.getpid(), signal.SIGKILL)
        return original(self, item, options)

    # Workers are forked, so they inherit the patched method.
    monkeypatch.setattr(docstrings, "analyze_file", crash_on_marker)
    git_repo.commit({f"m{i}.py": f"def f{i}(x):\n    return x\n" for i in range(120)}
                    | {"killer.py": "# KILL-THIS-WORKER\nx = 1\n"})
    report = scan(git_repo.root, flags={"jobs": 2})
    problems = problems_by_path(report)
    assert list(problems) == ["killer.py"]
    assert "worker process" in problems["killer.py"][0]
    assert report.details["complexity"].functions == 120


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_file_past_the_time_limit_is_a_problem(git_repo: GitRepo, jobs: int,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """An analysis stuck on one file stops at max_file_seconds; the rest of the scan counts."""
    from scorecard.analyzers import analyzer_by_name

    docstrings = type(analyzer_by_name("docstrings"))
    original = docstrings.analyze_file

    def stall_on_marker(self, item, options):  # type: ignore[no-untyped-def]
        if "STALL-HERE" in item.text:
            while True:  # pure-Python busy loop: only a timer can stop it
                pass
        return original(self, item, options)

    monkeypatch.setattr(docstrings, "analyze_file", stall_on_marker)
    count = 60 if jobs == 2 else 3  # enough files for the worker pool to start
    git_repo.commit({f"m{i}.py": f"def f{i}(x):\n    return x\n" for i in range(count)}
                    | {"slow.py": "# STALL-HERE\nx = 1\n"})
    started = time.perf_counter()
    report = scan(git_repo.root, flags={"jobs": jobs, "max_file_seconds": 1})
    assert time.perf_counter() - started < 30
    problems = problems_by_path(report)
    assert list(problems) == ["slow.py"]
    assert "took longer than 1 s" in problems["slow.py"][0]
    assert report.details["complexity"].functions == count


def _interrupt_when_analysing(process: subprocess.Popen[str], deadline: float = 60) -> None:
    """Send Ctrl-C to the group once the scan has started its worker processes."""
    end = time.monotonic() + deadline
    seen: set[int] = set()
    while time.monotonic() < end and process.poll() is None:
        # Forked workers carry the parent's command line; git children do not, but between
        # fork and exec they do too: a worker is a child seen with the parent's command
        # line twice, 0.2 s apart.
        workers = {child for child in _children(process.pid)
                   if "scorecard" in _command_line(child)}
        if workers & seen:
            break
        seen = workers
        time.sleep(0.2)
    os.killpg(process.pid, signal.SIGINT)


def _command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text(errors="replace")
    except OSError:
        return ""  # it ended meanwhile


@pytest.mark.slow
def test_ctrl_c_mid_scan_leaves_no_output_and_no_store(twenty_thousand: GitRepo,
                                                       tmp_path: Path) -> None:
    output = tmp_path / "report.json"
    store = tmp_path / "store.sqlite3"
    process = _cli("scan", str(twenty_thousand.root), "-f", "json", "-o", str(output),
                   "--no-cache", "--jobs", "2", "--save", "--store", str(store))
    _interrupt_when_analysing(process)
    started = time.monotonic()
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert stderr.strip() == "scorecard: interrupted", stderr
    assert time.monotonic() - started < 30  # queued work is dropped, not finished first
    assert not output.exists()
    assert not list(tmp_path.glob(".report.json.*"))
    assert not store.exists()


@pytest.mark.slow
def test_ctrl_c_during_history_build_leaves_a_sound_store(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "repo")
    many_tiny_files(repo, 1500)
    for month in range(2, 8):
        repo.commit({f"pkg0/m{month}.py": f"def g(x):\n    return {month}\n"},
                    date=f"2026-0{month}-10T12:00:00+00:00")
    store = tmp_path / "store.sqlite3"
    process = _cli("history", "build", "--path", str(repo.root), "--since", "2026-01-01",
                   "--every", "month", "--store", str(store))
    # Interrupt once the first snapshot is in: the others are being scanned side by side.
    end = time.monotonic() + 120
    while time.monotonic() < end and process.poll() is None:
        if store.exists():
            try:
                with SnapshotStore(store, create=False) as snapshots:
                    if snapshots.list():
                        break
            except Exception:  # noqa: BLE001 - the writer may be creating it right now
                pass
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    print(f"\nhistory build ended with {process.returncode} (130: interrupted)")
    assert process.returncode in (0, 130), stderr  # 0 only if it finished first
    assert "Traceback" not in stderr
    with SnapshotStore(store, create=False) as snapshots:
        infos = snapshots.list()
        assert infos
        for info in infos:
            loaded = snapshots.load(info.commit)
            assert loaded is not None and loaded.commit == info.commit


def test_sigterm_stops_the_scan_and_every_git_it_started(git_repo: GitRepo,
                                                         tmp_path: Path) -> None:
    # A CI cancellation or `timeout` sends SIGTERM to scorecard alone; its git children
    # run in process groups of their own and must not outlive it. git here is a wrapper
    # (named by GIT_PYTHON_GIT_EXECUTABLE) whose history reading hangs.
    git_repo.commit({"a.py": "def f(x):\n    return x\n"})
    pids = tmp_path / "pids"
    pids.mkdir()
    real_git = shutil.which("git")
    wrapper = tmp_path / "slow-git"
    wrapper.write_text(f'#!/bin/sh\ncase " $* " in *" log "*) echo $$ > {pids}/$$; '
                       f'exec sleep 300;; esac\nexec {real_git} "$@"\n')
    wrapper.chmod(0o755)
    env = {**hermetic_env(), "GIT_PYTHON_GIT_EXECUTABLE": str(wrapper),
           "SCORECARD_CACHE_DIR": str(tmp_path / "cache")}
    process = subprocess.Popen([sys.executable, "-m", "scorecard", "scan", str(git_repo.root),
                                "-f", "json", "-o", str(tmp_path / "r.json")],
                               cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=env)
    end = time.monotonic() + 60
    while time.monotonic() < end and not list(pids.iterdir()) and process.poll() is None:
        time.sleep(0.1)
    hung = [int(p.name) for p in pids.iterdir()]
    assert hung, "the history reading never started"
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert stderr.strip() == "scorecard: interrupted", stderr
    time.sleep(0.5)
    for pid in hung:
        assert not Path(f"/proc/{pid}").exists() or "sleep" not in _command_line(pid), pid
