#!/usr/bin/env python3
"""A newcomer's walk-through: every command `scorecard --help` lists, with good and bad input.

Builds a small git repository in a temporary folder, then runs each command (and each
subcommand of a command group) the way a first-time user would: its ``--help``, a good
invocation, and a few mistakes. It checks the exit codes the README promises (0 done, 1 a gate
failed, 2 bad input with one line on stderr), that no output says "internal error" or shows a
traceback, and that nothing was written into the scanned repository that was not asked for.

    python scripts/walkthrough.py                 # the installed `scorecard`
    python scripts/walkthrough.py --command "python -m scorecard"

Exit 0 when every step behaved, 1 with a list of what did not. A command that appears in
``--help`` without an entry below still gets its ``--help`` and an unknown-option check.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

NESTED = "def deep(x):\n" + "".join(
    "    " * (i + 1) + f"if x > {i}:\n" for i in range(6)) + "    " * 7 + "return 1\n"


@dataclass(frozen=True)
class Step:
    """One invocation: its arguments (``{out}`` is an output folder) and the exit code wanted."""

    args: str
    code: int


# Good and bad invocations per command path. Every bad one must exit 2 with one stderr line.
STEPS: dict[str, list[Step]] = {
    "scan": [Step("scan .", 0), Step("scan . -f json -o {out}/scan.json", 0),
             Step("scan . -f sarif -o {out}/scan.sarif", 0),
             Step("scan . -f csv -o {out}/scan.csv", 0),
             Step("scan . --fail-under 10", 1),
             Step("scan -f xml", 2), Step("scan -f jsn", 2), Step("scan --fail-under abc", 2),
             Step("scan . extra", 2), Step("scan --since 2", 2), Step("scan --until tomorrow", 2),
             Step("scan no-such-folder", 2), Step("scan --jobs many", 2),
             Step("scan . --color sometimes", 2)],
    "baseline": [Step("baseline . -o {out}/baseline.json", 0), Step("baseline . --rev nosuch", 2)],
    "badge": [Step("badge . -o {out}/badges", 0), Step("badge no-such-folder", 2)],
    "precommit": [Step("precommit app.py --baseline {out}/baseline.json", 0),
                  Step("precommit app.py --baseline {out}/no-such.json", 2)],
    "checks": [Step("checks", 0), Step("checks no-such-folder", 2)],
    "explain": [Step("explain simplicity.nesting-depth", 0), Step("explain risk", 0),
                Step("explain", 2), Step("explain nesting", 2)],
    "report": [Step("report -o {out}/report.html", 0), Step("report --quarters x", 2),
               Step("report --quarter 2026Q5", 2)],
    # Three commits are too little history to rank: the honest answer is one line, exit 2.
    "backtest": [Step("backtest . --at 2025-02-01 -f json -o {out}/backtest.json", 2),
                 Step("backtest --at 99999999y", 2), Step("backtest -f html", 2)],
    "diff": [Step("diff HEAD~1", 0), Step("diff HEAD~1 -f json -o {out}/diff.json", 0),
             Step("diff HEAD~1 -f markdown -o {out}/diff.md", 0),
             Step("diff HEAD~1 -f sarif -o {out}/diff.sarif", 0),
             Step("diff HEAD~1 -f html -o {out}/diff.html", 0),
             Step("diff HEAD~1 -f csv -o {out}/diff.csv", 0),
             Step("diff", 2), Step("diff nosuch", 2), Step("diff HEAD~1 -f pdf", 2),
             Step("diff HEAD~1 --fail-on-regression everything", 2)],
    "comment": [Step("comment HEAD~1 --no-post -o {out}/comment.md", 0),
                Step("comment", 2), Step("comment --pr 0", 2),
                Step("comment HEAD~1 --no-post --mode updat", 2)],
    "history": [Step("history", 0), Step("history --store {out}/nosuch.sqlite3", 2)],
    "history build": [Step("history --store {out}/history.sqlite3 build --since 1y", 0),
                      Step("history build --since 2", 2),
                      Step("history build --every fortnight", 2)],
    # A good org scan starts a cluster and clones: tests/test_org.py runs those; here the
    # mistakes a newcomer makes first.
    "org": [Step("org nosuch", 2)],
    "org scan": [Step("org scan", 2), Step("org scan {out}/no-such-repos.txt", 2),
                 Step("org scan {out}/no-such-repos.txt --timeout never", 2)],
    "org report": [Step("org report --store {out}/no-such.sqlite3", 2),
                   Step("org report --bogus", 2)],
    "": [Step("", 2), Step("nosuch", 2), Step("scn", 2), Step("--version", 0)],
}
# Files a good step was asked to write into the repository (none: every -o points outside).
ALLOWED_IN_REPO: frozenset[str] = frozenset()


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=walk", "-c",
                    "user.email=walk@example.com", "-c", "commit.gpgsign=false", *args],
                   check=True, capture_output=True)


def make_repository(repo: Path) -> None:
    """Three commits of a tiny Python project, the last one adding a deeply nested function."""
    repo.mkdir(parents=True)
    _git(repo, "init", "-q", "-b", "main")
    files = {"app.py": '"""App."""\n\n\ndef f(x):\n    """Return x."""\n    return x\n',
             "util.py": '"""Utilities."""\n\nLIMIT = 3\n', "deep.py": NESTED}
    # Dated over two years, so that the backtest and the history have a past to read.
    for (name, text), date in zip(files.items(), ["2024-01-05", "2025-03-05", "2026-02-05"],
                                  strict=True):
        (repo / name).write_text(text)
        _git(repo, "add", ".")
        moment = f"{date}T12:00:00Z"
        subprocess.run(["git", "-C", str(repo), "-c", "user.name=walk", "-c",
                        "user.email=walk@example.com", "-c", "commit.gpgsign=false", "commit",
                        "-qm", f"add {name}"], check=True, capture_output=True,
                       env={**os.environ, "GIT_AUTHOR_DATE": moment,
                            "GIT_COMMITTER_DATE": moment})


def listed_commands(command: Sequence[str], prefix: str, cwd: Path) -> list[str]:
    """Return the commands a `--help` lists, recursing into groups ('history build')."""
    args = [*command, *prefix.split(), "--help"]
    text = subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=True).stdout
    found: list[str] = []
    if "Commands:" not in text:
        return found
    for line in text.split("Commands:", 1)[1].splitlines():
        match = re.match(r"^  (\S+)", line)
        if match:
            name = f"{prefix} {match.group(1)}".strip()
            found.append(name)
            found.extend(listed_commands(command, name, cwd))
    return found


def _run(command: Sequence[str], step: Step, repo: Path, out: Path) -> list[str]:
    """Run one step; return what went wrong (empty when it behaved)."""
    args = [*command, *shlex.split(step.args.format(out=out))]
    done = subprocess.run(args, cwd=repo, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "NO_COLOR": "1", "COLUMNS": "80"})
    shown = f"scorecard {step.args.format(out='OUT')}"
    problems: list[str] = []
    if done.returncode != step.code:
        problems.append(f"{shown}: exit {done.returncode}, wanted {step.code}: "
                        f"{done.stderr.strip()[-300:]}")
    both = done.stdout + done.stderr
    if "internal error" in both or "Traceback" in both:
        problems.append(f"{shown}: says 'internal error' or shows a traceback")
    lines = done.stderr.splitlines()
    if step.code == 2 and step.args and len(lines) != 1:
        problems.append(f"{shown}: {len(lines)} stderr lines, wanted one")
    return problems


def walk(command: Sequence[str]) -> list[str]:
    """Run every step on a fresh repository; return the problems found."""
    with tempfile.TemporaryDirectory(prefix="scorecard-walk-") as folder:
        repo, out = Path(folder) / "repo", Path(folder) / "out"
        make_repository(repo)
        out.mkdir()
        problems: list[str] = []
        for name in ["", *listed_commands(command, "", repo)]:
            steps = [Step(f"{name} --help".strip(), 0), Step(f"{name} --no-such-option", 2)]
            if name not in STEPS:
                problems.append(f"note: `{name}` has no walk-through steps yet (only --help)")
            for step in [*steps, *STEPS.get(name, [])]:
                print(f"$ scorecard {step.args.format(out='OUT')}", flush=True)
                problems.extend(_run(command, step, repo, out))
        status = subprocess.run(["git", "-C", str(repo), "status", "--porcelain",
                                 "--ignored", "--untracked-files=all"],
                                capture_output=True, text=True, check=True).stdout
        written = {line[3:] for line in status.splitlines()} - ALLOWED_IN_REPO
        if written:
            problems.append(f"written into the scanned repository: {sorted(written)}")
        return problems


def main(argv: Sequence[str] | None = None) -> int:
    """Run the walk-through; print the problems; exit 1 when there are any."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--command", default="scorecard",
                        help="How to run scorecard (default: the installed `scorecard`).")
    options = parser.parse_args(argv)
    problems = walk(shlex.split(options.command))
    failures = [p for p in problems if not p.startswith("note: ")]
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"walk-through: {len(failures)} problem(s)", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
