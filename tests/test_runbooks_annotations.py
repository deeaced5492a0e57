"""Alert annotations: summary, description and dashboard_url per alert, and their shares.

Facts in the JSON details (per alert and as shares) and a table in the HTML report.
"""

from __future__ import annotations

import pytest

from scorecard.analyzers.runbooks import RunbooksAnalyzer
from scorecard.model import Report
from scorecard.reporters.html import ReportPage, render_html
from tests.gitrepo import GitRepo
from tests.runbooks_support import run

YAML = """groups:
- name: db
  rules:
  - alert: DbDown
    expr: up{job="db"} == 0
    labels: {severity: critical}
    annotations:
      summary: Database down
      description: The database answers no queries.
      dashboard_url: https://grafana.example/d/db
  - alert: DbSlow
    expr: db_latency_seconds > 1
    labels: {severity: warning}
    annotations:
      message: Queries are slow
  - alert: DbFull
    expr: db_free_bytes < 1e9
    labels: {severity: info}
"""
HELM = """{{- $alert := "DbDown" -}}
- alert: {{ $alert }}
  expr: up{job="db"} == 0
  labels:
    severity: critical
  annotations:
    summary: Database down
    description: The database answers no queries.
    dashboard_url: https://grafana.example/d/db
"""
JSONNET = """{
  prometheusAlerts+:: {
    groups+: [{
      name: 'db',
      rules: [
        { alert: 'DbDown', expr: 'up == 0', labels: { severity: 'critical' },
          annotations: { summary: 'Database down', description: 'No queries.',
                         dashboard_url: 'https://grafana.example/d/db' } },
        { alert: 'DbSlow', expr: 'db_latency_seconds > 1', labels: { severity: 'warning' },
          annotations: { summary: 'Slow' } },
      ],
    }],
  },
}
"""


def test_each_alert_reports_its_annotations_and_the_shares(git_repo: GitRepo) -> None:
    git_repo.commit({"rules/db.yaml": YAML})
    outcome = run(RunbooksAnalyzer(), git_repo.root)
    per_alert = {a["alert"]: (a["summary"], a["description"], a["dashboard_url"])
                 for a in outcome.details["per_alert"]}
    assert per_alert == {"DbDown": (True, True, True), "DbSlow": (True, False, False),
                         "DbFull": (False, False, False)}
    assert outcome.details["annotations"] == {"alerts": 3, "summary": 66.67,
                                              "description": 33.33, "dashboard_url": 33.33}


@pytest.mark.parametrize(("path", "text", "expected"), [
    ("charts/db/templates/rules/db-down.yaml", HELM, {"DbDown": (True, True, True)}),
    ("mixin/alerts.libsonnet", JSONNET, {"DbDown": (True, True, True),
                                         "DbSlow": (True, False, False)}),
])
def test_annotations_of_helm_and_jsonnet_rules(git_repo: GitRepo, path: str, text: str,
                                               expected: dict[str, tuple[bool, ...]]) -> None:
    git_repo.commit({path: text})
    outcome = run(RunbooksAnalyzer(), git_repo.root)
    per_alert = {a["alert"]: (a["summary"], a["description"], a["dashboard_url"])
                 for a in outcome.details["per_alert"]}
    assert per_alert == expected


def test_no_alerts_no_shares(git_repo: GitRepo) -> None:
    git_repo.commit({"README.md": "# x\n"})
    shares = run(RunbooksAnalyzer(), git_repo.root).details["annotations"]
    assert shares == {"alerts": 0, "summary": None, "description": None,
                      "dashboard_url": None}


def test_the_html_report_shows_the_annotations_per_alert(git_repo: GitRepo) -> None:
    git_repo.commit({"rules/db.yaml": YAML})
    facts = run(RunbooksAnalyzer(), git_repo.root).facts
    report = Report(1, "v", "repo", None, "2026-06-01", None, None, (), (), (), 0, "d",
                    {"runbooks": facts})
    html = render_html(ReportPage(current=report, title="t", quarters=()))
    assert 'id="alerts"' in html
    assert "<code>summary</code> 66.7 %" in html
    row = html[html.index("<code>DbSlow</code>"):]
    row = row[:row.index("</tr>")]
    assert "<td>yes</td><td>no</td><td>no</td>" in row
