"""Run git safely against a repository that is only data to us.

Every git call of scorecard goes through here so that none of them can write to the scanned
repository (optional locks off, so no index refresh), run code the repository configured
(fsmonitor hooks, external diff drivers, pagers, content filters and diff drivers, the
transports of a claimed partial clone, hooks, credential helpers, submodules' own git), or
hang: the repository's configuration is checked for FIFOs and devices before git reads it
(see ``gitguard``), and every git process runs under a deadline, in its own process group
so that whatever it started dies with it.

Configuration overrides go to git through ``GIT_CONFIG_COUNT``/``GIT_CONFIG_KEY_<n>``/
``GIT_CONFIG_VALUE_<n>`` (git 2.31+), which take each key whole; ``-c key=value`` would be
split at the first ``=`` of a driver name the repository chose.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from scorecard.errors import InputError
from scorecard.repo.gitguard import (
    UnsafeRepository,
    check_config_files,
    driver_overrides,
    find_git_dir,
)

__all__ = [
    "GitTimeout",
    "GitUnavailable",
    "UnsafeRepository",
    "Watchdog",
    "call_deadline",
    "git_env",
    "kill_group",
    "is_partial_clone",
    "run_git",
    "safe_command",
    "start_git",
    "stream_deadline",
    "stream_git",
    "transport_env",
]

# Overrides of keys that execute programs, write files or enter submodules, whatever the
# repository (or an include) sets. Transports are off as a whole: lazy fetching of a claimed
# partial clone would otherwise run the repository's upload-pack, ssh or helper commands.
_SAFE_CONFIG: tuple[tuple[str, str], ...] = (
    ("core.fsmonitor", "false"),
    ("core.quotepath", "off"),
    ("diff.external", ""),
    ("core.pager", "cat"),
    ("log.showSignature", "false"),
    ("core.hooksPath", os.devnull),  # no hook is ever found there
    ("core.alternateRefsCommand", ""),
    ("credential.helper", ""),  # an empty value empties the list of helpers
    ("protocol.allow", "never"),
    ("submodule.recurse", "false"),
    ("diff.ignoreSubmodules", "all"),
    ("diff.submodule", "short"),
    ("status.submoduleSummary", "false"),
    ("fetch.recurseSubmodules", "false"),
    ("gc.auto", "0"),
    ("maintenance.auto", "false"),
    ("gpg.program", "false"),
    ("gpg.openpgp.program", "false"),
    ("gpg.x509.program", "false"),
    ("gpg.ssh.program", "false"),
    # Output scorecard parses: UTF-8 log text, a/ and b/ prefixes in diffs, bare words from
    # grep, whatever the repository's own configuration asks of them.
    ("i18n.logOutputEncoding", "UTF-8"),
    ("diff.noprefix", "false"),
    ("diff.mnemonicPrefix", "false"),
    ("diff.relative", "false"),
    ("grep.lineNumber", "false"),
    ("grep.column", "false"),
    ("grep.fullName", "false"),
)
_SAFE_ENVIRONMENT = {
    "GIT_OPTIONAL_LOCKS": "0",  # never refresh (write) the index of the scanned repository
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_PAGER": "cat",
    "GIT_ASKPASS": "",  # set and empty: core.askPass is not consulted
    "GIT_EDITOR": ":",
    "GIT_SEQUENCE_EDITOR": ":",
    "GIT_ALLOW_PROTOCOL": "",  # an empty allow-list: no transport at all (beats any config)
    "GIT_NO_LAZY_FETCH": "1",  # git 2.44+: missing objects are missing, never fetched
    "LC_ALL": "C",
    "LANG": "C",
}
# Environment that would point git at other repositories or carry someone's overrides.
_DROPPED_ENVIRONMENT = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_EXTERNAL_DIFF",
                        "GIT_CONFIG_PARAMETERS", "GIT_CONFIG", "GIT_SSH", "GIT_SSH_COMMAND",
                        "GIT_PROXY_COMMAND")
TIMEOUT_VARIABLE = "SCORECARD_GIT_TIMEOUT"
# scorecard: ignore[operability.config-overridable-constants] reason=SCORECARD_GIT_TIMEOUT
CALL_SECONDS = 600.0  # one git call, or one object read from a long-lived cat-file
# scorecard: ignore[operability.config-overridable-constants] reason=SCORECARD_GIT_TIMEOUT
STREAM_SECONDS = 3600.0  # a whole history stream (git log of a large repository)
# Git folders whose configuration was checked -> their configuration files (includes too).
_checked: dict[Path, tuple[Path, ...]] = {}
# Git folder -> (the state of the files git reads its configuration from, the keys they set).
_listed_keys: dict[Path, tuple[tuple[object, ...], list[str]]] = {}


class GitUnavailable(Exception):
    """git is missing, the path is no repository, or git refused to answer.

    ``stderr`` keeps git's own lines (the last ones of a stream), so that a caller can tell
    an object git could not read from other failures; ``output`` is what git wrote to its
    standard output before it stopped (a walk lists the commits it reached).
    """

    def __init__(self, message: str, *, stderr: Sequence[str] = (), output: bytes = b"") -> None:
        """Keep ``message`` as the exception's text and git's lines beside it."""
        super().__init__(message)
        self.stderr = tuple(stderr)
        self.output = output


class GitTimeout(GitUnavailable):
    """A git call ran past its deadline and was stopped."""


def _deadline(default: float) -> float:
    raw = os.environ.get(TIMEOUT_VARIABLE)
    if raw is None:
        return default
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds < 1e9:
        raise InputError(f"{TIMEOUT_VARIABLE} must be a number of seconds above 0, not {raw!r}")
    return seconds


def call_deadline() -> float:
    """Seconds one git call (or one object read) may take: SCORECARD_GIT_TIMEOUT or 600."""
    return _deadline(CALL_SECONDS)


def stream_deadline() -> float:
    """Seconds a history stream may take: SCORECARD_GIT_TIMEOUT or 3600."""
    return _deadline(STREAM_SECONDS)


# The git program: the variable GitPython reads, so that one setting names it for both.
# GitPython itself is not imported: its import runs `git version` twice in every process.
EXECUTABLE_VARIABLE = "GIT_PYTHON_GIT_EXECUTABLE"


def _executable() -> str:
    return os.environ.get(EXECUTABLE_VARIABLE) or "git"


def _base_env() -> dict[str, str]:
    env = dict(os.environ)
    for name in _DROPPED_ENVIRONMENT:
        env.pop(name, None)
    env.update(_SAFE_ENVIRONMENT)
    return env


def _with_config(env: dict[str, str], pairs: Sequence[tuple[str, str]]) -> dict[str, str]:
    """Append ``pairs`` to the caller's GIT_CONFIG_COUNT entries (kept: e.g. safe.directory)."""
    try:
        count = int(env.get("GIT_CONFIG_COUNT", "0"))
    except ValueError:
        count = 0
    if count < 0 or any(f"GIT_CONFIG_KEY_{i}" not in env for i in range(count)):
        count = 0
    for offset, (key, value) in enumerate(pairs):
        env[f"GIT_CONFIG_KEY_{count + offset}"] = key
        env[f"GIT_CONFIG_VALUE_{count + offset}"] = value
    env["GIT_CONFIG_COUNT"] = str(count + len(pairs))
    return env


_MINIMUM_GIT = (2, 31)  # GIT_CONFIG_COUNT, through which every override is passed
_git_version: list[tuple[int, int]] = []  # the version found, once per process


def _check_git_version() -> None:
    """Refuse a git too old to take the overrides (it would ignore them silently)."""
    if _git_version:
        return
    try:
        out = subprocess.run(  # noqa: S603 - fixed executable, no shell
            [_executable(), "--version"], capture_output=True, check=False,
            timeout=call_deadline(),
            env=_base_env()).stdout.decode("ascii", "replace")
    except (OSError, subprocess.TimeoutExpired):
        return  # the call itself reports that git cannot start
    numbers = out.removeprefix("git version ").split(".")
    try:
        version = (int(numbers[0]), int(numbers[1]))
    except (IndexError, ValueError):
        return  # an unknown format: a build we cannot judge
    if version < _MINIMUM_GIT:
        raise InputError(f"git {version[0]}.{version[1]} is too old: scorecard needs git "
                         f"{_MINIMUM_GIT[0]}.{_MINIMUM_GIT[1]} or newer to switch off the "
                         "programs a repository's configuration names")
    # scorecard: ignore[evolvability.module-state] reason=the git binary is fixed for a process
    _git_version.append(version)


def _check_repository(cwd: Path) -> None:
    """Refuse (UnsafeRepository) a repository whose configuration git would block on."""
    git_dir = find_git_dir(cwd.absolute())
    if git_dir is None or git_dir in _checked:
        return
    files = check_config_files(git_dir, _executable(), _with_config(_base_env(), _SAFE_CONFIG),
                               seconds=call_deadline())
    # scorecard: ignore[evolvability.module-state] reason=checked once per repository per process
    _checked[git_dir] = files


def git_env(cwd: Path | None = None) -> dict[str, str]:
    """Environment for git child processes: no locks, prompts, transports or programs.

    With ``cwd``, the repository there is checked first (UnsafeRepository) and the filters,
    diff drivers and other named drivers it configures are switched off too.
    """
    _check_git_version()
    pairs = list(_SAFE_CONFIG)
    if cwd is not None:
        _check_repository(cwd)
        pairs.extend(driver_overrides(_configured_keys(cwd)))
    return _with_config(_base_env(), pairs)


def transport_env(protocols: Sequence[str], cwd: Path | None = None,
                  extra: Sequence[tuple[str, str]] = ()) -> dict[str, str]:
    """Environment for a clone or fetch that we start: ``git_env`` with only ``protocols``.

    Every program-running key stays off; the transports listed (e.g. ``https``, ``ssh``,
    ``file``) are the only ones git may use, whatever a configuration says. ``extra``
    configuration pairs are passed whole, like the overrides.
    """
    env = git_env(cwd)
    env["GIT_ALLOW_PROTOCOL"] = ":".join(protocols)
    env["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes -o ConnectTimeout=30"  # never a prompt
    return _with_config(env, list(extra))


def _configured_keys(cwd: Path) -> list[str]:
    """Every key name the configuration seen from ``cwd`` sets (includes followed).

    Listed again only when a file it comes from changed (the repository's configuration
    and its includes, the user's): every git call asks, and a scan makes dozens.
    """
    git_dir = find_git_dir(cwd.absolute())
    if git_dir is None or git_dir not in _checked:
        return _list_keys(cwd) or []
    # HEAD too: an ``includeIf "onbranch:..."`` include applies by the branch checked out.
    state = _config_state((*_checked[git_dir], git_dir / "HEAD", *_user_config_files()))
    known = _listed_keys.get(git_dir)
    if known is not None and known[0] == state:
        return known[1]
    keys = _list_keys(cwd)
    if keys is None:
        return []  # not kept: the next call asks again
    # scorecard: ignore[evolvability.module-state] reason=a memo keyed by the files' state
    _listed_keys[git_dir] = (state, keys)
    return keys


def _user_config_files() -> tuple[Path, ...]:
    """Return the user's and the system's configuration files (those that may exist)."""
    home = Path(os.path.expanduser("~"))
    xdg = os.environ.get("XDG_CONFIG_HOME") or str(home / ".config")
    named = [os.environ.get("GIT_CONFIG_GLOBAL"), os.environ.get("GIT_CONFIG_SYSTEM")]
    return (home / ".gitconfig", Path(xdg) / "git" / "config", Path("/etc/gitconfig"),
            *(Path(n) for n in named if n))


def _config_state(files: Sequence[Path]) -> tuple[object, ...]:
    """Each file's identity, size and time (None when absent): what a change would move."""
    state: list[object] = []
    for path in files:
        try:
            info = path.stat()
        except OSError:
            state.append(None)
            continue
        state.append((info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns))
    return tuple(state)


def _list_keys(cwd: Path) -> list[str] | None:
    """Run ``git config --list --name-only`` from ``cwd``; None when git cannot answer."""
    try:
        listed = subprocess.run(  # noqa: S603 - fixed executable, no shell
            [_executable(), "config", "--list", "--name-only", "-z"], cwd=cwd,
            env=_with_config(_base_env(), _SAFE_CONFIG), capture_output=True, check=False,
            timeout=call_deadline(), start_new_session=True,
        ).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None  # git cannot start or answer: the call itself will say so
    return [n for n in listed.decode("utf-8", "surrogateescape").split("\0") if n]


def is_partial_clone(cwd: Path) -> bool:
    """Return whether the repository at ``cwd`` is a partial clone (it may lack objects).

    git marks one with ``extensions.partialClone`` or, since 2.36, with a remote's
    ``promisor`` key alone.
    """
    return any(key == "extensions.partialclone"
               or (key.startswith("remote.") and key.endswith(".promisor"))
               for key in _configured_keys(cwd))


def safe_command(args: Sequence[str]) -> list[str]:
    """Return the full git command line for ``args`` (run it with ``git_env(cwd)``)."""
    return [_executable(), "--no-pager", *args]


def start_git(cwd: Path, args: Sequence[str], **popen: Any) -> subprocess.Popen[bytes]:
    """Start git safely in ``cwd``, in a process group of its own; GitUnavailable if it cannot."""
    try:
        return subprocess.Popen(  # noqa: S603 - fixed executable, no shell
            safe_command(args), cwd=cwd, env=git_env(cwd), start_new_session=True, **popen)
    except OSError as exc:
        raise GitUnavailable(f"git could not be started: {exc.strerror or exc}") from exc


def kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill a git process started by start_git and whatever it started (filters, fetches).

    Only while the process is not reaped: its id (which names its group) is still ours.
    """
    if process.returncode is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except OSError:
        process.kill()


def _describe(args: Sequence[str]) -> str:
    return "git " + " ".join(args[:3])[:80]


def run_git(cwd: Path, args: Sequence[str], *, input_bytes: bytes | None = None,
            seconds: float | None = None) -> bytes:
    """Run one git command and return its standard output as bytes.

    Raises GitUnavailable with git's own first error line when git fails (all its lines and
    what it wrote before are on the exception), GitTimeout when it runs past the deadline
    (SCORECARD_GIT_TIMEOUT, or ``seconds`` when a caller has less left), UnsafeRepository
    for a repository git must not read.
    """
    stdin = subprocess.PIPE if input_bytes is not None else subprocess.DEVNULL
    process = start_git(cwd, args, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    seconds = call_deadline() if seconds is None else seconds
    try:
        stdout, stderr = process.communicate(input_bytes, timeout=seconds)
    except subprocess.TimeoutExpired as exc:
        raise GitTimeout(f"{_describe(args)} took longer than {seconds:g} s and was stopped "
                         f"(deadline: {TIMEOUT_VARIABLE})") from exc
    finally:
        kill_group(process)  # a no-op once git has ended and been reaped
        process.wait()
        for stream in (process.stdin, process.stdout, process.stderr):
            if stream is not None:
                stream.close()
    if process.returncode != 0:
        message = stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitUnavailable(message[0] if message else f"git {args[0]} failed",
                             stderr=message, output=stdout)
    return stdout


class Watchdog:
    """Kills a git process group when one request to it outlasts its deadline.

    ``arm()`` starts a request's clock, ``disarm()`` stops it; one thread serves every
    request of the process, so a request costs a lock, not a thread.
    """

    def __init__(self, process: subprocess.Popen[bytes], seconds: float) -> None:
        self.seconds = seconds
        self.fired = False
        self._process = process
        self._due: float | None = None
        self._closed = False
        self._wake = threading.Condition()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def arm(self) -> None:
        """Start the clock of one request."""
        with self._wake:
            self._due = time.monotonic() + self.seconds
            self._wake.notify()

    def disarm(self) -> None:
        """Stop the clock: the request finished in time."""
        with self._wake:
            self._due = None

    def close(self) -> None:
        """Stop watching."""
        with self._wake:
            self._closed = True
            self._wake.notify()
        self._thread.join()

    def _watch(self) -> None:
        with self._wake:
            while not self._closed:
                if self._due is None:
                    self._wake.wait()
                    continue
                left = self._due - time.monotonic()
                if left > 0:
                    self._wake.wait(left)
                    continue
                self.fired = True
                self._due = None
                kill_group(self._process)


@contextmanager
def stream_git(cwd: Path, args: Sequence[str],
               seconds: float | None = None) -> Iterator[subprocess.Popen[bytes]]:
    """Start a git command whose standard output is read as a stream, and reap it afterwards.

    The whole stream is bounded by the stream deadline (or ``seconds``, when a caller has
    less left): past it git is killed (its output ends) and GitTimeout is raised when the
    caller's block ends.
    """
    process = start_git(cwd, args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                        stderr=subprocess.PIPE)
    watchdog = Watchdog(process, stream_deadline() if seconds is None else seconds)
    watchdog.arm()
    try:
        yield process
    finally:
        watchdog.close()
        kill_group(process)
        process.wait()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
    if watchdog.fired:
        raise GitTimeout(f"{_describe(args)} took longer than {watchdog.seconds:g} s and was "
                         f"stopped (deadline: {TIMEOUT_VARIABLE})")
