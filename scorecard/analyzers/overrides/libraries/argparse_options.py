"""argparse, configargparse, optparse and tornado.options command-line options.

Rules:

- ``parser.add_argument("--x", default=...)`` (``add_option`` for optparse) is the CLI key
  ``--x`` (the first long flag, else the first flag). Positional arguments are inputs, not
  overrides. ``required=True`` makes it required.
- configargparse: ``env_var="X"`` adds env ``X``; ``auto_env_var_prefix="P"`` on the parser
  adds ``P`` + the destination in upper case for every option of the module;
  ``is_config_file=True`` options and ``default_config_files`` are config-file sources.
- ``default=os.getenv("X", d)`` needs nothing special: the env read is found on its own,
  and the literal ``d`` is the default of both.
- tornado: ``define("port", default=8888)`` is the CLI key ``--port``;
  ``options.parse_config_file(path)`` loads a config file.
"""

from __future__ import annotations

import ast

from scorecard.analyzers.overrides.per_file.filefacts import FileFacts
from scorecard.analyzers.overrides.per_file.keyexpr import source_text
from scorecard.analyzers.overrides.per_file.names import string_value
from scorecard.analyzers.overrides.per_file.records import KeyKind

__all__ = ["detect_argparse"]

_PARSERS = frozenset({"argparse.ArgumentParser", "optparse.OptionParser"})
_CONFIGARGPARSE = frozenset({"configargparse.ArgParser", "configargparse.ArgumentParser",
                             "configargparse.getArgumentParser",
                             "configargparse.get_argument_parser"})
_DEFINE = frozenset({"tornado.options.define"})


def _flag_value(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


def _parser_settings(ff: FileFacts) -> tuple[str | None, str]:
    """Return (auto env prefix, parser library) declared by the module's parser."""
    prefix: str | None = None
    library = "argparse"
    for call in ff.index.calls:
        qualified = ff.names.qualify(call.func)
        if qualified in _PARSERS:
            ff.markers.add("cli")
            library = "optparse" if qualified.startswith("optparse") else library
        elif qualified in _CONFIGARGPARSE:
            ff.markers.add("cli")
            library = "configargparse"
            for item in call.keywords:
                if item.arg == "auto_env_var_prefix":
                    prefix = string_value(item.value)
                elif item.arg == "default_config_files" and isinstance(
                        item.value, ast.List | ast.Tuple):
                    for element in item.value.elts:
                        ff.add(KeyKind.FILE, string_value(element) or source_text(element),
                               call, "configargparse")
    return prefix, library


def detect_argparse(ff: FileFacts) -> None:
    """Record argparse-family and tornado options of the module."""
    prefix, library = _parser_settings(ff)
    for call in ff.index.calls:
        func = call.func
        if isinstance(func, ast.Attribute) and func.attr in ("add_argument", "add_option"):
            _record_argument(ff, call, prefix,
                             "optparse" if func.attr == "add_option" else library)
        elif ff.names.qualify(func) in _DEFINE and call.args:
            name = string_value(call.args[0])
            if name:
                ff.handled_calls.add(id(call))
                ff.markers.add("cli")
                default = next((k.value for k in call.keywords if k.arg == "default"), None)
                ff.add(KeyKind.CLI, "--" + name, call, "tornado.options", default=default)
        elif isinstance(func, ast.Attribute) and func.attr == "parse_config_file" and call.args:
            target = call.args[0]
            ff.add(KeyKind.FILE, string_value(target) or source_text(target), call,
                   "tornado.options")


def _record_argument(ff: FileFacts, call: ast.Call, prefix: str | None, library: str) -> None:
    decls = [s for s in (string_value(a) for a in call.args) if s]
    keywords = {k.arg: k.value for k in call.keywords if k.arg}
    flags = [d for d in decls if d.startswith("-")]
    env_var = string_value(keywords.get("env_var"))
    if not flags and env_var is None:
        return  # a positional argument: an input of the program, not an override
    ff.handled_calls.add(id(call))
    default = keywords.get("default")
    if env_var is not None:
        library = "configargparse"
        ff.add(KeyKind.ENV, env_var, call, library, default=default)
    if not flags:
        return
    long_flags = [d for d in flags if d.startswith("--")]
    flag = (long_flags or flags)[0]
    if _flag_value(keywords.get("is_config_file")) or _flag_value(
            keywords.get("is_config_file_arg")):
        ff.add(KeyKind.FILE, flag, call, library)
        return
    ff.add(KeyKind.CLI, flag, call, library,
           required=_flag_value(keywords.get("required")) and default is None, default=default)
    if prefix is not None and env_var is None and long_flags:
        dest = string_value(keywords.get("dest")) or long_flags[0][2:].replace("-", "_")
        ff.add(KeyKind.ENV, prefix + dest.upper(), call, "configargparse", default=default)
