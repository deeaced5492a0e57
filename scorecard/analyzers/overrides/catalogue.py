"""Environment variables the code does not read itself: system, library and container names.

Three lists (spec 4.3, pitfalls P4/P5):

- system and interpreter variables (``PATH``, ``HOME``, ``PYTHON*``, ``DJANGO_SETTINGS_MODULE``,
  ``CI``): dropped from the names the code reads, since nobody documents them per project;
- variables that libraries read on their own (proxies via ``urllib.request.getproxies``,
  requests' CA bundles, OpenSSL, boto3, libpq, Sentry, OpenTelemetry, gunicorn, ...): a doc
  that lists them is not stale;
- variables consumed by other containers of a deployment (the postgres image's
  ``POSTGRES_PASSWORD``, ...): likewise not stale.
"""

from __future__ import annotations

__all__ = ["container_reader", "is_system", "library_reader"]

_SYSTEM_NAMES = frozenset({
    "PATH", "HOME", "PWD", "OLDPWD", "USER", "USERNAME", "LOGNAME", "SHELL", "TZ", "LANG",
    "LANGUAGE", "TERM", "TMPDIR", "TEMP", "TMP", "HOSTNAME", "EDITOR", "VISUAL", "PAGER",
    "DISPLAY", "APPDATA", "LOCALAPPDATA", "USERPROFILE", "SYSTEMROOT", "COMSPEC", "PATHEXT",
    "PROGRAMFILES", "WINDIR", "DJANGO_SETTINGS_MODULE", "CI", "VIRTUAL_ENV", "CONDA_PREFIX",
    "CONDA_DEFAULT_ENV", "NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "SHLVL", "MAIL",
    "SSH_AUTH_SOCK", "SUDO_USER", "GITHUB_ACTIONS", "TRAVIS", "JENKINS_URL", "GITLAB_CI",
    "BUILDKITE", "CIRCLECI", "TF_BUILD", "READTHEDOCS",
})
# KUBERNETES_SERVICE_HOST and friends are set by the platform, not by an operator.
_SYSTEM_PREFIXES = ("PYTHON", "LC_", "XDG_", "PYTEST_", "COV_CORE_", "KUBERNETES_")

# name or prefix (ending in "_" or "*") -> who reads it
_LIBRARY: dict[str, str] = {
    "HTTP_PROXY": "proxy settings (urllib, requests, httpx, curl)",
    "HTTPS_PROXY": "proxy settings (urllib, requests, httpx, curl)",
    "ALL_PROXY": "proxy settings (urllib, requests, httpx, curl)",
    "NO_PROXY": "proxy settings (urllib, requests, httpx, curl)",
    "FTP_PROXY": "proxy settings (urllib, requests, curl)",
    "REQUESTS_CA_BUNDLE": "requests", "CURL_CA_BUNDLE": "requests and curl",
    "SSL_CERT_FILE": "OpenSSL", "SSL_CERT_DIR": "OpenSSL",
    "AWS_": "boto3/botocore", "BOTO_": "boto", "AZURE_": "Azure SDK",
    "GOOGLE_APPLICATION_CREDENTIALS": "google-auth", "GOOGLE_CLOUD_PROJECT": "google-cloud",
    "GCLOUD_PROJECT": "google-cloud",
    "PGHOST": "libpq", "PGHOSTADDR": "libpq", "PGPORT": "libpq", "PGDATABASE": "libpq",
    "PGUSER": "libpq", "PGPASSWORD": "libpq", "PGPASSFILE": "libpq", "PGSERVICE": "libpq",
    "PGSERVICEFILE": "libpq", "PGSSLMODE": "libpq", "PGSSLROOTCERT": "libpq",
    "PGSSLCERT": "libpq", "PGSSLKEY": "libpq", "PGAPPNAME": "libpq",
    "PGCONNECT_TIMEOUT": "libpq", "PGOPTIONS": "libpq", "PGTZ": "libpq",
    "PGCLIENTENCODING": "libpq", "PGTARGETSESSIONATTRS": "libpq",
    "SENTRY_DSN": "sentry-sdk", "SENTRY_ENVIRONMENT": "sentry-sdk",
    "SENTRY_RELEASE": "sentry-sdk", "OTEL_": "OpenTelemetry SDK", "DD_": "ddtrace",
    "NEW_RELIC_": "newrelic", "ELASTIC_APM_": "elastic-apm",
    "GUNICORN_CMD_ARGS": "gunicorn", "WEB_CONCURRENCY": "gunicorn and uvicorn",
    "UVICORN_": "uvicorn", "FLASK_APP": "flask CLI", "FLASK_DEBUG": "flask CLI",
    "FLASK_ENV": "flask CLI", "FLASK_RUN_": "flask CLI", "DJANGO_ALLOW_ASYNC_UNSAFE": "Django",
    "CELERY_BROKER_URL": "Celery (when configured from env)", "KUBECONFIG": "kubernetes client",
    "DOCKER_HOST": "docker SDK", "DOCKER_TLS_VERIFY": "docker SDK",
    "DOCKER_CERT_PATH": "docker SDK", "HF_": "huggingface_hub",
    "HUGGING_FACE_HUB_TOKEN": "huggingface_hub", "TRANSFORMERS_CACHE": "transformers",
    "OPENAI_API_KEY": "openai SDK", "OPENAI_BASE_URL": "openai SDK",
    "ANTHROPIC_API_KEY": "anthropic SDK", "PIP_": "pip", "GIT_": "git",
    "SETTINGS_FILE_FOR_DYNACONF": "dynaconf", "ENV_FOR_DYNACONF": "dynaconf",
    "ENVVAR_PREFIX_FOR_DYNACONF": "dynaconf", "INCLUDES_FOR_DYNACONF": "dynaconf",
    "PYTHONPATH": "the Python interpreter", "PYTHONUNBUFFERED": "the Python interpreter",
    "UWSGI_": "uWSGI (options from env)", "COMPOSE_": "docker compose", "PYCURL_": "pycurl's build",
    "EXIT_STATUS": "systemd", "EXIT_CODE": "systemd", "SERVICE_RESULT": "systemd",
    "MAINPID": "systemd", "INVOCATION_ID": "systemd", "NOTIFY_SOCKET": "systemd",
    "LISTEN_FDS": "systemd", "JOURNAL_STREAM": "systemd", "LDFLAGS": "C compilers",
    "CPPFLAGS": "C compilers", "CFLAGS": "C compilers", "PKG_CONFIG_PATH": "pkg-config",
}
_CONTAINERS: dict[str, str] = {
    "POSTGRES_": "the postgres image", "PGDATA": "the postgres image",
    "MYSQL_": "the mysql image", "MARIADB_": "the mariadb image",
    "MONGO_INITDB_": "the mongo image", "RABBITMQ_": "the rabbitmq image",
    "REDIS_PASSWORD": "the redis image", "ALLOW_EMPTY_PASSWORD": "bitnami images",
    "MINIO_": "the minio image", "ELASTIC_PASSWORD": "the elasticsearch image",
    "KAFKA_": "the kafka image", "ZOOKEEPER_": "the zookeeper image",
    "PGADMIN_": "the pgadmin image", "GF_": "the grafana image", "KEYCLOAK_": "keycloak",
    "KC_": "keycloak", "VIRTUAL_HOST": "nginx-proxy", "LETSENCRYPT_": "acme companion",
    "PUID": "linuxserver images", "PGID": "linuxserver images",
    "DISCOVERY_TYPE": "elasticsearch", "ES_JAVA_OPTS": "elasticsearch",
    "ACCEPT_EULA": "the mssql image", "SA_PASSWORD": "the mssql image",
    "MSSQL_": "the mssql image", "LOCALSTACK_": "localstack", "SERVICES": "localstack",
}


def _lookup(name: str, table: dict[str, str]) -> str | None:
    upper = name.upper()
    found = table.get(upper)
    if found is not None:
        return found
    for key, reader in table.items():
        if key.endswith("_") and upper.startswith(key):
            return reader
    return None


def is_system(name: str) -> bool:
    """Return True for system and interpreter variables, not the project's configuration."""
    upper = name.upper()
    return upper in _SYSTEM_NAMES or upper.startswith(_SYSTEM_PREFIXES)


def library_reader(name: str) -> str | None:
    """Return which library reads ``name`` on its own, if the catalogue knows."""
    return _lookup(name, _LIBRARY)


def container_reader(name: str) -> str | None:
    """Return which container image consumes ``name``, if the catalogue knows."""
    return _lookup(name, _CONTAINERS)
