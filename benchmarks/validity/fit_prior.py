"""Fit the risk model's shipped prior on the "prior" set of ``repos.toml``.

The prior is what a scan uses when a repository's own history is too short, or has too few
fixed files, to fit the model on (``scorecard/risk/risk_model.py``), and what a fitted model is
shrunk towards. For each repository of the set and each of its dates, the training set is
built exactly as a scan at that date builds it (features one window before the date,
labelled with the fix commits of the window up to it); the sets are pooled and fitted with
the same function a scan uses. The shipped prior is fitted on every repository of the list;
``run.py --held-out`` fits one per repository without it, for out-of-sample figures.

Run it from the repository root with scorecard installed::

    python benchmarks/validity/fit_prior.py --repos-dir ~/src/clones      # writes the prior
    python benchmarks/validity/fit_prior.py --set prior --output /tmp/prior.json

Only past data of each clone is read (the pinned commit and the history before each date).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, date, datetime, timedelta
from itertools import chain
from pathlib import Path

from run import Repo, default_workdir, ensure_clone, load_repos

from scorecard import api
from scorecard.analyzers.history.risk_input import file_facts, touches_from
from scorecard.facts.complexity_facts import ComplexityFacts
from scorecard.repo.gitlog import iter_commits
from scorecard.repo.ignore_revs import read_ignore_revs
from scorecard.risk.features import FEATURE_NAMES
from scorecard.risk.fixes import DEFAULT_FIX_PATTERN, FixMatcher
from scorecard.risk.risk_model import fit_model, training_set
from scorecard.risk_backtest import commit_at

HERE = Path(__file__).resolve().parent
PRIOR = HERE.parent.parent / "scorecard" / "risk" / "prior.json"
WINDOW = timedelta(days=365)
# Only what the features need: file sizes and complexity.
SKIPPED = ["boundaries", "docstrings", "runbooks", "overrides", "signals", "suppressions",
           "history"]


def training_rows(root: Path, at: datetime, rev: str) -> tuple[list[list[float]], list[int]]:
    """Return one repository-date's training features and labels, as a scan builds them."""
    commit = commit_at(root, at, rev)
    report = api.scan(root, now=at, rev=commit, flags={"skip_analyzers": SKIPPED})
    complexity = report.facts(ComplexityFacts)
    assert complexity is not None
    facts = file_facts(complexity, frozenset(complexity.file_sloc))
    # The two windows as a scan reads them: line counts for the later, names for the earlier.
    history = chain(iter_commits(root, at - WINDOW, at, rev=commit),
                    iter_commits(root, at - 2 * WINDOW, at - WINDOW, rev=commit, counts=False))
    touches = touches_from(history, FixMatcher.compile(DEFAULT_FIX_PATTERN),
                           read_ignore_revs(root, root, commit))
    until = int(at.timestamp())
    features, labels = training_set(touches, facts, until, int(WINDOW.total_seconds()))
    return [list(f.vector()) for f in features], labels


_ROWS: dict[tuple[str, str], tuple[list[list[float]], list[int]]] = {}


def fit_and_write(repos: list[Repo], repos_dir: Path | None, workdir: Path,
                  output: Path) -> None:
    """Fit a prior on the training sets of ``repos`` at their dates and write it."""
    rows: list[list[float]] = []
    labels: list[int] = []
    names: list[str] = []
    for repo in repos:
        root = ensure_clone(repo, repos_dir, workdir).resolve()
        for text in repo.dates:
            key = (repo.name, text)
            if key not in _ROWS:  # a held-out run fits one prior per repository
                at = datetime.fromisoformat(text).replace(tzinfo=UTC)
                _ROWS[key] = training_rows(root, at, repo.commit)
                print(f"{repo.name} {text}: {len(_ROWS[key][0])} files, "
                      f"{sum(1 for y in _ROWS[key][1] if y)} fixed", file=sys.stderr)
            rows += _ROWS[key][0]
            labels += _ROWS[key][1]
            names.append(f"{repo.name}@{text}")
    coefficients, intercept = fit_model(rows, labels)
    prior = {"features": list(FEATURE_NAMES),
             "coefficients": [round(c, 6) for c in coefficients],
             "intercept": round(intercept, 6), "fitted_on": names,
             "training_files": len(rows), "training_labelled_files": sum(1 for y in labels if y),
             "date": date.today().isoformat(), "fix_pattern": DEFAULT_FIX_PATTERN}
    output.write_text(json.dumps(prior, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {output}: {len(rows)} files from {len(names)} repository-dates",
          file=sys.stderr)


def main() -> int:
    """Fit and write the prior."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", default="all", help="repos.toml set to fit on (default all)")
    parser.add_argument("--repos-dir", type=Path, help="existing clones, one folder per name")
    parser.add_argument("--workdir", type=Path, default=default_workdir())
    parser.add_argument("--output", type=Path, default=PRIOR)
    args = parser.parse_args()
    fit_and_write(load_repos(HERE / "repos.toml", args.set, []), args.repos_dir, args.workdir,
                  args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
