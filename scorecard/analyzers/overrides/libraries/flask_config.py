"""Flask's config loaders: ``from_envvar``, ``from_prefixed_env``, ``from_pyfile``, ``from_file``.

Rules:

- ``app.config.from_envvar("K")`` reads env ``K`` (required unless ``silent=True``), whose
  value names a config file;
- ``from_pyfile(P)`` and ``from_file(P, load=...)`` load a config file;
- ``from_prefixed_env(prefix="P")`` (default ``FLASK``) makes every config key the project
  reads (``app.config["X"]``, ``.config.get("X")``) overridable as ``P_X``; the keys are
  joined repo-wide, since the app factory and the readers live in different modules.

The receiver is recognised by the ``.config`` attribute, so any Flask app or blueprint
variable name works.
"""

from __future__ import annotations

import ast

from scorecard.analyzers.overrides.per_file.envreads import record_read
from scorecard.analyzers.overrides.per_file.filefacts import FileFacts
from scorecard.analyzers.overrides.per_file.keyexpr import source_text
from scorecard.analyzers.overrides.per_file.names import string_value
from scorecard.analyzers.overrides.per_file.records import KeyKind

__all__ = ["detect_flask_config"]

_FILE_LOADERS = frozenset({"from_pyfile", "from_file"})


def _is_config(expr: ast.expr) -> bool:
    return isinstance(expr, ast.Attribute) and expr.attr == "config"


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def detect_flask_config(ff: FileFacts) -> None:
    """Record Flask config loaders and the config keys this file reads."""
    prefixes: list[str] = []
    config_reads: set[str] = set()
    for call in ff.index.calls:
        func = call.func
        if not isinstance(func, ast.Attribute) or not _is_config(func.value):
            continue
        if func.attr == "from_envvar":
            _from_envvar(ff, call)
        elif func.attr in _FILE_LOADERS:
            target = call.args[0] if call.args else _keyword(call, "filename")
            name = string_value(target) or (source_text(target) if target else "?")
            ff.add(KeyKind.FILE, name, call, "flask-config-file")
            ff.handled_calls.add(id(call))
        elif func.attr == "from_prefixed_env":
            prefixes.append(_env_prefix(call))
            ff.handled_calls.add(id(call))
        elif func.attr == "get" and call.args:
            key = string_value(call.args[0])
            if key:
                config_reads.add(key)
    for node in ff.index.subscripts:
        if isinstance(node.ctx, ast.Load) and _is_config(node.value):
            key = string_value(node.slice)
            if key:
                config_reads.add(key)
    if prefixes:
        ff.extra["flask_prefixes"] = sorted(set(prefixes))
    if config_reads:
        ff.extra["flask_config_reads"] = sorted(config_reads)


def _from_envvar(ff: FileFacts, call: ast.Call) -> None:
    """``config.from_envvar(NAME)``: a read of NAME, and a config file it names."""
    silent = _keyword(call, "silent")
    optional = isinstance(silent, ast.Constant) and silent.value is True
    record_read(ff, call, call.args[0] if call.args else _keyword(call, "variable_name"),
                "flask", required=not optional, default=None)
    ff.add(KeyKind.FILE, "$" + (string_value(call.args[0]) or "?") if call.args
           else "$?", call, "flask-config-file")
    ff.handled_calls.add(id(call))


def _env_prefix(call: ast.Call) -> str:
    """Return the prefix ``config.from_prefixed_env`` reads (FLASK by default)."""
    prefix = _keyword(call, "prefix")
    value = string_value(prefix) if prefix is not None else "FLASK"
    if prefix is None and call.args:
        value = string_value(call.args[0])
    return value if value is not None else "FLASK"
