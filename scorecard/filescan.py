"""Run the per-file step of every analyzer: each file read once, parsed once, on every core.

For each file the analyzers that want it run in one worker call that shares the decoded text
and the Python tree. Results are cached by blob id, so unchanged files are not analysed again.
A file that cannot be decoded or parsed becomes one problem (shared by all analyzers), and a
crash of one analyzer on one file becomes a problem for that analyzer and that file.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from scorecard.analyzers import analyzer_by_name
from scorecard.analyzers.base import Analyzer, FileInput, FileKind, FileResult
from scorecard.cache import ResultCache, cache_key
from scorecard.model import Problem
from scorecard.parsing import decode_text, parse_python
from scorecard.repo import RepoFile, RepoView, blob_id

__all__ = ["FileScan", "scan_files"]

PARSE_KEY = "parse"  # cache entry recording that a blob does not parse, and why
PARSE_VERSION = "1"
BATCH_FILES = 24
SERIAL_BELOW = 48  # small scans are faster without starting worker processes
ProgressCallback = Callable[[int, int], None]


@dataclass
class FileScan:
    """What the per-file step produced."""

    results: dict[str, dict[str, FileResult]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    unparsable: dict[str, int] = field(default_factory=dict)  # path -> line count
    blobs: dict[str, str] = field(default_factory=dict)  # path -> blob id
    analysed: int = 0
    from_cache: int = 0


# A task: (path, data, analyzer names, options by analyzer)
_Task = tuple[str, bytes, tuple[str, ...], dict[str, dict[str, Any]]]


def _crash(exc: BaseException) -> str:
    return f"analyzer crashed on this file: {type(exc).__name__}: {str(exc)[:200]}"


def _analyze_one(task: _Task) -> dict[str, Any]:
    """Worker: decode/parse once and run each wanted analyzer. Never raises."""
    path, data, names, options = task
    out: dict[str, Any] = {}
    analyzers = [analyzer_by_name(n) for n in names]
    python_analyzers = [a for a in analyzers if a.file_kind is FileKind.PYTHON]
    text_analyzers = [a for a in analyzers if a.file_kind is FileKind.TEXT]
    if python_analyzers:
        parsed = parse_python(path, data)
        if parsed.tree is None or parsed.text is None:
            out[PARSE_KEY] = {"error": parsed.error, "lines": data.count(b"\n") + 1}
        else:
            item = FileInput(path, parsed.text, parsed.tree)
            for analyzer in python_analyzers:
                out[analyzer.name] = _run(analyzer, item, options.get(analyzer.name, {}))
    if text_analyzers:
        try:
            text = decode_text(data)
        except UnicodeDecodeError as exc:
            for analyzer in text_analyzers:
                out[analyzer.name] = {"_error": f"not UTF-8 text ({exc.reason} at byte "
                                                f"{exc.start})"}
        else:
            item = FileInput(path, text)
            for analyzer in text_analyzers:
                out[analyzer.name] = _run(analyzer, item, options.get(analyzer.name, {}))
    return out


def _run(analyzer: Analyzer, item: FileInput, options: dict[str, Any]) -> FileResult:
    try:
        return analyzer.analyze_file(item, options)
    except RecursionError:
        return {"_error": "analyzer crashed on this file: nested too deeply"}
    except Exception as exc:  # noqa: BLE001 - one file must never abort the scan
        return {"_error": _crash(exc)}


def _wanted(path: str, analyzers: Sequence[Analyzer]) -> tuple[Analyzer, ...]:
    return tuple(a for a in analyzers if a.file_kind is not FileKind.NONE and a.wants(path))


def _batches(tasks: list[_Task]) -> Iterator[list[_Task]]:
    for start in range(0, len(tasks), BATCH_FILES):
        yield tasks[start:start + BATCH_FILES]


def _analyze_batch(batch: list[_Task]) -> list[dict[str, Any]]:
    return [_analyze_one(task) for task in batch]


def scan_files(
    view: RepoView,
    files: Sequence[RepoFile],
    analyzers: Sequence[Analyzer],
    options: dict[str, dict[str, Any]],
    cache: ResultCache,
    jobs: int,
    progress: ProgressCallback | None = None,
) -> FileScan:
    """Run every per-file analyzer step over the files; return results, problems and counts."""
    scan = FileScan()
    for analyzer in analyzers:
        if analyzer.file_kind is not FileKind.NONE:
            scan.results[analyzer.name] = {}
    pending: list[_Task] = []
    keyed: list[tuple[RepoFile, str, tuple[Analyzer, ...]]] = []
    for repo_file, content in view.iter_contents(tuple(files)):
        if isinstance(content, Problem):
            scan.problems.append(content)
            continue
        wanted = _wanted(repo_file.path, analyzers)
        if not wanted:
            continue
        blob = blob_id(content)
        scan.blobs[repo_file.path] = blob
        keyed.append((repo_file, blob, wanted))
        pending.append((repo_file.path, content, tuple(a.name for a in wanted), options))

    # Look everything up in one pass, then analyse only the misses.
    keys = {cache_key(a.name, a.version, blob) for _, blob, wanted in keyed for a in wanted}
    keys |= {cache_key(PARSE_KEY, PARSE_VERSION, blob) for _, blob, _ in keyed}
    cached = cache.get_many(keys)
    to_run: list[_Task] = []
    for (repo_file, blob, wanted), task in zip(keyed, pending, strict=True):
        parse_hit = cached.get(cache_key(PARSE_KEY, PARSE_VERSION, blob))
        hits = {a.name: cached.get(cache_key(a.name, a.version, blob)) for a in wanted}
        python_wanted = any(a.file_kind is FileKind.PYTHON for a in wanted)
        if parse_hit is not None and python_wanted and \
                all(hits[a.name] is not None for a in wanted if a.file_kind is FileKind.TEXT):
            outcome: dict[str, Any] = {PARSE_KEY: parse_hit}
            outcome.update({n: r for n, r in hits.items() if r is not None})
            _record(scan, repo_file.path, outcome)
            scan.from_cache += 1
        elif all(r is not None for r in hits.values()):
            _record(scan, repo_file.path, dict(hits))
            scan.from_cache += 1
        else:
            to_run.append(task)

    fresh = _execute(to_run, jobs, progress)
    to_store: dict[str, Any] = {}
    by_path = {repo_file.path: (blob, wanted) for repo_file, blob, wanted in keyed}
    for task, outcome in zip(to_run, fresh, strict=True):
        path = task[0]
        blob, wanted = by_path[path]
        _record(scan, path, outcome)
        scan.analysed += 1
        if PARSE_KEY in outcome:
            to_store[cache_key(PARSE_KEY, PARSE_VERSION, blob)] = outcome[PARSE_KEY]
        for analyzer in wanted:
            result = outcome.get(analyzer.name)
            if result is not None and "_error" not in result:
                to_store[cache_key(analyzer.name, analyzer.version, blob)] = result
    cache.put_many(to_store)
    return scan


def _record(scan: FileScan, path: str, outcome: dict[str, Any]) -> None:
    for name, result in outcome.items():
        if name == PARSE_KEY:
            scan.problems.append(Problem("parse", str(result["error"]), path))
            scan.unparsable[path] = int(result.get("lines", 0))
        elif "_error" in result:
            scan.problems.append(Problem(name, str(result["_error"]), path))
        else:
            scan.results[name][path] = result


def _execute(tasks: list[_Task], jobs: int, progress: ProgressCallback | None) -> list[dict[str, Any]]:
    total = len(tasks)
    workers = jobs if jobs > 0 else (os.cpu_count() or 1)
    if workers <= 1 or total < SERIAL_BELOW:
        out: list[dict[str, Any]] = []
        for task in tasks:
            out.append(_analyze_one(task))
            if progress:
                progress(len(out), total)
        return out
    results: list[dict[str, Any]] = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures: list[Future[list[dict[str, Any]]]] = [
            pool.submit(_analyze_batch, batch) for batch in _batches(tasks)
        ]
        for future in futures:
            results.extend(future.result())
            if progress:
                progress(len(results), total)
    return results
