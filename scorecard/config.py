"""Configuration: file, then ``SCORECARD_*`` environment variables, then command-line flags.

The file is ``--config FILE`` when given; otherwise ``scorecard.toml`` at the scanned root;
otherwise the ``[tool.scorecard]`` table of the root's ``pyproject.toml``. Every problem in
every source is collected and raised at once as a ConfigError (exit code 2).
"""

from __future__ import annotations

import hashlib
import json
import math
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypeGuard

from scorecard.errors import ConfigError

__all__ = ["ENV_PREFIX", "REPOSITORY_MAX_FILE_BYTES", "REPOSITORY_MAX_FILE_SECONDS", "Config",
           "is_number", "load_config", "parse_toml", "repository_setting_errors"]

ENV_PREFIX = "SCORECARD_"

# key -> (expected kind, description); kinds: "globs", "score" (0-10), "seconds" (>= 0),
# "int", "bool", "path", "paths"
_SETTINGS: dict[str, tuple[str, str]] = {
    "include": ("globs", "only analyse paths matching these globs"),
    "exclude": ("globs", "never analyse paths matching these globs"),
    "fail_under": ("score", "exit 1 when the overall score is below this (0-10)"),
    "check_paths": ("paths", "extra folders of check definitions"),
    "max_file_bytes": ("int", "files larger than this are not analysed"),
    "max_file_seconds": ("seconds", "a file whose analysis takes longer is skipped (0 = no limit)"),
    "jobs": ("int", "worker processes (0 = one per core)"),
    "cache": ("bool", "reuse per-file results by git blob id"),
    "cache_dir": ("path", "where the per-file cache lives"),
    "reuse_reports": ("bool", "reuse a whole stored report when no input of the scan changed"),
    "skip_analyzers": ("globs", "analyzers not to run (e.g. history, for a quick local check)"),
}
# Environment variables that are not settings but are still ours.
# SCORECARD_GIT_TIMEOUT bounds every git call (read where git runs: scorecard.repo.gitcmd).
_ENV_NON_SETTINGS = {"SCORECARD_CONFIG", "SCORECARD_GIT_TIMEOUT"}


@dataclass(frozen=True)
class Config:
    """The effective configuration of one run."""

    source: str = "defaults"
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    fail_under: float | None = None
    check_paths: tuple[Path, ...] = ()
    max_file_bytes: int = 2 * 1024 * 1024
    max_file_seconds: float = 60.0
    jobs: int = 0
    cache: bool = True
    cache_dir: Path | None = None
    reuse_reports: bool = True
    skip_analyzers: tuple[str, ...] = ()
    check_overrides: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    analyzer_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def digest(self) -> str:
        """Return a short stable hash of the settings that change results."""
        data = asdict(self)
        for key in ("source", "jobs", "cache", "cache_dir", "reuse_reports", "max_file_seconds"):
            data.pop(key)
        text = json.dumps(data, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def _read_file(root: Path, explicit: Path | None) -> tuple[dict[str, Any], str, Path | None]:
    """Return the raw settings table, a description of its source, and its folder."""
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError([f"config file {explicit} does not exist"])
        table = _load_toml(explicit)
        is_pyproject = explicit.name == "pyproject.toml"
        nested = table.get("tool", {}).get("scorecard") if is_pyproject else None
        return (nested if isinstance(nested, dict) else table), str(explicit), explicit.parent
    candidate = root / "scorecard.toml"
    if candidate.is_file():
        _refuse_outside_link(candidate, root)
        return _load_toml(candidate), "scorecard.toml", root
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        _refuse_outside_link(pyproject, root)
        return _pyproject_table(pyproject, root)
    return {}, "defaults", None


# The most a scanned repository's own configuration may allow (see repository_setting_errors).
REPOSITORY_MAX_FILE_BYTES = 16 * 1024 * 1024
REPOSITORY_MAX_FILE_SECONDS = 600.0


def _outside_reads(table: Mapping[str, Any]) -> list[str]:
    """Return the settings that would make scorecard read files outside the repository.

    What it reads there is the user's to choose: a risk prior is a file anywhere on the
    machine, and what it holds is echoed in problems.
    """
    history = table.get("history")
    if isinstance(history, Mapping) and "risk_prior" in history:
        return ["history.risk_prior cannot be set by the scanned repository's configuration: "
                "it names a file to read anywhere on the machine (pass a file with --config)"]
    return []


def repository_setting_errors(table: Mapping[str, Any]) -> list[str]:
    """Problems of settings a scanned repository's own configuration may not make.

    Where scorecard writes is the user's to choose, never the repository's: ``cache_dir``
    could point into the repository itself, or anywhere on the machine; likewise what it
    reads outside the repository (``history.risk_prior``). So are the bounds
    that keep a scan finite: the repository may lower ``max_file_bytes`` and
    ``max_file_seconds``, not raise them past ``REPOSITORY_MAX_FILE_BYTES`` and
    ``REPOSITORY_MAX_FILE_SECONDS`` (or turn the deadline off). An org scan, which
    passes a repository's configuration as a file, checks it here too.
    """
    errors: list[str] = []
    if "cache_dir" in table:
        errors.append("cache_dir cannot be set by the scanned repository's configuration (set "
                      "SCORECARD_CACHE_DIR, or pass a file with --config)")
    errors.extend(_outside_reads(table))
    # Nor how much it may make scorecard hold or wait on: a repository's configuration may
    # tighten the per-file limits, never lift them past these (a 2 GB file read whole, a
    # file whose analysis runs for ever).
    size = table.get("max_file_bytes")
    if isinstance(size, int) and not isinstance(size, bool) and size > REPOSITORY_MAX_FILE_BYTES:
        errors.append(f"max_file_bytes above {REPOSITORY_MAX_FILE_BYTES:,} cannot be set by the "
                      "scanned repository's configuration (set SCORECARD_MAX_FILE_BYTES, or "
                      "pass a file with --config)")
    seconds = table.get("max_file_seconds")
    if isinstance(seconds, int | float) and not isinstance(seconds, bool) and (
            seconds == 0 or seconds > REPOSITORY_MAX_FILE_SECONDS):
        errors.append(f"max_file_seconds of 0 (no limit) or above "
                      f"{REPOSITORY_MAX_FILE_SECONDS:g} cannot be set by the scanned "
                      "repository's configuration (set SCORECARD_MAX_FILE_SECONDS, or pass a "
                      "file with --config)")
    return errors


def _outside_check_paths(paths: tuple[Path, ...], root: Path) -> list[str]:
    """Problems of the repository's own check folders that lie outside it.

    Its configuration is data: it may name folders of its own, never ``/`` or ``../..``
    (every ``*.toml`` under them would be read). A ``--config`` file is the user's.
    """
    inside = root.resolve()
    return [f"check_paths: {path} is outside the scanned folder (pass a configuration with "
            "--config to use it)" for path in paths
            if not path.resolve().is_relative_to(inside)]


def _refuse_outside_link(path: Path, root: Path) -> None:
    """Refuse a configuration file of the scanned folder that links outside it.

    The scanned repository is data: what it links to elsewhere on this machine is not its
    configuration (a file given with ``--config`` is the user's choice and is read as is).
    """
    if not path.is_symlink():
        return
    target = path.resolve()
    if not target.is_relative_to(root.resolve()):
        raise ConfigError([f"{path.name} links outside the scanned folder; pass the file "
                           "with --config to use it"])


def _pyproject_table(pyproject: Path, root: Path) -> tuple[dict[str, Any], str, Path | None]:
    """Return the scanned root's ``[tool.scorecard]`` table, or the defaults without one."""
    try:
        table = _load_toml(pyproject)
    except ConfigError:
        # The scanned project's own pyproject is its business unless it configures us.
        return {}, "defaults (pyproject.toml unreadable)", None
    tool = table.get("tool", {})
    section = tool.get("scorecard") if isinstance(tool, dict) else None
    if section is None:
        return {}, "defaults", None
    if not isinstance(section, dict):
        raise ConfigError(["pyproject.toml: [tool.scorecard] must be a table"])
    return section, "pyproject.toml [tool.scorecard]", root


def is_number(value: object) -> TypeGuard[int | float]:
    """Return True for an int or float that is a finite float (not a bool, NaN or infinity).

    A weight or threshold of NaN compares false with everything and ends up as ``NaN`` in
    the JSON report, which is not JSON (RFC 8259); an integer too large for a float
    overflows the first time it is converted.
    """
    if not isinstance(value, int | float) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} is not allowed: numbers must be finite")
    return value


def parse_toml(text: str) -> dict[str, Any]:
    """Parse TOML whose floats must be finite (TOML allows nan and inf; scorecard does not).

    Raises ValueError (tomllib.TOMLDecodeError is one) with a one-line reason.
    """
    return tomllib.loads(text, parse_float=_finite_float)


def _load_toml(path: Path) -> dict[str, Any]:
    try:
        return parse_toml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError([f"{path.name}: cannot read ({exc})"]) from exc
    except ValueError as exc:
        raise ConfigError([f"{path.name}: not valid TOML ({exc})"]) from exc
    except RecursionError as exc:  # tomllib recurses into nested arrays and tables
        raise ConfigError([f"{path.name}: not valid TOML (nested too deeply)"]) from exc


_TRUE_WORDS = ("1", "true", "yes", "on")
_FALSE_WORDS = ("0", "false", "no", "off")


class _Invalid(ValueError):
    """A setting's value has the wrong type; the message says what was expected."""


def _as_strings(value: Any) -> list[str]:
    if isinstance(value, str):  # environment variables and flags give comma-separated text
        value = [v.strip() for v in value.split(",") if v.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _Invalid("must be a list of strings")
    return value


def _as_seconds(value: Any) -> float:
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            raise _Invalid(f"must be a number of seconds >= 0, not {value!r}") from None
    if not isinstance(value, int | float) or isinstance(value, bool) or not 0 <= value < 1e9:
        raise _Invalid(f"must be a number of seconds >= 0, not {value!r}")
    return float(value)


def _as_score(value: Any) -> float:
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            raise _Invalid(f"must be a number from 0 to 10, not {value!r}") from None
    if not isinstance(value, int | float) or isinstance(value, bool) or not 0 <= value <= 10:
        raise _Invalid(f"must be a number from 0 to 10, not {value!r}")
    return float(value)


def _as_int(value: Any) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise _Invalid(f"must be a whole number >= 0, not {value!r}")
    return value


def _as_bool(value: Any) -> bool:
    if isinstance(value, str) and value.lower() in _TRUE_WORDS + _FALSE_WORDS:
        return value.lower() in _TRUE_WORDS
    if not isinstance(value, bool):
        raise _Invalid(f"must be true or false, not {value!r}")
    return value


def _relative_to(base: Path | None, text: str) -> Path:
    path = Path(text).expanduser()
    return (base / path) if base and not path.is_absolute() else path


def _as_path(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise _Invalid("must be a path string")
    return value


# Scalar kinds: a converter that raises _Invalid with what was expected.
_CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "score": _as_score, "seconds": _as_seconds, "int": _as_int, "bool": _as_bool,
}


def _coerce(key: str, kind: str, value: Any, base: Path | None, errors: list[str]) -> Any:
    """Check one setting's type; return the normalised value or None after recording an error."""
    try:
        if kind == "globs":
            return tuple(_as_strings(value))
        if kind == "paths":
            return tuple(_relative_to(base, v) for v in _as_strings(value))
        if kind in _CONVERTERS:
            return _CONVERTERS[kind](value)
        return _relative_to(base, _as_path(value))
    except _Invalid as exc:
        errors.append(f"{key} {exc}")
        return None


def _analyzer_options(
    name: str, raw: Any, defaults: Mapping[str, Any], errors: list[str]
) -> dict[str, Any]:
    if not isinstance(raw, dict):
        errors.append(f"{name} must be a table of analyzer options")
        return {}
    options: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in defaults:
            allowed = ", ".join(sorted(defaults)) or "none"
            errors.append(f"{name}.{key}: unknown option (allowed: {allowed})")
            continue
        default = defaults[key]
        expected: tuple[type, ...]
        if isinstance(default, bool):
            expected = (bool,)
        elif isinstance(default, int | float):
            expected = (int, float)
        elif default is None:
            expected = (str, int, float, bool, list)
        else:
            expected = (type(default),)
        numeric_bool = isinstance(value, bool) and not isinstance(default, bool)
        infinite = (isinstance(value, int | float) and not isinstance(value, bool)
                    and not is_number(value))
        if not isinstance(value, expected) or numeric_bool or infinite:
            errors.append(f"{name}.{key} must be of type {type(default).__name__}, not {value!r}")
            continue
        if isinstance(value, int | float) and not isinstance(value, bool) and value < 0:
            # Every numeric option is a limit, a count, a size or a span: never below 0.
            errors.append(f"{name}.{key} must be 0 or more, not {value!r}")
            continue
        options[key] = value
    return options


def _file_values(table: Mapping[str, Any], base: Path | None,
                 analyzer_defaults: Mapping[str, Mapping[str, Any]], values: dict[str, Any],
                 check_overrides: dict[str, Mapping[str, Any]],
                 analyzer_options: dict[str, dict[str, Any]], errors: list[str]) -> None:
    """Read the configuration file's table: settings, check overrides, analyzer options."""
    for key, value in table.items():
        if key in _SETTINGS:
            values[key] = _coerce(key, _SETTINGS[key][0], value, base, errors)
        elif key == "checks":
            if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
                errors.append('checks must be a table of tables: [checks."<id>"]')
            else:
                check_overrides.update(value)
        elif key in analyzer_defaults:
            analyzer_options[key] = _analyzer_options(key, value, analyzer_defaults[key], errors)
        else:
            known = sorted([*_SETTINGS, "checks", *analyzer_defaults])
            errors.append(f"unknown key '{key}' (known: {', '.join(known)})")


def _environment_values(environ: Mapping[str, str], values: dict[str, Any],
                        errors: list[str]) -> None:
    """Read the SCORECARD_* settings of the environment (they win over the file)."""
    for name, raw_value in sorted(environ.items()):
        if not name.startswith(ENV_PREFIX) or name in _ENV_NON_SETTINGS:
            continue
        key = name[len(ENV_PREFIX):].lower()
        if key not in _SETTINGS:
            errors.append(f"environment variable {name} is not a scorecard setting")
            continue
        values[key] = _coerce(name, _SETTINGS[key][0], raw_value, Path.cwd(), errors)


def _flag_values(flags: Mapping[str, Any], analyzer_defaults: Mapping[str, Mapping[str, Any]],
                 values: dict[str, Any], analyzer_options: dict[str, dict[str, Any]],
                 errors: list[str]) -> None:
    """Read the command-line flags (they win over everything): settings, analyzer options."""
    for key, value in flags.items():
        if value is None:
            continue
        if key in _SETTINGS:
            values[key] = _coerce(f"--{key.replace('_', '-')}", _SETTINGS[key][0], value,
                                  Path.cwd(), errors)
            continue
        analyzer, _, option = key.partition(".")
        if analyzer in analyzer_defaults and option:
            analyzer_options.setdefault(analyzer, {})[option] = value


def load_config(
    root: Path,
    *,
    config_file: Path | None,
    environ: Mapping[str, str],
    flags: Mapping[str, Any],
    analyzer_defaults: Mapping[str, Mapping[str, Any]],
) -> Config:
    """Build the effective configuration; raise ConfigError listing every problem."""
    errors: list[str] = []
    if config_file is None and environ.get("SCORECARD_CONFIG"):
        config_file = Path(environ["SCORECARD_CONFIG"])
    table, source, base = _read_file(root, config_file)
    values: dict[str, Any] = {}
    check_overrides: dict[str, Mapping[str, Any]] = {}
    analyzer_options: dict[str, dict[str, Any]] = {}
    _file_values(table, base, analyzer_defaults, values, check_overrides, analyzer_options,
                 errors)
    if config_file is None:
        errors.extend(_outside_check_paths(values.get("check_paths") or (), root))
        errors.extend(repository_setting_errors(table))
    _environment_values(environ, values, errors)
    _flag_values(flags, analyzer_defaults, values, analyzer_options, errors)
    if errors:
        raise ConfigError(errors, source=f"configuration ({source})")
    return Config(
        source=source,
        check_overrides=check_overrides,
        analyzer_options=analyzer_options,
        **{k: v for k, v in values.items() if v is not None},
    )
