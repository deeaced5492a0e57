"""A throw-away PostgreSQL server for the tests: initdb and pg_ctl in a temporary folder.

The binaries come from Debian's ``postgresql`` package (/usr/lib/postgresql/*/bin). When they
are absent the tests that need the server skip with a message, except under CI (``CI`` set),
where absence is a failure: CI installs the package (see .ci/run). PostgreSQL refuses to run
as root, so as root the server runs as the ``postgres`` user the package creates.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest


def find_bin() -> Path | None:
    """Return the newest PostgreSQL bin folder with initdb and pg_ctl, or None."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                        key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit()
                        else 0)
    for folder in reversed(candidates):
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class PgServer:
    """A running server; ``url(db)`` names one of its databases."""

    port: int
    user: str

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True, connect_timeout=10) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]
        return self.url(name)


def _as(user: str | None, args: list[str]) -> list[str]:
    return ["runuser", "-u", user, "--", *args] if user else args


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """Start a PostgreSQL server for the session (trust authentication, 127.0.0.1 only)."""
    bin_dir = find_bin()
    if bin_dir is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL binaries are missing under CI (apt-get install postgresql)")
        pytest.skip("PostgreSQL binaries (initdb, pg_ctl) are not installed: "
                    "apt-get install postgresql to run these tests")
    run_as = "postgres" if os.geteuid() == 0 else None
    user = run_as or pwd.getpwuid(os.geteuid()).pw_name
    base = Path(tempfile.mkdtemp(prefix="scorecard-pg-"))
    data = base / "data"
    if run_as:
        shutil.chown(base, run_as)
        os.chmod(base, 0o700)
    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
    subprocess.run(_as(run_as, [str(bin_dir / "initdb"), "-D", str(data), "-A", "trust",
                                "-U", user, "-E", "UTF8", "--no-sync"]),
                   check=True, capture_output=True, env=env, timeout=120)
    port = _free_port()
    options = (f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={base}"
               " -c fsync=off -c max_connections=100")
    subprocess.run(_as(run_as, [str(bin_dir / "pg_ctl"), "-D", str(data), "-l",
                                str(base / "log"), "-o", options, "-w", "-t", "60", "start"]),
                   check=True, capture_output=True, env=env, timeout=120)
    server = PgServer(port, user)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                server.create_database("probe")
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield server
    finally:
        subprocess.run(_as(run_as, [str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate",
                                    "-w", "-t", "60", "stop"]),
                       check=False, capture_output=True, env=env, timeout=120)
        shutil.rmtree(base, ignore_errors=True)


_counter = [0]


@pytest.fixture
def pg_url(pg_server: PgServer) -> str:
    """A fresh, empty database on the session's server."""
    _counter[0] += 1
    return pg_server.create_database(f"t{os.getpid()}_{_counter[0]}")
