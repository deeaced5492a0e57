"""History analyzer (evolvability): churn, hotspots, change coupling, knowledge, tests.

It reads the window's history once (see :mod:`gitlog`), folds it into per-file aggregates
(:mod:`mining`) and derives hotspots, coupling and knowledge (:mod:`insights`). Time comes
only from the scan's ``now``, so a commit and a window always give the same numbers. Without
git, in an empty repository or in a shallow clone every metric is n/a with the fix.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from scorecard.analyzers.base import Analyzer, AnalyzerOutput, FileKind, FileResult, ScanContext
from scorecard.analyzers.evolution.gitlog import iter_commits, read_ignore_revs
from scorecard.analyzers.evolution.insights import (
    coupled_pairs,
    hotspots,
    module_of,
    owners_for_half,
)
from scorecard.analyzers.evolution.mining import History, is_test_path, mine
from scorecard.gitcmd import GitUnavailable
from scorecard.model import Direction, Finding, Location, Measurement, Metric, Problem

__all__ = ["HistoryAnalyzer"]

DAY = 86_400
SHALLOW_FIX = ("shallow clone: history metrics need the full history (actions/checkout: "
               "fetch-depth: 0; or git fetch --unshallow)")
MAX_ROWS = 50


def _date(timestamp: int) -> str:
    return datetime.fromtimestamp(timestamp, UTC).date().isoformat() if timestamp else ""


class HistoryAnalyzer(Analyzer):
    """Measures how the code changes, from one pass over git history."""

    name = "history"
    version = "1"
    file_kind = FileKind.NONE
    default_options: Mapping[str, Any] = {
        "since_days": 365,  # the window: twelve months of history before the scan's moment
        "min_revisions": 5,  # code-maat's defaults for coupling
        "min_shared_revisions": 5,
        "min_coupling_percent": 30,
        "max_changeset_size": 30,
        "island_months": 6,  # a main author silent this long makes a knowledge island
    }
    metrics = (
        Metric("history.hotspot_code_share",
               "Share of source lines in hotspots (complex files changed at or above the knee "
               "of the change-frequency curve)", Direction.LOWER_IS_BETTER, "%"),
        Metric("history.cross_module_coupling",
               "Pairs of files in different top-level modules that change together "
               "(code-maat thresholds)", Direction.LOWER_IS_BETTER, "pairs"),
        Metric("history.knowledge_island_share",
               "Share of changed files whose main author made no commit in the last "
               "island_months months", Direction.LOWER_IS_BETTER, "%"),
        Metric("history.truck_factor",
               "Authors who together made half of the file changes in the window",
               Direction.HIGHER_IS_BETTER, "authors"),
        Metric("history.tests_with_changes_share",
               "Share of commits changing Python source that also change tests",
               Direction.HIGHER_IS_BETTER, "%"),
    )

    def summarize(self, ctx: ScanContext, results: Mapping[str, FileResult]) -> AnalyzerOutput:
        """Mine the window's history and measure it."""
        reason = self._unavailable(ctx)
        if reason:
            return self._not_applicable(reason)
        options = {**self.default_options, **ctx.options}
        since = ctx.now - timedelta(days=int(options["since_days"]))
        try:
            history = mine(iter_commits(ctx.root, since, ctx.now),
                           ignore=read_ignore_revs(ctx.root),
                           max_changeset=int(options["max_changeset_size"]))
        except (GitUnavailable, ValueError, OSError) as exc:
            output = self._not_applicable(f"git history could not be read: {exc}")
            return AnalyzerOutput(output.measurements, (Problem(self.name, str(exc)),))
        if history.commits == 0:
            return self._not_applicable(
                f"no commits between {since.date()} and {ctx.now.date()}")
        return self._measure(ctx, history, options, since)

    @staticmethod
    def _unavailable(ctx: ScanContext) -> str:
        if not ctx.git.is_git:
            return "not a git repository: history metrics need git history"
        if ctx.git.head is None:
            return "empty repository: no commits yet"
        if ctx.git.shallow:
            return SHALLOW_FIX
        return ""

    def _not_applicable(self, reason: str) -> AnalyzerOutput:
        return AnalyzerOutput(tuple(Measurement(m.id, None, reason) for m in self.metrics))

    def _measure(self, ctx: ScanContext, history: History, options: Mapping[str, Any],
                 since: datetime) -> AnalyzerOutput:
        current = {f.path for f in ctx.files}
        complexity_details = ctx.outputs.get("complexity")
        details_in = complexity_details.details if complexity_details else {}
        sloc: dict[str, int] = {p: int(v or 0) for p, v in
                                details_in.get("file_sloc", {}).items()}
        functions = details_in.get("functions_by_file", {})
        complexity = {p: sum(int(row[2]) for row in rows) for p, rows in functions.items()}
        measurements = [
            self._hotspots(history, complexity, sloc, functions, current),
            self._coupling(history, current, options),
            *self._knowledge(history, current, ctx.now, options),
            self._tests(history),
        ]
        details = self._details(history, current, sloc, ctx.now, since, measurements)
        return AnalyzerOutput(tuple(m for m, _ in measurements), details=details)

    @staticmethod
    def _hotspots(history: History, complexity: Mapping[str, int], sloc: Mapping[str, int],
                  functions: Mapping[str, list[list[Any]]], current: set[str],
                  ) -> tuple[Measurement, list[dict[str, Any]]]:
        metric = "history.hotspot_code_share"
        spots, cut = hotspots(history, complexity, current)
        total = sum(sloc.values())
        if not complexity or total == 0:
            return Measurement(metric, None, "no Python code measured for hotspots"), []
        rows = []
        for path in spots:
            worst = sorted(functions.get(path, []), key=lambda r: (-int(r[2]), str(r[0])))[:3]
            rows.append({"path": path, "revisions": history.files[path].revisions,
                         "complexity": complexity[path], "sloc": sloc.get(path, 0),
                         "worst_functions": [{"function": r[0], "line": r[1],
                                              "cyclomatic": r[2]} for r in worst]})
        share = round(100.0 * sum(sloc.get(p, 0) for p in spots) / total, 2)
        findings = tuple(
            Finding(metric, Location(path), f"hotspot: {history.files[path].revisions} "
                    f"revisions, total cyclomatic complexity {complexity[path]}",
                    float(history.files[path].revisions))
            for path in spots)
        note = f"{len(spots)} hotspots (changed >= {cut} times and more complex than the median)"
        return Measurement(metric, share, note, findings), rows

    @staticmethod
    def _coupling(history: History, current: set[str], options: Mapping[str, Any],
                  ) -> tuple[Measurement, list[dict[str, Any]]]:
        metric = "history.cross_module_coupling"
        pairs = coupled_pairs(history, current, min_revisions=int(options["min_revisions"]),
                              min_shared=int(options["min_shared_revisions"]),
                              min_degree=float(options["min_coupling_percent"]))
        crossing = [p for p in pairs if p.cross_module]
        findings = tuple(
            Finding(metric, Location(p.first), f"changes with {p.second} in {p.degree:g} % of "
                    f"their commits ({p.shared} shared)", p.degree, p.second)
            for p in crossing)
        rows = [{"first": p.first, "second": p.second, "shared": p.shared, "degree": p.degree,
                 "cross_module": p.cross_module} for p in pairs[:MAX_ROWS]]
        note = f"{len(pairs)} coupled pairs, {len(crossing)} across top-level modules"
        return Measurement(metric, float(len(crossing)), note, findings), rows

    @staticmethod
    def _knowledge(history: History, current: set[str], now: datetime,
                   options: Mapping[str, Any]) -> list[tuple[Measurement, list[dict[str, Any]]]]:
        active_since = now.timestamp() - int(options["island_months"]) * 30 * DAY
        islands = []
        changed = [p for p in history.files if p in current]
        for path in changed:
            main, _ = history.files[path].authors.most_common(1)[0]
            if history.author_last.get(main, 0) < active_since:
                islands.append(path)
        island_metric = "history.knowledge_island_share"
        if changed:
            island = Measurement(
                island_metric, round(100.0 * len(islands) / len(changed), 2),
                f"{len(islands)} of {len(changed)} changed files",
                tuple(Finding(island_metric, Location(p), "main author inactive for "
                              f"{options['island_months']} months") for p in sorted(islands)))
        else:
            island = Measurement(island_metric, None, "no current file changed in the window")
        totals: Counter[str] = Counter()
        for stats in history.files.values():
            totals.update(stats.authors)
        truck = Measurement("history.truck_factor", float(owners_for_half(totals)),
                            f"{len(totals)} authors in the window")
        return [(island, []), (truck, [])]

    @staticmethod
    def _tests(history: History) -> tuple[Measurement, list[dict[str, Any]]]:
        metric = "history.tests_with_changes_share"
        if history.source_commits == 0:
            return Measurement(metric, None, "no commit changed Python source"), []
        share = round(100.0 * history.source_commits_with_tests / history.source_commits, 2)
        note = (f"{history.source_commits_with_tests} of {history.source_commits} source "
                "commits also changed tests")
        return Measurement(metric, share, note), []

    @staticmethod
    def _details(history: History, current: set[str], sloc: Mapping[str, int], now: datetime,
                 since: datetime, measured: list[tuple[Measurement, list[dict[str, Any]]]],
                 ) -> dict[str, Any]:
        churn = []
        for path, stats in sorted(history.files.items(), key=lambda kv: (-kv[1].revisions,
                                                                          kv[0])):
            if path not in current:
                continue
            size = sloc.get(path)
            main, main_count = stats.authors.most_common(1)[0]
            churn.append({
                "path": path, "revisions": stats.revisions, "added": stats.added,
                "deleted": stats.deleted, "authors": len(stats.authors),
                "main_author_share": round(100.0 * main_count / stats.revisions, 1),
                "authors_for_half": owners_for_half(stats.authors),
                "first": _date(stats.first), "last": _date(stats.last),
                "age_days": int((now.timestamp() - stats.first) // DAY),
                "relative_churn": round((stats.added + stats.deleted) / size, 2) if size else None,
                "is_test": is_test_path(path),
            })
        modules: dict[str, Counter[str]] = {}
        for path, stats in history.files.items():
            if path in current:
                modules.setdefault(module_of(path), Counter()).update(stats.authors)
        knowledge = [{"module": name, "authors": len(counts),
                      "main_author_share": round(100.0 * counts.most_common(1)[0][1]
                                                 / sum(counts.values()), 1),
                      "authors_for_half": owners_for_half(counts)}
                     for name, counts in sorted(modules.items())]
        return {
            "window": {"since": since.isoformat(), "until": now.isoformat(),
                       "commits": history.commits,
                       "ignored_formatting_commits": history.skipped_ignored},
            "churn": churn[:MAX_ROWS], "files_changed": len(churn),
            "hotspots": measured[0][1],
            "coupling": measured[1][1],
            "knowledge": knowledge[:MAX_ROWS],
        }
