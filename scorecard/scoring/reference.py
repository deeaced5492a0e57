"""Where a report stands among the reference population of public repositories of its kind.

``reference.json`` holds, for each project kind and for all kinds together, the sorted
overall and pillar scores of the reference population (public repositories scanned by
``benchmarks/population/run.py`` and re-scored with the shipped checks by
``benchmarks/population/calibrate.py``; the file names its date and size). A report's
standing is, per pillar and overall, the share of the reference repositories of its kind it
scores above ("better than 62 % of 21 reference libraries"), counting ties as half: the mid
rank, so a score equal to every reference one stands at 50 %. A report with a pillar n/a has
no overall standing, only its pillars': its overall score averages fewer pillars than the
reference ones do. The lookup is a bisection in a list of at most a few hundred numbers:
data, not work.
"""

from __future__ import annotations

import bisect
import functools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources

from scorecard.model import PillarScore, Standing
from scorecard.wording import counted

__all__ = ["Reference", "describe_standing", "load_reference", "standing_of"]

KIND_NAMES = {"library": ("library", "libraries"), "cli": ("command-line tool",
                                                           "command-line tools"),
              "service": ("service", "services"),
              "operations": ("operations repository", "operations repositories"),
              "notebooks": ("notebook collection", "notebook collections"),
              "all": ("repository", "repositories")}
MIN_REFERENCE = 10  # fewer repositories of a kind than this: compare with all kinds


@dataclass(frozen=True)
class Reference:
    """The reference population's sorted scores per kind and part (pillar or "overall")."""

    date: str
    population: int
    kinds: Mapping[str, Mapping[str, tuple[float, ...]]]
    repositories: Mapping[str, int]


@functools.cache
def load_reference() -> Reference:
    """Return the shipped reference population (read once per process)."""
    text = resources.files("scorecard.scoring").joinpath("reference.json").read_text("utf-8")
    raw = json.loads(text)
    kinds = {kind: {part: tuple(float(s) for s in scores) for part, scores in parts.items()
                    if part != "repositories"}
             for kind, parts in raw["kinds"].items()}
    return Reference(str(raw["date"]), int(raw["population"]), kinds,
                     {kind: int(parts["repositories"]) for kind, parts in raw["kinds"].items()})


def percent_below(scores: Sequence[float], score: float) -> float:
    """Return the share (%) of ``scores`` (sorted) below ``score``, ties counted as half."""
    below = bisect.bisect_left(scores, score)
    ties = bisect.bisect_right(scores, score) - below
    return round(100.0 * (below + ties / 2) / len(scores), 1)


def standing_of(kind: str | None, pillars: Sequence[PillarScore], overall: float | None,
                reference: Reference | None = None) -> Standing | None:
    """Return where the scores stand among the reference ``kind`` (all kinds when unknown)."""
    reference = reference or load_reference()
    chosen = "all"
    if kind is not None and reference.repositories.get(kind, 0) >= MIN_REFERENCE:
        chosen = kind
    parts = reference.kinds.get(chosen)
    if not parts:
        return None

    def place(part: str, score: float | None) -> float | None:
        scores = parts.get(part, ())
        return None if score is None or not scores else percent_below(scores, score)

    # An overall score averaged over fewer pillars than the reference repositories' is not
    # comparable with theirs: a docs-only repository scored on evolvability alone would
    # stand "better than 100 %" of services.
    comparable = all(p.score is not None for p in pillars)
    return Standing(chosen, reference.repositories[chosen], reference.date,
                    place("overall", overall if comparable else None),
                    {p.pillar.value: place(p.pillar.value, p.score) for p in pillars})


def describe_standing(details: Mapping[str, object]) -> str:
    """Return the one-line standing of a report from its ``details`` ("" without one)."""
    standing = details.get("reference")
    if not isinstance(standing, Standing):
        return ""
    singular, plural = KIND_NAMES.get(standing.kind, KIND_NAMES["all"])
    among = (f"{counted(standing.repositories, 'reference ' + singular, 'reference ' + plural)} "
             f"(scanned {standing.date[:7]})")
    placed = {name: value for name, value in standing.pillars_better_than_percent.items()
              if value is not None}
    parts = ", ".join(f"{name} {value:.0f} %" for name, value in placed.items())
    if standing.overall_better_than_percent is not None:
        return (f"better than {standing.overall_better_than_percent:.0f} % of {among}"
                + (f"; {parts}" if parts else ""))
    if not placed:
        return ""
    missing = [name for name, value in standing.pillars_better_than_percent.items()
               if value is None]
    first, *rest = placed.items()
    pillars = ", ".join([f"{first[1]:.0f} % of {among} in {first[0]}",
                         *(f"{value:.0f} % in {name}" for name, value in rest)])
    return f"no overall standing ({', '.join(missing)} n/a); better than {pillars}"
