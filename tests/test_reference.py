"""The reference population: standing lookups, the shipped data, grade bands that agree."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from importlib import resources

import pytest

from scorecard import api
from scorecard.model import Pillar, PillarScore, Standing
from scorecard.scoring.engine import GRADE_BANDS
from scorecard.scoring.reference import (
    Reference,
    describe_standing,
    load_reference,
    percent_below,
    standing_of,
)
from scorecard.serialisation import report_from_dict, report_to_dict
from tests.gitrepo import GitRepo


@pytest.mark.parametrize(("score", "expected"), [
    (0.0, 0.0), (1.0, 10.0), (2.5, 30.0), (5.0, 55.0), (9.0, 95.0), (10.0, 100.0)])
def test_percent_below_counts_ties_as_half(score: float, expected: float) -> None:
    scores = [1.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0]  # sorted, one tie at 1.0
    brute = 100.0 * sum(1.0 if s < score else 0.5 if s == score else 0.0
                        for s in scores) / len(scores)
    assert percent_below(scores, score) == round(brute, 1) == expected


def _reference(kinds: dict[str, int]) -> Reference:
    parts = {name: {"overall": tuple(float(i) for i in range(n)),
                    "simplicity": tuple(float(i) for i in range(n))}
             for name, n in kinds.items()}
    return Reference("2026-12-07", sum(kinds.values()), parts, dict(kinds))


def test_a_kind_with_few_reference_repositories_is_compared_with_all() -> None:
    reference = _reference({"library": 20, "operations": 4, "all": 24})
    pillars = [PillarScore(Pillar.SIMPLICITY, 5.0, "C", (), ())]
    assert standing_of("library", pillars, 5.0, reference).kind == "library"  # type: ignore[union-attr]
    assert standing_of("operations", pillars, 5.0, reference).kind == "all"  # type: ignore[union-attr]
    assert standing_of(None, pillars, 5.0, reference).kind == "all"  # type: ignore[union-attr]
    standing = standing_of("library", pillars, 5.0, reference)
    assert standing is not None and standing.overall_better_than_percent == 27.5
    text = describe_standing({"reference": standing})
    assert text == ("better than 28 % of 20 reference libraries (scanned 2026-12); simplicity 28 %")


def test_the_shipped_reference_is_sorted_and_names_its_size() -> None:
    reference = load_reference()
    assert reference.population >= 80
    for parts in reference.kinds.values():
        for scores in parts.values():
            assert list(scores) == sorted(scores) and all(0 <= s <= 10 for s in scores)
    assert reference.repositories["all"] == reference.population


def test_grade_bands_are_the_calibrated_ones() -> None:
    raw = json.loads(resources.files("scorecard.scoring").joinpath("reference.json")
                     .read_text("utf-8"))
    assert [list(band) for band in GRADE_BANDS] == raw["grade_bands"]


def test_a_scan_carries_its_standing(git_repo: GitRepo) -> None:
    git_repo.commit({"a.py": "def f():\n    return 1\n"}, date="2026-06-01T10:00:00+00:00")
    report = api.scan(git_repo.root, now=datetime(2026, 6, 2, tzinfo=UTC),
                      flags={"cache": False})
    standing = report.details["reference"]
    assert isinstance(standing, Standing) and standing.overall_better_than_percent is not None
    assert 0 <= standing.overall_better_than_percent <= 100
    assert set(standing.pillars_better_than_percent) == {p.value for p in Pillar}
    # The store keeps it typed.
    assert report_from_dict(report_to_dict(report)).details["reference"] == standing


def test_a_pillar_n_a_leaves_no_overall_standing(git_repo: GitRepo) -> None:
    # A pillar whose checks are all disabled has no score: the overall score is then not
    # comparable with reference repositories scored on every pillar.
    disabled = "".join(f'[checks."simplicity.{name}"]\nenabled = false\n' for name in (
        "architecture-contracts", "cognitive-complexity", "cyclomatic-complexity",
        "docstring-coverage", "file-size", "function-length", "god-modules", "import-cycles",
        "maintainability-index", "nesting-depth", "parameter-count", "private-names",
        "public-api", "public-docstrings"))
    for day in range(1, 6):
        git_repo.commit({"README.md": "# Tool\n\n## Install\n\npip install tool\n" * day,
                         "scorecard.toml": disabled,
                         f"tool/part{day}.py": "def part(x):\n    return x if x else 0\n" * day},
                        date=f"2026-05-0{day}T10:00:00+00:00")
    report = api.scan(git_repo.root, now=datetime(2026, 6, 2, tzinfo=UTC),
                      flags={"cache": False})
    standing = report.details["reference"]
    assert isinstance(standing, Standing)
    assert standing.overall_better_than_percent is None
    measured = {p.pillar.value for p in report.pillars if p.score is not None}
    assert measured and measured != {p.value for p in Pillar}
    text = describe_standing(report.details)
    assert text.startswith("no overall standing (")
    assert all(f"in {name}" in text for name in measured)


def test_standing_in_words_without_an_overall_place() -> None:
    standing = Standing("library", 22, "2026-12-07", None,
                        {"operability": 4.0, "simplicity": None, "evolvability": 0.4})
    assert describe_standing({"reference": standing}) == (
        "no overall standing (simplicity n/a); better than 4 % of 22 reference libraries "
        "(scanned 2026-12) in operability, 0 % in evolvability")
