"""What the per-file step produces (FileScan) and how an outcome is cached by blob id."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from scorecard.analyzers.base import Analyzer, FileKind, FileResult
from scorecard.cache import cache_key, result_key
from scorecard.headers import leading_comment_end
from scorecard.languages import generated_reason, minified_reason
from scorecard.model import Problem, SkippedFile
from scorecard.repo import RepoFile, classify_content

__all__ = ["PARSE_KEY", "PARSE_VERSION", "CONTENT_KEY", "CONTENT_VERSION", "WORKER_DIED_KEY",
           "WORKER_DIED", "ProgressCallback", "FileScan", "DEFAULT_FILE_SECONDS",
           "TOOL_WRITTEN_REASONS", "content_skip_reason", "parses_python"]

PARSE_KEY = "parse"  # cache entry recording that a blob does not parse, and why
PARSE_VERSION = "2"  # 2: the reason names syntax of a newer Python
CONTENT_KEY = "content"  # cache entry: is this blob at this path binary or generated?
# 2: Git LFS pointers are skipped; 3: minified JavaScript is; 4: generated code of the
# tree-sitter languages is (a "generated from/by" header comment); 5: keyed by path too,
# since the minified and generated-header reasons read the file name and language; 6:
# compiled JavaScript (a sourceMappingURL comment) is generated; 7: markers are read in a
# leading comment block longer than 1 KB (a licence first)
CONTENT_VERSION = "7"
# How the skip reasons of content a tool wrote begin: a generated header
# (scorecard.repo.classify_content, scorecard.languages.generated_reason) or minified code
# (scorecard.languages.minified_reason).
TOOL_WRITTEN_REASONS = ("generated (", "minified or bundled (")
WORKER_DIED_KEY = "_worker_died"  # outcome of a file whose analysis killed its worker process
WORKER_DIED = ("not analysed: its analysis ended the worker process (a crash in native code or "
               "the out-of-memory killer)")
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

    def tool_written(self) -> frozenset[str]:
        """Return the paths skipped because a tool wrote their content (generated, minified)."""
        return frozenset(s.path for s in self.skipped
                         if s.reason.startswith(TOOL_WRITTEN_REASONS))


# A task: (path, data, analyzer names, options by analyzer, seconds allowed for the file)
_Task = tuple[str, bytes, tuple[str, ...], dict[str, dict[str, Any]], float]
DEFAULT_FILE_SECONDS = 60.0


def parses_python(analyzer: Analyzer, path: str) -> bool:
    """Return True when ``analyzer`` gets ``path`` as a parsed Python tree, False for text.

    A SOURCE analyzer gets the tree of a ``.py`` file and the text of any other file it
    wants (another language's source).
    """
    return analyzer.file_kind is FileKind.PYTHON or (
        analyzer.file_kind is FileKind.SOURCE and path.endswith(".py"))


def _content_key(blob: str, path: str) -> str:
    """Key of a file's skip reason: by path as well as content (see content_skip_reason)."""
    return result_key(CONTENT_KEY, CONTENT_VERSION, blob, path)


def content_skip_reason(path: str, data: bytes) -> str | None:
    """Return why a file is skipped for its content (binary, generated, minified), or None.

    Binary content and generated markers are facts of the bytes alone; minified code
    (``app.min.js``) and a language's generated header are not: an empty ``__init__.py``
    has the bytes of an empty ``site.min.js``, so the reason is cached by blob and path.
    """
    comment_end = leading_comment_end(data)  # read by both generated rules: found once
    return (classify_content(data, comment_end) or minified_reason(path, data)
            or generated_reason(path, data, comment_end))


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


def _keys_for(files: Sequence[RepoFile],
              wanted_by_path: dict[str, tuple[Analyzer, ...]]) -> set[str]:
    keys: set[str] = set()
    for repo_file in files:
        blob = repo_file.blob
        if blob is None:
            continue
        keys.add(_content_key(blob, repo_file.path))
        keys.add(cache_key(PARSE_KEY, PARSE_VERSION, blob))
        keys.update(result_key(a.name, a.version, blob, repo_file.path)
                    for a in wanted_by_path[repo_file.path])
    return keys


def _cached_outcome(path: str, blob: str, cached: dict[str, Any],
                    wanted: tuple[Analyzer, ...]) -> dict[str, Any] | str | None:
    """Return a file's cached outcome: results by analyzer, its skip reason, or None."""
    content = cached.get(_content_key(blob, path))
    if content is None:
        return None
    if content.get("skip"):
        return str(content["skip"])
    parse_failure = cached.get(cache_key(PARSE_KEY, PARSE_VERSION, blob))
    outcome: dict[str, Any] = {}
    for analyzer in wanted:
        if parse_failure is not None and parses_python(analyzer, path):
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
    errors: dict[str, list[str]] = {}  # message -> the analyzers that gave it
    for name, result in outcome.items():
        if name == WORKER_DIED_KEY:
            scan.problems.append(Problem("scan", WORKER_DIED, path))
        elif name == PARSE_KEY:
            scan.problems.append(Problem("parse", str(result["error"]), path))
            scan.unparsable[path] = int(result.get("lines", 0))
        elif "_error" in result:
            errors.setdefault(str(result["_error"]), []).append(name)
        else:
            scan.results[name][path] = result
    # One problem per reason: a file over its time limit, or not UTF-8, is one problem of
    # the file (the scan's), not one per analyzer that wanted it.
    for message, names in errors.items():
        scan.problems.append(Problem(names[0] if len(names) == 1 else "scan", message, path))
