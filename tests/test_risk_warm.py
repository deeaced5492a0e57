"""The risk model's fit in a process started ahead: same result, or a fit in process."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from scorecard.analyzers.history.options import HistoryOptions
from scorecard.analyzers.history.read_ahead import warm_risk_fit
from scorecard.risk import risk_model as model
from scorecard.risk import warm
from scorecard.risk.regression import fit_poisson
from scorecard.risk.warm import (
    FitterProcess,
    spare_core,
    start_fitter,
    stop_fitter,
    take_fitter,
)
from tests.gitrepo import GitRepo

ROWS = [[float(i % 7), float(i % 3), (i * 37 % 11) / 3.0, float(i % 5), 1.0, 0.5 * (i % 2)]
        for i in range(120)]
LABELS = [int(row[0] > 4) + int(row[2] > 2.5) for row in ROWS]


def _wait_ready(fitter: FitterProcess, seconds: float = 120.0) -> None:
    deadline = time.monotonic() + seconds
    while not fitter.ready():
        assert time.monotonic() < deadline, "the fitting process never became ready"
        time.sleep(0.05)


def test_the_process_fits_exactly_as_in_process() -> None:
    fitter = FitterProcess.start()
    assert fitter is not None
    try:
        _wait_ready(fitter)
        assert fitter.fit(ROWS, LABELS) == fit_poisson(ROWS, LABELS)
    finally:
        fitter.stop()


def test_a_process_that_is_not_ready_is_stopped_and_the_fit_runs_here(
        monkeypatch: pytest.MonkeyPatch) -> None:
    slow = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    monkeypatch.setattr(warm, "_waiting", FitterProcess(slow))
    monkeypatch.setattr(warm, "READY_WAIT_SECONDS", 0.2)
    assert model.fit_model(ROWS, LABELS) == fit_poisson(ROWS, LABELS)
    assert slow.poll() is not None and take_fitter() is None


def test_a_fit_waits_for_a_process_still_importing(monkeypatch: pytest.MonkeyPatch) -> None:
    # Its import has a head start: what is left of it is shorter than a whole import here.
    answer = json.dumps({"coefficients": [0.5] * len(ROWS[0]), "intercept": -1.0})
    script = ("import sys, time; time.sleep(0.5); sys.stdout.buffer.write(b'ready\\n'); "
              f"sys.stdout.flush(); sys.stdin.read(); print({answer!r})")
    late = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE)
    monkeypatch.setattr(warm, "_waiting", FitterProcess(late))
    assert model.fit_model(ROWS, LABELS) == ((0.5,) * len(ROWS[0]), -1.0)
    assert late.poll() is not None and take_fitter() is None


@pytest.mark.parametrize("reply", [b"ready\nnot json\n", b"ready\n{\"coefficients\": [1]}\n",
                                   b"ready\n"])
def test_a_bad_answer_falls_back_to_the_fit_here(reply: bytes,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    script = f"import sys; sys.stdout.buffer.write({reply!r}); sys.stdout.flush(); sys.stdin.read()"
    liar = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE)
    fitter = FitterProcess(liar)
    deadline = time.monotonic() + 60
    while not fitter.ready():
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert fitter.fit(ROWS, LABELS) is None
    fitter.stop()
    monkeypatch.setattr(warm, "_waiting", None)
    assert model.fit_model(ROWS, LABELS) == fit_poisson(ROWS, LABELS)


def test_the_process_imports_nothing_from_the_working_directory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A scanned repository is data: its numpy.py must not run when the scan starts Python.
    marker = tmp_path / "ran"
    (tmp_path / "numpy.py").write_text(f"open({str(marker)!r}, 'w').close()\n")
    (tmp_path / "scorecard").mkdir()
    (tmp_path / "scorecard" / "__init__.py").write_text(f"open({str(marker)!r}, 'w').close()\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    fitter = FitterProcess.start()
    assert fitter is not None
    try:
        _wait_ready(fitter)
        assert fitter.fit(ROWS, LABELS) == fit_poisson(ROWS, LABELS)
    finally:
        fitter.stop()
    assert not marker.exists()


def test_no_process_where_scikit_learn_is_loaded_already() -> None:
    # This test module imported scorecard.risk.regression: a long-lived worker fits in process.
    assert start_fitter() is False and take_fitter() is None


def _history(repo: GitRepo, days: list[int]) -> None:
    start = datetime(2022, 1, 3, 12, tzinfo=UTC)
    for day in days:
        repo.commit({"a.py": f"a = {day}\n"}, date=(start + timedelta(days=day)).isoformat())


@pytest.mark.parametrize(("days", "options", "warmed"), [
    ([0, 400, 800], {}, True),  # reaches two windows back from the moment
    ([700, 750, 800], {}, False),  # too young to fit: the prior will be used
    ([0, 400, 800], {"risk_model": "prior"}, False),
    ([0, 400, 800], {"risk": False}, False),
])
def test_the_process_is_started_only_when_the_scan_will_fit(
        git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch, days: list[int],
        options: dict[str, object], warmed: bool) -> None:
    started: list[bool] = []
    monkeypatch.setattr("scorecard.analyzers.history.read_ahead.start_fitter",
                        lambda: started.append(True) or True)
    _history(git_repo, days)
    now = datetime(2022, 1, 3, 12, tzinfo=UTC) + timedelta(days=801)
    assert warm_risk_fit(git_repo.root, HistoryOptions(**options),  # type: ignore[arg-type]
                         "HEAD", now) is warmed
    assert started == ([True] if warmed else [])


def test_stop_without_a_process_is_harmless() -> None:
    stop_fitter()
    stop_fitter()
    assert take_fitter() is None


@pytest.mark.parametrize(("cores", "load", "spare"), [
    (2, 0.2, True),  # an idle machine: the warm-up fills the core the summaries leave
    (2, 1.2, True),  # one scan running: the other core is free
    (2, 1.6, False),  # two busy workers on two cores: no core to spare
    (16, 15.7, False),
    (16, 9.0, True),
    (1, 0.0, False),  # one core: the warm-up would only compete with the scan
])
def test_the_warm_up_needs_an_idle_core(cores: int, load: float, spare: bool) -> None:
    assert spare_core(cores, load) is spare
