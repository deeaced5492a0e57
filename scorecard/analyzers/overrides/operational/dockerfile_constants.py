"""Operational constants a Dockerfile's ``CMD`` or ``ENTRYPOINT`` hard-codes.

A container's start command is where many services fix their bind address, port and worker
count (``gunicorn --bind 0.0.0.0:8000 --workers 4``). Those are operational constants
(hosts, ports, bind addresses, worker/concurrency counts) like any in the code: hard-coded
when written as literals, overridable when the command expands an environment variable
(``--workers ${WEB_CONCURRENCY:-4}``, ``--port $PORT``).

Both instruction forms are read: the exec form (a JSON array) and the shell form; lines
continued with a backslash are joined. Dockerfiles under test, fixture and example folders
start nothing of the product and are skipped.
"""

from __future__ import annotations

import json
import posixpath
import re
import shlex
from collections.abc import Iterator

from scorecard.analyzers.base import ScanContext
from scorecard.analyzers.overrides.per_file.records import OpsConstant, Status
from scorecard.analyzers.path_roles import is_sample

__all__ = ["dockerfile_constants"]

# option -> category; both "--opt value" and "--opt=value" are read.
_OPTIONS = {
    "--bind": "host", "-b": "host", "--host": "host", "--listen": "host",
    "--port": "port", "-p": "port",
    "--workers": "concurrency", "-w": "concurrency", "--threads": "concurrency",
    "--concurrency": "concurrency", "-c": "concurrency", "--processes": "concurrency",
    "--worker-connections": "concurrency", "--timeout": "timeout", "-t": "timeout",
    "--graceful-timeout": "timeout", "--keep-alive": "timeout",
}
# Programs whose short options above mean what the table says (``-c`` is a config file
# for some other programs, ``-p`` a PID file for others).
_SERVERS = re.compile(r"(^|/)(gunicorn|uvicorn|hypercorn|daphne|waitress-serve|celery|uwsgi"
                      r"|granian|flask|fastapi|python[\d.]*|manage\.py|django-admin)$")
_HOST_PORT = re.compile(r"^(?:\[[0-9a-f:]+\]|[\w.-]+)?:\d{2,5}$|^\d{1,3}(?:\.\d{1,3}){3}$")
MAX_BYTES = 256 * 1024


def _instructions(text: str) -> Iterator[tuple[int, str, str]]:
    """Yield (line, instruction, arguments) with continued lines joined."""
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        start = index + 1
        line = lines[index]
        while line.rstrip().endswith("\\") and index + 1 < len(lines):
            index += 1
            line = line.rstrip()[:-1] + " " + lines[index]
        index += 1
        parts = line.strip().split(None, 1)
        if len(parts) == 2 and not parts[0].startswith("#"):
            yield start, parts[0].upper(), parts[1]


def _words(arguments: str) -> list[str]:
    """Split an instruction's arguments: a JSON array (exec form) or a shell command."""
    stripped = arguments.strip()
    if stripped.startswith("["):
        try:
            words = json.loads(stripped)
        except ValueError:
            words = None
        if isinstance(words, list):
            return [str(w) for w in words]
    try:
        return shlex.split(stripped, posix=True)
    except ValueError:
        return stripped.split()


def _command_constants(words: list[str], line: int) -> Iterator[OpsConstant]:
    """Yield the bind, port, worker and timeout values one start command fixes."""
    server = any(_SERVERS.search(w) for w in words)
    for index, word in enumerate(words):
        option, _, inline = word.partition("=")
        category = _OPTIONS.get(option)
        if category is not None and (option.startswith("--") or server):
            value = inline if inline else (words[index + 1] if index + 1 < len(words) else "")
            if value and not value.startswith("-"):
                yield _constant(line, option, value, category)
        elif word == "runserver" and index + 1 < len(words) \
                and _HOST_PORT.match(words[index + 1]):
            yield _constant(line, "runserver", words[index + 1], "host")


def _constant(line: int, option: str, value: str, category: str) -> OpsConstant:
    # ``${WEB_CONCURRENCY:-4}`` or ``$PORT``: the operator sets it through the environment.
    status = Status.OVERRIDABLE if "$" in value else Status.HARD
    return OpsConstant(line, f"CMD {option}", value, "command", category, status.value)


def dockerfile_constants(ctx: ScanContext) -> list[tuple[str, OpsConstant]]:
    """Return (Dockerfile path, constant) for every value a start command hard-codes."""
    found: list[tuple[str, OpsConstant]] = []
    for item in ctx.files:
        base = posixpath.basename(item.path).lower()
        if not (base.startswith("dockerfile") or base.endswith(".dockerfile")) \
                or item.size > MAX_BYTES or is_sample(item.path):
            continue
        try:
            text = ctx.view.read_bytes(item.path).decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue  # the deploy-file scan reports unreadable Dockerfiles
        for line, instruction, arguments in _instructions(text):
            if instruction in ("CMD", "ENTRYPOINT"):
                found.extend((item.path, c) for c in _command_constants(_words(arguments),
                                                                        line))
    return found
