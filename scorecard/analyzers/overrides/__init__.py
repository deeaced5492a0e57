"""Config-override detection (operability): env, CLI, settings classes, files and constants.

See :mod:`scorecard.analyzers.overrides.overrides_analyzer` for the analyzer and the rules it
follows.
"""

from scorecard.analyzers.overrides.overrides_analyzer import OverridesAnalyzer

__all__ = ["OverridesAnalyzer"]
