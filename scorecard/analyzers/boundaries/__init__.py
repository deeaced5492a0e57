"""Abstraction boundaries: import graph, cycles, contracts, private names, public API, coupling.

One job per module: ``imports`` (per-file facts from the shared tree), ``modules`` (file
paths to module names), ``graph`` (resolution), ``cycles``, ``contract_config`` and
``contracts``, ``references``, ``private``, ``public_api``, ``coupling``, and ``analyzer``,
which puts them together.
"""

from scorecard.analyzers.boundaries.analyzer import BoundariesAnalyzer

__all__ = ["BoundariesAnalyzer"]
