"""The docstrings analyzer's facts: what interrogate's selection and the public API count."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DocstringFile", "DocstringsFacts"]


@dataclass(frozen=True)
class DocstringFile:
    """A file's documentable nodes and how many lack a docstring."""

    path: str
    total: int
    missing: int


@dataclass(frozen=True)
class DocstringsFacts:
    """What the docstrings analyzer counted (``details.docstrings``)."""

    files: int
    unparsable_files: tuple[str, ...]
    total: int
    covered: int
    missing: int
    public_total: int
    public_covered: int
    worst_files: tuple[DocstringFile, ...]
