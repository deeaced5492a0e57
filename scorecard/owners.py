"""CODEOWNERS: who owns which path (GitHub's rules: the last matching pattern wins)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from scorecard.globs import GlobSet
from scorecard.model import CodeOwners, OwnerRule

__all__ = ["CODEOWNERS_LOCATIONS", "OwnerRules", "compile_owners", "owner_lines",
           "parse_codeowners", "report_owners"]

CODEOWNERS_LOCATIONS = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS")


@dataclass(frozen=True)
class OwnerRules:
    """Ordered (pattern, owners) rules of one CODEOWNERS file."""

    rules: tuple[tuple[GlobSet, tuple[str, ...]], ...]

    def owners_of(self, path: str) -> tuple[str, ...]:
        """Owners of a repo-relative path; empty when no rule matches."""
        for globs, owners in reversed(self.rules):
            if globs.matches(path):
                return owners
        return ()


def owner_lines(text: str) -> tuple[OwnerRule, ...]:
    """Parse CODEOWNERS text into its rules; lines that are comments or malformed are ignored."""
    rules: list[OwnerRule] = []
    for line in text.splitlines():
        fields = line.split("#", 1)[0].split()
        if len(fields) < 1:
            continue
        rules.append(OwnerRule(fields[0], tuple(fields[1:])))
    return tuple(rules)


def compile_owners(rules: Sequence[OwnerRule]) -> OwnerRules:
    """Return the matcher of parsed rules."""
    # In CODEOWNERS a leading slash anchors at the root and a bare name matches anywhere;
    # GlobSet follows the same .gitignore convention.
    return OwnerRules(tuple((GlobSet([rule.pattern]), rule.owners) for rule in rules))


def parse_codeowners(text: str) -> OwnerRules:
    """Parse CODEOWNERS text; lines that are comments or malformed are ignored."""
    return compile_owners(owner_lines(text))


def report_owners(codeowners: CodeOwners | None) -> OwnerRules | None:
    """Return the matcher of the CODEOWNERS a report carries (None when it has none)."""
    return None if codeowners is None else compile_owners(codeowners.rules)
