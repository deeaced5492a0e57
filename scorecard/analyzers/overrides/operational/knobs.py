"""Judge each operational constant for this repository, and suggest how to override it.

For a library, a public parameter default is an override (callers pass another
value); for a service or CLI it is one only when some caller passes a configured value
(``Client(timeout=settings.TIMEOUT)``), since operators cannot edit call sites. Class fields
are settled here too: a pydantic-settings field is overridable, a dataclass or model field
is a constructor parameter (API), any other class attribute is hard-coded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from scorecard.analyzers.overrides.libraries.repo_index import RepoIndex
from scorecard.analyzers.overrides.libraries.settings_resolve import SettingsResult
from scorecard.analyzers.overrides.per_file.records import OpsConstant, Status

__all__ = ["Knob", "api_defaults", "configured_pairs", "judge", "suggested_env_name"]

_CALL_NAMES = {"interval": "POLL_INTERVAL", "timeout": "TIMEOUT", "retry": "MAX_RETRIES",
               "host": "HOST", "port": "PORT", "path": "DATA_DIR", "limit": "LIMIT"}
_DSN_NAMES = (("postgres", "DATABASE_URL"), ("mysql", "DATABASE_URL"),
              ("mariadb", "DATABASE_URL"), ("mongodb", "MONGODB_URL"), ("redis", "REDIS_URL"),
              ("amqp", "BROKER_URL"), ("kafka", "KAFKA_BOOTSTRAP_SERVERS"))


@dataclass(frozen=True)
class Knob:
    """An operational constant with its final status for this repository."""

    path: str
    constant: OpsConstant
    status: str  # overridable, api, hard, policy, low
    why: str


def suggested_env_name(constant: OpsConstant, prefix: str) -> str:
    """Return a conventional env name for a constant: the prefix plus what it sets."""
    label = constant.label
    if constant.slot in ("assignment", "parameter", "default"):
        base = re.sub(r"^(DEFAULT|DEF)_", "", label.upper().lstrip("-").replace("-", "_"))
    elif constant.slot == "keyword":
        keyword = re.search(r"\((\w+)=\)$", label)
        base = (keyword.group(1) if keyword else constant.category).upper()
    elif constant.slot == "literal" and constant.category == "url":
        lowered = constant.value.lower()
        base = next((name for scheme, name in _DSN_NAMES if scheme in lowered), "SERVICE_URL")
    else:
        base = _CALL_NAMES.get(constant.category, constant.category.upper())
    base = re.sub(r"[^A-Z0-9_]", "_", base).strip("_") or "SETTING"
    return base if prefix and base.startswith(prefix) else f"{prefix}{base}"


def _field_status(constant: OpsConstant, settings: SettingsResult) -> tuple[str, str]:
    owner = constant.ref
    if owner in settings.settings_classes:
        return Status.OVERRIDABLE.value, "a settings-class field"
    if owner in settings.run_config_classes:
        return Status.OVERRIDABLE.value, "a run-configuration field (set for each run)"
    public = not owner.rpartition(".")[2].startswith("_")
    if owner in settings.dataclasses or owner in settings.model_classes:
        if public:
            return Status.API.value, "a public dataclass/model field"
        return Status.HARD.value, "a field of a private class"
    return Status.HARD.value, "a class attribute"


def judge(constants: Iterable[tuple[str, OpsConstant]], settings: SettingsResult, kind: str,
          configured: set[tuple[str, str]], api_defaults: Mapping[str, str]) -> list[Knob]:
    """Return every constant with its final status for a repository of ``kind``.

    ``api_defaults`` maps canonical constant names to the public ``function:parameter``
    whose default they are (``Client(timeout=DEFAULT_TIMEOUT)`` in another module).
    """
    knobs: list[Knob] = []
    for path, constant in constants:
        status, why = constant.status, ""
        if status == Status.FIELD:
            status, why = _field_status(constant, settings)
        if status == Status.HARD and constant.ref.startswith("const:"):
            used_by = api_defaults.get(constant.ref[len("const:"):])
            if used_by is not None:
                status, why = Status.API.value, f"the default of {used_by}"
                constant = replace(constant, ref=used_by)
        if status == Status.API and kind != "library":
            function, _, param = constant.ref.partition(":")
            if (function, param) in configured or (function.rpartition(".")[2], param) in \
                    configured:
                status, why = Status.OVERRIDABLE.value, "callers pass a configured value"
            else:
                why = "a parameter default no caller sets from configuration"
        knobs.append(Knob(path, constant, status, why))
    return knobs


def api_defaults(results: Mapping[str, Mapping[str, object]], index: RepoIndex
                 ) -> dict[str, str]:
    """Map canonical names used as public parameter defaults to ``function:parameter``."""
    found: dict[str, str] = {}
    for result in results.values():
        rows = result.get("default_refs", [])
        module = str(result.get("module", ""))
        if isinstance(rows, list):
            for qualified, where in rows:
                found.setdefault(index.resolve(str(qualified), module), str(where))
    return found


def configured_pairs(results: Mapping[str, Mapping[str, object]]) -> set[tuple[str, str]]:
    """(callee, keyword) pairs to which the repository passes configured values."""
    pairs: set[tuple[str, str]] = set()
    for result in results.values():
        rows = result.get("configured", [])
        if isinstance(rows, list):
            pairs.update((str(r[0]), str(r[1])) for r in rows)
    return pairs
