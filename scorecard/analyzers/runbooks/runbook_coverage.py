"""Alerts to runbooks: one outcome per alert, effective coverage, completeness, orphans.

An alert's identity is its name plus severity (the same name often exists as a warning and a
critical variant); the first definition in path order stands for duplicates. The headline is
``RC = sum(w * resolved * RQ) / sum(w)`` over alerts with a paging weight; alerts whose link
points to an external site this repository does not build are neither good nor bad, so they
are left out of RC and of the resolution rate and reported separately.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from scorecard.analyzers.runbooks.corpus import ANNOTATIONS, Alert, Corpus
from scorecard.analyzers.runbooks.quality import Quality, alert_subtree, target_quality
from scorecard.analyzers.runbooks.resolution import (
    RESOLVED,
    LinkContext,
    Outcome,
    Resolution,
    is_alert_index,
    resolve_link,
)
from scorecard.analyzers.runbooks.sections import REQUIRED
from scorecard.facts.runbooks_facts import (
    AlertRow,
    AnnotationShares,
    DriftFacts,
    JsonnetFallback,
    RunbooksFacts,
    StalenessFacts,
)
from scorecard.model import FINDINGS_BOUND, Finding, Location, Measurement
from scorecard.wording import agree, count_text, counted, counted_of

__all__ = ["AlertResult", "CoverageReport", "annotation_shares", "generated_indexes",
           "measure_coverage", "runbooks_facts"]

EFFECTIVE = "runbooks.effective_coverage"
RESOLUTION = "runbooks.link_resolution"
COMPLETENESS = "runbooks.completeness"
MAX_FINDINGS = FINDINGS_BOUND  # every finding is kept (see FINDINGS_BOUND)
_BROKEN = {Outcome.ANCHOR_MISSING, Outcome.FILE_MISSING, Outcome.EXTERNAL_MAPPED_MISSING,
           Outcome.TEMPLATED_UNRESOLVED, Outcome.OUTSIDE_REPO, Outcome.GENERATED_TABLE}


@dataclass(frozen=True)
class AlertResult:
    """An alert with its link outcome and, when resolved, the quality of its target."""

    alert: Alert
    resolution: Resolution
    quality: Quality | None
    target: tuple[str, int | None] | None = None  # (document, heading index) when resolved
    implicit: str | None = None  # a runbook named after the alert that the alert does not link

    @property
    def resolved(self) -> bool:
        """True when the link reached a runbook in this repository."""
        return self.resolution.outcome in RESOLVED


@dataclass
class CoverageReport:
    """What coverage measured, for the summary and the other metrics (staleness, drift)."""

    measurements: list[Measurement] = field(default_factory=list)
    alerts: list[AlertResult] = field(default_factory=list)
    targets: dict[tuple[str, int | None], Quality] = field(default_factory=dict)
    orphans: list[str] = field(default_factory=list)


def _identities(alerts: list[Alert]) -> list[Alert]:
    seen: dict[tuple[str, str], Alert] = {}
    for alert in sorted(alerts, key=lambda a: (a.path, a.line)):
        seen.setdefault((alert.name, alert.severity), alert)
    return list(seen.values())


def _target(resolution: Resolution, alert: Alert, corpus: Corpus) -> tuple[str, int | None] | None:
    if resolution.outcome not in RESOLVED or resolution.path is None:
        return None
    doc = corpus.docs.get(resolution.path)
    heading = resolution.heading
    if doc is not None and heading is None:
        heading = alert_subtree(doc, alert.name)
    return resolution.path, heading


def _implicit_runbooks(corpus: Corpus) -> dict[str, str]:
    """Runbook files named after an alert (stem, case-insensitive) -> path."""
    found: dict[str, str] = {}
    for path in corpus.runbooks:
        stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0].lower()
        found.setdefault(stem, path)
    return found


def _orphans(report: CoverageReport, corpus: Corpus) -> list[str]:
    """Runbook files, and alert sections of linked documents, that no alert reaches."""
    targeted_docs = {path for path, _ in report.targets}
    # A file alerts link to is never an orphan, whatever became of the link's anchor.
    linked = targeted_docs | {r.resolution.path for r in report.alerts if r.resolution.path}
    orphans = set(corpus.runbooks) - linked
    for path in targeted_docs:
        doc = corpus.docs.get(path)
        anchored = {h for p, h in report.targets if p == path and h is not None}
        if doc is None or not anchored:
            continue
        levels = {int(doc["headings"][h][0]) for h in anchored}
        # Siblings of the linked sections that are not runbook sections themselves.
        orphans.update(f"{path}#{heading[4][0]}" for index, heading in enumerate(doc["headings"])
                       if index not in anchored and int(heading[0]) in levels
                       and not heading[5] and heading[4])
    return sorted(orphans)


def annotation_shares(report: CoverageReport) -> AnnotationShares:
    """Share of alerts (per alert identity) carrying each recommended annotation, in %."""
    total = len(report.alerts)
    shares: dict[str, float | None] = {}
    for key in ANNOTATIONS:
        present = sum(1 for r in report.alerts if key in r.alert.annotations)
        shares[key] = _percent(present, total) if total else None
    return AnnotationShares(total, shares["summary"], shares["description"],
                            shares["dashboard_url"])


def generated_indexes(report: CoverageReport) -> list[str]:
    """Files alerts link to that are generated indexes of alerts (no runbook content)."""
    return sorted({r.resolution.path for r in report.alerts
                   if r.resolution.outcome is Outcome.GENERATED_TABLE and r.resolution.path})


def _percent(part: float, whole: float) -> float:
    return round(100.0 * part / whole, 2)


def measure_coverage(corpus: Corpus, ctx: LinkContext) -> CoverageReport:
    """Resolve every alert and compute RC, the resolution rate and completeness."""
    report = CoverageReport()
    implicit = _implicit_runbooks(corpus)
    for alert in _identities(corpus.alerts):
        link = alert.link
        resolution = resolve_link(link, alert.name, alert.path, ctx) if link else \
            Resolution(Outcome.NONE)
        target = _target(resolution, alert, corpus)
        quality: Quality | None = None
        if target is not None:
            doc = corpus.docs.get(target[0])
            quality = report.targets.get(target)
            if quality is None:
                quality = target_quality(doc, target[1]) if doc is not None else Quality(0.0, 1)
                report.targets[target] = quality
        hint = implicit.get(alert.name.lower()) if resolution.outcome is Outcome.NONE else None
        report.alerts.append(AlertResult(alert, resolution, quality, target, hint))
    report.orphans = _orphans(report, corpus) if corpus.alerts else []
    report.measurements = [_effective(report), _resolution(report), _completeness(report, corpus)]
    return report


def runbooks_facts(report: CoverageReport, corpus: Corpus, staleness: StalenessFacts | None,
                   drift: DriftFacts | None, inventory: tuple[str | None, int, int],
                   ) -> RunbooksFacts:
    """Return the analyzer's facts: coverage's, with staleness, drift and the inventory's."""
    outcomes = Counter(r.resolution.outcome.value for r in report.alerts)
    changelog, adrs, release_tags = inventory
    return RunbooksFacts(
        alert_rules=len(corpus.alerts),
        example_alert_rules_left_out=corpus.example_alerts,
        alerts=len(report.alerts),
        alert_source=corpus.alert_source,
        jsonnet_fallback=(JsonnetFallback(True, tuple(corpus.jsonnet_unresolved[:50]),
                                          len(corpus.jsonnet_unresolved))
                          if corpus.alert_source == "jsonnet (regex fallback)"
                          else JsonnetFallback(False)),
        outcomes=dict(sorted(outcomes.items())),
        orphans=tuple(report.orphans[:200]),
        generated_indexes=tuple(generated_indexes(report)),
        runbooks=len(corpus.runbooks),
        per_alert=tuple(_alert_row(r) for r in report.alerts[:2000]),
        annotations=annotation_shares(report),
        staleness=staleness,
        drift=drift,
        entrypoints=len(corpus.entrypoints),
        changelog=changelog,
        adrs=adrs,
        release_tags=release_tags,
        docs=len(corpus.docs),
        unclosed_fences=tuple(sorted(p for p, d in corpus.docs.items()
                                     if d.get("unclosed_fence"))[:100]),
    )


def _alert_row(result: AlertResult) -> AlertRow:
    alert, resolution = result.alert, result.resolution
    return AlertRow(alert=alert.name, severity=alert.severity, path=alert.path,
                    line=alert.line, outcome=resolution.outcome.value, target=resolution.path,
                    rq=result.quality.rq if result.quality else None, detail=resolution.detail,
                    summary="summary" in alert.annotations,
                    description="description" in alert.annotations,
                    dashboard_url="dashboard_url" in alert.annotations)


def _alert_finding(metric: str, result: AlertResult) -> Finding:
    alert = result.alert
    outcome = result.resolution.outcome
    if outcome is Outcome.NONE:
        message = f"alert {alert.name} ({alert.severity or 'no severity'}) has no runbook link"
        if result.implicit:
            message += f"; {result.implicit} looks like its runbook"
    elif result.resolved and result.quality is not None:
        missing = list(result.quality.missing_required)
        if alert.weight >= 3 and not (result.quality.presence.get("escalation")
                                      and result.quality.substantive.get("escalation")):
            missing.append("escalation (required for a paging alert)")
        message = (f"alert {alert.name}: runbook {result.resolution.path} scores RQ "
                   f"{result.quality.rq:.2f} (missing or empty: {', '.join(missing) or 'none'})")
    elif outcome is Outcome.EXTERNAL_UNVERIFIED:
        message = (f"alert {alert.name}: runbook link could not be verified "
                   f"({result.alert.link}); {UNVERIFIED_FIX}")
    else:
        message = f"alert {alert.name}: {outcome.value.replace('_', ' ')}"
        if result.resolution.detail:
            message += f" ({result.resolution.detail})"
    value = result.quality.rq if result.quality else 0.0
    return Finding(metric, Location(alert.path, alert.line), message, value, alert.name)


UNVERIFIED_FIX = ("map their URL prefix to a folder with [tool.scorecard.runbooks] site_map, "
                  "or set repo_url when they point into this repository")


def _effective(report: CoverageReport) -> Measurement:
    """RC: severity-weighted coverage by complete runbooks.

    An alert whose runbook link cannot be verified (another site, not mapped) earns nothing
    but still counts: a repository must never score better because its runbooks could not
    be checked than it would with them checked, and n/a would do exactly that by leaving
    the check out of the pillar.
    """
    # Every alert whose severity weighs anything counts, a warning less than a page.
    paging = [r for r in report.alerts if r.alert.weight > 0]
    unverified = [r for r in paging if r.resolution.outcome is Outcome.EXTERNAL_UNVERIFIED]
    if not report.alerts:
        return Measurement(EFFECTIVE, None, "no alerting rules in this repository")
    if not paging:
        return Measurement(EFFECTIVE, None, "every alert has severity none (nothing to "
                                            "weigh)")
    total = sum(r.alert.weight for r in paging)
    earned = sum(r.alert.weight * (r.quality.rq if r.resolved and r.quality else 0.0)
                 for r in paging)
    worst = sorted(paging, key=lambda r: ((r.quality.rq if r.resolved and r.quality else 0.0),
                                          -r.alert.weight, r.alert.path, r.alert.line))
    findings = tuple(_alert_finding(EFFECTIVE, r) for r in worst
                     if not (r.resolved and r.quality and r.quality.rq >= 0.999))
    resolved = sum(1 for r in paging if r.resolved)
    note = (f"{counted_of(resolved, len(paging), 'alert')} (weighted by severity) "
            f"{agree(resolved, 'reaches', 'reach')} a runbook here")
    if unverified:
        links = agree(len(unverified), "links to a runbook", "link to runbooks")
        note += (f"; {count_text(len(unverified))} {links} that could not be verified (counted "
                 f"as not reached: {UNVERIFIED_FIX})")
    return Measurement(EFFECTIVE, _percent(earned, total), note, findings[:MAX_FINDINGS])


def _resolution(report: CoverageReport) -> Measurement:
    """M2: share of runbook links that resolve; unverifiable links count as not resolved."""
    linked = [r for r in report.alerts if r.resolution.outcome is not Outcome.NONE]
    if not report.alerts:
        return Measurement(RESOLUTION, None, "no alerting rules in this repository")
    if not linked:
        return Measurement(RESOLUTION, None, "no alert has a runbook link")
    unverified = [r for r in linked if r.resolution.outcome is Outcome.EXTERNAL_UNVERIFIED]
    broken = [r for r in linked if r.resolution.outcome in _BROKEN]
    findings = tuple(_alert_finding(RESOLUTION, r) for r in (broken + unverified)[:MAX_FINDINGS])
    ok = len(linked) - len(broken) - len(unverified)
    note = f"{counted_of(ok, len(linked), 'link')} {agree(ok, 'resolves', 'resolve')}"
    if unverified:
        note += (f"; {count_text(len(unverified))} could not be verified (counted as not resolved: "
                 f"{UNVERIFIED_FIX})")
    return Measurement(RESOLUTION, _percent(ok, len(linked)), note, findings)


def _doc_finding(path: str, quality: Quality, doc: dict[str, Any]) -> Finding:
    missing = quality.missing_required
    parts = [f"RQ {quality.rq:.2f}"]
    if missing:
        parts.append("missing or empty: " + ", ".join(missing))
    if quality.stub:
        parts.append("redirect-only stub")
    return Finding(COMPLETENESS, Location(path, quality.line), "; ".join(parts), quality.rq)


def _fence_findings(paths: list[str], corpus: Corpus) -> list[Finding]:
    findings: list[Finding] = []
    for path in paths:
        doc = corpus.docs.get(path) or {}
        if doc.get("unclosed_fence"):
            hidden = ", ".join(f"'{text}' (line {line})" for line, text in
                               doc.get("hidden_headings", [])[:5])
            message = "code fence never closed: the rest of the file renders as code"
            if hidden:
                message += f"; hides {hidden}"
            findings.append(Finding(COMPLETENESS, Location(path, int(doc["unclosed_fence"])),
                                    message, 0.0))
    return findings


def _completeness(report: CoverageReport, corpus: Corpus) -> Measurement:
    if report.targets:
        qualities = list(report.targets.items())
        scope = f"{counted(len(qualities), 'runbook target')} reached by alerts"
    else:
        # A generated table of alerts (a mixin's runbook.md) is an index, not a runbook.
        qualities = [((p, None), target_quality(corpus.docs[p], None)) for p in corpus.runbooks
                     if not is_alert_index(corpus.docs[p])]
        scope = f"{counted(len(qualities), 'runbook file')} (no alert links them)"
    if not qualities:
        return Measurement(COMPLETENESS, None, "no runbooks found (runbooks/, playbooks/, "
                                               "RUNBOOK*.md, alerts/**/*.md, ...)")
    mean = sum(q.rq for _, q in qualities) / len(qualities)
    findings = _fence_findings(sorted({p for (p, _), _ in qualities}), corpus)
    weak = sorted(((p, q) for (p, _), q in qualities if q.missing_required or q.stub),
                  key=lambda pq: (pq[1].rq, pq[0], pq[1].line))
    findings.extend(_doc_finding(p, q, corpus.docs.get(p) or {}) for p, q in weak)
    complete = sum(1 for _, q in qualities if not q.missing_required)
    note = (f"{scope}; {count_text(complete)} {agree(complete, 'has', 'have')} all of "
            f"{', '.join(REQUIRED)}")
    return Measurement(COMPLETENESS, round(100.0 * mean, 2), note,
                       tuple(findings[:MAX_FINDINGS]))
