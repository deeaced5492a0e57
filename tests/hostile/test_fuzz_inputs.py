"""Fuzzing what a user, a repository or a server sends, bounded for CI.

Command lines, configuration files and ``SCORECARD_*`` variables, baseline files, workflow
event files and GitHub API answers, all through the public surface; ``scripts/fuzz.py``
runs the same properties for longer. Inputs the fuzzer found once stay below as regression
tests. The budget is fixed (derandomized, a bounded number of examples), so CI runs the same
inputs every time and the whole file takes well under a minute.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.gitrepo import GitRepo
from tests.hostile import fuzz_inputs

# CI budget: FUZZ_EXAMPLES raises it locally without touching the code.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
CI = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
# A command line may run a small scan: fewer examples keep the file's time bounded.
CI_COMMANDS = settings(CI, max_examples=max(10, EXAMPLES // 2))


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a tiny git repository ``repo`` and a plain folder ``plain``."""
    root = tmp_path_factory.mktemp("fuzz-cli")
    repo = GitRepo.create(root / "repo")
    repo.commit({"app.py": "def f(x):\n    return x\n"})
    (root / "plain").mkdir()
    (root / "plain" / "m.py").write_text("def g(y):\n    return y\n")
    return root


@pytest.fixture(scope="module")
def scripted_api() -> Iterator[fuzz_inputs.ScriptedAPI]:
    server = fuzz_inputs.ScriptedAPI()
    yield server
    server.close()


@CI_COMMANDS
@given(fuzz_inputs.command_lines().filter(lambda argv: not any("\x00" in a for a in argv)))
def test_command_lines(workspace: Path, argv: list[str]) -> None:
    fuzz_inputs.check_command_line(argv, workspace)


@CI
@given(fuzz_inputs.config_files(), fuzz_inputs.ENVIRONMENTS)
def test_configuration_files_and_environment(tmp_path_factory: pytest.TempPathFactory,
                                             text: str, environ: dict[str, str]) -> None:
    fuzz_inputs.check_config(text, environ, tmp_path_factory.mktemp("config"))


@CI
@given(fuzz_inputs.json_documents(fuzz_inputs.BASELINE_KEYS))
def test_baseline_files(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    fuzz_inputs.check_baseline(data, tmp_path_factory.mktemp("baseline") / "baseline.json")


@CI
@given(fuzz_inputs.json_documents(fuzz_inputs.EVENT_KEYS))
def test_event_files(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    fuzz_inputs.check_event(data, tmp_path_factory.mktemp("event") / "event.json")


@CI
@given(st.sampled_from([200, 201, 204, 301, 400, 401, 403, 404, 422, 429, 500, 503]),
       fuzz_inputs.API_HEADERS, fuzz_inputs.json_documents(fuzz_inputs.API_KEYS))
def test_api_answers(scripted_api: fuzz_inputs.ScriptedAPI, status: int,
                     headers: dict[str, str], body: bytes) -> None:
    fuzz_inputs.check_api_answer(scripted_api, status, headers, body)


# -- regressions found by the fuzzer ----------------------------------------------------------

COMMAND_REGRESSIONS: list[list[str]] = []


@pytest.mark.parametrize("argv", COMMAND_REGRESSIONS or [["--version"]], ids=str)
def test_command_line_regressions(workspace: Path, argv: list[str]) -> None:
    fuzz_inputs.check_command_line(argv, workspace)
