r"""A module's complexity measures, composed from those of its statements.

Everything the complexity analyzer measures in a module adds up over its top-level
statements, and a class's share adds up over the statements of its body:

* radon's total complexity is 1 plus each statement's share (its decision points outside
  functions and classes, plus each function's and class's complexity minus 1); a class's
  share is the sum, over its body, of each statement's decision points and its methods'
  complexity (radon adds nothing for a nested class);
* the Halstead counts behind radon's volume are sums, and the distinct operators and operands
  are set unions (radon keeps an operand that is neither a name, an attribute nor a constant as
  the syntax node itself, which is distinct from every other operand, so it is counted);
* radon's raw line counts are sums over *chunks* (runs of lines that tokenize alone); every
  statement that starts and ends on lines of its own is whole chunks, and the lines between
  statements are blank or comment lines, one chunk each;
* each function's measures depend on its own lines only.

So a statement's measures depend on its source lines alone, and a statement whose lines are
unchanged since an earlier version of the same file need not be measured again. A backfill
analyses several versions of most files, one after another in the same worker, and most
statements of a changed file are unchanged; this module remembers the statements of the
versions of the file analysed last. Whenever a file falls outside what this composition
models (a line break other than ``\n``/``\r\n``, statements sharing a line, a line between
statements that is not blank or a comment, a backslash at the end of a statement), it is
measured whole, as before, so the results are always those of a whole-module measurement.
(A class whose body starts on the ``class`` line is one piece, not split into its body.)
"""

from __future__ import annotations

import ast
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass
from types import SimpleNamespace

from radon.metrics import halstead_visitor_report
from radon.visitors import ComplexityVisitor

from scorecard.analyzers.function_measures import (
    FunctionRow,
    function_stats,
    iter_functions,
    radon_complexities,
)
from scorecard.analyzers.halstead import HalsteadCounts, count_halstead
from scorecard.analyzers.raw_lexer import count_raw_fast
from scorecard.analyzers.raw_metrics import RawCounts, count_raw

__all__ = ["ModuleMeasures", "StatementMeasures", "composes_versions", "expect_versions",
           "measure_module", "measure_statement"]

# Lines as str.splitlines() and radon see them differ from the parser's lines when these occur.
_ODD_LINE_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def _has_odd_line_breaks(text: str) -> bool:
    """Tell whether str.splitlines() would number the lines unlike the parser."""
    if any(char in text for char in _ODD_LINE_BREAKS):
        return True
    # A carriage return not followed by a newline: left out of the model rather than trusting
    # the tokenizer and str.splitlines to agree on it.
    return "\r" in text and text.count("\r") != text.count("\r\n")


@dataclass(frozen=True, slots=True)
class StatementMeasures:
    """What one top-level statement adds to its module's measures."""

    complexity: int  # its share of radon's total complexity
    functions: tuple[FunctionRow, ...]  # ``line`` counted from the statement's first line
    operators: int
    operands: int
    operator_names: frozenset[Hashable]
    operand_values: frozenset[Hashable]
    operand_nodes: int  # operands radon keeps as syntax nodes: each one is distinct
    raw: RawCounts | None  # radon's raw counts of its lines; None if they do not tokenize


@dataclass(frozen=True)
class ModuleMeasures:
    """A module's measures, as the whole-module computation gives them."""

    total_complexity: int
    functions: list[FunctionRow]  # with their lines in the module
    halstead_volume: float
    raw: RawCounts | None  # None when composing does not apply: count the whole text


@dataclass(frozen=True)
class _Unit:
    """A statement measured as one piece: a module's statement, or one in a class's body."""

    statement: ast.stmt
    first: int  # its first line (that of its first decorator)
    last: int
    prefix: str = ""  # the class's name and a dot, for a statement in a class body


@dataclass
class _Layout:
    """How a module splits into measured pieces."""

    units: list[_Unit]
    headers: list[ast.ClassDef]  # classes split into their body statements
    spans: list[tuple[int, int]]  # every line range a unit or a class header covers


def _first_line(statement: ast.stmt) -> int:
    decorators: list[ast.expr] = getattr(statement, "decorator_list", None) or []
    return min([statement.lineno, *(d.lineno for d in decorators)])


def _class_header(statement: ast.ClassDef, lines: list[str]) -> tuple[int, int] | None:
    """Return the lines of a class before its body (None if the body shares its line).

    Blank and comment lines before the body are left out: they are chunks of their own, and
    radon's tokenizer would not see a blank line at the end of the header's text.
    """
    first, last = _first_line(statement), _first_line(statement.body[0]) - 1
    if last < statement.lineno:
        return None  # `class A: x = 1`
    while last > statement.lineno and _is_comment_or_blank(lines[last - 1]):
        last -= 1
    return first, last


def _layout(tree: ast.Module, lines: list[str]) -> _Layout:
    layout = _Layout([], [], [])
    for statement in tree.body:
        first, last = _first_line(statement), statement.end_lineno or statement.lineno
        header = _class_header(statement, lines) if isinstance(statement, ast.ClassDef) else None
        if header is None:
            layout.units.append(_Unit(statement, first, last))
            layout.spans.append((first, last))
            continue
        assert isinstance(statement, ast.ClassDef)
        layout.headers.append(statement)
        layout.spans.append(header)
        prefix = f"{statement.name}."
        for child in statement.body:
            child_first = _first_line(child)
            child_last = child.end_lineno or child.lineno
            layout.units.append(_Unit(child, child_first, child_last, prefix))
            layout.spans.append((child_first, child_last))
    return layout


def _composes(layout: _Layout, lines: list[str]) -> bool:
    """Tell whether the pieces are whole chunks: no shared lines, only comments between."""
    previous_end = 0
    for first, last in layout.spans:
        if first <= previous_end or not _only_comments(lines, previous_end, first - 1):
            return False
        if lines[last - 1].rstrip().endswith("\\"):
            return False  # a continuation runs into the next line: radon's chunk goes on
        previous_end = last
    return _only_comments(lines, previous_end, len(lines))


def _only_comments(lines: list[str], after: int, through: int) -> bool:
    """Tell whether lines after+1..through (1-based) are all blank or comments."""
    return all(_is_comment_or_blank(line) for line in lines[after:through])


def _is_comment_or_blank(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def measure_statement(statement: ast.stmt, lines: list[str], first: int,
                      prefix: str = "") -> StatementMeasures:
    """Measure one statement of a module, or of a class body (``prefix``: ``"ClassName."``).

    ``first`` is its first line; ``lines`` are the module's (line n is ``lines[n - 1]``).
    """
    last = statement.end_lineno or statement.lineno
    in_class = bool(prefix)
    visitor = ComplexityVisitor(off=not in_class)
    visitor.visit(statement)
    if in_class:
        # radon adds each class-body statement's decision points and its methods' whole
        # complexity to the class (nested classes add nothing); the class adds that sum.
        share = visitor.complexity + sum(f.complexity for f in visitor.functions)
    else:
        share = visitor.total_complexity - 1  # a module is 1 plus its statements' shares
    module = ast.Module(body=[statement], type_ignores=[])
    stats = function_stats("", iter_functions(module, prefix, in_class),
                           radon_complexities(visitor), lines)
    halstead = count_halstead(statement)
    values = frozenset(item for item in halstead.operands_seen
                       if not isinstance(item[1], ast.AST))
    return StatementMeasures(
        complexity=int(share),
        functions=tuple(s.to_row()._replace(line=s.line - first) for s in stats),
        operators=int(halstead.operators),
        operands=int(halstead.operands),
        operator_names=frozenset(halstead.operators_seen),
        operand_values=values,
        operand_nodes=len(halstead.operands_seen) - len(values),
        raw=_raw_or_none("\n".join(lines[first - 1 : last])),
    )


def _header_measures(statement: ast.ClassDef, lines: list[str]) -> StatementMeasures:
    """Measure a class's own lines: radon's visitors read its bases, keywords, decorators."""
    first, last = _class_header(statement, lines) or (0, 0)
    parts = [*statement.bases, *statement.keywords, *statement.decorator_list,
             *getattr(statement, "type_params", ())]
    halstead = HalsteadCounts()
    for part in parts:
        count_halstead(part, into=halstead)
    seen = halstead.operands_seen
    values = frozenset(item for item in seen if not isinstance(item[1], ast.AST))
    return StatementMeasures(0, (), halstead.operators, halstead.operands,
                             frozenset(halstead.operators_seen), values, len(seen) - len(values),
                             _raw_or_none("\n".join(lines[first - 1 : last])))


def _raw_or_none(source: str) -> RawCounts | None:
    try:
        return count_raw_fast(source) or count_raw(source)
    except SyntaxError:
        return None


# A statement's source lines, its columns and its class's prefix.
_Key = tuple[str, int, int | None, str]


class StatementMemory:
    """The measured statements of the versions of one file analysed last in this process.

    Keyed by the statement's source lines, its columns and its class, which determine its
    measures (apart from its position, which is kept relative). Analysing another file
    forgets them, so memory stays bounded by one file's versions.
    """

    def __init__(self) -> None:
        """Start remembering nothing."""
        self._path = ""
        self._measures: dict[_Key, StatementMeasures] = {}

    def for_path(self, path: str) -> dict[_Key, StatementMeasures]:
        """Return the statements remembered for ``path`` (forgetting another file's)."""
        if path != self._path:
            self._path = path
            self._measures = {}
        return self._measures


_MEMORY = StatementMemory()
# Paths of which the worker's current batch holds more than one version (see expect_versions).
_VERSIONS_AHEAD: set[str] = set()


def expect_versions(paths: Iterable[str]) -> None:
    """Say which paths the coming analyses will see in several versions, one after another.

    Only their statements are worth measuring one by one and remembering: a file seen in one
    version is measured whole, which gives the same results (the composition is exact) for
    less work, since per-statement lexing and visiting cost more than one pass over the file.
    """
    _VERSIONS_AHEAD.clear()
    _VERSIONS_AHEAD.update(paths)


def composes_versions(path: str) -> bool:
    """Tell whether ``path``'s statements are worth composing (more versions of it come)."""
    return path in _VERSIONS_AHEAD


def _key(unit: _Unit, lines: list[str]) -> _Key:
    """Name a statement by its source lines, columns and class (kept whole: no collisions)."""
    statement = unit.statement
    return ("\n".join(lines[unit.first - 1 : unit.last]), statement.col_offset,
            statement.end_col_offset, unit.prefix)


def measure_module(path: str, tree: ast.Module, text: str) -> ModuleMeasures | None:
    """Compose a module's measures from its statements', or None if the file does not compose.

    Statements unchanged since a version of ``path`` measured just before in this process
    are not measured again.
    """
    if _has_odd_line_breaks(text):
        return None
    lines = text.splitlines()
    layout = _layout(tree, lines)
    if not _composes(layout, lines):
        return None
    remembered = _MEMORY.for_path(path)
    parts: list[tuple[int, StatementMeasures]] = []
    for unit in layout.units:
        key = _key(unit, lines)
        measures = remembered.get(key)
        if measures is None:
            measures = measure_statement(unit.statement, lines, unit.first, unit.prefix)
            remembered[key] = measures
        parts.append((unit.first, measures))
    parts.extend((0, _header_measures(header, lines)) for header in layout.headers)
    return _compose(parts, lines, layout.spans)


def _compose(parts: list[tuple[int, StatementMeasures]], lines: list[str],
             spans: list[tuple[int, int]]) -> ModuleMeasures:
    functions: list[FunctionRow] = []
    operator_names: set[Hashable] = set()
    operand_values: set[Hashable] = set()
    operators = operands = operand_nodes = 0
    complexity = 1
    for first, measures in parts:
        complexity += measures.complexity
        functions.extend(row._replace(line=row.line + first) for row in measures.functions)
        operators += measures.operators
        operands += measures.operands
        operator_names |= measures.operator_names
        operand_values |= measures.operand_values
        operand_nodes += measures.operand_nodes
    report = halstead_visitor_report(SimpleNamespace(
        distinct_operators=len(operator_names),
        distinct_operands=len(operand_values) + operand_nodes,
        operators=operators, operands=operands))
    functions.sort(key=lambda row: row.line)
    return ModuleMeasures(complexity, functions, float(report.volume),
                          _compose_raw([m.raw for _, m in parts], _gap_lines(lines, spans)))


def _gap_lines(lines: list[str], spans: list[tuple[int, int]]) -> Iterator[str]:
    """Yield the stripped lines outside every piece (blank lines and comments)."""
    previous_end = 0
    for first, last in [*spans, (len(lines) + 1, len(lines))]:
        for line in lines[previous_end : first - 1]:
            yield line.strip()
        previous_end = last


def _compose_raw(parts: list[RawCounts | None], gaps: Iterator[str]) -> RawCounts | None:
    lloc = sloc = comments = multi = blank = single = 0
    for raw in parts:
        if raw is None:
            return None  # a piece radon cannot count alone: count the whole text
        lloc += raw.lloc
        sloc += raw.sloc
        comments += raw.comments
        multi += raw.multi
        blank += raw.blank
        single += raw.single_comments
    for line in gaps:
        if line:
            comments += 1  # a comment line is a chunk with one comment and no code
            single += 1
        else:
            blank += 1
    return RawCounts(loc=sloc + blank + multi + single, lloc=lloc, sloc=sloc,
                     comments=comments, multi=multi, blank=blank, single_comments=single)
