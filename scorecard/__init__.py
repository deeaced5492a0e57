"""scorecard: a maintainability scorecard for codebases and runbooks.

It reads a git repository and scores operability, simplicity and evolvability from measured
facts. The public entry points live in :mod:`scorecard.api`.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
