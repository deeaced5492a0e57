"""scorecard's own architecture, as its pyproject.toml declares it, checked by scorecard."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from scorecard import api
from scorecard.analyzers import ANALYZERS
from scorecard.facts import BoundariesFacts

ROOT = Path(__file__).resolve().parent.parent


def test_the_layering_contracts_hold_on_scorecard_itself() -> None:
    others = ",".join(a.name for a in ANALYZERS if a.name != "boundaries")
    report = api.scan(ROOT, now=datetime(2026, 1, 1, tzinfo=UTC),
                      environ={"SCORECARD_SKIP_ANALYZERS": others}, flags={"cache": False})
    facts = report.facts(BoundariesFacts)
    assert facts is not None
    assert {c.name for c in facts.contracts} == {
        "pipeline layers", "analyzers are independent of each other",
        "only the repository package runs git"}
    assert [v for c in facts.contracts for v in c.violations] == []
    assert not [p for p in report.problems if p.analyzer == "boundaries"]
    # Packages inside an analyzer import one way (the risk package's backtest, which scans
    # through the api, still closes a cycle at the top).
    assert [c.scope for c in facts.package_cycles if c.scope != "scorecard"] == []


def test_no_two_modules_share_a_name() -> None:
    names = Counter(p.name for p in (ROOT / "scorecard").rglob("*.py") if p.name != "__init__.py")
    assert {name for name, count in names.items() if count > 1} == set()
