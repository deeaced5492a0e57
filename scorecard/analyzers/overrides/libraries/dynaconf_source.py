"""dynaconf settings objects: the env prefix and the settings files they load.

Rules: ``Dynaconf(envvar_prefix=P, settings_files=[...])`` makes every key of those
files overridable as ``P_KEY`` (nested as ``P_TABLE__KEY``). The default prefix is
``DYNACONF``; ``FlaskDynaconf`` uses ``FLASK`` and ``DjangoDynaconf`` uses ``DJANGO``;
``envvar_prefix=False`` means no prefix. The files are read repo-wide in the summary (they
are data files, not Python); this step only records what the constructor says.
"""

from __future__ import annotations

import ast
from typing import Any

from scorecard.analyzers.overrides.per_file.filefacts import FileFacts
from scorecard.analyzers.overrides.per_file.names import string_value
from scorecard.analyzers.overrides.per_file.records import KeyKind

__all__ = ["detect_dynaconf"]

_DEFAULT_PREFIX = {
    "dynaconf.Dynaconf": "DYNACONF",
    "dynaconf.LazySettings": "DYNACONF",
    "dynaconf.FlaskDynaconf": "FLASK",
    "dynaconf.contrib.FlaskDynaconf": "FLASK",
    "dynaconf.contrib.flask_dynaconf.FlaskDynaconf": "FLASK",
    "dynaconf.DjangoDynaconf": "DJANGO",
    "dynaconf.contrib.DjangoDynaconf": "DJANGO",
}
_FILE_KEYWORDS = ("settings_files", "settings_file", "SETTINGS_FILE_FOR_DYNACONF", "includes")


def _strings(node: ast.expr) -> list[str]:
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        return [s for s in (string_value(e) for e in node.elts) if s]
    value = string_value(node)
    if value:
        # dynaconf accepts "a.toml,b.toml" and "a.toml;b.toml" in one string.
        return [p.strip() for p in value.replace(";", ",").split(",") if p.strip()]
    return []


def detect_dynaconf(ff: FileFacts) -> None:
    """Record every dynaconf settings object: prefix, settings files, environments."""
    specs: list[dict[str, Any]] = []
    for call in ff.index.calls:
        qualified = ff.names.qualify(call.func)
        if qualified not in _DEFAULT_PREFIX:
            continue
        ff.handled_calls.add(id(call))
        prefix: str | None = _DEFAULT_PREFIX[qualified]
        files: list[str] = []
        environments = False
        for item in call.keywords:
            if item.arg in ("envvar_prefix", "ENVVAR_PREFIX_FOR_DYNACONF"):
                if isinstance(item.value, ast.Constant) and item.value.value is False:
                    prefix = None
                else:
                    prefix = string_value(item.value) or prefix
            elif item.arg in _FILE_KEYWORDS:
                files.extend(_strings(item.value))
            elif item.arg in ("environments", "ENVIRONMENTS_FOR_DYNACONF"):
                environments = isinstance(item.value, ast.Constant) and bool(item.value.value)
        specs.append({"line": call.lineno, "prefix": prefix, "files": files,
                      "environments": environments})
        for name in files:
            ff.add(KeyKind.FILE, name, call, "dynaconf")
    if specs:
        ff.extra["dynaconf"] = specs
