"""Counts in words: "1 file", "2 files", "1 of 3 functions", "1 file is", "2 files are".

Every human-readable text that puts a number before a noun (analyzer notes, finding
messages, CLI output, reports) goes through these functions, so the noun agrees with the
count. A count is written with thousands separators ("1,234 files"): the same spelling
wherever a count is shown. Nouns add an "s" unless their plural is given ("fix", "fixes";
"analysis", "analyses"); for a noun phrase the last word is the one that changes
("fix commit", "fix commits").

Only text changes with the count: check ids, metric names and JSON keys never go through
here.
"""

from __future__ import annotations

__all__ = ["agree", "count_text", "counted", "counted_of"]


def agree(count: int, singular: str, plural: str | None = None) -> str:
    """Return the form of a noun or verb that agrees with ``count``, without the count.

    ``agree(1, "file")`` is "file", ``agree(0, "file")`` is "files" (zero takes the plural,
    as in English), ``agree(2, "is", "are")`` is "are".
    """
    if count == 1:
        return singular
    return singular + "s" if plural is None else plural


def count_text(count: int) -> str:
    """Return ``count`` as the texts show it: with thousands separators ("12,345")."""
    return f"{count:,}"


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """Return the count and the noun that agrees with it: "1 file", "0 files", "2 fixes".

    ``plural`` is the plural when adding an "s" is wrong: ``counted(2, "fix", "fixes")``.
    """
    return f"{count_text(count)} {agree(count, noun, plural)}"


def counted_of(part: int, whole: int, noun: str, plural: str | None = None) -> str:
    """Return "``part`` of ``whole`` nouns", the noun agreeing with ``whole``.

    "1 of 1 function", "1 of 3 functions", "0 of 0 functions": the noun counts the whole.
    """
    return f"{count_text(part)} of {counted(whole, noun, plural)}"
