"""click commands: options, explicit ``envvar=`` and ``auto_envvar_prefix`` names.

Rules:

- ``@click.option("--port", "-p", envvar="PORT", default=8000)`` is the CLI key ``--port``
  and the env key ``PORT``; ``envvar`` may be a list. ``click.argument`` is an input, not an
  override, unless it names an ``envvar``.
- The parameter name is the explicit identifier if one is given, else the first long option
  (dashes to underscores), else the first short one.
- With ``auto_envvar_prefix="P"`` (in ``context_settings`` or passed when the group is
  called), an option without ``envvar`` is read from ``P_OPTION`` on the group itself and
  from ``P_SUBCOMMAND_OPTION`` on each subcommand (upper case, ``-`` to ``_``).
- ``show_envvar=True`` is noted: it puts the env name in ``--help``.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from scorecard.analyzers.overrides.per_file.filefacts import FileFacts
from scorecard.analyzers.overrides.per_file.names import string_value
from scorecard.analyzers.overrides.per_file.records import KeyKind
from scorecard.analyzers.overrides.per_file.treeindex import FunctionNode

__all__ = ["detect_click", "option_name"]

_COMMANDS = frozenset({"click.command", "click.group"})
_OPTION = "click.option"
_ARGUMENT = "click.argument"


@dataclass
class _Command:
    function: FunctionNode
    name: str
    parent: str | None = None  # function name of the parent group in this module
    prefix: str | None = None  # auto_envvar_prefix declared on this command
    options: list[ast.Call] = field(default_factory=list)


def option_name(decls: list[str]) -> str:
    """Return click's parameter name for option declarations (``--dry-run`` -> dry_run)."""
    # "--shout/--no-shout" declares a boolean flag and its secondary name.
    decls = [d.split("/")[0] if d.startswith("-") else d for d in decls]
    for decl in decls:
        if decl.isidentifier():
            return decl
    ranked = sorted(decls, key=lambda d: -(len(d) - len(d.lstrip("-/"))))
    return ranked[0].lstrip("-/").replace("-", "_").lower() if ranked else ""


def _context_prefix(call: ast.Call) -> str | None:
    for item in call.keywords:
        if item.arg == "auto_envvar_prefix":
            return string_value(item.value)
        if item.arg != "context_settings":
            continue
        value = item.value
        if isinstance(value, ast.Dict):
            for key, entry in zip(value.keys, value.values, strict=False):
                if string_value(key) == "auto_envvar_prefix":
                    return string_value(entry)
        elif isinstance(value, ast.Call) and isinstance(value.func, ast.Name) \
                and value.func.id == "dict":
            for argument in value.keywords:
                if argument.arg == "auto_envvar_prefix":
                    return string_value(argument.value)
    return None


def _command_name(call: ast.Call, function: FunctionNode) -> str:
    explicit = string_value(call.args[0]) if call.args else None
    for item in call.keywords:
        if item.arg == "name":
            explicit = string_value(item.value) or explicit
    return explicit or function.name.lower().replace("_", "-")


def _collect(ff: FileFacts) -> dict[str, _Command]:
    commands: dict[str, _Command] = {}
    for function in ff.index.functions:
        command: _Command | None = None
        options: list[ast.Call] = []
        for decorator in function.decorator_list:
            if not isinstance(decorator, ast.Call):
                continue
            qualified = ff.names.qualify(decorator.func)
            func = decorator.func
            if qualified in (_OPTION, _ARGUMENT):
                options.append(decorator)
            elif qualified in _COMMANDS or (
                    isinstance(func, ast.Attribute) and func.attr in ("command", "group")
                    and isinstance(func.value, ast.Name) and func.value.id in commands):
                parent = func.value.id if isinstance(func, ast.Attribute) and isinstance(
                    func.value, ast.Name) and func.value.id in commands else None
                command = _Command(function, _command_name(decorator, function), parent,
                                   _context_prefix(decorator))
        if command is not None:
            command.options = options
            commands[function.name] = command
    return commands


def _called_prefixes(ff: FileFacts, commands: dict[str, _Command]) -> None:
    """``cli(auto_envvar_prefix="P")`` or ``cli.main(...)`` sets the prefix of a group."""
    for call in ff.index.calls:
        func = call.func
        target = func.value if isinstance(func, ast.Attribute) and func.attr == "main" else func
        if isinstance(target, ast.Name) and target.id in commands:
            prefix = _context_prefix(call)
            if prefix:
                commands[target.id].prefix = prefix


def _effective_prefix(commands: dict[str, _Command], name: str) -> str | None:
    command = commands[name]
    if command.prefix:
        return command.prefix
    seen = {name}
    while command.parent and command.parent not in seen:
        seen.add(command.parent)
        parent = commands[command.parent]
        inherited = _effective_prefix(commands, command.parent)
        if inherited:
            return f"{inherited}_{command.name.upper().replace('-', '_')}"
        command = parent
    return None


def detect_click(ff: FileFacts) -> None:
    """Record click options (CLI keys) and their env names."""
    commands = _collect(ff)
    if not commands:
        return
    ff.markers.add("cli")
    _called_prefixes(ff, commands)
    for name, command in commands.items():
        prefix = _effective_prefix(commands, name)
        for call in command.options:
            _record_option(ff, call, prefix)


def _record_option(ff: FileFacts, call: ast.Call, prefix: str | None) -> None:
    ff.handled_calls.add(id(call))
    is_argument = ff.names.qualify(call.func) == _ARGUMENT
    decls = [s for s in (string_value(a) for a in call.args) if s]
    keywords = {k.arg: k.value for k in call.keywords if k.arg}
    default = keywords.get("default")
    required = isinstance(keywords.get("required"), ast.Constant) and bool(
        keywords["required"].value)  # type: ignore[attr-defined]
    if keywords.get("show_envvar") is not None:
        ff.markers.add("show_envvar")
    flags = [d for d in decls if d.startswith("-")]
    if not is_argument and flags:
        long_flags = [d for d in flags if d.startswith("--")]
        flag = (long_flags or flags)[0].split("/")[0]
        ff.add(KeyKind.CLI, flag, call, "click", required=required and default is None,
               default=default)
    auto_prefix = prefix if prefix and not is_argument else None
    for env_name in _envvar_names(keywords.get("envvar"), auto_prefix, decls):
        ff.add(KeyKind.ENV, env_name, call, "click", default=default)


def _envvar_names(envvar: ast.expr | None, auto_prefix: str | None,
                  decls: list[str]) -> list[str]:
    """Return the names ``envvar=`` gives (a string, a list or tuple of them).

    Without one, an option of a command whose ``auto_envvar_prefix`` is known reads
    ``PREFIX_OPTION``.
    """
    if isinstance(envvar, ast.List | ast.Tuple):
        return [s for s in (string_value(e) for e in envvar.elts) if s]
    if envvar is not None and string_value(envvar):
        return [string_value(envvar) or ""]
    if auto_prefix:
        return [f"{auto_prefix}_{option_name(decls).upper()}"]
    return []
