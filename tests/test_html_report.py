"""The HTML report: golden page for four quarters of history, and hostile strings as text.

Regenerate the golden file after an intended change with
``UPDATE_GOLDEN=1 python -m pytest tests/test_html_report.py``.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from scorecard import api
from scorecard.analyzers import ANALYZERS
from scorecard.facts.complexity_facts import ComplexityFacts, WorstFunction
from scorecard.history import SnapshotStore
from scorecard.model import (
    CheckResult,
    CheckStatus,
    Finding,
    Location,
    Pillar,
    PillarScore,
    Problem,
    Report,
    SkippedFile,
)
from scorecard.quarterly import quarterly_page
from scorecard.reporters import render_markdown, render_terminal
from scorecard.reporters.html import QuarterPoint, ReportPage, render_html
from tests.gitrepo import GitRepo

GOLDEN = Path(__file__).parent / "golden" / "quarterly.html"
HOSTILE = ('<script>alert("x")</script> javascript:alert(1) "quoted" \'single\' @octocat '
           "[x](javascript:y) \x1b[31mred")


def _four_quarters(repo: GitRepo) -> None:
    repo.commit({"app/core.py": "def run(x):\n    return x\n", ".github/CODEOWNERS":
                 "* @org/platform\napp/ @org/app-team\n"}, date="2025-11-05T09:00:00+00:00")
    repo.commit({"app/io.py": "def read(p, a, b, c, d, e):\n    return p\n"},
                date="2026-02-10T09:00:00+00:00")
    repo.commit({"app/core.py": "def run(x):\n" + "".join(
        "    " * (i + 1) + f"if x > {i}:\n" for i in range(6)) + "    " * 7 + "return 1\n"
        "    return x\n"}, date="2026-05-20T09:00:00+00:00")
    repo.commit({"app/io.py": "def read(p):\n    return p\n"}, date="2026-08-30T09:00:00+00:00")


def test_quarterly_golden(git_repo: GitRepo, tmp_path: Path) -> None:
    _four_quarters(git_repo)
    # Only the complexity analyzer runs, so the golden page changes with the layout and the
    # check set, not with every improvement of another analyzer.
    others = ",".join(a.name for a in ANALYZERS if a.name != "complexity")
    with SnapshotStore(tmp_path / "store.sqlite3") as store:
        page = quarterly_page(git_repo.root, store, quarter="2026Q3", quarters=4,
                              environ={"SCORECARD_SKIP_ANALYZERS": others})
    html = render_html(page)
    # The tool version is the only thing that legitimately varies between releases.
    html = html.replace(page.current.tool_version, "VERSION")
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(html, encoding="utf-8")
    assert html == GOLDEN.read_text(encoding="utf-8")
    assert [q.label for q in page.quarters] == ["2025Q4", "2026Q1", "2026Q2", "2026Q3"]
    assert "@org/app-team" in html  # CODEOWNERS breakdown


def test_page_loads_nothing_from_the_network(git_repo: GitRepo, tmp_path: Path) -> None:
    _four_quarters(git_repo)
    with SnapshotStore(tmp_path / "store.sqlite3") as store:
        html = render_html(quarterly_page(git_repo.root, store, quarter="2026Q3", quarters=2,
                                          environ={}))
    assert "default-src 'none'" in html
    assert not re.search(r"<(script|link|img|iframe|object)\b", html)
    assert not re.search(r"(src|href)\s*=", html)


def _hostile_report() -> Report:
    finding = Finding("complexity.x", Location(HOSTILE + ".py", 3), HOSTILE, 12.0, HOSTILE)
    check = CheckResult(HOSTILE, Pillar.SIMPLICITY, HOSTILE, "complexity.x", 1.0, 2.0,
                        CheckStatus.FAIL, HOSTILE, HOSTILE, 12.0, (finding,))
    pillars = (
        PillarScore(Pillar.OPERABILITY, None, None, (), ()),
        PillarScore(Pillar.SIMPLICITY, 2.0, "E", (check,), ()),
        PillarScore(Pillar.EVOLVABILITY, None, None, (), ()),
    )
    return Report(1, "1.0", HOSTILE, "a" * 40, "2026-01-01T00:00:00+00:00", 2.0, "E", pillars,
                  (Problem("parse", HOSTILE, HOSTILE),), (SkippedFile(HOSTILE, HOSTILE),), 1,
                  "digest", {"complexity": ComplexityFacts(
                      files=1, functions=1, cyclomatic_p50=1.0, cyclomatic_p90=1.0,
                      cyclomatic_max=1, cognitive_p90=1.0, cognitive_max=1, sloc=1,
                      worst_functions=(WorstFunction(HOSTILE, HOSTILE, 1, 1, 1, 1),),
                      file_mi={}, file_sloc={}, file_loc={}, functions_by_file={})})


@pytest.mark.parametrize("quarters", [0, 2])
def test_hostile_strings_end_up_as_text_in_html(quarters: int) -> None:
    report = _hostile_report()
    points = [QuarterPoint(f"Q{i}", report) for i in range(quarters)]
    html = render_html(ReportPage(current=report, title=HOSTILE, quarters=points))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "javascript:alert(1)" in html  # present as text only (no href attributes exist)
    assert "\x1b" not in html
    assert '"quoted"' not in html  # quotes are escaped too


def test_hostile_strings_in_markdown_and_terminal() -> None:
    report = _hostile_report()
    markdown = render_markdown(report)
    assert "<script>" not in markdown
    assert "@octocat" not in markdown  # no ping: a zero-width space follows the @
    assert "](javascript" not in markdown
    terminal = render_terminal(report, color=True)
    assert "\x1b[31mred" not in terminal  # the repo's escape sequence is neutralised


def test_changes_in_words_name_stale_and_fixed_runbooks() -> None:
    from dataclasses import replace

    from scorecard.reporters.html import _changes_in_words

    finding = Finding("runbooks.stale_share", Location("runbooks/db.md", 3), "stale", 40.0,
                      "DbDown")
    check = CheckResult("operability.runbook-freshness", Pillar.OPERABILITY, "t",
                        "runbooks.stale_share", 1, 5.0, CheckStatus.WARN, "r", "x", 1.0,
                        (finding,))
    fresh = replace(check, findings=())

    def report(result: CheckResult) -> Report:
        pillar = PillarScore(Pillar.OPERABILITY, 5.0, "C", (result,), ())
        return Report(1, "v", "r", None, "2026-01-01", 5.0, "C", (pillar,), (), (), 0, "d", {})

    assert _changes_in_words(report(fresh), report(check)) == [
        "Runbook went stale: runbooks/db.md (alert DbDown)."]
    assert _changes_in_words(report(check), report(fresh)) == [
        "Runbook brought up to date: runbooks/db.md (alert DbDown)."]


def test_empty_hotspot_and_risk_tables_say_why_when_the_history_is_there(
        git_repo: GitRepo) -> None:
    # A Rust crate has git history but nothing the risk model ranks: the page must not claim
    # that the history is missing.
    for day in range(1, 4):
        git_repo.commit({"Cargo.toml": '[package]\nname = "kv"\n',
                         "src/lib.rs": "pub fn a() {}\n" * day},
                        date=f"2026-03-0{day}T09:00:00+00:00")
    report = api.scan(git_repo.root, now=datetime(2026, 6, 1, tzinfo=UTC), environ={},
                      flags={"cache": False})
    html = render_html(ReportPage(current=report, title="kv"))
    assert "needs git history" not in html
    assert "No hotspots: no product source lines measured (tests are not product code)." in html
    assert ("No risk ranking: no source file in a measured language (Python, Go, Java, "
            "JavaScript, TypeScript) outside tests to rank.") in html


def test_repository_level_findings_are_not_shown_at_the_path_dot(git_repo: GitRepo) -> None:
    # "no docs/ tree" is about the whole repository: its location is "." in the data and
    # "(repository)" wherever people read it, as on the terminal.
    git_repo.commit({"app/core.py": "def run(x):\n    return x\n"})
    report = api.scan(git_repo.root, now=datetime(2026, 6, 1, tzinfo=UTC), environ={},
                      flags={"cache": False})
    assert any(f.location.path == "." for p in report.pillars for c in p.checks
               for f in c.findings)
    html = render_html(ReportPage(current=report, title="app"))
    assert 'class="path">.<' not in html and "Start with .:" not in html
    assert 'class="path">(repository)<' in html and "Start with (repository):" in html


def test_quarters_after_the_last_commit_each_say_they_had_no_commits(
        git_repo: GitRepo, tmp_path: Path) -> None:
    # A dormant repository: every quarter shown stands for a commit of years before, the
    # first one included, whose column would otherwise read as that quarter's work.
    git_repo.commit({"app/core.py": "def run(x):\n    return x\n"},
                    date="2017-08-15T09:00:00+00:00")
    others = ",".join(a.name for a in ANALYZERS if a.name != "complexity")
    with SnapshotStore(tmp_path / "store.sqlite3") as store:
        page = quarterly_page(git_repo.root, store, quarter="2026Q3", quarters=3,
                              environ={"SCORECARD_SKIP_ANALYZERS": others})
    assert list(page.notes) == [
        "2026Q1: no commits this quarter; the scores are those of the last commit before it "
        "(2017-08-15).",
        "2026Q2: no commits this quarter; the scores are those of 2026Q1.",
        "2026Q3: no commits this quarter; the scores are those of 2026Q2."]
