"""One person, several identities: authors joined by a shared email or a shared name.

People commit under more than one identity: a work and a personal address, or GitHub's
``NNN+login@users.noreply.github.com`` for commits made in its web editor beside the
address of their own machine. Counted by email, each such person is two authors: the truck
factor and "authors for half" grow, a file's knowledge is split, and the identity they no
longer use looks inactive, so what they still maintain becomes a knowledge island.

The ``.mailmap`` is applied first (:mod:`scorecard.repo.mailmap`). Then identities are
joined when they share an email (compared case-insensitively) or a name (case and runs of
whitespace ignored): ``git shortlog`` groups by name, and joining by either is the usual
identity merge of repository-mining studies (Bird et al., *Mining email social networks*,
MSR 2006; the truck-factor algorithm of Avelino et al., ICPC 2016, merges aliases by name).
Placeholder names (``root``, ``Your Name``, ``unknown``...) and placeholder addresses
(``you@example.com``, ``root@localhost``) join nothing: people who never set their identity
share them.

The tallies are kept under each commit's own key while the history streams past
(:func:`scorecard.analyzers.history.mining.author_key`); :meth:`AuthorIdentities.canonical`
then maps each key to its person's, once every identity has been seen, so that an identity
linking two groups late in the stream still joins them.
"""

from __future__ import annotations

import re

__all__ = ["AuthorIdentities", "author_key", "merge_counts", "merge_latest"]

# Names that people who never configured git share, and that tools write for them.
_PLACEHOLDER_NAMES = frozenset({
    "", "admin", "administrator", "anonymous", "build", "ci", "default", "dev", "developer",
    "git", "github", "jenkins", "localhost", "me", "name", "nobody", "none", "null", "root",
    "runner", "ubuntu", "unknown", "user", "vagrant", "you", "your name", "yourname",
})
# git's own examples (``you@example.com``), and the address git makes up from the user and
# host name when none is set (``root@localhost``, ``user@host.(none)``).
_PLACEHOLDER_EMAIL = re.compile(
    r"@(?:localhost(?:\.localdomain)?|[^@]*\(none\))$"
    r"|^(?:you|your[._]?email|your[._]?name|email|user|root|nobody|none)@", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_NAME_NODE = "\0name:"  # keeps a name's node apart from an author key that is a bare name


def _name(name: str) -> str | None:
    """Return the comparable form of a name, or None for a placeholder."""
    folded = _SPACES.sub(" ", name).strip().casefold()
    if len(folded) < 2 or folded in _PLACEHOLDER_NAMES:
        return None
    return folded


def _email(email: str) -> str | None:
    """Return the comparable form of an email, or None for a placeholder."""
    folded = email.strip().lower()
    if "@" not in folded or _PLACEHOLDER_EMAIL.search(folded):
        return None
    return folded


def author_key(name: str, email: str) -> str:
    """Return the key of one identity: its email, or its name when the email is a placeholder."""
    return _email(email) or name.strip()


class AuthorIdentities:
    """Author keys seen in a history, grouped into people (union-find over keys and names)."""

    def __init__(self) -> None:
        """Start with no identity seen."""
        self._parent: dict[str, str] = {}
        self._order: dict[str, int] = {}  # key -> when first seen; the first is the person's key
        self._seen: set[tuple[str, str, str]] = set()

    def observe(self, key: str, name: str, email: str) -> None:
        """Record that ``key`` (an author key) committed as ``name`` <``email``>."""
        pair = (key, name, email)
        if pair in self._seen:
            return
        self._seen.add(pair)
        self._order.setdefault(key, len(self._order))
        self._parent.setdefault(key, key)
        folded_email = _email(email)
        if folded_email is not None and folded_email != key:
            self._union(key, folded_email)
        folded_name = _name(name)
        if folded_name is not None:
            self._union(key, _NAME_NODE + folded_name)

    def canonical(self) -> dict[str, str]:
        """Map every observed key that shares a person with an earlier one to that key.

        Keys that are their person's only key are left out: an empty map means no merge.
        """
        first: dict[str, str] = {}
        for key in sorted(self._order, key=self._order.__getitem__):
            first.setdefault(self._find(key), key)
        merged = {key: first[self._find(key)] for key in self._order}
        return {key: person for key, person in merged.items() if key != person}

    def _find(self, node: str) -> str:
        parent = self._parent.setdefault(node, node)
        while parent != node:
            grandparent = self._parent[parent]
            self._parent[node] = grandparent  # path halving
            node, parent = parent, grandparent
        return node

    def _union(self, left: str, right: str) -> None:
        left_root, right_root = self._find(left), self._find(right)
        if left_root != right_root:
            self._parent[right_root] = left_root


def merge_counts(counts: dict[str, int], canonical: dict[str, str]) -> dict[str, int]:
    """Return ``counts`` by person: the counts of keys of one person added together."""
    if not canonical or not any(key in canonical for key in counts):
        return counts
    merged: dict[str, int] = {}
    for key, count in counts.items():
        person = canonical.get(key, key)
        merged[person] = merged.get(person, 0) + count
    return merged


def merge_latest(latest: dict[str, int], canonical: dict[str, str]) -> dict[str, int]:
    """Return ``latest`` by person: the latest of the times of one person's keys."""
    merged: dict[str, int] = {}
    for key, when in latest.items():
        person = canonical.get(key, key)
        merged[person] = max(merged.get(person, when), when)
    return merged
