"""Fold the commit stream of one window into the aggregates every measure is built from.

One pass, newest first. For each commit:

- its author's last activity is recorded, merges and ignored sweeps included (a person who
  only merges or reformats is still around);
- a commit listed in ``.git-blame-ignore-revs`` is otherwise skipped, and so is a merge:
  its diff only repeats the changes of the commits it merges, which are counted already
  (conflict resolutions inside merges are therefore not counted);
- every other commit's changes are credited to the paths the files have today (see
  :mod:`renames`) and fed to churn, coupling and tests-beside-changes; a change whose lines
  git could not count (an object it could not read) counts as a revision, and leaves the
  file's line counts unknown;
- except that a commit by a bot account (see :mod:`bots`) feeds churn without an author
  (the files did change, but no person learnt them), no coupling (a dependency bot's
  update script decides what changes together, not the design) and not tests-beside-
  changes (a version bump needs no test); ``bots`` counts them.

When the stream ends, the identities of one person (a shared email or name, see
:mod:`identities`) are joined in every tally that counts authors.

Memory grows with the number of files, authors and co-changing pairs, not with commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from scorecard.analyzers.history.bots import BUILTIN_BOTS, BotMatcher
from scorecard.analyzers.history.change_coupling import CouplingTally
from scorecard.analyzers.history.churn import ChurnTally
from scorecard.analyzers.history.identities import (
    AuthorIdentities,
    author_key,
    merge_counts,
    merge_latest,
)
from scorecard.analyzers.history.renames import RenameMap
from scorecard.analyzers.history.testchanges import TestChangeTally
from scorecard.repo.gitlog import Commit

__all__ = ["Mined", "author_key", "mine"]


@dataclass
class Mined:
    """Aggregates of one window of history."""

    churn: ChurnTally
    coupling: CouplingTally
    tests: TestChangeTally = field(default_factory=TestChangeTally)
    commits: int = 0  # non-merge commits counted
    merges: int = 0
    ignored: int = 0  # commits skipped because .git-blame-ignore-revs lists them
    last_active: dict[str, int] = field(default_factory=dict)  # author key -> newest activity
    names: dict[str, str] = field(default_factory=dict)  # author key -> newest display name
    bots: dict[str, int] = field(default_factory=dict)  # author key -> counted bot commits


def mine(commits: Iterable[Commit], *, ignore: frozenset[str] = frozenset(),
         max_changeset_size: int = 30, bots: BotMatcher = BUILTIN_BOTS) -> Mined:
    """Fold ``commits`` (newest first, as git log lists them) into aggregates.

    ``bots`` tells the bot accounts, whose commits create no authorship and no coupling.
    """
    mined = Mined(ChurnTally(), CouplingTally(max_changeset_size))
    renames = RenameMap()
    churn, last_active, names = mined.churn, mined.last_active, mined.names
    is_bot: dict[tuple[str, str], bool] = {}  # a window has few identities, many commits
    identities = AuthorIdentities()
    for commit in commits:
        who = author_key(commit.author, commit.email)
        identities.observe(who, commit.author, commit.email)
        # An author is active when their work lands: a rebased or cherry-picked history keeps
        # years-old author dates on commits made today, and the window itself is chosen by
        # committer date (git's --since), so the later of the two dates counts.
        active = max(commit.timestamp, commit.committed)
        if active > last_active.get(who, -1):
            last_active[who] = active
        names.setdefault(who, commit.author or commit.email)
        if commit.sha in ignore:
            mined.ignored += 1
            continue
        if commit.is_merge:
            mined.merges += 1
            continue
        mined.commits += 1
        identity = (commit.author, commit.email)
        bot = is_bot.get(identity)
        if bot is None:
            bot = is_bot[identity] = bots.is_bot(*identity)
        touched, uncounted = _touched(commit, renames)
        for path, (added, deleted) in touched.items():
            churn.add(path, added, deleted, None if bot else who, commit.timestamp)
        for path in uncounted:
            churn.mark_uncounted(path)
        if bot:
            mined.bots[who] = mined.bots.get(who, 0) + 1
        else:
            # A bot's version bump needs no test: it says nothing of the team's habit.
            mined.coupling.add(touched.keys())
            mined.tests.add(touched)
    _join_people(mined, identities.canonical())
    return mined


def _join_people(mined: Mined, canonical: dict[str, str]) -> None:
    """Count each person once: re-key the author tallies by the person's first key."""
    if not canonical:
        return
    for stats in mined.churn.files.values():
        stats.authors = merge_counts(stats.authors, canonical)
    mined.last_active = merge_latest(mined.last_active, canonical)
    mined.bots = merge_counts(mined.bots, canonical)
    # names holds each key's newest display name; a person is shown by their first key's,
    # the newest identity in the stream (newest first).
    mined.names = {key: name for key, name in mined.names.items() if key not in canonical}


def _touched(commit: Commit, renames: RenameMap,
             ) -> tuple[dict[str, tuple[int, int]], list[str]]:
    """Return the commit's (lines added, deleted) per path, by the paths files have today.

    And the paths whose lines git could not count in it (their counts there are unknown).
    """
    touched: dict[str, tuple[int, int]] = {}
    uncounted: list[str] = []
    for change in commit.changes:
        path = renames.resolve(change.path, change.old_path)
        added, deleted = touched.get(path, (0, 0))
        touched[path] = (added + (change.added or 0), deleted + (change.deleted or 0))
        if change.uncounted:
            uncounted.append(path)
    return touched, uncounted
