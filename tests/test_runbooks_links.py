"""Every link outcome, one alert each, reported at the rule's file and line."""

from __future__ import annotations

from pathlib import Path

from scorecard.analyzers.runbooks import RunbooksAnalyzer
from tests.gitrepo import GitRepo
from tests.runbooks_support import run

LINKS = {
    "AnchorOk": "../docs/runbooks/shared.md#anchorok",  # relative to the rule file's folder
    "FileOk": "docs/runbooks/FileOk.md",  # relative to the repository root
    "AnchorMissing": "docs/runbooks/shared.md#no-such-heading",
    "FileMissing": "docs/runbooks/Gone.md",
    "Generated": "docs/alerts.md#alert-name-generated",
    "Mapped": "https://runbooks.example.com/app/mapped/",
    "MappedMissing": "https://runbooks.example.com/app/nothere",
    "External": "https://wiki.example.org/Runbooks/External",
    "Templated": "{{ .Values.runbookBase }}/templated",
    "Outside": "../../outside.md",
    "SelfForge": "https://github.com/acme/shop/blob/release/2.0/docs/runbooks/FileOk.md",
    "LabelTemplated": "docs/runbooks/{{ $labels.alertname }}.md",
    "NoLink": "",
}
EXPECTED = {
    "AnchorOk": "anchor_ok", "FileOk": "file_ok", "AnchorMissing": "anchor_missing",
    "FileMissing": "file_missing", "Generated": "generated_table",
    "Mapped": "external_mapped_ok", "MappedMissing": "external_mapped_missing",
    "External": "external_unverified", "Templated": "templated_unresolved",
    "Outside": "outside_repo", "SelfForge": "file_ok", "LabelTemplated": "file_ok",
    "NoLink": "none",
}
RUNBOOK = """# {name}

## Meaning
The {name} alert fires when the shop cannot serve checkout requests at all.

## Impact
Customers cannot pay.

## Diagnosis
```
kubectl -n shop get pods
```

## Mitigation
1. Restart the checkout deployment.
"""


def _rules() -> str:
    lines = ["groups:", "- name: shop", "  rules:"]
    for name, link in LINKS.items():
        lines += [f"  - alert: {name}", "    expr: up == 0", "    labels:",
                  "      severity: critical"]
        if link:
            lines += ["    annotations:", f"      runbook_url: '{link}'"]
    return "\n".join(lines) + "\n"


def _line_of(text: str, name: str) -> int:
    return text.splitlines().index(f"  - alert: {name}") + 1


def _repo(git_repo: GitRepo) -> GitRepo:
    table = "# Alerts\n\n| Alert | Severity |\n|---|---|\n" + "".join(
        f"| {name} | critical |\n" for name in LINKS)
    git_repo.commit({
        "rules/shop.yaml": _rules(),
        "docs/runbooks/shared.md": "# Shared\n\n## AnchorOk\n\n### Meaning\nThe AnchorOk alert"
                                   " means checkout is failing for every customer.\n\n"
                                   "## Forgotten\n\nNo alert links here.\n",
        "docs/runbooks/FileOk.md": RUNBOOK.format(name="FileOk"),
        "docs/runbooks/LabelTemplated.md": RUNBOOK.format(name="LabelTemplated"),
        "docs/runbooks/Mapped.md": RUNBOOK.format(name="Mapped"),
        "docs/runbooks/Orphan.md": RUNBOOK.format(name="Orphan"),
        "docs/alerts.md": table,
    })
    (git_repo.root.parent / "outside.md").write_text(RUNBOOK.format(name="Outside"))
    return git_repo


OPTIONS = {"site_map": {"https://runbooks.example.com/app/": "docs/runbooks/"},
           "repo_url": "git@github.com:acme/shop.git"}


def test_each_alert_gets_its_one_outcome(git_repo: GitRepo) -> None:
    outcome = run(RunbooksAnalyzer(), _repo(git_repo).root, OPTIONS)
    got = {a["alert"]: a["outcome"] for a in outcome.details["per_alert"]}
    assert got == EXPECTED
    targets = {a["alert"]: a["target"] for a in outcome.details["per_alert"]}
    assert targets["SelfForge"] == "docs/runbooks/FileOk.md"  # ref with a slash ignored
    assert targets["Mapped"] == "docs/runbooks/Mapped.md"  # lowercased URL, file as named
    assert targets["Outside"] is None  # never followed


def test_broken_links_are_findings_at_the_rule_line(git_repo: GitRepo) -> None:
    repo = _repo(git_repo)
    text = (repo.root / "rules/shop.yaml").read_text()
    outcome = run(RunbooksAnalyzer(), repo.root, OPTIONS)
    broken = ["AnchorMissing", "FileMissing", "Generated", "MappedMissing", "Templated",
              "Outside", "External"]  # unverifiable last: it cannot be checked, not broken
    assert outcome.where("runbooks.link_resolution") == [("rules/shop.yaml", _line_of(text, n))
                                                         for n in broken]
    messages = [f.message for f in outcome.findings("runbooks.link_resolution")]
    assert "leaves the repository (not followed)" in messages[-2]
    assert "could not be verified" in messages[-1] and "site_map" in messages[-1]
    # 12 linked, 1 unverifiable (counted as not resolved): 5 of 12 links resolve.
    assert outcome.value("runbooks.link_resolution") == round(100 * 5 / 12, 2)


def test_effective_coverage_weights_by_completeness_and_counts_unverified_as_unreached(
        git_repo: GitRepo) -> None:
    outcome = run(RunbooksAnalyzer(), _repo(git_repo).root, OPTIONS)
    per_alert = {a["alert"]: a for a in outcome.details["per_alert"]}
    full = per_alert["FileOk"]["rq"]
    assert full == per_alert["Mapped"]["rq"] == per_alert["SelfForge"]["rq"]
    assert full == round((4 + 0) / 6.25, 4)  # four required sections, nothing recommended
    # The AnchorOk subtree has only Meaning (1.0 of 6.25).
    assert per_alert["AnchorOk"]["rq"] == round(1 / 6.25, 4)
    earned = 4 * full + per_alert["AnchorOk"]["rq"]  # FileOk, Mapped, SelfForge, LabelTemplated
    assert outcome.value("runbooks.effective_coverage") == round(100 * earned / 13, 2)
    assert "1 links to a runbook that could not be verified" in outcome.measurements[
        "runbooks.effective_coverage"].note
    assert outcome.details["orphans"] == ["docs/runbooks/Orphan.md",
                                          "docs/runbooks/shared.md#forgotten"]


def test_unverifiable_links_never_score_better_than_checked_ones(git_repo: GitRepo) -> None:
    """Unverified is not n/a: n/a would drop the check and lift the pillar."""
    rules = ("groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n"
             "    annotations:\n      runbook_url: {link}\n")
    git_repo.commit({"alerts.yaml": rules.format(link="https://x.example/A")})
    unverified = run(RunbooksAnalyzer(), git_repo.root)
    coverage = unverified.measurements["runbooks.effective_coverage"]
    assert coverage.value == 0.0
    assert "1 links to a runbook that could not be verified" in coverage.note
    assert "site_map" in coverage.note and "repo_url" in coverage.note
    assert unverified.value("runbooks.link_resolution") == 0.0
    # The same alert with its runbook checked, even an incomplete one, scores at least as well.
    git_repo.commit({"alerts.yaml": rules.format(link="runbooks/A.md"),
                     "runbooks/A.md": "# A\n\n## Meaning\nFires when the exporter is down "
                                      "for every instance of the service.\n"})
    checked = run(RunbooksAnalyzer(), git_repo.root)
    for metric in ("runbooks.effective_coverage", "runbooks.link_resolution"):
        assert (checked.value(metric) or 0.0) >= (unverified.value(metric) or 0.0)


def test_no_alerts_means_not_applicable(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# x\n")
    outcome = run(RunbooksAnalyzer(), tmp_path)
    assert outcome.value("runbooks.effective_coverage") is None
    assert outcome.measurements["runbooks.link_resolution"].note == \
        "no alerting rules in this repository"
