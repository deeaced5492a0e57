"""Linear-time raw line counts and maintainability index equal radon's, exactly.

radon is the reference: every source here is given to both ``radon.raw.analyze`` (and
``radon.metrics.mi_visit``) and to our implementation, and the results must be identical,
including which inputs raise ``SyntaxError``. Real-world code comes from the running
interpreter's standard library and from a few installed third-party packages.
"""

from __future__ import annotations

import ast
import importlib.util
import sysconfig
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from radon.metrics import mi_visit
from radon.raw import analyze
from radon.visitors import ComplexityVisitor

from scorecard.analyzers.raw_metrics import (
    RawCounts,
    count_raw,
    halstead_volume,
    maintainability_index,
)

Outcome = RawCounts | str


def _radon(source: str) -> Outcome:
    try:
        return RawCounts(*analyze(source))
    except SyntaxError as exc:
        return f"SyntaxError: {exc}"


def _ours(source: str) -> Outcome:
    try:
        return count_raw(source)
    except SyntaxError as exc:
        return f"SyntaxError: {exc}"


# Small sources, each exercising one of radon's rules or quirks.
TABLE: dict[str, str] = {
    "empty": "",
    "only newline": "\n",
    "only blank lines": "\n\n  \n\t\n",
    "no trailing newline": "x = 1\ny = 2",
    "assignment": "x = 1\n",
    "single comment": "# hello\n",
    "indented comment": "def f():\n    # inside\n    return 1\n",
    "trailing comment": "x = 1  # set x\n",
    "comment with colon": "x = 1  # note: not a block\n",
    "one-line docstring": '"""Doc."""\n',
    "multi-line docstring": '"""Summary.\n\nDetails.\n"""\nx = 1\n',
    "docstring then code on line": '"""a\nb""" + x\n',
    "two strings on one line": "'a' 'b'\n",
    "string then semicolon": "'''a'''; x = 1\n",
    "blank lines inside string": "x = '''\n\n\nend'''\n",
    "function docstrings": 'def f():\n    """One."""\n\ndef g():\n    """Two\n    lines."""\n',
    "class body": "class A(Base):\n    x: int = 1\n\n    def m(self) -> None:\n        pass\n",
    "decorators": "@dec\n@other(1)\ndef f():\n    return 2\n",
    "if with body on line": "if x: y\n",
    "if header only": "if x:\n    y\n",
    "header with comment": "if x:  # why\n    y\n",
    "body and comment": "if x: return 0  # why\n",
    "try on one line": "try: 1/0\nexcept ZeroDivisionError: pass\n",
    "semicolons": "a = 1; b = 2; c = 3\n",
    "trailing semicolon": "a = 1;\n",
    "if body semicolon": "if x: y; z\n",
    "colon before semicolon": "a: int; b\n",
    "lambda colon": "f = lambda x: x + 1\n",
    "slice and dict colons": "y = x[1:2]\nd = {1: 2}\n",
    "annotation": "x: int = 1\n",
    "walrus": "if (n := 10) > 5:\n    pass\n",
    "backslash continuation": "x = 1 + \\\n    2\n",
    "backslash then blank": "x = 1 + \\\n\ny = 2\n",
    "backslash then two blanks": "x = 1 + \\\n\n\ny = 2\n",
    "backslash at end of file": "x = 1 + \\\n",
    "multi-line brackets": "x = [\n    1,\n\n    2,  # two\n]\n",
    "multi-line call": "f(\n    a,\n    b=2,\n)\n",
    "comment inside brackets": "x = (\n    # only a comment\n    1\n)\n",
    "string continued by backslash": "s = 'abc\\\ndef'\n",
    "form feed line": "x = 1\n\x0c\ny = 2\n",
    "form feed in code": "x = 1\x0cy = 2\n",
    "other line breaks": "x = 1\x1cy = 2\x85z = 3\u2028w = 4\n",
    "line separator in string": "s = 'a\u2028b'\n",
    "form feed in triple string": "s = '''a\x0cb'''\n",
    "crlf": "x = 1\r\n# c\r\n\r\ny = 2\r\n",
    "cr only": "x = 1\r# c\ry = 2\r",
    "tabs and spaces": "\tif x:\n\t    y  \n",
    "f-strings": "name = f'{x!r}: {y:>10}'\nt = f'''\n{x}\n'''\n",
    "raw and byte strings": "r = r'\\d+'\nb = b'''\nx'''\n",
    "async": "async def f():\n    async with a as b: await b\n",
    "match statement": "match x:\n    case 1: pass\n    case _:\n        pass\n",
    "unclosed bracket": "x = (\n1,\n",
    "unclosed string": "x = '''\nabc\n",
    "error token": "x = $\ny = 1\n",
    "stray closing bracket": ")\n(\n",
    "nested functions": "def f():\n    def g(): return 1\n    return g\n",
    "comment after code lines": "x = 1\n# a\n# b\n\n\ny = 2  # c\n",
    "ellipsis body": "def f(): ...\nclass A: ...\n",
}


@pytest.mark.parametrize("source", TABLE.values(), ids=TABLE.keys())
def test_table_equals_radon(source: str) -> None:
    assert _ours(source) == _radon(source)


def test_known_values() -> None:
    assert count_raw("") == RawCounts(0, 0, 0, 0, 0, 0, 0)
    assert count_raw("if x: y\n") == RawCounts(1, 2, 1, 0, 0, 0, 0)
    assert count_raw('"""a\n\nb"""\n# c\n') == RawCounts(4, 1, 0, 1, 2, 1, 1)
    with pytest.raises(SyntaxError, match="SyntaxError at line: 2"):
        count_raw("x = 1\ny = (\n")


LINES = [
    "", "x = 1", "if x: y", "if x:", "    return 0", "a; b", "x = (", ")", "[", "]", "1,",
    "x = 1 \\", "'''", '"""doc"""', "'abc\\", "def'", "# c", "x  # c: d", "f'{x}'", "@dec",
    "class A:", "lambda: 0", "d = {1: 2}", "\x0c", "'a\u2028b'", "$", "  ", "x: int = 1;", "pass;",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(LINES), max_size=12),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.booleans(),
)
def test_random_line_mixes_equal_radon(lines: list[str], newline: str, trailing: bool) -> None:
    source = newline.join(lines) + (newline if trailing else "")
    assert _ours(source) == _radon(source)


def _mi(code: str, count_multi: bool) -> float:
    tree = ast.parse(code)
    return maintainability_index(
        halstead_volume=halstead_volume(tree),
        total_complexity=ComplexityVisitor.from_ast(tree).total_complexity,
        raw=count_raw(code),
        count_multi=count_multi,
    )


@pytest.mark.parametrize("count_multi", [True, False])
def test_mi_of_small_sources_equals_radon(count_multi: bool) -> None:
    for source in TABLE.values():
        try:
            expected = mi_visit(source, count_multi)
        except SyntaxError:
            continue
        assert _mi(source, count_multi) == expected, source


# Varied real-world modules: parsers, networking, data structures, async, CLI tools, generated
# tables, code heavy with docstrings or with long literals.
STDLIB = Path(sysconfig.get_paths()["stdlib"])
STDLIB_SAMPLE = [
    "_collections_abc.py", "_pydecimal.py", "_strptime.py", "abc.py", "aifc.py", "argparse.py",
    "ast.py", "asyncio/events.py", "asyncio/streams.py", "bdb.py", "cgi.py", "cmd.py", "codecs.py",
    "colorsys.py", "compileall.py", "copy.py", "csv.py", "ctypes/__init__.py", "dataclasses.py",
    "datetime.py", "decimal.py", "difflib.py", "dis.py", "doctest.py",
    "email/_header_value_parser.py", "email/utils.py", "encodings/cp1252.py", "encodings/idna.py",
    "enum.py", "fileinput.py", "fractions.py", "ftplib.py", "functools.py", "html/parser.py",
    "http/server.py", "importlib/metadata/__init__.py", "inspect.py", "ipaddress.py",
    "json/scanner.py", "keyword.py", "lib2to3/pgen2/tokenize.py", "logging/config.py",
    "mimetypes.py", "multiprocessing/connection.py", "opcode.py", "os.py", "pdb.py", "platform.py",
    "pprint.py", "pydoc.py", "random.py", "re/_parser.py", "shlex.py", "sqlite3/dump.py", "ssl.py",
    "string.py", "tarfile.py", "textwrap.py", "tokenize.py", "tomllib/_parser.py", "turtle.py",
    "typing.py", "unittest/case.py", "urllib/parse.py", "uuid.py", "wave.py",
    "xml/etree/ElementTree.py", "zipfile.py", "zoneinfo/_zoneinfo.py",
]
# Modules of installed packages, found by import name so no path is assumed.
PACKAGE_SAMPLE = [
    "radon.raw", "radon.visitors", "jinja2.compiler", "jinja2.lexer", "rich.console",
    "rich.table", "git.repo.base", "_pytest.python", "hypothesis.strategies",
]


def _package_path(module: str) -> Path | None:
    try:
        spec = importlib.util.find_spec(module)
    except ImportError:
        return None
    if spec is None or spec.origin is None or not spec.origin.endswith(".py"):
        return None
    return Path(spec.origin)


def _assert_equal_to_radon(path: Path) -> None:
    try:
        code = path.read_text(encoding="utf-8")
        expected_raw = RawCounts(*analyze(code))
        expected_mi = mi_visit(code, True)
    except (SyntaxError, UnicodeDecodeError) as exc:
        pytest.skip(f"radon itself cannot measure this file: {exc}")
    assert count_raw(code) == expected_raw
    assert _mi(code, True) == expected_mi


@pytest.mark.parametrize("relative", STDLIB_SAMPLE)
def test_stdlib_module_equals_radon(relative: str) -> None:
    path = STDLIB / relative
    if not path.is_file():
        pytest.skip(f"{relative} is not in this Python's standard library")
    _assert_equal_to_radon(path)


@pytest.mark.parametrize("module", PACKAGE_SAMPLE)
def test_installed_package_module_equals_radon(module: str) -> None:
    path = _package_path(module)
    if path is None:
        pytest.skip(f"{module} is not installed as Python source")
    _assert_equal_to_radon(path)


def test_long_statement_is_counted_like_radon() -> None:
    # The case radon is slow on: one statement spanning many lines (kept small here).
    source = "DATA = [\n" + "".join(f"    {i},  # item {i}\n" for i in range(150)) + "]\n"
    assert count_raw(source) == RawCounts(*analyze(source))
