"""History from repositories git cannot read whole: missing, corrupt and never-fetched objects.

Each case damages a copy of one small history and scans both: what does not depend on the
lost object (revisions, authors, coupling, the risk ranking, the other files' line counts)
is what the whole repository gives, the lost line counts are unknown (never zero), and one
note says what git could not read. Nothing hangs, nothing is fetched.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from scorecard import api
from scorecard.model import Report
from tests.gitrepo import GitRepo, hermetic_env
from tests.history_support import METRICS, NOW, history_checks, history_details, scan
from tests.hostile.generators import assert_clean_exit, run_cli

ALICE = ("Alice", "alice@example.com")
BOB = ("Bob", "bob@example.com")
HIGH_CHURN = "history.high_churn_code_share"
# What git fsck names and how to get the objects back, for a repository that lacks some.
INCOMPLETE = ("git fsck lists what is missing; scan a full clone, made without --filter, or "
              "run git fetch --refetch")


# Tests beside changes needs five commits; these repositories have fewer.
_TOO_FEW = "history.tests_with_changes_share"


def _body(lines: int, tag: str) -> str:
    return "".join(f"def f{i}(x):\n    return x + {i}  # {tag}\n\n" for i in range(lines))


def _build(repo: GitRepo) -> None:
    """Two authors over four months: app/a.py is small, app/b.py and the tests larger."""
    repo.commit({"app/a.py": "def a(x):\n    return 1\n", "app/b.py": _body(12, "one"),
                 "tests/test_a.py": _body(10, "t")}, author=ALICE,
                date="2026-01-05T10:00:00+00:00", message="Add a, b and tests")
    repo.commit({"app/a.py": "def a(x):\n    return 2\n", "app/b.py": _body(14, "two")},
                author=BOB, date="2026-02-05T10:00:00+00:00", message="Change a and b")
    repo.commit({"app/a.py": "def a(x):\n    y = x\n    return 3\n",
                 "tests/test_a.py": _body(11, "t")}, author=ALICE,
                date="2026-03-05T10:00:00+00:00", message="Fix a")
    repo.commit({"app/b.py": _body(15, "three")}, author=BOB,
                date="2026-04-05T10:00:00+00:00", message="Change b")





def _note(report: Report) -> str:
    (note,) = [p.message for p in report.problems if p.analyzer == "history"]
    return note


def _object_file(root: Path, oid: str) -> Path:
    return root / ".git" / "objects" / oid[:2] / oid[2:]


@pytest.fixture
def intact(tmp_path: Path) -> GitRepo:
    repo = GitRepo.create(tmp_path / "intact")
    _build(repo)
    return repo


def _damaged_copy(intact: GitRepo, tmp_path: Path) -> GitRepo:
    copy = tmp_path / "damaged"
    shutil.copytree(intact.root, copy, symlinks=True)
    return GitRepo(copy, list(intact.commits))


def _assert_only_line_counts_of(report: Report, whole: Report, lost: set[str]) -> None:
    """Everything but ``lost``'s line counts is what the whole repository gives."""
    checks, whole_checks = history_checks(report), history_checks(whole)
    for metric in METRICS - {HIGH_CHURN}:
        assert checks[metric].value == whole_checks[metric].value, metric
    assert checks[HIGH_CHURN].value is not None
    rows = {r["path"]: r for r in history_details(report)["churn"]}
    whole_rows = {r["path"]: r for r in history_details(whole)["churn"]}
    assert rows.keys() == whole_rows.keys()
    for path, row in rows.items():
        line_fields = ("added", "deleted", "relative_churn")
        if path in lost:
            assert [row[f] for f in line_fields] == [None, None, None], path  # never zero
            row = {k: v for k, v in row.items() if k not in line_fields}
            whole_row = {k: v for k, v in whole_rows[path].items() if k not in line_fields}
            assert row == whole_row, path
        else:
            assert row == whole_rows[path], path
    for key in ("coupling", "knowledge", "hotspots", "window", "risk"):
        assert history_details(report)[key] == history_details(whole)[key], key


def test_a_missing_loose_blob_costs_that_files_line_counts_only(intact: GitRepo,
                                                                 tmp_path: Path) -> None:
    damaged = _damaged_copy(intact, tmp_path)
    blob = damaged.git("rev-parse", f"{damaged.commits[1]}:app/a.py").strip()
    _object_file(damaged.root, blob).unlink()
    report = scan(damaged.root)
    _assert_only_line_counts_of(report, scan(intact.root), {"app/a.py"})
    assert _note(report) == (
        "git could not read 1 object of the history (repository incomplete): line counts are "
        "missing for 1 file; revisions, authors and coupling are complete "
        f"({INCOMPLETE})")
    unreadable = history_details(report)["unreadable"]
    assert (unreadable["objects"], unreadable["first_object"],
            unreadable["files_without_line_counts"]) == (1, blob, 1)
    assert "history_stops_at" not in unreadable
    assert history_checks(report)[HIGH_CHURN].reason.endswith(
        "; 1 file without line counts (git could not read their past versions) left out")


def test_a_corrupt_blob_costs_that_files_line_counts_only(intact: GitRepo,
                                                           tmp_path: Path) -> None:
    damaged = _damaged_copy(intact, tmp_path)
    blob = damaged.git("rev-parse", f"{damaged.commits[1]}:app/a.py").strip()
    loose = _object_file(damaged.root, blob)
    data = loose.read_bytes()
    loose.chmod(0o644)
    loose.write_bytes(data[:10])  # git finds the object, and cannot inflate it
    report = scan(damaged.root)
    _assert_only_line_counts_of(report, scan(intact.root), {"app/a.py"})
    assert _note(report).startswith("git could not read 1 object of the history (repository "
                                    "damaged: an object is corrupt): line counts are missing "
                                    "for 1 file; revisions, authors and coupling are complete")


def _blobless_clone(origin: GitRepo, dest: Path) -> None:
    """Clone ``origin`` with --filter=blob:none: only the checked-out blobs are fetched."""
    origin.git("config", "uploadpack.allowFilter", "true")
    subprocess.run(["git", "clone", "-q", "--no-local", "--filter=blob:none",
                    f"file://{origin.root}", str(dest)], env=hermetic_env(), check=True,
                   capture_output=True)


def _missing_objects(root: Path) -> list[str]:
    out = subprocess.run(["git", "rev-list", "--objects", "--all", "--missing=print"],
                         cwd=root, env=hermetic_env(), check=True, capture_output=True).stdout
    return sorted(line for line in out.decode().splitlines() if line.startswith("?"))


@pytest.mark.parametrize("remote", ["moved away", "still there"])
def test_a_blobless_partial_clone_is_read_without_fetching(intact: GitRepo, tmp_path: Path,
                                                           remote: str) -> None:
    whole = history_checks(scan(intact.root))
    clone = tmp_path / "clone"
    _blobless_clone(intact, clone)
    if remote == "moved away":
        intact.root.rename(tmp_path / "elsewhere")
    missing = _missing_objects(clone)
    assert len(missing) == 5  # every past version of the three files
    started = time.monotonic()
    report = scan(clone)
    assert time.monotonic() - started < 60
    assert _missing_objects(clone) == missing  # nothing was fetched, reachable or not
    checks = history_checks(report)
    assert {m for m, c in checks.items() if c.value is None} == {HIGH_CHURN, _TOO_FEW}
    assert checks[HIGH_CHURN].reason == (
        "line counts are missing for 2 files holding 100% of the source lines (git could not "
        "read their past versions)")  # the share is of product code: the test is not in it
    assert all(checks[m].value == whole[m].value for m in METRICS - {HIGH_CHURN})
    rows = history_details(report)["churn"]
    assert [(r["path"], r["revisions"], r["added"], r["deleted"]) for r in rows] == [
        ("app/a.py", 3, None, None), ("app/b.py", 3, None, None),
        ("tests/test_a.py", 2, None, None)]
    assert _note(report) == (
        "git could not read 5 objects of the history (partial clone: objects never fetched, "
        "and scorecard does not fetch): line counts are missing for 3 files; revisions, "
        "authors and coupling are complete (fetch them with git fetch --refetch, or scan a "
        "full clone)")


def test_a_missing_tree_ends_history_at_the_commit_before(intact: GitRepo,
                                                          tmp_path: Path) -> None:
    damaged = _damaged_copy(intact, tmp_path)
    tree = damaged.git("rev-parse", f"{damaged.commits[0]}^{{tree}}").strip()
    _object_file(damaged.root, tree).unlink()
    report = scan(damaged.root)
    # The second commit's diff needs the first one's tree: only the two newest are read.
    assert history_details(report)["window"]["commits"] == 2
    assert {r["path"]: r["revisions"] for r in history_details(report)["churn"]} == {
        "app/a.py": 1, "app/b.py": 1, "tests/test_a.py": 1}
    assert all(c.value is not None for metric, c in history_checks(report).items()
               if metric != _TOO_FEW)  # three commits: too few for a habit
    assert _note(report) == (
        "git could not read 1 object of the history (repository incomplete): history stops "
        f"at commit {damaged.commits[2][:12]}: git could not read tree {tree[:12]} behind "
        "it, so older commits of the window are left out; revisions, authors and coupling "
        f"come from the newer commits ({INCOMPLETE})")
    assert history_details(report)["unreadable"]["history_stops_at"] == damaged.commits[2]


def test_a_missing_commit_ends_history_where_git_stops_walking(intact: GitRepo,
                                                               tmp_path: Path) -> None:
    damaged = _damaged_copy(intact, tmp_path)
    _object_file(damaged.root, damaged.commits[1]).unlink()
    report = scan(damaged.root)
    # git reads a commit's parents before it lists the commit: the third one is lost too.
    assert history_details(report)["window"]["commits"] == 1
    assert _note(report).startswith(
        "git could not read 1 object of the history (repository incomplete): history stops "
        f"at commit {damaged.commits[3][:12]}: git could not read commit "
        f"{damaged.commits[1][:12]} behind it")


def test_alternates_that_are_gone_never_crash_the_scan(intact: GitRepo, tmp_path: Path) -> None:
    # A clone made with --shared keeps its objects in the source's folder; with the source
    # gone, even the newest commit's parent cannot be read.
    shared = tmp_path / "shared"
    subprocess.run(["git", "clone", "-q", "--shared", str(intact.root), str(shared)],
                   env=hermetic_env(), check=True, capture_output=True)
    clone = GitRepo(shared)
    clone.commit({"app/a.py": "def a(x):\n    return 4\n"}, date="2026-05-05T10:00:00+00:00")
    shutil.rmtree(intact.root)
    out = tmp_path / "report.json"
    done = run_cli("scan", ".", "--no-cache", "-f", "json", "-o", str(out), cwd=shared,
                   timeout=120)
    assert_clean_exit(done)
    report = json.loads(out.read_text())
    reasons = {c["reason"] for p in report["pillars"] for c in p["skipped"]
               if c["metric"] in METRICS}
    assert reasons == {
        "git could not read 1 object of the history (repository incomplete: its alternates "
        "name a folder that is gone): no commit of the window could be read whole (commit "
        f"{intact.commits[-1][:12]} behind the newest is lost) (restore the folder "
        ".git/objects/info/alternates names, or clone afresh)"}


def test_a_reading_ahead_that_stopped_is_not_repeated_in_the_foreground(
        intact: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The scan starts git reading its window while files are analysed; when that reading
    stops on an object git cannot read, the history is read around it at once, without an
    ordinary pass of its own that would stop at the same place."""
    from scorecard.analyzers.history import history_analyzer

    damaged = _damaged_copy(intact, tmp_path)
    blob = damaged.git("rev-parse", f"{damaged.commits[1]}:app/a.py").strip()
    _object_file(damaged.root, blob).unlink()
    ordinary: list[object] = []
    reading = history_analyzer.iter_commits

    def spy(*args: object, **options: object) -> object:
        ordinary.append(args)
        return reading(*args, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(history_analyzer, "iter_commits", spy)
    report = scan(damaged.root)
    # The risk model's earlier window (ending where this one starts) is another reading.
    assert not [args for args in ordinary if args[2] == NOW], ordinary
    _assert_only_line_counts_of(report, scan(intact.root), {"app/a.py"})
    assert history_details(report)["unreadable"]["first_object"] == blob


def test_a_past_commit_of_a_partial_clone_lists_the_files_it_has(intact: GitRepo,
                                                                 tmp_path: Path) -> None:
    """Blobs a partial clone never fetched are per-file problems; the other files are read.

    Asking git for the size of one it lacks would stop the whole listing (and, before git
    2.44, cost a walk of every object first).
    """
    clone = tmp_path / "clone"
    _blobless_clone(intact, clone)
    missing = _missing_objects(clone)
    report = api.scan(clone, now=NOW, environ={}, flags={"cache": False}, rev="HEAD~1")
    assert _missing_objects(clone) == missing  # nothing was fetched
    listed = {p.path: p.message for p in report.problems if p.analyzer == "repo"}
    # Of HEAD~1's three files only app/b.py changed since: the checkout of HEAD fetched
    # the blobs of the other two.
    assert sorted(listed) == ["app/b.py"]
    assert set(listed.values()) == {
        "not analysed: its content is not in the repository (partial clone: objects never "
        "fetched, and scorecard does not fetch; fetch them with git fetch --refetch, or scan "
        "a full clone)"}
    assert report.files_analyzed == 2


def test_a_partial_clone_with_every_blob_lists_what_a_full_clone_lists(intact: GitRepo,
                                                                       tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    _blobless_clone(intact, clone)
    whole = api.scan(intact.root, now=NOW, environ={}, flags={"cache": False}, rev="HEAD")
    report = api.scan(clone, now=NOW, environ={}, flags={"cache": False}, rev="HEAD")
    assert report.files_analyzed == whole.files_analyzed == 3
    assert [p for p in report.problems if p.analyzer == "repo"] == []


def test_a_commit_whose_files_cannot_be_listed_is_not_graded_by_its_history(
        intact: GitRepo, tmp_path: Path) -> None:
    """The file checks count as unmeasured (0, provisional), not as not applicable."""
    damaged = _damaged_copy(intact, tmp_path)
    subtree = damaged.git("rev-parse", f"{damaged.commits[0]}:tests").strip()
    _object_file(damaged.root, subtree).unlink()  # HEAD~3's tests/ folder: ls-tree -r stops
    report = api.scan(damaged.root, now=NOW, environ={}, flags={"cache": False}, rev="HEAD~3")
    assert report.files_analyzed == 0
    assert [p.message for p in report.problems if p.analyzer == "repo"][0].startswith(
        "git ls-tree failed")
    simplicity = next(p for p in report.pillars if p.pillar.value == "simplicity")
    assert simplicity.checks == () and simplicity.provisional
    assert all(c.unmeasured and "files could not be listed (git ls-tree failed" in c.reason
               for c in simplicity.skipped)
    assert report.score is not None and report.score < 5.0  # never an A from history alone
