"""Runbooks analyzer (operability): docs, runbooks, alert links, staleness, drift, entry points.

Per file (Markdown, RST, YAML, Jsonnet and the files that declare entry points) it extracts
document structure, alert rules and entry points; the summary links alerts to runbooks and
measures coverage, completeness, staleness (one ``git log`` over the involved paths and one
batch read of old blobs), drift, entry-point documentation and the documentation inventory.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from scorecard.analyzers.base import (
    Analyzer,
    AnalyzerOutput,
    FileInput,
    FileKind,
    FileResult,
    ScanContext,
)
from scorecard.analyzers.doc_roots import repository_doc_roots
from scorecard.analyzers.runbooks.alert_rules import (
    evaluated_alert,
    extract_jsonnet_rules,
    extract_yaml_rules,
    looks_like_rules,
)
from scorecard.analyzers.runbooks.corpus import Corpus, alert_from_record, build_corpus
from scorecard.analyzers.runbooks.doc_facts import document_facts
from scorecard.analyzers.runbooks.doc_inventory import (
    Releases,
    changelog_entry_lines,
    changelog_path,
    measure_inventory,
)
from scorecard.analyzers.runbooks.doc_paths import is_changelog, is_doc, is_ops_doc, is_readme
from scorecard.analyzers.runbooks.drift import (
    Lookup,
    collect_needles,
    measure_drift,
    metric_namespaces,
)
from scorecard.analyzers.runbooks.entry_docs import measure_entrypoints
from scorecard.analyzers.runbooks.entrypoints import entrypoint_kind, extract_entrypoints
from scorecard.analyzers.runbooks.jsonnet_eval import evaluate_mixins
from scorecard.analyzers.runbooks.markdown_doc import parse_markdown
from scorecard.analyzers.runbooks.metrics import METRICS
from scorecard.analyzers.runbooks.presence import find_present
from scorecard.analyzers.runbooks.repo_identity import repository_identities
from scorecard.analyzers.runbooks.resolution import LinkContext
from scorecard.analyzers.runbooks.rst_doc import parse_rst
from scorecard.analyzers.runbooks.runbook_coverage import measure_coverage, runbooks_facts
from scorecard.analyzers.runbooks.staleness import (
    StaleInputs,
    history_paths,
    measure_staleness,
    stale_pairs,
)
from scorecard.facts.runbooks_facts import RunbooksFacts
from scorecard.model import Problem
from scorecard.repo import GitUnavailable
from scorecard.repo.file_versions import Version, file_versions, release_tags
from scorecard.wording import counted

__all__ = ["RunbooksAnalyzer", "RunbooksOptions"]

_YAML = (".yml", ".yaml")
_JSONNET = (".jsonnet", ".libsonnet")


@dataclass(frozen=True)
class RunbooksOptions:
    """[tool.scorecard.runbooks]."""

    # Extra runbook globs (gitignore style, matched case-insensitively).
    runbook_globs: list[str] = field(default_factory=list)
    # Runbook site URL prefix -> folder in this repository that the site is built from.
    site_map: dict[str, str] = field(default_factory=dict)
    # This repository's forge URL, when the git remote is missing or different.
    repo_url: str = ""
    # Entry points that are development tools, not things operators run.
    entrypoint_denylist: list[str] = field(default_factory=lambda: [
        "docs", "mkdocs", "sphinx", "sphinx-build", "pre-commit", "lint", "format", "test",
        "tests"])
    # Commits a day apart are one change set (rule and runbook edited separately).
    stale_grace_days: int = 1
    max_history_commits: int = 5000
    max_history_blobs: int = 2000


class RunbooksAnalyzer(Analyzer):
    """Documentation and runbook coverage, staleness and drift."""

    name = "runbooks"
    # 3: time quantities; 4: index names; 5: annotations; 6: jsonnet names; 7: changelog
    # entry lines; 8: alert rules whose name is a template counted as unread; 9: run-book
    # and run_book names; 10: section headings and words in other languages
    version = "12"
    file_kind = FileKind.TEXT
    facts_type = RunbooksFacts
    metrics = METRICS
    options_type = RunbooksOptions

    def wants(self, path: str) -> bool:
        """Documents, YAML, Jsonnet, and the files that declare entry points."""
        lower = path.lower()
        return (is_doc(lower) or lower.endswith(_YAML + _JSONNET) or is_readme(path)
                or is_changelog(path) or entrypoint_kind(path) is not None)

    def analyze_file(self, item: FileInput, options: Any) -> FileResult:
        """Extract document facts, alert rules and entry points from one file."""
        path, text = item.path, item.text
        lower = path.lower()
        result: FileResult = {}
        if is_doc(lower) or is_readme(path) or is_changelog(path):
            raw = parse_rst(text) if lower.endswith(".rst") else parse_markdown(text)
            result["doc"] = document_facts(raw, ops_whole=is_ops_doc(path))
            if is_changelog(path) and not raw.headings:
                result["doc"]["entry_lines"] = changelog_entry_lines(text)
        if lower.endswith(_YAML) and looks_like_rules(text):
            result["rules"] = extract_yaml_rules(text)
        if lower.endswith(_JSONNET) and ("alert:" in text or "runbookURLPattern" in text):
            result["jsonnet"] = extract_jsonnet_rules(text)
        entries = extract_entrypoints(path, text)
        if entries:
            result["entrypoints"] = entries
        return result

    def summarize(self, ctx: ScanContext, results: Mapping[str, FileResult]) -> AnalyzerOutput:
        """Link alerts to runbooks and measure every runbooks metric."""
        options: RunbooksOptions = ctx.options
        listed = [f.path for f in ctx.files]
        corpus = build_corpus(results, listed, list(options.runbook_globs))
        problems = [Problem(self.name, f"{message}; its alert rules are not counted", path)
                    for path, message in corpus.yaml_errors]
        problems += [Problem(self.name, f"{counted(count, 'alert rule')} whose name is no text "
                                        "(a template's {{ ... }}?) not counted", path)
                     for path, count in corpus.unnamed_alerts]
        if corpus.alert_source.startswith("jsonnet") or not corpus.alerts:
            problems.extend(self._evaluate_jsonnet(ctx, corpus))
        report = measure_coverage(corpus, self._link_context(ctx, corpus, options))

        pairs = stale_pairs(report, corpus)
        # Tags are readable in a shallow clone too; only the changelog's dates need history.
        has_tags = ctx.git.is_git and ctx.git.head is not None
        tags = release_tags(ctx.root, ctx.git.tip) if has_tags else []
        changelog = changelog_path(corpus, tags)
        usable, reason = self._history_state(ctx)
        versions: dict[str, list[Version]] = {}
        if usable:
            # A folder of release notes (its path ends with "/") has no versions of its own.
            one_file = {changelog} if changelog and not changelog.endswith("/") else set()
            paths = history_paths(pairs, corpus) | one_file
            try:
                versions = file_versions(ctx.root, paths, int(options.max_history_commits),
                                         ctx.git.tip)
            except GitUnavailable as exc:
                usable, reason = False, f"git log failed: {exc}"
        stale, stale_details = measure_staleness(pairs, corpus, versions, StaleInputs(
            root=ctx.root, now=ctx.now, grace_days=int(options.stale_grace_days),
            max_blobs=int(options.max_history_blobs), usable=usable, reason=reason,
            unmeasured=not usable and (not ctx.git.is_git or ctx.git.head is not None)))
        releases = Releases(tags, versions.get(changelog, []) if changelog else [], has_tags,
                            reason if not has_tags else "", shallow=ctx.git.shallow)
        inventory, inventory_details = measure_inventory(corpus, releases,
                                                         repository_doc_roots(ctx))
        checked_docs = set(corpus.runbooks) | {path for path, _ in report.targets}
        drift, drift_details = measure_drift(report, corpus,
                                             self._lookup(ctx, corpus, listed, checked_docs))
        entry = measure_entrypoints(corpus, list(options.entrypoint_denylist))

        measurements = (*report.measurements, stale, drift, entry, *inventory)
        facts = runbooks_facts(report, corpus, stale_details, drift_details, inventory_details)
        return AnalyzerOutput(tuple(measurements), tuple(problems), facts)

    def _evaluate_jsonnet(self, ctx: ScanContext, corpus: Corpus) -> list[Problem]:
        """Replace the regex fallback's alerts by the evaluated mixin's, when it evaluates."""
        rules, failures = evaluate_mixins(ctx)
        if rules:
            corpus.alerts = [alert_from_record(path, evaluated_alert(rule))
                             for path, rule in rules]
            corpus.alert_source = "jsonnet (evaluated)"
            corpus.jsonnet_unresolved = []
        return [Problem(self.name, f"jsonnet evaluation failed, regex fallback used: {f}")
                for f in failures]

    @staticmethod
    def _history_state(ctx: ScanContext) -> tuple[bool, str]:
        if not ctx.git.is_git:
            return False, "not a git repository: no history to date runbooks and rules"
        if ctx.git.head is None:
            return False, "no commits yet: no history to date runbooks and rules"
        if ctx.git.shallow:
            return False, ("shallow clone: history is cut short (fetch the full history, "
                           "e.g. actions/checkout with fetch-depth: 0)")
        return True, ""

    @staticmethod
    def _link_context(ctx: ScanContext, corpus: Corpus, options: RunbooksOptions
                      ) -> LinkContext:
        return LinkContext(
            files=corpus.files, folders=corpus.folders,
            lower_files={p.lower(): p for p in sorted(corpus.files, reverse=True)},
            docs=corpus.docs, remotes=repository_identities(ctx, str(options.repo_url)),
            site_map={str(k): str(v) for k, v in dict(options.site_map).items()},
        )

    @staticmethod
    def _lookup(ctx: ScanContext, corpus: Corpus, listed: list[str], docs: set[str]) -> Lookup:
        programs = {e.name for e in corpus.entrypoints if e.kind == "console_script"}
        modules = {str(PurePosixPath(p).parent.name) for p in listed
                   if p.endswith("/__init__.py") and p.count("/") <= 2}
        needles = collect_needles(corpus, docs, programs, modules)
        present = find_present(ctx, listed, needles)
        return Lookup(
            present=present,
            alert_names={a.name for a in corpus.alerts} | corpus.records,
            programs=programs,
            modules=modules,
            django_commands={e.name for e in corpus.entrypoints if e.kind == "django_command"},
            namespaces=metric_namespaces(corpus.alerts, corpus.records),
            has_code=corpus.has_code,
            alerts_complete=corpus.alert_source in ("rendered rules", "jsonnet (evaluated)"),
            files=corpus.files,
            folders=corpus.folders,
        )
