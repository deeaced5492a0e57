"""Parse Markdown with a CommonMark parser (markdown-it-py) into a RawDoc.

Line regexes fail on real runbooks in ways this parser does not: setext headings
(``Title`` over ``-----``) are headings, ``# comment`` lines inside a bash fence are not, and
an unclosed fence runs to the end of the file (CommonMark), hiding every later heading. We
report that last case as a finding rather than silently missing the hidden sections.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

import yaml  # type: ignore[import-untyped]
from markdown_it import MarkdownIt
from markdown_it.token import Token

from scorecard.analyzers.runbooks.rawdoc import CodeBlock, RawDoc, RawHeading

__all__ = ["parse_markdown", "split_front_matter"]

_PARSER = MarkdownIt("commonmark").enable("table")
# python-markdown attr_list and Pandoc/Hugo heading ids: "Title {: #id .cls }", "Title {#id}".
_ATTR_LIST = re.compile(r"\s*\{:?\s*([^{}]*)\}\s*$")
_HTML_ID = re.compile(
    r"""<a\s[^>]*?\b(?:name|id)\s*=\s*["']([^"']+)["']|\bid\s*=\s*["']([^"']+)["']""",
    re.IGNORECASE,
)
_HTML_COMMENT_OPEN = re.compile(r"^\s*<!--")
# Bold or emphasised lead-ins: "**Impact:** text", "*Severity*: critical", "__Owner__ - x".
_PSEUDO = re.compile(
    r"^\s*(?:[-+*]\s+)?(\*\*|__|\*|_)([^*_\n]{2,48}?)\s*:?\s*\1\s*[:\-\u2013]?\s*(.*)$"
)
_HIDDEN_HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(\S.*?)\s*#*\s*$")
_FRONT_MATTER_LIMIT = 400  # lines; front matter longer than this is not front matter


def split_front_matter(lines: list[str]) -> tuple[dict[str, Any], int]:
    """Return the parsed YAML (---) or TOML (+++) front matter and how many lines it spans."""
    if not lines or lines[0].strip() not in ("---", "+++"):
        return {}, 0
    fence = lines[0].strip()
    closers = ("---", "...") if fence == "---" else ("+++",)
    for index in range(1, min(len(lines), _FRONT_MATTER_LIMIT)):
        if lines[index].strip() in closers:
            body = "\n".join(lines[1:index])
            data: Any
            try:
                if fence == "---":
                    data = yaml.load(body, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
                else:
                    data = tomllib.loads(body)
            except (yaml.YAMLError, tomllib.TOMLDecodeError, ValueError):
                data = {}
            return (data if isinstance(data, dict) else {}), index + 1
    return {}, 0


def _plain_text(inline: Token) -> str:
    """Return the rendered text of a heading: text and code kept, markup and HTML dropped."""
    parts: list[str] = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts).strip()


def _locate(lines: list[str], needle: str, start: int, end: int) -> int:
    """1-based line in [start, end) that contains needle (first line when not found)."""
    for index in range(start, min(end, len(lines))):
        if needle in lines[index]:
            return index + 1
    return start + 1


def _fence_closed(lines: list[str], token: Token) -> bool:
    assert token.map is not None
    start, end = token.map
    if end - 1 <= start:
        return False
    last = lines[end - 1].strip() if end - 1 < len(lines) else ""
    marker = token.markup[0] if token.markup else "`"
    return len(last) >= len(token.markup) and set(last) == {marker}


def _heading(lines: list[str], opening: Token, inline: Token) -> RawHeading:
    assert opening.map is not None
    text = _plain_text(inline)
    ids: list[str] = []
    attrs = _ATTR_LIST.search(text)
    if attrs:
        ids = [part[1:] for part in attrs.group(1).split()
               if part.startswith("#") and len(part) > 1]
        if ids or attrs.group(1).strip().startswith((".", "#")):
            text = text[: attrs.start()].rstrip()
    raw = inline.content
    ids.extend(m.group(1) or m.group(2) for m in _HTML_ID.finditer(raw))
    return RawHeading(level=int(opening.tag[1]), line=opening.map[0] + 1, text=text, ids=ids)


def _inline_facts(doc: RawDoc, lines: list[str], inline: Token) -> None:
    assert inline.map is not None
    start, end = inline.map
    for child in inline.children or []:
        if child.type == "link_open":
            href = str(child.attrs.get("href", ""))
            doc.links.append((_locate(lines, href, start, end), href))
        elif child.type == "code_inline":
            doc.inline_code.append((_locate(lines, child.content, start, end), child.content))
        elif child.type == "html_inline":
            for match in _HTML_ID.finditer(child.content):
                doc.anchor_ids.append((_locate(lines, child.content, start, end),
                                       match.group(1) or match.group(2)))
    for offset, text in enumerate(inline.content.split("\n")):
        lead_in = _PSEUDO.match(text)
        if lead_in:
            doc.pseudo_headings.append((start + offset + 1, lead_in.group(2), lead_in.group(3)))


def _block_facts(doc: RawDoc, lines: list[str], token: Token) -> None:
    assert token.map is not None
    start, end = token.map
    if token.type == "fence":
        closed = _fence_closed(lines, token)
        last = end if closed else end + 1
        doc.code_blocks.append(CodeBlock(start + 1, min(last, len(lines)), token.info.strip(),
                                         token.content, start + 2))
        doc.non_prose.update(range(start + 1, end + 1))
        if not closed and doc.unclosed_fence is None:
            doc.unclosed_fence = start + 1
            for index in range(start + 1, end):
                hidden = _HIDDEN_HEADING.match(lines[index]) if index < len(lines) else None
                if hidden:
                    doc.hidden_headings.append((index + 1, hidden.group(2)))
    elif token.type == "code_block":
        doc.code_blocks.append(CodeBlock(start + 1, end, "", token.content, start + 1))
        doc.non_prose.update(range(start + 1, end + 1))
    elif token.type == "html_block":
        for match in _HTML_ID.finditer(token.content):
            doc.anchor_ids.append((_locate(lines, match.group(0), start, end),
                                   match.group(1) or match.group(2)))
        if _HTML_COMMENT_OPEN.match(token.content):
            doc.non_prose.update(range(start + 1, end + 1))
    elif token.type == "table_open":
        doc.table_lines.update(range(start + 1, end + 1))
    elif token.type == "tr_open":
        doc.table_rows += 1


def parse_markdown(text: str) -> RawDoc:
    """Parse one Markdown document; never raises for odd input."""
    lines = text.splitlines()
    front, skip = split_front_matter(lines)
    # Blank the front matter but keep its lines, so every line number stays the file's own.
    body = [""] * skip + lines[skip:]
    doc = RawDoc(lines=lines, front_matter=front)
    doc.non_prose.update(range(1, skip + 1))
    tokens = _PARSER.parse("\n".join(body))
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and index + 1 < len(tokens):
            doc.headings.append(_heading(lines, token, tokens[index + 1]))
            assert token.map is not None
            doc.non_prose.update(range(token.map[0] + 1, token.map[1] + 1))
        elif token.type == "inline" and token.map is not None:
            _inline_facts(doc, lines, token)
        elif token.map is not None:
            _block_facts(doc, lines, token)
    return doc
