"""A re-scan of an unchanged state reuses the whole report; any changed input invalidates it."""

from __future__ import annotations

import importlib.metadata
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from scorecard import api, report_reuse
from scorecard.model import Report
from scorecard.reporters.registry import reporter
from scorecard.reporters.renderer import ScanInput
from scorecard.serialisation import render_json, report_from_dict, report_to_dict
from tests.gitrepo import GitRepo

NOW = datetime(2026, 6, 1, tzinfo=UTC)
DEEP = "def deep(x):\n" + "".join(
    "    " * (i + 1) + f"if x > {i}:\n" for i in range(6)) + "    " * 7 + "return 1\n"


@pytest.fixture
def repo(git_repo: GitRepo) -> GitRepo:
    git_repo.commit({"app.py": '"""App."""\n', "README.md": "# app\n"}, message="first",
                    date="2026-01-10T12:00:00+00:00")
    git_repo.commit({"deep.py": DEEP}, message="second", date="2026-02-01T12:00:00+00:00")
    return git_repo


class Summaries:
    """Counts the scans that ran their summaries (a reused report runs none)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        original = api._summarize_all

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(api, "_summarize_all", counted)


@pytest.fixture
def summaries(monkeypatch: pytest.MonkeyPatch) -> Summaries:
    return Summaries(monkeypatch)


def comparable(report: Report) -> dict[str, Any]:
    """The report's data without the counts of how its files were obtained."""
    data = report_to_dict(report)
    for count in ("analysed", "from_cache"):
        data["details"]["scan"].pop(count)
    return data


def rendered(report: Report) -> str:
    render = reporter("markdown", "scan").scan
    assert render is not None
    return render(ScanInput(report=report, checks=(), title="t", color=False, width=100,
                            owners=lambda: None))


def test_a_reused_reports_json_is_the_fresh_reports_json(repo: GitRepo) -> None:
    # A reused report's facts are decoded only when read; its JSON is written from the
    # data as stored, which must be exactly what the fresh report writes.
    first = api.scan(repo.root, now=NOW)
    again = api.scan(repo.root, now=NOW)
    written = json.loads(render_json(again))
    fresh = json.loads(render_json(first))
    for data in (written, fresh):
        for count in ("analysed", "from_cache"):
            data["details"]["scan"].pop(count)
    assert written == fresh
    # Changing the plain data a caller was given never changes the report.
    given = report_to_dict(again)
    given["details"]["scan"].clear()
    assert again.details["scan"].analysed == 0  # type: ignore[attr-defined]
    assert report_from_dict(report_to_dict(again)) == again


def test_an_unchanged_work_tree_reuses_the_report_equal_to_a_fresh_one(
        repo: GitRepo, summaries: Summaries, tmp_path: Path) -> None:
    first = api.scan(repo.root, now=NOW)
    again = api.scan(repo.root, now=NOW)
    assert summaries.calls == 1
    fresh = api.scan(repo.root, now=NOW, flags={"cache": False})
    assert comparable(again) == comparable(first) == comparable(fresh)
    assert rendered(again) == rendered(fresh)
    # The reused report says this run analysed nothing, as a warm scan would.
    assert again.details["scan"].analysed == 0  # type: ignore[attr-defined]
    warm_files = api.scan(repo.root, now=NOW, flags={"cache_dir": str(tmp_path / "other")})
    assert again.details["scan"].from_cache == (  # type: ignore[attr-defined]
        warm_files.details["scan"].analysed)  # type: ignore[attr-defined]


def test_a_commit_reuses_its_report(repo: GitRepo, summaries: Summaries) -> None:
    first = api.scan(repo.root, now=NOW, rev=repo.commits[0])
    again = api.scan(repo.root, now=NOW, rev=repo.commits[0])
    assert summaries.calls == 1
    assert comparable(again) == comparable(first)


@pytest.mark.parametrize("change", ["edit", "untracked", "delete", "config", "commit"])
def test_a_changed_state_is_scanned_again(repo: GitRepo, summaries: Summaries,
                                          change: str) -> None:
    api.scan(repo.root, now=NOW)
    if change == "edit":
        (repo.root / "app.py").write_text('"""App."""\nX = 1\n', encoding="utf-8")
    elif change == "untracked":
        (repo.root / "new.py").write_text("Y = 2\n", encoding="utf-8")
    elif change == "delete":
        (repo.root / "deep.py").unlink()
    elif change == "config":
        (repo.root / "scorecard.toml").write_text('exclude = ["deep.py"]\n', encoding="utf-8")
    else:
        repo.commit({"other.py": "Z = 3\n"}, date="2026-03-01T12:00:00+00:00")
    changed = api.scan(repo.root, now=NOW)
    assert summaries.calls == 2
    fresh = api.scan(repo.root, now=NOW, flags={"cache": False})
    assert comparable(changed) == comparable(fresh)


def test_an_edit_undone_reuses_the_first_report(repo: GitRepo, summaries: Summaries) -> None:
    api.scan(repo.root, now=NOW)
    (repo.root / "app.py").write_text('"""App."""\nX = 1\n', encoding="utf-8")
    api.scan(repo.root, now=NOW)
    (repo.root / "app.py").write_text('"""App."""\n', encoding="utf-8")
    api.scan(repo.root, now=NOW)
    assert summaries.calls == 2


def test_the_moment_flags_environment_and_tool_are_keys(
        repo: GitRepo, summaries: Summaries, monkeypatch: pytest.MonkeyPatch) -> None:
    api.scan(repo.root, now=NOW)
    api.scan(repo.root, now=NOW + timedelta(days=1))
    assert summaries.calls == 2
    api.scan(repo.root, now=NOW, flags={"history.since_days": 90})
    assert summaries.calls == 3
    api.scan(repo.root, now=NOW, environ={"SCORECARD_GIT_TIMEOUT": "99"})
    assert summaries.calls == 4
    monkeypatch.setattr(report_reuse, "_TOOL_DIGEST", "another version")
    api.scan(repo.root, now=NOW)
    assert summaries.calls == 5
    api.scan(repo.root, now=NOW, flags={"cache": False})
    assert summaries.calls == 6  # --no-cache reuses nothing
    api.scan(repo.root, now=NOW, flags={"reuse_reports": False})
    assert summaries.calls == 7  # per-file results are reused, the report is not


def test_no_git_or_no_commit_is_never_reused(tmp_path: Path, summaries: Summaries) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "a.py").write_text("A = 1\n", encoding="utf-8")
    api.scan(folder, now=NOW)
    api.scan(folder, now=NOW)
    assert summaries.calls == 2


def test_the_focus_is_no_input_of_a_report(repo: GitRepo) -> None:
    """The key leaves the focus out because the engine keeps every finding whatever it is."""
    flags = {"cache": False}
    plain = api.scan(repo.root, now=NOW, flags=flags)
    focused = api.scan(repo.root, now=NOW, flags=flags, focus_paths=frozenset({"deep.py"}))
    every = api.scan(repo.root, now=NOW, flags=flags, keep_all_findings=True)
    assert comparable(plain) == comparable(focused) == comparable(every)


def test_a_broken_stored_report_is_scanned_again(repo: GitRepo, summaries: Summaries,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    first = api.scan(repo.root, now=NOW)
    monkeypatch.setattr("scorecard.cache.ResultCache.get_report",
                        lambda self, key: '{"format_version": 1, "broken": true}')
    again = api.scan(repo.root, now=NOW)
    assert summaries.calls == 2
    assert comparable(again) == comparable(first)


def test_a_new_version_of_a_measuring_library_changes_the_tool_digest(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(report_reuse, "_TOOL_DIGEST", None)
    before = report_reuse.tool_digest()
    assert ("radon", importlib.metadata.version("radon")) in (
        report_reuse._library_versions())
    real_version = importlib.metadata.version

    def newer_radon(name: str) -> str:
        return "99.0" if name == "radon" else real_version(name)

    monkeypatch.setattr("importlib.metadata.version", newer_radon)
    monkeypatch.setattr(report_reuse, "_TOOL_DIGEST", None)
    assert report_reuse.tool_digest() != before
