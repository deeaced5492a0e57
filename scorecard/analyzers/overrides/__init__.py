"""Config-override detection (operability): env, CLI, settings classes, files and constants.

See :mod:`scorecard.analyzers.overrides.analyzer` for the analyzer and the spec it follows.
"""

from scorecard.analyzers.overrides.analyzer import OverridesAnalyzer

__all__ = ["OverridesAnalyzer"]
