"""Read the settings files a dynaconf object loads and name the env keys that override them.

Rule: every key of the files is overridable as ``PREFIX_KEY`` (upper case),
nested tables as ``PREFIX_TABLE__KEY``. With ``environments=True`` the top-level tables are
environments (``[default]``, ``[production]``) and their keys are the settings. A file is
looked for beside the Python module, then from the repository root, then by name anywhere;
a missing or invalid file is a problem, never a crash.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from typing import Any

from scorecard.analyzers.base import ScanContext
from scorecard.analyzers.overrides.libraries.datafiles import parse_settings
from scorecard.analyzers.overrides.per_file.records import KeyKind, OverrideKey
from scorecard.model import Problem

__all__ = ["MAX_SETTINGS_BYTES", "dynaconf_keys"]

MAX_SETTINGS_BYTES = 256 * 1024  # settings files are small; a large one is data
_ENVIRONMENTS = frozenset({"default", "development", "production", "testing", "staging",
                           "global", "dynaconf_merge", "test", "dev", "prod"})
_MAX_NESTING = 3


def _locate(name: str, module_path: str, listed: Mapping[str, int]) -> str | None:
    for candidate in (posixpath.normpath(posixpath.join(posixpath.dirname(module_path), name)),
                      posixpath.normpath(name.lstrip("/"))):
        if candidate in listed:
            return candidate
    base = posixpath.basename(name)
    matches = sorted((p for p in listed if posixpath.basename(p) == base),
                     key=lambda p: (p.count("/"), p))
    return matches[0] if matches else None


def _flatten(data: Mapping[str, Any], prefix: str, depth: int = 0) -> Iterable[str]:
    for key, value in data.items():
        name = f"{prefix}{str(key).upper()}"
        if isinstance(value, Mapping) and value and depth < _MAX_NESTING:
            yield from _flatten(value, f"{name}__", depth + 1)
        else:
            yield name


def dynaconf_keys(ctx: ScanContext, results: Mapping[str, Mapping[str, Any]]
                  ) -> tuple[dict[str, list[OverrideKey]], list[Problem]]:
    """Return the env keys of every dynaconf settings file (path -> keys), and problems."""
    listed = {f.path: f.size for f in ctx.files}
    keys: dict[str, list[OverrideKey]] = {}
    problems: list[Problem] = []
    for path, result in sorted(results.items()):
        for spec in result.get("dynaconf", []):
            prefix = spec.get("prefix")
            head = f"{prefix}_" if prefix else ""
            for name in spec.get("files", []):
                found = _locate(str(name), path, listed)
                if found is None:
                    continue  # dynaconf tolerates missing files (e.g. .secrets.toml)
                if listed[found] > MAX_SETTINGS_BYTES:
                    problems.append(Problem("overrides", "settings file too large to list",
                                            found))
                    continue
                try:
                    text = ctx.view.read_bytes(found).decode("utf-8-sig")
                except (OSError, UnicodeDecodeError) as exc:
                    problems.append(Problem("overrides", f"cannot read settings file: {exc}",
                                            found))
                    continue
                data, error = parse_settings(found, text)
                if data is None:
                    problems.append(Problem("overrides", f"dynaconf settings file {error}",
                                            found))
                    continue
                if spec.get("environments"):
                    merged: dict[str, Any] = {}
                    for env_name, section in data.items():
                        if str(env_name).lower() in _ENVIRONMENTS and isinstance(section,
                                                                                 Mapping):
                            merged.update(section)
                        else:
                            merged[env_name] = section
                    data = merged
                line = int(spec.get("line", 0))
                keys.setdefault(path, []).extend(
                    OverrideKey(KeyKind.ENV.value, env, line, "dynaconf", False, None)
                    for env in _flatten(data, head) if env.strip("_"))
    return keys, problems
