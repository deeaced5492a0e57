"""The one-pass diff (HEAD first, BASE sharing its outcomes) equals two independent scans.

Built repositories take each shape a change can have: a modified file, an added one, a
deleted one, a rename, and a change to configuration, runbooks and alert rules; each pair
of consecutive commits (and the whole span) is compared, with the cache off and on, and
against a work tree with edits.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from scorecard import api
from scorecard.diff import ReportDiff
from scorecard.reporters.diff_report import render_diff_json
from scorecard.serialisation import report_to_dict
from tests.gitrepo import GitRepo

NOW = datetime(2026, 6, 1, tzinfo=UTC)
DEEP = "def deep(x):\n" + "".join(
    "    " * (i + 1) + f"if x > {i}:\n" for i in range(6)) + "    " * 7 + "return 1\n"
RUNBOOK = "# High latency\n\n## Symptoms\n\nSlow pages.\n\n## Fix\n\nRestart `pkg.app`.\n"
ALERTS = """groups:
  - name: app
    rules:
      - alert: HighLatency
        expr: latency_seconds > 1
        annotations:
          runbook_url: docs/runbooks/high-latency.md
"""
WORKFLOW = """name: ci
on: [push]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: pytest -q
"""


def _history(repo: GitRepo) -> list[str]:
    """Commit the shapes in turn; return the commits."""
    repo.commit({
        "pyproject.toml": '[project]\nname = "pkg"\nversion = "1"\n',
        "README.md": "# pkg\n\nSee docs/runbooks/high-latency.md.\n",
        "pkg/__init__.py": '"""Package."""\n',
        "pkg/app.py": '"""App."""\nfrom pkg.util import helper\n\n\ndef run(x):\n'
                      '    """Run."""\n    return helper(x)\n',
        "pkg/util.py": '"""Util."""\n\n\ndef helper(x):\n    """Help."""\n    return x + 1\n',
        "pkg/settings.py": '"""Settings."""\nimport os\n\nDEBUG = os.environ.get("APP_DEBUG", '
                           '"0")\n',
        "pkg/broken.py": "def broken(:\n",
        "logo.png": b"\x89PNG\r\n\x1a\n\0\0\0binary",
        "tests/test_app.py": '"""Tests."""\nfrom pkg.app import run\n\n\ndef test_run():\n'
                             '    assert run(1) == 2\n',
        "docs/runbooks/high-latency.md": RUNBOOK,
        "alerts/rules.yml": ALERTS,
        ".github/workflows/ci.yml": WORKFLOW,
    }, message="start", date="2026-01-10T12:00:00+00:00")
    repo.commit({"pkg/app.py": '"""App."""\nfrom pkg.util import helper\n\n\n' + DEEP},
                message="modify", date="2026-02-01T12:00:00+00:00")
    repo.commit({"pkg/extra.py": '"""Extra."""\nfrom pkg import app\n\nVALUE = app\n'},
                message="add", date="2026-02-15T12:00:00+00:00",
                author=("Grace Hopper", "grace@example.com"))
    repo.commit({"pkg/app.py": '"""App."""\n\n\n' + DEEP}, remove=("pkg/util.py",),
                message="delete", date="2026-03-01T12:00:00+00:00")
    repo.git("mv", "pkg/extra.py", "pkg/more.py")
    repo.commit(message="rename", date="2026-03-10T12:00:00+00:00")
    repo.commit({
        "pyproject.toml": '[project]\nname = "pkg"\nversion = "2"\n\n[tool.scorecard]\n'
                          'exclude = ["pkg/broken.py"]\n',
        "docs/runbooks/high-latency.md": RUNBOOK + "\n## Escalate\n\nPage the owner.\n",
        "alerts/rules.yml": ALERTS + "      - alert: Down\n        expr: up == 0\n",
        "pkg/settings.py": '"""Settings."""\nimport os\n\nDEBUG = os.environ.get("APP_DEBUG", '
                           '"0")\nLEVEL = os.environ["APP_LEVEL"]\n',
    }, message="config, runbooks and alerts", date="2026-04-01T12:00:00+00:00")
    return list(repo.commits)


def serialised(result: ReportDiff) -> dict[str, Any]:
    """Return the diff as its JSON output plus both full reports.

    The counts of files analysed and answered from the cache say how the work was shared,
    not what was measured, so they are left out.
    """
    out: dict[str, Any] = {"diff": json.loads(render_diff_json(result, None))}
    for side, report in (("base", result.base), ("head", result.head)):
        data = report_to_dict(report)
        for count in ("analysed", "from_cache"):
            data["details"]["scan"].pop(count)
        out[side] = data
    return out


@pytest.fixture(scope="module")
def shaped(tmp_path_factory: pytest.TempPathFactory) -> tuple[GitRepo, list[str]]:
    repo = GitRepo.create(tmp_path_factory.mktemp("shapes") / "repo")
    return repo, _history(repo)


def _flags(cache: Path | None) -> dict[str, object]:
    return {"cache": False} if cache is None else {"cache_dir": str(cache)}


@pytest.mark.parametrize("step", range(5))
def test_each_shape_equals_two_scans_without_cache(shaped: tuple[GitRepo, list[str]],
                                                   step: int) -> None:
    repo, commits = shaped
    base, head = commits[step], commits[step + 1]
    one = api.diff(repo.root, base, head, now=NOW, flags=_flags(None))
    two = api.diff_two_scans(repo.root, base, head, now=NOW, flags=_flags(None))
    assert one.touched_files  # every shape changed something
    assert serialised(one) == serialised(two)


def test_the_whole_span_equals_two_scans_with_cold_caches(shaped: tuple[GitRepo, list[str]],
                                                          tmp_path: Path) -> None:
    repo, commits = shaped
    one = api.diff(repo.root, commits[0], commits[-1], now=NOW,
                   flags=_flags(tmp_path / "one"))
    two = api.diff_two_scans(repo.root, commits[0], commits[-1], now=NOW,
                             flags=_flags(tmp_path / "two"))
    assert serialised(one) == serialised(two)
    # Once more on the warm caches: reused reports and outcomes change nothing either.
    again = api.diff(repo.root, commits[0], commits[-1], now=NOW,
                     flags=_flags(tmp_path / "two"))
    assert serialised(again) == serialised(two)


def test_base_analyses_only_the_blobs_that_differ(shaped: tuple[GitRepo, list[str]]) -> None:
    repo, commits = shaped
    result = api.diff(repo.root, commits[0], commits[1], now=NOW, flags=_flags(None))
    base_scan = result.base.details["scan"]
    head_scan = result.head.details["scan"]
    assert head_scan.from_cache == 0  # type: ignore[attr-defined]
    # One file changed between the two commits: BASE analyses its version alone.
    assert base_scan.analysed == 1  # type: ignore[attr-defined]


def test_a_work_tree_head_equals_two_scans(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "repo")
    commits = _history(repo)
    (repo.root / "pkg" / "more.py").write_text('"""More."""\n\n\n' + DEEP, encoding="utf-8")
    (repo.root / "pkg" / "new.py").write_text('"""New."""\nX = 1\n', encoding="utf-8")
    one = api.diff(repo.root, commits[-2], None, now=NOW, flags=_flags(None))
    two = api.diff_two_scans(repo.root, commits[-2], None, now=NOW, flags=_flags(None))
    assert "pkg/new.py" in one.touched_files
    assert serialised(one) == serialised(two)


def test_a_diff_of_a_subfolder_sees_the_changes_inside_it(git_repo: GitRepo) -> None:
    # git names changed paths from the repository's top; a scan of packages/api names them
    # from packages/api: the diff must compare like with like, and ignore the rest.
    simple = "def handle(x):\n    return x\n"
    nested = "def handle(x):\n" + "".join(
        "    " * (i + 1) + f"if x > {i}:\n" for i in range(6)) + "    " * 7 + "return 1\n" \
        "    return x\n"
    git_repo.commit({"packages/api/app.py": simple, "packages/web/main.py": simple})
    git_repo.commit({"packages/api/app.py": nested, "packages/web/main.py": nested})
    sub = git_repo.root / "packages" / "api"
    result = api.diff(sub, git_repo.commits[0], git_repo.commits[1], now=NOW,
                      flags=_flags(None))
    assert result.touched_files == ("app.py",)
    assert result.changed_functions == 1
    assert {c.finding.location.path for c in result.findings} == {"app.py"}


def test_the_work_tree_is_measured_as_of_head_whatever_the_date(git_repo: GitRepo) -> None:
    # The code of a clean work tree is HEAD's: `diff HEAD` a year and a half after HEAD's
    # last commit must find nothing moved (the history window ends at HEAD's date, as a
    # scan's does), not an evolvability drop from an empty window.
    body = '"""App."""\n\n\ndef run(x):\n    """Run."""\n    return x\n'
    for month in range(1, 7):
        git_repo.commit({"pkg/app.py": body + f"# {month}\n", "tests/test_app.py": "x = 1\n"},
                        date=f"2025-{month:02d}-10T10:00:00+00:00")
    later = datetime(2026, 12, 7, tzinfo=UTC)
    result = api.diff(git_repo.root, "HEAD", now=later, flags={"cache": False})
    assert result.overall_delta == 0.0
    assert all((p.delta or 0.0) == 0.0 for p in result.pillars)
    assert result.head.details["history"].window.until.startswith("2025-06-10")
