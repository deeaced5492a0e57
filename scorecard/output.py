"""Writing what scorecard renders: to stdout, or atomically to a file the user named.

The one module that writes output files (reports, badges, comment files, baselines), so that
every one of them is written the same way: through a temporary file beside the target and a
rename (an interrupted run leaves no partial file), with the mode any new file would get,
through to a device or pipe the user named, and with a one-line error (exit 2) when the
path cannot be written.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from pathlib import Path

from scorecard.errors import InputError

__all__ = ["write_output", "write_text_file"]


def write_output(text: str, output: str | None) -> None:
    """Write a rendered report to stdout ('-' or None) or atomically to a file."""
    if output in (None, "-"):
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    target = Path(str(output))
    try:
        write_text_file(text, target)
    except OSError as exc:
        # A path the user named that cannot be written is bad input (exit 2), not a bug.
        raise InputError(f"cannot write {target}: {exc.strerror or exc}") from exc


def write_text_file(text: str, target: Path) -> None:
    """Write ``text`` to ``target`` atomically (OSError when it cannot be written)."""
    if target.is_dir():
        raise IsADirectoryError(21, "is a folder")
    if target.exists() and not target.is_file():
        # /dev/null, a named pipe, /dev/stdout: write through; never replace the node itself.
        with open(target, "w", encoding="utf-8") as stream:
            stream.write(text)
        return
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"cannot write {target}: folder {folder} does not exist")
    # Write beside the target then rename, so an interrupted run leaves no partial file.
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        # mkstemp makes the file private (0600); a report gets the mode any new file would.
        os.chmod(temp, _new_file_mode(target))
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _new_file_mode(target: Path) -> int:
    """Return the mode of ``target`` if it exists, else 0666 less the process umask."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
