"""Check layers, forbidden and independence contracts against the import graph.

A module name in a contract stands for that module and everything below it, as in
import-linter. Imports are followed transitively (a chain through modules outside the
contract breaks it as surely as a direct import), except where ``allow_indirect_imports``
says otherwise. A chain never runs *through* another layer or another independent module:
that part of the path is its own violation and is reported for its own pair, so each
violation is counted once.

Each violation is one (contract, from, to) pair with one shortest chain of file:line imports
and the number of direct imports between the two.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from scorecard.analyzers.boundaries.contract_config import Contract
from scorecard.analyzers.boundaries.cycles import Chain, shortest_path
from scorecard.analyzers.boundaries.graph import ImportGraph, ImportSite
from scorecard.wording import counted

__all__ = ["ContractOutcome", "Violation", "check_contracts"]

Matcher = Callable[[str], bool]


@dataclass(frozen=True)
class Violation:
    """One broken rule of a contract, with the chain that breaks it."""

    contract: str
    source: str
    target: str
    chain: Chain
    direct: int

    def describe(self) -> str:
        """One line: the rule, the chain and how many imports break it directly."""
        direct = f"; {counted(self.direct, 'direct import')}" if self.direct else ""
        return (f"{self.contract}: {self.source} must not import {self.target}: "
                f"{self.chain.describe()}{direct}")


@dataclass(frozen=True)
class ContractOutcome:
    """A contract's result: kept or broken, and its violations."""

    contract: Contract
    violations: tuple[Violation, ...]


@lru_cache(maxsize=1024)
def _pattern(expression: str) -> re.Pattern[str]:
    parts = []
    for segment in expression.split("."):
        parts.append({"*": r"[^.]+", "**": r"[^.]+(?:\.[^.]+)*"}.get(segment, re.escape(segment)))
    return re.compile(r"\.".join(parts) + r"(?:\..+)?")


def _matcher(expression: str) -> Matcher:
    """Match a module and its descendants; ``*`` is one name, ``**`` any number of names."""
    if "*" not in expression:
        prefix = expression + "."
        return lambda name: name == expression or name.startswith(prefix)
    regex = _pattern(expression)
    return lambda name: regex.fullmatch(name) is not None


def _any(matchers: Sequence[Matcher]) -> Matcher:
    return lambda name: any(m(name) for m in matchers)


class _ContractGraph:
    """The import graph as one contract sees it (type-checking imports, ignored imports)."""

    def __init__(self, graph: ImportGraph, contract: Contract) -> None:
        self.graph = graph
        self.type_checking = not contract.exclude_type_checking
        ignores = [(_matcher(a), _matcher(b)) for a, b in contract.ignore_imports]
        self.ignores = ignores
        self.adjacency: dict[str, list[str]] = {}
        for importer in graph.edges:
            targets = graph.successors(importer, type_checking=self.type_checking)
            self.adjacency[importer] = sorted(
                t for t in targets
                if not any(match_a(importer) and match_b(t) for match_a, match_b in ignores)
            )
        self.names = sorted(graph.modules.by_name)

    def ignored(self, importer: str, imported: str) -> bool:
        """Return whether the contract ignores ``importer -> imported`` (external too)."""
        return any(match_a(importer) and match_b(imported) for match_a, match_b in self.ignores)

    def successors(self, name: str) -> list[str]:
        return self.adjacency.get(name, [])

    def select(self, match: Matcher) -> list[str]:
        return [n for n in self.names if match(n)]

    def chain(self, path: Sequence[str]) -> Chain:
        sites = tuple(self.graph.first_site(a, b, type_checking=self.type_checking)
                      for a, b in zip(path, path[1:], strict=False))
        return Chain(tuple(path), sites)

    def violation(self, contract: Contract, source: str, target: str,
                  avoid: Sequence[str] = (), indirect: bool = True) -> Violation | None:
        """Find a shortest chain from ``source`` to ``target`` (both module expressions)."""
        from_match, to_match = _matcher(source), _matcher(target)
        sources = self.select(from_match)
        blocked = _any([_matcher(a) for a in avoid])
        direct = sum(1 for s in sources for t in self.successors(s) if to_match(t))
        if not indirect:
            if not direct:
                return None
            first = min((s, t) for s in sources for t in self.successors(s) if to_match(t))
            return Violation(contract.name, source, target, self.chain(first), direct)
        path = shortest_path(sources, to_match, self.successors,
                             allowed=lambda m: from_match(m) or not blocked(m))
        if path is None:
            return None
        return Violation(contract.name, source, target, self.chain(path), direct)


def _layers(view: _ContractGraph, contract: Contract, problems: list[str]) -> list[Violation]:
    found: list[Violation] = []
    for container in contract.containers or ("",):
        layers = _present_layers(view, contract, container, problems)
        every = [m for present, _ in layers for m in present]
        for high_index, (higher, independent) in enumerate(layers):
            pairs = [(a, b) for a in higher for b in higher if a != b] if independent else []
            pairs.extend((low, high) for lower, _ in layers[high_index + 1:]
                         for low in lower for high in higher)
            for source, target in pairs:
                avoid = [m for m in every if m not in (source, target)]
                _add(found, view.violation(contract, source, target, avoid))
    return found


def _present_layers(view: _ContractGraph, contract: Contract, container: str,
                    problems: list[str]) -> list[tuple[tuple[str, ...], bool]]:
    """Return each layer's modules found in the graph, and whether they stay independent.

    A missing module of a layer that is not optional is a problem of the contract.
    """
    layers = []
    for layer in contract.layers:
        names = tuple(f"{container}.{m}" if container else m for m in layer.modules)
        present = tuple(n for n in names if view.select(_matcher(n)))
        if len(present) < len(names) and not layer.optional:
            missing = ", ".join(n for n in names if n not in present)
            problems.append(f"contract '{contract.name}': layer module {missing} not found")
        layers.append((present, layer.independent))
    return layers


def _forbidden(view: _ContractGraph, contract: Contract) -> list[Violation]:
    found: list[Violation] = []
    modules = view.graph.modules
    for source in contract.source_modules:
        for target in contract.forbidden_modules:
            if modules.is_first_party(target):
                _add(found, view.violation(contract, source, target,
                                           indirect=not contract.allow_indirect))
            else:
                _add(found, _external(view, contract, source, target))
    return found


def _external(view: _ContractGraph, contract: Contract, source: str, package: str
              ) -> Violation | None:
    """Find a first-party chain that ends in a direct import of a forbidden external package."""
    top = package.partition(".")[0]
    sites = view.graph.external_sites
    # import-linter's ignore_imports applies to external packages too.
    importers = {m for m, tops in sites.items() if top in tops
                 and not view.ignored(m, package) and not view.ignored(m, top)}
    from_match = _matcher(source)
    sources = view.select(from_match)
    direct = sorted(s for s in sources if s in importers)
    if direct:
        path: list[str] | None = [direct[0]]
    elif contract.allow_indirect:
        return None
    else:
        path = shortest_path(sources, importers.__contains__, view.successors)
    if path is None:
        return None
    chain = view.chain(path)
    last: ImportSite = sites[path[-1]][top]
    chain = Chain((*chain.modules, top), (*chain.sites, last))
    return Violation(contract.name, source, package, chain, len(direct))


def _independence(view: _ContractGraph, contract: Contract) -> list[Violation]:
    found: list[Violation] = []
    for a in contract.modules:
        for b in contract.modules:
            if a != b:
                avoid = [m for m in contract.modules if m not in (a, b)]
                _add(found, view.violation(contract, a, b, avoid))
    return found


def _add(found: list[Violation], violation: Violation | None) -> None:
    if violation is not None:
        found.append(violation)


def check_contracts(graph: ImportGraph, contracts: Sequence[Contract]
                    ) -> tuple[list[ContractOutcome], list[str]]:
    """Evaluate every contract; return outcomes and problems (e.g. layers that do not exist)."""
    outcomes: list[ContractOutcome] = []
    problems: list[str] = []
    for contract in contracts:
        view = _ContractGraph(graph, contract)
        if contract.kind == "layers":
            violations = _layers(view, contract, problems)
        elif contract.kind == "forbidden":
            violations = _forbidden(view, contract)
        else:
            violations = _independence(view, contract)
        outcomes.append(ContractOutcome(contract, tuple(violations)))
    return outcomes, problems
