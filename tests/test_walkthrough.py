"""The newcomer walk-through (scripts/walkthrough.py) passes: every command, good and bad."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "walkthrough.py"


def test_every_command_with_good_and_bad_arguments() -> None:
    spec = importlib.util.spec_from_file_location("walkthrough", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    problems = module.walk([sys.executable, "-m", "scorecard"])
    failures = [p for p in problems if not p.startswith("note: ")]
    assert not failures, "\n".join(failures)
    assert not [p for p in problems if p.startswith("note: ")], "a command has no steps"
