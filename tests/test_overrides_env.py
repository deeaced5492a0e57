"""Process-env reads, wrappers, dynamic keys and star imports: found keys equal planted keys."""

from __future__ import annotations

from pathlib import Path

from tests.overrides_support import env_names, required_env, scan_tree

ENV_SOURCES = '''
import os
from os import environ, getenv
from os import environ as ENV

DEBUG = os.environ.get("APP_DEBUG", "0") == "1"
DATABASE_URL = os.environ["DATABASE_URL"]
LOG_LEVEL = os.getenv("LOG_LEVEL", "INFO")
REGION = getenv("REGION")
WORKERS = int(environ.get("WORKERS", 4))
SENTINEL = ENV["SENTINEL_NAME"]
os.environ.setdefault("APP_MODE", "web")
if "FEATURE_FLAGS" in os.environ:
    FLAGS = os.environ["FEATURE_FLAGS"].split(",")
try:
    TOKEN = os.environ["API_TOKEN"]
except KeyError:
    TOKEN = None
HOME = os.environ["HOME"]  # a system variable: not the project's configuration
os.environ["CHILD_ONLY"] = "1"  # a write, not a read
'''

NOT_PROCESS_ENV = '''
import os

def application(environ, start_response):
    # WSGI environ: request data, not the process environment.
    host = environ.get("HTTP_HOST")
    length = environ["CONTENT_LENGTH"]
    return [host, length]


def transport(request):
    environ = {"SERVER_NAME": "x"}
    name = environ.get("SERVER_NAME")
    encoding = request.environ.get("HTTP_TRANSFER_ENCODING")
    return name, encoding


class Handler:
    def __init__(self, environ):
        self.environ = environ

    def get(self):
        return self.environ.get("REMOTE_ADDR"), self.environ["PATH_INFO"]


def run(cmd):
    import subprocess
    env = os.environ.copy()
    env["EXTRA"] = "1"
    return subprocess.run(cmd, env={**os.environ, "X": "1"})
'''


def test_env_reads_found_exactly(tmp_path: Path) -> None:
    out = scan_tree(tmp_path, {"app/settings.py": ENV_SOURCES})
    assert env_names(out) == {"APP_DEBUG", "DATABASE_URL", "LOG_LEVEL", "REGION", "WORKERS",
                              "SENTINEL_NAME", "APP_MODE", "FEATURE_FLAGS", "API_TOKEN"}
    # Required: [] reads not guarded by `in` or try/except KeyError, with no default anywhere.
    assert required_env(out) == {"DATABASE_URL", "SENTINEL_NAME"}
    assert out.details["system_env"] == ["HOME"]


def test_wsgi_environ_and_local_dicts_are_not_process_env(tmp_path: Path) -> None:
    out = scan_tree(tmp_path, {"app/wsgi_app.py": NOT_PROCESS_ENV})
    assert env_names(out) == set()
    assert out.details["dynamic_reads"] == []  # passing env to a child is not a scan


def test_imported_environ_shadowed_by_a_parameter_is_not_process_env(tmp_path: Path) -> None:
    source = '''
from os import environ

TOP = environ.get("TOP_LEVEL")

def app(environ, start_response):
    return environ.get("HTTP_ACCEPT")

def other():
    environ = {"A": 1}
    return environ.get("LOCAL_KEY")
'''
    out = scan_tree(tmp_path, {"svc/main.py": source})
    assert env_names(out) == {"TOP_LEVEL"}


WRAPPERS = '''
import os


def env(name, default=None):
    return os.environ.get(name, default)


def envbool(name, default="False"):
    return env(name, default).lower() in ("1", "true")


def envint(name, default):
    return int(envbool_raw(name, default))


def envbool_raw(key, default):
    return env(key, default)


def envsecret(name):
    path = os.environ.get(name + "_FILE")
    if path:
        return open(path).read()
    return os.environ[name]


def envlist(name):
    return env(f"{name}_LIST", "").split(",")
'''

SETTINGS_USING_WRAPPERS = '''
from project.envhelpers import envbool, envint, envsecret, envlist
from project import envhelpers

DEBUG = envbool("DEBUG", "False")
PORT = envint("HTTP_PORT", 8000)
SECRET_KEY = envsecret("SECRET_KEY")
ALLOWED = envlist("ALLOWED_HOSTS")
TZ_NAME = envhelpers.env("SITE_TIMEZONE", "UTC")
LABEL = "NOT_AN_ENV_READ"
'''


def test_wrappers_followed_across_modules_with_derived_keys(tmp_path: Path) -> None:
    out = scan_tree(tmp_path, {"project/__init__.py": "",
                               "project/envhelpers.py": WRAPPERS,
                               "project/settings.py": SETTINGS_USING_WRAPPERS})
    assert env_names(out) == {"DEBUG", "HTTP_PORT", "SECRET_KEY", "SECRET_KEY_FILE",
                              "ALLOWED_HOSTS_LIST", "SITE_TIMEZONE"}
    assert {"project.envhelpers.envbool", "project.envhelpers.envint",
            "project.envhelpers.envbool_raw"} <= set(out.details["wrappers"])
    # envsecret reads os.environ[name] with no default: SECRET_KEY is required.
    assert "SECRET_KEY" in required_env(out)


def test_wrapper_in_the_same_module(tmp_path: Path) -> None:
    source = WRAPPERS + '\nDEBUG = envbool("LOCAL_DEBUG")\nVALUE = envsecret("LOCAL_SECRET")\n'
    out = scan_tree(tmp_path, {"app/conf.py": source})
    assert env_names(out) == {"LOCAL_DEBUG", "LOCAL_SECRET", "LOCAL_SECRET_FILE"}


def test_fstring_keys_static_resolved_dynamic_counted(tmp_path: Path) -> None:
    source = '''
import os

PREFIX = "SHOP_"
HOST = os.environ.get(f"{PREFIX}HOST", "localhost")
PORT = os.environ.get(PREFIX + "PORT", "5432")
SERVICES = ["cache", "queue"]
urls = {name: os.environ.get(f"{name.upper()}_URL") for name in SERVICES}
extra = {k: v for k, v in os.environ.items() if k.startswith("SHOP_")}
everything = dict(os.environ)
for key in os.environ:
    pass


class Loader:
    def read(self, name):
        return os.getenv(name)
'''
    out = scan_tree(tmp_path, {"shop/config.py": source})
    assert env_names(out) == {"SHOP_HOST", "SHOP_PORT"}
    dynamic = out.details["dynamic_reads"]
    assert [d["what"] for d in dynamic] == [
        "os.environ with a computed key", "scan of os.environ", "copy of os.environ",
        "iteration over os.environ", "os.getenv with a computed key"]
    assert dynamic[0]["code"].startswith("os.environ.get(f'{name.upper()}_URL')")
    assert all(d["path"] == "shop/config.py" and d["line"] > 0 for d in dynamic)


def test_star_import_of_settings_module(tmp_path: Path) -> None:
    base = '''
import environ
from decouple import config
from .helpers import envbool

env = environ.Env(DEBUG=(bool, False))
DEBUG = env("DEBUG")
'''
    production = '''
from .base import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
SENTRY = config("SENTRY_ORG", default="")
STRICT = envbool("STRICT_MODE")
CACHE = env.cache_url("REDIS_CACHE_URL", default="locmem://")
'''
    helpers = 'import os\n\ndef envbool(name):\n    return os.getenv(name) == "1"\n'
    out = scan_tree(tmp_path, {"site/settings/__init__.py": "",
                               "site/settings/base.py": base,
                               "site/settings/helpers.py": helpers,
                               "site/settings/production.py": production})
    assert env_names(out) == {"DEBUG", "ALLOWED_HOSTS", "SENTRY_ORG", "STRICT_MODE",
                              "REDIS_CACHE_URL"}
    assert required_env(out) == {"ALLOWED_HOSTS"}


def test_ci_and_tooling_reads_are_not_the_apps(tmp_path: Path) -> None:
    out = scan_tree(tmp_path, {
        "app/main.py": 'import os\nURL = os.environ["APP_URL"]\n',
        "setup.py": 'import os\nif os.environ.get("BUILD_NO_EXT"): pass\n',
        ".github/scripts/release.py": 'import os\nTOKEN = os.environ["PYPI_TOKEN"]\n',
        "tests/test_main.py": 'import os\nos.environ["TEST_DB_URL"]\n',
        "examples/demo.py": 'import os\nos.environ["DEMO_KEY"]\n',
    })
    assert env_names(out) == {"APP_URL"}
    assert out.details["ci_or_tooling_env"] == ["BUILD_NO_EXT", "PYPI_TOKEN"]


def test_unparsable_file_is_skipped_and_noted(tmp_path: Path) -> None:
    out = scan_tree(tmp_path, {
        "app/ok.py": 'import os\nA = os.environ["GOOD_NAME"]\n',
        "app/broken.py": 'import os\nB = os.environ["LOST_NAME"\n',
        "app/latin.py": b"# -*- coding: latin-1 -*-\nimport os\nC = os.getenv('CAF\xc9')\n",
    })
    assert env_names(out) == {"GOOD_NAME", "CAF\u00c9"}
    coverage = next(m for m in out.measurements if m.metric == "overrides.env_doc_coverage")
    assert "1 application file did not parse" in coverage.note


def test_reads_guarded_by_an_if_or_a_wrapper_check_are_optional(tmp_path: Path) -> None:
    source = '''
import os


def get_int(key, default=None):
    if key not in os.environ:
        return default
    return int(os.environ[key])


def context(trust_env=True):
    if trust_env and os.environ.get("SSL_CERT_FILE"):
        return os.environ["SSL_CERT_FILE"]
    return os.environ["CA_REQUIRED"]


PORT = get_int("APP_PORT")
'''
    out = scan_tree(tmp_path, {"lib/conf.py": source})
    assert env_names(out) == {"SSL_CERT_FILE", "CA_REQUIRED", "APP_PORT"}
    assert required_env(out) == {"CA_REQUIRED"}


def test_dotenv_files_are_config_file_sources(tmp_path: Path) -> None:
    source = ('from dotenv import load_dotenv\nimport os\n\nload_dotenv()\n'
              'load_dotenv(os.getenv("APP_ENV_FILE", "/etc/app.env"))\n')
    out = scan_tree(tmp_path, {"app/boot.py": source})
    assert set(out.details["config_files"]) == {".env", "$APP_ENV_FILE"}
