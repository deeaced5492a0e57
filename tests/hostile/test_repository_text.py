"""Text and numbers a scanned repository controls, on their way to a terminal or a report.

A repository's ``scorecard.toml``, check folders, file names and baseline file reach error
lines, terminal reports and SARIF. Control characters (CSI and OSC escape sequences, their C1
forms), newlines and bidi overrides must arrive as visible escapes; ``nan`` and ``inf`` must
be refused as configuration; a baseline nested 100,000 deep must be bad input, not a crash.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from scorecard import api
from scorecard.analyzers import ANALYZERS
from scorecard.errors import ConfigError
from scorecard.reporters.json_report import render_json
from scorecard.reporters.sarif import render_sarif
from scorecard.textsafety import printable
from tests.gitrepo import GitRepo
from tests.hostile.generators import (
    BIDI,
    assert_clean_exit,
    assert_error_line,
    hostile_report,
    run_cli,
)

# Raw characters that must never reach a terminal or a SARIF file from the repository.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
KEYS = ["\x1b]0;owned\x07", "\x1b[2J\x1b[H", "\x9b31m", "fake\nscorecard: error: none",
        "a\rb", "invoice\u202egpj.exe", "\u2066isolate\u2069", "line\u2028sep"]


@pytest.fixture
def repo(git_repo: GitRepo) -> GitRepo:
    git_repo.commit({"app.py": "def f(x):\n    return x\n"})
    return git_repo


def _toml_key(key: str) -> str:
    return json.dumps(key)  # a TOML basic string accepts JSON's escapes


def _assert_shown_safely(text: str) -> None:
    assert not RAW.search(text.replace("\n", "")), repr(text)


@pytest.mark.parametrize("key", KEYS, ids=range(len(KEYS)))
def test_config_keys_with_escapes_are_one_visible_line(repo: GitRepo, key: str) -> None:
    (repo.root / "scorecard.toml").write_text(
        f"{_toml_key(key)} = 1\n[checks.{_toml_key(key)}]\nweight = 1\n"
        f"[complexity]\n{_toml_key(key)} = 2\n")
    line = assert_error_line(run_cli("checks", str(repo.root)), "unknown")
    _assert_shown_safely(line)


def test_check_ids_and_prose_from_a_check_folder(repo: GitRepo, tmp_path: Path) -> None:
    folder = repo.root / "mine" / "simplicity"
    folder.mkdir(parents=True)
    evil = "\x1b]8;;https://evil.example\x07x\u202e"
    short = evil + "\nsecond"
    (folder / "evil.toml").write_text(
        f'id = {_toml_key("simplicity.evil" + evil)}\npillar = "simplicity"\n'
        f'title = {_toml_key(evil)}\nmetric = "complexity.deep_nesting_share"\nweight = 1\n'
        f'[scorer]\nkind = "linear"\nbest = 0\nworst = 10\n'
        f'[prose]\nshort = {_toml_key(short)}\nrationale = {_toml_key(evil)}\n'
        f'remedy = {_toml_key(evil)}\n')
    (repo.root / "scorecard.toml").write_text(f"check_paths = [{str(folder.parent)!r}]\n")
    listed = run_cli("checks", str(repo.root))
    assert_clean_exit(listed)
    assert "simplicity.evil" in listed.stdout
    _assert_shown_safely(listed.stdout)
    explained = run_cli("explain", "simplicity.evil" + evil, "--path", str(repo.root))
    _assert_shown_safely(explained.stdout + explained.stderr)


@pytest.mark.parametrize("value", ["nan", "+nan", "-nan", "inf", "-inf", "+inf", "1e999"])
@pytest.mark.parametrize("where", ["weight", "best", "steps", "fail_under", "option"])
def test_non_finite_numbers_are_bad_configuration(repo: GitRepo, value: str,
                                                  where: str) -> None:
    table = {
        "weight": f'[checks."simplicity.nesting-depth"]\nweight = {value}\n',
        "best": f'[checks."simplicity.nesting-depth"]\nbest = {value}\n',
        "steps": f'[checks."simplicity.nesting-depth"]\nsteps = [[{value}, 1.0]]\n',
        "fail_under": f"fail_under = {value}\n",
        "option": f"[history]\nrelative_churn_limit = {value}\n",
    }[where]
    (repo.root / "scorecard.toml").write_text(table)
    with pytest.raises(ConfigError, match="finite|number"):
        api.load_effective_checks(repo.root, environ={})


def test_negative_and_oversized_weights(repo: GitRepo) -> None:
    for value in ("-1", "-0.5", "1" + "0" * 400):
        (repo.root / "scorecard.toml").write_text(
            f'[checks."simplicity.nesting-depth"]\nweight = {value}\n')
        with pytest.raises(ConfigError, match="weight"):
            api.load_effective_checks(repo.root, environ={})


def test_weight_nan_never_reaches_the_json_report(repo: GitRepo) -> None:
    (repo.root / "scorecard.toml").write_text('[checks."simplicity.nesting-depth"]\n'
                                              "weight = nan\n")
    done = run_cli("scan", str(repo.root), "-f", "json", "--no-cache")
    assert_error_line(done, "finite")
    assert "NaN" not in done.stdout


def test_json_reports_refuse_non_finite_numbers() -> None:
    report = hostile_report()
    broken = replace(report, score=float("nan"))
    with pytest.raises(ValueError):
        render_json(broken)
    assert "NaN" not in render_json(report) and "Infinity" not in render_json(report)


def test_sarif_shows_bidi_and_controls_as_escapes(tmp_path: Path) -> None:
    report = hostile_report()
    checks = api.load_effective_checks(tmp_path, environ={}).checks
    rules = [replace(checks[0], id=c.id, short=BIDI, rationale="\x1b[31m\u2067x",
                     remedy="line one\nline two\u202e")
             for p in report.pillars for c in p.checks]
    text = render_sarif(report, rules)
    _assert_shown_safely(text)
    log = json.loads(text)
    _assert_shown_safely(json.dumps(log, ensure_ascii=False))
    rule = log["runs"][0]["tool"]["driver"]["rules"][0]
    assert rule["shortDescription"]["text"] == printable(BIDI)
    assert rule["help"]["text"].startswith("line one\nline two")  # prose keeps its lines
    ids = {r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]}
    assert all(result["ruleId"] in ids for result in log["runs"][0]["results"])


def test_newline_in_a_file_name_stays_on_its_line(repo: GitRepo) -> None:
    name = "fake\nscorecard: error: everything is fine\x1b[2J.py"
    body = "def f(a, b, c, d, e, f, g):\n" + "".join(
        "    " * (i + 1) + f"if a > {i}:\n" for i in range(6)) + "    " * 7 + "return 1\n"
    repo.commit({name: body})
    # The complexity analyzer alone: its findings in this file are the ones the terminal
    # lists first (with every analyzer, other checks' findings may fill the list).
    others = ",".join(a.name for a in ANALYZERS if a.name != "complexity")
    done = run_cli("scan", str(repo.root), "--no-cache", env={"SCORECARD_SKIP_ANALYZERS": others})
    assert_clean_exit(done)
    assert "everything is fine" in done.stdout  # shown, escaped, never as a line of its own
    for line in done.stdout.splitlines():
        assert not line.startswith("scorecard: error"), line
    _assert_shown_safely(done.stdout)


@pytest.mark.parametrize("document", [
    "[" * 100_000 + "]" * 100_000,
    '{"format": ' * 50_000 + "1" + "}" * 50_000,
    '{"format": 1, "findings": [{"key": "a", "value": NaN}]}',
    '{"format": 1, "findings": [{"key": "a", "value": 1e999}]}',
])
def test_hostile_baseline_files(repo: GitRepo, tmp_path: Path, document: str) -> None:
    baseline = tmp_path / "baseline.json"
    baseline.write_text(document)
    line = assert_error_line(run_cli("scan", str(repo.root), "--baseline", str(baseline),
                                     "--no-cache", "-o", str(tmp_path / "out.txt")),
                             "baseline")
    assert len(line) < 500
