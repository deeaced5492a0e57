"""Settings libraries: pydantic-settings, dynaconf, decouple, django-environ, environ-config,
Flask. For each, the env keys found equal the planted set exactly."""

from __future__ import annotations

from pathlib import Path

from tests.overrides_support import env_names, required_env, scan_tree

PYDANTIC_BASE = '''
from pydantic import BaseModel, Field, AliasChoices
from pydantic_settings import BaseSettings, SettingsConfigDict


class Database(BaseModel):
    host: str = "localhost"
    port: int = 5432
    password: str


class ProjectSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SHOP_", env_file=".env",
                                      env_nested_delimiter="__")

    debug: bool = False
'''

PYDANTIC_APP = '''
from typing import ClassVar
from pydantic import Field, PrivateAttr, computed_field, AliasChoices
from .base import ProjectSettings, Database


class Settings(ProjectSettings):
    api_key: str
    timeout_seconds: float = Field(30.0, description="upstream timeout")
    redis_url: str = Field(default="redis://localhost:6379/0",
                           validation_alias=AliasChoices("REDIS_URL", "CACHE_URL"))
    sentry_dsn: str | None = Field(None, alias="SENTRY_DSN")
    db: Database
    VERSION: ClassVar[str] = "1.0"
    _cache: dict = PrivateAttr(default_factory=dict)

    @computed_field
    @property
    def is_prod(self) -> bool:
        return not self.debug


settings = Settings()
'''

PYDANTIC_V1 = '''
from pydantic import BaseSettings, Field


class LegacySettings(BaseSettings):
    queue_name: str = "jobs"
    broker: str = Field(..., env="BROKER_URL")

    class Config:
        env_prefix = "LEGACY_"
'''


def test_pydantic_settings_across_modules(tmp_path: Path) -> None:
    out = scan_tree(tmp_path, {"shop/__init__.py": "", "shop/base.py": PYDANTIC_BASE,
                               "shop/settings.py": PYDANTIC_APP, "shop/legacy.py": PYDANTIC_V1})
    assert env_names(out) == {
        "SHOP_DEBUG", "SHOP_API_KEY", "SHOP_TIMEOUT_SECONDS", "REDIS_URL", "CACHE_URL",
        "SENTRY_DSN", "SHOP_DB__HOST", "SHOP_DB__PORT", "SHOP_DB__PASSWORD",
        "LEGACY_QUEUE_NAME", "BROKER_URL",
    }
    assert required_env(out) == {"SHOP_API_KEY", "SHOP_DB__PASSWORD", "BROKER_URL"}
    assert ".env" in out.details["config_files"]
    assert set(out.details["settings_classes"]) == {
        "shop.base.ProjectSettings", "shop.settings.Settings", "shop.legacy.LegacySettings"}
    assert out.details["sources"]["settings class"] == 11


def test_a_plain_model_is_not_settings(tmp_path: Path) -> None:
    source = "from pydantic import BaseModel\n\nclass Payload(BaseModel):\n    user_id: int\n"
    out = scan_tree(tmp_path, {"api/models.py": source})
    assert env_names(out) == set()


DYNACONF = '''
from dynaconf import Dynaconf

settings = Dynaconf(
    envvar_prefix="SHOP",
    settings_files=["settings.toml", "conf/extra.yaml", ".secrets.toml"],
    environments=True,
)
'''

SETTINGS_TOML = '''
[default]
name = "shop"
page_size = 20

[default.database]
host = "localhost"
port = 5432

[production]
name = "shop-prod"
'''


def test_dynaconf_keys_from_its_settings_files(tmp_path: Path) -> None:
    out = scan_tree(tmp_path, {"shop/config.py": DYNACONF,
                               "shop/settings.toml": SETTINGS_TOML,
                               "conf/extra.yaml": "cache:\n  ttl: 60\nfeature_x: true\n"})
    assert env_names(out) == {"SHOP_NAME", "SHOP_PAGE_SIZE", "SHOP_DATABASE__HOST",
                              "SHOP_DATABASE__PORT", "SHOP_CACHE__TTL", "SHOP_FEATURE_X"}
    assert set(out.details["config_files"]) == {"settings.toml", "conf/extra.yaml",
                                                ".secrets.toml"}


def test_dynaconf_invalid_settings_file_is_a_problem(tmp_path: Path) -> None:
    out = scan_tree(tmp_path, {"shop/config.py": DYNACONF,
                               "shop/settings.toml": "[default\nname = 1\n",
                               "conf/extra.yaml": "a: [unclosed\n  - {{ .Values.x }}\n"})
    assert env_names(out) == set()
    reasons = {p.path: p.message for p in out.problems}
    assert reasons["shop/settings.toml"].startswith("dynaconf settings file not valid")
    assert reasons["conf/extra.yaml"].startswith("dynaconf settings file not valid")


DECOUPLE = '''
from decouple import config, Csv, AutoConfig

SECRET_KEY = config("SECRET_KEY")
DEBUG = config("DEBUG", default=False, cast=bool)
ALLOWED_HOSTS = config("ALLOWED_HOSTS", cast=Csv(), default="localhost")
other = AutoConfig(search_path="/etc/shop")
EMAIL_HOST = other("EMAIL_HOST", default="smtp.local")
'''


def test_decouple(tmp_path: Path) -> None:
    out = scan_tree(tmp_path, {"site/settings.py": DECOUPLE})
    assert env_names(out) == {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "EMAIL_HOST"}
    assert required_env(out) == {"SECRET_KEY"}
    assert "settings.ini or .env" in out.details["config_files"]


DJANGO_ENVIRON = '''
import environ

reader = environ.Env(
    DEBUG=(bool, False),
    CACHE_TIMEOUT=(int, 300),
)
environ.Env.read_env(".env")

DEBUG = reader("DEBUG")
SECRET_KEY = reader.str("SECRET_KEY")
DATABASES = {"default": reader.db()}
CACHES = {"default": reader.cache_url(default="locmem://")}
TIMEOUT = reader.int("CACHE_TIMEOUT")
HOSTS = reader.list("ALLOWED_HOSTS", default=[])
EMAIL = reader.email_url("SMTP_URL", default="consolemail://")
'''


def test_django_environ_instance_found_by_its_import(tmp_path: Path) -> None:
    out = scan_tree(tmp_path, {"site/settings.py": DJANGO_ENVIRON})
    assert env_names(out) == {"DEBUG", "SECRET_KEY", "DATABASE_URL", "CACHE_URL",
                              "CACHE_TIMEOUT", "ALLOWED_HOSTS", "SMTP_URL"}
    assert required_env(out) == {"SECRET_KEY", "DATABASE_URL"}
    assert ".env" in out.details["config_files"]


def test_a_variable_named_env_that_is_not_django_environ(tmp_path: Path) -> None:
    source = 'env = {"A": 1}\nvalue = env.get("NOT_ENV")\n\ndef f(env):\n    return env("X_Y")\n'
    out = scan_tree(tmp_path, {"app/x.py": source})
    assert env_names(out) == set()


ENVIRON_CONFIG = '''
import environ


@environ.config(prefix="SHOP")
class AppConfig:
    @environ.config
    class DB:
        host = environ.var("localhost")
        password = environ.var()

    debug = environ.bool_var(False)
    lang = environ.var(name="LANG_OVERRIDE", default="en")
    db = environ.group(DB)


cfg = environ.to_config(AppConfig)
'''


def test_environ_config(tmp_path: Path) -> None:
    out = scan_tree(tmp_path, {"shop/cfg.py": ENVIRON_CONFIG})
    assert env_names(out) == {"SHOP_DEBUG", "LANG_OVERRIDE", "SHOP_DB_HOST",
                              "SHOP_DB_PASSWORD"}
    assert required_env(out) == {"SHOP_DB_PASSWORD"}


FLASK_FACTORY = '''
from flask import Flask


def create_app():
    app = Flask(__name__)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_envvar("SHOP_SETTINGS", silent=True)
    app.config.from_prefixed_env(prefix="SHOP")
    return app
'''

FLASK_VIEWS = '''
from flask import current_app


def page_size():
    return current_app.config["PAGE_SIZE"], current_app.config.get("MAX_ITEMS", 10)
'''


def test_flask_config_loaders(tmp_path: Path) -> None:
    out = scan_tree(tmp_path, {"shop/__init__.py": FLASK_FACTORY, "shop/views.py": FLASK_VIEWS})
    assert env_names(out) == {"SHOP_SETTINGS", "SHOP_PAGE_SIZE", "SHOP_MAX_ITEMS"}
    assert set(out.details["config_files"]) == {"config.py", "$SHOP_SETTINGS"}
    assert out.details["kind"] == "service"


def test_config_file_loaders(tmp_path: Path) -> None:
    source = '''
import configparser
import json
import os
import tomllib
import yaml

parser = configparser.ConfigParser()
parser.read(["/etc/shop/shop.ini", os.path.expanduser("~/.shop.ini")])

with open(os.environ.get("SHOP_CONFIG", "config.yaml")) as handle:
    settings = yaml.safe_load(handle)

with open("pyproject.toml", "rb") as fh:
    project = tomllib.load(fh)

with open("data/products.json") as fh:
    products = json.load(fh)


def load(args):
    return json.load(open(args.settings_file))
'''
    out = scan_tree(tmp_path, {"shop/conf.py": source})
    assert set(out.details["config_files"]) == {"/etc/shop/shop.ini", "~/.shop.ini",
                                                "$SHOP_CONFIG", "--settings-file"}
    assert env_names(out) == {"SHOP_CONFIG"}
