"""Evaluate Jsonnet mixins with the optional ``jsonnet`` package, as a pure evaluator.

A mixin's alert names are often computed (``'%sDown' % $._config.prefix``); evaluating it
gives the exact rules (``(import 'mixin.libsonnet').prometheusAlerts``).
Only when ``pip install 'scorecard[jsonnet]'`` added the package; otherwise the regex
fallback of :mod:`alert_rules` runs and the report says so.

The repository is data, so evaluation is bounded and closed:

- imports resolve only to the repository's own ``.libsonnet``/``.jsonnet``/``.json`` files,
  read beforehand from the scanned tree or commit (no file system, no network: Jsonnet has
  no other way to reach out);
- it runs in a forked child process that is killed after ``max_seconds``;
- files over 1 MiB, and more than 32 MiB in all, are not read.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import multiprocessing
import posixpath
from collections.abc import Mapping
from multiprocessing.connection import Connection
from typing import Any

from scorecard.analyzers.base import ScanContext
from scorecard.analyzers.path_roles import is_sample

__all__ = ["available", "evaluate_mixins"]

_SUFFIXES = (".libsonnet", ".jsonnet", ".json")
MAX_FILE_BYTES = 1024 * 1024
MAX_TOTAL_BYTES = 32 * 1024 * 1024


def available() -> bool:
    """Return True when the optional ``jsonnet`` package is installed."""
    return importlib.util.find_spec("_jsonnet") is not None


def _sources(ctx: ScanContext) -> dict[str, str]:
    sources: dict[str, str] = {}
    budget = MAX_TOTAL_BYTES
    for item in ctx.files:
        if not item.path.endswith(_SUFFIXES) or item.size > MAX_FILE_BYTES or item.size > budget:
            continue
        try:
            sources[item.path] = ctx.view.read_bytes(item.path).decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # a file that cannot be read cannot be imported either
        budget -= item.size
    return sources


def _evaluate(entry: str, sources: Mapping[str, str], conn: Connection) -> None:
    """Child process: evaluate one entry file with imports from ``sources`` only."""
    # The optional extra, imported by name so that type checking needs neither it nor stubs.
    evaluator: Any = importlib.import_module("_jsonnet")

    def import_callback(base: str, rel: str) -> tuple[str, bytes]:
        for candidate in (posixpath.normpath(posixpath.join(base, rel)),
                          posixpath.normpath(rel)):
            candidate = candidate.lstrip("/")
            if candidate in sources:
                return candidate, sources[candidate].encode()
        raise RuntimeError(f"import not found in the repository: {rel}")

    snippet = f"(import {json.dumps(entry)}).prometheusAlerts"
    try:
        text = evaluator.evaluate_snippet(posixpath.join(posixpath.dirname(entry), "entry"),
                                         snippet, import_callback=import_callback)
        conn.send(("ok", text))
    except Exception as exc:  # noqa: BLE001 - any evaluation error means "use the fallback"
        conn.send(("error", str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__))
    finally:
        conn.close()


def _run(entry: str, sources: Mapping[str, str], max_seconds: float) -> tuple[str, str]:
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe(duplex=False)
    process = context.Process(target=_evaluate, args=(entry, sources, child), daemon=True)
    process.start()
    child.close()
    result = ("error", f"evaluation took longer than {max_seconds:g} s")
    if parent.poll(max_seconds):
        try:
            result = parent.recv()
        except EOFError:
            result = ("error", "the evaluator stopped")
    process.join(0.5)
    if process.is_alive():
        process.kill()
        process.join()
    parent.close()
    return result


def _rules(data: Any) -> list[dict[str, Any]]:
    groups = data.get("groups", []) if isinstance(data, dict) else []
    found: list[dict[str, Any]] = []
    for group in groups if isinstance(groups, list) else []:
        rules = group.get("rules", []) if isinstance(group, dict) else []
        for rule in rules if isinstance(rules, list) else []:
            if isinstance(rule, dict) and isinstance(rule.get("alert"), str):
                found.append(rule)
    return found


def evaluate_mixins(ctx: ScanContext, max_seconds: float = 20.0
                    ) -> tuple[list[tuple[str, dict[str, Any]]], list[str]]:
    """Return ((entry path, rule) for every evaluated alert rule, problems per entry)."""
    entries = sorted(f.path for f in ctx.files
                     if posixpath.basename(f.path) == "mixin.libsonnet" and not is_sample(f.path))
    if not entries or not available():
        return [], []
    sources = _sources(ctx)
    found: list[tuple[str, dict[str, Any]]] = []
    problems: list[str] = []
    for entry in entries[:10]:
        status, text = _run(entry, sources, max_seconds)
        if status != "ok":
            problems.append(f"{entry}: {text}")
            continue
        try:
            data = json.loads(text)
        except ValueError:
            problems.append(f"{entry}: the evaluation did not give JSON")
            continue
        found.extend((entry, rule) for rule in _rules(data))
    return found, problems
