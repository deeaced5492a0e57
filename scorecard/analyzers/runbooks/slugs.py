"""Heading anchors as the common renderers compute them, plus explicit ids.

A ``runbook_url`` fragment was produced by whatever renders the runbook, so every renderer's
slug is accepted: GitHub/GitLab/Goldmark (lowercase, punctuation other than ``-``/``_``
dropped, each space a ``-``, repeats suffixed ``-1``, ``-2``), python-markdown's ``toc``
(runs of spaces and hyphens collapse, repeats suffixed ``_1``) and docutils for RST
(non-alphanumerics become single hyphens). Explicit ids (``{: #id }``, ``<a name=...>``,
RST ``.. _label:``) are accepted as written; they need not resemble the heading text.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote

__all__ = ["anchor_sets", "normalise_fragment"]

_GITHUB_DROP = re.compile(r"[^\w\- ]", re.UNICODE)
_TOC_DROP = re.compile(r"[^\w\s-]", re.UNICODE)
_TOC_SPACE = re.compile(r"[-\s]+")
_DOCUTILS = re.compile(r"[^a-z0-9]+")


def github_slug(text: str) -> str:
    """GitHub's heading slug (before duplicate suffixes)."""
    return _GITHUB_DROP.sub("", text.strip().lower()).replace(" ", "-")


def toc_slug(text: str) -> str:
    """python-markdown ``toc`` extension's default slugify."""
    value = unicodedata.normalize("NFKD", text)
    value = _TOC_DROP.sub("", value).strip().lower()
    return _TOC_SPACE.sub("-", value)


def docutils_slug(text: str) -> str:
    """Compute docutils' ``make_id``: ASCII-folded, non-alphanumerics to single hyphens."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return _DOCUTILS.sub("-", folded).strip("-")


def normalise_fragment(fragment: str) -> str:
    """Compare fragments case-insensitively and percent-decoded, as browsers resolve them."""
    return unquote(fragment).strip().lower()


def anchor_sets(texts: list[str], explicit: list[list[str]]) -> list[list[str]]:
    """Return, per heading, every anchor a renderer could give it (normalised, de-duplicated)."""
    seen_github: dict[str, int] = {}
    seen_toc: dict[str, int] = {}
    out: list[list[str]] = []
    for text, ids in zip(texts, explicit, strict=True):
        anchors: list[str] = [normalise_fragment(i) for i in ids]
        base = github_slug(text)
        count = seen_github.get(base, 0)
        seen_github[base] = count + 1
        anchors.append(base if count == 0 else f"{base}-{count}")
        toc = toc_slug(text)
        count = seen_toc.get(toc, 0)
        seen_toc[toc] = count + 1
        anchors.append(toc if count == 0 else f"{toc}_{count}")
        anchors.append(docutils_slug(text))
        # Explicit ids first, then GitHub's slug: the first anchor is the one shown in reports.
        out.append([a for a in dict.fromkeys(anchors) if a])
    return out
