"""Resolve references across the repository's modules: imports, re-exports and star imports.

Module names come from paths (``src/app/settings.py`` -> ``src.app.settings``) while imports
name them from their import root (``app.settings``), so a module is found by dotted suffix.
A reference is followed through the target module's own imports (a re-export) and star
imports, a few hops at most, to the module that defines the name.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["RepoIndex"]

MAX_HOPS = 6


class RepoIndex:
    """Modules of the scanned repository and the names they import."""

    def __init__(self, results: Mapping[str, Mapping[str, Any]]) -> None:
        """Index the per-file results (path -> result) by module name and suffix."""
        self.module_of: dict[str, str] = {}
        self.aliases: dict[str, dict[str, str]] = {}
        self.stars: dict[str, list[str]] = {}
        self.defined: dict[str, frozenset[str]] = {}
        self._by_suffix: dict[str, list[str]] = {}
        for path, result in results.items():
            module = str(result.get("module", ""))
            self.module_of[path] = module
            self.aliases[module] = dict(result.get("aliases", {}))
            self.stars[module] = list(result.get("stars", []))
            self.defined[module] = frozenset(result.get("defined", []))
            parts = module.split(".")
            for start in range(len(parts)):
                self._by_suffix.setdefault(".".join(parts[start:]), []).append(module)

    def find_module(self, dotted: str) -> str | None:
        """Return the repository module an import names, or None if it is not ours."""
        candidates = self._by_suffix.get(dotted)
        if not candidates:
            return None
        if dotted in candidates:
            return dotted
        return min(candidates, key=lambda m: (len(m), m))

    def resolve(self, ref: str, from_module: str = "", hops: int = 0) -> str:
        """Return the canonical qualified name of a reference (itself when unknown).

        ``*name`` (an unbound name under star imports of ``from_module``) is tried against
        each star-imported module in turn; the first that binds the name wins.
        """
        if hops > MAX_HOPS:
            return ref
        if ref.startswith("*"):
            return self._from_stars(ref[1:], from_module, hops)
        parts = ref.split(".")
        for cut in range(len(parts) - 1, 0, -1):
            module = self.find_module(".".join(parts[:cut]))
            if module is None:
                continue
            head, rest = parts[cut], parts[cut + 1:]
            if head in self.defined.get(module, ()):
                return ".".join([module, head, *rest])
            target = self.aliases.get(module, {}).get(head)
            if target is not None:
                return self.resolve(".".join([target, *rest]), module, hops + 1)
            if self.stars.get(module):
                return self._from_stars(".".join([head, *rest]), module, hops + 1)
            return ".".join([module, head, *rest])
        return ref

    def _from_stars(self, name: str, from_module: str, hops: int) -> str:
        head = name.partition(".")[0]
        for star in self.stars.get(from_module, []):
            module = self.find_module(star)
            if module is None:
                continue
            if head in self.defined.get(module, ()) or head in self.aliases.get(module, {}) \
                    or self.stars.get(module):
                resolved = self.resolve(f"{module}.{name}", from_module, hops + 1)
                if resolved != f"{module}.{name}" or head in self.defined.get(module, ()):
                    return resolved
        return name
