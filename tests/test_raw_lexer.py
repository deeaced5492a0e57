"""The fast raw-count lexer gives radon's numbers exactly (or declines, never differs)."""

from __future__ import annotations

import sysconfig
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from radon.raw import analyze

from scorecard.analyzers.raw_lexer import count_raw_fast

TRICKY = [
    "",
    "x = 1",
    "x = 1\n",
    "# only a comment\n",
    '"""Docstring."""\n',
    '"""Multi\n\nline\n"""\nx = 1\n',
    "if x: y\n",
    "if x:\n    y\n",
    "x: int = 1\n",
    "d = {1: 2}\n",
    "f = lambda a: a\n",
    "x[1:2]\n",
    "if (y := 3):\n    pass\n",
    "if x: y; z\n",
    "a = 1; b = 2;\n",
    "x = 1 \\\n\ny = 2\n",
    '"a" \\\n\n# c\n',
    "x = 1 \\\n\n\n# c\n",
    "x = (1,\n\n2) \\\n\n# c\ny=1\n",
    "s = 'a\\\nb'\n",
    "s = f'{x:>10}' + rb'\\d' + u'x'\n",
    "call(a,  # comment\n     b)  # another\n",
    '"""one"""  # and a comment\n',
    '"a" "b"\n',
    "x = 1\x0cy = 2\n",
    "class A:\n    '''Doc.'''\n    def f(self): return 1\n",
    "@decorator\ndef f(*, a=1, **k) -> int:\n    return a\n",
]


@pytest.mark.parametrize("source", TRICKY)
def test_tricky_sources_equal_radon(source: str) -> None:
    got = count_raw_fast(source)
    assert got is not None
    assert tuple(vars(got).values()) == tuple(analyze(source))


LINES = ["x = 1", "", "# c", "if x:", "    y = 2", "if x: y", "a; b", '"""d"""', '"""',
         "call(a,", "b)", "x = 1 \\", "d = {1: 2}", "s = 'q'  # c", "lambda a: a"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(LINES), max_size=12))
def test_random_line_mixes_never_differ(lines: list[str]) -> None:
    source = "\n".join(lines) + "\n"
    try:
        expected = tuple(analyze(source))
    except SyntaxError:
        return  # radon rejects it; the caller's exact path reports the same
    got = count_raw_fast(source)
    if got is not None:
        assert tuple(vars(got).values()) == expected


STDLIB = Path(sysconfig.get_paths()["stdlib"])


@pytest.mark.parametrize("folder", ["email", "json", "asyncio", "logging", "importlib",
                                    "unittest", "xml", "http", "concurrent", "sqlite3"])
def test_real_code_equals_radon(folder: str) -> None:
    compared = 0
    for path in sorted((STDLIB / folder).rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        try:
            expected = tuple(analyze(source))
        except SyntaxError:
            continue
        got = count_raw_fast(source)
        assert got is not None, path
        assert tuple(vars(got).values()) == expected, path
        compared += 1
    assert compared > 0
