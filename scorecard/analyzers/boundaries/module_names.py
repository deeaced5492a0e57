"""Module names in the import graph, for every language: segments and the scopes they make.

A module name is a path of segments, and each prefix of it names an enclosing package: the
scopes that package cycles, contracts and private names reason about.

- Python modules keep their dotted import names: ``pkg.sub.mod``; segments split at ``.``.
- Modules of other languages are written ``<system>:<path>``: ``js:src/app/util.ts`` (a
  JavaScript or TypeScript file; a folder's ``index`` file is the folder itself,
  ``js:src/app``, as a package's ``__init__.py`` is the package) and
  ``go:example.com/shop/store`` (a Go package, by its import path). The first segment is
  the module system followed by a colon (``js:``, ``go:``), the others split at ``/``: a
  folder is a package, and file names keep their dots (``app.module.ts`` is one segment).

A Python name never holds a colon, so the two kinds can never collide in a mixed
repository, and each module system is a top-level scope of its own (no import crosses
them). External packages are named the same way: ``js:react``, ``go:golang.org/x/net``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = ["Resolution", "join_name", "name_parts", "parent_name", "qualified", "within"]

_SCHEME = ":"


def qualified(system: str, path: str) -> str:
    """Return the name of ``path`` (``/``-separated, may be empty) in a module system."""
    return f"{system}{_SCHEME}{path}"


def name_parts(name: str) -> list[str]:
    """Split a name into its segments (``js:src/a.ts`` -> ``js:``, ``src``, ``a.ts``)."""
    system, colon, path = name.partition(_SCHEME)
    if not colon:
        return name.split(".") if name else []
    return [system + colon, *path.split("/")] if path else [system + colon]


def join_name(parts: Sequence[str]) -> str:
    """Join segments back into a name (the inverse of :func:`name_parts`)."""
    if parts and parts[0].endswith(_SCHEME):
        return parts[0] + "/".join(parts[1:])
    return ".".join(parts)


def parent_name(name: str) -> str:
    """Return the enclosing scope of a name ("" for a top-level Python name)."""
    system, colon, path = name.partition(_SCHEME)
    if not colon:
        return name.rpartition(".")[0]
    return system + colon + path.rpartition("/")[0] if path else ""


def within(name: str, scope: str) -> bool:
    """Tell whether module ``name`` is ``scope`` or below it (all is within the root "")."""
    if not scope or name == scope:
        return True
    if scope.endswith(_SCHEME):
        return name.startswith(scope)
    # Asked for every reference between Python modules: compare strings, do not split.
    return name.startswith(scope + ("/" if _SCHEME in scope else "."))


@dataclass(frozen=True)
class Resolution:
    """What one import specifier of another language names.

    ``module``: a first-party module (its name); ``external``: a package from outside the
    repository (its qualified name); ``asset``: an existing file that is not a module
    (``import "./app.css"``), neither an edge nor unresolved; ``unresolved``: nothing found.
    """

    kind: Literal["module", "external", "asset", "unresolved"]
    name: str = ""
