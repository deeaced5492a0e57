"""JavaScript (``.js``, ``.jsx``, ``.mjs``, ``.cjs``): node kinds of tree-sitter-javascript.

Cyclomatic complexity is lizard's JavaScript reader (a TypeScript reader): ``if``, ``for``,
``while``, ``catch``, ``case``, ``&&``, ``||``, ``??`` and ``?``. The compound assignments
``&&=``, ``||=`` and ``??=`` are single tokens to tree-sitter but begin with a decision
token to lizard's tokenizer, so they count too, as does a property named after a decision
keyword (``promise.catch(f)``, ``Symbol.for(k)``: lizard counts the word). Every function,
function expression, arrow function and method is a function of its own.
"""

from __future__ import annotations

from scorecard.languages.spec import LanguageSpec

__all__ = ["JAVASCRIPT", "JS_LIKE_DECISIONS", "JS_LIKE_FUNCTIONS"]


def _grammar() -> object:
    import tree_sitter_javascript  # noqa: PLC0415 - grammar loaded on first use

    return tree_sitter_javascript.language()


JS_LIKE_FUNCTIONS = frozenset({"function_declaration", "function_expression",
                               "generator_function_declaration", "generator_function",
                               "arrow_function", "method_definition"})
JS_LIKE_DECISIONS = frozenset({"if", "for", "while", "catch", "case", "&&", "||", "??", "?",
                               "&&=", "||=", "??="})

JAVASCRIPT = LanguageSpec(
    key="javascript",
    name="JavaScript",
    suffixes=(".js", ".jsx", ".mjs", ".cjs"),
    grammar=_grammar,
    function_types=JS_LIKE_FUNCTIONS,
    container_types=frozenset({"class_declaration", "class"}),
    decision_tokens=JS_LIKE_DECISIONS,
    if_types=frozenset({"if_statement"}),
    else_wrapper_types=frozenset({"else_clause"}),
    loop_types=frozenset({"for_statement", "for_in_statement", "while_statement",
                          "do_statement"}),
    switch_types=frozenset({"switch_statement"}),
    catch_types=frozenset({"catch_clause"}),
    ternary_types=frozenset({"ternary_expression"}),
    try_types=frozenset({"try_statement"}),
    logical_operators=frozenset({"&&", "||", "??"}),
    binary_types=frozenset({"binary_expression"}),
    parenthesized_types=frozenset({"parenthesized_expression"}),
    jump_types=frozenset({"break_statement", "continue_statement"}),
    label_types=frozenset({"statement_identifier"}),
    goto_types=frozenset(),
    parameter_fields=("parameters", "parameter"),
    parameter_types=frozenset({"identifier", "assignment_pattern", "rest_pattern",
                               "object_pattern", "array_pattern"}),
    # ``export ... from "x"`` re-exports a module, so it imports it too.
    import_types=frozenset({"import_statement", "export_statement"}),
    call_types=frozenset({"call_expression"}),
    require_functions=frozenset({"require"}),
    dynamic_import_types=frozenset({"import"}),
    module_system="js",
    string_types=frozenset({"string", "template_string"}),
    glued_question_mark=True,
    opaque_types=frozenset({"template_substitution"}),
    detached_arrow_bodies=True,
    default_value_types=frozenset({"assignment_pattern", "object_assignment_pattern"}),
    keyword_name_types=frozenset({"property_identifier"}),
)
