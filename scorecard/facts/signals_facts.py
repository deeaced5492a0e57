"""The signals analyzer's facts: the project kind it measured for, practices and evidence."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["LanguageFiles", "Practice", "SignalsFacts"]


@dataclass(frozen=True)
class Practice:
    """An automation practice (formatter, linter, ...) and the evidence for it."""

    name: str
    present: bool
    evidence: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class LanguageFiles:
    """Application source files of one language other than Python, and their code lines."""

    files: int
    lines: int


@dataclass(frozen=True)
class SignalsFacts:
    """What the signals analyzer found (``details.signals``)."""

    kind: str
    kind_reason: str
    application_files: int
    application_lines: int
    handlers: Mapping[str, int]  # exception handlers by kind
    practices: tuple[Practice, ...]
    ci_systems: tuple[str, ...]
    test_modules: int
    test_code_files: int
    integration_evidence: tuple[str, ...]
    environments: tuple[str, ...]
    dashboards: tuple[str, ...]
    alerts: int
    web_framework: tuple[str, ...]
    instrumentation: tuple[str, ...]
    # Application source in other languages, read as text (files and code lines each).
    other_languages: Mapping[str, LanguageFiles] = field(default_factory=dict)
    structured_logging: tuple[str, ...] = ()  # structured logging libraries (other languages)
