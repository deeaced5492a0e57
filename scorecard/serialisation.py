"""The one serialisation of a Report: to plain JSON data and back, typed facts included.

The JSON reporter writes exactly this and the snapshot store keeps exactly this. The
document carries ``format_version`` (``REPORT_FORMAT_VERSION``); its JSON Schema ships in
``scorecard/schema`` and docs/report-format.md describes it. An analyzer's facts are a frozen
dataclass it exports (``Analyzer.facts_type``): they serialise as an object of their fields
in declaration order, and decode back from it by their type hints, so a consumer reads
``report.facts(ComplexityFacts)`` whether the report was just scanned or loaded.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections.abc import Mapping, Sequence
from dataclasses import fields, is_dataclass
from enum import Enum
from functools import cache
from typing import Any, TypeVar, cast

from scorecard.model import (
    CheckResult,
    CheckStatus,
    Finding,
    JsonValue,
    Location,
    Pillar,
    PillarScore,
    Problem,
    Report,
    ScanSummary,
    SkippedFile,
)

__all__ = [
    "EMPTY_WHEN_NONE",
    "OMIT_NONE",
    "REPORT_FORMAT_VERSION",
    "DecodeError",
    "from_plain",
    "render_json",
    "report_from_dict",
    "report_to_dict",
    "to_plain",
]

REPORT_FORMAT_VERSION = 1

# Field metadata: leave the key out of the JSON object while the value is None (a section
# an analyzer writes only when it measured it, e.g. the history's risk ranking).
OMIT_NONE: Mapping[str, str] = types.MappingProxyType({"none": "omit"})
# Field metadata: write ``{}`` while the value is None (a section with nothing measured).
EMPTY_WHEN_NONE: Mapping[str, str] = types.MappingProxyType({"none": "{}"})

_JSON_SCALARS = (bool, int, float, type(None))
_T = TypeVar("_T")


class DecodeError(ValueError):
    """Plain data that does not fit the type it is decoded as."""


def report_to_dict(report: Report) -> dict[str, Any]:
    """Return the report as plain JSON-able data (enums as their values)."""
    data = to_plain(report)
    assert isinstance(data, dict)
    return data


def render_json(report: Report) -> str:
    """Render the report as indented JSON with a trailing newline.

    NaN and Infinity are not JSON (RFC 8259 section 6): other readers reject them, so a
    non-finite number is a bug to report (ValueError), never output.
    """
    return json.dumps(report_to_dict(report), indent=2, sort_keys=False, ensure_ascii=False,
                      allow_nan=False) + "\n"


def to_plain(value: object) -> Any:
    """Convert a value to the JSON data ``json.dumps(value, default=str)`` would write.

    Dataclasses become objects of their fields (a field marked ``OMIT_NONE`` is left out
    while None), tuples lists, string enums their values; anything else JSON has no type for
    becomes its ``str``. An analyzer that measured nothing (facts None) writes ``{}``. One
    walk without copies: the facts of a large repository hold hundreds of thousands of values.
    """
    if isinstance(value, str):
        return str(value)  # a StrEnum member's str is its value
    if isinstance(value, _JSON_SCALARS):
        return value
    if isinstance(value, Report):
        return _report_plain(value)
    if isinstance(value, dict):
        return {_plain_key(key): to_plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(item) for item in value]
    if is_dataclass(value) and not isinstance(value, type):
        return _dataclass_plain(value)
    if isinstance(value, Mapping):
        return {_plain_key(key): to_plain(item) for key, item in value.items()}
    return str(value)


def _dataclass_plain(value: object) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for f in fields(value):  # type: ignore[arg-type]
        item = getattr(value, f.name)
        none = f.metadata.get("none")
        if item is None and none == "omit":
            continue
        data[f.name] = {} if item is None and none == "{}" else to_plain(item)
    return data


def _report_plain(report: Report) -> dict[str, Any]:
    data = {f.name: to_plain(getattr(report, f.name)) for f in fields(report)}
    data["details"] = {name: ({} if facts is None else to_plain(facts))
                       for name, facts in report.details.items()}
    return data


def _plain_key(key: object) -> str:
    """Return an object key as JSON writes it (true, null and numbers as text)."""
    if isinstance(key, str):
        return str(key)
    if isinstance(key, _JSON_SCALARS):
        return json.dumps(key)
    return str(key)


def from_plain(kind: type[_T], data: object) -> _T:
    """Rebuild a value of type ``kind`` (a dataclass, usually) from :func:`to_plain` output.

    Raises DecodeError when the data does not fit: a missing field without a default, a
    string where a number belongs. Numbers are kept as JSON gave them, so a value written
    and read back writes the same text again.
    """
    return cast(_T, _decode(kind, data))


def _decode(hint: object, data: object) -> object:  # noqa: PLR0911 - one case per type form
    if hint is JsonValue or hint is object or hint is Any:
        return data
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return _decode_union(typing.get_args(hint), data)
    if origin is not None:
        return _decode_generic(origin, typing.get_args(hint), data)
    if isinstance(hint, type):
        return _decode_class(hint, data)
    raise DecodeError(f"cannot decode type {hint!r}")


def _decode_union(options: tuple[object, ...], data: object) -> object:
    if data is None and type(None) in options:
        return None
    for option in options:
        if option is type(None):
            continue
        try:
            return _decode(option, data)
        except DecodeError:
            continue
    raise DecodeError(f"{data!r} fits none of {options!r}")


def _decode_generic(origin: object, args: tuple[object, ...], data: object) -> object:
    if origin in (Mapping, dict, typing.Mapping):
        if not isinstance(data, dict):
            raise DecodeError(f"expected an object, got {type(data).__name__}")
        return {key: _decode(args[1], item) for key, item in data.items()}
    if origin in (tuple, list, Sequence, typing.Sequence):
        if not isinstance(data, list):
            raise DecodeError(f"expected a list, got {type(data).__name__}")
        if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            if len(args) != len(data):
                raise DecodeError(f"expected {len(args)} items, got {len(data)}")
            return tuple(_decode(a, item) for a, item in zip(args, data, strict=True))
        items = [_decode(args[0], item) for item in data]
        return items if origin is list else tuple(items)
    raise DecodeError(f"cannot decode {origin!r}")


def _decode_class(kind: type, data: object) -> object:
    if is_dataclass(kind):
        return _decode_dataclass(kind, data)
    if issubclass(kind, tuple) and hasattr(kind, "_fields"):  # a NamedTuple: a JSON list
        hints = _hints(kind)
        least = len(hints) - len(getattr(kind, "_field_defaults", {}))
        if not isinstance(data, list) or not least <= len(data) <= len(hints):
            raise DecodeError(f"expected a list of {len(hints)} for {kind.__name__}")
        items: list[Any] = [_decode(h, item)
                            for h, item in zip(hints.values(), data, strict=False)]
        return kind(*items)
    if issubclass(kind, Enum):
        try:
            return kind(data)
        except ValueError as exc:
            raise DecodeError(str(exc)) from None
    if kind is float and isinstance(data, (int, float)) and not isinstance(data, bool):
        return data
    if kind is int and isinstance(data, int) and not isinstance(data, bool):
        return data
    if kind in (str, bool) and isinstance(data, kind):
        return data
    raise DecodeError(f"expected {kind.__name__}, got {type(data).__name__}")


def _decode_dataclass(kind: type, data: object) -> object:
    if not isinstance(data, dict):
        raise DecodeError(f"expected an object for {kind.__name__}")
    hints = _hints(kind)
    values: dict[str, object] = {}
    for f in fields(kind):
        if f.name in data and f.metadata.get("none") == "{}" and data[f.name] == {}:
            values[f.name] = None
        elif f.name in data:
            values[f.name] = _decode(hints[f.name], data[f.name])
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            raise DecodeError(f"{kind.__name__}: missing {f.name!r}")
    unknown = set(data) - set(values)
    if unknown:
        raise DecodeError(f"{kind.__name__}: unknown {', '.join(sorted(unknown))}")
    return kind(**values)


@cache
def _hints(kind: type) -> dict[str, object]:
    return typing.get_type_hints(kind)


def _finding(raw: dict[str, Any]) -> Finding:
    loc = raw["location"]
    return Finding(raw["metric"], Location(loc["path"], loc.get("line")), raw["message"],
                   raw.get("value"), raw.get("symbol"))


def _check(raw: dict[str, Any]) -> CheckResult:
    return CheckResult(
        id=raw["id"], pillar=Pillar(raw["pillar"]), title=raw["title"], metric=raw["metric"],
        weight=raw["weight"], score=raw["score"], status=CheckStatus(raw["status"]),
        reason=raw["reason"], remedy=raw["remedy"], value=raw.get("value"),
        findings=tuple(_finding(f) for f in raw.get("findings", [])),
    )


def _facts_types() -> dict[str, type]:
    from scorecard.analyzers import ANALYZERS  # the registry: analyzers import this module

    kinds: dict[str, type] = {a.name: a.facts_type for a in ANALYZERS
                              if a.facts_type is not None}
    kinds["scan"] = ScanSummary
    return kinds


def _details(raw: Mapping[str, Any]) -> dict[str, object]:
    """Decode each analyzer's facts; ones that no longer fit their type stay plain data."""
    kinds = _facts_types()
    details: dict[str, object] = {}
    for name, value in raw.items():
        kind = kinds.get(name)
        if kind is None:
            details[name] = value
        elif value == {}:
            details[name] = None
        else:
            try:
                details[name] = from_plain(kind, value)
            except DecodeError:
                details[name] = value  # written by another version: kept, not read
    return details


def report_from_dict(data: dict[str, Any]) -> Report:
    """Rebuild a Report from :func:`report_to_dict` output (for the store and diffs)."""
    pillars = tuple(
        PillarScore(Pillar(p["pillar"]), p["score"], p["grade"],
                    tuple(_check(c) for c in p["checks"]), tuple(_check(c) for c in p["skipped"]))
        for p in data["pillars"]
    )
    return Report(
        format_version=data["format_version"], tool_version=data["tool_version"],
        repository=data["repository"], commit=data["commit"], generated_at=data["generated_at"],
        score=data["score"], grade=data["grade"], pillars=pillars,
        problems=tuple(Problem(p["analyzer"], p["message"], p.get("path"))
                       for p in data["problems"]),
        skipped=tuple(SkippedFile(s["path"], s["reason"]) for s in data["skipped"]),
        files_analyzed=data["files_analyzed"], config_digest=data["config_digest"],
        details=_details(data.get("details", {})),
    )
