"""The jinja2 environments of the reporters: strict undefined, escaping on by default.

Templates only lay out data. For HTML, jinja2's autoescape applies. For Markdown, every
expression is passed through :func:`escape_markdown` unless it is explicitly marked safe, so
a file name or author cannot inject links, tables, HTML or @-mentions.
"""

from __future__ import annotations

import re
from functools import lru_cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from scorecard.resources import templates_dir
from scorecard.textsafety import UNSAFE_CHARACTERS, UNSAFE_INLINE
from scorecard.wording import counted, counted_of

__all__ = ["escape_markdown", "html_environment", "markdown_environment"]

# Characters that make markup wherever they stand: emphasis, code, links (no link can form
# without a bracket), HTML and entities, table cells, strikethrough. The rest of the
# punctuation ("5.3 (-0.79)") is left alone, so the Markdown stays readable as text.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|<>~&])")
# At the start of a value, what would begin a block if the value began a line: a heading,
# a list item (bullet or number), a quote, a setext underline.
_MD_BLOCK_START = re.compile(r"^(\s*)([#+\-](?=\s|$)|[=\-]+(?=\s*$)|>|\d+[.)](?=\s|$))")
# GitHub links bare URLs (extended autolinks): an escaped ":" or "." keeps them text.
_AUTOLINK = re.compile(r"(?i)\b(https?|ftp)(:)|\b(www)(\.)")


def escape_markdown(value: object) -> str:
    """Escape text for GitHub-flavoured Markdown: no markup, no HTML, no pings, one line."""
    if isinstance(value, Markup):
        return str(value)
    text = UNSAFE_CHARACTERS.sub(" ", str(value))
    text = _MD_SPECIAL.sub(r"\\\1", text)
    # Neither a link target after a bracket nor an HTML comment (the sticky comment's marker
    # is one, and is found by its text) may appear even in escaped form.
    text = text.replace("](", "]\\(").replace("<!", "<\\!")
    text = _MD_BLOCK_START.sub(_escape_block_start, text)
    text = _AUTOLINK.sub(lambda m: (m.group(1) or m.group(3)) + "\\" + (m.group(2) or m.group(4)),
                         text)
    # A zero-width space after @ keeps the text readable but stops GitHub from notifying.
    return text.replace("@", "@\u200b")


def _escape_block_start(match: re.Match[str]) -> str:
    marker = match.group(2)
    # A number that would start an ordered list keeps its digits; its "." or ")" is escaped.
    if marker[0].isdigit():
        return match.group(1) + marker[:-1] + "\\" + marker[-1]
    return match.group(1) + "\\" + marker


def _finalize(value: object) -> object:
    return escape_markdown(value) if isinstance(value, str) else value


@lru_cache(maxsize=1)
def markdown_environment() -> Environment:
    """Environment for Markdown templates."""
    env = Environment(
        loader=FileSystemLoader(str(templates_dir())),
        undefined=StrictUndefined,
        autoescape=False,
        finalize=_finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = escape_markdown
    _add_count_filters(env)
    return env


def _add_count_filters(env: Environment) -> None:
    # A template says "{{ n | counted("file") }}" so the noun agrees with the count there too.
    env.filters["counted"] = counted
    env.filters["counted_of"] = counted_of


def _strip_controls(value: object) -> object:
    # Terminal escape sequences and bidi overrides have no business in a page either.
    if isinstance(value, Markup):  # escaped already (a filter's output): it stays markup
        return Markup(UNSAFE_INLINE.sub("", str(value)))
    return UNSAFE_INLINE.sub("", value) if isinstance(value, str) else value


def path_breaks(value: object) -> Markup:
    """Escape a path and let it break only after a "/" (never inside a name)."""
    return Markup(str(escape(str(value))).replace("/", "/<wbr>"))


@lru_cache(maxsize=1)
def html_environment() -> Environment:
    """Environment for HTML templates (autoescape on, control characters removed)."""
    env = Environment(
        finalize=_strip_controls,
        loader=FileSystemLoader(str(templates_dir())),
        undefined=StrictUndefined,
        autoescape=select_autoescape(["html", "j2", "html.j2"], default=True),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["path"] = path_breaks
    _add_count_filters(env)
    return env
