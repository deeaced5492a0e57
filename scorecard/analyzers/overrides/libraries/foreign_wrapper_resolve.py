"""Env reads through Go, JavaScript and TypeScript helpers, resolved across the repository.

Each file of those languages lists the helpers it defines that read the environment by a
parameter (``env_wrappers``) and the calls it makes with an env-shaped first argument
(``env_calls``; see :mod:`..per_file.foreign_wrappers`). A call reads its name when the
callee is such a helper of the same language family (Go with Go; JavaScript and TypeScript
together) whose key is its first parameter: ``getEnv("PORT", "8080")`` reads ``PORT``
with the default ``8080``. Helpers are known by their name: a name defined as a helper in
one file and as something else in another is taken for the helper.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scorecard.analyzers.overrides.per_file.records import KeyKind, OverrideKey

__all__ = ["resolve_foreign_wrappers"]

_FAMILIES = {"go": "go", "javascript": "js", "typescript": "js"}


def resolve_foreign_wrappers(results: Mapping[str, Mapping[str, Any]]
                             ) -> dict[str, list[OverrideKey]]:
    """Return the env keys read through helpers, by the path of the calling file."""
    helpers: dict[tuple[str, str], bool] = {}  # (family, name) -> required
    for result in results.values():
        family = _FAMILIES.get(str(result.get("language", "")), "")
        for name, index, required in result.get("env_wrappers", ()) if family else ():
            if int(index) == 0:
                helpers.setdefault((family, str(name)), bool(required))
    keys: dict[str, list[OverrideKey]] = {}
    if not helpers:
        return keys
    for path, result in sorted(results.items()):
        family = _FAMILIES.get(str(result.get("language", "")), "")
        for callee, name, line, default in result.get("env_calls", ()) if family else ():
            required = helpers.get((family, str(callee)))
            if required is None:
                continue
            keys.setdefault(path, []).append(OverrideKey(
                KeyKind.ENV.value, str(name), int(line), f"{callee}() helper",
                required=required and default is None,
                default=None if default is None else str(default)))
    return keys
