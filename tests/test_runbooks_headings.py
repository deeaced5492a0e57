"""Heading styles, anchors, sections and content checks (CommonMark parser, RST title rules)."""

from __future__ import annotations

from typing import Any

import pytest

from scorecard.analyzers.runbooks.doc_facts import document_facts
from scorecard.analyzers.runbooks.markdown_doc import parse_markdown
from scorecard.analyzers.runbooks.quality import target_quality
from scorecard.analyzers.runbooks.rst_doc import parse_rst
from scorecard.analyzers.runbooks.sections import match_sections, normalise_heading


def md(text: str) -> dict[str, Any]:
    return document_facts(parse_markdown(text), ops_whole=False)


def rst(text: str) -> dict[str, Any]:
    return document_facts(parse_rst(text), ops_whole=False)


def headings(doc: dict[str, Any]) -> list[tuple[int, int, str]]:
    return [(h[0], h[1], h[3]) for h in doc["headings"]]


def test_atx_and_setext_headings_and_hash_lines_in_code() -> None:
    doc = md("Title\n=====\n\nMeaning\n-------\n\n```bash\n# not a heading\n```\n\n## Impact\n")
    assert headings(doc) == [(1, 1, "Title"), (2, 4, "Meaning"), (2, 11, "Impact")]


def test_setext_only_runbook_finds_its_sections() -> None:
    doc = md("KubeDown\n========\n\nMeaning\n-------\nThe API server has been unreachable from "
             "every Prometheus for five minutes.\n\nMitigation\n----------\nRestart it.\n")
    quality = target_quality(doc, None)
    assert quality.presence == {"meaning": 1.0, "mitigation": 1.0}
    assert quality.substantive == {"meaning": True, "mitigation": False}  # 2 words


def test_explicit_ids_attr_list_html_anchor_and_duplicates() -> None:
    doc = md("# Runbook\n\n## Disk full {: #disk-alert }\n\n<a name=\"cpu\"></a>\n## CPU\n\n"
             "## Café ☕ résumé\n\n## Notes\n\n## Notes\n")
    anchors = {h[3]: h[4] for h in doc["headings"]}
    assert "disk-alert" in anchors["Disk full"] and "disk-full" in anchors["Disk full"]
    assert "cpu" in anchors["CPU"]
    assert "café--résumé" in anchors["Café ☕ résumé"]  # GitHub keeps letters, drops emoji
    first, second = [h[4] for h in doc["headings"] if h[3] == "Notes"]
    assert "notes" in first and {"notes-1", "notes_1"} <= set(second)


def test_unclosed_fence_is_reported_with_the_headings_it_hides() -> None:
    doc = md("# A\n\n## Diagnosis\n\n```sh\nkubectl get pods\n\n## Mitigation\n\nRestart.\n")
    assert doc["unclosed_fence"] == 5
    assert doc["hidden_headings"] == [[8, "Mitigation"]]
    assert "mitigation" not in {s for h in doc["headings"] for s in h[5]}


def test_front_matter_is_stripped_and_gives_the_title() -> None:
    doc = md("---\ntitle: Disk Filling Up\nowner: storage-team\n---\n\n## Impact\nWrites "
             "fail for every tenant.\n")
    assert doc["title"] == "Disk Filling Up"
    assert doc["meta"] == {"owner": "storage-team"}
    assert headings(doc) == [(2, 6, "Impact")]


def test_rst_titles_with_short_adornment_overline_and_literal_blocks() -> None:
    text = ("=========\nDB Alerts\n=========\n\n.. _db-down:\n\nDBDown\n======\n\nMeaning\n"
            "-------\nThe primary database has not answered health checks for five minutes.\n\n"
            "Diagnosis\n---------\nRun::\n\n    psql -c 'select 1'\n\n-v\n~~\n\nVerbose.\n")
    doc = rst(text)
    assert headings(doc) == [(1, 2, "DB Alerts"), (2, 7, "DBDown"), (3, 10, "Meaning"),
                             (3, 14, "Diagnosis"), (4, 20, "-v")]
    dbdown = next(h for h in doc["headings"] if h[3] == "DBDown")
    assert "db-down" in dbdown[4]
    diagnosis = next(h for h in doc["headings"] if h[3] == "Diagnosis")
    assert diagnosis[6] == ["diagnosis"]  # the literal block is a command


@pytest.mark.parametrize(("heading", "sections"), [
    ("1. Meaning", ["meaning"]),
    ("Step 2: Diagnosis and mitigation", ["diagnosis", "mitigation"]),
    ("🔥 Impact?", ["impact"]),
    ("What does this alert mean?", ["meaning"]),
    ("Who to page", ["escalation"]),
    ("Roll back", ["rollback"]),
    ("Installation", []),
    ("处理步骤", ["mitigation"]),
    ("排查与处理", ["diagnosis", "mitigation"]),
    ("エスカレーション", ["escalation"]),
    ("영향", ["impact"]),
    ("Bedeutung", ["meaning"]),
    ("Diagnóstico", ["diagnosis"]),
    # A section named for the whole procedure serves both; alert levels are the severity.
    ("Runbook", ["diagnosis", "mitigation"]), ("What to do", ["diagnosis", "mitigation"]),
    ("Steps", ["mitigation"]), ("Critical", ["severity"]),
])
def test_heading_lexicon(heading: str, sections: list[str]) -> None:
    assert match_sections(heading) == sections


def test_normalisation() -> None:
    assert normalise_heading("  3.1)  Troubleshooting:  ") == "troubleshooting"


def test_placeholders_and_stub_count_as_empty() -> None:
    doc = md("# X\n\n## Meaning\nTODO\n\n## Impact\nTBD\n\n## Diagnosis\n...\n\n## Mitigation\n-\n")
    quality = target_quality(doc, None)
    assert quality.rq == 0.0 and quality.missing_required == ["meaning", "impact", "diagnosis",
                                                              "mitigation"]
    stub = md("# NodeRAIDDiskFailure\n\nSee [Node RAID Degraded]({{< ref \"./X.md\" >}})\n")
    assert stub["stub"] is True


def test_pseudo_headings_count_half() -> None:
    doc = md("## Alert Name: \"KubeDown\"\n+ *Message*: `down`\n+ *Severity*: critical\n"
             "+ **Impact:** every deploy fails until the API is back.\n")
    quality = target_quality(doc, 0)
    assert quality.presence == {"severity": 0.5, "impact": 0.5}
    assert quality.rq == pytest.approx((0.5 * 0.25 + 0.5 * 1.0) / 6.25, abs=1e-4)


def test_complete_runbook_scores_one() -> None:
    doc = md(
        "# KubeDown\n\n## Meaning\nThe Kubernetes API server has been unreachable for five "
        "minutes.\n\n## Impact\nNo deploys, no scaling, no self-healing.\n\n## Diagnosis\n"
        "```\nkubectl get --raw /healthz\n```\n\n## Mitigation\n1. Restart the control plane.\n\n"
        "## Escalation\nPage #platform-oncall.\n\n## Dashboards\n[API](https://grafana.example/d/1)"
        "\n\n## Rollback\n- `helm rollback api`\n\n## Symptoms\nkubectl hangs.\n\n## Severity\n"
        "Critical.\n")
    assert target_quality(doc, None).rq == 1.0


def test_front_matter_owner_counts_half_for_escalation() -> None:
    doc = md("---\nowner: team-payments\n---\n# GatewayDown\n")
    assert target_quality(doc, None).presence == {"escalation": 0.5}


def test_a_complete_chinese_runbook_scores_one() -> None:
    # Headings and prose without spaces between words: the sections are found and their
    # content counted by characters, not by space-separated words.
    doc = md(
        "# 磁盘空间不足\n\n## 含义\n"
        "当节点磁盘使用率超过百分之九十时触发此告警，表示存储即将耗尽。\n\n"
        "## 影响\n写入失败，服务不可用。\n\n## 排查\n```\ndf -h /var/lib\n```\n\n"
        "## 处理\n清理旧日志并扩容磁盘。\n\n## 升级\n联系 #storage-oncall。\n\n"
        "## 仪表盘\n[磁盘](https://grafana.example/d/disk)\n\n## 回滚\n- `helm rollback app`\n\n"
        "## 症状\n写入报错。\n\n## 严重级别\n严重。\n")
    assert target_quality(doc, None).rq == 1.0


def test_a_generated_table_of_alerts_is_an_index_not_a_runbook() -> None:
    from scorecard.analyzers.runbooks.resolution import is_alert_index
    rows = "".join(f"|Alert{i}|Something is wrong {i}.|warning|[link](#alert-{i})|\n"
                   for i in range(12))
    groups = "".join(f"* [group-{i}](#group-{i})\n" for i in range(6))
    index = md(f"# Alerts\n\n## Rule Groups\n\n{groups}\n## group-0\n\n"
               f"|Name|Summary|Severity|Runbook|\n|---|---|---|---|\n{rows}")
    assert index["table_doc"] and is_alert_index(index)
    # A runbook with a table in it is still a runbook: it has its sections.
    runbook = md("# Disk full\n\n## Meaning\n\nThe disk of a database node is nearly full "
                 f"and writes will fail.\n\n## Diagnosis\n\n|Name|Summary|Severity|Runbook|\n"
                 f"|---|---|---|---|\n{rows}")
    assert not is_alert_index(runbook)
