"""Complexity shares measure the product: tests, examples, generated code and @overload stubs
are measured (radon's rows stay whole) but left out of the shares, the distribution and the
worst functions, and every note says how many were left out."""

from __future__ import annotations

from pathlib import Path

import pytest

from scorecard.analyzers.complexity import ComplexityAnalyzer
from scorecard.facts.complexity_facts import ComplexityFacts
from tests.runbooks_support import Outcome, run

BRANCHY = "def {name}(x):\n" + "".join(
    f"    if x == {i}:\n        return {i}\n" for i in range(11)) + "    return -1\n"
SIMPLE = "def {name}(x):\n    return x\n"

CC_SHARE = "complexity.cyclomatic_over_limit_share"


def _write(root: Path, files: dict[str, str]) -> None:
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)


def _scan(root: Path) -> tuple[Outcome, ComplexityFacts]:
    outcome = run(ComplexityAnalyzer(), root)
    assert isinstance(outcome.facts, ComplexityFacts)
    return outcome, outcome.facts


@pytest.mark.parametrize("elsewhere", [
    "tests/test_many.py", "pkg/tests/test_many.py", "test/unit/many_test.py",
    "examples/tutorial/many.py", "docs/snippets/many.py", "pkg/many_pb2.py",
    "app/migrations/0001_initial.py",
])
def test_functions_outside_the_product_are_measured_but_not_counted(
        tmp_path: Path, elsewhere: str) -> None:
    _write(tmp_path, {
        "pkg/core.py": BRANCHY.format(name="route") + SIMPLE.format(name="ok"),
        elsewhere: "".join(SIMPLE.format(name=f"f{i}") + "\n" for i in range(8))
        + BRANCHY.format(name="tangled"),
    })
    outcome, facts = _scan(tmp_path)
    # The product has two functions, one over the limit: 50 %, whatever the tests hold.
    assert outcome.value(CC_SHARE) == 50.0
    assert outcome.where(CC_SHARE) == [("pkg/core.py", 1)]
    note = outcome.measurements[CC_SHARE].note
    assert note.startswith("1 of 2 functions over 10")
    assert "not counted: 9 functions in tests, examples, docs or generated files" in note
    assert facts.functions == 2 and facts.not_product_functions == 9
    assert [w.function for w in facts.worst_functions] == ["route", "ok"]
    # The per-file rows keep every function (a diff and radon's parity need them).
    assert len(facts.functions_by_file[elsewhere]) == 9
    assert facts.file_sloc[elsewhere] is not None


def test_build_scripts_stay_in_the_product(tmp_path: Path) -> None:
    _write(tmp_path, {"pkg/core.py": SIMPLE.format(name="ok"),
                      "scripts/release.py": BRANCHY.format(name="release")})
    outcome, _ = _scan(tmp_path)
    assert outcome.value(CC_SHARE) == 50.0
    assert "not counted" not in outcome.measurements[CC_SHARE].note


OVERLOADS = '''import typing
from typing import overload


class Reader:
    @overload
    def read(self, size: int) -> bytes: ...
    @typing.overload
    def read(self, size: None) -> str: ...
    def read(self, size):
        return size


@overload
async def fetch(url: str) -> bytes: ...
@overload
async def fetch(url: bytes) -> bytes: ...
async def fetch(url):
    return url
'''


def test_overload_stubs_are_left_out_of_the_shares(tmp_path: Path) -> None:
    _write(tmp_path, {"pkg/io.py": OVERLOADS})
    outcome, facts = _scan(tmp_path)
    note = outcome.measurements[CC_SHARE].note
    assert note == "0 of 2 functions over 10; not counted: 4 @overload stubs"
    assert facts.functions == 2 and facts.overload_stubs == 4
    assert len(facts.functions_by_file["pkg/io.py"]) == 6  # radon lists the stubs too


def test_a_repository_of_tests_only_says_why_nothing_was_counted(tmp_path: Path) -> None:
    _write(tmp_path, {"tests/test_a.py": SIMPLE.format(name="test_a")})
    outcome, facts = _scan(tmp_path)
    measurement = outcome.measurements[CC_SHARE]
    assert measurement.value is None
    assert measurement.note == ("no functions found; not counted: 1 function in tests, "
                                "examples, docs or generated files")
    large = outcome.measurements["complexity.large_file_share"]
    assert large.value is None
    assert "not counted: 1 test, example, docs or generated file" in large.note
    assert facts.files == 1 and facts.functions == 0


def test_file_shares_count_product_lines_only(tmp_path: Path) -> None:
    big = "".join(f"value_{i} = {i}\n" for i in range(1200))
    _write(tmp_path, {"pkg/core.py": SIMPLE.format(name="ok"), "tests/test_big.py": big})
    outcome, _ = _scan(tmp_path)
    large = outcome.measurements["complexity.large_file_share"]
    assert large.value == 0.0
    assert large.note == ("0 of 1 file over 1000 source lines; not counted: 1 test, "
                          "example, docs or generated file")
