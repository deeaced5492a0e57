"""Repository-wide wrapper inference: wrappers to a fixpoint, then the keys their calls read.

A function is a wrapper when it reads env with a parameter as the key (found per file), or
when it passes a parameter on to a wrapper's key parameter (found here, iterated until
nothing changes, at most ``MAX_ROUNDS`` levels). Prefixes and suffixes compose: a wrapper
that reads ``name`` and ``name + "_FILE"`` makes ``envsecret("KEY")`` read ``KEY`` and
``KEY_FILE``. Calls on reader instances defined in other modules (a django-environ ``env``
star-imported from a base settings module) are resolved with the same call rules as local
ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from scorecard.analyzers.overrides.libraries.readers import DECOUPLE, reader_call
from scorecard.analyzers.overrides.libraries.repo_index import RepoIndex
from scorecard.analyzers.overrides.per_file.records import KeyKind, OverrideKey

__all__ = ["WrapperRead", "resolve_wrappers"]

MAX_ROUNDS = 3  # spec: follow wrappers of wrappers; two levels cover real settings helpers


@dataclass(frozen=True)
class WrapperRead:
    """One env read a wrapper performs with one of its parameters as the key."""

    index: int
    param: str
    prefix: str
    suffix: str
    required: bool
    source: str


def _initial(results: Mapping[str, Mapping[str, Any]]) -> dict[str, set[WrapperRead]]:
    table: dict[str, set[WrapperRead]] = {}
    for result in results.values():
        module = result.get("module", "")
        for function, reads in result.get("wrappers", {}).items():
            table.setdefault(f"{module}.{function}", set()).update(
                WrapperRead(int(r[0]), str(r[1]), str(r[2]), str(r[3]), bool(r[4]), str(r[5]))
                for r in reads)
    return table


def _fixpoint(results: Mapping[str, Mapping[str, Any]], index: RepoIndex,
              table: dict[str, set[WrapperRead]]) -> None:
    forwards: list[tuple[str, str, list[Any]]] = []
    for result in results.values():
        module = result.get("module", "")
        for function, rows in result.get("forwards", {}).items():
            forwards.extend((module, f"{module}.{function}", row) for row in rows)
    if not table:
        return
    resolved: dict[tuple[str, str], str] = {}
    for _ in range(MAX_ROUNDS):
        changed = False
        for module, caller, row in forwards:
            callee_ref, position, keyword, index_, param, prefix, suffix = row
            cache_key = (module, callee_ref)
            if cache_key not in resolved:
                resolved[cache_key] = index.resolve(callee_ref, module)
            reads = table.get(resolved[cache_key])
            if not reads:
                continue
            for read in list(reads):
                if not (read.index == position and position >= 0 or read.param == keyword):
                    continue
                derived = WrapperRead(int(index_), str(param), read.prefix + prefix,
                                      suffix + read.suffix, read.required, read.source)
                bucket = table.setdefault(caller, set())
                if derived not in bucket:
                    bucket.add(derived)
                    changed = True
        if not changed:
            break


def _readers(results: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    readers: dict[str, str] = {"decouple.config": DECOUPLE}
    for result in results.values():
        module = result.get("module", "")
        for name, kind in result.get("readers", {}).items():
            readers[f"{module}.{name}"] = str(kind)
    return readers


def _literal_at(slots: list[list[Any]], position: int, keyword: str) -> str | None:
    for slot_position, slot_keyword, text in slots:
        if (position >= 0 and slot_position == position) or (keyword and slot_keyword == keyword):
            return str(text)
    return None


def resolve_wrappers(results: Mapping[str, Mapping[str, Any]], index: RepoIndex
                     ) -> tuple[dict[str, list[OverrideKey]], list[str]]:
    """Return the keys read through wrappers and remote readers, and the wrappers found.

    Keys are grouped by the path of the calling file.
    """
    table = _initial(results)
    _fixpoint(results, index, table)
    readers = _readers(results)
    found: dict[str, list[OverrideKey]] = {}
    for path, result in results.items():
        module = result.get("module", "")
        for row in result.get("calls", []):
            callee_ref, line, slots, nargs, kwnames = row[:5]
            default = row[5] if len(row) > 5 else None
            target = index.resolve(callee_ref, module)
            keys = _keys_for_call(target, table, readers, slots, int(nargs), list(kwnames),
                                  int(line), default)
            if keys:
                found.setdefault(path, []).extend(keys)
    return found, sorted(name for name, reads in table.items() if reads)


def _keys_for_call(target: str, table: Mapping[str, set[WrapperRead]],
                   readers: Mapping[str, str], slots: list[list[Any]], nargs: int,
                   kwnames: list[str], line: int, default: str | None) -> list[OverrideKey]:
    keys: list[OverrideKey] = []
    reads = table.get(target)
    if reads:
        passed = nargs + len(kwnames)
        for read in sorted(reads, key=lambda r: (r.index, r.prefix, r.suffix)):
            literal = _literal_at(slots, read.index, read.param)
            if literal is None:
                continue
            name = f"{read.prefix}{literal}{read.suffix}"
            # A wrapper called with more than the key usually passes a default.
            required = read.required and passed <= 1
            keys.append(OverrideKey(KeyKind.ENV.value, name, line,
                                    f"wrapper:{target.rpartition('.')[2]}", required,
                                    default if passed > 1 else None))
        return keys
    owner, _, method = target.rpartition(".")
    for reader, kind in ((target, readers.get(target)), (owner, readers.get(owner))):
        if kind is None:
            continue
        layout = reader_call(kind, None if reader == target else method)
        if layout is None:
            return keys
        literal = _literal_at(slots, layout.key_position, layout.key_keyword)
        if literal is None:
            return keys
        has_default = nargs > layout.default_position or "default" in kwnames
        keys.append(OverrideKey(KeyKind.ENV.value, literal, line, kind, not has_default,
                                default if has_default else None))
        return keys
    return keys
