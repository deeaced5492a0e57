"""Compare scorecard's import graph of TypeScript/JavaScript files with madge's.

Usage: python benchmarks/bench_imports.py REPO [--madge CMD] [--json OUT] [--examples 5]

madge (npm) is run twice over the repository's JavaScript and TypeScript files
(``--json --extensions ts,tsx,js,jsx,mjs,cjs``, with ``--ts-config tsconfig.json`` when the
repository has one at its root): once as configured below, reading every import, and once
with madge's ``skipTypeImports`` and ``skipAsyncImports`` detective options, the graph in
which it looks for cycles that run. Both runs turn on madge's ``mixedImports`` so that it
reads ``require()`` next to ``import`` in the same file, as Node and TypeScript accept; the
detective options go through madge's ``rc`` configuration (``madge_*`` environment
variables), since its command line has no flag for them.

scorecard's graph is built in this process as the boundaries analyzer builds it: the
repository listing, the per-file step on each tree-sitter tree, then the module systems and
their resolution (:mod:`scorecard.analyzers.boundaries.polyglot_graph`). A folder's module
(``js:src/app``) is mapped back to its index file, so both graphs are file -> file.

Printed: the edges both tools find, those only madge or only scorecard finds, each class of
difference with its count and examples (the class says what scorecard made of the import,
or why madge has no such edge); the modules in cycles (strongly connected components of
more than one file) of each graph, compared; and each tool's wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import posixpath
import shlex
import subprocess
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scorecard.analyzers.boundaries.cycles import strongly_connected

EXTENSIONS = ("ts", "tsx", "js", "jsx", "mjs", "cjs")
# madge's detective options (precinct's keys), set through rc's environment variables.
MIXED = {f"madge_detectiveOptions__{kind}__mixedImports": "true" for kind in ("es6", "ts", "tsx")}
RUNTIME = {f"madge_detectiveOptions__{kind}__{option}": "true"
           for kind in ("es6", "ts", "tsx") for option in ("skipTypeImports", "skipAsyncImports")}

Edge = tuple[str, str]


@dataclass
class Scorecard:
    """scorecard's file-level graph with what the comparison needs to explain a difference."""

    listed: set[str]  # the repository files scorecard lists (all languages)
    skipped: dict[str, str]  # files the listing left out -> why
    modules: set[str]  # JavaScript/TypeScript files that are modules of the graph
    edges: dict[Edge, int] = field(default_factory=dict)  # -> flags common to every site
    rows: dict[str, list[list[Any]]] = field(default_factory=dict)  # file -> import rows
    resolve: Any = None  # the js module system's resolve(importer, specifier)
    file_of: dict[str, str] = field(default_factory=dict)  # module name -> file
    cycle_share: float | None = None  # the analyzer's own metric, for a cross-check
    seconds: float = 0.0


def scorecard_graph(root: Path) -> Scorecard:
    """Build scorecard's graph of the repository's JavaScript and TypeScript files."""
    from scorecard.analyzers.base import FileInput
    from scorecard.analyzers.boundaries import BoundariesAnalyzer
    from scorecard.analyzers.boundaries.cycles import module_cycles
    from scorecard.analyzers.boundaries.graph import build_graph
    from scorecard.analyzers.boundaries.modules import map_modules
    from scorecard.analyzers.boundaries.polyglot_graph import (
        graphed_system,
        join_module_systems,
        module_systems,
    )
    from scorecard.languages import language_for_path
    from scorecard.languages.measure import parse_file
    from scorecard.repo import RepoView

    start = time.perf_counter()
    analyzer = BoundariesAnalyzer()
    view = RepoView(root)
    listing = view.list_files()
    paths = [f.path for f in listing.files]
    results: dict[str, Any] = {}
    for path in paths:
        spec = language_for_path(path)
        if graphed_system(path) != "js" or spec is None:
            continue
        text, syntax, _error = parse_file(spec, view.read_bytes(path))
        if syntax is not None:
            results[path] = analyzer.analyze_file(FileInput(path, text, None, syntax), {})

    def read(name: str) -> bytes | None:
        try:
            return view.read_bytes(name)
        except OSError:
            return None

    systems = module_systems(paths, read)
    graph = join_module_systems(build_graph(map_modules([], ()), {}), systems, results)
    seconds = time.perf_counter() - start
    cycles = module_cycles(graph, type_checking=False)
    system = systems["js"]
    found = Scorecard(listed=set(paths), skipped={s.path: s.reason for s in listing.skipped},
                      modules=set(system.by_path),
                      resolve=system.resolve, seconds=seconds,
                      rows={p: list(r["imports"]) for p, r in results.items()},
                      cycle_share=100.0 * sum(len(c.members) for c in cycles)
                      / max(1, len(graph.modules.by_name)))
    found.file_of = {info.name: info.path for info in graph.modules.by_name.values()}
    for importer, targets in graph.edges.items():
        for imported, sites in targets.items():
            common = ~0
            for site in sites:
                common &= site.flags
            found.edges[(found.file_of[importer], found.file_of[imported])] = common
    return found


def madge_graph(root: Path, command: str, options: Mapping[str, str]) -> tuple[
        dict[str, list[str]], float]:
    """Run madge over the repository; return its file -> imported files and the wall time."""
    args = [*shlex.split(command), "--json", "--no-spinner", "--no-color",
            "--extensions", ",".join(EXTENSIONS)]
    if (root / "tsconfig.json").is_file():
        args += ["--ts-config", "tsconfig.json"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("madge_")}
    # To a file, not a pipe: madge exits right after writing, and a pipe loses the rest of
    # a large output.
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        done = subprocess.run([*args, "."], cwd=root, env={**env, **options}, stdout=out,
                              stderr=subprocess.PIPE)
        seconds = time.perf_counter() - start
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    if done.returncode != 0:
        raise SystemExit(f"madge failed: {(done.stderr.decode() or text)[-800:]}")
    tree: dict[str, list[str]] = json.loads(text)
    return tree, seconds


def edges_of(tree: Mapping[str, Iterable[str]]) -> set[Edge]:
    """Every (importer, imported) pair of a file -> files mapping."""
    return {(a, b) for a, targets in tree.items() for b in targets if a != b}


def in_cycles(edges: Iterable[Edge]) -> set[str]:
    """The nodes of every strongly connected component of more than one node.

    The same component search as the cycle checks use, applied to either tool's edges.
    """
    successors: dict[str, list[str]] = defaultdict(list)
    for a, b in edges:
        successors[a].append(b)
    nodes = sorted(set(successors) | {b for targets in successors.values() for b in targets})
    return {member for component in strongly_connected(nodes, lambda n: successors.get(n, ()))
            if len(component) > 1 for member in component}


def _stem(path: str) -> str:
    """A path without its module extension, and without a trailing ``/index``."""
    for extension in (".d.ts", *(f".{e}" for e in EXTENSIONS), ".mts", ".cts", ".json"):
        if path.endswith(extension):
            path = path[: -len(extension)]
            break
    return path[: -len("/index")] if path.endswith("/index") else path


def _names(importer: str, specifier: str, target: str) -> bool:
    """Tell whether an import specifier written in ``importer`` plausibly names ``target``."""
    if specifier.startswith("."):
        written = posixpath.normpath(posixpath.join(posixpath.dirname(importer), specifier))
        return _stem(written) == _stem(target)
    tail = _stem(specifier.split("/", 1)[1] if specifier.startswith("@") else specifier)
    return _stem(target).endswith("/" + tail) or _stem(target) == tail


def _is_script(path: str) -> bool:
    return path.endswith((*(f".{e}" for e in EXTENSIONS), ".mts", ".cts"))


def _specifiers(rows: Iterable[list[Any]], importer: str, target: str) -> list[list[Any]]:
    return [row for row in rows if _names(importer, str(row[1]), target)]


def explain_madge_only(sc: Scorecard, edge: Edge) -> tuple[str, str]:
    """Return the class of an edge only madge has, and the specifier or file behind it."""
    a, b = edge
    for role, file in (("importer", a), ("target", b)):
        extension = posixpath.splitext(file)[1]
        if not _is_script(file):
            return (f"{role} is not a JS/TS file ({extension or 'no extension'}): "
                    f"{'not read by scorecard' if role == 'importer' else 'an asset'}",
                    f"{a} -> {b}")
    for file in (a, b):
        if file in sc.skipped:
            return f"file not listed by scorecard ({sc.skipped[file]})", file
        if file not in sc.listed:
            return "file not listed by scorecard (not tracked by git)", file
    matches = _specifiers(sc.rows.get(a, []), a, b)
    if not matches:
        return "import not read by scorecard", f"{a} -> {b}"
    row = matches[0]
    found = sc.resolve(a, str(row[1]))
    if found.kind == "module":
        return "scorecard resolved it to another file", f"{row[1]} -> {sc.file_of[found.name]}"
    return f"scorecard: {found.kind}", f"{a}:{row[0]} {row[1]}"


def explain_scorecard_only(sc: Scorecard, tree: Mapping[str, list[str]], edge: Edge
                           ) -> tuple[str, str]:
    """Return the class of an edge only scorecard has, and the specifier behind it."""
    from scorecard.analyzers.boundaries.imports import DYNAMIC, TYPE_CHECKING

    a, b = edge
    rows = _specifiers(sc.rows.get(a, []), a, b)
    where = f"{a}:{rows[0][0]} {rows[0][1]}" if rows else f"{a} -> {b}"
    if a not in tree:
        if posixpath.splitext(a)[1].lstrip(".") not in EXTENSIONS:
            return f"importer not walked by madge ({posixpath.splitext(a)[1]} not in " \
                   "--extensions)", a
        return "importer not in madge's tree", a
    other = [t for t in tree[a] if rows and any(_names(a, str(r[1]), t) for r in rows)]
    if other:
        return "madge resolved it to another file", f"{where} -> {other[0]}"
    flags = sc.edges[edge]
    if flags & DYNAMIC:
        return "dynamic import()", where
    if flags & TYPE_CHECKING:
        return "type-only import", where
    spec = str(rows[0][1]) if rows else ""
    if not spec.startswith(".") and a.endswith((".js", ".jsx", ".mjs", ".cjs")):
        # madge resolves a JavaScript file the Node way, with no tsconfig paths.
        return "tsconfig paths alias in a JavaScript file", where
    kind = "relative" if spec.startswith(".") else "bare (tsconfig paths or baseUrl)"
    return f"madge did not resolve it ({kind} specifier)", where


def classify(edges: Iterable[Edge], explain: Any) -> dict[str, list[str]]:
    """Group edges by their explanation: class -> examples (every one, in order)."""
    classes: dict[str, list[str]] = defaultdict(list)
    for edge in sorted(edges):
        reason, example = explain(edge)
        classes[reason].append(example)
    return dict(sorted(classes.items(), key=lambda item: (-len(item[1]), item[0])))


def _percent(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:.1f} %" if whole else "n/a"


def compare(root: Path, command: str, examples: int) -> dict[str, Any]:
    """Run both tools and return the comparison (also printed)."""
    sc = scorecard_graph(root)
    tree, madge_seconds = madge_graph(root, command, MIXED)
    runtime_tree, runtime_seconds = madge_graph(root, command, {**MIXED, **RUNTIME})
    madge = edges_of(tree)
    ours = set(sc.edges)
    both, only_madge, only_ours = madge & ours, madge - ours, ours - madge
    madge_classes = classify(only_madge, lambda e: explain_madge_only(sc, e))
    our_classes = classify(only_ours, lambda e: explain_scorecard_only(sc, tree, e))
    # Edges between two JS/TS modules both tools list: the ones that can agree at all.
    comparable = {e for e in madge | ours if e[0] in sc.modules and e[1] in sc.modules}

    from scorecard.analyzers.boundaries.imports import DYNAMIC, TYPE_CHECKING
    runtime_ours = {e for e, flags in sc.edges.items() if not flags & (DYNAMIC | TYPE_CHECKING)}
    cycles = {"all imports": (in_cycles(madge), in_cycles(ours)),
              "runtime (no type-only, no dynamic)": (in_cycles(edges_of(runtime_tree)),
                                                     in_cycles(runtime_ours))}
    report: dict[str, Any] = {
        "repository": root.name,
        "madge_files": len(tree), "scorecard_modules": len(sc.modules),
        "edges": {"madge": len(madge), "scorecard": len(ours), "both": len(both),
                  "only_madge": len(only_madge), "only_scorecard": len(only_ours),
                  "agreement": round(100.0 * len(both) / max(1, len(madge | ours)), 1),
                  "comparable": len(comparable), "comparable_both": len(comparable & both),
                  "comparable_agreement": round(
                      100.0 * len(comparable & both) / max(1, len(comparable)), 1)},
        "only_madge": {k: {"count": len(v), "examples": v[:examples]}
                       for k, v in madge_classes.items()},
        "only_scorecard": {k: {"count": len(v), "examples": v[:examples]}
                           for k, v in our_classes.items()},
        "cycles": {name: {"madge": len(m), "scorecard": len(s), "both": len(m & s),
                          "only_madge": sorted(m - s)[:examples],
                          "only_madge_count": len(m - s),
                          "only_scorecard": sorted(s - m)[:examples],
                          "only_scorecard_count": len(s - m)}
                   for name, (m, s) in cycles.items()},
        "scorecard_cycle_share": round(sc.cycle_share or 0.0, 2),
        "seconds": {"scorecard": round(sc.seconds, 2), "madge": round(madge_seconds, 2),
                    "madge_runtime": round(runtime_seconds, 2)},
    }
    _print(report)
    return report


def _print(report: Mapping[str, Any]) -> None:
    e = report["edges"]
    print(f"{report['repository']}: madge {report['madge_files']} files, scorecard "
          f"{report['scorecard_modules']} JS/TS modules")
    print(f"edges: madge {e['madge']}, scorecard {e['scorecard']}; both {e['both']} "
          f"({e['agreement']} % of the union), only madge {e['only_madge']}, only scorecard "
          f"{e['only_scorecard']}")
    print(f"  between JS/TS files both list: {e['comparable_both']} of {e['comparable']} "
          f"agree ({e['comparable_agreement']} %)")
    for side in ("only_madge", "only_scorecard"):
        print(f"{side.replace('_', ' ')}:")
        for reason, found in report[side].items():
            print(f"  {found['count']:6d}  {reason}")
            for example in found["examples"]:
                print(f"          {example}")
    for name, c in report["cycles"].items():
        print(f"modules in cycles, {name}: madge {c['madge']}, scorecard {c['scorecard']}, "
              f"both {c['both']}, only madge {c['only_madge_count']}, only scorecard "
              f"{c['only_scorecard_count']}")
        for side in ("only_madge", "only_scorecard"):
            for example in c[side]:
                print(f"          {side.replace('_', ' ')}: {example}")
    s = report["seconds"]
    print(f"scorecard's own metric: {report['scorecard_cycle_share']} % of modules in cycles")
    print(f"wall time: scorecard {s['scorecard']} s (list, parse, extract, resolve; one "
          f"process), madge {s['madge']} s (+ {s['madge_runtime']} s for the runtime graph)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo", type=Path)
    parser.add_argument("--madge", default="madge",
                        help="the command that runs madge (default: madge on PATH)")
    parser.add_argument("--json", type=Path, help="also write the comparison here")
    parser.add_argument("--examples", type=int, default=5, help="examples per class")
    args = parser.parse_args()
    report = compare(args.repo.resolve(), args.madge, args.examples)
    if args.json is not None:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
