"""Service signals that live in build and configuration files, not in code.

A Spring Boot service gets its health endpoint from a dependency, not from a route in its
code: ``spring-boot-starter-actuator`` in ``pom.xml`` or ``build.gradle(.kts)`` serves
``/actuator/health``, and ``management.endpoints``/``management.endpoint.health`` in
``application*.properties|yml`` configures it. Its metrics client is a Micrometer registry
dependency (``micrometer-registry-prometheus``, ...) or an OpenTelemetry one. Both are read
here from the product's build files (not under test, example or vendored folders, at most
three folders deep), as ``path:line`` evidence. XML comments are skipped.

Any service's image may declare its own health check: a ``HEALTHCHECK`` instruction in the
product's Dockerfile (not ``HEALTHCHECK NONE``) is what the container runtime probes, often
through a route not named like health (``/api/v3/status/``) or a script that calls one.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass

from scorecard.analyzers.path_roles import is_sample
from scorecard.analyzers.signals.signal_vocabulary import ReadText

__all__ = ["BuildSignals", "build_signals"]

_BUILD_FILES = frozenset({"pom.xml", "build.gradle", "build.gradle.kts"})
_SPRING_CONFIG = re.compile(r"^(?:application|bootstrap)(?:-[\w.-]+)?\.(?:properties|ya?ml)$")
_ACTUATOR = re.compile(r"spring-boot-starter-actuator|quarkus-smallrye-health|"
                       r"micronaut-management")
_METRICS = re.compile(r"micrometer-registry-[\w-]+|opentelemetry-[\w-]+|simpleclient[\w-]*|"
                      r"prometheus-metrics-[\w-]+|quarkus-micrometer[\w-]*")
_MANAGEMENT = re.compile(r"^\s*management\.endpoints?\.|^management:\s*$", re.M)
_XML_COMMENT = re.compile(r"<!--[\s\S]*?-->")
_DOCKERFILE = re.compile(r"^(?:Dockerfile(?:\.[\w.-]+)?|[\w.-]+\.[Dd]ockerfile|Containerfile)$")
# Images for tests and development declare health checks of nothing deployed.
_NOT_DEPLOYED_IMAGE = re.compile(r"(?i)test|\bdev\b|devel|e2e|\.ci\b|gitpod")
_HEALTHCHECK = re.compile(r"^[ \t]*HEALTHCHECK[ \t]+(?!NONE\b)", re.I | re.M)
MAX_DEPTH = 3


@dataclass(frozen=True)
class BuildSignals:
    """Evidence (``path:line label``) of health and metrics support from build files."""

    health: tuple[str, ...]
    instrumentation: tuple[str, ...]


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group())


def _first(path: str, text: str, pattern: re.Pattern[str]) -> list[str]:
    match = pattern.search(text)
    if match is None:
        return []
    line = text.count("\n", 0, match.start()) + 1
    return [f"{path}:{line} {match.group().strip().rstrip(':.')}"]


def _read_here(path: str) -> bool:
    """Return True for the product's build files and Spring configuration files."""
    base = posixpath.basename(path)
    if is_sample(path):
        return False
    if _SPRING_CONFIG.match(base):
        return path.count("/") < MAX_DEPTH or "/src/main/resources/" in f"/{path}"
    if _DOCKERFILE.match(base):
        return path.count("/") < MAX_DEPTH and not _NOT_DEPLOYED_IMAGE.search(base) \
            and not path.startswith(".devcontainer/")
    return base in _BUILD_FILES and path.count("/") < MAX_DEPTH


def build_signals(paths: Sequence[str], read: ReadText) -> BuildSignals:
    """Return the health and instrumentation evidence of the repository's build files."""
    health: list[str] = []
    metrics: list[str] = []
    for path in filter(_read_here, paths):
        text = read(path) or ""
        if _DOCKERFILE.match(posixpath.basename(path)):
            health.extend(_first(path, text, _HEALTHCHECK))
            continue
        if posixpath.basename(path) not in _BUILD_FILES:
            health.extend(_first(path, text, _MANAGEMENT))
            continue
        text = _XML_COMMENT.sub(_blank, text)  # pom.xml comments; nothing to Gradle files
        health.extend(_first(path, text, _ACTUATOR))
        metrics.extend(_first(path, text, _METRICS))
    return BuildSignals(tuple(sorted(health)[:5]), tuple(sorted(metrics)[:5]))
