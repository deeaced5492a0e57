"""Durations and dates from the command line and the configuration: exit 2 and one line.

A span or date outside what ``datetime`` can hold (years 1 to 9999, a billion days) made
the arithmetic overflow (OverflowError, a traceback). Every place a duration or a date is
parsed is covered: ``--since`` and ``--until`` of ``scan``, ``history build --since`` and
``--every``, ``report --quarter``, ``backtest --at``, and ``since``/``until``/``since_days``
of the history options in a configuration file.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from scorecard.periods import parse_since, quarter_ends, shift_days
from tests.gitrepo import GitRepo
from tests.hostile.generators import assert_error_line, run_cli

NOW = datetime(2026, 6, 1, tzinfo=UTC)
BAD_SPANS = ["99999999y", "1000000000000000000000000y", "9" * 5000 + "d", "2740000d",
             "0001-01-01", "2026-13-45", "yesterday", "", "12x", "\x1b[31m1y"]


@pytest.mark.parametrize("text", BAD_SPANS, ids=range(len(BAD_SPANS)))
def test_parse_since_raises_only_value_error(text: str) -> None:
    try:
        parse_since(text, NOW)
    except ValueError as exc:
        assert "\n" not in str(exc) and "\x1b" not in str(exc)


def test_shifts_and_quarters_stay_inside_the_calendar() -> None:
    with pytest.raises(ValueError, match="calendar"):
        shift_days(datetime(1, 1, 2, tzinfo=UTC), 2)
    with pytest.raises(ValueError, match="calendar"):
        shift_days(NOW, 10**12)
    for year, quarter, count in ((0, 1, 1), (1, 2, 3), (9999, 4, 1), (-5, 1, 2)):
        with pytest.raises(ValueError, match="calendar"):
            quarter_ends(year, quarter, count)


@pytest.fixture
def repo(git_repo: GitRepo) -> GitRepo:
    git_repo.commit({"app.py": "def f(x):\n    return x\n"})
    return git_repo


def test_command_line_durations(repo: GitRepo) -> None:
    root = str(repo.root)
    for args, fragment in [
        (["scan", root, "--since", "99999999y"], "--since"),
        (["scan", root, "--since", "0001-01-01"], "--since"),
        (["scan", root, "--since", "2026-02-30"], "--since"),
        (["scan", root, "--until", "0001-01-01"], "--until"),
        (["scan", root, "--until", "99999999y"], "--until"),
        (["scan", root, "--until", "\x1b]0;title\x07"], "--until"),
        (["history", "build", "--path", root, "--since", "99999999y"], "--since"),
        (["history", "build", "--path", root, "--every", "fortnight"], "--every"),
        (["report", root, "--quarter", "0000Q1", "-o", "-"], "calendar"),
        (["report", root, "--quarter", "9999Q4", "-o", "-"], "calendar"),
        (["backtest", root, "--at", "99999999y"], "--at"),
        (["backtest", root, "--at", "9999-12-01"], "--at"),
        (["backtest", root, "--at", "0001-01-01"], "--at"),
    ]:
        line = assert_error_line(run_cli(*args), fragment)
        assert "\x1b" not in line and "\x07" not in line


@pytest.mark.parametrize("table", [
    "since_days = 1e300", "since_days = 99999999999", "since_days = -1", "since_days = 0",
    'since = "yesterday"', 'until = "0001-01-01"', 'since = "2026-02-30"',
    'until = "9999-12-31T23:59:59"\nsince = "9999-12-31T23:59:59"',
    'since = "2026-01-01\\u001b[2J"',
])
def test_history_window_options(repo: GitRepo, table: str) -> None:
    (repo.root / "scorecard.toml").write_text(f"[history]\n{table}\n")
    line = assert_error_line(run_cli("checks", str(repo.root)), "history.")
    assert "\x1b" not in line


def test_a_window_near_year_one_scans(repo: GitRepo) -> None:
    """The risk model also reads the window before the measured one: it stops at year 1."""
    (repo.root / "scorecard.toml").write_text('[history]\nuntil = "0110-01-01"\n'
                                              "since_days = 36600\n")
    done = run_cli("scan", str(repo.root), "-f", "json", "--no-cache", "-o", "-")
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
