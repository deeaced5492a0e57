"""Env names declared by deployment files, consumed by other containers, or used only by CI.

Rules (spec 4.3 "Decl" and "X", pitfalls P4, P5, P7):

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
  ``entrypoint.sh``, a Dockerfile's ``CMD``) are read by those programs, not stale.

YAML is read line by line with indentation, not parsed: deployment YAML is often a
template (Helm, Jinja) that no YAML parser accepts.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from scorecard.analyzers.base import ScanContext
from scorecard.analyzers.path_roles import is_sample
from scorecard.model import Problem

__all__ = ["DeployScan", "is_ci_file", "scan_deploy"]

_COMPOSE = re.compile(r"^(docker-)?compose[\w.-]*\.ya?ml$")
_CI_FILES = frozenset({".gitlab-ci.yml", ".travis.yml", "azure-pipelines.yml", "jenkinsfile",
                       ".drone.yml", "bitbucket-pipelines.yml", "tox.ini", "appveyor.yml",
                       "cloudbuild.yaml", "cloudbuild.yml", ".cirrus.yml", "noxfile.py"})
_CI_DIRS = (".github/", ".circleci/", ".gitlab/", ".buildkite/", ".azure-pipelines/")
_DEPLOY_DIRS = frozenset({"k8s", "kubernetes", "deploy", "deployment", "deployments",
                          "manifests", "helm", "charts", "chart", "kustomize", "infra", "ops",
                          "openshift", ".k8s", "kube"})
_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_ENV_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")
_CI_TOKEN = re.compile(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b")
_ITEM_NAME = re.compile(rf"^\s*-\s*name:\s*['\"]?({_NAME})['\"]?\s*$")
_LIST_ENV = re.compile(rf"^\s*-\s*['\"]?({_NAME})(?:=.*)?['\"]?\s*$")
_MAP_ENV = re.compile(rf"^\s*['\"]?({_NAME})['\"]?\s*:")
_KEY_ENV = re.compile(rf"^\s*-\s*key:\s*['\"]?({_NAME})['\"]?\s*$")
_SYSTEMD = re.compile(rf"^Environment=\"?({_NAME})=")
_RUNTIME_SUFFIXES = (".ini", ".conf", ".sh", ".bash", ".cfg", ".j2", ".jinja", ".jinja2",
                     ".tmpl", ".tpl", ".template")
_RUNTIME_NAMES = re.compile(r"^(makefile|(docker-)?entrypoint|start|run|supervisord|nginx)"
                            r"(\.(sh|bash|conf|ini))?$")
_NOT_RUNTIME = frozenset({"setup.cfg", "tox.ini", "pytest.ini", ".flake8", "mypy.ini",
                          ".coveragerc", "pylintrc", ".pylintrc"})
MAX_DEPLOY_BYTES = 256 * 1024


def is_ci_file(path: str) -> bool:
    """Return True for CI configuration files."""
    lower = path.lower()
    return lower.startswith(_CI_DIRS) or posixpath.basename(lower) in _CI_FILES


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
    service, service_indent, builds = "", -1, False
    services_indent = -1
    pending: list[tuple[str, int]] = []
    block_indent = -1
    in_data = -1
    is_config_map = any(re.match(r"^kind:\s*(ConfigMap|Secret)\b", ln) for ln in lines)

    def flush() -> None:
        for name, number in pending:
            if not compose:
                scan.container_env.setdefault(name, path)
            if not compose or builds or not service:
                scan.declared.setdefault(name, (path, number))
            else:
                scan.consumed.setdefault(name, f"compose service '{service}'")
        pending.clear()

    for number, raw in enumerate(lines, 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        indent = _indent(raw)
        stripped = raw.strip()
        if compose:
            if stripped == "services:":
                services_indent = indent
                continue
            if services_indent >= 0 and indent <= services_indent and not stripped.startswith(
                    "-"):
                if stripped != "services:":
                    flush()
                    service, service_indent = "", -1
            elif services_indent >= 0 and (service_indent < 0 or indent == service_indent) \
                    and stripped.endswith(":") and not stripped.startswith("-"):
                flush()
                service, service_indent, builds = stripped[:-1].strip("'\""), indent, False
                block_indent = -1
                continue
            if service and stripped.startswith("build"):
                builds = True
        if block_indent >= 0 and indent <= block_indent and not (
                stripped.startswith("-") and indent == block_indent):
            block_indent = -1
        if in_data >= 0 and indent <= in_data:
            in_data = -1
        if block_indent >= 0:
            match = (_ITEM_NAME.match(raw) or _KEY_ENV.match(raw) or _LIST_ENV.match(raw)
                     or _MAP_ENV.match(raw))
            if match and _ENV_NAME.match(match.group(1)) and match.group(1) != "name":
                pending.append((match.group(1), number))
            continue
        if in_data >= 0:
            match = _MAP_ENV.match(raw)
            if match and indent > in_data:
                pending.append((match.group(1), number))
            continue
        key = stripped.rstrip(":").lstrip("- ").strip()
        if stripped.endswith(":") and key in ("environment", "env", "envVars", "extraEnv",
                                              "extraEnvVars", "variables"):
            block_indent = indent
        elif is_config_map and stripped in ("data:", "stringData:"):
            in_data = indent
    flush()


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
        base = posixpath.basename(path).lower()
        ci = is_ci_file(path)
        kind = ""
        if ci:
            kind = "ci"
        elif base.startswith("dockerfile") or base.endswith(".dockerfile"):
            kind = "docker"
        elif _COMPOSE.match(base):
            kind = "compose"
        elif _is_deploy_yaml(path):
            kind = "yaml"
        elif base in ("fly.toml", "netlify.toml"):
            kind = "toml"
        elif base == "app.json":
            kind = "json"
        elif base.endswith(".service") or base == "procfile":
            kind = "systemd"
        elif base not in _NOT_RUNTIME and (base.endswith(_RUNTIME_SUFFIXES)
                                           or _RUNTIME_NAMES.match(base)) \
                and not path.lower().startswith(("docs/", "doc/", "tests/", "test/")):
            kind = "runtime"
        if not kind or item.size > MAX_DEPLOY_BYTES or (kind != "ci" and is_sample(path)):
            continue  # test fixtures and examples deploy nothing of this repository
        try:
            text = ctx.view.read_bytes(path).decode("utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            if kind != "runtime":  # a script-like name is only a guess: skip it quietly
                scan.problems.append(Problem("overrides", f"cannot read: {exc}", path))
            continue
        if kind in ("ci", "runtime", "docker"):
            target = scan.ci_names if kind == "ci" else scan.runtime_names
            for number, line in enumerate(text.splitlines(), 1):
                if kind == "docker" and line.strip().upper().startswith("ENV "):
                    continue  # ENV declares; only the other instructions use a name
                for token in _CI_TOKEN.findall(line):
                    target.setdefault(token, (path, number))
            if kind != "docker":
                continue
        scan.deploy_files.append(path)
        if kind == "docker":
            scan.builds_image = True
            _dockerfile(scan, path, text)
        elif kind in ("compose", "yaml"):
            _yaml_env_blocks(scan, path, text.splitlines(), kind == "compose")
        elif kind == "toml":
            _toml_env(scan, path, text)
        elif kind == "json":
            _json_env(scan, path, text)
        else:
            _key_lines(scan, path, text, _SYSTEMD)
    return scan
