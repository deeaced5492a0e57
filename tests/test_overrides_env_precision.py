"""Env reads and env docs read as operators mean them: optional features, values, placeholders."""

from __future__ import annotations

from pathlib import Path

from tests.overrides_support import env_names, measurement, required_env, scan_tree

SETTINGS = '''import os
from os import environ

DEBUG = "DEBUG" in environ.keys()
if "CLOUDFLARE_TOKEN" in os.environ or os.getenv("CLOUDFLARE_BEARER"):
    ZONE = os.environ["CLOUDFLARE_ZONEID"]
if os.getenv("DEPLOY_ENV") == "production":
    SECRET = os.environ["SECRET_KEY"]
RUN = os.environ["GITHUB_RUN_ID"]
'''


def test_optional_features_membership_and_ci_platform_variables(tmp_path: Path) -> None:
    output = scan_tree(tmp_path, {"app/settings.py": SETTINGS})
    # A membership test of the environment's keys reads the name.
    assert "DEBUG" in env_names(output)
    # A read under "is the token set?" belongs to an optional feature; one under a
    # comparison of a value is required of every deploy in that mode.
    assert "CLOUDFLARE_ZONEID" not in required_env(output)
    assert "SECRET_KEY" in required_env(output)
    # What the CI platform sets for its job is not the operator's configuration.
    assert "GITHUB_RUN_ID" not in env_names(output)


README = '''# Shop

## Environment variables

| Variable | Meaning |
| --- | --- |
| `SHOP_TOKEN` | the API token |

Run it with `--config-file=CONFIG_FILE`; environment variables in it are replaced.
Set variables starting with the string `OCI_CLI` for Oracle's CLI.
Use `$(<UPPER_CASE_TOOL_NAME>)` as the variable in your Makefile.

```sh
# environment for production
SHOP_TOKEN=CHANGE_ME_STRONG_SECRET
export LEGACY_SHOP_URL=https://old.example.com
kubectl describe pod $POD_FROM_JOB
```
'''


def test_values_placeholders_prefixes_and_fill_ins_are_not_stale_docs(tmp_path: Path) -> None:
    guide = "# Braintrust\n\n```bash\nexport BRAINTRUST_API_KEY=token\n```\n"
    output = scan_tree(tmp_path, {
        "shop/app.py": "import os\n\nTOKEN = os.environ['SHOP_TOKEN']\n",
        "README.md": README, "docs/integrations/braintrust.md": guide,
        "docs/comparisons/migrate-from-braintrust.md": guide})
    stale = measurement(output, "stale_documented")
    # LEGACY_SHOP_URL is exported and read by nothing: the one stale name. CONFIG_FILE,
    # CHANGE_ME_STRONG_SECRET (values), OCI_CLI (a prefix), UPPER_CASE_TOOL_NAME (a
    # placeholder), POD_FROM_JOB (filled in by the reader) and another product's variable
    # in its integration guide are not.
    assert [f.symbol for f in stale.findings] == ["LEGACY_SHOP_URL"], stale.findings
    assert measurement(output, "env_doc_coverage").value == 100.0


def test_framework_and_image_script_variables_are_not_stale(tmp_path: Path) -> None:
    docs = ("# Deploy\n\nEnvironment variables:\n\n```sh\n"
            "QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://db/heroes\n"
            "MP_MESSAGING_CONNECTOR_SMALLRYE_KAFKA_APICURIO_REGISTRY_URL=http://r\n"
            "MICRONAUT_SERVER_PORT=8080\nJAVA_OPTS_APPEND=-Xmx1g\n```\n")
    output = scan_tree(tmp_path, {"src/main/java/App.java": "class App {}\n",
                                  "docs/deploy.md": docs})
    stale = measurement(output, "stale_documented")
    assert stale.value in (None, 0.0), stale.findings


HELPER_SETTINGS = '''from pydantic_settings import BaseSettings, SettingsConfigDict


def settings_config(env_prefix: str, env_file: str = ".env") -> SettingsConfigDict:
    return SettingsConfigDict(env_prefix=env_prefix, env_file=env_file, extra="ignore")


class DatabaseSettings(BaseSettings):
    model_config = settings_config("DB_")
    pool_size: int = 5


class AppSettings(BaseSettings):
    model_config = settings_config(env_prefix="APP_")
    debug: bool = False
'''


def test_a_settings_config_made_by_a_helper_keeps_each_class_prefix(tmp_path: Path) -> None:
    output = scan_tree(tmp_path, {"app/settings.py": HELPER_SETTINGS})
    assert {"DB_POOL_SIZE", "APP_DEBUG"} <= env_names(output)
    assert not {"POOL_SIZE", "DEBUG"} & env_names(output)


def test_names_a_settings_library_is_given_by_keyword_are_reads(tmp_path: Path) -> None:
    config = ('import os\n\nfrom dataclasses import dataclass\n\n\n@dataclass\nclass ConfigParam:\n'
              '    env_vars: list[str]\n    default: object = None\n\n\n'
              'TOKEN = ConfigParam(env_vars=["LOGFIRE_TOKEN"])\n'
              'SEND = ConfigParam(env_vars=["LOGFIRE_SEND_TO_LOGFIRE", "not an env name"])\n\n\n'
              'def load(param):\n    for name in param.env_vars:\n'
              '        value = os.getenv(name)\n        if value:\n            return value\n')
    output = scan_tree(tmp_path, {"app/config_params.py": config})
    assert {"LOGFIRE_TOKEN", "LOGFIRE_SEND_TO_LOGFIRE"} <= env_names(output)
    assert not {"LOGFIRE_TOKEN"} & required_env(output)


def test_an_unset_default_is_no_default_to_document(tmp_path: Path) -> None:
    code = ('import os\n\nSENTRY_DSN = os.getenv("SHOP_SENTRY_DSN", None)\n'
            'SMTP_HOST = os.environ.get("SHOP_SMTP_HOST", "")\n'
            'PORT = int(os.getenv("SHOP_PORT", "8000"))\n')
    docs = ("# Shop\n\n## Environment variables\n\n- `SHOP_SENTRY_DSN`: where errors go\n"
            "- `SHOP_SMTP_HOST`: the mail relay\n- `SHOP_PORT`: the port\n")
    output = scan_tree(tmp_path, {"shop/settings.py": code, "README.md": docs})
    defaults = measurement(output, "defaults_documented")
    # Only the port has a value to state; "unset" is no default.
    assert [f.symbol for f in defaults.findings] == ["SHOP_PORT"], defaults.findings


def test_names_the_code_writes_for_its_own_processes_are_internal(tmp_path: Path) -> None:
    worker = ('import os\n\n\ndef setup(level):\n'
              '    os.environ.update(WORKER_LOG_LEVEL=level, WORKER_LOG_FILE="")\n'
              '    os.environ["WORKER_CHILD"] = "1"\n'
              '    os.environ.setdefault("APP_SETTINGS", "app.settings")\n\n\n'
              'def child():\n    return (os.environ["WORKER_LOG_LEVEL"], '
              'os.environ["WORKER_CHILD"], os.getenv("APP_SETTINGS"), os.getenv("APP_PORT"))\n')
    operator = ('package k8sutils\n\nfunc env(role string) []corev1.EnvVar {\n'
                '\treturn []corev1.EnvVar{{Name: "SETUP_MODE", Value: role}}\n}\n')
    agent = 'package agent\n\nimport "os"\n\nvar mode = os.Getenv("SETUP_MODE")\n'
    output = scan_tree(tmp_path, {"app/worker.py": worker, "internal/k8sutils/pods.go": operator,
                                  "internal/agent/main.go": agent})
    # A default by setdefault is still the operator's to override.
    assert env_names(output) == {"APP_SETTINGS", "APP_PORT"}
    coverage = measurement(output, "env_doc_coverage")
    assert "3 names the code also writes for its own processes left out" in coverage.note


def test_a_name_an_env_file_builds_another_variable_from_is_not_stale(tmp_path: Path) -> None:
    env = ("POSTGRES_USER=app\nDB_HOST=localhost\nDB_PORT=5432\nDB_SCHEMA=public\n"
           "DATABASE_URL=postgresql://${POSTGRES_USER}@${DB_HOST}:${DB_PORT}/db?schema="
           "${DB_SCHEMA:-public}\nUNUSED_FLAG=1\n")
    output = scan_tree(tmp_path, {"src/db.ts": "export const url = process.env.DATABASE_URL;\n",
                                  ".env.example": env})
    stale = measurement(output, "stale_documented")
    assert [f.symbol for f in stale.findings] == ["UNUSED_FLAG"], stale.findings
