"""Public entry points: what the CLI and the GitHub Action call.

``scan`` runs the whole pipeline: RepoView -> analyzers -> Facts -> scoring -> Report. It
keeps no global state and takes plain, serialisable inputs so a scan can run anywhere.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from scorecard import __version__
from scorecard.analyzers import ANALYZERS, declared_metrics
from scorecard.analyzers.base import Analyzer, AnalyzerOutput, FileKind, ScanContext
from scorecard.analyzers.history.read_ahead import start_reading, warm_risk_fit
from scorecard.cache import ResultCache, default_cache_dir
from scorecard.config import Config, load_config
from scorecard.diff import ReportDiff, diff_reports
from scorecard.errors import ConfigError, InputError
from scorecard.facts import OverridesFacts, SuppressionsFacts
from scorecard.filescan import FileScan, ProgressCallback, scan_files
from scorecard.globs import GlobSet
from scorecard.model import (
    CodeOwners,
    EffectiveConfig,
    Facts,
    GitSummary,
    Measurement,
    Metric,
    PillarScore,
    Problem,
    Report,
    ScanSummary,
    Standing,
)
from scorecard.owners import CODEOWNERS_LOCATIONS, owner_lines
from scorecard.plain import DecodeError, from_plain, to_plain
from scorecard.repo import GitUnavailable, RepoListing, RepoView
from scorecard.repo.changes import changed_paths, show_file
from scorecard.repo.commits import CommitView, commit_time, resolve_commit
from scorecard.repo.gitlog import LogInBackground
from scorecard.report_reuse import ReportInputs, report_key
from scorecard.resources import checks_dir
from scorecard.risk.warm import stop_fitter
from scorecard.scoring import CheckDefinition, evaluate, grade_for, load_checks
from scorecard.scoring.coverage import coverage_of
from scorecard.scoring.definitions import apply_override, override_errors
from scorecard.scoring.reference import standing_of
from scorecard.serialisation import REPORT_FORMAT_VERSION, report_from_dict, report_to_dict

__all__ = [
    "REPORT_FORMAT_VERSION",
    "LoadedChecks",
    "ScanPlan",
    "all_metrics",
    "changed_paths",
    "diff",
    "diff_two_scans",
    "effective_config",
    "load_effective_checks",
    "plan_scan",
    "read_codeowners",
    "scan",
]



@dataclass(frozen=True)
class LoadedChecks:
    """The checks in force for a run, with the config they came from."""

    config: Config
    checks: tuple[CheckDefinition, ...]


def all_metrics() -> dict[str, Metric]:
    """Every metric any analyzer declares, by id."""
    return {m.id: m for a in ANALYZERS for m in a.metrics}


def _analyzer_defaults() -> dict[str, Mapping[str, Any]]:
    return {a.name: a.default_options for a in ANALYZERS}


def _option_errors(config: Config, checks: list[CheckDefinition]) -> list[str]:
    """Problems of the analyzer options and of the check overrides of the configuration."""
    by_id = {c.id: c for c in checks}
    errors = [problem for analyzer in ANALYZERS
              for problem in analyzer.option_errors(config.analyzer_options.get(analyzer.name, {}))]
    for check_id, override in config.check_overrides.items():
        if check_id not in by_id:
            errors.append(f'checks."{check_id}": no such check (see `scorecard checks`)')
            continue
        errors.extend(override_errors(check_id, override, by_id[check_id]))
    return errors


def load_effective_checks(
    root: Path,
    *,
    config_file: Path | None = None,
    environ: Mapping[str, str] | None = None,
    flags: Mapping[str, Any] | None = None,
) -> LoadedChecks:
    """Load configuration and the checks it selects; raise ConfigError listing every problem."""
    config = load_config(
        root,
        config_file=config_file,
        environ=dict(os.environ) if environ is None else environ,
        flags=flags or {},
        analyzer_defaults=_analyzer_defaults(),
    )
    checks = load_checks([checks_dir(), *config.check_paths], declared_metrics())
    errors = _option_errors(config, checks)
    if errors:
        raise ConfigError(errors, source=f"configuration ({config.source})")
    tuned = tuple(
        apply_override(c, config.check_overrides[c.id]) if c.id in config.check_overrides else c
        for c in checks
    )
    return LoadedChecks(config, tuned)


@dataclass(frozen=True)
class ScanPlan:
    """What a scan runs, decided from configuration before any file is read."""

    loaded: LoadedChecks
    analyzers: tuple[Analyzer, ...]
    # Analyzer name -> its options (an instance of its ``options_type``, defaults filled in).
    options: dict[str, Any]

    def view(self, root: Path, rev: str | None) -> RepoView:
        """Return the files to scan: the working tree, or commit ``rev`` from git objects."""
        config = self.loaded.config
        globs = {"include": GlobSet(config.include), "exclude": GlobSet(config.exclude)}
        if rev is None:
            return RepoView(root, max_file_bytes=config.max_file_bytes, **globs)
        return CommitView(root, rev, max_file_bytes=config.max_file_bytes, **globs)

    def cache(self, memory: dict[str, Any] | None = None) -> ResultCache:
        """Open the per-file result cache the configuration asks for (a no-op one if off).

        ``memory``: outcomes shared with another scan of this process, in front of the file.
        """
        config = self.loaded.config
        return ResultCache((config.cache_dir or default_cache_dir()) if config.cache else None,
                           memory)


def plan_scan(
    root: Path,
    *,
    config_file: Path | None = None,
    environ: Mapping[str, str] | None = None,
    flags: Mapping[str, Any] | None = None,
) -> ScanPlan:
    """Load configuration and pick the analyzers and their options; raise ConfigError."""
    loaded = load_effective_checks(root, config_file=config_file, environ=environ, flags=flags)
    config = loaded.config
    analyzers = tuple(a for a in ANALYZERS if a.name not in config.skip_analyzers)
    options = {a.name: a.make_options(config.analyzer_options.get(a.name, {}))
               for a in analyzers}
    return ScanPlan(loaded, analyzers, options)


def _without_silenced(measurements: dict[str, Measurement], facts: object | None,
                      ) -> dict[str, Measurement]:
    """Drop the findings that in-code suppressions silence (values and scores unchanged)."""
    silenced = ({(s.metric, s.path, s.line) for s in facts.silenced}
                if isinstance(facts, SuppressionsFacts) else set())
    if not silenced:
        return measurements
    return {metric: replace(m, findings=tuple(
        f for f in m.findings
        if (metric, f.location.path, f.location.line or 0) not in silenced))
        for metric, m in measurements.items()}


def _read_history_ahead(root: Path, view: RepoView, options: Mapping[str, Any],
                        now: datetime,
                        also: tuple[tuple[str, datetime], ...] = ()) -> LogInBackground | None:
    """Start git reading the history the history analyzer will mine, while files are analysed.

    git computes the diffs in its own process; the analyzer then reads them from memory.
    ``also`` names other (commit, moment) scans this process will run next (a diff's base):
    one reading then spans their windows too.
    """
    git = view.git
    if "history" not in options or not git.is_git or git.shallow or git.head is None:
        return None
    ahead = start_reading(root, options["history"], [(git.tip, now), *also])
    if ahead is not None:
        warm_risk_fit(root, options["history"], git.tip, now)
    return ahead


def _validate_root(root: Path) -> Path:
    if not root.exists():
        raise InputError(f"{root}: no such file or directory")
    if not root.is_dir():
        raise InputError(f"{root}: not a directory (scan a repository or folder)")
    if not os.access(root, os.R_OK | os.X_OK):
        raise InputError(f"{root}: permission denied")
    return root.resolve()


def _analyse_files(plan: ScanPlan, root: Path, view: RepoView, now: datetime,
                   progress: ProgressCallback | None, share: _Sharing,
                   ) -> tuple[RepoListing, FileScan, str] | Report:
    """List the files and run every analyzer's per-file step; git reads history meanwhile.

    Returns the listing, the per-file results and the cache's warning ("" when none), or
    the stored report when one with the same key exists (nothing is analysed then).
    """
    config = plan.loaded.config
    cache = plan.cache(share.memory)
    stored = _stored_for_key(cache, share.report_key, view)
    if stored is not None:
        return stored
    ahead = _prepare_history(plan, root, view, now, share)
    try:
        listing = view.list_files()
        file_scan = scan_files(view, listing.files, plan.analyzers, plan.options, cache,
                               config.jobs, progress, max_seconds=float(config.max_file_seconds))
    except BaseException:
        if ahead is not None:
            ahead.cancel()
        stop_fitter()
        raise
    finally:
        cache.close()
        if isinstance(view, CommitView):
            view.close()
    if ahead is not None:
        ahead.remember()
    return listing, file_scan, cache.warning or ""


def _stored_for_key(cache: ResultCache, key: str | None, view: RepoView) -> Report | None:
    """Return the report stored under ``key``, or None (always None without a key).

    When there is one nothing is analysed: the cache and the view are closed here.
    """
    if key is None:
        return None
    stored = _stored_report(cache, key)
    if stored is not None:
        cache.close()
        if isinstance(view, CommitView):
            view.close()
    return stored


def _prepare_history(plan: ScanPlan, root: Path, view: RepoView, now: datetime,
                     share: _Sharing) -> LogInBackground | None:
    """Start reading the history in the background when this scan reads it, else None.

    When another scan read it already (a diff's other side), the risk fit may still be
    warmed.
    """
    if share.read_ahead:
        return _read_history_ahead(root, view, plan.options, now, share.read_also)
    if "history" in plan.options and view.git.head is not None:
        warm_risk_fit(root, plan.options["history"], view.git.tip, now)
    return None


def _summarize_all(plan: ScanPlan, base: ScanContext, file_scan: FileScan,
                   problems: list[Problem],
                   ) -> tuple[dict[str, AnalyzerOutput], dict[str, Measurement], dict[str, str]]:
    """Run each analyzer's summary in order: outputs, measurements, crashed metrics.

    A skipped analyzer's metrics are n/a; a crash of one analyzer becomes a problem (added
    to ``problems``, like each analyzer's own) and error results of its metrics.
    """
    outputs: dict[str, AnalyzerOutput] = {}
    failed: dict[str, str] = {}
    measurements: dict[str, Measurement] = {}
    for analyzer in ANALYZERS:
        if analyzer not in plan.analyzers:
            measurements.update({m.id: Measurement(m.id, None, f"analyzer '{analyzer.name}' "
                                                   "skipped by configuration", unmeasured=True)
                                 for m in analyzer.metrics})
            continue
        ctx = _context_for(analyzer, base, plan, outputs)
        try:
            output = analyzer.summarize(ctx, file_scan.results.get(analyzer.name, {}))
        except Exception as exc:  # noqa: BLE001 - one analyzer's bug must not end the scan
            reason = f"analyzer '{analyzer.name}' failed: {type(exc).__name__}: {exc}"
            problems.append(Problem(analyzer.name, reason))
            failed.update({m.id: reason for m in analyzer.metrics})
            continue
        outputs[analyzer.name] = output
        problems.extend(output.problems)
        measurements.update({m.metric: m for m in output.measurements})
    return outputs, measurements, failed


def _context_for(analyzer: Analyzer, base: ScanContext, plan: ScanPlan,
                 outputs: Mapping[str, AnalyzerOutput]) -> ScanContext:
    """Return what ``analyzer``'s summary sees: its options and what it declared it reads."""
    required = {name: outputs[name].facts for name in analyzer.requires if name in outputs}
    if not analyzer.reads_findings:
        return replace(base, options=plan.options[analyzer.name], required=required)
    return replace(base, options=plan.options[analyzer.name], required=required,
                   earlier_measurements=tuple(m for out in outputs.values()
                                              for m in out.measurements),
                   check_metrics={c.id: c.metric for c in plan.loaded.checks})


def _scan_summary(listing: RepoListing, file_scan: FileScan, view: RepoView,
                  config_source: str) -> ScanSummary:
    """Return the scan's own facts: what was listed, parsed, analysed and read from cache."""
    return ScanSummary(
        files_listed=len(listing.files),
        python_files=sum(1 for f in listing.files if f.path.endswith(".py")),
        unparsable_files=len(file_scan.unparsable),
        unparsable_lines=sum(file_scan.unparsable.values()),
        analysed=file_scan.analysed,
        from_cache=file_scan.from_cache,
        git=GitSummary(is_git=view.git.is_git, shallow=view.git.shallow,
                       branch=view.git.branch, reason=view.git.reason),
        config_source=config_source,
    )


def effective_config(config: Config) -> EffectiveConfig:
    """Return the part of the configuration a report carries for its consumers."""
    return EffectiveConfig(
        source=config.source, fail_under=config.fail_under, include=config.include,
        exclude=config.exclude, max_file_bytes=config.max_file_bytes,
        max_file_seconds=config.max_file_seconds, skip_analyzers=config.skip_analyzers)


def read_codeowners(root: Path, commit: str) -> CodeOwners | None:
    """Return the CODEOWNERS of a commit, read from git objects (None when it has none)."""
    for location in CODEOWNERS_LOCATIONS:
        data = show_file(root, commit, location)
        if data is not None:
            return CodeOwners(location, owner_lines(data.decode("utf-8", "replace")))
    return None


def scan(
    root: Path,
    *,
    now: datetime,
    config_file: Path | None = None,
    environ: Mapping[str, str] | None = None,
    flags: Mapping[str, Any] | None = None,
    progress: ProgressCallback | None = None,
    rev: str | None = None,
    focus_paths: frozenset[str] = frozenset(),
    keep_all_findings: bool = False,
) -> Report:
    """Scan the repository at ``root`` and return its Report.

    ``now`` is the time the report is about (passed in so results are reproducible).
    ``rev`` scans that commit from git objects instead of the working tree.
    Every finding is kept (the report is complete; the formats for people cut and count).
    ``focus_paths`` and ``keep_all_findings`` are accepted for the callers that pass them.
    With the cache on, a report of the same inputs stored before is returned as is
    (:mod:`scorecard.report_reuse` names them).
    Raises InputError for an unusable path and ConfigError for bad configuration.
    """
    root = _validate_root(root)
    plan = plan_scan(root, config_file=config_file, environ=environ, flags=flags)
    env = dict(os.environ) if environ is None else environ
    return _scan_planned(plan, root, now=now, rev=rev, progress=progress,
                         focus_paths=focus_paths, keep_all_findings=keep_all_findings,
                         share=_Sharing(), environ=env)


@dataclass(frozen=True)
class _Sharing:
    """What one scan shares with the other scans of a run (a diff's two sides)."""

    # Per-file outcomes by cache key, decoded or computed by either side (None: not shared).
    memory: dict[str, Any] | None = None
    # Whether this scan starts git reading its history ahead (False: read already).
    read_ahead: bool = True
    # Other (commit, moment) scans whose history the read-ahead covers as well.
    read_also: tuple[tuple[str, datetime], ...] = ()
    # The key a reusable report is stored under (set by _scan_planned).
    report_key: str | None = None


def scan_with_head(
    root: Path,
    *,
    now: datetime,
    config_file: Path | None = None,
    flags: Mapping[str, Any] | None = None,
    with_head: bool = True,
) -> tuple[Report, Report | None]:
    """Scan the working tree and, when ``with_head``, HEAD, with every finding kept.

    The pre-commit check's two scans: one plan (configuration read once) and one store of
    per-file outcomes for both, as a diff's two sides share them. Each report is the one
    ``scan`` gives for the same arguments (``rev`` None, then ``"HEAD"``).
    """
    root = _validate_root(root)
    plan = plan_scan(root, config_file=config_file, flags=flags)
    env = dict(os.environ)
    memory: dict[str, Any] = {}
    common: dict[str, Any] = dict(progress=None, focus_paths=frozenset(),
                                  keep_all_findings=True, environ=env)
    current = _scan_planned(plan, root, now=now, rev=None,
                            share=_Sharing(memory=memory), **common)
    head = _scan_planned(plan, root, now=now, rev="HEAD",
                         share=_Sharing(memory=memory), **common) if with_head else None
    return current, head


def _stored_report(cache: ResultCache, key: str) -> Report | None:
    """Return the report stored under ``key``, or None (none, or unreadable: disposable)."""
    text = cache.get_report(key)
    if text is None:
        return None
    try:
        data = json.loads(text)
        if data.get("format_version") != REPORT_FORMAT_VERSION:
            return None
        summary = from_plain(ScanSummary, data["details"]["scan"])
        # This run analysed nothing: every file's outcome counts as cached, as in a warm
        # scan. Set in the stored data itself, so that the rest is decoded only if read.
        data["details"]["scan"] = to_plain(replace(
            summary, analysed=0, from_cache=summary.analysed + summary.from_cache))
        return report_from_dict(data, current=True)
    except (ValueError, TypeError, KeyError, DecodeError):
        return None


# Problems of a scan that another run may not have: such a report is not kept for reuse.
_PASSING_ANALYZERS = frozenset({"scan", "cache", "repo"})
_PASSING_WORDS = ("took longer than", "crashed", "timed out", "time limit", "deadline",
                  "git ", "unavailable", "unreadable", "cannot read", "failed")


def _reusable(report: Report, failed: Mapping[str, str]) -> bool:
    """Whether the report holds only what the same inputs always give (no passing failure)."""
    if failed:
        return False
    for problem in report.problems:
        message = problem.message.lower()
        if problem.analyzer in _PASSING_ANALYZERS or any(w in message for w in _PASSING_WORDS):
            return False
    return True


def _key_for(plan: ScanPlan, root: Path, view: RepoView, now: datetime, rev: str | None,
             environ: Mapping[str, str]) -> str | None:
    """Return the whole-report key of this scan, or None when reports are not reused."""
    if not plan.loaded.config.cache or not plan.loaded.config.reuse_reports:
        return None  # --no-cache: analyse everything, reuse nothing
    inputs = ReportInputs(
        root=root, rev=view.git.head if rev is not None else None, now=now,
        config_digest=plan.loaded.config.digest(), checks=repr(plan.loaded.checks),
        analyzers=repr(sorted((a.name, a.version, repr(plan.options[a.name]))
                              for a in plan.analyzers)),
        environ=environ)
    return report_key(inputs, view.git)


def _scan_planned(plan: ScanPlan, root: Path, *, now: datetime, rev: str | None,
                  progress: ProgressCallback | None, focus_paths: frozenset[str],
                  keep_all_findings: bool, share: _Sharing,
                  environ: Mapping[str, str]) -> Report:
    """Scan ``root`` (resolved) as planned; ``share`` says what other scans share with it."""
    config = plan.loaded.config
    view = plan.view(root, rev)
    # The engine keeps every finding whatever the focus (see scoring.engine._kept_findings),
    # so the focus is no input of the report; a test holds the two to that.
    share = replace(share, report_key=_key_for(plan, root, view, now, rev, environ))
    analysed = _analyse_files(plan, root, view, now, progress, share)
    if isinstance(analysed, Report):
        return analysed
    listing, file_scan, cache_warning = analysed
    problems: list[Problem] = [*listing.problems, *file_scan.problems]
    skipped = tuple(sorted((*listing.skipped, *file_scan.skipped), key=lambda s: s.path))
    if cache_warning:
        problems.append(Problem("cache", cache_warning))
    ctx = ScanContext(root=root, view=view, files=listing.files, git=view.git, now=now,
                      options=None, unparsable=frozenset(file_scan.unparsable),
                      generated=file_scan.tool_written())
    outputs, measurements, failed = _summarize_all(plan, ctx, file_scan, problems)
    details: dict[str, object] = {name: out.facts for name, out in outputs.items()}
    measurements = _without_silenced(measurements, details.get("suppressions"))
    if listing.failure:
        measurements = _unmeasured_without_files(measurements, listing.failure)
    details["scan"] = _scan_summary(listing, file_scan, view, config.source)
    facts = Facts(
        measurements=measurements,
        problems=tuple(problems),
        skipped=skipped,
        failed_metrics=failed,
    )
    if keep_all_findings:
        focus_paths = _every_path(listing, measurements)
    pillars, overall = evaluate(plan.loaded.checks, facts, all_metrics(), focus_paths)
    details["coverage"] = coverage_of(pillars)
    details["reference"] = _reference_standing(details.get("overrides"), pillars, overall)
    report = Report(
        format_version=REPORT_FORMAT_VERSION,
        tool_version=__version__,
        repository=root.name,
        commit=view.git.head,
        generated_at=now.isoformat(),
        score=overall,
        grade=grade_for(overall),
        pillars=pillars,
        problems=tuple(sorted(problems, key=lambda p: (p.path or "", p.analyzer, p.message))),
        skipped=skipped,
        files_analyzed=_files_analyzed(plan, listing, file_scan),
        config_digest=config.digest(),
        details=details,
        checks=plan.loaded.checks,
        config=effective_config(config),
        owners=read_codeowners(root, view.git.head) if view.git.head else None,
    )
    if share.report_key is not None and _reusable(report, failed):
        _store_report(plan, share.report_key, report)
    return report


def _unmeasured_without_files(measurements: Mapping[str, Measurement],
                              failure: str) -> dict[str, Measurement]:
    """Mark what no file could show as unmeasured, when the repository could not be listed.

    Checks that found "no Python functions" or "no runbooks" because no file was listed
    would otherwise leave the score as not applicable, and the history alone would grade
    the repository; unmeasured, they count as 0 and the score is marked provisional.
    """
    note = f"not measured: the repository's files could not be listed ({failure})"
    return {metric: replace(m, note=note, unmeasured=True) if m.value is None else m
            for metric, m in measurements.items()}


def _every_path(listing: RepoListing, measurements: Mapping[str, Measurement]
                ) -> frozenset[str]:
    """Return every listed path and every path a finding names: a focus on everything."""
    return frozenset(f.path for f in listing.files) | frozenset(
        finding.location.path for m in measurements.values() for finding in m.findings)


def _reference_standing(overrides: object, pillars: Sequence[PillarScore],
                        overall: float | None) -> Standing | None:
    """Return where the scores stand among reference repositories of the project's kind.

    The kind is the overrides analyzer's; without it, among all kinds.
    """
    kind = overrides.kind if isinstance(overrides, OverridesFacts) else None
    return standing_of(kind, pillars, overall)


def _files_analyzed(plan: ScanPlan, listing: RepoListing, file_scan: FileScan) -> int:
    """Return how many files the per-file steps analysed (0 when no analyzer has one)."""
    if not any(a.file_kind is not FileKind.NONE for a in plan.analyzers):
        return 0
    return len(listing.files) - len(file_scan.skipped)


def _store_report(plan: ScanPlan, key: str, report: Report) -> None:
    """Keep ``report`` in the cache under ``key`` (a failure only loses the reuse)."""
    cache = plan.cache()
    try:
        cache.put_report(key, json.dumps(report_to_dict(report), separators=(",", ":"),
                                         ensure_ascii=False, allow_nan=False))
    except ValueError:
        pass  # a report that is not JSON is not kept (render_json reports it)
    finally:
        cache.close()


def _sides(root: Path, base: str, head: str | None
           ) -> tuple[Path, str, str | None, frozenset[str]]:
    """Return the resolved root, BASE's and HEAD's commits, and the paths the change touched."""
    root = _validate_root(root)
    base_sha = resolve_commit(root, base)
    head_sha = resolve_commit(root, head) if head is not None else None
    try:
        touched = changed_paths(root, base_sha, head_sha)
    except GitUnavailable as exc:
        raise InputError(f"cannot compare {base} with {head or 'the working tree'}: {exc}") from exc
    return root, base_sha, head_sha, touched


def _head_moment(root: Path, head_sha: str | None, now: datetime) -> datetime:
    """Return the moment a diff's HEAD side is about: its commit's date.

    The work tree sits on HEAD, whose history is the history there is (edits have none
    yet), so it is measured as of HEAD's date, as ``scan`` measures it: the same code then
    gets the same report on both sides of ``diff HEAD``, whatever today's date. ``now``
    only when the repository has no commit.
    """
    if head_sha is not None:
        return commit_time(root, head_sha)
    try:
        return commit_time(root, resolve_commit(root, "HEAD"))
    except (GitUnavailable, InputError):
        return now


def diff(
    root: Path,
    base: str,
    head: str | None = None,
    *,
    now: datetime,
    config_file: Path | None = None,
    environ: Mapping[str, str] | None = None,
    flags: Mapping[str, Any] | None = None,
) -> ReportDiff:
    """Scan BASE and HEAD (a commit, or the working tree when None) and compare them.

    HEAD is scanned first and BASE then analyses only the files whose blob differs: the two
    scans share every per-file outcome in memory (with the cache off too), and one git
    reading covers both history windows. Each side's report is the one ``scan`` gives.
    """
    root, base_sha, head_sha, touched = _sides(root, base, head)
    plan = plan_scan(root, config_file=config_file, environ=environ, flags=flags)
    env = dict(os.environ) if environ is None else environ
    base_now = commit_time(root, base_sha)
    head_now = _head_moment(root, head_sha, now)
    memory: dict[str, Any] = {}
    head_report = _scan_planned(
        plan, root, now=head_now, rev=head_sha, progress=None, focus_paths=touched,
        keep_all_findings=False, environ=env,
        share=_Sharing(memory=memory, read_also=((base_sha, base_now),)))
    base_report = _scan_planned(
        plan, root, now=base_now, rev=base_sha, progress=None, focus_paths=touched,
        keep_all_findings=False, environ=env, share=_Sharing(memory=memory, read_ahead=False))
    return diff_reports(base_report, head_report, touched, all_metrics())


def diff_two_scans(
    root: Path,
    base: str,
    head: str | None = None,
    *,
    now: datetime,
    config_file: Path | None = None,
    environ: Mapping[str, str] | None = None,
    flags: Mapping[str, Any] | None = None,
) -> ReportDiff:
    """Compare BASE and HEAD by two independent scans, as ``diff`` must equal.

    The reference the one-pass ``diff`` is checked against (tests and benchmarks/).
    """
    root, base_sha, head_sha, touched = _sides(root, base, head)
    common = dict(config_file=config_file, environ=environ, flags=flags, focus_paths=touched)
    base_report = scan(root, now=commit_time(root, base_sha), rev=base_sha, **common)  # type: ignore[arg-type]
    head_now = _head_moment(root, head_sha, now)
    head_report = scan(root, now=head_now, rev=head_sha, **common)  # type: ignore[arg-type]
    return diff_reports(base_report, head_report, touched, all_metrics())
