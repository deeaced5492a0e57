"""Authors' names through the ``.mailmap`` committed at the scanned commit, as git maps them.

git's own mapping (``%aN``/``%aE``) also reads the work tree's ``.mailmap``, so a report on
a past commit (``--rev``, a backfill's quarter end, a backtest's date) would name authors
through an edit made after it, and an uncommitted edit would change a report said to be
about a commit. Here only the blob at ``<commit>:.mailmap`` counts, parsed and applied with
git's rules (``mailmap.c``: ``read_mailmap_line``, ``add_mapping``, ``map_user``):

- a line is ``Proper Name <proper@email> Commit Name <commit@email>``; the name parts and
  the second pair are optional; a line starting with ``#`` is a comment;
- an entry is found by the commit's email, case-insensitively (ASCII, as ``strcasecmp``),
  then, if the entry has name-specific mappings, by the commit's name the same way;
- a mapping replaces the name and the email it gives, and keeps the others; a later line
  for the same email and name replaces an earlier one.

The ``mailmap.file`` and ``mailmap.blob`` settings of the machine are not read: a report
depends on the commit, not on who runs the scan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from scorecard.repo.gitcmd import GitUnavailable, run_git

__all__ = ["MAX_MAILMAP_BYTES", "Mailmap", "parse_mailmap", "read_mailmap"]

MAX_MAILMAP_BYTES = 4 << 20  # far above any real .mailmap; a larger blob is not read


def _fold(text: str) -> str:
    """Case-fold ASCII letters only, as git's strcasecmp does."""
    return text.translate(_ASCII_LOWER)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


@dataclass
class _Target:
    """What a mapping gives: a name, an email, or both (None keeps the commit's)."""

    name: str | None = None
    email: str | None = None


@dataclass
class _Entry(_Target):
    """The mapping of one commit email, with name-specific mappings by folded name."""

    by_name: dict[str, _Target] = field(default_factory=dict)


def _name_and_email(text: str, allow_empty_email: bool) -> tuple[str | None, str | None, str]:
    """Parse ``Name <email>`` at the start of ``text``; return name, email and the rest.

    As git's parse_name_and_email: no ``<...>`` gives (None, None, ""); the name is what
    precedes ``<``, stripped of whitespace, or None if nothing does.
    """
    left = text.find("<")
    right = text.find(">", left + 1) if left >= 0 else -1
    if right < 0 or (not allow_empty_email and right == left + 1):
        return None, None, ""
    name = text[:left].strip(" \t\n\r")  # git's isspace
    return name or None, text[left + 1:right], text[right + 1:]


class Mailmap:
    """A parsed ``.mailmap``: maps a commit's (name, email) to the proper ones."""

    def __init__(self) -> None:
        """Start with no mappings."""
        self._entries: dict[str, _Entry] = {}

    def __bool__(self) -> bool:
        """Return whether any mapping is defined."""
        return bool(self._entries)

    def add(self, old_name: str | None, old_email: str, new_name: str | None,
            new_email: str | None) -> None:
        """Add one line's mapping, as git's add_mapping."""
        entry = self._entries.setdefault(_fold(old_email), _Entry())
        if old_name is None:
            if new_name is not None:
                entry.name = new_name
            if new_email is not None:
                entry.email = new_email
        else:
            entry.by_name[_fold(old_name)] = _Target(new_name, new_email)

    def map(self, name: str, email: str) -> tuple[str, str]:
        """Return the proper (name, email) of a commit's author."""
        entry = self._entries.get(_fold(email))
        if entry is None:
            return name, email
        target: _Target = entry.by_name.get(_fold(name), entry) if entry.by_name else entry
        return (target.name if target.name is not None else name,
                target.email if target.email is not None else email)


def parse_mailmap(text: str) -> Mailmap:
    """Parse ``.mailmap`` text as git's read_mailmap_line does, line by line."""
    mailmap = Mailmap()
    for line in text.split("\n"):
        if line.startswith("#"):
            continue
        name1, email1, rest = _name_and_email(line, allow_empty_email=False)
        if email1 is None:
            continue
        name2, email2, _ = _name_and_email(rest, allow_empty_email=True) if rest else (
            None, None, "")
        if email2 is None:
            # "Proper Name <commit@email>": the email is the key and stays as it is.
            mailmap.add(None, email1, name1, None)
        else:
            mailmap.add(name2, email2, name1, email1)
    return mailmap


def read_mailmap(root: Path, rev: str) -> Mailmap:
    """Return the ``.mailmap`` committed at ``rev`` (empty when there is none or git fails)."""
    blob = f"{rev}:.mailmap"
    try:
        size = int(run_git(root, ["cat-file", "-s", "--end-of-options", blob]) or b"0")
        if size > MAX_MAILMAP_BYTES:
            return Mailmap()
        content = run_git(root, ["cat-file", "blob", "--end-of-options", blob])
    except (GitUnavailable, ValueError):
        return Mailmap()
    return parse_mailmap(content.decode("utf-8", "replace"))
