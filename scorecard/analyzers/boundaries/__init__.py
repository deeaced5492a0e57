"""Abstraction boundaries: import graph, cycles, contracts, private names, public API, coupling.

One job per module: ``imports`` (per-file facts from the shared tree), ``syntax_imports``
(the same from a tree-sitter tree), ``modules`` (Python file paths to module names),
``module_names`` (names and scopes in every language), ``graph`` (resolution),
``script_modules``, ``tsconfig_paths`` and ``go_packages`` (the other module systems),
``polyglot_graph`` (joining them), ``cycles``, ``contract_config`` and
``contracts``, ``name_references``, ``private``, ``public_api``, ``module_coupling``, and
``boundaries_analyzer``, which puts them together.
"""

from scorecard.analyzers.boundaries.boundaries_analyzer import BoundariesAnalyzer

__all__ = ["BoundariesAnalyzer"]
