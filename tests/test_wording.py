"""The words for counts: "1 file", "2 files", "1 of 3 functions", and the template filters."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from jinja2 import Environment

from scorecard.reporters.templating import html_environment, markdown_environment
from scorecard.wording import agree, count_text, counted, counted_of


@pytest.mark.parametrize(("count", "noun", "plural", "expected"), [
    (1, "file", None, "1 file"),
    (0, "file", None, "0 files"),
    (2, "file", None, "2 files"),
    (1, "fix", "fixes", "1 fix"),
    (2, "fix", "fixes", "2 fixes"),
    (1, "analysis", "analyses", "1 analysis"),
    (3, "analysis", "analyses", "3 analyses"),
    (2, "fix commit", None, "2 fix commits"),
    (12_345, "line", None, "12,345 lines"),
    (-1, "day", None, "-1 days"),
])
def test_counted(count: int, noun: str, plural: str | None, expected: str) -> None:
    assert counted(count, noun, plural) == expected


def test_counted_of_agrees_with_the_whole() -> None:
    assert counted_of(1, 1, "function") == "1 of 1 function"
    assert counted_of(1, 3, "function") == "1 of 3 functions"
    assert counted_of(0, 0, "function") == "0 of 0 functions"
    assert counted_of(1_000, 2_000, "analysis", "analyses") == "1,000 of 2,000 analyses"


def test_agree_gives_the_word_alone() -> None:
    assert agree(1, "file") == "file"
    assert agree(0, "file") == "files"
    assert agree(1, "is", "are") == "is"
    assert agree(2, "is", "are") == "are"
    assert count_text(1234567) == "1,234,567"


@pytest.mark.parametrize("environment", [markdown_environment, html_environment])
def test_templates_count_with_the_same_words(environment: Callable[[], Environment]) -> None:
    template = environment().from_string(
        '{{ n | counted("file") }}; {{ k | counted_of(n, "hotspot") }}')
    assert template.render(n=1, k=1) == "1 file; 1 of 1 hotspot"
    assert template.render(n=2, k=1) == "2 files; 1 of 2 hotspots"
