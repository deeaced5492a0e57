"""Generators of hostile repositories, reports and helpers shared by the hostile suite.

Everything is built in a temporary folder at test time: a generator documents what makes the
input hostile better than a checked-in blob would, and costs nothing to keep.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scorecard import api
from scorecard.diff import (
    CheckDelta,
    FindingChange,
    GateResult,
    PillarDelta,
    ReportDiff,
)
from scorecard.facts.complexity import ComplexityFacts, WorstFunction
from scorecard.facts.history import (
    CoupledPairRow,
    HistoryFacts,
    HotFunction,
    HotspotRow,
    KnowledgeFacts,
    WindowFacts,
)
from scorecard.model import (
    CheckResult,
    CheckStatus,
    Finding,
    Location,
    Pillar,
    PillarScore,
    Problem,
    Report,
    SkippedFile,
)
from scorecard.repo.gitcmd import git_env, safe_command
from tests.gitrepo import GitRepo, hermetic_env

NOW = datetime(2026, 6, 1, tzinfo=UTC)
PROJECT_ROOT = Path(__file__).resolve().parents[2]

# -- running scorecard ------------------------------------------------------------------------


def scan(root: Path, **kwargs: Any) -> Report:
    """Scan in-process with no cache and no environment, as every hostile case does."""
    flags = {"cache": False, **kwargs.pop("flags", {})}
    return api.scan(root, now=NOW, environ={}, flags=flags, **kwargs)


def problems_by_path(report: Report) -> dict[str | None, list[str]]:
    """Map each path (None for repository-wide) to the messages of its problems."""
    found: dict[str | None, list[str]] = {}
    for problem in report.problems:
        found.setdefault(problem.path, []).append(problem.message)
    return found


def skipped_by_path(report: Report) -> dict[str, str]:
    """Map each skipped path to its reason."""
    return {s.path: s.reason for s in report.skipped}


def assert_one_line_problems(report: Report) -> None:
    """Every problem is one line with a reason: reports list them one per line."""
    for problem in report.problems:
        assert problem.message and "\n" not in problem.message, problem
        assert "Traceback" not in problem.message, problem


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
            timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run ``python -m scorecard`` as a user would, from ``cwd`` (default: the project)."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "scorecard", *args], cwd=cwd or PROJECT_ROOT,
                          env=full_env, capture_output=True, text=True, timeout=timeout,
                          check=False)


def assert_clean_exit(done: subprocess.CompletedProcess[str], code: int = 0) -> None:
    """The command ended with ``code`` and printed no traceback."""
    assert done.returncode == code, (done.returncode, done.stderr[-2000:])
    assert "Traceback" not in done.stderr, done.stderr[-2000:]


def assert_error_line(done: subprocess.CompletedProcess[str], *fragments: str) -> str:
    """Exit 2 with exactly one line on stderr, naming every fragment; return that line."""
    assert done.returncode == 2, (done.returncode, done.stdout[-500:], done.stderr[-2000:])
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    line = lines[0]
    assert line.startswith("scorecard: error: "), line
    for fragment in fragments:
        assert fragment in line, (fragment, line)
    return line


# -- repository state ---------------------------------------------------------------------------


def _quiet_git(root: Path, *args: str) -> bytes:
    # The check itself must neither refresh (write) the index it compares nor run the
    # filters a hostile repository configures: git status runs clean filters too.
    env = {**git_env(root), **{k: v for k, v in hermetic_env().items() if k.startswith(
        ("GIT_AUTHOR", "GIT_COMMITTER", "GIT_CONFIG_NOSYSTEM"))}, "GIT_CONFIG_GLOBAL": os.devnull}
    return subprocess.run(safe_command(args), cwd=root, env=env, capture_output=True,
                          check=True).stdout


def tree_state(root: Path) -> dict[str, str]:
    """A digest of everything a command could change: every file (.git included), HEAD, status.

    Symbolic links are recorded by target, never followed.
    """
    state: dict[str, str] = {}
    for folder, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames + [d for d in dirnames
                                        if os.path.islink(os.path.join(folder, d))]):
            full = os.path.join(folder, name)
            rel = os.path.relpath(full, root)
            if os.path.islink(full):
                state[rel] = "link:" + os.readlink(full)
                continue
            info = os.lstat(full)
            with open(full, "rb") as handle:
                digest = hashlib.sha256(handle.read()).hexdigest()
            state[rel] = f"{digest}:{oct(info.st_mode)}"
        state["<dirs:" + os.path.relpath(folder, root) + ">"] = ",".join(dirnames)
    if (root / ".git").exists():
        state["<HEAD>"] = _quiet_git(root, "rev-parse", "HEAD").decode().strip()
        state["<status>"] = _quiet_git(root, "status", "--porcelain", "-z").decode(
            "utf-8", "surrogateescape")
    return state


def state_changes(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """Names whose digest differs between two tree_state results."""
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))


# -- hostile repositories -----------------------------------------------------------------------

LFS_POINTER = ("version https://git-lfs.github.com/spec/v1\n"
               "oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\n"
               "size 12345\n")


def many_tiny_files(repo: GitRepo, count: int, *, per_folder: int = 500) -> None:
    """Commit ``count`` tiny Python modules in packages of ``per_folder``."""
    for index in range(count):
        folder = repo.root / f"pkg{index // per_folder}"
        if index % per_folder == 0:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "__init__.py").write_text("")
        (folder / f"m{index}.py").write_text(f"def f{index}(x):\n    return x + {index}\n")
    repo.commit(message=f"{count} modules")


def big_file(path: Path, megabytes: int) -> None:
    """Write a valid Python file of about ``megabytes`` MB without holding it in memory."""
    line = b"value = 1  # padding padding padding padding padding padding\n"
    with open(path, "wb") as handle:
        for _ in range(megabytes * 1024 * 1024 // len(line) + 1):
            handle.write(line)


def deep_path(depth: int) -> str:
    """A folder path ``depth`` levels deep."""
    return "/".join(f"d{i}" for i in range(depth))


def corrupt_object(repo: GitRepo, path: str) -> str:
    """Garble the loose object of the blob of ``path`` at HEAD; return its id."""
    blob = repo.git("rev-parse", f"HEAD:{path}").strip()
    target = repo.root / ".git" / "objects" / blob[:2] / blob[2:]
    target.chmod(0o644)
    target.write_bytes(b"this is not a zlib stream")
    return blob


def nested_parentheses(depth: int) -> str:
    """An expression nested ``depth`` parentheses deep (CPython's parser stops at 200)."""
    return "x = " + "(" * depth + "1" + ")" * depth + "\n"


def long_list_literal(lines: int) -> str:
    """One statement spanning ``lines`` lines: radon's raw metrics are quadratic in it."""
    return "DATA = [\n" + "".join(f"    {i},  # item {i}\n" for i in range(lines)) + "]\n"


def deep_expression(terms: int) -> str:
    """A left-deep chain of ``terms`` additions: a tree as deep as it is long."""
    return "x = " + " + ".join(f"a{i}" for i in range(terms)) + "\n"


def executing_payload(marks: Path, tag: str) -> str:
    """Python source that leaves a marker (absolute and relative) if it is ever executed."""
    return (f"import pathlib\n"
            f"pathlib.Path({str(marks)!r}, {tag!r}).write_text('executed')\n"
            f"pathlib.Path('MARKER-{tag}').write_text('executed')\n"
            f"def f(x):\n    return x\n")


def executing_repo(root: Path, marks: Path) -> GitRepo:
    """A repository whose code, hooks and git configuration all leave markers when run.

    The Python files are the ones an interpreter, pytest, pip or site imports on its own;
    the git configuration names programs git runs while reading (content filters, diff
    drivers, fsmonitor, pager) and hooks for every event.
    """
    marks.mkdir(parents=True, exist_ok=True)
    repo = GitRepo.create(root)
    files: dict[str, str | bytes] = {
        tag_path: executing_payload(marks, tag)
        for tag, tag_path in (("setup", "setup.py"), ("conftest", "conftest.py"),
                              ("init", "pkg/__init__.py"), ("sitecustomize", "sitecustomize.py"),
                              ("usercustomize", "usercustomize.py"),
                              ("nested-conftest", "tests/conftest.py"),
                              ("docs-conf", "docs/conf.py"), ("noxfile", "noxfile.py"))
    }
    files.update({
        "pkg/core.py": "def run(x):\n    if x:\n        return 1\n    return 2\n",
        "evil.pth": f"import os; os.system('touch {marks}/pth')\n",
        "README.md": "# Service\n\n## Usage\n\nRun it.\n",
        "docs/runbooks/high-latency.md": "# HighLatency\n\n## Meaning\n\nSlow.\n",
        "alerts/rules.yml": ("groups:\n- name: g\n  rules:\n  - alert: HighLatency\n"
                             "    expr: latency > 1\n    annotations:\n"
                             "      runbook_url: docs/runbooks/high-latency.md\n"),
    })
    repo.commit(files, message="init", date="2025-12-01T12:00:00+00:00")
    repo.commit({"pkg/core.py": "def run(x):\n    return x\n"}, message="simpler",
                date="2026-02-01T12:00:00+00:00")
    program = root.parent / "leave-mark.sh"
    program.write_text(f"#!/bin/sh\ntouch {marks}/git-program-$$\ncat\n")
    program.chmod(0o755)
    for key in ("core.fsmonitor", "core.pager", "filter.evil.clean", "filter.evil.smudge",
                "filter.evil.process", "diff.evil.textconv", "diff.evil.command",
                "diff.external", "gpg.program", "core.sshCommand", "core.askPass"):
        repo.git("config", key, str(program))
    repo.git("config", "log.showSignature", "true")
    (root / ".git" / "info" / "attributes").write_text("* filter=evil diff=evil\n")
    hooks = root / ".git" / "hooks"
    for hook in ("post-checkout", "post-index-change", "reference-transaction", "pre-commit",
                 "post-commit", "pre-auto-gc", "fsmonitor-watchman", "post-rewrite"):
        (hooks / hook).write_text(f"#!/bin/sh\ntouch {marks}/hook-{hook}\n")
        (hooks / hook).chmod(0o755)
    # A change in the work tree, so that diff against the work tree has something to read.
    (root / "pkg" / "core.py").write_text("def run(x):\n    return x * 2\n")
    return repo


# -- hostile strings ----------------------------------------------------------------------------

HTML_ATTACKS = ('<script>alert("x")</script>', '<img src=x onerror=alert(1)>',
                '"><a href="javascript:alert(1)">click</a>', "<!-- open comment",
                "</td></tr></table><h1>owned</h1>")
MARKDOWN_ATTACKS = ("| cell | injected |\n|---|---|", "[click me](https://evil.example/)",
                    "![pixel](https://evil.example/t.png)", "**bold** _em_ `code`",
                    "\n## injected heading", "<details><summary>x</summary>", "~~~\nfence")
ANSI_ATTACKS = ("\x1b[2J\x1b[H\x1b[31mred", "\x1b]0;new title\x07",
                "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\", "back\rover\x08\x7f")
MENTIONS = ("@octocat", "@acme/platform-team")
BIDI = "invoice\u202egpj.exe"
LONG = "A" * 100_000
HOSTILE_TEXTS: tuple[str, ...] = (*HTML_ATTACKS, *MARKDOWN_ATTACKS, *ANSI_ATTACKS, *MENTIONS,
                                  BIDI, LONG)


def hostile(index: int) -> str:
    """A hostile string that combines every kind of attack, distinct per ``index``."""
    return (f"h{index} " + " ".join(HOSTILE_TEXTS[:-1]) + " "
            + HOSTILE_TEXTS[index % len(HOSTILE_TEXTS)])


Text = Callable[[int], str]


def benign(index: int) -> str:
    """Plain text of the same role as ``hostile(index)``: the structure to compare with."""
    return f"plain{index}"


def _findings(metric: str, base: int, text: Text) -> tuple[Finding, ...]:
    return tuple(
        Finding(metric, Location(f"src/{text(base + i)}.py", 3 + i), text(base + i + 1),
                float(20 + i), symbol=text(base + i + 2))
        for i in range(3))


def hostile_report(commit: str = "0123456789abcdef0123456789abcdef01234567",
                   text: Text = hostile) -> Report:
    """A report whose every string from the repository carries ``text`` (hostile by default)."""
    pillars = []
    for number, pillar in enumerate(Pillar):
        checks = tuple(
            CheckResult(id=f"{pillar.value}.{text(number * 10 + i)}", pillar=pillar,
                        title=text(number * 10 + i + 1), metric="complexity.x",
                        weight=1.0, score=score, status=status,
                        reason=text(number * 10 + i + 2), remedy=text(number + i + 3),
                        value=12.0, findings=_findings("complexity.x", number * 10 + i, text))
            for i, (score, status) in enumerate(((1.0, CheckStatus.FAIL),
                                                 (5.0, CheckStatus.WARN),
                                                 (9.0, CheckStatus.PASS))))
        skipped = (CheckResult(f"{pillar.value}.skipped", pillar, text(40), "m", 1.0, None,
                               CheckStatus.NOT_APPLICABLE, text(41), text(42)),)
        pillars.append(PillarScore(pillar, 5.0, "C", checks, skipped))
    details: dict[str, object] = {
        "history": HistoryFacts(
            window=WindowFacts("", "", 0, 0, 0, 0), files_changed=0, churn=(),
            hotspot_min_revisions=9,
            hotspots=tuple(HotspotRow(text(50 + i), 9, 30, 100, 270, None,
                                      (HotFunction(text(60 + i), 1, 12, 0),))
                           for i in range(3)),
            coupling=(CoupledPairRow(text(70), text(71), 5, 80, 6.0, True),),
            knowledge=KnowledgeFacts((), ())),
        "complexity": ComplexityFacts(
            files=1, functions=1, cyclomatic_p50=30.0, cyclomatic_p90=30.0, cyclomatic_max=30,
            cognitive_p90=40.0, cognitive_max=40, sloc=90,
            worst_functions=(WorstFunction(text(80), text(81), 2, 30, 40, 90),),
            file_mi={}, file_sloc={}, file_loc={}, functions_by_file={}),
    }
    return Report(
        format_version=1, tool_version="0.0-test", repository=text(90), commit=commit,
        generated_at=NOW.isoformat(), score=5.0, grade="C", pillars=tuple(pillars),
        problems=tuple(Problem(text(100 + i), text(110 + i), text(120 + i))
                       for i in range(5)),
        skipped=tuple(SkippedFile(text(130 + i), text(140 + i)) for i in range(5)),
        files_analyzed=3, config_digest="0" * 16, details=details,
    )


def hostile_diff(text: Text = hostile) -> ReportDiff:
    """A diff between two reports with new and worse findings, every string from ``text``."""
    base = hostile_report("1111111111111111111111111111111111111111", text)
    head = hostile_report("2222222222222222222222222222222222222222", text)
    checks = tuple(CheckDelta(c.id, c.pillar, c.title, 8.0, c.score, c.status.value, c.reason)
                   for p in head.pillars for c in p.checks)
    findings = tuple(
        FindingChange("new" if i % 2 else "worse", text(200 + i),
                      Finding("complexity.x", Location(text(210 + i), i + 1), text(220 + i),
                              float(30 + i), text(230 + i)), 10.0 if i % 2 == 0 else None)
        for i in range(6))
    return ReportDiff(
        base=base, head=head,
        pillars=tuple(PillarDelta(p.pillar, 6.0, p.score, "B", p.grade) for p in head.pillars),
        checks=checks, findings=findings,
        touched_files=tuple(text(240 + i) for i in range(4)),
        touched_hotspots=tuple(text(250 + i) for i in range(3)),
        changed_functions=4, low_risk_functions=1,
    )


def hostile_gate(text: Text = hostile) -> GateResult:
    """A failed gate whose reasons carry ``text`` (they name check ids)."""
    return GateResult(False, (text(300), text(301)))


def every_string(value: object) -> Iterable[str]:
    """Every string inside a JSON-like value (keys included)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from every_string(key)
            yield from every_string(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from every_string(item)
