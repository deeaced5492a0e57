"""The data model shared by every stage of the pipeline.

Frozen dataclasses only; this module imports nothing else from the package so that every
stage (RepoView, analyzers, scoring, reporters) can depend on it without cycles. Times are
passed in as values, never read from the clock here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeAlias, TypeVar, Union

__all__ = [
    "FINDINGS_BOUND",
    "CheckDefinition",
    "CheckResult",
    "CheckStatus",
    "CodeOwners",
    "Direction",
    "EffectiveConfig",
    "Facts",
    "Finding",
    "GitSummary",
    "JsonValue",
    "Location",
    "Measurement",
    "OwnerRule",
    "Metric",
    "Pillar",
    "PillarScore",
    "Problem",
    "Report",
    "ScanSummary",
    "Scorer",
    "SkippedFile",
]

# Findings a measurement keeps at most. Every finding of a real repository is kept: the JSON,
# SARIF and CSV reports hold them all, and a baseline records them all (a finding cut from
# the list would come back as "new" once another is fixed). The bound is for hostile input.
FINDINGS_BOUND = 100_000

# A value JSON can hold: what a free-form row of an analyzer's facts may contain.
JsonValue: TypeAlias = Union[  # noqa: UP007 - a recursive alias needs the string parts
    str, int, float, bool, None, Sequence["JsonValue"], Mapping[str, "JsonValue"]]

_FactsT = TypeVar("_FactsT")


class Pillar(StrEnum):
    """The three maintainability principles scorecard scores."""

    OPERABILITY = "operability"
    SIMPLICITY = "simplicity"
    EVOLVABILITY = "evolvability"


class Direction(StrEnum):
    """Whether a larger value of a metric is better or worse."""

    LOWER_IS_BETTER = "lower"
    HIGHER_IS_BETTER = "higher"


class CheckStatus(StrEnum):
    """Outcome of one check."""

    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"
    NOT_APPLICABLE = "n/a"
    ERROR = "error"


@dataclass(frozen=True)
class Metric:
    """A quantity an analyzer measures, declared beside the analyzer's code."""

    id: str
    description: str
    direction: Direction
    unit: str


@dataclass(frozen=True)
class Location:
    """A place in the repository: repo-relative POSIX path and optional 1-based line."""

    path: str
    line: int | None = None

    def __lt__(self, other: Location) -> bool:
        # Sorting places puts a file-level place (no line) before the lines of that file.
        return (self.path, self.line or 0) < (other.path, other.line or 0)


@dataclass(frozen=True)
class Finding:
    """One piece of evidence behind a measurement, worst first when listed."""

    metric: str
    location: Location
    message: str
    value: float | None = None
    symbol: str | None = None


@dataclass(frozen=True)
class Measurement:
    """The value of one metric for the whole repository (None when it could not be measured)."""

    metric: str
    value: float | None
    note: str = ""
    findings: tuple[Finding, ...] = ()
    # The scan could not measure it, though it would apply: no git history, a shallow
    # clone, git failing, a skipped analyzer. Scoring counts it as 0 and marks the pillar
    # provisional, so that missing facts never raise a score.
    unmeasured: bool = False


@dataclass(frozen=True)
class Problem:
    """Input that could not be read or analysed, with a one-line reason."""

    analyzer: str
    message: str
    path: str | None = None


@dataclass(frozen=True)
class SkippedFile:
    """A file RepoView deliberately left out, and why."""

    path: str
    reason: str


@dataclass(frozen=True)
class Facts:
    """Everything the analyzers measured: the only input of scoring."""

    measurements: Mapping[str, Measurement]
    problems: tuple[Problem, ...] = ()
    skipped: tuple[SkippedFile, ...] = ()
    # Analyzers that crashed: metric ids they declare become error results, not zeros.
    failed_metrics: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class GitSummary:
    """What a scan knew about the repository's git state."""

    is_git: bool
    shallow: bool
    branch: str | None
    reason: str


@dataclass(frozen=True)
class ScanSummary:
    """The scan's own facts: what was listed, analysed and cached (``details.scan``)."""

    files_listed: int
    python_files: int
    unparsable_files: int
    unparsable_lines: int
    analysed: int
    from_cache: int
    git: GitSummary
    config_source: str


@dataclass(frozen=True)
class CheckResult:
    """The evaluation of one check: a 0-10 score or n/a, with the reason that names the value."""

    id: str
    pillar: Pillar
    title: str
    metric: str
    weight: float
    score: float | None
    status: CheckStatus
    reason: str
    remedy: str
    value: float | None = None
    findings: tuple[Finding, ...] = ()
    unmeasured: bool = False  # n/a because this scan could not measure it (see Measurement)


@dataclass(frozen=True)
class PillarScore:
    """Weighted mean of a pillar's scored checks, and what it skipped."""

    pillar: Pillar
    score: float | None
    grade: str | None
    checks: tuple[CheckResult, ...]
    skipped: tuple[CheckResult, ...]
    # Some applicable checks could not be measured and count as 0: the score is a lower
    # bound of what a scan with every fact (full history, every analyzer) would give.
    provisional: bool = False
    # Why the pillar has no score although some of its checks scored: the checks that apply
    # carry too little of its weight to stand for it (scorecard.scoring.engine); "" otherwise.
    withheld: str = ""


@dataclass(frozen=True)
class UnmeasuredCheck:
    """A check that applies but that the scan could not measure, and why."""

    check: str
    reason: str


@dataclass(frozen=True)
class Coverage:
    """What a report measured (``details.coverage``): its score is a lower bound if provisional."""

    scored: int
    not_applicable: int
    unmeasured: tuple[UnmeasuredCheck, ...]
    provisional: bool


@dataclass(frozen=True)
class Standing:
    """Where a report stands in the reference population (``details.reference``).

    Each share is the percentage of the reference repositories of ``kind`` the score is
    above, ties counted as half.
    """

    kind: str
    repositories: int
    date: str
    overall_better_than_percent: float | None
    pillars_better_than_percent: Mapping[str, float | None]


@dataclass(frozen=True)
class Scorer:
    """How a metric value becomes a 0-10 score.

    - linear: 10 at ``best``, 0 at ``worst``, straight line between (either direction).
    - steps: ``steps`` is a list of (threshold, score); the first threshold the value does not
      pass (lower-is-better: value <= threshold; higher-is-better: value >= threshold) gives
      the score; a value past every threshold scores 0.
    - ratio: score = 10 * value / ``full`` (capped at 10); for coverage-like percentages.
    - boolean: 10 when bool(value) equals ``pass_when``, else 0.
    """

    kind: str
    best: float | None = None
    worst: float | None = None
    steps: tuple[tuple[float, float], ...] = ()
    full: float = 100.0
    pass_when: bool = True


@dataclass(frozen=True)
class CheckDefinition:
    """One validated check, as the scan applied it (overrides of the configuration included).

    Loaded and validated by ``scorecard.scoring.definitions``; a report carries the checks
    it was scored with, so its consumers never load them again.
    """

    id: str
    pillar: Pillar
    title: str
    metric: str
    weight: float
    scorer: Scorer
    short: str
    rationale: str
    remedy: str
    references: tuple[str, ...] = ()
    enabled: bool = True
    source: str = ""


@dataclass(frozen=True)
class EffectiveConfig:
    """The configuration a scan ran with, as its consumers read it back from the report.

    The gate (``fail_under``) and the limits and selections that change what is measured;
    the check weights and scorers in force are the report's ``checks``.
    """

    source: str = "defaults"
    fail_under: float | None = None
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    max_file_bytes: int = 2 * 1024 * 1024
    max_file_seconds: float = 60.0
    skip_analyzers: tuple[str, ...] = ()


@dataclass(frozen=True)
class OwnerRule:
    """One CODEOWNERS line: a pattern (.gitignore-style) and the owners it names."""

    pattern: str
    owners: tuple[str, ...] = ()


@dataclass(frozen=True)
class CodeOwners:
    """The CODEOWNERS file of the scanned commit: where it was and its rules, in file order."""

    path: str
    rules: tuple[OwnerRule, ...] = ()


@dataclass(frozen=True)
class Report:
    """A complete scan result: the one thing every reporter and the history store consume."""

    format_version: int
    tool_version: str
    repository: str
    commit: str | None
    generated_at: str
    score: float | None
    grade: str | None
    pillars: tuple[PillarScore, ...]
    problems: tuple[Problem, ...]
    skipped: tuple[SkippedFile, ...]
    files_analyzed: int
    config_digest: str
    # Analyzer name -> that analyzer's facts (a frozen dataclass it exports; None when it
    # measured nothing), and "scan" -> ScanSummary. A stored report whose facts no longer
    # decode keeps them as plain JSON data, which ``facts`` does not return.
    details: Mapping[str, object] = field(default_factory=dict)
    # What the report's consumers need besides the scores, so that none of them loads the
    # configuration or reads git again: the checks it was scored with, the configuration in
    # force, and the owners of its paths (None: no CODEOWNERS, or a report of format 1).
    checks: tuple[CheckDefinition, ...] = ()
    config: EffectiveConfig | None = None
    owners: CodeOwners | None = None

    def facts(self, kind: type[_FactsT]) -> _FactsT | None:
        """Return the facts of type ``kind`` this report carries, None when it has none."""
        for value in self.details.values():
            if isinstance(value, kind):
                return value
        return None
