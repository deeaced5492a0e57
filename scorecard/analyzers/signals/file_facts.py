"""The per-file step of the signals analyzer: one walk of the shared tree, plain JSON out.

Every fact is recorded with its line so that the summary can turn it into file:line
evidence. Which files a fact counts for (library code, tests, command-line modules) is
decided in the summary, where the project's kind and the test layout are known; this step
only records what the file contains.
"""

from __future__ import annotations

import ast
import bisect
import io
import re
import tokenize
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from scorecard.analyzers.signals.handlers import (
    Verdict,
    broadness,
    classify_handler,
    is_broad_suppress,
)
from scorecard.analyzers.signals.migrations import migration_facts
from scorecard.analyzers.signals.signal_vocabulary import (
    APP_CONSTRUCTORS,
    CLI_MODULES,
    FLAG_MODULES,
    HEALTH_ROUTE,
    INSTRUMENTATION_MODULES,
    LOGGING_MODULES,
    MUTABLE_FACTORIES,
    ROUTE_CALLS,
    TODO_TAG,
    WEB_MODULES,
    top_module,
)
from scorecard.parsing import tree_nodes

__all__ = ["collect_file_facts", "code_lines"]

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef
_ROOT_LOG_FUNCTIONS = frozenset({"debug", "info", "warning", "warn", "error", "critical",
                                 "exception", "log"})
_MUTATORS = frozenset({"append", "extend", "insert", "update", "add", "setdefault", "pop",
                       "popitem", "clear", "remove", "discard", "appendleft", "extendleft"})
# Test clients that drive an application through its routes (Django, Flask, Starlette).
_CLIENT_CALLS = frozenset({"TestClient", "test_client", "APIClient", "AsyncClient",
                           "TestApp", "ASGITransport", "WSGITransport"})
_HTTP_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "options"})
# Functions whose printing is a command line's output (``def main(): print(usage)``).
_ENTRY_POINTS = frozenset({"main", "cli", "run_cli", "console_main", "entry_point"})
MAX_ROWS = 200  # per fact and file: evidence enough, bounded size for generated monsters


def code_lines(text: str) -> int:
    """Count non-blank lines that are not comment-only (the size facts are divided by)."""
    count = 0
    for line in text.splitlines():
        stripped = line.lstrip()
        if stripped and not stripped.startswith("#"):
            count += 1
    return count


def _on_self_client(func: ast.expr) -> bool:
    """Return True for ``self.client.<method>`` (Django's TestCase client)."""
    return (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Attribute)
            and func.value.attr == "client" and isinstance(func.value.value, ast.Name)
            and func.value.value.id == "self")


def _is_main_guard(statement: ast.stmt) -> bool:
    """Return True for ``if __name__ == "__main__":``."""
    if not isinstance(statement, ast.If) or not isinstance(statement.test, ast.Compare):
        return False
    test = statement.test
    sides = [test.left, *test.comparators]
    return (any(isinstance(s, ast.Name) and s.id == "__name__" for s in sides)
            and any(isinstance(s, ast.Constant) and s.value == "__main__" for s in sides))


def _is_mutable_value(node: ast.expr | None) -> bool:
    """Return True for list/dict/set displays and comprehensions and calls like dict()."""
    if isinstance(node, (ast.List, ast.Dict, ast.Set, ast.ListComp, ast.DictComp,
                         ast.SetComp)):
        return True
    if isinstance(node, ast.Call):
        func = node.func
        name = func.id if isinstance(func, ast.Name) else (
            func.attr if isinstance(func, ast.Attribute) else "")
        return name in MUTABLE_FACTORIES
    return False


def _is_type_narrowing(test: ast.expr) -> bool:
    """Return True for ``assert x is not None`` / ``isinstance(...)``: hints for type checkers."""
    if isinstance(test, ast.BoolOp):
        return all(_is_type_narrowing(v) for v in test.values)
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(
            test.ops[0], (ast.Is, ast.IsNot)):
        right = test.comparators[0]
        return isinstance(right, ast.Constant) and right.value is None
    if isinstance(test, ast.Call) and isinstance(test.func, ast.Name):
        return test.func.id in ("isinstance", "issubclass", "callable", "hasattr")
    return False


def _call_name(call: ast.Call) -> str:
    """Return the called name (``a.b.f(...)`` -> ``f``)."""
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else ""


def _root_logging_call(call: ast.Call) -> bool:
    """Return True for ``logging.info(...)`` and friends: the unnamed root logger."""
    func = call.func
    return (isinstance(func, ast.Attribute) and func.attr in _ROOT_LOG_FUNCTIONS
            and isinstance(func.value, ast.Name) and func.value.id == "logging")


def _names_package(name: str, module: str) -> bool:
    """Return True when a literal logger name places the logger in a hierarchy.

    ``getLogger("httpx")`` in ``httpx/_client.py`` names the package's logger and
    ``getLogger("paperless.search")`` a component's: both keep the dotted hierarchy that
    operators tune per part. A flat name that is not a package of the module (``"app"``)
    does not. The module name may carry leading folders (``src.``).
    """
    if "." in name.strip("."):
        return True
    parts = module.split(".")
    return any(".".join(parts[i:]) == name or ".".join(parts[i:]).startswith(name + ".")
               for i in range(len(parts)))


def _logger_naming(call: ast.Call, module: str) -> str:
    """Return 'module', 'literal', 'root' for getLogger calls, '' for other calls."""
    name = _call_name(call)
    if name not in ("getLogger", "get_logger", "getChild"):
        return ""
    if name == "getChild":
        return "module"  # a child of a logger: named under its parent's (module) name
    if not call.args:
        return "root" if name == "getLogger" else "module"
    first = call.args[0]
    if isinstance(first, ast.Name) and first.id in ("__name__", "__qualname__"):
        return "module"
    if isinstance(first, ast.Constant) and isinstance(first.value, str):
        return "module" if _names_package(first.value, module) else "literal"
    return "module"  # computed names (f"{__name__}.x", self.__class__...) are per module


@dataclass
class _Facts:
    """Accumulates one file's facts during the walk."""

    imports: set[str] = field(default_factory=set)
    import_lines: dict[str, int] = field(default_factory=dict)
    rows: dict[str, list[list[Any]]] = field(default_factory=lambda: defaultdict(list))
    handlers: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    markers: set[str] = field(default_factory=set)
    loggers: set[str] = field(default_factory=set)
    testcase: bool = False
    web_client: bool = False
    string_lines: set[int] = field(default_factory=set)

    def add(self, kind: str, *row: Any) -> None:
        """Record one row of a fact, up to MAX_ROWS per fact."""
        rows = self.rows[kind]
        if len(rows) < MAX_ROWS:
            rows.append(list(row))


class _Walker:
    """One pass over the tree, dispatching each node to the fact it feeds."""

    def __init__(self, tree: ast.Module, module: str, is_package: bool) -> None:
        self.tree = tree
        self.module = module  # dotted name of this file, for relative imports
        self.is_package = is_package  # an __init__.py: '.' is the module itself
        self.facts = _Facts()
        self.functions: list[tuple[int, int, FunctionNode]] = []
        self.main_guard: list[tuple[int, int]] = [
            (s.lineno, s.end_lineno or s.lineno) for s in tree.body if _is_main_guard(s)]
        self.mutable_globals = self._mutable_globals()
        # Every name bound by assignment or as a parameter, with lines: a binding inside a
        # function makes the name local there unless the function declares it global.
        self.stores: dict[str, list[int]] = defaultdict(list)
        self.global_decls: list[tuple[int, str]] = []
        self.writes: list[tuple[int, str]] = []
        self.prints: list[int] = []
        self.type_checking: list[tuple[int, int]] = []

    def _mutable_globals(self) -> set[str]:
        """Return module-level names bound to a mutable container."""
        names: set[str] = set()
        for statement in self.tree.body:
            if isinstance(statement, ast.Assign) and _is_mutable_value(statement.value):
                names.update(t.id for t in statement.targets if isinstance(t, ast.Name))
            elif isinstance(statement, ast.AnnAssign) and isinstance(
                    statement.target, ast.Name) and _is_mutable_value(statement.value):
                names.add(statement.target.id)
        return {n for n in names if not n.startswith("__")}

    def run(self) -> _Facts:
        """Walk every node once, then resolve the facts that need the whole file."""
        dispatch: dict[type[ast.AST], Callable[[Any], None]] = {
            ast.Import: self._import, ast.ImportFrom: self._import_from,
            ast.Call: self._call, ast.ExceptHandler: self._handler, ast.Assert: self._assert,
            ast.FunctionDef: self._function, ast.AsyncFunctionDef: self._function,
            ast.With: self._with, ast.AsyncWith: self._with, ast.Global: self._global,
            ast.Name: self._name, ast.Subscript: self._subscript,
            ast.ClassDef: self._class, ast.Attribute: self._attribute,
            ast.Constant: self._constant, ast.If: self._if,
            ast.Assign: self._assign, ast.AnnAssign: self._assign, ast.Tuple: self._url_spec,
        }
        for node in tree_nodes(self.tree):
            visit = dispatch.get(type(node))
            if visit is not None:
                visit(node)
        self._resolve_state_writes()
        self._resolve_prints()
        return self.facts

    # -- imports ------------------------------------------------------------------------
    def _note_import(self, dotted: str, line: int) -> None:
        self.facts.imports.add(dotted)
        top = top_module(dotted)
        self.facts.import_lines.setdefault(top, line)

    def _import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._note_import(alias.name, node.lineno)

    def _import_from(self, node: ast.ImportFrom) -> None:
        base = node.module or ""
        if node.level:
            parts = self.module.split(".")
            level = node.level - 1 if self.is_package else node.level
            parent = parts[:max(len(parts) - level, 0)]
            base = ".".join([*parent, base] if base else parent)
        if not base:
            return
        self._note_import(base, node.lineno)
        for alias in node.names:
            if alias.name != "*":  # the name may be a submodule: tests import them so
                self.facts.imports.add(f"{base}.{alias.name}")

    # -- calls: prints, logging, routes, suppress ------------------------------------------
    def _call(self, node: ast.Call) -> None:
        name = _call_name(node)
        if name == "print" and isinstance(node.func, ast.Name) and not self._in_main(node):
            self.prints.append(node.lineno)
        elif _root_logging_call(node):
            self.facts.add("root_log_calls", node.lineno, f"logging.{name}()")
        if name in APP_CONSTRUCTORS or (name in ("Application", "App") and isinstance(
                node.func, ast.Attribute) and isinstance(node.func.value, ast.Name)
                and node.func.value.id in ("web", "falcon", "asgi")):
            self.facts.add("apps", node.lineno, name)
        if name in _CLIENT_CALLS or (name in _HTTP_METHODS and _on_self_client(node.func)):
            self.facts.web_client = True
        if name in ROUTE_CALLS and node.args:
            self._route(node, node.args[0])

    def _assign(self, node: ast.Assign | ast.AnnAssign) -> None:
        # Only a logger kept in a name logs through it; ``getLogger().setLevel(...)`` inline
        # configures the root logger, which is the entry point's job, not a finding.
        if isinstance(node.value, ast.Call):
            naming = _logger_naming(node.value, self.module)
            if naming:
                self.facts.loggers.add(naming)
                if naming != "module":
                    self.facts.add("unnamed_loggers", node.lineno, naming)

    def _url_spec(self, node: ast.Tuple) -> None:
        """Tornado's routes are tuples: ``(r"/healthcheck", HealthHandler[, kwargs])``."""
        if 2 <= len(node.elts) <= 4 and isinstance(node.elts[1], (ast.Name, ast.Attribute)):
            first = node.elts[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str) \
                    and first.value.lstrip("^").startswith("/"):
                self._route(node, first)

    def _route(self, node: ast.expr, first: ast.expr) -> None:
        # A probe target takes no parameters: "ping/<uuid:code>" is an API, not a health check.
        if isinstance(first, ast.Constant) and isinstance(first.value, str) \
                and len(first.value) < 200 and not re.search(r"[<{:]\w", first.value) \
                and HEALTH_ROUTE.search(first.value):
            self.facts.add("health_routes", node.lineno, first.value)

    def _constant(self, node: ast.Constant) -> None:
        last = node.end_lineno or node.lineno
        if last > node.lineno and isinstance(node.value, (str, bytes)):
            # The continuation lines of a multi-line string hold no comments.
            self.facts.string_lines.update(range(node.lineno + 1, last + 1))

    def _in_main(self, node: ast.AST) -> bool:
        line = getattr(node, "lineno", 0)
        return any(first <= line <= last for first, last in self.main_guard)

    # -- handlers and asserts ----------------------------------------------------------------
    def _handler(self, node: ast.ExceptHandler) -> None:
        kind = broadness(node)
        self.facts.handlers[kind] += 1
        if kind == "narrow":
            return
        verdict = classify_handler(node)
        if verdict in (Verdict.SILENT, Verdict.OTHER, Verdict.LOGGED_NO_TRACEBACK):
            self.facts.add("broad_handlers", node.lineno, kind, verdict.value)
        else:
            self.facts.handlers[f"broad-{verdict.value}"] += 1

    def _with(self, node: ast.With | ast.AsyncWith) -> None:
        for item in node.items:
            if is_broad_suppress(item):
                self.facts.add("broad_handlers", node.lineno, "suppress", Verdict.SILENT.value)

    def _assert(self, node: ast.Assert) -> None:
        line = node.lineno
        if not _is_type_narrowing(node.test) and not any(
                first <= line <= last for first, last in self.type_checking):
            self.facts.add("asserts", line)

    def _if(self, node: ast.If) -> None:
        test = node.test
        name = test.id if isinstance(test, ast.Name) else (
            test.attr if isinstance(test, ast.Attribute) else "")
        if name == "TYPE_CHECKING":
            # Never runs: the walk is breadth first, so the block is known before its body.
            self.type_checking.append((node.lineno, node.end_lineno or node.lineno))

    # -- functions: mutable defaults, module state -----------------------------------------
    def _function(self, node: FunctionNode) -> None:
        self.functions.append((node.lineno, node.end_lineno or node.lineno, node))
        args = node.args
        for default in [*args.defaults, *(d for d in args.kw_defaults if d is not None)]:
            if _is_mutable_value(default):
                self.facts.add("mutable_defaults", default.lineno, node.name)
        for arg in [*args.posonlyargs, *args.args, *args.kwonlyargs]:
            self.stores[arg.arg].append(node.lineno)

    def _global(self, node: ast.Global) -> None:
        for name in node.names:
            self.global_decls.append((node.lineno, name))

    def _name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Store):
            self.stores[node.id].append(node.lineno)

    def _subscript(self, node: ast.Subscript) -> None:
        value = node.value
        if isinstance(node.ctx, (ast.Store, ast.Del)) and isinstance(value, ast.Name) \
                and value.id in self.mutable_globals:
            self.writes.append((node.lineno, value.id))

    def _attribute(self, node: ast.Attribute) -> None:
        value = node.value
        if isinstance(value, ast.Attribute) and value.attr == "mark" \
                and isinstance(value.value, ast.Name) and value.value.id == "pytest":
            self.facts.markers.add(node.attr)  # pytest.mark.<name>
        if node.attr in _MUTATORS and isinstance(value, ast.Name) \
                and value.id in self.mutable_globals and isinstance(node.ctx, ast.Load):
            self.writes.append((node.lineno, value.id))

    def _class(self, node: ast.ClassDef) -> None:
        for base in node.bases:
            base_name = base.attr if isinstance(base, ast.Attribute) else (
                base.id if isinstance(base, ast.Name) else "")
            if base_name in ("TestCase", "IsolatedAsyncioTestCase", "TransactionTestCase",
                             "SimpleTestCase", "LiveServerTestCase", "AioHTTPTestCase"):
                self.facts.testcase = True

    def _resolve_prints(self) -> None:
        """Record print() calls, except in functions named like a command-line entry point."""
        spans = sorted((first, last, fn.name) for first, last, fn in self.functions)
        starts = [s[0] for s in spans]
        for line in sorted(self.prints):
            if _innermost(spans, starts, line) not in _ENTRY_POINTS:
                self.facts.add("prints", line)

    def _resolve_state_writes(self) -> None:
        """Record module state written inside functions.

        That is rebinding a name declared global, or mutating a module-level container that
        the function did not rebind locally.
        """
        if not self.functions:
            return
        spans = sorted((first, last, fn.name) for first, last, fn in self.functions)
        starts = [s[0] for s in spans]

        def owner(line: int) -> str | None:
            return _innermost(spans, starts, line)

        declared = {(owner(line), name) for line, name in self.global_decls}
        for line, name in self.global_decls:
            function = owner(line)
            if function and any(owner(s) == function for s in self.stores.get(name, ())):
                self.facts.add("global_writes", line, name, function)
        for line, name in self.writes:
            function = owner(line)
            if function is None:
                continue
            local = any(owner(s) == function for s in self.stores.get(name, ()))
            if not local or (function, name) in declared:
                self.facts.add("global_writes", line, name, function)


def _innermost(spans: list[tuple[int, int, str]], starts: list[int], line: int) -> str | None:
    """Return the name of the innermost function whose lines contain ``line``."""
    index = bisect.bisect_right(starts, line)
    best: tuple[int, str] | None = None
    for first, last, name in spans[:index]:
        if first <= line <= last and (best is None or first >= best[0]):
            best = (first, name)
    return best[1] if best else None


def _comment_tag(line: str) -> str:
    """Return the work-left tag in the comment of one line ('' if the '#' is in a string)."""
    try:
        for token in tokenize.generate_tokens(io.StringIO(line).readline):
            if token.type == tokenize.COMMENT:
                match = TODO_TAG.match(token.string)  # a comment token starts with its '#'
                return match.group(1) if match else ""
    except (tokenize.TokenError, SyntaxError):
        return ""  # the line continues a bracket or string: its '#' is not read alone
    return ""


def _todos(text: str, string_lines: set[int]) -> list[list[Any]]:
    """Return [line, tag] of work-left markers in comments (strings do not count).

    Tokenizing every file would cost more than the whole walk, so only lines the pattern
    matches are tokenized, one by one; lines inside a multi-line string are skipped.
    """
    if TODO_TAG.search(text) is None:
        return []
    rows: list[list[Any]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if number in string_lines or TODO_TAG.search(line) is None:
            continue
        tag = _comment_tag(line)
        if tag and len(rows) < MAX_ROWS:
            rows.append([number, tag])
    return rows


def _imports_of(facts: _Facts, modules: frozenset[str]) -> list[list[Any]]:
    """Return [line, module] for imported top-level modules that belong to ``modules``."""
    return [[line, top] for top, line in sorted(facts.import_lines.items()) if top in modules]


def collect_file_facts(tree: ast.Module, text: str, module: str,
                       is_package: bool = False) -> dict[str, Any]:
    """Return the signals facts of one parsed file as plain JSON values.

    ``module`` is the file's dotted name; ``is_package`` says it is an ``__init__.py``.
    """
    facts = _Walker(tree, module, is_package).run()
    tops = set(facts.import_lines)
    result: dict[str, Any] = {
        "lines": code_lines(text),
        # Django management commands are command-line code too (manage.py <command>).
        "cli": bool(tops & CLI_MODULES) or any(_is_main_guard(s) for s in tree.body)
        or ".management.commands." in f".{module}.",
        "logs": bool(tops & LOGGING_MODULES),
        "loggers": sorted(facts.loggers),
        "handlers": dict(sorted(facts.handlers.items())),
        "todos": _todos(text, facts.string_lines),
        "instrumentation": _imports_of(facts, INSTRUMENTATION_MODULES),
        "web": _imports_of(facts, WEB_MODULES),
        "flags": _imports_of(facts, FLAG_MODULES),
        "imports": sorted(facts.imports)[:2000],
        "testcase": facts.testcase,
        "web_client": facts.web_client,
        "migration": migration_facts(tree),
        "markers": sorted(facts.markers),
    }
    result.update({kind: rows for kind, rows in sorted(facts.rows.items())})
    if result.get("asserts"):
        lines = text.splitlines()
        result["asserts"] = [row for row in result["asserts"] if not (
            0 < row[0] <= len(lines) and _FOR_TYPE_CHECKER.search(lines[row[0] - 1]))]
        if not result["asserts"]:
            del result["asserts"]
    return result


# An assert its author says is for the type checker (``assert settings.SMTP_HOST  # For type
# checker``): it narrows an Optional, like ``assert x is not None``, checking nothing at run
# time that the code relies on.
_FOR_TYPE_CHECKER = re.compile(
    r"#.*(?:type[- ]?check|mypy|pyright|pyre\b|narrow|for typing|type hint)", re.IGNORECASE)

