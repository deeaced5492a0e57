"""Measure the functions of a non-Python source file from its tree-sitter syntax tree.

Language-neutral: every node kind comes from the file's :class:`LanguageSpec`.

Per function:

- cyclomatic complexity is lizard's CCN: 1 plus one per decision token among the function's
  own tokens (those of nested functions belong to them, as lizard's function stack does).
  lizard tokenizes with regular expressions, so its tokenizer rules are mirrored: a generic
  argument list holding a ``?`` wildcard (``List<?>``, ``Map<K, ? extends V>``) is one token
  to lizard and its ``?`` no decision; in TypeScript/JavaScript a ``?`` written right after a
  name (``a? b : c``) is glued to the name, and a property named after a decision keyword
  (``promise.catch(f)``) counts as that keyword. In Java the count starts at the body (lizard
  restarts it there), so a decision token in a method's header counts for no function.
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

Speed: one tree-sitter query per language finds, in C, every node the measures look at
(functions, decision tokens, control structures, logical operators); each found node walks
up its ancestors to the functions it counts for. The file is never walked node by node in
Python.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from tree_sitter import Language, Node, Parser, Query, QueryCursor, Tree

from scorecard.facts.complexity_facts import FunctionRow
from scorecard.languages.spec import LanguageSpec

__all__ = ["ERROR_SHARE_LIMIT", "FileMeasures", "SyntaxTree", "grammar_kinds", "grammar_language",
           "measure_syntax", "measure_tree", "parse_file", "parse_source", "source_lines"]

# A tree whose syntax errors cover more than this share of the file's bytes is not measured:
# tree-sitter recovers from errors, so a few are measured around, but a mostly broken tree
# (another dialect, a template language) would give made-up functions.
ERROR_SHARE_LIMIT = 0.1

_PARSERS: dict[str, Parser] = {}
_QUERIES: dict[str, Query] = {}
# lizard's tokenizer reads ``<`` ... ``>`` holding a ``?`` and only word characters, blanks,
# commas and dots as one generic-argument token (``token_pattern.py``).
_GENERIC_WITH_WILDCARD = re.compile(rb"<[\w\s,.?]*>")
_WORD = re.compile(rb"\w")


_LANGUAGES: dict[str, Language] = {}


def grammar_language(spec: LanguageSpec) -> Language:
    """Return the tree-sitter language of ``spec``'s grammar (loaded once per process)."""
    language = _LANGUAGES.get(spec.key)
    if language is None:
        language = _LANGUAGES[spec.key] = Language(spec.grammar())
    return language


def _parser(spec: LanguageSpec) -> Parser:
    parser = _PARSERS.get(spec.key)
    if parser is None:
        parser = _PARSERS[spec.key] = Parser(grammar_language(spec))
    return parser


def _quoted(token: str) -> str:
    return '"' + token.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _query(spec: LanguageSpec) -> Query:
    """Return the language's one query: every node the measures look at, found in C."""
    query = _QUERIES.get(spec.key)
    if query is None:
        language = grammar_language(spec)
        query = _QUERIES[spec.key] = Query(language, "\n".join(_query_patterns(spec, language)))
    return query


def grammar_kinds(language: Language, kinds: frozenset[str], named: bool) -> list[str]:
    """Return the kinds (named nodes or anonymous tokens) the grammar has, sorted.

    Grammar versions differ: a kind the grammar does not have is left out, so the query
    always compiles.
    """
    return sorted(k for k in kinds if language.id_for_node_kind(k, named) is not None)


def _structure_kinds(spec: LanguageSpec) -> frozenset[str]:
    """Return every kind that is a control structure for cognitive complexity or nesting."""
    return (spec.if_types | spec.loop_types | spec.switch_types | spec.catch_types
            | spec.ternary_types | spec.try_types | spec.jump_types | spec.goto_types)


def _query_patterns(spec: LanguageSpec, language: Language) -> list[str]:
    """Return the query's patterns, one capture name per kind of node counted."""
    functions = grammar_kinds(language, spec.function_types, named=True)
    patterns = ["[" + " ".join(f"({k})" for k in functions) + "] @function"]
    tokens = grammar_kinds(language, spec.decision_tokens, named=False)
    if tokens:
        patterns.append("[" + " ".join(_quoted(t) for t in tokens) + "] @decision")
    patterns.extend(f'({kind} "=" @default)'
                    for kind in grammar_kinds(language, spec.default_value_types, named=True))
    patterns.extend(_keyword_name_patterns(spec, language))
    structures = grammar_kinds(language, _structure_kinds(spec), named=True)
    if structures:
        patterns.append("[" + " ".join(f"({k})" for k in structures) + "] @structure")
    patterns.extend(_logical_patterns(spec, language))
    return patterns


def _keyword_name_patterns(spec: LanguageSpec, language: Language) -> list[str]:
    """Return the patterns of names spelled like a decision keyword (``promise.catch``).

    lizard's tokenizer counts the word wherever it stands, so a property named ``catch`` or
    ``for`` is a decision to it.
    """
    words = sorted(t for t in spec.decision_tokens if t.isalpha())
    if not words:
        return []
    alternatives = " ".join(_quoted(w) for w in words)
    return [f"(({kind}) @keyword_name (#any-of? @keyword_name {alternatives}))"
            for kind in grammar_kinds(language, spec.keyword_name_types, named=True)]


def _logical_patterns(spec: LanguageSpec, language: Language) -> list[str]:
    """Return one pattern per binary-expression kind whose operator is a logical one."""
    operators = grammar_kinds(language, spec.logical_operators, named=False)
    if not operators:
        return []
    alternatives = " ".join(_quoted(o) for o in operators)
    return [f"({kind} operator: [{alternatives}]) @logical"
            for kind in grammar_kinds(language, spec.binary_types, named=True)]


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


def measure_tree(spec: LanguageSpec, tree: Tree, data: bytes, text: str) -> FileMeasures:
    """Measure every function of a parsed file, sorted by line."""
    loc, sloc = source_lines(text)
    captures = QueryCursor(_query(spec)).captures(tree.root_node)
    functions = _functions_with_body(captures)
    if not functions:
        return FileMeasures((), loc, sloc)
    scopes = _Scopes(spec, functions)
    _count_captures(scopes, captures, data)
    rows = _function_rows(scopes, functions, text.splitlines())
    rows.sort(key=lambda r: r.line)
    return FileMeasures(tuple(rows), loc, sloc)


def _functions_with_body(captures: dict[str, list[Node]]) -> list[Node]:
    """Return the captured functions that have a body, in source order (outer ones first).

    A declaration without a body (an overload, an abstract method) is no function.
    """
    return sorted((f for f in captures.get("function", ())
                   if f.child_by_field_name("body") is not None),
                  key=lambda f: f.start_byte)


def _count_captures(scopes: _Scopes, captures: dict[str, list[Node]], data: bytes) -> None:
    """Give every captured decision, structure and logical operator to its functions."""
    for leaf in captures.get("decision", ()):
        if leaf.type == "?" and _lizard_merges_question(scopes.spec, leaf, data):
            continue
        scopes.add_decision(leaf)
    for leaf in captures.get("default", ()):
        scopes.add_decision(leaf)
    for leaf in captures.get("keyword_name", ()):
        scopes.add_decision(_keyword_name_owner(scopes.spec, leaf))
    for node in captures.get("structure", ()):
        scopes.add_structure(node)
    for node in captures.get("logical", ()):
        scopes.add_logical(node)


def _keyword_name_owner(spec: LanguageSpec, leaf: Node) -> Node:
    """Return the node a decision-keyword name counts for: itself, or its method's node.

    A method named ``catch`` is read by lizard as a statement of the enclosing scope, so the
    count goes to the method's node (whose enclosing function takes it), not its body.
    """
    holder = leaf.parent
    if holder is not None and holder.type in spec.function_types:
        return holder
    return leaf


def _function_rows(scopes: _Scopes, functions: list[Node], lines: list[str]) -> list[FunctionRow]:
    """Return one row per function from what ``scopes`` accumulated, in ``functions`` order."""
    spec = scopes.spec
    return [
        FunctionRow(scopes.qualnames[i], line, scopes.cyclomatic[i], scopes.cognitive[i],
                    node.end_point.row + 2 - line, scopes.nesting[i],
                    _parameters(spec, node), _digest(lines, line, node.end_point.row + 1))
        for i, (node, line) in enumerate(zip(functions, scopes.lines, strict=True))
    ]


def _text(node: Node | None) -> str:
    if node is None or node.text is None:
        return ""
    return node.text.decode("utf-8", "replace")


@dataclass(frozen=True)
class _Chain:
    """What encloses a node: its functions, nearest first, and the blocks to the nearest.

    Each function comes with the cognitive nesting between the node and it; ``blocks`` is
    the number of control-flow blocks between the node and the nearest function.
    """

    functions: tuple[tuple[int, int], ...]
    blocks: int


class _Scopes:
    """The functions of one file and what each one accumulates.

    Every counted node walks up its ancestors (C calls) to the functions enclosing it, so
    the file is never walked node by node in Python. Tree-sitter finds a node's parent by
    descending from the root (a node holds no parent link), so each parent found is kept
    by node id: without that, deeply nested code costs the cube of its depth.
    """

    def __init__(self, spec: LanguageSpec, functions: list[Node]) -> None:
        self.spec = spec
        self.index = {f.id: i for i, f in enumerate(functions)}
        count = len(functions)
        self.cyclomatic = [1] * count
        self.cognitive = [0] * count
        self.nesting = [0] * count
        self.lines = [0] * count
        self.qualnames = [""] * count
        self.tails: dict[int, int] = {}
        self.body_starts: dict[int, int] = {}  # spec.body_only_decisions: where counting starts
        self._containers: dict[int, str] = {}
        self._parents: dict[int, Node | None] = {}
        self._chains: dict[int, _Chain] = {}
        self._stops: dict[int, Node | None] = {}
        seen: dict[str, int] = {}
        for i, function in enumerate(functions):  # outer functions come first
            name_node = function.child_by_field_name("name")
            qualname = self._prefix(function) + _function_name(spec, function, name_node)
            seen[qualname] = seen.get(qualname, 0) + 1
            if seen[qualname] > 1:
                qualname = f"{qualname}#{seen[qualname]}"
            self.qualnames[i] = qualname
            self.lines[i] = (name_node if name_node is not None else function).start_point.row + 1
            tail = _arrow_tail(spec, function)
            if tail is not None:
                self.tails[function.id] = tail
            if spec.body_only_decisions:
                body = function.child_by_field_name("body")
                if body is not None:
                    self.body_starts[function.id] = body.start_byte

    def parent(self, node: Node) -> Node | None:
        """Return ``node``'s parent, found once per node."""
        key = node.id
        if key in self._parents:
            return self._parents[key]
        found = self._parents[key] = node.parent
        return found

    def _prefix(self, node: Node) -> str:
        """Return the qualified-name prefix of what ``node`` encloses' parents give it."""
        parent = self.parent(node)
        while parent is not None:
            i = self.index.get(parent.id)
            if i is not None:
                return f"{self.qualnames[i]}."
            if parent.type in self.spec.container_types:
                known = self._containers.get(parent.id)
                if known is None:
                    name = _text(parent.child_by_field_name("name")) or "(anonymous)"
                    known = self._containers[parent.id] = f"{self._prefix(parent)}{name}."
                return known
            parent = self.parent(parent)
        return ""

    def add_decision(self, leaf: Node) -> None:
        """Count one lizard decision for the function lizard gives the token to."""
        start = leaf.start_byte
        node = self._stop_above(leaf)
        while node is not None:
            if node.type in self.spec.opaque_types:
                return  # lizard reads the whole template string as one token
            i = self.index.get(node.id)
            if i is not None:
                body = self.body_starts.get(node.id)
                if body is not None and start < body:
                    return  # in the header: lizard restarts the count at the body
                tail = self.tails.get(node.id)
                if tail is None or start < tail:
                    self.cyclomatic[i] += 1
                    return
            else:
                return  # a declaration without a body: its tokens are no function's
            node = self._stop_above(node)

    def _is_stop(self, node: Node) -> bool:
        """Whether a decision's walk up stops at ``node`` (see :meth:`add_decision`)."""
        return (node.id in self.index or node.type in self.spec.opaque_types
                or node.type in self.spec.function_types)

    def _stop_above(self, node: Node) -> Node | None:
        """Return the nearest ancestor of ``node`` a decision's walk stops at, kept per node."""
        pending: list[Node] = []
        current = node
        result: Node | None = None
        while current.id not in self._stops:
            pending.append(current)
            parent = self.parent(current)
            if parent is None or self._is_stop(parent):
                result = parent
                break
            current = parent
        else:
            result = self._stops[current.id]
        for walked in pending:
            self._stops[walked.id] = result
        return result

    def add_structure(self, node: Node) -> None:
        """Add one control structure's cognitive increments and nesting depth."""
        spec = self.spec
        kind = node.type
        if kind in spec.jump_types or kind in spec.goto_types:
            self._add_jump(node)
        elif kind in spec.if_types:
            self._add_if(node)
        else:
            self._propagate(node, None if kind in spec.try_types else 1, block=(
                kind in spec.loop_types or kind in spec.switch_types
                or kind in spec.try_types))

    def _add_jump(self, node: Node) -> None:
        """Add +1 flat for a jump to a label: a labelled ``break``/``continue``, a ``goto``."""
        spec = self.spec
        if node.type in spec.jump_types:
            to_label = any(c.type in spec.label_types for c in node.named_children)
        else:
            to_label = True  # a ``goto`` always names its label
        if to_label:
            self._add_flat(node, 1)

    def _add_if(self, node: Node) -> None:
        """Add an ``if``: B1 +1 for a plain ``else``; +1 flat when it is an ``else if``.

        A whole ``else if`` chain is one block, so only its first ``if`` nests (B3, B2).
        """
        spec = self.spec
        alternative = node.child_by_field_name("alternative")
        if alternative is not None and not _is_if(spec, _unwrap_else(spec, alternative)):
            self._add_flat(node, 1)  # B1: a plain ``else``
        if self._is_else_if(node):
            self._add_flat(node, 1)  # B1: ``else if`` is +1 flat; the chain is one block
        else:
            self._propagate(node, 1, block=True)

    def add_logical(self, node: Node) -> None:
        """Add +1 per sequence of like logical operators, once per outermost expression."""
        spec = self.spec
        parent = self.parent(node)
        while parent is not None and parent.type in spec.parenthesized_types:
            parent = self.parent(parent)
        if parent is not None and parent.type in spec.binary_types and (
                _operator(parent) in spec.logical_operators):
            return  # part of an enclosing sequence
        operators: list[str] = []
        _flatten(spec, node, operators)
        runs = sum(1 for i, op in enumerate(operators) if i == 0 or op != operators[i - 1])
        self._add_flat(node, runs)

    def _add_flat(self, node: Node, amount: int) -> None:
        """Add ``amount`` to every function enclosing ``node`` (no nesting weight)."""
        for i, _level in self._chain(node).functions:
            self.cognitive[i] += amount

    def _propagate(self, node: Node, increment: int | None, block: bool) -> None:
        """Add ``increment`` plus the nesting level to every enclosing function.

        ``increment`` None: no cognitive increment (``try``). The nesting level grows with
        each ancestor whose part holding ``node`` is nested (B2); ``block`` nodes also count
        for the nearest function's nesting depth.
        """
        chain = self._chain(node)
        for position, (i, level) in enumerate(chain.functions):
            if increment is not None:
                self.cognitive[i] += increment + level
            if position == 0:
                self.nesting[i] = max(self.nesting[i], (1 if block else 0) + chain.blocks)

    def _chain(self, node: Node) -> _Chain:
        """Return what a walk up from ``node`` meets, kept per node (ancestors share it).

        From ``node``'s parent up: an ancestor that is a function adds it to the chain at
        the nesting level reached so far, and nests what it holds one level deeper (B2);
        another ancestor adds the nesting its part holding the child gives (B2) and, below
        the nearest function, its control-flow block. Deep code then costs its size times
        its function nesting, not the square of its depth.
        """
        pending: list[tuple[Node, Node]] = []
        current = node
        while current.id not in self._chains:
            parent = self.parent(current)
            if parent is None:
                self._chains[current.id] = _Chain((), 0)
                break
            pending.append((current, parent))
            current = parent
        for child, parent in reversed(pending):
            above = self._chains[parent.id]
            i = self.index.get(parent.id)
            if i is not None:
                chain = _Chain(((i, 0), *((j, level + 1) for j, level in above.functions)), 0)
            else:
                nested = self._nesting_level(parent, child)
                chain = _Chain(tuple((j, level + nested) for j, level in above.functions),
                               self._block_depth(parent) + above.blocks)
            self._chains[child.id] = chain
        return self._chains[node.id]

    def _is_else_if(self, node: Node) -> bool:
        """Return True for an ``if`` that is the ``else`` branch of another ``if``."""
        spec = self.spec
        parent = self.parent(node)
        if parent is None:
            return False
        if parent.type in spec.else_wrapper_types:
            holder = self.parent(parent)
            return holder is not None and holder.type in spec.if_types and (
                _unwrap_else(spec, parent) is not None
                and _is_alternative_branch(spec, holder, parent))
        return parent.type in spec.if_types and _is_alternative_branch(spec, parent, node)

    def _nesting_level(self, ancestor: Node, child: Node) -> int:
        """Return the cognitive nesting (B2) ``ancestor`` adds to what its ``child`` holds."""
        spec = self.spec
        kind = ancestor.type
        if kind in spec.if_types:
            # The ``else if`` of a chain is no deeper than the chain's first ``if``.
            chained = _is_alternative_branch(spec, ancestor, child)
            return 0 if chained and _is_if(spec, _unwrap_else(spec, child)) else 1
        if (kind in spec.loop_types or kind in spec.switch_types
                or kind in spec.catch_types or kind in spec.ternary_types):
            return 1
        return 0

    def _block_depth(self, ancestor: Node) -> int:
        """Return the control-flow nesting depth ``ancestor`` adds (1 for a block, else 0)."""
        spec = self.spec
        kind = ancestor.type
        if kind in spec.if_types:
            return 0 if self._is_else_if(ancestor) else 1  # a chain is one block
        if kind in spec.catch_types or kind in spec.ternary_types:
            return 0  # nested for cognitive complexity, no block of their own
        if kind in spec.loop_types or kind in spec.switch_types or kind in spec.try_types:
            return 1
        return 0


def _is_if(spec: LanguageSpec, node: Node | None) -> bool:
    return node is not None and node.type in spec.if_types


def _unwrap_else(spec: LanguageSpec, branch: Node) -> Node | None:
    """Return the statement of an ``else`` branch (JavaScript wraps it in ``else_clause``)."""
    if branch.type in spec.else_wrapper_types:
        named = [c for c in branch.named_children if c.type not in spec.comment_types]
        return named[0] if len(named) == 1 else None
    return branch


def _is_alternative_branch(spec: LanguageSpec, if_node: Node, child: Node) -> bool:
    """Return True when ``child`` is the ``else`` part of ``if_node``."""
    alternative = if_node.child_by_field_name("alternative")
    return alternative is not None and alternative.id == child.id


def _flatten(spec: LanguageSpec, node: Node, operators: list[str]) -> None:
    """Append the logical operators of a sequence in the order they are written."""
    while node.type in spec.parenthesized_types and node.named_child_count == 1:
        node = node.named_children[0]
    if node.type in spec.binary_types and _operator(node) in spec.logical_operators:
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        if left is not None:
            _flatten(spec, left, operators)
        operators.append(_operator(node))
        if right is not None:
            _flatten(spec, right, operators)


_NAMING_PARENTS = {
    "variable_declarator": "name", "pair": "key", "public_field_definition": "name",
    "field_definition": "property", "assignment_expression": "left", "var_spec": "name",
}


def _function_name(spec: LanguageSpec, node: Node, name_node: Node | None) -> str:
    """Return a function's own name, the name it is assigned to, or ``(anonymous)``."""
    if name_node is not None:
        return _declared_name(node, _text(name_node))
    return _assigned_name(node) or "(anonymous)"


def _declared_name(node: Node, name: str) -> str:
    """Return a named function's name; a Go method's is prefixed with its receiver's type."""
    receiver = node.child_by_field_name("receiver")
    if receiver is not None:
        base = re.sub(r"\[.*\]", "", _text(receiver).strip("()")).split()
        if base:
            return f"{base[-1].lstrip('*')}.{name}"
    return name


def _assigned_name(node: Node) -> str | None:
    """Return the name an unnamed function is assigned to, or None.

    The variable, key, field or property holding it; a name too long or spanning lines is
    not one a reader would recognise.
    """
    parent = node.parent
    if parent is not None and parent.type == "expression_list":  # Go: ``var f = func``
        parent = parent.parent
    if parent is None:
        return None
    field = _NAMING_PARENTS.get(parent.type)
    target = parent.child_by_field_name(field) if field is not None else None
    if target is None or target.id == node.id:
        return None
    name = _text(target).rsplit(".", 1)[-1].strip("\"'`")
    if name and len(name) <= 80 and "\n" not in name:
        return name
    return None


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
    body = _expression_body(spec, node)
    if body is None:
        return None
    arrow_row = _arrow_row(body)
    if body.end_point.row == arrow_row and b"{" not in (body.text or b""):
        return None  # one line, no braces: nothing ends it early
    reader = _ArrowBodyReader(arrow_row)
    for leaf in _lizard_leaves(spec, body):
        token = _lizard_token(leaf)
        if reader.ends_at(leaf, token) or reader.closes_outer_brace(token):
            return leaf.end_byte
    return None


def _expression_body(spec: LanguageSpec, node: Node) -> Node | None:
    """Return an arrow function's expression body when lizard may detach it, else None."""
    if not spec.detached_arrow_bodies or node.type != "arrow_function":
        return None
    body = node.child_by_field_name("body")
    if body is None or body.type == "statement_block":
        return None
    return body


def _arrow_row(body: Node) -> int:
    """Return the row on which the ``=>`` before an arrow function's body ends."""
    arrow = body.prev_sibling
    return arrow.end_point.row if arrow is not None else body.start_point.row


def _lizard_leaves(spec: LanguageSpec, body: Node) -> Iterator[Node]:
    """Yield what lizard reads as the tokens of ``body``, in order, comments left out.

    Leaves, plus whole subtrees lizard reads as one token (template strings) or that are
    functions of their own.
    """
    stack = [body]
    while stack:
        current = stack.pop()
        kind = current.type
        if current.child_count and kind not in spec.opaque_types and (
                kind not in spec.function_types or current.id == body.id):
            stack.extend(reversed(current.children))
        elif kind not in spec.comment_types:
            yield current


def _lizard_token(leaf: Node) -> str:
    """Return the token lizard reads: a keyword-like identifier (``type``) by its text."""
    if leaf.child_count == 0 and leaf.is_named:
        return _text(leaf)
    return leaf.type


class _ArrowBodyReader:
    """Follows lizard's reading of an arrow function's expression body, token by token."""

    def __init__(self, arrow_row: int) -> None:
        self.previous_row = arrow_row
        self.depth = 0  # open brackets
        self.ternary = 0  # ``?`` still waiting for their ``:``

    def ends_at(self, leaf: Node, token: str) -> bool:
        """Return True when lizard ends the arrow function at this token (it still counts).

        That is a token starting a line outside brackets, unless it continues the
        expression (``_CONTINUING_TOKENS``, or the ``:`` of an open conditional).
        """
        starts_line = leaf.start_point.row > self.previous_row
        self.previous_row = leaf.end_point.row
        if self.depth or not starts_line or token in _CONTINUING_TOKENS:
            return False
        return not (token == ":" and self.ternary)

    def closes_outer_brace(self, token: str) -> bool:
        """Follow the brackets and conditionals; True when ``token`` closes an outer ``{``."""
        if token == "?":
            self.ternary += 1
        elif token == ":" and self.ternary:
            self.ternary -= 1
        if token in _OPENING:
            self.depth += 1
        elif token in _CLOSING:
            self.depth -= 1
            return self.depth == 0 and token == "}"
        return False


def _lizard_merges_question(spec: LanguageSpec, leaf: Node, data: bytes) -> bool:
    """Return True when lizard's tokenizer makes this ``?`` part of a longer token."""
    start = leaf.start_byte
    if spec.glued_question_mark and start > 0 and _WORD.match(data, start - 1):
        following = data[start + 1:start + 2]
        if following not in (b"?", b"."):
            return True
    # A generic argument list ``<...?...>``: find the ``<`` before and the ``>`` after.
    left = data.rfind(b"<", max(0, start - 200), start)
    if left < 0:
        return False
    match = _GENERIC_WITH_WILDCARD.match(data, left)
    return match is not None and match.end() > start


def _operator(node: Node) -> str:
    operator = node.child_by_field_name("operator")
    return operator.type if operator is not None else ""


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
