"""A hostile GitHub API and a malformed token: no hang, no traceback, no secret, no escape.

Servers here run on 127.0.0.1 and answer with raw bytes: slowly (one byte per second, which
a per-read socket timeout never stops), with documents nested 100,000 deep, and with error
messages carrying terminal escape sequences and the token itself.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from scorecard.github import (
    GitHubClient,
    GitHubError,
    GitHubSetupError,
    RetryPolicy,
    actions_context,
)
from tests.github_support import REPO, TOKEN
from tests.hostile.generators import PROJECT_ROOT

ESCAPES = "\x1b]0;owned\x07\x1b[2J\x1b[31m\u202eevil\x9b31m"
# Forms a token takes when something sets it from a file or a broken secret.
BAD_TOKENS = [TOKEN + "\n", TOKEN[:10] + "\n" + TOKEN[10:], TOKEN + "\r\nX-Evil: 1",
              "\x00" + TOKEN, TOKEN + " ", TOKEN[:8] + "\x1b[2J" + TOKEN[8:], TOKEN + "é"]


class RawServer:
    """Answer every connection with ``response`` bytes, ``delay`` seconds between chunks."""

    def __init__(self, response: bytes, *, delay: float = 0.0, chunk: int = 1 << 16) -> None:
        self.response, self.delay, self.chunk = response, delay, chunk
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.stopped = threading.Event()
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.stopped.is_set():
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            try:
                conn.recv(65536)
                for start in range(0, len(self.response), self.chunk):
                    if self.stopped.is_set():
                        return
                    conn.sendall(self.response[start:start + self.chunk])
                    time.sleep(self.delay)
            except OSError:
                return

    def close(self) -> None:
        self.stopped.set()
        self.listener.close()


def _http(status: str, body: bytes, extra: str = "") -> bytes:
    return (f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\n{extra}"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode() + body


@pytest.fixture
def servers() -> Iterator[list[RawServer]]:
    started: list[RawServer] = []
    yield started
    for server in started:
        server.close()


def _client(url: str, **kwargs: float) -> GitHubClient:
    return GitHubClient(REPO, TOKEN, api_url=url, sleep=lambda _s: None,
                        retry=RetryPolicy(attempts=2, base_delay=0.01), **kwargs)


def _run_comment(tmp_path: Path, *args: str, env: dict[str, str],
                 timeout: float = 60) -> subprocess.CompletedProcess[str]:
    note = tmp_path / "comment.md"
    note.write_text("hello\n", encoding="utf-8")
    full = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "SCORECARD_"))}
    full.update({"GITHUB_TOKEN": TOKEN, "GITHUB_REPOSITORY": REPO,
                 "PYTHONPATH": str(PROJECT_ROOT)})
    full.update(env)
    return subprocess.run([sys.executable, "-m", "scorecard", "comment", "--from", str(note),
                           "--pr", "7", *args], cwd=tmp_path, env=full, capture_output=True,
                          text=True, timeout=timeout, check=False)


def _assert_no_secret_or_escape(done: subprocess.CompletedProcess[str], token: str) -> None:
    shown = done.stdout + done.stderr
    assert "Traceback" not in shown, shown
    for piece in {token, token.strip(), *token.split("\n"), *token.split("\x1b[2J")}:
        if len(piece.strip()) >= 8:
            assert piece.strip() not in shown, shown
    for raw in ("\x1b", "\x07", "\x9b", "\u202e", "\r"):
        assert raw not in shown, shown


# -- the token ------------------------------------------------------------------------------


@pytest.mark.parametrize("token", BAD_TOKENS, ids=range(len(BAD_TOKENS)))
def test_a_token_that_is_not_a_header_value_is_refused_unshown(token: str) -> None:
    with pytest.raises(GitHubSetupError) as caught:
        GitHubClient(REPO, token, api_url="http://127.0.0.1:9")
    message = caught.value.message
    assert TOKEN[:10] not in message and TOKEN[10:] not in message and "\n" not in message


@pytest.mark.parametrize("token", BAD_TOKENS[:3], ids=range(3))
def test_comment_with_a_bad_token_exits_2_without_printing_it(tmp_path: Path, token: str,
                                                              servers: list[RawServer]) -> None:
    servers.append(RawServer(_http("200 OK", b"[]")))
    done = _run_comment(tmp_path, env={"GITHUB_TOKEN": token, "GITHUB_API_URL": servers[0].url})
    assert done.returncode == 2, done.stderr
    assert len(done.stderr.splitlines()) == 1 and "GITHUB_TOKEN" in done.stderr
    _assert_no_secret_or_escape(done, token)
    assert servers[0].connections == 0  # refused before anything was sent


def test_a_server_echoing_the_token_and_escapes_is_redacted(tmp_path: Path,
                                                            servers: list[RawServer]) -> None:
    echoed = (f'{{"message": "bad credentials {TOKEN} {TOKEN!r} {ESCAPES}", '
              f'"errors": [{{"message": "{TOKEN}\\n{ESCAPES}"}}]}}').replace("\x1b", "\\u001b")
    echoed = echoed.replace("\x07", "\\u0007").replace("\x9b", "\\u009b")
    servers.append(RawServer(_http("401 Unauthorized", echoed.encode())))
    done = _run_comment(tmp_path, env={"GITHUB_API_URL": servers[0].url})
    assert done.returncode == 4, done.stderr
    assert len(done.stderr.splitlines()) == 1
    _assert_no_secret_or_escape(done, TOKEN)


# -- a slow server --------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["headers", "body"])
def test_a_server_dripping_one_byte_per_second_meets_the_deadline(
        where: str, servers: list[RawServer]) -> None:
    body = b"[" + b" " * 200 + b"]"
    response = _http("200 OK", body)
    split = response.index(b"\r\n\r\n") + 4 if where == "body" else 0
    server = RawServer(response[:split] + response[split:], delay=1.0, chunk=1)
    servers.append(server)
    started = time.monotonic()
    with pytest.raises(GitHubError, match="no complete answer|deadline"):
        _client(server.url, request_deadline=1.5, deadline=10).list_comments(7)
    assert time.monotonic() - started < 8


def test_the_command_deadline_bounds_all_retries(servers: list[RawServer]) -> None:
    server = RawServer(_http("200 OK", b"[]"), delay=1.0, chunk=1)
    servers.append(server)
    client = GitHubClient(REPO, TOKEN, api_url=server.url, sleep=time.sleep,
                          retry=RetryPolicy(attempts=5, base_delay=0.5),
                          request_deadline=2, deadline=3)
    started = time.monotonic()
    with pytest.raises(GitHubError):
        client.list_comments(7)
    assert time.monotonic() - started < 6


def test_comment_command_against_a_dripping_server_gives_up(tmp_path: Path,
                                                            servers: list[RawServer]) -> None:
    servers.append(RawServer(_http("200 OK", b"[" + b" " * 300 + b"]"), delay=1.0, chunk=1))
    started = time.monotonic()
    done = _run_comment(tmp_path, "--deadline", "3", env={"GITHUB_API_URL": servers[0].url},
                        timeout=40)
    assert done.returncode == 4, done.stderr
    assert len(done.stderr.splitlines()) <= 3  # retry notes, then the one error line
    assert time.monotonic() - started < 30
    _assert_no_secret_or_escape(done, TOKEN)


# -- hostile documents ----------------------------------------------------------------------


def test_an_api_answer_nested_100000_deep_is_an_error_not_a_crash(
        servers: list[RawServer]) -> None:
    servers.append(RawServer(_http("200 OK", b"[" * 100_000 + b"]" * 100_000)))
    with pytest.raises(GitHubError, match="nested"):
        _client(servers[0].url).list_comments(7)


@pytest.mark.parametrize("document", [b"[" * 100_000 + b"]" * 100_000,
                                      b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
                                      b'{"pull_request": {"number": NaN}}'])
def test_a_hostile_event_file(tmp_path: Path, document: bytes) -> None:
    event = tmp_path / "event.json"
    event.write_bytes(document)
    with pytest.raises(GitHubSetupError, match="event file"):
        actions_context({"GITHUB_EVENT_PATH": str(event)})
    done = _run_comment(tmp_path, "--no-post", env={"GITHUB_EVENT_PATH": str(event)})
    assert done.returncode == 2 and len(done.stderr.splitlines()) == 1, done.stderr
    assert "Traceback" not in done.stderr
