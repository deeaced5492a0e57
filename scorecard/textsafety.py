r"""Make text from a scanned repository (or a remote server) safe to show.

Whatever a repository controls (file names, config keys, check ids, commit authors) and
whatever a server says (API error messages) may carry characters that act on a terminal or a
reader instead of being read: C0 and C1 control characters (ANSI CSI/OSC escape sequences
start with ESC or their C1 forms), carriage returns and newlines (a newline starts a fake line
in a one-line message), Unicode bidirectional formatting characters (a right-to-left override
shows text reversed, the "Trojan Source" attack, CVE-2021-42574) and line or paragraph
separators. Lone surrogates (undecodable bytes kept by ``surrogateescape``) cannot even be
written to a UTF-8 stream.

:func:`printable` replaces each such character with its visible Python escape (``\x1b``,
``\n``, ``\u202e``), so nothing is hidden and nothing acts. Every error path and every
plain-text reporter uses it; the Markdown and HTML reporters share the same character class.
"""

from __future__ import annotations

import re

__all__ = ["UNSAFE_CHARACTERS", "UNSAFE_INLINE", "json_text", "printable", "redact"]

# Unicode TR9 explicit formatting characters and implicit marks (ALM, LRM, RLM, LRE..RLO,
# LRI..PDI); U+2028/U+2029 are line and paragraph separators; D800-DFFF lone surrogates.
_BIDI_AND_SEPARATORS = "\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff"
# Everything unsafe except tab and newline, for multi-line text (prose, SARIF help).
UNSAFE_INLINE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f" + _BIDI_AND_SEPARATORS + "]")
# Everything unsafe, tab and newline included, for one-line text (messages, names).
UNSAFE_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f" + _BIDI_AND_SEPARATORS + "]")


# What ``json.dumps(..., ensure_ascii=False)`` leaves raw of the unsafe characters (it
# escapes C0 controls itself): DEL, the C1 controls, bidi marks, separators, surrogates.
_RAW_IN_JSON = re.compile("[\x7f-\x9f" + _BIDI_AND_SEPARATORS + "]")


def json_text(text: str) -> str:
    r"""Return JSON text with every unsafe character written as its ``\uXXXX`` escape.

    The data is unchanged (a JSON reader decodes the escape to the same character), but
    ``cat`` or a log viewer showing the file no longer acts on a C1 escape or a bidi
    override. Such characters occur only inside JSON strings, where the escape is valid.
    """
    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _visible(match: re.Match[str]) -> str:
    return match.group().encode("unicode_escape").decode("ascii")


def redact(text: str, secret: str | None, mask: str = "***") -> str:
    r"""Return ``text`` with every spelling of ``secret`` replaced by ``mask``.

    A secret reaches a message as itself, or escaped inside a ``repr`` of the str or bytes
    holding it (urllib's "Invalid header value b'Bearer ...\n'"), and it must be gone
    before :func:`printable` escapes the message, so all of these spellings are masked.
    """
    if not secret:
        return text
    spellings = {secret, secret.encode("unicode_escape").decode("ascii"), repr(secret)[1:-1],
                 repr(secret.encode("utf-8", "surrogateescape"))[2:-1]}
    for spelling in sorted(spellings, key=len, reverse=True):
        text = text.replace(spelling, mask)
    return text


def printable(value: object, limit: int | None = None, *, keep_newlines: bool = False) -> str:
    """Return ``str(value)`` with every unsafe character shown as its escape.

    One line unless ``keep_newlines`` (then tab and newline stay). ``limit`` cuts the result
    to at most that many characters, ending in an ellipsis.
    """
    pattern = UNSAFE_INLINE if keep_newlines else UNSAFE_CHARACTERS
    text = pattern.sub(_visible, str(value))
    if limit is not None and len(text) > limit:
        text = text[: max(0, limit - 1)] + "…"
    return text
