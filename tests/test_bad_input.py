"""Bad input never crashes a scan: each case is a problem with a one-line reason, exit 0."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from scorecard import api
from scorecard.errors import InputError
from tests.gitrepo import GitRepo

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def _problems(root: Path) -> dict[str | None, str]:
    report = api.scan(root, now=NOW, environ={}, flags={"cache": False})
    return {p.path: p.message for p in report.problems}


def test_each_bad_file_is_one_problem_and_the_rest_is_measured(git_repo: GitRepo) -> None:
    git_repo.commit({
        "good.py": "def f(x):\n    return x\n",
        "syntax.py": "def f(:\n",
        "py2.py": 'print "hello"\n',
        "newer.py": "type Alias = list[int]\n",  # 3.12 syntax
        "latin.py": "x = 'caf\xe9'\n".encode("latin-1"),
        "cp1251.py": "# -*- coding: windows-1251 -*-\nname = 'Привет'\n".encode("cp1251"),
        "nul.py": b"x = 1\n" + b"#" * 9000 + b"\n\x00\n",
        "empty.py": "",
        "huge_pb2.py": "# @generated\n" + "x = 1\n" * 900_000,
    })
    os.symlink("loop.py", git_repo.root / "loop.py")
    problems = _problems(git_repo.root)
    assert "does not parse" in problems["syntax.py"]
    assert "does not parse" in problems["py2.py"]
    assert "does not parse" in problems["newer.py"]
    assert "undecodable" in problems["latin.py"]
    assert "does not parse" in problems["nul.py"]
    assert "cp1251.py" not in problems  # PEP 263 declared encoding is valid Python
    assert "empty.py" not in problems and "good.py" not in problems
    assert "loop.py" not in problems  # a symlink is skipped, not read
    # the 5 MB generated file is over the size limit: reported, never read
    assert "too large" in problems["huge_pb2.py"]
    for message in problems.values():
        assert "\n" not in message


def test_file_vanishing_during_scan(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    git_repo.commit({"a.py": "x = 1\n", "b.py": "y = 2\n"})
    from scorecard.repo import RepoView

    original = RepoView.list_files

    def list_then_delete(self: RepoView):  # type: ignore[no-untyped-def]
        listing = original(self)
        (git_repo.root / "b.py").unlink()
        return listing

    monkeypatch.setattr(RepoView, "list_files", list_then_delete)
    problems = _problems(git_repo.root)
    assert "cannot read" in problems["b.py"]


def test_empty_repository(git_repo: GitRepo) -> None:
    report = api.scan(git_repo.root, now=NOW, environ={}, flags={"cache": False})
    assert report.commit is None
    assert report.score is None  # nothing measured: n/a, not zero


def test_unusable_paths(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        api.scan(tmp_path / "missing", now=NOW, environ={})
    (tmp_path / "file.txt").write_text("x")
    with pytest.raises(InputError, match="not a directory"):
        api.scan(tmp_path / "file.txt", now=NOW, environ={})


def test_scan_never_writes_into_repo(git_repo: GitRepo) -> None:
    git_repo.commit({"a.py": "def f():\n    return 1\n", "conftest.py": "open('MARK','w')\n"})
    before = sorted(p.relative_to(git_repo.root).as_posix() for p in git_repo.root.rglob("*"))
    index = (git_repo.root / ".git" / "index").read_bytes()
    api.scan(git_repo.root, now=NOW, environ={})
    after = sorted(p.relative_to(git_repo.root).as_posix() for p in git_repo.root.rglob("*"))
    assert before == after
    assert (git_repo.root / ".git" / "index").read_bytes() == index
