"""Which repository paths are documents, runbooks, ops docs, READMEs, changelogs and ADRs.

Matching is case-insensitive (``RUNBOOK.md`` and ``runbook.md`` are the same kind of file).
Alert runbooks (``runbooks/``, ``playbooks/``, ``RUNBOOK*.md``, ``alerts/**/*.md``) are scored
for completeness and listed as orphans when no alert reaches them. Service-level operations
docs (``docs/operations``, ``OPERATIONS.md``, troubleshooting guides) are not alert runbooks:
they count toward entry-point documentation, and are scored only when an alert links one.
Section-index pages (``_index.md``, ``index.md``, ``README.md`` inside a runbooks folder)
list runbooks rather than being one, so they are ops docs but not runbook candidates.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath

from scorecard.globs import GlobSet

__all__ = [
    "DOC_SUFFIXES",
    "adr_folder",
    "is_changelog",
    "is_changelog_folder",
    "is_doc",
    "is_ops_doc",
    "is_readme",
    "is_runbook_candidate",
    "runbook_globs",
]

DOC_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mdx", ".rst")
RUNBOOK_GLOBS = (
    "**/runbook*.md", "**/runbook*.rst", "**/runbooks/**/*.md", "**/runbooks/**/*.rst",
    # the same words apart: run-book-template.md, run_books/
    "**/run[-_]book*.md", "**/run[-_]book*.rst", "**/run[-_]books/**/*.md",
    "**/run[-_]books/**/*.rst",
    # alerts/ at any depth: runbook repositories file them by team or operator
    # (alerts/<operator>/<AlertName>.md).
    "**/playbooks/**/*.md", "**/playbooks/**/*.rst", "**/alerts/**/*.md", "**/alerts/**/*.rst",
    "content/runbooks/**",
)
_OPS_EXTRA = GlobSet((
    "docs/operations/**", "docs/operating/**", "docs/ops/**", "docs/sre/**",
    "**/operations.md", "**/operations.rst", "**/operating.md", "**/troubleshoot*.md",
    "**/troubleshoot*.rst", "docs/deploy*/**", "docs/deployment/**", "docs/running/**",
    "docs/troubleshoot*/**", "docs/monitoring/**", "docs/operations*", "docs/deploy*",
    "docs/running*", "docs/monitoring*",
))
_DEFAULT_RUNBOOKS = GlobSet(RUNBOOK_GLOBS)
_INDEX_NAMES = {"_index", "index", "readme"}
_CHANGELOG_STEMS = ("changelog", "changes", "history", "news", "release-notes", "releases")
# Folders of release notes, one file per release. Not ``changes/`` or ``newsfragments/``:
# towncrier's fragments are the unreleased entries, not the changelog.
_CHANGELOG_FOLDERS = frozenset({"changelog", "changelogs", "release-notes", "release_notes",
                                "releasenotes"})
_ADR_FOLDERS = ("doc/adr", "docs/adr", "docs/adrs", "doc/adrs", "docs/decisions",
                "doc/decisions", "doc/architecture/decisions", "docs/architecture/decisions",
                "adr", "adrs", "docs/architecture/adr", "architecture/decisions")


def is_doc(path: str) -> bool:
    """Markdown or reStructuredText by extension."""
    return path.lower().endswith(DOC_SUFFIXES)


def runbook_globs(extra: Iterable[str]) -> GlobSet:
    """Return the runbook-candidate globs (lowercase paths), plus the user's own."""
    return GlobSet((*RUNBOOK_GLOBS, *(g.lower() for g in extra)))


def is_runbook_candidate(path: str, globs: GlobSet) -> bool:
    """Tell whether a document is (probably) a runbook by where it lives or what it is called."""
    lower = path.lower()
    if not is_doc(lower):
        return False
    return globs.matches(lower) and PurePosixPath(lower).stem not in _INDEX_NAMES


def is_ops_doc(path: str) -> bool:
    """Tell whether a document is about operating the system as a whole (every word counts)."""
    lower = path.lower()
    return is_doc(lower) and (_DEFAULT_RUNBOOKS.matches(lower) or _OPS_EXTRA.matches(lower))


def is_readme(path: str) -> bool:
    """Tell whether a path is a README at the repository root."""
    name = path.lower()
    return "/" not in name and PurePosixPath(name).stem == "readme" and (
        name == "readme" or name.endswith((".md", ".rst", ".txt", ".markdown")))


def is_changelog(path: str) -> bool:
    """Tell whether a path is a changelog at the root or under docs/ (``HISTORY.rst``, ``NEWS``)."""
    lower = path.lower()
    parts = PurePosixPath(lower).parts
    if len(parts) > 2 or (len(parts) == 2 and parts[0] not in ("docs", "doc")):
        return False
    stem = PurePosixPath(lower).stem
    suffix = PurePosixPath(lower).suffix
    if not suffix:
        # A changelog without a suffix is named in capitals (NEWS, CHANGES, GNU's ChangeLog);
        # a lower-case ``script/changelog`` is a program that prints one.
        name = PurePosixPath(path).name
        return stem.startswith(_CHANGELOG_STEMS) and name != name.lower()
    return stem.startswith(_CHANGELOG_STEMS) and suffix in (".md", ".rst", ".txt", ".markdown")


def is_changelog_folder(path: str) -> bool:
    """Tell whether a folder at the root or under docs/ keeps release notes (``CHANGELOG/``)."""
    parts = PurePosixPath(path.lower()).parts
    if len(parts) > 2 or (len(parts) == 2 and parts[0] not in ("docs", "doc")):
        return False
    return parts[-1] in _CHANGELOG_FOLDERS


def adr_folder(path: str) -> str | None:
    """Return the ADR folder holding this document, if it is in one (``docs/proposals-*`` too)."""
    lower = path.lower()
    if not is_doc(lower):
        return None
    parent = str(PurePosixPath(lower).parent)
    if parent in _ADR_FOLDERS or parent.startswith(("docs/proposals-", "doc/proposals-")):
        return parent
    return None
