"""Whether the measured code stands for the repository's source, or is a small part of it.

A repository of 254 C# files and one JavaScript file of one comment line used to get
simplicity A from that one line: every complexity share was computed, and perfect, over
the code the scan could measure. When most of the product's source is in languages that
no grammar here measures (Ruby, PHP, C#, Kotlin, ...), the shares describe a minority of
the code and say nothing of the rest: those checks are n/a, with the languages named, and
the pillar is not graded from them. Sizes are the files' bytes as listed (no file is read
for this); tests, examples, docs and generated files count on neither side, and neither
does SQL that is data or schema rather than logic (see :func:`is_data_sql`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass

from scorecard.analyzers.path_roles import NOT_PRODUCT_CODE, PathRole, path_role
from scorecard.analyzers.source_text import DISPLAY_NAMES, is_web_asset, language_of
from scorecard.languages import unmeasured_language_name
from scorecard.model import Measurement
from scorecard.repo import RepoFile
from scorecard.wording import counted

__all__ = ["MIN_PYTHON_SHARE", "NOT_APPLICATION_LANGUAGES", "SourceShare", "is_data_sql",
           "python_minority", "source_share", "withheld"]

# Front-end components run in the browser, and queries and infrastructure code run in no
# server: no server signal (a health route, a metrics client, an env read) is in them, so
# they do not make an application's code a minority.
NOT_APPLICATION_LANGUAGES = frozenset({"Vue", "Svelte", "SQL", "Terraform", "HCL"})


# Folders whose SQL loads rows or builds the schema (seed data, fixtures, a container's
# init scripts, migrations of Flyway, Liquibase, Rails, Django, ...) rather than holding
# the queries and procedures a team maintains as logic.
_DATA_SQL_FOLDERS = frozenset({
    "changelog", "data", "db-init", "dbinit", "docker-entrypoint-initdb.d", "dump", "dumps",
    "fixture", "fixtures", "flyway", "init", "initdb", "liquibase", "migrate", "migration",
    "migrations", "resources", "sample-data", "samples", "schema", "schemas", "seed",
    "seeders", "seeds", "testdata",
})
_DATA_SQL_NAME = re.compile(
    r"(?:schema|data|import|dump|init\w*|initiali[sz]e\w*|seed\w*|insert\w*|populate\w*"
    r"|create\w*|ddl\w*|v\d[\w.]*__\w*)\.sql$", re.IGNORECASE)


def is_data_sql(path: str) -> bool:
    """Return True for a SQL file that loads data or builds a schema (by its path).

    A Spring or Quarkus service's ``src/main/resources/import.sql`` of INSERT rows, a
    container's ``db-init/`` scripts or a Flyway ``V1__init.sql`` are not the program: 400 KB
    of seed rows made a Java service's 100 KB of code "a minority". SQL elsewhere (dbt
    models, stored procedures, report queries) still counts.
    """
    parts = path.lower().split("/")
    return (any(part in _DATA_SQL_FOLDERS for part in parts[:-1])
            or _DATA_SQL_NAME.fullmatch(parts[-1]) is not None)


@dataclass(frozen=True)
class SourceShare:
    """The product's source bytes: those measured, and those in unmeasured languages."""

    measured_bytes: int
    unmeasured: tuple[tuple[str, int, int], ...]  # (language, files, bytes), largest first

    @property
    def unmeasured_bytes(self) -> int:
        """Bytes of product source in languages without a grammar here."""
        return sum(size for _, _, size in self.unmeasured)

    def unrepresentative(self, unmeasured: str = "languages not measured") -> str | None:
        """Return why the measured code does not stand for the source, or None when it does.

        It does not when the unmeasured languages hold more of the product's source than
        the measured ones (by bytes). ``unmeasured`` says what those languages are to the
        caller ("languages whose code is not read").
        """
        if self.unmeasured_bytes <= self.measured_bytes:
            return None
        languages = ", ".join(f"{name} {counted(files, 'file')}"
                              for name, files, _ in self.unmeasured[:3])
        share = 100.0 * self.measured_bytes / (self.measured_bytes + self.unmeasured_bytes)
        return (f"most of the source is in {unmeasured} ({languages}); the measured code "
                f"is {share:.0f} % of it and does not stand for the rest")


def source_share(files: Iterable[RepoFile], measured: Iterable[str],
                 unmeasured_name: Callable[[str], str | None] = unmeasured_language_name,
                 ) -> SourceShare:
    """Compare the measured product files (``measured`` paths) with unmeasured source.

    ``unmeasured_name`` names the language of a source file left unmeasured (None for any
    other file): by default those without a grammar here; an analyzer that reads more
    languages as text passes its own.
    """
    sizes = {f.path: f.size for f in files}
    measured_bytes = sum(sizes.get(path, 0) for path in set(measured))
    by_language: dict[str, list[int]] = {}
    for path, size in sizes.items():
        name = unmeasured_name(path)
        if name is None or path_role(path) in NOT_PRODUCT_CODE:
            continue
        if name == "SQL" and is_data_sql(path):
            continue
        entry = by_language.setdefault(name, [0, 0])
        entry[0] += 1
        entry[1] += size
    unmeasured = tuple(sorted(((name, count, size) for name, (count, size) in
                               by_language.items()), key=lambda row: (-row[2], row[0])))
    return SourceShare(measured_bytes, unmeasured)


# Below this share of the application's source, Python-only measurements describe a few
# helper scripts, not the application: a 4-line tools.py beside 30 Java files moved a Spring
# service's simplicity from 10.0 to 8.2.
MIN_PYTHON_SHARE = 0.10


def python_minority(files: Iterable[RepoFile], python_paths: Iterable[str]) -> str | None:
    """Return why Python-only measurements do not stand for the application, or None.

    ``python_paths`` are the Python files a measurement reads; the application's Python is
    those of them that are product code. Other languages' product source (measured or not,
    front-end assets, minified files and the languages of NOT_APPLICATION_LANGUAGES aside)
    is compared by bytes: when Python is under ``MIN_PYTHON_SHARE`` of the two, the
    measurement is n/a with the languages named.
    """
    sizes = {f.path: f.size for f in files}
    python = sum(sizes.get(p, 0) for p in set(python_paths) if path_role(p) is PathRole.APP)
    other: dict[str, list[int]] = {}
    for path, size in sizes.items():
        # Minified files are generated by their names; type declarations run nothing.
        if path.endswith((".py", ".d.ts")) or path_role(path) in NOT_PRODUCT_CODE \
                or is_web_asset(path):
            continue
        language = language_of(path)
        name = DISPLAY_NAMES.get(language, language) if language else \
            unmeasured_language_name(path)
        if name is None or name in NOT_APPLICATION_LANGUAGES:
            continue
        entry = other.setdefault(name, [0, 0])
        entry[0] += 1
        entry[1] += size
    rest = sum(size for _, size in other.values())
    if not rest or python >= MIN_PYTHON_SHARE * (python + rest):
        return None
    largest = sorted(other.items(), key=lambda item: (-item[1][1], item[0]))[:3]
    languages = ", ".join(f"{name} {counted(count, 'file')}" for name, (count, _) in largest)
    share = 100.0 * python / (python + rest)
    return (f"Python is {share:.0f} % of the application's source (the rest: {languages}); "
            f"this measurement reads Python only, and so little of it does not stand for "
            f"the application")


def withheld(measurements: Iterable[Measurement], reason: str,
             keep: Collection[str] = ()) -> list[Measurement]:
    """Return the measurements as n/a for ``reason``, but those of the ``keep`` metrics."""
    return [m if m.metric in keep else Measurement(m.metric, None, reason)
            for m in measurements]
