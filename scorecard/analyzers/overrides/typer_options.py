"""typer commands: options from parameters, ``typer.Option(envvar=...)`` env names.

Rules (spec 4.1, typer's documented behaviour):

- A command is a function decorated with ``@app.command()``/``@app.callback()`` on a
  ``typer.Typer()`` instance, or passed to ``typer.run``.
- A parameter whose default is ``typer.Option(...)`` (or annotated
  ``Annotated[T, typer.Option(...)]``) is an option; so is a parameter with a plain default.
  Its CLI key is the first declared long flag, else ``--`` + the name with ``_`` as ``-``.
- ``envvar="X"`` (or a list) adds env keys, on options and arguments alike.
- In the old style ``typer.Option(8000, "--port")`` the first argument is the default;
  ``...`` as the default means required.
"""

from __future__ import annotations

import ast

from scorecard.analyzers.overrides.filefacts import FileFacts
from scorecard.analyzers.overrides.names import string_value
from scorecard.analyzers.overrides.records import KeyKind
from scorecard.analyzers.overrides.treeindex import FunctionNode

__all__ = ["detect_typer"]

_OPTION = "typer.Option"
_ARGUMENT = "typer.Argument"


def _typer_apps(ff: FileFacts) -> set[str]:
    apps: set[str] = set()
    for statement in ff.index.tree.body:
        if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Call) \
                and ff.names.qualify(statement.value.func) == "typer.Typer":
            apps.update(t.id for t in statement.targets if isinstance(t, ast.Name))
    return apps


def _commands(ff: FileFacts, apps: set[str]) -> list[FunctionNode]:
    run_targets = {
        call.args[0].id for call in ff.index.calls
        if ff.names.qualify(call.func) == "typer.run" and call.args
        and isinstance(call.args[0], ast.Name)
    }
    found: list[FunctionNode] = []
    for function in ff.index.functions:
        if function.name in run_targets:
            found.append(function)
            continue
        for decorator in function.decorator_list:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            if isinstance(target, ast.Attribute) and target.attr in ("command", "callback") \
                    and isinstance(target.value, ast.Name) and target.value.id in apps:
                found.append(function)
                break
    return found


def _typer_call(ff: FileFacts, default: ast.expr | None,
                annotation: ast.expr | None) -> ast.Call | None:
    if isinstance(default, ast.Call) and ff.names.qualify(default.func) in (_OPTION, _ARGUMENT):
        return default
    if isinstance(annotation, ast.Subscript) and isinstance(annotation.slice, ast.Tuple):
        for item in annotation.slice.elts[1:]:
            if isinstance(item, ast.Call) and ff.names.qualify(item.func) in (_OPTION,
                                                                                _ARGUMENT):
                return item
    return None


def _parameters(function: FunctionNode) -> list[tuple[ast.arg, ast.expr | None]]:
    args = function.args
    positional = [*args.posonlyargs, *args.args]
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults))
    defaults.extend(args.defaults)
    pairs = list(zip(positional, defaults, strict=True))
    pairs.extend(zip(args.kwonlyargs, args.kw_defaults, strict=True))
    return pairs


def detect_typer(ff: FileFacts) -> None:
    """Record typer options (CLI keys) and their env names."""
    apps = _typer_apps(ff)
    commands = _commands(ff, apps)
    if apps or commands:
        ff.markers.add("cli")
    for function in commands:
        for arg, default in _parameters(function):
            _record_parameter(ff, arg, default)


def _record_parameter(ff: FileFacts, arg: ast.arg, default: ast.expr | None) -> None:
    call = _typer_call(ff, default, arg.annotation)
    if call is None:
        if default is not None:
            ff.add(KeyKind.CLI, "--" + arg.arg.replace("_", "-"), arg, "typer", default=default)
        return
    ff.handled_calls.add(id(call))
    keywords = {k.arg: k.value for k in call.keywords if k.arg}
    value, required = _parameter_default(call, keywords, default)
    if keywords.get("show_envvar") is not None:
        ff.markers.add("show_envvar")
    if ff.names.qualify(call.func) == _OPTION:
        decls = [s for s in (string_value(a) for a in call.args) if s and s.startswith("-")]
        long_flags = [d for d in decls if d.startswith("--")]
        flag = (long_flags or decls or ["--" + arg.arg.replace("_", "-")])[0].split("/")[0]
        ff.add(KeyKind.CLI, flag, arg, "typer", required=required, default=value)
    for env_name in _envvar_names(keywords.get("envvar")):
        ff.add(KeyKind.ENV, env_name, arg, "typer", default=value)


def _parameter_default(call: ast.Call, keywords: dict[str, ast.expr],
                       default: ast.expr | None) -> tuple[ast.expr | None, bool]:
    """Return a typer parameter's default (None when it has none) and whether it is required.

    ``default=``, else a first positional argument that is not a flag, else the Python
    default when typer's call sits in the annotation; ``...`` means required.
    """
    value: ast.expr | None = keywords.get("default")
    if value is None and call.args and not (string_value(call.args[0]) or "").startswith("-"):
        value = call.args[0]
    if value is None and call is not default:
        value = default
    if isinstance(value, ast.Constant) and value.value is Ellipsis:
        return None, True
    return value, value is None


def _envvar_names(envvar: ast.expr | None) -> list[str]:
    """Return the names ``envvar=`` gives: one string, or a list or tuple of them."""
    if isinstance(envvar, ast.List | ast.Tuple):
        return [s for s in (string_value(e) for e in envvar.elts) if s]
    if envvar is not None and string_value(envvar):
        return [string_value(envvar) or ""]
    return []
