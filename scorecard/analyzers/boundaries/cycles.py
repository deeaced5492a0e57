"""Import cycles: strongly connected components, each shown with one concrete closing chain.

Module cycles are the non-trivial strongly connected components (SCCs) of the module graph.
Package cycles are found between siblings (scopes as :mod:`.module_names` defines them, for
every language): for every package, its direct children
(subpackages and modules) are nodes, and child A depends on child B when any module inside A
imports any module inside B. An import between a package and its own descendants is not a
sibling edge, so the ubiquitous ``pkg/__init__.py`` re-exporting ``pkg.sub`` is not a package
cycle (it is still a module cycle when ``pkg.sub`` imports ``pkg`` back).

Every algorithm is iterative: very deep packages and thousands of modules must not hit
Python's recursion limit.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from scorecard.analyzers.boundaries.graph import ImportGraph, ImportSite
from scorecard.analyzers.boundaries.module_names import join_name, name_parts

__all__ = [
    "Chain",
    "Cycle",
    "module_cycles",
    "package_cycles",
    "shortest_path",
    "strongly_connected",
]

Successors = Callable[[str], Iterable[str]]


@dataclass(frozen=True)
class Chain:
    """A path through the graph: the modules in order and the import site of each hop."""

    modules: tuple[str, ...]
    sites: tuple[ImportSite, ...]

    def describe(self) -> str:
        """Render ``a -> b (a.py:3) -> c (b.py:7)``: every hop with the line that makes it."""
        parts = [self.modules[0]]
        for module, site in zip(self.modules[1:], self.sites, strict=True):
            parts.append(f"{module} ({site.path}:{site.line})")
        return " -> ".join(parts)


@dataclass(frozen=True)
class Cycle:
    """One strongly connected component and a shortest cycle through its first member."""

    members: tuple[str, ...]
    chain: Chain
    scope: str = ""  # for package cycles: the package whose children form the cycle


def strongly_connected(nodes: Sequence[str], successors: Successors) -> list[list[str]]:
    """Tarjan's algorithm without recursion; returns every component (singletons included)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for start in nodes:
        if start in index:
            continue
        work: list[tuple[str, Iterable[str]]] = []
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        work.append((start, iter(successors(start))))
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(successors(child))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(sorted(component))
    return components


def shortest_path(sources: Iterable[str], is_target: Callable[[str], bool],
                  successors: Successors, allowed: Callable[[str], bool] | None = None,
                  ) -> list[str] | None:
    """Breadth-first search from several sources; return the module path to the first target.

    The path has at least one hop, so a source that is itself a target only counts when it is
    reached again. ``allowed`` limits the intermediate modules.
    """
    parents: dict[str, str | None] = {}
    queue: deque[str] = deque()
    for source in sorted(set(sources)):
        parents[source] = None
        queue.append(source)
    while queue:
        node = queue.popleft()
        for child in sorted(successors(node)):
            if is_target(child):
                path = [child, node]
                step = parents[node]
                while step is not None:
                    path.append(step)
                    step = parents[step]
                path.reverse()
                return path
            if child in parents:
                continue
            if allowed is not None and not allowed(child):
                continue
            parents[child] = node
            queue.append(child)
    return None


def _cycle_through(component: Sequence[str], successors: Successors) -> list[str]:
    """Return a shortest cycle from the component's first member back to it, inside it."""
    members = set(component)
    start = component[0]
    path = shortest_path([start], start.__eq__, successors, allowed=members.__contains__)
    assert path is not None  # a strongly connected component has a cycle through each member
    return path


def _adjacent(adjacency: Mapping[str, Sequence[str]]) -> Successors:
    def successors(node: str) -> Sequence[str]:
        return adjacency.get(node, ())
    return successors


def _chain(graph: ImportGraph, modules: Sequence[str], type_checking: bool) -> Chain:
    sites = tuple(graph.first_site(a, b, type_checking=type_checking)
                  for a, b in zip(modules, modules[1:], strict=False))
    return Chain(tuple(modules), sites)


def module_cycles(graph: ImportGraph, *, type_checking: bool) -> list[Cycle]:
    """Every module cycle, largest first, each with a shortest chain through its first member."""

    def successors(node: str) -> list[str]:
        return graph.successors(node, type_checking=type_checking)

    nodes = sorted(graph.modules.by_name)
    cycles = []
    for component in strongly_connected(nodes, successors):
        if len(component) < 2:
            continue
        path = _cycle_through(component, successors)
        cycles.append(Cycle(tuple(component), _chain(graph, path, type_checking)))
    cycles.sort(key=lambda c: (-len(c.members), c.members))
    return cycles


def _sibling_edges(graph: ImportGraph, type_checking: bool
                   ) -> dict[str, dict[tuple[str, str], tuple[str, str]]]:
    """Map scope -> (child A, child B) -> the first (importer, imported) pair witnessing it."""
    scopes: dict[str, dict[tuple[str, str], tuple[str, str]]] = {}
    for importer in sorted(graph.edges):
        a = name_parts(importer)
        for imported in sorted(graph.successors(importer, type_checking=type_checking)):
            b = name_parts(imported)
            common = 0
            while common < min(len(a), len(b)) and a[common] == b[common]:
                common += 1
            if common in (len(a), len(b)):
                continue  # one contains the other: a package and its own descendants
            # The direct children of the common scope that hold each side.
            pair = (join_name(a[:common + 1]), join_name(b[:common + 1]))
            scopes.setdefault(join_name(a[:common]), {}).setdefault(pair, (importer, imported))
    return scopes


def _is_package(graph: ImportGraph, name: str) -> bool:
    info = graph.modules.lookup(name)
    # A child with no module of its own but modules below it is a namespace package.
    return info is None or info.is_package


def package_cycles(graph: ImportGraph, *, type_checking: bool) -> list[Cycle]:
    """Cycles among sibling packages; each hop is witnessed by one concrete module import."""
    cycles = []
    for scope, pairs in sorted(_sibling_edges(graph, type_checking).items()):
        adjacency: dict[str, list[str]] = {}
        for a, b in pairs:
            adjacency.setdefault(a, []).append(b)
        nodes = sorted({n for pair in pairs for n in pair})
        successors = _adjacent(adjacency)
        for component in strongly_connected(nodes, successors):
            if len(component) < 2 or not any(_is_package(graph, n) for n in component):
                continue  # modules alone are reported as module cycles
            path = _cycle_through(component, successors)
            cycles.append(Cycle(tuple(component),
                                _witness_chain(graph, path, pairs, type_checking), scope))
    cycles.sort(key=lambda c: (-len(c.members), c.scope, c.members))
    return cycles


def _witness_chain(graph: ImportGraph, children: Sequence[str],
                   pairs: Mapping[tuple[str, str], tuple[str, str]],
                   type_checking: bool) -> Chain:
    """Show a package chain by package names, each hop's site from a witnessing import."""
    sites = []
    for a, b in zip(children, children[1:], strict=False):
        importer, imported = pairs[(a, b)]
        sites.append(graph.first_site(importer, imported, type_checking=type_checking))
    return Chain(tuple(children), tuple(sites))
