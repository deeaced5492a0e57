"""A CI folder's documents and images are no CI configuration (nor a read failure)."""

from __future__ import annotations

from pathlib import Path

from scorecard.analyzers.overrides.repository.deploy import is_ci_file, scan_deploy
from tests.overrides_support import scan_tree

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
WORKFLOW = "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n" \
           "      - run: pytest\n        env:\n          DATABASE_URL: ${{ secrets.DB }}\n"


def test_documents_and_images_in_a_ci_folder_are_not_ci_files() -> None:
    assert is_ci_file(".github/workflows/ci.yml")
    assert is_ci_file(".circleci/config.yml") and is_ci_file(".github/CODEOWNERS")
    assert is_ci_file(".gitlab-ci.yml")
    for path in (".github/git-branch-workflow.png", ".github/PULL_REQUEST_TEMPLATE.md",
                 ".github/ISSUE_TEMPLATE/bug.MD", ".gitlab/logo.svg"):
        assert not is_ci_file(path), path


def test_an_image_in_the_ci_folder_is_not_reported_unreadable(tmp_path: Path) -> None:
    output = scan_tree(tmp_path, {
        ".github/workflows/ci.yml": WORKFLOW,
        ".github/git-branch-workflow.png": PNG,
        ".github/PULL_REQUEST_TEMPLATE.md": "Run `export TEMPLATE_ONLY=1` first.\n",
        "app.py": "import os\n\nURL = os.environ['DATABASE_URL']\n",
    })
    assert not [p for p in output.problems if "cannot read" in p.message]


def test_the_workflow_is_still_read_for_the_names_it_sets(tmp_path: Path) -> None:
    from scorecard.analyzers.base import ScanContext
    from scorecard.repo import RepoView
    from tests.overrides_support import NOW, write_tree

    root = write_tree(tmp_path, {".github/workflows/ci.yml": WORKFLOW,
                                 ".github/PULL_REQUEST_TEMPLATE.md": "export TEMPLATE_ONLY=1\n"})
    view = RepoView(root)
    ctx = ScanContext(root=root, view=view, files=view.list_files().files, git=view.git,
                      now=NOW, options=None)
    scan = scan_deploy(ctx)
    assert "DATABASE_URL" in scan.ci_names
    assert "TEMPLATE_ONLY" not in scan.ci_names
    assert not scan.problems
