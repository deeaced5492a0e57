"""What changed between commits, and which commits a history holds."""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Sequence
from pathlib import Path

from scorecard.repo.gitcmd import GitUnavailable, run_git

__all__ = [
    "changed_paths",
    "commits_between",
    "first_parent_before",
    "first_parent_commits",
    "head_paths",
    "history_span",
    "show_file",
    "touched_lines",
]

_HUNK = re.compile(rb"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@", re.MULTILINE)
# git ends a name holding a space with a tab, and C-quotes one holding quotes or controls.
_FILE = re.compile(rb'^\+\+\+ (?:b/(.*?)|"b/(.*)"|/dev/null)\t?$', re.MULTILINE)


def changed_paths(root: Path, base_sha: str, head_sha: str | None) -> frozenset[str]:
    """Paths a change touched: BASE..HEAD, or BASE against the working tree (untracked too).

    The paths are relative to ``root`` and limited to it, as a scan of ``root`` names them:
    ``root`` may be a folder of the repository (one package of a monorepo).
    """
    # A submodule's work tree is its own repository, with its own filters: never entered.
    # --relative: git names paths from the top of the repository unless told otherwise.
    args = ["diff", "--name-only", "-z", "--relative", "--no-renames",
            "--ignore-submodules=all", base_sha]
    if head_sha is not None:
        args.append(head_sha)
    out = run_git(root, args)
    paths = {os.fsdecode(p) for p in out.split(b"\0") if p}
    if head_sha is None:
        untracked = run_git(root, ["ls-files", "-z", "--others", "--exclude-standard"])
        paths |= {os.fsdecode(p) for p in untracked.split(b"\0") if p}
    return frozenset(paths)


def first_parent_commits(root: Path) -> list[tuple[int, str]]:
    """Return (committer time, sha) of HEAD's first-parent line, oldest first.

    Raises GitUnavailable when git cannot read the history.
    """
    out = run_git(root, ["log", "--first-parent", "--format=%H %ct", "HEAD"])
    return sorted((int(stamp), sha)
                  for sha, stamp in (line.split() for line in out.decode().splitlines()))


def show_file(root: Path, commit: str, path: str) -> bytes | None:
    """Return a file's bytes as committed in ``commit``; None when it has no such file."""
    try:
        return run_git(root, ["show", f"{commit}:{path}"])
    except GitUnavailable:
        return None


def head_paths(root: Path, paths: Sequence[str]) -> set[str] | None:
    """Return which of ``paths`` HEAD has, or None when there is no HEAD (no commit yet)."""
    try:
        out = run_git(root, ["ls-tree", "-r", "-z", "--name-only", "HEAD", "--", *paths])
    except GitUnavailable:
        return None
    return {os.fsdecode(p) for p in out.split(b"\0") if p}


def touched_lines(root: Path, paths: Sequence[str]) -> dict[str, frozenset[int] | None]:
    """Return the lines of each path that differ from HEAD (None: the file is new to git).

    The work tree is compared with HEAD: pre-commit stashes what is not staged, so the work
    tree is the staged change and its line numbers are those the scan reports.
    """
    in_head = head_paths(root, paths)
    if in_head is None:
        return dict.fromkeys(paths)
    touched: dict[str, frozenset[int] | None] = {p: None for p in paths if p not in in_head}
    known = [p for p in paths if p in in_head]
    if not known:
        return touched
    # --no-textconv: a diff driver's textconv (switched off by gitcmd) would make git
    # fail trying to run it; the lines of the file itself are the ones wanted anyway.
    out = run_git(root, ["-c", "core.quotePath=false", "diff", "-U0", "--no-color",
                         "--no-ext-diff", "--no-textconv", "--no-renames",
                         "--ignore-submodules=all", "HEAD", "--", *known])
    current: str | None = None
    lines: dict[str, set[int]] = {p: set() for p in known}
    for match in re.finditer(_FILE.pattern + rb"|" + _HUNK.pattern, out, re.MULTILINE):
        if match.group(0).startswith(b"+++"):
            current = _diff_path(match.group(1), match.group(2))
            continue
        if current not in lines:
            continue
        start, count = int(match.group(3)), int(match.group(4) or "1")
        # A pure deletion (count 0) touches the lines on either side of the gap.
        lines[current].update(range(start, start + count) if count else (start, start + 1))
    touched.update({p: frozenset(found) for p, found in lines.items()})
    return touched


def _diff_path(plain: bytes | None, quoted: bytes | None) -> str | None:
    """Return the path of a ``+++`` line; git writes a name with quotes or controls C-quoted."""
    if plain is not None:
        return os.fsdecode(plain)
    if quoted is None:
        return None  # /dev/null: the file was deleted
    raw, _ = codecs.escape_decode(quoted)
    return os.fsdecode(bytes(raw))


def history_span(root: Path, rev: str) -> tuple[list[int], bytes]:
    """Return the committer times of ``rev``'s root commits, and ``rev``'s own (raw, b"" if none).

    Raises GitUnavailable when git cannot read the history.
    """
    roots = run_git(root, ["rev-list", "--max-parents=0", "--format=%ct",
                           "--end-of-options", rev, "--"])
    head = run_git(root, ["log", "-1", "--format=%ct", "--end-of-options", rev, "--"])
    return [int(line) for line in roots.decode().split() if line.isdigit()], head.strip()


def first_parent_before(root: Path, rev: str, before: str) -> str:
    """Return the newest commit on ``rev``'s first-parent line before ``before`` ("" if none).

    ``before`` is a date git reads (ISO 8601). Raises GitUnavailable.
    """
    found = run_git(root, ["rev-list", "-1", "--first-parent", f"--before={before}",
                           "--end-of-options", rev, "--"]).strip()
    return found.decode("ascii")


def commits_between(root: Path, since: str, until: str, rev: str
                    ) -> list[tuple[str, list[str]]]:
    """Return (subject, changed paths) of each non-merge commit from ``since`` to ``until``.

    Paths are relative to ``root`` (a subfolder sees its own files only); renames are a
    deletion and an addition. Raises GitUnavailable.
    """
    out = run_git(root, ["log", "--no-merges", "--no-renames", "-z", "--name-only",
                         "--relative", "--format=%x01%s", f"--since={since}",
                         f"--until={until}", "--end-of-options", rev, "--"])
    commits: list[tuple[str, list[str]]] = []
    for record in out.split(b"\x01")[1:]:
        subject, _, names = record.partition(b"\n")
        commits.append((subject.decode("utf-8", "replace"),
                        [n.decode("utf-8", "replace").strip("\n")
                         for n in names.split(b"\0") if n.strip(b"\n")]))
    return commits
