"""Per-file signals facts: each planted signal is found at its line, and nothing else is."""

from __future__ import annotations

import ast
import textwrap
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scorecard.analyzers.signals.file_facts import code_lines, collect_file_facts
from scorecard.analyzers.signals.handlers import Verdict, classify_handler
from scorecard.analyzers.signals.migrations import migration_facts


def facts(source: str, module: str = "pkg.mod") -> dict[str, Any]:
    """Return the facts of a dedented source snippet."""
    text = textwrap.dedent(source)
    return collect_file_facts(ast.parse(text), text, module)


def lines(result: dict[str, Any], fact: str) -> list[int]:
    """Return the sorted lines of one fact."""
    return sorted(row[0] for row in result.get(fact, []))


def handler_verdict(body: str) -> Verdict:
    """Classify the first except handler of a try statement."""
    tree = ast.parse(textwrap.dedent(body))
    handler = next(n for n in ast.walk(tree) if isinstance(n, ast.ExceptHandler))
    return classify_handler(handler)


@pytest.mark.parametrize(("body", "verdict"), [
    ("try:\n    f()\nexcept Exception:\n    pass\n", Verdict.SILENT),
    ("try:\n    f()\nexcept:\n    continue\n", Verdict.SILENT),
    ("try:\n    f()\nexcept Exception:\n    return None\n", Verdict.SILENT),
    ("try:\n    f()\nexcept Exception:\n    raise\n", Verdict.RERAISE),
    ("try:\n    f()\nexcept Exception as e:\n    raise Wrapped() from e\n", Verdict.RERAISE),
    ("try:\n    f()\nexcept Exception:\n    log.exception('x')\n", Verdict.LOGGED),
    ("try:\n    f()\nexcept Exception:\n    log.error('x', exc_info=True)\n", Verdict.LOGGED),
    ("try:\n    f()\nexcept Exception:\n    traceback.print_exc()\n", Verdict.LOGGED),
    ("try:\n    f()\nexcept Exception:\n    sentry_sdk.capture_exception()\n", Verdict.LOGGED),
    ("try:\n    f()\nexcept Exception as e:\n    log.error('x %s', e)\n",
     Verdict.LOGGED_NO_TRACEBACK),
    ("try:\n    f()\nexcept Exception:\n    log.warning('x', exc_info=False)\n",
     Verdict.LOGGED_NO_TRACEBACK),
    ("try:\n    f()\nexcept Exception as e:\n    return {'error': str(e)}\n", Verdict.PASSED_ON),
    ("try:\n    f()\nexcept Exception as e:\n    errors.append(e)\n", Verdict.PASSED_ON),
    ("try:\n    f()\nexcept Exception:\n    value = 0\n", Verdict.OTHER),
    # An error response or a warning object is not a log record; a future's exception()
    # returns the exception, it records nothing.
    ("try:\n    f()\nexcept Exception as e:\n    return Response.error([str(e)], 400)\n",
     Verdict.PASSED_ON),
    ("try:\n    f()\nexcept Exception:\n    item.warn(Warning('x'))\n", Verdict.OTHER),
    ("try:\n    f()\nexcept Exception:\n    done = future.exception()\n", Verdict.OTHER),
    ("try:\n    f()\nexcept Exception as e:\n    logging.getLogger(__name__).error('x %s', e)\n",
     Verdict.LOGGED_NO_TRACEBACK),
    ("try:\n    f()\nexcept Exception:\n    self._logger.warning('x')\n",
     Verdict.LOGGED_NO_TRACEBACK),
])
def test_handler_verdicts(body: str, verdict: Verdict) -> None:
    source = "def g():\n    for _ in x:\n" + textwrap.indent(body, "        ")
    assert handler_verdict(source) is verdict


def test_broad_handlers_and_suppress_are_recorded_with_lines() -> None:
    result = facts("""
        from contextlib import suppress
        def f():
            try:
                g()
            except Exception:
                pass
            try:
                g()
            except KeyError:
                pass
            try:
                g()
            except (ValueError, BaseException) as exc:
                log.error("failed %s", exc)
            with suppress(Exception):
                g()
            with suppress(KeyError):
                g()
            try:
                g()
            except Exception:
                log.exception("failed")
    """)
    rows = sorted(result["broad_handlers"])
    assert rows == [[6, "broad", "silent"], [14, "broad", "logged-no-traceback"],
                    [16, "suppress", "silent"]]
    assert result["handlers"] == {"broad": 3, "broad-logged": 1, "narrow": 1}


def test_prints_outside_main_guard_and_cli_marker() -> None:
    result = facts("""
        def f():
            print("debug")
        if __name__ == "__main__":
            print("usage")
    """)
    assert lines(result, "prints") == [3]
    assert result["cli"] is True  # a __main__ block makes the module a script
    cli = facts("import argparse\nprint('x')\n")
    assert cli["cli"] is True and lines(cli, "prints") == [2]
    assert facts("print('x')\n")["cli"] is False


def test_print_method_calls_are_not_prints() -> None:
    assert "prints" not in facts("console.print('x')\nself.print('y')\n")


def test_logger_naming() -> None:
    result = facts("""
        import logging
        log = logging.getLogger(__name__)
        app = logging.getLogger("app")
        root = logging.getLogger()
        logging.info("root call")
        child = log.getChild("x")
        logging.getLogger().setLevel(logging.INFO)
    """)
    assert result["logs"] is True
    assert sorted(result["unnamed_loggers"]) == [[4, "literal"], [5, "root"]]
    assert result["root_log_calls"] == [[6, "logging.info()"]]
    named = facts("import logging\nlog = logging.getLogger(__name__)\nlog.info('x')\n")
    assert "unnamed_loggers" not in named and "root_log_calls" not in named


def test_asserts_skip_type_narrowing() -> None:
    result = facts("""
        def f(x, y):
            assert x is not None
            assert isinstance(y, int) and x is None
            assert x > 0, "positive"
            assert y
            if TYPE_CHECKING:
                assert y.name
            assert y.email  # For type checker
            assert y.host  # mypy: narrows Optional[str]
            assert y.port  # the port must be set here
    """)
    assert lines(result, "asserts") == [5, 6, 11]


def test_mutable_defaults() -> None:
    result = facts("""
        def f(a=[], b=(), c={}, *, d=set(), e=None, g=dict(x=1), h=frozenset()):
            pass
        lam = lambda x=[]: x
    """)
    assert sorted(result["mutable_defaults"]) == [[2, "f"], [2, "f"], [2, "f"], [2, "f"]]


def test_module_state_written_from_functions() -> None:
    result = facts("""
        CACHE = {}
        ITEMS: list[int] = []
        COUNT = 0
        CONSTANT = (1, 2)
        def remember(key, value):
            CACHE[key] = value
        def collect(x):
            ITEMS.append(x)
        def bump():
            global COUNT
            COUNT += 1
        def shadow():
            CACHE = {}
            CACHE["k"] = 1
            return CACHE
        def reads():
            return CACHE.get("k"), len(ITEMS), COUNT, CONSTANT
        def param(ITEMS):
            ITEMS.append(1)
        CACHE["module-level"] = 1
    """)
    assert sorted(result["global_writes"]) == [[7, "CACHE", "remember"],
                                               [9, "ITEMS", "collect"],
                                               [11, "COUNT", "bump"]]


def test_global_without_assignment_is_not_a_write() -> None:
    assert "global_writes" not in facts("X = 1\ndef f():\n    global X\n    return X\n")


def test_todos_only_in_comments() -> None:
    result = facts('''
        x = "TODO: not a comment"  # FIXME: this one counts
        # XXX and this
        s = """
        # TODO inside a string
        """
        # todo lower case does not count (pylint's default notes are upper case)
        # HACK: counts
    ''')
    assert result["todos"] == [[2, "FIXME"], [3, "XXX"], [8, "HACK"]]


def test_imports_instrumentation_web_flags_and_health_routes() -> None:
    result = facts("""
        from fastapi import FastAPI
        from prometheus_client import Counter
        import ldclient
        from . import sibling
        from ..core import engine
        app = FastAPI()
        @app.get("/healthz")
        def healthz():
            return {}
        @app.get("/users")
        def users():
            return []
        router.add_api_route("/ready", ready)
        urlpatterns = [path("health/", view), re_path(r"^ping/$", view), path("status/", v),
                       path("ping/<uuid:code>", api), path("/live/{id}", api)]
    """, module="svc.api.routes")
    assert result["web"] == [[2, "fastapi"]]
    assert result["apps"] == [[7, "FastAPI"]]
    assert result["instrumentation"] == [[3, "prometheus_client"]]
    assert result["flags"] == [[4, "ldclient"]]
    assert sorted(r[1] for r in result["health_routes"]) == ["/healthz", "/ready", "^ping/$",
                                                             "health/"]
    assert {"svc.api.sibling", "svc.core.engine", "svc.api"} <= set(result["imports"])


def test_tornado_route_tuples_are_routes() -> None:
    # flower's urls.py: Tornado takes (pattern, handler[, kwargs]) tuples, not decorators.
    result = facts("""
        from tornado.web import Application
        handlers = [
            (r"/", DashboardView),
            (r"/healthcheck", monitor.Healthcheck),
            (r"/api/task/(.+)", TaskInfo, {"x": 1}),
            ("/health", "not a handler"),
        ]
        app = Application(handlers)
    """, module="flower.urls")
    assert [r[1] for r in result["health_routes"]] == ["/healthcheck"]


def test_relative_imports_of_a_package_init() -> None:
    text = "from .default import Transport\nfrom .. import top\n"
    result = collect_file_facts(ast.parse(text), text, "httpx._transports", is_package=True)
    assert {"httpx._transports.default", "httpx._transports.default.Transport",
            "httpx.top"} <= set(result["imports"])


def test_pytest_markers_and_testcase() -> None:
    result = facts("""
        import pytest, unittest
        pytestmark = pytest.mark.integration
        @pytest.mark.e2e
        def test_x():
            pass
        class T(unittest.TestCase):
            pass
    """)
    assert result["markers"] == ["e2e", "integration"]
    assert result["testcase"] is True


@pytest.mark.parametrize(("source", "expected"), [
    ("revision = 'a'\ndef upgrade():\n    op.add_column()\ndef downgrade():\n    op.drop()\n",
     {"kind": "alembic", "reversible": True, "line": 4, "why": ""}),
    ("revision = 'a'\ndef upgrade():\n    op.add_column()\ndef downgrade():\n    pass\n",
     {"kind": "alembic", "reversible": False, "line": 4, "why": "downgrade() does nothing"}),
    ("revision = 'a'\ndef upgrade():\n    op.x()\ndef downgrade():\n"
     "    raise NotImplementedError()\n",
     {"kind": "alembic", "reversible": False, "line": 4, "why": "downgrade() does nothing"}),
    ("revision = 'a'\ndef upgrade():\n    op.x()\n",
     {"kind": "alembic", "reversible": False, "line": 2, "why": "no downgrade()"}),
    ("from django.db import migrations\nclass Migration(migrations.Migration):\n"
     "    operations = [migrations.RunPython(forward)]\n",
     {"kind": "django", "reversible": False, "line": 3, "why": "RunPython without a reverse"}),
    ("from django.db import migrations\nclass Migration(migrations.Migration):\n"
     "    operations = [migrations.RunPython(forward, migrations.RunPython.noop),\n"
     "                  migrations.RunSQL('x', reverse_sql='y'), migrations.AddField()]\n",
     {"kind": "django", "reversible": True, "line": 2, "why": ""}),
    ("from django.db import migrations\nclass Migration(migrations.Migration):\n"
     "    operations = [migrations.RunSQL('x', reverse_sql=None)]\n",
     {"kind": "django", "reversible": False, "line": 3, "why": "RunSQL without a reverse"}),
    ("def upgrade():\n    pass\n", None),
])
def test_migrations(source: str, expected: dict[str, Any] | None) -> None:
    assert migration_facts(ast.parse(source)) == expected


def test_code_lines_skip_blank_and_comment_lines() -> None:
    assert code_lines("x = 1\n\n# comment\n   # indented comment\ndef f():\n    pass\n") == 3


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(list("abcxyz_()[]{}:=.,'\"#\n ") + [
    "try:", "except", "Exception", "print", "assert", "global", "def ", "lambda",
    "    ", "import ", "from ", "pytest.mark.", "TODO", "return"]), max_size=80))
def test_any_parsable_source_gives_facts(pieces: list[str]) -> None:
    source = "".join(pieces)
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return
    result = collect_file_facts(tree, source, "pkg.mod")
    assert result["lines"] >= 0
    for fact in ("prints", "asserts", "broad_handlers", "global_writes", "mutable_defaults"):
        assert all(row[0] >= 1 for row in result.get(fact, []))


def test_package_logger_names_count_as_per_module() -> None:
    result = facts('import logging\nlog = logging.getLogger("httpx")\n'
                   'other = logging.getLogger("app")\n'
                   'part = logging.getLogger("paperless.search")\n', module="src.httpx._client")
    assert result["unnamed_loggers"] == [[3, "literal"]]


def test_prints_of_entry_point_functions_and_management_commands_are_cli_output() -> None:
    result = facts("def main():\n    print('usage')\ndef helper():\n    print('debug')\n")
    assert lines(result, "prints") == [4]
    command = facts("print('x')\n", module="hc.api.management.commands.prune")
    assert command["cli"] is True
