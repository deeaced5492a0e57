"""Generated runbook indexes: a list of alerts whose anchors lead nowhere is reported as such.

Not "anchor missing" for every alert, not a passing drift check, and a file that alerts link
to is never an orphan.
"""

from __future__ import annotations

import pytest

from scorecard.analyzers.runbooks import RunbooksAnalyzer
from tests.gitrepo import GitRepo
from tests.runbooks_support import run

ALERTS = ("KubeNodeNotReady", "KubeletDown", "KubeAPIErrorsHigh", "KubeQuotaExceeded")


def _rules(link: str) -> str:
    lines = ["groups:", "- name: k8s", "  rules:"]
    for name in ALERTS:
        lines += [f"  - alert: {name}", "    expr: up == 0", "    labels:",
                  "      severity: warning", "    annotations:",
                  f"      runbook_url: {link.format(lower=name.lower(), name=name)}"]
    return "\n".join(lines) + "\n"


def _table(intro: str) -> str:
    rows = "".join(f"| [{n}](#alert-name-{n.lower()}) | warning | see the wiki |\n"
                   for n in ALERTS)
    return f"# Runbook\n\n{intro}\n| Alert | Severity | Notes |\n|---|---|---|\n{rows}"


def _list(intro: str) -> str:
    return f"# Runbook\n\n{intro}\n" + "".join(
        f"- [{n}](#alert-name-{n.lower()}): warning\n" for n in ALERTS)


PROSE = ("This page lists the alerts of the cluster monitoring mixin. It was written once "
         "and is kept up to date by a script that reads the rules.\n\nAsk in #sre when in "
         "doubt. The alerts are grouped by component, and every alert has a severity.\n"
         "Dashboards live in Grafana under the Kubernetes folder.\n\n")


@pytest.mark.parametrize("layout", [_table, _list])
@pytest.mark.parametrize("intro", ["", PROSE])
@pytest.mark.parametrize("path", ["runbook.md", "docs/runbooks/index.md"])
def test_an_index_of_alerts_with_dangling_anchors_is_a_generated_index(
        git_repo: GitRepo, layout: object, intro: str, path: str) -> None:
    assert callable(layout)
    git_repo.commit({"rules/k8s.yaml": _rules(path + "#alert-name-{lower}"),
                     path: layout(intro)})
    outcome = run(RunbooksAnalyzer(), git_repo.root)
    per_alert = {a["alert"]: a["outcome"] for a in outcome.details["per_alert"]}
    assert set(per_alert.values()) == {"generated_table"}
    assert outcome.details["generated_indexes"] == [path]
    assert path not in outcome.details["orphans"]
    drift = outcome.measurements["runbooks.drift_share"]
    assert drift.value is None and "generated indexes" in drift.note


def test_a_real_anchor_beside_the_index_still_resolves(git_repo: GitRepo) -> None:
    doc = _table("") + ("\n## KubeletDown\n\n### Meaning\nThe kubelet on a node stopped "
                        "answering its health checks for five minutes.\n")
    git_repo.commit({"rules/k8s.yaml": _rules("runbook.md#{lower}"), "runbook.md": doc})
    outcome = run(RunbooksAnalyzer(), git_repo.root)
    per_alert = {a["alert"]: a["outcome"] for a in outcome.details["per_alert"]}
    assert per_alert["KubeletDown"] == "anchor_ok"
    assert {per_alert[n] for n in ALERTS if n != "KubeletDown"} == {"generated_table"}


def test_a_missing_anchor_of_an_alert_not_in_any_index_is_anchor_missing(
        git_repo: GitRepo) -> None:
    doc = "# Runbook\n\n## Something else\n\nText about the cluster and its many nodes.\n"
    git_repo.commit({"rules/k8s.yaml": _rules("runbook.md#{lower}"), "runbook.md": doc})
    outcome = run(RunbooksAnalyzer(), git_repo.root)
    per_alert = {a["alert"]: a["outcome"] for a in outcome.details["per_alert"]}
    assert set(per_alert.values()) == {"anchor_missing"}
    assert "runbook.md" not in outcome.details["orphans"]  # linked, even if broken
