"""Machine-written files (lock files, generated code) are left out of the history judgments.

A tiny repository where ``package-lock.json``, ``go.sum``, ``web/yarn.lock`` and a protoc
module change in nearly every commit beside the code: on the mined numbers they would top
the churn table, pair with every code file, form their own module in the knowledge table
and make a bot a main contributor. The raw tally still holds them (``git log --numstat``).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from scorecard.analyzers.history.mining import mine
from scorecard.analyzers.path_roles import (
    LOCK_FILES,
    PathRole,
    is_lock_file,
    is_machine_written,
    is_sample,
    machine_written_kind,
    path_role,
)
from scorecard.analyzers.signals.automation import detect_automation
from scorecard.filescan.outcomes import TOOL_WRITTEN_REASONS, FileScan
from scorecard.languages import generated_reason, minified_reason
from scorecard.model import SkippedFile
from scorecard.repo import classify_content
from scorecard.repo.gitlog import iter_commits
from tests.gitrepo import GitRepo, ImportCommit, fast_import
from tests.history_support import NOW, history_checks, history_details, scan

ALICE = ("Alice", "alice@example.com")
BOB = ("Bob", "bob@example.com")  # left in August 2025
BOT = ("renovate[bot]", "bot@example.com")
DEEP = ("def f(x):\n" + "".join("    " * (i + 1) + f"if x > {i}:\n" for i in range(5))
        + "    " * 6 + "return 1\n")
GENERATED = DEEP.replace("def f", "def g")  # complex enough to be a hotspot
MACHINE = {"package-lock.json", "go.sum", "web/yarn.lock", "api/service_pb2.py"}
NOTE = "; 4 machine-written files (lock files, generated code) not counted"


def _lock(tag: str) -> str:
    return f'{{"lockfileVersion": 3, "tag": "{tag}"}}\n'


def _history() -> list[ImportCommit]:
    """Bob starts the code and leaves; Alice changes it with the generated files; a bot
    bumps the lock files alone."""
    first = {"app/core.py": DEEP, "lib/helper.py": "def h():\n    return 1\n",
             "lib/io.py": "def r(x):\n    return x\n",  # a third product file: a curve
             "tests/test_core.py": "def test():\n    pass\n", "package-lock.json": _lock("b0"),
             "go.sum": "example.com/a v1.0.0 h1:b0\n", "web/yarn.lock": "# b0\n",
             "api/service_pb2.py": GENERATED}
    commits = [ImportCommit(dict(first), BOB, "2025-08-01T10:00:00+00:00")]
    commits += [ImportCommit({"package-lock.json": _lock(f"b{day}"),
                              "web/yarn.lock": f"# b{day}\n"},
                             BOB, f"2025-08-{day + 1:02d}T10:00:00+00:00")
                for day in range(1, 6)]
    commits += [ImportCommit({"app/core.py": DEEP + f"# {day}\n",
                              "lib/helper.py": f"def h():\n    return {day + 10}\n",
                              "package-lock.json": _lock(f"a{day}"),
                              "go.sum": f"example.com/a v1.0.{day} h1:a\n",
                              "api/service_pb2.py": GENERATED + f"# {day}\n"},
                             ALICE, f"2026-03-{day:02d}T10:00:00+00:00")
                for day in range(1, 9)]
    commits += [ImportCommit({"package-lock.json": _lock(f"r{day}"),
                              "go.sum": f"example.com/b v2.0.{day} h1:r\n"},
                             BOT, f"2026-04-{day:02d}T10:00:00+00:00")
                for day in range(1, 13)]
    return commits


@pytest.fixture
def repo(git_repo: GitRepo) -> GitRepo:
    """The repository above."""
    fast_import(git_repo, _history())
    return git_repo





def test_machine_written_files_are_absent_from_every_table(repo: GitRepo) -> None:
    history = history_details(scan(repo.root))
    assert {row["path"] for row in history["churn"]} == {
        "app/core.py", "lib/helper.py", "lib/io.py", "tests/test_core.py"}
    assert history["files_changed"] == 4
    assert history["window"]["machine_written_files_left_out"] == 4
    assert [h["path"] for h in history["hotspots"]] == ["app/core.py"]
    pairs = {(p["first"], p["second"]) for p in history["coupling"]}
    assert pairs == {("app/core.py", "lib/helper.py")}
    knowledge = history["knowledge"]
    assert {m["name"] for m in knowledge["modules"]} == {"app", "lib", "tests"}
    # Islands are source files: tests/test_core.py is a test, lib/io.py is code.
    assert [i["name"] for i in knowledge["islands"]] == ["lib/io.py"]
    shown = {row["path"] for row in history["churn"]} | {p for pair in pairs for p in pair}
    assert not shown & MACHINE
    # The mined tally, git log --numstat's numbers, still counts every path.
    mined = mine(iter_commits(repo.root, datetime(2025, 7, 1, tzinfo=UTC), NOW))
    revisions = {path: stats.revisions for path, stats in mined.churn.files.items()}
    assert revisions["package-lock.json"] == 26 and revisions["go.sum"] == 21
    assert revisions["api/service_pb2.py"] == 9 and revisions["app/core.py"] == 9


def test_the_code_files_still_rank(repo: GitRepo) -> None:
    history = history_details(scan(repo.root))
    assert [row["path"] for row in history["churn"][:2]] == ["app/core.py", "lib/helper.py"]
    assert history["churn"][0]["revisions"] == 9
    assert history["hotspot_min_revisions"] == 9
    (pair,) = history["coupling"]
    assert (pair["shared"], pair["degree"], pair["cross_module"]) == (9, 100, True)


def test_the_notes_say_how_many_files_were_left_out(repo: GitRepo) -> None:
    checks = history_checks(scan(repo.root))
    for metric in ("history.hotspot_code_share", "history.cross_module_coupling",
                   "history.knowledge_island_share", "history.truck_factor",
                   "history.high_churn_code_share"):
        assert checks[metric].reason.endswith(NOTE), (metric, checks[metric].reason)
    assert NOTE not in checks["history.tests_with_changes_share"].reason
    # Without the bot's lock-file bumps (and Bob's), Alice made most of the changes.
    assert checks["history.truck_factor"].value == 1
    assert "; 2 authors changed files in the window;" in checks["history.truck_factor"].reason
    assert checks["history.cross_module_coupling"].value == 1
    # lib/io.py of app/core.py, lib/helper.py, lib/io.py (the test is no source file).
    assert checks["history.knowledge_island_share"].value == pytest.approx(100 / 3, abs=0.01)


SWAGGER = "// Code generated by go-swagger; DO NOT EDIT.\n\npackage restapi\n\nvar spec = `{}`\n"


def test_files_generated_by_their_content_are_left_out_too(git_repo: GitRepo) -> None:
    # go-swagger writes embedded_spec.go from openapi.yaml: no name says so, its header does.
    fast_import(git_repo, [ImportCommit(
        {"api/openapi.yaml": f"version: {day}\n",
         "api/restapi/embedded_spec.go": SWAGGER.replace("{}", f"{{{day}}}"),
         "api/handlers.go": f"package api\n\nfunc Version() int {{ return {day} }}\n"},
        ALICE, f"2026-03-{day:02d}T10:00:00+00:00") for day in range(1, 7)])
    report = scan(git_repo.root)
    history = history_details(report)
    assert {row["path"] for row in history["churn"]} == {"api/openapi.yaml", "api/handlers.go"}
    assert {(p["first"], p["second"]) for p in history["coupling"]} == {
        ("api/handlers.go", "api/openapi.yaml")}
    note = history_checks(report)["history.cross_module_coupling"].reason
    assert note.endswith("; 1 machine-written file (generated code) not counted")


def test_the_skip_reasons_of_tool_written_content_are_known() -> None:
    tool_written = [classify_content(SWAGGER.encode()),
                    generated_reason("a.ts", b"// Generated from schema.json by a tool\n"),
                    minified_reason("app.min.js", b"var a=1;"),
                    minified_reason("app.js", b"var a=1;" * 400)]
    assert all(reason and reason.startswith(TOOL_WRITTEN_REASONS) for reason in tool_written)
    people = [classify_content(b"\0binary"),
              classify_content(b"version https://git-lfs.github.com/spec/v1\n")]
    assert not any(reason is None or reason.startswith(TOOL_WRITTEN_REASONS)
                   for reason in people)
    scan = FileScan(skipped=[SkippedFile("a.go", tool_written[0] or ""),
                             SkippedFile("b.bin", people[0] or "")])
    assert scan.tool_written() == frozenset({"a.go"})


@pytest.mark.parametrize(("path", "kind"), [
    ("ui/mantine-ui/package-lock.json", "lock file"), ("go.sum", "lock file"),
    ("internal/tools/go.sum", "lock file"), ("Cargo.lock", "lock file"),
    ("poetry.lock", "lock file"), ("Gemfile.lock", "lock file"), ("flake.lock", "lock file"),
    ("requirements-dev.lock", "lock file"), ("docs/yarn.lock", "lock file"),
    ("pkg/api_pb2.py", "generated code"), ("api/v1/api.pb.go", "generated code"),
    ("static/js/app.min.js", "minified asset"), ("static/app.min.css", "minified asset"),
    ("dist/app.js.map", "source map"), ("dist/app.css.map", "source map"),
    ("src/__snapshots__/button.test.js.snap", "test snapshot"),
    ("src/__tests__/__snapshots__/a.test.tsx.snap", "test snapshot"),
])
def test_machine_written_paths(path: str, kind: str) -> None:
    assert machine_written_kind(path) == kind
    assert is_machine_written(path)


@pytest.mark.parametrize("path", ["package.json", "go.mod", "Cargo.toml", "pyproject.toml",
                                  "requirements.txt", "src/app.js", "app/core.py",
                                  "levels/castle.map", "src/button.snap", "lock.py",
                                  "docs/index.md"])
def test_people_written_paths(path: str) -> None:
    assert not is_machine_written(path)


def test_a_lock_file_is_generated_but_no_sample_and_automation_still_finds_it() -> None:
    # The role is GENERATED (not product code); sample data it is not, so the automation
    # practice that looks for lock files outside tests and examples still sees it.
    for path in ("go.sum", "web/package-lock.json", "flake.lock"):
        assert path_role(path) is PathRole.GENERATED and not is_sample(path)
    paths = ["go.sum", "web/package-lock.json", "flake.lock", "tests/fixtures/poetry.lock"]
    facts = detect_automation(paths, lambda _: "")
    (locked,) = [p for p in facts.practices if p.name == "locked_dependencies"]
    assert locked.evidence == ("flake.lock", "go.sum", "web/package-lock.json")


def test_automation_and_history_share_one_lock_list() -> None:
    for name in sorted(LOCK_FILES):
        assert is_lock_file(f"sub/{name}") and machine_written_kind(name) == "lock file", name
        facts = detect_automation([name], lambda _: "")
        locked = next(p for p in facts.practices if p.name == "locked_dependencies")
        assert locked.evidence == (name,), name
