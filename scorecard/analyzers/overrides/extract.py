"""The per-file step: every override fact one Python module states, as a JSON-able dict.

It runs in worker processes on the scan's shared tree and may depend only on the file's
path and content (results are cached by blob id). Anything that needs other files
(wrappers defined elsewhere, settings bases in another module, dynaconf's TOML files) is
recorded here as a reference and resolved in the summary.
"""

from __future__ import annotations

import ast
import re
from typing import Any

from scorecard.analyzers.overrides.libraries.argparse_options import detect_argparse
from scorecard.analyzers.overrides.libraries.click_options import detect_click
from scorecard.analyzers.overrides.libraries.config_files import detect_config_files
from scorecard.analyzers.overrides.libraries.dynaconf_source import detect_dynaconf
from scorecard.analyzers.overrides.libraries.flask_config import detect_flask_config
from scorecard.analyzers.overrides.libraries.readers import detect_readers
from scorecard.analyzers.overrides.libraries.settings_classes import collect_classes
from scorecard.analyzers.overrides.libraries.typer_options import detect_typer
from scorecard.analyzers.overrides.libraries.wrappers import collect_wrapper_facts
from scorecard.analyzers.overrides.operational.constants import (
    configured_keywords,
    detect_constants,
)
from scorecard.analyzers.overrides.per_file.envreads import detect_env_reads
from scorecard.analyzers.overrides.per_file.filefacts import FileFacts
from scorecard.analyzers.overrides.per_file.markers import detect_markers
from scorecard.analyzers.overrides.per_file.names import module_names
from scorecard.analyzers.overrides.per_file.treeindex import index_tree
from scorecard.analyzers.path_roles import module_name

__all__ = ["extract_file"]

# Keys of ``FileFacts.extra`` that are scratch state, not results.
_SCRATCH = ("_locals",)
_ENV_SHAPED = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$")
_MAX_NAMES = 500
# What `name.startswith(...)` keeps when it filters environment names: SCORECARD_, APP_.
_ENV_PREFIX = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*_$")


def _prefix_filters(calls: list[ast.Call], constants: dict[str, str]) -> list[list[Any]]:
    """Return [prefix, line] for each ``x.startswith(P)`` whose P is an env-name prefix.

    ``for name in environ: if name.startswith("APP_")`` reads every variable the prefix
    names without naming any; P may be a literal or a module constant bound to one.
    """
    found: list[list[Any]] = []
    for call in calls:
        func = call.func
        if isinstance(func, ast.Attribute) and func.attr == "startswith" and call.args:
            found.extend([value, call.lineno] for value in _strings(call.args[0], constants)
                         if _ENV_PREFIX.match(value))
    return found


def _strings(node: ast.expr, constants: dict[str, str]) -> list[str]:
    """Return the strings a literal, a constant's name or a tuple of them stands for."""
    options = node.elts if isinstance(node, ast.Tuple) else [node]
    values = [option.value if isinstance(option, ast.Constant) else
              constants.get(option.id) if isinstance(option, ast.Name) else None
              for option in options]
    return [value for value in values if isinstance(value, str)]


def _names_in_code(ff: FileFacts) -> None:
    """Record env-shaped strings that are not read keys, and env-name prefix filters.

    A table feeding a computed read, the environment the program writes for a child, or a
    prefix it keeps: a doc naming such a variable is not stale.
    """
    read = {k.name for k in ff.keys}
    named = sorted({text for text in (str(n.value) for n in ff.index.strings)
                    if _ENV_SHAPED.match(text) and text not in read})
    if named:
        ff.extra["names_in_code"] = named[:_MAX_NAMES]
    filters = _prefix_filters(ff.index.calls, ff.names.constants)
    if filters:
        ff.extra["prefix_filters"] = filters[:_MAX_NAMES]


def extract_file(path: str, tree: ast.Module) -> dict[str, Any]:
    """Detect every override source and operational constant of one parsed module."""
    index = index_tree(tree)
    module = module_name(path)
    names = module_names(index, module, path.endswith("__init__.py"))
    ff = FileFacts(path, index, names)
    # Order matters: sources mark the calls and defaults they own before the generic
    # wrapper and constant rules look at what is left.
    detect_env_reads(ff)
    detect_readers(ff)
    detect_dynaconf(ff)
    detect_flask_config(ff)
    detect_click(ff)
    detect_typer(ff)
    detect_argparse(ff)
    detect_config_files(ff)
    collect_classes(ff)
    detect_markers(ff)
    collect_wrapper_facts(ff)
    if path.endswith("__init__.py") and "__all__" in names.defined:
        ff.markers.add("public_api")  # a package that declares what callers may import
    constants, default_refs = detect_constants(ff)
    _names_in_code(ff)
    for scratch in _SCRATCH:
        ff.extra.pop(scratch, None)
    result: dict[str, Any] = {"module": module}
    parts: dict[str, Any] = {
        "keys": [k.to_row() for k in ff.keys],
        "dynamic": sorted(ff.dynamic, key=lambda row: row[0]),
        "constants": [c.to_row() for c in constants],
        "default_refs": default_refs,
        # Needed even without constants here: the callee's defaults may live in another
        # module.
        "configured": configured_keywords(ff),
        "readers": ff.readers,
        "markers": sorted(ff.markers),
        "stars": names.stars,
        "defined": sorted(names.defined),
        # Kept for every module: a name re-exported here may be what another module's
        # wrapper call, settings base or star import resolves to.
        "aliases": names.aliases,
    }
    # An empty part is left out: most modules state few kinds of fact.
    result.update((key, value) for key, value in parts.items() if value)
    result.update(ff.extra)
    return result
