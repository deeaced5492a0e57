"""Backtest the risk ranking on a repository's own history at a past date.

At ``DATE`` the ranking is computed exactly as a scan of the commit current at that date
would compute it, with the history window ending at ``DATE``: the model is fitted on the
history before ``DATE`` only, and ignore-revs, the configuration and the ``.mailmap`` that
names authors come from that commit. The fix commits of
the window after ``DATE`` label the files, and the ranking's figures
(:mod:`scorecard.risk.evaluate`) are set beside those of four baselines a reviewer could
compute without scorecard: size, prior revisions, size x prior revisions, and prior
revisions per line.

Labels follow the defect-prediction literature's rule: a file is fixed when a non-merge
commit committed in the window after ``DATE`` whose subject marks a fix
(``history.fix_pattern``) changed it under the path it had at ``DATE``.
"""

from __future__ import annotations

import math
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from scorecard.errors import InputError
from scorecard.facts.history_facts import HistoryFacts
from scorecard.plain import to_plain
from scorecard.repo import GitUnavailable
from scorecard.repo.changes import (
    commits_between,
    first_parent_before,
    history_span,
    show_file,
)
from scorecard.risk.evaluate import Figures, evaluate
from scorecard.risk.fixes import FixMatcher
from scorecard.wording import counted

__all__ = ["Backtest", "commit_at", "config_at", "default_date", "fixed_paths",
           "run_backtest"]

HORIZON_DAYS = 365  # the window after DATE whose fixes label the files
MIN_HISTORY_DAYS = 365  # history before DATE: the ranking's own window
# Every analyzer but the two the ranking reads: a backtest measures the ranking only.
_SKIPPED = ("boundaries", "docstrings", "runbooks", "overrides", "signals", "suppressions")


@dataclass(frozen=True)
class Backtest:
    """The figures of one backtest."""

    at: datetime
    commit: str
    files: int
    labelled: int
    fix_commits: int
    model: Mapping[str, Any]
    rankings: tuple[Figures, ...]

    def row(self) -> dict[str, Any]:
        """Return the backtest as JSON data (NaN, where a figure is undefined, as null)."""
        def clean(value: float) -> float | None:
            return None if math.isnan(value) else round(value, 4)
        return {"at": self.at.isoformat(), "commit": self.commit, "files": self.files,
                "labelled": self.labelled, "fix_commits_after": self.fix_commits,
                "horizon_days": HORIZON_DAYS, "model": dict(self.model),
                "rankings": [{"name": f.name, "auc": clean(f.auc),
                              "recall_at_20_loc": clean(f.recall_at_20_loc),
                              "top20_capture": clean(f.top20_capture)}
                             for f in self.rankings]}


def _git_times(root: Path, rev: str) -> tuple[int, int]:
    """Return the committer times of the oldest root commit and of ``rev``."""
    try:
        stamps, head = history_span(root, rev)
    except GitUnavailable as exc:
        raise InputError(f"{root}: the backtest needs git history ({exc})") from exc
    if not stamps or not head:
        raise InputError(f"{root}: the backtest needs git history (no commits)")
    return min(stamps), int(head)


def default_date(root: Path, rev: str = "HEAD") -> datetime:
    """Return the default date: one horizon before ``rev``, the newest commit considered."""
    _, newest = _git_times(root, rev)
    return datetime.fromtimestamp(newest, UTC) - timedelta(days=HORIZON_DAYS)


def commit_at(root: Path, at: datetime, rev: str) -> str:
    """Return the commit on ``rev``'s first-parent line that was current at ``at``."""
    found = first_parent_before(root, rev, at.astimezone(UTC).isoformat())
    if not found:
        raise InputError(f"no commit before {at.date().isoformat()}")
    return found


def _check_span(root: Path, at: datetime, rev: str) -> None:
    """Refuse a date with too little history before or after it (InputError, exit 2)."""
    oldest, newest = _git_times(root, rev)
    before = (at.timestamp() - oldest) / 86_400
    after = (newest - at.timestamp()) / 86_400
    if before < MIN_HISTORY_DAYS:
        raise InputError(f"only {counted(round(max(before, 0)), 'day')} of history before "
                         f"{at.date().isoformat()}; the backtest needs {MIN_HISTORY_DAYS} "
                         "(choose a later --at)")
    if after < HORIZON_DAYS:
        raise InputError(f"only {counted(round(max(after, 0)), 'day')} of history after "
                         f"{at.date().isoformat()}; the backtest labels files with the "
                         f"{HORIZON_DAYS} days after it (choose an earlier --at)")


def config_at(root: Path, commit: str, scratch: Path) -> Path:
    """Copy the scorecard configuration committed at ``commit`` into ``scratch``.

    The same files a scan looks for, in the same order: ``scorecard.toml``, then a
    ``pyproject.toml`` with a ``[tool.scorecard]`` table. When the commit has neither, an
    empty file: the defaults, not whatever the work tree has today.
    """
    for name in ("scorecard.toml", "pyproject.toml"):
        text = show_file(root, commit, f"./{name}")
        if text is None:
            continue  # not in that commit
        if name == "pyproject.toml" and b"[tool.scorecard" not in text:
            continue
        copy = scratch / name
        copy.write_bytes(text)
        return copy
    empty = scratch / "scorecard.toml"
    empty.write_bytes(b"")
    return empty


def fixed_paths(root: Path, at: datetime, fixes: FixMatcher,
                rev: str = "HEAD") -> tuple[set[str], int]:
    """Return the paths fix commits changed in the horizon after ``at``, and their number.

    Paths are relative to ``root`` (a subfolder of a repository sees its own files only).
    """
    until = at + timedelta(days=HORIZON_DAYS)
    paths: set[str] = set()
    commits = 0
    for subject, names in commits_between(root, at.astimezone(UTC).isoformat(),
                                          until.astimezone(UTC).isoformat(), rev):
        if not fixes.is_fix(subject):
            continue
        commits += 1
        paths.update(names)
    return paths, commits


def run_backtest(root: Path, at: datetime, *, rev: str = "HEAD",
                 config_file: Path | None = None) -> Backtest:
    """Rank the files as of ``at`` and score the ranking on the fixes that followed.

    ``rev`` is the newest commit considered (its history holds the fixes after ``at``).
    Raises InputError (exit 2) for a date with too little history around it.
    """
    from scorecard import api  # the scan pipeline; imported here to keep this module light

    root = root.resolve()
    _check_span(root, at, rev)
    commit = commit_at(root, at, rev)
    flags = {"skip_analyzers": list(_SKIPPED)}
    with tempfile.TemporaryDirectory(prefix="scorecard-backtest-") as scratch:
        if config_file is None:
            # The configuration as committed at the date: the work tree's may know the future.
            config_file = config_at(root, commit, Path(scratch))
        options = api.plan_scan(root, config_file=config_file, flags=flags).options["history"]
        report = api.scan(root, now=at, rev=commit, config_file=config_file, flags=flags)
    history = report.facts(HistoryFacts)
    risk: Any = to_plain(history.risk) if history is not None and history.risk else None
    if not risk:
        why = "; ".join(p.message for p in report.problems if p.analyzer == "history")
        raise InputError(f"no risk ranking at {at.date().isoformat()}: "
                         f"{why or 'history could not be measured'}")
    rows = risk["files"]
    pattern = str(options.fix_pattern)
    fixed_all, fix_commits = fixed_paths(root, at, FixMatcher.compile(pattern), rev)
    fixed = {r["path"] for r in rows} & fixed_all
    size = {r["path"]: int(r["sloc"]) for r in rows}
    prior = {r["path"]: float(r["revisions"]) for r in rows}
    rankings = (
        evaluate("scorecard", {r["path"]: float(r["risk"]) for r in rows}, size, fixed,
                 {r["path"]: float(r["risk_per_kloc"]) for r in rows}),
        evaluate("size", {p: float(s) for p, s in size.items()}, size, fixed),
        evaluate("prior", prior, size, fixed),
        evaluate("size_x_prior", {p: size[p] * prior[p] for p in size}, size, fixed),
        evaluate("prior_per_size", {p: prior[p] / max(size[p], 1) for p in size}, size, fixed),
    )
    return Backtest(at, commit, len(rows), len(fixed), fix_commits, risk["model"], rankings)
