"""Wrapper helpers, per file: what each function forwards, and calls that may hit a wrapper.

Settings helpers such as ``envbool("DEBUG", "True")`` or
``envsecret("KEY")`` (which also reads ``KEY_FILE``) can hold most of a settings module's
names, and a grep for ``getenv`` misses them all. A function that reads env with one of its
parameters as the key is a wrapper (found by :mod:`envreads`); a function that passes its
parameter on to a wrapper is one too. Wrappers and their callers are often in different
modules, so this step records, for the repository-wide fixpoint in :mod:`wrapper_resolve`:

- forwards: inside module-level function F, a call passing F's parameter (optionally with a
  literal prefix or suffix) as an argument of another function;
- candidate calls: calls with an env-name-shaped string literal argument (``"DEBUG"``),
  whose callee may turn out to be a wrapper or a reader instance defined elsewhere.
"""

from __future__ import annotations

import ast
import re
import sys
from typing import Any

from scorecard.analyzers.overrides.per_file.filefacts import FileFacts
from scorecard.analyzers.overrides.per_file.keyexpr import param_parts, parameter_slots, source_text
from scorecard.analyzers.overrides.per_file.names import string_value

__all__ = ["ENV_NAME", "collect_wrapper_facts"]

ENV_NAME = re.compile(r"^[A-Z][A-Z0-9_]*[A-Z0-9]$")
# Calls into the standard library never reach a project wrapper.
_STDLIB = frozenset(sys.stdlib_module_names) | {"builtins"}


def _callee(ff: FileFacts, func: ast.expr) -> str | None:
    if isinstance(func, ast.Name | ast.Attribute):
        ref = ff.names.reference(func)
        if ref is not None and ref.lstrip("*").partition(".")[0] not in _STDLIB:
            return ref
    return None


def _arguments(call: ast.Call) -> list[tuple[int, str | None, ast.expr]]:
    slots: list[tuple[int, str | None, ast.expr]] = [
        (i, None, a) for i, a in enumerate(call.args) if not isinstance(a, ast.Starred)]
    slots.extend((-1, k.arg, k.value) for k in call.keywords if k.arg)
    return slots


def _default_text(call: ast.Call) -> str | None:
    """Return the literal a wrapper call passes besides its key (``envint("P", "80")``)."""
    candidates = [k.value for k in call.keywords if k.arg == "default"] or call.args[1:2]
    for value in candidates:
        if isinstance(value, ast.Constant) and isinstance(value.value, int | float | str) \
                and not isinstance(value.value, bool):
            return source_text(value)
    return None


def collect_wrapper_facts(ff: FileFacts) -> None:
    """Record forwards of parameters and candidate wrapper calls of the file."""
    forwards: dict[str, list[list[Any]]] = {}
    calls: list[list[Any]] = []
    params_cache: dict[int, dict[str, int]] = {}
    for call in ff.index.calls:
        if id(call) in ff.handled_calls:
            continue
        literal_slots: list[list[Any]] = []
        param_slots: list[tuple[int, str | None, ast.expr]] = []
        for position, keyword, value in _arguments(call):
            text = string_value(value)
            if text is not None:
                if ENV_NAME.match(text):
                    literal_slots.append([position, keyword, text])
            elif isinstance(value, ast.Name | ast.BinOp | ast.JoinedStr):
                param_slots.append((position, keyword, value))
        if not literal_slots and not param_slots:
            continue
        callee = _callee(ff, call.func)
        if callee is None:
            continue
        if literal_slots:
            calls.append([callee, call.lineno, literal_slots, len(call.args),
                          sorted(k.arg for k in call.keywords if k.arg), _default_text(call)])
        if param_slots:
            function = ff.index.top_function_at(call.lineno)
            if function is None:
                continue
            params = params_cache.get(id(function))
            if params is None:
                params = params_cache[id(function)] = parameter_slots(function)
            for position, keyword, value in param_slots:
                found = param_parts(value, params, ff.names)
                if found is not None:
                    param, prefix, suffix = found
                    forwards.setdefault(function.name, []).append(
                        [callee, position, keyword, params[param], param, prefix, suffix])
    if ff.wrapper_reads:
        ff.extra["wrappers"] = ff.wrapper_reads
    if forwards:
        ff.extra["forwards"] = forwards
    if calls:
        ff.extra["calls"] = calls
