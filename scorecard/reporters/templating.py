"""The jinja2 environments of the reporters: strict undefined, escaping on by default.

Templates only lay out data. For HTML, jinja2's autoescape applies. For Markdown, every
expression is passed through :func:`escape_markdown` unless it is explicitly marked safe, so
a file name or author cannot inject links, tables, HTML or @-mentions.
"""

from __future__ import annotations

import re
from functools import lru_cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from scorecard.resources import templates_dir
from scorecard.textsafety import UNSAFE_CHARACTERS, UNSAFE_INLINE

__all__ = ["escape_markdown", "html_environment", "markdown_environment"]

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~&])")


def escape_markdown(value: object) -> str:
    """Escape text for GitHub-flavoured Markdown: no markup, no HTML, no pings, one line."""
    if isinstance(value, Markup):
        return str(value)
    text = UNSAFE_CHARACTERS.sub(" ", str(value))
    text = _MD_SPECIAL.sub(r"\\\1", text)
    # A zero-width space after @ keeps the text readable but stops GitHub from notifying.
    return text.replace("@", "@\u200b")


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
    return env


def _strip_controls(value: object) -> object:
    # Terminal escape sequences and bidi overrides have no business in a page either.
    return UNSAFE_INLINE.sub("", value) if isinstance(value, str) else value


@lru_cache(maxsize=1)
def html_environment() -> Environment:
    """Environment for HTML templates (autoescape on, control characters removed)."""
    return Environment(
        finalize=_strip_controls,
        loader=FileSystemLoader(str(templates_dir())),
        undefined=StrictUndefined,
        autoescape=select_autoescape(["html", "j2", "html.j2"], default=True),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
