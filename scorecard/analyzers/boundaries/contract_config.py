"""Read architecture contracts: ours from options, and an existing import-linter configuration.

Teams that already keep import-linter contracts should not have to write them twice, so the
scanned repository's own configuration is read as *data* (``tomllib`` / ``configparser``;
nothing of the repository is imported or run). Like import-linter, the first of these that
holds a configuration is used: ``.importlinter``, ``setup.cfg`` (``[importlinter]``
sections), ``pyproject.toml`` (``[tool.importlinter]``). Contracts written in
``[tool.scorecard.boundaries] contracts`` use import-linter's TOML keys, so a table can be
copied either way.

Supported contract types: ``layers`` (with ``containers``, ``|`` independent and ``:``
non-independent siblings, ``(optional)`` layers), ``forbidden`` (with
``allow_indirect_imports`` and external packages) and ``independence``; every type takes
``ignore_imports`` (``*`` is one name, ``**`` any number). Other types are skipped with a
note, never guessed at.
"""

from __future__ import annotations

import configparser
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["Contract", "Layer", "load_contracts", "parse_contract"]

SUPPORTED = ("layers", "forbidden", "independence")
ReadFile = Callable[[str], bytes | None]


@dataclass(frozen=True)
class Layer:
    """One layer: its modules, whether siblings in it must stay independent, and if optional."""

    modules: tuple[str, ...]
    independent: bool = True
    optional: bool = False


@dataclass(frozen=True)
class Contract:
    """One architecture contract in import-linter's vocabulary."""

    name: str
    kind: str
    origin: str
    layers: tuple[Layer, ...] = ()
    containers: tuple[str, ...] = ()
    source_modules: tuple[str, ...] = ()
    forbidden_modules: tuple[str, ...] = ()
    modules: tuple[str, ...] = ()
    ignore_imports: tuple[tuple[str, str], ...] = ()
    allow_indirect: bool = False
    exclude_type_checking: bool = False


def _strings(value: Any) -> list[str] | None:
    """Read a TOML list of strings or an INI multi-line value as a clean list (None if neither)."""
    if isinstance(value, str):
        lines = [line.split("#")[0].strip() for line in value.replace(",", "\n").splitlines()]
        return [line for line in lines if line]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [v.strip() for v in value if v.strip()]
    return None


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def _layer(text: str) -> Layer:
    optional = text.startswith("(") and text.endswith(")")
    body = text[1:-1].strip() if optional else text
    if "|" in body:
        return Layer(tuple(p.strip() for p in body.split("|") if p.strip()), True, optional)
    if ":" in body:
        return Layer(tuple(p.strip() for p in body.split(":") if p.strip()), False, optional)
    return Layer((body,), True, optional)


def _ignore(entry: str) -> tuple[str, str] | None:
    importer, arrow, imported = entry.partition("->")
    if not arrow or not importer.strip() or not imported.strip():
        return None
    return importer.strip(), imported.strip()


def parse_contract(raw: Mapping[str, Any], origin: str, exclude_type_checking: bool
                   ) -> tuple[Contract | None, list[str]]:
    """Validate one contract table; return it (or None when skipped) and its errors."""
    name = str(raw.get("name") or raw.get("id") or "unnamed contract")
    where = f"{origin}: contract '{name}'"
    kind = raw.get("type")
    if kind not in SUPPORTED:
        return None, [f"{where}: type {kind!r} is not supported (supported: "
                      f"{', '.join(SUPPORTED)}); contract skipped"]
    errors: list[str] = []
    lists: dict[str, list[str]] = {}
    required = {"layers": ("layers",), "forbidden": ("source_modules", "forbidden_modules"),
                "independence": ("modules",)}[kind]
    for key in (*required, "containers", "ignore_imports"):
        value = _strings(raw.get(key, [])) if key in raw or key not in required else None
        if value is None or (key in required and not value):
            errors.append(f"{where}: '{key}' must be a non-empty list of module names")
            continue
        lists[key] = value
    ignores = [_ignore(e) for e in lists.get("ignore_imports", [])]
    errors.extend(f"{where}: ignore_imports entry must read 'importer -> imported'"
                  for entry in ignores if entry is None)
    if errors:
        return None, errors
    contract = Contract(
        name=name,
        kind=str(kind),
        origin=origin,
        layers=tuple(_layer(t) for t in lists.get("layers", [])),
        containers=tuple(lists.get("containers", [])),
        source_modules=tuple(lists.get("source_modules", [])),
        forbidden_modules=tuple(lists.get("forbidden_modules", [])),
        modules=tuple(lists.get("modules", [])),
        ignore_imports=tuple(e for e in ignores if e is not None),
        allow_indirect=_truthy(raw.get("allow_indirect_imports", False)),
        exclude_type_checking=_truthy(raw.get("exclude_type_checking_imports",
                                              exclude_type_checking)),
    )
    return contract, []


def _from_ini(text: str, origin: str) -> tuple[list[Contract], list[str]] | None:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text)
    except configparser.Error as exc:
        return [], [f"{origin}: not a readable INI file ({str(exc).splitlines()[0]})"]
    if not parser.has_section("importlinter"):
        return None
    exclude = _truthy(parser.get("importlinter", "exclude_type_checking_imports",
                                 fallback="false"))
    contracts: list[Contract] = []
    errors: list[str] = []
    for section in parser.sections():
        if not section.startswith("importlinter:contract:"):
            continue
        raw: dict[str, Any] = dict(parser.items(section))
        raw.setdefault("id", section.rpartition(":")[2])
        contract, found = parse_contract(raw, origin, exclude)
        errors.extend(found)
        if contract is not None:
            contracts.append(contract)
    return contracts, errors


def _from_pyproject(text: str) -> tuple[list[Contract], list[str]] | None:
    origin = "pyproject.toml [tool.importlinter]"
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None  # the repository's pyproject is its business; config reports it if ours
    tool = table.get("tool")
    section = tool.get("importlinter") if isinstance(tool, dict) else None
    if not isinstance(section, dict):
        return None
    exclude = _truthy(section.get("exclude_type_checking_imports", False))
    raw_contracts = section.get("contracts", [])
    if not isinstance(raw_contracts, list) or not all(isinstance(c, dict) for c in raw_contracts):
        return [], [f"{origin}: contracts must be an array of tables"]
    contracts: list[Contract] = []
    errors: list[str] = []
    for raw in raw_contracts:
        contract, found = parse_contract(raw, origin, exclude)
        errors.extend(found)
        if contract is not None:
            contracts.append(contract)
    return contracts, errors


def _decode(data: bytes | None) -> str | None:
    if data is None:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _importlinter(read: ReadFile) -> tuple[list[Contract], list[str]]:
    for filename in (".importlinter", "setup.cfg"):
        text = _decode(read(filename))
        if text is not None:
            found = _from_ini(text, filename)
            if found is not None:
                return found
    text = _decode(read("pyproject.toml"))
    found = _from_pyproject(text) if text is not None else None
    return found if found is not None else ([], [])


def load_contracts(configured: Sequence[Any], *, exclude_type_checking: bool,
                   read: ReadFile | None) -> tuple[list[Contract], list[str]]:
    """Our contracts (option ``contracts``) plus the repository's import-linter contracts.

    ``read`` returns a repository file's bytes or None; pass None to ignore import-linter.
    """
    contracts: list[Contract] = []
    errors: list[str] = []
    origin = "[tool.scorecard.boundaries] contracts"
    for raw in configured:
        if not isinstance(raw, dict):
            errors.append(f"{origin}: every contract must be a table, not {raw!r}")
            continue
        contract, found = parse_contract(raw, origin, exclude_type_checking)
        errors.extend(found)
        if contract is not None:
            contracts.append(contract)
    if read is not None:
        found_contracts, found_errors = _importlinter(read)
        contracts.extend(found_contracts)
        errors.extend(found_errors)
    return contracts, errors
