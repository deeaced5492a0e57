"""Tell fix commits by their subject line, as the defect-prediction literature labels them.

The default follows the SZZ-style keyword rule (Śliwerski, Zimmermann and Zeller 2005; the
labelling of Ostrand, Weyuker and Bell 2005 used change requests instead): a subject that
says fix, bug, regression, crash or error, or closes an issue with GitHub's closing
keywords. Projects with other conventions set ``history.fix_pattern``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["DEFAULT_FIX_PATTERN", "FixMatcher"]

DEFAULT_FIX_PATTERN = (
    r"(?i)\b(fix(e[sd]|ing)?|bug(s|fix(es)?)?|hotfix(es)?|regressions?|crash(es|ed|ing)?"
    r"|errors?)\b|\b(close[sd]?|resolve[sd]?)\s+#\d+"
)


@dataclass(frozen=True)
class FixMatcher:
    """A compiled fix pattern; build it with :meth:`compile`, which validates it."""

    pattern: re.Pattern[str]

    @classmethod
    def compile(cls, text: str) -> FixMatcher:
        """Compile ``text``; raise ValueError naming the option when it is no valid pattern."""
        try:
            return cls(re.compile(text))
        except re.error as exc:
            raise ValueError(f"history.fix_pattern is not a valid regular expression: "
                             f"{exc}") from None

    def is_fix(self, subject: str) -> bool:
        """Return True when a commit subject marks a fix."""
        return self.pattern.search(subject) is not None
