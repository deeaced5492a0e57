"""History analyzer (evolvability): churn, hotspots, change coupling, knowledge, tests.

It reads the window's history in one streaming pass (:mod:`gitlog`), folds it into per-file
aggregates (:mod:`mining`) and measures them (:mod:`churn`, :mod:`hotspots`,
:mod:`coupling`, :mod:`knowledge`, :mod:`testchanges`). Time comes only from the scan's
``now``. Without git, in an empty repository or in a shallow clone every metric is n/a with
a reason that names the fix; a git failure becomes a problem, never an exception. When that
pass stops on an object git cannot read, the window is read again around it
(:mod:`scorecard.repo.salvage`): only what depends on that object is missing, and a note
says what (:mod:`unread`).
Machine-written files (lock files, generated code: :mod:`machine_written`) are mined like
any other but left out of churn, hotspots, coupling and knowledge; commits by bot accounts
(:mod:`bots`) count in churn but not in knowledge or coupling.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from scorecard.analyzers.base import Analyzer, AnalyzerOutput, FileKind, FileResult, ScanContext
from scorecard.analyzers.history.bots import BotCommits, BotMatcher, bot_option_errors
from scorecard.analyzers.history.change_coupling import (
    CoupledPair,
    coupled_pairs,
    cross_module_measurement,
)
from scorecard.analyzers.history.churn import churn_rows, high_churn_measurement
from scorecard.analyzers.history.history_paths import ModuleMap, is_source
from scorecard.analyzers.history.hotspots import hotspot_measurement, select_hotspots
from scorecard.analyzers.history.knowledge import (
    file_ownership,
    island_measurement,
    knowledge_islands,
    module_ownership,
    truck_factor_measurement,
)
from scorecard.analyzers.history.machine_written import MachineWritten
from scorecard.analyzers.history.mining import Mined, mine
from scorecard.analyzers.history.options import HistoryOptions
from scorecard.analyzers.history.risk_input import TouchRecorder, file_facts, is_ranked
from scorecard.analyzers.history.unread import unread_note, unread_row
from scorecard.analyzers.history.window import (
    Window,
    option_errors,
    reading_window,
    resolve_window,
)
from scorecard.facts.complexity_facts import ComplexityFacts, FunctionRow
from scorecard.facts.history_facts import HistoryFacts
from scorecard.model import Direction, Measurement, Metric, Problem
from scorecard.plain import from_plain
from scorecard.repo import GitState, GitUnavailable
from scorecard.repo.gitlog import Commit, iter_commits, stopped_reading
from scorecard.repo.ignore_revs import read_ignore_revs
from scorecard.repo.salvage import Damage, read_salvaged
from scorecard.repo.unreadable import find_unreadable
from scorecard.risk import FixMatcher, RiskModel, RiskRanking, rank_files
from scorecard.risk.features import Touches
from scorecard.risk.risk_model import load_prior
from scorecard.wording import agree, count_text, counted

__all__ = ["history_failure", "SHALLOW_REASON", "HistoryAnalyzer", "unavailable_reason"]

SHALLOW_REASON = ("shallow clone: history metrics need full history; use fetch-depth: 0 in "
                  "actions/checkout (or run git fetch --unshallow)")
DAYS_PER_MONTH = 30.4375  # a mean Gregorian month


def unavailable_reason(git: GitState) -> str:
    """Return why history cannot be measured here, naming the fix, or "" when it can."""
    if not git.is_git:
        return "not a git repository: history metrics need git history"
    if git.head is None:
        return "empty repository: no commits yet"
    if git.shallow:
        return SHALLOW_REASON
    return ""


def history_failure(exc: BaseException) -> str:
    """Return why git could not read the history, with what to do when objects are missing.

    An object git cannot read is mostly read around (:mod:`scorecard.repo.salvage`); this
    is for what is left: git failing otherwise, or the reading around it failing too.
    """
    message = str(exc)
    unreadable = find_unreadable(exc)
    if unreadable is not None:
        return f"{message} ({unreadable.cause.words}: {unreadable.cause.remedy})"
    return message


class HistoryAnalyzer(Analyzer):
    """Measures how the code changes, from one pass over git history."""

    name = "history"
    # 3: machine-written files (lock files, generated code) left out of the judgments
    # 4: commits by bot accounts left out of knowledge and coupling
    # 5: history read around objects git cannot read; unknown line counts are None
    version = "6"
    file_kind = FileKind.NONE
    facts_type = HistoryFacts
    requires = ("complexity",)  # sizes and function rows of the current files
    options_type = HistoryOptions
    metrics = (
        Metric("history.hotspot_code_share",
               "Share of source lines (every measured language) in hotspots: files changed more "
               "often than the "
               "knee of the change-frequency curve and more complex than the median file",
               Direction.LOWER_IS_BETTER, "%"),
        Metric("history.cross_module_coupling",
               "Pairs of source files in different modules that change together in "
               "people's commits (code-maat's coupling thresholds)",
               Direction.LOWER_IS_BETTER, "pairs"),
        Metric("history.knowledge_island_share",
               "Share of the current source files (code in any language, not tests) people "
               "changed in the window whose main author made no commit in the last "
               "island_months months (bot accounts are no authors)",
               Direction.LOWER_IS_BETTER, "%"),
        Metric("history.truck_factor",
               "Fewest authors who together made half of the file changes in the window, "
               "bot accounts left out",
               Direction.HIGHER_IS_BETTER, "authors"),
        Metric("history.tests_with_changes_share",
               "Share of commits changing product code (every measured language) that also "
               "change tests",
               Direction.HIGHER_IS_BETTER, "%"),
        Metric("history.high_churn_code_share",
               "Share of product source lines (every measured language; tests left out) in "
               "files whose relative churn (lines added and deleted / current size) exceeds "
               "relative_churn_limit",
               Direction.LOWER_IS_BETTER, "%"),
    )

    def option_errors(self, options: Mapping[str, Any]) -> list[str]:
        """Check the window, bot and risk options before the scan (a bad one exits 2)."""
        merged: HistoryOptions = self.make_options(options)
        errors = option_errors(merged)
        errors += bot_option_errors(merged.bot_authors, merged.builtin_bots)
        try:
            _fix_matcher(merged)
        except ValueError as exc:
            errors.append(str(exc))
        return errors

    def summarize(self, ctx: ScanContext, results: Mapping[str, FileResult]) -> AnalyzerOutput:
        """Mine the window's history and measure it."""
        reason = unavailable_reason(ctx.git)
        if reason:
            # No git or a cut history: the full clone would measure these (an empty
            # repository has no history to measure: that one is simply n/a).
            return self._not_applicable(reason, unmeasured=not ctx.git.is_git or ctx.git.shallow)
        options: HistoryOptions = ctx.options
        try:
            window = resolve_window(options, ctx.now)
            bots = BotMatcher.from_options(options.bot_authors, options.builtin_bots)
            fixes = _fix_matcher(options)
            prior = _prior(options) if fixes is not None else None
        except ValueError as exc:
            return self._not_applicable(f"bad history options: {exc}",
                                        Problem(self.name, f"configuration: {exc}"))
        try:
            mined, recorder, damage = _mine_window(ctx, options, window, fixes, bots)
        except (GitUnavailable, OSError, ValueError) as exc:
            failure = history_failure(exc)
            return self._not_applicable(f"git history could not be read: {failure}",
                                        Problem(self.name, f"git history: {failure}"),
                                        unmeasured=True)
        # The measured window stands when the one before cannot be read; the fit cannot.
        unfitted = "" if recorder is None else _read_earlier_window(
            ctx, recorder, reading_window(window, options).since, window.since)
        touches = recorder.finish() if recorder is not None else None
        notes = [Problem(self.name, text) for text in (
            unread_note(damage, len(mined.churn.uncounted_files())) if damage else "",
            unfitted) if text]
        if mined.commits == 0:
            if damage is not None:  # history ended before any commit of the window
                return self._not_applicable(notes[0].message, *notes, unmeasured=True)
            return self._not_applicable(_no_commits_reason(window, mined))
        output = self._measure(ctx, mined, window, options, touches, prior, unfitted, damage)
        return replace(output, problems=(*output.problems, *notes)) if notes else output

    def _not_applicable(self, reason: str, *problems: Problem,
                        unmeasured: bool = False) -> AnalyzerOutput:
        """Return every metric as n/a with ``reason`` (``unmeasured``: see Measurement)."""
        return AnalyzerOutput(tuple(Measurement(m.id, None, reason, unmeasured=unmeasured)
                                    for m in self.metrics), problems)

    def _measure(self, ctx: ScanContext, mined: Mined, window: Window,
                 options: HistoryOptions, touches: Touches | None,
                 prior: RiskModel | None, unfitted: str = "",
                 damage: Damage | None = None) -> AnalyzerOutput:
        """Turn the mined aggregates into measurements and the report's details.

        ``unfitted`` says why the risk model must not be fitted here ("" when it may be);
        ``damage`` what git could not read of the window (None: it read everything).
        """
        current = frozenset(f.path for f in ctx.files)
        machine = MachineWritten.among(mined.churn.files, ctx.generated)
        # The current files people write: machine-written ones (lock files, generated code)
        # are left out of every judgment below, the tests-with-changes share aside (it asks
        # what a commit changed, and generated code is already no product code there).
        judged = machine.people_written(current)
        sloc, functions = _code_sizes(ctx, judged)
        revisions = _current_revisions(mined, judged)
        risk = None if touches is None else _rank(ctx, touches, window, options, prior,
                                                  unfitted)
        # Hotspots are product code, as the risk model ranks it: test files change with
        # the code they test, and would crowd the list (and the share) otherwise.
        product_sloc = {path: size for path, size in sloc.items() if is_ranked(path)}
        spots, cut = select_hotspots(
            revisions, {path: rows for path, rows in functions.items() if is_ranked(path)},
            product_sloc, _expected_fixes(risk))
        pairs = _current_pairs(mined, judged, options)
        modules = ModuleMap(current)
        # Knowledge islands are about code: who knows an image, go.mod or NEWS.md is no
        # knowledge the team loses (source in any language, tests left out).
        files = file_ownership(mined.churn, frozenset(p for p in judged if is_source(p)))
        months = int(options.island_months)
        cutoff = int((window.until - timedelta(days=months * DAYS_PER_MONTH)).timestamp())
        islands = knowledge_islands(files, mined.last_active, cutoff)
        owned = module_ownership(mined.churn, judged, modules.module_of)
        module_islands = {m.name for m in knowledge_islands(owned, mined.last_active, cutoff)}
        bots = BotCommits.of(mined.bots, mined.names)

        measurements = (
            machine.noted(hotspot_measurement(spots, cut, product_sloc), current),
            machine.noted(bots.noted(cross_module_measurement(pairs, modules.crosses)),
                          current),
            machine.noted(bots.noted(island_measurement(files, islands, mined.names, months)),
                          current),
            # Over every file the window changed, deleted ones too, as the factor counts.
            machine.noted(bots.noted(truck_factor_measurement(mined.churn,
                                                              left_out=machine.kinds))),
            mined.tests.measurement(),
            # Product code, as for hotspots: a test file churns with the code it tests.
            machine.noted(high_churn_measurement(mined.churn, product_sloc,
                                                 float(options.relative_churn_limit)), current),
        )
        churn = churn_rows(mined.churn, judged, sloc, window.until)
        names = mined.names
        unread = {} if damage is None else {
            "unreadable": unread_row(damage, len(mined.churn.uncounted_files()))}
        return AnalyzerOutput(measurements, facts=from_plain(HistoryFacts, {
            **({} if risk is None else {"risk": _risk_details(risk)}),
            **unread,
            "window": _window_row(window, mined, len(machine.within(current)), bots),
            "files_changed": len(churn),
            "churn": churn,
            "hotspot_min_revisions": cut,
            "hotspots": [spot.row() for spot in spots],
            "coupling": [_coupling_row(p, modules) for p in pairs],
            "knowledge": {
                "modules": [{**m.row(names), "island": m.name in module_islands}
                            for m in owned],
                "islands": [i.row(names) for i in islands],
            },
        }))


def _mine_window(ctx: ScanContext, options: HistoryOptions, window: Window,
                 fixes: FixMatcher | None, bots: BotMatcher,
                 ) -> tuple[Mined, TouchRecorder | None, Damage | None]:
    """Mine the window's commits; with a fix matcher, record their touches for the risk model.

    ``bots`` tells the bot accounts, whose commits the knowledge and coupling tallies skip;
    the risk model's record keeps them, as its features were fitted with them. When git
    stops on an object it cannot read, the window is mined again from a reading around it,
    and what that reading lacks is returned beside (None: nothing is lacking).
    Raises GitUnavailable, OSError or ValueError when the history cannot be read.
    """
    ignore = read_ignore_revs(ctx.root, ctx.git.toplevel,
                              None if ctx.view.needs_work_tree else ctx.git.tip)
    # When the reading started ahead in the background stopped on an object git could not
    # read, this window is read around it at once: an ordinary pass would stop there again.
    stopped = stopped_reading(ctx.root, window.since, window.until, rev=ctx.git.tip)
    first = find_unreadable(stopped) if stopped is not None else None
    if first is None:
        try:
            # From the scanned commit: HEAD, or the past commit a history build scans.
            return (*_mine(iter_commits(ctx.root, window.since, window.until, rev=ctx.git.tip),
                           options, fixes, ignore, bots), None)
        except GitUnavailable as exc:
            first = find_unreadable(exc)
            if first is None:
                raise
    # Only now, after the ordinary pass failed: it stays the one pass of a sound repository.
    salvaged = read_salvaged(ctx.root, window.since, window.until, first=first,
                             rev=ctx.git.tip)
    return (*_mine(iter(salvaged.commits), options, fixes, ignore, bots), salvaged.damage)


def _mine(commits: Iterator[Commit], options: HistoryOptions, fixes: FixMatcher | None,
          ignore: frozenset[str], bots: BotMatcher) -> tuple[Mined, TouchRecorder | None]:
    """Fold ``commits`` into aggregates, and into the risk model's touches with a matcher."""
    recorder = None if fixes is None else TouchRecorder(fixes, ignore)
    if recorder is not None:
        commits = recorder.tee(commits)  # the window's pass feeds the risk model too
    mined = mine(commits, ignore=ignore, max_changeset_size=int(options.max_changeset_size),
                 bots=bots)
    return mined, recorder


def _no_commits_reason(window: Window, mined: Mined) -> str:
    """Say that the window has no commits to measure, and how many were left out."""
    sweeps = f"{count_text(mined.ignored)} ignored as {agree(mined.ignored, 'a sweep', 'sweeps')}"
    left_out = (f" ({sweeps}, {counted(mined.merges, 'merge')})"
                if mined.ignored or mined.merges else "")
    return f"no commits from {window.describe()}{left_out}"


def _current_revisions(mined: Mined, current: frozenset[str]) -> dict[str, int]:
    """Return the window's revisions of each file that still exists."""
    return {path: stats.revisions for path, stats in mined.churn.files.items()
            if path in current}


def _expected_fixes(risk: RiskRanking | None) -> dict[str, float] | None:
    """Return the risk model's expected fix commits per file (None without a ranking)."""
    return None if risk is None else {f.path: f.risk for f in risk.files}


def _coupling_row(pair: CoupledPair, modules: ModuleMap) -> dict[str, Any]:
    """Return a coupled pair as the report's row, saying whether it crosses modules."""
    return {"first": pair.first, "second": pair.second, "shared": pair.shared,
            "degree": pair.degree, "average_revisions": pair.average_revisions,
            "cross_module": modules.crosses(pair.first, pair.second)}


def _fix_matcher(options: HistoryOptions) -> FixMatcher | None:
    """Return the fix matcher the risk model needs, None when risk is off; check options."""
    if options.risk_model not in ("auto", "prior"):
        raise ValueError(f"history.risk_model must be 'auto' or 'prior', not "
                         f"{options.risk_model!r}")
    if not options.risk:
        return None
    return FixMatcher.compile(str(options.fix_pattern))


def _prior(options: HistoryOptions) -> RiskModel:
    """Return the prior model the options name (a path is taken as the user gave it)."""
    path = str(options.risk_prior or "")
    return load_prior(Path(path).expanduser() if path else None)


def _read_earlier_window(ctx: ScanContext, recorder: TouchRecorder, since: datetime,
                         until: datetime) -> str:
    """Record the window before the measured one, for fitting; return why it failed, or "".

    Which files each commit changed is all the model needs of it, so git compares trees
    without diffing their content; when it cannot read an object (renames with edits need
    the content), the window is read around it. A failure there costs the fit only, never
    the measured window's metrics.
    """
    try:
        try:
            for commit in iter_commits(ctx.root, since, until, rev=ctx.git.tip, counts=False):
                recorder.record(commit)
        except GitUnavailable as exc:
            first = find_unreadable(exc)
            if first is None:
                raise
            # The commits recorded before git stopped are not recorded twice.
            for commit in read_salvaged(ctx.root, since, until, first=first, rev=ctx.git.tip,
                                        counts=False).commits:
                recorder.record(commit)
    except (GitUnavailable, OSError, ValueError) as exc:
        return f"risk model: the history before the window could not be read ({exc}); the " \
               "shipped prior is used instead of a fit"
    return ""


def _rank(ctx: ScanContext, touches: Touches, window: Window,
          options: HistoryOptions, prior: RiskModel | None, unfitted: str = "") -> RiskRanking:
    """Rank the current product files of every measured language by the risk model.

    The shipped prior ranks them when ``unfitted`` says why the model must not be fitted.
    """
    facts = file_facts(ctx.facts(ComplexityFacts), frozenset(f.path for f in ctx.files))
    until = int(window.until.timestamp())
    return rank_files(touches, facts, until, until - int(window.since.timestamp()),
                      prefer_prior=unfitted or options.risk_model == "prior", prior=prior)


def _risk_details(ranking: RiskRanking) -> dict[str, Any]:
    """Return the ranking as the report's ``details.risk``: every file, and the model."""
    return {"model": ranking.model.row(), "files": [f.row() for f in ranking.files]}


def _code_sizes(ctx: ScanContext, current: frozenset[str],
                ) -> tuple[dict[str, int], dict[str, tuple[FunctionRow, ...]]]:
    """Return source lines and function rows of current measured files, from complexity."""
    complexity = ctx.facts(ComplexityFacts)
    if complexity is None:
        return {}, {}
    sloc = {path: size for path, size in complexity.file_sloc.items()
            if size is not None and path in current}
    functions = {path: rows for path, rows in complexity.functions_by_file.items()
                 if path in current}
    return sloc, functions


def _current_pairs(mined: Mined, kept: frozenset[str],
                   options: HistoryOptions) -> list[CoupledPair]:
    """Return the coupled pairs (code-maat's thresholds) whose files are both in ``kept``.

    Coupling is counted over every path of the window, as code-maat counts it, from the
    commits of people (a bot's commits reach neither the pairs nor the revisions, as a
    too-wide commit does not: see :mod:`mining`); a pair with a deleted file needs no fix,
    so it is not reported, and neither is a pair with a machine-written file (``kept`` holds
    the current files people write): ``go.sum`` changes with ``go.mod`` by construction.

    Machine-written files still count in a commit's size, which decides whether the commit
    is too wide to count (``max_changeset_size``): the tally is code-maat's over the same
    log, and a commit's size and the revisions of its files come from the same commits, so
    degrees stay consistent. Commits that change only machine-written files add revisions
    to those files alone.
    """
    pairs = coupled_pairs(mined.coupling, min_revisions=float(options.min_revisions),
                          min_shared=int(options.min_shared_revisions),
                          min_coupling=float(options.min_coupling_percent),
                          max_coupling=float(options.max_coupling_percent))
    return [p for p in pairs if p.first in kept and p.second in kept]


def _window_row(window: Window, mined: Mined, machine_written: int,
                bots: BotCommits) -> dict[str, Any]:
    """Return what the window covered, for the report's details.

    ``machine_written`` counts the current files changed in the window that a tool writes,
    left out of the tables (churn, hotspots, coupling, knowledge); ``bots`` the commits of
    bot accounts, left out of knowledge and coupling.
    """
    return {"since": window.since.isoformat(), "until": window.until.isoformat(),
            "commits": mined.commits, "merges": mined.merges, "ignored_commits": mined.ignored,
            "wide_commits_left_out_of_coupling": mined.coupling.dropped,
            "machine_written_files_left_out": machine_written,
            "bot_commits_left_out": bots.commits, "bot_accounts": list(bots.accounts)}
