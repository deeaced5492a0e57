"""Complexity measures composed from statements equal the whole-module measurement.

The reference is the whole-module computation (radon's visitors on the whole tree, raw counts
of the whole text), itself compared with radon in test_radon_parity. A file's statements that
are unchanged since its previous version are not measured again.
"""

from __future__ import annotations

import ast
import textwrap
from typing import Any

import pytest

from scorecard.analyzers import statement_parts
from scorecard.analyzers.base import FileInput
from scorecard.analyzers.complexity import ComplexityAnalyzer
from scorecard.analyzers.function_measures import measure_functions
from scorecard.analyzers.raw_lexer import count_raw_fast
from scorecard.analyzers.raw_metrics import count_raw, halstead_volume, maintainability_index
from scorecard.filescan.pool import _batches
from scorecard.filescan.worker import _analyze_batch

TRICKY = '''\
#!/usr/bin/env python
"""Module docstring
# not a comment, inside the string
"""
from __future__ import annotations

import os, sys  # two names
# a comment between statements

X = {"a": 1, "b": [i for i in range(3) if i], 'c': (lambda y: y or 2)}


@decorator(
    "arg",  # comment inside the decorator
)
# a comment between decorators
@other
class Base(object, metaclass=Meta):
    # a comment before the body

    """Class docstring."""

    attribute = 1 if X else 2

    @property
    def value(self, a, b=2, *args, c, **kw):
        """Method."""
        if a and b or c:
            for i in args:
                while i:
                    i -= 1
            else:
                return 1
        try:
            pass
        except (ValueError, KeyError):
            pass
        except OSError:
            raise
        else:
            pass
        return [x for x in args if x if not x]

    class Inner:
        def deep(self):
            def closure():
                return lambda: 1 + 2 * 3
            return closure

    async def run(self) -> None:
        async with lock:
            async for item in stream():
                match item:
                    case {"k": v} if v:
                        print(v)
                    case [a, *rest]:
                        pass
                    case _:
                        pass


class OneLine: pass


def function(a: int = 1 << 2, b: str = "x" \\
             "y") -> str:
    text = """
    # still a string
    """
    assert a, "message"
    return f"{a!r} {text}" + b


if sys.version_info >= (3, 11):
    def conditional():
        return -1
elif os.name:
    def conditional():
        return ~1


try:
    import json
except ImportError:  # pragma: no cover
    json = None

# trailing comment


'''


def _whole(item: FileInput) -> dict[str, Any]:
    """The measurement of the whole module at once (what the composition must equal)."""
    assert item.tree is not None
    total, functions = measure_functions(item.path, item.tree, item.text)
    raw = count_raw_fast(item.text) or count_raw(item.text)
    return {"functions": [f.to_row() for f in functions], "sloc": raw.sloc, "lloc": raw.lloc,
            "loc": raw.loc,
            "mi": maintainability_index(halstead_volume=halstead_volume(item.tree),
                                        total_complexity=total, raw=raw)}


def _item(path: str, source: str) -> FileInput:
    return FileInput(path, source, ast.parse(source))


def _analyze(item: FileInput) -> dict[str, Any]:
    """Analyse as a worker does when more versions of the path follow (so it composes)."""
    statement_parts.expect_versions([item.path])
    return dict(ComplexityAnalyzer().analyze_file(item, {}))


def test_a_path_seen_once_is_measured_whole_and_versions_compose(
        monkeypatch: pytest.MonkeyPatch) -> None:
    measured: list[int] = []
    original = statement_parts.measure_statement

    def counting(statement: ast.stmt, lines: list[str], first: int,
                 prefix: str = "") -> statement_parts.StatementMeasures:
        measured.append(first)
        return original(statement, lines, first, prefix)

    monkeypatch.setattr(statement_parts, "measure_statement", counting)
    options: dict[str, dict[str, Any]] = {"complexity": {}}
    once = _analyze_batch([("lone.py", TRICKY.encode(), ("complexity",), options, 0.0)])
    assert not measured  # one version: measured whole
    twice = _analyze_batch([(path, TRICKY.encode(), ("complexity",), options, 0.0)
                            for path in ("mod.py", "mod.py")])
    assert measured  # two versions in a row: the first measured statement by statement
    assert (once[0]["complexity"] == twice[0]["complexity"] == twice[1]["complexity"]
            == _whole(_item("x.py", TRICKY)))


def test_tricky_module_composes_and_equals_the_whole_measurement() -> None:
    item = _item("tricky.py", TRICKY)
    assert item.tree is not None
    assert statement_parts.measure_module("tricky.py", item.tree, TRICKY) is not None
    result = _analyze(item)
    assert result == _whole(item)
    names = {row[0] for row in result["functions"]}
    assert {"Base.value", "Base.Inner.deep", "Base.Inner.deep.closure", "Base.run",
            "function", "conditional"} <= names


@pytest.mark.parametrize("source", [
    "a = 1; b = 2\nif a:\n    pass\n",  # statements sharing a line
    "x = 1\n\x0c\ndef f():\n    return 1\n",  # a form feed: str.splitlines sees one more line
    "x = 1\r\ndef f():\r\n    return 1\ry = 2\n",  # a lone carriage return
], ids=["semicolon", "form-feed", "carriage-return"])
def test_files_outside_the_model_are_measured_whole(source: str) -> None:
    item = _item("odd.py", source)
    assert item.tree is not None
    assert statement_parts.measure_module("odd.py", item.tree, source) is None
    assert _analyze(item) == _whole(item)


def test_an_edited_version_measures_only_its_changed_statements(
        monkeypatch: pytest.MonkeyPatch) -> None:
    measured: list[int] = []
    original = statement_parts.measure_statement

    def counting(statement: ast.stmt, lines: list[str], first: int,
                 prefix: str = "") -> statement_parts.StatementMeasures:
        measured.append(first)
        return original(statement, lines, first, prefix)

    monkeypatch.setattr(statement_parts, "measure_statement", counting)
    first = _item("pkg/mod.py", TRICKY)
    assert _analyze(first) == _whole(first)
    everything = len(measured)
    # One method edited, and two lines added above everything: positions shift.
    edited_source = "# header\n\n" + TRICKY.replace("i -= 1", "i -= 2 if i else 1")
    edited = _item("pkg/mod.py", edited_source)
    measured.clear()
    assert _analyze(edited) == _whole(edited)
    assert len(measured) == 1  # only Base.value (a statement of Base's body) again
    assert everything > 10
    # Another file in between forgets the first file's statements.
    _analyze(_item("other.py", "x = 1\n"))
    measured.clear()
    _analyze(_item("pkg/mod.py", TRICKY))
    assert len(measured) == everything


def test_batches_keep_the_versions_of_a_path_together(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("scorecard.filescan.pool.BATCH_BYTES", 10)
    options: dict[str, dict[str, Any]] = {}
    tasks = [(path, b"x" * 8, ("complexity",), options, 1.0)
             for path in ("a.py", "a.py", "a.py", "b.py", "c.py", "c.py")]
    batches = [[task[0] for task in batch] for batch in _batches(list(tasks))]
    assert batches == [["a.py", "a.py", "a.py"], ["b.py", "c.py", "c.py"]]


def test_source_lines_are_measured_from_the_file_as_written() -> None:
    source = textwrap.dedent('''\
        class A:
            def f(self):
                return 1



        def g():
            return 2
        ''')
    item = _item("a.py", source)
    assert _analyze(item) == _whole(item)


@pytest.mark.parametrize("source", [
    "", "# only a comment\n", "\n\n\n", "x = 1", "class A:\n    pass  # c\n\n\n# end",
    "@d\n\nclass A(\n    B,\n):  # c\n\n    # body comment\n    x = 1\n",
    "if True:\n    class A:\n        def f(self):\n            return 1\n",
    'def f():\n    """Doc."""\n\n\n\n',
], ids=["empty", "comment", "blank", "no-newline", "trailing", "header", "nested", "doc"])
def test_small_and_odd_modules_equal_the_whole_measurement(source: str) -> None:
    item = _item("small.py", source)
    assert _analyze(item) == _whole(item)
