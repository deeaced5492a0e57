"""Signals analyzer: visibility, predictability, automation, tests and rollback.

The per-file step walks each shared tree once (``file_facts``) and reads the application
source files of other languages as text (``foreign_facts``: web frameworks, routes, metrics
and logging clients); the summary decides what
counts for the kind of project (library, service or command-line tool: the overrides
analyzer's guess, or ``kind`` in ``[tool.scorecard.signals]``) and reads the repository's
CI, task-runner, packaging and environment files (``automation``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from scorecard.analyzers.base import (
    Analyzer,
    AnalyzerOutput,
    FileInput,
    FileKind,
    FileResult,
    ScanContext,
)
from scorecard.analyzers.path_roles import (
    PathRole,
    is_test_code,
    module_name,
    path_role,
    unparsed_app_note,
)
from scorecard.analyzers.project_kind import KINDS, configured_kind, kind_option_errors
from scorecard.analyzers.signals import code_measures as code
from scorecard.analyzers.signals import repo_measures as repo
from scorecard.analyzers.signals.automation import (
    ReadText,
    detect_automation,
    detect_dashboards,
    detect_environments,
)
from scorecard.analyzers.signals.build_files import build_signals
from scorecard.analyzers.signals.file_facts import collect_file_facts
from scorecard.analyzers.signals.foreign_facts import collect_foreign_facts, is_foreign_source
from scorecard.analyzers.signals.testsuite import find_tests, read_pytest_config
from scorecard.analyzers.source_share import (
    NOT_APPLICATION_LANGUAGES,
    SourceShare,
    python_minority,
    source_share,
)
from scorecard.analyzers.source_text import DISPLAY_NAMES
from scorecard.facts.overrides_facts import OverridesFacts
from scorecard.facts.runbooks_facts import RunbooksFacts
from scorecard.facts.signals_facts import LanguageFiles, SignalsFacts
from scorecard.languages import unmeasured_language_name
from scorecard.model import Direction, Measurement, Metric, Problem
from scorecard.wording import agree, counted

__all__ = ["SignalsAnalyzer", "SignalsOptions"]

_PER_KLOC = "per 1,000 lines"
_LOWER = Direction.LOWER_IS_BETTER
_HIGHER = Direction.HIGHER_IS_BETTER


@dataclass(frozen=True)
class SignalsOptions:
    """[tool.scorecard.signals]."""

    kind: str = "auto"  # auto (the overrides analyzer's guess) or a kind of KINDS


class SignalsAnalyzer(Analyzer):
    """Operability and reliability signals, each with file:line evidence."""

    name = "signals"
    # 5: other languages' application sources read as text; 6: Rust's inline test modules;
    # 7: the test-file conventions of Ruby, PHP, .NET, Kotlin, Scala, Swift and Elixir;
    # 8: health routes joined to a base path (baseUrl+"/_healthz"); 9: Tornado's route tuples
    version = "12"
    file_kind = FileKind.SOURCE
    facts_type = SignalsFacts
    # The project kind the overrides analyzer decided; the alert count runbooks found.
    requires = ("overrides", "runbooks")
    options_type = SignalsOptions
    metrics = (
        Metric(code.PRINTS, "print() calls in library and service code (not command-line "
               "modules or __main__ blocks)", _LOWER, _PER_KLOC),
        Metric(code.LOGGER_NAMING, "Share of logging modules that log through a logger "
               "named per module (getLogger(__name__))", _HIGHER, "%"),
        Metric(code.TRACEBACKS, "Share of broad exception handlers that log and keep the "
               "traceback", _HIGHER, "%"),
        Metric(code.SWALLOWED, "Bare or broad exception handlers that neither log, re-raise "
               "nor pass the exception on", _LOWER, _PER_KLOC),
        Metric(code.ASSERTS, "assert statements used as runtime checks in application code "
               "(type-narrowing asserts excluded)", _LOWER, _PER_KLOC),
        Metric(code.MUTABLE_DEFAULTS, "Mutable default arguments in application code",
               _LOWER, "arguments"),
        Metric(code.GLOBAL_WRITES, "Writes to module-level state from inside functions",
               _LOWER, _PER_KLOC),
        Metric(code.TODOS, "TODO, FIXME, XXX and HACK comments in application code",
               _LOWER, _PER_KLOC),
        Metric(repo.INSTRUMENTATION, "A service imports a metrics, tracing or error-tracking "
               "client", _HIGHER, "yes/no"),
        Metric(repo.HEALTH, "A web service serves a health or readiness route", _HIGHER,
               "yes/no"),
        Metric(repo.DASHBOARDS, "A service keeps dashboards or alerting rules in the "
               "repository", _HIGHER, "yes/no"),
        Metric(repo.CI_TESTS, "CI is configured (50) and runs the tests (100)", _HIGHER, "%"),
        Metric(repo.AUTOMATION, "Share of the automation practices expected of the kind of "
               "project that are present", _HIGHER, "%"),
        Metric(repo.TEST_RATIO, "Lines of test code per 100 lines of application code",
               _HIGHER, "%"),
        Metric(repo.UNTESTED, "Share of application modules that no test imports directly",
               _LOWER, "%"),
        Metric(repo.INTEGRATION, "Tests of the integration or end-to-end kind exist",
               _HIGHER, "yes/no"),
        Metric(repo.SANDBOX, "A local or example environment to experiment in (compose "
               "files, devcontainer, examples, env samples)", _HIGHER, "yes/no"),
        Metric(repo.MIGRATIONS, "Share of schema migrations that can be rolled back",
               _HIGHER, "%"),
        Metric(repo.FLAGS, "A service uses a feature-flag client", _HIGHER, "yes/no"),
    )


    def option_errors(self, options: Mapping[str, Any]) -> list[str]:
        """Refuse a ``kind`` that names no project kind: bad configuration (exit 2)."""
        return kind_option_errors(options.get("kind", "auto"), self.name)

    def wants(self, path: str) -> bool:
        """Select every Python file, and other languages' application and test sources."""
        if path.endswith(".py"):
            return True
        return is_foreign_source(path) and (path_role(path) is PathRole.APP
                                            or is_test_code(path))

    def analyze_file(self, item: FileInput, options: Any) -> FileResult:
        """Record the signals facts of one parsed file (or one other language's source)."""
        if item.tree is None:
            return collect_foreign_facts(item.path, item.text)
        return collect_file_facts(item.tree, item.text, module_name(item.path),
                                  item.path.endswith("__init__.py"))

    def summarize(self, ctx: ScanContext, results: Mapping[str, FileResult]) -> AnalyzerOutput:
        """Decide the kind of project, then measure every signal."""
        options: SignalsOptions = ctx.options
        problems: list[Problem] = []
        kind, kind_reason = self._kind(ctx, results, options.kind, problems)
        results, other_results, other_tests = _by_language(results)
        app = {p: r for p, r in results.items() if path_role(p) is PathRole.APP}
        base = code.CodeBase(app, kind)
        other = code.CodeBase(other_results, kind)
        paths = [f.path for f in ctx.files]
        read = _reader(ctx)
        automation = detect_automation(*_with_repository_automation(ctx, paths, read))
        problems.extend(Problem(self.name, message, path)
                        for path, message in automation.problems)
        config = read_pytest_config(paths, read)
        # One problem per file: an invalid pyproject.toml is reported once, by whichever
        # step read it first, not again by every step that needed one of its tables.
        if config.problem and not any(p.path == config.source for p in problems):
            problems.append(Problem(self.name, config.problem, config.source))
        markers = {p: r.get("markers", []) for p, r in results.items()}
        tests = find_tests(paths, config, markers,
                           {p: r.get("imports", []) for p, r in results.items()})
        share = source_share(ctx.files, [*app, *other_results], _unread_language)
        signals = repo.RepoSignals(
            base, results, automation, detect_environments(paths, read),
            detect_dashboards(paths, read), _alerts(ctx), tests,
            web_service=_serves_web(app, other_results),
            other=other, build=build_signals(paths, read), other_tests=other_tests,
            unread=_unread_note(share), has_unread=bool(share.unmeasured),
            suites=tuple(repo.suite_integration(paths)))
        first_party = frozenset(p.split("/", 1)[0].removesuffix(".py") for p in paths)
        # Only the measurements read from Python's syntax trees miss an unparsed file: CI,
        # automation and the rest say nothing of it.
        code_level = _python_only(code.code_measurements(base), other,
                                  python_minority(ctx.files, app) if app else None)
        measurements = [*_noting_unparsed(ctx, code_level),
                        *repo.repo_measurements(signals, first_party)]
        details = _details(kind, kind_reason, base, signals, other)
        return AnalyzerOutput(tuple(measurements), tuple(problems), details)

    @staticmethod
    def _kind(ctx: ScanContext, results: Mapping[str, FileResult], option: str,
              problems: list[Problem]) -> tuple[str, str]:
        configured = configured_kind(option, "signals", "[tool.scorecard.signals]", problems)
        if configured is not None:
            return configured
        overrides = ctx.facts(OverridesFacts)
        if overrides is not None and overrides.kind in KINDS:
            return overrides.kind, overrides.kind_reason
        web = sorted(p for p, r in results.items() if r.get("web")
                     and path_role(p) is PathRole.APP)
        if web:
            return "service", f"imports a web framework in {web[0]}"
        return "library", "no web framework imported (the overrides analyzer did not run)"


def _with_repository_automation(ctx: ScanContext, paths: list[str], read: ReadText,
                                 ) -> tuple[list[str], ReadText]:
    """Add the top's CI, hook, lint and task files when a folder of a repository is scanned.

    A service in ``services/api`` of a monorepo is tested and linted by the workflows at the
    repository's top; they are read as if they were the folder's own (by their path from
    the top), for the automation practices only.
    """
    outer = ctx.view.repository_automation()
    own = set(paths)
    extra = {path: text for path, text in outer.items() if path not in own}
    if not extra:
        return paths, read

    def read_both(path: str) -> str | None:
        return extra[path] if path in extra else read(path)
    return [*paths, *sorted(extra)], read_both


def _unread_language(path: str) -> str | None:
    """Name the language of a source file no rule here reads (Ruby, PHP, ...), or None."""
    if path.endswith(".py") or is_foreign_source(path):
        return None
    name = unmeasured_language_name(path)
    return None if name in NOT_APPLICATION_LANGUAGES else name


def _unread_note(share: SourceShare) -> str:
    """Return why code-read signals are n/a when unread languages hold most source, or ""."""
    reason = share.unrepresentative("languages whose code is not read")
    if reason is None:
        return ""
    return reason + (
        " (clients, routes, tests and flags are read from Python, Go, JavaScript, "
        "TypeScript, Java, Kotlin, Scala, Rust and C#)")


def _reader(ctx: ScanContext) -> ReadText:
    """Return a text reader over the scanned files that never raises.

    The detectors share it, so a file several of them read (pyproject.toml, setup.cfg) is
    read from the repository once.
    """
    texts: dict[str, str | None] = {}

    def read(path: str) -> str | None:
        if path not in texts:
            texts[path] = _read_text(ctx, path)
        return texts[path]
    return read


def _read_text(ctx: ScanContext, path: str) -> str | None:
    try:
        data = ctx.view.read_bytes(path)
    except (OSError, ValueError):
        return None
    return data.decode("utf-8", "replace") if b"\0" not in data[:8000] else None


def _serves_web(*results: Mapping[str, FileResult]) -> bool:
    """Return True when some application file imports a web framework or serves a health route.

    A registered health route is served over HTTP whatever else the program is: a
    Kubernetes operator's controller-runtime manager serves /healthz and /readyz.
    """
    return any(r.get("web") or r.get("health_routes") for files in results
               for r in files.values())


def _noting_unparsed(ctx: ScanContext, measurements: list[Measurement]) -> list[Measurement]:
    """Append to every note how many application files did not parse (and are not counted)."""
    note = unparsed_app_note(ctx.unparsable, "and {is} not counted")
    if not note:
        return measurements
    return [Measurement(m.metric, m.value, m.note + note, m.findings) for m in measurements]


def _by_language(results: Mapping[str, FileResult]) -> tuple[
        dict[str, FileResult], dict[str, FileResult], dict[str, int]]:
    """Split the per-file results by language and role.

    Every Python file; other languages' application files; other languages' test files
    with their code lines, and the inline test modules of Rust source files.
    """
    python = {p: r for p, r in results.items() if p.endswith(".py")}
    other = {p: r for p, r in results.items()
             if not p.endswith(".py") and path_role(p) is PathRole.APP}
    tests = {p: int(r.get("lines", 0)) for p, r in results.items()
             if not p.endswith(".py") and is_test_code(p)}
    # Rust keeps unit tests in a module of the source file: test code, not application code.
    for path, result in list(other.items()):
        inline = int(result.get("test_lines", 0))
        if inline:
            other[path] = {**result, "lines": max(0, int(result.get("lines", 0)) - inline)}
            tests[path] = inline
    return python, other, tests


def _python_only(measurements: list[Measurement], other: code.CodeBase,
                 minority: str | None) -> list[Measurement]:
    """Say that a code-level measurement reads Python only when other languages are here.

    print(), asserts, exception handlers, loggers, module state and TODOs are read from
    Python syntax trees; a Go or Java application gets n/a with that reason, not "no code",
    and beside such code a measured value says it describes the Python part alone. When
    Python is only a sliver of the application (``minority``, see
    :func:`scorecard.analyzers.source_share.python_minority`: a Go operator's 5 % of Python
    is not the operator), the measurements are n/a with that reason.
    """
    if minority is not None:
        return [Measurement(m.metric, None, minority) for m in measurements]
    # A minified or bundled file was read for nothing (no language): it is no source here.
    named = [str(r["language"]) for r in other.files.values() if r.get("language")]
    if not named:
        return measurements
    languages = ", ".join(sorted({DISPLAY_NAMES.get(name, name) for name in named}))
    count = len(named)
    unread = (f"{counted(count, 'application file')} in {languages} "
              f"{agree(count, 'is', 'are')} not measured")
    return [Measurement(m.metric, None, f"{m.note} in Python (this measurement reads Python "
                                        f"only; {unread})", m.findings)
            if m.value is None else replace(m, note=f"{m.note}; Python only ({unread})")
            for m in measurements]


def _languages(other: code.CodeBase) -> dict[str, LanguageFiles]:
    """Application files and code lines per language other than Python."""
    files: dict[str, list[int]] = {}
    for result in other.files.values():
        counts = files.setdefault(str(result.get("language", "other")), [0, 0])
        counts[0] += 1
        counts[1] += int(result.get("lines", 0))
    return {name: LanguageFiles(n, lines) for name, (n, lines) in sorted(files.items())}


def _alerts(ctx: ScanContext) -> int:
    runbooks = ctx.facts(RunbooksFacts)
    return runbooks.alerts if runbooks is not None else 0


def _details(kind: str, kind_reason: str, base: code.CodeBase,
             signals: repo.RepoSignals, other: code.CodeBase) -> SignalsFacts:
    handlers: dict[str, int] = {}
    for result in base.files.values():
        for key, count in result.get("handlers", {}).items():
            handlers[key] = handlers.get(key, 0) + int(count)
    return SignalsFacts(
        kind=kind,
        kind_reason=kind_reason,
        application_files=len(base.files),
        application_lines=base.lines(),
        handlers=dict(sorted(handlers.items())),
        practices=tuple(signals.automation.practices),
        ci_systems=tuple(signals.automation.ci_systems),
        test_modules=len(signals.tests.modules),
        test_code_files=len(signals.tests.code),
        integration_evidence=tuple(signals.tests.integration[:10]),
        environments=tuple(signals.environments.evidence),
        dashboards=tuple(signals.dashboards.evidence),
        alerts=signals.alerts,
        web_framework=tuple(sorted({str(row[1]) for b in (base, other)
                                    for _, row in b.rows("web")})),
        instrumentation=tuple(sorted({str(row[1]) for b in (base, other)
                                      for _, row in b.rows("instrumentation")})),
        other_languages=_languages(other),
        structured_logging=tuple(sorted({str(row[1]) for _, row in
                                         other.rows("structured_logging")})),
    )
