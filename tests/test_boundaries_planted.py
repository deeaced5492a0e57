"""A repository with a planted cycle, layer violation and private-name leaks reports exactly
those, with file:line chains; the same repository without them reports none."""

from __future__ import annotations

from pathlib import Path

import pytest

from scorecard import api
from scorecard.model import CheckStatus, Report
from scorecard.plain import to_plain
from tests.boundaries_support import NOW, findings, measurement, run, write_tree
from tests.gitrepo import GitRepo

LAYERS = """
[boundaries]
contracts = [
  {name = "shop layers", type = "layers", layers = ["shop.web", "shop.service", "shop.store"]},
]
"""


def shop(planted: bool) -> dict[str, str]:
    """A small layered application; ``planted`` adds one cycle, one violation, three leaks."""
    files = {
        "src/shop/__init__.py": (
            '"""Shop."""\nfrom shop.model import Order\n\n__all__ = ["Order"]\n'
        ),
        "src/shop/model.py": "class Order:\n    pass\n",
        "src/shop/web/__init__.py": "",
        "src/shop/web/helpers.py": "def render(x):\n    return str(x)\n",
        "src/shop/web/views.py": (
            "from shop.service.api import place_order\n"       # 1
            "from shop.store import db\n"                      # 2
            "from shop.web.helpers import render\n"            # 3
            "\n"
            "def show(order):\n"                               # 5
            "    return render(place_order(order, db.save))\n"
        ),
        "src/shop/service/__init__.py": "",
        "src/shop/service/rules.py": "def _check(order):\n    return order is not None\n",
        "src/shop/service/api.py": (
            "from shop.service.rules import _check\n"          # 1: private, same package
            "from shop.store.db import save\n"                 # 2
            "\n"
            "def place_order(order, sink=save):\n"
            "    return sink(order) if _check(order) else None\n"
            "\n"
            "def _validate(order):\n"
            "    return order\n"
        ),
        "src/shop/store/__init__.py": "",
        "src/shop/store/_engine.py": "def connect():\n    return None\n",
        "src/shop/store/db.py": (
            "from ._engine import connect\n"                   # 1: private, same package
            "_pool = []\n"
            "\n"
            "def save(order):\n"
            "    _pool.append(connect())\n"
            "    return order\n"
        ),
        "tests/test_shop.py": (
            "from shop.store._engine import connect\n"        # exempt: test code
            "from shop.store.db import _pool\n"
            "\n"
            "def test_connect():\n"
            "    assert connect() is None and _pool == []\n"
        ),
    }
    if planted:
        files["src/shop/service/rules.py"] = (
            "from shop.service import api\n"                   # 1: closes a cycle with api.py:1
            "\n"
            "def _check(order):\n"
            "    return api is not None and order is not None\n"
        )
        files["src/shop/store/db.py"] += (
            "\n"
            "from shop.web.helpers import render\n"            # 8: store must not import web
            "\n"
            "def describe(order):\n"
            "    return render(order)\n"
        )
        files["src/shop/web/views.py"] += (
            "\n"
            "from shop.store._engine import connect\n"        # 8: private module of store
            "from shop.service.api import _validate\n"        # 9: private function of service
            "\n"
            "def debug():\n"
            "    return connect(), _validate(None), db._pool\n"  # 12: private member
        )
    return files


def scan(repo: GitRepo, files: dict[str, str]) -> Report:
    repo.commit({**files, "scorecard.toml": LAYERS})
    return api.scan(repo.root, now=NOW, environ={}, flags={"cache": False})


def check(report: Report, check_id: str) -> tuple[CheckStatus, float | None, list[str]]:
    for pillar in report.pillars:
        for result in (*pillar.checks, *pillar.skipped):
            if result.id == check_id:
                messages = [f"{f.location.path}:{f.location.line} {f.message}"
                            for f in result.findings]
                return result.status, result.value, messages
    raise KeyError(check_id)


def test_planted_problems_are_reported_exactly(git_repo: GitRepo) -> None:
    report = scan(git_repo, shop(planted=True))
    assert not [p for p in report.problems if p.analyzer == "boundaries"]

    _, cycles, cycle_findings = check(report, "simplicity.import-cycles")
    assert cycle_findings == [
        "src/shop/service/api.py:1 2 modules in a cycle: shop.service.api -> "
        "shop.service.rules (src/shop/service/api.py:1) -> shop.service.api "
        "(src/shop/service/rules.py:1)"
    ]
    assert cycles == pytest.approx(100 * 2 / 12, abs=0.01)  # 12 modules with tests/test_shop

    status, violations, contract_findings = check(report, "simplicity.architecture-contracts")
    assert violations == 1 and status is CheckStatus.WARN
    assert contract_findings == [
        "src/shop/store/db.py:8 shop layers: shop.store must not import shop.web: "
        "shop.store.db -> shop.web.helpers (src/shop/store/db.py:8); 1 direct import"
    ]

    _, share, leak_findings = check(report, "simplicity.private-names")
    assert leak_findings == [
        "src/shop/web/views.py:8 shop.web.views uses private '_engine' "
        "(shop.store._engine.connect), private to shop.store",
        "src/shop/web/views.py:9 shop.web.views uses private '_validate' "
        "(shop.service.api._validate), private to shop.service",
        "src/shop/web/views.py:12 shop.web.views uses private '_pool' "
        "(shop.store.db._pool), private to shop.store",
    ]
    assert share is not None and share > 0

    # The upward import is also what closes the one cycle between the layer packages.
    _, package_cycles, package_findings = check(report, "evolvability.package-cycles")
    assert package_cycles == 1
    assert package_findings == [
        "src/shop/service/api.py:2 3 packages in a cycle in shop: shop.service -> shop.store "
        "(src/shop/service/api.py:2) -> shop.web (src/shop/store/db.py:8) -> shop.service "
        "(src/shop/web/views.py:1)"
    ]


def test_clean_repository_reports_none(git_repo: GitRepo) -> None:
    report = scan(git_repo, shop(planted=False))
    for check_id in ("simplicity.import-cycles", "simplicity.architecture-contracts",
                     "simplicity.private-names", "evolvability.package-cycles"):
        status, value, found = check(report, check_id)
        assert (status, value, found) == (CheckStatus.PASS, 0, []), check_id
    details = to_plain(report.details["boundaries"])  # as the JSON report writes it
    assert isinstance(details, dict)
    assert details["contracts"] == [{"name": "shop layers", "type": "layers",
                                     "origin": "[tool.scorecard.boundaries] contracts",
                                     "kept": True, "violations": []}]


@pytest.mark.parametrize(("name", "config"), [
    (".importlinter", (
        "[importlinter]\nroot_package = shop\n\n"
        "[importlinter:contract:layers]\nname = shop layers\ntype = layers\n"
        "layers =\n    shop.web\n    shop.service\n    shop.store\n"
    )),
    ("setup.cfg", (
        "[metadata]\nname = shop\n\n[importlinter]\nroot_packages =\n    shop\n\n"
        "[importlinter:contract:1]\nname = shop layers\ntype = layers\n"
        "layers =\n    shop.web\n    shop.service\n    shop.store\n"
    )),
    ("pyproject.toml", (
        '[project]\nname = "shop"\n\n[tool.importlinter]\nroot_package = "shop"\n\n'
        '[[tool.importlinter.contracts]]\nname = "shop layers"\ntype = "layers"\n'
        'layers = ["shop.web", "shop.service", "shop.store"]\n'
    )),
])
def test_existing_import_linter_configuration_is_read(tmp_path: Path, name: str,
                                                      config: str) -> None:
    write_tree(tmp_path, {**shop(planted=True), name: config})
    output = run(tmp_path)
    assert [line for _p, line, _m in findings(output, "contract_violations")] == [8]
    assert output.details["contracts"][0]["origin"] in (name, "pyproject.toml "
                                                        "[tool.importlinter]")
    assert not run(tmp_path, {"read_importlinter": False}).details["contracts"]


def test_bad_contracts_are_problems_not_crashes(tmp_path: Path) -> None:
    write_tree(tmp_path, {**shop(planted=False), ".importlinter": (
        "[importlinter]\nroot_package = shop\n\n"
        "[importlinter:contract:a]\nname = custom\ntype = mypackage.MyContract\n\n"
        "[importlinter:contract:b]\nname = no layers\ntype = layers\n\n"
        "[importlinter:contract:c]\nname = ghost\ntype = layers\nlayers =\n"
        "    shop.web\n    shop.nothing\n    (shop.optional)\n"
    )})
    output = run(tmp_path, {"contracts": ["not a table"]})
    messages = sorted(p.message for p in output.problems)
    assert len(messages) == 4, messages
    assert any("'custom'" in m and "not supported" in m for m in messages)
    assert any("'no layers'" in m and "'layers' must be" in m for m in messages)
    assert any("shop.nothing not found" in m for m in messages)
    assert any("must be a table" in m for m in messages)
    assert measurement(output, "contract_violations").value == 0


def test_no_python_is_not_applicable(git_repo: GitRepo) -> None:
    git_repo.commit({"README.md": "# docs only\n"})
    report = api.scan(git_repo.root, now=NOW, environ={}, flags={"cache": False})
    for check_id in ("simplicity.import-cycles", "simplicity.private-names",
                     "simplicity.god-modules", "evolvability.package-cycles"):
        status, value, _ = check(report, check_id)
        assert status is CheckStatus.NOT_APPLICABLE and value is None, check_id
