"""First-party import edges equal grimp's (import-linter's graph library) on real packages.

The packages are copies of installed ones (dependencies of scorecard itself), placed in a
temporary folder as a repository would hold them. grimp runs in a child process with only
that folder on its path, so it reads the same files.

Documented differences, both deliberate:

- grimp records a module importing itself (rich/box.py and rich/live.py import from their
  own module in their ``__main__`` demo blocks); a self-import is not a dependency, so
  scorecard drops it.
- scorecard also records literal ``importlib.import_module("pkg.mod")`` calls, as dynamic
  edges; grimp does not see them. They are left out of the comparison (``dynamic=False``),
  as they are left out of every scorecard metric except the dynamic-import count.
- A folder without ``__init__.py`` inside a regular package is a namespace portion that
  Python imports; grimp leaves its modules out, scorecard keeps them (the packages compared
  here have none; see test_boundaries_modules).
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.boundaries_support import graph_of, measurement, run

pytest.importorskip("grimp")

GRIMP_EDGES = """
import json, sys
import grimp
graph = grimp.build_graph(sys.argv[1], cache_dir=None)
edges = sorted([m, t] for m in graph.modules for t in graph.find_modules_directly_imported_by(m))
print(json.dumps(edges))
"""


def copy_package(name: str, target: Path) -> None:
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.submodule_search_locations
    source = Path(next(iter(spec.submodule_search_locations)))
    shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))


def grimp_edges(name: str, root: Path) -> set[tuple[str, str]]:
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run([sys.executable, "-c", GRIMP_EDGES, name], cwd=root, env=env,
                          capture_output=True, text=True, check=True, timeout=600)
    return {(a, b) for a, b in json.loads(done.stdout)}


@pytest.mark.parametrize(("package", "self_imports"), [
    ("jinja2", set()),
    ("rich", {("rich.box", "rich.box"), ("rich.live", "rich.live")}),
])
def test_first_party_edges_equal_grimp(tmp_path: Path, package: str,
                                       self_imports: set[tuple[str, str]]) -> None:
    copy_package(package, tmp_path)
    ours = graph_of(tmp_path).edge_pairs(dynamic=False)
    theirs = grimp_edges(package, tmp_path)
    assert len(ours) > 50
    assert ours == theirs - self_imports
    assert {(a, b) for a, b in theirs if a == b} == self_imports
    # The analyzer reports the same graph size.
    assert run(tmp_path).details["edges"] == len(ours)
    assert measurement(run(tmp_path), "modules_in_cycles_share").value is not None
