"""The per-file step of a scan: cached outcomes answered, the rest analysed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from scorecard.analyzers.base import Analyzer, FileKind
from scorecard.cache import ResultCache
from scorecard.filescan.outcomes import (
    DEFAULT_FILE_SECONDS,
    FileScan,
    ProgressCallback,
    _answer_from_cache,
    _cacheable,
    _content_key,
    _keys_for,
    _record,
    _Task,
    content_skip_reason,
)
from scorecard.filescan.pool import _execute
from scorecard.languages import unmeasured_language
from scorecard.model import Problem, SkippedFile
from scorecard.repo import RepoFile, RepoView, blob_id

__all__ = ["scan_files"]



def _wanted(path: str, analyzers: Sequence[Analyzer]) -> tuple[Analyzer, ...]:
    return tuple(a for a in analyzers if a.file_kind is not FileKind.NONE and a.wants(path))


def _new_scan(analyzers: Sequence[Analyzer]) -> FileScan:
    """Start a scan with an empty result table for each per-file analyzer."""
    scan = FileScan()
    for analyzer in analyzers:
        if analyzer.file_kind is not FileKind.NONE:
            scan.results[analyzer.name] = {}
    return scan


def _unanswered(scan: FileScan, selected: list[RepoFile], cached: dict[str, Any],
                wanted_by_path: dict[str, tuple[Analyzer, ...]]) -> list[RepoFile]:
    """Answer the files whose blob id is known from the cache; return the others."""
    to_read: list[RepoFile] = []
    for repo_file in selected:
        if repo_file.blob is not None and _answer_from_cache(scan, repo_file.path,
                                                               repo_file.blob, cached,
                                                               wanted_by_path[repo_file.path]):
            continue
        to_read.append(repo_file)
    return to_read


def _list_unmeasured(scan: FileScan, files: Sequence[RepoFile],
                     wanted_by_path: dict[str, tuple[Analyzer, ...]]) -> None:
    """List source code in a language without a grammar as skipped, never silently dropped.

    Such a file may still be read as text (a SOURCE analyzer finds its env reads), but no
    PYTHON-kind analyzer measures it: its functions are not in the report, and it says so.
    """
    for repo_file in files:
        reason = unmeasured_language(repo_file.path)
        if reason is not None and not any(a.file_kind is FileKind.PYTHON
                                          for a in wanted_by_path[repo_file.path]):
            scan.skipped.append(SkippedFile(repo_file.path, reason))


def _read(view: RepoView, scan: FileScan, to_read: list[RepoFile],
          fresh_content: dict[str, Any]) -> dict[str, tuple[str, bytes]]:
    """Read the files once; skip binary and generated ones; return the rest with blob ids."""
    contents: dict[str, tuple[str, bytes]] = {}
    for repo_file, content in view.iter_contents(tuple(to_read)):
        if isinstance(content, Problem):
            scan.problems.append(content)
            continue
        blob = repo_file.blob or blob_id(content)
        scan.blobs[repo_file.path] = blob
        reason = content_skip_reason(repo_file.path, content)
        fresh_content[_content_key(blob, repo_file.path)] = {"skip": reason}
        if reason is not None:
            scan.skipped.append(SkippedFile(repo_file.path, reason))
            continue
        contents[repo_file.path] = (blob, content)
    return contents


def _tasks(scan: FileScan, contents: dict[str, tuple[str, bytes]], cached: dict[str, Any],
           wanted_by_path: dict[str, tuple[Analyzer, ...]], options: dict[str, Any],
           max_seconds: float) -> list[_Task]:
    """Answer the read files the cache knows by content; return a task for each other."""
    return [(path, content, tuple(a.name for a in wanted_by_path[path]), options, max_seconds)
            for path, (blob, content) in contents.items()
            if not _answer_from_cache(scan, path, blob, cached, wanted_by_path[path])]


def _store_outcomes(scan: FileScan, tasks: list[_Task], fresh: Sequence[Any],
                    wanted_by_path: dict[str, tuple[Analyzer, ...]],
                    to_store: dict[str, Any]) -> None:
    """Record what the analysis produced, and what of it the cache keeps."""
    for task, outcome in zip(tasks, fresh, strict=True):
        path = task[0]
        _record(scan, path, outcome)
        scan.analysed += 1
        to_store.update(_cacheable(path, scan.blobs[path], outcome, wanted_by_path[path]))


def scan_files(
    view: RepoView,
    files: Sequence[RepoFile],
    analyzers: Sequence[Analyzer],
    options: dict[str, Any],
    cache: ResultCache,
    jobs: int,
    progress: ProgressCallback | None = None,
    max_seconds: float = DEFAULT_FILE_SECONDS,
) -> FileScan:
    """Run every per-file analyzer step over the files; return results, problems and counts.

    A file's bytes are read only when its results are not all cached: for a commit the blob
    id is known from the tree listing, so unchanged files are never read at all.
    """
    scan = _new_scan(analyzers)
    wanted_by_path = {f.path: _wanted(f.path, analyzers) for f in files}
    selected = [f for f in files if wanted_by_path[f.path]]
    if any(a.file_kind is FileKind.PYTHON for a in analyzers):
        _list_unmeasured(scan, files, wanted_by_path)

    # 1. Files whose blob id is already known: answer from the cache without reading.
    known = [f for f in selected if f.blob is not None]
    cached = cache.get_many(_keys_for(known, wanted_by_path))
    to_read = _unanswered(scan, selected, cached, wanted_by_path)

    # 2. Read the rest once; classify content (binary, generated); look up by content hash.
    fresh_content: dict[str, Any] = {}
    contents = _read(view, scan, to_read, fresh_content)
    # Working-tree files learn their blob id only now: one more batched lookup for them.
    known_paths = {f.path for f in known}
    hashed_now = [RepoFile(p, len(c), b) for p, (b, c) in contents.items()
                  if p not in known_paths]
    cached.update(cache.get_many(_keys_for(hashed_now, wanted_by_path)))
    tasks = _tasks(scan, contents, cached, wanted_by_path, options, max_seconds)
    contents.clear()

    # 3. Analyse the misses on every core and store what they produced.
    # Largest files first: the last batches are then small and both cores finish together.
    tasks.sort(key=lambda task: -len(task[1]))
    fresh = _execute(tasks, jobs, progress)
    to_store: dict[str, Any] = dict(fresh_content)
    _store_outcomes(scan, tasks, fresh, wanted_by_path, to_store)
    cache.put_many(to_store)
    return scan
