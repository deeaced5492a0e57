"""One worker call: every analyzer that wants a file runs on its text and tree, under a timer."""

from __future__ import annotations

import gc
import signal
import threading
from collections import Counter
from typing import Any

from scorecard.analyzers import analyzer_by_name
from scorecard.analyzers.base import Analyzer, FileInput, FileKind, FileResult
from scorecard.analyzers.statement_parts import expect_versions
from scorecard.filescan.outcomes import PARSE_KEY, _Task, parses_python
from scorecard.languages import language_for_path
from scorecard.languages.measure import parse_file
from scorecard.languages.spec import LanguageSpec
from scorecard.parsing import decode_text, parse_python

__all__: list[str] = []  # the worker side: used through the pool



class _FileTimeout(BaseException):
    """Raised by the timer when one file's analysis runs past its limit.

    A BaseException, so that analyzers' own ``except Exception`` cannot swallow it.
    """


def _on_alarm(_signum: int, _frame: object) -> None:
    raise _FileTimeout


def _timed_out(names: tuple[str, ...], seconds: float) -> dict[str, Any]:
    message = (f"not analysed: took longer than {seconds:g} s (the max_file_seconds limit); "
               "raise the limit or exclude the file")
    return {name: {"_error": message} for name in names}


def _crash(exc: BaseException) -> str:
    return f"analyzer crashed on this file: {type(exc).__name__}: {str(exc)[:200]}"


def _analyze_one(task: _Task) -> dict[str, Any]:
    """Worker: analyse one file within its time limit. Never raises.

    The limit is a real-time timer (SIGALRM), so it also stops a parser or analyzer stuck
    in pure Python; it is only armed in a main thread, where signals are delivered.
    """
    names, seconds = task[2], task[4]
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        return _analyze_content(task)
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            return _analyze_content(task)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _FileTimeout:
        return _timed_out(names, seconds)
    finally:
        signal.signal(signal.SIGALRM, previous)


def _analyze_content(task: _Task) -> dict[str, Any]:
    """Decode/parse once and run each wanted analyzer. Never raises."""
    path, data, names, options, _seconds = task
    out: dict[str, Any] = {}
    analyzers = [analyzer_by_name(n) for n in names]
    spec = language_for_path(path)
    if spec is not None:
        # Another measured language: parsed once with its tree-sitter grammar for the
        # PYTHON analyzers that want it (their ``wants`` picks such files); SOURCE and TEXT
        # analyzers read its text.
        tree_analyzers = [a for a in analyzers if a.file_kind is FileKind.PYTHON]
        text_analyzers = [a for a in analyzers if a.file_kind is not FileKind.PYTHON]
        if tree_analyzers:
            _run_on_syntax(spec, path, data, tree_analyzers, options, out)
    else:
        tree_analyzers = [a for a in analyzers if parses_python(a, path)]
        text_analyzers = [a for a in analyzers if not parses_python(a, path)]
        if tree_analyzers:
            _run_on_python(path, data, tree_analyzers, options, out)
    if text_analyzers:
        _run_on_text(path, data, text_analyzers, options, out)
    return out


def _run_on_syntax(spec: LanguageSpec, path: str, data: bytes, analyzers: list[Analyzer],
                   options: dict[str, Any], out: dict[str, Any]) -> None:
    """Parse another language's file with its grammar and run ``analyzers`` on the tree."""
    text, syntax, error = parse_file(spec, data)
    if syntax is None:
        out[PARSE_KEY] = {"error": error, "lines": data.count(b"\n") + 1}
        return
    item = FileInput(path, text, None, syntax)
    for analyzer in analyzers:
        out[analyzer.name] = _run(analyzer, item, options.get(analyzer.name, {}))


def _run_on_python(path: str, data: bytes, analyzers: list[Analyzer],
                   options: dict[str, Any], out: dict[str, Any]) -> None:
    """Decode and parse a Python file once and run ``analyzers`` on its tree."""
    parsed = parse_python(path, data)
    if parsed.tree is None or parsed.text is None:
        out[PARSE_KEY] = {"error": parsed.error, "lines": data.count(b"\n") + 1}
        return
    item = FileInput(path, parsed.text, parsed.tree)
    for analyzer in analyzers:
        out[analyzer.name] = _run(analyzer, item, options.get(analyzer.name, {}))


def _run_on_text(path: str, data: bytes, analyzers: list[Analyzer],
                 options: dict[str, Any], out: dict[str, Any]) -> None:
    """Decode a file as text once and run ``analyzers`` on it."""
    try:
        text = decode_text(data)
    except UnicodeDecodeError as exc:
        for analyzer in analyzers:
            out[analyzer.name] = {"_error": f"not UTF-8 text ({exc.reason} at byte "
                                            f"{exc.start})"}
        return
    item = FileInput(path, text)
    for analyzer in analyzers:
        out[analyzer.name] = _run(analyzer, item, options.get(analyzer.name, {}))


def _run(analyzer: Analyzer, item: FileInput, options: Any) -> FileResult:
    try:
        return analyzer.analyze_file(item, options)
    except RecursionError:
        return {"_error": "analyzer crashed on this file: nested too deeply"}
    except Exception as exc:  # noqa: BLE001 - one file must never abort the scan
        return {"_error": _crash(exc)}


def _analyze_batch(batch: list[_Task]) -> list[dict[str, Any]]:
    # Versions of one path stay together in a batch (see pool._batches): only those paths'
    # statements are measured one by one and remembered for the next version.
    seen = Counter(task[0] for task in batch)
    expect_versions(path for path, count in seen.items() if count > 1)
    # Syntax trees hold no reference cycles; pausing the cycle collector while millions of
    # nodes are allocated saves about a tenth of the per-file time. It runs after the batch.
    gc.disable()
    try:
        return [_analyze_one(task) for task in batch]
    finally:
        gc.enable()
