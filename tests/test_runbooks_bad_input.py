"""Bad input: broken and templated YAML, huge rule files, HTML, escaping links, encodings, RST."""

from __future__ import annotations

import time

from scorecard.analyzers.runbooks import RunbooksAnalyzer
from scorecard.analyzers.runbooks.alert_rules import extract_yaml_rules, helm_fallback
from tests.gitrepo import GitRepo
from tests.runbooks_support import run

GOOD = ("groups:\n- name: g\n  rules:\n  - alert: Good\n    expr: up == 0\n    labels:\n"
        "      severity: warning\n    annotations:\n      runbook_url: runbooks/Good.md\n")
RUNBOOK = ("# Good\n\n## Meaning\nThe Good alert fires when the service stops answering its "
           "probes.\n\n## Mitigation\nRestart the service pods now.\n")


def test_broken_yaml_is_a_problem_and_the_other_rules_count(git_repo: GitRepo) -> None:
    git_repo.commit({"rules/good.yaml": GOOD, "runbooks/Good.md": RUNBOOK,
                     "rules/broken.yaml": "groups:\n- name: g\n  rules:\n  - alert: Bad\n"
                                          "    expr: [unclosed\n"})
    outcome = run(RunbooksAnalyzer(), git_repo.root)
    problems = [(p.path, p.message) for p in outcome.problems]
    assert len(problems) == 1 and problems[0][0] == "rules/broken.yaml"
    assert problems[0][1].startswith("YAML does not load:")
    assert problems[0][1].endswith("its alert rules are not counted")
    assert [a["alert"] for a in outcome.details["per_alert"]] == ["Good"]


HELM = """{{- $alert := "KafkaLagHigh" -}}
{{- if .Values.alerts.enabled }}
- alert: {{ $alert }}
  expr: |
    sum(kafka_consumergroup_lag{namespace="{{ .Release.Namespace }}"}) > 1000
  for: {{ .Values.alerts.for | default "10m" }}
  labels:
    severity: critical
  annotations:
    summary: Consumer lag is high
    runbook_url: https://github.com/acme/charts/blob/main/runbooks/{{ $alert }}.md
{{- end }}
"""


def test_helm_templated_rules_are_read_with_the_template_aware_fallback() -> None:
    result = extract_yaml_rules(HELM)
    assert result["templated"] is True and result["error"] is None
    (alert,) = result["alerts"]
    assert alert["name"] == "KafkaLagHigh" and alert["line"] == 3
    assert alert["severity"] == "critical" and alert["source"] == "helm"
    assert alert["links"] == {"runbook_url": "https://github.com/acme/charts/blob/main/"
                                             "runbooks/KafkaLagHigh.md"}
    assert "kafka_consumergroup_lag" in alert["expr"]


def test_helm_rule_links_resolve_through_the_forge_url(git_repo: GitRepo) -> None:
    git_repo.commit({"chart/templates/rules/kafka-lag.yaml": HELM,
                     "runbooks/KafkaLagHigh.md": RUNBOOK.replace("Good", "KafkaLagHigh")})
    outcome = run(RunbooksAnalyzer(), git_repo.root, {"repo_url": "https://github.com/acme/charts"})
    (alert,) = outcome.details["per_alert"]
    assert (alert["outcome"], alert["target"]) == ("file_ok", "runbooks/KafkaLagHigh.md")


def test_an_alert_whose_name_is_a_template_is_a_problem_not_dropped(git_repo: GitRepo) -> None:
    # `{{ a.name }}` loads as YAML (a mapping), so the file is no YAML error: the rule whose
    # name is not text is counted as unread and said so; the other rule still counts.
    rules = ("groups:\n- name: app\n  rules:\n  - alert: {{ a.name }}\n    expr: up == 0\n"
             "  - alert: AppDown\n    expr: up == 0\n")
    assert extract_yaml_rules(rules)["unnamed"] == 1
    git_repo.commit({"alerts/rules.yaml": rules, "app.py": "def f():\n    return 1\n"})
    outcome = run(RunbooksAnalyzer(), git_repo.root)
    assert [a["alert"] for a in outcome.details["per_alert"]] == ["AppDown"]
    assert [(p.path, p.message) for p in outcome.problems] == [
        ("alerts/rules.yaml", "1 alert rule whose name is no text (a template's {{ ... }}?) "
                              "not counted")]


def test_unexpandable_template_values_are_templated_unresolved() -> None:
    text = ("- alert: X\n  expr: up == 0\n  annotations:\n"
            "    runbook_url: {{ .Values.runbookBase }}/x\n")
    assert helm_fallback(text)[0]["links"] == {"runbook_url": "{{ .Values.runbookBase }}/x"}


def test_prometheus_rule_and_vmrule_resources_and_promtool_tests() -> None:
    resource = ("apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n"
                "  name: r\nspec:\n  groups:\n  - name: g\n    rules:\n    - alert: A\n"
                "      expr: up == 0\n    - record: job:up:sum\n      expr: sum(up)\n---\n"
                "apiVersion: operator.victoriametrics.com/v1beta1\nkind: VMRule\nmetadata:\n"
                "  name: v\nspec:\n  groups:\n  - name: g\n    rules:\n    - alert: B\n"
                "      expr: up == 0\n")
    result = extract_yaml_rules(resource)
    assert [(a["name"], a["source"], a["line"]) for a in result["alerts"]] == [
        ("A", "PrometheusRule", 9), ("B", "VMRule", 22)]
    assert result["records"] == ["job:up:sum"]
    promtool = ("rule_files: [alerts.yaml]\ntests:\n- alert_rule_test:\n  - alertname: A\n"
                "    exp_alerts:\n    - exp_labels: {severity: warning}\n")
    assert extract_yaml_rules(promtool)["alerts"] == []


def test_huge_rule_file_is_read_quickly() -> None:
    body = "".join(f"  - alert: Alert{i}\n    expr: metric_{i} > {i}\n    for: 5m\n    labels:\n"
                   f"      severity: warning\n    annotations:\n      runbook_url: r/{i}.md\n"
                   for i in range(5000))
    started = time.perf_counter()
    result = extract_yaml_rules("groups:\n- name: g\n  rules:\n" + body)
    assert len(result["alerts"]) == 5000 and result["alerts"][-1]["line"] == 4 + 7 * 4999
    assert time.perf_counter() - started < 30  # a bound against quadratic blow-ups only


def test_html_unicode_anchors_duplicates_non_utf8_and_rst(git_repo: GitRepo) -> None:
    rules = ("groups:\n- name: g\n  rules:\n"
             "  - alert: Html\n    expr: up == 0\n    annotations:\n"
             "      runbook_url: runbooks/html.md#disk\n"
             "  - alert: Unicode\n    expr: up == 0\n    annotations:\n"
             "      runbook_url: runbooks/html.md#d%C3%A9bit-r%C3%A9seau\n"
             "  - alert: Duplicate\n    expr: up == 0\n    annotations:\n"
             "      runbook_url: runbooks/html.md#notes-1\n"
             "  - alert: Rst\n    expr: up == 0\n    annotations:\n"
             "      runbook_url: runbooks/db.rst#db-down\n"
             "  - alert: Latin\n    expr: up == 0\n    annotations:\n"
             "      runbook_url: runbooks/latin.md\n")
    html = ("# Runbooks\n\n<div class=\"note\">\n<a id=\"disk\"></a>\n</div>\n\n## Disk\n\n"
            "<details><summary>Old notes</summary>\n\n## Not hidden\n</details>\n\n"
            "## Débit réseau\n\n## Notes\n\n## Notes\n")
    rst = ("Database\n========\n\n.. _db-down:\n\nDB down\n-------\n\nMeaning\n~~~~~~~\n"
           "The primary database stopped answering health checks from the app.\n")
    git_repo.commit({"rules/r.yaml": rules, "runbooks/html.md": html, "runbooks/db.rst": rst,
                     "runbooks/latin.md": "# Caf\xe9\n".encode("latin-1")})
    outcome = run(RunbooksAnalyzer(), git_repo.root)
    got = {a["alert"]: a["outcome"] for a in outcome.details["per_alert"]}
    assert got == {"Html": "anchor_ok", "Unicode": "anchor_ok", "Duplicate": "anchor_ok",
                   "Rst": "anchor_ok", "Latin": "file_ok"}
    assert [(p.path, p.message.split(" (")[0]) for p in outcome.problems] == [
        ("runbooks/latin.md", "not UTF-8 text")]
    rq = {a["alert"]: a["rq"] for a in outcome.details["per_alert"]}
    assert rq["Rst"] == round(1 / 6.25, 4) and rq["Latin"] == 0.0
