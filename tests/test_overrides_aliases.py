"""Option aliases: an env name a prefix rule derives from an option is documented by the option.

``--oauth2-key`` (or ``oauth2_key`` in code or a table) documents ``APP_OAUTH2_KEY`` when the
code derives env names from options with the prefix ``APP_``; a documented
``APP_OAUTH2_KEY`` is read when the code maps ``APP_*`` onto its options.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.overrides_support import measurement, scan_tree

CLICK = '''import click


@click.command(context_settings={"auto_envvar_prefix": "%s"})
@click.option("--oauth2-key")
@click.option("--listen-port", default=8080)
def main(oauth2_key, listen_port):
    """Run."""
'''
SETTINGS = '''from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="%s_")
    oauth2_key: str
    listen_port: int = 8080
'''
TORNADO = '''import os
from tornado.options import define, options

define("oauth2_key", default="")
define("listen_port", default=8080)


def load(prefix="%s_"):
    for name, value in os.environ.items():
        if name.startswith("%s_"):
            setattr(options, name[len(prefix):].lower(), value)
'''


@pytest.mark.parametrize("code", [CLICK, SETTINGS])
@pytest.mark.parametrize("prefix", ["APP", "MYTOOL"])
@pytest.mark.parametrize("docs", [
    "## Options\n\n* `--oauth2-key`: the key.\n* `--listen-port`: the port.\n",
    "| option | meaning |\n|---|---|\n| `oauth2_key` | the key |\n| `listen_port` | port |\n",
    "Run `app --oauth2-key=K --listen-port 9000`.\n",
])
def test_option_forms_document_their_prefixed_env_names(
        tmp_path: Path, code: str, prefix: str, docs: str) -> None:
    out = scan_tree(tmp_path, {"app/main.py": code % prefix, "README.md": docs})
    coverage = measurement(out, "env_doc_coverage")
    assert coverage.value == 100.0, coverage.findings


def test_a_single_word_in_prose_is_not_an_option_mention(tmp_path: Path) -> None:
    code = CLICK.replace("--oauth2-key", "--key") % "APP"
    out = scan_tree(tmp_path, {"app/main.py": code,
                               "README.md": "The key is secret. Use `--listen-port`.\n"})
    assert {f.symbol for f in measurement(out, "env_doc_coverage").findings} == {"APP_KEY"}


@pytest.mark.parametrize("prefix", ["APP", "SVC"])
def test_documented_env_form_of_an_option_mapped_by_prefix_is_read(
        tmp_path: Path, prefix: str) -> None:
    docs = (f"## Environment variables\n\n| Variable | Meaning |\n|---|---|\n"
            f"| `{prefix}_OAUTH2_KEY` | the key |\n| `{prefix}_LISTEN_PORT` | the port |\n")
    out = scan_tree(tmp_path, {"app/server.py": TORNADO % (prefix, prefix), "README.md": docs})
    assert measurement(out, "stale_documented").value == 0.0
    excused = out.details["excused"]
    assert excused[f"{prefix}_OAUTH2_KEY"] == (
        f"the environment form of option --oauth2_key (prefix rule {prefix}_)")
