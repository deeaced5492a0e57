"""A local fake of GitHub's issue-comments API for tests (127.0.0.1 only, no network).

It implements what scorecard's client uses: list with Link-header pagination, create,
update, delete, a pull request's head, and scripted failures. Every request is recorded so
tests can assert on what the client sent.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

TOKEN = "ghs_s3cr3tTOKENvalue0123456789abcdef"
REPO = "acme/shop"


@dataclass
class Failure:
    """A scripted error: answer ``status`` to matching requests ``times`` times."""

    method: str
    path: str  # regular expression on the path
    status: int
    times: int = 1
    message: str = "scripted failure"
    headers: dict[str, str] = field(default_factory=dict)
    store_first: bool = False  # apply the request, then fail (a 5xx after the write landed)


@dataclass
class Seen:
    """One request the fake received."""

    method: str
    path: str
    query: dict[str, list[str]]
    authorization: str | None
    body: Any


class FakeGitHub:
    """Issue comments of one repository, in memory, with pagination and failures."""

    def __init__(self, page_size: int = 3) -> None:
        self.page_size = page_size
        self.comments: dict[int, list[dict[str, Any]]] = {}
        self.next_id = 1000
        self.requests: list[Seen] = []
        self.failures: list[Failure] = []
        self.heads: dict[int, str] = {}
        self.link_host: str | None = None  # send pagination links to another host
        self.redirect_to: str | None = None
        self.base_url = ""
        self.lock = threading.Lock()

    def add(self, issue: int, body: str, login: str = "github-actions[bot]",
            kind: str = "Bot") -> int:
        self.next_id += 1
        self.comments.setdefault(issue, []).append({
            "id": self.next_id, "body": body, "user": {"login": login, "type": kind},
            "html_url": f"https://github.com/{REPO}/pull/{issue}#issuecomment-{self.next_id}"})
        return self.next_id

    def bodies(self, issue: int) -> list[str]:
        return [c["body"] for c in self.comments.get(issue, [])]

    def calls(self, method: str) -> list[Seen]:
        return [r for r in self.requests if r.method == method]

    # --- request handling --------------------------------------------------------------

    def handle(self, method: str, raw_path: str, headers: Any, body: Any
               ) -> tuple[int, dict[str, str], Any]:
        parts = urlsplit(raw_path)
        with self.lock:
            self.requests.append(Seen(method, parts.path, parse_qs(parts.query),
                                      headers.get("Authorization"), body))
            if self.redirect_to is not None:
                return 301, {"Location": self.redirect_to + raw_path}, None
            if headers.get("Authorization") != f"Bearer {TOKEN}":
                return 401, {}, {"message": "Bad credentials"}
            failure = next((f for f in self.failures if f.method == method and f.times > 0
                            and re.fullmatch(f.path, parts.path)), None)
            if failure is not None:
                failure.times -= 1
                if failure.store_first:
                    self.route(method, parts.path, parse_qs(parts.query), body)
                return failure.status, failure.headers, {"message": failure.message}
            return self.route(method, parts.path, parse_qs(parts.query), body)

    def route(self, method: str, path: str, query: dict[str, list[str]], body: Any
              ) -> tuple[int, dict[str, str], Any]:
        prefix = f"/repos/{REPO}"
        listing = re.fullmatch(prefix + r"/issues/(\d+)/comments", path)
        single = re.fullmatch(prefix + r"/issues/comments/(\d+)", path)
        pull = re.fullmatch(prefix + r"/pulls/(\d+)", path)
        if listing and method == "GET":
            issue = int(listing.group(1))
            page = int(query.get("page", ["1"])[0])
            items = self.comments.get(issue, [])
            start = (page - 1) * self.page_size
            headers = {}
            if start + self.page_size < len(items):
                host = self.link_host or self.base_url
                headers["Link"] = (f'<{host}{path}?per_page=100&page={page + 1}>; rel="next", '
                                   f'<{host}{path}?page=99>; rel="last"')
            return 200, headers, items[start:start + self.page_size]
        if listing and method == "POST":
            issue = int(listing.group(1))
            if len(body["body"]) > 65536:
                return 422, {}, {"message": "Validation Failed",
                                 "errors": [{"message": "body is too long"}]}
            new_id = self.add(issue, body["body"])
            return 201, {}, self.find(new_id)
        if single:
            comment = self.find(int(single.group(1)))
            if comment is None:
                return 404, {}, {"message": "Not Found"}
            if method == "PATCH":
                comment["body"] = body["body"]
                return 200, {}, comment
            if method == "DELETE":
                for items in self.comments.values():
                    if comment in items:
                        items.remove(comment)
                return 204, {}, None
        if pull and method == "GET":
            number = int(pull.group(1))
            return 200, {}, {"number": number, "head": {"sha": self.heads.get(number, "0" * 40)}}
        return 404, {}, {"message": "Not Found"}

    def find(self, comment_id: int) -> dict[str, Any] | None:
        for items in self.comments.values():
            for comment in items:
                if comment["id"] == comment_id:
                    return comment
        return None


def serve(fake: FakeGitHub) -> tuple[ThreadingHTTPServer, str]:
    class Handler(BaseHTTPRequestHandler):
        def _any(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            body = json.loads(raw) if raw else None
            status, headers, payload = fake.handle(self.command, self.path, self.headers, body)
            data = b"" if payload is None else json.dumps(payload).encode()
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PATCH = do_DELETE = _any

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                     daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"
