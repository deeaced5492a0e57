"""Classify exception handlers: which hide failures, and which lose the traceback.

A handler hides a failure when it catches everything (bare ``except:``, ``Exception``,
``BaseException``) and then neither re-raises, nor logs, nor passes the exception on (returns
it, stores it, hands it to a call). Narrow handlers (``except KeyError:``) are deliberate
control flow and are only counted. A broad handler that logs but at a level and in a way that
drops the traceback (``log.error("failed")`` without ``exc_info``) leaves operators a message
with no cause: that is a visibility finding, not a predictability one.
"""

from __future__ import annotations

import ast
import re
from enum import StrEnum

__all__ = ["Verdict", "broadness", "classify_handler", "is_broad_suppress"]

_BROAD = frozenset({"Exception", "BaseException"})
# Logger methods; ``exception`` always records the traceback.
_LOG_METHODS = frozenset({"debug", "info", "warning", "warn", "error", "critical", "fatal",
                          "exception", "log", "msg"})
# Receivers that are loggers, by name: log, logger, LOGGER, _log, self.logger, logging,
# structlog, loguru's logger, getLogger(...) and get_logger(...) results.
_LOGGER_NAME = re.compile(r"(?i)(?:^|_)log(?:ger)?s?$|logger$|^logging$|^structlog$"
                          r"|^loguru$|^logbook$|get_?logger$")
# Calls that record the traceback (or send it to an error tracker) whatever their name.
_TRACEBACK_CALLS = frozenset({"print_exc", "format_exc", "print_exception", "format_exception",
                              "capture_exception", "captureException", "exception"})


class Verdict(StrEnum):
    """What a handler does with the exception it caught."""

    RERAISE = "reraise"  # raises again (or raises a new exception)
    LOGGED = "logged"  # logs with the traceback
    LOGGED_NO_TRACEBACK = "logged-no-traceback"  # logs a message, drops the traceback
    PASSED_ON = "passed-on"  # returns, stores or hands the exception to a call
    SILENT = "silent"  # pass, continue, ..., or a bare return
    OTHER = "other"  # does something else (a fallback value, cleanup) without a trace


def _name(node: ast.expr) -> str:
    """Return the last name of a dotted expression (``a.b.C`` -> ``C``), else ''."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def broadness(handler: ast.ExceptHandler) -> str:
    """Return 'bare', 'broad' (Exception/BaseException, also in a tuple) or 'narrow'."""
    if handler.type is None:
        return "bare"
    caught = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return "broad" if any(_name(c) in _BROAD for c in caught) else "narrow"


def _is_silent(body: list[ast.stmt]) -> bool:
    """Return True for bodies of only ``pass``, ``continue``, ``...``/docstrings, bare return."""
    for statement in body:
        if isinstance(statement, (ast.Pass, ast.Continue)):
            continue
        if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
            continue
        if isinstance(statement, ast.Return) and (
                statement.value is None or (isinstance(statement.value, ast.Constant)
                                            and statement.value.value is None)):
            continue
        return False
    return True


def _is_logger(receiver: ast.expr) -> bool:
    """Tell whether a method's receiver is a logger: by its name, or a logger it gets.

    ``log.error``, ``self.logger.warning``, ``logging.getLogger(__name__).error``,
    ``structlog.get_logger().info``; not ``Response.error([...])`` or ``item.warn(...)``,
    which make an error response or a warning object of their own.
    """
    if isinstance(receiver, ast.Call):
        return _LOGGER_NAME.search(_name(receiver.func)) is not None
    name = receiver.id if isinstance(receiver, ast.Name) else (
        receiver.attr if isinstance(receiver, ast.Attribute) else "")
    return _LOGGER_NAME.search(name) is not None


def _log_call(call: ast.Call) -> str:
    """Return 'traceback', 'message' or '' for a call that logs, by its shape."""
    func = call.func
    name = _name(func)
    if not isinstance(func, ast.Attribute):
        return ""
    if name in _TRACEBACK_CALLS and (name != "exception" or _is_logger(func.value)):
        return "traceback"
    if name not in _LOG_METHODS or not _is_logger(func.value):
        return ""
    for keyword in call.keywords:
        if keyword.arg in ("exc_info", "stack_info") and not (
                isinstance(keyword.value, ast.Constant) and not keyword.value.value):
            return "traceback"
    return "message"


def _uses_name(node: ast.AST, bound: str) -> bool:
    """Return True when ``bound`` (the ``as`` name) is read anywhere under node."""
    return any(isinstance(n, ast.Name) and n.id == bound and isinstance(n.ctx, ast.Load)
               for n in ast.walk(node))


def classify_handler(handler: ast.ExceptHandler) -> Verdict:
    """Return what a handler does with its exception.

    Logging the traceback wins (the operator has the evidence), then re-raising (the caller
    gets the traceback), then logging a message only, then passing the exception on.
    """
    if _is_silent(handler.body):
        return Verdict.SILENT
    logged = ""
    raises = passed_on = False
    for node in ast.walk(ast.Module(body=handler.body, type_ignores=[])):
        if isinstance(node, ast.Raise):
            raises = True
        elif isinstance(node, ast.Call):
            kind = _log_call(node)
            logged = "traceback" if "traceback" in (kind, logged) else (kind or logged)
            passed_on = passed_on or (not kind and _passes_on(node, handler.name))
        elif isinstance(node, (ast.Return, ast.Assign, ast.Yield)) and node.value is not None:
            passed_on = passed_on or _passes_on(node.value, handler.name)
    if logged == "traceback":
        return Verdict.LOGGED
    if raises:
        return Verdict.RERAISE
    if logged == "message":
        return Verdict.LOGGED_NO_TRACEBACK
    return Verdict.PASSED_ON if passed_on else Verdict.OTHER


def _passes_on(node: ast.AST, bound: str | None) -> bool:
    """Return True when the caught exception (its ``as`` name) is read under node."""
    if not bound:
        return False
    if isinstance(node, ast.Call):
        return any(_uses_name(a, bound) for a in [*node.args, *node.keywords])
    return _uses_name(node, bound)


def is_broad_suppress(item: ast.withitem) -> bool:
    """Return True for ``with suppress(Exception):`` (contextlib), which hides everything."""
    call = item.context_expr
    return (isinstance(call, ast.Call) and _name(call.func) == "suppress"
            and any(_name(arg) in _BROAD for arg in call.args))
