"""Parse small settings files (TOML, YAML, JSON, INI, Python) as data, never as code.

Settings files are read to list their keys. Each parser is the safe one (``yaml.safe_load``,
``tomllib``); a ``.py`` settings file is parsed with ``ast`` and only its upper-case
module-level assignments are listed, so repository code is never executed. Invalid files
produce a one-line reason (templated YAML such as Helm charts is a common cause).
"""

from __future__ import annotations

import ast
import configparser
import importlib
import tomllib
from typing import Any

from scorecard.safejson import load_json

__all__ = ["parse_settings"]


def _yaml(text: str) -> Any:
    try:
        # PyYAML is optional for scorecard; without it YAML settings files are not listed.
        yaml = importlib.import_module("yaml")
    except ImportError as exc:
        raise ValueError("PyYAML is not installed") from exc
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ValueError(str(exc).splitlines()[0] if str(exc) else "invalid YAML") from exc


def _ini(text: str) -> dict[str, Any]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read_string(text)
    data: dict[str, Any] = {k: v for k, v in parser.defaults().items()}
    for section in parser.sections():
        data[section] = {k: v for k, v in parser.items(section, raw=True)}
    return data


def _python(text: str) -> dict[str, Any]:
    tree = ast.parse(text)
    data: dict[str, Any] = {}
    for statement in tree.body:
        if isinstance(statement, ast.Assign):
            for target in statement.targets:
                if isinstance(target, ast.Name) and target.id.isupper():
                    data[target.id] = None
    return data


def parse_settings(name: str, text: str) -> tuple[dict[str, Any] | None, str | None]:
    """Return (data, None) or (None, reason) for a settings file, chosen by extension."""
    lower = name.lower()
    try:
        if lower.endswith(".toml"):
            data: Any = tomllib.loads(text)
        elif lower.endswith((".yaml", ".yml")):
            data = _yaml(text)
        elif lower.endswith(".json"):
            data = load_json(text)
        elif lower.endswith((".ini", ".cfg", ".conf")):
            data = _ini(text)
        elif lower.endswith(".py"):
            data = _python(text)
        else:
            return None, "unknown settings file type"
    except (ValueError, configparser.Error, SyntaxError, RecursionError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return None, f"not valid: {reason}"
    if data is None:
        return {}, None
    if not isinstance(data, dict):
        return None, "not a mapping at the top level"
    return data, None
