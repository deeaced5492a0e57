"""Guess whether the repository is a service, a CLI or a library (configurable).

The kind decides how operational constants are judged (spec 4.3 B4): a library is
configured by its callers, so a public parameter default counts as overridable; a service
or CLI is configured by its operator, so it counts only when some caller passes it a
configured value. The guess, with the evidence behind it:

- service: it constructs a web/worker app or runs a server, or it ships deployment files
  (Dockerfile, compose, Procfile, Kubernetes/Helm), or it is not a package at all;
- library: a package whose top-level ``__init__.py`` declares ``__all__`` (a public API
  that callers import, even if it also ships a command line);
- cli: a package with console scripts (or ``__main__.py``) that builds a command line;
- library: any other package.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping
from typing import Any

from scorecard.analyzers.base import ScanContext
from scorecard.analyzers.overrides.paths import PathRole, path_role
from scorecard.model import Problem

__all__ = ["KINDS", "configured_kind", "guess_kind"]

KINDS = ("library", "service", "cli")
_DEPLOY_BASENAMES = re.compile(
    r"^(dockerfile.*|.*\.dockerfile|(docker-)?compose[\w.-]*\.ya?ml|procfile|fly\.toml"
    r"|app\.yaml|render\.yaml|serverless\.ya?ml|manage\.py|gunicorn\.conf\.py"
    r"|skaffold\.yaml|chart\.yaml|kustomization\.yaml)$")
_PACKAGING = frozenset({"pyproject.toml", "setup.py", "setup.cfg"})
_SCRIPTS = re.compile(r"(\[project\.scripts\]|\[tool\.poetry\.scripts\]|console_scripts"
                      r"|\[project\.gui-scripts\]|entry_points\s*=)")


def configured_kind(option: str, analyzer: str, where: str,
                    problems: list[Problem]) -> tuple[str, str] | None:
    """Return (kind, reason) when ``option`` names a kind; None means guess.

    An option that is neither a kind nor ``auto`` is a problem of ``analyzer`` (guessing
    goes on), so every analyzer that takes a ``kind`` option treats it alike.
    """
    if option in KINDS:
        return option, f"set in {where}"
    if option != "auto":
        problems.append(Problem(analyzer, f"option kind={option!r} is not one of auto, "
                                          f"{', '.join(KINDS)}; guessing instead"))
    return None


def _service_files(paths: Iterable[str]) -> list[str]:
    found: list[str] = []
    for path in paths:
        base = posixpath.basename(path).lower()
        if path.count("/") <= 2 and _DEPLOY_BASENAMES.match(base) and not path.lower(
                ).startswith(("tests/", "test/", "docs/", "examples/")):
            found.append(path)
    return sorted(found)[:5]


def _has_scripts(ctx: ScanContext, packaging: list[str]) -> bool:
    for path in packaging:
        try:
            text = ctx.view.read_bytes(path).decode("utf-8", "replace")
        except OSError:
            continue
        if _SCRIPTS.search(text):
            return True
    return False


# Top-level folders of helper code that ships beside the product (packaging, profiling,
# maintenance scripts): a benchmark's HTTP server does not make a CLI tool a service.
_SIDE_FOLDERS = frozenset({"extras", "contrib", "tools", "scripts", "dev", "misc", "hack",
                           "bin", "utils"})


def _product(path: str) -> bool:
    """Return True for application code that is part of the product itself."""
    return path_role(path) is PathRole.APP and path.split("/", 1)[0] not in _SIDE_FOLDERS


def _top_level_package(path: str) -> bool:
    """Return True for ``pkg/__init__.py`` and ``src/pkg/__init__.py`` (not subpackages)."""
    parts = path.split("/")
    return parts[-1] == "__init__.py" and (len(parts) == 2 or (len(parts) == 3
                                                                and parts[0] == "src"))


def guess_kind(ctx: ScanContext, results: Mapping[str, Mapping[str, Any]]
               ) -> tuple[str, str]:
    """Return (kind, reason) for the repository."""
    paths = [f.path for f in ctx.files]
    service_code = sorted(p for p, r in results.items()
                          if "service" in r.get("markers", ()) and _product(p))
    deploy = _service_files(paths)
    packaging = [p for p in paths if p in _PACKAGING]
    cli_code = sorted(p for p, r in results.items() if "cli" in r.get("markers", ())
                      and _product(p))
    if service_code:
        return "service", f"constructs an application or server in {service_code[0]}"
    if deploy:
        return "service", f"ships deployment files ({', '.join(deploy[:3])})"
    if not packaging:
        return "service", "no packaging metadata: an application, not a library"
    main_module = any(posixpath.basename(p) == "__main__.py" and path_role(p) is PathRole.APP
                      for p in paths)
    public_api = sorted(p for p, r in results.items() if "public_api" in r.get("markers", ())
                        and _top_level_package(p))
    if public_api:
        # httpx ships a CLI too, but callers import it: judged as the library it mainly is.
        return "library", f"a package that declares its public API ({public_api[0]})"
    if cli_code and (_has_scripts(ctx, packaging) or main_module):
        return "cli", f"a package with console scripts and a command line ({cli_code[0]})"
    return "library", f"a package ({packaging[0]}) with no server, deployment files or CLI"
