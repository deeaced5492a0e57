"""Process-environment reads: ``os.environ[...]``, ``.get``, ``os.getenv``, ``in``, and scans.

Rules:

- Only ``os.environ`` or a name imported from ``os`` counts. A WSGI ``environ`` parameter,
  ``request.environ`` or a local dict called ``environ`` is not process env: names are
  resolved through the module's imports and the enclosing function's own bindings.
- ``os.environ[K]`` is a *required* read unless guarded (``K in os.environ`` or an ``if``
  testing ``os.environ.get(K)`` in the same function, or a ``try`` catching ``KeyError``);
  ``get``/``getenv`` are optional, and their second argument is the default;
  ``setdefault`` writes a default and counts as a read.
- A key that is a parameter of the enclosing module-level function makes that function a
  wrapper (resolved repo-wide later); any other computed key is a dynamic read.
- ``items()``, ``keys()``, ``values()``, iteration, ``dict(os.environ)`` and ``**os.environ``
  are scans: dynamic reads with no name. Passing the environment on to a child process
  (``env=os.environ``, ``os.environ.copy()``) reads nothing and is not counted.
"""

from __future__ import annotations

import ast
import re

from scorecard.analyzers.overrides.per_file.filefacts import FileFacts
from scorecard.analyzers.overrides.per_file.keyexpr import (
    DynamicKey,
    LiteralKey,
    ParamKey,
    resolve_key,
    source_text,
)
from scorecard.analyzers.overrides.per_file.names import function_locals
from scorecard.analyzers.overrides.per_file.records import KeyKind

__all__ = ["detect_env_reads", "is_env_call", "is_env_mapping", "record_read"]

ENV_MAPPINGS = frozenset({"os.environ", "posix.environ"})
GETENV = frozenset({"os.getenv", "posix.getenv"})
_READ_METHODS = frozenset({"get", "pop", "setdefault"})
_SCAN_METHODS = frozenset({"items", "keys", "values"})
_GUARDING_ERRORS = frozenset({"KeyError", "LookupError", "Exception", "BaseException"})


def _shadowed(ff: FileFacts, expr: ast.expr) -> bool:
    """Return True when a bare name is bound in its own function (a parameter environ)."""
    if not isinstance(expr, ast.Name):
        return False
    function = ff.index.innermost_function_at(getattr(expr, "lineno", 0))
    if function is None:
        return False
    cache: dict[int, set[str]] = ff.extra.setdefault("_locals", {})
    bound = cache.get(id(function))
    if bound is None:
        bound = cache[id(function)] = function_locals(function)
    return expr.id in bound


def _head(expr: ast.expr) -> ast.expr:
    while isinstance(expr, ast.Attribute):
        expr = expr.value
    return expr


def is_env_mapping(ff: FileFacts, expr: ast.expr) -> bool:
    """Return True when ``expr`` is the process environment (``os.environ`` or an alias)."""
    if not isinstance(expr, ast.Name | ast.Attribute):
        return False
    if ff.names.qualify(expr) not in ENV_MAPPINGS:
        return False
    return not _shadowed(ff, _head(expr))


def is_env_call(ff: FileFacts, call: ast.Call) -> bool:
    """Return True when ``call`` reads one env variable (getenv, environ.get/pop/...)."""
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr in _READ_METHODS:
        return is_env_mapping(ff, func.value)
    if isinstance(func, ast.Name | ast.Attribute) and ff.names.qualify(func) in GETENV:
        return not _shadowed(ff, _head(func))
    return False


def record_read(ff: FileFacts, node: ast.AST, key_node: ast.expr | None, source: str, *,
                required: bool, default: ast.expr | None, kind: KeyKind = KeyKind.ENV) -> None:
    """Record a read of ``key_node``: a named key, a wrapper parameter, or a dynamic read."""
    line = getattr(node, "lineno", 0)
    key = resolve_key(key_node, ff.names, ff.index.top_function_at(line))
    if key is None:
        return
    if isinstance(key, LiteralKey):
        if key.name:
            ff.add(kind, key.name, node, source, required=required, default=default)
    elif isinstance(key, ParamKey):
        reads = ff.wrapper_reads.setdefault(key.function, [])
        reads.append([key.index, key.param, key.prefix, key.suffix, required, source])
    elif isinstance(key, DynamicKey):
        # List the whole read (``os.environ.get(f"{name}_URL")``): the key alone says less.
        ff.add_dynamic(node, DynamicKey(source_text(node)), f"{source} with a computed key")


def _argument(call: ast.Call, position: int, keyword: str) -> ast.expr | None:
    if len(call.args) > position:
        return call.args[position]
    for item in call.keywords:
        if item.arg == keyword:
            return item.value
    return None


def _passthrough_ids(ff: FileFacts) -> set[int]:
    """Ids of nodes inside ``env=...`` arguments: the environment handed to a child."""
    ids: set[int] = set()
    for call in ff.index.calls:
        for item in call.keywords:
            if item.arg == "env":
                ids.update(id(n) for n in ast.walk(item.value))
    return ids


def _guarded_subscripts(ff: FileFacts) -> set[int]:
    """Ids of ``os.environ[K]`` reads that a ``try ... except KeyError`` protects."""
    guarded: set[int] = set()
    for node in ff.index.tries:
        names = set()
        for handler in node.handlers:
            if handler.type is None:
                names.add("Exception")
            else:
                for item in ast.walk(handler.type):
                    if isinstance(item, ast.Name):
                        names.add(item.id)
        if names & _GUARDING_ERRORS:
            for statement in node.body:
                guarded.update(id(n) for n in ast.walk(statement) if isinstance(n, ast.Subscript))
    return guarded


def _literal_key(key: ast.expr) -> str | None:
    """Return a string literal key, or None for any other expression."""
    return key.value if isinstance(key, ast.Constant) and isinstance(key.value, str) else None


def _key_text(key: ast.expr) -> str | None:
    """Return the literal, or ``$`` + the variable, that a test or subscript uses as key."""
    if isinstance(key, ast.Constant) and isinstance(key.value, str):
        return key.value
    if isinstance(key, ast.Name):
        return "$" + key.id  # a wrapper's parameter: `if key not in os.environ: return d`
    return None


def _checked_keys(ff: FileFacts) -> set[tuple[int, str]]:
    """Return (function id, key) pairs tested with ``K in os.environ`` (0 for module level).

    A test ``if os.environ.get("K"):`` counts too: it guards an ``os.environ["K"]`` inside.
    """
    return _keys_tested_in(ff) | _keys_tested_by_get(ff)


def _scoped_key(ff: FileFacts, line: int, key: str) -> tuple[int, str]:
    """Return (id of the innermost function at ``line``, or 0 at module level, key)."""
    function = ff.index.innermost_function_at(line)
    return (id(function) if function else 0, key)


def _keys_tested_in(ff: FileFacts) -> set[tuple[int, str]]:
    """Return the scoped keys a ``K in os.environ`` (or ``not in``) comparison tests."""
    checked: set[tuple[int, str]] = set()
    for compare in ff.index.compares:
        for op, right in zip(compare.ops, compare.comparators, strict=False):
            if isinstance(op, ast.In | ast.NotIn) and _is_env_names(ff, right):
                key = _key_text(compare.left)
                if key is not None:
                    checked.add(_scoped_key(ff, compare.lineno, key))
    return checked


def _keys_tested_by_get(ff: FileFacts) -> set[tuple[int, str]]:
    """Return the scoped keys an ``if`` test reads with an env call (``os.environ.get``)."""
    checked: set[tuple[int, str]] = set()
    for node in ff.index.ifs:
        for call in ast.walk(node.test):
            if isinstance(call, ast.Call) and call.args and is_env_call(ff, call):
                key = _key_text(call.args[0])
                if key is not None:
                    checked.add(_scoped_key(ff, node.lineno, key))
    return checked


def detect_env_reads(ff: FileFacts) -> None:
    """Find every process-env read of the file and record keys, wrappers and dynamic reads."""
    passthrough = _passthrough_ids(ff)
    for call in ff.index.calls:
        if is_env_call(ff, call):
            _record_env_call(ff, call)
        else:
            _detect_whole_env_call(ff, call, passthrough)
    for node in ff.index.iterated:
        if is_env_mapping(ff, node):
            ff.add_dynamic(node, DynamicKey(source_text(node)), "iteration over os.environ")
    _detect_unpacking(ff, passthrough)
    _detect_subscripts(ff)
    _detect_membership(ff)
    _detect_declared_names(ff)
    _detect_writes(ff)


def _detect_writes(ff: FileFacts) -> None:
    """Record the env names the file sets for its own process and children.

    ``os.environ["X"] = ...``, ``os.environ.update(X=...)`` or ``update({"X": ...})`` and
    ``os.putenv("X", ...)``: a name the program writes and reads back (Celery's worker hands
    its log level to the processes it forks) is its own contract, not an operator's
    setting. ``setdefault`` is not a write: it supplies a default the operator may override.
    """
    written: set[str | None] = set()
    for node in ff.index.subscripts:
        if isinstance(node.ctx, ast.Store) and is_env_mapping(ff, node.value):
            written.add(_literal_key(node.slice))
    for call in ff.index.calls:
        func = call.func
        if isinstance(func, ast.Attribute) and func.attr == "update" \
                and is_env_mapping(ff, func.value):
            written.update(k.arg for k in call.keywords if k.arg)
            for arg in call.args:
                if isinstance(arg, ast.Dict):
                    written.update(_literal_key(k) for k in arg.keys if k)
        elif ff.names.qualify(func) == "os.putenv" and call.args:
            written.add(_literal_key(call.args[0]))
    written.discard(None)
    if written:
        ff.extra["env_writes"] = sorted(name for name in written if name)


# Keywords by which a settings library is told which variables hold a value
# (``ConfigParam(env_vars=["LOGFIRE_TOKEN"])``, ``Setting(env_var="APP_PORT")``): the library
# reads them in a loop over the list, a computed read the rules above cannot name. click's
# ``envvar=`` is read with its option by the click rules.
_ENV_NAME_KEYWORDS = frozenset({"env_var", "env_vars", "env_name", "env_names",
                                "environment_variable", "environment_variables"})
_ENV_SHAPED = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")


def _detect_declared_names(ff: FileFacts) -> None:
    """Record the env names a call declares by keyword as optional reads."""
    for call in ff.index.calls:
        for keyword in call.keywords:
            if keyword.arg not in _ENV_NAME_KEYWORDS:
                continue
            value = keyword.value
            items = value.elts if isinstance(value, ast.List | ast.Tuple) else [value]
            for item in items:
                if isinstance(item, ast.Constant) and isinstance(item.value, str) \
                        and _ENV_SHAPED.fullmatch(item.value):
                    ff.add(KeyKind.ENV, item.value, item, f"{keyword.arg}= declaration",
                           required=False, default=None)


def _record_env_call(ff: FileFacts, call: ast.Call) -> None:
    """Record a getenv or ``os.environ.get``/``pop``/``setdefault`` call: an optional read."""
    ff.handled_calls.add(id(call))
    func = call.func
    by_method = isinstance(func, ast.Attribute) and func.attr in _READ_METHODS \
        and is_env_mapping(ff, func.value)
    source = "os.environ" if by_method else "os.getenv"
    record_read(ff, call, _argument(call, 0, "key"), source, required=False,
                default=_argument(call, 1, "default"))


def _detect_whole_env_call(ff: FileFacts, call: ast.Call, passthrough: set[int]) -> None:
    """Record a call reading the whole environment: ``os.environ.items()``, ``dict(...)``.

    The environment handed on to a child process (inside ``env=...``) is read by nobody here.
    """
    if id(call) in passthrough:
        return
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr in _SCAN_METHODS \
            and is_env_mapping(ff, func.value):
        ff.handled_calls.add(id(call))
        ff.add_dynamic(call, DynamicKey(source_text(call)), "scan of os.environ")
    elif isinstance(func, ast.Name) and func.id == "dict" and call.args \
            and is_env_mapping(ff, call.args[0]):
        ff.add_dynamic(call, DynamicKey(source_text(call)), "copy of os.environ")


def _detect_unpacking(ff: FileFacts, passthrough: set[int]) -> None:
    """Record ``**os.environ`` in a dict display, unless it is handed to a child process."""
    for mapping in ff.index.dicts:
        for key, value in zip(mapping.keys, mapping.values, strict=False):
            if key is None and is_env_mapping(ff, value) and id(mapping) not in passthrough:
                ff.add_dynamic(mapping, DynamicKey("**" + source_text(value)),
                               "unpacking of os.environ")


def _detect_subscripts(ff: FileFacts) -> None:
    candidates = [s for s in ff.index.subscripts
                  if isinstance(s.ctx, ast.Load) and is_env_mapping(ff, s.value)]
    if not candidates:
        return
    guarded = _guarded_subscripts(ff)
    checked = _checked_keys(ff)
    features = _env_feature_blocks(ff)
    for node in candidates:
        required = id(node) not in guarded and not any(
            start <= node.lineno <= end for start, end in features)
        key = _key_text(node.slice)
        if required and key is not None and checked:
            function = ff.index.innermost_function_at(node.lineno)
            required = (id(function) if function else 0, key) not in checked
        record_read(ff, node, node.slice, "os.environ", required=required, default=None)


def _env_feature_blocks(ff: FileFacts) -> list[tuple[int, int]]:
    """Return the line spans of ``if`` bodies that run only when some env variable is set.

    ``if "CLOUDFLARE_TOKEN" in os.environ: zone = os.environ["CLOUDFLARE_ZONEID"]`` reads the
    zone only for an optional feature: a fresh deploy without the token never needs it.
    """
    spans: list[tuple[int, int]] = []
    for node in ff.index.ifs:
        if node.body and _tests_env(ff, node.test):
            spans.append((node.body[0].lineno, node.body[-1].end_lineno or node.lineno))
    return spans


def _tests_env(ff: FileFacts, test: ast.expr) -> bool:
    """Return True when an ``if`` test asks whether an env variable is set.

    ``"X" in os.environ``, ``os.getenv("X")`` or ``os.getenv("X") is not None``, alone or
    joined by ``and``/``or``/``not``. Not a comparison of its value: under ``if
    os.getenv("ENV") == "production"`` a read is required of every production deploy.
    """
    if isinstance(test, ast.BoolOp):
        return any(_tests_env(ff, value) for value in test.values)
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return _tests_env(ff, test.operand)
    if isinstance(test, ast.Call):
        return bool(test.args) and is_env_call(ff, test)
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        op, right = test.ops[0], test.comparators[0]
        if isinstance(op, ast.In | ast.NotIn):
            return _is_env_names(ff, right)
        if isinstance(op, ast.IsNot | ast.Is) and isinstance(right, ast.Constant) \
                and right.value is None:
            return _tests_env(ff, test.left)
    return False


def _is_env_names(ff: FileFacts, expr: ast.expr) -> bool:
    """Return True for the environment or its keys (``os.environ``, ``environ.keys()``)."""
    if isinstance(expr, ast.Call) and not expr.args and isinstance(expr.func, ast.Attribute) \
            and expr.func.attr == "keys":
        return is_env_mapping(ff, expr.func.value)
    return is_env_mapping(ff, expr)


def _detect_membership(ff: FileFacts) -> None:
    for compare in ff.index.compares:
        for op, right in zip(compare.ops, compare.comparators, strict=False):
            if isinstance(op, ast.In | ast.NotIn) and _is_env_names(ff, right):
                record_read(ff, compare, compare.left, "os.environ", required=False,
                            default=None)
