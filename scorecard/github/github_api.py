"""A small GitHub REST client on :mod:`urllib` for the issue-comments endpoints.

It lists comments with Link-header pagination, creates, updates and deletes them, and reads
the head commit of a pull request.

The token is sent in one header and nowhere else: it is never part of a message, a log line
or an exception, never sent over plain HTTP except to this machine, and never sent to
another host, whether a pagination link or a redirect points there. A token that could not
be sent as a header (a control character, e.g. a newline read from a file) is refused
before any request, without being shown.

Every request has an overall deadline (connecting, sending, and reading the whole answer),
and the command one more: a server that answers one byte at a time cannot keep a job
waiting, as a per-read socket timeout alone would let it.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import re
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from email.message import Message
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

from scorecard.errors import EXIT_CONFIG, EXIT_REMOTE, ScorecardError
from scorecard.safejson import UntrustedJSONError, load_json
from scorecard.textsafety import redact
from scorecard.wording import counted

__all__ = [
    "COMMAND_DEADLINE",
    "DEFAULT_API_URL",
    "EXIT_GITHUB",
    "REQUEST_DEADLINE",
    "Comment",
    "ForbiddenError",
    "GitHubClient",
    "GitHubError",
    "GitHubSetupError",
    "RetryPolicy",
]

DEFAULT_API_URL = "https://api.github.com"
# The GitHub API was reachable but refused or kept failing: neither a gate (1), nor bad
# configuration (2), nor a bug (3).
EXIT_GITHUB = EXIT_REMOTE
_REPOSITORY = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")
_NEXT_LINK = re.compile(r'<([^>]+)>\s*;\s*rel="?next"?')
_SERVER_ERRORS = frozenset({500, 502, 503, 504})
_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
# Far more than any pull request has; a guard against a server that links to itself forever.
_MAX_PAGES = 200
_MAX_ERROR_BODY = 64 * 1024
# A page of 100 comments of at most 65536 characters each is about 26 MB of JSON at worst.
_MAX_RESPONSE_BYTES = 32 * 1024 * 1024
# Overall limits in seconds: one request (connect, send, read all), and all requests of a
# command together with the waits between retries.
REQUEST_DEADLINE = 60.0
COMMAND_DEADLINE = 300.0
# What an HTTP header value may hold: visible ASCII. GitHub tokens are letters, digits and _.
_TOKEN = re.compile(r"[\x21-\x7e]+")


class GitHubError(ScorecardError):
    """The GitHub API refused a request or kept failing after retries."""

    exit_code = EXIT_GITHUB

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class ForbiddenError(GitHubError):
    """A 403 that is not a rate limit: the token may not do this (e.g. a fork's token)."""


class GitHubSetupError(ScorecardError):
    """Missing or invalid settings: no token, no repository, no pull request number."""

    exit_code = EXIT_CONFIG


@dataclass(frozen=True)
class Comment:
    """An issue comment as the API returns it (only the fields scorecard reads)."""

    id: int
    body: str
    url: str
    author: str | None = None
    author_is_bot: bool = False


@dataclass(frozen=True)
class RetryPolicy:
    """Attempts per request and the bounds of the exponential backoff, in seconds."""

    attempts: int = 5
    base_delay: float = 2.0
    max_delay: float = 60.0

    def backoff(self, attempt: int) -> float:
        """Return the wait before retry number ``attempt`` (1-based)."""
        # No jitter: one job makes these calls, so there is no herd of clients to spread out.
        return float(min(self.max_delay, self.base_delay * 2 ** (attempt - 1)))


def _check_token(token: str) -> str:
    """Return the token if it can be sent as a header; the error never shows it."""
    if not token:
        raise GitHubSetupError("no GitHub token: set GITHUB_TOKEN")
    if not _TOKEN.fullmatch(token):
        raise GitHubSetupError(
            f"GITHUB_TOKEN ({counted(len(token), 'character')}, not shown) holds a space, a "
            "control character such as a newline, or a non-ASCII character; set it to the token "
            "alone")
    return token


class _DeadlinePassed(Exception):
    """A request's overall deadline passed while it was connecting, sending or reading."""


class _RequestWatch:
    """Shut down the connections of one request when its deadline passes.

    A socket timeout bounds each read, not the request: a server dripping one byte per
    read keeps a read-to-the-end going forever. Shutting the socket down from a timer
    thread wakes whatever read is blocked on it (closing it would not).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._connections: list[http.client.HTTPConnection] = []
        self.expired = False

    def track(self, connection: http.client.HTTPConnection) -> None:
        """Watch a connection the request opened (redirects open more)."""
        with self._lock:
            self._connections.append(connection)

    def expire(self) -> None:
        """Mark the deadline passed and shut down every connection of the request."""
        with self._lock:
            self.expired = True
            for connection in self._connections:
                sock = connection.sock
                if sock is None:
                    continue
                with contextlib.suppress(OSError):  # already closed: nothing left to wake
                    sock.shutdown(socket.SHUT_RDWR)


class _Tracking(urllib.request.AbstractHTTPHandler):
    """Give every connection urllib opens to the current request's watch."""

    def __init__(self, watch: Callable[[], _RequestWatch]) -> None:
        super().__init__()
        self._watch = watch

    def do_open(self, http_class: Any, req: urllib.request.Request,
                **http_conn_args: Any) -> http.client.HTTPResponse:
        """Open the connection through ``http_class``, then hand it to the watch."""
        watch = self._watch()

        def connection(host: str, **options: Any) -> http.client.HTTPConnection:
            made: http.client.HTTPConnection = http_class(host, **options)
            watch.track(made)
            return made

        return super().do_open(connection, req, **http_conn_args)


class _TrackingHTTP(_Tracking, urllib.request.HTTPHandler):
    """Plain HTTP (to this machine only), watched."""


class _TrackingHTTPS(_Tracking, urllib.request.HTTPSHandler):
    """HTTPS, watched."""


def _check_api_url(api_url: str) -> str:
    parts = urlsplit(api_url)
    host = parts.hostname or ""
    if parts.scheme == "https" and host:
        return api_url.rstrip("/")
    if parts.scheme == "http" and host in _LOOPBACK:
        # Plain HTTP only to this machine (tests, local proxies): the token must not cross
        # a network in clear text.
        return api_url.rstrip("/")
    raise GitHubSetupError(
        f"GitHub API URL must be https:// (got {parts.scheme or 'no scheme'}://{host}); "
        "set GITHUB_API_URL, e.g. https://github.example.com/api/v3 for GitHub Enterprise")


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc.lower()


class _SameOriginRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects only within one origin: urllib would carry the token anywhere."""

    def redirect_request(
        self, req: urllib.request.Request, fp: Any, code: int, msg: str,
        headers: http.client.HTTPMessage, newurl: str,
    ) -> urllib.request.Request | None:
        if _origin(newurl) != _origin(req.full_url):
            return None
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _retry_after(headers: Message | None, now: float) -> float | None:
    """Return the wait GitHub asked for (Retry-After, or the rate-limit reset), if any."""
    if headers is None:
        return None
    value = headers.get("Retry-After")
    if value:
        value = value.strip()
        if value.isdigit():
            return float(value)
        try:
            return max(0.0, parsedate_to_datetime(value).timestamp() - now)
        except (TypeError, ValueError):
            return None
    if headers.get("X-RateLimit-Remaining") == "0":
        reset = headers.get("X-RateLimit-Reset", "")
        if reset.isdigit():
            return max(0.0, float(reset) - now)
    return None


def _is_rate_limit(status: int, headers: Message | None, message: str) -> bool:
    if status == 429:
        return True
    if status != 403:
        return False
    lowered = message.lower()
    return ("rate limit" in lowered
            or (headers is not None and (headers.get("Retry-After") is not None
                                         or headers.get("X-RateLimit-Remaining") == "0")))


def _parse_comment(data: object) -> Comment:
    if not isinstance(data, Mapping) or not isinstance(data.get("id"), int):
        raise GitHubError("GitHub returned a comment without an id")
    user = data.get("user")
    login = user.get("login") if isinstance(user, Mapping) else None
    kind = user.get("type") if isinstance(user, Mapping) else None
    body = data.get("body")
    url = data.get("html_url")
    return Comment(id=data["id"], body=body if isinstance(body, str) else "",
                   url=url if isinstance(url, str) else "",
                   author=login if isinstance(login, str) else None,
                   author_is_bot=kind == "Bot")


class GitHubClient:
    """The issue-comments endpoints of one repository, with retries and pagination."""

    def __init__(
        self,
        repository: str,
        token: str,
        *,
        api_url: str = DEFAULT_API_URL,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
        log: Callable[[str], None] | None = None,
        timeout: float = 30.0,
        request_deadline: float = REQUEST_DEADLINE,
        deadline: float = COMMAND_DEADLINE,
    ) -> None:
        """Prepare a client; nothing is sent yet.

        In seconds: ``timeout`` bounds each socket operation, ``request_deadline`` one
        request as a whole, ``deadline`` every request from now on (retries and the waits
        between them included).
        """
        if not _REPOSITORY.fullmatch(repository) or ".." in repository:
            raise GitHubSetupError(f"repository must be OWNER/NAME, got {repository[:100]!r}")
        self._token = _check_token(token)
        self.repository = repository
        self.api_url = _check_api_url(api_url)
        self.retry = retry or RetryPolicy()
        self._sleep = sleep
        self._clock = clock
        self._log = log or (lambda _message: None)
        self._timeout = timeout
        self._request_deadline = request_deadline
        self._deadline = deadline
        self._ends_at = time.monotonic() + deadline
        self._watch = _RequestWatch()
        self._opener = urllib.request.build_opener(
            _SameOriginRedirects(), _TrackingHTTP(lambda: self._watch),
            _TrackingHTTPS(lambda: self._watch))

    def __repr__(self) -> str:
        # The default repr would be harmless today; this one stays harmless if fields change.
        return f"GitHubClient({self.repository!r}, api_url={self.api_url!r})"

    # --- endpoints -------------------------------------------------------------------------

    def list_comments(self, issue: int) -> list[Comment]:
        """Return every comment of an issue or pull request, following pagination."""
        return [_parse_comment(item) for item in self._paged(
            f"{self.api_url}/repos/{self.repository}/issues/{issue}/comments?per_page=100")]

    def create_comment(self, issue: int, body: str) -> Comment:
        """Create a comment; a retried create adopts the comment if the first one landed."""
        url = f"{self.api_url}/repos/{self.repository}/issues/{issue}/comments"

        def landed() -> object | None:
            # POST is not idempotent: GitHub may have stored the comment and still answered
            # 5xx. Look before posting again, so a retry cannot leave two comments.
            for comment in self.list_comments(issue):
                if comment.body == body:
                    return {"id": comment.id, "body": comment.body, "html_url": comment.url}
            return None

        _, data = self._request("POST", url, {"body": body}, before_retry=landed)
        return _parse_comment(data)

    def update_comment(self, comment_id: int, body: str) -> Comment:
        """Replace the body of a comment."""
        url = f"{self.api_url}/repos/{self.repository}/issues/comments/{comment_id}"
        _, data = self._request("PATCH", url, {"body": body})
        return _parse_comment(data)

    def delete_comment(self, comment_id: int) -> None:
        """Delete a comment (one already gone counts as deleted)."""
        url = f"{self.api_url}/repos/{self.repository}/issues/comments/{comment_id}"
        try:
            self._request("DELETE", url)
        except GitHubError as exc:
            if exc.status != 404:
                raise

    def pull_request_head(self, number: int) -> str:
        """Return the head commit of a pull request."""
        _, data = self._request("GET", f"{self.api_url}/repos/{self.repository}/pulls/{number}")
        head = data.get("head") if isinstance(data, Mapping) else None
        sha = head.get("sha") if isinstance(head, Mapping) else None
        if not isinstance(sha, str):
            raise GitHubError(f"GitHub returned pull request #{number} without a head commit")
        return sha

    # --- transport -------------------------------------------------------------------------

    def _paged(self, url: str) -> Iterator[object]:
        seen: set[str] = set()
        next_url: str | None = url
        while next_url is not None:
            if next_url in seen or len(seen) >= _MAX_PAGES:
                raise GitHubError("GitHub pagination does not end "
                                  f"(after {counted(len(seen), 'page')})")
            seen.add(next_url)
            headers, data = self._request("GET", next_url)
            if not isinstance(data, list):
                raise GitHubError("GitHub returned something other than a list of comments")
            yield from data
            next_url = self._next_page(headers)

    def _next_page(self, headers: Message) -> str | None:
        found = _NEXT_LINK.search(headers.get("Link") or "")
        if found is None:
            return None
        link = found.group(1)
        if _origin(link) != _origin(self.api_url):
            raise GitHubError(f"GitHub pagination points to another host ({_origin(link)[1]}); "
                              "not sending the token there")
        return link

    def _remaining(self, what: str) -> float:
        """Return the seconds left for the command; GitHubError when none are."""
        left = self._ends_at - time.monotonic()
        if left <= 0:
            raise GitHubError(f"GitHub API {what}: gave up after {self._deadline:g} s "
                              "(the command's deadline)")
        return left

    def _send(self, method: str, url: str, payload: bytes | None,
              what: str) -> tuple[Message, object]:
        request = urllib.request.Request(url, data=payload, method=method, headers={
            "Accept": "application/vnd.github+json",
            "Authorization": f"Bearer {self._token}",
            "X-GitHub-Api-Version": "2022-11-28",
            "User-Agent": "scorecard",
            **({"Content-Type": "application/json"} if payload is not None else {}),
        })
        limit = min(self._request_deadline, self._remaining(what))
        self._watch = watch = _RequestWatch()
        timer = threading.Timer(limit, watch.expire)
        timer.daemon = True
        timer.start()
        try:
            with self._opener.open(request, timeout=min(self._timeout, limit)) as response:
                raw = response.read(_MAX_RESPONSE_BYTES + 1)
                if watch.expired:
                    raise _DeadlinePassed()
                if len(raw) > _MAX_RESPONSE_BYTES:
                    raise GitHubError(f"GitHub API {what} answered more than "
                                      f"{_MAX_RESPONSE_BYTES // 2**20} MB")
                return response.headers, load_json(raw) if raw.strip() else None
        except (OSError, http.client.HTTPException, ValueError) as exc:
            if watch.expired:
                raise _DeadlinePassed() from None
            if isinstance(exc, ValueError) and not isinstance(exc, UntrustedJSONError):
                # urllib and http.client put what they refused (a header, a URL) in the
                # message: say what kind of error it was, never what it quoted.
                raise GitHubError(f"GitHub API {what} could not be sent "
                                  f"({type(exc).__name__})") from None
            raise
        finally:
            timer.cancel()

    def _request(
        self,
        method: str,
        url: str,
        body: Mapping[str, object] | None = None,
        *,
        before_retry: Callable[[], object | None] | None = None,
    ) -> tuple[Message, object]:
        payload = None if body is None else json.dumps(body).encode("utf-8")
        what = f"{method} {urlsplit(url).path}"
        attempts = max(1, self.retry.attempts)
        for attempt in range(1, attempts + 1):
            if attempt > 1 and before_retry is not None:
                adopted = before_retry()
                if adopted is not None:
                    return Message(), adopted
            try:
                return self._send(method, url, payload, what)
            except _DeadlinePassed:
                reason = f"no complete answer within {self._request_deadline:g} s"
                if attempt == attempts:
                    raise GitHubError(f"GitHub API {what} failed after "
                                      f"{counted(attempts, 'attempt')}: {reason}") from None
                wait = self.retry.backoff(attempt)
            except urllib.error.HTTPError as exc:
                status, headers = exc.code, exc.headers
                message = self._error_message(exc)
                asked = self._wait_for(status, headers, message, attempt, attempts, what)
                if asked is None:
                    raise self._failure(what, status, message) from None
                wait = asked
                reason = f"{status} {message}".strip()
            except (urllib.error.URLError, TimeoutError, ConnectionError,
                    http.client.HTTPException, UntrustedJSONError) as exc:
                reason = self._redact(str(getattr(exc, "reason", exc)) or type(exc).__name__)
                if attempt == attempts:
                    raise GitHubError(f"GitHub API {what} failed after "
                                      f"{counted(attempts, 'attempt')}: {reason}") from None
                wait = self.retry.backoff(attempt)
            if wait >= self._remaining(what):
                raise GitHubError(f"GitHub API {what} failed ({reason}) and the command's "
                                  f"deadline of {self._deadline:g} s leaves no time to retry")
            self._log(f"GitHub API {what}: {reason}; retrying in {wait:g} s "
                      f"(attempt {attempt + 1} of {attempts})")
            self._sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises

    def _wait_for(self, status: int, headers: Message | None, message: str, attempt: int,
                  attempts: int, what: str) -> float | None:
        """Return how long to wait before retrying, or None when the error is final."""
        limited = _is_rate_limit(status, headers, message)
        if not limited and status not in _SERVER_ERRORS:
            return None
        if attempt == attempts:
            kind = "rate limit" if limited else f"server error {status}"
            raise GitHubError(f"GitHub API {what} failed after {counted(attempts, 'attempt')} "
                              f"({kind}: {message or 'no message'}); try again later", status)
        asked = _retry_after(headers, self._clock()) if limited else None
        if asked is None:
            return self.retry.backoff(attempt)
        if asked > self.retry.max_delay:
            raise GitHubError(f"GitHub API {what} is rate limited and asks to wait {asked:.0f} s, "
                              f"longer than the {self.retry.max_delay:g} s scorecard waits; "
                              "try again later", status)
        return asked

    def _error_message(self, exc: urllib.error.HTTPError) -> str:
        try:
            raw = exc.read(_MAX_ERROR_BODY)
            data = load_json(raw) if raw else {}
        except (OSError, ValueError):
            return ""
        if not isinstance(data, Mapping):
            return ""
        message = str(data.get("message", ""))
        errors = data.get("errors")
        if isinstance(errors, list):
            details = [str(e.get("message") or e.get("code") or "") if isinstance(e, Mapping)
                       else str(e) for e in errors]
            message = "; ".join(filter(None, [message, *details]))
        return self._redact(message[:500])

    def _failure(self, what: str, status: int, message: str) -> GitHubError:
        said = f" ({status}: {message})" if message else f" ({status})"
        if status == 401:
            return GitHubError(f"GitHub rejected the token{said}: check GITHUB_TOKEN", status)
        if status == 403:
            return ForbiddenError(
                f"GitHub refused {what}{said}: the token needs `pull-requests: write` "
                "(add `permissions: pull-requests: write` to the workflow)", status)
        if status == 404:
            return GitHubError(
                f"GitHub API {what} not found{said}: check the repository "
                f"({self.repository}) and pull request number; a token without access to a "
                "private repository also gets 404", status)
        if status == 422:
            return GitHubError(f"GitHub rejected the comment{said}", status)
        return GitHubError(f"GitHub API {what} failed{said}", status)

    def _redact(self, text: str) -> str:
        return redact(text, self._token)
