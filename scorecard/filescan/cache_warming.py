"""Warm the result cache for many file versions at once (a history backfill)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from scorecard.analyzers.base import Analyzer
from scorecard.cache import ResultCache
from scorecard.filescan.file_step import _wanted
from scorecard.filescan.outcomes import (
    DEFAULT_FILE_SECONDS,
    ProgressCallback,
    _cacheable,
    _cached_outcome,
    _content_key,
    _keys_for,
    _Task,
    content_skip_reason,
)
from scorecard.filescan.pool import _execute, _runs
from scorecard.repo import RepoFile

__all__ = ["WARM_CHUNK_BYTES", "FileWork", "warm_cache"]

# warm_cache holds at most about this much source at once (a backfill's union of versions
# can be several times a commit's size).
# scorecard: ignore[operability.config-overridable-constants] reason=internal memory bound
WARM_CHUNK_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class FileWork:
    """What a per-file step runs: the analyzers and their options, the cache, cores, limit."""

    analyzers: Sequence[Analyzer]
    options: dict[str, Any]
    cache: ResultCache
    jobs: int
    max_seconds: float = DEFAULT_FILE_SECONDS


def warm_cache(read_blob: Callable[[str], bytes], files: Sequence[RepoFile], work: FileWork,
               progress: ProgressCallback | None = None) -> int:
    """Analyse every file version not cached yet and cache it; return how many were analysed.

    ``files`` are versions with known blob ids, from any number of commits (a path may come
    several times with different blobs; a repeated version is analysed once). This is the
    per-file step of many scans at once: a backfill calls it with the union of its commits'
    files, so every core is busy and no version is analysed twice, and each commit's scan
    then finds all its results cached. Problems are not reported here: a file that cannot be
    read or analysed is left uncached, and the scan of each commit that holds it reports it.
    """
    versions = list({(f.path, f.blob): f for f in files if f.blob is not None}.values())
    wanted = {f.path: _wanted(f.path, work.analyzers) for f in versions}
    versions = [f for f in versions if wanted[f.path]]
    cached = work.cache.get_many(_keys_for(versions, wanted))
    missing = [f for f in versions
               if _cached_outcome(f.path, str(f.blob), cached, wanted[f.path]) is None]
    missing.sort(key=lambda f: f.path)  # a path's versions in one chunk, oldest first
    done = 0
    for chunk in _chunks_by_size(missing, WARM_CHUNK_BYTES):
        readable, to_store = _read_chunk(chunk, read_blob, wanted, work)
        tasks = [task for _, task in readable]
        outcomes = _execute(tasks, work.jobs, _shifted(progress, done, len(missing)))
        for (blob, task), outcome in zip(readable, outcomes, strict=True):
            to_store.update(_cacheable(task[0], blob, outcome, wanted[task[0]]))
        work.cache.put_many(to_store)
        done += len(chunk)
        if progress:
            progress(done, len(missing))
    return len(missing)


def _shifted(progress: ProgressCallback | None, base: int, total: int,
             ) -> ProgressCallback | None:
    """Report one chunk's progress as part of the whole: ``base`` files were done before."""
    if progress is None:
        return None
    return lambda finished, _chunk_total: progress(base + finished, total)


def _read_chunk(chunk: list[RepoFile], read_blob: Callable[[str], bytes],
                wanted: dict[str, tuple[Analyzer, ...]], work: FileWork,
                ) -> tuple[list[tuple[str, _Task]], dict[str, Any]]:
    """Read a chunk's blobs; return (blob, task) pairs, largest first, and content entries.

    A binary or generated blob gets only its content entry (it is skipped, not analysed); a
    blob that cannot be read gets nothing, and the scan of a commit holding it says why.
    """
    readable: list[tuple[str, _Task]] = []
    entries: dict[str, Any] = {}
    for repo_file in chunk:
        blob = str(repo_file.blob)
        try:
            data = read_blob(blob)
        except (OSError, KeyError):
            continue
        reason = content_skip_reason(repo_file.path, data)
        entries[_content_key(blob, repo_file.path)] = {"skip": reason}
        if reason is None:
            names = tuple(a.name for a in wanted[repo_file.path])
            readable.append((blob, (repo_file.path, data, names, work.options,
                                    work.max_seconds)))
    # Largest first, as in scan_files, so the cores end together; but by path, each path's
    # versions in a row and in their order, so one worker analyses them one after another.
    path_bytes: dict[str, int] = {}
    for _, task in readable:
        path_bytes[task[0]] = path_bytes.get(task[0], 0) + len(task[1])
    readable.sort(key=lambda pair: (-path_bytes[pair[1][0]], pair[1][0]))
    return readable, entries


def _chunks_by_size(files: list[RepoFile], limit: int) -> Iterator[list[RepoFile]]:
    """Split files into runs of about ``limit`` bytes, so only one run is held in memory.

    A path's versions (consecutive in ``files``) stay in one run.
    """
    return _runs(files, limit, lambda f: f.size, lambda f: f.path)
