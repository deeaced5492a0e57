"""Fuzzing every parser-facing piece, bounded for CI; ``scripts/fuzz.py`` runs it for longer.

Properties: no exception escapes an analyzer's per-file step, its result is plain finite
JSON with numbers in range, and the git log parser gives the same commits however the stream
is cut. Inputs the fuzzer found once stay below as regression tests.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hostile import fuzzing
from tests.hostile.generators import assert_one_line_problems, scan

# CI budget: FUZZ_EXAMPLES raises it locally without touching the code.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
CI = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                     HealthCheck.filter_too_much])


@CI
@given(fuzzing.PYTHON_SOURCES)
def test_generated_python_through_every_python_analyzer(source: str) -> None:
    fuzzing.check_python(source.encode("utf-8", "surrogatepass"))


@CI
@given(fuzzing.mutated_sources())
def test_mutated_python_through_every_python_analyzer(source: str) -> None:
    fuzzing.check_python(source.encode("utf-8", "surrogatepass"))


@CI
@given(fuzzing.PYTHON_BYTES)
def test_arbitrary_bytes_as_python(data: bytes) -> None:
    fuzzing.check_python(data)


@CI
@given(fuzzing.TEXT_PATHS, fuzzing.TEXTS)
def test_markdown_yaml_and_entry_point_files_through_text_analyzers(path: str,
                                                                    text: str) -> None:
    fuzzing.check_text(path, text)


@CI
@given(fuzzing.rule_files())
def test_rule_files_through_text_analyzers(text: str) -> None:
    fuzzing.check_text("alerts/rules.yml", text)


@pytest.fixture(scope="module")
def log_stream(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    root = tmp_path_factory.mktemp("log") / "repo"
    fuzzing.build_log_repo(root)
    return fuzzing.capture_log_stream(fuzzing.history_log_module(), root)


def test_captured_stream_parses_to_the_planted_history(log_stream: bytes) -> None:
    commits = fuzzing.parse_stream(fuzzing.history_log_module(), [log_stream])
    assert len(commits) >= 4
    paths = {path for *_, files in commits for path, *_ in files}
    assert "new\nline.py" in paths and "\u202eevil.py" in paths


@CI
@given(st.data())
def test_log_stream_any_chunking(log_stream: bytes, data: st.DataObject) -> None:
    chunks = data.draw(fuzzing.chunkings(log_stream))
    fuzzing.check_log(fuzzing.history_log_module(), log_stream, chunks)


@CI
@given(st.data())
def test_damaged_log_stream(log_stream: bytes, data: st.DataObject) -> None:
    damaged = data.draw(fuzzing.damaged_streams(log_stream))
    chunks = data.draw(fuzzing.chunkings(damaged))
    fuzzing.check_log(fuzzing.history_log_module(), damaged, chunks)


@CI
@given(st.binary(max_size=400))
def test_random_bytes_as_a_log_stream(data: bytes) -> None:
    fuzzing.check_log(fuzzing.history_log_module(), data, [data[:7], data[7:]])


@settings(max_examples=max(3, EXAMPLES // 10), deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(st.lists(fuzzing.PYTHON_BYTES, min_size=1, max_size=3),
       st.lists(st.tuples(fuzzing.TEXT_PATHS, fuzzing.TEXTS), max_size=3))
def test_whole_scan_of_a_fuzzed_folder(tmp_path_factory: pytest.TempPathFactory,
                                       sources: list[bytes],
                                       texts: list[tuple[str, str]]) -> None:
    """The summaries too: a folder of fuzzed files scans with no analyzer failure."""
    root = tmp_path_factory.mktemp("fuzzed")
    for index, data in enumerate(sources):
        (root / f"m{index}.py").write_bytes(data)
    for path, text in texts:
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", errors="surrogatepass")
    report = scan(root)
    assert_one_line_problems(report)
    for problem in report.problems:
        assert "failed:" not in problem.message and "crashed" not in problem.message, problem


# -- regressions found by the fuzzer ----------------------------------------------------------

REGRESSIONS: list[tuple[str, str]] = [
    # scripts/fuzz.py --examples 3000: an unhashable `kind` crashed the rule-file reader.
    ("alerts/rules.yml", "alert:\nkind: []"),
]


@pytest.mark.parametrize(("path", "text"), REGRESSIONS or [("README.md", "")])
def test_regressions(path: str, text: str, tmp_path: Path) -> None:
    if path.endswith(".py"):
        fuzzing.check_python(text.encode("utf-8", "surrogatepass"), path)
    else:
        fuzzing.check_text(path, text)
