"""Parse reStructuredText titles, literal blocks, links and targets into a RawDoc.

A section title is a non-indented line followed by an adornment line of one repeated
punctuation character at least as long as the title (optionally with a matching overline).
The adornment can be as short as two characters (a two-letter option name underlined with
``~~``), which a ``{3,}`` regex misses. Levels follow the order in which adornment styles
first appear, as docutils assigns them.
"""

from __future__ import annotations

import re

from scorecard.analyzers.runbooks.rawdoc import CodeBlock, RawDoc, RawHeading

__all__ = ["parse_rst"]

_ADORNMENT_CHARS = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_TARGET = re.compile(r"^\.\.\s+_([^:]+):\s*(\S*)\s*$")
_DIRECTIVE_CODE = re.compile(r"^\.\.\s+(code-block|code|sourcecode|prompt)::\s*(\S*)")
_LINK = re.compile(r"`[^`<]*<([^>`]+)>`_{1,2}")
_INLINE_LITERAL = re.compile(r"``([^`]+)``")
_PSEUDO = re.compile(r"^\s*(?:[-+*]\s+)?(\*\*|\*)([^*\n]{2,48}?)\s*:?\s*\1\s*[:\-]?\s*(.*)$")


def _adornment(line: str) -> str | None:
    stripped = line.rstrip()
    if len(stripped) < 2 or stripped[0] not in _ADORNMENT_CHARS or line[0].isspace():
        return None
    return stripped[0] if set(stripped) == {stripped[0]} else None


def _titles(lines: list[str]) -> list[tuple[int, str, str, int]]:
    """Return (title line index, text, style, lines used) for every section title."""
    found: list[tuple[int, str, str, int]] = []
    index = 0
    while index < len(lines) - 1:
        text = lines[index]
        under = _adornment(lines[index + 1])
        title = text.strip()
        if (under and title and not text[0].isspace() and _adornment(text) is None
                and len(lines[index + 1].rstrip()) >= len(title.rstrip())):
            over = index > 0 and _adornment(lines[index - 1]) == under
            found.append((index, title, ("over" if over else "") + under, 2))
            index += 2
            continue
        index += 1
    return found


def _literal_blocks(lines: list[str]) -> list[CodeBlock]:
    """Indented blocks after a ``::`` paragraph or a code directive."""
    blocks: list[CodeBlock] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        directive = _DIRECTIVE_CODE.match(line.strip())
        if line.rstrip().endswith("::") or directive:
            base = len(line) - len(line.lstrip())
            start = index + 1
            while start < len(lines) and (not lines[start].strip() or
                                          lines[start].lstrip().startswith(":")):
                start += 1  # blank lines and directive options
            end = start
            while end < len(lines) and (not lines[end].strip() or
                                        len(lines[end]) - len(lines[end].lstrip()) > base):
                end += 1
            while end > start and not lines[end - 1].strip():
                end -= 1
            if end > start:
                info = directive.group(2) if directive else ""
                blocks.append(CodeBlock(start + 1, end, info, "\n".join(lines[start:end]),
                                         start + 1))
                index = end
                continue
        index += 1
    return blocks


def parse_rst(text: str) -> RawDoc:
    """Parse one reStructuredText document; never raises for odd input."""
    lines = text.splitlines()
    doc = RawDoc(lines=lines)
    styles: list[str] = []
    titles = {t[0]: t for t in _titles(lines)}
    for number, line in enumerate(lines, start=1):
        target = _TARGET.match(line)
        if target:
            if target.group(2):
                doc.links.append((number, target.group(2)))
            doc.non_prose.add(number)
    for index, title, style, _ in sorted(titles.values()):
        if style not in styles:
            styles.append(style)
        ids = [t.group(1).strip() for t in map(_TARGET.match, lines[max(0, index - 3):index])
               if t and not t.group(2)]
        doc.headings.append(RawHeading(min(6, styles.index(style) + 1), index + 1, title, ids))
        doc.non_prose.update({index + 1, index + 2})
        if style.startswith("over"):
            doc.non_prose.add(index)
    doc.code_blocks = _literal_blocks(lines)
    for block in doc.code_blocks:
        doc.non_prose.update(range(block.start, block.end + 1))
    for number, line in enumerate(lines, start=1):
        if number in doc.non_prose:
            continue
        doc.links.extend((number, m.group(1)) for m in _LINK.finditer(line))
        doc.inline_code.extend((number, m.group(1)) for m in _INLINE_LITERAL.finditer(line))
        pseudo = _PSEUDO.match(line)
        if pseudo:
            doc.pseudo_headings.append((number, pseudo.group(2), pseudo.group(3)))
        if line.lstrip().startswith(".. "):
            doc.non_prose.add(number)  # comments and directives are not prose
    return doc
