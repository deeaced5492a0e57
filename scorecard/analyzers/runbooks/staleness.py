"""Stale runbooks: what a runbook covers changed in meaning after the runbook last changed.

For an alert's runbook, "what it covers" is the alert's normalised expression, its ``for``
duration and its severity, read from each historical version of the rule file (so a
labels-only or formatting-only commit is not a change). For the repository files a runbook
names, it is the file's content with formatting ignored (the syntax tree for Python,
whitespace-collapsed text otherwise). The runbook's own time is its file's last commit, or for
an anchored target the last commit that changed that section's text (what ``git log -L`` over
the section would say), read from the same history.

A pair is stale when the covered thing's state at the runbook's time differs from its state
now. An alert that moved between rule files is matched by name in the other rule files; an
alert with no version at the runbook's time is not comparable and is not reported.
"""

from __future__ import annotations

import ast
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from scorecard.analyzers.runbooks.alert_rules import (
    extract_jsonnet_rules,
    extract_yaml_rules,
    semantic_state,
)
from scorecard.analyzers.runbooks.corpus import Alert, Corpus
from scorecard.analyzers.runbooks.doc_facts import section_text
from scorecard.analyzers.runbooks.doc_paths import is_doc
from scorecard.analyzers.runbooks.markdown_doc import parse_markdown
from scorecard.analyzers.runbooks.rawdoc import RawDoc
from scorecard.analyzers.runbooks.rst_doc import parse_rst
from scorecard.analyzers.runbooks.runbook_coverage import CoverageReport
from scorecard.facts.runbooks_facts import StalenessFacts
from scorecard.model import FINDINGS_BOUND, Finding, Location, Measurement
from scorecard.repo.file_versions import Version, read_blobs
from scorecard.wording import counted, counted_of

__all__ = ["STALE", "StaleInputs", "StalePair", "history_paths", "measure_staleness", "named_files",
           "stale_pairs"]

STALE = "runbooks.stale_share"
MAX_FINDINGS = FINDINGS_BOUND  # every finding is kept (see FINDINGS_BOUND)
DAY = 86400
SECTION_VERSIONS = 30  # versions of a runbook read to date one section's last change


@dataclass(frozen=True)
class StaleInputs:
    """Settings and git facts the staleness rules need."""

    root: Path
    now: datetime
    grace_days: int
    max_blobs: int
    usable: bool
    reason: str = ""
    unmeasured: bool = False  # not usable because of the clone (no git, shallow, git failed)


@dataclass
class StalePair:
    """A runbook target and what it covers."""

    doc: str
    heading: int | None
    line: int
    alert: Alert | None = None
    files: list[str] = field(default_factory=list)


def named_files(doc_path: str, doc: Mapping[str, Any], corpus: Corpus) -> list[str]:
    """Repository files (not documents) a runbook names in a code span or a relative link."""
    found: set[str] = set()
    base = PurePosixPath(doc_path).parent
    for kind, value, _ in doc.get("refs", []):
        if kind not in ("path", "link"):
            continue
        for candidate in (str(PurePosixPath(base, value)), str(value)):
            normal = str(PurePosixPath(candidate))
            if normal in corpus.files and not is_doc(normal):
                found.add(normal)
    return sorted(found)


def _code_state(path: str, data: bytes) -> str:
    text = data.decode("utf-8", "replace")
    if path.endswith(".py"):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return ast.dump(ast.parse(text))
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            pass
    return " ".join(text.split())


def _baseline(versions: list[Version], when: int) -> Version | None:
    """Return the version a path had at time ``when`` (None if it did not exist yet, or deleted)."""
    for version in versions:
        if version.time <= when:
            return version if version.blob else None
    return None


def _alert_state(alert: Alert, rules: list[dict[str, Any]] | None) -> list[str] | None:
    if rules is None:
        return None
    same = [r for r in rules if r["name"] == alert.name]
    exact = [r for r in same if r["severity"] == alert.severity]
    chosen = exact[0] if exact else (same[0] if len(same) == 1 else None)
    return semantic_state(chosen) if chosen else None


def _introduced(versions: list[Version], when: int, state: Callable[[Version], Any],
                current: Any) -> int | None:
    """Time the current state appeared: oldest of the newest run of versions that have it."""
    introduced: int | None = None
    for version in versions:
        if version.time <= when or state(version) != current:
            break
        introduced = version.time
    return introduced


class _Reader:
    """Fetch blobs in one batch, then answer per-version questions from memory.

    Each blob is parsed at most once (as a document or as a rule file), however many
    runbook targets or alerts ask about it.
    """

    def __init__(self, inputs: StaleInputs) -> None:
        self.inputs = inputs
        self.blobs: dict[str, bytes] = {}
        self._docs: dict[str, RawDoc] = {}
        self._rules: dict[str, list[dict[str, Any]]] = {}
        self._code: dict[str, str] = {}

    def fetch(self, wanted: list[str]) -> None:
        missing = [b for b in dict.fromkeys(wanted) if b not in self.blobs]
        self.blobs.update(read_blobs(self.inputs.root, missing[:self.inputs.max_blobs]))

    def data(self, version: Version | None) -> bytes | None:
        return self.blobs.get(version.blob) if version and version.blob else None

    def doc(self, version: Version, rst: bool) -> RawDoc | None:
        data = self.data(version)
        if data is None or version.blob is None:
            return None
        if version.blob not in self._docs:
            text = data.decode("utf-8", "replace")
            self._docs[version.blob] = parse_rst(text) if rst else parse_markdown(text)
        return self._docs[version.blob]

    def rules(self, version: Version | None, source: str) -> list[dict[str, Any]] | None:
        data = self.data(version)
        if data is None or version is None or version.blob is None:
            return None
        if version.blob not in self._rules:
            text = data.decode("utf-8", "replace")
            self._rules[version.blob] = (extract_jsonnet_rules(text) if source == "jsonnet"
                                         else extract_yaml_rules(text))["alerts"]
        return self._rules[version.blob]

    def code(self, path: str, version: Version | None) -> str | None:
        data = self.data(version)
        if data is None or version is None or version.blob is None:
            return None
        if version.blob not in self._code:
            self._code[version.blob] = _code_state(path, data)
        return self._code[version.blob]


def _runbook_time(pair: StalePair, doc: Mapping[str, Any], versions: list[Version],
                  reader: _Reader) -> int | None:
    if not versions:
        return None
    if pair.heading is None:
        return versions[0].time
    anchor = next(iter(doc["headings"][pair.heading][4]), None)
    if anchor is None:
        return versions[0].time
    rst = pair.doc.lower().endswith(".rst")
    texts: list[str | None] = []
    for version in versions:
        parsed = reader.doc(version, rst)
        if parsed is None:
            break
        texts.append(section_text(parsed, anchor))
    for index in range(len(texts) - 1):
        if texts[index + 1] != texts[0]:
            return versions[index].time
    # Unchanged over every version read: it last changed no later than the oldest of them.
    return versions[max(0, len(texts) - 1)].time


def _pairs(report: CoverageReport, corpus: Corpus) -> list[StalePair]:
    pairs: list[StalePair] = []
    covered_docs: set[str] = set()
    for result in report.alerts:
        if not result.resolved or result.resolution.path is None or result.quality is None:
            continue
        path = result.resolution.path
        heading = result.target[1] if result.target else None
        doc = corpus.docs.get(path, {})
        pairs.append(StalePair(path, heading, result.quality.line, result.alert,
                           named_files(path, doc, corpus)))
        covered_docs.add(path)
    for path in corpus.runbooks:
        if path not in covered_docs:
            files = named_files(path, corpus.docs.get(path, {}), corpus)
            if files:
                pairs.append(StalePair(path, None, 1, None, files))
    return pairs


def stale_pairs(report: CoverageReport, corpus: Corpus) -> list[StalePair]:
    """Every runbook target with what it covers (alerts, named files)."""
    return _pairs(report, corpus)


def history_paths(pairs: list[StalePair], corpus: Corpus) -> set[str]:
    """Return the paths whose history staleness reads (runbooks, named files, every rule file)."""
    if not pairs:
        return set()
    rules = {a.path for a in corpus.alerts} if any(p.alert for p in pairs) else set()
    return {p.doc for p in pairs} | {f for p in pairs for f in p.files} | rules


def _baseline_blob(history: list[Version], when: int) -> list[str]:
    """Return the blob of the version current at ``when``, if there is one with a blob."""
    base = _baseline(history, when)
    return [base.blob] if base and base.blob else []


def _blobs_to_compare(pair: StalePair, when: int, versions: Mapping[str, list[Version]],
                      rule_files: list[str]) -> list[str]:
    """Blobs a pair's verdict reads: what it covers since ``when``, and every rule file then."""
    wanted: list[str] = []
    for covered in ([pair.alert.path] if pair.alert else []) + pair.files:
        history = versions.get(covered, [])
        wanted.extend(v.blob for v in history if v.time > when and v.blob)
        wanted.extend(_baseline_blob(history, when))
    if pair.alert:
        for other in rule_files:
            wanted.extend(_baseline_blob(versions.get(other, []), when))
    return wanted


def _runbook_times(pairs: list[StalePair], corpus: Corpus,
                   versions: Mapping[str, list[Version]], reader: _Reader
                   ) -> dict[int, int | None]:
    """When each pair's runbook (or its section) last changed, by the pair's id."""
    # Section history first: the runbook times decide which rule versions are needed.
    reader.fetch([v.blob for p in pairs if p.heading is not None
                  for v in versions.get(p.doc, [])[:SECTION_VERSIONS] if v.blob])
    return {id(p): _runbook_time(p, corpus.docs.get(p.doc, {}), versions.get(p.doc, []),
                                 reader) for p in pairs}


def measure_staleness(pairs: list[StalePair], corpus: Corpus,
                      versions: Mapping[str, list[Version]], inputs: StaleInputs
                      ) -> tuple[Measurement, StalenessFacts | None]:
    """Share of runbook targets older than a semantic change of what they cover."""
    if not pairs:
        return Measurement(STALE, None, "no runbook is linked from an alert or names a "
                                        "repository file"), None
    if not inputs.usable:
        return Measurement(STALE, None, inputs.reason, unmeasured=inputs.unmeasured), None
    rule_files = sorted({a.path for a in corpus.alerts})
    reader = _Reader(inputs)
    times = _runbook_times(pairs, corpus, versions, reader)
    wanted: list[str] = []
    for pair in pairs:
        when = times[id(pair)]
        if when is not None:
            wanted.extend(_blobs_to_compare(pair, when, versions, rule_files))
    reader.fetch(wanted)
    return _evaluate(pairs, times, versions, rule_files, reader, inputs)


def _alert_change(pair: StalePair, when: int, versions: Mapping[str, list[Version]],
                  rule_files: list[str], reader: _Reader) -> tuple[bool, int | None, str]:
    alert = pair.alert
    assert alert is not None
    current = semantic_state({"expr": alert.expr, "for": alert.duration,
                              "severity": alert.severity})
    history = versions.get(alert.path, [])
    before = _alert_state(alert, reader.rules(_baseline(history, when), alert.source))
    if before is None:
        for other in rule_files:
            before = _alert_state(alert, reader.rules(_baseline(versions.get(other, []), when),
                                                      alert.source))
            if before is not None:
                break
    if before is None or before == current:
        return False, None, ""
    changed = _introduced(history, when,
                          lambda v: _alert_state(alert, reader.rules(v, alert.source)), current)
    what = [name for name, old, new in zip(("expr", "for", "severity"), before, current,
                                           strict=True) if old != new]
    return True, changed, f"alert {alert.name} {'/'.join(what)} changed"


def _file_change(path: str, when: int, versions: Mapping[str, list[Version]],
                 reader: _Reader) -> tuple[bool, int | None]:
    history = versions.get(path, [])
    before = reader.code(path, _baseline(history, when))
    current = reader.code(path, history[0]) if history else None
    if before is None or current is None or before == current:
        return False, None
    return True, _introduced(history, when, lambda v: reader.code(path, v), current)


def _change_reasons(pair: StalePair, when: int, now: int,
                    versions: Mapping[str, list[Version]], rule_files: list[str],
                    reader: _Reader) -> list[tuple[int, str]]:
    """When and what changed in what a runbook covers since it was last changed."""
    reasons: list[tuple[int, str]] = []
    if pair.alert is not None:
        changed, at, what = _alert_change(pair, when, versions, rule_files, reader)
        if changed:
            # No committed version has the current state: the change is uncommitted.
            reasons.append((now if at is None else at, what))
    for path in pair.files:
        changed, at = _file_change(path, when, versions, reader)
        if changed:
            reasons.append((now if at is None else at, f"{path} changed"))
    return reasons


def _stale_finding(pair: StalePair, when: int,
                   reasons: list[tuple[int, str]]) -> tuple[int, Finding]:
    """Return the finding of a stale runbook target, with its lag in days."""
    latest = max(at for at, _ in reasons)
    lag = (latest - when) // DAY
    day = datetime.fromtimestamp(when, UTC).date().isoformat()
    message = (f"runbook last changed {day}; " + "; ".join(w for _, w in reasons)
               + f" {datetime.fromtimestamp(latest, UTC).date().isoformat()}"
               f" (lag {counted(lag, 'day')})")
    symbol = pair.alert.name if pair.alert else None
    return lag, Finding(STALE, Location(pair.doc, pair.line), message, float(lag), symbol)


def _evaluate(pairs: list[StalePair], times: Mapping[int, int | None],
              versions: Mapping[str, list[Version]], rule_files: list[str], reader: _Reader,
              inputs: StaleInputs) -> tuple[Measurement, StalenessFacts | None]:
    grace = inputs.grace_days * DAY
    now = int(inputs.now.timestamp())
    stale: list[tuple[int, Finding]] = []
    compared = 0
    for pair in pairs:
        when = times[id(pair)]
        if when is None:
            continue  # not committed yet: it is as fresh as it gets
        compared += 1
        reasons = [(at, what) for at, what in
                   _change_reasons(pair, when, now, versions, rule_files, reader)
                   if at - when > grace]
        if reasons:
            stale.append(_stale_finding(pair, when, reasons))
    if not compared:
        return Measurement(STALE, None, "runbooks have no committed history yet"), None
    stale.sort(key=lambda item: (-item[0], item[1].location))
    value = round(100.0 * len(stale) / compared, 2)
    note = (f"{counted_of(len(stale), compared, 'runbook target')} older than a change of "
            "what they cover")
    details = StalenessFacts(compared=compared, stale=len(stale),
                             max_lag_days=stale[0][0] if stale else 0)
    return Measurement(STALE, value, note, tuple(f for _, f in stale[:MAX_FINDINGS])), details
