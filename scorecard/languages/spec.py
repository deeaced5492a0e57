"""What a language module declares: its grammar, file names and node kinds, as data.

The measuring engine (:mod:`scorecard.languages.measure`) knows no language: everything it
needs to find functions and count their complexity comes from a :class:`LanguageSpec`.
Node kinds are tree-sitter node type names of the language's grammar; "tokens" are the
grammar's anonymous leaf nodes (keywords and operators), named by their text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["LanguageSpec"]


@dataclass(frozen=True)
class LanguageSpec:
    """One language: how to parse it and which node kinds mean what.

    Cyclomatic complexity is lizard's CCN: 1 plus one per decision token (lizard counts
    tokens, not syntax, so ``decision_tokens`` lists token texts as lizard's readers do).
    Cognitive complexity follows SonarSource's specification through the structural kinds.
    """

    key: str  # short identifier: "go", "typescript"
    name: str  # display name: "Go", "TypeScript"
    suffixes: tuple[str, ...]  # file name endings, lower case, with the dot
    # Returns the grammar's language pointer (the grammar wheel's ``language()``).
    grammar: Callable[[], object]
    # Nodes that are functions of their own (a row each; their tokens are theirs alone).
    function_types: frozenset[str]
    # Nodes whose name prefixes the qualified names of the functions inside them.
    container_types: frozenset[str]
    # Tokens that each add 1 to lizard's CCN.
    decision_tokens: frozenset[str]
    # --- cognitive complexity (SonarSource specification) and nesting ---
    if_types: frozenset[str]  # +1 plus nesting; ``else if`` chains are hybrid (+1)
    else_wrapper_types: frozenset[str]  # a node wrapping an ``else`` branch (JS else_clause)
    loop_types: frozenset[str]  # +1 plus nesting, nest their body
    switch_types: frozenset[str]  # +1 plus nesting for the whole switch, nothing per case
    catch_types: frozenset[str]  # +1 plus nesting, nest their body
    ternary_types: frozenset[str]  # +1 plus nesting
    try_types: frozenset[str]  # no increment; one level of nesting depth
    logical_operators: frozenset[str]  # sequences of like operators: +1 per sequence
    binary_types: frozenset[str]  # node kinds holding a binary ``operator``
    parenthesized_types: frozenset[str]  # parentheses, skipped inside an operator sequence
    jump_types: frozenset[str]  # labelled break/continue, goto: +1 when they name a label
    label_types: frozenset[str]  # the label child of a jump
    goto_types: frozenset[str]  # always a jump (Go's goto)
    # --- parameters ---
    parameter_fields: tuple[str, ...]  # field names of a function's parameter list
    parameter_types: frozenset[str]  # children of that list that are parameters
    # Parameter kinds that declare several names at once (Go's ``a, b int``): one per name.
    multi_name_parameter_types: frozenset[str] = frozenset()
    # --- what other analyzers may look for (declared for them; not used by complexity) ---
    # Statements that import a module (the boundaries analyzer's import graph). The imported
    # specifier is the string in ``import_source_field``, on the statement itself or on one
    # of its children (TypeScript's ``import x = require("y")`` holds it in a clause); a
    # statement without that field imports nothing (``export const x = 1``).
    import_types: frozenset[str] = frozenset()
    import_source_field: str = "source"
    # Tokens that make a whole import statement type-only (TypeScript's ``import type``):
    # erased at compile time, so a dependency of the types only, like Python's TYPE_CHECKING.
    type_only_import_tokens: frozenset[str] = frozenset()
    # Call expressions whose callee is one of ``require_functions`` (an identifier, CommonJS
    # ``require``) or a node of ``dynamic_import_types`` (``import(...)``, which loads lazily
    # and is flagged dynamic) import their first argument when it is a plain string.
    call_types: frozenset[str] = frozenset()
    require_functions: frozenset[str] = frozenset()
    dynamic_import_types: frozenset[str] = frozenset()
    # Nodes whose contents are types only: an ``import("x")`` under one (TypeScript's
    # ``a: import("x").T``, ``typeof import("x")``) names a type, erased at compile time, and
    # is type-only rather than dynamic.
    type_context_types: frozenset[str] = frozenset()
    # The module system the language's imports name modules in, which decides how they are
    # resolved and named in the import graph: "js" (ECMAScript and CommonJS modules, file
    # paths resolved as Node and TypeScript do), "go" (package import paths under go.mod's
    # module path); "" for a language whose imports the graph does not read.
    module_system: str = ""
    string_types: frozenset[str] = frozenset()
    comment_types: frozenset[str] = frozenset({"comment"})
    # lizard's TypeScript/JavaScript tokenizer glues a ``?`` written right after a name
    # (``a? b : c``, ``x?: T``) into that name, so that ``?`` is no decision.
    glued_question_mark: bool = False
    # Subtrees whose tokens lizard does not see (its tokenizer reads a JavaScript template
    # string, ``${...}`` substitutions included, as one string token).
    opaque_types: frozenset[str] = frozenset()
    # lizard ends an arrow function whose expression body starts on a later line than its
    # ``=>`` at that line break: the body's tokens count for the enclosing function.
    detached_arrow_bodies: bool = False
    # Nodes whose ``=`` gives a default value: lizard's TypeScript reader adds 1 per default
    # in a parameter list or destructuring pattern (``javascript_bindings.py``).
    default_value_types: frozenset[str] = frozenset()
    # lizard's Java reader sets a method's CCN to 1 when it reaches the body's ``{``
    # (``confirm_new_function``): decision tokens of the header (annotations, return type,
    # parameters, ``throws``) count for no function, e.g. the ``?`` of ``Collector<T, ?, T[]>``
    # or ``Visitor<int[], ?> v``, which its tokenizer does not read as one generic token.
    body_only_decisions: bool = False
    # Nodes holding a name that lizard's tokenizer reads as a decision keyword when it spells
    # one: a property named ``catch``, ``for``, ``if``... (``promise.catch(f)``,
    # ``Symbol.for(k)``, ``{ case: 1 }``) adds 1 like the keyword does.
    keyword_name_types: frozenset[str] = frozenset()
