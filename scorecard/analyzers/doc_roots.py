"""Where a repository keeps its documentation, beyond a top-level ``docs/``.

One answer for every analyzer that asks "is this page documentation" (the env-var docs of
the overrides analyzer, the docs tree of the runbooks analyzer). A folder is a
documentation root when:

- its name says so, at any depth: ``docs``, ``doc``, ``documentation``, ``website``,
  ``site``, ``book``, ``manual`` (``charts/app/docs/``, ``templates/docs/``,
  ``website/content/``);
- a documentation tool's configuration points at it: mkdocs ``docs_dir`` (default ``docs``
  beside ``mkdocs.yml``), the folder of a Sphinx ``conf.py``, the paths a
  ``.readthedocs.yaml`` names, Hugo's ``content`` beside its configuration, Docusaurus'
  ``docs`` beside ``docusaurus.config.*``, Antora's ``modules`` beside ``antora.yml``.

Configuration files are read as text (never executed); only small ones are read.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from scorecard.analyzers.base import ScanContext

__all__ = ["DOC_FOLDER_NAMES", "DocRoots", "find_doc_roots", "repository_doc_roots"]

DOC_FOLDER_NAMES = frozenset({"docs", "doc", "documentation", "website", "site", "book",
                              "manual"})
_MKDOCS = re.compile(r"^mkdocs\.ya?ml$")
_DOCS_DIR = re.compile(r"^docs_dir\s*:\s*['\"]?([^'\"#\n]+?)['\"]?\s*(?:#.*)?$", re.M)
_SPHINX_CONF = re.compile(r"^\s*(extensions|html_theme|master_doc|root_doc|project)\s*=", re.M)
_RTD = re.compile(r"^\.readthedocs\.ya?ml$")
_RTD_PATH = re.compile(r"^\s*configuration\s*:\s*['\"]?([^'\"#\s]+)", re.M)
_HUGO = re.compile(r"^(hugo|config)\.(toml|ya?ml|json)$")  # Hugo only with baseURL or theme
_DOCUSAURUS = re.compile(r"^docusaurus\.config\.(js|ts|mjs)$")
MAX_CONFIG_BYTES = 64 * 1024
MAX_DEPTH = 4


@dataclass(frozen=True)
class DocRoots:
    """Documentation folders (repo-relative, no trailing slash) and the configs found."""

    folders: frozenset[str]
    configs: tuple[str, ...]

    def contains(self, path: str) -> bool:
        """Return True for a file inside a documentation root."""
        parts = path.split("/")[:-1]
        if any(part.lower() in DOC_FOLDER_NAMES for part in parts):
            return True
        return any(path.startswith(folder + "/") for folder in self.folders)


def _join(base: str, rel: str) -> str:
    return posixpath.normpath(posixpath.join(base, rel.strip().strip("/"))).lstrip("./")


def find_doc_roots(paths: Iterable[str], read_text: Callable[[str], str | None]) -> DocRoots:
    """Return the documentation roots of a repository from its file list and tool configs.

    ``read_text`` returns a small file's text, or None when it is too large or unreadable.
    """
    folders: set[str] = set()
    configs: list[str] = []
    for path in paths:
        if path.count("/") > MAX_DEPTH:
            continue
        base, _, name = path.rpartition("/")
        lower = name.lower()
        if _MKDOCS.match(lower):
            text = read_text(path) or ""
            match = _DOCS_DIR.search(text)
            folders.add(_join(base, match.group(1) if match else "docs"))
        elif lower == "conf.py" and base:
            if _SPHINX_CONF.search(read_text(path) or ""):
                folders.add(base)
            else:
                continue
        elif _RTD.match(lower):
            for target in _RTD_PATH.findall(read_text(path) or ""):
                folder = posixpath.dirname(_join(base, target))
                if folder:
                    folders.add(folder)
        elif _HUGO.match(lower) and re.search(r"(?i)\bbaseurl\b|^\s*theme\s*[=:]",
                                              read_text(path) or "", re.M):
            folders.add(_join(base, "content"))
        elif _DOCUSAURUS.match(lower):
            folders.add(_join(base, "docs"))
        elif lower == "antora.yml":
            folders.add(_join(base, "modules"))
        else:
            continue
        configs.append(path)
    folders.discard("")
    return DocRoots(frozenset(folders), tuple(sorted(configs)))


def repository_doc_roots(ctx: ScanContext) -> DocRoots:
    """Return the documentation roots of the scanned tree (or commit)."""
    sizes = {f.path: f.size for f in ctx.files}

    def read_text(path: str) -> str | None:
        if sizes.get(path, MAX_CONFIG_BYTES + 1) > MAX_CONFIG_BYTES:
            return None
        try:
            return ctx.view.read_bytes(path).decode("utf-8", "replace")
        except OSError:
            return None

    return find_doc_roots(sizes, read_text)
