"""Repositories with planted signals report exactly those, with file:line; a clean service
and a clean library score well with no findings from the signals checks."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from scorecard import api
from scorecard.errors import ConfigError
from scorecard.model import CheckResult, CheckStatus, Report
from tests.gitrepo import GitRepo

NOW = datetime(2026, 6, 1, tzinfo=UTC)

CI_PYTEST = """\
name: tests
on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: pip install -e .[test]
      - run: python -m pytest -q
"""
CI_LINT_ONLY = CI_PYTEST.replace("python -m pytest -q", "ruff check .")
RELEASE = """\
name: release
on:
  push:
    tags: ["v*"]
jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: python -m build
      - uses: pypa/gh-action-pypi-publish@release/v1
"""
PRECOMMIT = """\
repos:
  - repo: https://github.com/astral-sh/ruff-pre-commit
    rev: v0.6.0
    hooks:
      - id: ruff
"""
DASHBOARD = '{"title": "svc", "panels": [{"type": "graph", "title": "requests"}]}\n'
ALEMBIC_OK = """\
revision = "001"
down_revision = None


def upgrade():
    op.create_table("orders")


def downgrade():
    op.drop_table("orders")
"""

SERVICE_APP = """\
\"\"\"The web application.\"\"\"
import logging

from flask import Flask
from openfeature import api as flags
from prometheus_client import Counter

from svc.store import load

log = logging.getLogger(__name__)
app = Flask(__name__)
REQUESTS = Counter("requests", "Requests served")


@app.route("/healthz")
def healthz():
    return "ok"


@app.route("/orders")
def orders():
    REQUESTS.inc()
    try:
        return load(limit=10)
    except Exception:
        log.exception("orders failed")
        raise
"""
SERVICE_STORE = """\
\"\"\"Order storage.\"\"\"
import logging

log = logging.getLogger(__name__)


def load(limit=10, filters=None):
    filters = filters or []
    log.info("loading %s orders", limit)
    return list(range(limit))
"""


def _thorough(module: str, name: str, cases: int = 25) -> str:
    """A test module of many small cases: well-tested code has more test than product lines
    (the reference population's 90th percentile of the ratio is over 200 %)."""
    return f"from {module} import {name}\n\n\n" + "".join(
        f"def test_case_{i}():\n    result = {name}\n    assert result is not None\n\n\n"
        for i in range(cases))


def service(planted: bool) -> dict[str, str]:
    """A small Flask service; ``planted`` adds one of each bad code signal."""
    files = {
        "pyproject.toml": ('[project]\nname = "svc"\nversion = "1.0"\n'
                           '[tool.ruff]\nline-length = 100\n'),
        "uv.lock": "version = 1\n",
        "Dockerfile": "FROM python:3.12-slim\nCOPY . /app\n",
        "compose.yaml": "services:\n  svc:\n    build: .\n",
        "Makefile": "test:\n\tpytest\n",
        ".pre-commit-config.yaml": PRECOMMIT,
        ".github/workflows/ci.yml": CI_PYTEST,
        "dashboards/svc.json": DASHBOARD,
        "src/svc/__init__.py": '"""The order service."""\n',
        "src/svc/app.py": SERVICE_APP,
        "src/svc/store.py": SERVICE_STORE,
        "migrations/versions/001_init.py": ALEMBIC_OK,
        "tests/test_app.py": ("from svc.app import app\nfrom svc.store import load\n\n\n"
                              "def test_load():\n    assert load(2) == [0, 1]\n\n\n"
                              "def test_load_nothing():\n    assert load(0) == []\n\n\n"
                              "def test_health():\n    client = app.test_client()\n"
                              "    assert client.get('/healthz').data == b'ok'\n\n\n"
                              "def test_orders():\n    client = app.test_client()\n"
                              "    assert client.get('/orders').status_code == 200\n"),
        "tests/integration/test_flow.py": "from svc.app import app\n\n\n"
                                          "def test_app():\n    assert app\n",
        "tests/test_cases.py": _thorough("svc.store", "load"),
    }
    if planted:
        files["src/svc/app.py"] = (SERVICE_APP.replace('@app.route("/healthz")', '@app.route('
                                                       '"/about")')
                                   .replace("from prometheus_client import Counter\n", "")
                                   .replace('REQUESTS = Counter("requests", "Requests served")\n',
                                            "REQUESTS = None\n")
                                   .replace("    REQUESTS.inc()\n", ""))
        files["src/svc/store.py"] = (
            '"""Order storage."""\n'                                  # 1
            "import logging\n"                                        # 2
            "\n"                                                      # 3
            "CACHE = {}\n"                                            # 4
            "\n"                                                      # 5
            "\n"                                                      # 6
            "def load(limit=10, filters=[]):\n"                       # 7 mutable default
            "    assert limit > 0\n"                                  # 8 runtime assert
            "    print('loading', limit)\n"                           # 9 print
            "    logging.info('loading')\n"                           # 10 root logger
            "    CACHE[limit] = filters\n"                            # 11 module state
            "    try:\n"                                              # 12
            "        return list(range(limit))\n"                     # 13
            "    except Exception:\n"                                 # 14 swallowed
            "        pass\n"                                          # 15
            "\n"                                                      # 16
            "\n"                                                      # 17
            "def save(order):\n"                                      # 18
            "    # TODO: persist for real\n"                          # 19 todo
            "    try:\n"                                              # 20
            "        return order.save()\n"                           # 21
            "    except Exception as exc:\n"                          # 22 no traceback
            "        logging.getLogger(__name__).error('save failed: %s', exc)\n"  # 23
        )
        files["src/svc/extra.py"] = '"""Nobody tests this."""\n\n\ndef helper():\n    ' \
                                    'return 1\n'
        files["migrations/versions/002_more.py"] = (
            'revision = "002"\ndown_revision = "001"\n\n\ndef upgrade():\n'
            '    op.add_column("orders", "total")\n\n\ndef downgrade():\n    pass\n')
        files[".github/workflows/ci.yml"] = CI_LINT_ONLY
        del files["dashboards/svc.json"]
    return files


def library() -> dict[str, str]:
    """A clean library with tests, CI, release automation and an example."""
    return {
        "pyproject.toml": ('[project]\nname = "lib"\nversion = "1.0"\n'
                           '[tool.ruff]\nline-length = 100\n'
                           '[tool.hatch.envs.default.scripts]\ntest = "pytest"\n'),
        ".pre-commit-config.yaml": PRECOMMIT,
        ".github/workflows/ci.yml": CI_PYTEST,
        ".github/workflows/release.yml": RELEASE,
        "src/lib/__init__.py": ('"""A tiny library."""\nfrom lib.core import parse\n\n'
                                '__all__ = ["parse"]\n'),
        "src/lib/core.py": ('"""Parsing."""\nimport logging\n\nlog = logging.getLogger(__name__)'
                            '\n\n\ndef parse(text: str, sep: str = ",") -> list[str]:\n'
                            '    """Split text."""\n    log.debug("parsing")\n'
                            '    return text.split(sep)\n'),
        "examples/basic.py": "from lib import parse\n\nprint(parse('a,b'))\n",
        "tests/test_core.py": ("import pytest\n\nfrom lib.core import parse\n\n\n"
                               "@pytest.mark.integration\ndef test_parse():\n"
                               "    assert parse('a,b') == ['a', 'b']\n"),
        "tests/test_cases.py": _thorough("lib.core", "parse"),
    }


def scan(repo: GitRepo, files: dict[str, str]) -> Report:
    repo.commit(files)
    return api.scan(repo.root, now=NOW, environ={}, flags={"cache": False})


def signal_checks(report: Report) -> dict[str, CheckResult]:
    """Return the checks fed by the signals analyzer, by id."""
    from scorecard.analyzers.signals.signals_analyzer import SignalsAnalyzer
    metrics = {m.id for m in SignalsAnalyzer.metrics}
    return {c.id: c for p in report.pillars for c in (*p.checks, *p.skipped)
            if c.metric in metrics}


def where(result: CheckResult) -> list[str]:
    return [f"{f.location.path}:{f.location.line} {f.message}" for f in result.findings]


def test_clean_service_scores_well_without_findings(git_repo: GitRepo) -> None:
    report = scan(git_repo, service(planted=False))
    checks = signal_checks(report)
    assert len(checks) == 19
    assert not [p for p in report.problems if p.analyzer == "signals"]
    noisy = {cid: where(c) for cid, c in checks.items() if c.findings}
    assert noisy == {}
    not_applicable = {cid for cid, c in checks.items()
                      if c.status is CheckStatus.NOT_APPLICABLE}
    assert not_applicable == set()  # a web service with migrations: everything applies
    assert all(c.score == 10 for c in checks.values()), {
        cid: (c.score, c.reason) for cid, c in checks.items() if c.score != 10}


def test_planted_service_reports_exactly_the_planted_signals(git_repo: GitRepo) -> None:
    checks = signal_checks(scan(git_repo, service(planted=True)))
    found = {cid: where(c) for cid, c in checks.items() if c.findings}
    store = "src/svc/store.py"
    assert found == {
        "operability.logging-not-print": [f"{store}:9 print() in library/service code: log "
                                          "through a logger instead"],
        "operability.module-loggers": [f"{store}:10 logging.info() logs to the root logger: "
                                       "use a module logger"],
        "operability.exception-tracebacks": [f"{store}:22 caught everything and logged "
                                             "without the traceback: use log.exception() or "
                                             "exc_info=True"],
        "operability.silent-errors": [f"{store}:14 except Exception swallows the error "
                                      "silently"],
        "operability.runtime-asserts": [f"{store}:8 assert as a runtime check: it vanishes "
                                        "under python -O; raise an exception"],
        "evolvability.mutable-defaults": [f"{store}:7 load() has a mutable default argument, "
                                          "shared by every call"],
        "evolvability.module-state": [f"{store}:11 load() writes module-level CACHE"],
        "evolvability.todo-density": [f"{store}:19 TODO comment"],
        "evolvability.untested-modules": ["src/svc/extra.py:None no test imports this module "
                                          "or is named after it"],
        "operability.reversible-migrations": ["migrations/versions/002_more.py:9 irreversible "
                                              "migration: downgrade() does nothing"],
        "operability.instrumentation": [".:None no instrumentation (a metrics, tracing or "
                                        "error-tracking client: Prometheus, OpenTelemetry, "
                                        "StatsD, Sentry, ...)"],
        "operability.health-endpoint": [".:None no health or readiness endpoint"],
        "operability.dashboards-alerts": [".:None no dashboards or alerting rules kept with "
                                          "the code"],
        "operability.ci-runs-tests": [".github/workflows/ci.yml:None CI configured but no job "
                                      "runs the tests"],
    }
    assert checks["operability.reversible-migrations"].value == 50.0


def test_clean_library_scores_well_and_service_checks_are_not_applicable(
        git_repo: GitRepo) -> None:
    report = scan(git_repo, library())
    checks = signal_checks(report)
    noisy = {cid: where(c) for cid, c in checks.items() if c.findings}
    assert noisy == {}
    not_applicable = {cid for cid, c in checks.items()
                      if c.status is CheckStatus.NOT_APPLICABLE}
    assert not_applicable == {
        "operability.instrumentation", "operability.health-endpoint",
        "operability.dashboards-alerts", "operability.feature-flags",
        "operability.reversible-migrations", "operability.exception-tracebacks",
    }
    scored = [c for c in checks.values() if c.status is not CheckStatus.NOT_APPLICABLE]
    assert all(c.score == 10 for c in scored), {
        c.id: (c.score, c.reason) for c in scored if c.score != 10}


@pytest.mark.parametrize("kind", ["cli", "library"])
def test_kind_from_config(git_repo: GitRepo, kind: str) -> None:
    files = service(planted=True)
    files["scorecard.toml"] = f'[signals]\nkind = "{kind}"\n'
    checks = signal_checks(scan(git_repo, files))
    assert checks["operability.health-endpoint"].status is CheckStatus.NOT_APPLICABLE
    printing = checks["operability.logging-not-print"]
    assert (printing.status is CheckStatus.NOT_APPLICABLE) == (kind == "cli")


def test_monorepo_each_web_service_needs_its_own_health_route(git_repo: GitRepo) -> None:
    app = ('from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("{route}")\n'
           'def handler():\n    return {{}}\n')
    files = {
        "services/billing/main.py": app.format(route="/healthz"),
        "services/orders/main.py": app.format(route="/orders"),
        "services/orders/helpers.py": "def helper():\n    return 1\n",
        "Dockerfile": "FROM python\n",
    }
    checks = signal_checks(scan(git_repo, files))
    health = checks["operability.health-endpoint"]
    assert health.status is CheckStatus.FAIL
    assert where(health) == ["services/orders:None web service with no health or readiness "
                             "endpoint"]
    assert "1 of 2 web services" in health.reason


def test_a_file_that_calls_the_app_factory_is_not_another_service(git_repo: GitRepo) -> None:
    # microblog.py does `app = create_app()`; app/__init__.py defines the factory, which
    # constructs the one Flask application, and app/main/routes.py serves its health route.
    files = {
        "microblog.py": "from app import create_app\n\napp = create_app()\n",
        "app/__init__.py": ("from flask import Flask\n\n\ndef create_app():\n"
                            "    app = Flask(__name__)\n    return app\n"),
        "app/main/routes.py": ('from flask import Blueprint\n\nbp = Blueprint("main", '
                               '__name__)\n\n\n@bp.route("/healthz")\ndef health():\n'
                               '    return "ok"\n'),
        "Dockerfile": "FROM python\n",
    }
    health = signal_checks(scan(git_repo, files))["operability.health-endpoint"]
    assert health.status is CheckStatus.PASS, health.reason


def test_views_reached_through_urls_by_a_test_client_are_tested(git_repo: GitRepo) -> None:
    files = {
        "manage.py": "import django\n",
        "Dockerfile": "FROM python\n",
        "site/wsgi.py": ("from django.core.wsgi import get_wsgi_application\n\n"
                         "application = get_wsgi_application()\n"),
        "site/urls.py": ("from django.urls import path\n\nfrom site import views\n\n"
                         'urlpatterns = [path("orders/", views.orders)]\n'),
        "site/views.py": "def orders(request):\n    return None\n",
        "site/forms.py": "class OrderForm:\n    pass\n",
        "site/tests/test_orders.py": ("from django.test import TestCase\n\n\n"
                                      "class OrdersTest(TestCase):\n"
                                      "    def test_list(self):\n"
                                      "        self.client.get('/orders/')\n"),
    }
    untested = signal_checks(scan(git_repo, files))["evolvability.untested-modules"]
    # urls.py and the views it imports are reached by the test client; forms.py is not.
    assert [f.location.path for f in untested.findings] == ["site/forms.py"]


def test_same_content_at_two_paths_keeps_two_results(git_repo: GitRepo, tmp_path: Path
                                                     ) -> None:
    """Cached results are per path: the same bytes are CLI output in a management command
    and a stray print in library code, on a cold and on a warm scan alike."""
    body = "def run():\n    print('pruned')\n"
    git_repo.commit({"app/management/commands/prune.py": body, "app/helpers.py": body,
                     "app/__init__.py": ""})
    flags = {"cache": True, "cache_dir": str(tmp_path / "cache")}
    for _ in range(2):  # cold, then every result from the cache
        report = api.scan(git_repo.root, now=NOW, environ={}, flags=flags)
        prints = signal_checks(report)["operability.logging-not-print"]
        assert [f.location.path for f in prints.findings] == ["app/helpers.py"]


def test_unknown_kind_is_bad_configuration(git_repo: GitRepo) -> None:
    files = service(planted=False)
    files["scorecard.toml"] = '[signals]\nkind = "daemon"\n'
    with pytest.raises(ConfigError, match="signals.kind must be auto or one of library, "
                                          "service, cli, operations, notebooks, not 'daemon'"):
        scan(git_repo, files)


def test_an_airflow_dag_integrity_test_imports_every_dag(git_repo: GitRepo) -> None:
    dag = ("from airflow.decorators import dag, task\n\n\n@dag(schedule=None)\ndef etl():\n"
           "    @task\n    def extract():\n        return 1\n    extract()\n\n\netl()\n")
    git_repo.commit({
        "dags/etl.py": dag, "dags/report.py": dag.replace("etl", "report"),
        "include/helpers.py": "def helper(x):\n    return x\n",
        "tests/dags/test_dag_integrity.py": (
            "from airflow.models import DagBag\n\n\ndef test_no_import_errors():\n"
            "    assert not DagBag(include_examples=False).import_errors\n")})
    report = api.scan(git_repo.root, now=NOW, environ={}, flags={"cache": False})
    untested = {c.id: c for p in report.pillars for c in (*p.checks, *p.skipped)}[
        "evolvability.untested-modules"]
    # DagBag loads the DAG folder: only the helper module is imported by no test.
    assert [f.location.path for f in untested.findings] == ["include/helpers.py"]


def test_an_example_apps_migrations_are_not_the_products(git_repo: GitRepo) -> None:
    migration = ("from django.db import migrations, models\n\n\n"
                 "class Migration(migrations.Migration):\n    operations = [\n"
                 "        migrations.CreateModel(name='Widget', fields=[]),\n    ]\n")
    git_repo.commit({"lib/__init__.py": "def f(x):\n    return x\n",
                     "examples/django/demoapp/migrations/0001_initial.py": migration})
    report = api.scan(git_repo.root, now=NOW, environ={}, flags={"cache": False})
    check = {c.id: c for p in report.pillars for c in (*p.checks, *p.skipped)}[
        "operability.reversible-migrations"]
    assert check.value is None, check.reason
