"""Named pipes, devices and a repository's output settings never stall or skew a scan."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from scorecard import api
from scorecard.baseline import load_baseline
from scorecard.errors import ScorecardError
from tests.gitrepo import GitRepo

NOW = datetime(2026, 7, 1, tzinfo=UTC)


@pytest.mark.parametrize("name", ["pyproject.toml", ".git-blame-ignore-revs", "setup.cfg"])
def test_a_named_pipe_at_a_path_read_by_name_does_not_block(git_repo: GitRepo,
                                                            name: str) -> None:
    git_repo.commit({"app.py": "def f(x):\n    return x\n"})
    os.mkfifo(git_repo.root / name)  # untracked: no writer will ever open it
    report = api.scan(git_repo.root, now=NOW, environ={}, flags={"cache": False})
    assert report.files_analyzed >= 1


def test_a_baseline_that_is_a_pipe_or_a_device_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "baseline.json"
    os.mkfifo(fifo)
    device = tmp_path / "zero.json"
    device.symlink_to("/dev/zero")
    for path in (fifo, device):
        with pytest.raises(ScorecardError, match="not a regular file"):
            load_baseline(path)


@pytest.mark.parametrize(("key", "value"), [("i18n.logOutputEncoding", "UTF-16"),
                                            ("grep.lineNumber", "true")])
def test_output_settings_of_the_repository_change_nothing(git_repo: GitRepo, key: str,
                                                          value: str) -> None:
    git_repo.commit({"app.py": "def f(x):\n    return x\n",
                     "README.md": "# App\n\nRun `app`.\n"})
    plain = api.scan(git_repo.root, now=NOW, environ={}, flags={"cache": False})
    git_repo.git("config", key, value)
    odd = api.scan(git_repo.root, now=NOW, environ={}, flags={"cache": False})
    assert (odd.score, odd.generated_at) == (plain.score, plain.generated_at)


def test_a_configuration_nested_too_deeply_is_a_configuration_error(git_repo: GitRepo) -> None:
    from scorecard.errors import ConfigError
    git_repo.commit({"app.py": "x = 1\n",
                     "scorecard.toml": "a = " + "[" * 5000 + "]" * 5000 + "\n"})
    with pytest.raises(ConfigError, match="nested too deeply"):
        api.scan(git_repo.root, now=NOW, environ={}, flags={"cache": False})
