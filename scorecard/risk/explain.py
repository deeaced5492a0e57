"""The risk model in words, for `scorecard explain risk`."""

from __future__ import annotations

from scorecard.risk.features import FEATURE_NAMES, HALF_LIFE_DAYS
from scorecard.risk.risk_model import (
    MIN_LABELLED_FILES,
    MIN_TRAINING_FILES,
    SHRINK_LABELS,
    load_prior,
)

__all__ = ["explain_model"]

_TEXT = """\
risk: which files are likely to need a fix next

What it ranks: every Python file that is not a test, by the number of fix commits expected to
touch it in the next 12 months (details.risk.files in the JSON report; risk_per_kloc orders
the same expectation per 1,000 source lines, for a reviewer with a fixed reading budget).
A fix commit is one whose subject matches history.fix_pattern (default: fix, bug, regression,
crash, error, or "closes #N").

Inputs ({names}), all from facts the scan already has and its one git log pass:
source lines; commits that changed the file in the last 12 months, also weighted by age
(half-life {half_life:.0f} days); total cyclomatic complexity; distinct authors; and fix commits
to the files it changed together with (commits of at most 30 files) that left it alone.
Prior fix counts, churn, the main author's share and worst-function complexity were measured
too and left out: they did not improve the ranking on repositories the model had not seen.

How it is fitted: a Poisson regression (scikit-learn) on the repository's own past. The
features as they were 12 months ago, labelled with the fix commits of the 12 months since,
with nothing read after the scan's moment. With fewer than {min_files} files or {min_labelled}
fixed files, or less than 24 months of history, the shipped prior model is used; a fitted
model is weighted labelled / (labelled + {shrink}) against the prior.
The prior: {prior}.

Validation: `scorecard backtest [PATH] --at DATE` ranks the files as of a past date and
compares the ranking with the fixes of the 12 months after it: AUC, recall at 20 % of the
lines and the share of fixed files in the top fifth, beside the baselines size, prior
revisions, size x prior revisions and prior revisions / size. benchmarks/README.md keeps
the same figures for 16 public repositories at two dates each.

Options ([tool.scorecard.history]): risk (true), risk_model ("auto" or "prior"),
fix_pattern, risk_prior (a prior fitted with benchmarks/validity/fit_prior.py on your own
repositories).
"""


def explain_model() -> str:
    """Return the explanation of the risk model, naming the shipped prior."""
    prior = load_prior()
    return _TEXT.format(names=", ".join(FEATURE_NAMES), half_life=HALF_LIFE_DAYS,
                        min_files=MIN_TRAINING_FILES, min_labelled=MIN_LABELLED_FILES,
                        shrink=SHRINK_LABELS, prior=prior.note)
