"""The operational vocabulary: which names and literal shapes are deploy-dependent knobs.

12-factor defines config as "everything likely to vary between deploys"; these are the
usual suspects: timeouts, retries and backoff, intervals and sleeps, pool sizes and
concurrency, batch and buffer sizes, hosts, ports, URLs/DSNs of the service's own backends,
data and log paths, limits and TTLs. Vendor endpoints (``https://api.<vendor>.com``),
protocol constants and algorithm names are not operational (pitfall P11), and token or
session lifetimes and rate caps are *policy*, reported apart.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import SplitResult, urlsplit

__all__ = ["is_hostname", "is_policy", "is_private_host", "keyword_category", "name_category",
           "string_shape"]

# Name token -> category; matched on "_"-separated tokens of a lower-cased name.
_TOKENS: dict[str, str] = {
    "timeout": "timeout", "timeouts": "timeout", "keepalive": "timeout",
    "retry": "retry", "retries": "retry", "tries": "retry", "attempts": "retry",
    "backoff": "retry",
    "interval": "interval", "intervals": "interval", "delay": "interval", "wait": "interval",
    "poll": "interval",
    "pool": "pool", "maxconn": "pool", "connections": "pool", "conn": "pool",
    "maxsize": "pool", "overflow": "pool",
    "workers": "concurrency", "concurrency": "concurrency", "threads": "concurrency",
    "processes": "concurrency", "parallelism": "concurrency",
    "batch": "size", "chunk": "size", "buffer": "size", "bufsize": "size",
    "host": "host", "hosts": "host", "hostname": "host", "bind": "host",
    "port": "port", "ports": "port",
    "url": "url", "urls": "url", "uri": "url", "dsn": "url", "endpoint": "url",
    "endpoints": "url",
    "ttl": "ttl", "expire": "ttl", "expires": "ttl", "expiry": "ttl", "expiration": "ttl",
    "lifetime": "ttl",
    "limit": "limit", "limits": "limit", "quota": "limit",
    "dir": "path", "path": "path", "folder": "path", "logfile": "path",
}
# Two-token names that are knobs although neither token is.
_PAIRS: dict[tuple[str, str], str] = {
    ("max", "age"): "ttl", ("max", "size"): "limit", ("max", "connections"): "pool",
    ("max", "conn"): "pool", ("log", "file"): "path", ("data", "file"): "path",
}
# Slot 1: keyword arguments that are knobs when given a literal.
_KEYWORD = re.compile(
    r"^(timeout|.*_timeout|retries|max_retries|backoff.*|pool_size|max_overflow|pool_recycle"
    r"|pool_timeout|max_connections|maxsize|port|host|url|endpoint|base_url|.*_interval"
    r"|interval|ttl|expires?|max_age|workers|concurrency|batch_size|chunk_size|buffer_size"
    r"|keepalive.*)$"
)
_POLICY_TOKENS = frozenset({
    "token", "tokens", "session", "sessions", "cookie", "cookies", "password", "jwt", "otp",
    "login", "csrf", "auth", "signup", "rate", "throttle", "verification", "reset", "invite",
    "signer", "signing", "unsign", "sign", "signature", "magic", "link", "nonce",
})
_DSN_SCHEMES = re.compile(
    r"^(postgres(ql)?|mysql|mariadb|redis|rediss|amqps?|mongodb(\+srv)?|kafka|nats|memcached"
    r"|mssql|oracle|cockroachdb|clickhouse|cassandra|elasticsearch|zookeeper|etcd|consul"
    r"|ldaps?|smtps?|ftp|sftp|tcp|udp|grpc|s3|sqlite)(\+[a-z0-9]+)?$"
)
_LOCAL_SUFFIXES = (".local", ".internal", ".svc", ".cluster.local", ".lan", ".corp",
                   ".localdomain")
_HOST_PORT = re.compile(
    r"^(localhost|[a-z][a-z0-9-]*(\.[a-z0-9-]+)*|\d{1,3}(\.\d{1,3}){3}):\d{2,5}$")
_HOSTNAME = re.compile(r"^[a-z][a-z0-9-]*(\.[a-z0-9-]+)*$")
_DATA_PATH = re.compile(r"^/(var|tmp|etc|srv|data)(/|$)")


def _tokens(name: str) -> list[str]:
    return [t for t in re.split(r"[^a-z0-9]+", name.lower()) if t]


def name_category(name: str) -> str | None:
    """Return the operational category of a constant, option or env name, else None."""
    tokens = _tokens(name)
    for first, second in zip(tokens, tokens[1:], strict=False):
        pair = _PAIRS.get((first, second))
        if pair:
            return pair
    for token in reversed(tokens):  # the last token names the quantity: RETRY_DELAY -> delay
        category = _TOKENS.get(token)
        if category:
            return category
    return None


def keyword_category(keyword: str) -> str | None:
    """Return the category of a keyword argument named in the spec's slot-1 vocabulary."""
    if not _KEYWORD.match(keyword):
        return None
    return name_category(keyword) or "timeout"


def is_policy(*names: str) -> bool:
    """Return True when a lifetime or limit is about tokens, sessions or rates (policy)."""
    return any(token in _POLICY_TOKENS for name in names for token in _tokens(name))


def is_private_host(host: str) -> bool:
    """Return True for localhost, private addresses and cluster-internal names."""
    if host in ("localhost", "0.0.0.0") or host.endswith(_LOCAL_SUFFIXES) or "." not in host:
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_private or address.is_loopback or address.is_unspecified


def is_hostname(text: str) -> bool:
    """Return True for a plain host name such as ``db`` or ``cache.internal``."""
    return bool(_HOSTNAME.match(text))


def _web_url_shape(parts: SplitResult) -> str | None:
    """Classify an http(s)/ws(s) URL: ``url`` for a private host or explicit port, or vendor."""
    host = (parts.hostname or "").lower()
    if not host:
        return None
    try:
        explicit_port = parts.port is not None
    except ValueError:
        return None
    return "url" if is_private_host(host) or explicit_port else "vendor"


def _url_shape(text: str) -> str | None:
    """Classify a string with a scheme: a web URL, a DSN (``url``), or None."""
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme in ("http", "https", "ws", "wss"):
        return _web_url_shape(parts)
    return "url" if _DSN_SCHEMES.match(scheme) and (parts.hostname or parts.path) else None


def _is_ip_address(text: str) -> bool:
    """Return True for an IPv4 or IPv6 address (tried only on strings shaped like one)."""
    if not (text.count(".") == 3 or (":" in text and any(c.isalnum() for c in text))):
        return False
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def string_shape(text: str) -> str | None:
    """Classify a string literal: url, host, path (operational), vendor, or None.

    ``vendor`` marks public http(s) endpoints and documentation links: not the service's
    own backends, so not counted as operational constants.
    """
    if not text or len(text) > 300 or any(c in text for c in " {}%<>\n\t"):
        return None
    if "://" in text:
        return _url_shape(text)
    if _HOST_PORT.match(text) or _is_ip_address(text):
        return "host"
    if _DATA_PATH.match(text):
        return "path"
    return None
