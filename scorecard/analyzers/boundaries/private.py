"""Private names reached across package boundaries, at the symbol level.

A name with one leading underscore (``_helper``, ``_internal``; not dunders, not a lone
``_``) is private to a scope:

- a private module or package (``pkg._internal``) is private to its parent package ``pkg``:
  anything inside ``pkg`` may use it;
- a private symbol of a module (``pkg.mod._helper``), or a private member of one of its
  public symbols (``pkg.mod.Klass._cache``), is private to the module's package ``pkg``.
  Sibling modules of the same package share their package's internals, which is how most
  Python projects use the convention.

A reference from outside that scope is a leak. The share is leaks over *cross-package*
references (those whose importer is outside the referenced module's package), since a
reference within a package can never leak. References from test code are exempt by default
(tests legitimately reach into internals) and left out of both counts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from scorecard.analyzers.boundaries.modules import ModuleMap, package_of, within
from scorecard.analyzers.boundaries.name_references import Reference

__all__ = ["PrivateLeak", "is_private", "private_leaks"]


def is_private(name: str) -> bool:
    """Tell ``_name`` and ``__mangled`` names; dunders and a lone ``_`` are not private."""
    return name.startswith("_") and name != "_" and not (name.startswith("__")
                                                          and name.endswith("__"))


@dataclass(frozen=True)
class PrivateLeak:
    """A reference that reaches a private name from outside the scope it is private to."""

    reference: Reference
    name: str
    owner: str

    def describe(self) -> str:
        """One line for a finding."""
        target = ".".join([self.reference.module, *self.reference.rest])
        scope = self.owner or "the top level"
        return (f"{self.reference.importer} uses private {self.name!r} ({target}), "
                f"private to {scope}")


def _owner(modules: ModuleMap, reference: Reference) -> tuple[str, str] | None:
    """(private name, scope it is private to) for a reference that names a private thing."""
    parts = reference.module.split(".")
    for index, part in enumerate(parts):
        if is_private(part):
            return part, ".".join(parts[:index])
    module = modules.by_name[reference.module]
    for name in reference.rest:
        if is_private(name):
            return name, package_of(module)
    return None


def private_leaks(modules: ModuleMap, references: Sequence[Reference],
                  exempt: Callable[[str], bool]) -> tuple[list[PrivateLeak], int]:
    """Return the leaks and the number of cross-package references they are a share of."""
    leaks: list[PrivateLeak] = []
    cross = 0
    for reference in references:
        if exempt(reference.path):
            continue
        target = modules.by_name[reference.module]
        if within(reference.importer, package_of(target)):
            continue
        cross += 1
        owner = _owner(modules, reference)
        if owner is not None and not within(reference.importer, owner[1]):
            leaks.append(PrivateLeak(reference, owner[0], owner[1]))
    leaks.sort(key=lambda leak: (leak.reference.path, leak.reference.line, leak.name))
    return leaks, cross
