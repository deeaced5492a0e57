"""TypeScript (``.ts``, ``.mts``, ``.cts``) and TSX (``.tsx``): tree-sitter-typescript's kinds.

The same decisions and functions as JavaScript (lizard's TypeScript reader is the one its
JavaScript reader extends); parameters are the grammar's required and optional parameters.
Signatures without a body (overloads, abstract and interface methods) are no functions, as
in lizard.
"""

from __future__ import annotations

from dataclasses import replace

from scorecard.languages.javascript import JAVASCRIPT
from scorecard.languages.spec import LanguageSpec

__all__ = ["TSX", "TYPESCRIPT"]


def _grammar() -> object:
    import tree_sitter_typescript  # noqa: PLC0415 - grammar loaded on first use

    return tree_sitter_typescript.language_typescript()


def _tsx_grammar() -> object:
    import tree_sitter_typescript  # noqa: PLC0415 - grammar loaded on first use

    return tree_sitter_typescript.language_tsx()


TYPESCRIPT: LanguageSpec = replace(
    JAVASCRIPT,
    key="typescript",
    name="TypeScript",
    suffixes=(".ts", ".mts", ".cts"),
    grammar=_grammar,
    container_types=frozenset({"class_declaration", "abstract_class_declaration", "class",
                               "interface_declaration", "internal_module", "module"}),
    parameter_types=frozenset({"required_parameter", "optional_parameter", "identifier"}),
    default_value_types=frozenset({"assignment_pattern", "object_assignment_pattern",
                                   "required_parameter", "optional_parameter"}),
    # ``import type {T} from "x"`` and ``export type {T} from "x"`` are erased when compiled.
    type_only_import_tokens=frozenset({"type"}),
    type_context_types=frozenset({"type_annotation", "type_query", "type_arguments",
                                  "type_alias_declaration"}),
)

TSX: LanguageSpec = replace(TYPESCRIPT, key="tsx", name="TypeScript", suffixes=(".tsx",),
                            grammar=_tsx_grammar)
