"""Turn a parsed document into the per-file facts the runbooks summary needs (JSON-able).

For every heading: where its subtree ends (a section owns everything up to the next heading
of the same or higher level), every anchor a renderer may give it, the canonical sections it
names and which of those have substantive content. For the whole document: pseudo-headings,
stub and generated-table markers, the unclosed fence, links, and the words found under
operational headings (to tell whether a doc names an entry point).
"""

from __future__ import annotations

import re
from typing import Any

from scorecard.analyzers.runbooks.doc_references import extract_references, extract_thresholds
from scorecard.analyzers.runbooks.rawdoc import RawDoc
from scorecard.analyzers.runbooks.sections import (
    BodyFacts,
    content_ok,
    looks_like_query,
    match_sections,
    normalise_heading,
)
from scorecard.analyzers.runbooks.slugs import anchor_sets

__all__ = ["OPS_HEADING", "document_facts", "section_text", "subtree_ends"]

_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\S")
_URL = re.compile(r"\bhttps?://[^\s)>\]]+")
_DOLLAR = re.compile(r"^\s*\$\s+\S")
_STUB_LINE = re.compile(
    r"^\s*(?:(?:see|moved to|refer to|go to|this (?:page|runbook|document) (?:has )?moved"
    r"(?: to)?)\b[^\[]*)?\[[^\]]*\]\([^)]*\)\s*[.!]?\s*$|\{\{[<%]\s*(?:rel)?ref\b",
    re.IGNORECASE,
)
# Headings under which naming a program counts as documenting how to operate it.
OPS_HEADING = re.compile(
    r"\b(?:run|running|deploy(?:ing|ment)?|configur(?:e|ing|ation)|settings|monitor(?:ing)?"
    r"|troubleshoot(?:ing)?|operat(?:e|ing|ions?)|production|usage|getting started"
    r"|quick ?start|install(?:ing|ation)?|maintenance|runbooks?|playbooks?|upgrad(?:e|ing)"
    r"|commands?|services?|environment variables|observability|alert(?:s|ing)?|backup|restore"
    # How it is deployed: the image, the compose file, the cluster's manifests and charts.
    r"|docker|compose|containers?|kubernetes|k8s|helm)\b"
)
_TOKEN = re.compile(r"[a-z0-9][a-z0-9_.:/@-]*")
_PART = re.compile(r"[a-z0-9][a-z0-9_-]*")
MAX_TOKENS = 20000


class _Lines:
    """Per-line flags of a document, computed once."""

    def __init__(self, doc: RawDoc) -> None:
        count = len(doc.lines)
        heading_lines = {h.line for h in doc.headings}
        self.doc = doc
        self.prose = [""] * (count + 2)
        self.code = [False] * (count + 2)
        self.link = [False] * (count + 2)
        self.listed = [False] * (count + 2)
        for block in doc.code_blocks:
            for line in range(block.start, min(block.end, count) + 1):
                self.code[line] = True
        for number, text in enumerate(doc.lines, start=1):
            if number in doc.non_prose or number in heading_lines:
                continue
            self.prose[number] = text
            if _DOLLAR.match(text):
                self.code[number] = True
            if _URL.search(text):
                self.link[number] = True
            if _LIST_ITEM.match(text):
                self.listed[number] = True
        for number, href in doc.links:
            if href and not href.startswith("#") and number <= count:
                self.link[number] = True
        for number, code in doc.inline_code:
            if number <= count and looks_like_query(code):
                self.code[number] = True

    def body(self, first: int, last: int) -> BodyFacts:
        """Facts about lines first..last (inclusive)."""
        span = range(max(first, 1), min(last, len(self.doc.lines)) + 1)
        prose = "\n".join(self.prose[i] for i in span).strip()
        return BodyFacts(prose=prose, has_code=any(self.code[i] for i in span),
                         has_link=any(self.link[i] for i in span),
                         has_list=any(self.listed[i] for i in span))


def subtree_ends(doc: RawDoc) -> list[int]:
    """Last line of each heading's subtree (up to the next heading of the same or higher level)."""
    ends: list[int] = []
    for index, heading in enumerate(doc.headings):
        end = len(doc.lines)
        for later in doc.headings[index + 1:]:
            if later.level <= heading.level:
                end = later.line - 1
                break
        ends.append(end)
    return ends


def _explicit_ids(doc: RawDoc) -> list[list[str]]:
    """Heading ids plus loose anchors, each attached to the heading it marks."""
    ids = [list(h.ids) for h in doc.headings]
    starts = [h.line for h in doc.headings]
    for line, anchor in doc.anchor_ids:
        # An anchor just above a heading marks that heading; otherwise the enclosing one.
        target = next((i for i, start in enumerate(starts) if 0 <= start - line <= 2), None)
        if target is None:
            enclosing = [i for i, start in enumerate(starts) if start <= line]
            target = enclosing[-1] if enclosing else None
        if target is not None:
            ids[target].append(anchor)
    return ids


def _is_stub(doc: RawDoc, lines: _Lines) -> bool:
    prose = [t for t in lines.prose if t.strip()]
    if doc.code_blocks or not prose or len(prose) > 3:
        return False
    return all(_STUB_LINE.search(t) for t in prose)


def _is_table_doc(doc: RawDoc, lines: _Lines) -> bool:
    """Tell whether a document is mostly one generated table of alerts, not prose."""
    if doc.table_rows < 3:
        return False
    # Prose besides the table: not its own rows, nor a table of contents of anchor links.
    prose = sum(1 for number, text in enumerate(lines.prose) if text.strip()
                and number not in doc.table_lines and not _INDEX_ITEM.match(text))
    return len(doc.table_lines) >= prose


_INDEX_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s.*\]\(#")
_NAME_TOKEN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
MAX_INDEX_NAMES = 5000


def _index_names(doc: RawDoc) -> list[str]:
    """Lower-cased names in the rows of a table, or in list items that link to an anchor.

    A generated runbook index lists every alert in such rows; an alert whose link's anchor
    is missing but whose name is a row here is an entry of the index, not a lost section.
    """
    names: set[str] = set()
    for number, text in enumerate(doc.lines, start=1):
        if number in doc.table_lines or ("](#" in text and _INDEX_ITEM.match(text)):
            names.update(t.lower() for t in _NAME_TOKEN.findall(text))
            if len(names) > MAX_INDEX_NAMES:
                break
    return sorted(names)[:MAX_INDEX_NAMES]


def _ops_tokens(doc: RawDoc, whole: bool, ends: list[int]) -> list[str]:
    ranges: list[tuple[int, int]] = []
    if whole:
        ranges.append((1, len(doc.lines)))
    else:
        for heading, end in zip(doc.headings, ends, strict=True):
            if OPS_HEADING.search(normalise_heading(heading.text)):
                ranges.append((heading.line, end))
    tokens: set[str] = set()
    for first, last in ranges:
        for text in doc.lines[first - 1:last]:
            lower = text.lower()
            # Whole tokens ("shop-api", "deploy/worker") and their parts ("worker").
            tokens.update(t.rstrip(".:/-") for t in _TOKEN.findall(lower))
            tokens.update(_PART.findall(lower))
            if len(tokens) > MAX_TOKENS:
                return sorted(tokens)[:MAX_TOKENS]
    return sorted(tokens)


def document_facts(doc: RawDoc, *, ops_whole: bool) -> dict[str, Any]:
    """Build the per-file result of one Markdown or RST document."""
    lines = _Lines(doc)
    ends = subtree_ends(doc)
    anchors = anchor_sets([h.text for h in doc.headings], _explicit_ids(doc))
    h1_count = sum(1 for h in doc.headings if h.level == 1)
    headings: list[list[Any]] = []
    for heading, end, heading_anchors in zip(doc.headings, ends, anchors, strict=True):
        sections: list[str] = []
        passed: list[str] = []
        # H1 is the title; it names a section only in documents that use several H1s.
        if heading.level > 1 or h1_count > 1:
            sections = match_sections(heading.text)
            body = lines.body(heading.line + 1, end)
            passed = [s for s in sections if content_ok(s, body)]
        headings.append([heading.level, heading.line, end, heading.text, heading_anchors,
                         sections, passed])
    pseudo: list[list[Any]] = []
    for line, label, rest in doc.pseudo_headings:
        sections = match_sections(label)
        if sections:
            body = lines.body(line, line)
            facts = BodyFacts(rest, body.has_code, body.has_link, body.has_list)
            pseudo.append([line, sections, [s for s in sections if content_ok(s, facts)]])
    title = doc.front_matter.get("title")
    if not isinstance(title, str):
        title = next((h.text for h in doc.headings if h.level == 1), None)
    meta = {k: str(v) for k, v in doc.front_matter.items()
            if k in ("owner", "team", "last_reviewed", "reviewed", "alert", "alertname")}
    return {
        "kind": "doc",
        "lines": len(doc.lines),
        "title": title,
        "headings": headings,
        "pseudo": pseudo,
        "stub": _is_stub(doc, lines),
        "table_doc": _is_table_doc(doc, lines),
        "index_names": _index_names(doc),
        "unclosed_fence": doc.unclosed_fence,
        "hidden_headings": [list(h) for h in doc.hidden_headings],
        "links": [[line, href] for line, href in doc.links],
        "meta": meta,
        "ops_tokens": _ops_tokens(doc, ops_whole, ends),
        "refs": extract_references(doc),
        "thresholds": extract_thresholds(doc),
    }


def section_text(doc: RawDoc, anchor: str) -> str | None:
    """Return the text of the subtree under the heading with this anchor (None when it is gone).

    Whitespace is collapsed so that re-wrapping a paragraph is not a change.
    """
    ends = subtree_ends(doc)
    anchors = anchor_sets([h.text for h in doc.headings], _explicit_ids(doc))
    for heading, end, names in zip(doc.headings, ends, anchors, strict=True):
        if anchor in names:
            return " ".join(" ".join(doc.lines[heading.line - 1:end]).split())
    return None
