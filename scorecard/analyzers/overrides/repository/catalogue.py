"""Environment variables the code does not read itself: system, library and container names.

Three lists:

- system and interpreter variables (``PATH``, ``HOME``, ``PYTHON*``, ``DJANGO_SETTINGS_MODULE``,
  ``CI``): dropped from the names the code reads, since nobody documents them per project;
The library, tool and container lists are data (``env_catalogue.toml`` beside this module),
each entry with the URL where its reader documents the names.

- variables that libraries and tools read on their own (proxies via ``urllib.request.getproxies``,
  requests' CA bundles, OpenSSL, boto3, libpq, Sentry, OpenTelemetry, gunicorn, ...): a doc
  that lists them is not stale;
- variables consumed by other containers of a deployment (the postgres image's
  ``POSTGRES_PASSWORD``, ...): likewise not stale.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

__all__ = ["CATALOGUE_FILE", "Reader", "container_reader", "catalogue_entry", "is_system",
           "library_reader"]

CATALOGUE_FILE = "env_catalogue.toml"

_SYSTEM_NAMES = frozenset({
    "PATH", "HOME", "PWD", "OLDPWD", "USER", "USERNAME", "LOGNAME", "SHELL", "TZ", "LANG",
    "LANGUAGE", "TERM", "TMPDIR", "TEMP", "TMP", "HOSTNAME", "EDITOR", "VISUAL", "PAGER",
    "DISPLAY", "APPDATA", "LOCALAPPDATA", "USERPROFILE", "SYSTEMROOT", "COMSPEC", "PATHEXT",
    "PROGRAMFILES", "WINDIR", "DJANGO_SETTINGS_MODULE", "CI", "VIRTUAL_ENV", "CONDA_PREFIX",
    "CONDA_DEFAULT_ENV", "NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "SHLVL", "MAIL",
    "SSH_AUTH_SOCK", "SUDO_USER", "GITHUB_ACTIONS", "TRAVIS", "JENKINS_URL", "GITLAB_CI",
    "BUILDKITE", "CIRCLECI", "TF_BUILD", "READTHEDOCS",
    # A framework's run mode, documented by the framework and set by its tooling
    # (next build sets NODE_ENV=production): not the project's own configuration.
    "NODE_ENV", "RAILS_ENV", "RACK_ENV",
    # The Go runtime's own settings (https://pkg.go.dev/runtime#hdr-Environment_Variables),
    # and what the Go toolchain sets for the programs it builds and runs (go generate, a
    # tools/ program asking which platform it builds for).
    "GOMAXPROCS", "GOGC", "GOMEMLIMIT", "GODEBUG", "GOTRACEBACK", "GORACE", "GOOS", "GOARCH",
    "GOHOSTOS", "GOHOSTARCH", "GOROOT", "GOPATH", "GOFILE", "GOLINE", "GOPACKAGE",
    # What a CI platform sets for the job it runs, read to label a build or a test run
    # (docs.github.com/actions/reference/variables-reference; Jenkins' env-vars.html).
    "GITHUB_ACTION", "GITHUB_ACTOR", "GITHUB_ACTOR_ID", "GITHUB_API_URL", "GITHUB_BASE_REF",
    "GITHUB_ENV", "GITHUB_EVENT_NAME", "GITHUB_EVENT_PATH", "GITHUB_GRAPHQL_URL",
    "GITHUB_HEAD_REF", "GITHUB_JOB", "GITHUB_OUTPUT", "GITHUB_PATH", "GITHUB_REF",
    "GITHUB_REF_NAME", "GITHUB_REF_TYPE", "GITHUB_REPOSITORY", "GITHUB_REPOSITORY_ID",
    "GITHUB_REPOSITORY_OWNER", "GITHUB_RUN_ATTEMPT", "GITHUB_RUN_ID", "GITHUB_RUN_NUMBER",
    "GITHUB_SERVER_URL", "GITHUB_SHA", "GITHUB_STEP_SUMMARY", "GITHUB_WORKFLOW",
    "GITHUB_WORKFLOW_REF", "GITHUB_WORKFLOW_SHA", "GITHUB_WORKSPACE", "GITHUB_TRIGGERING_ACTOR",
    "BUILD_NUMBER", "BUILD_ID", "BUILD_URL", "BUILD_TAG", "JOB_NAME", "JOB_URL",
    "GIT_COMMIT", "GIT_BRANCH", "GIT_URL", "JENKINS_HOME", "EXECUTOR_NUMBER",
    "TEAMCITY_VERSION", "BUILD_VCS_NUMBER", "BUILD_SOURCEVERSION", "BUILD_SOURCEBRANCH",
    "BUILD_BUILDID", "BUILD_BUILDNUMBER", "BUILD_REPOSITORY_NAME", "SYSTEM_TEAMPROJECT",
})
# KUBERNETES_SERVICE_HOST and friends are set by the platform, not by an operator; so are
# the CI platforms' job variables (GitLab's CI_COMMIT_SHA, CircleCI's CIRCLE_BRANCH, ...).
_SYSTEM_PREFIXES = ("PYTHON", "LC_", "XDG_", "PYTEST_", "COV_CORE_", "KUBERNETES_",
                    "RUNNER_", "CIRCLE_", "BUILDKITE_", "TRAVIS_", "BITBUCKET_", "DRONE_",
                    "APPVEYOR_", "CODEBUILD_", "CI_COMMIT_", "CI_PIPELINE_", "CI_JOB_",
                    "CI_PROJECT_", "CI_MERGE_REQUEST_", "CI_SERVER_", "CI_RUNNER_",
                    "CI_REGISTRY", "CI_DEFAULT_BRANCH", "CI_ENVIRONMENT_", "CI_BUILD_",
                    "CI_API_", "CI_NODE_")



@dataclass(frozen=True)
class Reader:
    """Who reads a catalogued variable on its own, and where that reader documents it."""

    reader: str
    source: str


@dataclass(frozen=True)
class _Table:
    exact: Mapping[str, Reader]
    prefixes: tuple[tuple[str, Reader], ...]  # longest prefix first

    def lookup(self, name: str) -> Reader | None:
        upper = name.upper()
        found = self.exact.get(upper)
        if found is not None:
            return found
        return next((r for prefix, r in self.prefixes if upper.startswith(prefix)), None)


def _table(entries: list[dict[str, Any]]) -> _Table:
    exact: dict[str, Reader] = {}
    prefixes: list[tuple[str, Reader]] = []
    for entry in entries:
        reader = Reader(str(entry["reader"]), str(entry["source"]))
        for name in entry["names"]:
            upper = str(name).upper()
            if upper.endswith("*"):
                prefixes.append((upper[:-1], reader))
            else:
                exact.setdefault(upper, reader)
    return _Table(exact, tuple(sorted(prefixes, key=lambda p: -len(p[0]))))


def _load() -> tuple[_Table, _Table]:
    """Read the catalogue shipped beside this module (data, with each entry's source)."""
    text = resources.files(__package__).joinpath(CATALOGUE_FILE).read_text(encoding="utf-8")
    data = tomllib.loads(text)
    # Tools' own variables (pip, the Go toolchain, npm, test runners) are read the way
    # libraries read theirs: by a program that is not the repository's code.
    return _table([*data["library"], *data["tool"]]), _table(data["container"])


_LIBRARY, _CONTAINERS = _load()


def is_system(name: str) -> bool:
    """Return True for system and interpreter variables, not the project's configuration."""
    upper = name.upper()
    return upper in _SYSTEM_NAMES or upper.startswith(_SYSTEM_PREFIXES)


def catalogue_entry(name: str) -> tuple[str, Reader] | None:
    """Return ("read by" or "consumed by", the reader) when the catalogue knows ``name``."""
    library = _LIBRARY.lookup(name)
    if library is not None:
        return "read by", library
    container = _CONTAINERS.lookup(name)
    return ("consumed by", container) if container is not None else None


def library_reader(name: str) -> str | None:
    """Return which library or tool reads ``name`` on its own, if the catalogue knows."""
    found = _LIBRARY.lookup(name)
    return found.reader if found else None


def container_reader(name: str) -> str | None:
    """Return which container image consumes ``name``, if the catalogue knows."""
    found = _CONTAINERS.lookup(name)
    return found.reader if found else None
