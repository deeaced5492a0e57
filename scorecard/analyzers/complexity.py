"""Complexity analyzer (simplicity): per-function and per-file complexity and size.

Per function: cyclomatic complexity (radon's rules, computed by radon's visitor on the shared
tree, so the numbers are radon's), cognitive complexity (SonarSource's definition), length in
lines, maximum nesting depth and parameter count. Per file: radon's maintainability index
(computed from the same tree plus linear-time raw line counts) and source lines.

Files in the other measured languages (Go, Java, JavaScript, TypeScript: see
:mod:`scorecard.languages`) give the same function rows, with lizard's cyclomatic complexity;
they have no maintainability index (radon's formula is Python's), only lines and source
lines. The facts say which languages were measured, with files and lines of each.

The shares, the distribution and the worst functions measure the product: tests, examples,
docs, vendored, generated and migration files (the shared ``path_roles`` classifier) and
``@overload`` stubs are measured (the per-file facts keep them, equal to radon's) but not
counted, and each note says how many were left out.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from scorecard.analyzers.base import (
    Analyzer,
    AnalyzerOutput,
    FileInput,
    FileKind,
    FileResult,
    ScanContext,
)
from scorecard.analyzers.function_measures import FunctionStats, measure_functions
from scorecard.analyzers.path_roles import NOT_PRODUCT_CODE, path_role
from scorecard.analyzers.raw_lexer import count_raw_fast
from scorecard.analyzers.raw_metrics import count_raw, halstead_volume, maintainability_index
from scorecard.analyzers.source_share import source_share, withheld
from scorecard.analyzers.statement_parts import composes_versions, measure_module
from scorecard.facts.complexity_facts import (
    ComplexityFacts,
    FunctionRow,
    LanguageCount,
    WorstFunction,
)
from scorecard.languages import PYTHON_NAME, language_for_path
from scorecard.languages.measure import measure_syntax
from scorecard.model import Direction, Finding, Location, Measurement, Metric
from scorecard.wording import agree, counted, counted_of

__all__ = ["ComplexityAnalyzer", "ComplexityOptions", "FunctionStats"]


@dataclass(frozen=True)
class ComplexityOptions:
    """[tool.scorecard.complexity]: the limits a function or file is measured against."""

    cyclomatic_limit: int = 10  # radon rank C starts at 11; McCabe's own limit was 10
    cognitive_limit: int = 15  # SonarSource's default for its cognitive-complexity rule
    function_length_limit: int = 60
    nesting_limit: int = 4  # Code Climate's classic nested-control-flow default
    parameter_limit: int = 5  # pylint's max-args default
    mi_limit: float = 20  # radon ranks MI below 20 as B or C (moderate or extreme)
    file_sloc_limit: int = 1000


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


def _language_counts(results: Mapping[str, FileResult]) -> tuple[LanguageCount, ...]:
    """Return files and lines measured per language, most lines first."""
    files: dict[str, int] = {}
    lines: dict[str, int] = {}
    for result in results.values():
        language = str(result.get("language") or PYTHON_NAME)
        files[language] = files.get(language, 0) + 1
        lines[language] = lines.get(language, 0) + int(result.get("loc") or 0)
    return tuple(sorted((LanguageCount(name, files[name], lines[name]) for name in files),
                        key=lambda c: (-c.lines, c.language)))


def _percent(part: float, whole: float) -> float:
    return round(100.0 * part / whole, 2) if whole else 0.0


def _percentile(values: list[int], fraction: float) -> float:
    """Nearest-rank percentile (no interpolation, so the value is one that occurs)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, -(-int(fraction * 100) * len(ordered) // 100))
    return float(ordered[min(rank, len(ordered)) - 1])


# What product metrics leave out: tests and their data, examples and tutorials, docs,
# vendored and generated code, and migrations (written once by a tool, never maintained).
# Build and CI scripts stay in: the team maintains them like the product. The same shared
# classifier decides this for every analyzer (``path_roles.NOT_PRODUCT_CODE``).


def _overload_lines(tree: ast.Module) -> list[int]:
    """Return the lines of the ``@overload`` stubs of a module (typing's overloads).

    A stub declares one signature of a function whose implementation follows it; it has no
    body to maintain, so it is left out of the function shares (radon still lists it, and
    the per-file rows keep it).
    """
    return sorted(node.lineno for node in ast.walk(tree)
                  if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
                  and any(_names_overload(d) for d in node.decorator_list))


def _names_overload(decorator: ast.expr) -> bool:
    """Return True for ``@overload`` and ``@typing.overload`` (any module's ``overload``)."""
    if isinstance(decorator, ast.Name):
        return decorator.id == "overload"
    return isinstance(decorator, ast.Attribute) and decorator.attr == "overload"


@dataclass(frozen=True)
class _ProductScope:
    """Which measured files and functions the product metrics count, and what they left out."""

    paths: frozenset[str]  # measured files of the product (see NOT_PRODUCT_CODE)
    stubs: frozenset[tuple[str, int]]  # (path, line) of the product's @overload stubs
    other_files: int  # measured files outside the product
    other_functions: int  # their functions

    @classmethod
    def of(cls, results: Mapping[str, FileResult],
           rows: Mapping[str, tuple[FunctionRow, ...]]) -> _ProductScope:
        """Split the measured files into the product and the rest."""
        paths = frozenset(p for p in results if path_role(p) not in NOT_PRODUCT_CODE)
        stubs = frozenset((p, int(line)) for p in paths
                          for line in results[p].get("overloads", ()))
        others = [p for p in results if p not in paths]
        return cls(paths, stubs, len(others), sum(len(rows.get(p, ())) for p in others))

    def left_out(self, files: bool = False) -> str:
        """Return "; not counted: ..." naming what the product metrics left out, or ""."""
        parts: list[str] = []
        if files and self.other_files:
            parts.append(counted(self.other_files, "test, example, docs or generated file"))
        if not files and self.other_functions:
            parts.append(counted(self.other_functions, "function")
                         + " in tests, examples, docs or generated files")
        if not files and self.stubs:
            parts.append(counted(len(self.stubs), "@overload stub"))
        return "; not counted: " + ", ".join(parts) if parts else ""


class ComplexityAnalyzer(Analyzer):
    """Cyclomatic and cognitive complexity, size, nesting, parameters and MI."""

    name = "complexity"
    version = "5"  # 5: @overload stubs listed per file (left out of product metrics)
    file_kind = FileKind.PYTHON
    facts_type = ComplexityFacts
    options_type = ComplexityOptions
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

    def wants(self, path: str) -> bool:
        """Python files, and files of every other measured language."""
        return path.endswith(".py") or language_for_path(path) is not None

    def analyze_file(self, item: FileInput, options: Any) -> FileResult:
        """Measure the functions and the maintainability index of one parsed module."""
        if item.syntax is not None:
            measured = measure_syntax(item.syntax, item.text)
            return {"functions": list(measured.rows), "sloc": measured.sloc,
                    "loc": measured.loc, "mi": None, "language": item.syntax.spec.name}
        assert item.tree is not None  # the scan only hands parsed Python files to this step
        tree = item.tree
        # Composed from the module's statements when several versions of the file are analysed
        # in a row here, so that statements unchanged since the last one are not measured
        # again; None when the file is seen once, or falls outside what that composition
        # models, and then it is measured whole (the same results either way).
        composed = (measure_module(item.path, tree, item.text)
                    if composes_versions(item.path) else None)
        if composed is None:
            total_cc, functions = measure_functions(item.path, tree, item.text)
            rows: list[FunctionRow] = [f.to_row() for f in functions]
            raw = None
        else:
            total_cc, raw = composed.total_complexity, composed.raw
            rows = list(composed.functions)
        result: FileResult = {"functions": rows}
        overloads = _overload_lines(tree) if "overload" in item.text else []
        if overloads:
            result["overloads"] = overloads
        try:
            # The regular-expression lexer gives radon's numbers several times faster; it
            # declines (None) the rare cases it does not model and the exact path decides.
            raw = raw or count_raw_fast(item.text) or count_raw(item.text)
        except SyntaxError as exc:
            result.update(sloc=None, mi=None, note=f"raw line counts failed: {exc.msg}")
            return result
        volume = halstead_volume(tree) if composed is None else composed.halstead_volume
        result["sloc"] = raw.sloc
        result["lloc"] = raw.lloc
        result["loc"] = raw.loc
        result["mi"] = maintainability_index(
            halstead_volume=volume, total_complexity=total_cc, raw=raw
        )
        return result

    def summarize(self, ctx: ScanContext, results: Mapping[str, FileResult]) -> AnalyzerOutput:
        """Turn per-file measurements into repository shares, with the worst offenders.

        Every file's functions stay in the facts (a diff compares them all), but the shares,
        the distribution and the worst functions are about the code the team ships and
        maintains: see ``_ProductScope``.
        """
        options: ComplexityOptions = ctx.options
        rows = {path: tuple(FunctionRow.from_list(row) for row in result.get("functions", []))
                for path, result in sorted(results.items())}
        scope = _ProductScope.of(results, rows)
        functions = [FunctionStats.from_row(path, row)
                     for path, file_rows in rows.items() if path in scope.paths
                     for row in file_rows if (path, row.line) not in scope.stubs]
        measurements = [self._function_share(rule, functions, options, scope)
                        for rule in _FUNCTION_RULES]
        measurements.extend(self._file_shares(
            {p: r for p, r in results.items() if p in scope.paths}, options, scope))
        unrepresentative = source_share(ctx.files, scope.paths).unrepresentative()
        if unrepresentative is not None:
            # The functions stay in the facts (a diff compares them); no share is graded.
            measurements = withheld(measurements, unrepresentative)
        facts = _complexity_facts(results, rows, functions, scope)
        return AnalyzerOutput(tuple(measurements), facts=facts)

    @staticmethod
    def _function_share(
        rule: _Rule, functions: list[FunctionStats], options: ComplexityOptions,
        scope: _ProductScope,
    ) -> Measurement:
        if not functions:
            return Measurement(rule.metric, None, "no functions found" + scope.left_out())
        limit = getattr(options, rule.option)
        over = [f for f in functions if getattr(f, rule.attribute) > limit]
        over.sort(key=lambda f: (-getattr(f, rule.attribute), f.path, f.line))
        findings = tuple(
            Finding(rule.metric, Location(f.path, f.line),
                    f"{f.qualname}: {rule.noun} {getattr(f, rule.attribute)} (limit {limit})",
                    float(getattr(f, rule.attribute)), f.qualname)
            for f in over
        )
        note = (f"{counted_of(len(over), len(functions), 'function')} over {limit}"
                + scope.left_out())
        return Measurement(rule.metric, _percent(len(over), len(functions)), note, findings)

    @staticmethod
    def _file_shares(
        results: Mapping[str, FileResult], options: ComplexityOptions, scope: _ProductScope
    ) -> list[Measurement]:
        measured = {p: r for p, r in results.items() if r.get("sloc") is not None}
        total = sum(int(r["sloc"]) for r in measured.values())
        files_left_out = scope.left_out(files=True)
        if not measured or total == 0:
            return [Measurement(m, None, "no source lines found" + files_left_out)
                    for m in ("complexity.low_mi_code_share", "complexity.large_file_share")]
        shares = [_low_mi_share(measured, options.mi_limit),
                  _large_file_share(measured, total, options.file_sloc_limit)]
        return [replace(m, note=m.note + files_left_out) for m in shares]


def _complexity_facts(results: Mapping[str, FileResult],
                      rows: dict[str, tuple[FunctionRow, ...]],
                      functions: list[FunctionStats], scope: _ProductScope) -> ComplexityFacts:
    """Return the facts: distributions, the worst functions, per-file sizes and languages.

    The distributions and the worst functions are the product's (``functions``); the
    per-file figures and rows cover every measured file.
    """
    worst = sorted(functions, key=lambda f: (-f.cognitive, -f.cyclomatic, f.path, f.line))
    cyclomatic = [f.cyclomatic for f in functions]
    cognitive = [f.cognitive for f in functions]
    return ComplexityFacts(
        files=len(results),
        functions=len(functions),
        cyclomatic_p50=_percentile(cyclomatic, 0.5),
        cyclomatic_p90=_percentile(cyclomatic, 0.9),
        cyclomatic_max=max(cyclomatic, default=0),
        cognitive_p90=_percentile(cognitive, 0.9),
        cognitive_max=max(cognitive, default=0),
        sloc=sum(int(r.get("sloc") or 0) for r in results.values()),
        worst_functions=tuple(
            WorstFunction(f.path, f.qualname, f.line, f.cyclomatic, f.cognitive, f.length)
            for f in worst[:20]),
        file_mi=_per_file(results, "mi"),
        file_sloc=_per_file(results, "sloc"),
        file_loc=_per_file(results, "loc"),
        functions_by_file=rows,
        languages=_language_counts(results),
        not_product_functions=scope.other_functions,
        overload_stubs=len(scope.stubs),
    )


def _per_file(results: Mapping[str, FileResult], key: str) -> dict[str, Any]:
    """Return each file's value of one result key (None when absent), by path."""
    return {p: r.get(key) for p, r in sorted(results.items())}


def _low_mi_share(measured: dict[str, FileResult], mi_limit: float) -> Measurement:
    """Return the share of Python source lines in files whose MI is below ``mi_limit``.

    The maintainability index is radon's, for Python: other languages' lines are not in
    its share.
    """
    with_mi = {p: r for p, r in measured.items() if r.get("mi") is not None}
    mi_total = sum(int(r["sloc"]) for r in with_mi.values())
    if not (with_mi and mi_total):
        return Measurement("complexity.low_mi_code_share", None, "no Python source lines found "
                           "(the maintainability index is radon's, for Python)")
    low = sorted(((p, r) for p, r in with_mi.items() if r["mi"] < mi_limit),
                 key=lambda pr: (pr[1]["mi"], pr[0]))
    low_sloc = sum(int(r["sloc"]) for _, r in low)
    return Measurement("complexity.low_mi_code_share", _percent(low_sloc, mi_total),
                       f"{counted_of(len(low), len(with_mi), 'Python file')} below MI "
                       f"{mi_limit}",
                       _low_mi_findings(low, mi_limit))


def _low_mi_findings(low: list[tuple[str, FileResult]], mi_limit: float) -> tuple[Finding, ...]:
    """Return one finding per file below the MI limit, recording its shortfall.

    Findings grow worse upwards; MI grows better, so the value is how far below it is.
    """
    return tuple(
        Finding("complexity.low_mi_code_share", Location(p), f"maintainability index "
                f"{r['mi']:.1f} (limit {mi_limit}), {counted(int(r['sloc']), 'source line')}",
                round(mi_limit - r["mi"], 2))
        for p, r in low
    )


def _large_file_share(measured: dict[str, FileResult], total: int,
                      sloc_limit: int) -> Measurement:
    """Return the share of source lines in files over ``sloc_limit`` source lines."""
    large = sorted(((p, r) for p, r in measured.items() if r["sloc"] > sloc_limit),
                   key=lambda pr: (-pr[1]["sloc"], pr[0]))
    findings = tuple(
        Finding("complexity.large_file_share", Location(p),
                f"{counted(int(r['sloc']), 'source line')} (limit {sloc_limit})", float(r["sloc"]))
        for p, r in large
    )
    large_sloc = sum(int(r["sloc"]) for _, r in large)
    return Measurement("complexity.large_file_share", _percent(large_sloc, total),
                       f"{counted_of(len(large), len(measured), 'file')} over {sloc_limit} "
                       f"{agree(sloc_limit, 'source line')}",
                       findings)
