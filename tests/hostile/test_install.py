"""Installed as users install it: only the declared dependencies, and usage errors stay one line.

The test extras pull in packages the runtime does not declare (click among them, through
other tools), so a module that imports one works in the suite and fails for a user who ran
``pip install scorecard``. These tests take the declared dependencies as the only ones there
are; ``.ci/run`` also installs the built wheel alone in a fresh virtualenv.
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import subprocess
import sys
import tomllib

import pytest

from tests.hostile.generators import PROJECT_ROOT, assert_error_line

# Bad command lines for every command: unknown options, bad values, missing arguments.
BAD_COMMAND_LINES = [
    ["scan", "--bogus"], ["scan", "-f", "bogus"], ["scan", "--jobs", "many"],
    ["scan", "--fail-under", "high"], ["nosuch"], ["explain"], ["explain", "a", "b", "c"],
    ["checks", "--bogus"], ["baseline", "--bogus"], ["badge", "--bogus"],
    ["precommit", "--bogus"], ["history", "--bogus"], ["history", "build", "--bogus"],
    ["report", "--quarters", "abc"], ["diff"], ["diff", "a", "--format", "pdf"],
    ["comment", "--pr", "0"], ["comment", "--mode", "sometimes"], ["--bogus"],
]

# Blocks ``import click`` as a machine without it would, then runs the console script.
_WITHOUT_CLICK = ("import sys; sys.modules['click'] = None; sys.argv[0] = 'scorecard'; "
                  "from scorecard.cli import main; main()")


def _declared_distributions() -> set[str]:
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    names = {re.split(r"[<>=!~ \[;]", spec, maxsplit=1)[0] for spec in project["dependencies"]}
    return {_normalise(name) for name in names}


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _imported_top_level_modules() -> dict[str, str]:
    """Every top-level module the package imports, with one file that imports it."""
    found: dict[str, str] = {}
    for path in sorted((PROJECT_ROOT / "scorecard").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], path.relative_to(PROJECT_ROOT).as_posix())
    return found


def test_every_imported_package_is_a_declared_dependency() -> None:
    declared = _declared_distributions()
    providers = importlib.metadata.packages_distributions()
    undeclared = []
    for module, where in sorted(_imported_top_level_modules().items()):
        if module in sys.stdlib_module_names or module in ("scorecard", "__future__"):
            continue
        distributions = {_normalise(d) for d in providers.get(module, [])}
        if not distributions & declared:
            undeclared.append(f"{module} (imported by {where})")
    assert not undeclared, f"imported but not declared in [project.dependencies]: {undeclared}"


@pytest.mark.parametrize("args", BAD_COMMAND_LINES, ids=" ".join)
def test_usage_errors_without_click_installed(args: list[str]) -> None:
    done = subprocess.run([sys.executable, "-c", _WITHOUT_CLICK, *args], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=120, check=False)
    line = assert_error_line(done)
    assert "--help" in line, line


def test_usage_error_line_names_the_problem() -> None:
    done = subprocess.run([sys.executable, "-m", "scorecard", "scan", "--bogus"],
                          cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120,
                          check=False)
    line = assert_error_line(done, "--bogus", "scan --help")
    assert "internal error" not in line


@pytest.mark.parametrize("prefix", [["-c", _WITHOUT_CLICK], ["-m", "scorecard"]],
                         ids=["without click", "module"])
def test_no_command_shows_the_help(prefix: list[str]) -> None:
    done = subprocess.run([sys.executable, *prefix], cwd=PROJECT_ROOT, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.startswith("Usage: ") and "Commands:" in done.stderr
    assert "\\n" not in done.stderr  # the help's own lines, not one escaped line


# A Ctrl-C while the command line is still being imported (scikit-learn's or tree-sitter's
# modules, the analyzers'): simulated by an import hook, as the real one depends on timing.
_INTERRUPTED_IMPORT = """
import sys
class Interrupt:
    @staticmethod
    def find_spec(name, path=None, target=None):
        if name == "scorecard.api":
            raise KeyboardInterrupt
        return None
sys.meta_path.insert(0, Interrupt)
sys.argv = ["scorecard", "scan", "."]
from scorecard.launch import main
main()
"""


def test_ctrl_c_while_importing_is_one_line() -> None:
    done = subprocess.run([sys.executable, "-c", _INTERRUPTED_IMPORT], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 130, done.stderr
    assert done.stderr == "scorecard: interrupted\n", done.stderr


def test_console_script_enters_through_the_launcher() -> None:
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    assert project["scripts"]["scorecard"] == "scorecard.launch:main"
    assert "scorecard.launch import main" in (PROJECT_ROOT / "scorecard" / "__main__.py"
                                             ).read_text()
