"""The risk model: planted fix history, the prior fallback, no leak from the future, figures."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from scorecard import api
from scorecard.facts import HistoryFacts
from scorecard.plain import to_plain
from scorecard.reporters.backtest_report import render_backtest_json
from scorecard.risk.evaluate import auc, recall_at_effort, top_capture
from scorecard.risk.fixes import DEFAULT_FIX_PATTERN, FixMatcher
from scorecard.risk_backtest import run_backtest
from tests.gitrepo import GitRepo, ImportCommit, fast_import

START = datetime(2023, 1, 2, 12, tzinfo=UTC)
AUTHORS = (("Ada", "ada@example.com"), ("Bob", "bob@example.com"), ("Cy", "cy@example.com"))


def _module(name: str, functions: int, branches: int = 1) -> str:
    body = "\n".join(
        f"def {name}_{i}(x):\n" + "".join(f"    if x > {b}:\n        x -= 1\n"
                                          for b in range(branches)) + "    return x\n"
        for i in range(functions))
    return f'"""Module {name}."""\n\n{body}\n'


def _history(weeks: int = 160) -> list[ImportCommit]:
    """Three years of weekly work on 40 modules of which ``pkg/hot.py`` keeps breaking.

    Every week a fix lands in ``pkg/hot.py`` (now and then with ``pkg/partner.py``), and a feature
    commit touches one of the quiet modules in turn; every third week a fix lands in one of
    the ten "sometimes" modules, so both windows have enough fixed files to fit on.
    """
    files: dict[str, str | bytes | None] = {f"pkg/quiet{i}.py": _module(f"q{i}", 3)
                                           for i in range(30)}
    files.update({f"pkg/some{i}.py": _module(f"s{i}", 4, 2) for i in range(10)})
    # hot.py is as small and simple as the quiet modules: only its history sets it apart.
    files.update({"pkg/hot.py": _module("hot", 3), "pkg/partner.py": _module("p", 3),
                  "tests/test_hot.py": "def test_hot():\n    assert True\n"})
    commits = [ImportCommit(files, AUTHORS[0], START.isoformat(), "Initial import")]
    for week in range(1, weeks):
        when = START + timedelta(weeks=week)
        author = AUTHORS[week % 3]
        hot = {"pkg/hot.py": _module("hot", 3) + f"# fix {week}\n",
               "tests/test_hot.py": f"def test_hot():\n    assert {week}\n"}
        if week % 8 == 0:
            hot["pkg/partner.py"] = _module("p", 3) + f"# {week}\n"
        commits.append(ImportCommit(hot, author, when.isoformat(), f"Fix crash #{week}"))
        quiet = f"pkg/quiet{week % 30}.py"
        commits.append(ImportCommit({quiet: _module(f"q{week % 30}", 3) + f"# {week}\n"},
                                    author, (when + timedelta(hours=2)).isoformat(),
                                    "Add an option"))
        if week % 3 == 0:
            some = f"pkg/some{week % 10}.py"
            commits.append(ImportCommit({some: _module(f"s{week % 10}", 4, 2) + f"# {week}\n"},
                                        author, (when + timedelta(hours=4)).isoformat(),
                                        "Fix wrong default"))
    return commits


@pytest.fixture(scope="module")
def busy_repo(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    """The planted history, built once for the module's tests (they only read it)."""
    repo = GitRepo.create(tmp_path_factory.mktemp("risk") / "repo")
    fast_import(repo, _history())
    return repo


def _risk(root: Path, until: datetime, **flags: Any) -> dict[str, Any]:
    report = api.scan(root, now=until, flags={"cache": False, **flags})
    history = report.facts(HistoryFacts)
    assert history is not None and history.risk is not None, report.problems
    risk = to_plain(history.risk)
    assert isinstance(risk, dict)
    return risk


def _product_files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*.py")
            if "tests" not in p.parts and ".git" not in p.parts}


def test_planted_fix_history_makes_one_file_clearly_riskiest(busy_repo: GitRepo) -> None:
    until = START + timedelta(weeks=161)
    risk = _risk(busy_repo.root, until)
    files = risk["files"]
    assert risk["model"]["source"] == "fitted", risk["model"]
    assert risk["model"]["training_labelled_files"] >= 8
    top = files[0]
    assert top["path"] == "pkg/hot.py" and top["rank"] == 1
    # Clearly, not by a hair: well above the next file and the typical one.
    assert top["risk"] > 2 * files[1]["risk"]
    assert top["risk"] > 10 * files[len(files) // 2]["risk"]
    assert top["fixes"] == top["revisions"] > 40
    assert any("changes in the last 12 months" in factor for factor in top["factors"]), top
    # Every analysed product file is ranked; tests are not.
    assert {f["path"] for f in files} == _product_files(busy_repo.root)
    assert [f["rank"] for f in files] == list(range(1, len(files) + 1))
    assert all(f["risk"] > 0 and f["risk_per_kloc"] > 0 for f in files)


def test_three_commits_fall_back_to_the_prior(git_repo: GitRepo) -> None:
    for day in range(3):
        git_repo.commit({f"app/m{day}.py": _module(f"m{day}", 2), "app/__init__.py": ""},
                        message=f"Fix {day}", date=f"2026-01-0{day + 1}T10:00:00+00:00")
    risk = _risk(git_repo.root, datetime(2026, 1, 10, tzinfo=UTC))
    model = risk["model"]
    assert model["source"] == "prior"
    assert "history too short to fit" in model["note"] and "the shipped prior" in model["note"]
    assert {f["path"] for f in risk["files"]} == _product_files(git_repo.root)


def test_the_prior_can_be_asked_for_and_replaced(busy_repo: GitRepo, tmp_path: Path) -> None:
    until = START + timedelta(weeks=161)
    asked = _risk(busy_repo.root, until, **{"history.risk_model": "prior"})
    assert asked["model"]["source"] == "prior"
    assert asked["files"][0]["path"] == "pkg/hot.py"  # the prior knows changes matter too
    shipped = json.loads((Path(api.__file__).parent / "risk" / "prior.json").read_text())
    shipped["coefficients"] = [0.0] * len(shipped["coefficients"])
    shipped["coefficients"][0] = 1.0  # size alone
    mine = tmp_path / "prior.json"
    mine.write_text(json.dumps(shipped))
    sized = _risk(busy_repo.root, until, **{"history.risk_model": "prior",
                                            "history.risk_prior": str(mine)})
    assert sized["model"]["coefficients"]["log_lines"] == 1.0
    # Size alone: the largest files first.
    assert sized["files"][0]["sloc"] == max(f["sloc"] for f in sized["files"])


def test_a_bad_prior_file_is_a_configuration_problem(busy_repo: GitRepo, tmp_path: Path) -> None:
    bad = tmp_path / "prior.json"
    bad.write_text('{"features": ["other"], "coefficients": [1], "intercept": 0, '
                   '"fitted_on": [], "date": "x"}')
    report = api.scan(busy_repo.root, now=START + timedelta(weeks=161),
                      flags={"history.risk_prior": str(bad)})
    assert any("history.risk_prior" in p.message for p in report.problems)


def test_risk_off_leaves_the_history_measures_unchanged(busy_repo: GitRepo) -> None:
    until = START + timedelta(weeks=161)
    with_risk = api.scan(busy_repo.root, now=until, flags={"cache": False})
    without = api.scan(busy_repo.root, now=until,
                       flags={"cache": False, "history.risk": False})
    on, off = to_plain(with_risk.details["history"]), to_plain(without.details["history"])
    assert "risk" in on and "risk" not in off
    on.pop("risk")
    assert on == off  # the second window read for the model changes no other measure
    assert [p.score for p in with_risk.pillars] == [p.score for p in without.pillars]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "scorecard", *args], capture_output=True,
                          text=True, check=False, timeout=300)


def test_backtest_reads_nothing_after_the_date(busy_repo: GitRepo, tmp_path: Path) -> None:
    at = (START + timedelta(weeks=106)).date().isoformat()
    first = _cli("backtest", str(busy_repo.root), "--at", at, "--format", "json")
    assert first.returncode == 0, first.stderr
    # After the date: a commit that is no fix, a new author mapping... nothing it may use.
    later = (START + timedelta(weeks=165)).isoformat()
    busy_repo.commit({"pkg/quiet1.py": _module("q1", 9, 5), ".git-blame-ignore-revs": "",
                      "scorecard.toml": "[history]\nrisk_model = \"prior\"\n",
                      # One person under all three names: the authors feature would change.
                      ".mailmap": "".join(f"Ada <ada@example.com> <{email}>\n"
                                          for _, email in AUTHORS)},
                     message="Rewrite quiet1", date=later)
    second = _cli("backtest", str(busy_repo.root), "--at", at, "--format", "json",
                  "--rev", busy_repo.commits[-1])
    assert second.returncode == 0, second.stderr
    assert json.loads(first.stdout) == json.loads(second.stdout)
    data = json.loads(first.stdout)
    names = [r["name"] for r in data["rankings"]]
    assert names == ["scorecard", "size", "prior", "size_x_prior", "prior_per_size"]
    assert data["labelled"] >= 1 and data["model"]["source"] == "fitted"
    scorecard = data["rankings"][0]
    assert scorecard["auc"] is not None and scorecard["auc"] > 0.5
    busy_repo.git("reset", "-q", "--hard", "HEAD~1")
    busy_repo.commits.pop()


@pytest.mark.parametrize(("at", "message"), [("2023-03-01", "days of history before"),
                                             ("2025-03-20", "days of history after")])
def test_backtest_refuses_dates_without_enough_history(busy_repo: GitRepo, at: str,
                                                       message: str) -> None:
    done = _cli("backtest", str(busy_repo.root), "--at", at)
    assert done.returncode == 2 and message in done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_backtest_of_a_bad_date_is_a_usage_error(busy_repo: GitRepo) -> None:
    done = _cli("backtest", str(busy_repo.root), "--at", "yesterday-ish")
    assert done.returncode == 2 and "--at" in done.stderr and "Traceback" not in done.stderr


def test_backtest_in_process_matches_the_cli(busy_repo: GitRepo) -> None:
    at = START + timedelta(weeks=106)
    result = run_backtest(busy_repo.root, datetime.combine(at.date(), datetime.min.time(), UTC))
    assert result.files == len(_product_files(busy_repo.root))
    done = _cli("backtest", str(busy_repo.root), "--at", at.date().isoformat(), "-f", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(render_backtest_json(result)) == json.loads(done.stdout)


# Figures, against brute force on small tables.

def _pairwise_auc(scores: dict[str, float], fixed: set[str]) -> float:
    pairs = [(p, n) for p in scores if p in fixed for n in scores if n not in fixed]
    wins = sum(1.0 if scores[p] > scores[n] else 0.5 if scores[p] == scores[n] else 0.0
               for p, n in pairs)
    return wins / len(pairs)


@pytest.mark.parametrize("seed", range(20))
def test_auc_equals_the_pairwise_count(seed: int) -> None:
    import random

    rng = random.Random(seed)
    scores = {f"f{i}": float(rng.randint(0, 5)) for i in range(rng.randint(2, 30))}
    fixed = {p for p in scores if rng.random() < 0.4} or {"f0"}
    if fixed == set(scores):
        fixed.discard("f0")
    assert math.isclose(auc(scores, fixed), _pairwise_auc(scores, fixed))


def test_effort_recall_stops_when_the_budget_is_spent() -> None:
    size = {"a": 10, "b": 60, "c": 10, "d": 20}  # 100 lines: a budget of 20
    assert recall_at_effort(["a", "b", "c", "d"], size, {"a", "c"}) == 0.5  # stops at b
    assert recall_at_effort(["a", "c", "b", "d"], size, {"a", "c"}) == 1.0
    assert math.isnan(recall_at_effort(["a"], size, set()))


def test_top_capture_takes_the_first_fifth_rounded_up() -> None:
    ranked = [f"f{i}" for i in range(11)]  # ceil(2.2) = 3 files
    assert top_capture(ranked, {"f2", "f3"}) == 0.5


@pytest.mark.parametrize(("subject", "is_fix"), [
    ("Fix crash on empty input", True), ("fixes #12", True), ("Bugfix: wrong default", True),
    ("regression in 2.1", True), ("Handle error codes", True), ("Closes #45", True),
    ("Prefix the keys", False), ("Add debugging output", False), ("Refactor errorless path", False),
])
def test_default_fix_pattern(subject: str, is_fix: bool) -> None:
    assert FixMatcher.compile(DEFAULT_FIX_PATTERN).is_fix(subject) is is_fix


def test_bad_fix_pattern_names_the_option() -> None:
    with pytest.raises(ValueError, match="history.fix_pattern"):
        FixMatcher.compile("(unclosed")


def test_a_change_to_a_risky_file_is_named_with_its_factors(busy_repo: GitRepo) -> None:
    head, base = busy_repo.commits[-1], busy_repo.commits[-4]
    diff = api.diff(busy_repo.root, base, head, now=START + timedelta(weeks=161),
                    flags={"skip_analyzers": ["boundaries", "docstrings", "runbooks",
                                              "overrides", "signals", "suppressions"]})
    assert "pkg/hot.py" in diff.touched_files
    risky = {r.path: r for r in diff.touched_risky}
    assert risky["pkg/hot.py"].rank == 1 and risky["pkg/hot.py"].factors
    assert all(r.rank <= math.ceil(0.1 * r.ranked) for r in diff.touched_risky)


@pytest.mark.parametrize("pattern", [r"(a+)+$", r"(fix|fi)*x", r"(.*a){20}", r".*.*.*.*x"])
def test_a_backtracking_fix_pattern_is_refused_before_the_scan(git_repo: GitRepo,
                                                              pattern: str) -> None:
    # The repository's own configuration is data: its pattern must not stall the scan on a
    # subject made to backtrack.
    git_repo.commit({"scorecard.toml": f"[history]\nfix_pattern = {json.dumps(pattern)}\n",
                     "a.py": "x = 1\n"}, message="a" * 60 + "!")
    done = _cli("scan", str(git_repo.root), "-f", "json", "-o", os.devnull)
    assert done.returncode == 2, done.stderr
    assert "history.fix_pattern" in done.stderr and "Traceback" not in done.stderr


def test_a_long_subject_is_cut_before_matching() -> None:
    matcher = FixMatcher.compile(r"fix$")
    assert not matcher.is_fix("x" * 5000 + "fix")  # past the cut: never read
    assert matcher.is_fix("x" * 100 + "fix")


def test_a_scan_in_a_fresh_process_ranks_as_in_process(busy_repo: GitRepo,
                                                       tmp_path: Path) -> None:
    # A fresh `scorecard scan` fits in the process it starts ahead (scikit-learn is not
    # loaded yet); the in-process scan fits here. The ranking must not depend on where.
    until = START + timedelta(weeks=161)
    out = tmp_path / "report.json"
    done = _cli("scan", str(busy_repo.root), "--no-cache", "--until", until.isoformat(),
                "--format", "json", "--output", str(out))
    assert done.returncode in (0, 1), done.stderr
    fresh = json.loads(out.read_text())["details"]["history"]["risk"]
    here = _risk(busy_repo.root, until)
    assert fresh["model"] == here["model"] and fresh["model"]["source"] == "fitted"
    assert fresh["files"] == here["files"]


def test_an_unreadable_earlier_window_costs_the_fit_only(busy_repo: GitRepo,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    # An object missing from an old commit (a partial clone, a damaged pack) must not turn
    # the measured window's metrics into n/a: only the fit needs the window before.
    from scorecard.analyzers.history import history_analyzer as history
    from scorecard.repo import GitUnavailable

    reading = history.iter_commits

    def failing(*args: Any, **kwargs: Any) -> Any:
        if kwargs.get("counts") is False:
            raise GitUnavailable("fatal: unable to read 0123abcd")
        return reading(*args, **kwargs)

    monkeypatch.setattr(history, "iter_commits", failing)
    until = START + timedelta(weeks=161)
    report = api.scan(busy_repo.root, now=until, flags={"cache": False})
    facts = report.facts(HistoryFacts)
    assert facts is not None and facts.risk is not None
    assert facts.risk.model.source == "prior"
    assert "could not be read" in facts.risk.model.note
    evolvability = next(p for p in report.pillars if p.pillar.value == "evolvability")
    assert not evolvability.provisional
    assert any("unable to read 0123abcd" in p.message for p in report.problems)


def test_a_file_fixed_several_times_reads_fixes_in_its_factors(git_repo: GitRepo) -> None:
    git_repo.commit({"pkg/hot.py": "def f(x):\n    return x\n",
                     "pkg/calm.py": "def g(x):\n    return x\n"},
                    date="2026-03-01T09:00:00+00:00")
    for day in range(2, 6):
        git_repo.commit({"pkg/hot.py": f"def f(x):\n    return x + {day}\n"},
                        message=f"fix: off by {day}", date=f"2026-03-0{day}T09:00:00+00:00")
    report = api.scan(git_repo.root, now=datetime(2026, 4, 1, tzinfo=UTC), environ={},
                      flags={"cache": False})
    history = report.facts(HistoryFacts)
    assert history is not None and history.risk is not None
    hot = next(row for row in history.risk.files if row.path == "pkg/hot.py")
    assert any(factor.endswith(", 4 fixes)") for factor in hot.factors), hot.factors


def test_a_file_whose_changes_git_could_not_count_has_no_past_size() -> None:
    # A change without line counts (git could not read the file's version) leaves the
    # file's size one window ago unknown: the fit leaves the file out rather than guess.
    from scorecard.risk.features import Change, FileFacts, Touches, lines_at
    from scorecard.risk.risk_model import training_set

    touches = Touches(commits=[(200, False, ("a.py", "b.py"))],
                      by_path={"a.py": [Change(200, False, 5, 1, "ada", 0)],
                               "b.py": [Change(200, False, None, None, "ada", 0)]})
    assert lines_at(touches, "a.py", 50, 100) == 46
    assert lines_at(touches, "b.py", 50, 100) is None
    assert lines_at(touches, "b.py", 50, 300) == 50  # the change came after that moment
    facts = {path: FileFacts(path, 50, 40, 3, 2, "f") for path in ("a.py", "b.py")}
    rows, _ = training_set(touches, facts, 300, 200)
    assert [row.path for row in rows] == ["a.py"]
