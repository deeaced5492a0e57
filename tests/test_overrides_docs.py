"""Documented configuration: coverage, undocumented required, stale docs, defaults stated."""

from __future__ import annotations

from pathlib import Path

from tests.gitrepo import GitRepo
from tests.overrides_support import measurement, run, scan_tree

CODE = '''
import os

DATABASE_URL = os.environ["DATABASE_URL"]
SECRET_KEY = os.environ["SECRET_KEY"]
DEBUG = os.getenv("DEBUG", "0")
LOG_LEVEL = os.getenv("LOG_LEVEL", "INFO")
CACHE_TTL = int(os.getenv("CACHE_TTL", "300"))
WORKERS = int(os.getenv("WORKERS", "2"))
'''

README = '''# Shop

Run it with `DATABASE_URL` set. In DEBUG mode the logs are noisy.

## Configuration

| Variable | Default | Meaning |
|----------|---------|---------|
| `LOG_LEVEL` | `INFO` | log verbosity |
| `OLD_SETTING` | | removed long ago |
| `CACHE_TTL` | | cache lifetime |

Set the `HTTP_PROXY` environment variable to use a proxy.
Queries use ``SELECT`` and ``WHERE_CLAUSE`` builders.
'''

DOCS_PAGE = '''Deployment
==========

Export ``WORKERS`` (default: 2) before starting::

    export WORKERS=4
    export PYPI_TOKEN=...   # only for releasing
'''

ENV_EXAMPLE = "# copy to .env\nSECRET_KEY=change-me\nDEBUG=1\nLEGACY_FLAG=1\n"

COMPOSE = '''services:
  web:
    build: .
    environment:
      - DATABASE_URL=postgres://shop@db/shop
      - UNUSED_IN_CODE=1
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: shop
      POSTGRES_DB: shop
'''

WORKFLOW = '''on: push
jobs:
  release:
    steps:
      - run: twine upload dist/*
        env:
          PYPI_TOKEN: ${{ secrets.PYPI_TOKEN }}
'''


def _files() -> dict[str, str]:
    return {"shop/settings.py": CODE, "README.md": README, "docs/deploy.rst": DOCS_PAGE,
            ".env.example": ENV_EXAMPLE, "docker-compose.yml": COMPOSE,
            ".github/workflows/release.yml": WORKFLOW}


def test_coverage_required_defaults_and_stale(tmp_path: Path) -> None:
    out = scan_tree(tmp_path, _files())
    coverage = measurement(out, "env_doc_coverage")
    # Documented: DATABASE_URL (README), SECRET_KEY and DEBUG (.env.example), LOG_LEVEL and
    # CACHE_TTL (table), WORKERS (docs). DEBUG in prose alone would not count.
    assert coverage.value == 100.0
    assert "6 of 6 env variables documented" in coverage.note
    assert measurement(out, "undocumented_required").value == 0.0
    defaults = measurement(out, "defaults_documented")
    # Names with a default in code: DEBUG, LOG_LEVEL, CACHE_TTL, WORKERS; stated: LOG_LEVEL
    # (Default column) and WORKERS ("default: 2").
    assert defaults.value == 50.0
    assert {f.symbol for f in defaults.findings} == {"DEBUG", "CACHE_TTL"}
    stale = measurement(out, "stale_documented")
    assert {f.symbol for f in stale.findings} == {"OLD_SETTING", "LEGACY_FLAG",
                                                  "UNUSED_IN_CODE"}
    excused = out.details["excused"]
    assert excused["HTTP_PROXY"].startswith("read by proxy settings")
    assert excused["POSTGRES_PASSWORD"] == ("consumed by the postgres image (catalogue: "
                                            "https://hub.docker.com/_/postgres)")
    assert excused["PYPI_TOKEN"] == "used by CI only"


def test_single_word_names_need_code_or_table_context(tmp_path: Path) -> None:
    files = {"app/main.py": 'import os\nDEBUG = os.getenv("DEBUG")\nPORT = os.getenv("PORT")\n',
             "README.md": "Logs at DEBUG level. Listens on `PORT`.\n"}
    out = scan_tree(tmp_path, files)
    coverage = measurement(out, "env_doc_coverage")
    assert coverage.value == 50.0
    assert [f.symbol for f in coverage.findings] == ["DEBUG"]
    assert coverage.findings[0].location.path == "app/main.py"


def test_undocumented_required_findings(tmp_path: Path) -> None:
    files = {"app/main.py": 'import os\nA = os.environ["API_KEY"]\nB = os.getenv("OPT_IN")\n'}
    out = scan_tree(tmp_path, files)
    required = measurement(out, "undocumented_required")
    assert required.value == 1.0
    assert required.findings[0].symbol == "API_KEY"
    assert (required.findings[0].location.path, required.findings[0].location.line) == (
        "app/main.py", 2)
    coverage = measurement(out, "env_doc_coverage")
    assert coverage.value == 0.0
    assert "weighted (required x2) 0.0 %" in coverage.note
    # No documentation names an env var at all: stale is n/a, not zero.
    stale = measurement(out, "stale_documented")
    assert stale.value is None and "no documentation" in stale.note


def test_not_applicable_without_env_reads(tmp_path: Path) -> None:
    out = scan_tree(tmp_path, {"app/main.py": "import os\nHOME = os.environ['HOME']\n",
                               "README.md": "# app\n"})
    coverage = measurement(out, "env_doc_coverage")
    assert coverage.value is None
    assert coverage.note == ("the application reads no environment variables "
                             "(1 system variable ignored)")
    assert measurement(out, "undocumented_required").value is None
    assert measurement(out, "defaults_documented").value is None


def test_templated_and_invalid_deploy_yaml_still_read(tmp_path: Path) -> None:
    deployment = '''apiVersion: apps/v1
kind: Deployment
spec:
  template:
    spec:
      containers:
        - name: web
          image: "{{ .Values.image }}"
          env:
            - name: DATABASE_URL
              valueFrom:
                secretKeyRef:
                  name: shop
                  key: database-url
            - name: STALE_IN_CHART
              value: {{ .Values.stale | quote }}
      {{- if .Values.extra }}
      broken: [
'''
    files = {"app/main.py": 'import os\nURL = os.environ["DATABASE_URL"]\n',
             "deploy/helm/templates/deployment.yaml": deployment,
             "Dockerfile": "FROM python:3.12\nENV APP_HOME=/app PYTHONUNBUFFERED=1\n"
                           "ENV OLD_STYLE value\n"}
    out = scan_tree(tmp_path, files)
    stale = measurement(out, "stale_documented")
    assert {f.symbol for f in stale.findings} == {"STALE_IN_CHART", "APP_HOME", "OLD_STYLE"}
    assert "deploy/helm/templates/deployment.yaml" in out.details["deploy_files"]


def test_committed_env_with_a_real_looking_secret_is_flagged(tmp_path: Path) -> None:
    files = {"app/main.py": 'import os\nK = os.environ["AWS_SECRET"]\nT = os.getenv("GH")\n',
             ".env": "AWS_SECRET=AKIAABCDEFGHIJKLMNOP\nGH=changeme\n"}
    out = scan_tree(tmp_path, files)
    flagged = out.details["committed_env_values_that_look_secret"]
    assert flagged == [{"path": ".env", "line": 1, "name": "AWS_SECRET"}]


def test_stale_name_reports_the_commit_that_removed_its_read(git_repo: GitRepo) -> None:
    git_repo.commit({"app/main.py": 'import os\nA = os.getenv("KEEP_ME")\n'
                                    'B = os.getenv("GONE_SETTING")\n',
                     "README.md": "Set `KEEP_ME` and `GONE_SETTING` (env variables).\n"},
                    message="first", date="2025-01-01T00:00:00+00:00")
    sha = git_repo.commit({"app/main.py": 'import os\nA = os.getenv("KEEP_ME")\n'},
                          message="drop the gone setting", date="2025-02-01T00:00:00+00:00")
    out = run(git_repo.root)
    stale = measurement(out, "stale_documented")
    assert stale.value == 1.0
    finding = stale.findings[0]
    assert finding.symbol == "GONE_SETTING"
    assert sha[:12] in finding.message and "drop the gone setting" in finding.message
    assert out.details["removals"][0]["date"] == "2025-02-01"


def test_stale_excuses_for_scripts_changelogs_containers_and_code(tmp_path: Path) -> None:
    code = '''
import os
import subprocess

DB = os.environ.get("DATABASE_URL")
TASKS = [{"env_key": "APP_NIGHTLY_CRON"}]
schedules = {t["env_key"]: os.getenv(t["env_key"]) for t in TASKS}


def run_hook(path):
    env = {"HOOK_DOCUMENT_ID": "1"}
    subprocess.run([path], env=env)
'''
    readme = '''# App

## Environment variables

`DATABASE_URL`, `DATABASE_URL_FILE`, `APP_NIGHTLY_CRON`,
`HOOK_DOCUMENT_ID`, `UWSGI_PROCESSES`, `GONE_FOR_REAL`.

```bash
PING_KEY=abc
curl https://example.com/$PING_KEY
```

Run the database with `docker run -e ORACLE_PASSWORD=x -e APP_USER=scott oracle-free`.
'''
    out = scan_tree(tmp_path, {
        "app/main.py": code, "README.md": readme,
        "CHANGES.md": "Removed the `OLD_TOGGLE` environment variable.\n",
        "docker/entrypoint.sh": 'exec gunicorn --workers "$GUNICORN_WORKERS_OVERRIDE"\n',
        "docs/run.md": "Set the `GUNICORN_WORKERS_OVERRIDE` environment variable.\n",
    })
    stale = measurement(out, "stale_documented")
    assert {f.symbol for f in stale.findings} == {"GONE_FOR_REAL"}
    excused = out.details["excused"]
    assert excused["DATABASE_URL_FILE"].startswith("the _FILE variant")
    assert excused["APP_NIGHTLY_CRON"].startswith("still named in code (app/main.py)")
    assert excused["HOOK_DOCUMENT_ID"].startswith("still named in code")
    assert excused["UWSGI_PROCESSES"].startswith(
        "read by uWSGI (options from env) (catalogue: ")
    assert excused["ORACLE_PASSWORD"] == "passed to a container (docker run -e)"
    assert excused["GUNICORN_WORKERS_OVERRIDE"] == "used by docker/entrypoint.sh"
    assert "PING_KEY" not in excused and "OLD_TOGGLE" not in excused


def test_default_stated_further_down_a_heading_section(tmp_path: Path) -> None:
    docs = '''# Configuration

#### `SHOP_DB_PORT=<port>`

: Port of the database server.

    Defaults to `5432`.

#### `SHOP_DB_HOST=<host>`

: Host of the database server. Required.
'''
    code = ('import os\nPORT = os.getenv("SHOP_DB_PORT", "5432")\n'
            'HOST = os.getenv("SHOP_DB_HOST", "db")\n')
    out = scan_tree(tmp_path, {"shop/settings.py": code, "docs/configuration.md": docs})
    defaults = measurement(out, "defaults_documented")
    assert defaults.value == 50.0
    assert [f.symbol for f in defaults.findings] == ["SHOP_DB_HOST"]


def test_names_a_prefix_filter_keeps_are_not_stale(tmp_path: Path) -> None:
    # The configuration loader keeps every MYAPP_* variable without naming one: the names
    # the docs list under that prefix are read, only GONE_FOR_REAL is stale.
    code = '''
import os

ENV_PREFIX = "MYAPP_"


def settings(environ=os.environ):
    return {name[len(ENV_PREFIX):].lower(): value for name, value in environ.items()
            if name.startswith(ENV_PREFIX)}


def is_header(name):
    return name.startswith(("HTTP_", "x-"))
'''
    readme = '''# App

## Environment variables

`MYAPP_INCLUDE`, `MYAPP_EXCLUDE`, `HTTP_PROXY_MODE`, `GONE_FOR_REAL`, `MYAPPX_OTHER`.
'''
    out = scan_tree(tmp_path, {"app/config.py": code, "README.md": readme})
    stale = measurement(out, "stale_documented")
    assert {f.symbol for f in stale.findings} == {"GONE_FOR_REAL", "MYAPPX_OTHER"}
    excused = out.details["excused"]
    assert excused["MYAPP_INCLUDE"] == ('read through a name-prefix filter '
                                        '(startswith("MYAPP_") at app/config.py:9)')
    assert excused["HTTP_PROXY_MODE"].endswith('(startswith("HTTP_") at app/config.py:13)')


def test_names_a_compose_file_interpolates_are_not_stale(git_repo: GitRepo) -> None:
    # docker compose reads ${TAG} and $WEB_PORT itself, from the .env file beside it; $$SHELL_ONLY
    # is an escaped dollar the container's shell sees, so compose reads no such name.
    compose = ('services:\n  web:\n    build: .\n    image: "shop:${TAG:-latest}"\n'
               '    ports:\n      - "$WEB_PORT:8000"\n'
               '    command: sh -c "echo $$SHELL_ONLY"\n')
    git_repo.commit({"shop/main.py": 'import os\nDB = os.environ["DATABASE_URL"]\n',
                     "compose.yaml": compose,
                     ".env": "DATABASE_URL=postgres://db\nTAG=1.2\nWEB_PORT=8000\n"
                             "SHELL_ONLY=1\n"})
    out = run(git_repo.root)
    stale = measurement(out, "stale_documented")
    assert {f.symbol for f in stale.findings} == {"SHELL_ONLY"}
    assert out.details["excused"]["TAG"] == "used by compose.yaml"
    assert out.details["excused"]["WEB_PORT"] == "used by compose.yaml"


def test_an_image_named_readme_is_no_documentation(tmp_path: Path) -> None:
    """A theme's images/readme.png is read as nothing; README files of text formats are."""
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
    output = scan_tree(tmp_path, {"app.py": CODE, "docs/images/readme.png": png,
                                  "README.org": "* Shop\nSet =DATABASE_URL= in `DATABASE_URL`.\n"})
    assert [p for p in output.problems if "readme.png" in (p.path or "")] == []
    assert output.details["doc_files"] == 1


def test_names_a_shell_expansion_or_get_env_reads_are_not_stale(tmp_path: Path) -> None:
    # A Dockerfile's ENTRYPOINT reads ${USERS:-10} and $RATE (single words); Terragrunt
    # reads get_env("TG_BUCKET_PREFIX"). A name nothing reads stays stale.
    out = scan_tree(tmp_path, {
        "app/main.py": "import os\nURL = os.environ['APP_URL']\n",
        "loadgen/Dockerfile": 'FROM python:3.12\nENTRYPOINT locust -u "${USERS:-10}" '
                              '-r "$RATE"\n',
        "live/root.hcl": 'locals {\n  prefix = get_env("TG_BUCKET_PREFIX", "")\n}\n',
        ".env.example": "APP_URL=x\nUSERS=5\nRATE=2\nTG_BUCKET_PREFIX=p\nGONE=1\n",
    })
    stale = measurement(out, "stale_documented")
    assert {f.symbol for f in stale.findings} == {"GONE"}
    excused = out.details["excused"]
    assert excused["USERS"] == excused["RATE"] == "used by loadgen/Dockerfile"
    assert excused["TG_BUCKET_PREFIX"] == "used by live/root.hcl"


def test_a_wsgi_snippets_request_keys_are_not_documented_variables(tmp_path: Path) -> None:
    # Flask's docs show middleware reading the request from a WSGI environ: those keys are
    # the request's (PEP 3333), not the process environment. os.environ stays a read.
    guide = ("# Method overrides\n\n```python\ndef __call__(self, environ, start_response):\n"
             "    method = environ.get('HTTP_X_HTTP_METHOD_OVERRIDE', '').upper()\n"
             "    environ['REQUEST_METHOD'] = method\n"
             "    length = environ.get('CONTENT_LENGTH')\n"
             "    url = os.environ.get('GONE_URL')\n```\n")
    out = scan_tree(tmp_path, {"app/main.py": "import os\nURL = os.environ['APP_URL']\n",
                               "docs/patterns/methodoverrides.md": guide,
                               ".env.example": "APP_URL=x\n"})
    stale = measurement(out, "stale_documented")
    assert {f.symbol for f in stale.findings} == {"GONE_URL"}


def test_a_frameworks_run_mode_and_envtests_variables_need_no_docs_of_their_own(
        tmp_path: Path) -> None:
    # NODE_ENV is the framework's (set by its tooling); envtest's variables are
    # controller-runtime's, documented in the kubebuilder book.
    out = scan_tree(tmp_path, {
        "server/index.js": "const prod = process.env.NODE_ENV === 'production';\n"
                           "const url = process.env.APP_URL;\n",
        "docs/testing.md": "# Tests\n\nSet the environment variable `KUBEBUILDER_ASSETS` "
                           "and `USE_EXISTING_CLUSTER=true`.\n\nThe env var `APP_URL` too.\n"})
    assert out.details["system_env"] == ["NODE_ENV"]
    stale = measurement(out, "stale_documented")
    assert not stale.findings


def test_names_tools_read_for_snippets_are_not_stale(tmp_path: Path) -> None:
    # jsonnet reads JSONNET_PATH; Argo CD gives plugins ARGOCD_APP_NAME; Vite exposes VITE_*.
    out = scan_tree(tmp_path, {
        "app/main.py": "import os\nURL = os.environ['APP_URL']\n",
        "docs/usage.md": "# Usage\n\n```sh\nexport JSONNET_PATH=vendor\n"
                         "echo $ARGOCD_APP_NAME\n```\n",
        "ui/.env.docker": "VITE_APP_BASE_URL=/api\n",
        ".env.example": "APP_URL=x\nGONE=1\n"})
    stale = measurement(out, "stale_documented")
    assert {f.symbol for f in stale.findings} == {"GONE"}


def test_env_checks_are_na_where_the_code_that_reads_env_is_not_read(tmp_path: Path) -> None:
    # hexpm: Elixir reads HEXPM_GEOIP_COUNTRY_PATH in config/runtime.exs; scorecard does not
    # read Elixir, so "documented but no code reads it" would be a guess about unread code.
    out = scan_tree(tmp_path, {
        "lib/hexpm/application.ex": "defmodule Hexpm.Application do\n" + "  # x\n" * 40 + "end\n",
        "config/runtime.exs": 'config :hexpm, geoip: System.get_env("HEXPM_GEOIP_COUNTRY_PATH")\n',
        "scripts/seed.py": "import os\nURL = os.environ['SEED_URL']\n",
        ".env.example": "HEXPM_GEOIP_COUNTRY_PATH=/data/geo\n"})
    stale = measurement(out, "stale_documented")
    assert stale.value is None and "Elixir" in stale.note, stale.note
