"""Facts about classes that may be settings: pydantic-settings fields and environ-config vars.

Whether a class is a pydantic-settings class can depend on a base in another module (a
project ``Settings`` base, or one reached through a star import), so this step only records
what each class says: its bases, its annotated fields (name, aliases, default), its settings
config, and environ-config declarations. :mod:`settings_resolve` decides repo-wide.

Field rules: annotated class attributes except ``model_config``, ``ClassVar`` and
``PrivateAttr`` and private names; ``Field(...)`` or no default means required; aliases come
from ``validation_alias``/``alias``/``AliasChoices`` (v2) or ``env=`` (v1); the config comes
from ``model_config = SettingsConfigDict(...)`` (or a call to a helper of the same module
that returns one, its parameters bound to the call's arguments), class keywords, or v1
``class Config``.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from typing import Any

from scorecard.analyzers.overrides.per_file.filefacts import FileFacts
from scorecard.analyzers.overrides.per_file.keyexpr import source_text
from scorecard.analyzers.overrides.per_file.names import string_value

__all__ = ["CONFIG_KEYS", "collect_classes"]

CONFIG_KEYS = ("env_prefix", "case_sensitive", "env_nested_delimiter", "env_file",
               "secrets_dir")
_ENV_CONFIG = frozenset({"environ.config"})
_ENV_VAR_KINDS = {"var": "var", "bool_var": "var", "group": "group"}
_DATACLASS_DECORATORS = frozenset({
    "dataclasses.dataclass", "attr.s", "attr.attrs", "attr.define", "attr.frozen",
    "attrs.define", "attrs.frozen", "attr.mutable", "attrs.mutable",
    "pydantic.dataclasses.dataclass",
})


def _is_classvar(annotation: ast.expr) -> bool:
    target = annotation.value if isinstance(annotation, ast.Subscript) else annotation
    return isinstance(target, ast.Name | ast.Attribute) and (
        (target.id if isinstance(target, ast.Name) else target.attr) in ("ClassVar", "Final"))


def _annotation_ref(ff: FileFacts, annotation: ast.expr) -> str | None:
    """Return the class a field holds (``Optional[Db]`` and ``Db | None`` -> Db)."""
    if isinstance(annotation, ast.Subscript):
        inner = annotation.slice
        if isinstance(inner, ast.Tuple) and inner.elts:
            inner = inner.elts[0]
        return _annotation_ref(ff, inner)
    if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
        left = annotation.left
        if isinstance(left, ast.Constant) and left.value is None:
            return _annotation_ref(ff, annotation.right)
        return _annotation_ref(ff, left)
    if isinstance(annotation, ast.Name | ast.Attribute):
        return ff.names.reference(annotation)
    return None


def _aliases(value: ast.expr) -> list[str]:
    if isinstance(value, ast.List | ast.Tuple | ast.Set):
        return [s for s in (string_value(e) for e in value.elts) if s]
    if isinstance(value, ast.Call):  # AliasChoices("A", "B"); AliasPath is not an env name
        name = value.func.attr if isinstance(value.func, ast.Attribute) else getattr(
            value.func, "id", "")
        if name == "AliasChoices":
            return [s for s in (string_value(e) for e in value.args) if s]
        return []
    single = string_value(value)
    return [single] if single else []


def _field(ff: FileFacts, statement: ast.AnnAssign) -> list[Any] | None:
    target = statement.target
    if not isinstance(target, ast.Name) or target.id.startswith("_") \
            or target.id == "model_config" or _is_classvar(statement.annotation):
        return None
    value = statement.value
    default: ast.expr | None = value
    aliases: list[str] = []
    if isinstance(value, ast.Call):
        func_name = value.func.attr if isinstance(value.func, ast.Attribute) else getattr(
            value.func, "id", "")
        if func_name == "PrivateAttr":
            return None
        if func_name == "Field":
            keywords = {k.arg: k.value for k in value.keywords if k.arg}
            default = value.args[0] if value.args else keywords.get("default")
            if default is None and "default_factory" in keywords:
                default = keywords["default_factory"]
            if isinstance(default, ast.Constant) and default.value is Ellipsis:
                default = None
            for name in ("validation_alias", "alias", "env"):
                if name in keywords:
                    aliases = _aliases(keywords[name])
                    if aliases:
                        break
    return [target.id, statement.lineno, default is not None, aliases,
            None if default is None else source_text(default),
            _annotation_ref(ff, statement.annotation)]


def _config_values(call_or_dict: ast.expr) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, value in _config_pairs(call_or_dict):
        if key in CONFIG_KEYS:
            values[key] = _literal(value)
    return values


def _module_functions(tree: ast.Module) -> dict[str, ast.FunctionDef]:
    """Return the module's top-level functions by name."""
    return {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}


def _helper_config(value: ast.expr, helpers: Mapping[str, ast.FunctionDef]) -> dict[str, Any]:
    """Return the settings config a call to a helper of this module returns, or {}.

    ``model_config = settings_config("DB_")`` with ``def settings_config(env_prefix): return
    SettingsConfigDict(env_prefix=env_prefix, ...)``: the helper's parameters are bound to
    the call's literal arguments (or their defaults), so each class gets its own prefix.
    """
    if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Name)):
        return {}
    helper = helpers.get(value.func.id)
    if helper is None:
        return {}
    returned = next((s.value for s in helper.body if isinstance(s, ast.Return) and s.value
                     is not None), None)
    if not isinstance(returned, ast.Call | ast.Dict):
        return {}
    bound = _bind(helper.args, value)
    values = _config_values(returned)
    for key, raw in _config_pairs(returned):
        if key in CONFIG_KEYS and isinstance(raw, ast.Name) and raw.id in bound:
            values[key] = _literal(bound[raw.id])
    return values


def _bind(arguments: ast.arguments, call: ast.Call) -> dict[str, ast.expr]:
    """Bind a call's arguments to a function's parameters (defaults where none is given)."""
    params = [*arguments.posonlyargs, *arguments.args]
    bound: dict[str, ast.expr] = {}
    for param, default in zip(params[len(params) - len(arguments.defaults):],
                              arguments.defaults, strict=False):
        bound[param.arg] = default
    for param, keyword_default in zip(arguments.kwonlyargs, arguments.kw_defaults,
                                      strict=False):
        if keyword_default is not None:
            bound[param.arg] = keyword_default
    for param, arg in zip(params, call.args, strict=False):
        bound[param.arg] = arg
    for keyword in call.keywords:
        if keyword.arg is not None:
            bound[keyword.arg] = keyword.value
    return bound


def _config_pairs(call_or_dict: ast.expr) -> list[tuple[str | None, ast.expr]]:
    """Return the (key, value) pairs of a config call's keywords or a config dict."""
    if isinstance(call_or_dict, ast.Call):
        return [(k.arg, k.value) for k in call_or_dict.keywords]
    if isinstance(call_or_dict, ast.Dict):
        return [(string_value(k) if k else None, v)
                for k, v in zip(call_or_dict.keys, call_or_dict.values, strict=False)]
    return []


def _literal(value: ast.expr) -> Any:
    if isinstance(value, ast.Constant):
        return value.value if isinstance(value.value, str | bool | int | float) else None
    if isinstance(value, ast.List | ast.Tuple):
        return [s for s in (string_value(e) for e in value.elts) if s]
    return source_text(value)


def _settings_config(node: ast.ClassDef,
                     helpers: Mapping[str, ast.FunctionDef] | None = None) -> dict[str, Any]:
    config: dict[str, Any] = {}
    config.update({k.arg: _literal(k.value) for k in node.keywords if k.arg in CONFIG_KEYS})
    for statement in node.body:
        if isinstance(statement, ast.Assign | ast.AnnAssign):
            targets = statement.targets if isinstance(statement, ast.Assign) else [
                statement.target]
            if any(isinstance(t, ast.Name) and t.id == "model_config" for t in targets) \
                    and statement.value is not None:
                config.update(_helper_config(statement.value, helpers or {})
                              or _config_values(statement.value))
        elif isinstance(statement, ast.ClassDef) and statement.name == "Config":
            for inner in statement.body:
                if isinstance(inner, ast.Assign) and len(inner.targets) == 1 \
                        and isinstance(inner.targets[0], ast.Name) \
                        and inner.targets[0].id in CONFIG_KEYS:
                    config[inner.targets[0].id] = _literal(inner.value)
    return config


def _environ_config(ff: FileFacts, node: ast.ClassDef) -> dict[str, Any] | None:
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if ff.names.qualify(target) not in _ENV_CONFIG:
            continue
        prefix: str | None = "APP"  # environ-config's documented default prefix
        if isinstance(decorator, ast.Call):
            if decorator.args:
                prefix = string_value(decorator.args[0])
            for item in decorator.keywords:
                if item.arg == "prefix":
                    prefix = string_value(item.value)
        return {"prefix": prefix or "", "vars": _environ_vars(ff, node)}
    return None


def _simple_call_assignment(statement: ast.stmt) -> tuple[str, ast.Call] | None:
    """Return the name and call of ``name = call(...)``, or None for any other statement."""
    if not isinstance(statement, ast.Assign) or len(statement.targets) != 1:
        return None
    target = statement.targets[0]
    if not isinstance(target, ast.Name) or not isinstance(statement.value, ast.Call):
        return None
    return target.id, statement.value


def _environ_kind(ff: FileFacts, call: ast.Call) -> str | None:
    """Return the environ-config kind of a field's call (var, bool_var, group...), or None."""
    qualified = ff.names.qualify(call.func) or ""
    kind = _ENV_VAR_KINDS.get(qualified.rpartition(".")[2]) if qualified.startswith(
        "environ.") else None
    attr = call.func.attr if isinstance(call.func, ast.Attribute) else ""
    if kind is None and attr == "secret":
        kind = "var"
    return kind


def _environ_group(ff: FileFacts, node: ast.ClassDef, call: ast.Call) -> str | None:
    """Return the class a ``group(...)`` field nests, as a qualified name, if it is known."""
    if not call.args:
        return None
    group = ff.names.reference(call.args[0])
    if group is None and isinstance(call.args[0], ast.Name):
        group = f"{ff.names.module}.{node.name}.{call.args[0].id}"
    return group


def _environ_default(kind: str, call: ast.Call,
                     keywords: dict[str, ast.expr]) -> ast.expr | None:
    """Return a field's default: ``default=``, or a ``var``'s first argument."""
    default = keywords.get("default")
    if default is None and call.args and kind == "var":
        default = call.args[0]
    return default


def _environ_vars(ff: FileFacts, node: ast.ClassDef) -> list[list[Any]]:
    found: list[list[Any]] = []
    for statement in node.body:
        assignment = _simple_call_assignment(statement)
        if assignment is None:
            continue
        name, call = assignment
        kind = _environ_kind(ff, call)
        if kind is None:
            continue
        keywords = {k.arg: k.value for k in call.keywords if k.arg}
        default = _environ_default(kind, call, keywords)
        group = _environ_group(ff, node, call) if kind == "group" else None
        found.append([name, statement.lineno, kind,
                      string_value(keywords.get("name")), default is not None,
                      None if default is None else source_text(default), group])
    return found


def collect_classes(ff: FileFacts) -> None:
    """Record every class that could hold settings, with its bases, fields and config."""
    records: list[dict[str, Any]] = []
    owners = _class_owners(ff)
    helpers = _module_functions(ff.index.tree)
    for node in ff.index.classes:
        environ_config = _environ_config(ff, node)
        bases = [b for b in (ff.names.reference(base) for base in node.bases) if b]
        dataclass = any(ff.names.qualify(d.func if isinstance(d, ast.Call) else d)
                        in _DATACLASS_DECORATORS for d in node.decorator_list)
        if not bases and environ_config is None and not dataclass:
            continue
        qualname = owners.get(id(node), node.name)
        fields = [f for f in (_field(ff, s) for s in node.body if isinstance(s, ast.AnnAssign))
                  if f is not None]
        record: dict[str, Any] = {
            "name": f"{ff.names.module}.{qualname}", "line": node.lineno, "bases": bases,
            "fields": fields, "config": _settings_config(node, helpers), "dataclass": dataclass,
        }
        if environ_config is not None:
            record["environ_config"] = environ_config
        records.append(record)
    if records:
        ff.extra["classes"] = records


def _class_owners(ff: FileFacts) -> dict[int, str]:
    """Map nested classes to their dotted qualified names inside the module."""
    owners: dict[int, str] = {}
    for node in ff.index.classes:
        name = owners.setdefault(id(node), node.name)
        for statement in node.body:
            if isinstance(statement, ast.ClassDef):
                owners[id(statement)] = f"{name}.{statement.name}"
    return owners
