"""Abstraction boundaries: import graph, cycles, contracts, private names, public API, coupling.

One job per module: ``imports`` (per-file facts from the shared tree), ``modules`` (file
paths to module names), ``graph`` (resolution), ``cycles``, ``contract_config`` and
``contracts``, ``name_references``, ``private``, ``public_api``, ``module_coupling``, and
``boundaries_analyzer``, which puts them together.
"""

from scorecard.analyzers.boundaries.boundaries_analyzer import BoundariesAnalyzer

__all__ = ["BoundariesAnalyzer"]
