"""Public API (__all__), candidate privates, re-exports, star imports and coupling metrics."""

from __future__ import annotations

from pathlib import Path

from tests.boundaries_support import findings, measurement, run, write_tree


def test_all_must_match_what_the_package_binds(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "good/__init__.py": "from .impl import Thing\n__all__ = ['Thing', 'impl']\n",
        "good/impl.py": "class Thing: pass\n",
        "missing/__init__.py": "from .impl import Thing\n",
        "missing/impl.py": "class Thing: pass\n",
        "wrong/__init__.py": "__all__ = ['Ghost']\n\ndef helper(): pass\n",
        "dynamic/__init__.py": "from .a import *\nfrom .a import __all__ as _a\n__all__ = _a\n",
        "dynamic/a.py": "__all__ = ['x']\nx = 1\n",
        "empty/__init__.py": '"""Nothing public here."""\n',
        # A test package binds names (fixtures, helpers) but is nobody's API.
        "good/tests/__init__.py": "from .helpers import make_user\n",
        "good/tests/helpers.py": "def make_user(): pass\n",
    })
    output = run(tmp_path)
    assert measurement(output, "declared_api_share").value == 50.0  # good, dynamic of four
    assert findings(output, "declared_api_share") == [
        ("missing/__init__.py", 1, "package missing has 1 public name but no __all__"),
        ("wrong/__init__.py", 1, "package wrong: __all__ lists names it does not bind: Ghost; "
                                 "omits public definitions: helper"),
    ]


def test_candidate_privates_follow_reexports_star_imports_and_tests(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "lib/__init__.py": "from .api import exported\n",
        "lib/api.py": "def exported(): pass\n\ndef via_module(): pass\n\ndef unused(): pass\n",
        "lib/inner/__init__.py": "",
        "lib/inner/impl.py": "def tested(): pass\n\ndef sibling_only(): pass\n",
        "lib/inner/star.py": "def starred(): pass\n",
        "lib/inner/user.py": "from .impl import sibling_only\n",
        "app/__init__.py": "",
        "app/main.py": "from lib import exported, api\nfrom lib.inner.star import *\n"
                       "api.via_module()\n",
        "tests/test_impl.py": "from lib.inner import impl\nimpl.tested()\n",
    })
    output = run(tmp_path)
    assert [m for _p, _l, m in findings(output, "candidate_private_share")] == [
        "lib.api.unused is public but nothing outside its package uses it",
        "lib.inner.impl.sibling_only is public but nothing outside its package uses it",
    ]
    # exported is declared by lib/__init__.py, so it is not judged: 2 of the other 5.
    assert measurement(output, "candidate_private_share").value == 40.0


def test_circular_init_reexports_are_one_cycle_and_terminate(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "pkg/__init__.py": "from .a import *\nfrom .b import B\n",
        "pkg/a.py": "from pkg import *\nfrom . import b\nA = 1\n",
        "pkg/b.py": "from pkg import A as B\n",
        "user.py": "from pkg import B\nB.x\n",
    })
    output = run(tmp_path)
    assert findings(output, "modules_in_cycles_share") == [
        ("pkg/__init__.py", 1, "3 modules in a cycle: pkg -> pkg.a (pkg/__init__.py:1) -> pkg "
                               "(pkg/a.py:1)"),
    ]
    assert measurement(output, "package_cycles").value == 0


def test_type_checking_cycles_are_opt_in(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "m/__init__.py": "",
        "m/a.py": "from m import b\n",
        "m/b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from m import a\n",
    })
    assert measurement(run(tmp_path), "modules_in_cycles_share").value == 0
    counted = run(tmp_path, {"cycles_include_type_checking": True})
    assert measurement(counted, "modules_in_cycles_share").value == 66.67


def test_god_modules_and_unstable_dependencies(tmp_path: Path) -> None:
    files = {"core/__init__.py": "", "core/hub.py": "".join(
        f"from core import leaf{i}\n" for i in range(3))}
    for i in range(3):
        files[f"core/leaf{i}.py"] = "X = 1\n"
        files[f"core/user{i}.py"] = "from core import hub\n"
    write_tree(tmp_path, files)
    output = run(tmp_path, {"hub_fan_in": 3, "hub_fan_out": 3})
    assert [m for _p, _l, m in findings(output, "god_module_share")] == [
        "core.hub: hub: imported by 3 modules and imports 3 (limits 3 and 3)"]
    # hub (instability 0.5) importing leaves (0.0) is fine; users (1.0) importing hub too.
    assert measurement(output, "unstable_dependency_share").value == 0
    # A leaf (then instability 0.5) leaning on a volatile module (0.67) breaks the principle.
    files["core/leaf0.py"] = "from core import volatile\n"
    files["core/volatile.py"] = "from core import leaf1, leaf2\n"
    write_tree(tmp_path, files)
    assert findings(run(tmp_path), "unstable_dependency_share") == [
        ("core/leaf0.py", 1, "core.leaf0 (instability 0.50) imports core.volatile "
                             "(instability 0.67)")]
