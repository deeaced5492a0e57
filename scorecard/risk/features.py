"""Per-file risk features at a moment, from the history pass and the scan's own facts.

The history analyzer's ``git log`` pass reads two windows of equal length before the scan's
moment and records in :class:`Touches`, for every non-merge commit of both, who changed
which files (under the paths they have today) and whether its subject marks a fix.
:func:`features_at` turns that into one :class:`FileFeatures` per file at any cut-off: the
scan's moment (the features the ranking uses) or one window earlier (the features the model
is fitted on, labelled with the fixes of the window that followed).

A file's size one window ago is its size today minus the lines its commits added since,
plus the lines they deleted (``git log --numstat`` counts physical lines, so this is exact
for physical lines). Its complexity one window ago is not read from git: today's complexity
per line is taken as the file's own, scaled to that size. Both use only what was committed
before the scan's moment, so a backtest at a past date reads nothing after it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["FEATURE_NAMES", "Change", "FileFacts", "FileFeatures", "Touches", "features_at",
           "lines_at"]

DAY = 86_400
# Changes lose half their weight every 90 days: recent changes and fixes predict the next
# ones better than old ones (Graves et al., "Predicting fault incidence using software
# change history", IEEE TSE 2000: the weighted time damp model).
HALF_LIFE_DAYS = 90.0
RECENT_DAYS = 90  # "changed N times in the last 3 months", as the factors say it
# Commits touching more files than this are sweeps (reformatting, renames): they say
# nothing about which files change together (code-maat's max changeset size).
MAX_COCHANGE_FILES = 30

# The model's inputs. Chosen by leave-one-repository-out backtests on 16 public repositories
# (benchmarks/README.md, "Risk model"): prior fix counts, churn, the main author's share and
# worst-function complexity were measured too and left out, as they did not improve the
# ranking on repositories the model had not seen.
FEATURE_NAMES: tuple[str, ...] = (
    "log_lines", "log_revisions", "log_weighted_revisions", "log_complexity", "log_authors",
    "log_cochange_fixes",
)


@dataclass(frozen=True)
class FileFacts:
    """What the scan measured of one current file: size and complexity."""

    path: str
    lines: int  # physical lines, as git's numstat counts them
    sloc: int
    complexity: int  # total cyclomatic complexity of its functions
    max_cognitive: int
    worst_function: str  # the function with the highest cognitive complexity, or ""


@dataclass(frozen=True)
class Change:
    """One commit's change to one file."""

    when: int
    fix: bool
    added: int | None  # None with deleted: git could not count the change's lines
    deleted: int | None
    author: str
    commit: int  # index of the commit in Touches.commits


@dataclass
class Touches:
    """Every non-merge commit of the history read, and each file's changes by today's path."""

    commits: list[tuple[int, bool, tuple[str, ...]]] = field(default_factory=list)
    by_path: dict[str, list[Change]] = field(default_factory=dict)
    oldest: int | None = None  # committer time of the oldest commit read (merges included)

    def fix_commits(self, since: int, until: int) -> int:
        """Return how many fix commits fall in [since, until)."""
        return sum(1 for when, fix, _ in self.commits if fix and since <= when < until)


@dataclass(frozen=True)
class FileFeatures:
    """The inputs of the risk model for one file at one cut-off, with their raw counts."""

    path: str
    lines: int
    revisions: int
    fixes: int  # fix commits among the revisions (reported; not an input, see FEATURE_NAMES)
    recent_revisions: int  # in the last RECENT_DAYS days
    weighted_revisions: float  # each change weighted by its age (HALF_LIFE_DAYS)
    authors: int
    main_author_share: float  # 0 when nobody changed it
    cochange_fixes: int  # fix commits to files it changed with, that left it alone
    complexity: float

    def vector(self) -> tuple[float, ...]:
        """Return the model's inputs, in the order of FEATURE_NAMES."""
        return (math.log1p(self.lines), math.log1p(self.revisions),
                math.log1p(self.weighted_revisions), math.log1p(self.complexity),
                math.log1p(self.authors), math.log1p(self.cochange_fixes))


def lines_at(touches: Touches, path: str, lines_now: int, cutoff: int) -> int | None:
    """Return the physical lines ``path`` had at ``cutoff``.

    They are its lines at the newest commit read less what the commits since ``cutoff``
    added, plus what they deleted. 0 means the file did not exist then; None that a change
    since could not be counted, so the size then is unknown.
    """
    net = 0
    for change in touches.by_path.get(path, ()):
        if cutoff <= change.when:
            if change.added is None or change.deleted is None:
                return None
            net += change.added - change.deleted
    return max(lines_now - net, 0)


def features_at(touches: Touches, facts: Mapping[str, FileFacts], cutoff: int, window: int,
                sizes: Mapping[str, int] | None = None) -> dict[str, FileFeatures]:
    """Return the features of every file in ``facts`` over [cutoff - window, cutoff).

    ``sizes`` gives the physical lines at ``cutoff`` when it is not the scan's moment (see
    :func:`lines_at`); complexity then scales with the size, per the module's rule.
    """
    since = cutoff - window
    in_window = {path: [c for c in changes if since <= c.when < cutoff]
                 for path, changes in touches.by_path.items()}
    fixed_by = {path: {c.commit for c in changes if c.fix} for path, changes in in_window.items()}
    partners = _partners(touches, in_window)
    features: dict[str, FileFeatures] = {}
    for path, fact in facts.items():
        changes = in_window.get(path, [])
        lines = fact.lines if sizes is None else sizes.get(path, fact.lines)
        scale = lines / fact.lines if fact.lines else 1.0
        own_fixes = fixed_by.get(path, set())
        near_fixes: set[int] = set()
        for partner in partners.get(path, ()):
            near_fixes |= fixed_by.get(partner, set())
        authors = Counter(c.author for c in changes)
        features[path] = FileFeatures(
            path=path, lines=lines, revisions=len(changes), fixes=len(own_fixes),
            recent_revisions=sum(1 for c in changes if cutoff - c.when <= RECENT_DAYS * DAY),
            weighted_revisions=sum(_weight(cutoff - c.when) for c in changes),
            authors=len(authors),
            main_author_share=max(authors.values()) / len(changes) if changes else 0.0,
            cochange_fixes=len(near_fixes - own_fixes),
            complexity=fact.complexity * scale)
    return features


def _weight(age_seconds: int) -> float:
    """Return a change's weight by its age: 1 now, 1/2 after HALF_LIFE_DAYS."""
    return float(0.5 ** (age_seconds / (HALF_LIFE_DAYS * DAY)))


def _partners(touches: Touches, in_window: Mapping[str, list[Change]]) -> dict[str, set[str]]:
    """Return, per file, the files it changed together with in the window's small commits."""
    partners: dict[str, set[str]] = {}
    seen: set[int] = set()
    for changes in in_window.values():
        for change in changes:
            if change.commit in seen:
                continue
            seen.add(change.commit)
            paths = touches.commits[change.commit][2]
            if len(paths) > MAX_COCHANGE_FILES or len(paths) < 2:
                continue
            for path in paths:
                partners.setdefault(path, set()).update(p for p in paths if p != path)
    return partners
