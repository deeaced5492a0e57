"""Names that mark a signal: frameworks, instrumentation, flags, test markers, health routes.

Kept apart from the detectors so that adding a library is a one-line data change.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = [
    "APP_CONSTRUCTORS",
    "ReadText",
    "CLI_MODULES",
    "FLAG_MODULES",
    "HEALTH_ROUTE",
    "INSTRUMENTATION_MODULES",
    "DRIVER_MODULES",
    "INTEGRATION_DIRS",
    "INTEGRATION_MARKERS",
    "LOGGING_MODULES",
    "MUTABLE_FACTORIES",
    "ROUTE_CALLS",
    "TODO_TAG",
    "WEB_MODULES",
    "top_module",
]

# How every detector of this package reads a repository file: repo-relative POSIX path to its
# decoded text, None when it cannot be read (missing, binary, unreadable).
ReadText = Callable[[str], str | None]

# Command-line frameworks: a module that imports one of them is command-line code, where
# print() is the product, not a stray debug line.
CLI_MODULES = frozenset({"argparse", "click", "typer", "docopt", "fire", "cleo", "plac",
                         "rich_click", "cyclopts", "optparse", "getopt"})
LOGGING_MODULES = frozenset({"logging", "structlog", "loguru", "logbook", "eliot"})
# Metrics, tracing and error-tracking clients: what makes a service's behaviour visible.
INSTRUMENTATION_MODULES = frozenset({
    "prometheus_client", "opentelemetry", "statsd", "datadog", "ddtrace", "aioprometheus",
    "prometheus_fastapi_instrumentator", "starlette_exporter", "django_prometheus",
    "prometheus_flask_exporter", "sentry_sdk", "raven", "newrelic", "elasticapm",
    "opencensus", "opentracing", "jaeger_client", "beeline", "honeycomb", "pyroscope",
    "scout_apm", "aws_xray_sdk", "logfire", "bugsnag", "rollbar", "honeybadger",
})
WEB_MODULES = frozenset({"flask", "fastapi", "starlette", "django", "aiohttp", "tornado",
                         "sanic", "falcon", "bottle", "pyramid", "quart", "litestar",
                         "connexion", "cherrypy", "werkzeug", "responder", "masonite",
                         "rest_framework", "ninja", "robyn", "blacksheep"})
FLAG_MODULES = frozenset({"ldclient", "UnleashClient", "unleash", "flagsmith", "growthbook",
                          "openfeature", "waffle", "flipper", "featureflags", "flags",
                          "configcat", "split", "splitio", "posthog", "statsig",
                          "optimizely", "gutter"})
# Calls that construct a web application: each folder that builds one is a deployable unit.
APP_CONSTRUCTORS = frozenset({"Flask", "FastAPI", "Starlette", "Quart", "Sanic", "Litestar",
                              "Bottle", "Robyn", "Configurator", "get_wsgi_application",
                              "get_asgi_application", "make_app", "create_app"})
# Decorator or call names that register a route with a literal path as first argument.
ROUTE_CALLS = frozenset({"route", "get", "head", "api_route", "add_get", "add_head",
                         "add_route", "add_api_route", "add_url_rule", "path", "re_path",
                         "url", "websocket_route", "Route"})
# Route paths of health checks: /health, /healthz, /health/ready, /ready, /livez, /ping,
# Prometheus's /-/healthy and /-/ready ...
HEALTH_ROUTE = re.compile(
    r"(?:^|[/^])(?:_|-)?(health(?:y|z|check|[-_]check)?|ready(?:z)?|readiness|live(?:z)?|"
    r"liveness|ping|heartbeat)(?:/|\$|$|\b)", re.IGNORECASE)
# Folder names and pytest markers that mark tests of the integration / end-to-end kind.
INTEGRATION_DIRS = frozenset({"integration", "integration_tests", "integrationtests", "e2e",
                              "end_to_end", "end2end", "functional", "functional_tests",
                              "acceptance", "system", "system_tests", "smoke", "live"})
INTEGRATION_MARKERS = frozenset({"integration", "e2e", "end_to_end", "functional",
                                 "acceptance", "system", "smoke", "live", "network",
                                 "docker", "slow_integration", "playwright", "selenium",
                                 "browser", "e2e_test", "webtest"})
# Libraries a test drives a real browser or real services with: such a test is end to end.
DRIVER_MODULES = frozenset({"playwright", "selenium", "splinter", "pyppeteer", "helium",
                            "testcontainers", "docker", "pytest_docker"})
MUTABLE_FACTORIES = frozenset({"list", "dict", "set", "bytearray", "defaultdict",
                               "OrderedDict", "Counter", "deque", "WeakValueDictionary",
                               "WeakKeyDictionary", "WeakSet", "ChainMap"})
# Work-left markers in comments, as pylint's fixme and flake8-fixme read them.
TODO_TAG = re.compile(r"#.*?\b(TODO|FIXME|XXX|HACK)\b")


def top_module(dotted: str) -> str:
    """Return the first component of a dotted module name."""
    return dotted.split(".", 1)[0]
