"""git run on a hostile repository: no program it names runs, and no git call hangs.

Each case builds a real repository whose configuration names a marker-leaving program (a
canary) under a key git would run, or points git at a FIFO; then scorecard reads it the ways
it does (work tree, ``--rev``, ``diff`` against the work tree and between commits). A marker
proves execution; a subprocess timeout proves a hang.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from scorecard import api
from scorecard.repo.catfile import BlobReader
from tests.gitrepo import GitRepo
from tests.hostile.generators import NOW, assert_clean_exit, assert_error_line, run_cli, scan

# Driver names git cannot take through ``-c name=value`` (it splits at the first "="), and
# names with dots, which a naive parser of the key would cut at the wrong dot.
HOSTILE_DRIVER_NAMES = ("a=b", "x.y", "a=b.c=d", "=", "q=.r", "plain")


def _canary(folder: Path, marks: Path, *, then: str = "cat") -> Path:
    """A program that leaves a marker in ``marks`` each time it runs, then runs ``then``."""
    marks.mkdir(parents=True, exist_ok=True)
    program = folder / "canary.sh"
    program.write_text(f"#!/bin/sh\ntouch {marks}/ran-$$\n{then}\n")
    program.chmod(0o755)
    return program


def _ran(marks: Path) -> list[str]:
    return sorted(p.name for p in marks.iterdir())


def _two_commits(repo: GitRepo) -> None:
    repo.commit({"pkg/core.py": "def run(x):\n    return x\n", "README.md": "# r\n"},
                message="init", date="2026-01-01T12:00:00+00:00")
    repo.commit({"pkg/core.py": "def run(x):\n    return x + 1\n"}, message="change",
                date="2026-02-01T12:00:00+00:00")


def _read_every_way(root: Path) -> None:
    """Read the repository as every command does: work tree, a commit, two diffs."""
    scan(root)
    scan(root, rev="HEAD")
    api.diff(root, "HEAD~1", now=NOW, environ={}, flags={"cache": False})
    api.diff(root, "HEAD~1", "HEAD", now=NOW, environ={}, flags={"cache": False})


@pytest.mark.parametrize("name", HOSTILE_DRIVER_NAMES)
def test_drivers_with_any_name_never_run(tmp_path: Path, name: str) -> None:
    marks = tmp_path / "marks"
    program = _canary(tmp_path, marks)
    repo = GitRepo.create(tmp_path / "repo")
    _two_commits(repo)
    for key in ("clean", "smudge", "process"):
        repo.git("config", f"filter.{name}.{key}", str(program))
    repo.git("config", f"filter.{name}.required", "true")
    for key in ("textconv", "command"):
        repo.git("config", f"diff.{name}.{key}", str(program))
    (repo.root / ".git" / "info" / "attributes").write_text(f"* filter={name} diff={name}\n")
    (repo.root / "pkg" / "core.py").write_text("def run(x):\n    return x * 2\n")
    _read_every_way(repo.root)
    assert _ran(marks) == []


@pytest.mark.parametrize("where", ["config", "include"])
def test_drivers_configured_after_a_first_scan_never_run(tmp_path: Path, where: str) -> None:
    # The keys a repository configures are listed once and kept while its configuration
    # files (includes too) stay as they were: one changed later in the same process must
    # be seen, as an org scan or a long-lived caller reads a repository again.
    marks = tmp_path / "marks"
    program = _canary(tmp_path, marks)
    repo = GitRepo.create(tmp_path / "repo")
    _two_commits(repo)
    included = tmp_path / "extra.cfg"
    included.write_text("[core]\n\tautocrlf = false\n")
    repo.git("config", "include.path", str(included))
    (repo.root / ".git" / "info" / "attributes").write_text("* filter=late diff=late\n")
    (repo.root / "pkg" / "core.py").write_text("def run(x):\n    return x * 2\n")
    _read_every_way(repo.root)
    drivers = "".join(f"\t{key} = {program}\n" for key in ("clean", "smudge", "process"))
    if where == "config":
        for key in ("clean", "smudge", "process"):
            repo.git("config", f"filter.late.{key}", str(program))
        repo.git("config", "diff.late.textconv", str(program))
    else:
        included.write_text(f'[filter "late"]\n{drivers}[diff "late"]\n'
                            f"\ttextconv = {program}\n")
    _read_every_way(repo.root)
    assert _ran(marks) == []


def test_a_submodules_own_filters_never_run(tmp_path: Path) -> None:
    marks = tmp_path / "marks"
    program = _canary(tmp_path, marks)
    inner = GitRepo.create(tmp_path / "inner")
    inner.commit({"lib.py": "x = 1\n"})
    repo = GitRepo.create(tmp_path / "repo")
    _two_commits(repo)
    repo.git("-c", "protocol.file.allow=always", "submodule", "add", "-q", str(inner.root),
             "sub")
    repo.commit(message="add the submodule", date="2026-02-02T12:00:00+00:00")
    sub = GitRepo(repo.root / "sub")
    sub.git("config", "filter.evil.clean", str(program))
    sub.git("config", "diff.evil.textconv", str(program))
    sub_git_dir = Path(sub.git("rev-parse", "--absolute-git-dir").strip())
    (sub_git_dir / "info").mkdir(exist_ok=True)
    (sub_git_dir / "info" / "attributes").write_text("* filter=evil diff=evil\n")
    (repo.root / "sub" / "lib.py").write_text("x = 2\n")  # a dirty submodule
    repo.git("config", "submodule.sub.ignore", "none")  # asks git to look inside
    _read_every_way(repo.root)
    assert _ran(marks) == []


def _claim_partial_clone(repo: GitRepo, program: Path, tmp_path: Path) -> str:
    """Make ``repo`` claim to be a partial clone missing one blob; return the blob's id."""
    blob = repo.git("rev-parse", "HEAD~1:pkg/core.py").strip()
    (repo.root / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    settings = {"core.repositoryformatversion": "1", "extensions.partialClone": "origin",
                "remote.origin.url": str(tmp_path / "elsewhere"),
                "remote.origin.promisor": "true", "remote.origin.uploadpack": str(program),
                "remote.origin.partialclonefilter": "blob:none",
                "core.sshCommand": str(program), "protocol.file.allow": "always",
                "protocol.allow": "always"}
    for key, value in settings.items():
        repo.git("config", key, value)
    return blob


def test_a_claimed_partial_clone_is_never_fetched_from(tmp_path: Path) -> None:
    marks = tmp_path / "marks"
    program = _canary(tmp_path, marks, then="exec sleep 30")
    repo = GitRepo.create(tmp_path / "repo")
    _two_commits(repo)
    _claim_partial_clone(repo, program, tmp_path)
    out = tmp_path / "report.json"
    for command in (("scan", ".", "--no-cache"),
                    ("scan", ".", "--no-cache", "--rev", "HEAD~1", "-f", "json", "-o", str(out)),
                    ("diff", "HEAD~1", "HEAD"), ("diff", "HEAD~1")):
        started = time.monotonic()
        done = run_cli(*command, cwd=repo.root, timeout=120)
        assert_clean_exit(done)
        assert time.monotonic() - started < 60, command
        assert _ran(marks) == [], command
    problems = json.loads(out.read_text())["problems"]
    # The missing blob is that one file's problem, not the scan's end; the history is read
    # around it, and says so once.
    assert [p["path"] for p in problems if p["path"]
            and "not in the repository (partial clone" in p["message"]] == ["pkg/core.py"]
    (history,) = [p["message"] for p in problems if p["analyzer"] == "history"]
    assert history.startswith("git could not read 1 object of the history (partial clone")


def test_no_program_key_runs(tmp_path: Path) -> None:
    """Every key that names a program, set at once; read every way, nothing runs."""
    marks = tmp_path / "marks"
    program = _canary(tmp_path, marks)
    repo = GitRepo.create(tmp_path / "repo")
    _two_commits(repo)
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    for hook in ("post-checkout", "post-index-change", "reference-transaction",
                 "fsmonitor-watchman", "pre-auto-gc", "post-merge"):
        (hooks / hook).write_text(f"#!/bin/sh\ntouch {marks}/hook-{hook}\n")
        (hooks / hook).chmod(0o755)
    for key in ("core.fsmonitor", "core.pager", "pager.log", "pager.diff", "pager.grep",
                "diff.external", "core.sshCommand", "core.askPass", "credential.helper",
                "gpg.program", "gpg.ssh.program", "gpg.x509.program", "core.editor",
                "sequence.editor", "uploadpack.packObjectsHook", "core.alternateRefsCommand",
                "core.gitProxy", "remote.origin.uploadpack", "remote.origin.receivepack",
                "merge.evil.driver", "filter.evil.clean", "diff.evil.textconv"):
        repo.git("config", key, str(program))
    repo.git("config", "core.hooksPath", str(hooks))
    repo.git("config", "log.showSignature", "true")
    repo.git("config", "remote.origin.url", "ssh://example.invalid/x")
    repo.git("config", "submodule.recurse", "true")
    (repo.root / ".gitattributes").write_text("* filter=evil diff=evil merge=evil\n")
    (repo.root / "pkg" / "core.py").write_text("def run(x):\n    return x * 3\n")
    _read_every_way(repo.root)
    assert _ran(marks) == []


# -- hangs ---------------------------------------------------------------------------------


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("how", ["include.path", "includeIf.path", "nested include",
                                 "core.excludesFile", "core.attributesFile", "device include",
                                 "info/exclude"])
def test_config_pointing_at_a_fifo_is_refused_not_waited_on(tmp_path: Path, how: str) -> None:
    repo = GitRepo.create(tmp_path / "repo")
    _two_commits(repo)
    fifo = _fifo(tmp_path / "fifo")
    config = repo.root / ".git" / "config"
    if how == "include.path":
        repo.git("config", "include.path", str(fifo))
    elif how == "includeIf.path":
        repo.git("config", f"includeIf.gitdir:{repo.root}/.path", str(fifo))
    elif how == "nested include":
        (tmp_path / "extra.cfg").write_text("[include]\n\tpath = fifo\n")
        repo.git("config", "include.path", str(tmp_path / "extra.cfg"))
    elif how == "device include":
        with open(config, "a", encoding="utf-8") as handle:
            handle.write("[include]\n\tpath = /dev/zero\n")
    elif how == "info/exclude":
        (repo.root / ".git" / "info" / "exclude").unlink()
        os.mkfifo(repo.root / ".git" / "info" / "exclude")
    else:
        repo.git("config", how, str(fifo))
    started = time.monotonic()
    done = run_cli("scan", ".", "--no-cache", cwd=repo.root, timeout=60)
    assert time.monotonic() - started < 45
    assert_error_line(done, "refusing to run git")
    assert "FIFO" in done.stderr or "device" in done.stderr


def test_a_git_call_that_hangs_is_stopped_at_its_deadline(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A FIFO where git reads in the work tree: the call times out and says which it was."""
    from scorecard.repo.gitcmd import GitTimeout, stream_git

    monkeypatch.setenv("SCORECARD_GIT_TIMEOUT", "2")
    repo = GitRepo.create(tmp_path / "repo")
    _two_commits(repo)
    (repo.root / "sub").mkdir()
    _fifo(repo.root / "sub" / ".gitignore")
    started = time.monotonic()
    report = scan(repo.root, flags={"skip_analyzers": ["history"]})
    assert time.monotonic() - started < 30
    messages = [p.message for p in report.problems]
    assert any("git ls-files" in m and "longer than 2 s" in m for m in messages), messages
    with pytest.raises(GitTimeout, match="git ls-files"), \
            stream_git(repo.root, ["ls-files", "--others", "--exclude-standard"]) as process:
        assert process.stdout is not None
        process.stdout.read()


def test_an_object_git_blocks_on_is_a_file_problem(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A loose object that is a FIFO: cat-file blocks; the read times out, the scan goes on."""
    from scorecard.repo.gitcmd import GitTimeout

    monkeypatch.setenv("SCORECARD_GIT_TIMEOUT", "2")
    repo = GitRepo.create(tmp_path / "repo")
    _two_commits(repo)
    blob = repo.git("rev-parse", "HEAD:pkg/core.py").strip()
    loose = repo.root / ".git" / "objects" / blob[:2] / blob[2:]
    loose.unlink()
    _fifo(loose)
    with BlobReader(repo.root) as reader:
        started = time.monotonic()
        with pytest.raises(GitTimeout, match="cat-file"):
            reader.read(blob)
        with pytest.raises(GitTimeout):  # no second wait
            reader.read(repo.git("rev-parse", "HEAD:README.md").strip())
        assert time.monotonic() - started < 20
    started = time.monotonic()
    report = scan(repo.root, rev="HEAD", flags={"skip_analyzers": ["history"]})
    assert time.monotonic() - started < 30
    # git ls-tree -l already blocks on it (it reads every size): a problem that names the call.
    assert any("longer than 2 s" in p.message and "git " in p.message for p in report.problems)


def test_a_timeout_setting_that_is_no_number_is_refused(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "repo")
    _two_commits(repo)
    done = run_cli("scan", ".", cwd=repo.root, env={"SCORECARD_GIT_TIMEOUT": "soon"})
    assert_error_line(done, "SCORECARD_GIT_TIMEOUT")
