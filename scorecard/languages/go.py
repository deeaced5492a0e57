"""Go: node kinds of the tree-sitter-go grammar.

Cyclomatic complexity is lizard's Go reader: the default C-like conditions (``if``, ``for``,
``case``, ``&&``, ``||``; ``while``, ``catch`` and ``?`` do not occur in Go), so every
``case`` of a ``switch``, type switch and ``select`` counts and ``default`` does not.
Function literals (closures) are functions of their own, as lizard's ``anonymous__N``.
"""

from __future__ import annotations

from scorecard.languages.spec import LanguageSpec

__all__ = ["GO"]


def _grammar() -> object:
    import tree_sitter_go  # noqa: PLC0415 - grammar loaded on first use

    return tree_sitter_go.language()


GO = LanguageSpec(
    key="go",
    name="Go",
    suffixes=(".go",),
    grammar=_grammar,
    function_types=frozenset({"function_declaration", "method_declaration", "func_literal"}),
    container_types=frozenset(),
    decision_tokens=frozenset({"if", "for", "case", "&&", "||"}),
    if_types=frozenset({"if_statement"}),
    else_wrapper_types=frozenset(),
    loop_types=frozenset({"for_statement"}),
    switch_types=frozenset({"expression_switch_statement", "type_switch_statement",
                            "select_statement"}),
    catch_types=frozenset(),
    ternary_types=frozenset(),
    try_types=frozenset(),
    logical_operators=frozenset({"&&", "||"}),
    binary_types=frozenset({"binary_expression"}),
    parenthesized_types=frozenset({"parenthesized_expression"}),
    jump_types=frozenset({"break_statement", "continue_statement"}),
    label_types=frozenset({"label_name"}),
    goto_types=frozenset({"goto_statement"}),
    parameter_fields=("parameters",),
    parameter_types=frozenset({"parameter_declaration", "variadic_parameter_declaration"}),
    multi_name_parameter_types=frozenset({"parameter_declaration"}),
    import_types=frozenset({"import_spec"}),
    import_source_field="path",
    module_system="go",
    string_types=frozenset({"interpreted_string_literal", "raw_string_literal"}),
)
