"""Roles of repository paths: application code, tests, CI, tooling, docs and deploy files.

Config-override metrics are about the application an operator runs, so code that only runs
in tests, examples, CI jobs or packaging must neither add environment names nor count as
hard-coded knobs; its names still matter, because a name used only by CI is not stale docs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum
from pathlib import PurePosixPath

__all__ = ["PathRole", "module_name", "path_role", "unparsed_app_note"]


class PathRole(StrEnum):
    """What a Python path is, as far as configuration goes."""

    APP = "app"
    TEST = "test"
    EXAMPLE = "example"
    DOCS = "docs"
    MIGRATION = "migration"
    CI = "ci"
    TOOLING = "tooling"


# Folder names, anywhere in the path, that mark a role (checked from the top down).
_DIR_ROLES: dict[str, PathRole] = {
    "tests": PathRole.TEST, "test": PathRole.TEST, "testing": PathRole.TEST,
    "unittests": PathRole.TEST, "functional_tests": PathRole.TEST,
    "integration_tests": PathRole.TEST, "e2e": PathRole.TEST,
    "examples": PathRole.EXAMPLE, "example": PathRole.EXAMPLE, "samples": PathRole.EXAMPLE,
    "demo": PathRole.EXAMPLE, "demos": PathRole.EXAMPLE, "tutorial": PathRole.EXAMPLE,
    "docs": PathRole.DOCS, "doc": PathRole.DOCS, "documentation": PathRole.DOCS,
    "migrations": PathRole.MIGRATION, "alembic": PathRole.MIGRATION,
    "benchmarks": PathRole.TOOLING, "benchmark": PathRole.TOOLING, "bench": PathRole.TOOLING,
    ".github": PathRole.CI, ".gitlab": PathRole.CI, ".circleci": PathRole.CI,
    ".buildkite": PathRole.CI, "ci": PathRole.CI,
}
_TEST_FILE = re.compile(r"(^test_.*|.*_tests?|^conftest|^tests?)\.py$")
# Build, task-runner and docs-build scripts: they run on a developer's or CI machine.
_TOOLING_FILES = frozenset({"setup.py", "noxfile.py", "versioneer.py"})
# Names that are tooling at the repository root but ordinary modules inside a package
# (``myapp/conf.py`` is the application's own settings module).
_ROOT_TOOLING_FILES = frozenset(
    {"conf.py", "tasks.py", "fabfile.py", "dodo.py", "hatch_build.py", "build.py"}
)


def path_role(path: str) -> PathRole:
    """Return the role of a repo-relative POSIX path (application code unless marked)."""
    parts = PurePosixPath(path).parts
    for folder in parts[:-1]:
        role = _DIR_ROLES.get(folder.lower())
        if role is not None:
            return role
    name = parts[-1] if parts else path
    if _TEST_FILE.match(name):
        return PathRole.TEST
    if name in _TOOLING_FILES or (len(parts) == 1 and name in _ROOT_TOOLING_FILES):
        return PathRole.TOOLING
    return PathRole.APP


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
