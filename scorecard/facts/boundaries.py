"""The boundaries analyzer's facts: the import graph's cycles, contracts, names and coupling."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["BoundariesFacts", "ContractRow", "CouplingRow", "CycleRow", "PackageCycleRow"]


@dataclass(frozen=True)
class CycleRow:
    """An import cycle between modules (its first ten members)."""

    modules: int
    members: tuple[str, ...]
    chain: str


@dataclass(frozen=True)
class PackageCycleRow:
    """A cycle between sibling packages of one scope."""

    scope: str
    packages: tuple[str, ...]
    chain: str


@dataclass(frozen=True)
class ContractRow:
    """One layering contract and whether the imports keep it."""

    name: str
    type: str
    origin: str
    kept: bool
    violations: tuple[str, ...]


@dataclass(frozen=True)
class CouplingRow:
    """A module's afferent and efferent coupling."""

    module: str
    fan_in: int
    fan_out: int
    instability: float
    lines: int


@dataclass(frozen=True)
class BoundariesFacts:
    """What the boundaries analyzer found (``details.boundaries``); lists are capped."""

    cycles: tuple[CycleRow, ...]
    package_cycles: tuple[PackageCycleRow, ...]
    contracts: tuple[ContractRow, ...]
    packages_without_all: tuple[str, ...]
    candidate_privates: int
    private_leaks: int
    coupling: tuple[CouplingRow, ...]
    modules: int
    edges: int
    imports: Mapping[str, int]  # import statements by kind, and the total
    external_packages: int
    top_external: tuple[str, ...]
    unresolved_imports: int
    unresolved_examples: tuple[str, ...]
    missing_names: int
    missing_name_examples: tuple[str, ...]
    ambiguous_modules: tuple[str, ...]
