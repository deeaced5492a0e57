"""Layers, forbidden and independence contracts, in import-linter's vocabulary."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scorecard.analyzers.boundaries.contract_config import parse_contract
from scorecard.analyzers.boundaries.contracts import check_contracts
from tests.boundaries_support import graph_of, write_tree

APP = {
    "app/__init__.py": "",
    "app/ui/__init__.py": "",
    "app/ui/page.py": "from app.domain import model\n",
    "app/domain/__init__.py": "",
    "app/domain/model.py": "from app.infra import db\n",
    "app/domain/other.py": "",
    "app/infra/__init__.py": "",
    "app/infra/db.py": "import requests\nfrom app.util import log\n",
    "app/util.py": "from app.ui import page\n",  # infra -> util -> ui: an indirect upward chain
    "plugins/__init__.py": "",
    "plugins/a/__init__.py": "",
    "plugins/a/core.py": "from plugins.b import core\n",
    "plugins/b/__init__.py": "",
    "plugins/b/core.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                         "    from plugins.c import core\n",
    "plugins/c/__init__.py": "",
    "plugins/c/core.py": "",
}


def violations(tmp_path: Path, raw: dict[str, Any], files: dict[str, str] | None = None
               ) -> list[str]:
    write_tree(tmp_path, files or APP)
    contract, errors = parse_contract(raw, "test", exclude_type_checking=False)
    assert contract is not None, errors
    outcomes, problems = check_contracts(graph_of(tmp_path), [contract])
    assert not problems
    return [v.describe() for v in outcomes[0].violations]


def test_layers_follow_indirect_chains(tmp_path: Path) -> None:
    found = violations(tmp_path, {"name": "L", "type": "layers",
                                  "layers": ["app.ui", "app.domain", "app.infra"]})
    assert found == [
        "L: app.infra must not import app.ui: app.infra.db -> app.util (app/infra/db.py:2) "
        "-> app.ui.page (app/util.py:1)",
    ]


def test_ignore_imports_with_wildcards(tmp_path: Path) -> None:
    found = violations(tmp_path, {"name": "L", "type": "layers",
                                  "layers": ["app.ui", "app.domain", "app.infra"],
                                  "ignore_imports": ["app.*.db -> app.util"]})
    assert found == []


def test_containers_and_independent_siblings(tmp_path: Path) -> None:
    raw = {"name": "P", "type": "layers", "containers": ["plugins"], "layers": ["a | b | c"]}
    assert violations(tmp_path, raw) == [
        "P: plugins.a must not import plugins.b: plugins.a.core -> plugins.b.core "
        "(plugins/a/core.py:1); 1 direct import",
        "P: plugins.b must not import plugins.c: plugins.b.core -> plugins.c.core "
        "(plugins/b/core.py:3); 1 direct import",
    ]
    # ':' makes siblings non-independent; TYPE_CHECKING imports can be left out.
    assert violations(tmp_path, {**raw, "layers": ["a : b : c"]}) == []
    assert len(violations(tmp_path, {**raw, "exclude_type_checking_imports": True})) == 1


def test_forbidden_internal_external_and_indirect(tmp_path: Path) -> None:
    raw = {"name": "F", "type": "forbidden", "source_modules": ["app.ui"],
           "forbidden_modules": ["app.infra", "requests"]}
    assert violations(tmp_path, raw) == [
        "F: app.ui must not import app.infra: app.ui.page -> app.domain.model "
        "(app/ui/page.py:1) -> app.infra.db (app/domain/model.py:1)",
        "F: app.ui must not import requests: app.ui.page -> app.domain.model "
        "(app/ui/page.py:1) -> app.infra.db (app/domain/model.py:1) -> requests "
        "(app/infra/db.py:1)",
    ]
    assert violations(tmp_path, {**raw, "allow_indirect_imports": "True"}) == []


def test_ignore_imports_apply_to_external_packages(tmp_path: Path) -> None:
    # As in import-linter: an ignored import of an external package breaks no contract.
    raw = {"name": "F", "type": "forbidden", "source_modules": ["app.infra"],
           "forbidden_modules": ["requests"]}
    assert len(violations(tmp_path, raw)) == 1
    assert violations(tmp_path, {**raw, "ignore_imports": ["app.infra.db -> requests"]}) == []
    assert violations(tmp_path, {**raw, "ignore_imports": ["app.*.db -> requests.*"]}) != []


def test_independence_both_ways(tmp_path: Path) -> None:
    raw = {"name": "I", "type": "independence", "modules": ["app.ui", "app.infra"]}
    assert violations(tmp_path, raw) == [
        "I: app.ui must not import app.infra: app.ui.page -> app.domain.model "
        "(app/ui/page.py:1) -> app.infra.db (app/domain/model.py:1)",
        "I: app.infra must not import app.ui: app.infra.db -> app.util (app/infra/db.py:2) "
        "-> app.ui.page (app/util.py:1)",
    ]


def test_parse_errors_are_listed() -> None:
    contract, errors = parse_contract({"name": "x", "type": "forbidden",
                                       "source_modules": ["a"], "ignore_imports": ["a b"]},
                                      "test", exclude_type_checking=False)
    assert contract is None
    assert errors == ["test: contract 'x': 'forbidden_modules' must be a non-empty list of "
                      "module names",
                      "test: contract 'x': ignore_imports entry must read 'importer -> "
                      "imported'"]
