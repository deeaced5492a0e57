"""The generated check pages in docs/checks match the check definitions."""

from __future__ import annotations

from pathlib import Path

from scorecard.analyzers import declared_metrics
from scorecard.api import all_metrics
from scorecard.checkdocs import expected_docs
from scorecard.resources import checks_dir
from scorecard.scoring import load_checks

DOCS = Path(__file__).resolve().parent.parent / "docs" / "checks"


def test_check_pages_are_in_sync() -> None:
    checks = load_checks([checks_dir()], declared_metrics())
    expected = expected_docs(checks, all_metrics())
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in DOCS.glob("*.md")}
    stale = sorted(set(on_disk) - set(expected))
    missing = sorted(set(expected) - set(on_disk))
    changed = sorted(n for n in expected if n in on_disk and on_disk[n] != expected[n])
    assert not (stale or missing or changed), (
        f"docs/checks out of date (stale {stale}, missing {missing}, changed {changed}): "
        "run `python -m scorecard.checkdocs`")
