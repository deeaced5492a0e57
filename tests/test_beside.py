"""Work run beside the process in a forked child gives what it would give here."""

from __future__ import annotations

import os

import pytest

from scorecard.beside import Beside


def test_the_childs_result_comes_back() -> None:
    parent = os.getpid()
    assert Beside(lambda: (os.getpid() != parent, [1, 2, 3])).result() == (True, [1, 2, 3])


def test_an_exception_in_the_child_is_raised_here() -> None:
    def fails() -> int:
        raise ValueError("bad input")

    with pytest.raises(ValueError, match="bad input"):
        Beside(fails).result()


def test_a_child_that_dies_is_redone_here() -> None:
    parent = os.getpid()

    def dies_in_the_child() -> str:
        if os.getpid() != parent:
            os._exit(3)
        return "done here"

    assert Beside(dies_in_the_child).result() == "done here"


def test_an_answer_that_does_not_pickle_is_redone_here() -> None:
    parent = os.getpid()

    def unpicklable() -> object:
        return (lambda: 1) if os.getpid() != parent else "done here"

    assert Beside(unpicklable).result() == "done here"
