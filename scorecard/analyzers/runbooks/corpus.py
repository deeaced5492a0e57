"""Gather the per-file results of the runbooks analyzer into one read-only corpus.

Rendered rule files (YAML, PrometheusRule, VMRule, Helm) are preferred; Jsonnet mixins are
used only when a repository has no rendered rules, with the mixin's ``runbookURLPattern``
applied as its helper would (``pattern % lower(alert)``).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from scorecard.analyzers.base import FileResult
from scorecard.analyzers.path_roles import PathRole, is_sample, path_role
from scorecard.analyzers.project_kind import is_product_source
from scorecard.analyzers.runbooks.alert_rules import LINK_KEYS
from scorecard.analyzers.runbooks.doc_paths import is_runbook_candidate, runbook_globs
from scorecard.analyzers.runbooks.entrypoints import go_command, management_command
from scorecard.globs import GlobSet

__all__ = ["ANNOTATIONS", "Alert", "Corpus", "EntryPoint", "alert_from_record", "build_corpus",
           "is_example", "is_operator_entrypoint_file", "severity_weight"]

# Annotations the monitoring-mixins style guide asks of every alert (summary and description
# mandatory, dashboard_url planned), reported per alert as facts.
ANNOTATIONS = ("summary", "description", "dashboard_url")
# Paging weight by severity label (monitoring-mixins style guide values and common aliases).
_WEIGHTS = {"critical": 3, "page": 3, "high": 3, "emergency": 3, "p1": 3, "error": 2,
            "warning": 2, "warn": 2, "medium": 2, "p2": 2, "info": 1, "low": 1, "notice": 1,
            "p3": 1}
# Source files that make a repository "code" rather than documentation only.
CODE_SUFFIXES = (".py", ".go", ".js", ".ts", ".java", ".rb", ".rs", ".c", ".cc", ".cpp", ".cs",
                 ".php", ".scala", ".kt", ".sh", ".jsonnet", ".libsonnet", ".tf")


def severity_weight(severity: str) -> int:
    """3 for paging, 2 for warning, 1 for info; 0 for ``none`` (dead-man's switches).

    An alert without a severity label gets the warning weight: it is routed somewhere, and
    without the label nobody can tell how urgently.
    """
    if severity == "none":
        return 0
    return _WEIGHTS.get(severity, 2)


@dataclass(frozen=True)
class Alert:
    """One alerting rule and where it is defined."""

    name: str
    severity: str
    expr: str
    duration: str
    path: str
    line: int
    links: Mapping[str, str]
    source: str
    # Which of the monitoring-mixins annotations the rule carries: summary (or message),
    # description, dashboard_url.
    annotations: frozenset[str] = frozenset()

    @property
    def link(self) -> str:
        """The runbook link, canonical annotation first."""
        return next((self.links[k] for k in LINK_KEYS if self.links.get(k)), "")

    @property
    def weight(self) -> int:
        """Paging weight of the alert."""
        return severity_weight(self.severity)


@dataclass(frozen=True)
class EntryPoint:
    """Something an operator starts, and where it is declared."""

    kind: str
    name: str
    path: str
    line: int


@dataclass
class Corpus:
    """Everything the runbooks summary reads."""

    docs: dict[str, dict[str, Any]] = field(default_factory=dict)
    alerts: list[Alert] = field(default_factory=list)
    records: set[str] = field(default_factory=set)
    entrypoints: list[EntryPoint] = field(default_factory=list)
    files: frozenset[str] = frozenset()
    folders: frozenset[str] = frozenset()
    yaml_errors: list[tuple[str, str]] = field(default_factory=list)
    # Rule files with alert rules whose name is no text (templated): (path, how many).
    unnamed_alerts: list[tuple[str, int]] = field(default_factory=list)
    runbooks: list[str] = field(default_factory=list)
    has_code: bool = False
    alert_source: str = ""
    # Computed Jsonnet alert names the fallback could not resolve (path:line expression).
    jsonnet_unresolved: list[str] = field(default_factory=list)
    example_alerts: int = 0


def is_example(path: str) -> bool:
    """Tell whether a path is an example, a test or test data (its alerts are not our own)."""
    return is_sample(path)


def alert_from_record(path: str, raw: Mapping[str, Any]) -> Alert:
    """Return the Alert of one extracted rule record defined in ``path``."""
    return _alert(path, raw)


def _alert(path: str, raw: Mapping[str, Any]) -> Alert:
    return Alert(name=str(raw["name"]), severity=str(raw.get("severity", "")),
                 expr=str(raw.get("expr", "")), duration=str(raw.get("for", "")), path=path,
                 line=int(raw.get("line", 1)), links=dict(raw.get("links", {})),
                 source=str(raw.get("source", "")),
                 annotations=frozenset(k for k in ANNOTATIONS if raw.get(k)))


def _resolve_name(raw: Mapping[str, Any], strings: Mapping[str, str]) -> str | None:
    """Return the alert's name: literal, or computed from string fields of the repository."""
    if raw.get("name"):
        return str(raw["name"])
    parts = raw.get("parts") or []
    if not parts or any(kind == "ref" and value not in strings for kind, value in parts):
        return None
    return "".join(strings[value] if kind == "ref" else value for kind, value in parts)


def _jsonnet_alerts(results: Mapping[str, FileResult], unresolved: list[str]) -> list[Alert]:
    """Alerts of the Jsonnet fallback; computed names it cannot resolve go to ``unresolved``."""
    strings: dict[str, str] = {}
    for _path, result in sorted(results.items(), reverse=True):
        strings.update((result.get("jsonnet") or {}).get("strings", {}))
    pattern: tuple[str, bool] | None = None
    for result in results.values():
        data = result.get("jsonnet")
        if data and data.get("url_pattern"):
            pattern = (str(data["url_pattern"]), bool(data.get("url_lower")))
            break
    alerts: list[Alert] = []
    for path, result in sorted(results.items()):
        for raw in (result.get("jsonnet") or {}).get("alerts", []):
            name = _resolve_name(raw, strings)
            if name is None:
                unresolved.append(f"{path}:{raw.get('line', 1)} {raw.get('computed', '')}")
                continue
            alert = _alert(path, {**raw, "name": name})
            if not alert.link and pattern is not None and "%s" in pattern[0]:
                name = alert.name.lower() if pattern[1] else alert.name
                alert = Alert(alert.name, alert.severity, alert.expr, alert.duration, path,
                              alert.line, {"runbook_url": pattern[0].replace("%s", name)},
                              alert.source)
            alerts.append(alert)
    return alerts


def _folders(listed: list[str]) -> frozenset[str]:
    """Every folder that holds a listed file, at any depth."""
    folders: set[str] = set()
    for path in listed:
        parent = PurePosixPath(path).parent
        while str(parent) != ".":
            folders.add(str(parent))
            parent = parent.parent
    return frozenset(folders)


def _add_rules(corpus: Corpus, path: str, rules: Mapping[str, Any]) -> None:
    """Add one rule file's alerts, recording rules and YAML error to the corpus."""
    if rules.get("error"):
        corpus.yaml_errors.append((path, str(rules["error"])))
    if rules.get("unnamed"):
        corpus.unnamed_alerts.append((path, int(rules["unnamed"])))
    corpus.alerts.extend(_alert(path, raw) for raw in rules.get("alerts", []))
    corpus.records.update(str(r) for r in rules.get("records", []))


# Images for a developer's or a test run's machine (Dockerfile.dev, Dockerfile.e2e-tests,
# .gitpod.Dockerfile): nothing an operator starts.
_DEV_IMAGE = re.compile(r"^(?:Dockerfile\.(?:dev|devel|development|local|test|tests|e2e[\w-]*|ci"
                        r"|gitpod)|\.gitpod\.Dockerfile|(?:dev|test|e2e|ci)\.Dockerfile)$",
                        re.IGNORECASE)


def is_operator_entrypoint_file(path: str) -> bool:
    """Return True when the entry points a file declares are ones an operator starts.

    Not those of examples and tests, nor of a development container, a maintenance script
    folder or CI (``.devcontainer/Dockerfile``, ``scripts/lgtm.yaml``), nor development
    and test images.
    """
    name = PurePosixPath(path).name
    if is_sample(path) or (path_role(path) in (PathRole.TOOLING, PathRole.CI)
                           and name != "setup.py"):  # setup.py is tooling, its scripts not
        return False
    return _DEV_IMAGE.match(name) is None


def _add_result(corpus: Corpus, path: str, result: FileResult, globs: GlobSet) -> None:
    """Add one file's document, rules and entry points to the corpus."""
    if "doc" in result:
        corpus.docs[path] = result["doc"]
        # An example's or a test fixture's runbook documents nothing the team operates.
        if is_runbook_candidate(path, globs) and not is_example(path):
            corpus.runbooks.append(path)
    rules = result.get("rules")
    if rules:
        _add_rules(corpus, path, rules)
    if is_operator_entrypoint_file(path):
        for kind, name, line in result.get("entrypoints", []):
            corpus.entrypoints.append(EntryPoint(str(kind), str(name), path, int(line)))


def _choose_alerts(corpus: Corpus, results: Mapping[str, FileResult]) -> None:
    """Keep the repository's own alerts, or else the examples', or else Jsonnet's."""
    # Example and test rule files count only when they are all a repository has.
    own = [a for a in corpus.alerts if not (a.source == "example" or is_example(a.path))]
    if own:
        corpus.example_alerts = len(corpus.alerts) - len(own)
        corpus.alerts = own
    corpus.alert_source = "rendered rules" if corpus.alerts else ""
    if not corpus.alerts:
        corpus.alerts = _jsonnet_alerts(results, corpus.jsonnet_unresolved)
        corpus.alert_source = "jsonnet (regex fallback)" if corpus.alerts else ""


def _dbt_models(listed: list[str]) -> bool:
    """Return True for a dbt project with SQL models: transformations are its code.

    ``dbt_project.yml`` (at the root or two folders down) beside ``.sql`` files under a
    folder of that project: jaffle_shop's models are what the team maintains and runs.
    """
    projects = [posixpath.dirname(p) for p in listed
                if posixpath.basename(p) == "dbt_project.yml" and p.count("/") <= 2]
    return any(p.endswith(".sql") and (not root or p.startswith(root + "/"))
               for root in projects for p in listed)


def build_corpus(results: Mapping[str, FileResult], listed: list[str],
                 extra_runbook_globs: list[str]) -> Corpus:
    """Build the corpus from per-file results and the paths of every listed file."""
    corpus = Corpus(files=frozenset(listed))
    corpus.folders = _folders(listed)
    # Code of the product itself: a runbook repository's lint scripts (hack/, tools/) read
    # none of the variables its runbooks name for the operator to fill in.
    corpus.has_code = any(p.lower().endswith(CODE_SUFFIXES) and is_product_source(p)
                          for p in listed) or _dbt_models(listed)
    globs = runbook_globs(extra_runbook_globs)
    for path, result in sorted(results.items()):
        _add_result(corpus, path, result, globs)
    _choose_alerts(corpus, results)
    for path in listed:
        command = management_command(path)
        if command:
            corpus.entrypoints.append(EntryPoint("django_command", command, path, 1))
        program = go_command(path)
        if program and is_operator_entrypoint_file(path):
            corpus.entrypoints.append(EntryPoint("go_command", program, path, 1))
    return corpus
