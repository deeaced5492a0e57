"""Fuzz scorecard's parser-facing pieces for longer than CI does.

Runs the properties of tests/hostile/fuzzing.py (the same ones tests/hostile/test_fuzz.py runs
with a small budget) with as many examples as asked, and prints each failure hypothesis
shrank to, so it can be fixed and kept as a regression test in test_fuzz.py.

    python scripts/fuzz.py --examples 5000            # every target
    python scripts/fuzz.py --examples 20000 --only python,log
    python scripts/fuzz.py --examples 2000 --only cli,config,baseline,event,api
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.hostile import fuzz_inputs, fuzzing  # noqa: E402 - after the path is set


def _targets(stream: bytes) -> dict[str, Callable[[settings], Callable[[], None]]]:
    log = fuzzing.history_log_module()

    def python(config: settings) -> Callable[[], None]:
        @config
        @given(st.one_of(fuzzing.PYTHON_BYTES,
                         fuzzing.mutated_sources().map(lambda s: s.encode("utf-8",
                                                                           "surrogatepass"))))
        def run(data: bytes) -> None:
            fuzzing.check_python(data)
        return run

    def text(config: settings) -> Callable[[], None]:
        @config
        @given(fuzzing.TEXT_PATHS, st.one_of(fuzzing.TEXTS, fuzzing.rule_files()))
        def run(path: str, body: str) -> None:
            fuzzing.check_text(path, body)
        return run

    def log_stream(config: settings) -> Callable[[], None]:
        @config
        @given(st.data())
        def run(data: st.DataObject) -> None:
            damaged = data.draw(st.one_of(st.just(stream), fuzzing.damaged_streams(stream),
                                          st.binary(max_size=500)))
            fuzzing.check_log(log, damaged, data.draw(fuzzing.chunkings(damaged)))
        return run

    return {"python": python, "text": text, "log": log_stream, **_input_targets()}


def _input_targets() -> dict[str, Callable[[settings], Callable[[], None]]]:
    """Command lines, configuration, baseline and event files, GitHub API answers."""
    workspace = Path(tempfile.mkdtemp(prefix="scorecard-fuzz-"))
    (workspace / "plain").mkdir()
    (workspace / "plain" / "m.py").write_text("def g(y):\n    return y\n")

    def cli(config: settings) -> Callable[[], None]:
        @config
        @given(fuzz_inputs.command_lines().filter(lambda a: not any("\x00" in x for x in a)))
        def run(argv: list[str]) -> None:
            fuzz_inputs.check_command_line(argv, workspace)
        return run

    def configuration(config: settings) -> Callable[[], None]:
        @config
        @given(fuzz_inputs.config_files(), fuzz_inputs.ENVIRONMENTS)
        def run(text: str, environ: dict[str, str]) -> None:
            fuzz_inputs.check_config(text, environ, Path(tempfile.mkdtemp(dir=workspace)))
        return run

    def baseline(config: settings) -> Callable[[], None]:
        @config
        @given(fuzz_inputs.json_documents(fuzz_inputs.BASELINE_KEYS))
        def run(data: bytes) -> None:
            fuzz_inputs.check_baseline(data, workspace / "baseline.json")
        return run

    def event(config: settings) -> Callable[[], None]:
        @config
        @given(fuzz_inputs.json_documents(fuzz_inputs.EVENT_KEYS))
        def run(data: bytes) -> None:
            fuzz_inputs.check_event(data, workspace / "event.json")
        return run

    def api(config: settings) -> Callable[[], None]:
        server = fuzz_inputs.ScriptedAPI()

        @config
        @given(st.sampled_from([200, 201, 204, 400, 401, 403, 404, 422, 429, 500, 503]),
               fuzz_inputs.API_HEADERS, fuzz_inputs.json_documents(fuzz_inputs.API_KEYS))
        def run(status: int, headers: dict[str, str], body: bytes) -> None:
            fuzz_inputs.check_api_answer(server, status, headers, body)
        return run

    return {"cli": cli, "config": configuration, "baseline": baseline, "event": event,
            "api": api}


def main() -> int:
    """Run the chosen targets; exit 1 if any property failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000, help="examples per target")
    parser.add_argument("--only", default="python,text,log,cli,config,baseline,event,api",
                        help="comma-separated targets")
    parser.add_argument("--seed", type=int, default=None, help="hypothesis seed (repeatable)")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        stream = fuzzing.run_git_log_repo(Path(folder) / "repo")
    config = settings(max_examples=arguments.examples, deadline=None, database=None,
                      suppress_health_check=list(HealthCheck), print_blob=True)
    failed = 0
    for name, make in _targets(stream).items():
        if name not in arguments.only.split(","):
            continue
        test = make(config)
        if arguments.seed is not None:
            from hypothesis import seed
            test = seed(arguments.seed)(test)
        started = time.perf_counter()
        try:
            test()
            outcome = "ok"
        except Exception:  # noqa: BLE001 - report every target's failure, then go on
            failed += 1
            outcome = "FAILED\n" + traceback.format_exc()
        print(f"{name}: {arguments.examples} examples in {time.perf_counter() - started:.1f} s: "
              f"{outcome}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
