"""Env names declared by deployment files, consumed by other containers, or used only by CI.

Rules:

- Declared: Dockerfile ``ENV``; compose ``environment:`` of services that ``build:`` this
  repository; Kubernetes/Helm ``env: - name: X`` and ConfigMap/Secret ``data:`` keys;
  ``app.json``/``fly.toml``/``render.yaml`` env tables; systemd ``Environment=``.
- Names a Kubernetes manifest or Helm values file sets for a container are read by that
  container: when the repository builds no image of its own (no Dockerfile), the image is
  someone else's and documenting its variables is not stale.
- Files under test, fixture and example folders deploy nothing of this repository.
- Compose services that only run an ``image:`` (postgres, redis, ...) consume their own
  variables: those names are *other processes'*, never stale docs.
- Names that appear in CI configuration (``.github/workflows``, GitLab CI, tox, ...) are CI
  variables; when the code does not read them they are not the application's.
- Names used by runtime config files and scripts of the repository (``uwsgi.ini``,
  ``entrypoint.sh``, a Dockerfile's ``CMD`` or ``ENTRYPOINT``, Terragrunt's ``.hcl``) are
  read by those programs, not stale: a multi-word name anywhere in them, and any name a
  shell expansion (``${USERS:-10}``, ``$RATE``) or ``get_env("X")`` reads.
- Names a compose file interpolates (``${TAG}``, ``${PORT:-8080}``, ``$HOST``; not the
  escaped ``$$HOST``) are read by docker compose itself, from the shell or the ``.env``
  file beside it: documenting them is not stale.

YAML is read line by line with indentation, not parsed: deployment YAML is often a
template (Helm, Jinja) that no YAML parser accepts.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from scorecard.analyzers.base import ScanContext
from scorecard.analyzers.overrides.repository.docs import DOC_SUFFIXES
from scorecard.analyzers.path_roles import is_sample
from scorecard.model import Problem

__all__ = ["DeployScan", "is_ci_file", "scan_deploy"]

_COMPOSE = re.compile(r"^(docker-)?compose[\w.-]*\.ya?ml$")
_CI_FILES = frozenset({".gitlab-ci.yml", ".travis.yml", "azure-pipelines.yml", "jenkinsfile",
                       ".drone.yml", "bitbucket-pipelines.yml", "tox.ini", "appveyor.yml",
                       "cloudbuild.yaml", "cloudbuild.yml", ".cirrus.yml", "noxfile.py"})
_CI_DIRS = (".github/", ".circleci/", ".gitlab/", ".buildkite/", ".azure-pipelines/")
# Documents and images in a CI folder: templates, diagrams, badges.
_NOT_CONFIGURATION = (*DOC_SUFFIXES, ".png", ".jpg", ".jpeg", ".gif", ".svg", ".ico",
                      ".webp", ".pdf", ".excalidraw")
_DEPLOY_DIRS = frozenset({"k8s", "kubernetes", "deploy", "deployment", "deployments",
                          "manifests", "helm", "charts", "chart", "kustomize", "infra", "ops",
                          "openshift", ".k8s", "kube"})
_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_ENV_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")
_CI_TOKEN = re.compile(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b")
# A shell parameter expansion (${USERS:-10}, $RATE) reads the name, one word or several;
# so does Terragrunt's get_env("X") in an .hcl file.
_EXPANSION = re.compile(r"(?<!\$)\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?=[}:?+=#%/-])|"
                        r"([A-Za-z_][A-Za-z0-9_]*))")
_GET_ENV = re.compile(r"\bget_env\(\s*\"([A-Za-z_][A-Za-z0-9_]*)\"")
_ITEM_NAME = re.compile(rf"^\s*-\s*name:\s*['\"]?({_NAME})['\"]?\s*$")
_LIST_ENV = re.compile(rf"^\s*-\s*['\"]?({_NAME})(?:=.*)?['\"]?\s*$")
_MAP_ENV = re.compile(rf"^\s*['\"]?({_NAME})['\"]?\s*:")
_KEY_ENV = re.compile(rf"^\s*-\s*key:\s*['\"]?({_NAME})['\"]?\s*$")
_SYSTEMD = re.compile(rf"^Environment=\"?({_NAME})=")
# Compose interpolation: ``$NAME`` and ``${NAME...}``; ``$$`` escapes a literal dollar.
_INTERPOLATED = re.compile(rf"(?<!\$)(?:\$\$)*\$\{{?({_NAME})")
_RUNTIME_SUFFIXES = (".ini", ".conf", ".sh", ".bash", ".cfg", ".j2", ".jinja", ".jinja2",
                     ".tmpl", ".tpl", ".template", ".hcl")
_RUNTIME_NAMES = re.compile(r"^(makefile|(docker-)?entrypoint|start|run|supervisord|nginx)"
                            r"(\.(sh|bash|conf|ini))?$")
_NOT_RUNTIME = frozenset({"setup.cfg", "tox.ini", "pytest.ini", ".flake8", "mypy.ini",
                          ".coveragerc", "pylintrc", ".pylintrc"})
MAX_DEPLOY_BYTES = 256 * 1024
# Keys opening a block of env names in deployment YAML.
_ENV_BLOCK_KEYS = frozenset({"environment", "env", "envVars", "extraEnv", "extraEnvVars",
                             "variables"})
# Deployment files known by their whole name (lower case), and their kind.
_DEPLOY_FILE_KINDS = {"fly.toml": "toml", "netlify.toml": "toml", "app.json": "json",
                      "procfile": "systemd"}


def is_ci_file(path: str) -> bool:
    """Return True for CI configuration files.

    A CI folder also holds documents and images (``.github/PULL_REQUEST_TEMPLATE.md``, a
    workflow diagram ``.png``): no configuration, and an image is no text to read.
    """
    lower = path.lower()
    if lower.startswith(_CI_DIRS):
        return not lower.endswith(_NOT_CONFIGURATION)
    return posixpath.basename(lower) in _CI_FILES


@dataclass
class DeployScan:
    """Env names found in deployment and CI files."""

    declared: dict[str, tuple[str, int]] = field(default_factory=dict)
    consumed: dict[str, str] = field(default_factory=dict)  # name -> consuming service
    ci_names: dict[str, tuple[str, int]] = field(default_factory=dict)
    # Names used by the repository's runtime config and scripts (uwsgi.ini, entrypoint.sh).
    runtime_names: dict[str, tuple[str, int]] = field(default_factory=dict)
    deploy_files: list[str] = field(default_factory=list)
    # Names a Kubernetes manifest or Helm values file sets for a container (name -> file).
    container_env: dict[str, str] = field(default_factory=dict)
    builds_image: bool = False  # a Dockerfile: the repository builds its own image
    problems: list[Problem] = field(default_factory=list)


def _indent(line: str) -> int:
    """Return how many spaces a line starts with."""
    return len(line) - len(line.lstrip(" "))


def _dockerfile(scan: DeployScan, path: str, text: str) -> None:
    """Record the names a Dockerfile's ENV lines declare (both ENV forms, continued lines)."""
    joined = re.sub(r"\\\r?\n", " ", text)
    for number, line in enumerate(joined.splitlines(), 1):
        parts = line.strip().split(None, 1)
        if len(parts) != 2 or parts[0].upper() != "ENV":
            continue
        body = parts[1]
        names = re.findall(rf"({_NAME})=", body) if "=" in body.split(None, 1)[0] else [
            body.split(None, 1)[0]]
        for name in names:
            scan.declared.setdefault(name, (path, number))


def _yaml_env_blocks(scan: DeployScan, path: str, lines: list[str], compose: bool) -> None:
    """Collect names under ``environment:``/``env:`` blocks (and compose services)."""
    reader = _EnvBlocks(scan, path, compose,
                        any(re.match(r"^kind:\s*(ConfigMap|Secret)\b", ln) for ln in lines))
    for number, raw in enumerate(lines, 1):
        if raw.strip() and not raw.lstrip().startswith("#"):
            reader.line(number, raw)
    reader.flush()


class _EnvBlocks:
    """The state of one YAML file's reading: the compose service, the open env block."""

    def __init__(self, scan: DeployScan, path: str, compose: bool, config_map: bool) -> None:
        self.scan, self.path, self.compose, self.config_map = scan, path, compose, config_map
        self.service, self.service_indent, self.builds = "", -1, False
        self.services_indent = -1
        self.pending: list[tuple[str, int]] = []
        self.block_indent = -1  # of the open environment:/env: key, -1 when none is open
        self.in_data = -1  # of the open data:/stringData: key of a ConfigMap or Secret

    def flush(self) -> None:
        """Record the names of the block just closed, as declared or as a service's."""
        for name, number in self.pending:
            if not self.compose:
                self.scan.container_env.setdefault(name, self.path)
            if not self.compose or self.builds or not self.service:
                self.scan.declared.setdefault(name, (self.path, number))
            else:
                self.scan.consumed.setdefault(name, f"compose service '{self.service}'")
        self.pending.clear()

    def line(self, number: int, raw: str) -> None:
        """Read one non-blank, non-comment line."""
        indent = _indent(raw)
        stripped = raw.strip()
        if self.compose and self._compose_line(indent, stripped):
            return
        self._close_blocks(indent, stripped)
        if self.block_indent >= 0:
            self._note(_env_block_name(raw), number)
        elif self.in_data >= 0:
            self._note(self._data_key(raw, indent), number)
        else:
            self._open_block(indent, stripped)

    def _close_blocks(self, indent: int, stripped: str) -> None:
        """Close the open env or data block a line back at (or left of) its key ends."""
        if self.block_indent >= 0 and indent <= self.block_indent and not (
                stripped.startswith("-") and indent == self.block_indent):
            self.block_indent = -1
        if self.in_data >= 0 and indent <= self.in_data:
            self.in_data = -1

    def _data_key(self, raw: str, indent: int) -> str | None:
        """Return the key a line of a ConfigMap's or Secret's data block sets, or None."""
        match = _MAP_ENV.match(raw)
        return match.group(1) if match and indent > self.in_data else None

    def _open_block(self, indent: int, stripped: str) -> None:
        """Open an env block (``environment:``, ``env:``, ...) or a ConfigMap's data block."""
        key = stripped.rstrip(":").lstrip("- ").strip()
        if stripped.endswith(":") and key in _ENV_BLOCK_KEYS:
            self.block_indent = indent
        elif self.config_map and stripped in ("data:", "stringData:"):
            self.in_data = indent

    def _note(self, name: str | None, number: int) -> None:
        """Keep a name of the open block until the block (or its service) is flushed."""
        if name is not None:
            self.pending.append((name, number))

    def _compose_line(self, indent: int, stripped: str) -> bool:
        """Follow compose's services; True when the line is fully read (a new service)."""
        if stripped == "services:":
            self.services_indent = indent
            return True
        if self._leaves_services(indent, stripped):
            self.flush()
            self.service, self.service_indent = "", -1
        elif self._starts_service(indent, stripped):
            self.flush()
            self.service, self.service_indent = stripped[:-1].strip("'\""), indent
            self.builds, self.block_indent = False, -1
            return True
        if self.service and stripped.startswith("build"):
            self.builds = True
        return False

    def _leaves_services(self, indent: int, stripped: str) -> bool:
        """Return True for a line back at (or left of) ``services:``: the services end."""
        return (self.services_indent >= 0 and indent <= self.services_indent
                and not stripped.startswith("-"))

    def _starts_service(self, indent: int, stripped: str) -> bool:
        """Return True for a ``name:`` key at the services' indentation: a new service."""
        return (self.services_indent >= 0
                and (self.service_indent < 0 or indent == self.service_indent)
                and stripped.endswith(":") and not stripped.startswith("-"))


def _env_block_name(raw: str) -> str | None:
    """Return the env name a line of an env block sets (any of the YAML forms), or None."""
    match = (_ITEM_NAME.match(raw) or _KEY_ENV.match(raw) or _LIST_ENV.match(raw)
             or _MAP_ENV.match(raw))
    if match and _ENV_NAME.match(match.group(1)) and match.group(1) != "name":
        return match.group(1)
    return None


def _key_lines(scan: DeployScan, path: str, text: str, pattern: re.Pattern[str]) -> None:
    for number, line in enumerate(text.splitlines(), 1):
        match = pattern.match(line.strip())
        if match:
            scan.declared.setdefault(match.group(1), (path, number))


def _toml_env(scan: DeployScan, path: str, text: str) -> None:
    """Record the variables a TOML deploy file sets in its ``[env]`` table."""
    in_env = False
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_env = stripped in ("[env]", "[environment]")
            continue
        match = re.match(rf"^['\"]?({_NAME})['\"]?\s*=", stripped)
        if in_env and match:
            scan.declared.setdefault(match.group(1), (path, number))


def _json_env(scan: DeployScan, path: str, text: str) -> None:
    """Record the variables a JSON deploy file sets in its ``"env"`` object."""
    in_env, depth = False, 0
    for number, line in enumerate(text.splitlines(), 1):
        if re.search(r"\"env\"\s*:\s*\{", line):
            in_env, depth = True, 0
        if in_env:
            depth += line.count("{") - line.count("}")
            match = re.match(rf"^\s*\"({_NAME})\"\s*:", line)
            if match and match.group(1) != "env" and depth >= 1:
                scan.declared.setdefault(match.group(1), (path, number))
            if depth <= 0 and "}" in line:
                in_env = False


def _is_deploy_yaml(path: str) -> bool:
    parts = path.lower().split("/")
    return path.lower().endswith((".yaml", ".yml")) and (
        any(p in _DEPLOY_DIRS for p in parts[:-1]) or parts[-1] in (
            "values.yaml", "values.yml", "render.yaml", "app.yaml", "serverless.yml",
            "serverless.yaml", "deployment.yaml", "deployment.yml", "manifest.yml"))


def scan_deploy(ctx: ScanContext) -> DeployScan:
    """Read deployment and CI files and collect the env names they declare or use."""
    scan = DeployScan()
    for item in ctx.files:
        path = item.path
        kind = _deploy_kind(path)
        if not kind or item.size > MAX_DEPLOY_BYTES or (kind != "ci" and is_sample(path)):
            continue  # test fixtures and examples deploy nothing of this repository
        try:
            text = ctx.view.read_bytes(path).decode("utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            if kind != "runtime":  # a script-like name is only a guess: skip it quietly
                scan.problems.append(Problem("overrides", f"cannot read: {exc}", path))
            continue
        if kind in ("ci", "runtime", "docker"):
            _used_names(scan, kind, path, text)
            if kind != "docker":
                continue
        scan.deploy_files.append(path)
        _declared_names(scan, kind, path, text)
    return scan


def _deploy_kind(path: str) -> str:
    """Return what kind of deployment or CI file ``path`` is, "" when it is none."""
    base = posixpath.basename(path).lower()
    if is_ci_file(path):
        return "ci"
    if base.startswith("dockerfile") or base.endswith(".dockerfile"):
        return "docker"
    if _COMPOSE.match(base):
        return "compose"
    if _is_deploy_yaml(path):
        return "yaml"
    if base in _DEPLOY_FILE_KINDS:
        return _DEPLOY_FILE_KINDS[base]
    if base.endswith(".service"):
        return "systemd"
    if _is_runtime_file(path, base):
        return "runtime"
    return ""


def _is_runtime_file(path: str, base: str) -> bool:
    """Return True for a runtime config file or script (``uwsgi.ini``, ``entrypoint.sh``).

    Tool configuration (``setup.cfg``, ``tox.ini``) and files under docs and tests are none.
    """
    if base in _NOT_RUNTIME or path.lower().startswith(("docs/", "doc/", "tests/", "test/")):
        return False
    return base.endswith(_RUNTIME_SUFFIXES) or _RUNTIME_NAMES.match(base) is not None


def _used_names(scan: DeployScan, kind: str, path: str, text: str) -> None:
    """Note the env-like names a CI file, a runtime script or a Dockerfile uses."""
    target = scan.ci_names if kind == "ci" else scan.runtime_names
    for number, line in enumerate(text.splitlines(), 1):
        if kind == "docker" and line.strip().upper().startswith("ENV "):
            continue  # ENV declares; only the other instructions use a name
        for token in _CI_TOKEN.findall(line):
            target.setdefault(token, (path, number))
        if kind == "ci":
            continue
        for braced, bare in _EXPANSION.findall(line):
            target.setdefault(braced or bare, (path, number))
        for name in _GET_ENV.findall(line):
            target.setdefault(name, (path, number))


def _interpolated_names(scan: DeployScan, path: str, text: str) -> None:
    """Note the names a compose file interpolates: docker compose reads them itself."""
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith("#"):
            continue
        for name in _INTERPOLATED.findall(line):
            scan.runtime_names.setdefault(name, (path, number))


def _declared_names(scan: DeployScan, kind: str, path: str, text: str) -> None:
    """Note the names a deployment file declares, by its kind."""
    if kind == "docker":
        scan.builds_image = True
        _dockerfile(scan, path, text)
    elif kind in ("compose", "yaml"):
        _yaml_env_blocks(scan, path, text.splitlines(), kind == "compose")
        if kind == "compose":
            _interpolated_names(scan, path, text)
    elif kind == "toml":
        _toml_env(scan, path, text)
    elif kind == "json":
        _json_env(scan, path, text)
    else:
        _key_lines(scan, path, text, _SYSTEMD)
