"""Decode and parse source files once per scan, so every analyzer shares one tree.

Python files are decoded as the interpreter would (PEP 263 coding cookies and BOMs), which
lets files declared in legacy encodings count as the valid Python they are. Every failure
becomes a one-line reason instead of an exception.
"""

from __future__ import annotations

import ast
import io
import re
import sys
import tokenize
import warnings
from dataclasses import dataclass

__all__ = ["ParsedPython", "decode_python", "decode_text", "is_python_path", "parse_python",
           "tree_nodes"]

PYTHON_SUFFIXES = (".py",)
INTERPRETER = f"Python {sys.version_info.major}.{sys.version_info.minor}"


def is_python_path(path: str) -> bool:
    """Return True for files analysed as Python source."""
    return path.endswith(PYTHON_SUFFIXES)


def decode_python(data: bytes) -> str:
    """Decode Python source bytes by BOM or PEP 263 cookie (UTF-8 by default).

    Raises SyntaxError for an unknown or conflicting declared encoding and
    UnicodeDecodeError for bytes invalid in the encoding. A cookie names any codec Python
    knows, so decoding may also raise what that codec raises: UnicodeError (``punycode``,
    ``undefined``), LookupError (codecs that are not text encodings: ``rot13``, ``base64``,
    ``zlib``, ``uu``) or anything a codec registered at run time raises; callers that must
    not fail use :func:`parse_python`.
    """
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    text = data.decode(encoding)
    # detect_encoding reports 'utf-8-sig' for a BOM; decoding with it already dropped the BOM.
    return text


def decode_text(data: bytes) -> str:
    """Decode a non-Python text file as UTF-8 (BOM tolerated); raises UnicodeDecodeError."""
    return data.decode("utf-8-sig")


@dataclass(frozen=True)
class ParsedPython:
    """A Python file's text and tree, or the one-line reason it could not be parsed."""

    path: str
    text: str | None
    tree: ast.Module | None
    error: str | None


def _one_line(exc: Exception) -> str:
    """Return the first line of an exception's message (codecs may quote the file)."""
    lines = str(exc).splitlines()
    return lines[0][:300] if lines else type(exc).__name__


# Statements of newer Pythons that an older parser rejects, by the first line of the
# statement: (version, what it is, pattern). Checked only where the parse failed.
_NEWER_SYNTAX = (
    ((3, 12), "a type statement", re.compile(r"^\s*type\s+[A-Za-z_]\w*\s*(\[.*)?=")),
    ((3, 12), "type parameters",
     re.compile(r"^\s*(?:async\s+)?(?:def|class)\s+[A-Za-z_]\w*\s*\[")),
    ((3, 14), "an except clause without parentheses",
     re.compile(r"^\s*except\*?\s+[A-Za-z_][\w.]*\s*,\s*[A-Za-z_][\w.]*\s*:")),
)


def _newer_syntax(line: str | None) -> str:
    """Return "; it uses Python 3.12 syntax (...)" when the line is newer syntax, else ""."""
    for version, what, pattern in _NEWER_SYNTAX:
        if sys.version_info[:2] < version and line and pattern.match(line):
            return (f"; it uses Python {version[0]}.{version[1]} syntax ({what}): run scorecard "
                    f"on Python {version[0]}.{version[1]} or later to measure it")
    return ""


def _fstring_hint(message: str) -> str:
    """Return a hint for an f-string error a Python 3.12 parser may not make, else ""."""
    if sys.version_info[:2] >= (3, 12) or not message.startswith("f-string"):
        return ""
    # PEP 701 (3.12) lets a replacement field hold quotes, backslashes and comments.
    return ("; Python 3.12 f-strings allow this (PEP 701): if the project runs on 3.12 or "
            "later, run scorecard on it to measure this file")


def _syntax_reason(exc: SyntaxError) -> str:
    where = f" (line {exc.lineno})" if exc.lineno else ""
    hint = _newer_syntax(exc.text) or _fstring_hint(exc.msg or "")
    return f"does not parse as {INTERPRETER}: {exc.msg}{where}{hint}"


def parse_python(path: str, data: bytes) -> ParsedPython:
    """Decode and parse one Python file; never raises for bad input."""
    try:
        text = decode_python(data)
    except SyntaxError as exc:
        return ParsedPython(path, None, None, f"undecodable: {exc.msg}")
    except (UnicodeError, LookupError) as exc:
        return ParsedPython(path, None, None, f"undecodable: {_one_line(exc)}")
    except Exception as exc:  # noqa: BLE001 - a codec named by the file may raise anything
        return ParsedPython(path, None, None,
                            f"undecodable: {type(exc).__name__}: {_one_line(exc)}")
    try:
        with warnings.catch_warnings():
            # Invalid escape sequences in the repo's code are its business, not our output's.
            warnings.simplefilter("ignore")
            tree = ast.parse(text, filename=path, type_comments=False)
    except SyntaxError as exc:
        return ParsedPython(path, text, None, _syntax_reason(exc))
    except ValueError as exc:  # NUL bytes in source (3.11 raises ValueError)
        return ParsedPython(path, text, None, f"does not parse: {exc}")
    except (RecursionError, MemoryError):
        return ParsedPython(path, text, None, "does not parse: nested too deeply for the parser")
    return ParsedPython(path, text, tree, None)


# Fields that never hold a node a caller looks at: expression contexts and operators (shared
# singleton nodes), and plain values. Leaving them out skips about a third of the nodes.
_SKIPPED_FIELDS = frozenset({"ctx", "op", "ops", "id", "attr", "name", "arg", "kind",
                             "conversion", "simple", "is_async", "level", "module",
                             "type_comment", "asname"})


class _SharedWalk:
    """The nodes of the tree walked last (the analyzers of one file share one walk)."""

    def __init__(self) -> None:
        self.tree: ast.AST | None = None
        self.nodes: list[ast.AST] = []
        self.fields: dict[type[ast.AST], tuple[str, ...]] = {}

    def nodes_of(self, tree: ast.AST) -> list[ast.AST]:
        """Return the nodes of ``tree``, walking it only if it is not the last one."""
        if self.tree is not tree:
            self.tree, self.nodes = tree, self._walk(tree)
        return self.nodes

    def _walk(self, tree: ast.AST) -> list[ast.AST]:
        nodes: list[ast.AST] = [tree]
        index = 0
        while index < len(nodes):
            node = nodes[index]
            index += 1
            for name in self._fields_of(type(node)):
                value = getattr(node, name, None)  # ast.iter_fields skips a missing field too
                if isinstance(value, ast.AST):
                    nodes.append(value)
                elif isinstance(value, list):
                    nodes.extend(item for item in value if isinstance(item, ast.AST))
        return nodes

    def _fields_of(self, kind: type[ast.AST]) -> tuple[str, ...]:
        names = self.fields.get(kind)
        if names is None:
            names = self.fields[kind] = tuple(f for f in kind._fields
                                              if f not in _SKIPPED_FIELDS)
        return names


_WALK = _SharedWalk()


def tree_nodes(tree: ast.AST) -> list[ast.AST]:
    """Return the nodes of ``tree`` in ``ast.walk``'s order, without contexts and operators.

    That is every node ``ast.walk`` yields (breadth first, in field order) except expression
    contexts (``Load``, ``Store``, ``Del``) and operators (``Add``, ``And``, ``Eq``...), which
    carry no facts of their own. Several analyzers look at every node of the same shared
    tree: the list is built once per tree (the last one asked for is kept), without
    ``ast.walk``'s generator per node. Callers only read it.
    """
    return _WALK.nodes_of(tree)
