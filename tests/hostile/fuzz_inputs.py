"""Hypothesis strategies and properties for the inputs a user, a repository or a server sends.

The companion of tests/hostile/fuzzing.py (which fuzzes file contents and git log streams)
for everything else scorecard parses: command lines, configuration files and environment
variables, baseline files, workflow event files and GitHub API answers. Everything goes
through the public surface (``scorecard.cli.main``, ``scorecard.api``, the GitHub client).

Shared by the bounded CI run (tests/hostile/test_fuzz_inputs.py) and the long run
(scripts/fuzz.py). A property raises AssertionError (or lets an unexpected exception escape)
when scorecard misbehaves on one generated input.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import re
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from scorecard import api
from scorecard.baseline import compare, load_baseline
from scorecard.cli import main
from scorecard.errors import EXIT_CONFIG, ConfigError, ScorecardError
from scorecard.github import GitHubClient, GitHubError, GitHubSetupError, RetryPolicy
from scorecard.github import actions_context as read_actions_context
from tests.hostile.generators import hostile_report

# Raw characters that must never reach a terminal from anything scorecard did not write.
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")

# -- values every parser meets ------------------------------------------------------------------

HOSTILE_STRINGS = st.sampled_from([
    "", " ", "-", "--", ".", "..", "plain", "repo", "missing/x", "\x1b]0;t\x07", "\x1b[2J",
    "a\nb", "\r", "\u202eexe.py", "\x9b31m", "\x00", "é", "数据", "@octocat", "%s%n", "{x}",
    "nan", "inf", "-inf", "1e999", "-1", "0", "1" * 30, "99999999y", "2y", "12m", "0001-01-01",
    "9999-12-31", "2026-02-30", "2026Q3", "0000Q1", "9999Q4", "quarter", "week", "fortnight",
    "HEAD", "HEAD~99", "--upload-pack=touch x", "json", "sarif", "terminal", "pdf",
    "overall", "pillar", "update", "recreate", "simplicity.nesting-depth", "no.such-check",
])
TEXT = st.one_of(HOSTILE_STRINGS, st.text(max_size=12))
NUMBERS = st.one_of(st.sampled_from([float("nan"), float("inf"), float("-inf"), -1, 0, 10**400]),
                    st.floats(), st.integers(-10**30, 10**30))
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(-10**400, 10**400),
    NUMBERS, st.sampled_from([-0.0, 1e308]), TEXT)


def _nested(leaves: st.SearchStrategy[Any], keys: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    return st.recursive(leaves, lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=5)), max_leaves=20)


# -- command lines ------------------------------------------------------------------------------

COMMANDS = st.sampled_from([
    ["scan"], ["checks"], ["explain"], ["baseline"], ["badge"], ["precommit"], ["history"],
    ["history", "build"], ["report"], ["diff"], ["comment"], ["backtest"], ["--version"],
    ["--help"], [],
    ["nosuch"]])
OPTIONS = st.sampled_from([
    "--format", "-f", "--output", "-o", "--fail-under", "--config", "--no-cache", "--jobs",
    "-j", "--rev", "--save", "--store", "--baseline", "--since", "--until", "--path",
    "--every", "--quarter", "--quarters", "--fail-on-regression", "--from", "--mode", "--id",
    "--repo", "--pr", "--expect-head", "--report-url", "--json", "--no-post", "--post",
    "--deadline", "--at", "--bogus", "-x", "--help"])


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    """A command, then options and positional arguments with hostile values."""
    argv = list(draw(COMMANDS))
    for _ in range(draw(st.integers(0, 5))):
        if draw(st.booleans()):
            argv.append(draw(OPTIONS))
        argv.append(draw(TEXT))
    return argv


@contextlib.contextmanager
def _cli_environment(folder: Path) -> Iterator[None]:
    """Run from ``folder`` with no GitHub or scorecard settings and no network to reach."""
    saved_env, saved_cwd, saved_argv = dict(os.environ), os.getcwd(), sys.argv
    for name in [n for n in os.environ if n.startswith(("GITHUB_", "SCORECARD_"))]:
        del os.environ[name]
    os.environ["GITHUB_API_URL"] = "http://127.0.0.1:9"  # the discard port: nothing listens
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
        sys.argv = saved_argv


def run_main(argv: list[str], folder: Path) -> tuple[int, str]:
    """Run the console script in-process from ``folder``; return (exit code, stderr)."""
    err, out = io.StringIO(), io.StringIO()
    code: Any = 0
    with _cli_environment(folder), contextlib.redirect_stderr(err), \
            contextlib.redirect_stdout(out):
        sys.argv = ["scorecard", *argv]
        try:
            main()
        except SystemExit as exc:
            code = exc.code
    return (code if isinstance(code, int) else 0), err.getvalue()


def check_command_line(argv: list[str], folder: Path) -> None:
    """Any command line: a documented exit code, no traceback, one safe line for an error."""
    code, stderr = run_main(argv, folder)
    assert code in (0, 1, 2), (argv, code, stderr[-2000:])
    assert "Traceback" not in stderr, (argv, stderr[-2000:])
    assert not RAW.search(stderr), (argv, stderr[-2000:])
    if code == EXIT_CONFIG and not stderr.startswith("Usage: "):  # help asked by no command
        lines = stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("scorecard: error: "), (argv, stderr)


# -- configuration ------------------------------------------------------------------------------

CONFIG_KEYS = st.sampled_from([
    "include", "exclude", "fail_under", "check_paths", "max_file_bytes", "max_file_seconds",
    "jobs", "cache", "cache_dir", "skip_analyzers", "checks", "complexity", "history",
    "boundaries", "runbooks", "signals", "overrides", "docstrings", "since", "until",
    "since_days", "weight", "best", "worst", "steps", "full", "pass_when", "enabled",
    "cyclomatic_limit", "relative_churn_limit", "kind", "simplicity.nesting-depth",
    "\x1b[2J", "a\nb", "\u202e", "x"])


def _toml_string(text: str) -> str:
    return json.dumps(text)  # a TOML basic string takes JSON's escapes (surrogates aside)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value if v is not None) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_toml_string(k)} = {_toml_value(v)}" for k, v in value.items()
                               if v is not None) + "}"
    return '""'


CONFIG_TABLES = st.dictionaries(CONFIG_KEYS, _nested(SCALARS, CONFIG_KEYS), max_size=6)


@st.composite
def config_files(draw: st.DrawFn) -> str:
    """TOML configuration: known and hostile keys, values of every type, sometimes broken."""
    lines: list[str] = []
    # Half the documents hold only a check override: any unknown key elsewhere would make
    # the whole file invalid and hide what the override's values do.
    if draw(st.booleans()):
        lines = [f"{_toml_string(k)} = {_toml_value(v)}"
                 for k, v in draw(CONFIG_TABLES).items() if v is not None]
        for table in draw(st.lists(st.sampled_from(
                ["history", "complexity", "boundaries", "runbooks", 'checks."nope"',
                 '"\\u001b[31m"']), max_size=3, unique=True)):
            lines.append(f"[{table}]")
            lines.extend(f"{_toml_string(k)} = {_toml_value(v)}"
                         for k, v in draw(CONFIG_TABLES).items() if v is not None)
    overrides = draw(st.dictionaries(
        st.sampled_from(["weight", "best", "worst", "full", "steps", "enabled", "pass_when"]),
        st.one_of(NUMBERS, SCALARS, st.lists(st.lists(NUMBERS, max_size=3), max_size=3)),
        max_size=3))
    if overrides:  # a check override with numbers of every kind, NaN and infinity included
        lines.append('[checks."simplicity.nesting-depth"]')
        lines.extend(f"{k} = {_toml_value(v)}" for k, v in overrides.items() if v is not None)
    text = "\n".join(lines) + "\n"
    if draw(st.integers(0, 9)) == 0:
        cut = draw(st.integers(0, len(text)))
        text = text[:cut] + draw(st.text(max_size=8)) + text[cut:]
    return text


ENVIRONMENTS = st.dictionaries(
    st.sampled_from(["SCORECARD_JOBS", "SCORECARD_FAIL_UNDER", "SCORECARD_CACHE",
                     "SCORECARD_INCLUDE", "SCORECARD_MAX_FILE_BYTES", "SCORECARD_NOPE",
                     "SCORECARD_SKIP_ANALYZERS", "SCORECARD_CACHE_DIR"]),
    TEXT.filter(lambda s: "\x00" not in s), max_size=3)


def _finite_numbers(value: Any) -> Iterator[float]:
    if isinstance(value, float):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _finite_numbers(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _finite_numbers(item)


def check_config(text: str, environ: dict[str, str], root: Path) -> None:
    """Configuration loads, or fails as one ConfigError; what loads holds finite numbers."""
    (root / "scorecard.toml").write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        loaded = api.load_effective_checks(root, environ=environ)
    except ConfigError as exc:
        assert exc.exit_code == EXIT_CONFIG and exc.message, exc
        return
    for check in loaded.checks:
        assert math.isfinite(check.weight) and check.weight >= 0, check
    for number in _finite_numbers(dict(loaded.config.analyzer_options)):
        assert math.isfinite(number), loaded.config.analyzer_options
    if loaded.config.fail_under is not None:
        assert 0 <= loaded.config.fail_under <= 10


# -- baseline files, event files ------------------------------------------------------------------

BASELINE_KEYS = st.sampled_from(["format", "findings", "key", "value", "commit", "check",
                                 "path", "symbol", "x"])


@st.composite
def json_documents(draw: st.DrawFn, keys: st.SearchStrategy[str]) -> bytes:
    """JSON text: generated documents, deep nesting, NaN, huge numbers, broken bytes."""
    kind = draw(st.integers(0, 5))
    if kind == 0:
        depth = draw(st.integers(50, 50_000))
        return b'{"a": ' * depth + b"1" + b"}" * depth
    if kind == 1:
        return draw(st.sampled_from([b"NaN", b'{"format": 1, "findings": [{"key": "k", '
                                            b'"value": Infinity}]}', b"1e999", b"9" * 5000,
                                     b"\xff\xfe", b"", b"null", b"[", b'{"format": 1}']))
    document = draw(_nested(SCALARS.filter(lambda v: not isinstance(v, float) or
                                           math.isfinite(v)), keys))
    if kind == 2:
        document = {"format": draw(st.sampled_from([1, 2, "1", None])),
                    "findings": draw(st.lists(_nested(SCALARS, keys), max_size=4))}
    try:
        return json.dumps(document).encode("utf-8", "surrogatepass")
    except (ValueError, OverflowError):
        return b"{}"


def check_baseline(data: bytes, path: Path) -> None:
    """A baseline loads (and compares), or fails as one bad-input error (exit 2)."""
    path.write_bytes(data)
    try:
        loaded = load_baseline(path)
    except ScorecardError as exc:
        assert exc.exit_code == EXIT_CONFIG and "\n" not in exc.message, exc
        return
    compare(hostile_report(), loaded, api.all_metrics())


EVENT_KEYS = st.sampled_from(["pull_request", "number", "head", "sha", "repo", "full_name",
                              "issue", "workflow_run", "pull_requests", "x"])


def check_event(data: bytes, path: Path) -> None:
    """A workflow event file gives a context, or fails as one setup error (exit 2)."""
    path.write_bytes(data)
    try:
        context = read_actions_context({"GITHUB_EVENT_PATH": str(path),
                                        "GITHUB_REPOSITORY": "acme/shop"})
    except GitHubSetupError as exc:
        assert exc.exit_code == EXIT_CONFIG, exc
        return
    assert context.pull_request is None or (isinstance(context.pull_request, int)
                                            and context.pull_request > 0)
    assert context.head_sha is None or isinstance(context.head_sha, str)


# -- GitHub API answers ------------------------------------------------------------------------

API_KEYS = st.sampled_from(["id", "body", "html_url", "user", "login", "type", "head", "sha",
                            "message", "errors", "code", "x"])
TOKEN = "ghs_fuzzTOKEN0123456789"


class ScriptedAPI:
    """A server on 127.0.0.1 answering every request with the current scripted answer."""

    def __init__(self) -> None:
        self.answer: tuple[int, dict[str, str], bytes] = (200, {}, b"[]")
        scripted = self

        class Handler(BaseHTTPRequestHandler):
            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                status, headers, body = scripted.answer
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PATCH = do_DELETE = _any

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


API_HEADERS = st.dictionaries(
    st.sampled_from(["Link", "Retry-After", "X-RateLimit-Remaining", "X-RateLimit-Reset",
                     "Content-Type"]),
    st.sampled_from(['<http://127.0.0.1:9/x>; rel="next"', "<>; rel=next", "0", "1",
                     "99999999999", "Wed, 21 Oct 2015 07:28:00 GMT", "garbage", "-5",
                     "application/json"]), max_size=3)


def check_api_answer(api: ScriptedAPI, status: int, headers: dict[str, str],
                     body: bytes) -> None:
    """Whatever the API answers: a result of the right type, or one GitHubError."""
    api.answer = (status, headers, body)
    client = GitHubClient("acme/shop", TOKEN, api_url=api.url, sleep=lambda _s: None,
                          retry=RetryPolicy(attempts=2, base_delay=0.0, max_delay=0.0),
                          request_deadline=5, deadline=20)
    for call in (lambda: client.list_comments(1), lambda: client.pull_request_head(1),
                 lambda: client.update_comment(5, "body")):
        try:
            result = call()
        except GitHubError as exc:
            assert TOKEN not in exc.message, exc.message
            continue
        assert result is not None
