"""The repository's override inventory: every key, where it is read, and by what mechanism.

Joins per-file keys with what only the whole repository shows: wrapper calls resolved to a
fixpoint, settings classes across modules, dynaconf settings files and Flask's prefixed env.
Keys read only by CI scripts or build tooling are kept apart: they are not the
application's configuration, but a doc that names them is not stale either.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from scorecard.analyzers.overrides.libraries.wrappers import ENV_NAME
from scorecard.analyzers.overrides.per_file.records import KeyKind, OverrideKey, source_category

__all__ = ["EnvVar", "Inventory", "build_inventory"]


@dataclass
class EnvVar:
    """One environment variable the application reads, over all its read sites."""

    name: str
    sites: list[tuple[str, int, str]] = field(default_factory=list)  # (path, line, source)
    required_sites: int = 0
    default: str | None = None

    @property
    def required(self) -> bool:
        """No read site supplies a default and at least one fails without the variable."""
        return self.required_sites > 0 and self.default is None


@dataclass
class Inventory:
    """Override keys of the application, by kind, plus what CI and tooling read."""

    env: dict[str, EnvVar] = field(default_factory=dict)
    cli: dict[str, list[tuple[str, int, str]]] = field(default_factory=dict)
    files: dict[str, list[tuple[str, int, str]]] = field(default_factory=dict)
    other_env: set[str] = field(default_factory=set)  # read by CI scripts or tooling only
    sources: dict[str, int] = field(default_factory=dict)  # B5 category -> distinct keys
    mechanisms: dict[str, int] = field(default_factory=dict)  # mechanism -> read sites

    def add(self, path: str, key: OverrideKey) -> None:
        """Add one read site of an application key."""
        site = (path, key.line, key.source)
        self.mechanisms[key.source] = self.mechanisms.get(key.source, 0) + 1
        if key.kind == KeyKind.ENV:
            var = self.env.setdefault(key.name, EnvVar(key.name))
            var.sites.append(site)
            var.required_sites += int(key.required)
            if var.default is None and key.default is not None:
                var.default = key.default
        elif key.kind == KeyKind.CLI:
            self.cli.setdefault(key.name, []).append(site)
        else:
            self.files.setdefault(key.name, []).append(site)

    def count_sources(self, keys: Iterable[tuple[str, OverrideKey]]) -> None:
        """Count distinct keys per override-surface category."""
        seen: dict[str, set[tuple[str, str]]] = {}
        for _path, key in keys:
            seen.setdefault(source_category(key.source, key.kind), set()).add(
                (key.kind, key.name))
        self.sources = {category: len(names) for category, names in sorted(seen.items())}


def _flask_keys(results: Mapping[str, Mapping[str, Any]]) -> list[tuple[str, OverrideKey]]:
    prefixes: list[tuple[str, str]] = []
    reads: set[str] = set()
    for path, result in results.items():
        prefixes.extend((path, p) for p in result.get("flask_prefixes", []))
        reads.update(k for k in result.get("flask_config_reads", []) if ENV_NAME.match(k))
    keys: list[tuple[str, OverrideKey]] = []
    for path, prefix in prefixes:
        for name in sorted(reads):
            keys.append((path, OverrideKey(KeyKind.ENV.value, f"{prefix}_{name}", 0, "flask")))
    return keys


def build_inventory(results: Mapping[str, Mapping[str, Any]],
                    extra_keys: Iterable[Mapping[str, list[OverrideKey]]],
                    is_app: Mapping[str, bool], ignored: Iterable[str]) -> Inventory:
    """Join the per-file keys and the repo-wide ones into the application's inventory."""
    everything: list[tuple[str, OverrideKey]] = []
    for path, result in results.items():
        everything.extend((path, OverrideKey.from_row(row)) for row in result.get("keys", []))
    for mapping in extra_keys:
        for path, keys in mapping.items():
            everything.extend((path, key) for key in keys)
    everything.extend(_flask_keys(results))
    ignore = [i.upper() for i in ignored]
    inventory = Inventory()
    app_keys: list[tuple[str, OverrideKey]] = []
    for path, key in everything:
        upper = key.name.upper()
        if any(upper == i or (i.endswith("*") and upper.startswith(i[:-1])) for i in ignore):
            continue
        if not is_app.get(path, True):
            if key.kind == KeyKind.ENV:
                inventory.other_env.add(key.name)
            continue
        inventory.add(path, key)
        app_keys.append((path, key))
    inventory.count_sources(app_keys)
    return inventory
