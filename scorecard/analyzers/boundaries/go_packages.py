"""Go packages: their names and what their import paths resolve to.

A package is a folder of ``.go`` files, named by its import path (``go:example.com/shop/
store``, see :mod:`.module_names`): the ``module`` line of the nearest ``go.mod`` at or above
the folder, then the folder's path below that ``go.mod``. A folder under no ``go.mod`` is
named by its repository path. Folders the go command ignores (``testdata``, and names
starting with ``.`` or ``_``) hold no package.

Test files (``*_test.go``) are modules of their own, as Python's test modules are: the
package's tests are the module ``<import path>_test`` (Go's name for an external test
package), a sibling of the package, so that what only the tests import is not a dependency
of the package itself, and the package's numbers (size, fan-out) are those of its code.

An import path equal to or below the module path of any ``go.mod`` of the repository is
first-party: it resolves to the package in that folder, or is unresolved when the folder
holds no package. Any other import path is external: counted by the required module it
belongs to (the longest ``require`` of the importing file's ``go.mod`` that prefixes it),
else by the import path itself (the standard library: ``fmt``, ``net/http``).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass

from scorecard.analyzers.boundaries.contract_config import ReadFile
from scorecard.analyzers.boundaries.module_names import Resolution, qualified
from scorecard.analyzers.boundaries.modules import ModuleInfo

__all__ = ["GoModule", "GoPackages", "SYSTEM", "parse_go_mod", "read_go_modules"]

SYSTEM = "go"
TEST_SUFFIX = "_test"
_IGNORED_FOLDER = "testdata"


@dataclass(frozen=True)
class GoModule:
    """One ``go.mod``: its folder, module path and the module paths it requires."""

    folder: str
    path: str
    requires: tuple[str, ...]


def _unquote(word: str) -> str:
    return word[1:-1] if len(word) >= 2 and word[0] == word[-1] and word[0] in "\"`" else word


def parse_go_mod(folder: str, data: bytes) -> GoModule | None:
    """Read a ``go.mod``'s ``module`` and ``require`` directives; None without a module line."""
    module = ""
    requires: list[str] = []
    in_block = False
    for raw in data.decode("utf-8", "replace").splitlines():
        words = raw.partition("//")[0].split()
        if not words:
            continue
        if in_block:
            if words[0] == ")":
                in_block = False
            else:
                requires.append(_unquote(words[0]))
        elif words[0] == "module" and len(words) > 1:
            module = _unquote(words[1])
        elif words[0] == "require":
            if words[1:2] == ["("]:
                in_block = True
            elif len(words) > 1:
                requires.append(_unquote(words[1]))
    if not module:
        return None
    return GoModule(folder, module, tuple(sorted(requires, key=len, reverse=True)))


def _ignored(folder: str) -> bool:
    return any(part == _IGNORED_FOLDER or part.startswith((".", "_"))
               for part in folder.split("/") if part)


def read_go_modules(paths: Iterable[str], read: ReadFile) -> list[GoModule]:
    """Return every ``go.mod`` among the repository's paths that names its module."""
    modules = []
    for path in sorted(paths):
        folder, _, name = path.rpartition("/")
        if name != "go.mod":
            continue
        data = read(path)
        module = parse_go_mod(folder, data) if data is not None else None
        if module is not None:
            modules.append(module)
    return modules


class GoPackages:
    """The Go packages of a repository, and their import resolution."""

    def __init__(self, paths: Iterable[str], modules: Iterable[GoModule]) -> None:
        # Deepest folders first: the nearest go.mod governs a file.
        self._modules = sorted(modules, key=lambda m: (-len(m.folder), m.folder))
        self.by_path: dict[str, ModuleInfo] = {}
        self.ambiguous: list[tuple[str, str]] = []
        self._module_of: dict[str, GoModule | None] = {}
        self._packages: dict[str, str] = {}  # import path -> module name
        claims: dict[tuple[str, bool], list[str]] = {}  # (import path, tests) -> files
        for path in sorted(paths):
            folder = posixpath.dirname(path)
            if not _ignored(folder):
                claims.setdefault((self._import_path(folder), path.endswith("_test.go")),
                                  []).append(path)
        for (import_path, tests), files in sorted(claims.items()):
            # Two go.mod files naming one module path: the shallower folder keeps the name.
            first = min((posixpath.dirname(f) for f in files), key=lambda f: (len(f), f))
            kept = [f for f in files if posixpath.dirname(f) == first]
            name = qualified(SYSTEM, import_path + (TEST_SUFFIX if tests else ""))
            info = ModuleInfo(name, kept[0], True)
            self.by_path.update((f, info) for f in kept)
            self.ambiguous.extend((name, f) for f in files if f not in kept)
            if not tests:
                self._packages[import_path] = name

    def _governing(self, folder: str) -> GoModule | None:
        if folder not in self._module_of:
            self._module_of[folder] = next(
                (m for m in self._modules
                 if not m.folder or folder == m.folder or folder.startswith(m.folder + "/")),
                None)
        return self._module_of[folder]

    def _import_path(self, folder: str) -> str:
        module = self._governing(folder)
        if module is None:
            return folder
        rest = folder[len(module.folder):].lstrip("/")
        return f"{module.path}/{rest}" if rest else module.path

    def resolve(self, importer: str, specifier: str) -> Resolution:
        """Return what the import path ``specifier``, written in the file ``importer``, names."""
        for module in self._modules:
            if specifier == module.path or specifier.startswith(module.path + "/"):
                name = self._packages.get(specifier)
                return Resolution("module", name) if name is not None else \
                    Resolution("unresolved")
        governing = self._governing(posixpath.dirname(importer))
        required = next((r for r in (governing.requires if governing else ())
                         if specifier == r or specifier.startswith(r + "/")), specifier)
        return Resolution("external", qualified(SYSTEM, required))
