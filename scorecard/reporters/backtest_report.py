"""Render a risk backtest: each ranking's figures side by side, as a table or as JSON."""

from __future__ import annotations

import json
import math

from scorecard.reporters.safe import safe_text
from scorecard.risk_backtest import Backtest
from scorecard.wording import count_text, counted

__all__ = ["render_backtest_json", "render_backtest_text"]

_LABELS = {
    "scorecard": "scorecard risk model",
    "size": "size (source lines)",
    "prior": "prior revisions",
    "size_x_prior": "size x prior revisions",
    "prior_per_size": "prior revisions / size",
}


def _figure(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{value:.3f}"


def render_backtest_text(result: Backtest) -> str:
    """Return the backtest as a plain table a person reads."""
    model = result.model
    lines = [
        f"Risk backtest at {result.at.date().isoformat()} (commit {result.commit[:12]})",
        f"  {counted(result.files, 'file')} ranked; {count_text(result.labelled)} of them "
        f"changed by the {counted(result.fix_commits, 'fix commit')} of the following 365 days",
        f"  model: {safe_text(model.get('source', '?'))}: {safe_text(model.get('note', ''))}",
        "",
        f"  {'ranking':<26} {'AUC':>7} {'recall@20%LOC':>14} {'top-20% capture':>16}",
    ]
    for figures in result.rankings:
        lines.append(f"  {_LABELS.get(figures.name, figures.name):<26} "
                     f"{_figure(figures.auc):>7} {_figure(figures.recall_at_20_loc):>14} "
                     f"{_figure(figures.top20_capture):>16}")
    lines += ["",
              "  AUC: chance a fixed file ranks above one that was not; recall@20%LOC: share "
              "of fixed files found",
              "  reading files in order (risk per line for scorecard) until a fifth of the "
              "lines; top-20%: fixed files",
              "  among the first fifth of the files. `scorecard explain risk` describes the "
              "model."]
    return "\n".join(lines) + "\n"


def render_backtest_json(result: Backtest) -> str:
    """Return the backtest as JSON (undefined figures are null)."""
    return json.dumps(result.row(), indent=2, sort_keys=False) + "\n"
