"""Docstring coverage equals interrogate's on real packages, and survives files it cannot parse."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest
from interrogate.config import InterrogateConfig
from interrogate.coverage import InterrogateCoverage

from scorecard.analyzers.docstrings import DocstringsAnalyzer
from tests.runbooks_support import run


def _package_source(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.origin is not None
    return Path(spec.origin).parent


def _copy(name: str, tmp_path: Path) -> Path:
    target = tmp_path / "src" / name
    shutil.copytree(_package_source(name), target,
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.so"))
    return tmp_path / "src"


def _interrogate(root: Path, **switches: bool) -> tuple[int, int]:
    conf = InterrogateConfig(**switches)
    results = InterrogateCoverage([str(root)], conf).get_coverage()
    return int(results.total), int(results.covered)


@pytest.mark.parametrize("package", ["click", "markdown_it"])
def test_default_coverage_equals_interrogate_on_a_real_package(package: str,
                                                               tmp_path: Path) -> None:
    root = _copy(package, tmp_path)
    total, covered = _interrogate(root)
    outcome = run(DocstringsAnalyzer(), root)
    assert (outcome.details["total"], outcome.details["covered"]) == (total, covered)
    assert outcome.value("docstrings.coverage") == round(100.0 * covered / total, 2)
    assert total > 200  # a real package, not a toy


SWITCHES = [
    {"ignore_init_method": True, "ignore_magic": True},
    {"ignore_private": True, "ignore_semiprivate": True},
    {"ignore_nested_functions": True, "ignore_nested_classes": True},
    {"ignore_property_decorators": True, "ignore_overloaded_functions": True},
    {"ignore_module": True, "ignore_init_module": True},
    {"ignore_property_setters": True, "docstring_style": "google"},  # type: ignore[dict-item]
]


@pytest.mark.parametrize("switches", SWITCHES, ids=lambda s: "+".join(sorted(s)))
def test_interrogate_switches_give_interrogate_numbers(switches: dict[str, object],
                                                       tmp_path: Path) -> None:
    root = _copy("click", tmp_path)
    total, covered = _interrogate(root, **switches)  # type: ignore[arg-type]
    ours = {("ignore_setters" if k == "ignore_property_setters" else k): v
            for k, v in switches.items()}
    outcome = run(DocstringsAnalyzer(), root, ours)
    assert (outcome.details["total"], outcome.details["covered"]) == (total, covered)


def test_a_file_interrogate_cannot_parse_is_a_problem_and_the_rest_counts(tmp_path: Path
                                                                            ) -> None:
    root = _copy("click", tmp_path)
    total, covered = _interrogate(root)
    # PEP 695 syntax: interrogate (on this interpreter) aborts the whole run on it.
    (root / "click" / "newer.py").write_text('"""Newer syntax."""\ntype Alias = list[int]\n')
    with pytest.raises(SyntaxError):
        _interrogate(root)
    outcome = run(DocstringsAnalyzer(), root)
    assert (outcome.details["total"], outcome.details["covered"]) == (total, covered)
    assert outcome.details["unparsable_files"] == ["click/newer.py"]
    assert [p.path for p in outcome.problems] == ["click/newer.py"]
    note = outcome.measurements["docstrings.coverage"].note
    assert "1 file that does not parse is not counted" in note
