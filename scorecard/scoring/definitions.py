"""Check definitions: TOML files under ``checks/<pillar>/<name>.toml``, validated strictly.

A check names one metric, a scorer from a closed set (linear, steps, ratio, boolean), its
thresholds, a weight and the prose people read (short, rationale, remedy, references).
Loading collects every error of every file before raising, so one run shows them all.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from scorecard.config import is_number, parse_toml
from scorecard.errors import CheckDefinitionError
from scorecard.model import CheckDefinition, Pillar, Scorer

__all__ = [
    "SCORER_KINDS",
    "CheckDefinition",
    "Scorer",
    "apply_override",
    "describe_scorer",
    "load_checks",
]

SCORER_KINDS = ("linear", "steps", "ratio", "boolean")
_TOP_KEYS = {"id", "pillar", "title", "metric", "weight", "enabled", "scorer", "prose"}
_PROSE_KEYS = {"short", "rationale", "remedy", "references"}
_SCORER_KEYS = {
    "linear": {"kind", "best", "worst"},
    "steps": {"kind", "steps"},
    "ratio": {"kind", "full"},
    "boolean": {"kind", "pass_when"},
}
OVERRIDE_KEYS = {"enabled", "weight", "best", "worst", "steps", "full", "pass_when"}


def describe_scorer(scorer: Scorer) -> str:
    """Return the scoring rule in words, e.g. ``linear: 10 at 2, 0 at 15``."""
    if scorer.kind == "linear":
        return f"linear: 10 at {scorer.best:g}, 0 at {scorer.worst:g}"
    if scorer.kind == "steps":
        return "steps: " + ", ".join(f"{t:g} → {s:g}" for t, s in scorer.steps) + \
            ", beyond the last: 0"
    if scorer.kind == "ratio":
        return f"ratio: 10 × value / {scorer.full:g}, at most 10"
    return f"boolean: 10 when {str(scorer.pass_when).lower()}, else 0"


def _linear_errors(raw: Mapping[str, Any]) -> list[str]:
    errors = [f"scorer.{key} must be a number" for key in ("best", "worst")
              if not is_number(raw.get(key))]
    if is_number(raw.get("best")) and raw.get("best") == raw.get("worst"):
        errors.append("scorer.best and scorer.worst must differ")
    return errors


def _is_step(step: object) -> bool:
    return isinstance(step, list) and len(step) == 2 and all(is_number(v) for v in step)


def _steps_errors(raw: Mapping[str, Any]) -> list[str]:
    steps = raw.get("steps")
    if not isinstance(steps, list) or not steps or not all(_is_step(s) for s in steps):
        return ["scorer.steps must be a non-empty list of [threshold, score]"]
    if any(not 0 <= s[1] <= 10 for s in steps):
        return ["scorer.steps scores must be within 0..10"]
    return []


def _ratio_errors(raw: Mapping[str, Any]) -> list[str]:
    if "full" in raw and (not is_number(raw["full"]) or raw["full"] <= 0):
        return ["scorer.full must be a positive number"]
    return []


def _boolean_errors(raw: Mapping[str, Any]) -> list[str]:
    if "pass_when" in raw and not isinstance(raw["pass_when"], bool):
        return ["scorer.pass_when must be true or false"]
    return []


# What each kind of scorer requires of its own keys.
_KIND_ERRORS: dict[str, Callable[[Mapping[str, Any]], list[str]]] = {
    "linear": _linear_errors,
    "steps": _steps_errors,
    "ratio": _ratio_errors,
    "boolean": _boolean_errors,
}


def _scorer_errors(where: str, raw: Mapping[str, Any]) -> list[str]:
    kind = raw.get("kind")
    if kind not in SCORER_KINDS:
        return [f"{where}: scorer.kind must be one of {', '.join(SCORER_KINDS)}, not {kind!r}"]
    errors = [f"{where}: unknown key scorer.{key} for a {kind} scorer"
              for key in sorted(set(raw) - _SCORER_KEYS[kind])]
    check = _KIND_ERRORS.get(kind)
    if check is not None:
        errors.extend(f"{where}: {error}" for error in check(raw))
    return errors


def _build_scorer(raw: Mapping[str, Any]) -> Scorer:
    return Scorer(
        kind=str(raw["kind"]),
        best=float(raw["best"]) if "best" in raw else None,
        worst=float(raw["worst"]) if "worst" in raw else None,
        steps=tuple((float(t), float(s)) for t, s in raw.get("steps", ())),
        full=float(raw.get("full", 100.0)),
        pass_when=bool(raw.get("pass_when", True)),
    )


def _pillar_errors(pillar: object, folder_pillar: str | None) -> list[str]:
    """Problems of the pillar: not a pillar, or not the one its folder names."""
    if not isinstance(pillar, str):
        return []
    if pillar not in {p.value for p in Pillar}:
        return [f"pillar must be one of {', '.join(p.value for p in Pillar)}"]
    if folder_pillar and pillar != folder_pillar:
        return [f"pillar '{pillar}' does not match its folder '{folder_pillar}'"]
    return []


def _field_errors(raw: Mapping[str, Any], folder_pillar: str | None) -> list[str]:
    """Problems of the top-level keys: unknown ones, id, pillar, title, metric, weight."""
    errors = [f"unknown key '{key}'" for key in sorted(set(raw) - _TOP_KEYS)]
    errors += [f"'{key}' must be a non-empty string" for key in ("id", "pillar", "title", "metric")
               if not isinstance(raw.get(key), str) or not raw.get(key)]
    errors += _pillar_errors(raw.get("pillar"), folder_pillar)
    weight = raw.get("weight")
    if not is_number(weight) or weight <= 0:
        errors.append("'weight' must be a positive number")
    if "enabled" in raw and not isinstance(raw["enabled"], bool):
        errors.append("'enabled' must be true or false")
    return errors


def _prose_errors(prose: object) -> list[str]:
    """Problems of the [prose] table: unknown keys, empty texts, references not strings."""
    if not isinstance(prose, dict):
        return ["a [prose] table is required"]
    errors = [f"unknown key prose.{k}" for k in sorted(set(prose) - _PROSE_KEYS)]
    errors += [f"prose.{key} must be a non-empty string" for key in ("short", "rationale", "remedy")
               if not isinstance(prose.get(key), str) or not prose.get(key, "").strip()]
    refs = prose.get("references", [])
    if not isinstance(refs, list) or not all(isinstance(r, str) for r in refs):
        errors.append("prose.references must be a list of strings")
    return errors


def _definition_errors(where: str, raw: Mapping[str, Any], folder_pillar: str | None) -> list[str]:
    errors = [f"{where}: {error}" for error in _field_errors(raw, folder_pillar)]
    scorer = raw.get("scorer")
    if not isinstance(scorer, dict):
        errors.append(f"{where}: a [scorer] table is required")
    else:
        errors.extend(_scorer_errors(where, scorer))
    errors.extend(f"{where}: {error}" for error in _prose_errors(raw.get("prose")))
    return errors


def _build(raw: Mapping[str, Any], source: str) -> CheckDefinition:
    prose = raw["prose"]
    return CheckDefinition(
        id=raw["id"],
        pillar=Pillar(raw["pillar"]),
        title=raw["title"],
        metric=raw["metric"],
        weight=float(raw["weight"]),
        scorer=_build_scorer(raw["scorer"]),
        short=prose["short"].strip(),
        rationale=prose["rationale"].strip(),
        remedy=prose["remedy"].strip(),
        references=tuple(prose.get("references", ())),
        enabled=bool(raw.get("enabled", True)),
        source=source,
    )


def _check_file_errors(where: str, raw: Mapping[str, Any], folder_pillar: str | None,
                       metrics: set[str], checks: Mapping[str, CheckDefinition]) -> list[str]:
    """Problems of one check file: its definition, then an unknown metric or a taken id."""
    found = _definition_errors(where, raw, folder_pillar)
    if not found and raw["metric"] not in metrics:
        found.append(f"{where}: metric '{raw['metric']}' is declared by no analyzer")
    if not found and raw["id"] in checks:
        found.append(f"{where}: duplicate check id '{raw['id']}' "
                     f"(also in {checks[raw['id']].source})")
    return found


# A check definition is a page of TOML; a larger file is no definition.
# scorecard: ignore[operability.config-overridable-constants] reason=bounds a read
MAX_DEFINITION_BYTES = 1024 * 1024


class _Unreadable(Exception):
    """A check file that is not read: a link out of its folder, a device, too large."""


def _read_definition(path: Path, folder: Path) -> str:
    """Read one check file; _Unreadable for what a check folder must not make us read.

    A repository's check folder is data: a link in it to ``/dev/zero`` or a pipe would
    never end, and one to a file elsewhere on the machine is not the repository's.
    """
    if path.is_symlink() and not path.resolve().is_relative_to(folder.resolve()):
        raise _Unreadable("links outside its check folder (not read)")
    if not stat.S_ISREG(path.stat().st_mode):  # before opening: opening a pipe waits
        raise _Unreadable("not a regular file (not read)")
    # Non-blocking, and checked again once open: the file may have been swapped meanwhile.
    with os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise _Unreadable("not a regular file (not read)")
        data = handle.read(MAX_DEFINITION_BYTES + 1)
    if len(data) > MAX_DEFINITION_BYTES:
        raise _Unreadable(f"larger than {MAX_DEFINITION_BYTES // 1024} KiB (not read)")
    return data.decode("utf-8")


def load_checks(folders: Iterable[Path], known_metrics: Iterable[str]) -> list[CheckDefinition]:
    """Load and validate every ``*.toml`` check under the folders (later folders may add).

    Raises CheckDefinitionError listing every problem found in every file.
    """
    metrics = set(known_metrics)
    errors: list[str] = []
    checks: dict[str, CheckDefinition] = {}
    for folder in folders:
        if not folder.is_dir():
            errors.append(f"{folder}: check folder does not exist")
            continue
        for path in sorted(folder.rglob("*.toml")):
            where = path.relative_to(folder.parent).as_posix()
            try:
                raw = parse_toml(_read_definition(path, folder))
            except _Unreadable as exc:
                errors.append(f"{where}: {exc}")
                continue
            except (OSError, ValueError) as exc:
                errors.append(f"{where}: not valid TOML ({exc})")
                continue
            folder_pillar = path.parent.name if path.parent != folder else None
            found = _check_file_errors(where, raw, folder_pillar, metrics, checks)
            if found:
                errors.extend(found)
                continue
            checks[raw["id"]] = _build(raw, where)
    if errors:
        raise CheckDefinitionError(errors)
    return sorted(checks.values(), key=lambda c: (c.pillar.value, c.id))


def _override_field_errors(where: str, raw: Mapping[str, Any]) -> list[str]:
    """Problems of an override's keys and of its enabled and weight values."""
    errors = [f"{where}: unknown key '{k}' (allowed: {', '.join(sorted(OVERRIDE_KEYS))})"
              for k in sorted(set(raw) - OVERRIDE_KEYS)]
    if "enabled" in raw and not isinstance(raw["enabled"], bool):
        errors.append(f"{where}.enabled must be true or false")
    if "weight" in raw and (not is_number(raw["weight"]) or raw["weight"] < 0):
        errors.append(f"{where}.weight must be a number >= 0")
    return errors


def override_errors(check_id: str, raw: Mapping[str, Any], check: CheckDefinition) -> list[str]:
    """Validate a ``[tool.scorecard.checks."<id>"]`` table against the check it tunes."""
    where = f'checks."{check_id}"'
    errors = _override_field_errors(where, raw)
    thresholds = {k: raw[k] for k in ("best", "worst", "steps", "full", "pass_when") if k in raw}
    if thresholds:
        merged = {**_scorer_as_raw(check.scorer), **thresholds}
        errors.extend(e.replace(f"{check.source}: scorer.", f"{where}.")
                      for e in _scorer_errors(check.source, merged))
    return errors


def _scorer_as_raw(scorer: Scorer) -> dict[str, Any]:
    raw: dict[str, Any] = {"kind": scorer.kind}
    if scorer.kind == "linear":
        raw.update(best=scorer.best, worst=scorer.worst)
    elif scorer.kind == "steps":
        raw["steps"] = [list(s) for s in scorer.steps]
    elif scorer.kind == "ratio":
        raw["full"] = scorer.full
    else:
        raw["pass_when"] = scorer.pass_when
    return raw


def apply_override(check: CheckDefinition, raw: Mapping[str, Any]) -> CheckDefinition:
    """Return the check with a validated override applied (weight 0 disables it)."""
    scorer_raw = {**_scorer_as_raw(check.scorer),
                  **{k: raw[k] for k in ("best", "worst", "steps", "full", "pass_when")
                     if k in raw}}
    weight = float(raw.get("weight", check.weight))
    enabled = bool(raw.get("enabled", check.enabled)) and weight > 0
    return replace(check, scorer=_build_scorer(scorer_raw), weight=weight, enabled=enabled)
