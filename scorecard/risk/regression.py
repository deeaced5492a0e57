"""The risk model's fit: scikit-learn's Poisson regression on standardised features.

Importing this module loads NumPy, SciPy and scikit-learn (about a second of CPU), so the
model imports it only when it fits, and :mod:`scorecard.risk.fit_process` imports it while
the scan does other work (:mod:`scorecard.risk.warm`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.linear_model import PoissonRegressor
from threadpoolctl import threadpool_limits

__all__ = ["L2_PENALTY", "fit_poisson"]

L2_PENALTY = 0.01  # on standardised features: shrinks, but lets strong signals through


def fit_poisson(rows: Sequence[Sequence[float]], labels: Sequence[int]) -> tuple[
        tuple[float, ...], float]:
    """Fit the Poisson regression; return raw-scale coefficients and the intercept."""
    matrix = np.asarray(rows, dtype=float)
    mean = matrix.mean(axis=0)
    spread = matrix.std(axis=0)
    spread[spread == 0] = 1.0
    regression = PoissonRegressor(alpha=L2_PENALTY, max_iter=1000)
    # One thread: the problem is a few hundred rows, and the OpenMP and BLAS pools, sized
    # for every core, cost thirty times the fit itself while the scan's workers are busy.
    with threadpool_limits(limits=1):
        regression.fit((matrix - mean) / spread, np.asarray(labels, dtype=float))
    coefficients = regression.coef_ / spread
    intercept = float(regression.intercept_ - float(coefficients @ mean))
    return tuple(float(c) for c in coefficients), intercept
