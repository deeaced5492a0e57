"""JavaScript and TypeScript modules: their names and what their import specifiers resolve to.

Every file of a language whose module system is ``js`` is a module named by its repository
path (``js:src/app/util.ts``, see :mod:`.module_names`); a folder's ``index`` file is the
folder's own module (``js:src/app``), as ``import "./app"`` reaches it. When several index
files compete for a folder (``index.d.ts`` next to the ``index.js`` it describes, or an
``index.js`` and an ``index.mjs`` built side by side), the one resolution tries first takes
the folder's name and the others stay modules named by their own path: each is a file that
runs, so its imports are graphed, and an import that names it with its extension reaches it.

A relative specifier (``./a``, ``../b/c``) resolves as Node and TypeScript do: the exact
file, then the file with each of ``RESOLVED_EXTENSIONS`` appended, then TypeScript's
rewrite of a JavaScript extension to the TypeScript source it compiles from (``./a.js`` is
``a.ts``), then the folder's ``index`` file. The extensions are tried in the order of the
importer's own resolver: TypeScript's (``.ts``, ``.tsx``, ``.d.ts`` first) for a TypeScript
file, Node's (``.js`` first, a declaration file last) for a JavaScript file, which loads the
``index.js`` that an ``index.d.ts`` beside it only describes. An existing file that is not a module
(``./app.css``, ``./data.json``) is an asset, not an edge. A bare specifier is first looked
up through the governing ``tsconfig.json`` aliases (:mod:`.tsconfig_paths`); otherwise it
names an external package, counted by package name (``react``, ``@scope/pkg``,
``node:fs``). Not resolved: ``package.json`` ``exports``, ``main`` and workspace packages
(a bare specifier naming a package of the same repository counts as external), and
specifiers computed at run time.
"""

from __future__ import annotations

import posixpath
from collections.abc import Collection, Iterable, Mapping

from scorecard.analyzers.boundaries.module_names import Resolution, qualified
from scorecard.analyzers.boundaries.modules import ModuleInfo
from scorecard.analyzers.boundaries.tsconfig_paths import PathAliases, aliases_for

__all__ = ["RESOLVED_EXTENSIONS", "SYSTEM", "ScriptModules", "package_name"]

SYSTEM = "js"
# In TypeScript's order (its sources and declarations first), then JavaScript's.
RESOLVED_EXTENSIONS = (".ts", ".tsx", ".d.ts", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts")
# TypeScript (node16 and bundler resolution) lets an import name the JavaScript file that a
# TypeScript file compiles to.
_JAVASCRIPT_FIRST = (".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts", ".d.ts")
_JAVASCRIPT = (".js", ".jsx", ".mjs", ".cjs")
_COMPILED_FROM = {".js": (".ts", ".tsx", ".d.ts"), ".jsx": (".tsx",), ".mjs": (".mts",),
                  ".cjs": (".cts",)}
_INDEX = "index"


_LONGEST_FIRST = tuple(sorted(RESOLVED_EXTENSIONS, key=len, reverse=True))


def _extension(name: str) -> str:
    """Return the resolution extension a file name ends with (``.d.ts`` before ``.ts``)."""
    return next((ext for ext in _LONGEST_FIRST if name.endswith(ext)), "")


def _index_folder(path: str) -> str | None:
    """Return the folder an ``index`` file stands for (not the repository root), else None."""
    folder, _, name = path.rpartition("/")
    extension = _extension(name)
    if folder and extension and name[:-len(extension)] == _INDEX:
        return folder
    return None


def _preference(path: str) -> int:
    extension = _extension(path)
    return RESOLVED_EXTENSIONS.index(extension) if extension else len(RESOLVED_EXTENSIONS)


def package_name(specifier: str) -> str:
    """Return the package a bare specifier names: ``@scope/pkg/x`` -> ``@scope/pkg``."""
    parts = specifier.split("/")
    return "/".join(parts[:2]) if specifier.startswith("@") else parts[0]


class ScriptModules:
    """The JavaScript/TypeScript modules of a repository, and their import resolution."""

    def __init__(self, paths: Iterable[str], repository_files: Collection[str],
                 aliases: Mapping[str, PathAliases]) -> None:
        self.by_path: dict[str, ModuleInfo] = {}
        self.ambiguous: list[tuple[str, str]] = []  # never filled: no file is left out
        self._files = repository_files
        self._aliases = aliases
        indexes: dict[str, list[str]] = {}
        for path in sorted(paths):
            folder = _index_folder(path)
            if folder is not None:
                indexes.setdefault(folder, []).append(path)
            else:
                self.by_path[path] = ModuleInfo(qualified(SYSTEM, path), path, False)
        for folder, contenders in sorted(indexes.items()):
            contenders.sort(key=_preference)
            self.by_path[contenders[0]] = ModuleInfo(qualified(SYSTEM, folder), contenders[0],
                                                     True)
            for other in contenders[1:]:
                self.by_path[other] = ModuleInfo(qualified(SYSTEM, other), other, False)

    def resolve(self, importer: str, specifier: str) -> Resolution:
        """Return what ``specifier``, written in the file ``importer``, names."""
        order = _JAVASCRIPT_FIRST if importer.endswith(_JAVASCRIPT) else RESOLVED_EXTENSIONS
        if specifier.startswith(("./", "../")) or specifier in (".", ".."):
            base = posixpath.normpath(posixpath.join(posixpath.dirname(importer), specifier))
            if base == ".." or base.startswith("../"):
                return Resolution("unresolved")
            return self._file(base if base != "." else "", order)
        if specifier.startswith("/"):
            return Resolution("unresolved")  # an absolute file system path
        aliases = aliases_for(importer, self._aliases)
        targets = aliases.match(specifier) if aliases is not None else None
        if targets is not None:
            for base in targets:
                found = self._file(base, order)
                if found.kind != "unresolved":
                    return found
            return Resolution("unresolved")  # an alias of this repository leading nowhere
        below_base = aliases.below_base_url(specifier) if aliases is not None else None
        if below_base is not None:
            found = self._file(below_base, order)
            if found.kind != "unresolved":
                return found
        return Resolution("external", qualified(SYSTEM, package_name(specifier)))

    def _module(self, path: str) -> Resolution | None:
        info = self.by_path.get(path)
        return Resolution("module", info.name) if info is not None else None

    def _file(self, base: str, order: tuple[str, ...]) -> Resolution:
        """Resolve a repository path as written: file, extensions, compiled-from, index."""
        found = self._module(base) if base else None
        if found is not None:
            return found
        if base and base in self._files:
            return Resolution("asset", base)
        for extension in order:
            found = self._module(base + extension) if base else None
            if found is not None:
                return found
        stem, dot, written = base.rpartition(".")
        for extension in _COMPILED_FROM.get(dot + written, ()):
            found = self._module(stem + extension)
            if found is not None:
                return found
        folder = f"{base}/" if base else ""
        for extension in order:
            found = self._module(folder + _INDEX + extension)
            if found is not None:
                return found
        return Resolution("unresolved")
