"""The risk model: a Poisson regression of next-window fix commits on per-file features.

Fitted on the repository's own past: the features one window before the scan's moment,
labelled with the number of fix commits that touched each file in the window up to the scan's
moment (so nothing after the moment is read). The fitted model is then applied to the
features at the moment, and a file's risk is the expected number of fix commits touching it
in the next window. Poisson regression on size, prior changes and prior faults is the
defect-prediction literature's choice (Ostrand, Weyuker and Bell, IEEE TSE 2005, used its
overdispersed form, the negative binomial; the ranking is the same). The fit uses
scikit-learn's ``PoissonRegressor`` with a light L2 penalty on standardised features.

Where the history is too short, or too few files were fixed to fit (the numbers are in the
model's note), the shipped prior model is used: coefficients fitted the same way on a set
of public repositories by ``benchmarks/validity/fit_prior.py`` (``prior.json``).
"""

from __future__ import annotations

import math
import stat
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from scorecard.risk import warm
from scorecard.risk.factors import describe_factors
from scorecard.risk.features import (
    FEATURE_NAMES,
    FileFacts,
    FileFeatures,
    Touches,
    features_at,
    lines_at,
)
from scorecard.risk.warm import stop_fitter, take_fitter
from scorecard.safejson import load_json
from scorecard.wording import count_text, counted

__all__ = ["MIN_LABELLED_FILES", "MIN_TRAINING_FILES", "FileRisk", "RiskModel", "RiskRanking",
           "fit_model", "load_prior", "rank_files", "training_set"]

MIN_TRAINING_FILES = 30  # fewer files than this and the fit has nothing to learn from
MIN_LABELLED_FILES = 8  # files fixed in the training window: fewer and the fit is noise
# The oldest commit read must lie within this much of the training window's start, or the
# history does not cover the training window (a young repository, a cut history).
COVERAGE_SLACK_DAYS = 45
SHRINK_LABELS = 20  # labelled files at which the fit and the prior weigh the same
DAY = 86_400
MAX_PRIOR_BYTES = 1 << 20


@dataclass(frozen=True)
class RiskModel:
    """Coefficients over FEATURE_NAMES (raw scale) and where they came from."""

    source: str  # "fitted" on this repository, or the shipped "prior"
    coefficients: tuple[float, ...]
    intercept: float
    training_files: int = 0
    training_labelled_files: int = 0
    training_fix_commits: int = 0
    note: str = ""

    def predict(self, vector: Sequence[float]) -> float:
        """Return the expected number of fix commits for one feature vector."""
        linear = self.intercept + sum(c * x for c, x in zip(self.coefficients, vector,
                                                            strict=True))
        return math.exp(min(linear, 50.0))  # a bound keeps a wild input from overflowing

    def row(self) -> dict[str, Any]:
        """Return the model's description for the report."""
        return {"source": self.source, "note": self.note,
                "training_files": self.training_files,
                "training_labelled_files": self.training_labelled_files,
                "training_fix_commits": self.training_fix_commits,
                "intercept": round(self.intercept, 6),
                "coefficients": {name: round(value, 6)
                                 for name, value in zip(FEATURE_NAMES, self.coefficients,
                                                        strict=True)}}


@dataclass(frozen=True)
class FileRisk:
    """One file's place in the ranking."""

    path: str
    risk: float  # expected fix commits touching the file in the next window
    risk_per_kloc: float  # the effort-aware order: risk per 1,000 source lines
    rank: int  # 1 = riskiest
    sloc: int
    revisions: int  # commits that changed it in the window before the moment
    fixes: int  # fix commits among them
    factors: tuple[str, ...]

    def row(self) -> dict[str, Any]:
        """Return the file's JSON row."""
        return {"path": self.path, "risk": round(self.risk, 4),
                "risk_per_kloc": round(self.risk_per_kloc, 4), "rank": self.rank,
                "sloc": self.sloc, "revisions": self.revisions, "fixes": self.fixes,
                "factors": list(self.factors)}


@dataclass(frozen=True)
class RiskRanking:
    """Every ranked file, riskiest first, and the model that ranked them."""

    files: tuple[FileRisk, ...]
    model: RiskModel

    def top_share(self, share: float) -> tuple[FileRisk, ...]:
        """Return the riskiest ``share`` of the files (at least one when any are ranked)."""
        if not self.files:
            return ()
        return self.files[:max(1, math.ceil(share * len(self.files)))]


def load_prior(path: Path | None = None) -> RiskModel:
    """Return the prior model: the shipped one, or one fitted by ``fit_prior.py`` at ``path``.

    Raises ValueError naming what is wrong with a prior file.
    """
    if path is None:
        text = resources.files("scorecard.risk").joinpath("prior.json").read_text("utf-8")
        where = "the shipped prior"
    else:
        text = _read_small_file(path)
        where = f"the prior {path.name}"
    try:
        data = load_json(text)  # a prior named by the repository's configuration
        names = tuple(data["features"])
        coefficients = tuple(float(c) for c in data["coefficients"])
        intercept = float(data["intercept"])
        fitted_on = len(data["fitted_on"])
        fitted_at = str(data["date"])
    except (ValueError, KeyError, TypeError, RecursionError) as exc:
        raise ValueError(f"history.risk_prior: {where} is not a prior model ({exc})") from None
    if names != FEATURE_NAMES or not all(map(math.isfinite, (*coefficients, intercept))):
        raise ValueError(f"history.risk_prior: {where} was fitted on other features "
                         f"({', '.join(names)}); refit it with this version")
    return RiskModel("prior", coefficients, intercept,
                     note=f"{where}, fitted on {counted(fitted_on, 'repository-date')} "
                          f"({fitted_at})")


def _read_small_file(path: Path) -> str:
    """Return a regular file's text; never open a FIFO or device, never read a huge file."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_PRIOR_BYTES:
            raise ValueError(f"history.risk_prior: {path} is not a regular file under "
                             f"{MAX_PRIOR_BYTES} bytes")
        return path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"history.risk_prior: cannot read {path}: {exc}") from None


def training_set(touches: Touches, facts: Mapping[str, FileFacts], until: int,
                 window: int) -> tuple[list[FileFeatures], list[int]]:
    """Return the features one window before ``until`` and each file's fixes since then.

    Only files that existed then are in it (their size then is above zero), and whose size
    then is known (git could count every change since).
    """
    cutoff = until - window
    sizes: dict[str, int] = {}
    for path, fact in facts.items():
        size = lines_at(touches, path, fact.lines, cutoff)
        if size:
            sizes[path] = size
    existing = {path: fact for path, fact in facts.items() if path in sizes}
    features = features_at(touches, existing, cutoff, window, sizes)
    labels = {path: sum(1 for c in touches.by_path.get(path, ()) if c.fix and
                        cutoff <= c.when < until) for path in existing}
    ordered = sorted(features)
    return [features[p] for p in ordered], [labels[p] for p in ordered]


def fit_model(rows: Sequence[Sequence[float]], labels: Sequence[int]) -> tuple[
        tuple[float, ...], float]:
    """Fit the Poisson regression; return raw-scale coefficients and the intercept.

    In the fitting process a scan started ahead (:mod:`scorecard.risk.warm`) when it is
    ready, else here; both run :func:`scorecard.risk.regression.fit_poisson`.
    """
    fitter = take_fitter()
    if fitter is not None:
        try:
            ready = fitter.wait_ready(warm.READY_WAIT_SECONDS)
            fitted = fitter.fit(rows, labels) if ready else None
        finally:
            fitter.stop()
        if fitted is not None:
            return fitted
    from scorecard.risk.regression import fit_poisson  # loads scikit-learn: only to fit

    return fit_poisson(rows, labels)


def _choose_model(touches: Touches, facts: Mapping[str, FileFacts], until: int, window: int,
                  prefer_prior: bool | str, prior: RiskModel) -> RiskModel:
    """Fit a model on this repository's past, or say why the prior is used instead."""
    if prefer_prior:
        return _with_note(prior, prefer_prior if isinstance(prefer_prior, str)
                          else "the prior model was asked for (history.risk_model)")
    start = until - 2 * window
    if touches.oldest is None or touches.oldest > start + COVERAGE_SLACK_DAYS * DAY:
        return _with_note(prior, "history too short to fit: the model needs "
                                 f"{counted(2 * window // DAY, 'day')} of history before the "
                                 "moment")
    rows, labels = training_set(touches, facts, until, window)
    labelled = sum(1 for label in labels if label)
    fixes = touches.fix_commits(until - window, until)
    if len(rows) < MIN_TRAINING_FILES or labelled < MIN_LABELLED_FILES:
        return _with_note(prior, f"too little to fit: {counted(len(rows), 'file')}, "
                                 f"{count_text(labelled)} of them fixed in the training window "
                                 f"(needs {MIN_TRAINING_FILES} and {MIN_LABELLED_FILES})")
    coefficients, intercept = fit_model([f.vector() for f in rows], labels)
    # Shrink towards the prior by the evidence: with few fixed files the fit is mostly noise
    # (an empirical-Bayes style credibility weight, labelled / (labelled + SHRINK_LABELS)).
    weight = labelled / (labelled + SHRINK_LABELS)
    blended = tuple(weight * c + (1 - weight) * p
                    for c, p in zip(coefficients, prior.coefficients, strict=True))
    return RiskModel("fitted", blended, weight * intercept + (1 - weight) * prior.intercept,
                     len(rows), labelled, fixes,
                     note=f"fitted on this repository: features {counted(window // DAY, 'day')} "
                          f"before the moment, labelled with the {counted(fixes, 'fix commit')} "
                          f"since; weighted {weight:.2f} against the shipped prior")


def _with_note(model: RiskModel, note: str) -> RiskModel:
    """Return ``model`` with ``note`` in front of its own."""
    return RiskModel(model.source, model.coefficients, model.intercept,
                     note=f"{note}; {model.note}")


def rank_files(touches: Touches, facts: Mapping[str, FileFacts], until: int, window: int,
               *, prefer_prior: bool | str = False,
               prior: RiskModel | None = None) -> RiskRanking:
    """Rank every file of ``facts`` by its expected fix commits in the window after ``until``.

    ``prior`` defaults to the shipped prior model; ``prefer_prior`` uses it without fitting
    (a string says why, for the model's note).
    """
    try:
        model = _choose_model(touches, facts, until, window, prefer_prior,
                              prior if prior is not None else load_prior())
    finally:
        stop_fitter()  # started ahead by the scan and not needed: the prior was chosen
    current = features_at(touches, facts, until, window)
    vectors = {path: f.vector() for path, f in current.items()}
    means = ([sum(v[i] for v in vectors.values()) / len(vectors)
              for i in range(len(FEATURE_NAMES))] if vectors else [])
    risks = {path: model.predict(vector) for path, vector in vectors.items()}
    ordered = sorted(risks, key=lambda p: (-risks[p], p))
    months = max(1, round(window / DAY / 30.4375))
    files = tuple(
        FileRisk(path, risks[path], 1000.0 * risks[path] / max(facts[path].sloc, 1), rank,
                 facts[path].sloc, current[path].revisions, current[path].fixes,
                 describe_factors(model.coefficients, vectors[path], means, current[path],
                                  facts[path], months))
        for rank, path in enumerate(ordered, start=1))
    return RiskRanking(files, model)
