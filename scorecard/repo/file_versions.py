"""Read what git knows about the files runbooks depend on: versions, blobs, tags.

One ``git log`` call lists every version of every involved path (rule files, runbooks, the
paths runbooks name, the changelog); one ``git cat-file --batch`` call reads the old blobs the
staleness rules need. Nothing is checked out, and every call goes through ``gitcmd``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from scorecard.repo.gitcmd import GitUnavailable, run_git

__all__ = ["Version", "file_versions", "read_blobs", "release_tags"]

_NULL_BLOB = "0" * 40


@dataclass(frozen=True)
class Version:
    """One commit's version of a path: its blob, or None when the commit deleted it."""

    commit: str
    time: int
    blob: str | None


def file_versions(root: Path, paths: Iterable[str], max_commits: int, rev: str = "HEAD"
                  ) -> dict[str, list[Version]]:
    """Map each path to its versions up to ``rev``, newest first, from one ``git log --raw``.

    Renames are split into a deletion and an addition (``--no-renames``) so a path's own
    history is exact; moved alerts are matched by name across files by the caller. A scan
    of a past commit passes it as ``rev``: later versions are that commit's future.
    """
    specs = [f":(literal){p}" for p in sorted(set(paths))]
    if not specs:
        return {}
    out = run_git(root, ["log", "--relative", "--no-renames", "--raw", "--no-abbrev", "-z",
                         "--format=%x1e%H %ct", f"--max-count={max_commits}", rev, "--",
                         *specs])
    versions: dict[str, list[Version]] = {}
    for record in out.decode("utf-8", "surrogateescape").split("\x1e"):
        fields = record.split("\0")
        header = fields[0].split()
        if len(header) != 2:
            continue
        commit, time = header[0], int(header[1])
        for meta, path in zip(fields[1::2], fields[2::2], strict=False):
            parts = meta.strip().split()
            if len(parts) < 5 or not path:
                continue
            blob = None if parts[3] == _NULL_BLOB else parts[3]
            versions.setdefault(path, []).append(Version(commit, time, blob))
    return versions


def read_blobs(root: Path, blobs: Iterable[str]) -> dict[str, bytes]:
    """Read many blobs with one ``git cat-file --batch`` call (missing ones are left out)."""
    wanted = sorted(set(blobs))
    if not wanted:
        return {}
    out = run_git(root, ["cat-file", "--batch"], input_bytes="".join(f"{b}\n" for b in wanted)
                  .encode())
    found: dict[str, bytes] = {}
    position = 0
    while position < len(out):
        end = out.index(b"\n", position)
        header = out[position:end].split()
        position = end + 1
        if len(header) != 3:
            continue  # "<sha> missing"
        size = int(header[2])
        found[header[0].decode()] = out[position:position + size]
        position += size + 1
    return found


# (repository, revision, fingerprint of the tag refs) -> the tags: a run that scans the same
# commit twice (the pre-commit check's work tree and HEAD) asks git once. Keyed by the tags'
# names and targets, so a tag added or moved since is seen; bounded, for long-lived workers.
_RELEASES: dict[tuple[str, str, str], list[tuple[str, int]]] = {}
_RELEASES_KEPT = 32


def release_tags(root: Path, rev: str = "HEAD") -> list[tuple[str, int]]:
    """(tag, time of the commit it points to), newest first, for the tags ``rev`` contains.

    Empty without tags or git. A tag made after a past commit is not a release of it.
    """
    try:
        # Listing the tag refs is cheap; which of them ``rev`` contains walks the history.
        refs = run_git(root, ["for-each-ref", "--format=%(objectname) %(refname)", "refs/tags"])
        if not refs:
            return []
        key = (str(root.resolve()), rev, hashlib.sha256(refs).hexdigest())
        if key in _RELEASES:
            return list(_RELEASES[key])
        out = run_git(root, ["for-each-ref", "--sort=-creatordate", f"--merged={rev}",
                             "--format=%(refname:short)%00%(*committerdate:unix)"
                             "%00%(committerdate:unix)", "refs/tags"])
    except GitUnavailable:
        return []
    tags: list[tuple[str, int]] = []
    for line in out.decode("utf-8", "replace").splitlines():
        name, peeled, direct = (line.split("\0") + ["", ""])[:3]
        stamp = peeled or direct
        if stamp.isdigit():
            tags.append((name, int(stamp)))
    tags.sort(key=lambda t: -t[1])
    if len(_RELEASES) >= _RELEASES_KEPT:
        _RELEASES.clear()
    _RELEASES[key] = tags
    return list(tags)
