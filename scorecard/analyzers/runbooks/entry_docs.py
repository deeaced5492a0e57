"""Entry points with an operations doc: the share an ops doc names.

An entry point counts as documented when its name appears in a runbook or ops document, or
under an operational heading (running, deployment, configuration, monitoring,
troubleshooting, ...) of any README or docs page. Development-only tools (docs builders,
linters) are left out through a configurable denylist.
"""

from __future__ import annotations

from collections.abc import Iterable

from scorecard.analyzers.runbooks.corpus import Corpus, EntryPoint
from scorecard.model import FINDINGS_BOUND, Finding, Location, Measurement
from scorecard.wording import counted_of

__all__ = ["ENTRYPOINTS", "measure_entrypoints"]

ENTRYPOINTS = "runbooks.entrypoint_doc_coverage"
MAX_FINDINGS = FINDINGS_BOUND  # every finding is kept (see FINDINGS_BOUND)
_KIND_NAMES = {"console_script": "console script", "compose_service": "compose service",
               "dockerfile": "Dockerfile", "helm_chart": "Helm chart", "procfile": "Procfile "
               "process", "django_command": "management command", "go_command": "Go command",
               "npm_bin": "npm command", "cargo_bin": "Cargo binary"}


def _label(entry: EntryPoint) -> str:
    kind = _KIND_NAMES.get(entry.kind, entry.kind.replace("k8s_", "Kubernetes "))
    return f"{kind} '{entry.name}'"


def measure_entrypoints(corpus: Corpus, denylist: Iterable[str]) -> Measurement:
    """Share of entry points that some operations doc names."""
    denied = {d.lower() for d in denylist}
    unique: dict[tuple[str, str], EntryPoint] = {}
    for entry in sorted(corpus.entrypoints, key=lambda e: (e.path, e.line)):
        if entry.name.lower() not in denied:
            unique.setdefault((entry.kind, entry.name.lower()), entry)
    if not unique:
        return Measurement(ENTRYPOINTS, None, "no entry points (console scripts, Go commands, "
                                              "npm and Cargo binaries, Dockerfiles, compose "
                                              "services, workloads, charts, Procfile)")
    tokens: set[str] = set()
    for doc in corpus.docs.values():
        tokens.update(doc.get("ops_tokens", []))
    missing = [e for e in unique.values() if e.name.lower() not in tokens]
    findings = tuple(Finding(ENTRYPOINTS, Location(e.path, e.line),
                             f"{_label(e)} is named in no runbook, ops doc or README "
                             "run/deploy/configure section", 0.0, e.name)
                     for e in missing[:MAX_FINDINGS])
    documented = len(unique) - len(missing)
    note = f"{counted_of(documented, len(unique), 'entry point')} named in an operations doc"
    return Measurement(ENTRYPOINTS, round(100.0 * documented / len(unique), 2), note, findings)
