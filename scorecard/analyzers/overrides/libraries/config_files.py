"""Config-file loaders: configparser, tomllib/tomli, yaml, json and dotenv on config paths.

Rule: a loader call is a config-file override source when the path it loads
comes from the environment, from a CLI option (``args.config``), or from a known config
location: ``/etc/...``, ``~/.config/...``, or a file whose name says it is configuration
(``config``, ``settings``, ``conf`` or an ``.ini``/``.cfg``/``.conf`` extension). A data file
loaded with ``json.load`` is not configuration. python-dotenv's ``load_dotenv`` always is.
The key is the path (or ``$ENV`` / ``--option`` when the path comes from there).
"""

from __future__ import annotations

import ast
import re

from scorecard.analyzers.overrides.per_file.envreads import is_env_call, is_env_mapping
from scorecard.analyzers.overrides.per_file.filefacts import FileFacts
from scorecard.analyzers.overrides.per_file.keyexpr import source_text
from scorecard.analyzers.overrides.per_file.names import dotted, string_value
from scorecard.analyzers.overrides.per_file.records import KeyKind

__all__ = ["detect_config_files"]

_LOADERS = frozenset({
    "tomllib.load", "tomllib.loads", "tomli.load", "tomli.loads", "toml.load", "toml.loads",
    "yaml.safe_load", "yaml.load", "yaml.full_load", "yaml.load_all", "yaml.safe_load_all",
    "json.load", "json.loads",
})
_PARSERS = frozenset({"configparser.ConfigParser", "configparser.RawConfigParser",
                      "configparser.SafeConfigParser"})
_CONFIG_NAME = re.compile(r"(config|settings|conf\b|\.ini$|\.cfg$|\.conf$|rc$)", re.I)
_KNOWN_PLACES = re.compile(r"^(/etc/|~/\.config/|~/\.)")
_DOTENV = frozenset({"dotenv.load_dotenv", "dotenv.dotenv_values", "dotenv.main.load_dotenv",
                     "dotenv.main.dotenv_values"})
_CLI_ROOTS = frozenset({"args", "opts", "options", "arguments", "ns", "namespace", "cli_args"})


def _open_target(ff: FileFacts, node: ast.expr, with_names: dict[str, ast.expr]
                 ) -> ast.expr | None:
    """Return the path behind ``open(P)``, ``Path(P).open()``, ``P.read_text()`` or ``f``.

    ``f`` is a name bound by ``with open(P) as f``.
    """
    if isinstance(node, ast.Name):
        return with_names.get(node.id)
    if not isinstance(node, ast.Call):
        return None
    func = node.func
    if isinstance(func, ast.Name) and func.id == "open" and node.args:
        return node.args[0]
    if isinstance(func, ast.Attribute) and func.attr in ("open", "read_text", "read_bytes"):
        inner = func.value
        if isinstance(inner, ast.Call) and inner.args and (dotted(inner.func) or "").endswith(
                "Path"):
            return inner.args[0]
        return inner
    return None


def _key_for_path(ff: FileFacts, path: ast.expr) -> str | None:
    """Return the override key of a config path, or None when it is not config-like."""
    for node in ast.walk(path):
        if isinstance(node, ast.Call) and is_env_call(ff, node) and node.args:
            return "$" + (string_value(node.args[0]) or "?")
        if isinstance(node, ast.Subscript) and is_env_mapping(ff, node.value):
            return "$" + (string_value(node.slice) or "?")
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                and node.value.id in _CLI_ROOTS:
            return "--" + node.attr.replace("_", "-")
    text = string_value(path)
    if text is None and isinstance(path, ast.Name):
        text = ff.names.constants.get(path.id)
    if text is None and isinstance(path, ast.Call):
        # expanduser("~/.app.ini"), Path("/etc/app.toml"): the literal inside names the file.
        text = next((string_value(a) for a in path.args if string_value(a)), None)
    if text and (_KNOWN_PLACES.match(text) or _CONFIG_NAME.search(text.rsplit("/", 1)[-1])):
        return text
    return None


def detect_config_files(ff: FileFacts) -> None:
    """Record config files the module loads from a configurable or known location."""
    with_names: dict[str, ast.expr] = {}
    for node in ff.index.withs:
        for item in node.items:
            target = _open_target(ff, item.context_expr, {})
            if target is not None and isinstance(item.optional_vars, ast.Name):
                with_names[item.optional_vars.id] = target
    _dotenv_files(ff)
    parsers: set[str] = set()
    for call in ff.index.calls:
        if ff.names.qualify(call.func) in _PARSERS:
            parsers.update(_bound_names(ff, call))
    for call in ff.index.calls:
        path = _loaded_path(ff, call, parsers, with_names)
        if path is None:
            continue
        elements = path.elts if isinstance(path, ast.List | ast.Tuple) else [path]
        for element in elements:
            key = _key_for_path(ff, element)
            if key is not None:
                ff.add(KeyKind.FILE, key, call, "config-file")


def _dotenv_files(ff: FileFacts) -> None:
    """python-dotenv: the file it loads (.env by default) fills the environment."""
    for call in ff.index.calls:
        if ff.names.qualify(call.func) in _DOTENV:
            target = call.args[0] if call.args else next(
                (k.value for k in call.keywords if k.arg == "dotenv_path"), None)
            name = ".env" if target is None else (_key_for_path(ff, target) or string_value(
                target) or f"load_dotenv({source_text(target)})")
            ff.add(KeyKind.FILE, name, call, "config-file")


def _loaded_path(ff: FileFacts, call: ast.Call, parsers: set[str],
                 with_names: dict[str, ast.expr]) -> ast.expr | None:
    """Return the path a loader call or a config parser's ``read`` reads, None for others."""
    func = call.func
    if ff.names.qualify(func) in _LOADERS and call.args:
        return _open_target(ff, call.args[0], with_names)
    if isinstance(func, ast.Attribute) and func.attr in ("read", "read_file") \
            and isinstance(func.value, ast.Name) and func.value.id in parsers and call.args:
        arg = call.args[0]
        return arg if func.attr == "read" else _open_target(ff, arg, with_names)
    return None


def _bound_names(ff: FileFacts, call: ast.Call) -> set[str]:
    """Names a parser constructor is assigned to anywhere in the module."""
    names: set[str] = set()
    for statement in ast.walk(ff.index.tree):
        if isinstance(statement, ast.Assign) and statement.value is call:
            names.update(t.id for t in statement.targets if isinstance(t, ast.Name))
    return names
