"""Frozen dataclasses as plain JSON data and back, by their type hints.

The one conversion every typed value that is written as JSON goes through: an analyzer's
facts in the report, the report itself (``scorecard.serialisation``). A dataclass becomes an
object of its fields in declaration order, a tuple (and a NamedTuple) a list, a string enum
its value; :func:`from_plain` rebuilds the typed value from that data.
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

from scorecard.model import JsonValue
from scorecard.wording import counted

__all__ = ["EMPTY_WHEN_NONE", "OMIT_NONE", "DecodeError", "from_plain", "to_plain"]

# Field metadata: leave the key out of the JSON object while the value is None (a section
# an analyzer writes only when it measured it, e.g. the history's risk ranking).
OMIT_NONE: Mapping[str, str] = types.MappingProxyType({"none": "omit"})
# Field metadata: write ``{}`` while the value is None (a section with nothing measured).
EMPTY_WHEN_NONE: Mapping[str, str] = types.MappingProxyType({"none": "{}"})

_JSON_SCALARS = (bool, int, float, type(None))
_T = TypeVar("_T")


class DecodeError(ValueError):
    """Plain data that does not fit the type it is decoded as."""


def to_plain(value: object) -> Any:
    """Convert a value to the JSON data ``json.dumps(value, default=str)`` would write.

    Dataclasses become objects of their fields (a field marked ``OMIT_NONE`` is left out
    while None), tuples lists, string enums their values; anything else JSON has no type for
    becomes its ``str``. One walk without copies: the facts of a large repository hold
    hundreds of thousands of values.
    """
    if isinstance(value, str):
        return str(value)  # a StrEnum member's str is its value
    if isinstance(value, _JSON_SCALARS):
        return value
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
    for name, none in _field_rules(type(value)):
        item = getattr(value, name)
        if item is None and none == "omit":
            continue
        data[name] = {} if item is None and none == "{}" else to_plain(item)
    return data


# A dataclass's (field name, ``none`` rule) pairs, by class: a report holds tens of
# thousands of findings, and ``fields()`` builds its answer on every call.
_FIELD_RULES: dict[type, tuple[tuple[str, object], ...]] = {}


def _field_rules(kind: type) -> tuple[tuple[str, object], ...]:
    """Return a dataclass's (field name, ``none`` rule) pairs, computed once a class."""
    rules = _FIELD_RULES.get(kind)
    if rules is None:
        rules = _FIELD_RULES[kind] = tuple((f.name, f.metadata.get("none"))
                                           for f in fields(kind))
    return rules


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
        return _decode_mapping(args[1], data)
    if origin in (tuple, list, Sequence, typing.Sequence):
        return _decode_sequence(origin, args, data)
    raise DecodeError(f"cannot decode {origin!r}")


def _decode_mapping(value_hint: object, data: object) -> dict[object, object]:
    """Decode a JSON object's values by ``value_hint`` (its keys are JSON's strings)."""
    if not isinstance(data, dict):
        raise DecodeError(f"expected an object, got {type(data).__name__}")
    return {key: _decode(value_hint, item) for key, item in data.items()}


def _decode_sequence(origin: object, args: tuple[object, ...], data: object) -> object:
    """Decode a JSON list as a fixed tuple (one hint per item), a list or a tuple of one kind."""
    if not isinstance(data, list):
        raise DecodeError(f"expected a list, got {type(data).__name__}")
    if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
        if len(args) != len(data):
            raise DecodeError(f"expected {counted(len(args), 'item')}, got {len(data)}")
        return tuple(_decode(a, item) for a, item in zip(args, data, strict=True))
    items = [_decode(args[0], item) for item in data]
    return items if origin is list else tuple(items)


def _decode_class(kind: type, data: object) -> object:
    if is_dataclass(kind):
        return _decode_dataclass(kind, data)
    if issubclass(kind, tuple) and hasattr(kind, "_fields"):  # a NamedTuple: a JSON list
        return _decode_named_tuple(kind, data)
    if issubclass(kind, Enum):
        try:
            return kind(data)
        except ValueError as exc:
            raise DecodeError(str(exc)) from None
    if _is_scalar_of(kind, data):
        return data
    raise DecodeError(f"expected {kind.__name__}, got {type(data).__name__}")


def _decode_named_tuple(kind: type, data: object) -> object:
    """Decode a JSON list as a NamedTuple; trailing fields with defaults may be left out."""
    hints = _hints(kind)
    least = len(hints) - len(getattr(kind, "_field_defaults", {}))
    if not isinstance(data, list) or not least <= len(data) <= len(hints):
        raise DecodeError(f"expected a list of {len(hints)} for {kind.__name__}")
    items: list[Any] = [_decode(h, item)
                        for h, item in zip(hints.values(), data, strict=False)]
    return kind(*items)


def _is_scalar_of(kind: type, data: object) -> bool:
    """Tell whether ``data`` is a JSON scalar of ``kind``: an int is a float, a bool no number."""
    if isinstance(data, bool):
        return kind is bool
    if kind is float:
        return isinstance(data, (int, float))
    if kind is int:
        return isinstance(data, int)
    return kind is str and isinstance(data, str)


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
