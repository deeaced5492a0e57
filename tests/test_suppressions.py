"""In-code suppressions: silence findings (not scores), need a reason, expire, cap, go stale."""

from __future__ import annotations

from datetime import UTC, datetime

from scorecard import api
from scorecard.analyzers.suppressions import parse_suppressions
from tests.gitrepo import GitRepo

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def _many(name: str, count: int) -> str:
    params = ", ".join(f"p{i}" for i in range(count))
    return f"def {name}({params}):\n    return 1\n"


def test_parse() -> None:
    text = ("x = 1  # scorecard: ignore[simplicity.parameter-count] reason=legacy API <= 8 "
            "until=2027-01-31\n# scorecard: ignore[a, b]\n")
    assert parse_suppressions(text) == [
        {"line": 1, "checks": ["simplicity.parameter-count"], "reason": "legacy API",
         "cap": 8.0, "until": "2027-01-31"},
        {"line": 2, "checks": ["a", "b"], "reason": "", "cap": None, "until": None},
    ]


def test_markers_inside_strings_are_not_suppressions() -> None:
    text = ('doc = """\n# scorecard: ignore[x] reason=in a string\n"""\n'
            's = "# scorecard: ignore[y]"\n')
    assert parse_suppressions(text) == []


def test_suppressions_in_a_scan(git_repo: GitRepo) -> None:
    check = "simplicity.parameter-count"
    source = "\n".join([
        f"# scorecard: ignore[{check}] reason=mirrors the wire protocol",
        _many("silenced", 7),
        f"# scorecard: ignore[{check}]",
        _many("no_reason", 7),
        f"# scorecard: ignore[{check}] reason=old until=2026-01-01",
        _many("expired", 7),
        f"# scorecard: ignore[{check}] reason=capped <= 6",
        _many("over_cap", 8),
        f"# scorecard: ignore[{check}] reason=nothing here",
        "x = 1",
        "",
    ])
    git_repo.commit({"m.py": source})
    report = api.scan(git_repo.root, now=NOW, environ={}, flags={"cache": False})
    results = {c.id: c for p in report.pillars for c in (*p.checks, *p.skipped)}
    shown = {f.symbol for f in results[check].findings}
    assert shown == {"no_reason", "expired", "over_cap"}  # only the justified one is silenced
    assert results[check].value == 100.0  # the score still counts the silenced function
    hygiene = results["evolvability.suppression-hygiene"]
    assert hygiene.value == 4
    messages = sorted(f.message.split(":")[0].split(" (")[0] for f in hygiene.findings)
    assert messages == ["stale suppression", "suppression expired on 2026-01-01",
                        "suppression without reason=...", "the finding grew past the "
                        "suppression's cap"]
