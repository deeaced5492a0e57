"""Run git safely against a repository that is only data to us.

Every git call of scorecard goes through here so that none of them can write to the scanned
repository (optional locks off, so no index refresh) or run code the repository configured
(fsmonitor hooks, external diff drivers, pagers, content filters and diff drivers).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import git

__all__ = ["GitUnavailable", "git_env", "run_git", "safe_command", "stream_git"]

# Options that neutralise repository configuration able to execute programs or write files.
_SAFE_OPTIONS: tuple[str, ...] = (
    "-c", "core.fsmonitor=false",
    "-c", "core.quotepath=off",
    "-c", "diff.external=",
    "-c", "core.pager=cat",
    "-c", "log.showSignature=false",
)
# Config keys whose values are programs git runs while reading: content filters (git diff and
# git grep run the clean filter on work-tree files) and diff drivers. Their names are the
# repository's choice, so the ones it defines are looked up and blanked for each call.
_DRIVER_KEYS = r"^(filter|diff)\..+\.(clean|smudge|process|textconv|command)$"


class GitUnavailable(Exception):
    """git is missing, the path is no repository, or git refused to answer."""


def git_env() -> dict[str, str]:
    """Environment for git child processes: no locks, no prompts, stable output."""
    env = dict(os.environ)
    env.update(
        GIT_OPTIONAL_LOCKS="0",  # never refresh (write) the index of the scanned repository
        GIT_TERMINAL_PROMPT="0",
        GIT_PAGER="cat",
        LC_ALL="C",
        LANG="C",
    )
    # A caller's GIT_DIR would point git at another repository than the one asked for.
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_EXTERNAL_DIFF"):
        env.pop(name, None)
    return env


def _driver_overrides(cwd: Path) -> list[str]:
    """Return ``-c KEY=`` options that blank every filter and diff driver ``cwd`` configures."""
    executable = git.Git.GIT_PYTHON_GIT_EXECUTABLE or "git"
    try:
        listed = subprocess.run(  # noqa: S603 - fixed executable, no shell
            [executable, *_SAFE_OPTIONS, "config", "-z", "--name-only", "--get-regexp",
             _DRIVER_KEYS],
            cwd=cwd, env=git_env(), capture_output=True, check=False,
        ).stdout
    except OSError:
        return []  # git cannot start: the call itself will say so
    names = sorted({n for n in listed.decode("utf-8", "surrogateescape").split("\0") if n})
    return [option for name in names for option in ("-c", f"{name}=")]


def safe_command(args: Sequence[str], cwd: Path | None = None) -> list[str]:
    """Return the full git command line for ``args`` with the safety options.

    With ``cwd``, the filters and diff drivers that repository configures are blanked too.
    """
    drivers = _driver_overrides(cwd) if cwd is not None else []
    return [git.Git.GIT_PYTHON_GIT_EXECUTABLE or "git", *_SAFE_OPTIONS, *drivers, *args]


def run_git(cwd: Path, args: Sequence[str], *, input_bytes: bytes | None = None) -> bytes:
    """Run one git command and return its standard output as bytes.

    Raises GitUnavailable with git's own first error line when git fails.
    """
    try:
        completed = subprocess.run(  # noqa: S603 - fixed executable, no shell
            safe_command(args, cwd),
            cwd=cwd,
            env=git_env(),
            input=input_bytes,
            capture_output=True,
            check=False,
        )
    except OSError as exc:
        raise GitUnavailable(f"git could not be started: {exc.strerror or exc}") from exc
    if completed.returncode != 0:
        message = completed.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitUnavailable(message[0] if message else f"git {args[0]} failed")
    return completed.stdout


@contextmanager
def stream_git(cwd: Path, args: Sequence[str]) -> Iterator[subprocess.Popen[bytes]]:
    """Start a git command whose standard output is read as a stream, and reap it afterwards.

    Uses GitPython's command interface (``as_process``) so that history is read in one
    streaming pass rather than buffered.
    """
    runner = git.Git(str(cwd))
    try:
        handle = runner.execute(
            safe_command(args, cwd),
            as_process=True,
            env=git_env(),
            stdout_as_string=False,
            with_extended_output=False,
        )
    except (git.GitCommandError, OSError) as exc:
        raise GitUnavailable(f"git could not be started: {exc}") from exc
    process = handle.proc
    assert process is not None  # as_process always starts a process or raises
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
