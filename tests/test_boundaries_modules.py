"""File paths to module names, and import resolution against them."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from scorecard.analyzers.boundaries.graph import absolute_target
from scorecard.analyzers.boundaries.modules import ModuleInfo, map_modules
from scorecard.analyzers.boundaries.name_references import missing_names
from tests.boundaries_support import facts_of, graph_of, python_paths, write_tree


def names(paths: list[str], roots: tuple[str, ...] = ()) -> dict[str, str]:
    modules = map_modules(paths, roots)
    return {info.path: name for name, info in modules.by_name.items()}


def test_flat_and_src_layouts_and_several_top_level_packages() -> None:
    assert names([
        "src/alpha/__init__.py", "src/alpha/core.py", "src/beta/__init__.py",
        "src/beta/sub/__init__.py", "src/beta/sub/x.py", "tools/__init__.py", "tools/run.py",
        "setup.py",
    ]) == {
        "src/alpha/__init__.py": "alpha", "src/alpha/core.py": "alpha.core",
        "src/beta/__init__.py": "beta", "src/beta/sub/__init__.py": "beta.sub",
        "src/beta/sub/x.py": "beta.sub.x", "tools/__init__.py": "tools",
        "tools/run.py": "tools.run", "setup.py": "setup",
    }


def test_namespace_packages() -> None:
    modules = map_modules([
        "ns/alpha/__init__.py", "ns/alpha/a.py",  # PEP 420: ns has no __init__.py
        "pkg/__init__.py", "pkg/portion/leaf.py",  # namespace portion inside a package
    ])
    assert modules.lookup("ns.alpha.a") is not None
    assert modules.lookup("pkg.portion.leaf") is not None
    # The folder holding the namespace may itself be on sys.path: both spellings resolve.
    alias = modules.lookup("alpha.a")
    assert alias is not None and alias.name == "ns.alpha.a"


def test_loose_scripts_and_test_folders() -> None:
    modules = map_modules(["tests/test_a.py", "tests/unit/conftest.py", "tests/conftest.py",
                           "scripts/json.py"])
    assert modules.lookup("test_a") is not None
    # Two conftest.py claim one name: the shorter path wins, the other is listed.
    assert modules.lookup("conftest").path == "tests/conftest.py"  # type: ignore[union-attr]
    assert modules.ambiguous == [("conftest", "tests/unit/conftest.py")]
    # A loose script must not capture a standard-library name.
    assert modules.lookup("json") is None
    assert not modules.is_first_party("json.decoder")


def test_configured_source_roots_win() -> None:
    assert names(["python/lib/mod.py"], ("python",)) == {"python/lib/mod.py": "lib.mod"}


@pytest.mark.parametrize(("importer", "is_package", "target", "expected"), [
    ("pkg.mod", False, ".x", "pkg.x"),
    ("pkg.mod", False, ".", "pkg"),
    ("pkg", True, ".x", "pkg.x"),
    ("pkg.sub.mod", False, "..x.y", "pkg.x.y"),
    ("pkg.sub", True, "..", "pkg"),
    ("pkg.mod", False, "..x", None),  # above the top-level package
    ("top", False, ".x", None),  # a top-level module has no package
    ("pkg.mod", False, "os.path", "os.path"),
])
def test_relative_resolution(importer: str, is_package: bool, target: str,
                             expected: str | None) -> None:
    info = ModuleInfo(importer, importer.replace(".", "/") + ".py", is_package)
    assert absolute_target(info, target) == expected


def test_edges_follow_the_interpreter(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "src/app/__init__.py": "from .models import Model\nfrom . import views\n",
        "src/app/models.py": "import os\nimport requests\nclass Model: pass\n",
        "src/app/views.py": (
            "from typing import TYPE_CHECKING\n"
            "from app.models import Model, missing_name\n"
            "from app import services\n"
            "from app.nowhere import x\n"
            "from ... import too_far\n"
            "if TYPE_CHECKING:\n"
            "    from app.services import Service\n"
            "def f():\n"
            "    import importlib\n"
            "    importlib.import_module('app.plugins.one')\n"
            "    from .services import run\n"
        ),
        "src/app/services.py": "from .models import *\n",
        "src/app/plugins/__init__.py": "",
        "src/app/plugins/one.py": "",
    })
    graph = graph_of(tmp_path)
    assert set(graph.modules.by_name) == {"app", "app.models", "app.views", "app.services",
                                          "app.plugins", "app.plugins.one"}
    assert graph.edge_pairs() == {
        ("app", "app.models"), ("app", "app.views"),
        ("app.views", "app.models"), ("app.views", "app.services"), ("app.views", "app"),
        ("app.services", "app.models"),
    }
    assert ("app.views", "app.plugins.one") in graph.edge_pairs(dynamic=True)
    # The runtime graph drops the import that only exists for the type checker, but the
    # function-level import of the same module keeps the edge.
    assert ("app.views", "app.services") in graph.edge_pairs(type_checking=False)
    assert graph.external == {"os": 1, "requests": 1, "typing": 1, "importlib": 1}
    unresolved = {(line, name) for _path, line, name in graph.unresolved}
    assert unresolved == {(4, "app.nowhere"), (5, "...")}
    facts = facts_of(tmp_path, python_paths(tmp_path))
    assert missing_names(graph.modules, facts) == [
        ("src/app/views.py", 2, "app.models.missing_name")]


def test_thousands_of_modules_and_deep_packages(tmp_path: Path) -> None:
    files = {}
    for i in range(2000):
        files[f"big/m{i}.py"] = f"from big import m{(i + 1) % 2000}\n"
    files["big/__init__.py"] = ""
    deep = "/".join(f"d{i}" for i in range(60))
    for i in range(60):
        files["/".join(f"d{j}" for j in range(i + 1)) + "/__init__.py"] = "from . import *\n"
    files[f"{deep}/leaf.py"] = "from d0 import x\n"
    write_tree(tmp_path, files)
    start = time.perf_counter()
    graph = graph_of(tmp_path)
    from scorecard.analyzers.boundaries.cycles import module_cycles

    cycles = module_cycles(graph, type_checking=False)
    elapsed = time.perf_counter() - start
    assert len(cycles) == 1 and len(cycles[0].members) == 2000
    assert len(cycles[0].chain.sites) == 2000
    assert graph.modules.lookup(deep.replace("/", ".") + ".leaf") is not None
    assert elapsed < 60  # generous: only guards against quadratic blow-ups


def test_unparsable_module_is_still_a_node(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/new.py": "type Alias = list[int]\n",  # 3.12 syntax: a problem for the scan
        "pkg/old.py": "from pkg import new\n",
    })
    graph = graph_of(tmp_path)
    assert graph.edge_pairs() == {("pkg.old", "pkg.new")}
    assert not graph.unresolved


def test_from_namespace_portion_import_submodule(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/ns/leaf.py": "",  # no pkg/ns/__init__.py
        "pkg/a.py": "from pkg.ns import leaf\nfrom pkg.missing import x\n",
    })
    graph = graph_of(tmp_path)
    # grimp leaves namespace portions out of its graph; they are importable, so we do not.
    assert graph.edge_pairs() == {("pkg.a", "pkg.ns.leaf"), ("pkg.a", "pkg")}
    assert [(line, name) for _p, line, name in graph.unresolved] == [(2, "pkg.missing")]
