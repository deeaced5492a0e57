"""When a whole report can be reused: the key naming everything a scan's result depends on.

A re-scan of a repository whose state has not changed gives the same report, so the report
is kept in the result cache under a key built from every input of the scan:

- the scanned state: for a commit, its id (which names its tree and its history); for a
  work tree, HEAD's id (the history there is) plus every path git reports as changed or
  untracked, each with its content hashed (deleted ones as deleted), and the branch;
- the scan's moment (``now``: the history window and every age end there);
- the configuration's digest (file, ``SCORECARD_*`` variables and flags alike), the loaded
  check definitions (the built-in ones and a ``check_paths`` folder's), the analyzers run
  and their options, and every ``SCORECARD_*`` variable present (the git deadlines too);
- the tool: its version, the interpreter's, the installed version of every library it
  depends on (a new radon or grammar wheel may measure differently), and the size and time
  of each of its own source files, so an edited installation never serves a report of the
  code before;
- the scanned folder itself (the report is named after it).

A state that cannot be named this way (no git, no commit yet, git failing) gets no key and
is always scanned. The whole-report entry is as disposable as the per-file ones.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from scorecard import __version__
from scorecard.repo import GitState, GitUnavailable, blob_id
from scorecard.repo.gitcmd import run_git

__all__ = ["ReportInputs", "report_key", "tool_digest"]

# Bumped when the stored text of a report changes meaning (the report format's own version
# is part of the stored text and checked on reading).
KEY_VERSION = "1"
_TOOL_DIGEST: str | None = None
DISTRIBUTION = "maintainability-scorecard"
# Optional libraries that change what a scan measures when installed (jsonnet evaluates
# alert mixins); they are not requirements, so they are named here.
OPTIONAL_MEASURING = ("jsonnet",)


@dataclass(frozen=True)
class ReportInputs:
    """What a scan is asked to do, besides the repository state (see :func:`report_key`)."""

    root: Path
    rev: str | None  # the resolved commit id, or None for the work tree
    now: datetime
    config_digest: str
    checks: str  # the loaded check definitions, as text
    analyzers: str  # the analyzers run with their options, as text
    environ: Mapping[str, str]


def tool_digest() -> str:
    """Return a digest of this installation: version, interpreter and its own source files."""
    global _TOOL_DIGEST  # noqa: PLW0603 - computed once per process
    if _TOOL_DIGEST is None:
        digest = hashlib.sha256(f"{__version__}\0{sys.version}\0".encode())
        for name, version in _library_versions():
            digest.update(f"{name}=={version}\n".encode())
        package = Path(__file__).parent
        for path in sorted(package.rglob("*")):
            if path.suffix in {".pyc"} or not path.is_file():
                continue
            info = path.stat()
            digest.update(f"{path.relative_to(package)}\0{info.st_size}\0"
                          f"{info.st_mtime_ns}\n".encode())
        _TOOL_DIGEST = digest.hexdigest()
    return _TOOL_DIGEST


def _library_versions() -> list[tuple[str, str]]:
    """Return each required (and optional measuring) library with its installed version."""
    try:
        required = importlib.metadata.requires(DISTRIBUTION) or []
    except importlib.metadata.PackageNotFoundError:
        required = []  # run from a source tree that is not installed
    names = {re.split(r"[\s;\[<>=!~(]", line, maxsplit=1)[0].lower()
             for line in required if "extra ==" not in line}
    names.update(OPTIONAL_MEASURING)
    versions = []
    for name in sorted(names - {""}):
        try:
            versions.append((name, importlib.metadata.version(name)))
        except importlib.metadata.PackageNotFoundError:
            versions.append((name, "absent"))
    return versions


def _work_tree_state(root: Path, git: GitState) -> str | None:
    """Return the work tree's state: HEAD plus every changed or untracked path, hashed.

    Submodules are not entered (``--ignore-submodules=all``): git would run a status inside
    each, under the submodule's own configuration, whose filters and drivers the scanned
    repository chose (a scan never reads a submodule's files anyway).
    """
    try:
        raw = run_git(root, ["status", "--porcelain=v1", "-z", "--untracked-files=all",
                             "--ignore-submodules=all"])
    except GitUnavailable:
        return None
    top = git.toplevel or root
    lines = [f"head {git.head}", f"branch {git.branch}"]
    entries = raw.split(b"\0")
    index = 0
    while index < len(entries):
        entry = entries[index]
        index += 1
        if len(entry) < 4:
            continue
        status, path = entry[:2], entry[3:]
        if status[:1] in (b"R", b"C"):
            index += 1  # a rename's or copy's source path follows; its state is its status
        target = top / path.decode("utf-8", "surrogateescape")
        try:
            state = "link" if target.is_symlink() else (
                "folder" if target.is_dir() else blob_id(target.read_bytes()))
        except OSError:
            state = "gone"
        lines.append(f"{status.decode('ascii', 'replace')} {path!r} {state}")
    return "\n".join(lines)


def report_key(inputs: ReportInputs, git: GitState) -> str | None:
    """Return the key of the report a scan with these inputs gives, or None if unnamed.

    None when the state cannot be named: no git, no commit, a shallow clone (its history
    may deepen without any id changing) or git failing.
    """
    if not git.is_git or git.head is None or git.shallow:
        return None
    if inputs.rev is not None:
        state = f"commit {inputs.rev}"
    else:
        work_tree = _work_tree_state(inputs.root, git)
        if work_tree is None:
            return None
        state = work_tree
    ours = sorted((k, v) for k, v in inputs.environ.items() if k.startswith("SCORECARD_"))
    text = json.dumps({
        "key": KEY_VERSION, "tool": tool_digest(), "root": str(inputs.root),
        "state": state, "git": [git.is_git, str(git.toplevel), git.head, git.branch,
                                git.shallow, git.reason],
        "now": inputs.now.isoformat(), "config": inputs.config_digest,
        "checks": inputs.checks, "analyzers": inputs.analyzers, "environ": ours,
    }, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()
