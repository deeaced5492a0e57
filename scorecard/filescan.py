"""Run the per-file step of every analyzer: each file read once, parsed once, on every core.

For each file the analyzers that want it run in one worker call that shares the decoded text
and the Python tree. Results are cached by blob id, so unchanged files are not analysed again.
A file that cannot be decoded or parsed becomes one problem (shared by all analyzers), a
crash of one analyzer on one file becomes a problem for that analyzer and that file, and a
file whose analysis kills its worker process becomes a problem for that file alone.
"""

from __future__ import annotations

import gc
import os
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any, TypeVar

from scorecard.analyzers import analyzer_by_name
from scorecard.analyzers.base import Analyzer, FileInput, FileKind, FileResult
from scorecard.cache import ResultCache, cache_key, result_key
from scorecard.model import Problem, SkippedFile
from scorecard.orphans import die_with_parent
from scorecard.parsing import decode_text, parse_python
from scorecard.repo import RepoFile, RepoView, blob_id, classify_content

__all__ = ["FileScan", "FileWork", "scan_files", "start_pool", "stop_pool", "warm_cache"]

PARSE_KEY = "parse"  # cache entry recording that a blob does not parse, and why
PARSE_VERSION = "1"
CONTENT_KEY = "content"  # cache entry: is this blob binary or generated?
CONTENT_VERSION = "2"  # 2: Git LFS pointers are skipped
WORKER_DIED_KEY = "_worker_died"  # outcome of a file whose analysis killed its worker process
WORKER_DIED = ("not analysed: its analysis ended the worker process (a crash in native code or "
               "the out-of-memory killer)")
BATCH_BYTES = 256 * 1024  # a batch is about this much source, so workers finish together
SERIAL_BELOW = 48  # small scans are faster without starting worker processes
# warm_cache holds at most about this much source at once (a backfill's union of versions
# can be several times a commit's size).
# scorecard: ignore[operability.config-overridable-constants] reason=internal memory bound
WARM_CHUNK_BYTES = 64 * 1024 * 1024
ProgressCallback = Callable[[int, int], None]


@dataclass
class FileScan:
    """What the per-file step produced."""

    results: dict[str, dict[str, FileResult]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    unparsable: dict[str, int] = field(default_factory=dict)  # path -> line count
    blobs: dict[str, str] = field(default_factory=dict)  # path -> blob id
    skipped: list[SkippedFile] = field(default_factory=list)  # binary or generated content
    analysed: int = 0
    from_cache: int = 0


# A task: (path, data, analyzer names, options by analyzer, seconds allowed for the file)
_Task = tuple[str, bytes, tuple[str, ...], dict[str, dict[str, Any]], float]
DEFAULT_FILE_SECONDS = 60.0
_Item = TypeVar("_Item")


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


def _run(analyzer: Analyzer, item: FileInput, options: Any) -> FileResult:
    try:
        return analyzer.analyze_file(item, options)
    except RecursionError:
        return {"_error": "analyzer crashed on this file: nested too deeply"}
    except Exception as exc:  # noqa: BLE001 - one file must never abort the scan
        return {"_error": _crash(exc)}


def _wanted(path: str, analyzers: Sequence[Analyzer]) -> tuple[Analyzer, ...]:
    return tuple(a for a in analyzers if a.file_kind is not FileKind.NONE and a.wants(path))


def _batches(tasks: list[_Task]) -> Iterator[list[_Task]]:
    """Cut tasks into batches of about BATCH_BYTES; versions of one path stay together.

    A worker analysing several versions of a file in a row measures only the statements that
    changed between them (see ``statement_parts``), so they are never split between workers.
    """
    return _runs(tasks, BATCH_BYTES, lambda task: len(task[1]), lambda task: task[0])


def _runs(items: Sequence[_Item], limit: int, size: Callable[[_Item], int],
          path: Callable[[_Item], str]) -> Iterator[list[_Item]]:
    """Cut items into runs of about ``limit`` bytes, never between two items of one path."""
    run: list[_Item] = []
    total = 0
    for index, item in enumerate(items):
        run.append(item)
        total += size(item)
        following = path(items[index + 1]) if index + 1 < len(items) else None
        if total >= limit and following != path(item):
            yield run
            run, total = [], 0
    if run:
        yield run


def _analyze_batch(batch: list[_Task]) -> list[dict[str, Any]]:
    # Syntax trees hold no reference cycles; pausing the cycle collector while millions of
    # nodes are allocated saves about a tenth of the per-file time. It runs after the batch.
    gc.disable()
    try:
        return [_analyze_one(task) for task in batch]
    finally:
        gc.enable()


def _content_key(blob: str) -> str:
    return cache_key(CONTENT_KEY, CONTENT_VERSION, blob)


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
    scan = FileScan()
    for analyzer in analyzers:
        if analyzer.file_kind is not FileKind.NONE:
            scan.results[analyzer.name] = {}
    wanted_by_path = {f.path: _wanted(f.path, analyzers) for f in files}
    selected = [f for f in files if wanted_by_path[f.path]]

    # 1. Files whose blob id is already known: answer from the cache without reading.
    known = [f for f in selected if f.blob is not None]
    cached = cache.get_many(_keys_for(known, wanted_by_path))
    to_read: list[RepoFile] = []
    for repo_file in selected:
        if repo_file.blob is not None and _answer_from_cache(scan, repo_file.path,
                                                               repo_file.blob, cached,
                                                               wanted_by_path[repo_file.path]):
            continue
        to_read.append(repo_file)

    # 2. Read the rest once; classify content (binary, generated); look up by content hash.
    contents: dict[str, tuple[str, bytes]] = {}
    fresh_content: dict[str, Any] = {}
    for repo_file, content in view.iter_contents(tuple(to_read)):
        if isinstance(content, Problem):
            scan.problems.append(content)
            continue
        blob = repo_file.blob or blob_id(content)
        scan.blobs[repo_file.path] = blob
        reason = classify_content(content)
        fresh_content[_content_key(blob)] = {"skip": reason}
        if reason is not None:
            scan.skipped.append(SkippedFile(repo_file.path, reason))
            continue
        contents[repo_file.path] = (blob, content)
    # Working-tree files learn their blob id only now: one more batched lookup for them.
    known_paths = {f.path for f in known}
    hashed_now = [RepoFile(p, len(c), b) for p, (b, c) in contents.items()
                  if p not in known_paths]
    cached.update(cache.get_many(_keys_for(hashed_now, wanted_by_path)))
    tasks: list[_Task] = []
    for path, (blob, content) in contents.items():
        wanted = wanted_by_path[path]
        if _answer_from_cache(scan, path, blob, cached, wanted):
            continue
        tasks.append((path, content, tuple(a.name for a in wanted), options, max_seconds))
    contents.clear()

    # 3. Analyse the misses on every core and store what they produced.
    # Largest files first: the last batches are then small and both cores finish together.
    tasks.sort(key=lambda task: -len(task[1]))
    fresh = _execute(tasks, jobs, progress)
    to_store: dict[str, Any] = dict(fresh_content)
    for task, outcome in zip(tasks, fresh, strict=True):
        path = task[0]
        _record(scan, path, outcome)
        scan.analysed += 1
        to_store.update(_cacheable(path, scan.blobs[path], outcome, wanted_by_path[path]))
    cache.put_many(to_store)
    return scan


def _cacheable(path: str, blob: str, outcome: dict[str, Any],
               wanted: tuple[Analyzer, ...]) -> dict[str, Any]:
    """Return the cache entries of one file's fresh outcome (errors and timeouts are not kept)."""
    entries: dict[str, Any] = {}
    if PARSE_KEY in outcome:
        entries[cache_key(PARSE_KEY, PARSE_VERSION, blob)] = outcome[PARSE_KEY]
    for analyzer in wanted:
        result = outcome.get(analyzer.name)
        if result is not None and "_error" not in result:
            entries[result_key(analyzer.name, analyzer.version, blob, path)] = result
    return entries


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
        reason = classify_content(data)
        entries[_content_key(blob)] = {"skip": reason}
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


def _keys_for(files: Sequence[RepoFile],
              wanted_by_path: dict[str, tuple[Analyzer, ...]]) -> set[str]:
    keys: set[str] = set()
    for repo_file in files:
        blob = repo_file.blob
        if blob is None:
            continue
        keys.add(_content_key(blob))
        keys.add(cache_key(PARSE_KEY, PARSE_VERSION, blob))
        keys.update(result_key(a.name, a.version, blob, repo_file.path)
                    for a in wanted_by_path[repo_file.path])
    return keys


def _cached_outcome(path: str, blob: str, cached: dict[str, Any],
                    wanted: tuple[Analyzer, ...]) -> dict[str, Any] | str | None:
    """Return a file's cached outcome: results by analyzer, its skip reason, or None."""
    content = cached.get(_content_key(blob))
    if content is None:
        return None
    if content.get("skip"):
        return str(content["skip"])
    parse_failure = cached.get(cache_key(PARSE_KEY, PARSE_VERSION, blob))
    outcome: dict[str, Any] = {}
    for analyzer in wanted:
        if parse_failure is not None and analyzer.file_kind is FileKind.PYTHON:
            outcome[PARSE_KEY] = parse_failure
            continue
        hit = cached.get(result_key(analyzer.name, analyzer.version, blob, path))
        if hit is None:
            return None
        outcome[analyzer.name] = hit
    return outcome


def _answer_from_cache(scan: FileScan, path: str, blob: str, cached: dict[str, Any],
                       wanted: tuple[Analyzer, ...]) -> bool:
    """Record a file's results from the cache if every one is there; return True if so."""
    outcome = _cached_outcome(path, blob, cached, wanted)
    if outcome is None:
        return False
    scan.blobs[path] = blob
    if isinstance(outcome, str):
        scan.skipped.append(SkippedFile(path, outcome))
    else:
        _record(scan, path, outcome)
    scan.from_cache += 1
    return True


def _record(scan: FileScan, path: str, outcome: dict[str, Any]) -> None:
    for name, result in outcome.items():
        if name == WORKER_DIED_KEY:
            scan.problems.append(Problem("scan", WORKER_DIED, path))
        elif name == PARSE_KEY:
            scan.problems.append(Problem("parse", str(result["error"]), path))
            scan.unparsable[path] = int(result.get("lines", 0))
        elif "_error" in result:
            scan.problems.append(Problem(name, str(result["_error"]), path))
        else:
            scan.results[name][path] = result


def _execute(
    tasks: list[_Task], jobs: int, progress: ProgressCallback | None
) -> list[dict[str, Any]]:
    total = len(tasks)
    workers = jobs if jobs > 0 else (os.cpu_count() or 1)
    if workers <= 1 or total < SERIAL_BELOW:
        out: list[dict[str, Any]] = []
        for batch in _batches(tasks):
            out.extend(_analyze_batch(batch))
            if progress:
                progress(len(out), total)
        return out
    batches = list(_batches(tasks))
    outcomes = _run_pool(batches, workers, progress, total)
    results: list[dict[str, Any]] = []
    for batch, outcome in zip(batches, outcomes, strict=True):
        results.extend(outcome if outcome is not None else _isolate(batch))
    return results


def _start_worker(parent: int, kernel: bool) -> None:
    # A worker never outlives its parent (killed by SIGKILL included): see scorecard.orphans.
    die_with_parent(parent, kernel=kernel)
    # Ctrl-C reaches every process of the terminal's group: the parent handles it and stops
    # the workers, which would otherwise each print a KeyboardInterrupt traceback. Workers
    # start with SIGINT blocked (see start_pool): ignore it first, then let it through.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def start_pool(workers: int) -> ProcessPoolExecutor:
    """Return a process pool whose workers leave Ctrl-C to the parent.

    The workers are started at once with SIGINT blocked: a Ctrl-C between a fork and the
    worker's initializer would otherwise raise KeyboardInterrupt inside the initializer and
    print its traceback. A Ctrl-C that arrives meanwhile is delivered to this process when
    the mask is restored, and the pool is stopped. Workers end when this process ends,
    even by SIGKILL.
    """
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    main = threading.current_thread() is threading.main_thread()
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_start_worker,
                               initargs=(os.getpid(), main))
    try:
        pool.submit(int).result()  # with fork, the first task starts every worker
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
    except BaseException:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        stop_pool(pool)
        raise
    return pool


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Stop a pool at once: drop queued work and end the workers (Ctrl-C, errors)."""
    pool.shutdown(wait=False, cancel_futures=True)
    # No public way to end running workers before Python 3.14 (terminate_workers).
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()


def _run_pool(batches: list[list[_Task]], workers: int, progress: ProgressCallback | None,
              total: int) -> list[list[dict[str, Any]] | None]:
    """Analyse the batches on ``workers`` processes; None for a batch whose worker died."""
    outcomes: list[list[dict[str, Any]] | None] = []
    finished = 0
    pool = start_pool(workers)
    try:
        futures: list[Future[list[dict[str, Any]]]] = [
            pool.submit(_analyze_batch, batch) for batch in batches
        ]
        for batch, future in zip(batches, futures, strict=True):
            try:
                outcomes.append(future.result())
            except BrokenProcessPool:
                # A dead worker fails every batch not finished yet; each is redone below.
                outcomes.append(None)
            finished += len(batch)
            if progress:
                progress(finished, total)
    except BaseException:
        # Ctrl-C: drop the queued batches rather than finish them all before exiting.
        stop_pool(pool)
        raise
    pool.shutdown()
    return outcomes


def _isolate(batch: list[_Task]) -> list[dict[str, Any]]:
    """Redo a batch whose worker died one file at a time, so only the file at fault is lost."""
    outcomes: list[dict[str, Any]] = []
    pool = start_pool(1)
    try:
        for task in batch:
            try:
                outcomes.extend(pool.submit(_analyze_batch, [task]).result())
            except BrokenProcessPool:
                outcomes.append({WORKER_DIED_KEY: {}})
                pool.shutdown()
                pool = start_pool(1)
    except BaseException:
        stop_pool(pool)
        raise
    pool.shutdown()
    return outcomes
