"""Documentation pages generated from the check definitions (kept in sync by a test).

Each check gets ``docs/checks/<id>.md`` in the style of ruff's rule pages: what it measures,
why it matters, how to improve, and its options; ``docs/checks/index.md`` lists them all.
Run ``python -m scorecard.checkdocs`` to regenerate after changing a check file.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from scorecard.model import Metric
from scorecard.scoring.definitions import CheckDefinition, describe_scorer
from scorecard.wording import counted

__all__ = ["check_page", "index_page", "write_docs"]


def check_page(check: CheckDefinition, metric: Metric) -> str:
    """Return the Markdown page of one check."""
    analyzer = metric.id.split(".", 1)[0]
    lines = [
        f"# {check.id}",
        "",
        f"**{check.title}** · pillar: {check.pillar.value} · weight: {check.weight:g}",
        "",
        "## What it measures",
        "",
        check.short,
        "",
        f"Metric `{metric.id}` ({metric.unit}, {metric.direction.value} is better): "
        f"{metric.description}.",
        "",
        "## Why it matters",
        "",
        check.rationale,
        "",
        "## How to improve",
        "",
        check.remedy,
        "",
        "## Scoring and options",
        "",
        f"- Scoring: {describe_scorer(check.scorer)}.",
        f"- Tune it in `[tool.scorecard.checks.\"{check.id}\"]`: `enabled`, `weight`, and the "
        "scorer's thresholds (`best`/`worst`, `steps`, `full` or `pass_when`).",
        f"- The analyzer's own options live in `[tool.scorecard.{analyzer}]`.",
    ]
    if check.references:
        lines += ["", "## References", ""] + [f"- {ref}" for ref in check.references]
    return "\n".join(lines) + "\n"


def index_page(checks: Sequence[CheckDefinition]) -> str:
    """Return the Markdown index of every check, by pillar."""
    lines = ["# Checks", "", "Generated from `checks/`; `scorecard explain <id>` prints the same.",
             ""]
    for pillar in ("operability", "simplicity", "evolvability"):
        members = [c for c in checks if c.pillar.value == pillar]
        if not members:
            continue
        lines += [f"## {pillar.capitalize()}", "", "| check | weight | measures |",
                  "| --- | ---: | --- |"]
        lines += [f"| [{c.id}]({c.id}.md) | {c.weight:g} | {c.short} |" for c in members]
        lines.append("")
    return "\n".join(lines)


def expected_docs(checks: Sequence[CheckDefinition],
                  metrics: Mapping[str, Metric]) -> dict[str, str]:
    """Return file name -> content of every generated page."""
    pages = {f"{c.id}.md": check_page(c, metrics[c.metric]) for c in checks}
    pages["index.md"] = index_page(checks)
    return pages


def write_docs(folder: Path) -> int:
    """Regenerate the pages in ``folder`` (stale pages removed); return how many."""
    from scorecard.analyzers import declared_metrics
    from scorecard.api import all_metrics
    from scorecard.resources import checks_dir
    from scorecard.scoring import load_checks

    checks = load_checks([checks_dir()], declared_metrics())
    pages = expected_docs(checks, all_metrics())
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.md"):
        if stale.name not in pages:
            stale.unlink()
    for name, content in pages.items():
        (folder / name).write_text(content, encoding="utf-8")
    return len(pages)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/checks")
    print(f"wrote {counted(write_docs(target), 'page')} to {target}")
