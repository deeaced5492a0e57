"""Operational constants in one module, each classified overridable, API parameter or hard-coded.

Detection slots, each literal counted once, in this order of precedence:

1. ``default``: the literal default of an override source (``getenv("K", 30)``, an option's
   ``default=``, a settings-class field) whose key is in the vocabulary: *overridable*.
2. ``assignment``: a module or class constant named in the vocabulary (``TIMEOUT = 60 * 5``).
   Its uses are traced inside the module (two hops through ``B = A``): used as the default
   of an override -> overridable; as the default of a public function's parameter -> API;
   otherwise hard-coded. Annotated class fields wait for the repo-wide settings decision.
3. ``parameter``: a function's parameter in the vocabulary with a literal default: API
   (callers can set it; the library case), private and nested functions included.
4. ``keyword``: a literal keyword argument named in the slot-1 vocabulary
   (``requests.get(url, timeout=30)``): hard-coded.
5. ``call``: literal arguments of sleeps, socket timeouts, tenacity stops and waits, and
   ``run(host, port)``: hard-coded.
6. ``literal``: strings shaped like a DSN, a private URL, ``host:port``, an IP address or a
   data path: hard-coded (public http URLs are vendor endpoints and not counted).
7. ``clamp``: ``min(request_value, 10)``: low confidence, listed only.

Docstrings, f-string fragments, literals compared against (``host == "127.0.0.1"``),
literals in log and print calls and the body of a module's ``if __name__ == "__main__":``
fallback are never constants; nor are the sentinels 0 and -1 (disabled, unbounded), or 1 for a size,
pool or limit (a flag).
Lifetimes and limits named after tokens, sessions or rates are *policy*.
"""

from __future__ import annotations

import ast

from scorecard.analyzers.overrides.operational.knob_vocabulary import (
    is_hostname,
    is_policy,
    is_private_host,
    keyword_category,
    name_category,
    string_shape,
)
from scorecard.analyzers.overrides.per_file.filefacts import FileFacts
from scorecard.analyzers.overrides.per_file.keyexpr import source_text
from scorecard.analyzers.overrides.per_file.names import dotted
from scorecard.analyzers.overrides.per_file.records import OpsConstant, Status
from scorecard.analyzers.overrides.per_file.treeindex import FunctionNode

__all__ = ["configured_keywords", "default_constant", "detect_constants"]

_NUMERIC = ("timeout", "retry", "interval", "pool", "concurrency", "size", "port", "ttl",
            "limit")
_FLAG_LIKE = frozenset({"size", "pool", "limit"})
# Values of boolean or mode settings whose name mentions a host (USE_X_FORWARDED_HOST).
_NOT_HOSTS = frozenset({"true", "false", "yes", "no", "on", "off", "none", "null", "auto",
                        "default", "0", "1", "*", "all"})
_SLEEPS = frozenset({"time.sleep", "asyncio.sleep", "gevent.sleep", "eventlet.sleep",
                     "trio.sleep", "anyio.sleep", "socket.setdefaulttimeout"})
_TENACITY = {"stop_after_attempt": "retry", "wait_fixed": "interval",
             "stop_after_delay": "timeout", "wait_random": "interval"}
_RUNNERS = frozenset({"uvicorn.run", "waitress.serve", "aiohttp.web.run_app"})
_CONFIG_ROOTS = frozenset({"settings", "config", "conf", "cfg", "options", "opts", "args",
                           "arguments", "params", "app_settings", "SETTINGS", "CONFIG",
                           "environ", "os", "current_app", "app"})
_REQUEST_ROOTS = frozenset({"request", "req", "params", "query", "args", "kwargs", "data",
                            "payload", "body", "form"})
_PUBLIC_DUNDERS = frozenset({"__init__", "__call__", "__new__"})


def _literal(node: ast.expr) -> bool:
    """Return True for a number or string, or constant arithmetic on them (``60 * 5``, ``-1``)."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, int | float | str) and not isinstance(node.value, bool) \
            and node.value != ""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        return _literal(node.operand)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult | ast.Add | ast.Sub
                                                  | ast.Div | ast.FloorDiv | ast.Pow):
        return _literal(node.left) and _literal(node.right)
    return False


def _fits(category: str, node: ast.expr) -> bool:
    """Return True when a literal has the type its category expects (a port is a number)."""
    value = node.value if isinstance(node, ast.Constant) else None
    if category in ("host", "url"):
        if not isinstance(value, str) or value.lower() in _NOT_HOSTS:
            return False
        shape = string_shape(value)
        if shape == "vendor":
            return False
        # A bare host name: a cluster-internal one is the service's own backend; a public
        # domain (api.vendor.com) is a vendor endpoint.
        return shape is not None or category == "host" and is_hostname(value) \
            and is_private_host(value)
    if category == "path":
        # "/" alone is a URL path or a root, not a data directory.
        return isinstance(value, str) and value.startswith(("/", "~")) and len(value) > 1
    if category in _NUMERIC:
        if isinstance(value, int | float) and (value in (0, -1) or (
                value == 1 and category in _FLAG_LIKE)):
            # 0 and -1 mean "disabled" or "unbounded" (Queue(maxsize=0)); a batch, pool or
            # limit of 1 is a flag (EXECUTEMANY_VALUES_PLUS_BATCH = 1), not a tuned size.
            return False
        return not isinstance(value, str) or value[:1].isdigit()
    return True


def _bound_value(statement: ast.stmt) -> tuple[ast.Name, ast.expr] | None:
    """Return (name, value) of ``NAME = value`` or ``NAME: T = value``; None for others."""
    if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
        target, value = statement.targets[0], statement.value
    elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
        target, value = statement.target, statement.value
    else:
        return None
    return (target, value) if isinstance(target, ast.Name) else None


class _Detector:
    """Runs the slots over one module, remembering which literals are already counted."""

    def __init__(self, ff: FileFacts) -> None:
        self.ff = ff
        self.found: list[OpsConstant] = []
        self.seen: set[int] = self._not_configuration()
        self.skip = self._excluded()
        self.public_defaults: dict[int, str] = {}  # id(default node) -> "function:param"
        self.private_defaults: set[int] = set()
        self.class_of: dict[int, ast.ClassDef] = {}
        for node in ff.index.classes:
            for statement in node.body:
                self.class_of[id(statement)] = node
        self.uses: dict[str, list[ast.Name]] = {}
        self.aliases: dict[str, list[str]] = {}
        # Names of module constants, public parameter defaults in other modules may use.
        self.default_refs: list[list[str]] = []
        # id(node) -> NAME for nodes inside ``NAME = Timeout(timeout=5.0)`` at module level.
        self.owner_const: dict[int, str] = {}
        for statement in ff.index.tree.body:
            if isinstance(statement, ast.Assign) and len(statement.targets) == 1 \
                    and isinstance(statement.targets[0], ast.Name) \
                    and isinstance(statement.value, ast.Call):
                for part in ast.walk(statement.value):
                    self.owner_const[id(part)] = statement.targets[0].id

    def _not_configuration(self) -> set[int]:
        """Nodes of log text and ``__main__`` fallbacks: no slot counts them.

        A literal inside a log or print call (``log.info("listening on 0.0.0.0:8000")``)
        describes a value, it does not set one; a ``if __name__ == "__main__":`` block of
        an importable module is a developer's fallback (``app.run(port=5000)``), not how
        the deployed service starts.
        """
        skip: set[int] = set()
        for call in self.ff.index.calls:
            if _is_log_call(call):
                for argument in (*call.args, *(k.value for k in call.keywords)):
                    skip.update(id(n) for n in ast.walk(argument))
        for statement in self.ff.index.tree.body:
            if isinstance(statement, ast.If) and _is_main_guard(statement.test):
                for inner in statement.body:
                    skip.update(id(n) for n in ast.walk(inner))
        return skip

    def _excluded(self) -> set[int]:
        """Docstrings and compared literals: text, not configuration."""
        skip: set[int] = set()
        bodies: list[list[ast.stmt]] = [self.ff.index.tree.body]
        bodies.extend(f.body for f in self.ff.index.functions)
        bodies.extend(c.body for c in self.ff.index.classes)
        for body in bodies:
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                skip.add(id(body[0].value))
        for compare in self.ff.index.compares:
            for operand in (compare.left, *compare.comparators):
                skip.add(id(operand))
                if isinstance(operand, ast.Tuple | ast.List | ast.Set):
                    skip.update(id(e) for e in operand.elts)
        return skip

    def add(self, node: ast.expr, label: str, slot: str, category: str, status: Status,
            ref: str = "") -> None:
        for child in ast.walk(node):
            self.seen.add(id(child))
        if status in (Status.HARD, Status.API) and category in ("ttl", "limit") \
                and is_policy(label, ref):
            status = Status.POLICY
        self.found.append(OpsConstant(getattr(node, "lineno", 0), label, source_text(node),
                                      slot, category, status.value, ref))

    # -- slot 1: override defaults ----------------------------------------------------------
    def override_defaults(self) -> None:
        """Record operational literals that are the defaults of override sources."""
        for node, key, _source in self.ff.default_literals:
            if id(node) in self.seen or not _literal(node):
                continue
            category = name_category(key)
            if category and _fits(category, node):
                self.add(node, key.lstrip("-"), "default", category, Status.OVERRIDABLE)

    # -- slot 3: parameter defaults (collected first: slot 2 traces into them) ----------------
    def _public(self, function: FunctionNode) -> bool:
        """Return True for module-level or public-class functions whose name is public."""
        if function.name.startswith("_") and function.name not in _PUBLIC_DUNDERS:
            return False
        owner = self.class_of.get(id(function))
        if owner is not None:
            return not owner.name.startswith("_")
        return any(function is s for s in self.ff.index.tree.body)

    def collect_parameter_defaults(self) -> list[tuple[FunctionNode, ast.arg, ast.expr]]:
        pairs: list[tuple[FunctionNode, ast.arg, ast.expr]] = []
        for function in self.ff.index.functions:
            args = function.args
            positional = [*args.posonlyargs, *args.args]
            with_defaults = list(zip(positional[len(positional) - len(args.defaults):],
                                     args.defaults, strict=True))
            with_defaults.extend((a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults,
                                                         strict=True) if d is not None)
            public = self._public(function)
            owner = self.class_of.get(id(function))
            callee = owner.name if owner is not None and function.name == "__init__" \
                else function.name
            for arg, default in with_defaults:
                for child in ast.walk(default):
                    if public:
                        self.public_defaults[id(child)] = f"{callee}:{arg.arg}"
                    else:
                        self.private_defaults.add(id(child))
                if public and isinstance(default, ast.Name | ast.Attribute):
                    qualified = self.ff.names.qualify(default)
                    if qualified:
                        self.default_refs.append([qualified, f"{callee}:{arg.arg}"])
                pairs.append((function, arg, default))
        return pairs

    def parameters(self, pairs: list[tuple[FunctionNode, ast.arg, ast.expr]]) -> None:
        for _function, arg, default in pairs:
            if id(default) in self.seen or not _literal(default):
                continue
            category = name_category(arg.arg)
            if category is None or not _fits(category, default):
                continue
            if id(default) in self.ff.defaults:
                self.add(default, arg.arg, "default", category, Status.OVERRIDABLE)
            elif id(default) in self.public_defaults:
                self.add(default, arg.arg, "parameter", category, Status.API,
                         self.public_defaults[id(default)])
            else:
                # A private or nested function's default is still a parameter its callers
                # can set: not hard-coded, judged like a public one (API; for services,
                # overridable once a caller passes a configured value).
                self.add(default, arg.arg, "parameter", category, Status.API,
                         f"{_function_name(_function, self.class_of)}:{arg.arg}")

    # -- slot 2: named constants ------------------------------------------------------------
    def assignments(self) -> None:
        uses, aliases = self.uses, self.aliases
        for name in self.ff.index.names:
            if isinstance(name.ctx, ast.Load):
                uses.setdefault(name.id, []).append(name)
        for statement in self.ff.index.tree.body:
            if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Name):
                for target in statement.targets:
                    if isinstance(target, ast.Name):
                        aliases.setdefault(statement.value.id, []).append(target.id)
        for scope, owner in self._scopes():
            for statement in scope:
                self._assignment(statement, owner, uses, aliases)

    def _scopes(self) -> list[tuple[list[ast.stmt], ast.ClassDef | None]]:
        scopes: list[tuple[list[ast.stmt], ast.ClassDef | None]] = [(self.ff.index.tree.body,
                                                                     None)]
        scopes.extend((c.body, c) for c in self.ff.index.classes)
        return scopes

    def _assignment(self, statement: ast.stmt, owner: ast.ClassDef | None,
                    uses: dict[str, list[ast.Name]], aliases: dict[str, list[str]]) -> None:
        bound = _bound_value(statement)
        if bound is None or id(bound[1]) in self.seen:
            return
        target, value = bound
        category = name_category(target.id)
        if category is None:
            return
        if owner is not None and isinstance(value, ast.Call) and _callee_name(value) == "Field":
            # A pydantic field: ``timeout: int = Field(30, ...)`` defaults to 30.
            value = value.args[0] if value.args else next(
                (k.value for k in value.keywords if k.arg == "default"), value)
        if not _literal(value):
            self._inner_default(target.id, value, category)
            return
        if not _fits(category, value):
            return
        if owner is not None and isinstance(statement, ast.AnnAssign):
            # A class field: a settings field (overridable), a dataclass field (API) or a
            # plain class attribute; the settings part is decided across modules.
            qualname = f"{self.ff.names.module}.{owner.name}"
            self.add(value, target.id, "assignment", category, Status.FIELD, qualname)
            return
        status, ref = self._trace(target.id, uses, aliases)
        if status is Status.HARD and owner is None:
            # Maybe a public default in another module (decided repo-wide).
            ref = f"const:{self.ff.names.module}.{target.id}"
        self.add(value, target.id, "assignment", category, status, ref)

    def _inner_default(self, name: str, value: ast.expr, category: str) -> None:
        """TIMEOUT = int(os.getenv("T", "30")): its literal default is overridable."""
        inner = [n for n in ast.walk(value) if id(n) in self.ff.defaults
                 and isinstance(n, ast.Constant) and id(n) not in self.seen]
        if inner and _literal(inner[-1]) and _fits(category, inner[-1]):
            self.add(inner[-1], name, "default", category, Status.OVERRIDABLE)

    def _trace(self, name: str, uses: dict[str, list[ast.Name]],
               aliases: dict[str, list[str]]) -> tuple[Status, str]:
        names = [name, *aliases.get(name, [])]
        names.extend(a for n in list(names[1:]) for a in aliases.get(n, []))
        best, ref = Status.HARD, ""
        for current in names:
            for use in uses.get(current, []):
                if id(use) in self.ff.defaults:
                    return Status.OVERRIDABLE, ""
                if id(use) in self.public_defaults:
                    best, ref = Status.API, self.public_defaults[id(use)]
        return best, ref

    # -- slots 4-7: keyword literals, known calls, shaped strings, clamps --------------------
    def calls(self) -> None:
        for call in self.ff.index.calls:
            for item in call.keywords:
                if item.arg is None or id(item.value) in self.seen \
                        or id(item.value) in self.ff.defaults or not _literal(item.value):
                    continue
                category = keyword_category(item.arg)
                if category and _fits(category, item.value):
                    # A chained receiver (TimestampSigner(...).unsign) still names the method.
                    func = call.func
                    callee = dotted(func) or (f"...{func.attr}" if isinstance(
                        func, ast.Attribute) else "call")
                    label = f"{callee}({item.arg}=)"
                    status, ref = Status.HARD, ""
                    owner = self.owner_const.get(id(call))
                    if owner is not None:
                        # DEFAULT_TIMEOUT = Timeout(timeout=5.0): judged by how the constant
                        # is used, like a literal constant (spec's API_OVERRIDABLE example).
                        label = f"{owner} = {label}"
                        status, ref = self._trace(owner, self.uses, self.aliases)
                        if status is Status.HARD:
                            ref = f"const:{self.ff.names.module}.{owner}"
                    self.add(item.value, label, "keyword", category, status, ref)
            self._known_call(call)
            self._clamp(call)

    def _known_call(self, call: ast.Call) -> None:
        qualified = self.ff.names.qualify(call.func) or ""
        func = call.func
        attr = func.attr if isinstance(func, ast.Attribute) else ""
        short = qualified.rpartition(".")[2] if qualified.startswith("tenacity") else ""
        positions: list[tuple[int, str]] = []
        if qualified in _SLEEPS or attr == "settimeout":
            positions = [(0, "interval" if "sleep" in qualified else "timeout")]
        elif short in _TENACITY:
            positions = [(0, _TENACITY[short])]
        elif qualified in _RUNNERS:
            positions = [(1, "host"), (2, "port")]
        elif attr == "run" and isinstance(func, ast.Attribute) and isinstance(
                func.value, ast.Name) and func.value.id in ("app", "application"):
            positions = [(0, "host"), (1, "port")]
        for position, category in positions:
            if position < len(call.args):
                value = call.args[position]
                if id(value) in self.seen or not _literal(value):
                    continue
                if isinstance(value, ast.Constant) and value.value == 0:
                    continue  # sleep(0) yields; it is not an interval
                label = f"{dotted(func) or 'call'}(...)"
                self.add(value, label, "call", category, Status.HARD, category)

    def _clamp(self, call: ast.Call) -> None:
        func = call.func
        if not isinstance(func, ast.Name) or func.id not in ("min", "max") or len(
                call.args) != 2:
            return
        for literal, other in (call.args, call.args[::-1]):
            if isinstance(literal, ast.Constant) and isinstance(literal.value, int | float) \
                    and not isinstance(literal.value, bool) and literal.value >= 2 \
                    and id(literal) not in self.seen and any(
                        isinstance(n, ast.Name) and n.id in _REQUEST_ROOTS
                        for n in ast.walk(other)):
                self.add(literal, f"{func.id}(..., {literal.value})", "clamp", "limit",
                         Status.LOW)

    def strings(self) -> None:
        fragments = self.ff.index.fragments
        for node in self.ff.index.strings:
            if id(node) in self.seen or id(node) in self.skip or id(node) in fragments:
                continue
            shape = string_shape(str(node.value))
            if shape is None or shape == "vendor":
                continue
            status = Status.OVERRIDABLE if id(node) in self.ff.defaults else (
                Status.API if id(node) in self.public_defaults else Status.HARD)
            self.add(node, shape, "literal", shape, status,
                     self.public_defaults.get(id(node), ""))


def detect_constants(ff: FileFacts) -> tuple[list[OpsConstant], list[list[str]]]:
    """Return the operational constants of a module, in the slot order of the spec.

    Also returns (qualified name, "function:parameter") for every public parameter whose
    default is a named value: a hard-coded constant of another module used there is API.
    """
    detector = _Detector(ff)
    detector.override_defaults()
    pairs = detector.collect_parameter_defaults()
    detector.assignments()
    detector.parameters(pairs)
    detector.calls()
    detector.strings()
    detector.found.sort(key=lambda c: (c.line, c.label))
    return detector.found, detector.default_refs


def default_constant(name: str, line: int, text: str) -> OpsConstant | None:
    """Return the overridable constant a repo-wide key's literal default is, if any.

    Used for defaults only the whole repository reveals: ``envint("DB_TIMEOUT", "5")``
    through a wrapper defined in another module.
    """
    category = name_category(name)
    if category is None:
        return None
    try:
        node = ast.parse(text, mode="eval").body
    except SyntaxError:
        return None
    if not _literal(node) or not _fits(category, node):
        return None
    return OpsConstant(line, name, text, "default", category, Status.OVERRIDABLE.value)


_LOG_METHODS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical",
                          "fatal", "log", "msg", "trace", "success"})


def _is_log_call(call: ast.Call) -> bool:
    """Return True for ``print(...)`` and ``<logger>.info(...)``-style calls."""
    func = call.func
    if isinstance(func, ast.Name):
        return func.id == "print"
    if not isinstance(func, ast.Attribute) or func.attr not in _LOG_METHODS:
        return False
    receiver = func.value
    name = receiver.attr if isinstance(receiver, ast.Attribute) else getattr(receiver, "id", "")
    return "log" in str(name).lower() or str(name) in ("structlog", "console")


def _is_main_guard(test: ast.expr) -> bool:
    """Return True for ``__name__ == "__main__"`` (either order)."""
    if not isinstance(test, ast.Compare) or len(test.comparators) != 1 \
            or not isinstance(test.ops[0], ast.Eq):
        return False
    sides = (test.left, test.comparators[0])
    return any(isinstance(s, ast.Name) and s.id == "__name__" for s in sides) and any(
        isinstance(s, ast.Constant) and s.value == "__main__" for s in sides)


def _function_name(function: FunctionNode, class_of: dict[int, ast.ClassDef]) -> str:
    """Return the name callers use: the class for ``__init__``, else the function's."""
    owner = class_of.get(id(function))
    return owner.name if owner is not None and function.name == "__init__" else function.name


def _callee_name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _configured(node: ast.expr) -> bool:
    """Return True when a value comes from settings, config, options or the environment."""
    for child in ast.walk(node):
        if isinstance(child, ast.Name) and child.id in _CONFIG_ROOTS:
            return True
    return False


def configured_keywords(ff: FileFacts) -> list[list[str]]:
    """(callee, keyword) pairs the module passes a configured value to (for services)."""
    pairs: set[tuple[str, str]] = set()
    for call in ff.index.calls:
        callee = _callee_name(call)
        if not callee:
            continue
        for item in call.keywords:
            if item.arg and not isinstance(item.value, ast.Constant) and _configured(
                    item.value):
                pairs.add((callee, item.arg))
    return [list(p) for p in sorted(pairs)]
