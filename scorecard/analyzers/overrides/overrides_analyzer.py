"""The overrides analyzer (operability): can operators override defaults without code edits.

Per file (worker processes, the shared tree, cached by blob id) it records override
sources and operational constants; source files in other languages (Go, JavaScript,
TypeScript, Java, Kotlin, Scala, Rust, C#) and Spring configuration files are read as text
for their env reads, command-line options and service markers (``per_file.foreign_code``).
The summary joins them across modules, reads the docs and deployment files, guesses the
kind of project and measures documentation coverage, stale docs, overridable constants and
the override surface.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from scorecard.analyzers.base import (
    Analyzer,
    AnalyzerOutput,
    FileInput,
    FileKind,
    FileResult,
    ScanContext,
)
from scorecard.analyzers.overrides.env_measures import (
    EnvFacts,
    env_facts,
    env_measurements,
    excuse_foreign_reads,
    prefix_excuses,
    stale_candidates,
)
from scorecard.analyzers.overrides.extract import extract_file
from scorecard.analyzers.overrides.libraries.dynaconf_files import dynaconf_keys
from scorecard.analyzers.overrides.libraries.foreign_wrapper_resolve import (
    resolve_foreign_wrappers,
)
from scorecard.analyzers.overrides.libraries.repo_index import RepoIndex
from scorecard.analyzers.overrides.libraries.settings_resolve import resolve_settings
from scorecard.analyzers.overrides.libraries.wrapper_resolve import resolve_wrappers
from scorecard.analyzers.overrides.operational.constants import default_constant
from scorecard.analyzers.overrides.operational.dockerfile_constants import dockerfile_constants
from scorecard.analyzers.overrides.operational.knob_measures import knob_measurements, scored_knobs
from scorecard.analyzers.overrides.operational.knobs import (
    Knob,
    api_defaults,
    configured_pairs,
    judge,
)
from scorecard.analyzers.overrides.per_file.foreign_code import (
    extract_foreign,
    foreign_language,
)
from scorecard.analyzers.overrides.per_file.records import OpsConstant, OverrideKey
from scorecard.analyzers.overrides.repository.deploy import scan_deploy
from scorecard.analyzers.overrides.repository.docs import scan_docs
from scorecard.analyzers.overrides.repository.foreign_env import foreign_reads
from scorecard.analyzers.overrides.repository.override_inventory import Inventory, build_inventory
from scorecard.analyzers.path_roles import PathRole, path_role, unparsed_app_note
from scorecard.analyzers.project_kind import configured_kind, guess_kind, kind_option_errors
from scorecard.analyzers.source_share import NOT_APPLICATION_LANGUAGES, source_share, withheld
from scorecard.facts.overrides_facts import (
    DynamicRead,
    EnvRow,
    KnobRow,
    OverridesFacts,
    Removal,
    SecretLooking,
    StaleName,
)
from scorecard.languages import unmeasured_language_name
from scorecard.model import Direction, Measurement, Metric, Problem
from scorecard.repo.removals import find_removals
from scorecard.wording import counted

__all__ = ["OverridesAnalyzer", "OverridesOptions"]

# Code that never runs in production: its reads and literals are not the app's config.
_SKIPPED_ROLES = frozenset({PathRole.TEST, PathRole.EXAMPLE, PathRole.DOCS, PathRole.MIGRATION,
                            PathRole.VENDORED, PathRole.GENERATED})
MAX_DETAIL_ROWS = 2000


def _prefix(read: Mapping[str, object]) -> str:
    """Return the project's env prefix (``MYAPP_``) when most multi-word names share one."""
    heads = Counter(n.split("_", 1)[0] for n in read if "_" in n)
    if not heads:
        return ""
    head, count = heads.most_common(1)[0]
    return f"{head}_" if count >= max(2, 0.3 * len(read)) else ""


def _headline(measurements: list[Measurement]) -> float | None:
    """Return the headline CFG = 0.5*B1 + 0.5*B4 minus penalties for B2 and B3, on 0..1."""
    values = {m.metric.rpartition(".")[2]: m.value for m in measurements}
    parts = [v / 100.0 for v in (values.get("env_doc_coverage"),
                                 values.get("overridable_constant_share")) if v is not None]
    if not parts:
        return None
    score = sum(parts) / len(parts)
    score -= min(0.3, 0.05 * (values.get("undocumented_required") or 0.0))
    score -= min(0.1, 0.02 * (values.get("stale_documented") or 0.0))
    return round(max(0.0, score), 3)


def _wrapper_defaults(keys: Mapping[str, list[OverrideKey]], is_app: Mapping[str, bool]
                      ) -> list[tuple[str, OpsConstant]]:
    """Literal defaults passed to wrappers (``envint("DB_TIMEOUT", "5")``): overridable."""
    found: list[tuple[str, OpsConstant]] = []
    for path, rows in sorted(keys.items()):
        if not is_app.get(path, True):
            continue
        for key in rows:
            constant = default_constant(key.name, key.line, key.default) if key.default \
                else None
            if constant is not None:
                found.append((path, constant))
    return found


def _operational_constants(ctx: ScanContext, app_results: Mapping[str, FileResult],
                           wrapper_keys: Mapping[str, list[OverrideKey]],
                           is_app: Mapping[str, bool]) -> list[tuple[str, OpsConstant]]:
    """Return the application's operational constants, by file.

    Those of its Python files, the literal defaults passed to its wrappers, and those of
    the Dockerfiles.
    """
    constants = [(p, OpsConstant.from_row(row)) for p, r in sorted(app_results.items())
                 for row in r.get("constants", [])]
    constants.extend(_wrapper_defaults(wrapper_keys, is_app))
    constants.extend(dockerfile_constants(ctx))
    return constants


def _dynamic_rows(app_results: Mapping[str, FileResult]) -> list[list[Any]]:
    """Return [path, *row] for every dynamic read of the application, by path."""
    return [[p, *row] for p, r in sorted(app_results.items()) for row in r.get("dynamic", [])]


def _names_in_code(app_results: Mapping[str, FileResult]) -> dict[str, str]:
    """Map each env-shaped name the application's code writes to the first file naming it."""
    return {name: path for path, r in sorted(app_results.items(), reverse=True)
            for name in r.get("names_in_code", [])}


def _help_markers(results: Mapping[str, FileResult],
                  app_results: Mapping[str, FileResult]) -> dict[str, bool]:
    """Return where users can see the env names: click's ``show_envvar``, a ``--help``."""
    return {
        "show_envvar": any("show_envvar" in r.get("markers", ()) for r in results.values()),
        "--help": any("cli" in r.get("markers", ()) for r in app_results.values()),
    }


def _python_constants_only(measurements: list[Measurement],
                           app_results: Mapping[str, FileResult]) -> list[Measurement]:
    """Say which code an n/a constants share did not read: other languages' constants.

    Operational constants come from Python syntax trees and Dockerfiles; the env reads and
    options of other languages are read, their literals are not.
    """
    languages = Counter(str(r["language"]) for r in app_results.values() if "language" in r)
    if not languages:
        return measurements
    listed = ", ".join(counted(n, f"{name} file") for name, n in sorted(languages.items()))
    return [Measurement(m.metric, m.value, f"{m.note} (constants are read from Python code "
                                           f"and Dockerfiles only: {listed} not read)",
                        m.findings)
            if m.metric.endswith("overridable_constant_share") and m.value is None else m
            for m in measurements]


@dataclass(frozen=True)
class OverridesOptions:
    """[tool.scorecard.overrides]."""

    kind: str = "auto"  # auto or a kind of KINDS: how constants are judged
    removal_lookups: int = 20  # stale names whose removal commit is looked up (one pass)
    removal_window: int = 500  # newest commits searched for the commit that removed a read
    # Env names (or PREFIX*) that are not this project's configuration.
    ignore_env: list[str] = field(default_factory=list)
    env_prefix: str = ""  # prefix for suggested env names; guessed from the code when empty
    max_doc_bytes: int = 512 * 1024  # larger documentation files are data, not read


class OverridesAnalyzer(Analyzer):
    """Config-override sources, documented configuration and operational constants."""

    name = "overrides"
    # 5: other languages' env reads, flags and service markers; 6: viper flags; 7: Ruby and
    # PHP env reads; 8: clap's derived env and long names, RUST_LOG; 9: validated-environment
    # schemas (T3 Env's createEnv, envsafe)
    version = "13"
    file_kind = FileKind.SOURCE
    facts_type = OverridesFacts
    options_type = OverridesOptions
    metrics = (
        Metric("overrides.env_doc_coverage",
               "Share of the env variables the application reads that the docs mention",
               Direction.HIGHER_IS_BETTER, "%"),
        Metric("overrides.undocumented_required",
               "Env variables read without a default that no documentation mentions",
               Direction.LOWER_IS_BETTER, "variables"),
        Metric("overrides.stale_documented",
               "Env variables the docs or deployment files name but no code reads",
               Direction.LOWER_IS_BETTER, "variables"),
        Metric("overrides.overridable_constant_share",
               "Share of operational constants (timeouts, pools, hosts, ...) that can be "
               "overridden without editing code",
               Direction.HIGHER_IS_BETTER, "%"),
        Metric("overrides.override_sources",
               "Kinds of override the application offers (env, CLI, config file, settings "
               "class; API parameters for a library)",
               Direction.HIGHER_IS_BETTER, "kinds"),
        Metric("overrides.defaults_documented",
               "Share of documented env variables whose default the docs state",
               Direction.HIGHER_IS_BETTER, "%"),
    )


    def option_errors(self, options: Mapping[str, Any]) -> list[str]:
        """Refuse a ``kind`` that names no project kind: bad configuration (exit 2)."""
        return kind_option_errors(options.get("kind", "auto"), self.name)

    def wants(self, path: str) -> bool:
        """Select source files that run in production, CI or tooling (not tests, examples).

        Python files, and the source files of the other languages ``foreign_code`` reads.
        """
        if path_role(path) in _SKIPPED_ROLES:
            return False
        return path.endswith(".py") or foreign_language(path) is not None

    def analyze_file(self, item: FileInput, options: Any) -> FileResult:
        """Record the override sources and operational constants of one module."""
        if item.tree is None:  # another language's source, read as text
            return extract_foreign(item.path, item.text)
        return extract_file(item.path, item.tree)

    def summarize(self, ctx: ScanContext, results: Mapping[str, FileResult]) -> AnalyzerOutput:
        """Join the files' facts with docs and deployment files into the six metrics."""
        options: OverridesOptions = ctx.options
        problems: list[Problem] = []
        is_app = {path: path_role(path) is PathRole.APP for path in results}
        index = RepoIndex(results)
        wrapper_keys, wrappers = resolve_wrappers(results, index)
        settings = resolve_settings(results, index)
        dyn_keys, dyn_problems = dynaconf_keys(ctx, results)
        problems.extend(dyn_problems)
        helper_keys = resolve_foreign_wrappers(results)
        inventory = build_inventory(results, [wrapper_keys, settings.keys, dyn_keys,
                                              helper_keys], is_app,
                                    [str(i) for i in options.ignore_env])
        docs = scan_docs(ctx, int(options.max_doc_bytes))
        deploy = scan_deploy(ctx)
        problems.extend(docs.problems)
        problems.extend(deploy.problems)
        kind, kind_reason = self._kind(ctx, results, str(options.kind), problems)
        app_results = {p: r for p, r in results.items() if is_app[p]}
        constants = _operational_constants(ctx, app_results, wrapper_keys, is_app)
        knobs = judge(constants, settings, kind, configured_pairs(app_results),
                      api_defaults(app_results, index))
        dynamic = _dynamic_rows(app_results)
        excuses = prefix_excuses([row[1:] for row in dynamic], app_results)
        configured_prefix = str(options.env_prefix)
        written = {str(name) for result in app_results.values()
                   for name in result.get("env_writes", ())}
        facts = env_facts(inventory, docs, [
            configured_prefix, _prefix(dict.fromkeys(inventory.env, 0)), *excuses], written)
        stale, excused = stale_candidates(facts, inventory, docs, deploy, excuses,
                                          _names_in_code(app_results))
        excuse_foreign_reads(stale, excused, foreign_reads(ctx, stale))
        removals, history_note = find_removals(ctx.root, ctx.git, sorted(stale),
                                               int(options.removal_lookups),
                                               int(options.removal_window))
        prefix = configured_prefix or _prefix(facts.read)
        suffix = unparsed_app_note(ctx.unparsable, "(their config reads are unknown)")
        markers = _help_markers(results, app_results)
        env = env_measurements(facts, docs, stale, {r.name: r for r in removals}, history_note,
                               suffix)
        unread = source_share(ctx.files, [p for p in results if is_app[p]],
                              _env_unread_language).unrepresentative(
            "languages whose environment reads are not read")
        measurements = [
            *(withheld(env, unread) if unread else env),
            *_python_constants_only(
                knob_measurements(knobs, inventory, kind, prefix, markers, suffix),
                app_results),
        ]
        details = self._details(
            _headline(measurements), facts, inventory, knobs, kind, kind_reason, prefix, stale,
            excused, removals, dynamic, wrappers, settings.settings_classes, docs.files,
            deploy.deploy_files, docs.suspicious_values)
        return AnalyzerOutput(tuple(measurements), tuple(problems), details)

    @staticmethod
    def _kind(ctx: ScanContext, results: Mapping[str, FileResult], option: str,
              problems: list[Problem]) -> tuple[str, str]:
        configured = configured_kind(option, "overrides", "configuration", problems)
        if configured is not None:
            return configured
        return guess_kind(ctx, results)

    @staticmethod
    def _details(headline: float | None, facts: EnvFacts, inventory: Inventory,
                 knobs: list[Knob], kind: str, kind_reason: str, prefix: str,
                 stale: Mapping[str, tuple[str, int]], excused: Mapping[str, str],
                 removals: list[Removal], dynamic: list[list[Any]], wrappers: list[str],
                 settings_classes: set[str], doc_files: int, deploy_files: list[str],
                 suspicious: list[tuple[str, int, str]]) -> OverridesFacts:
        scored = scored_knobs(knobs)
        by_status = Counter(k.status for k in knobs)
        return OverridesFacts(
            headline=headline,
            kind=kind,
            kind_reason=kind_reason,
            env_prefix=prefix,
            env=tuple(
                EnvRow(name=n, required=v.required, default=v.default,
                       documented=n in facts.documented, sites=len(v.sites),
                       first=f"{min(v.sites)[0]}:{min(v.sites)[1]}",
                       sources=tuple(sorted({s[2] for s in v.sites})))
                for n, v in sorted(facts.read.items())
            )[:MAX_DETAIL_ROWS],
            system_env=tuple(facts.system),
            ci_or_tooling_env=tuple(sorted(inventory.other_env)[:MAX_DETAIL_ROWS]),
            cli=tuple(sorted(inventory.cli)[:MAX_DETAIL_ROWS]),
            config_files=tuple(sorted(inventory.files)[:MAX_DETAIL_ROWS]),
            sources=inventory.sources,
            mechanisms=dict(sorted(inventory.mechanisms.items())),
            dynamic_reads=tuple(DynamicRead(str(r[0]), int(r[1]), str(r[2]), str(r[3]))
                                for r in dynamic)[:MAX_DETAIL_ROWS],
            wrappers=tuple(wrappers),
            settings_classes=tuple(sorted(settings_classes)),
            stale=tuple(StaleName(n, f"{p}:{line}") for n, (p, line) in sorted(stale.items())),
            excused=dict(sorted(excused.items())),
            removals=tuple(removals),
            constants={"scored": len(scored), **dict(sorted(by_status.items()))},
            knobs=tuple(
                KnobRow(path=k.path, line=k.constant.line, label=k.constant.label,
                        value=k.constant.value, category=k.constant.category,
                        slot=k.constant.slot, status=k.status)
                for k in knobs
            )[:MAX_DETAIL_ROWS],
            doc_files=doc_files,
            deploy_files=tuple(deploy_files),
            committed_env_values_that_look_secret=tuple(
                SecretLooking(p, line, n) for p, line, n in suspicious),
        )


# Languages whose environment reads no rule here reads (Elixir's System.get_env, shell's
# $NAME, ...): Python, Go, JavaScript, TypeScript, Java, Kotlin, Scala, Rust, Ruby, PHP
# and C# are read.
_ENV_READ_LANGUAGES = frozenset({"Rust", "C#", "Ruby", "PHP", "Kotlin", "Scala"})


def _env_unread_language(path: str) -> str | None:
    """Name the language of product source whose environment reads are not read, or None."""
    name = unmeasured_language_name(path)
    if name is None or name in _ENV_READ_LANGUAGES or name in NOT_APPLICATION_LANGUAGES:
        return None
    return name
