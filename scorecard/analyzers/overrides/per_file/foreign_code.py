"""The per-file step for source files that are not Python: env reads, flags, service markers.

Read as text with comments blanked (see :mod:`scorecard.analyzers.source_text` for why text
and not syntax trees); a match that starts inside a string literal is not code. The rules:

Environment reads (``KeyKind.ENV``):

- Go: ``os.Getenv("X")``, ``os.LookupEnv("X")``, ``syscall.Getenv("X")`` (optional: an unset
  variable reads as empty); struct tags ``env:"X"`` (caarlos0/env: ``,required`` makes it
  required, ``envDefault:"v"`` is the default) and ``envconfig:"x"`` (kelseyhightower/
  envconfig: upper-cased and prefixed by the literal prefix of ``envconfig.Process`` in the
  same file; ``default:"v"``, ``required:"true"``); viper: ``viper.BindEnv("key", "X")``
  names X, ``viper.BindEnv("key")`` and, after ``viper.AutomaticEnv()``, every literal key of
  ``viper.Get*("a.b")`` read as ``PREFIX_A_B`` (``SetEnvPrefix``'s literal, ``.`` and ``-``
  as ``_``, as ``SetEnvKeyReplacer`` is commonly set), and with ``viper.BindPFlags`` in the
  same file every flag it defines, read the same way (``--ui-color`` as
  ``PREFIX_UI_COLOR``). ``mapstructure`` tags name config-file keys, not environment
  names, and are not env reads;
- JavaScript and TypeScript: ``process.env.X``, ``process.env["X"]``, ``Bun.env.X``,
  ``import.meta.env.X``, ``Deno.env.get("X")``, ``const { X, Y = 1 } = process.env``; a
  ``|| "v"`` or ``?? "v"`` right after a read is its default;
- Java, Kotlin and Scala: ``System.getenv("X")``, ``System.getenv().get("X")``, ``sys.env("X")``;
  Spring ``@Value("${X}")`` (required) and ``@Value("${X:default}")``, when the placeholder
  is an environment-shaped name; a property placeholder such as ``${db.url}`` is recorded
  only as a name in code in its relaxed-binding env form (``DB_URL``), which a doc may use;
- Spring configuration files (``application*.properties|yml|yaml``, ``bootstrap*``):
  ``${X}`` and ``${X:default}`` placeholders of environment-shaped names; the keys such a
  file sets are names in code in their relaxed-binding env form (``server.port`` ->
  ``SERVER_PORT``), so a doc naming that form is not stale;
- Prisma schemas (``*.prisma``): ``env("X")`` (required: Prisma fails without it);
- Rust: ``env::var("X")``, ``env::var_os("X")``; clap's ``env = "X"`` and ``.env("X")``,
  and a derived field's bare ``env`` (``#[arg(long, env)] database_url`` reads
  DATABASE_URL); RUST_LOG when ``env_logger`` or ``EnvFilter`` is set up from the
  environment's defaults;
- C#: ``Environment.GetEnvironmentVariable("X")``;
- Ruby: ``ENV["X"]`` and ``ENV.key?("X")`` (optional), ``ENV.fetch("X")`` (required: it
  raises when unset) unless a default or a block follows (``ENV.fetch("X", "v")``);
- PHP: ``getenv("X")``, ``$_ENV["X"]`` and Laravel's ``env("X", default)`` (optional).

Command-line options (``KeyKind.CLI``, recorded as ``--name``): Go ``flag``/``pflag`` and
cobra (``flag.String("name", ...)``, ``fs.IntVar(&v, "name", ...)`` on a ``flag.NewFlagSet``,
``cmd.Flags().StringVarP(&v, "name", "n", ...)``), kingpin (``app.Flag("name", ...)``, whose
``.Envar("X")`` is an env read) and urfave/cli (``cli.StringFlag{Name: "port", EnvVars:
[]string{"PORT"}}``); commander (``.option("-p, --port <n>")``,
``.requiredOption``, ``new Option``) and yargs (``.option("port", ...)`` in a file that uses
yargs); picocli ``@Option(names = {"-p", "--port"})``; clap ``long = "name"``, ``.long("name")``.

Markers for the project-kind guess: ``service`` when the file starts a server or builds a
web application (``http.ListenAndServe``, ``gin.Default()``, ``express()``, ``fastify()``,
``SpringApplication.run``, ``HttpServer::new``, ...), ``cli`` when it parses a command line
with one of the libraries above.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from scorecard.analyzers.overrides.per_file.foreign_wrappers import extract_env_helpers
from scorecard.analyzers.overrides.per_file.records import KeyKind, OverrideKey
from scorecard.analyzers.source_text import (
    SourceText,
    is_minified,
    is_web_asset,
    language_of,
    lex,
    word,
)

__all__ = ["SPRING_CONFIG", "extract_foreign", "foreign_language"]

_NAME = r"([A-Za-z_][A-Za-z0-9_]*)"
_ENV_SHAPED = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$")
_MULTI_WORD_ENV = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$")
_MAX_ROWS = 500
# Spring Boot's externalised configuration files.
SPRING_CONFIG = re.compile(r"(?:^|/)(?:application|bootstrap)(?:-[\w.-]+)?\.(?:properties|ya?ml)$")
_PROPERTY_KEY = re.compile(r"^\s*([A-Za-z][\w.\-\[\]]*)\s*[=:]")
_YAML_KEY = re.compile(r"^(\s*)([A-Za-z][\w.\-]*):(?:\s|$)")
_PLACEHOLDER = re.compile(r"\$\{([A-Za-z_][\w.\-]*)(?::([^}]*))?\}")

_GO_ENV = re.compile(word("os", "syscall") + r"\.(Getenv|LookupEnv)\(\s*\"" + _NAME + "\"")
_GO_TAG_ENV = re.compile(r"(?<![\w-])env:\"([A-Za-z_][A-Za-z0-9_]*)((?:,[\w=]+)*)\"")
_GO_TAG_ENVCONFIG = re.compile(r"(?<![\w-])envconfig:\"([A-Za-z_][A-Za-z0-9_]*)\"")
_GO_TAG_DEFAULT = re.compile(r"(?<![\w-])(?:envDefault|default):\"([^\"]*)\"")
_GO_TAG_REQUIRED = re.compile(r"(?<![\w-])required:\"true\"")
_ENVCONFIG_PREFIX = re.compile(word("envconfig") + r"\.(?:Process|MustProcess)\(\s*\"([\w]*)\"")
_VIPER_BIND = re.compile(word("viper") + r"\.BindEnv\(\s*\"([\w.\-]+)\""
                         r"((?:\s*,\s*\"[A-Za-z_]\w*\")*)\s*\)")
_VIPER_PREFIX = re.compile(word("viper") + r"\.SetEnvPrefix\(\s*\"(\w+)\"")
_VIPER_GET = re.compile(word("viper") + r"\.Get\w*\(\s*\"([\w.\-]+)\"")
# Configuration files a Go program loads: viper's (SetConfigFile("x"), SetConfigName("x"),
# ReadInConfig), go-ini's ini.Load("conf/app.ini"), BurntSushi/toml's DecodeFile, koanf's
# file.Provider("x"). The operator overrides settings by editing or replacing the file.
_GO_CONFIG_FILE = re.compile(
    word("viper", "ini", "toml", "file") + r"\.(?:SetConfigFile|SetConfigName|Load|DecodeFile"
    r"|Provider)\(\s*\"([^\"\n]{1,200})\"")
_GO_CONFIG_READ = re.compile(word("viper") + r"\.ReadInConfig\(")
# node-config (require("config") / import config from "config") reads config/<env>.json.
_NODE_CONFIG = re.compile(r"(?:require\(\s*|from\s+)[\"']config[\"']")
_GO_FLAG_METHOD = (r"(?:String|Bool|Int|Int64|Int32|Uint|Uint64|Float64|Float32|Duration|"
                   r"Count|IP|IPNet|StringSlice|StringArray|IntSlice|StringToString|Var|Func|"
                   r"TextVar|BoolFunc|BytesHex|BytesBase64)(?:Var)?P?")
_GO_FLAGSET = re.compile(r"\b(\w+)\s*:?=\s*(?:flag|pflag)\.NewFlagSet\(")
# kingpin: app.Flag("web.listen-address", ...).Envar("LISTEN"); urfave/cli: a
# cli.StringFlag{Name: "port", EnvVars: []string{"PORT"}} literal (EnvVar: "PORT" in v1).
_KINGPIN_FLAG = re.compile(r"\.Flag\(\s*\"([A-Za-z][\w.-]*)\"")
_KINGPIN_ENV = re.compile(r"\.Envar\(\s*\"" + _NAME + r"\"")
_URFAVE_FLAG = re.compile(word("cli") + r"\.\w*Flag\s*\{((?:[^{}]|\{[^{}]*\})*)\}")
_URFAVE_NAME = re.compile(r"\bName:\s*\"([A-Za-z][\w.-]*)\"")
_URFAVE_ENV = re.compile(r"\bEnvVars?:\s*(?:\[\]string\s*\{([^}]*)\}|(\"[^\"]*\"))")
_COBRA = re.compile(word("cobra") + r"\.Command\b|" + word("urfave") + r"/cli\b|"
                    + word("kingpin") + r"\.")

_JS_ENV = (
    re.compile(word("process.env", "Bun.env", "import.meta.env") + r"\.([A-Za-z_$][\w$]*)"),
    re.compile(word("process.env", "Bun.env", "import.meta.env") + r"\[\s*([\"'`])" + _NAME
               + r"\1\s*\]"),
    re.compile(word("Deno.env.get") + r"\(\s*([\"'`])" + _NAME + r"\1"),
)
_JS_SOURCE = re.compile(r"process\.env|Bun\.env|import\.meta\.env|Deno\.env")
_JS_DEFAULT = re.compile(r"\)?\s*(?:\|\||\?\?)\s*(\"[^\"\n]*\"|'[^'\n]*'|`[^`\n]*`|[\d.]+)")
_JS_DESTRUCTURE = re.compile(r"\{([^{}]*)\}\s*=\s*(?:process\.env|Bun\.env)\b")
# Validated-environment schemas: T3 Env's createEnv and envsafe's envsafe.
# Literal first, as every whole-file pattern here (a leading \b makes re try each offset).
_CREATE_ENV = re.compile(r"(createEnv|envsafe)\s*\(\s*\{")
_SCHEMA_BLOCK = re.compile(r"(?:server|client|shared)\s*:\s*\{")
_SCHEMA_KEY = re.compile(r"(?:^|[{,])\s*([A-Z][A-Z0-9_]*)\s*:", re.MULTILINE)
_SCHEMA_DEFAULT = re.compile(r"\.default\(\s*([^()]{0,80}?)\s*\)")
_SCHEMA_SPAN = 20_000
# The whole environment handed to a schema validator: Joi's schema.validate(process.env),
# zod's schema.parse(process.env), envalid's cleanEnv(process.env, {...}).
_WHOLE_ENV_VALIDATED = re.compile(
    r"(?:\.(?:validate|validateSync|validateAsync|parse|safeParse|parseAsync)\(|cleanEnv\()"
    r"\s*process\.env(?![\w$.\[])")
# The schema objects such a file declares: Joi.object({...}) or .keys({...}), z.object({...}),
# envalid's object after process.env.
_ENV_SCHEMA_OBJECT = re.compile(r"(Joi\.object|\.keys|z\.object|cleanEnv)\(\s*"
                                r"(?:process\.env\s*,\s*)?\{")
_OPTION_DEFAULT = re.compile(r"default\s*:\s*([^,{}\n]{1,80})")  # run on one key's validator
_JS_OPTION = re.compile(r"(?:\.(?:option|requiredOption)|" + word("new")
                        + r"\s+Option)\(\s*([\"'`])([^\"'`\n]+)\1")
_JS_LONG = re.compile(r"--([A-Za-z][\w-]*)")
_JS_YARGS = re.compile(word("yargs") + r"\b")
_JS_CLI = re.compile(r"[\"'](?:commander|yargs(?:/[\w]+)?|meow|minimist|cac|"
                     r"@oclif/core|citty)[\"']")

_JAVA_ENV = (re.compile(word("System") + r"\.getenv\(\s*\"" + _NAME + "\""),
             re.compile(word("System") + r"\.getenv\(\s*\)\s*\.\s*(?:get|getOrDefault)\(\s*\""
                        + _NAME + "\""),
             re.compile(word("sys") + r"\.env(?:\.get)?\(\s*\"" + _NAME + "\""))
_SPRING_VALUE = re.compile(r"@Value\(\s*(?:value\s*=\s*)?\"([^\"\n]*)\"")
_PICOCLI = re.compile(r"@(?:CommandLine\.)?Option\(\s*names\s*=\s*(\{[^}]*\}|\"[^\"]*\")")
_JAVA_CLI = re.compile(word("picocli") + r"\b|" + word("CommandLine") + r"\(|@Command\b|"
                       + word("clikt") + r"\b")

_RUST_ENV = (re.compile(word("env") + r"::var(?:_os)?\(\s*\"" + _NAME + "\""),
             re.compile(r"env(?<![\w.]env)\s*=\s*\"" + _NAME + "\""),
             re.compile(r"\.env\(\s*\"" + _NAME + "\""))
_RUST_LONG = (re.compile(word("long") + r"\s*=\s*\"([A-Za-z][\w-]*)\""),
              re.compile(r"\.long\(\s*\"([A-Za-z][\w-]*)\""))
# A derived clap field: its #[arg(...)] or #[clap(...)] attribute (other attributes and
# doc comments may follow), then the field's name.
_CLAP_FIELD = re.compile(r"#\[(?:arg|clap)\(([^\]\n]*)\)\]\s*(?:#\[[^\]\n]*\]\s*)*"
                         r"(?:pub(?:\([^)\n]*\))?\s+)?(r#\w+|\w+)\s*:")
# Loggers that read their filter from RUST_LOG when set up with their defaults.
_RUST_LOG_READERS = re.compile(word("env_logger::init", "env_logger::try_init",
                                    "pretty_env_logger::init", "from_default_env",
                                    "try_from_default_env") + r"\s*\(")
_RUST_CLI = re.compile(word("clap", "structopt", "argh") + r"\b")
_CS_ENV = re.compile(word("Environment") + r"\.GetEnvironmentVariable\(\s*\"" + _NAME + "\"")
# Ruby: ENV["X"], ENV.fetch("X"[, default]) { ... }, ENV.key?("X"); PHP: getenv("X"),
# Laravel's env("X"[, default]), $_ENV["X"]. group(1) is the quote, group(2) the name.
_QUOTED_NAME = r"([\"'])" + _NAME + r"\1"
_RUBY_ENV = re.compile(word("ENV") + r"(?:\[\s*|\.(fetch|key\?|include\?|has_key\?)\(\s*)"
                       r"([\"'])" + _NAME + r"\2")
_RUBY_FETCH_REST = re.compile(r"\s*(?:,\s*(\"[^\"\n]*\"|'[^'\n]*'|[\w.:-]+)|\)\s*(?:\{|do\b))")
_PHP_ENV = re.compile(r"(?:" + word("getenv", "env") + r"\(\s*|\$_ENV\[\s*)" + _QUOTED_NAME)
_PHP_DEFAULT = re.compile(r"\s*,\s*(\"[^\"\n]*\"|'[^'\n]*'|[\w.:-]+)")

# Calls that start a server or build a web application, per language family.
_SERVICE = {
    "go": re.compile(r"(?:" + word("http") + r"\.ListenAndServe(?:TLS)?|"
                     r"\.ListenAndServe(?<=\w\.ListenAndServe)(?:TLS)?|"
                     + word("http.Serve", "grpc.NewServer", "gin.Default", "gin.New", "echo.New",
                            "chi.NewRouter", "mux.NewRouter", "fiber.New", "http.NewServeMux")
                     + r")\("),
    "js": re.compile(r"(?:" + word("express", "fastify", "Fastify", "createServer",
                                    "NestFactory.create")
                     + r"|" + word("new") + r"\s+(?:Koa|Hono|Hapi\.Server|ApolloServer))\s*\(|"
                     r"\.listen\(\s*[\w.]*(?:port|PORT)"),
    "java": re.compile(word("SpringApplication.run(", "runApplication<", "HttpServer.create(",
                            "Javalin.create(", "Quarkus.run(", "Micronaut.run(",
                            "embeddedServer(", "ServerBuilder.forPort(")
                       + r"|@SpringBootApplication\b"),
    "rust": re.compile(word("HttpServer::new", "axum::serve", "axum::Server::bind",
                            "warp::serve", "rocket::build", "Server::bind",
                            "tonic::transport::Server") + r"\b"),
    "csharp": re.compile(word("WebApplication.CreateBuilder(", "CreateHostBuilder(",
                              "UseKestrel(")),
}
_FAMILY = {"go": "go", "javascript": "js", "typescript": "js", "java": "java",
           "kotlin": "java", "scala": "java", "rust": "rust", "csharp": "csharp",
           "ruby": "ruby", "php": "php"}


_PRISMA_ENV = re.compile(word("env") + r"\(\s*\"" + _NAME + r"\"\s*\)")


def foreign_language(path: str) -> str | None:
    """Return the language whose rules read ``path``, or None (Python is read from trees).

    Front-end assets (JavaScript under static/, public/, dist/, ...) run in browsers, not
    in the service: their ``process.env`` is the bundler's, not the operator's.
    """
    if SPRING_CONFIG.search(path):
        return "spring-config"
    if path.endswith(".prisma"):
        return "prisma"
    return None if is_web_asset(path) else language_of(path)


@dataclass(frozen=True)
class _Stated:
    """What the code says of a key beside its name: required, and its default."""

    required: bool = False
    default: str | None = None


_OPTIONAL = _Stated()


class _Collector:
    """The keys and markers of one file, with the lexed text they were matched in."""

    def __init__(self, src: SourceText) -> None:
        self.src = src
        self.keys: list[OverrideKey] = []
        self.markers: set[str] = set()
        self.names_in_code: set[str] = set()

    def code_matches(self, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
        """Yield the matches of ``pattern`` that start in code, not in a string literal."""
        for match in pattern.finditer(self.src.code):
            if not self.src.in_string(match.start()):
                yield match

    def add(self, kind: KeyKind, name: str, offset: int, source: str,
            stated: _Stated = _OPTIONAL) -> None:
        """Record one override key read at ``offset``."""
        if len(self.keys) < _MAX_ROWS:
            self.keys.append(OverrideKey(kind.value, name, self.src.line(offset), source,
                                         stated.required, stated.default))


def _go(c: _Collector) -> None:
    for match in c.code_matches(_GO_ENV):
        c.add(KeyKind.ENV, match.group(2), match.start(), f"os.{match.group(1)}")
    _go_tags(c)
    _viper(c)
    _go_config_files(c)
    _go_flags(c)
    _viper_bound_flags(c)


def _go_tags(c: _Collector) -> None:
    """Struct tags (raw strings) of caarlos0/env and kelseyhightower/envconfig."""
    prefix_match = next(c.code_matches(_ENVCONFIG_PREFIX), None)
    envconfig_prefix = f"{prefix_match.group(1).upper()}_" if prefix_match and \
        prefix_match.group(1) else ""
    for start, tag in c.src.literals():
        if not c.src.code.startswith("`", start):
            continue  # struct tags are raw strings
        default = _GO_TAG_DEFAULT.search(tag)
        value = default.group(1) if default else None
        for match in _GO_TAG_ENV.finditer(tag):
            required = "required" in match.group(2).split(",") and value is None
            c.add(KeyKind.ENV, match.group(1), start, "env-tag", _Stated(required, value))
        for match in _GO_TAG_ENVCONFIG.finditer(tag):
            required = _GO_TAG_REQUIRED.search(tag) is not None and value is None
            c.add(KeyKind.ENV, envconfig_prefix + match.group(1).upper(), start, "envconfig",
                  _Stated(required, value))


def _go_flags(c: _Collector) -> None:
    """flag, pflag and cobra options, also on a FlagSet the file creates."""
    # The pattern starts with a name, so re cannot scan for it fast: ask for its literal first.
    made = ({m.group(1) for m in c.code_matches(_GO_FLAGSET)} if "NewFlagSet(" in c.src.code
            else set())
    receivers = {"flag", "pflag"} | made
    flag_call = re.compile(r"(?:\b(?:" + "|".join(sorted(receivers)) + r")|\.(?:Persistent)?"
                           r"Flags\(\))\.(" + _GO_FLAG_METHOD + r")\(\s*(?:&?[\w.\[\]]+\s*,"
                           r"\s*)?\"([A-Za-z][\w.-]*)\"")
    for pattern in (flag_call, _KINGPIN_FLAG):
        for match in c.code_matches(pattern):
            c.add(KeyKind.CLI, "--" + match.group(match.lastindex or 1), match.start(),
                  "go-flag")
            c.markers.add("cli")
    for match in c.code_matches(_KINGPIN_ENV):
        c.add(KeyKind.ENV, match.group(1), match.start(), "kingpin",
              _Stated(default=_kingpin_default(c.src.code, match.start())))
    for match in c.code_matches(_URFAVE_FLAG):
        _urfave_flag(c, match)
    if next(c.code_matches(_COBRA), None) is not None:
        c.markers.add("cli")


_KINGPIN_DEFAULT = re.compile(r"\.Default\(\s*\"([^\"\n]*)\"")


def _kingpin_default(code: str, at: int) -> str | None:
    """Return the ``.Default("...")`` of the kingpin flag chain an ``.Envar(`` at ``at`` is in.

    ``kingpin.Flag("web.telemetry-path", ...).Default("/metrics").Envar("PG_PATH")``: the
    flag's default is the variable's. The chain runs from its ``Flag(`` (at most 600
    characters back) to the end of the line the ``.Envar`` is on.
    """
    start = code.rfind("Flag(", max(0, at - 600), at)
    if start < 0:
        return None
    end = code.find("\n", at)
    found = _KINGPIN_DEFAULT.search(code, start, end if end >= 0 else len(code))
    return found.group(1) if found else None


def _urfave_flag(c: _Collector, match: re.Match[str]) -> None:
    """Record the option and environment names of one urfave/cli flag literal."""
    body, offset = match.group(1), match.start()
    name = _URFAVE_NAME.search(body)
    if name is not None:
        c.add(KeyKind.CLI, "--" + name.group(1), offset, "urfave/cli")
        c.markers.add("cli")
    for env in _URFAVE_ENV.finditer(body):
        for quoted in re.findall(r"\"(\w+)\"", env.group(1) or env.group(2)):
            c.add(KeyKind.ENV, quoted, offset, "urfave/cli")


def _viper_prefix(c: _Collector) -> str:
    """Return the file's ``viper.SetEnvPrefix`` literal as an env prefix ("APP_"), or ""."""
    prefix = next(c.code_matches(_VIPER_PREFIX), None)
    return f"{prefix.group(1).upper()}_" if prefix else ""


def _viper_env(prefix: str, key: str) -> str:
    """Return the env name viper reads ``key`` from (``.`` and ``-`` as ``_``)."""
    return prefix + re.sub(r"[.\-]", "_", key).upper()


def _go_config_files(c: _Collector) -> None:
    """Record the configuration files a Go program loads (see ``_GO_CONFIG_FILE``)."""
    for match in c.code_matches(_GO_CONFIG_FILE):
        c.add(KeyKind.FILE, match.group(1), match.start(), "go-config-file")
    if not any(k.kind == KeyKind.FILE.value for k in c.keys):
        read = next(c.code_matches(_GO_CONFIG_READ), None)
        if read is not None:
            c.add(KeyKind.FILE, "viper config file", read.start(), "viper")


def _viper(c: _Collector) -> None:
    prefix = _viper_prefix(c)
    for match in c.code_matches(_VIPER_BIND):
        names = re.findall(r"\"(\w+)\"", match.group(2))
        for name in names or [_viper_env(prefix, match.group(1))]:
            c.add(KeyKind.ENV, name, match.start(), "viper")
    if "viper.AutomaticEnv()" in c.src.code:
        for match in c.code_matches(_VIPER_GET):
            c.add(KeyKind.ENV, _viper_env(prefix, match.group(1)), match.start(), "viper")


def _viper_bound_flags(c: _Collector) -> None:
    """After ``viper.BindPFlags`` and ``viper.AutomaticEnv()``, each flag is an env too.

    viper looks every bound key up in the environment as ``PREFIX_KEY`` (``SetEnvPrefix``'s
    literal; ``-`` and ``.`` as ``_``, as ``SetEnvKeyReplacer`` is commonly set), and a
    service reads them all through ``viper.Unmarshal``, not one ``viper.Get`` each.
    """
    code = c.src.code
    if "viper.AutomaticEnv()" not in code or "BindPFlags(" not in code:
        return
    prefix = _viper_prefix(c)
    flags = [key for key in c.keys if key.kind == KeyKind.CLI.value]
    for key in flags:
        name = _viper_env(prefix, key.name.removeprefix("--"))
        if len(c.keys) < _MAX_ROWS:
            c.keys.append(OverrideKey(KeyKind.ENV.value, name, key.line, "viper",
                                      _OPTIONAL.required, _OPTIONAL.default))


def _js(c: _Collector) -> None:
    _js_env(c)
    _js_options(c)
    node_config = next(c.code_matches(_NODE_CONFIG), None)
    if node_config is not None:
        c.add(KeyKind.FILE, "config/", node_config.start(), "node-config")
    if _JS_CLI.search(c.src.code):  # an import or require of a command-line library
        c.markers.add("cli")


def _js_env(c: _Collector) -> None:
    """process.env reads (dot, bracket, destructuring), Bun, Deno and import.meta."""
    for pattern in _JS_ENV:
        for match in c.code_matches(pattern):
            default = _JS_DEFAULT.match(c.src.code, match.end())
            source = _JS_SOURCE.match(match.group())
            c.add(KeyKind.ENV, match.group(match.lastindex or 1), match.start(),
                  source.group() if source else "process.env",
                  _Stated(default=default.group(1) if default else None))
    for match in c.code_matches(_JS_DESTRUCTURE):
        for name, stated in _destructured(match.group(1)):
            c.add(KeyKind.ENV, name, match.start(1), "process.env", _Stated(default=stated))
    _validated_env(c)
    for match in c.code_matches(_CREATE_ENV):
        code = c.src.code
        if match.group(1) == "envsafe":  # envsafe({ NAME: str(), ... })
            _schema_keys(c, match.end(), _closing_brace(code, match.end()))
            continue
        whole = _closing_brace(code, match.end())
        for block in _SCHEMA_BLOCK.finditer(code, match.end(), whole):
            _schema_keys(c, block.end(), _closing_brace(code, block.end()))


def _validated_env(c: _Collector) -> None:
    """Record the keys of the schema a file validates the whole environment against.

    Joi (``Joi.object().keys({PORT: Joi.number().default(3000)}).validate(process.env)``):
    a key is required only with ``.required()``; zod (``z.object({...}).parse(process.env)``)
    as T3 Env; envalid (``cleanEnv(process.env, {PORT: port({default: 3000})})``): required
    unless it gives a default.
    """
    code = c.src.code
    if next(c.code_matches(_WHOLE_ENV_VALIDATED), None) is None:
        return
    for match in c.code_matches(_ENV_SCHEMA_OBJECT):
        start = match.end()
        end = _closing_brace(code, start)
        if match.group(1) == "z.object":
            _schema_keys(c, start, end)
            continue
        keys = list(_SCHEMA_KEY.finditer(code, start - 1, end))
        for index, key in enumerate(keys):
            validator = code[key.end():keys[index + 1].start() if index + 1 < len(keys)
                             else end]
            default = _SCHEMA_DEFAULT.search(validator) or _OPTION_DEFAULT.search(validator)
            required = (".required()" in validator if match.group(1) != "cleanEnv"
                        else default is None)
            c.add(KeyKind.ENV, key.group(1), key.start(1), "environment schema",
                  _Stated(required=required and default is None,
                          default=default.group(1).strip() if default else None))


def _schema_keys(c: _Collector, start: int, end: int) -> None:
    """Record the variables a validated-environment schema object names.

    T3 Env (``createEnv({server: {A: z.string()}})``, @t3-oss/env-core and env-nextjs)
    reads each key of its ``server``, ``client`` and ``shared`` objects from the
    environment, envsafe (``envsafe({A: str()})``) each key of its object; a key is
    required unless its validator says ``.optional()`` or gives a ``.default(...)``.
    """
    code = c.src.code
    keys = list(_SCHEMA_KEY.finditer(code, start - 1, end))  # from the opening brace
    for index, key in enumerate(keys):
        validator = code[key.end():keys[index + 1].start() if index + 1 < len(keys) else end]
        default = _SCHEMA_DEFAULT.search(validator)
        optional = ".optional()" in validator or ".nullish()" in validator
        c.add(KeyKind.ENV, key.group(1), key.start(1), "environment schema",
              _Stated(required=not optional and default is None,
                      default=default.group(1) if default else None))


def _closing_brace(code: str, start: int) -> int:
    """Return the offset of the ``}`` closing the object opened just before ``start``."""
    depth = 1
    for index in range(start, min(len(code), start + _SCHEMA_SPAN)):
        if code[index] == "{":
            depth += 1
        elif code[index] == "}":
            depth -= 1
            if depth == 0:
                return index
    return min(len(code), start + _SCHEMA_SPAN)


def _destructured(names: str) -> list[tuple[str, str | None]]:
    """Return (name, default) of ``{ A, B = 1, C: c }`` taken from the environment."""
    found: list[tuple[str, str | None]] = []
    for part in names.split(","):
        key, _, stated = part.partition("=")
        name = key.split(":", 1)[0].strip()
        if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            found.append((name, stated.strip() or None))
    return found


def _js_options(c: _Collector) -> None:
    """Commander options (their long flag) and yargs options (their name)."""
    yargs = _JS_YARGS.search(c.src.code) is not None
    for match in c.code_matches(_JS_OPTION):
        spec = match.group(2)
        longs = _JS_LONG.findall(spec)
        if longs:
            c.add(KeyKind.CLI, "--" + longs[0], match.start(), "commander",
                  _Stated(required="requiredOption" in match.group()))
            c.markers.add("cli")
        elif yargs and re.fullmatch(r"[A-Za-z][\w-]*", spec):
            c.add(KeyKind.CLI, "--" + spec, match.start(), "yargs")
            c.markers.add("cli")


def _spring_placeholders(c: _Collector, text: str, offset: int, source: str) -> None:
    for match in _PLACEHOLDER.finditer(text):
        name, default = match.group(1), match.group(2)
        if _ENV_SHAPED.match(name):
            c.add(KeyKind.ENV, name, offset + match.start(), source,
                  _Stated(default is None, default))
        else:
            # Relaxed binding: an environment variable DB_URL sets the property db.url.
            c.names_in_code.add(re.sub(r"[.\-]", "_", name).upper())


def _java(c: _Collector) -> None:
    for pattern in _JAVA_ENV:
        for match in c.code_matches(pattern):
            c.add(KeyKind.ENV, match.group(1), match.start(), "System.getenv")
    for match in c.code_matches(_SPRING_VALUE):
        _spring_placeholders(c, match.group(1), match.start(1), "spring-value")
    for match in c.code_matches(_PICOCLI):
        names = re.findall(r"\"(-{1,2}[\w-]+)\"", match.group(1))
        longs = [n for n in names if n.startswith("--")]
        if names:
            c.add(KeyKind.CLI, (longs or names)[0], match.start(), "picocli")
            c.markers.add("cli")
    if next(c.code_matches(_JAVA_CLI), None) is not None:
        c.markers.add("cli")


def _rust(c: _Collector) -> None:
    for pattern in _RUST_ENV:
        for match in c.code_matches(pattern):
            c.add(KeyKind.ENV, match.group(1), match.start(),
                  "clap" if "env::" not in match.group() else "env::var")
    for pattern in _RUST_LONG:
        for match in c.code_matches(pattern):
            c.add(KeyKind.CLI, "--" + match.group(1), match.start(), "clap")
            c.markers.add("cli")
    if next(c.code_matches(_RUST_CLI), None) is not None:
        c.markers.add("cli")
    _clap_derived(c)
    for match in c.code_matches(_RUST_LOG_READERS):
        c.add(KeyKind.ENV, "RUST_LOG", match.start(), match.group().split("(")[0].strip())


def _clap_derived(c: _Collector) -> None:
    """Record the flags and env reads clap derives from a field's name.

    ``#[arg(long, env)] database_url: String`` is ``--database-url`` and DATABASE_URL: a
    bare ``long`` takes the field's name in kebab case, a bare ``env`` in upper snake case
    (clap's derive rules); ``long = "x"`` and ``env = "X"`` are read by the rules above.
    """
    for match in c.code_matches(_CLAP_FIELD):
        words = {word.strip() for word in match.group(1).split(",")}
        field = match.group(2).removeprefix("r#")
        if "long" in words:
            c.add(KeyKind.CLI, "--" + field.replace("_", "-"), match.start(), "clap")
            c.markers.add("cli")
        if "env" in words:
            c.add(KeyKind.ENV, field.upper(), match.start(), "clap")


def _csharp(c: _Collector) -> None:
    for match in c.code_matches(_CS_ENV):
        c.add(KeyKind.ENV, match.group(1), match.start(), "GetEnvironmentVariable")


def _ruby(c: _Collector) -> None:
    """``ENV["X"]`` reads nil when unset; ``ENV.fetch("X")`` raises, unless given a default."""
    for match in c.code_matches(_RUBY_ENV):
        method, name = match.group(1), match.group(3)
        stated = _OPTIONAL
        if method == "fetch":
            rest = _RUBY_FETCH_REST.match(c.src.code, match.end())
            default = rest.group(1) if rest and rest.group(1) else None
            has_block = rest is not None and rest.group(1) is None
            stated = _Stated(required=default is None and not has_block,
                             default=default.strip("\"'") if default else None)
        c.add(KeyKind.ENV, name, match.start(), f"ENV.{method}" if method else "ENV[]", stated)


def _php(c: _Collector) -> None:
    """``getenv("X")`` and Laravel's ``env("X", default)`` read false or null when unset."""
    for match in c.code_matches(_PHP_ENV):
        default = _PHP_DEFAULT.match(c.src.code, match.end())
        value = default.group(1).strip("\"'") if default else None
        source = "$_ENV" if match.group().startswith("$") else match.group().split("(")[0]
        c.add(KeyKind.ENV, match.group(2), match.start(), source.strip(),
              _Stated(False, value))


def _config_file(path: str, text: str, language: str) -> dict[str, Any]:
    """Env reads of a Spring configuration file or a Prisma schema (comment lines skipped)."""
    src = SourceText(language, text, (), (0, *(m.end() for m in re.finditer("\n", text))))
    c = _Collector(src)
    offset = 0
    for line in text.splitlines(keepends=True):
        if not line.lstrip().startswith(("#", "//")):
            if language == "prisma":
                for match in _PRISMA_ENV.finditer(line):
                    c.add(KeyKind.ENV, match.group(1), offset + match.start(), "prisma",
                          _Stated(required=True))
            else:
                _spring_placeholders(c, line, offset, "spring-config")
        offset += len(line)
    if language == "spring-config":
        c.names_in_code.update(_relaxed_names(text, path.endswith(".properties")))
        # The file is itself how an operator overrides the service's settings: an outer
        # application.yml or spring.config.location replaces what it sets.
        c.add(KeyKind.FILE, path.rsplit("/", 1)[-1], 0, "spring-config")
    return _result(path, c)


def _relaxed_names(text: str, properties: bool) -> set[str]:
    """Return the env forms of the property keys a Spring configuration file sets.

    Spring Boot binds ``SERVER_PORT`` to ``server.port``: a doc that names the env form of
    a key the file sets documents that key. Properties files give ``a.b=v`` keys; YAML
    files nested ``a:`` / ``  b: v`` keys, followed by indentation.
    """
    names: set[str] = set()
    stack: list[tuple[int, str]] = []
    for line in text.splitlines():
        match = _PROPERTY_KEY.match(line) if properties else _YAML_KEY.match(line)
        if match is None:
            continue
        if properties:
            names.add(re.sub(r"[.\-\[\]]+", "_", match.group(1)).strip("_").upper())
            continue
        indent = len(match.group(1))
        while stack and stack[-1][0] >= indent:
            stack.pop()
        stack.append((indent, match.group(2)))
        names.add(re.sub(r"[.\-]+", "_", "_".join(k for _, k in stack)).upper())
    return {n for n in names if _MULTI_WORD_ENV.match(n)}


def _result(path: str, c: _Collector) -> dict[str, Any]:
    result: dict[str, Any] = {"module": path, "language": c.src.language}
    if c.keys:
        result["keys"] = [k.to_row() for k in c.keys]
    if c.markers:
        result["markers"] = sorted(c.markers)
    read = {k.name for k in c.keys}
    named = sorted((c.names_in_code | {text for _start, text in c.src.literals()
                                       if _MULTI_WORD_ENV.match(text)}) - read)
    if named:
        result["names_in_code"] = named[:_MAX_ROWS]
    return result


_READERS = {"go": _go, "js": _js, "java": _java, "rust": _rust, "csharp": _csharp,
            "ruby": _ruby, "php": _php}


def extract_foreign(path: str, text: str) -> dict[str, Any]:
    """Return the override facts of one non-Python source file, as plain JSON values."""
    language = foreign_language(path)
    if language is None or is_minified(path, text):
        return {"module": path}
    if language in ("spring-config", "prisma"):
        return _config_file(path, text, language)
    family = _FAMILY[language]
    c = _Collector(lex(text, language))
    _READERS[family](c)
    service = _SERVICE.get(family)
    if service is not None and next(c.code_matches(service), None) is not None:
        c.markers.add("service")
    return {**_result(path, c), **extract_env_helpers(c.src, family)}
