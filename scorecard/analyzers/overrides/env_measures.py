"""Env documentation metrics, with their findings.

- B1 ``env_doc_coverage``: share of the env names the application reads (system names
  dropped) that the docs mention; the note adds the severity-weighted share, where a
  required name (no default) weighs 2.
- B2 ``undocumented_required``: required names the docs do not mention.
- B3 ``stale_documented``: env names the docs or deployment files present as env vars that
  no code reads, after dropping what libraries, other containers, CI and tooling read, and
  names a dynamic read may build from a documented prefix or that a name-prefix filter
  (``name.startswith("APP_")`` over the environment) keeps.
- B6 ``defaults_documented``: of the documented names that have a default in code, the
  share whose default the docs state.

Each is n/a with the reason when there is nothing to measure, never zero.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass, field
from typing import Any

from scorecard.analyzers.overrides.repository.catalogue import catalogue_entry, is_system
from scorecard.analyzers.overrides.repository.deploy import DeployScan
from scorecard.analyzers.overrides.repository.docs import DocScan
from scorecard.analyzers.overrides.repository.foreign_env import ForeignRead
from scorecard.analyzers.overrides.repository.override_inventory import EnvVar, Inventory
from scorecard.facts.overrides_facts import Removal
from scorecard.model import FINDINGS_BOUND, Finding, Location, Measurement
from scorecard.wording import counted, counted_of

__all__ = ["EnvFacts", "alias_keys", "env_facts", "env_measurements", "excuse_foreign_reads",
           "prefix_excuses", "stale_candidates"]

COVERAGE = "overrides.env_doc_coverage"
UNDOCUMENTED_REQUIRED = "overrides.undocumented_required"
STALE = "overrides.stale_documented"
DEFAULTS = "overrides.defaults_documented"
MAX_FINDINGS = FINDINGS_BOUND  # every finding is kept (see FINDINGS_BOUND)
_UPPER_NAME = re.compile(r"^[A-Z][A-Z0-9_]*[A-Z0-9]$")
_DYNAMIC_PREFIX = re.compile(r"['\"{]([A-Z][A-Z0-9_]*_)")


@dataclass
class EnvFacts:
    """The env names of the application joined with what the docs say about them."""

    read: dict[str, EnvVar]  # R: names the application reads, system names dropped
    documented: dict[str, tuple[str, int]]  # R ∩ D, with where the docs mention it
    system: list[str]
    # names the application also writes for its own processes or pods: its own contract
    internal: list[str] = field(default_factory=list)


# Mechanisms that derive an env name from an option or field name plus a prefix.
_DERIVED_SOURCES = frozenset({"click", "typer", "pydantic-settings", "environ-config",
                              "dynaconf", "flask"})


def alias_keys(var: EnvVar, prefixes: Iterable[str]) -> list[str]:
    """Return the option keys an env name may be the prefixed form of (``APP_X_Y`` -> ``X_Y``).

    Keys come from the prefix rules the code is known to use (a configured or guessed
    project prefix, ``startswith`` mappings, computed reads); a name from a mechanism that
    always derives names from option or field names (click's ``auto_envvar_prefix``,
    settings classes) also tries every shorter tail and the name itself.
    """
    name = var.name.upper()
    keys = [name[len(p):] for p in prefixes if p and name.startswith(p.upper())
            and len(name) > len(p)]
    if any(site[2] in _DERIVED_SOURCES for site in var.sites):
        parts = name.split("_")
        keys.extend("_".join(parts[i:]) for i in range(len(parts)))
    return list(dict.fromkeys(k.strip("_") for k in keys if k.strip("_")))


def env_facts(inventory: Inventory, docs: DocScan, prefixes: Iterable[str] = (),
              written: Set[str] = frozenset()) -> EnvFacts:
    """Split the inventory's env names into project, system and internal names; match docs.

    A name counts as documented when the docs name it, or name the option key a prefix
    rule derives it from (``--oauth2-key`` for ``APP_OAUTH2_KEY``): see :func:`alias_keys`.
    A name the application's code also writes (``written``: for the processes it forks or
    the pods it creates) is internal: no operator sets it.
    """
    known_prefixes = [p for p in prefixes if p]
    read: dict[str, EnvVar] = {}
    system: list[str] = []
    internal: list[str] = []
    for name, var in sorted(inventory.env.items()):
        if is_system(name):
            system.append(name)
        elif name in written:
            internal.append(name)
        else:
            read[name] = var
    documented: dict[str, tuple[str, int]] = {}
    for name, var in read.items():
        where = docs.documented(name)
        for key in alias_keys(var, known_prefixes) if where is None else ():
            where = docs.option_documented(key)
            if where is not None:
                break
        if where is not None:
            documented[name] = where
    return EnvFacts(read, documented, system, internal)


def _first_site(var: EnvVar) -> Location:
    path, line, _source = min(var.sites)
    return Location(path, line or None)


def prefix_excuses(dynamic: list[list[object]],
                   results: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    """Map each env-name prefix the code may read under to the excuse it gives a name.

    Two kinds: a computed read whose key starts with a literal prefix
    (``os.getenv(f"APP_{name}")``), and a prefix filter over the environment's names
    (``name.startswith("APP_")``, from the per-file ``prefix_filters`` of ``results``).
    """
    excuses: dict[str, str] = {}
    for path, result in sorted(results.items(), reverse=True):  # the first file wins
        for prefix, line in result.get("prefix_filters", []):
            excuses[prefix] = (f'read through a name-prefix filter (startswith("{prefix}") '
                               f"at {path}:{line})")
    for row in dynamic:
        for prefix in _DYNAMIC_PREFIX.findall(str(row[1])):
            excuses[prefix] = "may be read dynamically (documented prefix)"
    return excuses


def _prefix_excuse(name: str, excuses: Mapping[str, str]) -> str:
    """Return the excuse of the longest prefix of ``name`` in ``excuses``, or ''."""
    matching = [p for p in excuses if name.startswith(p) and len(name) > len(p)]
    return excuses[max(matching, key=len)] if matching else ""


def _option_excuse(name: str, prefixes: Iterable[str], options: Iterable[str]) -> str:
    """Return why a documented ``APP_X_Y`` is read: the prefixed form of option ``--x-y``."""
    forms = {o.lstrip("-").lower().replace("-", "_"): o for o in options}
    for prefix in prefixes:
        if prefix and name.startswith(prefix) and name[len(prefix):].lower() in forms:
            option = forms[name[len(prefix):].lower()]
            return f"the environment form of option {option} (prefix rule {prefix})"
    return ""


def _code_excuse(name: str, names_in_code: Mapping[str, str], read_upper: set[str]) -> str:
    """Return why code may still use a name it does not read by that name, or ''."""
    if name in names_in_code:
        return (f"still named in code ({names_in_code[name]}): a computed read or an env "
                "written for a child process")
    if name.endswith("_FILE") and name[:-5] in read_upper:
        return "the _FILE variant of a variable the code reads (Docker secrets convention)"
    return ""


def _known_excuse(name: str) -> str:
    """Return why a well-known name needs no reader here: a system or catalogued variable."""
    if is_system(name):
        return "a system variable"
    catalogued = catalogue_entry(name)
    if catalogued:
        return f"{catalogued[0]} {catalogued[1].reader} (catalogue: {catalogued[1].source})"
    return ""


def _container_excuse(name: str, deploy: DeployScan, docs: DocScan) -> str:
    """Return why a name is read elsewhere: a consumer, another image, ``docker run -e``.

    Or through another variable an env file builds from it (``DATABASE_URL=...${DB_HOST}``).
    """
    if name in docs.interpolated:
        return f"expanded into {docs.interpolated[name]}"
    if name in deploy.consumed:
        return f"consumed by {deploy.consumed[name]}"
    if name in deploy.container_env and not deploy.builds_image:
        return (f"set for a container in {deploy.container_env[name]} whose image this "
                "repository does not build (that image reads it)")
    if name in docs.container_env:
        return "passed to a container (docker run -e)"
    return ""


def _tooling_excuse(name: str, deploy: DeployScan, other: set[str]) -> str:
    """Return why a name is read by CI, tooling scripts or a runtime, or ''."""
    if name in other:
        return "read by CI or tooling scripts"
    if name in deploy.runtime_names:
        return f"used by {deploy.runtime_names[name][0]}"
    if name in deploy.ci_names:
        return "used by CI only"
    return ""


def _mentioned(docs: DocScan, deploy: DeployScan) -> dict[str, tuple[str, int]]:
    """Every env-like name documented, declared for deployment or consumed, where first seen."""
    mentioned: dict[str, tuple[str, int]] = {}
    consumed = {name: ("", 0) for name in deploy.consumed}
    for source in (docs.env_mentions, deploy.declared, consumed):
        for name, where in source.items():
            # A single word ($URL, $SLUG) in prose is usually a shell variable; only an env
            # file or a deployment file makes it a documented env var.
            single = "_" not in name and source is docs.env_mentions \
                and name not in docs.env_files
            # Only ever expanded ($POD_FROM_JOB in a command): a value the reader fills in.
            expanded_only = source is docs.env_mentions and name not in docs.declared
            if _UPPER_NAME.match(name) and not single and not expanded_only:
                mentioned.setdefault(name, where)
    return mentioned


def _excuse(name: str, read_upper: set[str], inventory: Inventory, docs: DocScan,
            deploy: DeployScan, other: set[str], prefixes: Mapping[str, str],
            names_in_code: Mapping[str, str]) -> str:
    """Return the first excuse that applies to a documented name the code does not read."""
    return (_known_excuse(name) or _container_excuse(name, deploy, docs)
            or _tooling_excuse(name, deploy, other)
            or _option_excuse(name, prefixes, inventory.cli)
            or _prefix_excuse(name, prefixes)
            or _code_excuse(name, names_in_code, read_upper))


def stale_candidates(facts: EnvFacts, inventory: Inventory, docs: DocScan,
                     deploy: DeployScan, prefixes: Mapping[str, str],
                     names_in_code: Mapping[str, str]
                     ) -> tuple[dict[str, tuple[str, int]], dict[str, str]]:
    """Return stale names with where they are documented, and the excused names with why.

    ``prefixes`` maps env-name prefixes the code may read under to their excuse (see
    :func:`prefix_excuses`).
    """
    read_upper = ({n.upper() for n in facts.read} | {n.upper() for n in facts.system}
                  | {n.upper() for n in facts.internal})
    stale: dict[str, tuple[str, int]] = {}
    excused: dict[str, str] = {}
    other = {n.upper() for n in inventory.other_env}
    for name, where in sorted(_mentioned(docs, deploy).items()):
        if name in read_upper:
            continue
        reason = _excuse(name, read_upper, inventory, docs, deploy, other, prefixes,
                         names_in_code)
        if reason:
            excused[name] = reason
        else:
            stale[name] = where
    return stale, excused


def excuse_foreign_reads(stale: dict[str, tuple[str, int]], excused: dict[str, str],
                         reads: Mapping[str, ForeignRead]) -> None:
    """Move the stale names that code in other languages or examples reads to the excused."""
    for name, read in reads.items():
        if stale.pop(name, None) is not None:
            excused[name] = f"read by {read.language} code ({read.path}:{read.line})"


def env_measurements(facts: EnvFacts, docs: DocScan, stale: Mapping[str, tuple[str, int]],
                     removals: Mapping[str, Removal], history_note: str, note_suffix: str
                     ) -> list[Measurement]:
    """Build B1, B2, B3 and B6."""
    return [
        _coverage(facts, note_suffix),
        _undocumented_required(facts, note_suffix),
        _stale(stale, docs, removals, history_note, note_suffix),
        _defaults(facts, docs, note_suffix),
    ]


def _coverage(facts: EnvFacts, suffix: str) -> Measurement:
    if not facts.read:
        dropped = (f" ({counted(len(facts.system), 'system variable')} ignored)" if facts.system
                   else "")
        return Measurement(COVERAGE, None,
                           f"the application reads no environment variables{dropped}{suffix}")
    total = len(facts.read)
    weight = sum(2 if v.required else 1 for v in facts.read.values())
    covered_weight = sum(2 if v.required else 1 for n, v in facts.read.items()
                         if n in facts.documented)
    missing = [v for n, v in facts.read.items() if n not in facts.documented]
    missing.sort(key=lambda v: (not v.required, v.name))
    findings = tuple(
        Finding(COVERAGE, _first_site(v),
                f"{v.name} is read ({'required, no default' if v.required else 'optional'}; "
                f"{v.sites[0][2]}) but no README, docs page or .env.example mentions it",
                symbol=v.name)
        for v in missing[:MAX_FINDINGS])
    value = round(100.0 * len(facts.documented) / total, 2)
    internal = (f"; {counted(len(facts.internal), 'name')} the code also writes for its own "
                f"processes left out ({', '.join(facts.internal[:3])})" if facts.internal
                else "")
    note = (f"{counted_of(len(facts.documented), total, 'env variable')} documented; weighted "
            f"(required x2) {100.0 * covered_weight / weight:.1f} %{internal}{suffix}")
    return Measurement(COVERAGE, value, note, findings)


def _undocumented_required(facts: EnvFacts, suffix: str) -> Measurement:
    if not facts.read:
        return Measurement(UNDOCUMENTED_REQUIRED, None,
                           f"the application reads no environment variables{suffix}")
    required = [v for v in facts.read.values() if v.required]
    missing = sorted((v for v in required if v.name not in facts.documented),
                     key=lambda v: v.name)
    findings = tuple(
        Finding(UNDOCUMENTED_REQUIRED, _first_site(v),
                f"{v.name} has no default and is not documented: a fresh deploy fails "
                f"until someone reads the code to find it", symbol=v.name)
        for v in missing[:MAX_FINDINGS])
    note = (f"{counted_of(len(missing), len(required), 'required env variable')} "
            f"undocumented{suffix}")
    return Measurement(UNDOCUMENTED_REQUIRED, float(len(missing)), note, findings)


def _stale(stale: Mapping[str, tuple[str, int]], docs: DocScan,
           removals: Mapping[str, Removal], history_note: str, suffix: str) -> Measurement:
    if not docs.env_mentions and not stale:
        return Measurement(STALE, None, "no documentation or deployment file names an "
                                        f"environment variable{suffix}")
    findings: list[Finding] = []
    for name, (path, line) in sorted(stale.items())[:MAX_FINDINGS]:
        removal = removals.get(name)
        when = (f"; last changed in code by {removal.commit[:12]} ({removal.date}: "
                f"{removal.subject})" if removal else "")
        findings.append(Finding(STALE, Location(path, line or None),
                                f"{name} is documented but no code reads it{when}",
                                symbol=name))
    note = f"{counted(len(stale), 'documented env variable')} no code reads"
    if history_note:
        note += f"; {history_note}"
    return Measurement(STALE, float(len(stale)), note + suffix, tuple(findings))


# Defaults that mean "not set": a feature off or a value absent, nothing to state in docs.
_UNSET_DEFAULTS = frozenset({"None", "null", "nil", "undefined", "''", '""', "``"})


def _defaults(facts: EnvFacts, docs: DocScan, suffix: str) -> Measurement:
    candidates = sorted(n for n, v in facts.read.items()
                        if n in facts.documented and v.default is not None
                        and v.default.strip() not in _UNSET_DEFAULTS)
    if not candidates:
        return Measurement(DEFAULTS, None, "no documented env variable has a default in "
                                           f"code{suffix}")
    stated = [n for n in candidates if n in docs.defaults or n.upper() in docs.defaults]
    missing = [n for n in candidates if n not in stated]
    findings = tuple(
        Finding(DEFAULTS, Location(*facts.documented[n]) if facts.documented[n][0]
                else _first_site(facts.read[n]),
                f"{n} is documented without its default ({facts.read[n].default})",
                symbol=n)
        for n in missing[:MAX_FINDINGS])
    value = round(100.0 * len(stated) / len(candidates), 2)
    stated_note = counted_of(len(stated), len(candidates), "documented default")
    return Measurement(DEFAULTS, value, f"{stated_note} stated{suffix}", findings)
