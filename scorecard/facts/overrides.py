"""The overrides analyzer's facts: the project's kind, its environment names and its knobs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["DynamicRead", "EnvRow", "KnobRow", "OverridesFacts", "Removal", "SecretLooking",
           "StaleName"]


@dataclass(frozen=True)
class EnvRow:
    """An environment variable the application reads, over all its read sites."""

    name: str
    required: bool
    default: str | None
    documented: bool
    sites: int
    first: str  # path:line of its first read site
    sources: tuple[str, ...]  # the mechanisms that read it


@dataclass(frozen=True)
class DynamicRead:
    """A read whose name is computed, so no name can be checked."""

    path: str
    line: int
    code: str
    what: str


@dataclass(frozen=True)
class StaleName:
    """A documented name the code no longer reads, and where the docs mention it."""

    name: str
    where: str


@dataclass(frozen=True)
class Removal:
    """The newest commit that changed how often a name occurs in Python code."""

    name: str
    commit: str
    date: str
    subject: str


@dataclass(frozen=True)
class KnobRow:
    """An operational constant and whether operators can override it."""

    path: str
    line: int
    label: str
    value: str
    category: str
    slot: str
    status: str


@dataclass(frozen=True)
class SecretLooking:
    """A committed environment value that looks like a secret (its value is never shown)."""

    path: str
    line: int
    name: str


@dataclass(frozen=True)
class OverridesFacts:
    """What the overrides analyzer found (``details.overrides``); lists are capped."""

    headline: float | None
    kind: str  # the project kind (scorecard.analyzers.project_kind.KINDS)
    kind_reason: str
    env_prefix: str
    env: tuple[EnvRow, ...]
    system_env: tuple[str, ...]
    ci_or_tooling_env: tuple[str, ...]
    cli: tuple[str, ...]
    config_files: tuple[str, ...]
    sources: Mapping[str, int]  # override category -> distinct keys
    mechanisms: Mapping[str, int]  # read mechanism -> read sites
    dynamic_reads: tuple[DynamicRead, ...]
    wrappers: tuple[str, ...]
    settings_classes: tuple[str, ...]
    stale: tuple[StaleName, ...]
    excused: Mapping[str, str]
    removals: tuple[Removal, ...]
    constants: Mapping[str, int]  # "scored" and the count per knob status
    knobs: tuple[KnobRow, ...]
    doc_files: int
    deploy_files: tuple[str, ...]
    committed_env_values_that_look_secret: tuple[SecretLooking, ...]
