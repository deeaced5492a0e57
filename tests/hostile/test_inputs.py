"""Hostile repositories scanned in-process: each scan completes with the right problems listed.

The bad inputs named by the analyzer issues, and the shapes of repository a CI job meets in
the wild (LFS pointers, submodules never checked out, corrupt objects, worktrees, names no
one should use). Cases already covered by tests/test_bad_input.py are extended here to the
other way of reading a repository (a commit's objects through ``--rev``), not repeated.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from scorecard.errors import InputError
from scorecard.model import Report
from tests.gitrepo import GitRepo
from tests.hostile.generators import (
    LFS_POINTER,
    assert_one_line_problems,
    corrupt_object,
    deep_path,
    problems_by_path,
    scan,
    skipped_by_path,
)

ISSUE_2_FILES: dict[str, str | bytes] = {
    "good.py": "def f(x):\n    return x\n",
    "syntax.py": "def f(:\n",
    "py2.py": 'print "hello"\n',
    "newer.py": "type Alias = list[int]\n",
    "latin.py": "x = 'caf\xe9'\n".encode("latin-1"),
    "nul.py": b"x = 1\n" + b"#" * 9000 + b"\n\x00\n",
    "empty.py": "",
    "huge_pb2.py": "# @generated\n" + "x = 1\n" * 900_000,
}


def _checks(report: Report) -> dict[str, tuple[float | None, str]]:
    return {c.id: (c.score, c.reason) for p in report.pillars for c in (*p.checks, *p.skipped)}


def _pillars(report: Report) -> dict[str, float | None]:
    return {p.pillar.value: p.score for p in report.pillars}


def test_issue_2_bad_files_read_from_git_objects(git_repo: GitRepo) -> None:
    """The bad files of issue 2, read through --rev (git objects), not the work tree."""
    git_repo.commit(ISSUE_2_FILES)
    os.symlink("loop.py", git_repo.root / "loop.py")
    git_repo.commit()
    report = scan(git_repo.root, rev="HEAD")
    problems = {path: " ".join(messages) for path, messages in problems_by_path(report).items()}
    for path in ("syntax.py", "py2.py", "newer.py", "nul.py"):
        assert "does not parse" in problems[path]
    assert "undecodable" in problems["latin.py"]
    assert "too large" in problems["huge_pb2.py"]
    assert "good.py" not in problems and "empty.py" not in problems
    assert skipped_by_path(report)["loop.py"].startswith("symbolic link")
    assert_one_line_problems(report)


def test_every_python_file_unparsable(git_repo: GitRepo) -> None:
    """Nothing parses: each file is a problem and the code checks are n/a, never a score."""
    git_repo.commit({f"pkg/m{i}.py": "def broken(:\n" for i in range(6)}
                    | {"pkg/__init__.py": "print 'py2'\n", "README.md": "# r\n"})
    report = scan(git_repo.root)
    problems = problems_by_path(report)
    assert len([p for p in problems if p and p.endswith(".py")]) == 7
    assert report.details["scan"].unparsable_files == 7
    # Simplicity is judged from code; with none readable it is n/a, not 10 and not 0.
    assert _pillars(report)["simplicity"] is None
    checks = _checks(report)
    assert checks["simplicity.import-cycles"][0] is None
    assert "could be parsed" in checks["simplicity.import-cycles"][1]
    assert_one_line_problems(report)


def test_gitattributes_marks_everything_generated(git_repo: GitRepo) -> None:
    git_repo.commit({".gitattributes": "* linguist-generated\n", "app.py": "x = 1\n",
                     "README.md": "# Readme\n", "docs/runbooks/r.md": "# Runbook\n"})
    for report in (scan(git_repo.root), scan(git_repo.root, rev="HEAD")):
        skipped = skipped_by_path(report)
        assert {"app.py", "README.md", "docs/runbooks/r.md"} <= set(skipped)
        assert all(reason == "linguist-generated in .gitattributes" for reason in
                   skipped.values())
        assert report.files_analyzed == 0
        assert _pillars(report)["simplicity"] is None


def test_deep_directory_nesting(git_repo: GitRepo) -> None:
    deep = deep_path(150)
    git_repo.commit({f"{deep}/__init__.py": "", f"{deep}/mod.py": "from . import x\n",
                     f"docs/{deep}/runbook.md": "# Runbook\n\n## Meaning\n\nx\n"})
    for report in (scan(git_repo.root), scan(git_repo.root, rev="HEAD")):
        assert not report.problems
        assert report.details["scan"].python_files == 2


def test_symlinks_outside_the_repository_and_to_themselves(git_repo: GitRepo,
                                                           tmp_path: Path) -> None:
    secret = tmp_path / "secret.py"
    secret.write_text("SECRET_TOKEN = 'do not read'\n")
    git_repo.commit({"a.py": "x = 1\n"})
    links = {"outside.py": str(secret), "etc": "/etc", "up": "../..", "self.py": "self.py",
             "loop_dir": "loop_dir", "absolute_root": "/"}
    for name, target in links.items():
        os.symlink(target, git_repo.root / name)
    git_repo.commit()
    for report in (scan(git_repo.root), scan(git_repo.root, rev="HEAD")):
        skipped = skipped_by_path(report)
        for name in links:
            assert skipped[name] == "symbolic link (not followed)"
        assert not report.problems
        assert "do not read" not in str(report)


def test_files_removed_and_rewritten_while_the_scan_runs(
        git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    """Mid-scan: one file vanishes, one is rewritten to garbage, one grows past the limit."""
    from scorecard.repo import RepoView

    git_repo.commit({"a.py": "x = 1\n", "vanish.py": "y = 2\n", "rewrite.py": "z = 3\n",
                     "grow.py": "w = 4\n", "zz_replaced_by_dir.py": "v = 5\n"})
    original = RepoView.read_bytes
    root = git_repo.root

    def mutate_then_read(self: RepoView, path: str) -> bytes:
        if path == "a.py":  # the first file read: change the others under the scan's feet
            (root / "vanish.py").unlink()
            (root / "rewrite.py").write_bytes(b"def (:\n\xff\xfe")
            (root / "grow.py").write_bytes(b"#" * (self.max_file_bytes + 10))
            (root / "zz_replaced_by_dir.py").unlink()
            (root / "zz_replaced_by_dir.py").mkdir()
        return original(self, path)

    monkeypatch.setattr(RepoView, "read_bytes", mutate_then_read)
    report = scan(git_repo.root)
    problems = {path: " ".join(m) for path, m in problems_by_path(report).items()}
    assert "cannot read" in problems["vanish.py"]
    assert "undecodable" in problems["rewrite.py"] or "parse" in problems["rewrite.py"]
    assert "per-file limit" in problems["grow.py"]
    assert "cannot read" in problems["zz_replaced_by_dir.py"]
    assert_one_line_problems(report)


def test_contents_iterator_mutated_mid_scan(git_repo: GitRepo,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """iter_contents itself hands back a problem for a file deleted between two reads."""
    from scorecard.repo import RepoView

    git_repo.commit({f"m{i}.py": f"x = {i}\n" for i in range(5)})
    original = RepoView.iter_contents

    def delete_as_we_go(self: RepoView, files):  # type: ignore[no-untyped-def]
        for index, item in enumerate(original(self, files)):
            if index == 0:
                for later in files[1:3]:
                    (git_repo.root / later.path).unlink()
            yield item

    monkeypatch.setattr(RepoView, "iter_contents", delete_as_we_go)
    report = scan(git_repo.root)
    problems = problems_by_path(report)
    assert sum(1 for p in problems if p and p.startswith("m")) == 2


def test_unreadable_files(git_repo: GitRepo) -> None:
    """chmod 000: a problem for a normal user; root reads anyway. Both complete the scan."""
    git_repo.commit({"a.py": "x = 1\n", "secret.py": "y = 2\n", "README.md": "# r\n",
                     "locked/inner.py": "z = 3\n"})
    os.chmod(git_repo.root / "secret.py", 0)
    os.chmod(git_repo.root / "README.md", 0)
    os.chmod(git_repo.root / "locked", 0)
    try:
        permissions_apply = not os.access(git_repo.root / "secret.py", os.R_OK)
        report = scan(git_repo.root)
    finally:
        os.chmod(git_repo.root / "locked", 0o755)
    problems = problems_by_path(report)
    if permissions_apply:
        assert "Permission denied" in " ".join(problems["secret.py"])
        assert "locked/inner.py" in problems
    else:  # root (as in CI containers): permissions do not stop reads
        assert "secret.py" not in problems
    assert "a.py" not in problems
    assert_one_line_problems(report)


def test_bare_repository(git_repo: GitRepo, tmp_path: Path) -> None:
    """A bare clone has no work tree: a clear InputError, and --rev reads its commits."""
    git_repo.commit({"app.py": "def f(x):\n    return x\n", "README.md": "# r\n"})
    bare = tmp_path / "bare.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(git_repo.root), str(bare)], check=True)
    with pytest.raises(InputError, match="bare repository"):
        scan(bare)
    with pytest.raises(InputError, match="bare repository"):
        scan(git_repo.root / ".git")  # git's own folder is not source either
    report = scan(bare, rev="HEAD")
    assert report.commit == git_repo.commits[-1]
    assert report.details["scan"].python_files == 1
    assert report.details["complexity"].functions == 1


def test_worktree(git_repo: GitRepo, tmp_path: Path) -> None:
    """A linked worktree (.git is a file) scans like the main one, at its own commit."""
    git_repo.commit({"app.py": "def f(x):\n    return x\n"})
    git_repo.commit({"app.py": "def f(x):\n    if x:\n        return 1\n    return x\n",
                     "more.py": "y = 1\n"})
    tree = tmp_path / "linked"
    git_repo.git("worktree", "add", "-q", "--detach", str(tree), git_repo.commits[0])
    assert (tree / ".git").is_file()
    for report in (scan(tree), scan(tree, rev="HEAD")):
        assert report.commit == git_repo.commits[0]
        assert report.details["scan"].python_files == 1
        assert not report.problems


def test_corrupt_object(git_repo: GitRepo) -> None:
    """A garbled blob: the work tree scan measures history as unreadable; --rev loses one file."""
    git_repo.commit({"a.py": "def f(x):\n    return x\n", "b.py": "y = 2\n"})
    git_repo.commit({"a.py": "def f(x):\n    return x + 1\n"})
    corrupt_object(git_repo, "b.py")
    work_tree = scan(git_repo.root)
    history = [p for p in work_tree.problems if p.analyzer == "history"]
    assert history, work_tree.problems  # never a silently short history
    from_objects = scan(git_repo.root, rev="HEAD")
    problems = problems_by_path(from_objects)
    assert "cannot read" in " ".join(problems["b.py"])
    assert "a.py" not in problems
    assert from_objects.details["complexity"].functions == 1
    assert_one_line_problems(from_objects)


def test_submodule_not_checked_out(git_repo: GitRepo, tmp_path: Path) -> None:
    library = GitRepo.create(tmp_path / "library")
    library.commit({"lib.py": "def g():\n    return 1\n"})
    git_repo.commit({"app.py": "x = 1\n"})
    git_repo.git("-c", "protocol.file.allow=always", "submodule", "add", "-q",
                 str(library.root), "vendorlib")
    git_repo.commit(message="add submodule")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(git_repo.root), str(clone)], check=True,
                   capture_output=True)
    assert not any((clone / "vendorlib").iterdir())  # never initialised
    for report in (scan(clone), scan(clone, rev="HEAD")):
        assert skipped_by_path(report)["vendorlib"] == "submodule or nested repository"
        assert "lib.py" not in str(report.details)
        assert not report.problems


def test_git_lfs_pointers(git_repo: GitRepo) -> None:
    """LFS pointers are placeholders, not source: skipped with the reason, never parsed."""
    git_repo.commit({".gitattributes": "*.bin filter=lfs diff=lfs merge=lfs -text\n"
                                       "model/*.py filter=lfs diff=lfs merge=lfs -text\n",
                     "data.bin": LFS_POINTER, "model/weights.py": LFS_POINTER,
                     "docs/big.md": LFS_POINTER, "app.py": "x = 1\n"})
    for report in (scan(git_repo.root), scan(git_repo.root, rev="HEAD")):
        skipped = skipped_by_path(report)
        # Files no analyzer reads (data.bin) are never opened, so never classified.
        for path in ("model/weights.py", "docs/big.md"):
            assert skipped[path] == "Git LFS pointer (content not fetched)"
        assert not report.problems


HOSTILE_NAMES = ("new\nline.py", "back\\slash.py", "-rf.py", "--output=x.py", "-dir/mod.py",
                 "evil\u202egnp.py", "emoji_🎉.py", "sp ace.py", 'q"uote.py', "tab\there.py",
                 "<script>.py", "[link](x).py", "@octocat.py", "docs/runbooks/-r.md")


def test_hostile_file_names(git_repo: GitRepo) -> None:
    """Names with newlines, backslashes, leading dashes, RTL and emoji: measured as files."""
    body = "def f(x):\n    if x:\n        return 1\n    return 2\n"
    git_repo.commit({name: body if name.endswith(".py") else "# Runbook\n"
                     for name in HOSTILE_NAMES})
    git_repo.commit({name: body.replace("1", "3") for name in HOSTILE_NAMES
                     if name.endswith(".py")})
    python = {name for name in HOSTILE_NAMES if name.endswith(".py")}
    for report in (scan(git_repo.root), scan(git_repo.root, rev="HEAD")):
        assert not report.problems
        measured = set(report.details["complexity"].file_sloc)
        assert measured == python
        churn = {row.path for row in report.details["history"].churn}
        assert python <= churn  # history keeps the same names, newline and all


def test_non_utf8_path_bytes_in_history(git_repo: GitRepo) -> None:
    """A path that is not UTF-8 is shown with U+FFFD by the listing and history alike."""
    raw = b"caf\xe9.py"
    (git_repo.root / os.fsdecode(raw)).write_text("x = 1\n")
    git_repo.commit({"a.py": "y = 1\n"})
    report = scan(git_repo.root)
    shown = "caf\ufffd.py"
    assert shown in report.details["complexity"].file_sloc
    assert shown in {row.path for row in report.details["history"].churn}


def test_issue_3_history_shapes(git_repo: GitRepo) -> None:
    """A detached single-commit HEAD, authors without email, a 3,000-file commit, binaries."""
    git_repo.commit({"a.py": "x = 1\n", "logo.png": b"\x89PNG\r\n\x1a\n\x00\x00binary"},
                    author=("No Email", ""))
    git_repo.commit({f"gen/f{i}.txt": f"{i}\n" for i in range(3000)}, author=("Bot", ""))
    git_repo.commit({"logo.png": b"\x89PNG\r\n\x1a\n\x00\x01binary", "a.py": "x = 2\n"})
    git_repo.git("checkout", "-q", "--detach", "HEAD")
    report = scan(git_repo.root)
    assert report.details["scan"].git.branch is None
    assert not report.problems
    checks = _checks(report)
    assert checks["evolvability.truck-factor"][0] is not None
    churn = {row.path: row for row in report.details["history"].churn}
    assert churn["a.py"].revisions == 2


def test_issue_4_import_shapes(git_repo: GitRepo) -> None:
    """Missing names, star and dynamic imports, conditional imports, circular re-exports."""
    deep = deep_path(40).replace("d", "p")
    git_repo.commit({
        "app/__init__.py": "from app.b import B\nfrom app.a import *\n__all__ = ['B']\n",
        "app/a.py": "from app import B\nfrom app.nothing import missing\nA = 1\n",
        "app/b.py": ("import importlib\ntry:\n    import ujson as json\nexcept ImportError:\n"
                     "    import json\nif json:\n    from app import a\n"
                     "mod = importlib.import_module('app.a')\nclass B:\n    pass\n"),
        "app/broken.py": "from . import (\n",
        **{f"{deep}/__init__.py": "" for _ in range(1)},
        f"{deep}/leaf.py": "from app.a import A\n",
    })
    report = scan(git_repo.root)
    problems = problems_by_path(report)
    assert list(problems) == ["app/broken.py"]
    checks = _checks(report)
    assert (checks["simplicity.import-cycles"][0] or 0) < 10  # the planted re-export cycle


def test_issue_5_yaml_bomb_and_links_leaving_the_repository(git_repo: GitRepo) -> None:
    """A billion-laughs rule file is refused quickly; '..' links are reported, never read."""
    bomb = 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for level in range(1, 9):
        bomb += f"a{level}: &a{level} [" + ",".join([f"*a{level - 1}"] * 9) + "]\n"
    bomb += "groups:\n- name: g\n  rules:\n  - alert: Boom\n    expr: up\n    labels: {x: *a8}\n"
    git_repo.commit({
        "alerts/bomb.yml": bomb,
        "alerts/rules.yml": ("groups:\n- name: g\n  rules:\n  - alert: Escape\n    expr: up == 0\n"
                             "    annotations:\n      runbook_url: ../../../../../etc/passwd\n"),
        "docs/runbooks/escape.md": "# Escape\n\n[passwd](../../../../etc/passwd)\n",
    })
    report = scan(git_repo.root)
    problems = {path: " ".join(m) for path, m in problems_by_path(report).items()}
    assert "aliases expand" in problems["alerts/bomb.yml"]
    alerts = {a.alert: a for a in report.details["runbooks"].per_alert}
    assert alerts["Escape"].outcome == "outside_repo"
    assert "root:" not in str(report.details)


def test_issue_6_and_7_config_and_store_files_that_are_data(git_repo: GitRepo) -> None:
    """The scanned project's broken pyproject.toml and YAML settings are its own business."""
    git_repo.commit({"pyproject.toml": "[project\nname = ", "settings.yaml": "a: [unclosed\n",
                     "config.toml": "= nope", "app.py": "import os\nX = os.environ[f'A_{1}']\n",
                     ".scorecard/history.sqlite3": b"not a database"})
    report = scan(git_repo.root)
    assert report.details["scan"].config_source.startswith("defaults")
    assert ".scorecard/history.sqlite3" not in problems_by_path(report)  # tool state, ignored
    assert_one_line_problems(report)


def test_issue_7_diff_of_unrelated_histories(git_repo: GitRepo) -> None:
    from scorecard import api
    from tests.hostile.generators import NOW

    git_repo.commit({"a.py": "def f(x):\n    return x\n"})
    git_repo.git("checkout", "-q", "--orphan", "other")
    git_repo.git("rm", "-q", "-rf", ".")
    other = git_repo.commit({"b.py": "def g(y):\n    if y:\n        return 1\n    return y\n"})
    result = api.diff(git_repo.root, git_repo.commits[0], other, now=NOW, environ={},
                      flags={"cache": False})
    assert set(result.touched_files) == {"a.py", "b.py"}
    assert result.head.commit == other


@pytest.mark.slow
def test_issue_7_pull_request_with_5000_changed_files(git_repo: GitRepo) -> None:
    from scorecard import api
    from scorecard.reporters.comment import COMMENT_LIMIT, render_comment
    from tests.hostile.generators import NOW

    base = git_repo.commit({"seed.py": "x = 1\n"})
    head = git_repo.commit({f"pr/m{i}.py": "def f(a, b, c, d, e, f):\n    return a\n"
                            for i in range(5000)})
    result = api.diff(git_repo.root, base, head, now=NOW, environ={},
                      flags={"skip_analyzers": ["history"]})
    assert len(result.touched_files) == 5000
    assert len(result.findings) >= 5000  # every new function has too many parameters
    body = render_comment(result, gate=None, full_report_url=None)
    assert len(body) <= COMMENT_LIMIT and "more" in body


def test_issue_8_quarterly_report_of_one_commit_and_a_store_with_gaps(git_repo: GitRepo,
                                                                       tmp_path: Path) -> None:
    from scorecard.history import SnapshotStore
    from scorecard.quarterly import quarterly_page
    from scorecard.reporters.html import render_html

    git_repo.commit({"a.py": "def f(x):\n    return x\n"}, date="2026-02-01T00:00:00+00:00")
    with SnapshotStore(tmp_path / "store.sqlite3") as store:
        page = quarterly_page(git_repo.root, store, quarter="2026Q2", quarters=4,
                              environ={})
        html = render_html(page)
    assert [q.report is None for q in page.quarters] == [True, True, False, False]
    assert any("no commit yet" in note for note in page.notes)
    assert "2025Q3" in html and "2026Q2" in html


@pytest.mark.parametrize(("path", "text"), [
    ("blank.go", "package main\n" + " " * 200_000 + "\n"),
    ("tabs.js", "x" + ("\t" * 300 + "\n") * 700 + "y.get('/data')\n"),  # short lines
    ("dollars.cs", "var v = @Value(\"" + "$" * 200_000 + "\n"),
    ("names.ts", ("a" * 300 + " \n") * 700),
])
def test_long_runs_of_one_character_are_read_in_one_pass(path: str, text: str) -> None:
    """A run of blanks, dollars or one long name is scanned once, not from every position.

    A pattern that can start anywhere in the run would read the rest of the run from each
    position (the square of its length: minutes for these files); each must give no fact.
    """
    from scorecard.analyzers.overrides.per_file.foreign_code import extract_foreign
    from scorecard.analyzers.signals.foreign_facts import collect_foreign_facts

    assert "keys" not in extract_foreign(path, text)
    facts = collect_foreign_facts(path, text)
    assert not facts.get("health_routes") and not facts.get("web")


def test_long_names_and_runs_in_packaging_docs_and_ci_files_are_read_in_one_pass() -> None:
    """Each pattern reads a 40,000-character run once (before: 5-23 s each, the square)."""
    from scorecard.analyzers.project_kind import _SCRIPT_ENTRY
    from scorecard.analyzers.runbooks.doc_references import _METRIC
    from scorecard.analyzers.runbooks.sections import _CONTACT
    from scorecard.analyzers.signals.automation import _PRECOMMIT_TEXT
    from scorecard.analyzers.signals.ci_files import _TEXT_KEY
    from scorecard.analyzers.signals.signal_vocabulary import TODO_TAG

    for run in ("a_" * 20_000, "a.b-" * 10_000, " " * 40_000, "#" * 40_000):
        assert _SCRIPT_ENTRY.findall(run) == []
        assert list(_METRIC.finditer(run)) == []
        assert _PRECOMMIT_TEXT.findall(run) == []
        assert _TEXT_KEY.match(run) is None
        assert TODO_TAG.match(run) is None
        assert _CONTACT.search(run.replace("#", "")) is None
