"""A scan where most counts are one: no output a person reads says "1 files".

A repository built so that many counts are exactly one (one complex function, one author,
one hotspot, one runbook, one alert, one CI file, ...) is scanned and rendered in every
format a person reads; no "1 files" or "1 of 1 functions" may appear in any of them.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from scorecard import api
from scorecard.facts.complexity_facts import ComplexityFacts
from scorecard.facts.history_facts import HistoryFacts
from scorecard.reporters import render_json, render_markdown, render_terminal
from scorecard.reporters.comment import render_comment
from scorecard.reporters.diff_report import render_diff_terminal
from scorecard.reporters.html import ReportPage, render_html
from tests.gitrepo import GitRepo

NOW = datetime(2026, 6, 1, tzinfo=UTC)

# "1", at most one describing word, then a plural noun ("1 files", "1 release tags"); "11
# files", "2.1 files" and "1,001 files" are fine, and so is "1 function in tests".
ONE_PLURAL = re.compile(
    r"(?<![\d.,])1 (?:(?!(?:of|in|on|at|and|or|with|for|to|by|from)\b)[a-z-]+ )?"
    r"(files|functions|hotspots|modules|authors|commits|cycles|findings|lines|checks"
    r"|runbooks|alerts|tests|packages|repositories|changes|fixes|pages|days|months|times"
    r"|merges|records|tags|hooks|variables|arguments|statements|calls|comments|links"
    r"|targets|points|names|references|edges|constants|defaults|suppressions|services"
    r"|practices|rules|characters|attempts|items|quarters|imports|pairs)\b")


APP = '''"""The one module with code: a function too complex by far."""

import os

TIMEOUT = int(os.environ.get("APP_TIMEOUT", "30"))


# scorecard: ignore[simplicity.parameter-count] reason=kept for the old callers
def route(kind, size, urgent, retries, region):
    """Pick a queue for a job{version}."""
    queue = "default"
    if kind == "a":
        if size > 10:
            for attempt in range(retries):
                if urgent and attempt:
                    queue = "fast"
                elif region == "eu":
                    queue = "eu"
                else:
                    while size > 100:
                        size //= 2
    elif kind == "b":
        queue = "b" if urgent else "slow"
    elif kind == "c" and size or kind == "d" and urgent:
        queue = "c"
    elif kind == "e":
        try:
            queue = region.lower()
        except AttributeError:
            queue = "e"
    return queue
'''

RUNBOOK = """# AppDown

## Meaning
The AppDown alert fires when no instance of the app answers its health probe.

## Impact
Every job waits in its queue until the app is back.

## Diagnosis
```
kubectl -n app get pods
```

## Mitigation
1. Restart the deployment.

## Escalation
Page the on-call engineer of the app team.
"""

RULES = """groups:
- name: app
  rules:
  - alert: AppDown
    expr: up{job="app"} == 0
    labels:
      severity: critical
    annotations:
      runbook_url: runbooks/AppDown.md
"""

WORKFLOW = """name: ci
on: [push]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: pytest
"""

PRECOMMIT = """repos:
  - repo: https://github.com/astral-sh/ruff-pre-commit
    rev: v0.5.0
    hooks:
      - id: ruff
"""

README = """# app

## Install
pip install app

## Usage
Set APP_TIMEOUT (default 30) and run the app.

## Deploy
Push a tag.
"""


def _one_of_everything(repo: GitRepo) -> None:
    """Build the repository: one of nearly everything a note counts.

    One author; one product file with one function, complex, changed in six commits beside
    a settings module, a test and an example changed once (so one hotspot); one runbook,
    alert, decision record, CI file, pre-commit hook, documented variable and release tag.
    """
    repo.commit({
        "app.py": APP.format(version=""),
        "examples/demo.py": '"""Route one job."""\n\nfrom app import route\n\n'
                            'QUEUE = route("b", 1, True, 0, "eu")\n',
        "tests/test_app.py": "from app import route\n\n\ndef test_route():\n"
                             "    assert route('b', 1, True, 0, 'eu') == 'b'\n",
        "settings.py": '"""Settings."""\n\nQUEUES = ["eu"]\n',
        "runbooks/AppDown.md": RUNBOOK,
        "alerts/rules.yml": RULES,
        "docs/adr/0001-queues.md": "# Queues\n\n## Status\nAccepted.\n\n## Decision\n"
                                   "One queue per kind of job.\n",
        ".github/workflows/ci.yml": WORKFLOW,
        ".pre-commit-config.yaml": PRECOMMIT,
        "README.md": README,
    }, message="start", date="2026-01-05T10:00:00+00:00")
    for number in range(1, 6):
        repo.commit({"app.py": APP.format(version=f" (v{number})")},
                    message=f"tune routing {number}", date=f"2026-0{number}-10T10:00:00+00:00")
    # One release and no changelog.
    repo.git("tag", "v1.0.0")


def _ones(text: str) -> list[str]:
    """Return each line of ``text`` that counts one of a plural noun."""
    return [line for line in text.splitlines() if ONE_PLURAL.search(line)]


def test_no_output_says_one_of_a_plural(git_repo: GitRepo) -> None:
    _one_of_everything(git_repo)
    report = api.scan(git_repo.root, now=NOW, environ={}, flags={"cache": False})
    # The repository is shaped as intended: these counts are one.
    history, complexity = report.facts(HistoryFacts), report.facts(ComplexityFacts)
    assert history is not None and complexity is not None
    assert len(history.hotspots) == 1 and complexity.functions == 1

    diff = api.diff(git_repo.root, git_repo.commits[-2], now=NOW, environ={},
                    flags={"cache": False})
    outputs = {
        "json": render_json(report),
        "markdown": render_markdown(report),
        "terminal": render_terminal(report, width=400),
        "html": render_html(ReportPage(current=report, title="app")),
        "diff": render_diff_terminal(diff, None),
        "comment": render_comment(diff, gate=None, full_report_url=None),
    }
    found = {name: _ones(text) for name, text in outputs.items() if _ones(text)}
    assert found == {}


def test_a_problem_of_no_file_is_listed_without_an_empty_path(git_repo: GitRepo) -> None:
    from dataclasses import replace as _replace

    from scorecard.model import Problem
    git_repo.commit({"app.py": "def f(x):\n    return x\n"})
    report = api.scan(git_repo.root, now=datetime(2026, 7, 1, tzinfo=UTC), environ={},
                      flags={"cache": False})
    report = _replace(report, problems=(Problem("history", "git could not read 1 object"),))
    text = render_markdown(report)
    assert "- git could not read 1 object" in text and "- : git" not in text
