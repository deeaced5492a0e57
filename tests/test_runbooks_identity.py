"""Links to this repository's own files are recognised through every identity it has.

Not only the ``origin`` remote: any remote, ``repo_url``, ``[project.urls]``, Poetry's
``repository``, ``package.json``, a root ``go.mod``'s module path, ``Cargo.toml`` and a Helm
chart's ``home``/``sources``.
"""

from __future__ import annotations

import pytest

from scorecard.analyzers.runbooks import RunbooksAnalyzer
from tests.gitrepo import GitRepo
from tests.runbooks_support import run

RULES = """groups:
- name: shop
  rules:
  - alert: ShopDown
    expr: up == 0
    labels:
      severity: critical
    annotations:
      runbook_url: {link}
"""
RUNBOOK = "# ShopDown\n\n## Meaning\nThe shop answers no request at all, on any instance.\n"
LINKS = [
    "https://github.com/acme/shop/blob/main/runbooks/ShopDown.md",
    "https://github.com/Acme/Shop/tree/release/2.0/runbooks/ShopDown.md",
    "https://gitlab.example.com/platform/acme/shop/-/blob/main/runbooks/ShopDown.md",
]


def _outcome(git_repo: GitRepo, link: str, files: dict[str, str],
             options: dict[str, object] | None = None) -> str:
    git_repo.commit({"alerts/shop.yaml": RULES.format(link=link),
                     "runbooks/ShopDown.md": RUNBOOK, **files})
    outcome = run(RunbooksAnalyzer(), git_repo.root, options)
    (alert,) = outcome.details["per_alert"]
    return str(alert["outcome"])


def _identity(link: str) -> str:
    return link.split("/blob/")[0].split("/tree/")[0].split("/-/")[0]


@pytest.mark.parametrize("link", LINKS)
@pytest.mark.parametrize("source", ["upstream remote", "second remote", "repo_url",
                                    "project.urls", "poetry", "package.json", "Chart home",
                                    "Chart sources", "go.mod", "Cargo.toml"])
def test_every_identity_of_the_repository_maps_its_forge_links(
        git_repo: GitRepo, link: str, source: str) -> None:
    url = _identity(link)
    files: dict[str, str] = {}
    options: dict[str, object] = {}
    if source == "upstream remote":
        git_repo.git("remote", "add", "upstream", url + ".git")
    elif source == "second remote":
        git_repo.git("remote", "add", "origin", "https://example.org/mirror/shop.git")
        git_repo.git("remote", "add", "github", url)
    elif source == "repo_url":
        options = {"repo_url": url}
    elif source == "project.urls":
        files["pyproject.toml"] = (f'[project]\nname = "shop"\n\n[project.urls]\n'
                                   f'Source = "{url}/issues"\nHomepage = "https://shop.example"\n')
    elif source == "poetry":
        files["pyproject.toml"] = f'[tool.poetry]\nname = "shop"\nrepository = "{url}"\n'
    elif source == "package.json":
        files["package.json"] = f'{{"name": "shop", "repository": {{"url": "git+{url}.git"}}}}'
    elif source == "go.mod":
        if "gitlab.example.com" in url:
            pytest.skip("a Go module path names the repository as host/owner/repo only")
        files["go.mod"] = f"module {url.removeprefix('https://')}/v2\n\ngo 1.22\n"
    elif source == "Cargo.toml":
        files["Cargo.toml"] = f'[package]\nname = "shop"\nrepository = "{url}"\n'
    elif source == "Chart home":
        files["charts/shop/Chart.yaml"] = f"apiVersion: v2\nname: shop\nhome: {url}\n"
    else:
        files["charts/shop/Chart.yaml"] = (f"apiVersion: v2\nname: shop\nsources:\n"
                                           f"  - https://example.org/other\n  - {url}\n")
    assert _outcome(git_repo, link, files, options) == "file_ok"


def test_a_link_to_another_repository_stays_unverified(git_repo: GitRepo) -> None:
    git_repo.git("remote", "add", "origin", "https://github.com/acme/shop.git")
    link = "https://github.com/acme/runbooks/blob/main/runbooks/ShopDown.md"
    assert _outcome(git_repo, link, {}) == "external_unverified"
