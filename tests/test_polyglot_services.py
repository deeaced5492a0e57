"""Services written in Go, JavaScript/TypeScript and Java get their operability measured.

A small Go service with runbooks, Prometheus rules, a Dockerfile and CI running ``go test``
(and smaller Node and Java services) must have its CI, health route and container build
measured, its env reads and flags counted, no documented variable it reads called stale,
and the project kind guessed as service. Commented-out reads and names in tests are not
reads.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from scorecard import api
from scorecard.analyzers.overrides.per_file.foreign_code import extract_foreign
from scorecard.analyzers.overrides.per_file.records import OverrideKey
from scorecard.analyzers.signals.ci_commands import command_runs_tests
from scorecard.analyzers.signals.foreign_facts import collect_foreign_facts
from scorecard.analyzers.source_text import lex
from scorecard.facts.overrides_facts import OverridesFacts
from scorecard.facts.signals_facts import SignalsFacts
from scorecard.model import CheckResult, CheckStatus, Report
from tests.gitrepo import GitRepo
from tests.overrides_support import env_names, measurement, required_env, scan_tree

NOW = datetime(2026, 6, 1, tzinfo=UTC)

GO_MAIN = """\
package main

import (
\t"database/sql"
\t"flag"
\t"log/slog"
\t"net/http"
\t"os"

\t"github.com/prometheus/client_golang/prometheus/promhttp"
)

func main() {
\tlisten := flag.String("listen", ":8080", "address to serve on")
\tflag.Parse()
\t// os.Getenv("LEGACY_DSN") was the old name; DATABASE_URL replaced it.
\tdsn := os.Getenv("DATABASE_URL")
\tdb, err := sql.Open("postgres", dsn)
\tif err != nil {
\t\tslog.Error("open database", "err", err)
\t\tos.Exit(1)
\t}
\tdefer db.Close()
\thttp.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
\t\tw.WriteHeader(http.StatusOK)
\t})
\thttp.Handle("/metrics", promhttp.Handler())
\tslog.Info("serving", "listen", *listen)
\tif err := http.ListenAndServe(*listen, nil); err != nil {
\t\tslog.Error("serve", "err", err)
\t}
}
"""
GO_TEST = """\
package main

import (
\t"os"
\t"testing"
)

func TestMain(t *testing.T) {
\t_ = os.Getenv("FIXTURE_ONLY_URL")
}
"""
GO_CI = """\
name: ci
on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-go@v5
      - run: go test ./...
"""
RULES = """\
groups:
  - name: orders
    rules:
      - alert: OrdersHighErrorRate
        expr: sum(rate(http_requests_total{code=~"5.."}[5m]))
          / sum(rate(http_requests_total[5m])) > 0.05
        for: 10m
        labels:
          severity: page
        annotations:
          summary: More than 5% of requests fail
          runbook_url: runbooks/OrdersHighErrorRate.md
"""
RUNBOOK = """\
# OrdersHighErrorRate

## Meaning

More than 5% of requests fail for 10 minutes.

## Impact

Customers cannot place orders.

## Diagnosis

Check that `DATABASE_URL` points at the primary and that the database answers.

## Mitigation

Fail over to the replica, then restart the service.
"""
README = """\
# orders

The orders service.

## Configuration

| Variable | Meaning |
| --- | --- |
| `DATABASE_URL` | PostgreSQL connection string |
| `FIXTURE_ONLY_URL` | Used by the tests |

Start it with `orders --listen :8080`.
"""
DOCKERFILE = """\
FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN go build -o /orders .

FROM gcr.io/distroless/base
COPY --from=build /orders /orders
ENTRYPOINT ["/orders"]
"""


def go_service() -> dict[str, str]:
    """The Go service of the bar: main.go, tests, CI, Dockerfile, docs, runbook, rules."""
    return {
        "main.go": GO_MAIN,
        "main_test.go": GO_TEST,
        "go.mod": "module example.com/orders\n\ngo 1.22\n\nrequire "
                  "github.com/prometheus/client_golang v1.19.0\n",
        "go.sum": "github.com/prometheus/client_golang v1.19.0 h1:abc=\n"
                  "github.com/prometheus/client_golang v1.19.0/go.mod h1:def=\n",
        "Dockerfile": DOCKERFILE,
        ".github/workflows/ci.yml": GO_CI,
        "README.md": README,
        "runbooks/OrdersHighErrorRate.md": RUNBOOK,
        "alerts/orders.yml": RULES,
    }


NODE_APP = """\
import express from "express";
import client from "prom-client";
import pino from "pino";

const log = pino();
const { REDIS_URL, PORT = "3000" } = process.env;
const apiKey = process.env["PAYMENT_API_KEY"];
const timeout = process.env.UPSTREAM_TIMEOUT_MS || "2000";

const app = express();
app.get("/healthz", (req, res) => res.send("ok"));
app.get("/metrics", async (req, res) => res.send(await client.register.metrics()));
app.listen(Number(PORT), () => log.info({ REDIS_URL, apiKey, timeout }, "listening"));
"""
NODE_PACKAGE = """\
{
  "name": "payments",
  "private": true,
  "scripts": {"start": "node dist/app.js", "test": "vitest run"},
  "dependencies": {"express": "^4.19.0", "prom-client": "^15.1.0", "pino": "^9.0.0"}
}
"""
NODE_CI = GO_CI.replace("actions/setup-go@v5", "actions/setup-node@v4").replace(
    "go test ./...", "npm ci && npm test")


def node_service() -> dict[str, str]:
    """An Express service in TypeScript with process.env reads and npm test in CI."""
    return {
        "src/app.ts": NODE_APP,
        "src/app.test.ts": 'test("env", () => { process.env.ONLY_IN_TESTS = "1"; });\n',
        "package.json": NODE_PACKAGE,
        "package-lock.json": '{"name": "payments", "lockfileVersion": 3}\n',
        "Dockerfile": "FROM node:20\nCOPY . .\nRUN npm ci\nCMD [\"node\", \"dist/app.js\"]\n",
        ".github/workflows/ci.yml": NODE_CI,
        "README.md": "# payments\n\n## Configuration\n\n- `REDIS_URL`: the cache\n"
                     "- `PAYMENT_API_KEY`: the provider's key\n"
                     "- `UPSTREAM_TIMEOUT_MS`: default 2000\n- `PORT`: default 3000\n",
    }


JAVA_APP = """\
package com.example.billing;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@SpringBootApplication
@RestController
public class BillingApplication {
    @Value("${BILLING_DB_URL}")
    private String databaseUrl;

    @Value("${INVOICE_BATCH_SIZE:100}")
    private int batchSize;

    private final String region = System.getenv("BILLING_REGION");

    public static void main(String[] args) {
        SpringApplication.run(BillingApplication.class, args);
    }

    @GetMapping("/invoices")
    public String invoices() {
        return "[]";
    }
}
"""
POM = """\
<project>
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.example</groupId>
  <artifactId>billing</artifactId>
  <version>1.0.0</version>
  <dependencies>
    <dependency>
      <groupId>org.springframework.boot</groupId>
      <artifactId>spring-boot-starter-web</artifactId>
      <version>3.3.0</version>
    </dependency>
    <dependency>
      <groupId>org.springframework.boot</groupId>
      <artifactId>spring-boot-starter-actuator</artifactId>
      <version>3.3.0</version>
    </dependency>
    <dependency>
      <groupId>io.micrometer</groupId>
      <artifactId>micrometer-registry-prometheus</artifactId>
      <version>1.13.0</version>
    </dependency>
  </dependencies>
</project>
"""


def java_service() -> dict[str, str]:
    """A Spring Boot service: @Value and System.getenv, actuator, mvn verify in CI."""
    return {
        "src/main/java/com/example/billing/BillingApplication.java": JAVA_APP,
        "src/main/resources/application.yml": "spring:\n  datasource:\n"
                                              "    password: ${BILLING_DB_PASSWORD}\n",
        "src/test/java/com/example/billing/BillingTest.java":
            'class BillingTest { String x = System.getenv("TEST_ONLY_TOKEN"); }\n',
        "pom.xml": POM,
        "Dockerfile": "FROM eclipse-temurin:21\nCOPY target/billing.jar /app.jar\n"
                      "ENTRYPOINT [\"java\", \"-jar\", \"/app.jar\"]\n",
        ".github/workflows/ci.yml": GO_CI.replace("actions/setup-go@v5",
                                                  "actions/setup-java@v4").replace(
            "go test ./...", "./mvnw -B verify"),
        "README.md": "# billing\n\n## Configuration\n\n`BILLING_DB_URL`, "
                     "`BILLING_DB_PASSWORD`, `BILLING_REGION` and `INVOICE_BATCH_SIZE` "
                     "(default 100).\n",
    }


def scan(repo: GitRepo, files: dict[str, str]) -> Report:
    """Commit the files and scan the repository (history skipped: one commit says little)."""
    repo.commit(files, message="service")
    return api.scan(repo.root, now=NOW, environ={"SCORECARD_SKIP_ANALYZERS": "history"},
                    flags={"cache": False})


def checks(report: Report) -> dict[str, CheckResult]:
    """Every check of the report, measured or not, by id."""
    return {c.id: c for p in report.pillars for c in (*p.checks, *p.skipped)}


def facts(report: Report) -> tuple[OverridesFacts, SignalsFacts]:
    """The overrides and signals facts of the report."""
    overrides, signals = report.details["overrides"], report.details["signals"]
    assert isinstance(overrides, OverridesFacts) and isinstance(signals, SignalsFacts)
    return overrides, signals


def practice(signals: SignalsFacts, name: str) -> bool:
    """Whether the automation practice ``name`` is present."""
    return next(p.present for p in signals.practices if p.name == name)


@pytest.fixture(scope="module")
def go_report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    """The Go service, committed and scanned once for the tests that read its report."""
    return scan(GitRepo.create(tmp_path_factory.mktemp("go") / "repo"), go_service())


GO_PASSING = ("operability.ci-runs-tests", "operability.health-endpoint",
              "operability.instrumentation", "operability.config-env-documented",
              "operability.config-stale-env-docs", "operability.dashboards-alerts")


@pytest.mark.parametrize("check_id", GO_PASSING)
def test_go_service_checks_are_measured_and_pass(go_report: Report, check_id: str) -> None:
    check = checks(go_report)[check_id]
    assert check.status is CheckStatus.PASS, (check.status, check.reason)


def test_go_service_automation_is_measured_with_its_container_and_lock(
        go_report: Report) -> None:
    automation = checks(go_report)["operability.automation"]
    assert automation.status is not CheckStatus.NOT_APPLICABLE, automation.reason
    _, signals = facts(go_report)
    assert signals.kind == "service"
    assert practice(signals, "container_build") and practice(signals, "locked_dependencies")
    assert practice(signals, "ci_runs_tests")
    assert signals.other_languages["go"].files == 1
    assert signals.structured_logging == ("slog",)
    assert signals.instrumentation == ("client_golang",)
    assert not [p for p in go_report.problems if p.analyzer in ("overrides", "signals", "parse")]


def test_go_service_reads_and_options_are_counted(go_report: Report) -> None:
    overrides, _ = facts(go_report)
    assert overrides.kind == "service", overrides.kind_reason
    assert [(r.name, r.first, r.sources) for r in overrides.env] == [
        ("DATABASE_URL", "main.go:17", ("os.Getenv",))]
    assert overrides.cli == ("--listen",)
    assert overrides.sources == {"cli": 1, "env": 1}
    assert not [s for s in overrides.stale if s.name == "DATABASE_URL"]
    assert "DATABASE_URL" not in overrides.excused  # read by the app itself: nothing to excuse


def test_go_service_names_only_tests_read_are_not_reads(go_report: Report) -> None:
    overrides, _ = facts(go_report)
    names = {row.name for row in overrides.env}
    assert "LEGACY_DSN" not in names  # commented out
    assert "FIXTURE_ONLY_URL" not in names  # read only by main_test.go
    # The README documents a name only the tests read: stale for the product.
    assert [s.name for s in overrides.stale] == ["FIXTURE_ONLY_URL"]


def test_node_service_has_its_operability_measured(git_repo: GitRepo) -> None:
    report = scan(git_repo, node_service())
    by_id = checks(report)
    for check_id in ("operability.ci-runs-tests", "operability.health-endpoint",
                     "operability.instrumentation", "operability.config-env-documented"):
        assert by_id[check_id].status is CheckStatus.PASS, (check_id, by_id[check_id].reason)
    overrides, signals = facts(report)
    assert overrides.kind == "service"
    rows = {row.name: row for row in overrides.env}
    assert set(rows) == {"REDIS_URL", "PORT", "PAYMENT_API_KEY", "UPSTREAM_TIMEOUT_MS"}
    assert rows["UPSTREAM_TIMEOUT_MS"].default == '"2000"'
    assert rows["PORT"].default == '"3000"'
    assert practice(signals, "locked_dependencies") and practice(signals, "container_build")
    assert signals.web_framework == ("express",)


def test_java_service_has_its_operability_measured(git_repo: GitRepo) -> None:
    report = scan(git_repo, java_service())
    by_id = checks(report)
    for check_id in ("operability.ci-runs-tests", "operability.health-endpoint",
                     "operability.instrumentation", "operability.config-env-documented",
                     "operability.config-required-env-documented"):
        assert by_id[check_id].status is CheckStatus.PASS, (check_id, by_id[check_id].reason)
    health = by_id["operability.health-endpoint"]
    assert "spring-boot-starter-actuator" in health.reason
    overrides, signals = facts(report)
    assert overrides.kind == "service"
    rows = {row.name: row for row in overrides.env}
    assert set(rows) == {"BILLING_DB_URL", "INVOICE_BATCH_SIZE", "BILLING_REGION",
                         "BILLING_DB_PASSWORD"}
    assert rows["BILLING_DB_URL"].required and not rows["INVOICE_BATCH_SIZE"].required
    assert rows["INVOICE_BATCH_SIZE"].default == "100"
    assert practice(signals, "locked_dependencies")  # exact versions in pom.xml


# ---- the readers on their own ----------------------------------------------------------


def keys(path: str, text: str) -> list[tuple[str, str]]:
    """(kind, name) of every override key one file reads."""
    return [(row[0], row[1]) for row in extract_foreign(path, text).get("keys", [])]


def test_go_comments_and_strings_are_not_reads() -> None:
    text = ('package main\n// x := os.Getenv("IN_LINE_COMMENT")\n/* os.Getenv("IN_BLOCK")\n'
            '*/\nvar help = "set os.Getenv(\\"IN_STRING\\") first"\n'
            'var raw = `os.Getenv("IN_RAW")`\nvar real = os.Getenv("REAL_ONE")\n')
    assert keys("cmd/app/main.go", text) == [("env", "REAL_ONE")]


def test_go_struct_tags_viper_and_flag_sets() -> None:
    text = """package config
type Config struct {
\tPort int    `env:"PORT" envDefault:"8080"`
\tDSN  string `env:"DSN,required"`
\tMode string `envconfig:"mode" default:"fast"`
\tKey  string `mapstructure:"api_key"`
}
func load() {
\tenvconfig.Process("orders", &c)
\tviper.SetEnvPrefix("ORD")
\tviper.AutomaticEnv()
\tviper.BindEnv("token", "ORDERS_TOKEN")
\t_ = viper.GetString("cache.ttl")
\tfs := flag.NewFlagSet("serve", flag.ExitOnError)
\tfs.IntVar(&c.Workers, "workers", 4, "worker count")
\tcmd.Flags().StringVarP(&c.Region, "region", "r", "eu", "region")
}
"""
    result = extract_foreign("internal/config/config.go", text)
    rows = {row[1]: row for row in result["keys"]}
    assert set(rows) == {"PORT", "DSN", "ORDERS_MODE", "ORDERS_TOKEN", "ORD_CACHE_TTL",
                         "--workers", "--region"}
    assert rows["PORT"][5] == "8080" and not rows["PORT"][4]
    assert rows["DSN"][4]  # ,required
    assert rows["ORDERS_MODE"][5] == "fast"
    assert "cli" in result["markers"]


def test_viper_reads_every_bound_flag_from_the_environment() -> None:
    # podinfo's pattern: flags on a FlagSet, bound to viper, read from PODINFO_* through
    # viper.Unmarshal (no viper.Get of each): every flag is an env read too.
    text = """package main
func main() {
\tfs := pflag.NewFlagSet("default", pflag.ContinueOnError)
\tfs.String("ui-color", "#34577c", "UI color")
\tfs.Int("port", 9898, "HTTP port")
\tviper.BindPFlags(fs)
\tviper.SetEnvPrefix("PODINFO")
\tviper.SetEnvKeyReplacer(strings.NewReplacer("-", "_"))
\tviper.AutomaticEnv()
}
"""
    names = {row[1] for row in extract_foreign("cmd/podinfo/main.go", text)["keys"]}
    assert {"--ui-color", "--port", "PODINFO_UI_COLOR", "PODINFO_PORT"} <= names
    # Without AutomaticEnv the environment is not read for them.
    unbound = text.replace("\tviper.AutomaticEnv()\n", "")
    assert "PODINFO_PORT" not in {row[1] for row in
                                  extract_foreign("cmd/podinfo/main.go", unbound)["keys"]}


@pytest.mark.parametrize(("path", "text", "expected"), [
    ("src/a.js", "const u = process.env.API_URL; // process.env.OLD\n", ["API_URL"]),
    ("src/a.js", "const k = process.env['API_KEY'] ?? 'x';\n", ["API_KEY"]),
    ("src/a.ts", "const { A_ONE, B_TWO: b = 2 } = process.env;\n", ["A_ONE", "B_TWO"]),
    ("src/a.js", "const s = 'process.env.NOT_READ';\nconst r = /process.env.NOPE/;\n", []),
    ("src/a.ts", "const t = `${process.env.IN_TEMPLATE}`;\n", ["IN_TEMPLATE"]),
    ("src/A.java", '// System.getenv("COMMENTED")\nString s = System.getenv("JAVA_ONE");\n',
     ["JAVA_ONE"]),
    ("src/A.java", '@Value("${db.url}") String u; @Value("${SHAPED:x}") String v;\n',
     ["SHAPED"]),
    ("src/main.rs", 'let p = std::env::var("RUST_PORT"); // env::var("NO")\n', ["RUST_PORT"]),
    ("src/P.cs", 'var x = Environment.GetEnvironmentVariable("CS_ONE");\n', ["CS_ONE"]),
    ("main.go", 'var l = app.Flag("listen", "a").Envar("AM_LISTEN").String()\n', ["AM_LISTEN"]),
    ("main.go", 'cli.BoolFlag{Name: "debug", EnvVars: []string{"APP_DEBUG", "DEBUG"}}\n',
     ["APP_DEBUG", "DEBUG"]),
    ("src/config.rs", "#[derive(Parser)]\npub struct Config {\n    /// The database\n"
     "    #[clap(long, env)]\n    pub database_url: String,\n    #[arg(short)]\n    v: bool,\n}"
     "\nfn main() { env_logger::init(); }\n", ["DATABASE_URL", "RUST_LOG"]),
    ("config/app.rb", "url = ENV['DB_URL'] # ENV['COMMENTED']\nk = ENV.fetch(\"KEY\")\n"
     "s = 'ENV[\"QUOTED\"]'\n", ["DB_URL", "KEY"]),
    ("config/koel.php", "<?php\n#[Attr]\nreturn ['ai' => env('AI_ENABLED', false), "
     "'h' => getenv(\"DB_HOST\"), 'e' => $_ENV['APP_ENV']]; // env('NO')\n# env('NO2')\n",
     ["AI_ENABLED", "DB_HOST", "APP_ENV"]),
])
def test_env_reads_per_language(path: str, text: str, expected: list[str]) -> None:
    assert [name for kind, name in keys(path, text) if kind == "env"] == expected


@pytest.mark.parametrize(("path", "text", "expected"), [
    ("bin/cli.js", "program.option('-p, --port <n>', 'port').requiredOption('--token <t>');\n",
     ["--port", "--token"]),
    ("bin/cli.js", "const yargs = require('yargs');\nyargs.option('verbose', {});\n",
     ["--verbose"]),
    ("src/Cli.java", '@Option(names = {"-w", "--workers"}, description = "n") int w;\n',
     ["--workers"]),
    ("src/main.rs", '#[arg(long = "listen", env = "APP_LISTEN")]\n', ["--listen"]),
    ("main.go", 'var l = kingpin.Flag("web.listen-address", "a").Envar("AM_LISTEN").String()\n',
     ["--web.listen-address"]),
    ("main.go", '&cli.StringFlag{Name: "port", EnvVars: []string{"APP_PORT"}},\n', ["--port"]),
    ("src/config.rs", "#[arg(long, env)]\nhmac_key: String,\n#[arg(short)]\nv: bool,\n",
     ["--hmac-key"]),
])
def test_command_line_options_per_language(path: str, text: str, expected: list[str]) -> None:
    assert [name for kind, name in keys(path, text) if kind == "cli"] == expected


def test_spring_property_placeholders_are_names_in_code_not_reads() -> None:
    result = extract_foreign("src/A.java", '@Value("${app.cache-ttl}") int ttl;\n')
    assert "keys" not in result
    assert result["names_in_code"] == ["APP_CACHE_TTL"]  # relaxed binding's env form


def test_documented_spring_relaxed_name_is_not_stale(tmp_path: Path) -> None:
    output = scan_tree(tmp_path, {
        "src/main/java/App.java": '@Value("${app.cache-ttl}") int ttl;\n',
        "README.md": "## Configuration\n\n| Variable | Meaning |\n| --- | --- |\n"
                     "| `APP_CACHE_TTL` | how long the cache keeps entries |\n",
    })
    assert measurement(output, "stale_documented").value == 0.0
    assert env_names(output) == set()


@pytest.mark.parametrize(("path", "text", "route"), [
    ("main.go", 'r := gin.Default()\nr.GET("/readyz", ready)\n', "/readyz"),
    ("main.go", 'mux.HandleFunc("GET /livez", live)\n', "GET /livez"),
    ("src/app.js", "fastify.get('/health', async () => 'ok')\n", "/health"),
    ("src/app.js", "fastify.route({ method: 'GET', url: '/livez', handler })\n", "/livez"),
    ("src/app.js", "server.route({ method: 'GET', path: '/healthz', handler })\n", "/healthz"),
    ("src/H.java", '@GetMapping(value = "/health")\npublic String h() {}\n', "/health"),
    ("src/health.controller.ts", "@Controller('health')\nexport class H {}\n", "health"),
    ("main.go", 'r.HandleFunc(baseUrl+"/_healthz", h)\n', "/_healthz"),  # a base path first
    ("src/app.js", "router.get(cfg.prefix + '/ready', ready)\n", "/ready"),
    # Prometheus's conventions, under a route prefix flag (a pointer) or joined to it
    ("main.go", 'r.Get(*routePrefix+"/-/healthy", h)\n', "/-/healthy"),
    ("main.go", 'http.HandleFunc(path.Join(*routePrefix, "/-/ready"), r)\n', "/-/ready"),
    # A kubebuilder operator's manager serves the probes
    ("cmd/main.go", 'mgr.AddHealthzCheck("healthz", healthz.Ping)\n',
     "controller-runtime healthz/readyz probes"),
])
def test_health_routes_per_framework(path: str, text: str, route: str) -> None:
    rows = collect_foreign_facts(path, text).get("health_routes", [])
    assert [row[1] for row in rows] == [route]


@pytest.mark.parametrize(("path", "text"), [
    ("main.go", 'package main\n// http.HandleFunc("/healthz", h)\nhttp.HandleFunc("/orders", o)\n'),
    ("main.go", 'package main\nresp, err := http.Get("/healthz")\n'),  # a client's request
    ("src/poll.ts", 'const r = await axios.get("/readyz");\nlog("app.get(\'/healthz\')");\n'),
    # A prober asks other servers for their gRPC health: it serves none.
    ("prober/grpc.go", 'package prober\nimport "google.golang.org/grpc/health/grpc_health_v1"\n'
                       "func p(c grpc_health_v1.HealthClient) {}\n"),
])
def test_commented_quoted_or_client_health_routes_are_not_routes(path: str, text: str) -> None:
    assert "health_routes" not in collect_foreign_facts(path, text)


@pytest.mark.parametrize(("command", "runs"), [
    ("go test ./...", True), ("npm test", True), ("pnpm test", True), ("yarn test", True),
    ("npx jest --ci", True), ("npx vitest run", True), ("mvn -B verify", True),
    ("./mvnw test", True), ("mvn -B install", True), ("mvn -B install -DskipTests", False),
    ("./gradlew test", True), ("gradle check", True), ("./gradlew build -x test", False),
    ("./gradlew :app:integrationTest", True), ("cargo test --all", True),
    ("make test", True), ("tox -e py312", True), ("nox -s tests", True),
    ("mvn -B compile", False), ("npm ci", False), ("echo go test", False),
    ("behave features/run.feature", True), ("chainsaw test --test-dir ./tests/e2e", True),
    ("kubectl kuttl test", True), ("godog run", True),
])
def test_ci_commands_of_every_ecosystem(command: str, runs: bool) -> None:
    assert command_runs_tests(command) is runs


def test_lexer_keeps_line_numbers_and_string_spans() -> None:
    src = lex('a := 1 /* two\nlines */ + f("x")\n', "go")
    assert src.code.count("\n") == 2 and "two" not in src.code
    offset = src.code.index('"x"')
    assert src.in_string(offset) and not src.in_string(offset - 2)
    assert src.line(offset) == 2


def test_go_library_and_go_cli_kinds(tmp_path: Path) -> None:
    library = scan_tree(tmp_path / "lib", {
        "go.mod": "module example.com/lib\n", "parse.go": "package lib\nfunc Parse() {}\n"})
    assert library.details["kind"] == "library"
    tool = scan_tree(tmp_path / "cli", {
        "go.mod": "module example.com/tool\n",
        "main.go": 'package main\nimport "flag"\nfunc main() {\n'
                   '\tn := flag.Int("count", 1, "how many")\n\tflag.Parse()\n\t_ = n\n}\n'})
    assert tool.details["kind"] == "cli"


def test_compose_names_read_by_go_or_consumed_by_other_images_are_not_stale(
        tmp_path: Path) -> None:
    compose = ("services:\n  app:\n    build: .\n    environment:\n"
               "      DATABASE_URL: postgres://db/orders\n      UNUSED_KNOB: '1'\n"
               "  db:\n    image: postgres:16\n    environment:\n"
               "      POSTGRES_PASSWORD: secret\n")
    output = scan_tree(tmp_path, {**go_service(), "compose.yaml": compose})
    stale = {row["name"] for row in output.details["stale"]}
    assert stale == {"FIXTURE_ONLY_URL", "UNUSED_KNOB"}  # set for our image, read by nobody
    assert "POSTGRES_PASSWORD" in output.details["excused"]


@pytest.mark.parametrize("path", ["static/app.min.js", "public/vendor.bundle.js",
                                  "types/env.d.ts"])
def test_bundles_and_declarations_are_not_read(path: str) -> None:
    text = "const u = process.env.BUNDLED_URL; app.get('/healthz', h);\n"
    assert "keys" not in extract_foreign(path, text)
    assert collect_foreign_facts(path, text) == {"lines": 0}


def test_a_long_lined_file_is_minified() -> None:
    text = "var a=process.env.MINIFIED_URL;" * 1000
    assert "keys" not in extract_foreign("static/app.js", text)


def test_go_tests_count_for_the_test_code_ratio(go_report: Report) -> None:
    ratio = checks(go_report)["evolvability.test-code-ratio"]
    assert ratio.status is not CheckStatus.NOT_APPLICABLE
    assert "(1 test module)" in ratio.reason  # main_test.go, by Go's convention


RUST_LIB = """\
/// Parses a level.
pub fn parse(s: &str) -> Option<u8> {
    if s == "{" { return None; }
    s.parse().ok()
}

#[cfg(test)]
#[allow(unused)]
mod tests {
    use super::*;

    #[test]
    fn parses() {
        assert_eq!(parse("1"), Some(1));
        assert_eq!(parse("}"), None);
    }
}
"""


def test_rust_unit_tests_inside_the_source_file_count_as_tests(git_repo: GitRepo) -> None:
    # Rust keeps unit tests in a #[cfg(test)] module of the file they test: they are test
    # code, not application code, and the crate has tests.
    git_repo.commit({"Cargo.toml": '[package]\nname = "lvl"\nversion = "0.1.0"\n',
                     "src/lib.rs": RUST_LIB})
    report = api.scan(git_repo.root, now=NOW, environ={}, flags={"cache": False})
    ratio = checks(report)["evolvability.test-code-ratio"]
    assert ratio.reason.endswith("10 lines of tests (1 test module) for 4 lines of "
                                 "application code"), ratio.reason
    assert collect_foreign_facts("src/lib.rs", RUST_LIB)["test_lines"] == 10


CSHARP_CART = """\
using Grpc.Health.V1;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddGrpcHealthChecks();
var app = builder.Build();
app.MapGrpcService<HealthServiceImpl>();
app.Run();
"""


def test_unbalanced_rust_test_modules_are_read_in_one_pass() -> None:
    # Every module opens a brace nothing closes: each block runs to the end of the file, and
    # the search must resume there rather than scan to the end once per module.
    text = "#[cfg(test)]\nmod t {\n" * 20_000
    facts = collect_foreign_facts("src/lib.rs", text)
    assert facts["test_lines"] == facts["lines"] == 40_000


def test_an_aspnet_core_service_with_health_checks_has_a_health_endpoint(
        git_repo: GitRepo) -> None:
    # ASP.NET Core registers its health checks through its own namespaces, not a route
    # literal: they are the service's health endpoint.
    git_repo.commit({"src/cart/Program.cs": CSHARP_CART,
                     "src/cart/cart.csproj": "<Project Sdk=\"Microsoft.NET.Sdk.Web\" />\n",
                     "src/cart/Dockerfile": "FROM mcr.microsoft.com/dotnet/aspnet:8.0\n"})
    report = api.scan(git_repo.root, now=NOW, environ={}, flags={"cache": False})
    health = checks(report)["operability.health-endpoint"]
    assert health.score == 10.0, health.reason


def test_other_languages_integration_tests_by_folder_or_name() -> None:
    from scorecard.analyzers.signals.repo_measures import other_integration
    tests = {"orders_integration_test.go": 5, "web/e2e/checkout.spec.ts": 9,
             "src/test/java/com/acme/OrdersIT.java": 7, "src/test/java/com/acme/Units.java": 3,
             "pkg/edit_test.go": 4,
             # a Java package named system is no system-test suite
             "src/test/java/org/app/system/CrashControllerTests.java": 2}
    assert other_integration(tests) == ["orders_integration_test.go",
                                        "src/test/java/com/acme/OrdersIT.java",
                                        "web/e2e/checkout.spec.ts"]


def test_end_to_end_suites_by_their_runner_features_or_cargo_tests() -> None:
    from scorecard.analyzers.signals.repo_measures import suite_integration
    paths = ["frontend/playwright.config.ts", "frontend/tests/login.spec.ts",
             "features/pull_request.feature", "features/steps.rb", "cypress.config.js",
             "Cargo.toml", "tests/tests.rs", "crates/cli/Cargo.toml", "crates/cli/tests/it.rs",
             "crates/core/tests/data.rs", "examples/demo/playwright.config.ts",
             "src/tests.rs"]
    assert suite_integration(["end-to-end-test.sh", "tests/integration/targets/a/tasks/main.yml",
                              "integration/notes.md", "tests/unit/test_a.py",
                              "test/app_web/live/page_live_test.exs"]) == [
        "end-to-end-test.sh", "tests/integration/targets/a/tasks/main.yml"]
    # crates/core has no Cargo.toml beside its tests/ folder; examples are samples.
    assert suite_integration(paths) == [
        "crates/cli/tests/it.rs", "cypress.config.js", "features/pull_request.feature",
        "frontend/playwright.config.ts", "tests/tests.rs"]


def test_a_playwright_suite_is_an_end_to_end_test(git_repo: GitRepo) -> None:
    git_repo.commit({"backend/app/main.py": "def main():\n    return 1\n",
                     "backend/tests/test_main.py": "def test_main():\n    assert True\n",
                     "frontend/playwright.config.ts": "export default {}\n",
                     "frontend/tests/login.spec.ts": "test('login', async () => {});\n"})
    report = api.scan(git_repo.root, now=NOW, environ={}, flags={"cache": False})
    integration = checks(report)["operability.integration-tests"]
    assert integration.score == 10.0 and "frontend/playwright.config.ts" in integration.reason


def test_test_data_and_front_end_assets_are_not_read(tmp_path: Path) -> None:
    from scorecard.analyzers.path_roles import is_test_code
    from scorecard.analyzers.signals.foreign_facts import is_foreign_source
    assert is_test_code("pkg/parse_test.go") and is_test_code("web/__tests__/a.test.ts")
    assert not is_test_code("pkg/testdata/input.go") and not is_test_code("fixtures/app.js")
    assert not is_foreign_source("app/static/js/jquery.js")
    output = scan_tree(tmp_path, {
        "app/static/js/site.js": "const u = process.env.BUNDLER_ONLY;\n",
        "server/index.js": "const p = process.env.SERVER_PORT;\n"})
    assert env_names(output) == {"SERVER_PORT"}


def test_a_source_analyzer_gets_trees_for_python_and_text_for_other_languages() -> None:
    from scorecard.filescan.outcomes import PARSE_KEY
    from scorecard.filescan.worker import _analyze_content
    names = ("overrides", "signals")
    go = _analyze_content(("main.go", GO_MAIN.encode(), names, {}, 0.0))
    assert PARSE_KEY not in go
    assert go["overrides"]["language"] == "go" and go["signals"]["language"] == "go"
    broken = _analyze_content(("app/broken.py", b"def (:\n", names, {}, 0.0))
    assert PARSE_KEY in broken and "overrides" not in broken


def test_go_env_struct_tags_are_a_settings_class_source(tmp_path: Path) -> None:
    output = scan_tree(tmp_path, {
        "go.mod": "module example.com/app\n",
        "config.go": 'package app\ntype Config struct {\n\tPort int `env:"APP_PORT"`\n}\n'})
    assert output.details["sources"] == {"settings class": 1}


def test_build_files_show_actuator_and_micrometer_but_not_in_comments() -> None:
    from scorecard.analyzers.signals.build_files import build_signals
    files = {
        "pom.xml": POM,
        "legacy/pom.xml": "<!-- <artifactId>spring-boot-starter-actuator</artifactId> -->\n",
        "app/build.gradle.kts": 'implementation("io.micrometer:micrometer-registry-otlp")\n',
        "src/main/resources/application.properties": "management.endpoints.web.exposure."
                                                     "include=health\n",
        "examples/pom.xml": "<artifactId>spring-boot-starter-actuator</artifactId>\n",
    }
    found = build_signals(sorted(files), files.get)
    assert [e.split()[0] for e in found.health] == [
        "pom.xml:14", "src/main/resources/application.properties:1"]
    assert [e.split()[0] for e in found.instrumentation] == ["app/build.gradle.kts:1",
                                                             "pom.xml:19"]


def test_prisma_schema_env_reads_and_gradle_lint_plugins(tmp_path: Path) -> None:
    schema = ('datasource db {\n  provider = "postgresql"\n  // url = env("OLD_URL")\n'
              '  url      = env("DATABASE_URL")\n}\n')
    assert keys("src/prisma/schema.prisma", schema) == [("env", "DATABASE_URL")]
    from scorecard.analyzers.signals.automation import detect_automation
    files = {"build.gradle": 'plugins {\n  id "com.diffplug.spotless" version "6.2.1"\n}\n'}
    lint = next(p for p in detect_automation(sorted(files), files.get).practices
                if p.name == "lint_config")
    assert lint.present and lint.evidence == ("build.gradle:2",)


def test_spring_keys_and_spring_variables_documented_are_not_stale(tmp_path: Path) -> None:
    output = scan_tree(tmp_path, {
        "src/main/java/App.java": "@SpringBootApplication class App {}\n",
        "src/main/resources/application.yml": "server:\n  port: 8080\n",
        "README.md": "## Configuration\n\n| Variable | Meaning |\n| --- | --- |\n"
                     "| `SERVER_PORT` | the port |\n| `SPRING_PROFILES_ACTIVE` | profiles |\n"
                     "| `GONE_SETTING` | removed |\n",
    })
    assert {row["name"] for row in output.details["stale"]} == {"GONE_SETTING"}
    assert "Spring Boot" in output.details["excused"]["SPRING_PROFILES_ACTIVE"]


@pytest.mark.parametrize(("text", "required", "default"), [
    ("ENV.fetch('PORT')", True, None), ("ENV.fetch('PORT', '8080')", False, "8080"),
    ("ENV.fetch('PORT') { 8080 }", False, None), ("ENV['PORT']", False, None),
    ("ENV.fetch('PORT', nil)", False, "nil"),
])
def test_ruby_fetch_without_a_default_is_required(text: str, required: bool,
                                                  default: str | None) -> None:
    rows = extract_foreign("config/puma.rb", text + "\n")["keys"]
    key = OverrideKey.from_row(rows[0])
    assert (key.name, key.required, key.default) == ("PORT", required, default)


def test_a_validated_environment_schema_reads_its_keys(tmp_path: Path) -> None:
    # T3 Env reads each key of its server/client objects; envsafe each key of its object.
    t3 = ('import { createEnv } from "@t3-oss/env-core";\nimport { z } from "zod";\n'
          "export const env = createEnv({\n  server: {\n    AUTH_SECRET: z.string(),\n"
          "    AUTH_URL: z.string().url().optional(),\n"
          '    LOG_LEVEL: z.enum(["info", "debug"]).default("info"),\n  },\n'
          "  client: { NEXT_PUBLIC_SITE: z.string() },\n  runtimeEnv: process.env,\n"
          "  skipValidation: !!process.env.CI,\n});\n")
    safe = ("export const env = envsafe({\n  API_KEY: str(),\n"
            "  PORT: port({ devDefault: 3000 }),\n});\n")
    output = scan_tree(tmp_path, {"packages/auth/env.ts": t3, "server/env.js": safe})
    assert env_names(output) >= {"AUTH_SECRET", "AUTH_URL", "LOG_LEVEL", "NEXT_PUBLIC_SITE",
                                 "API_KEY", "PORT"}
    required = required_env(output)
    assert {"AUTH_SECRET", "API_KEY"} <= required
    assert not {"AUTH_URL", "LOG_LEVEL"} & required


def test_a_python_only_measurement_beside_go_says_it_reads_python_only(
        git_repo: GitRepo) -> None:
    # A Go operator with a Python UI: print() and assert counts describe the UI alone.
    ui = "".join(f"def handler{i}(x):\n    assert x\n    return x\n\n\n" for i in range(40))
    git_repo.commit({"cmd/operator/main.go": GO_MAIN, "go.mod": "module example.com/op\n",
                     "ui/app.py": ui, "Dockerfile": "FROM golang\n"})
    report = api.scan(git_repo.root, now=NOW, environ={}, flags={"cache": False})
    for check_id in ("operability.logging-not-print", "operability.runtime-asserts"):
        reason = checks(report)[check_id].reason
        assert "; Python only (1 application file in Go is not measured)" in reason, reason


def test_a_sliver_of_python_beside_java_is_not_measured_as_the_application(
        git_repo: GitRepo) -> None:
    # A four-line tools.py beside a Spring service: its asserts, prints and docstrings are
    # not the service's.
    java = ("package app;\n\npublic class Owner {\n  private String name;\n"
            "  public String getName() { return name; }\n}\n") * 30
    git_repo.commit({"src/main/java/app/Owner.java": java, "pom.xml": "<project/>\n",
                     "tools.py": "def f(x):\n    assert x\n    return x\n"})
    report = api.scan(git_repo.root, now=NOW, environ={}, flags={"cache": False})
    for check_id in ("operability.runtime-asserts", "simplicity.docstring-coverage"):
        check = checks(report)[check_id]
        assert check.value is None, (check_id, check.reason)
        assert check.reason.startswith("Python is 1 % of the application's source (the rest: "
                                       "Java 1 file)"), check.reason


@pytest.mark.parametrize(("instruction", "score"), [
    ("HEALTHCHECK --interval=60s CMD ./fetchstatus.py", 10.0),
    ("HEALTHCHECK NONE", 0.0),  # turns the base image's check off
])
def test_a_dockerfile_healthcheck_is_health_evidence(git_repo: GitRepo, instruction: str,
                                                     score: float) -> None:
    # The image's HEALTHCHECK probes /api/v3/status/ through a script: the route is not
    # named like health; the check is declared where the platform reads it.
    app = ("from flask import Flask\n\napp = Flask(__name__)\n\n\n"
           "@app.route('/api/v3/status/')\ndef status():\n    return 'OK'\n")
    git_repo.commit({"hc/app.py": app,
                     "docker/Dockerfile": f"FROM python:3.12\nCMD uwsgi\n{instruction}\n"})
    report = api.scan(git_repo.root, now=NOW, environ={}, flags={"cache": False})
    health = checks(report)["operability.health-endpoint"]
    assert health.score == score, health.reason


def test_python_tests_and_setup_beside_java_give_no_docstring_coverage(
        git_repo: GitRepo) -> None:
    # kafka-streams-examples: setup.py and one Python test module beside 117 Java files.
    java = "package app;\n\npublic class Sum {\n  int sum(int a, int b) { return a + b; }\n}\n"
    git_repo.commit({"src/main/java/app/Sum.java": java * 10,
                     "setup.py": "from setuptools import setup\n\nsetup(name='x')\n",
                     "test/test_sum.py": "def test_sum():\n    assert 1 + 1 == 2\n"})
    report = api.scan(git_repo.root, now=NOW, environ={}, flags={"cache": False})
    check = checks(report)["simplicity.docstring-coverage"]
    assert check.value is None and check.reason.startswith("Python is 0 %"), check.reason


def test_a_kingpin_flags_default_is_its_env_variables_default() -> None:
    text = ('var (\n\tpath = kingpin.Flag("web.telemetry-path", "Path.").Default("/metrics")'
            '.Envar("PG_EXPORTER_WEB_TELEMETRY_PATH").String()\n'
            '\tdsn = kingpin.Flag("dsn", "DSN.").Envar("DATA_SOURCE_NAME").String()\n)\n')
    result = extract_foreign("cmd/main.go", text)
    defaults = {row[1]: row[5] for row in result["keys"] if row[0] == "env"}
    assert defaults == {"PG_EXPORTER_WEB_TELEMETRY_PATH": "/metrics", "DATA_SOURCE_NAME": None}


def test_env_reads_through_a_go_or_typescript_helper(tmp_path: Path) -> None:
    helper = ("package config\n\nimport \"os\"\n\n"
              "func getEnv(key, fallback string) string {\n"
              "\tif v, ok := os.LookupEnv(key); ok {\n\t\treturn v\n\t}\n\treturn fallback\n}\n\n"
              "func mustGetenv(k string) string {\n\tv := os.Getenv(k)\n"
              "\tif v == \"\" {\n\t\tpanic(k)\n\t}\n\treturn v\n}\n")
    main = ("package main\n\nfunc main() {\n\tport := getEnv(\"PORT\", \"8080\")\n"
            "\tdsn := mustGetenv(\"DATABASE_URL\")\n\tt.Run(\"NOT_AN_ENV_READ\", nil)\n"
            "\t_, _ = port, dsn\n}\n")
    ts_helper = ("export function getRequiredEnv(key: string): string {\n"
                 "  const value = Deno.env.get(key);\n  if (!value) throw new Error(key);\n"
                 "  return value;\n}\n")
    ts_user = ('import { getRequiredEnv } from "./get_required_env.ts";\n'
               'export const clientId = getRequiredEnv("GITHUB_CLIENT_ID");\n')
    output = scan_tree(tmp_path, {
        "internal/config/env.go": helper, "cmd/api/main.go": main,
        "lib/get_required_env.ts": ts_helper, "lib/github.ts": ts_user})
    assert {"PORT", "DATABASE_URL", "GITHUB_CLIENT_ID"} <= env_names(output)
    assert "NOT_AN_ENV_READ" not in env_names(output)
    # A helper named for it fails without the variable; one given a fallback does not.
    assert {"DATABASE_URL", "GITHUB_CLIENT_ID"} <= required_env(output)
    assert "PORT" not in required_env(output)


@pytest.mark.parametrize(("files", "source"), [
    ({"pkg/setting/setting.go": 'package setting\n\nimport "github.com/go-ini/ini"\n\n'
                                'func Setup() {\n\tcfg, _ := ini.Load("conf/app.ini")\n'
                                '\t_ = cfg\n}\n'}, "conf/app.ini"),
    ({"cmd/root.go": 'package cmd\n\nfunc init() {\n\tviper.SetConfigName("config")\n'
                     '\tviper.ReadInConfig()\n}\n'}, "config"),
    ({"src/main/resources/application.yml": "server:\n  port: 8080\n",
      "src/main/java/App.java": "class App {}\n"}, "application.yml"),
    ({"src/app.ts": 'import config from "config";\nexport const port = config.get("port");\n'},
     "config/"),
])
def test_configuration_files_other_languages_load(tmp_path: Path, files: dict[str, str],
                                                  source: str) -> None:
    output = scan_tree(tmp_path, files)
    surface = measurement(output, "override_sources")
    assert "config file" in surface.note, surface.note
    assert source in output.details["config_files"], output.details["config_files"]


def test_an_operator_serving_probes_is_a_web_service_with_a_health_endpoint(
        git_repo: GitRepo) -> None:
    main = ("package main\n\nimport ctrl \"sigs.k8s.io/controller-runtime\"\n\nfunc main() {\n"
            "\tmgr, _ := ctrl.NewManager(cfg, ctrl.Options{HealthProbeBindAddress: \":8081\"})\n"
            "\tmgr.AddHealthzCheck(\"healthz\", healthz.Ping)\n"
            "\tmgr.AddReadyzCheck(\"readyz\", healthz.Ping)\n}\n")
    git_repo.commit({"cmd/main.go": main, "go.mod": "module example.com/op\n\ngo 1.22\n",
                     "Dockerfile": "FROM gcr.io/distroless/static\nCOPY manager /\n"
                                   "ENTRYPOINT [\"/manager\"]\nEXPOSE 8081\n"})
    report = api.scan(git_repo.root, now=NOW, environ={}, flags={"cache": False})
    health = checks(report)["operability.health-endpoint"]
    assert health.score == 10.0, health.reason


def test_keys_of_a_schema_the_whole_environment_is_validated_against(tmp_path: Path) -> None:
    joi = ("const Joi = require('joi');\nconst envVarsSchema = Joi.object()\n  .keys({\n"
           "    NODE_ENV: Joi.string().valid('production', 'development').required(),\n"
           "    PORT: Joi.number().default(3000),\n"
           "    MONGODB_URL: Joi.string().required().description('Mongo DB url'),\n"
           "    SMTP_HOST: Joi.string().description('mail relay'),\n  })\n  .unknown();\n"
           "const { value: envVars } = envVarsSchema.validate(process.env);\n"
           "module.exports = { port: envVars.PORT };\n")
    envalid = ("import { cleanEnv, str, port } from 'envalid';\n"
               "export const env = cleanEnv(process.env, {\n  API_KEY: str(),\n"
               "  LISTEN_PORT: port({ default: 8080 }),\n});\n")
    # A schema nothing validates the environment against reads nothing.
    plain = "const schema = Joi.object().keys({ LOOKS_LIKE_ENV: Joi.string() });\n"
    output = scan_tree(tmp_path, {"src/config/config.js": joi, "web/env.ts": envalid,
                                  "src/other.js": plain})
    assert env_names(output) >= {"PORT", "MONGODB_URL", "SMTP_HOST", "API_KEY", "LISTEN_PORT"}
    assert "LOOKS_LIKE_ENV" not in env_names(output)
    # NODE_ENV is a system name: the run mode frameworks set.
    assert required_env(output) == {"MONGODB_URL", "API_KEY"}


def test_tests_that_drive_a_browser_or_containers_and_qualified_suite_folders_are_e2e() -> None:
    from scorecard.analyzers.signals.repo_measures import suite_integration
    from scorecard.analyzers.signals.testsuite import PytestConfig, find_tests
    paths = ["tests/test_playwright.py", "tests/conftest.py", "tests/test_unit.py",
             "tests/test_kafka.py"]
    layout = find_tests(paths, PytestConfig(), {},
                        {"tests/test_playwright.py": ["playwright.sync_api"],
                         "tests/test_kafka.py": ["docker", "aiokafka"],
                         "tests/test_unit.py": ["app"]})
    assert layout.integration == ("tests/test_kafka.py (drives docker)",
                                  "tests/test_playwright.py (drives playwright)")
    assert suite_integration(["tests/e2e-chainsaw/v1/setup/chainsaw-test.yaml",
                              "tests/unit/test_a.py", "src/e2e_helpers.go"]) == [
        "tests/e2e-chainsaw/v1/setup/chainsaw-test.yaml"]
