"""The history analyzer end to end: real repositories, bad input, n/a with the fix."""

from __future__ import annotations

import subprocess
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from scorecard import api
from scorecard.analyzers import analyzer_by_name
from scorecard.analyzers.history import history_analyzer
from scorecard.analyzers.history.history_analyzer import unavailable_reason
from scorecard.errors import ConfigError
from scorecard.model import Report
from scorecard.plain import to_plain
from scorecard.repo import GitState, GitUnavailable
from tests.gitrepo import GitRepo, hermetic_env

NOW = datetime(2026, 7, 1, tzinfo=UTC)
ALICE = ("Alice", "alice@example.com")
BOB = ("Bob", "bob@example.com")
METRICS = {m.id for m in analyzer_by_name("history").metrics}
DEEP = ("def f(x):\n" + "".join("    " * (i + 1) + f"if x > {i}:\n" for i in range(5))
        + "    " * 6 + "return 1\n")


def _scan(root: Path, **flags: Any) -> Report:
    return api.scan(root, now=NOW, environ={}, flags={"cache": False, **flags})


def _values(report: Report) -> dict[str, Any]:
    return {c.metric: c for p in report.pillars for c in (*p.checks, *p.skipped)
            if c.metric in METRICS}


def _reasons(report: Report) -> set[str]:
    return {c.reason for c in _values(report).values()}


def _history(report: Report) -> Mapping[str, Any]:
    details = to_plain(report.details["history"])  # as the JSON report writes it
    assert isinstance(details, Mapping)
    return details


def test_every_history_metric_has_a_check(tmp_path: Path) -> None:
    loaded = api.load_effective_checks(tmp_path, config_file=None, environ={}, flags={})
    assert {check.metric for check in loaded.checks} >= METRICS


def test_no_git_is_not_applicable(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("x = 1\n")
    assert _reasons(_scan(tmp_path)) == {
        "not a git repository: history metrics need git history"}


def test_empty_repository_is_not_applicable(git_repo: GitRepo) -> None:
    (git_repo.root / "a.py").write_text("x = 1\n")
    assert _reasons(_scan(git_repo.root)) == {"empty repository: no commits yet"}


def test_shallow_clone_names_the_fix(tmp_path: Path, git_repo: GitRepo) -> None:
    for day in range(1, 4):
        git_repo.commit({"a.py": f"x = {day}\n"}, date=f"2026-03-0{day}T10:00:00+00:00")
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{git_repo.root}",
                    str(shallow)], env=hermetic_env(), check=True, capture_output=True)
    (reason,) = _reasons(_scan(shallow))
    assert reason.startswith("shallow clone: history metrics need full history")
    assert "fetch-depth: 0" in reason and "actions/checkout" in reason


def test_no_commit_in_the_window(git_repo: GitRepo) -> None:
    git_repo.commit({"a.py": "x = 1\n"}, date="2020-01-01T00:00:00+00:00")
    (reason,) = _reasons(_scan(git_repo.root))
    assert reason.startswith("no commits from 2025-07-01 to 2026-07-01")


def test_single_commit_is_measured(git_repo: GitRepo) -> None:
    git_repo.commit({"app/a.py": DEEP, "tests/test_a.py": "def test():\n    pass\n"},
                    date="2026-06-01T10:00:00+00:00", author=ALICE)
    values = _values(_scan(git_repo.root))
    # One commit is measured everywhere but for a habit: tests beside changes needs five.
    tests = values["history.tests_with_changes_share"]
    assert tests.value is None and tests.reason.startswith("only 1 commit changed product")
    assert values["history.truck_factor"].value == 1.0
    assert values["history.hotspot_code_share"].value == 0.0  # one change is no hotspot
    assert values["history.cross_module_coupling"].value == 0.0


def _hotspot_history(git_repo: GitRepo, busy: str = "app/core.py",
                     more: dict[str, str] | None = None) -> Report:
    """Bob writes three files in September and leaves; Alice edits ``busy`` in March."""
    git_repo.commit({"app/core.py": DEEP, "app/util.py": "def u():\n    return 1\n",
                     "tests/test_core.py": "def test():\n    pass\n", busy: DEEP,
                     **(more or {})},
                    date="2025-09-01T10:00:00+00:00", author=BOB)
    for day in range(8):
        git_repo.commit({busy: DEEP + f"# {day}\n"}, author=ALICE,
                        date=f"2026-03-{day + 1:02d}T10:00:00+00:00")
    return _scan(git_repo.root)


_ANOTHER = {"app/io.py": "def r(x):\n    if x:\n        return 1\n    return 2\n"}


def test_end_to_end_hotspots_and_churn(git_repo: GitRepo) -> None:
    history = _history(_hotspot_history(git_repo, more=_ANOTHER))
    assert [h["path"] for h in history["hotspots"]] == ["app/core.py"]
    assert history["hotspots"][0]["worst_functions"][0]["function"] == "f"
    core = history["churn"][0]
    assert (core["path"], core["revisions"], core["authors"]) == ("app/core.py", 9, 2)
    assert history["window"]["commits"] == 9
    # Time comes only from `now`: the same commit and window give the same report.
    assert _history(_scan(git_repo.root)) == history


def test_a_test_file_is_never_a_hotspot(git_repo: GitRepo) -> None:
    # Tests change with the code they test: they are neither hotspots nor part of the
    # curve or the share, as the risk model does not rank them either.
    report = _hotspot_history(git_repo, busy="tests/test_deep.py", more=_ANOTHER)
    assert _history(report)["hotspots"] == []
    hotspots = _values(report)["history.hotspot_code_share"]
    assert hotspots.value == 0.0


def test_end_to_end_knowledge_and_tests(git_repo: GitRepo) -> None:
    report = _hotspot_history(git_repo)
    values = {metric: check.value for metric, check in _values(report).items()}
    # Bob, gone since September, is the main author of util.py (and of test_core.py, a
    # test: islands are source files, so it is not counted).
    assert values["history.knowledge_island_share"] == pytest.approx(50.0, abs=0.01)
    assert values["history.tests_with_changes_share"] == pytest.approx(100 / 9, abs=0.01)
    assert values["history.truck_factor"] == 1
    modules = _history(report)["knowledge"]["modules"]
    assert [(m["name"], m["island"]) for m in modules] == [("app", False), ("tests", True)]


def test_unavailable_reasons_name_the_fix() -> None:
    assert unavailable_reason(GitState(is_git=True, head="a" * 40)) == ""
    assert "fetch-depth: 0" in unavailable_reason(GitState(is_git=True, head="a" * 40,
                                                           shallow=True))


def test_window_options_measure_a_past_moment(git_repo: GitRepo) -> None:
    for month in (1, 2, 3, 4):
        git_repo.commit({"a.py": f"x = {month}\n"}, date=f"2026-0{month}-10T10:00:00+00:00")
    window = _history(_scan(git_repo.root, **{"history.since": "2026-01-31",
                                             "history.until": "2026-03-31"}))["window"]
    assert window["commits"] == 2 and window["until"].startswith("2026-03-31")
    days = _history(_scan(git_repo.root, **{"history.since_days": 120}))["window"]
    assert days["commits"] == 2  # March 10 and April 10 are within 120 days of July 1st


def test_bad_window_option_is_bad_configuration_not_a_crash(git_repo: GitRepo) -> None:
    # Checked before the scan starts, like every option's type: exit 2 with the option named.
    git_repo.commit({"a.py": "x = 1\n"}, date="2026-06-01T10:00:00+00:00")
    with pytest.raises(ConfigError, match="history.since must be an ISO date"):
        _scan(git_repo.root, **{"history.since": "yesterday-ish"})


def test_git_failure_is_a_problem_not_a_crash(git_repo: GitRepo,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    # A failure that is no unreadable object (objects are read around: see
    # test_history_unreadable) leaves the history unmeasured, with git's words.
    git_repo.commit({"a.py": "x = 1\n"}, date="2026-06-01T10:00:00+00:00")

    def failing(*args: Any, **kwargs: Any) -> Any:
        raise GitUnavailable("fatal: git refused")

    monkeypatch.setattr(history_analyzer, "iter_commits", failing)
    report = _scan(git_repo.root)
    assert all(c.value is None for c in _values(report).values())
    (problem,) = [p for p in report.problems if p.analyzer == "history"]
    assert problem.message == "git history: fatal: git refused"


def test_merges_and_formatting_sweeps_stay_out_of_churn(git_repo: GitRepo) -> None:
    git_repo.commit({"a.py": "a = 1\n"}, date="2026-01-01T10:00:00+00:00", author=ALICE)
    sweep = git_repo.commit({"a.py": "a  =  1\n"}, date="2026-01-02T10:00:00+00:00",
                            message="reformat", author=BOB)
    git_repo.git("checkout", "-q", "-b", "side")
    git_repo.commit({"side.py": "s = 1\n"}, date="2026-01-03T10:00:00+00:00", author=ALICE)
    git_repo.git("checkout", "-q", "main")
    git_repo.commit({"main.py": "m = 1\n"}, date="2026-01-04T10:00:00+00:00", author=ALICE)
    git_repo.git("merge", "-q", "--no-ff", "side", "-m", "merge", date="2026-06-20T10:00:00Z",
                 author=BOB)
    git_repo.commit({".git-blame-ignore-revs": f"# formatting\n{sweep}\n"},
                    date="2026-01-05T10:00:00+00:00", author=ALICE)
    history = _history(_scan(git_repo.root))
    assert history["window"] == {**history["window"], "commits": 4, "merges": 1,
                                 "ignored_commits": 1}
    rows = {row["path"]: row for row in history["churn"]}
    assert rows["a.py"]["revisions"] == 1 and rows["side.py"]["revisions"] == 1
    # Bob only merged and swept, yet that keeps him active: a.py is Alice's anyway.
    assert history["knowledge"]["islands"] == []


def test_renames_hostile_paths_binary_files_and_authors_without_email(
        git_repo: GitRepo) -> None:
    body = "".join(f"v{i} = {i}\n" for i in range(30))
    names = ["with space.py", 'quote"d.py', "new\nline.py", "ünï.py"]
    git_repo.commit({**{n: body for n in names}, "old.py": body, "img.bin": b"\0\1"},
                    date="2026-01-01T10:00:00+00:00", author=("No Mail", ""))
    git_repo.git("mv", "old.py", "renamed.py")
    git_repo.commit({"renamed.py": body + "w = 1\n", "img.bin": b"\0\2"},
                    date="2026-01-02T10:00:00+00:00", author=ALICE)
    history = _history(_scan(git_repo.root))
    rows = {row["path"]: row for row in history["churn"]}
    assert rows["renamed.py"]["revisions"] == 2 and "old.py" not in rows
    assert rows["img.bin"] == {**rows["img.bin"], "revisions": 2, "added": 0, "deleted": 0}
    assert set(names) <= set(rows)
    owners = {m["main_author"] for m in history["knowledge"]["modules"]}
    assert "No Mail" in owners


def test_submodules_do_not_break_mining(tmp_path: Path, git_repo: GitRepo) -> None:
    library = GitRepo.create(tmp_path / "library")
    library.commit({"lib.py": "x = 1\n"}, date="2026-01-01T10:00:00+00:00")
    git_repo.commit({"a.py": "a = 1\n"}, date="2026-01-01T10:00:00+00:00")
    git_repo.git("-c", "protocol.file.allow=always", "submodule", "add", "-q",
                 str(library.root), "vendor/library")
    git_repo.commit(message="add submodule", date="2026-01-02T10:00:00+00:00")
    history = _history(_scan(git_repo.root))
    assert history["window"]["commits"] == 2


def test_detached_head_and_past_commit_scans_use_that_commit(git_repo: GitRepo) -> None:
    first = git_repo.commit({"a.py": "a = 1\n"}, date="2026-01-01T10:00:00+00:00")
    git_repo.commit({"b.py": "b = 1\n"}, date="2026-01-02T10:00:00+00:00")
    past = api.scan(git_repo.root, now=NOW, environ={}, flags={"cache": False}, rev=first)
    assert [row["path"] for row in _history(past)["churn"]] == ["a.py"]
    git_repo.git("checkout", "-q", "--detach", first)
    assert _history(_scan(git_repo.root))["window"]["commits"] == 1


def test_cross_module_coupling_in_details_and_measurement(git_repo: GitRepo) -> None:
    git_repo.commit({"pkg/__init__.py": "", "pkg/api/__init__.py": "",
                     "pkg/store/__init__.py": ""}, date="2026-01-01T10:00:00+00:00")
    for day in range(2, 8):
        git_repo.commit({"pkg/api/views.py": f"v = {day}\n", "pkg/store/db.py": f"d = {day}\n",
                         "tests/test_views.py": f"t = {day}\n"},
                        date=f"2026-01-{day:02d}T10:00:00+00:00")
    report = _scan(git_repo.root)
    coupling = _values(report)["history.cross_module_coupling"]
    assert coupling.value == 1.0
    pairs = {(p["first"], p["second"]): p for p in _history(report)["coupling"]}
    assert pairs[("pkg/api/views.py", "pkg/store/db.py")]["cross_module"] is True
    assert pairs[("pkg/api/views.py", "tests/test_views.py")]["cross_module"] is False
    assert pairs[("pkg/api/views.py", "pkg/store/db.py")]["degree"] == 100


def test_tests_beside_changes_names_the_unmeasured_language_of_the_changes(
        git_repo: GitRepo) -> None:
    # A Rust crate's commits change product code, just not in a language measured here: the
    # n/a reason says so instead of "no commit changed product code".
    git_repo.commit({"Cargo.toml": '[package]\nname = "kv"\n', "src/lib.rs": "pub fn a() {}\n"},
                    date="2026-01-01T00:00:00+00:00")
    git_repo.commit({"src/lib.rs": "pub fn a() {}\npub fn b() {}\n",
                     "tests/it.rs": "#[test]\nfn t() {}\n"}, date="2026-01-02T00:00:00+00:00")
    report = api.scan(git_repo.root, now=NOW, environ={}, flags={"cache": False})
    check = next(c for p in report.pillars for c in p.skipped
                 if c.id == "evolvability.tests-with-changes")
    assert check.reason == ("no commit changed product code in a measured language (Python, "
                            "Go, Java, JavaScript, TypeScript); 2 commits changed Rust code "
                            "(not measured)")


def test_a_clone_missing_an_old_blob_says_what_to_do(git_repo: GitRepo) -> None:
    # A mirror or partial clone may lack the blob of a file a past commit added and a later
    # one deleted: git log --numstat stops there. The history is read around it; only the
    # deleted file lacks line counts, and the note names the way out.
    git_repo.commit({"app.py": "def f():\n    return 1\n", "dist.tar.gz": b"\x1f\x8b" + b"x" * 64},
                    date="2026-01-01T00:00:00+00:00")
    blob = git_repo.git("rev-parse", "HEAD:dist.tar.gz").strip()
    git_repo.commit({"app.py": "def f():\n    return 2\n"}, remove=("dist.tar.gz",),
                    date="2026-01-02T00:00:00+00:00")
    (git_repo.root / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    report = api.scan(git_repo.root, now=NOW, environ={}, flags={"cache": False})
    churn = next(c for p in report.pillars for c in p.checks if c.id == "evolvability.churn")
    assert churn.value == 0.0
    assert [(r["path"], r["added"], r["deleted"]) for r in _history(report)["churn"]] == [
        ("app.py", 3, 1)]
    (problem,) = [p.message for p in report.problems if p.analyzer == "history"]
    assert problem.startswith("git could not read 1 object of the history (repository "
                              "incomplete): line counts are missing for 1 file;")
    assert "git fsck lists what is missing" in problem and "git fetch --refetch" in problem


def test_a_churning_test_file_is_not_high_churn_code(git_repo: GitRepo) -> None:
    # The test file is rewritten ten times (relative churn far above 3); the product file
    # is written once. The share counts product code, as hotspots do.
    core = "".join(f"def f{i}(x):\n    return x + {i}\n" for i in range(15))
    git_repo.commit({"app/core.py": core, "tests/test_core.py": "def test():\n    pass\n"},
                    date="2026-03-01T10:00:00+00:00")
    for day in range(10):  # every version rewrites all of its 30 lines
        body = "".join(f"def test_{day}_{i}():\n    assert {i}\n" for i in range(15))
        git_repo.commit({"tests/test_core.py": body}, date=f"2026-03-{day + 2:02d}T10:00:00+00:00")
    share = _values(_scan(git_repo.root))["history.high_churn_code_share"]
    assert share.value == 0.0, share.reason


def test_a_rebased_history_keeps_its_authors_active(git_repo: GitRepo) -> None:
    # Commits rebased last month keep author dates from years ago: their author is active,
    # as the window (chosen by committer date) says.
    for day in range(1, 5):
        date = f"2026-06-0{day}T10:00:00+00:00"
        git_repo.commit({"pkg/core.py": "def f(x):\n    return x\n" * day}, date=date)
        git_repo.git("commit", "-q", "--amend", "--no-edit",
                     f"--date=2019-03-0{day}T10:00:00+00:00", date=date)
    report = _scan(git_repo.root)
    islands = next(c for p in report.pillars for c in (*p.checks, *p.skipped)
                   if c.id == "evolvability.knowledge-islands")
    assert islands.value == 0.0, islands.reason
    assert not any("made no commit" in f.message for f in islands.findings)
