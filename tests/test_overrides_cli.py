"""Command-line sources: click, typer, argparse, configargparse, tornado.options."""

from __future__ import annotations

from pathlib import Path

from tests.overrides_support import cli_keys, env_names, knobs, measurement, scan_tree

CLICK = '''
import click


@click.group(context_settings={"auto_envvar_prefix": "SHOP"})
@click.option("--verbose/--quiet", default=False)
def cli(verbose):
    pass


@cli.command()
@click.option("--port", "-p", default=8000, envvar="PORT", show_envvar=True)
@click.option("--bind-host", default="127.0.0.1")
@click.argument("target")
def serve(port, bind_host, target):
    pass


@cli.command("sync-all")
@click.option("--batch-size", default=100)
@click.option("--token", envvar=["SHOP_TOKEN", "TOKEN"], required=True)
def sync(batch_size, token):
    pass


@click.command()
@click.option("--dry-run", is_flag=True)
def standalone(dry_run):
    pass
'''


def test_click_envvar_and_auto_prefix(tmp_path: Path) -> None:
    out = scan_tree(tmp_path, {"shop/cli.py": CLICK})
    assert cli_keys(out) == {"--verbose", "--port", "--bind-host", "--batch-size", "--token",
                             "--dry-run"}
    assert env_names(out) == {"SHOP_VERBOSE", "PORT", "SHOP_SERVE_BIND_HOST",
                              "SHOP_SYNC_ALL_BATCH_SIZE", "SHOP_TOKEN", "TOKEN"}
    assert "show_envvar" in measurement(out, "override_sources").note
    # Option defaults are overridable operational constants.
    assert {(k["label"], k["status"]) for k in knobs(out)} >= {
        ("port", "overridable"), ("bind-host", "overridable"), ("batch-size", "overridable")}


def test_click_prefix_given_when_called(tmp_path: Path) -> None:
    source = CLICK.replace('context_settings={"auto_envvar_prefix": "SHOP"}', "") + (
        '\nif __name__ == "__main__":\n    cli(auto_envvar_prefix="CLI")\n')
    out = scan_tree(tmp_path, {"shop/cli.py": source})
    assert env_names(out) == {"CLI_VERBOSE", "PORT", "CLI_SERVE_BIND_HOST",
                              "CLI_SYNC_ALL_BATCH_SIZE", "SHOP_TOKEN", "TOKEN"}


TYPER = '''
from typing import Annotated

import typer

app = typer.Typer()


@app.command()
def serve(
    config: Annotated[str, typer.Argument(envvar="SHOP_CONFIG_PATH")],
    port: int = typer.Option(8000, "--port", "-p", envvar="SHOP_PORT"),
    workers: Annotated[int, typer.Option(envvar=["SHOP_WORKERS", "WEB_CONCURRENCY"])] = 2,
    log_level: str = "info",
    reload: bool = typer.Option(False, "--reload/--no-reload"),
):
    pass


def main(name: str, timeout: float = typer.Option(5.0, envvar="MAIN_TIMEOUT")):
    pass


if __name__ == "__main__":
    typer.run(main)
'''


def test_typer_options_and_envvars(tmp_path: Path) -> None:
    out = scan_tree(tmp_path, {"shop/cli.py": TYPER})
    assert cli_keys(out) == {"--port", "--workers", "--log-level", "--reload", "--timeout"}
    assert env_names(out) == {"SHOP_CONFIG_PATH", "SHOP_PORT", "SHOP_WORKERS",
                              "WEB_CONCURRENCY", "MAIN_TIMEOUT"}


ARGPARSE = '''
import argparse
import os


def parse(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("input")
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--db-url", default=os.getenv("DATABASE_URL", "sqlite:///shop.db"))
    parser.add_argument("-j", type=int, default=4, required=False)
    group = parser.add_argument_group("output")
    group.add_argument("--out-dir", default="/var/lib/shop")
    return parser.parse_args(argv)
'''


def test_argparse_options_and_env_defaults(tmp_path: Path) -> None:
    out = scan_tree(tmp_path, {"shop/main.py": ARGPARSE})
    assert cli_keys(out) == {"--verbose", "--timeout", "--db-url", "-j", "--out-dir"}
    assert env_names(out) == {"DATABASE_URL"}
    statuses = {k["label"]: k["status"] for k in knobs(out)}
    assert statuses["timeout"] == "overridable"
    assert statuses["out-dir"] == "overridable"


CONFIGARGPARSE = '''
import configargparse

parser = configargparse.ArgParser(default_config_files=["/etc/shop/conf.d/*.conf"],
                                  auto_env_var_prefix="SHOP_")
parser.add_argument("-c", "--config", is_config_file=True)
parser.add_argument("--db-host", env_var="DB_HOST", default="localhost")
parser.add_argument("--pool-size", type=int, default=5)
'''


def test_configargparse(tmp_path: Path) -> None:
    out = scan_tree(tmp_path, {"shop/options.py": CONFIGARGPARSE})
    assert cli_keys(out) == {"--db-host", "--pool-size"}
    assert env_names(out) == {"DB_HOST", "SHOP_POOL_SIZE"}
    assert set(out.details["config_files"]) == {"/etc/shop/conf.d/*.conf", "--config"}


def test_tornado_define(tmp_path: Path) -> None:
    source = '''
from tornado.options import define, options, parse_command_line

define("port", default=8888, help="listen port", type=int)
define("debug", default=False)
options.parse_config_file("/etc/shop/server.conf")
'''
    out = scan_tree(tmp_path, {"shop/server.py": source})
    assert cli_keys(out) == {"--port", "--debug"}
    assert "/etc/shop/server.conf" in out.details["config_files"]
