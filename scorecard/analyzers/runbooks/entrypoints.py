"""Find the things an operator starts: scripts, images, services, workloads, charts, processes.

Each entry point is (kind, name, line). Names are what an operations doc would call the
thing: the console-script name, the compose service, the workload's ``metadata.name``, the
chart name, the Procfile process type, the folder a Dockerfile builds, the commands the
root package.json (``bin``) and Cargo.toml (``[[bin]]``) install, and the programs of Go's
``cmd/<name>/main.go`` convention. Templated names
(``{{ ... }}``) are skipped: the chart that renders them is the entry point.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import PurePosixPath
from typing import Any

import yaml  # type: ignore[import-untyped]

from scorecard.safejson import load_json

__all__ = ["entrypoint_kind", "extract_entrypoints", "go_command", "management_command"]

_WORKLOAD_KINDS = ("Deployment", "StatefulSet", "DaemonSet", "CronJob", "Job")
_KIND = re.compile(r"^kind:\s*[\"']?(\w+)", re.MULTILINE)
_WORKLOAD = re.compile(r"^kind:\s*[\"']?(?:Deployment|StatefulSet|DaemonSet|CronJob|Job)\b",
                       re.MULTILINE)
_META_NAME = re.compile(r"^metadata:\s*\n(?:[ \t]+.*\n)*?[ \t]+name:\s*[\"']?([^\s\"'#]+)",
                        re.MULTILINE)
_COMPOSE = re.compile(r"^(?:docker-)?compose(?:[.-][\w-]+)?\.ya?ml$")
_DOCKERFILE = re.compile(r"^(?:Dockerfile(?:\..+)?|.+\.[Dd]ockerfile|Containerfile)$")
_PROCFILE_LINE = re.compile(r"^([A-Za-z0-9_-]+):\s*\S")
_SETUP_PY_SCRIPT = re.compile(r"""['"]\s*([A-Za-z0-9_.-]+)\s*=\s*[\w.]+\s*:\s*[\w.]+""")
_MANAGEMENT = re.compile(r"(?:^|/)management/commands/([a-z][a-z0-9_]*)\.py$")


def entrypoint_kind(path: str) -> str | None:
    """Return which extractor reads this file for entry points, if any."""
    name = PurePosixPath(path).name
    if name == "pyproject.toml":
        return "pyproject"
    if name == "setup.cfg":
        return "setup.cfg"
    if name == "setup.py":
        return "setup.py"
    if name == "Procfile":
        return "procfile"
    if path in ("package.json", "Cargo.toml"):  # the root package's programs
        return path
    if name == "Chart.yaml":
        return "chart"
    if _DOCKERFILE.match(name):
        return "dockerfile"
    if _COMPOSE.match(name):
        return "compose"
    if name.endswith((".yaml", ".yml")):
        return "kubernetes"
    return None


_GO_COMMAND = re.compile(r"(?:^|/)cmd/([A-Za-z0-9][\w.-]*)/main\.go$")


def go_command(path: str) -> str | None:
    """Return the program a Go ``cmd/<name>/main.go`` builds (from the path alone)."""
    match = _GO_COMMAND.search(path)
    return match.group(1) if match else None


def _npm_bins(text: str) -> list[list[Any]]:
    """Return the commands a package.json installs (a ``bin`` map, or one named as the package).

    The file is the repository's (data): read with the bounded JSON reader.
    """
    try:
        data = load_json(text)
    except ValueError:  # UntrustedJSONError too: invalid, too deep, NaN
        return []
    if not isinstance(data, dict):
        return []
    bins = data.get("bin")
    if isinstance(bins, str) and isinstance(data.get("name"), str):
        bins = {str(data["name"]).rsplit("/", 1)[-1]: bins}
    if not isinstance(bins, dict):
        return []
    return [["npm_bin", name, _line_of(text, f'"{name}"')] for name in sorted(bins)
            if isinstance(name, str) and name]


_CARGO_BIN_NAME = re.compile(r"^\[\[bin\]\][^\[]*?^name\s*=\s*[\"']([\w.-]+)[\"']",
                             re.MULTILINE | re.DOTALL)


def _cargo_bins(text: str) -> list[list[Any]]:
    """Return the binaries a Cargo.toml declares (``[[bin]]`` tables)."""
    return [["cargo_bin", m.group(1), text.count("\n", 0, m.start(1)) + 1]
            for m in _CARGO_BIN_NAME.finditer(text[:200_000])]


def management_command(path: str) -> str | None:
    """Return the Django management command a path defines (from the path alone)."""
    match = _MANAGEMENT.search(path)
    return match.group(1) if match and not match.group(1).startswith("_") else None


def _line_of(text: str, needle: str) -> int:
    position = text.find(needle)
    return text.count("\n", 0, position) + 1 if position >= 0 else 1


def _pyproject(text: str) -> list[list[Any]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return []
    project = data.get("project", {})
    poetry = data.get("tool", {}).get("poetry", {}) if isinstance(data.get("tool"), dict) else {}
    scripts: dict[str, Any] = {}
    for table in (project.get("scripts") if isinstance(project, dict) else None,
                  poetry.get("scripts") if isinstance(poetry, dict) else None):
        if isinstance(table, dict):
            scripts.update(table)
    return [["console_script", name, _line_of(text, name)] for name in sorted(scripts)]


def _setup_cfg(text: str) -> list[list[Any]]:
    found: list[list[Any]] = []
    inside = False
    for number, line in enumerate(text.splitlines(), start=1):
        if re.match(r"^\s*console_scripts\s*=", line):
            inside = True
            continue
        if inside:
            if line.strip() and not line[0].isspace():
                break
            match = re.match(r"^\s+([A-Za-z0-9_.-]+)\s*=", line)
            if match:
                found.append(["console_script", match.group(1), number])
    return found


def _setup_py(text: str) -> list[list[Any]]:
    start = text.find("console_scripts")
    if start < 0:
        return []
    window = text[start:start + 4000]
    return [["console_script", m.group(1), _line_of(text, m.group(0))]
            for m in _SETUP_PY_SCRIPT.finditer(window)]


def _compose(text: str) -> list[list[Any]]:
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return []
    services = data.get("services") if isinstance(data, dict) else None
    if not isinstance(services, dict):
        return []
    return [["compose_service", str(name), _line_of(text, f"{name}:")] for name in services]


def _kubernetes(text: str) -> list[list[Any]]:
    found: list[list[Any]] = []
    offset = 0
    for chunk in re.split(r"(?m)^---[^\n]*\n", text):
        kind = _KIND.search(chunk)
        if kind and kind.group(1) in _WORKLOAD_KINDS:
            name = _META_NAME.search(chunk)
            if name and "{{" not in name.group(1):
                line = text.count("\n", 0, text.find(chunk, offset) + kind.start()) + 1
                found.append([f"k8s_{kind.group(1).lower()}", name.group(1), line])
        offset += len(chunk)
    return found


def _chart(text: str) -> list[list[Any]]:
    match = re.search(r"^name:\s*[\"']?([^\s\"'#]+)", text, re.MULTILINE)
    return [["helm_chart", match.group(1), _line_of(text, match.group(0))]] if match else []


def _dockerfile(path: str) -> list[list[Any]]:
    parent = PurePosixPath(path).parent.name
    # An image built from a folder is known by that folder; a root Dockerfile by "docker".
    return [["dockerfile", parent or "docker", 1]]


def _procfile(text: str) -> list[list[Any]]:
    return [["procfile", m.group(1), number] for number, line in
            enumerate(text.splitlines(), start=1) if (m := _PROCFILE_LINE.match(line))]


def extract_entrypoints(path: str, text: str) -> list[list[Any]]:
    """Return [kind, name, line] for every entry point this file declares."""
    kind = entrypoint_kind(path)
    if kind == "pyproject":
        return _pyproject(text)
    if kind == "setup.cfg":
        return _setup_cfg(text)
    if kind == "setup.py":
        return _setup_py(text)
    if kind == "procfile":
        return _procfile(text)
    if kind == "package.json":
        return _npm_bins(text)
    if kind == "Cargo.toml":
        return _cargo_bins(text)
    if kind == "chart":
        return _chart(text)
    if kind == "dockerfile":
        return _dockerfile(path)
    if kind == "compose":
        return _compose(text)
    if kind == "kubernetes" and _WORKLOAD.search(text):
        return _kubernetes(text)
    return []
