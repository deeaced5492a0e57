"""Drift: what runbooks name that no longer exists, and thresholds that contradict the alert.

A reference is *checkable* only where the repository could hold the answer: environment
variables and command options when it has code; alert names when it defines alerts; metric
names when their namespace is one the repository's own rules use; paths when their first
folder exists. ``drift = missing / checkable``, each (runbook, kind, name) counted once.
A quoted threshold ("fires above 85%") is checkable against the comparison constants of the
alerts that link to that runbook (scaled by 100 or 1000 either way, so 0.85 and 85% agree;
a time quantity such as "exceeds 15 seconds" in seconds, milliseconds or minutes); a quoted
duration ("for 5 minutes") only against the alert's ``for`` and its range selectors.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from scorecard.analyzers.runbooks.corpus import Alert, Corpus
from scorecard.analyzers.runbooks.doc_references import duration_seconds
from scorecard.analyzers.runbooks.runbook_coverage import CoverageReport, generated_indexes
from scorecard.facts.runbooks_facts import DriftFacts
from scorecard.model import FINDINGS_BOUND, Finding, Location, Measurement
from scorecard.wording import agree, counted, counted_of

__all__ = ["DRIFT", "Lookup", "collect_needles", "measure_drift", "metric_namespaces"]

DRIFT = "runbooks.drift_share"
MAX_FINDINGS = FINDINGS_BOUND  # every finding is kept (see FINDINGS_BOUND)
# Environment variables set by shells, CI systems, cloud SDKs and common tools, not the repo.
_SYSTEM_ENV = re.compile(
    r"^(?:PATH|HOME|USER|PWD|SHELL|TERM|TZ|LANG|LC_\w+|TMPDIR|HOSTNAME|EDITOR|PAGER|CI"
    r"|PYTHON\w*|VIRTUAL_ENV|DJANGO_SETTINGS_MODULE|KUBECONFIG|NAMESPACE|POD_NAME|NODE_NAME"
    r"|AWS_\w+|GOOGLE_\w+|AZURE_\w+|GCP_\w+|DOCKER_\w+|GITHUB_\w+|GITLAB_\w+|GIT_\w+"
    r"|(?:HTTPS?|NO|ALL|FTP)_PROXY|SSL_CERT_\w+|REQUESTS_CA_BUNDLE|CURL_CA_BUNDLE|PG\w+"
    r"|VAULT_\w+|JAVA_\w+|GO\w+|NODE_\w+|NPM_\w+|XDG_\w+|SSH_\w+|KUBE_\w+|HELM_\w+)$"
)
_COMMON_FLAGS = {"--help", "--version", "--", "--verbose", "--quiet"}
_DJANGO_BUILTINS = {
    "check", "compilemessages", "createcachetable", "dbshell", "diffsettings", "dumpdata",
    "flush", "inspectdb", "loaddata", "makemessages", "makemigrations", "migrate",
    "optimizemigration", "runserver", "sendtestemail", "shell", "showmigrations", "sqlflush",
    "sqlmigrate", "sqlsequencereset", "squashmigrations", "startapp", "startproject", "test",
    "testserver", "changepassword", "createsuperuser", "collectstatic", "findstatic",
    "clearsessions", "remove_stale_contenttypes",
}
_NUM = r"-?\d+(?:\.\d+)?(?:e[+-]?\d+)?"
# A comparison constant: the number (or constant product such as ``5 * 60``) right of a
# comparison operator, or a number left of one (``15 < lag_seconds``).
_COMPARISON = re.compile(r"(?:>=|<=|==|!=|>|<)\s*(?:bool\s+)?(" + _NUM
                         + r"(?:\s*[*/]\s*" + _NUM[1:] + r")*)")
_COMPARISON_LEFT = re.compile(r"(?<![\w.:\[\]])(" + _NUM + r")\s*(?:>=|<=|==|!=|>|<)(?![=~])")
_RANGE = re.compile(r"\[(\d+(?:ms|s|m|h|d|w|y))(?::\d+\w*)?\]")
_METRIC_TOKEN = re.compile(r"[a-zA-Z_:][a-zA-Z0-9_:]*")
_SCALES = (1.0, 100.0, 0.01, 1000.0, 0.001)
# A time quantity in seconds against a constant in seconds, milliseconds, microseconds,
# minutes or hours (``replication_lag_seconds > 15``, ``latency_ms > 500``).
_TIME_SCALES = (1.0, 0.001, 1e-6, 60.0, 3600.0)
# PromQL functions and keywords with underscores are not metric namespaces.
_PROMQL_WORDS = frozenset({
    "rate", "irate", "increase", "delta", "idelta", "deriv", "changes", "resets", "sum", "count",
    "avg", "max", "min", "label", "histogram", "predict", "group", "absent", "quantile", "holt",
    "stddev", "stdvar", "topk", "bottomk", "time", "day", "days", "hour", "minute", "month",
    "year", "clamp", "sort", "vector", "scalar", "timestamp", "last", "present", "mad",
    "double", "on", "ignoring", "without", "by", "bool", "offset",
})


@dataclass
class Lookup:
    """Names that exist in the repository, for deciding what is missing."""

    present: set[str]
    alert_names: set[str]
    programs: set[str]
    modules: set[str]
    django_commands: set[str]
    namespaces: set[str]
    has_code: bool
    # False when alerts were read by the Jsonnet regex fallback, which cannot prove absence.
    alerts_complete: bool
    files: frozenset[str]
    folders: frozenset[str]


@dataclass
class _Tally:
    checkable: int = 0
    missing: list[Finding] = field(default_factory=list)
    seen: set[tuple[str, str, str]] = field(default_factory=set)

    def count(self, doc: str, kind: str, value: str, line: int, message: str | None) -> None:
        key = (doc, kind, value)
        if key in self.seen:
            return
        self.seen.add(key)
        self.checkable += 1
        if message is not None:
            self.missing.append(Finding(DRIFT, Location(doc, line), message, 1.0, value))


def _command_refs(command: str, lookup: Lookup) -> tuple[str, list[str]] | None:
    """(program, options or subcommand) when a command line runs one of this repo's programs."""
    tokens = command.replace("\\", " ").split()
    for index, token in enumerate(tokens):
        name = token.rsplit("/", 1)[-1]
        program: str | None = None
        rest = tokens[index + 1:]
        if name in lookup.programs:
            program = name
        elif name == "-m" and rest and rest[0] in lookup.modules:
            program, rest = rest[0], rest[1:]
        elif name == "manage.py":
            program = name
        if program is None:
            continue
        if program == "manage.py":
            sub = next((t for t in rest if not t.startswith("-")), None)
            return program, [f"cmd:{sub}"] if sub else []
        return program, [t.split("=", 1)[0] for t in rest if t.startswith("--")
                         and t.split("=", 1)[0] not in _COMMON_FLAGS]
    return None


def collect_needles(corpus: Corpus, docs: Iterable[str], lookup_programs: set[str],
                    modules: set[str]) -> set[str]:
    """Every name whose presence the drift rules will ask about."""
    probe = Lookup(set(), set(), lookup_programs, modules, set(), set(), True, True,
                   frozenset(), frozenset())
    needles: set[str] = set()
    for path in docs:
        for kind, value, _ in corpus.docs.get(path, {}).get("refs", []):
            if kind == "env" and not _SYSTEM_ENV.match(value) or kind == "metric":
                needles.add(value)
            elif kind == "cmd":
                parsed = _command_refs(value, probe)
                if parsed:
                    for option in parsed[1]:
                        if option.startswith("--"):
                            needles.add(option)
                            needles.add(option[2:].replace("-", "_"))
    return needles


def _path_message(doc: str, kind: str, value: str, lookup: Lookup) -> tuple[bool, str | None]:
    """(checkable, message if missing) for a path or relative link named by a runbook."""
    base = str(PurePosixPath(doc).parent)
    joined = posixpath.normpath(posixpath.join(base, value) if base != "." else value)
    if kind == "link":
        if joined == ".." or joined.startswith("../"):
            return True, f"link {value} leaves the repository (not followed)"
        exists = joined in lookup.files or joined in lookup.folders
        return True, None if exists else f"link target {value} does not exist"
    first = value.split("/", 1)[0]
    if first not in lookup.folders and posixpath.normpath(posixpath.join(base, first)) \
            not in lookup.folders:
        return False, None  # a path on some server, not in this repository
    exists = any(p in lookup.files or p in lookup.folders
                 for p in (posixpath.normpath(value), joined))
    return True, None if exists else f"path {value} does not exist in the repository"


def _env_ref(doc: str, value: str, line: int, lookup: Lookup, tally: _Tally) -> None:
    if lookup.has_code and not _SYSTEM_ENV.match(value):
        missing = value not in lookup.present
        tally.count(doc, "env", value, line, f"environment variable {value} is not read or set "
                    "anywhere outside the docs" if missing else None)


def _alert_ref(doc: str, value: str, line: int, lookup: Lookup, tally: _Tally) -> None:
    if lookup.alert_names and lookup.alerts_complete:
        tally.count(doc, "alert", value, line, None if value in lookup.alert_names
                    else f"alert {value} is not defined by any rule")


def _metric_ref(doc: str, value: str, line: int, lookup: Lookup, tally: _Tally) -> None:
    if value.split("_", 1)[0] in lookup.namespaces:
        tally.count(doc, "metric", value, line, None if value in lookup.present
                    else f"metric {value} appears in no rule, code or config")


def _path_ref(doc: str, kind: str, value: str, line: int, lookup: Lookup,
              tally: _Tally) -> None:
    checkable, message = _path_message(doc, kind, value, lookup)
    if checkable:
        tally.count(doc, kind, value, line, message)


def _option_ref(doc: str, program: str, option: str, line: int, lookup: Lookup,
                tally: _Tally) -> None:
    """Count one option of a documented command, or a Django management command."""
    if option.startswith("cmd:"):
        sub = option[4:]
        known = sub in lookup.django_commands or sub in _DJANGO_BUILTINS
        tally.count(doc, "cmd", f"manage.py {sub}", line, None if known else
                    f"management command '{sub}' does not exist")
        return
    found = option in lookup.present or option[2:].replace("-", "_") in lookup.present
    tally.count(doc, "option", f"{program} {option}", line, None if found else
                f"{program} has no option {option}")


def _command_ref(doc: str, value: str, line: int, lookup: Lookup, tally: _Tally) -> None:
    if not lookup.has_code:
        return
    parsed = _command_refs(value, lookup)
    if parsed is None:
        return
    program, options = parsed
    for option in options:
        _option_ref(doc, program, option, line, lookup, tally)


def _ref(doc: str, kind: str, value: str, line: int, lookup: Lookup, tally: _Tally) -> None:
    """Check one reference of a runbook against the repository, by its kind."""
    if kind == "env":
        _env_ref(doc, value, line, lookup, tally)
    elif kind == "alert":
        _alert_ref(doc, value, line, lookup, tally)
    elif kind == "metric":
        _metric_ref(doc, value, line, lookup, tally)
    elif kind in ("path", "link"):
        _path_ref(doc, kind, value, line, lookup, tally)
    elif kind == "cmd":
        _command_ref(doc, value, line, lookup, tally)


def _product(text: str) -> list[float]:
    """Return the first number of a constant product and, when there is more, its value."""
    parts = re.split(r"\s*([*/])\s*", text.strip())
    values = [float(parts[0])]
    total = values[0]
    for operator, operand in zip(parts[1::2], parts[2::2], strict=True):
        number = float(operand)
        if operator == "/" and number == 0:
            return values
        total = total * number if operator == "*" else total / number
    if len(parts) > 1:
        values.append(total)
    return values


def _constants(alerts: list[Alert]) -> tuple[list[float], list[float]]:
    """(comparison constants of the expressions, durations: ``for`` and range selectors)."""
    numbers: list[float] = []
    durations: list[float] = []
    for alert in alerts:
        for match in _COMPARISON.finditer(alert.expr):
            numbers.extend(_product(match.group(1)))
        numbers.extend(float(m.group(1)) for m in _COMPARISON_LEFT.finditer(alert.expr))
        seconds = duration_seconds(alert.duration)
        if seconds:
            durations.append(seconds)
        durations.extend(s for m in _RANGE.finditer(alert.expr)
                         if (s := duration_seconds(m.group(1))))
    return numbers, durations


def _agrees(value: float, constants: list[float], scales: Iterable[float]) -> bool:
    return any(abs(value - c * s) <= 1e-6 * max(1.0, abs(value)) for c in constants
               for s in scales)


def _threshold_lines(doc: dict[str, Any], heading: int | None) -> Callable[[int], bool]:
    """Lines where a runbook states what the alert means: its intro, meaning and symptoms."""
    headings = doc["headings"]
    if heading is None:
        first_child = next((int(h[1]) for h in headings if int(h[0]) > 1), int(doc["lines"]) + 1)
        ranges = [(1, first_child - 1)]
        scope = headings
    else:
        start, end = int(headings[heading][1]), int(headings[heading][2])
        inside = [h for h in headings[heading + 1:] if int(h[1]) <= end]
        ranges = [(start, (int(inside[0][1]) - 1) if inside else end)]
        scope = inside
    ranges.extend((int(h[1]), int(h[2])) for h in scope
                  if {"meaning", "symptoms"} & set(h[5]))
    return lambda line: any(a <= line <= b for a, b in ranges)


def _thresholds(report: CoverageReport, corpus: Corpus, tally: _Tally) -> None:
    by_target: dict[tuple[str, int | None], list[Alert]] = {}
    for result in report.alerts:
        if result.target is not None:
            by_target.setdefault(result.target, []).append(result.alert)
    for (path, heading), alerts in sorted(by_target.items(), key=lambda t: (t[0][0],
                                                                             t[0][1] or -1)):
        doc = corpus.docs.get(path)
        if doc is None:
            continue
        numbers, durations = _constants(alerts)
        wanted = _threshold_lines(doc, heading)
        names = ", ".join(sorted({a.name for a in alerts}))
        where = f"{alerts[0].path}:{alerts[0].line}"
        for line, kind, value, quoted in doc.get("thresholds", []):
            if not wanted(int(line)):
                continue
            verdict = _verdict(str(kind), float(value), numbers, durations)
            if verdict is None:
                continue
            ok, shown = verdict
            message = None if ok else (f"runbook says '{quoted}' but {names} ({where}) "
                                       f"compares against {shown}")
            tally.count(path, f"threshold:{line}", quoted, int(line), message)


def _verdict(kind: str, value: float, numbers: list[float], durations: list[float]
             ) -> tuple[bool, str] | None:
    """(agrees, what it was compared with) for one quoted threshold; None when uncheckable.

    A stated duration is compared only with durations (``for`` and range selectors); a
    number, percentage or time quantity only with the expression's comparison constants,
    after unit normalisation both ways; a cosmetic change of the expression is no change.
    A time quantity against an expression that compares only with 0 or 1 (``up == 0``)
    cannot be its threshold: "down more than 5 minutes" then states the duration.
    """
    shown_durations = ", ".join(f"{d:g}s" for d in sorted(set(durations)))
    shown_numbers = ", ".join(f"{n:g}" for n in sorted(set(numbers)))
    meaningful = [n for n in numbers if n not in (0.0, 1.0)]
    if kind == "duration" or (kind == "time" and not meaningful):
        if not durations:
            return None
        return _agrees(value, durations, (1.0,)), shown_durations
    if not numbers:
        return None
    scales = _TIME_SCALES if kind == "time" else _SCALES
    return _agrees(value, numbers, scales), shown_numbers


def measure_drift(report: CoverageReport, corpus: Corpus, lookup: Lookup
                  ) -> tuple[Measurement, DriftFacts | None]:
    """Share of checkable references in runbooks that no longer hold."""
    # A generated index of alerts holds no runbook content to drift:
    # its names all exist by construction, and a passing check would hide that it is empty.
    indexes = set(generated_indexes(report))
    docs = sorted((set(corpus.runbooks) | {t[0] for t in report.targets}) - indexes)
    tally = _Tally()
    for path in docs:
        for kind, value, line in corpus.docs.get(path, {}).get("refs", []):
            _ref(path, str(kind), str(value), int(line), lookup, tally)
    _thresholds(report, corpus, tally)
    if not docs and indexes:
        return Measurement(DRIFT, None, f"the runbooks alerts link to are generated indexes "
                                        f"({', '.join(sorted(indexes)[:3])}): no runbook "
                                        "content to check"), None
    if not docs:
        return Measurement(DRIFT, None, "no runbooks found"), None
    if tally.checkable == 0:
        return Measurement(DRIFT, None, f"nothing checkable in {counted(len(docs), 'runbook')} "
                                        "(no env vars, commands, alert or metric names, paths "
                                        "or thresholds that this repository could confirm)"), None
    findings = sorted(tally.missing, key=lambda f: (f.location.path, f.location.line or 0))
    value = round(100.0 * len(findings) / tally.checkable, 2)
    note = (f"{counted_of(len(findings), tally.checkable, 'checkable reference')} in runbooks "
            f"{agree(len(findings), 'does', 'do')} not hold")
    details = DriftFacts(checkable=tally.checkable, missing=len(findings))
    return Measurement(DRIFT, value, note, tuple(findings[:MAX_FINDINGS])), details


def metric_namespaces(alerts: Iterable[Alert], records: Iterable[str]) -> set[str]:
    """First segments of the metric names this repository's own rules use."""
    spaces: set[str] = set()
    for text in [a.expr for a in alerts] + list(records):
        for token in _METRIC_TOKEN.findall(text):
            if "_" in token.strip("_") and not token.startswith("__"):
                spaces.add(token.split("_", 1)[0])
    return spaces - _PROMQL_WORDS
