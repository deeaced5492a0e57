"""Operational constants: detection slots, classification, library vs service, findings."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.overrides_support import knobs, measurement, scan_tree

SERVICE = '''
"""Service entry point; docs at http://localhost:8000/docs are not a constant."""
import os
import time

import redis
import requests
import uvicorn
from fastapi import FastAPI

app = FastAPI()
TIMEOUT = 30
MAX_RETRIES = int(os.getenv("MAX_RETRIES", "3"))
POOL_SIZE = 10
DB_DSN = "postgresql://app:secret@localhost:5432/app"
GITHUB_API = "https://api.github.com/repos"
TOKEN_EXPIRY = 3600
ALGORITHM = "HS256"


def connect(pool_size=POOL_SIZE):
    return pool_size


def fetch(url):
    return requests.get(url, timeout=10)


def poll(host):
    time.sleep(5)
    if host == "127.0.0.1":
        return None
    return redis.Redis(host="cache.internal", port=6379)


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=8000)
'''


def test_service_constants_classified(tmp_path: Path) -> None:
    out = scan_tree(tmp_path, {"svc/main.py": SERVICE})
    assert out.details["kind"] == "service"
    found = {(k["label"], k["value"], k["status"]) for k in knobs(out)}
    assert found == {
        ("TIMEOUT", "30", "hard"),
        ("MAX_RETRIES", "'3'", "overridable"),
        ("POOL_SIZE", "10", "api"),
        ("DB_DSN", "'postgresql://app:secret@localhost:5432/app'", "hard"),
        ("TOKEN_EXPIRY", "3600", "policy"),
        ("requests.get(timeout=)", "10", "hard"),
        ("time.sleep(...)", "5", "hard"),
        ("redis.Redis(host=)", "'cache.internal'", "hard"),
        ("redis.Redis(port=)", "6379", "hard"),
    }  # uvicorn.run(...) under ``if __name__ == "__main__":`` is a developer's fallback
    share = measurement(out, "overridable_constant_share")
    assert share.value == 12.5  # 1 of 8 (policy is listed apart)
    assert "1 of 8 operational constants overridable (service)" in share.note
    first = share.findings[0]
    assert (first.location.path, first.location.line) == ("svc/main.py", 12)
    assert "suggested override: read it from configuration, e.g. env TIMEOUT" in first.message
    api = next(f for f in share.findings if f.symbol == "POOL_SIZE")
    assert "no caller sets from configuration" in api.message


def test_service_parameter_default_counts_when_a_caller_passes_config(tmp_path: Path) -> None:
    client = '''
class Client:
    def __init__(self, base_url, timeout=5.0):
        self.timeout = timeout
'''
    caller = '''
from flask import Flask
from .client import Client
from .settings import settings

app = Flask(__name__)
client = Client(settings.API_URL, timeout=settings.API_TIMEOUT)
'''
    out = scan_tree(tmp_path, {"svc/__init__.py": "", "svc/client.py": client,
                               "svc/app.py": caller})
    assert {(k["label"], k["status"]) for k in knobs(out)} == {("timeout", "overridable")}


LIBRARY = '''
DEFAULT_TIMEOUT = 5.0
_INTERNAL_RETRIES = 3


class Client:
    def __init__(self, timeout=DEFAULT_TIMEOUT, max_retries=2, pool_size=10):
        self.timeout = timeout

    def _retry(self, attempts=4):
        for _ in range(_INTERNAL_RETRIES):
            pass


def helper():
    def inner(interval=1.5):
        return interval
    return inner
'''


def test_library_parameter_defaults_are_overridable(tmp_path: Path) -> None:
    out = scan_tree(tmp_path, {"pyproject.toml": "[project]\nname = 'lib'\n",
                               "lib/__init__.py": "", "lib/client.py": LIBRARY})
    assert out.details["kind"] == "library"
    found = {(k["label"], k["status"]) for k in knobs(out)}
    assert found == {("DEFAULT_TIMEOUT", "api"), ("max_retries", "api"), ("pool_size", "api"),
                     ("_INTERNAL_RETRIES", "hard"), ("attempts", "api"),
                     ("interval", "api")}  # private and nested parameters: callers set them
    share = measurement(out, "overridable_constant_share")
    assert share.value == 83.33
    hard = next(f for f in share.findings if f.symbol == "_INTERNAL_RETRIES")
    assert "accept it as a parameter" in hard.message


def test_kind_option_overrides_the_guess(tmp_path: Path) -> None:
    out = scan_tree(tmp_path, {"pyproject.toml": "[project]\nname = 'lib'\n",
                               "lib/client.py": LIBRARY}, {"kind": "service"})
    assert out.details["kind"] == "service"
    assert measurement(out, "overridable_constant_share").value == 0.0
    bad = scan_tree(tmp_path / "b", {"lib/client.py": LIBRARY}, {"kind": "daemon"})
    assert any("kind='daemon'" in p.message for p in bad.problems)


def test_class_fields_settings_dataclass_and_plain(tmp_path: Path) -> None:
    source = '''
from dataclasses import dataclass
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    request_timeout: float = 30.0
    cache_ttl: int = 600


@dataclass
class PoolConfig:
    pool_size: int = 5


class Worker:
    BATCH_SIZE: int = 500
'''
    out = scan_tree(tmp_path, {"pyproject.toml": "[project]\nname = 'x'\n",
                               "x/conf.py": source})
    found = {(k["label"], k["status"]) for k in knobs(out)}
    assert found == {("request_timeout", "overridable"), ("cache_ttl", "overridable"),
                     ("pool_size", "api"), ("BATCH_SIZE", "hard")}


def test_literal_shapes(tmp_path: Path) -> None:
    source = '''
import logging

BROKERS = ["kafka.internal:9092"]
DATA = "/var/lib/shop/data"
NOTE = "see https://example.com/docs for details"
HELP = "host:port of the cache, e.g. localhost:6379"
VERSION = "1.2.3"
log = logging.getLogger("shop.worker")


def bind():
    return ("10.0.0.5", "https://docs.python.org/3/", "sqlite:///:memory:")
'''
    out = scan_tree(tmp_path, {"shop/net.py": source})
    found = {(k["value"], k["category"]) for k in knobs(out)}
    assert found == {("'kafka.internal:9092'", "host"), ("'/var/lib/shop/data'", "path"),
                     ("'10.0.0.5'", "host"), ("'sqlite:///:memory:'", "url")}


def test_nothing_to_configure_is_not_applicable(tmp_path: Path) -> None:
    out = scan_tree(tmp_path, {"pyproject.toml": "[project]\nname = 'pure'\n",
                               "pure/math.py": "def add(a, b):\n    return a + b\n"})
    share = measurement(out, "overridable_constant_share")
    sources = measurement(out, "override_sources")
    assert share.value is None and "no operational constants" in share.note
    assert sources.value is None and "nothing to configure" in sources.note
    assert measurement(out, "env_doc_coverage").value is None


def test_tests_and_examples_are_not_scanned_for_constants(tmp_path: Path) -> None:
    out = scan_tree(tmp_path, {"tests/test_x.py": "TIMEOUT = 1\n",
                               "examples/demo.py": "PORT = 8080\n",
                               "app/migrations/0001_initial.py": "BATCH_SIZE = 10\n",
                               "app/core.py": "WORKERS = 4\n"})
    assert [k["label"] for k in knobs(out)] == ["WORKERS"]


def test_constant_used_as_a_public_default_in_another_module_is_api(tmp_path: Path) -> None:
    config = '''
class Timeout:
    def __init__(self, timeout):
        self.timeout = timeout


DEFAULT_TIMEOUT_CONFIG = Timeout(timeout=5.0)
DEFAULT_POOL_SIZE = 10
UNUSED_RETRIES = 3
'''
    client = '''
from ._config import DEFAULT_POOL_SIZE, DEFAULT_TIMEOUT_CONFIG


class Client:
    def __init__(self, timeout=DEFAULT_TIMEOUT_CONFIG, pool_size=DEFAULT_POOL_SIZE):
        self.timeout = timeout
'''
    out = scan_tree(tmp_path, {"pyproject.toml": "[project]\nname = 'web'\n",
                               "web/__init__.py": '__all__ = ["Client"]\nfrom ._client import '
                                                  'Client\n',
                               "web/_config.py": config, "web/_client.py": client})
    assert out.details["kind"] == "library"
    found = {(k["label"], k["status"]) for k in knobs(out)}
    assert found == {("DEFAULT_TIMEOUT_CONFIG = Timeout(timeout=)", "api"),
                     ("DEFAULT_POOL_SIZE", "api"), ("UNUSED_RETRIES", "hard")}


def test_wrapper_defaults_are_overridable_constants(tmp_path: Path) -> None:
    helpers = 'import os\n\ndef envint(name, default):\n    return int(os.getenv(name, default))\n'
    settings = 'from .helpers import envint\n\nDB_TIMEOUT = envint("DB_TIMEOUT", "5")\n' \
               'PAGE = envint("PAGE_NUMBER", "1")\n'
    out = scan_tree(tmp_path, {"app/__init__.py": "", "app/helpers.py": helpers,
                               "app/settings.py": settings})
    assert {(k["label"], k["value"], k["status"]) for k in knobs(out)} == {
        ("DB_TIMEOUT", "'5'", "overridable")}


LOGGED = '''
import logging
import os

import structlog

log = logging.getLogger(__name__)
logger = structlog.get_logger()
PORT = int(os.getenv("PORT", "8000"))


def start(app):
    log.info("listening on 0.0.0.0:8000 with a timeout of %s", 30)
    logger.warning("falling back to redis://cache.internal:6379/0")
    logging.debug("retrying against 10.0.0.5", extra={"timeout": 30})
    print("serving on http://0.0.0.0:8000")
    return app


if __name__ == "__main__":
    import uvicorn
    uvicorn.run("svc.main:app", host="0.0.0.0", port=8000, workers=4)
    start(None, timeout=5)
'''


def test_log_text_and_main_fallbacks_are_not_operational_constants(tmp_path: Path) -> None:
    out = scan_tree(tmp_path, {"svc/main.py": LOGGED})
    assert {(k["label"], k["status"]) for k in knobs(out)} == {("PORT", "overridable")}


def test_the_same_literals_outside_logs_and_main_are_constants(tmp_path: Path) -> None:
    source = LOGGED.replace('log.info("listening on 0.0.0.0:8000 with a timeout of %s", 30)',
                            'BIND = "0.0.0.0:8000"').replace(
        'if __name__ == "__main__":', 'def serve():')
    out = scan_tree(tmp_path, {"svc/main.py": source})
    hard = {k["value"] for k in knobs(out, "hard")}
    assert {"'0.0.0.0:8000'", "'0.0.0.0'", "8000", "4"} <= hard


DOCKERFILE = """FROM python:3.12-slim
ENV PORT=8000
EXPOSE 8000
{command}
"""


@pytest.mark.parametrize(("command", "expected"), [
    ('CMD ["gunicorn", "--bind", "0.0.0.0:8000", "--workers", "4", "svc.wsgi"]',
     {("CMD --bind", "0.0.0.0:8000", "hard"), ("CMD --workers", "4", "hard")}),
    ("CMD gunicorn -b 0.0.0.0:8000 -w 4 --timeout=120 svc.wsgi",
     {("CMD -b", "0.0.0.0:8000", "hard"), ("CMD -w", "4", "hard"),
      ("CMD --timeout", "120", "hard")}),
    ('ENTRYPOINT ["uvicorn", "svc.main:app", "--host", "0.0.0.0", "--port", "8080"]',
     {("CMD --host", "0.0.0.0", "hard"), ("CMD --port", "8080", "hard")}),
    ("CMD python manage.py runserver 0.0.0.0:8000",
     {("CMD runserver", "0.0.0.0:8000", "hard")}),
    ("CMD celery -A svc worker \\\n    --concurrency 8",
     {("CMD --concurrency", "8", "hard")}),
    ('CMD gunicorn --bind 0.0.0.0:${PORT} --workers ${WEB_CONCURRENCY:-4} svc.wsgi',
     {("CMD --bind", "0.0.0.0:${PORT}", "overridable"),
      ("CMD --workers", "${WEB_CONCURRENCY:-4}", "overridable")}),
    ('CMD ["./entrypoint.sh"]', set()),
])
def test_dockerfile_start_commands_fix_bind_port_and_workers(
        tmp_path: Path, command: str, expected: set[tuple[str, str, str]]) -> None:
    out = scan_tree(tmp_path, {"svc/__init__.py": "", "Dockerfile": DOCKERFILE.format(
        command=command), "tests/Dockerfile": DOCKERFILE.format(command="CMD app --port 1")})
    found = {(k["label"], k["value"], k["status"]) for k in knobs(out)
             if k["path"] == "Dockerfile"}
    assert found == expected
    assert not any(k["path"].startswith("tests/") for k in knobs(out))
    hard = [f for f in measurement(out, "overridable_constant_share").findings
            if f.location.path == "Dockerfile"]
    assert all(f.location.line == 4 for f in hard)
    assert all("expand an environment variable in the start command" in f.message
               for f in hard)


def test_an_orchestrators_run_configuration_is_overridable(tmp_path: Path) -> None:
    # Dagster's Config is set for each run from the launchpad or a run config file.
    assets = '''from dagster import Config, asset


class StoriesConfig(Config):
    top_stories_limit: int = 10
    request_timeout: int = 30


class _Hidden:
    request_timeout = 30


@asset
def stories(config: StoriesConfig):
    return config.top_stories_limit
'''
    out = scan_tree(tmp_path, {"pipeline/assets.py": assets,
                               "Dockerfile": "FROM python:3.12\nCMD dagster\n"})
    found = {(k["label"], k["status"]) for k in knobs(out)}
    # The private class's attribute stays hard-coded: only the run config is set per run.
    assert found == {("request_timeout", "overridable"), ("top_stories_limit", "overridable"),
                     ("request_timeout", "hard")}, found
