"""Documentation beyond docs/: folders by name at any depth, and tool configs' own roots."""

from __future__ import annotations

from pathlib import Path

import pytest

from scorecard.analyzers.doc_roots import find_doc_roots
from scorecard.analyzers.runbooks import RunbooksAnalyzer
from tests.overrides_support import measurement, scan_tree
from tests.runbooks_support import run

CODE = 'import os\n\nTOKEN = os.environ["SERVICE_TOKEN"]\n'
PAGE = "# Configuration\n\nSet the `SERVICE_TOKEN` environment variable.\n"


@pytest.mark.parametrize(("files", "page"), [
    ({}, "charts/app/docs/configuration.md"),
    ({}, "website/content/configuration.md"),
    ({}, "site/configuration.md"),
    ({}, "app/templates/docs/configuration.md"),
    ({"mkdocs.yml": "site_name: x\ndocs_dir: handbook\n"}, "handbook/configuration.md"),
    ({"tools/mkdocs.yml": "site_name: x\ndocs_dir: '../manual-pages'\n"},
     "manual-pages/configuration.md"),
    ({"guide/conf.py": "project = 'x'\nextensions = []\n"}, "guide/configuration.rst"),
    ({".readthedocs.yaml": "version: 2\nsphinx:\n  configuration: userguide/source/conf.py\n"},
     "userguide/source/configuration.rst"),
    ({"portal/hugo.toml": "baseURL = 'https://x'\n"}, "portal/content/configuration.md"),
    ({"web/docusaurus.config.js": "module.exports = {}\n"}, "web/docs/configuration.md"),
])
def test_env_docs_are_found_in_every_documentation_root(
        tmp_path: Path, files: dict[str, str], page: str) -> None:
    out = scan_tree(tmp_path, {"app/main.py": CODE, page: PAGE, **files})
    assert measurement(out, "env_doc_coverage").value == 100.0


def test_pages_outside_any_documentation_root_are_not_docs(tmp_path: Path) -> None:
    out = scan_tree(tmp_path, {"app/main.py": CODE, "notes/configuration.md": PAGE,
                               "config.toml": "[server]\nport = 1\n"})
    assert measurement(out, "env_doc_coverage").value == 0.0


def test_a_sphinx_looking_conf_py_is_needed() -> None:
    roots = find_doc_roots(["app/conf.py", "guide/conf.py"], lambda p: (
        "DEBUG = True\n" if p.startswith("app") else "html_theme = 'alabaster'\n"))
    assert roots.folders == frozenset({"guide"})
    assert roots.contains("guide/index.rst") and not roots.contains("app/index.rst")


@pytest.mark.parametrize(("files", "page"), [
    ({}, "charts/app/docs/index.md"),
    ({"mkdocs.yml": "site_name: x\ndocs_dir: handbook\n"}, "handbook/index.md"),
    ({"website/docusaurus.config.js": "module.exports = {}\n"}, "website/docs/intro.md"),
])
def test_the_docs_tree_check_sees_documentation_beyond_docs(
        tmp_path: Path, files: dict[str, str], page: str) -> None:
    for path, text in {"app/main.py": CODE, page: "# Index\n\nWelcome.\n", **files}.items():
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    assert run(RunbooksAnalyzer(), tmp_path).value("runbooks.docs_tree") == 1.0
