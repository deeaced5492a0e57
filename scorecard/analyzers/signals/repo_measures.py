"""Repository-level signals: service visibility, automation, the test suite and rollback.

What a repository cannot show is n/a, not zero: a library has no health endpoint, a
command-line tool ships no dashboards, a project without migrations has nothing to roll back.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from scorecard.analyzers.base import FileResult
from scorecard.analyzers.path_roles import PathRole, layout_folders, module_name, path_role
from scorecard.analyzers.project_kind import KIND_NOUNS
from scorecard.analyzers.signals.automation import AutomationFacts, Dashboards, Environments
from scorecard.analyzers.signals.build_files import BuildSignals
from scorecard.analyzers.signals.code_measures import MAX_FINDINGS, CodeBase
from scorecard.analyzers.signals.signal_vocabulary import INTEGRATION_DIRS
from scorecard.analyzers.signals.testsuite import TestLayout, is_unit, untested_modules
from scorecard.analyzers.source_share import withheld
from scorecard.model import Finding, Location, Measurement
from scorecard.wording import agree, counted, counted_of

__all__ = ["RepoSignals", "repo_measurements", "service_unit"]

INSTRUMENTATION = "signals.instrumentation"
HEALTH = "signals.health_endpoint"
DASHBOARDS = "signals.dashboards_or_alerts"
CI_TESTS = "signals.ci_runs_tests"
AUTOMATION = "signals.automation_share"
TEST_RATIO = "signals.test_code_ratio"
UNTESTED = "signals.untested_module_share"
INTEGRATION = "signals.integration_tests"
SANDBOX = "signals.sandbox_environment"
MIGRATIONS = "signals.reversible_migration_share"
FLAGS = "signals.feature_flags"

# Which automation practices a kind of project is expected to have. A library's users pin
# its dependencies, so a lock file is not expected of it; a service is deployed, not
# released as a package, and is the only kind expected to build a container.
EXPECTED_PRACTICES: Mapping[str, tuple[str, ...]] = {
    "service": ("task_runner", "locked_dependencies", "container_build", "lint_config",
                "precommit"),
    "library": ("task_runner", "lint_config", "precommit", "release_automation"),
    "cli": ("task_runner", "lint_config", "precommit", "release_automation"),
    # Rules, charts and mixins are checked and linted in CI, neither released nor deployed.
    "operations": ("task_runner", "lint_config", "precommit"),
    # Notebooks are re-run by others: a pinned environment makes their results
    # reproducible; a linter and pre-commit hooks (nbQA, nbstripout: no outputs committed)
    # keep them reviewable. Neither released, deployed nor driven by a task runner.
    "notebooks": ("locked_dependencies", "lint_config", "precommit"),
}


def _noun(kind: str) -> str:
    """Return the kind as a report names it after "not a service": "a library"."""
    return KIND_NOUNS.get(kind, f"a {kind}")


@dataclass(frozen=True)
class RepoSignals:
    """Everything the repository-level measurements read."""

    code: CodeBase
    all_results: Mapping[str, FileResult]  # every parsed Python file, tests included
    automation: AutomationFacts
    environments: Environments
    dashboards: Dashboards
    alerts: int
    tests: TestLayout
    web_service: bool
    # Application source in other languages (Go, JavaScript, Java, ...), read as text, and
    # what the build files (pom.xml, build.gradle, Spring configuration) show.
    other: CodeBase = field(default_factory=lambda: CodeBase({}, "library"))
    build: BuildSignals = field(default_factory=lambda: BuildSignals((), ()))
    # Other languages' test files by their ecosystem's convention -> code lines.
    other_tests: Mapping[str, int] = field(default_factory=dict)
    # Why the source read here does not stand for the application (most of it is in
    # languages read by no rule here: Ruby, PHP, ...), or "" when it does.
    unread: str = ""
    # Whether any application file is in such a language.
    has_unread: bool = False
    # Integration or end-to-end suites told by files (suite_integration).
    suites: tuple[str, ...] = ()

    def rows(self, fact: str) -> list[tuple[str, list[Any]]]:
        """Return (path, row) of one fact over Python and other languages' application code."""
        return sorted(self.code.rows(fact) + self.other.rows(fact),
                      key=lambda item: (item[0], item[1][0]))


def _boolean(metric: str, present: bool, evidence: Sequence[str], yes: str, no: str,
             missing: str) -> Measurement:
    if present:
        shown = ", ".join(evidence[:3])
        return Measurement(metric, 1.0, f"{yes} ({shown})" if shown else yes)
    return Measurement(metric, 0.0, no, (Finding(metric, Location("."), missing, 0.0),))


def _evidence(signals: RepoSignals, fact: str) -> list[str]:
    return [f"{path}:{row[0]} {row[1]}" for path, row in signals.rows(fact)]


def _instrumentation(signals: RepoSignals) -> Measurement:
    if signals.code.kind != "service":
        return Measurement(INSTRUMENTATION, None, f"not a service ({_noun(signals.code.kind)})")
    evidence = _evidence(signals, "instrumentation") + list(signals.build.instrumentation)
    return _boolean(INSTRUMENTATION, bool(evidence), evidence,
                    "metrics or tracing instrumentation", "no metrics, tracing or error-"
                    "tracking client in the application code",
                    "no instrumentation (a metrics, tracing or error-tracking client: "
                    "Prometheus, OpenTelemetry, StatsD, Sentry, ...)")


_INTEGRATION_NAME = re.compile(r"(?i)(?:^|[._-])(?:integration|e2e)(?:[._-]|$)|IT\.(?:java|kt)$")
# Folders that hold several deployable units side by side (monorepos).
_UNIT_PARENTS = frozenset({"src", "services", "apps", "packages", "projects", "components"})


def service_unit(path: str) -> str:
    """Return the deployable unit a path belongs to.

    That is its top folder, or two levels down under a monorepo folder (``services/billing``).
    """
    parts = path.split("/")
    if len(parts) > 2 and parts[0] in _UNIT_PARENTS:
        return "/".join(parts[:2])
    return parts[0] if len(parts) > 1 else "."


def _healthy_units(signals: RepoSignals) -> set[str]:
    """Units with a health route in code, or health support in their build files."""
    return {service_unit(p) for p, _ in signals.rows("health_routes")} | {
        service_unit(e.split(":", 1)[0]) for e in signals.build.health}


# Application factories by convention (Flask's create_app, Tornado's make_app): a call to
# one builds the application its definition constructs.
_FACTORIES = frozenset({"create_app", "make_app"})


def _web_units(apps: list[tuple[str, list[Any]]]) -> list[str]:
    """Return the units that construct a web application.

    A file that only calls a factory (microblog.py's ``app = create_app()``) starts the
    application the factory's module constructs, not another one: when any file constructs
    an application itself, the factory calls do not make units of their own.
    """
    built = {service_unit(path) for path, row in apps if row[1] not in _FACTORIES}
    return sorted(built or {service_unit(path) for path, _ in apps})


def _health(signals: RepoSignals) -> Measurement:
    if signals.code.kind != "service" or not signals.web_service:
        return Measurement(HEALTH, None, "not a web service")
    # Units are the folders that construct an application; with one (or none found), the
    # repository is one service and a health route anywhere in it serves.
    web_units = _web_units(signals.rows("apps"))
    evidence = _evidence(signals, "health_routes") + list(signals.build.health)
    healthy = _healthy_units(signals)
    missing = [unit for unit in web_units if unit not in healthy] if len(web_units) > 1 \
        else ([] if evidence else ["."])
    if not missing:
        return Measurement(HEALTH, 1.0, f"health or readiness route ({', '.join(evidence[:3])})")
    if len(web_units) <= 1:
        return _boolean(HEALTH, False, (), "", "a web service with no route named like "
                        "health, healthz, ready or live", "no health or readiness endpoint")
    # A monorepo: every web unit needs its own probe target.
    return Measurement(
        HEALTH, 0.0, f"{counted_of(len(missing), len(web_units), 'web service')} "
                     f"{agree(len(missing), 'has', 'have')} no health or readiness route: "
                     f"{', '.join(missing[:5])}",
        tuple(Finding(HEALTH, Location(unit), "web service with no health or readiness "
                                              "endpoint", 0.0) for unit in missing))


def _dashboards(signals: RepoSignals) -> Measurement:
    if signals.code.kind not in ("service", "operations"):
        return Measurement(DASHBOARDS, None, f"not a service ({_noun(signals.code.kind)})")
    evidence = list(signals.dashboards.evidence)
    if signals.alerts:
        evidence.append(counted(signals.alerts, "alerting rule"))
    return _boolean(DASHBOARDS, bool(evidence), evidence, "dashboards or alert rules kept "
                    "in the repository", "no dashboards or alert rules in the repository",
                    "no dashboards or alerting rules kept with the code")


def _practice(facts: AutomationFacts, name: str) -> Any:
    return next(p for p in facts.practices if p.name == name)


def _ci(signals: RepoSignals) -> Measurement:
    ci = _practice(signals.automation, "ci")
    runs = _practice(signals.automation, "ci_runs_tests")
    systems = ", ".join(signals.automation.ci_systems)
    if runs.present:
        return Measurement(CI_TESTS, 100.0, f"CI ({systems}) runs the tests ("
                                            f"{', '.join(runs.evidence[:2])})")
    if ci.present:
        return Measurement(CI_TESTS, 50.0, f"CI ({systems}) does not run the tests",
                           (Finding(CI_TESTS, Location(ci.evidence[0].split(":")[0]
                                                       if ci.evidence else "."),
                                    "CI configured but no job runs the tests", 50.0),))
    return Measurement(CI_TESTS, 0.0, "no CI configuration",
                       (Finding(CI_TESTS, Location("."), "no CI configuration", 0.0),))


def _automation(signals: RepoSignals) -> Measurement:
    expected = EXPECTED_PRACTICES.get(signals.code.kind, EXPECTED_PRACTICES["library"])
    practices = [_practice(signals.automation, name) for name in expected]
    present = [p for p in practices if p.present]
    missing = [p for p in practices if not p.present]
    note = (f"{counted_of(len(present), len(practices), 'practice')} expected of "
            f"{_noun(signals.code.kind)}: " + ", ".join(
                f"{p.name.replace('_', ' ')} {'yes' if p.present else 'no'}"
                for p in practices))
    return Measurement(AUTOMATION, round(100.0 * len(present) / len(practices), 2), note,
                       tuple(Finding(AUTOMATION, Location("."), p.note, 0.0)
                             for p in missing))


def _test_ratio(signals: RepoSignals) -> Measurement:
    source = signals.code.lines() + signals.other.lines()
    if not source:
        return Measurement(TEST_RATIO, None, "no application code")
    test_lines = sum(int(signals.all_results.get(p, {}).get("lines", 0))
                     for p in signals.tests.code) + sum(signals.other_tests.values())
    modules = len(signals.tests.modules) + len(signals.other_tests)
    if not modules:
        return Measurement(TEST_RATIO, 0.0, "no test modules found (pytest and unittest "
                                            "discovery; *_test.go, *.test.ts, src/test/java "
                                            "and the like for other languages)",
                           (Finding(TEST_RATIO, Location("."), "no tests", 0.0),))
    return Measurement(TEST_RATIO, round(100.0 * test_lines / source, 2),
                       f"{counted(test_lines, 'line')} of tests "
                       f"({counted(modules, 'test module')}) for {counted(source, 'line')} of "
                       "application code")


_DAGBAG = frozenset({"airflow.models.DagBag", "airflow.models.dagbag",
                     "airflow.models.dagbag.DagBag"})
_DAG_FOLDER = "/dags/"


def _untested(signals: RepoSignals) -> Measurement:
    if not signals.tests.modules:
        return Measurement(UNTESTED, None, "no tests")
    imports = [name for path in signals.tests.code
               for name in signals.all_results.get(path, {}).get("imports", [])]
    if any(signals.all_results.get(p, {}).get("web_client") for p in signals.tests.code):
        # Tests that drive the application through a test client reach the views its URL
        # configuration and application factories import (Django's urls.py, create_app).
        routed = [path for path, result in signals.code.files.items()
                  if path.endswith(("/urls.py", "/routes.py")) or result.get("apps")]
        imports += [module_name(path) for path in routed]
        imports += [name for path in routed
                    for name in signals.code.files[path].get("imports", [])]
    source = sorted(signals.code.files)
    if _DAGBAG.intersection(imports):
        # Airflow's DAG integrity tests load every file of the DAG folder through DagBag,
        # which imports each of them: those files are imported by a test.
        imports += [module_name(path) for path in source if _DAG_FOLDER in f"/{path}"]
    packages = {p: r.get("imports", []) for p, r in signals.all_results.items()
                if p.endswith("__init__.py") and p in signals.code.files}
    missing = untested_modules(source, imports, packages, signals.tests.modules)
    units = sum(1 for p in source if is_unit(p))
    if not units:
        return Measurement(UNTESTED, None, "no application modules to test")
    return Measurement(
        UNTESTED, round(100.0 * len(missing) / units, 2),
        f"{counted_of(len(missing), units, 'Python application module')} "
        + agree(len(missing), "has no test that imports it or is named after it",
                "have no test that imports them or is named after them"),
        tuple(Finding(UNTESTED, Location(p), "no test imports this module or is named after it")
              for p in missing[:MAX_FINDINGS]))


def _migrations(signals: RepoSignals) -> Measurement:
    # An example app's migrations (a library's examples/django/...) are not the product's.
    found = sorted((p, r["migration"]) for p, r in signals.all_results.items()
                   if r.get("migration") and path_role(p) not in (PathRole.EXAMPLE,
                                                                  PathRole.VENDORED))
    if not found:
        return Measurement(MIGRATIONS, None, "no Alembic or Django migrations")
    bad = [(p, m) for p, m in found if not m.get("reversible")]
    kinds = ", ".join(sorted({m["kind"] for _, m in found}))
    return Measurement(
        MIGRATIONS, round(100.0 * (len(found) - len(bad)) / len(found), 2),
        counted_of(len(found) - len(bad), len(found), kinds + " migration") + " can be rolled back",
        tuple(Finding(MIGRATIONS, Location(p, int(m["line"])),
                      f"irreversible migration: {m['why']}") for p, m in bad[:MAX_FINDINGS]))


def _flags(signals: RepoSignals, first_party: frozenset[str]) -> Measurement:
    if signals.code.kind != "service":
        return Measurement(FLAGS, None, f"not a service ({_noun(signals.code.kind)})")
    evidence = [f"{p}:{row[0]} {row[1]}" for p, row in signals.rows("flags")
                if row[1] not in first_party]
    return _boolean(FLAGS, bool(evidence), evidence, "feature-flag client",
                    "no feature-flag client (changes roll back only by redeploying)",
                    "no feature flags")


# End-to-end suites told by their runner's configuration (Playwright, Cypress, WebdriverIO,
# Nightwatch, CodeceptJS, TestCafe, Detox) or by Gherkin features (Cucumber, behave, godog).
_E2E_CONFIG = re.compile(r"^(?:(?:playwright|cypress|wdio|nightwatch|codecept|detox)\.conf(?:ig)?"
                         r"\.(?:[cm]?[jt]s|json)|cypress\.json|\.testcaferc\.[\w]+|\.detoxrc"
                         r"(?:\.[\w]+)?)$")


# Folders of a test tree that hold an integration suite whatever its files' language: not
# live/ (Phoenix's LiveView tests), smoke/ or functional/, which name other things too.
_SUITE_DIRS = frozenset({"integration", "integration_tests", "integrationtests", "e2e",
                         "end_to_end", "end-to-end", "end2end", "acceptance", "system_tests"})
# A test folder named for such a suite with a qualifier (e2e-chainsaw/, integration-tests/).
_SUITE_TOKEN = re.compile(r"(?:^|[-_.])(?:e2e|integration|acceptance)(?:$|[-_.])")
# A script that runs an end-to-end suite (node_exporter's end-to-end-test.sh).
_E2E_SCRIPT = re.compile(r"(?i)^(?:e2e|end[-_]to[-_]end|integration|acceptance)[-_]tests?\.\w+$")


def suite_integration(paths: Sequence[str]) -> list[str]:
    """Integration or end-to-end suites told by files, not by test file names.

    An end-to-end runner's configuration (``playwright.config.ts``), Gherkin features
    (``features/login.feature``), any file of a test folder's ``integration/`` or ``e2e/``
    (an Ansible collection's ``tests/integration/targets/``), a script named for such a
    suite (``end-to-end-test.sh``), and Cargo's integration tests: the ``.rs`` files of a
    ``tests/`` folder beside a ``Cargo.toml`` (Cargo builds each as its own crate against the
    library's public interface, https://doc.rust-lang.org/cargo/guide/tests.html).
    """
    listed = set(paths)
    found: list[str] = []
    for path in sorted(paths):
        role = path_role(path)
        if role in (PathRole.EXAMPLE, PathRole.VENDORED):
            continue
        folder, _, base = path.rpartition("/")
        in_suite = role is PathRole.TEST and any(
            part.lower() in _SUITE_DIRS or _SUITE_TOKEN.search(part.lower())
            for part in folder.split("/"))
        if _E2E_CONFIG.match(base) or base.endswith(".feature") or in_suite \
                or _E2E_SCRIPT.search(base):
            found.append(path)
        elif base.endswith(".rs") and (folder == "tests" or folder.endswith("/tests")):
            crate = folder.removesuffix("tests").rstrip("/")
            if f"{crate}/Cargo.toml".lstrip("/") in listed:
                found.append(path)
    return found


def other_integration(tests: Mapping[str, int]) -> list[str]:
    """Other languages' test files of the integration or end-to-end kind, by folder or name.

    ``integration/``, ``e2e/`` and the like (as for Python), or a name such as
    ``orders_integration_test.go``, ``checkout.e2e.spec.ts`` or ``OrdersIT.java``.
    """
    found: list[str] = []
    for path in sorted(tests):
        folders = {part.lower() for part in layout_folders(path)}
        base = path.rsplit("/", 1)[-1]
        if folders & INTEGRATION_DIRS or _INTEGRATION_NAME.search(base):
            found.append(path)
    return found


def repo_measurements(signals: RepoSignals, first_party: frozenset[str]) -> list[Measurement]:
    """Return every repository-level measurement of the signals analyzer.

    Without application code (Python, or source in another language read as text) there
    is nothing to operate, automate or test: all n/a, except in an operations repository,
    whose charts, rules and roles are still linted and tested in CI (``helm unittest``,
    ``promtool test rules``, Molecule) with the automation expected of its kind, and whose
    dashboards and alerts are its content.
    """
    if not signals.code.files and not signals.other.files and not signals.has_unread:
        kept = ({CI_TESTS: _ci(signals), AUTOMATION: _automation(signals),
                 DASHBOARDS: _dashboards(signals)} if signals.code.kind == "operations"
                else {})
        return [kept.get(metric) or Measurement(metric, None, "no application code")
                for metric in (INSTRUMENTATION, HEALTH, DASHBOARDS, CI_TESTS, AUTOMATION,
                               TEST_RATIO, UNTESTED, INTEGRATION, SANDBOX, MIGRATIONS, FLAGS)]
    measured = _measured(signals, first_party)
    if signals.unread:
        # What is read from code (clients, routes, tests per line) would describe a minority
        # of the application: those are n/a; CI, automation and files stay measured.
        return withheld(measured, signals.unread,
                        keep={m.metric for m in measured} - _READ_FROM_CODE)
    return measured


# Measurements read from application source (not from CI, build or layout files).
_READ_FROM_CODE = frozenset({INSTRUMENTATION, HEALTH, TEST_RATIO, UNTESTED, MIGRATIONS, FLAGS})


def _measured(signals: RepoSignals, first_party: frozenset[str]) -> list[Measurement]:
    """Every repository-level measurement, from the code and files there are."""
    environments = signals.environments
    integration = list(dict.fromkeys((*signals.tests.integration,
                                      *other_integration(signals.other_tests),
                                      *signals.suites, *signals.automation.integration_runs)))
    return [
        _instrumentation(signals),
        _health(signals),
        _dashboards(signals),
        _ci(signals),
        _automation(signals),
        _test_ratio(signals),
        _untested(signals) if signals.code.files else Measurement(
            UNTESTED, None, "no Python application code (which test imports which module is "
                            "read for Python only)"),
        (Measurement(INTEGRATION, None, "no tests") if not signals.tests.modules
         and not signals.other_tests and not signals.suites
         and not signals.automation.integration_runs else
         _boolean(INTEGRATION, bool(integration), integration, "integration or end-to-end "
                  "tests", "no integration or end-to-end tests (by folder or marker)",
                  "no integration or end-to-end tests")),
        _boolean(SANDBOX, environments.present, environments.evidence, environments.note,
                 environments.note, "no local or example environment to experiment in"),
        _migrations(signals),
        _flags(signals, first_party),
    ]
