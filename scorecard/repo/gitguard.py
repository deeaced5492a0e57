"""What git must not do in a scanned repository, decided before git runs there.

A scanned repository is data, including its ``.git`` folder: its configuration may name
programs (content filters, diff drivers, transports of a fake partial clone) and files that
block whoever reads them (a FIFO or a device behind ``include.path``, ``core.excludesFile``
or ``core.attributesFile``). This module

- refuses a repository whose configuration would make git open a FIFO or a device
  (:func:`check_config_files`), reading the configuration files with git's own parser but
  never letting git follow their includes before each target was checked;
- lists the configuration overrides that neutralise every program-running key the
  repository defines under a name of its choosing (:func:`driver_overrides`). The overrides
  are passed to git whole through ``GIT_CONFIG_KEY_<n>``/``GIT_CONFIG_VALUE_<n>``: a
  ``-c name=value`` option is split at its first ``=``, so a driver named ``a=b`` would
  escape it.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
from collections.abc import Iterator, Mapping
from pathlib import Path

from scorecard.errors import InputError

__all__ = [
    "UnsafeRepository",
    "check_config_files",
    "common_dir",
    "driver_overrides",
    "find_git_dir",
]

# Keys that name a file git reads in full: a FIFO there blocks every git call.
_FILE_KEYS = re.compile(r"^(include(if\..*)?\.path|core\.(excludesfile|attributesfile))$",
                        re.DOTALL)
# Program-running keys under a subsection (driver) name the repository chooses, and the
# values that switch each off. Filters: an empty command is no filter, and a "required"
# filter without a command would make git fail rather than skip it.
_NAMED_OVERRIDES: dict[str, tuple[tuple[str, str], ...]] = {
    "filter": (("clean", ""), ("smudge", ""), ("process", ""), ("required", "false")),
    "diff": (("textconv", ""), ("command", "")),
    "merge": (("driver", ""),),
    # Per-submodule settings win over diff.ignoreSubmodules: a submodule's own git (with
    # its own filters) must never be started.
    "submodule": (("ignore", "all"),),
    "protocol": (("allow", "never"),),
}
_NAMED_KEY = re.compile(r"^([a-z0-9-]+)\.(.*)\.([a-z0-9-]+)$", re.DOTALL)
_MAX_INCLUDE_DEPTH = 10  # git's own limit


class UnsafeRepository(InputError):
    """The repository's git configuration would make git block or misbehave: refused."""


def find_git_dir(start: Path) -> Path | None:
    """Return the git folder git would find from ``start`` (walking up), or None.

    Found without running git, because running git already reads the configuration.
    Raises UnsafeRepository when a ``.git`` file (a worktree's pointer) is no regular file.
    """
    for folder in (start, *start.parents):
        dot_git = folder / ".git"
        if dot_git.is_dir():
            return dot_git
        if dot_git.exists() or dot_git.is_symlink():
            _require_readable(dot_git, "the .git file")
            return _gitfile_target(dot_git)
        if (folder / "HEAD").is_file() and (folder / "objects").is_dir():
            return folder  # a bare repository, or a .git folder itself
    return None


def _gitfile_target(dot_git: Path) -> Path | None:
    text = dot_git.read_text(encoding="utf-8", errors="replace")
    if not text.startswith("gitdir:"):
        return None
    target = Path(text[len("gitdir:"):].strip())
    return target if target.is_absolute() else dot_git.parent / target


def common_dir(git_dir: Path) -> Path:
    """Return the folder a linked worktree's git folder shares with its repository.

    That is git's "commondir" (where config and info/ live); ``git_dir`` itself for a
    repository's own git folder.
    """
    pointer = git_dir / "commondir"
    if not pointer.exists():
        return git_dir
    _require_readable(pointer, "the commondir file")
    named = Path(pointer.read_text(encoding="utf-8", errors="replace").strip())
    return named if named.is_absolute() else git_dir / named


def _config_files(git_dir: Path) -> list[Path]:
    """Return the repository's own config files: the shared one and the worktree's."""
    common = common_dir(git_dir)
    files = [common / "config", common / "config.worktree", git_dir / "config.worktree",
             common / "info" / "exclude", common / "info" / "attributes"]
    return list(dict.fromkeys(files))


def _require_readable(path: Path, role: str) -> None:
    """Raise UnsafeRepository when ``path`` exists and reading it could block or never end.

    Only regular files, folders (git reports those itself) and the null device are read.
    """
    try:
        mode = path.stat().st_mode
    except OSError:
        return  # missing (or a dangling link): git skips it
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode) or str(path) == os.devnull:
        return
    kind = "a FIFO" if stat.S_ISFIFO(mode) else "a device or socket"
    raise UnsafeRepository(
        f"refusing to run git: {role} {path} is {kind}, which git would block on or read "
        "forever; remove it or scan a clean clone")


def _file_entries(config: Path, git: str, env: Mapping[str, str],
                  seconds: float) -> Iterator[tuple[str, str]]:
    """Yield (key, value) of the file-naming keys of one config file, includes not followed."""
    isolated = {**env, "GIT_DIR": str(config.parent / ".scorecard-no-repository")}
    done = subprocess.run(  # noqa: S603 - fixed executable, no shell
        [git, "config", "--file", str(config), "--no-includes", "-z", "--get-regexp",
         _FILE_KEYS.pattern],
        cwd=config.parent, env=isolated, capture_output=True, check=False, timeout=seconds)
    for record in done.stdout.split(b"\0"):
        key, _, value = record.decode("utf-8", "surrogateescape").partition("\n")
        if key:
            yield key, value


def _expand(value: str, relative_to: Path) -> Path:
    """Resolve a configured path as git does (``~`` is home; relative to ``relative_to``)."""
    path = Path(os.path.expanduser(value))
    return path if path.is_absolute() else relative_to / path


def check_config_files(git_dir: Path, git: str, env: Mapping[str, str], *,
                       seconds: float) -> tuple[Path, ...]:
    """Raise UnsafeRepository when git would open a FIFO or device reading the repository.

    Checks the repository's config files, every file they include (recursively, whatever
    the include condition), ``core.excludesFile``, ``core.attributesFile`` and the
    repository's info/exclude and info/attributes. Configuration outside the repository
    (the user's and the system's) is the user's own and is not judged. Each file is read by
    ``git config --file`` (includes off) within ``seconds``. Returns the repository's
    configuration files, its includes among them (a change to any changes what git reads).
    """
    work_tree = git_dir.parent
    pending = [(path, 0) for path in _config_files(git_dir)]
    seen: set[Path] = set()
    while pending:
        path, depth = pending.pop()
        _require_readable(path, "the git configuration file")
        if path in seen or depth > _MAX_INCLUDE_DEPTH or not path.is_file() \
                or path.name in ("exclude", "attributes"):
            continue
        seen.add(path)
        for key, value in _file_entries(path, git, env, seconds):
            if key.endswith(".path"):
                pending.append((_expand(value, path.parent), depth + 1))
            else:
                for target in {_expand(value, work_tree), _expand(value, Path.cwd())}:
                    _require_readable(target, f"{key} target")
    return (*_config_files(git_dir), *sorted(seen))


def driver_overrides(listed_keys: list[str]) -> list[tuple[str, str]]:
    """Return (key, value) pairs that switch off the named drivers among ``listed_keys``.

    ``listed_keys`` are the configuration's key names as ``git config --list --name-only``
    gives them (section and variable in lower case, the subsection as written).
    """
    names: dict[str, set[str]] = {}
    for key in listed_keys:
        match = _NAMED_KEY.match(key)
        if match and match.group(1) in _NAMED_OVERRIDES:
            names.setdefault(match.group(1), set()).add(match.group(2))
    return [(f"{section}.{name}.{variable}", value)
            for section in sorted(names) for name in sorted(names[section])
            for variable, value in _NAMED_OVERRIDES[section]]
