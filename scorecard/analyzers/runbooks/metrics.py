"""The metrics the runbooks analyzer declares (each one used by a check in checks/operability)."""

from __future__ import annotations

from scorecard.model import Direction, Metric

__all__ = ["METRICS"]

METRICS: tuple[Metric, ...] = (
    Metric("runbooks.effective_coverage",
           "Severity-weighted share of alerts whose runbook link reaches a runbook here, each "
           "counted by that runbook's completeness (RQ)", Direction.HIGHER_IS_BETTER, "%"),
    Metric("runbooks.link_resolution",
           "Share of checkable alert runbook links that resolve to a file and anchor",
           Direction.HIGHER_IS_BETTER, "%"),
    Metric("runbooks.completeness",
           "Mean runbook quality (RQ): meaning, impact, diagnosis, mitigation with content, "
           "plus escalation, dashboards, rollback, symptoms, severity",
           Direction.HIGHER_IS_BETTER, "%"),
    Metric("runbooks.stale_share",
           "Share of runbook targets last changed before a semantic change of their alert "
           "(expr, for, severity) or of a file they name", Direction.LOWER_IS_BETTER, "%"),
    Metric("runbooks.drift_share",
           "Share of checkable references in runbooks (env vars, options, alert and metric "
           "names, paths, thresholds) that no longer hold", Direction.LOWER_IS_BETTER, "%"),
    Metric("runbooks.entrypoint_doc_coverage",
           "Share of entry points (scripts, images, services, workloads, charts) that an "
           "operations doc names", Direction.HIGHER_IS_BETTER, "%"),
    Metric("runbooks.readme_sections",
           "Share of the seven operational README sections present (install, usage, "
           "configuration, deployment, troubleshooting, monitoring, upgrading)",
           Direction.HIGHER_IS_BETTER, "%"),
    Metric("runbooks.docs_tree", "A docs/ tree or documentation site exists (1) or not (0)",
           Direction.HIGHER_IS_BETTER, "flag"),
    Metric("runbooks.architecture_docs",
           "Architecture decision records or an architecture overview exist (1) or not (0)",
           Direction.HIGHER_IS_BETTER, "flag"),
    Metric("runbooks.changelog_current",
           "The changelog covers the latest release tag (1) or not (0)",
           Direction.HIGHER_IS_BETTER, "flag"),
)
