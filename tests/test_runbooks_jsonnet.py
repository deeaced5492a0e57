"""Jsonnet mixins with computed alert names: the fallback resolves the common forms.

``'%sDown' % prefix``, ``std.format('%sDown', [prefix])`` and ``prefix + 'Down'`` with
``prefix`` a string field or local defined anywhere in the repository's Jsonnet; the
report says the fallback was used and lists what it could not resolve.
"""

from __future__ import annotations

import pytest

from scorecard.analyzers.runbooks import RunbooksAnalyzer
from tests.gitrepo import GitRepo
from tests.runbooks_support import run

CONFIG = ("{\n  _config+:: {\n    alertPrefix: '%s',\n"
          "    runbookURLPattern: 'runbooks/%%s.md',\n  },\n}\n")
ALERTS = """{{
  prometheusAlerts+:: {{
    groups+: [{{
      name: 'node',
      rules: [
        {{
          alert: {name},
          expr: 'up{{job="node"}} == 0',
          labels: {{ severity: 'critical' }},
        }},
      ],
    }}],
  }},
}}
"""


@pytest.mark.parametrize("prefix", ["Kube", "Node"])
@pytest.mark.parametrize("form", [
    "'%sInstanceDown' % $._config.alertPrefix",
    "std.format('%sInstanceDown', [$._config.alertPrefix])",
    "$._config.alertPrefix + 'InstanceDown'",
    "'%s%s' % [$._config.alertPrefix, 'InstanceDown']",
])
def test_computed_names_resolve_through_repository_strings(
        git_repo: GitRepo, prefix: str, form: str) -> None:
    if "'InstanceDown']" in form:
        form = "'%s%s' % [$._config.alertPrefix, $._config.suffix]"
        config = CONFIG.replace("alertPrefix:", "suffix: 'InstanceDown',\n    alertPrefix:")
    else:
        config = CONFIG
    git_repo.commit({"mixin/config.libsonnet": config % prefix,
                     "mixin/alerts/node.libsonnet": ALERTS.format(name=form),
                     f"runbooks/{prefix}InstanceDown.md": f"# {prefix}InstanceDown\n"})
    outcome = run(RunbooksAnalyzer(), git_repo.root)
    per_alert = {a["alert"]: a["outcome"] for a in outcome.details["per_alert"]}
    assert per_alert == {f"{prefix}InstanceDown": "file_ok"}
    assert outcome.details["alert_source"] == "jsonnet (regex fallback)"
    assert outcome.details["jsonnet_fallback"] == {"used": True, "unresolved": [],
                                                   "unresolved_count": 0}


def test_what_the_fallback_cannot_resolve_is_reported(git_repo: GitRepo) -> None:
    git_repo.commit({"mixin/alerts.libsonnet": ALERTS.format(
        name="'%sDown' % $._config.undefinedPrefix") + "\n// and a literal one\n" + ALERTS.format(
        name="'Literal'")})
    outcome = run(RunbooksAnalyzer(), git_repo.root)
    fallback = outcome.details["jsonnet_fallback"]
    assert fallback["used"] is True and fallback["unresolved_count"] == 1
    assert fallback["unresolved"][0].startswith("mixin/alerts.libsonnet:7 '%sDown' %")
    assert [a["alert"] for a in outcome.details["per_alert"]] == ["Literal"]


def test_rendered_rules_win_over_the_fallback(git_repo: GitRepo) -> None:
    git_repo.commit({"mixin/alerts.libsonnet": ALERTS.format(name="'FromJsonnet'"),
                     "rendered/alerts.yaml": "groups:\n- name: g\n  rules:\n"
                                             "  - alert: FromYaml\n    expr: up == 0\n"})
    outcome = run(RunbooksAnalyzer(), git_repo.root)
    assert outcome.details["jsonnet_fallback"] == {"used": False}
    assert [a["alert"] for a in outcome.details["per_alert"]] == ["FromYaml"]


MIXIN = """local prefix = std.asciiUpper('k') + 'ube';  // beyond the regex fallback
{
  prometheusAlerts+:: {
    groups+: [{
      name: 'node',
      rules: [
        {
          alert: prefix + 'NodeDown',
          expr: 'up == 0',
          labels: { severity: 'critical' },
          annotations: { runbook_url: 'runbooks/%sNodeDown.md' % prefix },
        },
      ],
    }],
  },
}
"""


def test_the_optional_evaluator_gives_exact_names(git_repo: GitRepo) -> None:
    pytest.importorskip("_jsonnet")
    git_repo.commit({"mixin/mixin.libsonnet": "(import 'alerts.libsonnet')\n",
                     "mixin/alerts.libsonnet": MIXIN,
                     "runbooks/KubeNodeDown.md": "# KubeNodeDown\n"})
    outcome = run(RunbooksAnalyzer(), git_repo.root)
    assert outcome.details["alert_source"] == "jsonnet (evaluated)"
    assert outcome.details["jsonnet_fallback"] == {"used": False}
    assert {a["alert"]: a["outcome"] for a in outcome.details["per_alert"]} == {
        "KubeNodeDown": "file_ok"}


def test_an_import_outside_the_repository_falls_back_with_a_problem(git_repo: GitRepo) -> None:
    pytest.importorskip("_jsonnet")
    git_repo.commit({"mixin/mixin.libsonnet": "(import '/etc/passwd') + (import 'x.libsonnet')\n",
                     "mixin/x.libsonnet": ALERTS.format(name="'Literal'")})
    outcome = run(RunbooksAnalyzer(), git_repo.root)
    assert outcome.details["alert_source"] == "jsonnet (regex fallback)"
    assert any("jsonnet evaluation failed" in p.message for p in outcome.problems)
