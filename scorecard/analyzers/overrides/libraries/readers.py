"""Env-reader libraries called like functions: python-decouple and django-environ.

Rules:

- python-decouple: ``config("K", default=..., cast=...)`` through ``decouple.config`` or an
  ``AutoConfig``/``Config`` instance. No default means required (decouple raises). Env beats
  ``settings.ini``/``.env``, which count as a config-file source.
- django-environ: ``env("K")`` and ``env.bool/int/list/db/url/...("K", default=...)`` on an
  ``environ.Env()`` instance, found by what the name was bound to (never by the variable
  name). ``Env(DEBUG=(bool, False))`` declares a default for ``DEBUG``. ``env.db()`` with no
  argument reads ``DATABASE_URL`` (likewise ``CACHE_URL``, ``EMAIL_URL``, ``SEARCH_URL``).

The same call rules are applied repo-wide to instances imported from, or star-imported
from, another module (see :mod:`wrappers`).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from scorecard.analyzers.overrides.per_file.envreads import record_read
from scorecard.analyzers.overrides.per_file.filefacts import FileFacts
from scorecard.analyzers.overrides.per_file.names import string_value
from scorecard.analyzers.overrides.per_file.records import KeyKind

__all__ = ["DECOUPLE", "DJANGO_ENVIRON", "ReaderCall", "detect_readers", "reader_call"]

DECOUPLE = "decouple"
DJANGO_ENVIRON = "django-environ"
_DECOUPLE_FUNCTIONS = frozenset({"decouple.config"})
_DECOUPLE_CLASSES = frozenset({"decouple.AutoConfig", "decouple.Config"})
_ENV_CLASSES = frozenset({"environ.Env", "environ.FileAwareEnv", "environ.environ.Env"})
# django-environ methods that read one variable; the value is the variable read by default.
ENV_METHODS: dict[str, str | None] = {
    "str": None, "bool": None, "int": None, "float": None, "json": None, "list": None,
    "tuple": None, "dict": None, "url": None, "path": None, "get_value": None,
    "db_url": "DATABASE_URL", "db": "DATABASE_URL", "cache_url": "CACHE_URL",
    "cache": "CACHE_URL", "email_url": "EMAIL_URL", "email": "EMAIL_URL",
    "search_url": "SEARCH_URL", "channels_url": "CHANNELS_URL", "channels": "CHANNELS_URL",
}


@dataclass(frozen=True)
class ReaderCall:
    """How one call on a reader reads its key: which argument is the key and the default."""

    key_position: int
    key_keyword: str
    default_position: int
    implicit_key: str | None = None  # the variable read when no key is passed


def reader_call(kind: str, method: str | None) -> ReaderCall | None:
    """Return the argument layout of a call on a reader of ``kind`` (None: not a read)."""
    if kind == DECOUPLE:
        return ReaderCall(0, "option", 1) if method is None else None
    if kind == DJANGO_ENVIRON:
        if method is None:
            return ReaderCall(0, "var", 2)  # Env.__call__(var, cast=None, default=NOTSET)
        if method in ENV_METHODS:
            return ReaderCall(0, "var", 1, ENV_METHODS[method])
    return None


def _argument(call: ast.Call, position: int, keyword: str) -> ast.expr | None:
    if 0 <= position < len(call.args):
        return call.args[position]
    for item in call.keywords:
        if item.arg == keyword:
            return item.value
    return None


def _bind_instances(ff: FileFacts) -> dict[str, ast.Call]:
    """Find module-level names bound to reader instances; return django-environ ctors."""
    env_ctors: dict[str, ast.Call] = {}
    for statement in ff.index.tree.body:
        if not isinstance(statement, ast.Assign) or not isinstance(statement.value, ast.Call):
            continue
        target = ff.names.qualify(statement.value.func)
        names = [t.id for t in statement.targets if isinstance(t, ast.Name)]
        if target in _DECOUPLE_CLASSES:
            for name in names:
                ff.readers[name] = DECOUPLE
            ff.add(KeyKind.FILE, _decouple_file(statement.value), statement, DECOUPLE)
        elif target in _ENV_CLASSES:
            for name in names:
                ff.readers[name] = DJANGO_ENVIRON
                env_ctors[name] = statement.value
    return env_ctors


def _decouple_file(call: ast.Call) -> str:
    for item in (*call.args, *(k.value for k in call.keywords)):
        if isinstance(item, ast.Call) and item.args:
            path = string_value(item.args[0])
            if path:
                return path
    return "settings.ini or .env"


def _scheme_defaults(ctor: ast.Call) -> dict[str, ast.expr]:
    """``Env(DEBUG=(bool, False))``: the defaults a django-environ scheme declares."""
    defaults: dict[str, ast.expr] = {}
    for item in ctor.keywords:
        if item.arg and isinstance(item.value, ast.Tuple) and len(item.value.elts) == 2:
            defaults[item.arg] = item.value.elts[1]
    return defaults


def _reader_of(ff: FileFacts, func: ast.expr) -> tuple[str, str | None] | None:
    """Return (reader kind, method) when ``func`` calls a reader bound in this module."""
    qualified = ff.names.qualify(func)
    if qualified in _DECOUPLE_FUNCTIONS:
        return DECOUPLE, None
    if isinstance(func, ast.Name) and func.id in ff.readers and func.id not in ff.names.aliases:
        return ff.readers[func.id], None
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) \
            and func.value.id in ff.readers:
        return ff.readers[func.value.id], func.attr
    return None


def detect_readers(ff: FileFacts) -> None:
    """Record the keys read through decouple and django-environ in this file."""
    env_ctors = _bind_instances(ff)
    scheme: dict[str, ast.expr] = {}
    for ctor in env_ctors.values():
        scheme.update(_scheme_defaults(ctor))
    used_decouple = False
    for call in ff.index.calls:
        found = _reader_of(ff, call.func)
        if found is None:
            if isinstance(call.func, ast.Attribute) and call.func.attr == "read_env" and (
                    ff.names.qualify(call.func) in {f"{c}.read_env" for c in _ENV_CLASSES}
                    or _reader_of(ff, call.func.value) is not None):
                path = string_value(call.args[0]) if call.args else None
                ff.add(KeyKind.FILE, path or ".env", call, DJANGO_ENVIRON)
                ff.handled_calls.add(id(call))
            continue
        kind, method = found
        layout = reader_call(kind, method)
        if layout is None:
            continue
        ff.handled_calls.add(id(call))
        used_decouple = used_decouple or kind == DECOUPLE
        key_node = _argument(call, layout.key_position, layout.key_keyword)
        default = _argument(call, layout.default_position, "default")
        if key_node is None and layout.implicit_key:
            key_node = ast.Constant(layout.implicit_key)
            ast.copy_location(key_node, call)
        key = string_value(key_node)
        if default is None and key in scheme:
            default = scheme[key]
        record_read(ff, call, key_node, kind, required=default is None, default=default)
    if used_decouple and not any(k.source == DECOUPLE and k.kind == KeyKind.FILE
                                 for k in ff.keys):
        ff.add(KeyKind.FILE, "settings.ini or .env", ff.index.tree.body[0]
               if ff.index.tree.body else ff.index.tree, DECOUPLE)
