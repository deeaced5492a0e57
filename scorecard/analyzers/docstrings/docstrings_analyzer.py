"""Docstrings analyzer: interrogate's docstring coverage, and its public-API variant.

The per-file step records every module, class and function of the shared tree (see
``nodes``); the summary applies interrogate's switches (``[tool.scorecard.docstrings]``, with
interrogate's defaults) and the public-API rules (see ``selection``). Unlike interrogate, a
file that does not parse does not abort the run: the scan lists it as a problem and the rest
still counts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from scorecard.analyzers.base import (
    Analyzer,
    AnalyzerOutput,
    FileInput,
    FileKind,
    FileResult,
    ScanContext,
)
from scorecard.analyzers.docstrings.nodes import DocNode, collect_nodes
from scorecard.analyzers.docstrings.selection import (
    Counted,
    DocstringsOptions,
    interrogate_selection,
    public_selection,
)
from scorecard.analyzers.source_share import python_minority
from scorecard.facts.docstrings_facts import DocstringFile, DocstringsFacts
from scorecard.model import FINDINGS_BOUND, Direction, Finding, Location, Measurement, Metric
from scorecard.wording import agree, count_text, counted

__all__ = ["DocstringsAnalyzer"]

MAX_FINDINGS = FINDINGS_BOUND  # every finding is kept (see FINDINGS_BOUND)
COVERAGE = "docstrings.coverage"
PUBLIC_COVERAGE = "docstrings.public_coverage"
_KIND = {"Module": "module", "ClassDef": "class", "FunctionDef": "function",
         "AsyncFunctionDef": "function"}


def _qualname(nodes: Sequence[DocNode], index: int) -> str:
    parts: list[str] = []
    while index > 0:
        parts.append(nodes[index].name)
        index = nodes[index].parent
    return ".".join(reversed(parts))


def _findings(metric: str, missing: Sequence[tuple[str, Sequence[DocNode], int]]
              ) -> tuple[Finding, ...]:
    findings: list[Finding] = []
    for path, nodes, index in missing[:MAX_FINDINGS]:
        node = nodes[index]
        if index == 0:
            findings.append(Finding(metric, Location(path, 1), "module has no docstring",
                                    symbol=path))
            continue
        name = _qualname(nodes, index)
        findings.append(Finding(metric, Location(path, node.line),
                                f"{_KIND[node.node_type]} {name} has no docstring", symbol=name))
    return tuple(findings)


def _parse_note(unparsable: Sequence[str]) -> str:
    """Return the note that files which do not parse are left out ("" when none are)."""
    if not unparsable:
        return ""
    count = len(unparsable)
    return (f"; {counted(count, 'file')} that {agree(count, 'does', 'do')} not parse "
            f"{agree(count, 'is', 'are')} not counted (listed as problems)")


def _file_nodes(results: Mapping[str, FileResult]) -> dict[str, list[DocNode]]:
    """Return each file's documentable nodes from its recorded rows, by path."""
    return {path: [DocNode.from_row(r) for r in result.get("nodes", [])]
            for path, result in sorted(results.items())}


def _undocumented(files: Mapping[str, list[DocNode]], selected: Mapping[str, Counted]
                  ) -> list[tuple[str, Sequence[DocNode], int]]:
    """Return (path, the file's nodes, node index) of every selected node without docstring."""
    return [(path, files[path], index)
            for path, counted in selected.items() for index, ok in counted if not ok]


def _percent(covered: int, total: int) -> float:
    # interrogate: a total of 0 is 100 % covered.
    return round(100.0 * covered / total, 2) if total else 100.0


class DocstringsAnalyzer(Analyzer):
    """Docstring coverage with interrogate's rules, over all code and over the public API."""

    name = "docstrings"
    version = "1"
    file_kind = FileKind.PYTHON
    facts_type = DocstringsFacts
    options_type = DocstringsOptions
    metrics = (
        Metric(COVERAGE,
               "Docstring coverage as interrogate computes it (modules, classes, functions; "
               "interrogate's switches and defaults)",
               Direction.HIGHER_IS_BETTER, "%"),
        Metric(PUBLIC_COVERAGE,
               "Docstring coverage of the public API: public modules, classes and functions "
               "outside tests and migrations, restricted to __all__ where defined",
               Direction.HIGHER_IS_BETTER, "%"),
    )

    def analyze_file(self, item: FileInput, options: Any) -> FileResult:
        """Record every documentable node of one parsed module (options apply later)."""
        assert item.tree is not None  # the scan only hands parsed Python files to this step
        return {"nodes": [n.to_row() for n in collect_nodes(item.tree, item.path)]}

    def summarize(self, ctx: ScanContext, results: Mapping[str, FileResult]) -> AnalyzerOutput:
        """Count covered nodes under both selections and list the undocumented ones."""
        options: DocstringsOptions = ctx.options
        unparsable = sorted(p for p in ctx.unparsable if self.wants(p))
        parse_note = _parse_note(unparsable)
        files = _file_nodes(results)
        if not files:
            reason = ("no Python file parses" if unparsable else "no Python files")
            return AnalyzerOutput(tuple(Measurement(m.id, None, reason + parse_note)
                                        for m in self.metrics))
        minority = python_minority(ctx.files, files)
        if minority is not None:
            return AnalyzerOutput(tuple(Measurement(m.id, None, minority)
                                        for m in self.metrics))
        everything = {p: interrogate_selection(p, n, options) for p, n in files.items()}
        public = {p: public_selection(p, n) for p, n in files.items()}
        coverage, totals = self._measure(COVERAGE, files, everything, parse_note)
        public_coverage, public_totals = self._measure(PUBLIC_COVERAGE, files, public,
                                                       parse_note)
        if public_totals[0] == 0:
            public_coverage = Measurement(PUBLIC_COVERAGE, None,
                                          "no public API (only tests, private or empty modules)"
                                          + parse_note)
        facts = DocstringsFacts(
            files=len(files), unparsable_files=tuple(unparsable),
            total=totals[0], covered=totals[1], missing=totals[0] - totals[1],
            public_total=public_totals[0], public_covered=public_totals[1],
            worst_files=self._worst_files(everything),
        )
        return AnalyzerOutput((coverage, public_coverage), facts=facts)

    @staticmethod
    def _measure(metric: str, files: Mapping[str, list[DocNode]],
                 selected: Mapping[str, Counted], note: str
                 ) -> tuple[Measurement, tuple[int, int]]:
        total = sum(len(c) for c in selected.values())
        covered = sum(1 for c in selected.values() for _, ok in c if ok)
        counted_files = sum(1 for c in selected.values() if c)
        if counted_files == 0:
            return Measurement(metric, None, "no Python file counted" + note), (0, 0)
        missing = _undocumented(files, selected)
        text = (f"{count_text(covered)} of {count_text(total)} documented in "
                f"{counted(counted_files, 'Python file')}{note}")
        return (Measurement(metric, _percent(covered, total), text, _findings(metric, missing)),
                (total, covered))

    @staticmethod
    def _worst_files(selected: Mapping[str, Counted]) -> tuple[DocstringFile, ...]:
        rows = [DocstringFile(p, len(c), sum(1 for _, ok in c if not ok))
                for p, c in selected.items() if c]
        rows.sort(key=lambda r: (-r.missing, r.path))
        return tuple(rows[:20])
