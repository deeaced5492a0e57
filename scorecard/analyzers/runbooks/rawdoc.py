"""The parser-independent shape of a Markdown or reStructuredText document.

Both parsers (``markdown_doc``, ``rst_doc``) produce a RawDoc; everything downstream
(sections, anchors, references, thresholds) reads only this, so the two formats are scored
by the same rules. Lines are 1-based throughout, as in findings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["CodeBlock", "RawDoc", "RawHeading"]


@dataclass
class RawHeading:
    """A heading as written: level 1-6, its line, its plain text and any explicit ids."""

    level: int
    line: int
    text: str
    ids: list[str] = field(default_factory=list)


@dataclass
class CodeBlock:
    """A fenced, indented or literal code block: first and last line, info string, text.

    ``text_line`` is the line where ``text`` begins (after an opening fence).
    """

    start: int
    end: int
    info: str
    text: str
    text_line: int


@dataclass
class RawDoc:
    """What a parser found in one document."""

    lines: list[str]
    headings: list[RawHeading] = field(default_factory=list)
    code_blocks: list[CodeBlock] = field(default_factory=list)
    # (line, href) of every link; bare URLs in prose are found later from the lines.
    links: list[tuple[int, str]] = field(default_factory=list)
    inline_code: list[tuple[int, str]] = field(default_factory=list)
    # (line, label, rest of the line): bold or emphasised lead-ins such as **Impact:** text.
    pseudo_headings: list[tuple[int, str, str]] = field(default_factory=list)
    # (line, id) of explicit anchors outside headings: <a name=...>, id="...", RST targets.
    anchor_ids: list[tuple[int, str]] = field(default_factory=list)
    # Lines that are not prose: code, HTML comments, front matter, adornments, table borders.
    non_prose: set[int] = field(default_factory=set)
    table_rows: int = 0
    table_lines: set[int] = field(default_factory=set)
    # Line of a fence that is never closed, and the heading-like lines it swallows.
    unclosed_fence: int | None = None
    hidden_headings: list[tuple[int, str]] = field(default_factory=list)
    front_matter: dict[str, Any] = field(default_factory=dict)
