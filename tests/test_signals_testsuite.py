"""Test discovery as pytest and unittest do it, integration evidence, untested modules."""

from __future__ import annotations

from datetime import UTC, datetime

from scorecard import api
from scorecard.analyzers.signals.testsuite import (
    PytestConfig,
    find_tests,
    read_pytest_config,
    untested_modules,
)
from tests.gitrepo import GitRepo


def reader(texts: dict[str, str]):  # type: ignore[no-untyped-def]
    """Return a ReadText over a dict of texts."""
    return texts.get


def _problems_about(repo: GitRepo, path: str) -> list[str]:
    report = api.scan(repo.root, now=datetime(2026, 1, 1, tzinfo=UTC),
                      flags={"skip_analyzers": ["history"]})
    return [p.message for p in report.problems if p.path == path]


PATHS = [
    "src/pkg/__init__.py", "src/pkg/core.py", "src/pkg/io.py", "src/pkg/types.py",
    "tests/conftest.py", "tests/helpers.py", "tests/test_core.py", "tests/io_test.py",
    "tests/integration/test_flow.py", "pkg_tests/testio.py", "docs/conf.py",
]


def test_default_discovery_is_pytest_plus_unittest() -> None:
    layout = find_tests(PATHS, PytestConfig(), {})
    assert sorted(layout.modules) == ["pkg_tests/testio.py", "tests/integration/test_flow.py",
                            "tests/io_test.py", "tests/test_core.py"]
    # conftest and helpers under a test folder are test code, not test modules.
    assert {"tests/conftest.py", "tests/helpers.py"} <= set(layout.code)
    assert layout.integration == ("tests/integration/test_flow.py",)


def test_native_pytest_table_of_pytest_9() -> None:
    texts = {"pyproject.toml": '[tool.pytest]\ntestpaths = ["src/tests"]\n'}
    assert read_pytest_config(["pyproject.toml"], reader(texts)).testpaths == ("src/tests",)
    empty = {"pyproject.toml": '[tool.pytest]\n[tool.ruff]\nx = 1\n'}
    assert read_pytest_config(["pyproject.toml"], reader(empty)).source == ""


def test_testpaths_and_python_files_from_pyproject() -> None:
    texts = {"pyproject.toml": '[tool.pytest.ini_options]\ntestpaths = ["tests"]\n'
                               'python_files = ["check_*.py"]\nmarkers = ["e2e: slow"]\n'}
    config = read_pytest_config(["pyproject.toml"], reader(texts))
    assert config.python_files == ("check_*.py",) and config.testpaths == ("tests",)
    assert config.markers == ("e2e",)
    layout = find_tests([*PATHS, "tests/check_api.py", "other/check_x.py"], config, {})
    # unittest's test*.py still applies under testpaths; other/ is outside testpaths.
    assert sorted(layout.modules) == ["tests/check_api.py", "tests/integration/test_flow.py",
                                      "tests/test_core.py"]
    assert "pyproject.toml declares marker e2e" in layout.integration


def test_ini_files_in_pytest_order() -> None:
    texts = {"pytest.ini": "[pytest]\ntestpaths = it\n",
             "setup.cfg": "[tool:pytest]\ntestpaths = other\n"}
    config = read_pytest_config(["pytest.ini", "setup.cfg"], reader(texts))
    assert config.testpaths == ("it",) and config.source == "pytest.ini"
    assert read_pytest_config(["setup.cfg"], reader(texts)).testpaths == ("other",)


def test_bad_config_is_a_problem_not_a_crash() -> None:
    config = read_pytest_config(["pyproject.toml"], reader({"pyproject.toml": "[tool.pytest"}))
    assert config.problem.startswith("pyproject.toml: invalid TOML")
    assert config.python_files == ("test_*.py", "*_test.py")
    broken_ini = read_pytest_config(["tox.ini"], reader({"tox.ini": "[pytest\nx"}))
    assert broken_ini.problem.startswith("tox.ini: unreadable ini")


def test_markers_mark_integration_tests() -> None:
    layout = find_tests(["tests/test_api.py"], PytestConfig(),
                        {"tests/test_api.py": ["parametrize", "e2e"]})
    assert layout.integration == ("tests/test_api.py (marker e2e)",)
    assert find_tests(["tests/test_api.py"], PytestConfig(),
                      {"tests/test_api.py": ["parametrize"]}).integration == ()


def test_untested_modules_by_direct_import() -> None:
    source = ["src/pkg/__init__.py", "src/pkg/core.py", "src/pkg/io.py", "src/pkg/types.py",
              "src/pkg/sub/deep.py"]
    imports = ["pkg.core", "types", "pkg.sub", "pkg.sub.deep", "pkg.sub.deep.helper"]
    # from pkg.sub.deep import helper records the module and the name; the bare stdlib
    # name 'types' does not make src/pkg/types.py tested; __init__ is not a unit.
    assert untested_modules(source, imports) == ["src/pkg/io.py", "src/pkg/types.py"]


def test_modules_reached_through_package_reexports_are_tested() -> None:
    source = ["httpx/__init__.py", "httpx/_api.py", "httpx/_auth.py", "httpx/_models.py",
              "httpx/_unused.py", "httpx/sub/__init__.py", "httpx/sub/_deep.py"]
    packages = {"httpx/__init__.py": ["httpx._api", "httpx._api.get", "httpx.sub"],
                "httpx/sub/__init__.py": ["httpx.sub._deep"]}
    # A test imports the package; its __init__ re-exports _api and the subpackage, whose
    # own __init__ re-exports _deep. _auth is only reached by its own test; _unused by none.
    assert untested_modules(source, ["httpx", "httpx._auth"], packages) == [
        "httpx/_models.py", "httpx/_unused.py"]
    assert untested_modules(source, ["httpx._auth"], packages) == [
        "httpx/_api.py", "httpx/_models.py", "httpx/_unused.py", "httpx/sub/_deep.py"]


def test_modules_with_a_test_named_after_them_are_tested() -> None:
    source = ["hc/api/admin.py", "hc/api/views.py", "hc/api/_decoders.py", "other/admin.py",
              "lib/util.py"]
    tests = ["hc/api/tests/test_admin.py", "tests/test_decoders.py",
             "tests/test_util_helpers.py"]
    # other/admin.py: test_admin.py lives under hc/, another top-level folder.
    assert untested_modules(source, [], None, tests) == ["hc/api/views.py", "other/admin.py"]


def test_an_invalid_pyproject_is_one_problem_in_the_report(git_repo: GitRepo) -> None:
    # Several steps read pyproject.toml (automation, the test runner's configuration); the
    # reader of the report learns once that it does not load.
    git_repo.commit({"pkg/app.py": "def f():\n    return 1\n",
                     "pyproject.toml": "[project]\nname = 'x'\n[tool.pytest\n"})
    found = _problems_about(git_repo, "pyproject.toml")
    assert len(found) == 1 and "not valid TOML" in found[0], found
