"""One exception tree for everything scorecard reports to people.

Each exception carries the process exit code and a message meant for a person, so the CLI
can print one line and exit without a traceback.
"""

from __future__ import annotations

__all__ = [
    "EXIT_CONFIG",
    "EXIT_GATE",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_REMOTE",
    "CheckDefinitionError",
    "ConfigError",
    "InputError",
    "ScorecardError",
]

EXIT_OK = 0
EXIT_GATE = 1
EXIT_CONFIG = 2
EXIT_INTERNAL = 3
EXIT_REMOTE = 4  # a remote service (the GitHub API) refused or kept failing
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a Ctrl-C


class ScorecardError(Exception):
    """Base of every error scorecard raises on purpose."""

    exit_code: int = EXIT_INTERNAL

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConfigError(ScorecardError):
    """Configuration (file, environment or flags) is invalid; lists every problem at once."""

    exit_code = EXIT_CONFIG

    def __init__(self, problems: list[str], source: str = "configuration") -> None:
        self.problems = list(problems)
        super().__init__(f"invalid {source}: " + "; ".join(self.problems))


class CheckDefinitionError(ConfigError):
    """One or more check definition files are invalid."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems, source="check definitions")


class InputError(ScorecardError):
    """The path to scan does not exist or cannot be read."""

    exit_code = EXIT_CONFIG
