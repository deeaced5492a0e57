"""End to end: a repository that is only runbooks gets a meaningful operability score."""

from __future__ import annotations

from scorecard import api
from scorecard.model import CheckResult, CheckStatus, Report
from tests.gitrepo import GitRepo
from tests.runbooks_support import NOW

COMPLETE = """# {name}

## Meaning
The {name} alert fires when the payment gateway rejects more requests than usual.

## Impact
Customers see failed payments and retry or leave.

## Diagnosis
```
kubectl -n payments logs deploy/gateway --since=15m
```

## Mitigation
1. Fail over to the secondary gateway.

## Escalation
Page @payments-oncall in #payments.
"""
BROKEN = """# CardDeclines

## Meaning
Declines rose above the weekly baseline for every card network we accept today.

## Diagnosis
```sh
grep DECLINED /var/log/gateway.log

## Mitigation
Call the acquirer.
"""


def _check(report: Report, check_id: str) -> CheckResult:
    return next(c for p in report.pillars for c in (*p.checks, *p.skipped) if c.id == check_id)


def test_runbooks_only_repository(git_repo: GitRepo) -> None:
    git_repo.commit({
        "runbooks/GatewayErrors.md": COMPLETE.format(name="GatewayErrors"),
        "runbooks/GatewayLatency.md": COMPLETE.format(name="GatewayLatency"),
        "runbooks/CardDeclines.md": BROKEN,
        "README.md": "# Payments runbooks\n",
    })
    report = api.scan(git_repo.root, now=NOW, environ={}, flags={"cache": False})
    pillars = {p.pillar.value: p for p in report.pillars}
    # Runbook completeness is the one operability check that applies: it is scored, but
    # one check of thirty does not grade the pillar, and the report says so.
    assert pillars["operability"].score is None
    assert pillars["operability"].withheld.startswith("the checks that apply (1 of ")
    assert [c.id for c in pillars["operability"].checks] == ["operability.runbook-completeness"]
    assert pillars["simplicity"].score is None

    completeness = _check(report, "operability.runbook-completeness")
    assert completeness.status is not CheckStatus.NOT_APPLICABLE
    # Two runbooks at (4 + 0.75) / 6.25; the broken one keeps Meaning and Diagnosis (whose
    # code block never closes, hiding Mitigation).
    assert completeness.value == round(100 * (2 * 4.75 / 6.25 + 2 / 6.25) / 3, 2)
    first = completeness.findings[0]
    assert (first.location.path, first.location.line) == ("runbooks/CardDeclines.md", 7)
    assert "hides 'Mitigation' (line 10)" in first.message

    for check_id in ("operability.readme-sections", "operability.docs-tree",
                     "operability.architecture-docs"):
        result = _check(report, check_id)
        assert result.status is CheckStatus.NOT_APPLICABLE
        assert "no code and no entry points" in result.reason
    for check_id in ("operability.runbook-coverage", "operability.runbook-links"):
        assert _check(report, check_id).reason == "no alerting rules in this repository"
    assert _check(report, "operability.entrypoint-docs").status is CheckStatus.NOT_APPLICABLE


def test_coverage_counts_every_weighted_alert_and_says_so(git_repo: GitRepo) -> None:
    # A warning weighs less than a page but counts: the note does not call it paging.
    rules = """groups:
- name: payments
  rules:
  - alert: GatewayErrors
    expr: rate(errors[5m]) > 1
    labels: {severity: critical}
    annotations: {runbook_url: runbooks/GatewayErrors.md}
  - alert: GatewaySlow
    expr: latency > 1
    labels: {severity: warning}
"""
    git_repo.commit({"runbooks/GatewayErrors.md": COMPLETE.format(name="GatewayErrors"),
                     "alerts/payments.rules.yml": rules})
    report = api.scan(git_repo.root, now=NOW, environ={}, flags={"cache": False})
    coverage = _check(report, "operability.runbook-coverage")
    assert "1 of 2 alerts (weighted by severity) reaches a runbook here" in coverage.reason
