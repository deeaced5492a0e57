"""Take a repository's own scorecard configuration out of a commit, for an org scan.

An org scan's clone has no work tree (``--no-checkout``), and a scan reads its configuration
from the scanned folder: without this, every repository would be scanned with the defaults
whatever its ``scorecard.toml`` (or ``pyproject.toml``'s ``[tool.scorecard]``) says. The file
the commit holds is written to a scratch folder and passed as ``--config``; the folders of
check definitions it names (``check_paths``, relative to it) are copied next to it, so they
resolve as they do in a checkout. Only regular files inside those folders are written, under
their own relative paths: nothing from the repository is executed or written elsewhere.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path, PurePosixPath
from typing import Any

from scorecard.config import repository_setting_errors
from scorecard.repo.gitcmd import GitUnavailable, run_git

__all__ = ["commit_config"]

CONFIG_FILES = ("scorecard.toml", "pyproject.toml")  # the order the scan looks for them
_REGULAR_MODES = ("100644", "100755")
# scorecard: ignore[operability.config-overridable-constants] reason=bounds what is copied
MAX_CONFIG_BYTES = 1024 * 1024  # a configuration, or a folder of check definitions


def commit_config(root: Path, commit: str, folder: Path) -> list[str]:
    """Return ``["--config", FILE]`` for the configuration ``commit`` holds; [] when none.

    A ``pyproject.toml`` counts only with a ``[tool.scorecard]`` table, as in a scan of a
    work tree; one that does not parse is left to the defaults, as there too. ValueError
    when it names check folders outside the repository, or sets what only the user may
    (see :func:`scorecard.config.repository_setting_errors`).
    """
    for name in CONFIG_FILES:
        data = _regular_file(root, commit, name)
        if data is None or len(data) > MAX_CONFIG_BYTES:
            continue
        table = _table(data)
        if name == "pyproject.toml":
            tool = table.get("tool") if table is not None else None
            scorecard = tool.get("scorecard") if isinstance(tool, dict) else None
            if not isinstance(scorecard, dict):
                continue
            table = scorecard
        if table is not None:
            for problem in repository_setting_errors(table):
                raise ValueError(f"invalid configuration ({name}): {problem}")
        path = folder / name
        path.write_bytes(data)
        if table is not None:
            _copy_check_folders(root, commit, folder, table.get("check_paths"))
        return ["--config", str(path)]
    return []


def _regular_file(root: Path, commit: str, name: str) -> bytes | None:
    """Return the content of the root file ``name`` of ``commit`` when it is a regular file.

    A link's blob is its target's name, never a configuration.
    """
    try:
        listed = run_git(root, ["ls-tree", "-z", "--end-of-options", commit, "--", name])
    except GitUnavailable:
        return None
    meta, _, _ = listed.partition(b"\t")
    fields = meta.decode("ascii", "replace").split()
    if len(fields) != 3 or fields[0] not in _REGULAR_MODES:
        return None
    return _blob(root, fields[2])


def _blob(root: Path, spec: str) -> bytes | None:
    """Return the blob ``spec`` names (an id, or ``COMMIT:PATH``); None when git has none."""
    try:
        return run_git(root, ["cat-file", "blob", spec])
    except GitUnavailable:
        return None


def _table(data: bytes) -> dict[str, Any] | None:
    """Parse TOML; None when it does not parse (the scan then reports it, or ignores it)."""
    try:
        return tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None


def _copy_check_folders(root: Path, commit: str, folder: Path, paths: Any) -> None:
    """Copy the regular files of each relative ``check_paths`` folder of the commit."""
    if isinstance(paths, str):
        paths = [paths]
    if not isinstance(paths, list):
        return
    written = 0
    for raw in paths:
        if not isinstance(raw, str):
            continue
        relative = PurePosixPath(raw)
        if relative.is_absolute() or ".." in relative.parts:
            # As a scan of a work tree refuses it (scorecard.config): the repository's
            # configuration names folders of its own, never "/" or "../..".
            raise ValueError(f"invalid configuration: check_paths names {raw[:100]!r}, "
                             "outside the repository")
        if not relative.parts:
            continue
        try:
            listed = run_git(root, ["ls-tree", "-r", "-z", "--full-tree", "--end-of-options",
                                    commit, "--", f"{relative.as_posix()}/"])
        except GitUnavailable:
            continue
        for record in listed.split(b"\0"):
            meta, _, raw_path = record.partition(b"\t")
            fields = meta.decode("ascii", "replace").split()
            if len(fields) != 3 or fields[0] not in _REGULAR_MODES:
                continue  # links and submodules are never followed
            name = PurePosixPath(os.fsdecode(raw_path))
            data = _blob(root, fields[2])
            if data is None or ".." in name.parts or written + len(data) > MAX_CONFIG_BYTES:
                continue
            target = folder.joinpath(*name.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            written += len(data)
