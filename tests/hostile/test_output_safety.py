"""Output safety: every reporter neutralises hostile text from the repository.

Each reporter renders a report (or diff) whose every repository string carries HTML,
Markdown tables and links, ANSI escape sequences, @-mentions, bidi overrides and a very long
line. The Markdown and HTML outputs are parsed and their structure compared with the same
report made of plain words: hostile text may add characters, never a tag, table cell, link,
heading or ping. Terminal output keeps no control character but colour codes of its own.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from scorecard import api
from scorecard.reporters import render_json, render_markdown, render_terminal
from scorecard.reporters.comment import comment_from_text, render_comment
from scorecard.reporters.diff_report import (
    render_diff_json,
    render_diff_markdown,
    render_diff_terminal,
)
from scorecard.reporters.html import QuarterPoint, ReportPage, render_html
from scorecard.reporters.sarif import render_sarif
from scorecard.textsafety import UNSAFE_INLINE
from tests.hostile.generators import (
    BIDI,
    HOSTILE_TEXTS,
    LONG,
    MENTIONS,
    Text,
    benign,
    every_string,
    hostile,
    hostile_diff,
    hostile_gate,
    hostile_report,
)

_SGR = re.compile(r"\x1b\[[0-9;]*m")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_STRUCTURE = {"heading_open", "table_open", "tr_open", "th_open", "td_open", "link_open",
              "image", "html_block", "html_inline", "fence", "code_block", "code_inline",
              "hr", "blockquote_open", "bullet_list_open", "ordered_list_open",
              "strong_open", "em_open", "s_open"}


def _markdown_structure(text: str) -> Counter[str]:
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    found: Counter[str] = Counter()
    for token in parser.parse(text):
        for item in (token, *(token.children or ())):
            if item.type in _STRUCTURE:
                found[item.type] += 1
            if item.type in ("html_block", "html_inline"):
                found[f"html:{item.content.strip()[:20]}"] += 1
    return found


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.attributes: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        self.attributes.extend(attrs)


def _html_tags(text: str) -> _Tags:
    parser = _Tags()
    parser.feed(text)
    parser.close()
    return parser


def _assert_markdown_safe(hostile_text: str, benign_text: str) -> None:
    assert _markdown_structure(hostile_text) == _markdown_structure(benign_text)
    assert not _CONTROL.search(hostile_text.replace("\n", "")), "control character in Markdown"
    for mention in MENTIONS:
        assert mention not in hostile_text  # a zero-width space keeps GitHub from pinging
    html = MarkdownIt("commonmark").enable("table").render(hostile_text)
    assert "<script" not in html and "<img" not in html and "javascript:" not in re.sub(
        r">[^<]*<", "><", html)  # javascript: may appear as text, never inside a tag


def _assert_html_safe(hostile_text: str, benign_text: str) -> None:
    hostile_tags, benign_tags = _html_tags(hostile_text), _html_tags(benign_text)
    # A path may break after each "/" (the page adds a <wbr> there): how many there are
    # depends on the text by design, and the tag carries nothing.
    assert hostile_tags.tags - Counter(wbr=hostile_tags.tags["wbr"]) == \
        benign_tags.tags - Counter(wbr=benign_tags.tags["wbr"])
    assert "script" not in hostile_tags.tags
    for name, value in hostile_tags.attributes:
        assert not name.startswith("on"), name
        assert not (value or "").strip().lower().startswith("javascript:"), value
    assert not _CONTROL.search(hostile_text.replace("\n", "")), "control character in HTML"


def _assert_terminal_safe(text: str, *, width: int | None = 100) -> None:
    assert not _CONTROL.search(_SGR.sub("", text).replace("\n", "")), "control character"
    if width is not None:
        assert max(len(line) for line in _SGR.sub("", text).splitlines()) <= width


def _both(render: object, builder: object) -> tuple[str, str]:
    make = builder  # report, diff or (diff, gate) builder taking the text function
    return render(make(hostile)), render(make(benign))  # type: ignore[operator]


def test_terminal_report() -> None:
    for color in (False, True):
        text = render_terminal(hostile_report(), color=color)
        _assert_terminal_safe(text)
        if not color:
            assert "\x1b" not in text


def test_json_report_is_lossless_and_escaped() -> None:
    report = hostile_report()
    text = render_json(report)
    assert "\x1b" not in text and "\x07" not in text  # JSON escapes control characters
    # and the C1 controls, bidi overrides and separators json.dumps leaves raw are escaped
    assert not UNSAFE_INLINE.search(text)
    strings = set(every_string(json.loads(text)))
    for value in (report.repository, report.problems[0].message, report.skipped[0].path):
        assert value in strings  # data, not display: kept exactly


def test_markdown_report() -> None:
    hostile_text, benign_text = _both(render_markdown, lambda t: hostile_report(text=t))
    _assert_markdown_safe(hostile_text, benign_text)


def test_html_report_and_quarterly_page(tmp_path: Path) -> None:
    checks = api.load_effective_checks(tmp_path, environ={}).checks

    def page(text: Text) -> str:
        current = hostile_report(text=text)
        quarters = [QuarterPoint(text(400 + i), hostile_report(text=text)) for i in range(3)]
        return render_html(ReportPage(current=current, title=text(410), quarters=quarters,
                                      checks=checks, notes=(text(411),)))

    _assert_html_safe(page(hostile), page(benign))


def test_sarif() -> None:
    report = hostile_report()
    checks = api.load_effective_checks(Path("."), environ={}).checks
    rules = [replace(checks[0], id=c.id) for p in report.pillars for c in p.checks]
    text = render_sarif(report, rules)
    log = json.loads(text)
    results = log["runs"][0]["results"]
    assert results  # failing and warning checks' findings became results
    for result in results:
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert not re.search(r"[\s<>\"\x00-\x1f\x7f]", uri), uri  # percent-encoded
    assert "\x1b" not in text


def test_diff_formats() -> None:
    def terminal(t: Text) -> str:
        return render_diff_terminal(hostile_diff(t), hostile_gate(t))

    def markdown(t: Text) -> str:
        return render_diff_markdown(hostile_diff(t), hostile_gate(t))

    _assert_terminal_safe(terminal(hostile), width=None)
    hostile_md, benign_md = markdown(hostile), markdown(benign)
    _assert_markdown_safe(hostile_md, benign_md)
    diff_json = render_diff_json(hostile_diff(), hostile_gate())
    assert not UNSAFE_INLINE.search(diff_json)
    assert hostile(210) in set(every_string(json.loads(diff_json)))


def test_pr_comment_and_comment_from_a_file() -> None:
    def comment(t: Text) -> str:
        return render_comment(hostile_diff(t), gate=hostile_gate(t),
                              full_report_url="https://ci.example/run/1")

    hostile_md, benign_md = comment(hostile), comment(benign)
    _assert_markdown_safe(hostile_md, benign_md)
    assert LONG not in hostile_md and len(hostile_md) <= 65_536
    posted = comment_from_text("\n".join(HOSTILE_TEXTS))
    for mention in MENTIONS:
        assert mention not in posted


@pytest.mark.parametrize("text", [BIDI, LONG, "\x1b]8;;https://evil.example\x1b\\x"])
def test_single_hostile_strings_in_the_terminal(text: str) -> None:
    report = hostile_report(text=lambda i: text)
    _assert_terminal_safe(render_terminal(report))


def _named_repo(root: Path, text: Text) -> Path:
    """A real repository whose file names, authors and commit messages carry ``text``."""
    from tests.gitrepo import GitRepo

    repo = GitRepo.create(root)
    safe_name = re.sub(r"[/\x00]", "_", text(1))[:150]  # a file name cannot hold / or NUL
    body = "def f(a, b, c, d, e, f, g):\n" + "".join(
        "    " * (i + 1) + f"if a > {i}:\n" for i in range(6)) + "    " * 7 + "return 1\n"
    for month in range(1, 7):
        repo.commit({f"{safe_name}.py": body + f"# {month}\n", "core.py": body + f"# {month}\n"},
                    message=text(2), author=(text(3)[:200], f"{text(4)[:50]}@example.com"),
                    date=f"2026-0{month}-05T12:00:00+00:00")
    return repo.root


def test_real_repository_with_hostile_names_through_every_format(tmp_path: Path) -> None:
    from tests.hostile.generators import NOW

    reports = {}
    for name, text in (("hostile", hostile), ("benign", benign)):
        root = _named_repo(tmp_path / name, text)
        reports[name] = api.scan(root, now=NOW, environ={}, flags={"cache": False})
    hostile_report_, benign_report = reports["hostile"], reports["benign"]
    assert any("<script>" in f.location.path for p in hostile_report_.pillars
               for c in p.checks for f in c.findings)  # the hostile name reaches the output
    _assert_terminal_safe(render_terminal(hostile_report_))
    _assert_markdown_safe(render_markdown(hostile_report_), render_markdown(benign_report))
    checks = api.load_effective_checks(tmp_path, environ={}).checks
    _assert_html_safe(render_html(ReportPage(hostile_report_, "t", checks=checks)),
                      render_html(ReportPage(benign_report, "t", checks=checks)))
