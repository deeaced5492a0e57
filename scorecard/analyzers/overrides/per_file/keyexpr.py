"""Turn the key expression of an env read into a name, a parameter, or a dynamic read.

Rules (spec: never guess a dynamic name):

- a string literal is the name;
- a concatenation or f-string whose every part is a literal or a module-level string bound
  exactly once is still a static name (``PREFIX + "HOST"``): its value is fixed;
- inside a module-level function, a parameter (optionally with a literal prefix or suffix,
  ``name + "_FILE"``) makes the function an env-reading *wrapper*;
- anything else (loop variables, attribute lookups, calls) is a dynamic read: counted and
  listed with its source text, never given a name.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from scorecard.analyzers.overrides.per_file.names import ModuleNames
from scorecard.analyzers.overrides.per_file.treeindex import FunctionNode

__all__ = ["DynamicKey", "KeyExpr", "LiteralKey", "ParamKey", "param_parts", "parameter_slots",
           "resolve_key", "source_text"]

MAX_SOURCE = 80


@dataclass(frozen=True)
class LiteralKey:
    """A key whose value is known statically."""

    name: str


@dataclass(frozen=True)
class ParamKey:
    """A key taken from a parameter of the enclosing module-level function."""

    function: str
    index: int  # positional index, or -1 for keyword-only parameters
    param: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class DynamicKey:
    """A key computed at run time; only its source text is kept."""

    text: str


KeyExpr = LiteralKey | ParamKey | DynamicKey


def source_text(node: ast.AST) -> str:
    """Return a short, one-line source rendering of a node for reports."""
    try:
        text = ast.unparse(node)
    except (ValueError, RecursionError):  # pragma: no cover - defensive, malformed tree
        return "<expression>"
    text = " ".join(text.split())
    return text if len(text) <= MAX_SOURCE else text[: MAX_SOURCE - 1] + "\u2026"


def parameter_slots(function: FunctionNode) -> dict[str, int]:
    """Map each parameter of a function to its positional index (-1 when keyword-only)."""
    args = function.args
    slots = {a.arg: i for i, a in enumerate((*args.posonlyargs, *args.args))}
    slots.update({a.arg: -1 for a in args.kwonlyargs})
    return slots


def _static_parts(node: ast.expr, names: ModuleNames) -> list[str] | None:
    """Return the string pieces of a fully static key expression, else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Name) and node.id in names.constants:
        return [names.constants[node.id]]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _static_concatenation_parts(node, names)
    if isinstance(node, ast.JoinedStr):
        return _static_fstring_parts(node, names)
    return None


def _static_concatenation_parts(node: ast.BinOp, names: ModuleNames) -> list[str] | None:
    """Return the string pieces of ``left + right`` when both sides are static, else None."""
    left = _static_parts(node.left, names)
    right = _static_parts(node.right, names) if left is not None else None
    return None if left is None or right is None else left + right


def _static_fstring_parts(node: ast.JoinedStr, names: ModuleNames) -> list[str] | None:
    """Return the string pieces of an f-string whose every part is static, else None."""
    pieces: list[str] = []
    for value in node.values:
        if isinstance(value, ast.FormattedValue):
            part = _static_placeholder_parts(value, names)
        else:
            part = _static_parts(value, names)
        if part is None:
            return None
        pieces.extend(part)
    return pieces


def _static_placeholder_parts(value: ast.FormattedValue, names: ModuleNames) -> list[str] | None:
    """Return the pieces of an f-string's ``{expr}`` when expr is static and shown as is.

    A format spec or a conversion other than ``!s`` changes the text: not static then.
    """
    if value.format_spec is not None or value.conversion not in (-1, ord("s")):
        return None
    return _static_parts(value.value, names)


def param_parts(node: ast.expr, params: dict[str, int],
                names: ModuleNames) -> tuple[str, str, str] | None:
    """Return (param, prefix, suffix) when the key is ``[prefix +] param [+ suffix]``."""
    if isinstance(node, ast.Name) and node.id in params:
        return node.id, "", ""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _concatenated_param_parts(node, params, names)
    if isinstance(node, ast.JoinedStr):
        return _fstring_param_parts(node, params, names)
    return None


def _concatenated_param_parts(node: ast.BinOp, params: dict[str, int],
                              names: ModuleNames) -> tuple[str, str, str] | None:
    """Return (param, prefix, suffix) for ``left + right`` with the parameter on one side."""
    left = param_parts(node.left, params, names)
    if left is not None:
        suffix = _static_parts(node.right, names)
        return None if suffix is None else (left[0], left[1], left[2] + "".join(suffix))
    right = param_parts(node.right, params, names)
    if right is not None:
        prefix = _static_parts(node.left, names)
        return None if prefix is None else (right[0], "".join(prefix) + right[1], right[2])
    return None


def _fstring_param_parts(node: ast.JoinedStr, params: dict[str, int],
                         names: ModuleNames) -> tuple[str, str, str] | None:
    """Return (param, prefix, suffix) for an f-string holding a parameter and static parts.

    The first ``{param}`` (without a format spec) is the parameter; every other part must
    be static.
    """
    found: str | None = None
    before: list[str] = []
    after: list[str] = []
    for value in node.values:
        param = _placeholder_param(value, params) if found is None else None
        if param is not None:
            found = param
            continue
        part = _static_parts(value.value if isinstance(value, ast.FormattedValue)
                             else value, names)
        if part is None:
            return None
        (after if found else before).extend(part)
    return None if found is None else (found, "".join(before), "".join(after))


def _placeholder_param(value: ast.expr, params: dict[str, int]) -> str | None:
    """Return the parameter an f-string part ``{param}`` shows (no format spec), else None."""
    if isinstance(value, ast.FormattedValue) and isinstance(value.value, ast.Name) \
            and value.value.id in params and value.format_spec is None:
        return value.value.id
    return None


def resolve_key(node: ast.expr | None, names: ModuleNames,
                function: FunctionNode | None) -> KeyExpr | None:
    """Classify a key expression; None when there is no key at all."""
    if node is None or isinstance(node, ast.Starred):
        return None if node is None else DynamicKey(source_text(node))
    parts = _static_parts(node, names)
    if parts is not None:
        return LiteralKey("".join(parts))
    if function is not None:
        params = parameter_slots(function)
        found = param_parts(node, params, names)
        if found is not None:
            param, prefix, suffix = found
            return ParamKey(function.name, params[param], param, prefix, suffix)
    return DynamicKey(source_text(node))
