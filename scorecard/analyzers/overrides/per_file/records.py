"""The facts one file contributes, as small records that travel as compact JSON rows.

Per-file results are cached by blob id and cross process boundaries, so each record has a
``to_row``/``from_row`` pair and holds only what the file itself says (its path and content).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

__all__ = ["KeyKind", "OpsConstant", "OverrideKey", "Status", "source_category"]


class KeyKind(StrEnum):
    """How an operator sets an override key."""

    ENV = "env"  # an environment variable name
    CLI = "cli"  # a command-line option such as --port
    FILE = "file"  # a configuration file (path, or the env/CLI key that names it)


class Status(StrEnum):
    """How an operational constant can be changed without editing code."""

    OVERRIDABLE = "overridable"  # from env/CLI/config/settings, or the default of one
    API = "api"  # a parameter default of a public function or class (the library case)
    HARD = "hard"  # a literal nobody can change without a code edit
    POLICY = "policy"  # security or business policy: reported apart, not scored
    LOW = "low"  # low-confidence clamp literal: listed only
    FIELD = "field"  # a class attribute default: a settings field or not, decided repo-wide


# Mechanism -> its override-surface category (env, cli, file, settings, ...).
_SOURCE_CATEGORIES = {
    "pydantic-settings": "settings class",
    "environ-config": "settings class",
    "dynaconf": "settings class",
    # Go structs whose fields name their variables in tags: Go's settings classes.
    "env-tag": "settings class",
    "envconfig": "settings class",
    "click": "cli",
    "typer": "cli",
    "argparse": "cli",
    "configargparse": "cli",
    "optparse": "cli",
    "tornado.options": "cli",
    "config-file": "config file",
    "flask-config-file": "config file",
}


def source_category(source: str, kind: str) -> str:
    """Return the B5 category (env, cli, config file, settings class) of a key's source."""
    if kind == KeyKind.FILE:
        return "config file"
    category = _SOURCE_CATEGORIES.get(source)
    if category is not None:
        return category
    return "cli" if kind == KeyKind.CLI else "env"


@dataclass(frozen=True)
class OverrideKey:
    """One place where code reads an override key."""

    kind: str
    name: str
    line: int
    source: str  # the mechanism: os.environ, wrapper:envbool, pydantic-settings, click, ...
    required: bool = False  # no default: the program fails or misbehaves when unset
    default: str | None = None  # source text of the default stated in code

    def to_row(self) -> list[Any]:
        """Compact row for the per-file cache."""
        return [self.kind, self.name, self.line, self.source, self.required, self.default]

    @classmethod
    def from_row(cls, row: list[Any]) -> OverrideKey:
        """Rebuild from :meth:`to_row` output."""
        return cls(str(row[0]), str(row[1]), int(row[2]), str(row[3]), bool(row[4]),
                   None if row[5] is None else str(row[5]))


@dataclass(frozen=True)
class OpsConstant:
    """An operational value (timeout, pool size, host, ...) found in code, and its status."""

    line: int
    label: str  # the constant, keyword or option it is bound to
    value: str  # source text of the literal
    slot: str  # how it was found: assignment, parameter, keyword, call, literal, default, clamp
    category: str  # timeout, retry, interval, pool, size, host, port, url, path, limit, ttl
    status: str
    ref: str = ""  # api: "function:parameter"; field: the qualified class name

    def to_row(self) -> list[Any]:
        """Compact row for the per-file cache."""
        return [self.line, self.label, self.value, self.slot, self.category, self.status,
                self.ref]

    @classmethod
    def from_row(cls, row: list[Any]) -> OpsConstant:
        """Rebuild from :meth:`to_row` output."""
        return cls(int(row[0]), str(row[1]), str(row[2]), str(row[3]), str(row[4]),
                   str(row[5]), str(row[6]))
