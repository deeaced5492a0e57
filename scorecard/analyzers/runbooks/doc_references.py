"""Find what a document refers to, so the summary can check it still exists (drift).

References are taken only where a writer marks them as literal: code spans and code blocks
(environment variables, command lines, PromQL metric selectors, repository paths), Markdown
links (relative paths), and explicit alert-name mentions (``alertname="X"``, an
``Alert Name: X`` heading, front matter ``alert:``). Thresholds are comparative numbers and
durations quoted in prose ("above 85%", "for more than 10 minutes").
"""

from __future__ import annotations

import re
from typing import Any

from scorecard.analyzers.runbooks.rawdoc import RawDoc

__all__ = ["duration_seconds", "extract_references", "extract_thresholds"]

_ENV_SPAN = re.compile(r"^\$?\{?([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\}?(?:=\S*)?$")
_ENV_IN_CODE = re.compile(
    r"\$\{?([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\b|(?:^|[\s;])(?:export\s+)?([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)="
)
_ALERT_MENTION = re.compile(r"\balertname\s*(?:=~?|:|==)\s*[\"']?([A-Za-z_][A-Za-z0-9_]*)")
_ALERT_HEADING = re.compile(r"^\s*alert(?:\s*name)?\s*:\s*[\"'`]?([A-Za-z_][A-Za-z0-9_]*)",
                            re.IGNORECASE)
# A metric in PromQL: a selector with a label matcher, or a range vector.
_METRIC = re.compile(
    r"(?<![\w:.$-])([a-zA-Z_:][a-zA-Z0-9:]*_[a-zA-Z0-9_:]*)"
    r"(?:\{[^{}\n]*?[=!]~?\s*\"[^{}\n]*\}(?:\s*\[\d+[smhdwy]\])?|\s*\[\d+[smhdwy]\])"
)
_REPO_PATH = re.compile(r"^(?!/|~|\w+://)[\w.-]+(?:/[\w.-]+)+/?$")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_COMMAND_HINT = re.compile(r"(?:^|\s)--[a-zA-Z]|manage\.py\s")

_UNIT_SECONDS = {"ms": 0.001, "msec": 0.001, "msecs": 0.001, "millisecond": 0.001,
                 "milliseconds": 0.001, "s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1,
                 "m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60, "h": 3600,
                 "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600, "d": 86400, "day": 86400,
                 "days": 86400}
_TIME_UNIT = (r"(milliseconds?|msecs?|ms|seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h"
              r"|days?|d)\b")
# A *duration* is how long a condition lasts (the rule's ``for:`` or a range selector), so it
# is introduced by words of persistence: "for 5 minutes", "for more than 10m", "during",
# "within", "over the last 5 minutes". A time quantity after a plain comparative ("the lag
# exceeds 15 seconds", "latency above 500ms") is the *value* the expression compares against,
# not a duration.
_DURATION_TEXT = re.compile(
    r"\b(?:for|during|within|lasting|sustained|persist(?:s|ing|ed)?(?:\s+for)?"
    r"|(?:over|in) the (?:last|past))"
    r"\s+(?:(?:more|longer) than\s+|at least\s+|over\s+|the\s+(?:last|past)\s+)?"
    r"(\d+(?:\.\d+)?)\s*" + _TIME_UNIT, re.IGNORECASE,
)
_COMPARATIVE = (r"(?:\babove|\bexceeds?|\bexceeding|\bover|\bmore than|\bgreater than"
                r"|\bhigher than|\blonger than|\bat least|\bbelow|\bunder|\bless than"
                r"|\blower than|\bshorter than|\breach(?:es)?|>=?|<=?)")
_TIME_TEXT = re.compile(_COMPARATIVE + r"\s*(\d+(?:\.\d+)?)\s*" + _TIME_UNIT, re.IGNORECASE)
_NUMBER_TEXT = re.compile(_COMPARATIVE + r"\s*(\d+(?:\.\d+)?)\s*(%|percent\b)?",
                          re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_CODE_SPAN = re.compile(r"`[^`]*`")
_DURATION_PROMQL = re.compile(r"^(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)$")


def duration_seconds(text: str) -> float | None:
    """Seconds in a Prometheus duration such as ``15m`` or ``1h30m`` (None if not one)."""
    total = 0.0
    units = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800, "y": 31536000}
    rest = text.strip()
    if not rest:
        return None
    for match in re.finditer(r"(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)", rest):
        total += float(match.group(1)) * units[match.group(2)]
    cleaned = re.sub(r"(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)", "", rest)
    return total if not cleaned else None


_ASSIGNED = re.compile(r"(?:^|[\s;$])(?:export\s+)?([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)=")
_USED = re.compile(r"\$\{?([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\b")


def _shell_locals(doc: RawDoc) -> set[tuple[int, str]]:
    """(line, name) of variables a code block both assigns and reads: the script's own.

    ``MOUNT_POINT='<from the alert>'`` followed by ``df "$MOUNT_POINT"`` is a variable of
    the snippet, not configuration the system reads.
    """
    local: set[tuple[int, str]] = set()
    for block in doc.code_blocks:
        lines = block.text.split("\n")
        assigned = {m.group(1) for text in lines for m in _ASSIGNED.finditer(text)}
        used = {m.group(1) for text in lines for m in _USED.finditer(text)}
        for offset, _ in enumerate(lines):
            local.update((block.text_line + offset, name) for name in assigned & used)
    return local


def _code_lines(doc: RawDoc) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    for block in doc.code_blocks:
        for offset, text in enumerate(block.text.split("\n")):
            out.append((block.text_line + offset, text))
    return out


def extract_references(doc: RawDoc) -> list[list[Any]]:
    """Return [kind, value, line] for every env var, command, alert, metric and path named."""
    refs = [*_inline_code_refs(doc), *_code_block_refs(doc), *_alert_refs(doc)]
    for line, href in doc.links:
        target = href.split("#", 1)[0].split("?", 1)[0]
        if target and not _SCHEME.match(target) and not target.startswith("//"):
            refs.append(["link", target, line])
    # One reference per (kind, value, line): a selector repeated on a line is one mention.
    unique = {(str(r[0]), str(r[1]), int(r[2])): r for r in refs}
    return [unique[key] for key in sorted(unique, key=lambda k: (k[2], k[0], k[1]))]


def _inline_code_refs(doc: RawDoc) -> list[list[Any]]:
    """Env vars, repository paths, commands and metrics named in inline code."""
    refs: list[list[Any]] = []
    for line, span in doc.inline_code:
        span = span.strip()
        env = _ENV_SPAN.match(span)
        if env:
            refs.append(["env", env.group(1), line])
        if _REPO_PATH.match(span) and "." in span.rsplit("/", 1)[-1]:
            refs.append(["path", span.rstrip("/"), line])
        if _COMMAND_HINT.search(span):
            refs.append(["cmd", span[:300], line])
        refs.extend(["metric", m.group(1), line] for m in _METRIC.finditer(span))
    return refs


def _code_block_refs(doc: RawDoc) -> list[list[Any]]:
    """Env vars (not the shell's own locals), commands and metrics in code blocks."""
    refs: list[list[Any]] = []
    local = _shell_locals(doc)
    for line, text in _code_lines(doc):
        for match in _ENV_IN_CODE.finditer(text):
            name = match.group(1) or match.group(2)
            if (line, name) not in local:
                refs.append(["env", name, line])
        if _COMMAND_HINT.search(text):
            refs.append(["cmd", text.strip()[:300], line])
        refs.extend(["metric", m.group(1), line] for m in _METRIC.finditer(text))
    return refs


def _alert_refs(doc: RawDoc) -> list[list[Any]]:
    """Alerts named: ``alertname`` selectors, alert headings, the front matter's alert."""
    refs: list[list[Any]] = []
    for number, text in enumerate(doc.lines, start=1):
        if "alertname" in text:
            refs.extend(["alert", m.group(1), number] for m in _ALERT_MENTION.finditer(text))
    for heading in doc.headings:
        mention = _ALERT_HEADING.match(heading.text)
        if mention:
            refs.append(["alert", mention.group(1), heading.line])
    for key in ("alert", "alertname"):
        value = doc.front_matter.get(key)
        if isinstance(value, str) and value:
            refs.append(["alert", value, 1])
    return refs


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(a < span[1] and span[0] < b for a, b in taken)


def extract_thresholds(doc: RawDoc) -> list[list[Any]]:
    """Return [line, kind, value, quoted text] for comparative numbers and durations in prose.

    ``kind`` is "duration" (how long the condition lasts, in seconds), "time" (a compared
    quantity with a time unit, in seconds), "percent" or "number".
    """
    heading_lines = {h.line for h in doc.headings}
    found: list[list[Any]] = []
    for number, text in enumerate(doc.lines, start=1):
        # Most prose lines quote no number at all; skip them before any regex runs.
        if number in doc.non_prose or number in heading_lines or not _DIGIT.search(text):
            continue
        prose = _CODE_SPAN.sub(" ", text)  # numbers inside code spans are not prose claims
        taken: list[tuple[int, int]] = []
        for match in _DURATION_TEXT.finditer(prose):
            seconds = float(match.group(1)) * _UNIT_SECONDS[match.group(2).lower()]
            found.append([number, "duration", seconds, match.group(0).strip()])
            taken.append(match.span())
        for match in _TIME_TEXT.finditer(prose):
            if _overlaps(match.span(), taken):
                continue
            seconds = float(match.group(1)) * _UNIT_SECONDS[match.group(2).lower()]
            found.append([number, "time", seconds, match.group(0).strip()])
            taken.append(match.span())
        for match in _NUMBER_TEXT.finditer(prose):
            if _overlaps(match.span(), taken):
                continue
            kind = "percent" if match.group(2) else "number"
            found.append([number, kind, float(match.group(1)), match.group(0).strip()])
    return found
