"""Run the per-file step of every analyzer: each file read once, parsed once, on every core.

For each file the analyzers that want it run in one worker call that shares the decoded text
and the Python tree (``worker``); files go to worker processes in batches (``pool``).
Results are cached by blob id (``outcomes``), so unchanged files are not analysed again
(``file_step``); a backfill warms the cache for many versions at once (``cache_warming``).
A file that cannot be decoded or parsed becomes one problem (shared by all analyzers), a
crash of one analyzer on one file becomes a problem for that analyzer and that file, and a
file whose analysis kills its worker process becomes a problem for that file alone.
"""

from __future__ import annotations

from scorecard.filescan.cache_warming import FileWork, warm_cache
from scorecard.filescan.file_step import scan_files
from scorecard.filescan.outcomes import FileScan, ProgressCallback
from scorecard.filescan.pool import start_pool, stop_pool

__all__ = ["FileScan", "FileWork", "ProgressCallback", "scan_files", "start_pool", "stop_pool",
           "warm_cache"]
