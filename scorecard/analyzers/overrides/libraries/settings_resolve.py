"""Repository-wide settings classes: which classes are pydantic-settings, and their env names.

Rules:

- a class is a settings class when a base, followed through project classes in any module
  (including star imports), is ``BaseSettings`` from pydantic-settings or pydantic v1;
- fields and config are inherited; a child's config keys override its parents';
- env name = ``env_prefix`` + field name, or the alias alone (an alias ignores the prefix);
  upper-cased unless ``case_sensitive``; with ``env_nested_delimiter`` a field holding a
  pydantic model becomes ``PREFIX_FIELD<delim>SUB`` per sub-field; a field with no default
  is required; ``env_file`` and ``secrets_dir`` are config-file sources;
- a class reaching an orchestrator's run configuration (``dagster.Config``,
  ``ConfigurableResource``) is set per run by an operator: its fields are overridable
  settings, with no env name;
- environ-config: ``@environ.config(prefix=P)`` vars are ``P_NAME`` (``name=`` overrides),
  groups nest as ``P_GROUP_NAME``; classes only used as a group are not read on their own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from scorecard.analyzers.overrides.libraries.repo_index import RepoIndex
from scorecard.analyzers.overrides.per_file.records import KeyKind, OverrideKey

__all__ = ["SettingsResult", "resolve_settings"]

_BASE_SETTINGS = frozenset({
    "pydantic_settings.BaseSettings", "pydantic_settings.main.BaseSettings",
    "pydantic.BaseSettings", "pydantic.v1.BaseSettings", "pydantic.env_settings.BaseSettings",
})
_BASE_MODELS = frozenset({"pydantic.BaseModel", "pydantic.main.BaseModel",
                          "pydantic.v1.BaseModel"}) | _BASE_SETTINGS
# Orchestrators' run configuration: an operator sets its fields for each run (Dagster's
# launchpad, a run config YAML), the way a settings class is set from the environment.
_RUN_CONFIG_BASES = frozenset({"dagster.Config", "dagster.PermissiveConfig",
                               "dagster.ConfigurableResource", "dagster.ConfigurableIOManager",
                               "dagster.ConfigurableIOManagerFactory"})
_MAX_DEPTH = 8


@dataclass
class _Class:
    path: str
    module: str
    record: dict[str, Any]


@dataclass
class SettingsResult:
    """Keys from settings classes (path -> keys) and what each class turned out to be."""

    keys: dict[str, list[OverrideKey]] = field(default_factory=dict)
    settings_classes: set[str] = field(default_factory=set)
    model_classes: set[str] = field(default_factory=set)  # constructor-parameter fields
    run_config_classes: set[str] = field(default_factory=set)  # set per run by an operator
    dataclasses: set[str] = field(default_factory=set)


class _Resolver:
    def __init__(self, results: Mapping[str, Mapping[str, Any]], index: RepoIndex) -> None:
        self.index = index
        self.classes: dict[str, _Class] = {}
        for path, result in results.items():
            for record in result.get("classes", []):
                self.classes[record["name"]] = _Class(path, result.get("module", ""), record)
        self._bases: dict[str, list[str]] = {}

    def bases(self, name: str) -> list[str]:
        cached = self._bases.get(name)
        if cached is None:
            info = self.classes[name]
            cached = [self.index.resolve(b, info.module) for b in info.record["bases"]]
            self._bases[name] = cached
        return cached

    def reaches(self, name: str, roots: frozenset[str], depth: int = 0) -> bool:
        if depth > _MAX_DEPTH:
            return False
        for base in self.bases(name):
            if base in roots:
                return True
            if base in self.classes and self.reaches(base, roots, depth + 1):
                return True
        return False

    def lineage(self, name: str, depth: int = 0) -> list[str]:
        """Return the class and its project bases, most basic first."""
        if depth > _MAX_DEPTH:
            return [name]
        chain: list[str] = []
        for base in reversed(self.bases(name)):
            if base in self.classes:
                chain.extend(b for b in self.lineage(base, depth + 1) if b not in chain)
        chain.append(name)
        return chain

    def config_and_fields(self, name: str
                          ) -> tuple[dict[str, Any], dict[str, tuple[str, list[Any]]]]:
        config: dict[str, Any] = {}
        fields: dict[str, tuple[str, list[Any]]] = {}
        for member in self.lineage(name):
            info = self.classes[member]
            config.update(info.record.get("config", {}))
            for row in info.record.get("fields", []):
                fields[row[0]] = (info.path, row)
        return config, fields


def _pydantic_keys(resolver: _Resolver, name: str, result: SettingsResult) -> None:
    config, fields = resolver.config_and_fields(name)
    prefix = str(config.get("env_prefix") or "")
    sensitive = config.get("case_sensitive") is True
    delimiter = config.get("env_nested_delimiter")
    info = resolver.classes[name]
    out = result.keys.setdefault(info.path, [])

    def env_name(text: str) -> str:
        return text if sensitive else text.upper()

    for field_name, (path, row) in fields.items():
        _, line, has_default, aliases, default, annotation = row
        names = [env_name(a) for a in aliases] or [env_name(prefix + field_name)]
        nested = resolver.index.resolve(annotation, info.module) if annotation else None
        target = result.keys.setdefault(path, []) if path != info.path else out
        if isinstance(delimiter, str) and delimiter and nested in resolver.classes \
                and resolver.reaches(nested, _BASE_MODELS):
            _, sub_fields = resolver.config_and_fields(nested)
            for sub_name, (_sub_path, sub_row) in sub_fields.items():
                for base_name in names:
                    target.append(OverrideKey(
                        KeyKind.ENV.value, env_name(f"{base_name}{delimiter}{sub_name}"), line,
                        "pydantic-settings", not has_default and not sub_row[2], sub_row[4]))
            continue
        for env in names:
            target.append(OverrideKey(KeyKind.ENV.value, env, line, "pydantic-settings",
                                      not has_default, default))
    for key in ("env_file", "secrets_dir"):
        value = config.get(key)
        values = value if isinstance(value, list) else [value] if value else []
        for item in values:
            out.append(OverrideKey(KeyKind.FILE.value, str(item), info.record["line"],
                                   "pydantic-settings"))


def _environ_config_keys(resolver: _Resolver, name: str, prefix: str, path: str,
                         out: list[OverrideKey], depth: int = 0) -> None:
    info = resolver.classes.get(name)
    if info is None or depth > _MAX_DEPTH:
        return
    spec = info.record.get("environ_config") or {"vars": []}
    for attr, line, kind, explicit, has_default, default, group in spec["vars"]:
        if kind == "group" and group:
            target = resolver.index.resolve(group, info.module)
            sub_prefix = f"{prefix}_{attr.upper()}" if prefix else attr.upper()
            _environ_config_keys(resolver, target, sub_prefix, path, out, depth + 1)
            continue
        env = explicit or (f"{prefix}_{attr.upper()}" if prefix else attr.upper())
        out.append(OverrideKey(KeyKind.ENV.value, env, line, "environ-config",
                               not has_default, default))


def resolve_settings(results: Mapping[str, Mapping[str, Any]], index: RepoIndex
                     ) -> SettingsResult:
    """Find settings classes across modules and return the keys they read."""
    resolver = _Resolver(results, index)
    result = SettingsResult()
    grouped: set[str] = set()
    for info in resolver.classes.values():
        for row in (info.record.get("environ_config") or {}).get("vars", []):
            if row[2] == "group" and row[6]:
                grouped.add(index.resolve(row[6], info.module))
    for name, info in sorted(resolver.classes.items()):
        if info.record.get("dataclass"):
            result.dataclasses.add(name)
        if resolver.reaches(name, _BASE_SETTINGS):
            result.settings_classes.add(name)
            _pydantic_keys(resolver, name, result)
        elif resolver.reaches(name, _RUN_CONFIG_BASES):
            result.run_config_classes.add(name)
        elif resolver.reaches(name, _BASE_MODELS):
            result.model_classes.add(name)
        spec = info.record.get("environ_config")
        if spec is not None and name not in grouped:
            _environ_config_keys(resolver, name, str(spec.get("prefix", "")), info.path,
                                 result.keys.setdefault(info.path, []))
    return result
