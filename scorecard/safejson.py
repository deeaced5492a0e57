"""Read JSON that someone else wrote: bounded nesting, standard numbers, a one-line error.

Baseline files, workflow event files (``GITHUB_EVENT_PATH``), GitHub API responses and JSON
files in a scanned repository are written by whoever controls them. ``json.loads`` alone
lets such a document end the run: nesting 100,000 arrays deep raises RecursionError (not a
ValueError, so handlers for bad JSON miss it), and a document parsed just below the
interpreter's limit still breaks the first recursive walk over it. ``NaN`` and ``Infinity``
are not JSON (RFC 8259 section 6) and would travel on into reports as non-standard output.

:func:`load_json` is the one way scorecard reads JSON it did not write itself. It raises
:class:`UntrustedJSONError`, a ValueError whose message never quotes the document (an API
response may echo a request header, an event file may hold anything).
"""

from __future__ import annotations

import json
import math
from typing import Any

__all__ = ["MAX_DEPTH", "UntrustedJSONError", "load_json"]

# Far deeper than any document scorecard reads (reports nest about 8 levels, workflow
# events about 10), far shallower than the interpreter's recursion limit (1000).
MAX_DEPTH = 100


class UntrustedJSONError(ValueError):
    """The text is not JSON scorecard accepts: invalid, nested too deeply, or NaN/Infinity."""


def _reject_constant(name: str) -> Any:
    raise UntrustedJSONError(f"{name} is not a JSON number")


def _finite_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):  # 1e999 overflows to infinity
        raise UntrustedJSONError("a number too large for a float")
    return value


def load_json(text: str | bytes, max_depth: int = MAX_DEPTH) -> Any:
    """Parse ``text`` as standard JSON nested at most ``max_depth`` arrays and objects deep.

    Raises UntrustedJSONError (a ValueError) with a short reason that names a position,
    never the content.
    """
    try:
        value = json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float)
    except RecursionError:
        raise UntrustedJSONError(f"nested more than {max_depth} levels deep") from None
    except UntrustedJSONError:
        raise
    except json.JSONDecodeError as exc:
        raise UntrustedJSONError(f"not valid JSON: {exc.msg} at line {exc.lineno} "
                                 f"column {exc.colno}") from None
    except UnicodeDecodeError as exc:
        raise UntrustedJSONError(f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except ValueError:  # e.g. an integer longer than int() converts (4300 digits)
        raise UntrustedJSONError("a number too long to convert") from None
    if _depth_exceeds(value, max_depth):
        raise UntrustedJSONError(f"nested more than {max_depth} levels deep")
    return value


def _depth_exceeds(value: Any, max_depth: int) -> bool:
    """Return True when ``value`` nests deeper than ``max_depth`` (no recursion)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > max_depth:
            return True
        stack.extend((child, depth + 1) for child in children
                     if isinstance(child, dict | list))
    return False
