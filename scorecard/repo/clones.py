"""Clone and update the repositories of an org scan (``scorecard org``) in a workspace.

Each repository is a blobless partial clone (``--filter=blob:none --no-checkout``, commits,
trees and tags only) in ``WORKSPACE/<name>-<digest>``, reused and fetched on the next run. The
scan reads the work tree from git objects (``--rev``) and never lets git fetch lazily, so
the blobs it needs are fetched first in one request: those of the commits inside the history
window (:func:`hydrate`). A server that does not filter gives a full clone, which works the
same.

git runs with the hardened environment of :mod:`scorecard.repo.gitcmd` (no hooks, filters,
helpers or pagers; the configuration checked before git reads it), only the transports the
source needs (``https``/``ssh`` for URLs, ``file`` for a local folder), without prompts, and
every call under a deadline after which its whole process group is killed.
"""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

from scorecard.repo.gitcmd import kill_group, safe_command, transport_env
from scorecard.textsafety import redact

__all__ = ["CloneError", "CloneSource", "HYDRATE_MARGIN_DAYS", "commit_date_back", "head_commit",
           "hydrate", "obtainable", "prepare"]


class CloneSource(Protocol):
    """What a clone needs to know of a repository (an org's ``RepoSpec`` is one)."""

    @property
    def source(self) -> str:
        """The clone URL, or an absolute local folder."""

    @property
    def local(self) -> bool:
        """Whether ``source`` is a folder on this machine."""

    @property
    def slug(self) -> str:
        """The repository's folder name in the workspace."""

HYDRATE_MARGIN_DAYS = 100  # blobs fetched before the window: the parents of its first commits
# The local upload-pack must allow filters and object ids in wants (git reads these from the
# serving repository only, never from the environment of a local transport).
_LOCAL_UPLOAD_PACK = ("git -c uploadpack.allowFilter=true -c uploadpack.allowAnySHA1InWant=true "
                      "upload-pack")


class CloneError(Exception):
    """A clone, fetch or object read failed (one line, token removed)."""


def _auth(spec: CloneSource, token: str | None) -> list[tuple[str, str]]:
    """Return an Authorization header for github.com over https, when a token is given."""
    if not token or not spec.source.lower().startswith("https://github.com/"):
        return []
    basic = base64.b64encode(f"x-access-token:{token}".encode()).decode("ascii")
    return [("http.https://github.com/.extraheader", f"Authorization: Basic {basic}")]


def _git(args: Sequence[str], *, cwd: Path, env: dict[str, str], seconds: float,
         token: str | None, stdin: bytes | None = None) -> bytes:
    process = subprocess.Popen(  # noqa: S603 - fixed executable, no shell
        safe_command(args), cwd=cwd, env=env, start_new_session=True,
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out, err = process.communicate(stdin, timeout=seconds)
    except subprocess.TimeoutExpired as exc:
        raise CloneError(f"git {args[0]} took longer than {seconds:g} s and was stopped") from exc
    finally:
        kill_group(process)
        process.wait()
        for stream in (process.stdin, process.stdout, process.stderr):
            if stream is not None:
                stream.close()
    if process.returncode != 0:
        lines = [line for line in err.decode("utf-8", "replace").splitlines()
                 if line.strip() and not line.startswith(("warning:", "hint:"))]
        message = lines[-1] if lines else f"git {args[0]} failed"
        raise CloneError(redact(message.removeprefix("fatal: "), token)[:300])
    return out


def _env(spec: CloneSource, token: str | None, cwd: Path | None) -> dict[str, str]:
    protocols = ["file"] if spec.local else ["https", "ssh"]
    env = transport_env(protocols, cwd, _auth(spec, token))
    env.pop("GITHUB_TOKEN", None)  # git and its children never see the token as a variable
    return env


def _source_url(spec: CloneSource) -> str:
    return Path(spec.source).as_uri() if spec.local else spec.source


def _pack_args(spec: CloneSource) -> list[str]:
    return ["--upload-pack", _LOCAL_UPLOAD_PACK] if spec.local else []


def prepare(spec: CloneSource, workspace: Path, *, seconds: float,
            token: str | None = None) -> Path:
    """Clone the repository into the workspace, or fetch it when cloned before; its folder."""
    dest = workspace / spec.slug
    if spec.local:
        source = Path(spec.source)
        if not source.is_dir():
            raise CloneError(f"{spec.source[:200]} is not a folder")
        if not ((source / ".git").exists() or (source / "HEAD").is_file()):
            raise CloneError(f"{spec.source[:200]} is not a git repository")
    # Tags come too: the changelog check and the runbooks' drift read the release tags, and
    # a clone without them would judge the repository otherwise than a full clone does.
    if (dest / ".git").is_dir():
        _git(["fetch", "--quiet", "--tags", "--prune", "--prune-tags", "--filter=blob:none",
              "--recurse-submodules=no", *_pack_args(spec), "origin"],
             cwd=dest, env=_env(spec, token, dest), seconds=seconds, token=token)
        return dest
    partial = workspace / f".{spec.slug}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    try:
        _git(["clone", "--quiet", "--no-checkout", "--filter=blob:none", "--single-branch",
              "--recurse-submodules=no", *_pack_args(spec), "--",
              _source_url(spec), str(partial)],
             cwd=workspace, env=_env(spec, token, None), seconds=seconds, token=token)
        os.replace(partial, dest)  # a clone cut short never looks like a finished one
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return dest


def head_commit(dest: Path, *, seconds: float) -> tuple[str, datetime]:
    """Return the commit the remote's default branch points at, and its date."""
    env = transport_env([], dest)
    empty = CloneError("the remote has no default branch (an empty repository?)")
    # An empty repository's clone has no origin/HEAD: git log would say "bad revision".
    try:
        _git(["rev-parse", "--verify", "--quiet", "refs/remotes/origin/HEAD^{commit}"],
             cwd=dest, env=env, seconds=seconds, token=None)
    except CloneError as exc:
        raise empty from exc
    out = _git(["log", "-1", "--format=%H %cI", "refs/remotes/origin/HEAD", "--"], cwd=dest,
               env=env, seconds=seconds, token=None).decode("ascii", "replace").split()
    if len(out) != 2:
        raise empty
    return out[0], datetime.fromisoformat(out[1])


def commit_date_back(dest: Path, commit: str, count: int, *, seconds: float) -> datetime | None:
    """Return the committer date of the commit ``count`` commits before ``commit``.

    In git's order, as ``rev-list --skip`` counts them; None when the history is shorter.
    """
    env = transport_env([], dest)
    out = _git(["log", "-1", f"--skip={count}", "--format=%cI", "--end-of-options", commit,
                "--"], cwd=dest, env=env, seconds=seconds, token=None).decode("ascii", "replace")
    return datetime.fromisoformat(out.strip()) if out.strip() else None


def hydrate(spec: CloneSource, dest: Path, commit: str, since: datetime | None, *,
            seconds: float, token: str | None = None) -> int:
    """Fetch the blobs the scan reads (the window's commits, or all with ``since=None``)."""
    env = transport_env([], dest)
    window = [f"--since={since.isoformat()}"] if since is not None else []
    listed = _git(["rev-list", "--objects", "--missing=print", *window, commit, "--"],
                  cwd=dest, env=env, seconds=seconds, token=token)
    missing = [line[1:] for line in listed.decode("ascii", "replace").splitlines()
               if line.startswith("?")]
    if missing and spec.local:
        missing = _present_in(Path(spec.source), missing, seconds)
    if missing:
        _git(["-c", "fetch.negotiationAlgorithm=noop", "fetch", "--quiet", "--no-tags",
              "--no-write-fetch-head", "--recurse-submodules=no", "--filter=blob:none",
              *_pack_args(spec), "--stdin", "origin"],
             cwd=dest, env=_env(spec, token, dest), seconds=seconds, token=token,
             stdin="".join(f"{oid}\n" for oid in missing).encode("ascii"))
    return len(missing)


def obtainable(spec: CloneSource, oids: list[str], *, seconds: float) -> bool:
    """Return whether the source can give every object of ``oids`` (a remote is trusted to)."""
    if not spec.local:
        return True
    return len(_present_in(Path(spec.source), oids, seconds)) == len(oids)


def _present_in(source: Path, oids: list[str], seconds: float) -> list[str]:
    """Keep the objects a local source has.

    A source that is itself a partial clone lacks some, and asking its upload-pack for one
    of those fails the whole fetch.
    """
    env = transport_env([], source)
    answer = _git(["cat-file", "--batch-check=%(objectname)"], cwd=source, env=env,
                  seconds=seconds, token=None,
                  stdin="".join(f"{oid}\n" for oid in oids).encode("ascii"))
    return [line for line in answer.decode("ascii", "replace").splitlines()
            if line and not line.endswith(" missing")]


def window_start(committed: datetime, days: int) -> datetime:
    """Return the first moment whose blobs a scan of ``days`` of history may read."""
    return committed - timedelta(days=days + HYDRATE_MARGIN_DAYS)
