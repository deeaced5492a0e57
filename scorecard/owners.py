"""CODEOWNERS: who owns which path (GitHub's rules: the last matching pattern wins)."""

from __future__ import annotations

from dataclasses import dataclass

from scorecard.globs import GlobSet

__all__ = ["CODEOWNERS_LOCATIONS", "OwnerRules", "parse_codeowners"]

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


def parse_codeowners(text: str) -> OwnerRules:
    """Parse CODEOWNERS text; lines that are comments or malformed are ignored."""
    rules: list[tuple[GlobSet, tuple[str, ...]]] = []
    for line in text.splitlines():
        fields = line.split("#", 1)[0].split()
        if len(fields) < 1:
            continue
        pattern, owners = fields[0], tuple(fields[1:])
        # In CODEOWNERS a leading slash anchors at the root and a bare name matches anywhere;
        # GlobSet follows the same .gitignore convention.
        rules.append((GlobSet([pattern]), owners))
    return OwnerRules(tuple(rules))
