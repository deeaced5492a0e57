"""Boundaries analyzer (simplicity, evolvability): how well code keeps its abstraction boundaries.

The per-file step reads each Python module's imports, re-exports, ``__all__`` and attribute
chains on imported names from the shared ``ast`` tree (see ``imports``), and the imports of
JavaScript, TypeScript and Go files from their tree-sitter trees (``syntax_imports``); it
depends on the file's text only, so it is cached by blob id. The summary names the modules
(``modules``; ``polyglot_graph`` for the other languages), resolves the import graph
(``graph``) and measures cycles, architecture contracts and coupling over every language,
and private names used across packages and declared public APIs over Python's modules (the
only ones whose names are read).

``ast`` suffices throughout: the one thing libcst's scope and qualified-name metadata would
add is local shadowing of an imported name, which is rare, at about nine times the cost.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from scorecard.analyzers.base import (
    Analyzer,
    AnalyzerOutput,
    FileInput,
    FileKind,
    FileResult,
    ScanContext,
)
from scorecard.analyzers.boundaries.contract_config import ReadFile, load_contracts
from scorecard.analyzers.boundaries.contracts import ContractOutcome, check_contracts
from scorecard.analyzers.boundaries.cycles import Cycle, module_cycles, package_cycles
from scorecard.analyzers.boundaries.graph import ImportGraph, build_graph
from scorecard.analyzers.boundaries.imports import extract_imports
from scorecard.analyzers.boundaries.module_coupling import Coupling, measure_coupling
from scorecard.analyzers.boundaries.modules import ModuleMap, map_modules
from scorecard.analyzers.boundaries.name_references import collect_references, missing_names
from scorecard.analyzers.boundaries.polyglot_graph import (
    graphed_system,
    join_module_systems,
    module_systems,
)
from scorecard.analyzers.boundaries.private import private_leaks
from scorecard.analyzers.boundaries.public_api import api_status, candidate_privates
from scorecard.analyzers.boundaries.syntax_imports import extract_syntax_imports
from scorecard.analyzers.path_roles import NOT_PRODUCT_CODE, path_role
from scorecard.analyzers.source_share import source_share, withheld
from scorecard.facts.boundaries_facts import (
    BoundariesFacts,
    ContractRow,
    CouplingRow,
    CycleRow,
    PackageCycleRow,
)
from scorecard.globs import GlobSet
from scorecard.languages import language_for_path
from scorecard.model import (
    FINDINGS_BOUND,
    Direction,
    Finding,
    Location,
    Measurement,
    Metric,
    Problem,
)
from scorecard.wording import agree, counted, counted_of

__all__ = ["BoundariesAnalyzer", "BoundariesOptions"]

MAX_FINDINGS = FINDINGS_BOUND  # every finding is kept (see FINDINGS_BOUND)
MAX_DETAILS = 20  # rows per list in the report details

CYCLES = "boundaries.modules_in_cycles_share"
PACKAGE_CYCLES = "boundaries.package_cycles"
CONTRACTS = "boundaries.contract_violations"
PRIVATE = "boundaries.private_reference_share"
DECLARED_API = "boundaries.declared_api_share"
GODS = "boundaries.god_module_share"
UNSTABLE = "boundaries.unstable_dependency_share"
CANDIDATES = "boundaries.candidate_private_share"


def _percent(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 2) if whole else 0.0


def _cycle_finding(metric: str, cycle: Cycle, noun: str) -> Finding:
    site = cycle.chain.sites[0]
    where = f" in {cycle.scope}" if cycle.scope else ""
    return Finding(metric, Location(site.path, site.line),
                   f"{counted(len(cycle.members), noun)} in a cycle{where}: "
                   f"{cycle.chain.describe()}",
                   float(len(cycle.members)), cycle.chain.modules[0])


def _reader(ctx: ScanContext) -> ReadFile:
    def read(name: str) -> bytes | None:
        try:
            return ctx.view.read_bytes(name)
        except OSError:
            return None  # absent or unreadable: there is simply no such configuration
    return read


@dataclass(frozen=True)
class BoundariesOptions:
    """[tool.scorecard.boundaries]."""

    # Folders importable as top level; empty: detect (see modules).
    source_roots: list[str] = field(default_factory=list)
    # Layers / forbidden / independence tables, with import-linter's keys.
    contracts: list[Any] = field(default_factory=list)
    read_importlinter: bool = True  # also check the repository's own import-linter contracts
    exclude_type_checking_imports: bool = False  # for contracts, as import-linter's option
    cycles_include_type_checking: bool = False  # TYPE_CHECKING imports never run
    private_exempt_paths: list[str] = field(default_factory=lambda: [
        "tests", "test", "testing", "conftest.py", "test_*.py", "*_test.py"])
    god_lines: int = 2000
    hub_fan_in: int = 15
    hub_fan_out: int = 15


class BoundariesAnalyzer(Analyzer):
    """Import graph, cycles, contracts, private names, public API and coupling."""

    name = "boundaries"
    # 2: JavaScript, TypeScript and Go files' imports; 3: import() in a type; 4: a module
    # of types only
    version = "4"
    file_kind = FileKind.PYTHON
    facts_type = BoundariesFacts
    options_type = BoundariesOptions
    metrics = (
        Metric(CYCLES, "Share of first-party modules that are part of an import cycle "
                       "(TYPE_CHECKING-only imports excluded)", Direction.LOWER_IS_BETTER, "%"),
        Metric(PACKAGE_CYCLES, "Number of dependency cycles between sibling packages",
               Direction.LOWER_IS_BETTER, "cycles"),
        Metric(CONTRACTS, "Number of broken rules of the configured layers, forbidden and "
                          "independence contracts", Direction.LOWER_IS_BETTER, "violations"),
        Metric(PRIVATE, "Share of cross-package references that reach a private name "
                        "(_module, _function, Klass._member)", Direction.LOWER_IS_BETTER, "%"),
        Metric(DECLARED_API, "Share of packages with public names whose __init__.py declares "
                             "a matching __all__", Direction.HIGHER_IS_BETTER, "%"),
        Metric(GODS, "Share of modules that are heavily imported and also very large or "
                     "heavily importing (god modules)", Direction.LOWER_IS_BETTER, "%"),
        Metric(UNSTABLE, "Share of import edges that point at a less stable module "
                         "(Stable Dependencies Principle)", Direction.LOWER_IS_BETTER, "%"),
        Metric(CANDIDATES, "Share of public functions and classes no package exports that no "
                           "module outside their package uses", Direction.LOWER_IS_BETTER, "%"),
    )

    def wants(self, path: str) -> bool:
        """Python files, and files of the languages whose module system the graph reads."""
        return path.endswith(".py") or graphed_system(path) is not None

    def analyze_file(self, item: FileInput, options: Any) -> FileResult:
        """Extract the imports (and for Python the bindings and ``__all__``) of one file."""
        if item.syntax is not None:
            return extract_syntax_imports(item.syntax, item.text)
        assert item.tree is not None  # the scan hands this step parsed files only
        return extract_imports(item.tree, item.text)

    def summarize(self, ctx: ScanContext, results: Mapping[str, FileResult]) -> AnalyzerOutput:
        """Build the graph of the whole repository and measure its boundaries."""
        options: BoundariesOptions = ctx.options
        # Minified or generated files (found by content) are no module anyone maintains.
        paths = [f.path for f in ctx.files if f.path not in ctx.generated]
        python = [p for p in paths if p.endswith(".py")]
        graphed = python + [p for p in paths if graphed_system(p) is not None]
        unread = _unread_languages_note(paths)
        if not graphed:
            reason = "no Python, JavaScript, TypeScript or Go modules found" + unread
            return AnalyzerOutput(tuple(Measurement(m.id, None, reason) for m in self.metrics))
        if not results:
            # Modules whose imports are unknown are not "0 in cycles": there is nothing to judge.
            reason = ("the only module could not be parsed or read" if len(graphed) == 1 else
                      f"none of the {counted(len(graphed), 'module')} could be parsed or read")
            reason += " (listed as problems)"
            return AnalyzerOutput(tuple(Measurement(m.id, None, reason) for m in self.metrics))
        python_results = {p: r for p, r in results.items() if p.endswith(".py")}
        modules = map_modules(python, options.source_roots)
        graph = join_module_systems(build_graph(modules, python_results),
                                    module_systems(paths, _reader(ctx)), results)
        # Asked once per reference: remember the answer per path.
        exempt = lru_cache(maxsize=None)(GlobSet(options.private_exempt_paths).matches)
        problems: list[Problem] = []
        cycle_measures, cycles, package_cycles = self._cycles(graph, options, unread)
        contracts, contract_rows = self._contracts(ctx, graph, options, problems)
        name_measures, names = self._names(modules, python_results, exempt)
        coupling_measures, coupling = self._coupling(graph, results, options)
        facts = self._facts(graph, modules, python_results, BoundariesFacts(
            cycles, package_cycles, contract_rows, *names, coupling, modules=0, edges=0,
            imports={}, external_packages=0, top_external=(), unresolved_imports=0,
            unresolved_examples=(), missing_names=0, missing_name_examples=(),
            ambiguous_modules=()))
        measures = [*cycle_measures, contracts, *name_measures, *coupling_measures]
        product = [p for p in graphed if path_role(p) not in NOT_PRODUCT_CODE]
        if not product:
            # A test helper's imports say nothing of a product there is none of.
            unrepresentative: str | None = (
                f"no product modules: the {counted(len(graphed), 'module')} graphed are "
                "tests, examples, docs or generated code")
        else:
            unrepresentative = source_share(ctx.files, product).unrepresentative()
        if unrepresentative is not None:
            # The graph of a minority of the source says nothing of the rest; contracts the
            # team configured are still checked.
            measures = withheld(measures, unrepresentative, keep={CONTRACTS})
        return AnalyzerOutput(tuple(measures), tuple(problems), facts)

    @staticmethod
    def _cycles(graph: ImportGraph, options: BoundariesOptions, unread: str,
                ) -> tuple[list[Measurement], tuple[CycleRow, ...], tuple[PackageCycleRow, ...]]:
        type_checking = bool(options.cycles_include_type_checking)
        cycles = module_cycles(graph, type_checking=type_checking)
        in_cycles = sum(len(c.members) for c in cycles)
        total = len(graph.modules.by_name)
        packages = package_cycles(graph, type_checking=type_checking)
        rows = tuple(CycleRow(len(c.members), tuple(c.members[:10]), c.chain.describe())
                     for c in cycles[:MAX_DETAILS])
        package_rows = tuple(PackageCycleRow(c.scope, tuple(c.members), c.chain.describe())
                             for c in packages[:MAX_DETAILS])
        return [
            Measurement(CYCLES, _percent(in_cycles, total),
                        f"{counted_of(in_cycles, total, 'module')} in "
                        f"{counted(len(cycles), 'cycle')}{unread}",
                        tuple(_cycle_finding(CYCLES, c, "module") for c in cycles[:MAX_FINDINGS])),
            Measurement(PACKAGE_CYCLES, float(len(packages)),
                        f"{counted(len(packages), 'cycle')} between sibling packages",
                        tuple(_cycle_finding(PACKAGE_CYCLES, c, "package")
                              for c in packages[:MAX_FINDINGS])),
        ], rows, package_rows

    def _contracts(self, ctx: ScanContext, graph: ImportGraph, options: BoundariesOptions,
                   problems: list[Problem]) -> tuple[Measurement, tuple[ContractRow, ...]]:
        contracts, errors = load_contracts(
            options.contracts,
            exclude_type_checking=bool(options.exclude_type_checking_imports),
            read=_reader(ctx) if options.read_importlinter else None,
        )
        outcomes, found = check_contracts(graph, contracts)
        problems.extend(Problem(self.name, message) for message in (*errors, *found))
        rows = tuple(_outcome_details(o) for o in outcomes)
        if not outcomes:
            return Measurement(CONTRACTS, None, "no layers, forbidden or independence contracts "
                               "configured ([tool.scorecard.boundaries] contracts or "
                               "import-linter)"), rows
        violations = [v for o in outcomes for v in o.violations]
        findings = tuple(
            Finding(CONTRACTS, Location(v.chain.sites[0].path, v.chain.sites[0].line),
                    v.describe(), float(len(v.chain.sites)), v.contract)
            for v in violations[:MAX_FINDINGS]
        )
        broken = sum(1 for o in outcomes if o.violations)
        return Measurement(CONTRACTS, float(len(violations)),
                           f"{counted_of(broken, len(outcomes), 'contract')} broken",
                           findings), rows

    @staticmethod
    def _names(modules: ModuleMap, results: Mapping[str, FileResult],
               exempt: Callable[[str], bool],
               ) -> tuple[list[Measurement], tuple[tuple[str, ...], int, int]]:
        """Measure the name-based checks over Python's modules and per-file results only."""
        if not modules.by_name:
            reason = ("no Python modules: private names, __all__ and unused public names are "
                      "read for Python only")
            return [Measurement(m, None, reason) for m in (PRIVATE, DECLARED_API, CANDIDATES)], \
                ((), 0, 0)
        references = collect_references(modules, results)
        leaks, cross = private_leaks(modules, references, exempt)
        leak_findings = tuple(
            Finding(PRIVATE, Location(leak.reference.path, leak.reference.line),
                    leak.describe(), None, leak.name) for leak in leaks[:MAX_FINDINGS]
        )
        private = (Measurement(PRIVATE, _percent(len(leaks), cross),
                               f"{counted_of(len(leaks), cross, 'cross-package reference')} "
                               f"{agree(len(leaks), 'reaches', 'reach')} a private name",
                               leak_findings) if cross else
                   Measurement(PRIVATE, None, "no references between packages"))
        statuses = api_status(modules, results)
        undeclared = [s for s in statuses if not s.declared]
        declared = len(statuses) - len(undeclared)
        api = (Measurement(DECLARED_API, _percent(declared, len(statuses)),
                           f"{counted_of(declared, len(statuses), 'package')} "
                           f"{agree(declared, 'declares', 'declare')} a matching __all__",
                           tuple(Finding(DECLARED_API, Location(s.path, s.line), s.describe(),
                                         None, s.package) for s in undeclared[:MAX_FINDINGS]))
               if statuses else
               Measurement(DECLARED_API, None, "no package binds public names in __init__.py"))
        candidates, judged = candidate_privates(modules, results, references, exempt)
        unused = (Measurement(CANDIDATES, _percent(len(candidates), judged),
                              f"{counted_of(len(candidates), judged, 'public name')} no package "
                              f"exports {agree(len(candidates), 'is', 'are')} used only inside "
                              "their package",
                              tuple(Finding(CANDIDATES, Location(c.path, c.line),
                                            f"{c.module}.{c.name} is public but nothing outside "
                                            f"its package uses it", None, c.name)
                                    for c in candidates[:MAX_FINDINGS]))
                  if judged else
                  Measurement(CANDIDATES, None, "no public names inside packages to judge"))
        without_all = tuple(s.package for s in statuses if not s.has_all)[:MAX_DETAILS]
        return [private, api, unused], (without_all, len(candidates), len(leaks))

    @staticmethod
    def _coupling(graph: ImportGraph, results: Mapping[str, FileResult],
                  options: BoundariesOptions,
                  ) -> tuple[list[Measurement], tuple[CouplingRow, ...]]:
        coupling: Coupling = measure_coupling(graph, results, hub_fan_in=options.hub_fan_in,
                                              hub_fan_out=options.hub_fan_out,
                                              god_lines=options.god_lines)
        total = len(coupling.modules)
        gods = Measurement(
            GODS, _percent(len(coupling.gods), total),
            f"{counted_of(len(coupling.gods), total, 'module')} "
            f"{agree(len(coupling.gods) or total, 'is a god module', 'are god modules')}",
            tuple(Finding(GODS, Location(m.path), f"{m.name}: {why}", float(m.lines), m.name)
                  for m, why in coupling.gods[:MAX_FINDINGS]),
        )
        by_name = {m.name: m for m in coupling.modules}
        unstable = Measurement(
            UNSTABLE, _percent(len(coupling.unstable_edges), coupling.edges),
            f"{counted_of(len(coupling.unstable_edges), coupling.edges, 'import edge')} "
            # "0 of 1 import edge points": with none, the verb agrees with the whole.
            f"{agree(len(coupling.unstable_edges) or coupling.edges, 'points', 'point')} at a "
            "less stable module",
            tuple(_unstable_finding(graph, by_name[a].instability, by_name[b].instability, a, b)
                  for a, b in _worst_edges(coupling)[:MAX_FINDINGS]),
        ) if coupling.edges else Measurement(UNSTABLE, None, "no imports between modules")
        ranked = sorted(coupling.modules, key=lambda m: (-(m.fan_in + m.fan_out), m.name))
        rows = tuple(CouplingRow(m.name, m.fan_in, m.fan_out, round(m.instability, 2), m.lines)
                     for m in ranked[:MAX_DETAILS])
        return [gods, unstable], rows

    @staticmethod
    def _facts(graph: ImportGraph, python: ModuleMap, python_results: Mapping[str, FileResult],
               measured: BoundariesFacts) -> BoundariesFacts:
        """Return ``measured`` completed with the import graph's own numbers."""
        missing = missing_names(python, python_results)
        return replace(
            measured,
            modules=len(graph.modules.by_name),
            edges=len(graph.edge_pairs()),
            imports=dict(sorted(graph.kinds.items())),
            external_packages=len(graph.external),
            top_external=tuple(name for name, _ in graph.external.most_common(MAX_DETAILS)),
            unresolved_imports=len(graph.unresolved),
            unresolved_examples=tuple(f"{p}:{line} {name}" for p, line, name
                                      in graph.unresolved[:MAX_DETAILS]),
            missing_names=len(missing),
            missing_name_examples=tuple(f"{p}:{line} {name}" for p, line, name
                                        in missing[:MAX_DETAILS]),
            ambiguous_modules=tuple(f"{name} ({path})" for name, path
                                    in graph.modules.ambiguous[:MAX_DETAILS]),
        )


def _worst_edges(coupling: Coupling) -> list[tuple[str, str]]:
    by_name = {m.name: m for m in coupling.modules}
    return sorted(coupling.unstable_edges, key=lambda e: (
        -(by_name[e[1]].instability - by_name[e[0]].instability), e))


def _unstable_finding(graph: ImportGraph, source_i: float, target_i: float, source: str,
                      target: str) -> Finding:
    site = graph.first_site(source, target)
    return Finding(UNSTABLE, Location(site.path, site.line),
                   f"{source} (instability {source_i:.2f}) imports {target} "
                   f"(instability {target_i:.2f})", round(target_i - source_i, 2), source)


def _outcome_details(outcome: ContractOutcome) -> ContractRow:
    contract = outcome.contract
    return ContractRow(name=contract.name, type=contract.kind, origin=contract.origin,
                       kept=not outcome.violations,
                       violations=tuple(v.describe() for v in outcome.violations[:MAX_DETAILS]))


def _unread_languages_note(paths: Sequence[str]) -> str:
    """Say which measured languages' files the import graph does not read (Java), if any."""
    counts = Counter(spec.name for path in paths
                     if (spec := language_for_path(path)) is not None
                     and graphed_system(path) is None)
    if not counts:
        return ""
    listed = ", ".join(counted(n, f"{name} file")
                       for name, n in sorted(counts.items()))
    return f"; the import graph is not built for {' or '.join(sorted(counts))} ({listed} not read)"
