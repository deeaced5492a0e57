"""Safe places to experiment and dashboards kept in a repository, from paths and texts.

Environments (``detect_environments``): somewhere to try the software without touching
production. Counted, by path: docker compose files (``docker-compose*.yml``,
``compose*.yaml``), a ``.devcontainer/`` folder or ``.devcontainer.json``, example environment
files (``.env.example``, ``.env.sample``, ``example.env``, ``settings.py.example``...),
examples folders (``examples/``, ``samples/``, ``demo/``, ``tutorial/``... as the shared
path-roles classifier names them), test fixture folders (a ``fixtures`` or ``testdata``
folder; a conftest.py defining fixtures is not enough), Vagrantfile, Tiltfile, skaffold.yaml,
Gitpod and devbox configs, kind or minikube cluster configs (read to confirm) and local
Kubernetes overlays (``overlays/dev|local|staging``). tox and nox environments are test
automation, not this.

Dashboards (``detect_dashboards``): Grafana dashboard JSON (a top-level object with
``panels`` or ``rows``, or ``"dashboard": {"panels": ...}``) in a .json file whose path mentions
dashboard or grafana; Datadog dashboard JSON (``widgets`` and ``layout_type``) under the
same rule; jsonnet/libsonnet mixins that use grafonnet or define ``grafanaDashboards``; and
YAML with ``kind: GrafanaDashboard`` custom resources or dashboard ConfigMaps labelled for the
Grafana sidecar, in deployment-looking paths. Files over 2 MB are skipped and at most
MAX_DASHBOARD_READS files are read. Test, fixture and vendored folders do not count.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from scorecard.analyzers.path_roles import PathRole, path_role, role_folder
from scorecard.analyzers.signals.signal_vocabulary import ReadText
from scorecard.safejson import load_json
from scorecard.wording import agree, counted

__all__ = ["Dashboards", "Environments", "detect_dashboards", "detect_environments"]

MAX_EVIDENCE = 5
MAX_DASHBOARD_BYTES = 2_000_000
MAX_DASHBOARD_READS = 500  # a repository of generated JSON must not make the scan crawl

_COMPOSE = re.compile(r"^(?:docker-)?compose(?:[._-][\w.-]+)?\.ya?ml$", re.IGNORECASE)
_CONFIG_EXT = r"(?:env|conf|cfg|ini|toml|ya?ml|json|py|properties)"
_ENV_SAMPLE = re.compile(
    r"^\.?env(?:[._-][A-Za-z0-9]+)*[._-](?:example|sample|template|dist|defaults?)$"
    r"|^(?:example|sample)(?:[._-][\w.-]*)?\.env$"
    r"|^[\w.-]+\." + _CONFIG_EXT + r"[._-](?:example|sample|template|dist)$"
    r"|^[\w-]+\.(?:example|sample)\." + _CONFIG_EXT + r"$", re.IGNORECASE)
_SANDBOX_FILES = {"vagrantfile": "Vagrantfile", "tiltfile": "Tiltfile",
                  "skaffold.yaml": "skaffold", "skaffold.yml": "skaffold",
                  ".devcontainer.json": "devcontainer", ".gitpod.yml": "Gitpod",
                  "devbox.json": "devbox"}
_FOLDERS = {".devcontainer": "devcontainer", "fixtures": "test fixtures",
            "__fixtures__": "test fixtures", "testdata": "test fixtures"}
_OVERLAY = re.compile(r"(?:^|/)overlays/(?:dev|development|local|staging|stage|sandbox)/",
                      re.IGNORECASE)
_CLUSTER_NAME = re.compile(r"(?:^|[._-])(?:kind|minikube|k3d)(?:[._-]|$)", re.IGNORECASE)
_CLUSTER_TEXT = re.compile(r"kind\.x-k8s\.io|k3d\.io|minikube", re.IGNORECASE)
_VENDORED = frozenset({"node_modules", "site-packages", "vendor", "vendored", "third_party",
                       ".venv", "venv", ".tox", ".nox"})
_DASHBOARD_PATH = re.compile(r"dashboard|grafana", re.IGNORECASE)
_DEPLOY_PATH = re.compile(r"dashboard|grafana|monitor|observab|k8s|kube|deploy|manifest|helm|"
                          r"chart|kustomiz|ops|infra", re.IGNORECASE)
_GRAFANA_CR = re.compile(r"^\s*kind:\s*[\"']?GrafanaDashboard\b|grafana_dashboard:\s*[\"']?1",
                         re.MULTILINE)
_MIXIN = re.compile(r"grafonnet|grafanaDashboards")


@dataclass(frozen=True)
class Environments:
    """A safe place to experiment: compose files, devcontainers, examples, env samples."""

    present: bool
    evidence: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class Dashboards:
    """Dashboards kept in the repository (Grafana JSON, jsonnet mixins, Datadog, CRs)."""

    present: bool
    evidence: tuple[str, ...]
    note: str


def _folders(path: str) -> list[str]:
    """Return the lower-cased folder names of a path (not its file name)."""
    return [part.lower() for part in path.split("/")[:-1]]


def _folder_item(path: str) -> tuple[str, str] | None:
    """Return (folder/, label) for a path in an examples, fixtures or devcontainer folder."""
    parts = path.split("/")
    found = [("/".join(parts[:index + 1]) + "/", _FOLDERS[part.lower()])
             for index, part in enumerate(parts[:-1]) if part.lower() in _FOLDERS][:1]
    # The shared classifier's example folders (examples, samples, demo, tutorial...), not a
    # Java package named example (src/main/java/com/example/).
    examples = role_folder(path, PathRole.EXAMPLE)
    if examples:
        found.append((examples, "examples folder"))
    return min(found, key=lambda item: len(item[0])) if found else None


def _file_label(path: str, read_text: ReadText) -> str:
    """Return what kind of environment file a path is, or ''."""
    base = posixpath.basename(path)
    lower = base.lower()
    if _COMPOSE.match(base):
        return "docker compose"
    if _ENV_SAMPLE.match(base):
        return "example settings"
    if lower in _SANDBOX_FILES:
        return _SANDBOX_FILES[lower]
    if _OVERLAY.search(path):
        return "local Kubernetes overlay"
    if _CLUSTER_NAME.search(lower) and lower.endswith((".yaml", ".yml")) and _CLUSTER_TEXT.search(
            _read_capped(read_text, path, 100_000)):
        return "local Kubernetes cluster"
    return ""


def _environment_item(path: str, read_text: ReadText) -> tuple[str, str] | None:
    """Return (evidence, label) when a path shows a safe place to experiment, else None."""
    if not _VENDORED.isdisjoint(_folders(path)):
        return None
    folder = _folder_item(path)  # files inside examples/ or fixtures/ show the folder
    if folder:
        return folder
    label = _file_label(path, read_text)
    return (path, label) if label else None


def _spread(items: Sequence[tuple[str, str]]) -> tuple[str, ...]:
    """Return at most MAX_EVIDENCE sorted evidence items, one of each kind first."""
    ordered = sorted(set(items))
    first_of_kind = {label: evidence for evidence, label in reversed(ordered)}
    chosen = sorted(set(first_of_kind.values()))[:MAX_EVIDENCE]
    rest = [e for e, _ in ordered if e not in chosen]
    return tuple(sorted(chosen + rest[:MAX_EVIDENCE - len(chosen)]))


def detect_environments(paths: Sequence[str], read_text: ReadText) -> Environments:
    """Return where one can try the software safely (see the module docstring). Never raises."""
    items = [item for item in (_environment_item(p, read_text) for p in dict.fromkeys(paths)
                               if isinstance(p, str)) if item]
    if not items:
        return Environments(False, (), "No safe place to experiment (compose file, devcontainer, "
                                       "examples, example settings, fixtures) was found.")
    labels = list(dict.fromkeys(label for _, label in sorted(items)))
    shown = ", ".join(labels[:4]) + (f" and {len(labels) - 4} more" if len(labels) > 4 else "")
    return Environments(True, _spread(items), f"A safe place to experiment: {shown}.")


def _read_capped(read_text: ReadText, path: str, limit: int) -> str:
    """Return a file's text, or '' when unreadable or longer than ``limit`` characters."""
    try:
        text = read_text(path)
    except (OSError, ValueError, LookupError):  # an unreadable file is simply not a dashboard
        return ""
    return text if isinstance(text, str) and len(text) <= limit else ""


def _dashboard_kind(path: str) -> str:
    """Return which reader a path needs ('json', 'jsonnet', 'yaml'), or '' to skip it."""
    lower = path.lower()
    if path_role(path) in (PathRole.TEST, PathRole.VENDORED):
        return ""
    if lower.endswith(".json") and (_DASHBOARD_PATH.search(lower) or "dashboards" in
                                    _folders(path)):
        return "json"
    if lower.endswith((".jsonnet", ".libsonnet")):
        return "jsonnet"
    if lower.endswith((".yaml", ".yml")) and _DEPLOY_PATH.search(lower):
        return "yaml"
    return ""


def _json_dashboard(text: str) -> str:
    """Return 'Grafana' or 'Datadog' when a JSON text is such a dashboard, else ''."""
    try:
        data: Any = load_json(text)
    except (ValueError, RecursionError):
        return ""
    if isinstance(data, dict) and isinstance(data.get("dashboard"), dict):
        data = data["dashboard"]
    if not isinstance(data, dict):
        return ""
    if isinstance(data.get("panels"), list) or isinstance(data.get("rows"), list):
        return "Grafana"
    return "Datadog" if "widgets" in data and "layout_type" in data else ""


def _dashboard_label(kind: str, text: str) -> str:
    """Return the kind of dashboard a text holds, or ''."""
    if kind == "json":
        return _json_dashboard(text)
    if kind == "jsonnet":
        return "jsonnet mixin" if _MIXIN.search(text) else ""
    return "GrafanaDashboard resource" if _GRAFANA_CR.search(text) else ""


def detect_dashboards(paths: Sequence[str], read_text: ReadText) -> Dashboards:
    """Return the dashboards kept in the repository (see the module docstring). Never raises."""
    found: list[tuple[str, str]] = []
    reads = 0
    for path in dict.fromkeys(p for p in paths if isinstance(p, str)):
        kind = _dashboard_kind(path)
        if not kind or reads >= MAX_DASHBOARD_READS:
            continue
        reads += 1
        label = _dashboard_label(kind, _read_capped(read_text, path, MAX_DASHBOARD_BYTES))
        found.extend([(path, label)] if label else [])
    if not found:
        return Dashboards(False, (), "No dashboards (Grafana JSON, jsonnet mixins, Datadog, "
                                     "GrafanaDashboard resources) were found.")
    kinds = ", ".join(dict.fromkeys(label for _, label in found))
    return Dashboards(True, tuple(sorted(p for p, _ in found)[:MAX_EVIDENCE]),
                      f"{counted(len(found), 'dashboard file')} "
                      f"{agree(len(found), 'is', 'are')} kept in the repository ({kinds}).")
