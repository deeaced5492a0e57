"""Operational-constant and override-surface metrics, with findings.

- B4 ``overridable_constant_share``: share of operational constants an operator (service,
  CLI) or a caller (library) can change without editing code. Every constant that cannot
  be is a finding at its file:line with the suggested override. Policy constants and
  low-confidence clamps are listed in the details, not scored.
- B5 ``override_sources``: how many kinds of override the application offers (env, CLI,
  config file, settings class; for a library also its API parameters).
"""

from __future__ import annotations

from collections.abc import Mapping

from scorecard.analyzers.overrides.operational.knobs import Knob, suggested_env_name
from scorecard.analyzers.overrides.per_file.records import Status
from scorecard.analyzers.overrides.repository.override_inventory import Inventory
from scorecard.model import FINDINGS_BOUND, Finding, Location, Measurement
from scorecard.wording import agree, count_text, counted_of

__all__ = ["knob_measurements", "scored_knobs"]

SHARE = "overrides.overridable_constant_share"
SOURCES = "overrides.override_sources"
MAX_FINDINGS = FINDINGS_BOUND  # every finding is kept (see FINDINGS_BOUND)
_SCORED = frozenset({Status.OVERRIDABLE.value, Status.API.value, Status.HARD.value})


def scored_knobs(knobs: list[Knob]) -> list[Knob]:
    """Return the knobs B4 counts: policy and low-confidence ones are listed apart."""
    return [k for k in knobs if k.status in _SCORED]


def _overridable(knob: Knob, kind: str) -> bool:
    return knob.status == Status.OVERRIDABLE or (kind == "library" and knob.status == Status.API)


def _suggestion(knob: Knob, kind: str, prefix: str) -> str:
    constant = knob.constant
    if kind == "library":
        if knob.status == Status.API:
            return "already a parameter default"
        return (f"accept it as a parameter (or a documented module setting) defaulting to "
                f"{constant.value}, so callers can override it")
    env = suggested_env_name(constant, prefix)
    if constant.slot == "command":
        return (f"expand an environment variable in the start command, e.g. "
                f"${{{env}:-{constant.value}}}, and document it")
    if knob.status == Status.API:
        return (f"pass a configured value from where it is called, e.g. settings/env {env} "
                f"defaulting to {constant.value}")
    return (f"read it from configuration, e.g. env {env} defaulting to {constant.value}, "
            f"and document it")


def _finding(knob: Knob, kind: str, prefix: str) -> Finding:
    constant = knob.constant
    what = {"assignment": "constant", "parameter": "parameter default",
            "keyword": "argument", "call": "argument", "literal": "literal",
            "default": "default", "command": "start-command option"}.get(constant.slot,
                                                                          constant.slot)
    state = "hard-coded" if knob.status == Status.HARD else "not overridable by operators"
    reason = f" ({knob.why})" if knob.why else ""
    message = (f"{constant.category} {what} {constant.label} = {constant.value} is {state}"
               f"{reason}; suggested override: {_suggestion(knob, kind, prefix)}")
    return Finding(SHARE, Location(knob.path, constant.line or None), message,
                   symbol=constant.label)


def _share_note(good: int, scored: int, bad: list[Knob], kind: str) -> str:
    """Say how many constants are overridable, hard-coded, or only parameter defaults."""
    hard = sum(1 for k in bad if k.status == Status.HARD)
    note = (f"{counted_of(good, scored, 'operational constant')} overridable ({kind}); "
            f"{count_text(hard)} hard-coded")
    if kind != "library" and len(bad) > hard:
        defaults = len(bad) - hard
        note += (f", {count_text(defaults)} "
                 f"{agree(defaults, 'only a parameter default', 'only parameter defaults')}")
    return note


def _share(scored: list[Knob], kind: str, prefix: str, suffix: str) -> Measurement:
    """B4: the share of scored constants that can be overridden, a finding for each other."""
    if not scored:
        return Measurement(SHARE, None, f"no operational constants found in application "
                                        f"code{suffix}")
    good = [k for k in scored if _overridable(k, kind)]
    bad = sorted((k for k in scored if not _overridable(k, kind)),
                 key=lambda k: (k.path, k.constant.line))
    findings = tuple(_finding(k, kind, prefix) for k in bad[:MAX_FINDINGS])
    note = _share_note(len(good), len(scored), bad, kind)
    return Measurement(SHARE, round(100.0 * len(good) / len(scored), 2), note + suffix,
                       findings)


def _categories(scored: list[Knob], inventory: Inventory, kind: str) -> dict[str, int]:
    """Count the override keys by source; a library's API parameters are a source too."""
    categories = {c: n for c, n in inventory.sources.items() if n}
    api = sum(1 for k in scored if k.status == Status.API)
    if kind == "library" and api:
        categories["api"] = api
    return categories


def _sources(scored: list[Knob], inventory: Inventory, kind: str,
             markers: Mapping[str, bool], suffix: str) -> Measurement:
    """B5: how many kinds of override are offered (a library's parameters count as one)."""
    categories = _categories(scored, inventory, kind)
    if not categories and not scored:
        return Measurement(SOURCES, None, "no operational constants and no override "
                                          f"sources: nothing to configure{suffix}")
    listed = ", ".join(f"{c}: {n}" for c, n in sorted(categories.items())) or "none"
    extras = [name for name, present in markers.items() if present]
    note = f"keys by source: {listed}" + (f"; {', '.join(extras)}" if extras else "")
    return Measurement(SOURCES, float(len(categories)), note + suffix)


def knob_measurements(knobs: list[Knob], inventory: Inventory, kind: str, prefix: str,
                      markers: Mapping[str, bool], suffix: str) -> list[Measurement]:
    """Build B4 and B5 (n/a for notebooks: no operator runs them, their readers edit them)."""
    if kind == "notebooks":
        note = "a notebook collection: no operator runs it, its readers edit the notebooks"
        return [Measurement(SHARE, None, note), Measurement(SOURCES, None, note)]
    scored = scored_knobs(knobs)
    return [_share(scored, kind, prefix, suffix),
            _sources(scored, inventory, kind, markers, suffix)]
