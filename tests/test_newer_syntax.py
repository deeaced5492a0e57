"""Code in a newer Python's syntax: the reason says which syntax, and how to measure it."""

from __future__ import annotations

import sys

import pytest

from scorecard.parsing import parse_python

NEWER = [
    ((3, 12), "a type statement", "type Alias = list[int]\n"),
    ((3, 12), "a type statement", "type Pair[T] = tuple[T, T]\n"),
    ((3, 12), "type parameters", "def first[T](items: list[T]) -> T:\n    return items[0]\n"),
    ((3, 12), "type parameters", "async def run[**P, R](f):\n    return f\n"),
    ((3, 12), "type parameters", "class Box[T]:\n    pass\n"),
    ((3, 14), "an except clause without parentheses",
     "try:\n    pass\nexcept ValueError, TypeError:\n    pass\n"),
]


@pytest.mark.parametrize(("version", "what", "source"), NEWER)
def test_newer_syntax_is_named_with_the_python_that_reads_it(
        version: tuple[int, int], what: str, source: str) -> None:
    parsed = parse_python("m.py", source.encode())
    if sys.version_info[:2] >= version:
        assert parsed.tree is not None  # this Python reads it: measured as any code
        return
    assert parsed.tree is None and parsed.error is not None
    assert parsed.error.endswith(
        f"; it uses Python {version[0]}.{version[1]} syntax ({what}): run scorecard on "
        f"Python {version[0]}.{version[1]} or later to measure it")


@pytest.mark.parametrize("source", ["x = (\n", "def f(:\n    pass\n", "type = (\n"])
def test_an_ordinary_syntax_error_names_no_newer_python(source: str) -> None:
    error = parse_python("m.py", source.encode()).error
    assert error is not None and "or later to measure it" not in error


def test_type_as_a_name_still_parses() -> None:
    assert parse_python("m.py", b"type = 3\nprint(type(type))\n").tree is not None


@pytest.mark.parametrize("source", [
    'name = f"{"quoted"}"\n',
    "line = f'{\"\\n\".join(parts)}'\n",
    "value = f'{data['key']}'\n",
])
def test_an_f_string_of_python_3_12_is_pointed_out(source: str) -> None:
    parsed = parse_python("m.py", source.encode())
    if sys.version_info[:2] >= (3, 12):
        assert parsed.tree is not None
        return
    assert parsed.error is not None and parsed.error.endswith(
        "; Python 3.12 f-strings allow this (PEP 701): if the project runs on 3.12 or later, "
        "run scorecard on it to measure this file")
