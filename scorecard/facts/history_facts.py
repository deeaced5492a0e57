"""The history analyzer's facts: the window, churn, hotspots, coupling, knowledge and risk."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from scorecard.plain import OMIT_NONE

__all__ = ["ChurnRow", "CoupledPairRow", "HistoryFacts", "HotFunction", "HotspotRow",
           "KnowledgeFacts", "ModuleKnowledge", "Ownership", "RiskFacts", "RiskFileRow",
           "RiskModelFacts", "UnreadableFacts", "WindowFacts"]


@dataclass(frozen=True)
class RiskModelFacts:
    """The defect-risk model that ranked the files: where it came from and its numbers."""

    source: str  # "fitted" or "prior"
    note: str
    training_files: int
    training_labelled_files: int
    training_fix_commits: int
    intercept: float
    coefficients: Mapping[str, float]


@dataclass(frozen=True)
class RiskFileRow:
    """One file's place in the risk ranking (rank 1: the most expected fixes)."""

    path: str
    risk: float
    risk_per_kloc: float
    rank: int
    sloc: int
    revisions: int
    fixes: int
    factors: tuple[str, ...]


@dataclass(frozen=True)
class RiskFacts:
    """Every ranked file, riskiest first, and the model."""

    model: RiskModelFacts
    files: tuple[RiskFileRow, ...]


@dataclass(frozen=True)
class WindowFacts:
    """What the history window covered."""

    since: str
    until: str
    commits: int
    merges: int
    ignored_commits: int
    wide_commits_left_out_of_coupling: int
    # Current files a tool writes (lock files, generated code), left out of every table.
    machine_written_files_left_out: int = 0
    # Commits by bot accounts (dependabot[bot], ...), left out of knowledge and coupling
    # (still in churn), and the accounts' names, the most commits first.
    bot_commits_left_out: int = 0
    bot_accounts: tuple[str, ...] = ()


@dataclass(frozen=True)
class UnreadableFacts:
    """What git could not read of the window's history, and what that cost.

    ``note`` is the report's sentence; when a commit or tree could not be read, history
    stops at commit ``history_stops_at`` (the oldest one read).
    """

    note: str
    cause: str
    objects: int
    first_object: str
    files_without_line_counts: int
    history_stops_at: str | None = field(default=None, metadata=OMIT_NONE)


@dataclass(frozen=True)
class ChurnRow:
    """A current file's changes in the window (line counts None: git could not count them)."""

    path: str
    revisions: int
    added: int | None
    deleted: int | None
    relative_churn: float | None
    authors: int
    first: str
    last: str
    age_days: int


@dataclass(frozen=True)
class HotFunction:
    """One of a hotspot's most complex functions."""

    function: str
    line: int
    cyclomatic: int
    cognitive: int


@dataclass(frozen=True)
class HotspotRow:
    """A file changed often and more complex than the typical file."""

    path: str
    revisions: int
    complexity: int
    sloc: int
    score: int
    risk: float | None
    worst_functions: tuple[HotFunction, ...]


@dataclass(frozen=True)
class CoupledPairRow:
    """Two files that change together (code-maat's coupling)."""

    first: str
    second: str
    shared: int
    degree: int
    average_revisions: float
    cross_module: bool


@dataclass(frozen=True)
class Ownership:
    """Who changed a file or module, and how concentrated that is."""

    name: str
    changes: int
    authors: int
    main_author: str
    main_author_share: float
    authors_for_half: int


@dataclass(frozen=True)
class ModuleKnowledge(Ownership):
    """A module's ownership, and whether its main authors have left (an island)."""

    island: bool


@dataclass(frozen=True)
class KnowledgeFacts:
    """Ownership per module, and the files whose main authors have left."""

    modules: tuple[ModuleKnowledge, ...]
    islands: tuple[Ownership, ...]


@dataclass(frozen=True)
class HistoryFacts:
    """What the history analyzer mined (``details.history``); lists are capped."""

    # Written first, and only when the risk model ran.
    risk: RiskFacts | None = field(default=None, kw_only=True, metadata=OMIT_NONE)
    # Only when git could not read part of the window's history.
    unreadable: UnreadableFacts | None = field(default=None, kw_only=True, metadata=OMIT_NONE)
    window: WindowFacts
    files_changed: int
    churn: tuple[ChurnRow, ...]
    hotspot_min_revisions: int | None
    hotspots: tuple[HotspotRow, ...]
    coupling: tuple[CoupledPairRow, ...]
    knowledge: KnowledgeFacts
