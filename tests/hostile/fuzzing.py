"""Hypothesis strategies and properties for fuzzing every parser-facing piece of scorecard.

Shared by the bounded CI run (tests/hostile/test_fuzz.py) and the long run
(scripts/fuzz.py). A property is a plain function that raises AssertionError (or lets an
unexpected exception escape) when scorecard misbehaves on one generated input.
"""

from __future__ import annotations

import importlib
import json
import math
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml
from hypothesis import strategies as st

from scorecard.analyzers import ANALYZERS
from scorecard.analyzers.base import FileInput, FileKind
from scorecard.parsing import parse_python

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PYTHON_ANALYZERS = tuple(a for a in ANALYZERS if a.file_kind is FileKind.PYTHON)
TEXT_ANALYZERS = tuple(a for a in ANALYZERS if a.file_kind is FileKind.TEXT)

# -- Python source ------------------------------------------------------------------------------

NAMES = st.sampled_from(["x", "y", "os", "self", "cls", "environ", "_private", "__all__",
                         "TYPE_CHECKING", "match", "case", "type", "print", "é", "数据",
                         "self._x", "os.environ"])
PARAMETERS = st.sampled_from(["a", "b", "self", "timeout=30", "retries: int = 3", "host='db'",
                              "cls", "é", "*args", "port=os.environ.get('PORT', 80)"])
ENV_KEYS = st.sampled_from(["'HOME'", "'DB_TIMEOUT'", "f'A_{x}'", "x", "'X' + y", "''"])


def _expressions() -> st.SearchStrategy[str]:
    leaves = st.one_of(
        NAMES, st.integers(-10**20, 10**20).map(str), st.sampled_from(
            ["1.5e300", "0x1F", "1_000", "3j", "None", "True", "...", "'s'", "b'\\x00'",
             "'''doc'''", "r'\\d'", "f'{x!r:>{y}}'", "os.environ", "os.getenv('PORT', 8080)",
             "os.environ['SECRET']", "os.environ.get('TIMEOUT', 30)", "timeout=30"]),
        ENV_KEYS.map(lambda k: f"os.environ[{k}]"))

    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        pair = st.tuples(inner, inner)
        return st.one_of(
            st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "//", "%", "**", "<<", "&",
                                              "|", "^", "@", "and", "or", "<", "==", "is not",
                                              "not in", "if x else"]), inner
                      ).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
            inner.map(lambda e: f"(not {e})"), inner.map(lambda e: f"(-{e})"),
            st.tuples(NAMES, st.lists(inner, max_size=3)).map(
                lambda t: f"{t[0]}({', '.join(t[1])})"),
            st.tuples(inner, NAMES).map(lambda t: f"({t[0]}).{t[1]}"),
            pair.map(lambda t: f"{t[0]}[{t[1]}]"),
            st.lists(inner, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"),
            inner.map(lambda e: f"[*{e}, 1]"),
            pair.map(lambda t: "{" + f"{t[0]}: {t[1]}" + "}"),
            st.tuples(inner, NAMES, inner).map(lambda t: f"[{t[0]} for {t[1]} in {t[2]}]"),
            st.tuples(NAMES, inner).map(lambda t: f"(lambda {t[0]}=1: {t[1]})"),
            st.tuples(NAMES, inner).map(lambda t: f"({t[0]} := {t[1]})"),
            inner.map(lambda e: f"(yield {e})"), inner.map(lambda e: f"(await {e})"),
            st.tuples(NAMES, inner).map(lambda t: f"f'{{{t[0]}}}' + {t[1]}"),
        )

    return st.recursive(leaves, extend, max_leaves=12)


EXPRESSIONS = _expressions()


def _block(body: list[str], indent: str) -> str:
    return "".join(indent + "    " + line + "\n" for text in body
                   for line in (text.splitlines() or ["pass"]))


def _statements() -> st.SearchStrategy[str]:
    simple = st.one_of(
        st.tuples(NAMES, EXPRESSIONS).map(lambda t: f"{t[0]} = {t[1]}"),
        st.tuples(NAMES, EXPRESSIONS).map(lambda t: f"{t[0]}: int = {t[1]}"),
        st.tuples(NAMES, EXPRESSIONS).map(lambda t: f"{t[0]} += {t[1]}"),
        EXPRESSIONS, EXPRESSIONS.map(lambda e: f"return {e}"),
        EXPRESSIONS.map(lambda e: f"raise ValueError({e})"),
        EXPRESSIONS.map(lambda e: f"assert {e}, 'm'"),
        st.sampled_from(["pass", "break", "continue", "global x", "nonlocal y", "del x",
                         "import os", "import os.path as p", "from . import x",
                         "from ..pkg._internal import _helper", "from os import *",
                         "from typing import TYPE_CHECKING", "__all__ = ['f', 'Missing']",
                         "importlib.import_module('pkg.mod')", "timeout = 30",
                         "MAX_RETRIES = 5  # scorecard: ignore[x] reason=y <= 3",
                         "# scorecard: ignore[simplicity.parameter-count]",
                         "# -*- coding: latin-1 -*-", "'''docstring'''", "yield", "return"]),
    )

    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        body = st.lists(inner, min_size=1, max_size=3)
        head = st.tuples(EXPRESSIONS, body, body)
        return st.one_of(
            head.map(lambda t: f"if {t[0]}:\n{_block(t[1], '')}elif x:\n{_block(t[2], '')}"
                               f"else:\n{_block(t[2], '')}"),
            head.map(lambda t: f"for x in {t[0]}:\n{_block(t[1], '')}else:\n{_block(t[2], '')}"),
            head.map(lambda t: f"while {t[0]}:\n{_block(t[1], '')}"),
            head.map(lambda t: f"try:\n{_block(t[1], '')}except (ValueError, E) as e:\n"
                               f"{_block(t[2], '')}finally:\n{_block(t[1], '')}"),
            head.map(lambda t: f"with {t[0]} as x, y:\n{_block(t[1], '')}"),
            st.tuples(NAMES, st.lists(PARAMETERS, max_size=6, unique=True), body).map(
                lambda t: f"@decorator\ndef {t[0]}({', '.join([*t[1], '*a, k=1, **kw'])}) -> int:\n"
                          f"    '''Doc.'''\n{_block(t[2], '')}"),
            st.tuples(NAMES, body).map(lambda t: f"async def {t[0]}(x, /, y):\n"
                                                 f"{_block(t[1], '')}"),
            st.tuples(NAMES, body).map(lambda t: f"class {t[0]}(Base, metaclass=M):\n"
                                                 f"    '''Doc.'''\n{_block(t[1], '')}"),
            head.map(lambda t: f"match {t[0]}:\n    case [1, *rest] if x:\n"
                               f"{_block(t[1], '    ')}    case _:\n{_block(t[2], '    ')}"),
            body.map(lambda b: f"if TYPE_CHECKING:\n{_block(b, '')}"),
        )

    return st.recursive(simple, extend, max_leaves=10)


STATEMENTS = _statements()
PYTHON_SOURCES = st.lists(STATEMENTS, min_size=1, max_size=8).map(lambda s: "\n".join(s) + "\n")


def _seed_sources() -> list[str]:
    """Real modules of this project: realistic shapes to mutate."""
    return [path.read_text(encoding="utf-8") for path in sorted(
        (PROJECT_ROOT / "scorecard").glob("*.py"))[:12]]


SEEDS = _seed_sources()


@st.composite
def mutated_sources(draw: st.DrawFn) -> str:
    """A real or generated module with lines deleted, duplicated, swapped, cut or spliced."""
    source = draw(st.one_of(st.sampled_from(SEEDS), PYTHON_SOURCES))
    lines = source.splitlines(keepends=True) or [""]
    for _ in range(draw(st.integers(1, 5))):
        index = draw(st.integers(0, len(lines) - 1))
        operation = draw(st.integers(0, 5))
        if operation == 0 and len(lines) > 1:
            del lines[index]
        elif operation == 1:
            lines.insert(index, lines[draw(st.integers(0, len(lines) - 1))])
        elif operation == 2:
            line = lines[index]
            cut = draw(st.integers(0, len(line)))
            lines[index] = line[:cut] + draw(st.text(max_size=8)) + line[cut:]
        elif operation == 3:
            lines[index] = lines[index].lstrip(" ")
        elif operation == 4:
            lines.insert(index, draw(STATEMENTS) + "\n")
        else:
            lines[index] = "    " + lines[index]
    return "".join(lines)


PYTHON_BYTES = st.one_of(
    st.binary(max_size=300),
    PYTHON_SOURCES.map(lambda s: s.encode("utf-8")),
    mutated_sources().map(lambda s: s.encode("utf-8", "surrogatepass")),
    st.tuples(st.sampled_from([b"# -*- coding: cp1251 -*-\n", b"\xef\xbb\xbf",
                               b"# coding: nonsense\n", b"# vim: set fileencoding=utf-16 :\n",
                               b""]),
              st.binary(max_size=100)).map(lambda t: t[0] + t[1]),
)


def _as_lists(value: Any) -> Any:
    """Return ``value`` with every tuple a list, as JSON gives it back."""
    if isinstance(value, (list, tuple)):
        return [_as_lists(item) for item in value]
    if isinstance(value, dict):
        return {key: _as_lists(item) for key, item in value.items()}
    return value


def _check_numbers(value: Any, where: str) -> None:
    """Every number a per-file result holds is finite and the result is plain JSON."""
    text = json.dumps(value, allow_nan=False)  # results are cached and cross processes
    # Tuples (the per-function rows are NamedTuples) come back from the cache as lists,
    # which their readers accept: nothing else may change on the way.
    assert json.loads(text) == _as_lists(value), where
    for number in _numbers(value):
        assert math.isfinite(number), where


def _numbers(value: Any) -> Iterator[float]:
    if isinstance(value, bool):
        return
    if isinstance(value, int | float):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _numbers(item)
    elif isinstance(value, list):
        for item in value:
            yield from _numbers(item)


def _check_complexity(result: dict[str, Any], lines: int) -> None:
    for name, line, cyclomatic, cognitive, length, nesting, parameters, *_ in result["functions"]:
        assert isinstance(name, str) and name, result
        assert 1 <= line <= lines + 1, (line, lines)
        assert cyclomatic >= 1 and cognitive >= 0 and nesting >= 0 and parameters >= 0, result
        assert 1 <= length <= lines + 1, (length, lines)
    if result.get("mi") is not None:
        assert 0 <= result["mi"] <= 100, result["mi"]
        assert 0 <= result["sloc"] <= result["loc"] and result["lloc"] >= 0, result


def check_python(data: bytes, path: str = "pkg/mod.py") -> None:
    """Parse once and run every Python analyzer: no exception escapes, numbers in range."""
    parsed = parse_python(path, data)
    if parsed.tree is None or parsed.text is None:
        assert parsed.error and "\n" not in parsed.error, parsed
        return
    lines = parsed.text.count("\n") + 1
    for analyzer in PYTHON_ANALYZERS:
        options = analyzer.make_options({})
        try:
            result = analyzer.analyze_file(FileInput(path, parsed.text, parsed.tree), options)
        except RecursionError:
            continue  # bounded by the scan: a problem "nested too deeply" (test_resources)
        _check_numbers(result, f"{analyzer.name} on {path}")
        if analyzer.name == "complexity" and "functions" in result:
            _check_complexity(result, lines)


# -- text files: Markdown, reStructuredText, YAML rules, entry points -------------------------

TEXT_PATHS = st.sampled_from([
    "README.md", "docs/runbooks/high-latency.md", "RUNBOOK.md", "docs/operations/db.rst",
    "CHANGELOG.md", "alerts/rules.yml", "deploy/prometheus-rule.yaml", "docker-compose.yml",
    "Dockerfile", "Procfile", "pyproject.toml", "charts/app/Chart.yaml",
    "k8s/deployment.yaml", "mixin/alerts.libsonnet", "docs/adr/0001-x.md"])

MARKDOWN_PIECES = st.sampled_from([
    "# Title", "Title\n=====", "Sub\n---", "## Meaning", "## Impact", "## Diagnosis",
    "## Mitigation", "## Escalation", "### Heading {#custom-id}", "## Überschrift ✓",
    "## Meaning", "```sh\nkubectl get pods\n```", "```\nunclosed fence", "~~~\nx\n~~~",
    "---\ntitle: x\nalert: HighLatency\n---", "---\n: bad: [yaml\n---",
    "[link](#meaning)", "[up](../../../etc/passwd)", "[abs](/etc/hosts)",
    "[site](https://runbooks.example.com/x#y)", "<a name='anchor'></a>", "<details>raw html",
    "| a | b |\n|---|---|\n| 1 | 2 |", "- item\n  - nested\n    1. deep", "TODO", "TBD",
    "See [other runbook](other.md#mitigation).", "`SCORECARD_X` and `DB_TIMEOUT=30`",
    "> quote\n> > nested", "\t\tindented code", "Term\n: definition", "[ref]: http://x",
    "Title\n=====\n=====", ".. title\n=====", "Section\n*******\n", ".. code-block:: sh\n\n   ls",
    "\u202e\x00\x1b[31m", "#" * 300, "[" * 200 + "]" * 200, "*" * 500, "<" * 200])

MARKDOWN = st.lists(st.one_of(MARKDOWN_PIECES, st.text(max_size=40)), max_size=25).map(
    "\n\n".join)

JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
              st.text(max_size=20), st.sampled_from(["5m", "critical", "up == 0", "{{ $x }}"])),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.sampled_from(
                                ["groups", "rules", "name", "alert", "expr", "for", "labels",
                                 "annotations", "runbook_url", "severity", "record", "kind",
                                 "spec", "services", "environment", "image", "<<", "x"]),
                                inner, max_size=5)),
    max_leaves=25)


@st.composite
def rule_files(draw: st.DrawFn) -> str:
    """Prometheus rule files, well-formed, oddly typed, templated or broken."""
    rules = draw(st.lists(st.fixed_dictionaries(
        {"alert": st.one_of(st.text(max_size=12), JSON_VALUES),
         "expr": st.one_of(st.sampled_from(["up == 0", "rate(x[5m]) > 0.5"]), JSON_VALUES)},
        optional={"for": JSON_VALUES, "labels": JSON_VALUES, "annotations": st.one_of(
            JSON_VALUES, st.fixed_dictionaries({"runbook_url": st.sampled_from([
                "docs/runbooks/high-latency.md#diagnosis", "../../etc/passwd", "{{ $url }}",
                "https://github.com/o/r/blob/main/RUNBOOK.md", "", "javascript:alert(1)"])}))}),
        max_size=4))
    document: Any = {"groups": [{"name": draw(st.text(max_size=8)), "rules": rules}]}
    if draw(st.booleans()):
        document = {"apiVersion": "monitoring.coreos.com/v1", "kind": "PrometheusRule",
                    "spec": document}
    text = yaml.safe_dump(document, allow_unicode=True)
    if draw(st.booleans()):
        text = draw(st.sampled_from(["{{- if .Values.x }}\n", "&a [1]\n", "%YAML 1.1\n---\n",
                                     "---\n", "\t", ""])) + text
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(text)))
        text = text[:cut] + draw(st.text(max_size=10)) + text[cut:]
    return text


TEXTS = st.one_of(MARKDOWN, rule_files(), st.text(max_size=400),
                  JSON_VALUES.map(lambda v: yaml.safe_dump(v, allow_unicode=True)))


def check_text(path: str, text: str) -> None:
    """Run every TEXT analyzer that wants ``path``: no exception escapes, plain JSON out."""
    for analyzer in TEXT_ANALYZERS:
        if analyzer.wants(path):
            result = analyzer.analyze_file(FileInput(path, text), analyzer.make_options({}))
            _check_numbers(result, f"{analyzer.name} on {path}")


# -- git log streams ----------------------------------------------------------------------------


def history_log_module() -> ModuleType:
    """The log parser module the history analyzer reads ``git log`` through."""
    return importlib.import_module("scorecard.repo.gitlog")


def capture_log_stream(module: ModuleType, root: Path) -> bytes:
    """The exact bytes the history analyzer's own ``git log`` call gives for ``root``."""
    chunks: list[bytes] = []
    original = module.parse_log

    def recording(stream: Any, **options: Any) -> Any:
        def tee() -> Iterator[bytes]:
            for chunk in stream:
                chunks.append(chunk)
                yield chunk
        return original(tee(), **options)

    module.parse_log = recording
    try:
        from datetime import UTC, datetime
        since, until = datetime(2000, 1, 1, tzinfo=UTC), datetime(2040, 1, 1, tzinfo=UTC)
        list(module.iter_commits(root, since, until))
    finally:
        module.parse_log = original
    return b"".join(chunks)


def build_log_repo(root: Path) -> None:
    """A small history with renames, binaries, merges, odd names and odd authors."""
    from tests.gitrepo import GitRepo

    repo = GitRepo.create(root)
    repo.commit({"a.py": "x = 1\n", "bin.png": b"\x89PNG\x00\x01", "sp ace.py": "y\n"},
                author=("Ünï Cödé", ""))
    repo.commit({"new\nline.py": "n\n", "a.py": "x = 2\ny = 3\n"}, date="2026-02-01T00:00:00Z")
    repo.git("mv", "a.py", "renamed.py")
    repo.commit({"bin.png": b"\x89PNG\x00\x02", "\u202eevil.py": "e\n"},
                author=("Bob <b@x>", "b@x"), date="2026-03-01T00:00:00Z")
    repo.git("checkout", "-q", "-b", "side", "HEAD~1")
    repo.commit({"side.py": "s\n"}, date="2026-03-02T00:00:00Z")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "-m", "merge", "side", date="2026-03-03T00:00:00Z")
    repo.commits.append(repo.git("rev-parse", "HEAD").strip())


def _commit_fields(commit: Any) -> tuple[Any, ...]:
    files = getattr(commit, "files", None)
    if files is None:
        files = getattr(commit, "changes", ())
    return (commit.sha, tuple(commit.parents), commit.author, commit.email, commit.timestamp,
            tuple((f.path, f.added, f.deleted, getattr(f, "old_path", None)) for f in files))


def parse_stream(module: ModuleType, chunks: list[bytes]) -> list[tuple[Any, ...]]:
    """Parse ``chunks`` with the module's parser; check each commit's fields are in range.

    A malformed number in a stream git never writes may raise ValueError (the analyzer
    turns that into a problem); nothing else may escape.
    """
    commits = [_commit_fields(c) for c in module.parse_log(iter(chunks))]
    for sha, parents, author, email, timestamp, files in commits:
        assert isinstance(sha, str) and isinstance(author, str) and isinstance(email, str)
        assert all(isinstance(p, str) for p in parents) and isinstance(timestamp, int)
        for path, added, deleted, old_path in files:
            assert isinstance(path, str) and (old_path is None or isinstance(old_path, str))
            for count in (added, deleted):
                assert count is None or (isinstance(count, int) and count >= 0), files
    return commits


@st.composite
def chunkings(draw: st.DrawFn, data: bytes) -> list[bytes]:
    """``data`` cut into pieces at arbitrary places (a pipe delivers it so)."""
    cuts = sorted(set(draw(st.lists(st.integers(0, len(data)), max_size=12))))
    bounds = [0, *cuts, len(data)]
    return [data[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]


@st.composite
def damaged_streams(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` truncated, with bytes flipped, inserted or removed."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 6))):
        operation = draw(st.integers(0, 3))
        where = draw(st.integers(0, len(out)))
        if operation == 0:
            del out[where:]
        elif operation == 1 and where < len(out):
            out[where] = draw(st.integers(0, 255))
        elif operation == 2:
            out[where:where] = draw(st.binary(max_size=6) | st.sampled_from(
                [b"\x00", b"\x01", b"\x1e", b"\x1f", b"\t", b"-\t-\t", b"\n99999999999\t"]))
        else:
            del out[where:where + draw(st.integers(1, 20))]
    return bytes(out)


def _outcome(module: ModuleType, chunks: list[bytes]) -> object:
    try:
        return parse_stream(module, chunks)
    except ValueError:
        return "ValueError"


def check_log(module: ModuleType, stream: bytes, chunks: list[bytes]) -> None:
    """Parsing is the same however the stream is cut, and only ValueError may escape."""
    assert _outcome(module, chunks) == _outcome(module, [stream])


def run_git_log_repo(root: Path) -> bytes:
    """Build the log repository under ``root`` and return its stream (for the fuzz script)."""
    build_log_repo(root)
    return capture_log_stream(history_log_module(), root)

