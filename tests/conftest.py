"""Shared fixtures: hermetic git repositories and an isolated environment for every test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.gitrepo import GitRepo
from tests.pgserver import pg_server, pg_url  # noqa: F401 - fixtures shared by the tests


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path_factory: pytest.TempPathFactory,
                          monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Keep the user's cache and SCORECARD_* settings out of every test."""
    import os

    for name in list(os.environ):
        if name.startswith("SCORECARD_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    yield


@pytest.fixture
def git_repo(tmp_path: Path) -> GitRepo:
    """An empty hermetic git repository."""
    return GitRepo.create(tmp_path / "repo")
