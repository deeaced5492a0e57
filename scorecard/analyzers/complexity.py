"""Complexity analyzer (simplicity): per-function and per-file complexity and size.

Per function: cyclomatic complexity (radon's rules, computed by radon's visitor on the shared
tree, so the numbers are radon's), cognitive complexity (SonarSource's definition), length in
lines, maximum nesting depth and parameter count. Per file: radon's maintainability index
(computed from the same tree plus linear-time raw line counts) and source lines.
"""

from __future__ import annotations

import ast
import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from radon.visitors import ComplexityVisitor

from scorecard.analyzers.base import (
    Analyzer,
    AnalyzerOutput,
    FileInput,
    FileKind,
    FileResult,
    ScanContext,
)
from scorecard.analyzers.cognitive import cognitive_complexity, max_nesting_depth
from scorecard.analyzers.raw_lexer import count_raw_fast
from scorecard.analyzers.raw_metrics import count_raw, halstead_volume, maintainability_index
from scorecard.model import Direction, Finding, Location, Measurement, Metric

__all__ = ["ComplexityAnalyzer", "FunctionStats"]

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef


@dataclass(frozen=True)
class FunctionStats:
    """Measurements of one function or method."""

    path: str
    qualname: str
    line: int
    cyclomatic: int
    cognitive: int
    length: int
    nesting: int
    parameters: int
    digest: str = ""  # hash of the function's source lines: tells an edited function apart

    def to_row(self) -> list[Any]:
        """Compact row for the per-file cache."""
        return [self.qualname, self.line, self.cyclomatic, self.cognitive, self.length,
                self.nesting, self.parameters, self.digest]

    @classmethod
    def from_row(cls, path: str, row: list[Any]) -> FunctionStats:
        """Rebuild from :meth:`to_row` output."""
        line, cyclomatic, cognitive, length, nesting, parameters = (int(v) for v in row[1:7])
        return cls(path, str(row[0]), line, cyclomatic, cognitive, length, nesting, parameters,
                   digest=str(row[7]) if len(row) > 7 else "")


def _radon_functions(tree: ast.Module) -> tuple[int, dict[tuple[int, int], int]]:
    """Return radon's total complexity and a (line, column) -> complexity map of every block."""
    visitor = ComplexityVisitor.from_ast(tree)
    by_position: dict[tuple[int, int], int] = {}
    pending = list(visitor.functions)
    for klass in visitor.classes:
        pending.extend(klass.methods)
    while pending:
        function = pending.pop()
        by_position[(function.lineno, function.col_offset)] = function.complexity
        pending.extend(function.closures)
    return int(visitor.total_complexity), by_position


def _statement_lists(node: ast.AST) -> Iterator[list[ast.stmt]]:
    """Yield the statement lists directly inside a node (the only place a def can be)."""
    for name in ("body", "orelse", "finalbody"):
        block = getattr(node, name, None)
        if isinstance(block, list) and block and isinstance(block[0], ast.stmt):
            yield block
    for handler in getattr(node, "handlers", ()):
        yield handler.body
    for case in getattr(node, "cases", ()):
        yield case.body


def _iter_functions(tree: ast.Module) -> Iterator[tuple[str, FunctionNode, bool]]:
    """Yield (qualified name, node, is_method) for every function, method and closure.

    Only statement lists are walked: a ``def`` cannot appear inside an expression, and
    skipping expressions makes this walk a small fraction of the tree.
    """
    stack: list[tuple[ast.AST, str, bool]] = [(tree, "", False)]
    while stack:
        node, prefix, in_class = stack.pop()
        for block in _statement_lists(node):
            for child in block:
                if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                    qualname = f"{prefix}{child.name}"
                    yield qualname, child, in_class
                    stack.append((child, f"{qualname}.", False))
                elif isinstance(child, ast.ClassDef):
                    stack.append((child, f"{prefix}{child.name}.", True))
                else:
                    stack.append((child, prefix, in_class))


def _parameter_count(node: FunctionNode, is_method: bool) -> int:
    args = node.args
    names = [a.arg for a in (*args.posonlyargs, *args.args)]
    count = len(names) + len(args.kwonlyargs)
    count += (args.vararg is not None) + (args.kwarg is not None)
    # The receiver of a method is not something a caller has to supply or understand.
    is_static = any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in node.decorator_list)
    if is_method and not is_static and names and names[0] in ("self", "cls", "mcs", "metacls"):
        count -= 1
    return count


def _digest(lines: list[str], first: int, last: int) -> str:
    body = "\n".join(lines[first - 1 : last]).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(body, digest_size=6).hexdigest()


def measure_functions(
    path: str, tree: ast.Module, text: str = ""
) -> tuple[int, list[FunctionStats]]:
    """Measure every function of a parsed module; also return radon's total complexity."""
    total, radon_cc = _radon_functions(tree)
    lines = text.splitlines()
    stats: list[FunctionStats] = []
    for qualname, node, is_method in _iter_functions(tree):
        cyclomatic = radon_cc.get((node.lineno, node.col_offset))
        if cyclomatic is None:
            # radon does not list functions nested in classes nested in functions; measure alone.
            cyclomatic = int(ComplexityVisitor.from_ast(node).functions[0].complexity)
        end = node.end_lineno or node.lineno
        stats.append(FunctionStats(
            path=path,
            qualname=qualname,
            line=node.lineno,
            cyclomatic=cyclomatic,
            cognitive=cognitive_complexity(node),
            length=end - node.lineno + 1,
            nesting=max_nesting_depth(node),
            parameters=_parameter_count(node, is_method),
            digest=_digest(lines, node.lineno, end),
        ))
    stats.sort(key=lambda s: s.line)
    return total, stats


@dataclass(frozen=True)
class _Rule:
    """One 'share of functions over a limit' metric."""

    metric: str
    option: str
    attribute: str
    noun: str


_FUNCTION_RULES = (
    _Rule("complexity.cyclomatic_over_limit_share", "cyclomatic_limit", "cyclomatic",
          "cyclomatic complexity"),
    _Rule("complexity.cognitive_over_limit_share", "cognitive_limit", "cognitive",
          "cognitive complexity"),
    _Rule("complexity.long_function_share", "function_length_limit", "length", "lines"),
    _Rule("complexity.deep_nesting_share", "nesting_limit", "nesting", "nesting depth"),
    _Rule("complexity.many_parameters_share", "parameter_limit", "parameters", "parameters"),
)


def _percent(part: float, whole: float) -> float:
    return round(100.0 * part / whole, 2) if whole else 0.0


def _percentile(values: list[int], fraction: float) -> float:
    """Nearest-rank percentile (no interpolation, so the value is one that occurs)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, -(-int(fraction * 100) * len(ordered) // 100))
    return float(ordered[min(rank, len(ordered)) - 1])


class ComplexityAnalyzer(Analyzer):
    """Cyclomatic and cognitive complexity, size, nesting, parameters and MI."""

    name = "complexity"
    version = "4"  # 4: cognitive complexity rules aligned with sonar-python
    file_kind = FileKind.PYTHON
    default_options: Mapping[str, Any] = {
        "cyclomatic_limit": 10,  # radon rank C starts at 11; McCabe's own limit was 10
        "cognitive_limit": 15,  # SonarSource's default for its cognitive-complexity rule
        "function_length_limit": 60,
        "nesting_limit": 4,  # Code Climate's classic nested-control-flow default
        "parameter_limit": 5,  # pylint's max-args default
        "mi_limit": 20,  # radon ranks MI below 20 as B or C (moderate or extreme)
        "file_sloc_limit": 1000,
    }
    metrics = (
        Metric("complexity.cyclomatic_over_limit_share",
               "Share of functions whose cyclomatic complexity exceeds cyclomatic_limit",
               Direction.LOWER_IS_BETTER, "%"),
        Metric("complexity.cognitive_over_limit_share",
               "Share of functions whose cognitive complexity exceeds cognitive_limit",
               Direction.LOWER_IS_BETTER, "%"),
        Metric("complexity.long_function_share",
               "Share of functions longer than function_length_limit lines",
               Direction.LOWER_IS_BETTER, "%"),
        Metric("complexity.deep_nesting_share",
               "Share of functions nested deeper than nesting_limit",
               Direction.LOWER_IS_BETTER, "%"),
        Metric("complexity.many_parameters_share",
               "Share of functions taking more than parameter_limit parameters",
               Direction.LOWER_IS_BETTER, "%"),
        Metric("complexity.low_mi_code_share",
               "Share of source lines in files whose maintainability index is below mi_limit",
               Direction.LOWER_IS_BETTER, "%"),
        Metric("complexity.large_file_share",
               "Share of source lines in files longer than file_sloc_limit source lines",
               Direction.LOWER_IS_BETTER, "%"),
    )

    def analyze_file(self, item: FileInput, options: Mapping[str, Any]) -> FileResult:
        """Measure the functions and the maintainability index of one parsed module."""
        assert item.tree is not None  # the scan only hands parsed Python files to this step
        total_cc, functions = measure_functions(item.path, item.tree, item.text)
        result: FileResult = {"functions": [f.to_row() for f in functions]}
        try:
            # The regular-expression lexer gives radon's numbers several times faster; it
            # declines (None) the rare cases it does not model and the exact path decides.
            raw = count_raw_fast(item.text) or count_raw(item.text)
        except SyntaxError as exc:
            result.update(sloc=None, mi=None, note=f"raw line counts failed: {exc.msg}")
            return result
        result["sloc"] = raw.sloc
        result["lloc"] = raw.lloc
        result["loc"] = raw.loc
        result["mi"] = maintainability_index(
            halstead_volume=halstead_volume(item.tree), total_complexity=total_cc, raw=raw
        )
        return result

    def summarize(self, ctx: ScanContext, results: Mapping[str, FileResult]) -> AnalyzerOutput:
        """Turn per-file measurements into repository shares, with the worst offenders."""
        options = {**self.default_options, **ctx.options}
        functions = [
            FunctionStats.from_row(path, row)
            for path, result in sorted(results.items())
            for row in result.get("functions", [])
        ]
        measurements = [self._function_share(rule, functions, options) for rule in _FUNCTION_RULES]
        measurements.extend(self._file_shares(results, options))
        details = {
            "files": len(results),
            "functions": len(functions),
            "cyclomatic_p50": _percentile([f.cyclomatic for f in functions], 0.5),
            "cyclomatic_p90": _percentile([f.cyclomatic for f in functions], 0.9),
            "cyclomatic_max": max((f.cyclomatic for f in functions), default=0),
            "cognitive_p90": _percentile([f.cognitive for f in functions], 0.9),
            "cognitive_max": max((f.cognitive for f in functions), default=0),
            "sloc": sum(int(r.get("sloc") or 0) for r in results.values()),
            "worst_functions": [
                {"path": f.path, "function": f.qualname, "line": f.line,
                 "cyclomatic": f.cyclomatic, "cognitive": f.cognitive, "length": f.length}
                for f in sorted(functions, key=lambda f: (-f.cognitive, -f.cyclomatic,
                                                          f.path, f.line))[:20]
            ],
            "file_mi": {p: r.get("mi") for p, r in sorted(results.items())},
            "file_sloc": {p: r.get("sloc") for p, r in sorted(results.items())},
            # [qualname, line, cyclomatic, cognitive, length, nesting, parameters, digest]:
            # what a diff needs to tell changed functions from unchanged ones.
            "functions_by_file": {p: r.get("functions", []) for p, r in sorted(results.items())},
        }
        return AnalyzerOutput(tuple(measurements), details=details)

    @staticmethod
    def _function_share(
        rule: _Rule, functions: list[FunctionStats], options: Mapping[str, Any]
    ) -> Measurement:
        if not functions:
            return Measurement(rule.metric, None, "no Python functions found")
        limit = options[rule.option]
        over = [f for f in functions if getattr(f, rule.attribute) > limit]
        over.sort(key=lambda f: (-getattr(f, rule.attribute), f.path, f.line))
        findings = tuple(
            Finding(rule.metric, Location(f.path, f.line),
                    f"{f.qualname}: {rule.noun} {getattr(f, rule.attribute)} (limit {limit})",
                    float(getattr(f, rule.attribute)), f.qualname)
            for f in over
        )
        note = f"{len(over)} of {len(functions)} functions over {limit}"
        return Measurement(rule.metric, _percent(len(over), len(functions)), note, findings)

    @staticmethod
    def _file_shares(
        results: Mapping[str, FileResult], options: Mapping[str, Any]
    ) -> list[Measurement]:
        measured = {p: r for p, r in results.items() if r.get("sloc") is not None}
        total = sum(int(r["sloc"]) for r in measured.values())
        if not measured or total == 0:
            return [Measurement(m, None, "no Python source lines found")
                    for m in ("complexity.low_mi_code_share", "complexity.large_file_share")]
        mi_limit = options["mi_limit"]
        low = sorted(((p, r) for p, r in measured.items() if r["mi"] < mi_limit),
                     key=lambda pr: (pr[1]["mi"], pr[0]))
        low_findings = tuple(
            Finding("complexity.low_mi_code_share", Location(p), f"maintainability index "
                    f"{r['mi']:.1f} (limit {mi_limit}), {r['sloc']} source lines",
                    # Findings grow worse upwards; MI grows better, so record the shortfall.
                    round(mi_limit - r["mi"], 2))
            for p, r in low
        )
        low_sloc = sum(int(r["sloc"]) for _, r in low)
        sloc_limit = options["file_sloc_limit"]
        large = sorted(((p, r) for p, r in measured.items() if r["sloc"] > sloc_limit),
                       key=lambda pr: (-pr[1]["sloc"], pr[0]))
        large_findings = tuple(
            Finding("complexity.large_file_share", Location(p),
                    f"{r['sloc']} source lines (limit {sloc_limit})", float(r["sloc"]))
            for p, r in large
        )
        large_sloc = sum(int(r["sloc"]) for _, r in large)
        return [
            Measurement("complexity.low_mi_code_share", _percent(low_sloc, total),
                        f"{len(low)} of {len(measured)} files below MI {mi_limit}", low_findings),
            Measurement("complexity.large_file_share", _percent(large_sloc, total),
                        f"{len(large)} of {len(measured)} files over {sloc_limit} source lines",
                        large_findings),
        ]
