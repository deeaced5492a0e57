"""Roles of repository paths: application code, tests, CI, tooling, docs and deploy files.

Config-override metrics are about the application an operator runs, so code that only runs
in tests, examples, CI jobs or packaging must neither add environment names nor count as
hard-coded knobs; its names still matter, because a name used only by CI is not stale docs.
The roles come from the one classifier every analyzer shares (``path_roles``).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath

from scorecard.analyzers.path_roles import PathRole, path_role

__all__ = ["PathRole", "module_name", "path_role", "unparsed_app_note"]


def unparsed_app_note(unparsable: Iterable[str], consequence: str) -> str:
    """Return "; N application files did not parse <consequence>", or "" when none failed.

    Measurements of application code append it to their notes: what did not parse is
    missing from them, and the reader must know.
    """
    count = sum(1 for path in unparsable if path_role(path) is PathRole.APP)
    return f"; {count} application files did not parse {consequence}" if count else ""


def module_name(path: str) -> str:
    """Return the dotted module name of a path: ``src/pkg/a.py`` -> ``src.pkg.a``.

    The leading folders are kept (there is no reliable way to know the import root), so
    imports are matched against these names by dotted suffix.
    """
    pure = PurePosixPath(path)
    parts = list(pure.parts)
    if not parts:
        return ""
    last = parts[-1]
    if last.endswith(".py"):
        last = last[:-3]
    if last == "__init__":
        parts.pop()
    else:
        parts[-1] = last
    return ".".join(parts)
