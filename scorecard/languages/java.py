"""Java: node kinds of the tree-sitter-java grammar.

Cyclomatic complexity is lizard's Java reader: the default C-like conditions (``if``,
``for``, ``while`` (also of ``do ... while``), ``catch``, ``case``, ``&&``, ``||``, ``?``).
Methods and constructors are functions, including those of anonymous and local classes;
lambdas are not (lizard leaves their tokens to the enclosing method), nor are record compact
constructors, static and instance initializers. A decision token in a method's header
(before its body) counts for no function, as lizard restarts the count at the body.
"""

from __future__ import annotations

from scorecard.languages.spec import LanguageSpec

__all__ = ["JAVA"]


def _grammar() -> object:
    import tree_sitter_java  # noqa: PLC0415 - grammar loaded on first use

    return tree_sitter_java.language()


JAVA = LanguageSpec(
    key="java",
    name="Java",
    suffixes=(".java",),
    grammar=_grammar,
    function_types=frozenset({"method_declaration", "constructor_declaration"}),
    container_types=frozenset({"class_declaration", "interface_declaration",
                               "enum_declaration", "record_declaration",
                               "annotation_type_declaration"}),
    decision_tokens=frozenset({"if", "for", "while", "catch", "case", "&&", "||", "?"}),
    if_types=frozenset({"if_statement"}),
    else_wrapper_types=frozenset(),
    loop_types=frozenset({"for_statement", "enhanced_for_statement", "while_statement",
                          "do_statement"}),
    switch_types=frozenset({"switch_expression", "switch_statement"}),
    catch_types=frozenset({"catch_clause"}),
    ternary_types=frozenset({"ternary_expression"}),
    try_types=frozenset({"try_statement", "try_with_resources_statement"}),
    logical_operators=frozenset({"&&", "||"}),
    binary_types=frozenset({"binary_expression"}),
    parenthesized_types=frozenset({"parenthesized_expression"}),
    jump_types=frozenset({"break_statement", "continue_statement"}),
    label_types=frozenset({"identifier"}),
    goto_types=frozenset(),
    parameter_fields=("parameters",),
    parameter_types=frozenset({"formal_parameter", "spread_parameter"}),
    import_types=frozenset({"import_declaration"}),
    string_types=frozenset({"string_literal"}),
    comment_types=frozenset({"line_comment", "block_comment"}),
    body_only_decisions=True,
)
