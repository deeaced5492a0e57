"""Visibility and predictability measurements from the per-file facts of application code.

Only application code counts (``path_role`` APP: not tests, examples, docs, migrations, CI
or tooling); densities are per 1,000 non-blank, non-comment lines of that code, so that a
large repository is not punished for its size.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from scorecard.analyzers.base import FileResult
from scorecard.model import FINDINGS_BOUND, Finding, Location, Measurement
from scorecard.wording import agree, count_text, counted, counted_of

__all__ = ["CodeBase", "code_measurements", "per_kloc"]

MAX_FINDINGS = FINDINGS_BOUND  # every finding is kept (see FINDINGS_BOUND)
PRINTS = "signals.print_density"
LOGGER_NAMING = "signals.module_logger_share"
TRACEBACKS = "signals.traceback_share"
SWALLOWED = "signals.swallowed_error_density"
ASSERTS = "signals.assert_density"
MUTABLE_DEFAULTS = "signals.mutable_defaults"
GLOBAL_WRITES = "signals.global_state_density"
TODOS = "signals.todo_density"


@dataclass(frozen=True)
class CodeBase:
    """The application files and their facts, with the project kind."""

    files: Mapping[str, FileResult]  # application code only
    kind: str

    def lines(self, paths: Iterable[str] | None = None) -> int:
        """Return the code lines of the given files (all application files by default)."""
        chosen = self.files if paths is None else paths
        return sum(int(self.files[p].get("lines", 0)) for p in chosen)

    def rows(self, fact: str, paths: Iterable[str] | None = None
             ) -> list[tuple[str, list[Any]]]:
        """Return (path, row) of one fact, sorted by path and line."""
        chosen = sorted(self.files if paths is None else paths)
        found = [(p, list(r)) for p in chosen for r in self.files[p].get(fact, [])]
        return sorted(found, key=lambda item: (item[0], item[1][0]))


def per_kloc(count: int, lines: int) -> float:
    """Return a count per 1,000 lines, rounded to two decimals."""
    return round(1000.0 * count / lines, 2) if lines else 0.0


Describe = Callable[[list[Any]], str]  # a fact's row -> the finding's message


def _findings(metric: str, rows: Sequence[tuple[str, list[Any]]], describe: Describe
              ) -> tuple[Finding, ...]:
    return tuple(Finding(metric, Location(path, int(row[0])), describe(row))
                 for path, row in rows[:MAX_FINDINGS])


def _density(metric: str, base: CodeBase, paths: Sequence[str], rows: Sequence[
        tuple[str, list[Any]]], what: tuple[str, str], describe: Describe) -> Measurement:
    # ``what`` names the counted thing in the singular and the plural, which are not always
    # one "s" apart ("handler that hides errors").
    lines = base.lines(paths)
    if not lines:
        return Measurement(metric, None, "no application code")
    value = per_kloc(len(rows), lines)
    return Measurement(metric, value, f"{counted(len(rows), *what)} in "
                                      f"{counted(lines, 'line')} of application code "
                                      f"({counted(len(paths), 'file')})",
                       _findings(metric, rows, describe))


def _prints(base: CodeBase) -> Measurement:
    if base.kind == "cli":
        return Measurement(PRINTS, None, "a command-line tool: printing is its output")
    if base.kind == "notebooks":
        return Measurement(PRINTS, None, "a notebook collection: printing shows its reader "
                                         "the results")
    library = [p for p, r in base.files.items() if not r.get("cli")]
    return _density(PRINTS, base, library, base.rows("prints", library),
                    ("print() call", "print() calls"),
                    lambda row: "print() in library/service code: log through a logger instead")


def _logger_naming(base: CodeBase) -> Measurement:
    logging = sorted(p for p, r in base.files.items() if r.get("logs") or r.get(
        "root_log_calls") or r.get("loggers"))
    if not logging:
        return Measurement(LOGGER_NAMING, None, "no application module logs")
    rows = base.rows("unnamed_loggers", logging) + base.rows("root_log_calls", logging)
    offenders = {p for p, _ in rows}
    good = len(logging) - len(offenders)
    return Measurement(
        LOGGER_NAMING, round(100.0 * good / len(logging), 2),
        f"{counted_of(good, len(logging), 'logging module')} {agree(good, 'logs', 'log')} "
        "through a logger named per module",
        _findings(LOGGER_NAMING, sorted(rows, key=lambda i: (i[0], i[1][0])), _logger_message))


def _logger_message(row: list[Any]) -> str:
    if row[1] == "literal":
        return "logger with a fixed name: use logging.getLogger(__name__)"
    if row[1] == "root":
        return "the root logger (getLogger() without a name): use getLogger(__name__)"
    return f"{row[1]} logs to the root logger: use a module logger"


def _tracebacks(base: CodeBase) -> Measurement:
    kept = sum(int(r.get("handlers", {}).get("broad-logged", 0)) for r in base.files.values())
    lost = [(p, row) for p, row in base.rows("broad_handlers")
            if row[2] == "logged-no-traceback"]
    total = kept + len(lost)
    if not total:
        return Measurement(TRACEBACKS, None, "no broad exception handler logs")
    return Measurement(
        TRACEBACKS, round(100.0 * kept / total, 2),
        f"{count_text(kept)} of "
        f"{counted(total, 'broad handler that logs', 'broad handlers that log')} "
        f"{agree(kept, 'keeps', 'keep')} the traceback",
        _findings(TRACEBACKS, lost, lambda row: "caught everything and logged without the "
                  "traceback: use log.exception() or exc_info=True"))


def _swallowed(base: CodeBase) -> Measurement:
    rows = [(p, row) for p, row in base.rows("broad_handlers")
            if row[2] in ("silent", "other")]
    return _density(SWALLOWED, base, list(base.files), rows,
                    ("handler that hides errors", "handlers that hide errors"),
                    _swallow_message)


def _swallow_message(row: list[Any]) -> str:
    caught = {"bare": "bare except:", "broad": "except Exception",
              "suppress": "suppress(Exception)"}.get(str(row[1]), str(row[1]))
    if row[2] == "silent":
        return f"{caught} swallows the error silently"
    return f"{caught} neither logs nor re-raises"


def code_measurements(base: CodeBase) -> list[Measurement]:
    """Return every code-level measurement of the signals analyzer."""
    everything = list(base.files)
    return [
        _prints(base),
        _logger_naming(base),
        _tracebacks(base),
        _swallowed(base),
        _density(ASSERTS, base, everything, base.rows("asserts"),
                 ("assert statement", "assert statements"),
                 lambda row: "assert as a runtime check: it vanishes under python -O; "
                             "raise an exception"),
        _mutable_defaults(base),
        _density(GLOBAL_WRITES, base, everything, base.rows("global_writes"),
                 ("write to module state from functions", "writes to module state from functions"),
                 lambda row: f"{row[2]}() writes module-level {row[1]}"),
        _density(TODOS, base, everything, base.rows("todos"),
                 ("TODO/FIXME/XXX/HACK comment", "TODO/FIXME/XXX/HACK comments"),
                 lambda row: f"{row[1]} comment"),
    ]


def _mutable_defaults(base: CodeBase) -> Measurement:
    rows = base.rows("mutable_defaults")
    if not base.files:
        return Measurement(MUTABLE_DEFAULTS, None, "no application code")
    return Measurement(MUTABLE_DEFAULTS, float(len(rows)),
                       f"{counted(len(rows), 'mutable default argument')} in "
                       f"{counted(len(base.files), 'file')}",
                       _findings(MUTABLE_DEFAULTS, rows,
                                 lambda row: f"{row[1]}() has a mutable default argument, "
                                             "shared by every call"))
