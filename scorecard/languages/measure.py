"""Measure the functions of a non-Python source file from its tree-sitter syntax tree.

Language-neutral: every node kind comes from the file's :class:`LanguageSpec`.

Per function:

- cyclomatic complexity is lizard's CCN: 1 plus one per decision token among the function's
  own tokens (those of nested functions belong to them, as lizard's function stack does).
  lizard tokenizes with regular expressions, so two tokenizer rules are mirrored: a generic
  argument list holding a ``?`` wildcard (``List<?>``, ``Map<K, ? extends V>``) is one token
  to lizard and its ``?`` no decision; in TypeScript/JavaScript a ``?`` written right after a
  name (``a? b : c``) is glued to the name.
- cognitive complexity follows SonarSource's specification (G. Ann Campbell, "Cognitive
  Complexity", version 1.7): B3 increments (+1 plus the nesting level) for ``if``, loops,
  ``switch`` (once, nothing per case), ``catch`` and the conditional operator; B1 hybrid
  increments (+1) for ``else if`` and ``else``; +1 per sequence of like logical operators
  (parentheses do not break a sequence, as in SonarSource's Java analyzer); +1 for a jump to
  a label (labelled ``break``/``continue``, ``goto``); B2 nesting for the bodies of those
  structures and for nested functions and lambdas. Recursion is not counted (it needs name
  resolution a syntax tree does not give).
- nesting depth counts control-flow blocks as for Python: ``if`` (its whole ``else if``
  chain is one level), loops, ``switch``/``select`` and ``try`` each add one level; nested
  functions are measured on their own and add none.
- length is the lines from the function's first line (its name's line when it has one, as
  lizard reports it) to its last; parameters are those a caller passes (Go's receiver is not
  one).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from tree_sitter import Language, Node, Parser, Tree

from scorecard.facts.complexity_facts import FunctionRow
from scorecard.languages.spec import LanguageSpec

__all__ = ["ERROR_SHARE_LIMIT", "FileMeasures", "SyntaxTree", "measure_syntax", "measure_tree",
           "parse_file", "parse_source", "source_lines"]

# A tree whose syntax errors cover more than this share of the file's bytes is not measured:
# tree-sitter recovers from errors, so a few are measured around, but a mostly broken tree
# (another dialect, a template language) would give made-up functions.
ERROR_SHARE_LIMIT = 0.1

_PARSERS: dict[str, Parser] = {}
# lizard's tokenizer reads ``<`` ... ``>`` holding a ``?`` and only word characters, blanks,
# commas and dots as one generic-argument token (``token_pattern.py``).
_GENERIC_WITH_WILDCARD = re.compile(rb"<[\w\s,.?]*>")
_WORD = re.compile(rb"\w")


def _parser(spec: LanguageSpec) -> Parser:
    parser = _PARSERS.get(spec.key)
    if parser is None:
        parser = _PARSERS[spec.key] = Parser(Language(spec.grammar()))
    return parser


@dataclass(frozen=True)
class FileMeasures:
    """What one file measured: its function rows and line counts, or why it was not."""

    rows: tuple[FunctionRow, ...]
    loc: int
    sloc: int
    error: str | None = None


def source_lines(text: str) -> tuple[int, int]:
    """Return (lines, source lines): source lines are non-blank lines not starting a comment.

    A line-based count (``//``, ``/*``, ``*`` starting the line mark a comment line), not a
    full lexer: a line holding only the inside of a block comment that does not start with
    ``*`` counts as source.
    """
    loc = sloc = 0
    for line in text.splitlines():
        loc += 1
        stripped = line.lstrip()
        if stripped and not stripped.startswith(("//", "/*", "*")):
            sloc += 1
    return loc, sloc


def parse_source(spec: LanguageSpec, data: bytes) -> tuple[Tree | None, str | None]:
    """Parse a file; return its tree, or None and the one-line reason it is not measured."""
    tree = _parser(spec).parse(data)
    root = tree.root_node
    if not root.has_error:
        return tree, None
    broken, first = _error_bytes(root)
    if len(data) and broken / len(data) > ERROR_SHARE_LIMIT:
        where = f" (first at line {first})" if first else ""
        return None, (f"does not parse as {spec.name}: syntax errors cover "
                      f"{100 * broken // len(data)}% of the file{where}")
    return tree, None


@dataclass(frozen=True)
class SyntaxTree:
    """A parsed file in a tree-sitter language: what a per-file step receives."""

    spec: LanguageSpec
    tree: Tree
    data: bytes


def parse_file(spec: LanguageSpec, data: bytes) -> tuple[str, SyntaxTree | None, str | None]:
    """Decode and parse one file; return its text, its tree (or None) and why not.

    Text is read as UTF-8, an undecodable byte replaced (lines and digests only need the
    text; the tree is built from the bytes). Never raises for bad input.
    """
    text = data.decode("utf-8", "replace")
    try:
        tree, error = parse_source(spec, data)
    except (ValueError, RuntimeError) as exc:  # the binding refuses the input
        return text, None, f"does not parse as {spec.name}: {exc}"
    if tree is None:
        return text, None, error
    return text, SyntaxTree(spec, tree, data), None


def measure_syntax(syntax: SyntaxTree, text: str) -> FileMeasures:
    """Measure every function of a parsed file (see :func:`measure_tree`)."""
    return measure_tree(syntax.spec, syntax.tree, syntax.data, text)


def _error_bytes(root: Node) -> tuple[int, int]:
    """Return the bytes under ERROR and MISSING nodes and the first such node's line."""
    broken = 0
    first = 0
    stack = [root]
    while stack:
        node = stack.pop()
        if node.is_error or node.is_missing:
            broken += max(1, node.end_byte - node.start_byte)
            line = node.start_point.row + 1
            first = line if not first else min(first, line)
            continue
        stack.extend(child for child in node.children if child.has_error or child.is_missing)
    return broken, first


@dataclass
class _Found:
    """A function found in the tree, before it is measured."""

    node: Node
    qualname: str
    line: int


def measure_tree(spec: LanguageSpec, tree: Tree, data: bytes, text: str) -> FileMeasures:
    """Measure every function of a parsed file, sorted by line."""
    loc, sloc = source_lines(text)
    lines = text.splitlines()
    rows = [
        FunctionRow(found.qualname, found.line, _cyclomatic(spec, found.node, data),
                    _cognitive(spec, found.node), found.node.end_point.row + 2 - found.line,
                    _nesting(spec, found.node), _parameters(spec, found.node),
                    _digest(lines, found.line, found.node.end_point.row + 1))
        for found in _functions(spec, tree.root_node)
    ]
    rows.sort(key=lambda r: r.line)
    return FileMeasures(tuple(rows), loc, sloc)


def _text(node: Node | None) -> str:
    if node is None or node.text is None:
        return ""
    return node.text.decode("utf-8", "replace")


def _functions(spec: LanguageSpec, root: Node) -> list[_Found]:
    """Find every function, with a qualified name unique in the file."""
    found: list[_Found] = []
    seen: dict[str, int] = {}
    stack: list[tuple[Node, str]] = [(root, "")]
    while stack:
        node, prefix = stack.pop()
        children_prefix = prefix
        kind = node.type
        if kind in spec.function_types and node.child_by_field_name("body") is not None:
            # A declaration without a body (abstract, interface, external) is no function.
            name_node = node.child_by_field_name("name")
            name = _function_name(spec, node, name_node)
            qualname = f"{prefix}{name}"
            count = seen.get(qualname, 0) + 1
            seen[qualname] = count
            if count > 1:
                qualname = f"{qualname}#{count}"
            line = (name_node.start_point.row if name_node is not None
                    else node.start_point.row) + 1
            found.append(_Found(node, qualname, line))
            children_prefix = f"{qualname}."
        elif kind in spec.container_types:
            name = _text(node.child_by_field_name("name")) or "(anonymous)"
            children_prefix = f"{prefix}{name}."
        stack.extend((child, children_prefix) for child in reversed(node.children)
                     if child.named_child_count)
    return found


_NAMING_PARENTS = {
    "variable_declarator": "name", "pair": "key", "public_field_definition": "name",
    "field_definition": "property", "assignment_expression": "left", "var_spec": "name",
}


def _function_name(spec: LanguageSpec, node: Node, name_node: Node | None) -> str:
    """Return a function's own name, the name it is assigned to, or ``(anonymous)``."""
    if name_node is not None:
        name = _text(name_node)
        receiver = node.child_by_field_name("receiver")
        if receiver is not None:  # a Go method: its receiver's type names it
            base = re.sub(r"\[.*\]", "", _text(receiver).strip("()")).split()
            if base:
                return f"{base[-1].lstrip('*')}.{name}"
        return name
    parent = node.parent
    if parent is not None and parent.type == "expression_list":  # Go: ``var f = func``
        parent = parent.parent
    field = _NAMING_PARENTS.get(parent.type) if parent is not None else None
    if parent is not None and field is not None:
        target = parent.child_by_field_name(field)
        if target is not None and target is not node:
            name = _text(target).rsplit(".", 1)[-1].strip("\"'`")
            if name and len(name) <= 80 and "\n" not in name:
                return name
    return "(anonymous)"


# Tokens that, first on their line, do not end an arrow function's expression body in
# lizard's TypeScript reader (``TypeScriptStates._state_global`` handles them before its
# "newline ends the function" branch).
_CONTINUING_TOKENS = frozenset({
    "static", "async", "new", "declare", "type", ".", "?.", "function", "if", "switch", "for",
    "while", "catch", "else", "do", "try", "=>", "=", "(", "[", "{", "}", ")", "]",
})
_OPENING = frozenset({"(", "[", "{", "${"})
_CLOSING = frozenset({")", "]", "}"})


def _arrow_tail(spec: LanguageSpec, node: Node) -> int | None:
    """Return where lizard ends an arrow function's expression body (a byte offset), or None.

    lizard's TypeScript reader ends an arrow function whose body is an expression at the
    first token that starts a line outside any brackets (unless it is one of
    ``_CONTINUING_TOKENS``; that token still counts for the arrow), or after a ``{ ... }``
    outside brackets; the rest of the body's tokens count for the enclosing function.
    """
    if not spec.detached_arrow_bodies or node.type != "arrow_function":
        return None
    body = node.child_by_field_name("body")
    if body is None or body.type == "statement_block":
        return None
    arrow = body.prev_sibling
    previous_row = arrow.end_point.row if arrow is not None else body.start_point.row
    depth = ternary = 0
    stack = [body]
    while stack:
        current = stack.pop()
        kind = current.type
        if current.child_count and kind not in spec.opaque_types and (
                kind not in spec.function_types or current.id == body.id):
            stack.extend(reversed(current.children))
            continue
        if kind in spec.comment_types:
            continue
        starts_line = current.start_point.row > previous_row
        previous_row = current.end_point.row
        if current.child_count == 0 and current.is_named:
            kind = _text(current)  # an identifier such as ``type`` is a keyword to lizard
        if depth == 0 and starts_line and kind not in _CONTINUING_TOKENS and not (
                kind == ":" and ternary):
            return current.end_byte
        if kind == "?":
            ternary += 1
        elif kind == ":" and ternary:
            ternary -= 1
        if kind in _OPENING:
            depth += 1
        elif kind in _CLOSING:
            depth -= 1
            if depth == 0 and kind == "}":
                return current.end_byte
    return None


def _own_nodes(spec: LanguageSpec, function: Node) -> list[Node]:
    """Return the leaf tokens of a function, without those of functions nested in it.

    As lizard sees them: subtrees its tokenizer reads as one token are left out, and the
    tail of an arrow function's expression body (see :func:`_arrow_tail`) belongs to the
    enclosing function.
    """
    leaves: list[Node] = []
    own_tail = _arrow_tail(spec, function)
    function_types = spec.function_types
    opaque = spec.opaque_types
    # (node, tail): tokens at or after ``tail`` are left out (None: keep all).
    stack: list[tuple[Node, int | None]] = [(c, own_tail) for c in reversed(function.children)]
    while stack:
        node, tail = stack.pop()
        if tail is not None and node.start_byte >= tail:
            continue
        if node.child_count == 0:
            leaves.append(node)
        elif node.type in function_types:
            nested_tail = _arrow_tail(spec, node)
            if nested_tail is not None:  # its tail is the enclosing function's
                leaves.extend(leaf for leaf in _tail_leaves(spec, node, nested_tail)
                              if tail is None or leaf.start_byte < tail)
        elif node.type not in opaque:
            stack.extend((child, tail) for child in reversed(node.children))
    return leaves


def _tail_leaves(spec: LanguageSpec, arrow: Node, tail: int) -> list[Node]:
    """Return the leaf tokens of an arrow function's body from ``tail`` on."""
    leaves: list[Node] = []
    stack = [arrow.child_by_field_name("body")]
    while stack:
        node = stack.pop()
        if node is None or node.end_byte <= tail:
            continue
        if node.child_count == 0:
            if node.start_byte >= tail:
                leaves.append(node)
        elif node.type in spec.function_types:
            nested_tail = _arrow_tail(spec, node)
            if nested_tail is not None:
                leaves.extend(_tail_leaves(spec, node, nested_tail))
        elif node.type not in spec.opaque_types:
            stack.extend(reversed(node.children))
    return leaves


def _cyclomatic(spec: LanguageSpec, function: Node, data: bytes) -> int:
    """Return lizard's CCN: 1 plus one per decision token of the function's own."""
    decisions = spec.decision_tokens
    defaults = spec.default_value_types
    count = 1
    for leaf in _own_nodes(spec, function):
        kind = leaf.type
        if kind == "=" and defaults:
            parent = leaf.parent
            count += parent is not None and parent.type in defaults
            continue
        if kind not in decisions or leaf.is_named:
            continue
        if kind == "?" and _lizard_merges_question(spec, leaf, data):
            continue
        count += 1
    return count


def _lizard_merges_question(spec: LanguageSpec, leaf: Node, data: bytes) -> bool:
    """Return True when lizard's tokenizer makes this ``?`` part of a longer token."""
    start = leaf.start_byte
    if spec.glued_question_mark and start > 0 and _WORD.match(data, start - 1):
        following = data[start + 1:start + 2]
        if following not in (b"?", b"."):
            return True
    # A generic argument list ``<...?...>``: find the ``<`` before and the ``>`` after.
    left = max(data.rfind(b"<", max(0, start - 200), start), -1)
    if left < 0:
        return False
    match = _GENERIC_WITH_WILDCARD.match(data, left)
    return match is not None and match.end() > start


def _operator(node: Node) -> str:
    operator = node.child_by_field_name("operator")
    return operator.type if operator is not None else ""


def _cognitive(spec: LanguageSpec, function: Node) -> int:
    """Return the function's cognitive complexity (SonarSource's specification)."""
    total = 0

    def unwrap(node: Node) -> Node:
        while node.type in spec.parenthesized_types and node.named_child_count == 1:
            child = node.named_children[0]
            node = child
        return node

    def is_logical(node: Node) -> bool:
        return node.type in spec.binary_types and _operator(node) in spec.logical_operators

    def flatten(node: Node, operators: list[str], operands: list[Node]) -> None:
        inner = unwrap(node)
        if is_logical(inner):
            left = inner.child_by_field_name("left")
            right = inner.child_by_field_name("right")
            if left is not None:
                flatten(left, operators, operands)
            operators.append(_operator(inner))
            if right is not None:
                flatten(right, operators, operands)
        else:
            operands.append(node)

    def visit_if(node: Node, nesting: int) -> None:
        nonlocal total
        for index, child in enumerate(node.children):
            if node.field_name_for_child(index) != "alternative":
                visit(child, nesting + 1)
                continue
            branch = child
            if branch.type in spec.else_wrapper_types:
                named = [c for c in branch.named_children if c.type not in spec.comment_types]
                branch = named[0] if len(named) == 1 else branch
            total += 1  # B1: ``else if`` and ``else`` are hybrid increments
            if branch.type in spec.if_types:
                visit_if(branch, nesting)
            else:
                visit(branch, nesting + 1)

    def visit(node: Node, nesting: int) -> None:
        nonlocal total
        kind = node.type
        if kind in spec.function_types:
            for child in node.children:  # B2: a nested function or lambda nests its body
                visit(child, nesting + 1)
            return
        if kind in spec.if_types:
            total += 1 + nesting
            visit_if(node, nesting)
            return
        if (kind in spec.loop_types or kind in spec.switch_types or kind in spec.catch_types
                or kind in spec.ternary_types):
            total += 1 + nesting
            for child in node.children:
                visit(child, nesting + 1)
            return
        if is_logical(node):
            operators: list[str] = []
            operands: list[Node] = []
            flatten(node, operators, operands)
            total += sum(1 for i, op in enumerate(operators) if i == 0 or op != operators[i - 1])
            for operand in operands:
                visit(operand, nesting)
            return
        if kind in spec.goto_types or (kind in spec.jump_types and any(
                child.type in spec.label_types for child in node.named_children)):
            total += 1
        for child in node.children:
            if child.child_count:
                visit(child, nesting)

    for child in function.children:
        visit(child, 0)
    return total


def _nesting(spec: LanguageSpec, function: Node) -> int:
    """Return the deepest nesting of control-flow blocks in the function's own code."""
    deepest = 0
    blocks = spec.loop_types | spec.switch_types | spec.try_types
    stack: list[tuple[Node, int]] = [(child, 0) for child in function.children]
    while stack:
        node, depth = stack.pop()
        kind = node.type
        if kind in spec.function_types:
            continue
        if kind in blocks or kind in spec.if_types:
            parent = node.parent
            chained = (kind in spec.if_types and parent is not None
                       and (parent.type in spec.if_types
                            or parent.type in spec.else_wrapper_types)
                       and _is_alternative(parent, node))
            if not chained:
                depth += 1
                deepest = max(deepest, depth)
        stack.extend((child, depth) for child in node.children if child.child_count)
    return deepest


def _is_alternative(parent: Node, node: Node) -> bool:
    """Return True when ``node`` is the ``else`` branch of an ``if`` (an ``else if``)."""
    if parent.type == "else_clause":
        return True
    alternative = parent.child_by_field_name("alternative")
    return alternative is not None and alternative.id == node.id


def _parameters(spec: LanguageSpec, function: Node) -> int:
    """Return how many parameters a caller passes."""
    count = 0
    for field in spec.parameter_fields:
        holder = function.child_by_field_name(field)
        if holder is None:
            continue
        if holder.type in spec.parameter_types and holder.named_child_count == 0:
            count += 1  # a lone arrow-function parameter: ``x => ...``
            continue
        for child in holder.named_children:
            if child.type in spec.multi_name_parameter_types:
                names = child.children_by_field_name("name")
                count += max(1, len(names))
            elif child.type in spec.parameter_types:
                count += 1
    return count


def _digest(lines: list[str], first: int, last: int) -> str:
    """Hash lines first..last (1-based), as for Python functions."""
    body = "\n".join(lines[first - 1:last]).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(body, digest_size=6).hexdigest()
