"""Signals of application source files that are not Python, read as text.

Go, JavaScript, TypeScript, Java, Kotlin, Scala, Rust and C# files are lexed with comments
blanked (:mod:`scorecard.analyzers.source_text` says why text and not syntax trees). One
file gives, with the same row shapes as the Python facts (``[line, label]``):

- ``lines``: lines holding code (not blank, not only comment); test files by their
  ecosystem's convention (``*_test.go``, ``*.test.ts``, ``src/test/java/``, ...) are read
  for this count only, for the test-code ratio;
- ``test_lines``: in Rust, the code lines of the unit-test modules kept inside the source
  file (``#[cfg(test)] mod tests { ... }``, Rust's convention), included in ``lines``;
- ``web``: imports of a web framework (net/http when the file registers handlers or serves,
  gin, echo, chi, gorilla/mux, fiber; express, fastify, koa, NestJS, hono, hapi; Spring Web,
  JAX-RS, Javalin, Micronaut, Quarkus, Vert.x; axum, actix-web, warp, rocket; ASP.NET Core);
- ``apps``: calls that build a router or application or start serving (``gin.Default()``,
  ``http.NewServeMux()``, ``express()``, ``SpringApplication.run``, ...): each folder with
  one is a deployable web unit;
- ``health_routes``: a route registered with a literal path named like health, healthz,
  ready, live or ping (``http.HandleFunc("/healthz"``, ``r.GET("/readyz"``,
  ``app.get('/healthz'``, ``@GetMapping("/health")``, ``@Path("/health")``, Go 1.22
  ``"GET /healthz"``), a gRPC health service, or a health-check library import (terminus,
  lightship, Spring Boot Actuator, MicroProfile Health, ASP.NET Core health checks);
- ``instrumentation``: imports of metrics, tracing and error-tracking clients
  (client_golang, OpenTelemetry, prom-client, Micrometer, the Prometheus Java client,
  Sentry, Datadog, New Relic, ...);
- ``structured_logging``: imports of structured logging libraries (zap, zerolog, slog,
  logrus; pino, winston, bunyan; SLF4J, Logback, Log4j 2; tracing, slog for Rust; Serilog);
- ``flags``: imports of feature-flag clients (LaunchDarkly, Unleash, OpenFeature,
  Flagsmith, GrowthBook, ...).

A match that starts inside a string literal or a comment counts for nothing. Minified or
bundled JavaScript (``*.min.js``, ``*.bundle.js``, long-lined files) and ``.d.ts``
declarations are build output and give nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from scorecard.analyzers.signals.signal_vocabulary import HEALTH_ROUTE
from scorecard.analyzers.source_text import (
    SourceText,
    is_minified,
    is_web_asset,
    language_of,
    lex,
    word,
)

__all__ = ["collect_foreign_facts", "is_foreign_source"]

MAX_ROWS = 200
# Rust's unit tests: a module compiled for tests only, possibly after other attributes.
_BRACE = re.compile(r"[{}]")
_RUST_TEST_MODULE = re.compile(r"#\[cfg\(test\)\]\s*(?:#\[[^\]]*\]\s*)*"
                               r"(?:pub(?:\([^)]*\))?\s+)?mod\s+\w+\s*\{")

_IMPORTS = {
    "go": (re.compile(word("import") + r"\s*\(([^)]*)\)"),
           re.compile(word("import") + r"\s+(?:[\w.]+\s+)?(\"[^\"\n]+\")")),
    "js": (re.compile(word("from") + r"\s*([\"'][^\"'\n]+[\"'])"),
           re.compile(word("require", "import") + r"\s*\(\s*([\"'][^\"'\n]+[\"'])\s*\)"),
           re.compile(r"(?:^|;)\s*import\s*([\"'][^\"'\n]+[\"'])", re.M)),
    "java": (re.compile(r"^\s*import\s+(?:static\s+)?([\w.]+)", re.M),),
    "rust": (re.compile(word("use") + r"\s+(?:::)?([\w:]+)"),
             re.compile(word("extern") + r"\s+crate\s+(\w+)")),
    "csharp": (re.compile(r"^\s*using\s+(?:static\s+)?([\w.]+)\s*;", re.M),),
}
_FAMILY = {"go": "go", "javascript": "js", "typescript": "js", "java": "java",
           "kotlin": "java", "scala": "java", "rust": "rust", "csharp": "csharp"}

# Import prefix -> label, per kind of fact. A prefix matches the import itself or anything
# below it (``/``, ``.`` or ``::``); npm scopes end with ``/``.
_WEB = {
    "github.com/gin-gonic/gin": "gin", "github.com/labstack/echo": "echo",
    "github.com/go-chi/chi": "chi", "github.com/gorilla/mux": "gorilla/mux",
    "github.com/gofiber/fiber": "fiber", "github.com/julienschmidt/httprouter": "httprouter",
    "express": "express", "fastify": "fastify", "koa": "koa", "@nestjs/core": "NestJS",
    "@nestjs/common": "NestJS", "hono": "hono", "@hapi/hapi": "hapi", "restify": "restify",
    "org.springframework.web": "Spring Web", "org.springframework.boot": "Spring Boot",
    "jakarta.ws.rs": "JAX-RS", "javax.ws.rs": "JAX-RS", "io.javalin": "Javalin",
    "io.micronaut.http": "Micronaut", "io.quarkus": "Quarkus", "io.vertx": "Vert.x",
    "io.ktor.server": "Ktor", "axum": "axum", "actix_web": "actix-web", "warp": "warp",
    "rocket": "rocket", "Microsoft.AspNetCore": "ASP.NET Core",
    # Full-stack frameworks whose route handlers are the server (app/api/**/route.ts).
    "next": "Next.js", "@sveltejs/kit": "SvelteKit", "@remix-run/node": "Remix",
    "@remix-run/server-runtime": "Remix", "nuxt": "Nuxt", "h3": "h3",
}
_INSTRUMENTATION = {
    "github.com/prometheus/client_golang": "client_golang",
    "go.opentelemetry.io/otel": "OpenTelemetry", "github.com/getsentry/sentry-go": "Sentry",
    "gopkg.in/DataDog/dd-trace-go": "Datadog", "github.com/DataDog/dd-trace-go": "Datadog",
    "github.com/DataDog/datadog-go": "Datadog", "go.opencensus.io": "OpenCensus",
    "github.com/newrelic/go-agent": "New Relic", "github.com/VictoriaMetrics/metrics":
    "VictoriaMetrics metrics", "github.com/uber-go/tally": "tally",
    "prom-client": "prom-client", "@opentelemetry/": "OpenTelemetry",
    "express-prom-bundle": "express-prom-bundle", "@sentry/": "Sentry", "dd-trace": "Datadog",
    "hot-shots": "StatsD", "newrelic": "New Relic", "elastic-apm-node": "Elastic APM",
    "io.micrometer": "Micrometer", "io.prometheus": "Prometheus Java client",
    "io.opentelemetry": "OpenTelemetry", "io.sentry": "Sentry", "datadog.trace": "Datadog",
    "com.newrelic": "New Relic", "prometheus": "prometheus", "opentelemetry": "OpenTelemetry",
    "metrics_exporter_prometheus": "metrics", "sentry": "Sentry",
    "Prometheus": "prometheus-net", "OpenTelemetry": "OpenTelemetry",
}
_LOGGING = {
    "go.uber.org/zap": "zap", "github.com/rs/zerolog": "zerolog", "log/slog": "slog",
    "github.com/sirupsen/logrus": "logrus", "github.com/go-kit/log": "go-kit log",
    "github.com/go-logr/logr": "logr", "github.com/charmbracelet/log": "charmbracelet/log",
    "pino": "pino", "winston": "winston", "bunyan": "bunyan", "@nestjs/common/services/logger":
    "NestJS Logger", "org.slf4j": "SLF4J", "ch.qos.logback": "Logback",
    "org.apache.logging.log4j": "Log4j 2", "net.logstash.logback": "logstash-logback",
    "tracing": "tracing", "slog": "slog", "log": "log", "Serilog": "Serilog",
    "Microsoft.Extensions.Logging": "Microsoft.Extensions.Logging",
}
_FLAGS = {
    "github.com/launchdarkly/go-server-sdk": "LaunchDarkly",
    "github.com/Unleash/unleash-client-go": "Unleash", "github.com/open-feature/go-sdk":
    "OpenFeature", "github.com/Flagsmith/flagsmith-go-client": "Flagsmith",
    "launchdarkly-node-server-sdk": "LaunchDarkly", "@launchdarkly/": "LaunchDarkly",
    "unleash-client": "Unleash", "@openfeature/": "OpenFeature",
    "flagsmith-nodejs": "Flagsmith", "@growthbook/": "GrowthBook",
    "com.launchdarkly": "LaunchDarkly", "io.getunleash": "Unleash",
    "dev.openfeature": "OpenFeature", "com.flagsmith": "Flagsmith", "org.ff4j": "FF4J",
    "io.split": "Split", "com.configcat": "ConfigCat", "unleash_api_client": "Unleash",
    "open_feature": "OpenFeature",
}
_HEALTH_LIBRARIES = {
    "@godaddy/terminus": "terminus", "@nestjs/terminus": "NestJS terminus",
    "lightship": "lightship", "github.com/heptiolabs/healthcheck": "healthcheck",
    "github.com/alexliesenfeld/health": "health", "github.com/hellofresh/health-go":
    "health-go",
    # Not google.golang.org/grpc/health: a prober or client imports grpc_health_v1 to ask
    # others; a server registers the service (RegisterHealthServer, health.NewServer).
    "org.springframework.boot.actuate": "Spring Boot Actuator",
    "org.eclipse.microprofile.health": "MicroProfile Health",
    "io.smallrye.health": "SmallRye Health", "grpc.health.v1": "gRPC health",
    # ASP.NET Core: its health checks and gRPC's health service, by C# namespace.
    "Microsoft.Extensions.Diagnostics.HealthChecks": "ASP.NET Core health checks",
    "Microsoft.AspNetCore.Diagnostics.HealthChecks": "ASP.NET Core health checks",
    "Grpc.Health.V1": "gRPC health", "Grpc.HealthCheck": "gRPC health",
}
# Crate names that are common words elsewhere (a Go package "log" is not structured logging).
_RUST_ONLY = frozenset({"tracing", "slog", "log", "prometheus", "opentelemetry", "sentry",
                        "metrics_exporter_prometheus", "axum", "actix_web", "warp", "rocket",
                        "unleash_api_client", "open_feature"})
# A base path before a route's literal: joined with + (``*routePrefix+"/-/ready"``, Go's
# flag pointers dereferenced) or by a join call (``path.Join(*routePrefix, "/-/healthy")``).
_BASE_PATH = (r"(?:\*?[\w.]+\s*\+\s*|(?:path|filepath|url)\.Join(?:Path)?\(\s*\*?[\w.]+\s*,\s*"
              r"|fmt\.Sprintf\(\s*)?")
# Route registrations with a literal path; the path must start with '/' unless it is an
# annotation (NestJS' @Get('health') and @Controller('health') omit it).
# The receiver starts a word, or the match starts where a run of spaces does: the engine
# does not retry it from inside every name or every run of blanks (which cost the square
# of the run's length).
_ROUTE_CALL = re.compile(
    r"(?<!\w)(?:(?=\w)|(?<!\s))(\w*)\s*\.(?:HandleFunc|Handle|GET|HEAD|Get|Head|Any|Method|"
    r"get|head|all|route|Route|Path|Handler|use)\(\s*" + _BASE_PATH +
    r"([\"'`])((?:[A-Z]+\s+)?/[^\"'`\n]*)\2")
# What every route call has (found fast, from a literal): most files have none. A base
# path may come first, joined to the literal (baseUrl+"/_healthz").
_ROUTE_CALL_HINT = re.compile(
    r"\.(?:HandleFunc|Handle|GET|HEAD|Get|Head|Any|Method|get|head|all|route|Route|Path|"
    r"Handler|use)\(\s*" + _BASE_PATH + r"[\"'`]")
# Fastify's and Hapi's route objects: fastify.route({ method: "GET", url: "/health", ... }).
_ROUTE_OBJECT = re.compile(r"\.route\(\s*\{[^{}]*?\b(?:url|path):\s*([\"'`])(/[^\"'`\n]*)\1")
# Receivers of such calls that are HTTP clients: a GET sent to a health route serves none.
_CLIENTS = frozenset({"http", "axios", "client", "httpclient", "request", "requests", "got",
                      "superagent", "ky", "resty", "resttemplate", "webclient", "agent",
                      "supertest", "fetch", "api_client", "apiclient"})
_ROUTE_ANNOTATION = re.compile(
    r"@(?:Get|Request|Head)Mapping\(\s*(?:(?:value|path)\s*=\s*)?\{?\s*\"([^\"\n]+)\""
    r"|@(?:Path|Get|Controller|Head)\(\s*[\"']([^\"'\n]+)[\"']")
_GRPC_HEALTH = re.compile(word("RegisterHealthServer(", "health.NewServer(") + "|"
                          + word("HealthGrpc", "HealthStatusManager") + r"\b")
# controller-runtime's probe server (kubebuilder and operator-sdk operators): the manager
# serves /healthz and /readyz on HealthProbeBindAddress.
_PROBE_SERVER = re.compile(word("AddHealthzCheck(", "AddReadyzCheck("))
_APPS = {
    "go": re.compile(word("gin.Default", "gin.New", "echo.New", "chi.NewRouter", "mux.NewRouter",
                          "fiber.New", "http.NewServeMux", "http.ListenAndServe",
                          "http.ListenAndServeTLS", "httprouter.New") + r"\("),
    "js": re.compile(r"(?:" + word("express", "fastify", "Fastify", "NestFactory.create") + r"|"
                     + word("new") + r"\s+(?:Koa|Hono|Hapi\.Server))\s*\("),
    "java": re.compile(word("SpringApplication.run(", "runApplication<", "Javalin.create(",
                            "embeddedServer(", "Micronaut.run(", "Quarkus.run(")),
    "rust": re.compile(word("HttpServer::new", "Router::new", "axum::serve", "warp::serve",
                            "rocket::build") + r"\b"),
    "csharp": re.compile(word("WebApplication.CreateBuilder(")),
}
_GO_HTTP_SERVER = re.compile(word("http") + r"\.(?:HandleFunc|Handle|ListenAndServe(?:TLS)?|"
                             r"NewServeMux|Server)\b")


def is_foreign_source(path: str) -> bool:
    """Return True for a source file in a language this module reads (not Python).

    JavaScript under front-end asset folders (static/, public/, dist/, ...) is served to
    browsers, often as third-party copies: not the service's code.
    """
    return language_of(path) in _FAMILY and not is_web_asset(path)


def _imports(src: SourceText, family: str) -> list[tuple[int, str]]:
    """Return (offset, imported module or package) of the file's imports."""
    found: list[tuple[int, str]] = []
    for index, pattern in enumerate(_IMPORTS.get(family, ())):
        for match in pattern.finditer(src.code):
            if src.in_string(match.start()):
                continue
            if family == "go" and index == 0:  # an import block: one quoted path a line
                for quoted in re.finditer(r"\"([^\"\n]+)\"", match.group(1)):
                    found.append((match.start(1) + quoted.start(), quoted.group(1)))
            else:
                found.append((match.start(1), match.group(1).strip("\"'")))
    return found


def _label(module: str, table: dict[str, str], family: str) -> str | None:
    """Return the label of the longest table prefix ``module`` is, or is below.

    A prefix matches the whole module, or a part of it that ends where a ``/``, ``.`` or
    ``::`` follows; a prefix ending with ``/`` (an npm scope) matches any module it starts.
    The module's own prefixes are looked up, longest first (not every entry of the table).
    """
    for prefix in _prefixes(module):
        label = table.get(prefix)
        if label is not None and (family == "rust" or prefix not in _RUST_ONLY):
            return label
    return None


@lru_cache(maxsize=8192)
def _prefixes(module: str) -> tuple[str, ...]:
    """Return the prefixes a table entry may be for ``module``, longest first.

    Remembered: each import is looked up in several tables, and a repository's files
    import the same modules over and over.
    """
    found = [module]
    for end in range(len(module) - 1, 0, -1):
        if module[end] in "/." or module.startswith("::", end):
            found.append(module[:end])
        if module[end - 1] == "/":
            found.append(module[:end])
    return tuple(sorted(set(found), key=len, reverse=True))


def _rows(src: SourceText, imports: Iterable[tuple[int, str]], table: dict[str, str],
          family: str) -> list[list[Any]]:
    rows: list[list[Any]] = []
    seen: set[str] = set()
    for offset, module in imports:
        label = _label(module, table, family)
        if label is not None and label not in seen:
            seen.add(label)
            rows.append([src.line(offset), label])
    return rows[:MAX_ROWS]


def _route(pattern: re.Pattern[str], match: re.Match[str]) -> str:
    """Return the path a route registration names, or '' for an HTTP client's request."""
    if pattern is _ROUTE_OBJECT:
        return match.group(2)
    if pattern is not _ROUTE_CALL:
        return match.group(1) or match.group(2)
    client = match.group(1).lower() in _CLIENTS and not match.group(0).startswith(
        ("http.Handle", "http.HandleFunc"))
    return "" if client else match.group(3)


def _route_rows(src: SourceText) -> list[list[Any]]:
    """Return [line, route] of routes registered with a literal health-like path."""
    rows: list[list[Any]] = []
    calls = _ROUTE_CALL_HINT.search(src.code) is not None
    for pattern in (_ROUTE_CALL, _ROUTE_ANNOTATION, _ROUTE_OBJECT):
        if pattern is _ROUTE_CALL and not calls:
            continue
        for match in pattern.finditer(src.code):
            route = "" if src.in_string(match.start()) else _route(pattern, match)
            # Go 1.22 patterns carry the method first: "GET /healthz".
            if route.strip() and HEALTH_ROUTE.search(route.split()[-1]):
                rows.append([src.line(match.start()), route])
    return rows


def _health_routes(src: SourceText, imports: list[tuple[int, str]], family: str
                   ) -> list[list[Any]]:
    rows = _route_rows(src)
    grpc = next((m for m in _GRPC_HEALTH.finditer(src.code) if not src.in_string(m.start())),
                None)
    if grpc is not None:
        rows.append([src.line(grpc.start()), "gRPC health service"])
    probes = next((m for m in _PROBE_SERVER.finditer(src.code) if not src.in_string(m.start())),
                  None)
    if probes is not None:
        rows.append([src.line(probes.start()), "controller-runtime healthz/readyz probes"])
    rows.extend(_rows(src, imports, _HEALTH_LIBRARIES, family))
    return sorted(rows)[:MAX_ROWS]


def _apps(src: SourceText, family: str) -> list[list[Any]]:
    pattern = _APPS.get(family)
    if pattern is None:
        return []
    return [[src.line(m.start()), m.group().rstrip("(<").strip()]
            for m in pattern.finditer(src.code) if not src.in_string(m.start())][:MAX_ROWS]


def _web(src: SourceText, imports: list[tuple[int, str]], family: str) -> list[list[Any]]:
    """Web framework imports; Go's net/http only where the file registers handlers or serves."""
    web = _rows(src, imports, _WEB, family)
    if family == "go" and any(m == "net/http" for _, m in imports):
        served = next((m for m in _GO_HTTP_SERVER.finditer(src.code)
                       if not src.in_string(m.start())), None)
        if served is not None:
            web.append([src.line(served.start()), "net/http"])
    return sorted(web)


def collect_foreign_facts(path: str, text: str) -> dict[str, Any]:
    """Return the signals facts of one non-Python source file as plain JSON values."""
    language = language_of(path)
    if language not in _FAMILY or is_minified(path, text):
        return {"lines": 0}  # build output (a bundle, minified code, type declarations)
    src = lex(text, language)
    family = _FAMILY[language]
    imports = _imports(src, family)
    result: dict[str, Any] = {
        "language": language,
        "lines": src.code_lines(),
        "web": _web(src, imports, family),
        "apps": _apps(src, family),
        "health_routes": _health_routes(src, imports, family),
        "instrumentation": _rows(src, imports, _INSTRUMENTATION, family),
        "structured_logging": _rows(src, imports, _LOGGING, family),
        "flags": _rows(src, imports, _FLAGS, family),
        "test_lines": _inline_test_lines(src) if family == "rust" else 0,
    }
    return {key: value for key, value in result.items() if value or key == "lines"}


def _inline_test_lines(src: SourceText) -> int:
    """Return the code lines of the ``#[cfg(test)] mod name { ... }`` blocks of a Rust file.

    The search resumes after each block, so every character is read once: a file of
    unbalanced braces costs a pass, not a pass per module.
    """
    lines = 0
    position = 0
    while (match := _RUST_TEST_MODULE.search(src.code, position)) is not None:
        if src.in_string(match.start()):
            position = match.end()
            continue
        end = _block_end(src, match.end() - 1)
        lines += sum(1 for line in src.code[match.start():end].splitlines() if line.strip())
        position = end
    return lines


def _block_end(src: SourceText, opening: int) -> int:
    """Return the offset after the brace that closes the one at ``opening`` (or the end)."""
    depth = 0
    for brace in _BRACE.finditer(src.code, opening):
        if src.in_string(brace.start()):
            continue
        depth += 1 if brace.group() == "{" else -1
        if depth == 0:
            return brace.end()
    return len(src.code)
