"""Missing facts never raise a score: a shallow clone, a folder without git, a skipped analyzer."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from scorecard import api
from scorecard.model import Coverage, Report
from scorecard.reporters import render_json, render_markdown, render_terminal, report_from_dict
from tests.gitrepo import GitRepo, hermetic_env
from tests.test_cli import run_cli

NOW = datetime(2026, 6, 30, tzinfo=UTC)
GRADES = "EDCBA"


def _busy(repo: GitRepo) -> None:
    """A year of work in which one author keeps rewriting one complex module."""
    body = "def f(x):\n" + "".join(f"    if x > {i}:\n        x -= {i}\n" for i in range(12))
    for month in range(1, 13):
        repo.commit({"pkg/core.py": body + f"    return x + {month}\n",
                     "pkg/util.py": f"def g():\n    return {month % 3}\n"},
                    date=f"2026-{month:02d}-05T10:00:00+00:00",
                    message=f"Fix crash {month}" if month % 2 else "Add feature")


def _scan(root: Path, **environ: str) -> Report:
    return api.scan(root, now=NOW, flags={"cache": False}, environ=environ or None)


def _at_most(partial: Report, full: Report) -> None:
    assert full.score is not None and partial.score is not None
    assert partial.score <= full.score
    assert GRADES.index(partial.grade or "E") <= GRADES.index(full.grade or "E")
    for mine, theirs in zip(partial.pillars, full.pillars, strict=True):
        if theirs.score is not None:
            assert mine.score is not None and mine.score <= theirs.score, mine.pillar


def test_a_shallow_clone_never_grades_above_its_full_clone(git_repo: GitRepo,
                                                          tmp_path: Path) -> None:
    _busy(git_repo)
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{git_repo.root}",
                    str(shallow)], check=True, env=hermetic_env())
    full, cut = _scan(git_repo.root), _scan(shallow)
    _at_most(cut, full)
    evolvability = next(p for p in cut.pillars if p.pillar.value == "evolvability")
    assert evolvability.provisional and not any(p.provisional for p in full.pillars)
    coverage = cut.details["coverage"]
    assert isinstance(coverage, Coverage) and coverage.provisional and coverage.unmeasured
    assert all("shallow clone" in item.reason for item in coverage.unmeasured)
    # Every format says so, with the reason.
    for text in (render_terminal(cut), render_markdown(cut)):
        assert "provisional" in text and "shallow clone" in text
    assert '"provisional": true' in render_json(cut)


def test_a_folder_without_git_never_grades_above_the_repository(git_repo: GitRepo,
                                                              tmp_path: Path) -> None:
    _busy(git_repo)
    copy = tmp_path / "copy"
    shutil.copytree(git_repo.root, copy, ignore=shutil.ignore_patterns(".git"))
    _at_most(_scan(copy), _scan(git_repo.root))


@pytest.mark.parametrize("skipped", ["history", "runbooks,signals,overrides", "complexity"])
def test_a_skipped_analyzer_never_raises_the_grade(git_repo: GitRepo, skipped: str) -> None:
    _busy(git_repo)
    partial = _scan(git_repo.root, SCORECARD_SKIP_ANALYZERS=skipped)
    _at_most(partial, _scan(git_repo.root))
    assert any(p.provisional for p in partial.pillars)


def test_an_empty_history_is_not_missing(git_repo: GitRepo) -> None:
    # A repository with nothing to measure is measured: its n/a checks leave the mean.
    git_repo.commit({"a.py": "def f():\n    return 1\n"}, date="2026-06-01T10:00:00+00:00")
    report = _scan(git_repo.root)
    assert not any(p.provisional for p in report.pillars)
    coverage = report.details["coverage"]
    assert isinstance(coverage, Coverage) and coverage.unmeasured == ()


def test_a_pillar_not_graded_says_why_in_every_format(git_repo: GitRepo, tmp_path: Path
                                                      ) -> None:
    # A repository of documents: only the history checks of evolvability apply, too thin a
    # part of the pillar to grade it. Each format names the pillar and the reason.
    for day in range(1, 4):
        git_repo.commit({"README.md": "# Practices\n" + "More.\n" * day,
                         f"docs/page{day}.md": "# Page\n"},
                        date=f"2026-05-0{day}T10:00:00+00:00")
    report = _scan(git_repo.root)
    evolvability = next(p for p in report.pillars if p.pillar.value == "evolvability")
    assert evolvability.checks and evolvability.score is None and evolvability.grade is None
    assert evolvability.withheld.startswith("the checks that apply (")
    for name in ("terminal", "markdown", "html", "json"):
        target = tmp_path / f"scan.{name}"
        done = run_cli("scan", str(git_repo.root), "-f", name, "-o", str(target),
                       "--no-cache", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        text = " ".join(target.read_text().split())
        assert "evolvability not graded: the checks that apply (" in text or (
            name == "json" and '"withheld": "the checks that apply (' in text), name
    again = report_from_dict(json.loads(render_json(report)))
    assert again.pillars == report.pillars
