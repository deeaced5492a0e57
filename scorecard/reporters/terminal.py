"""The terminal reporter: pillars, checks with score and reason, worst offenders, problems.

Everything that came from the repository is passed through :func:`safe_text`, which escapes
rich markup and shows control characters (ANSI escapes included), newlines and bidi controls as
visible escapes (:func:`scorecard.textsafety.printable`), so that a hostile file name cannot
restyle or rewrite the user's terminal or start a line of its own.
"""

from __future__ import annotations

import io
from collections import Counter

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from scorecard.facts.complexity_facts import ComplexityFacts, describe_languages
from scorecard.model import CheckResult, CheckStatus, PillarScore, Report
from scorecard.reporters.diff_report import render_diff_terminal
from scorecard.reporters.renderer import DiffInput, Reporter, ScanInput
from scorecard.reporters.safe import safe_text, where_shown
from scorecard.scoring.coverage import provisional_note, withheld_notes
from scorecard.scoring.reference import describe_standing
from scorecard.textsafety import printable
from scorecard.wording import agree, count_text

__all__ = ["REPORTER", "render_terminal", "safe_text"]

_STATUS_STYLE = {
    CheckStatus.PASS: ("PASS", "green"),
    CheckStatus.WARN: ("WARN", "yellow"),
    CheckStatus.FAIL: ("FAIL", "red"),
    CheckStatus.NOT_APPLICABLE: ("n/a", "dim"),
    CheckStatus.ERROR: ("ERROR", "magenta"),
}
_GRADE_STYLE = {"A": "bold green", "B": "green", "C": "yellow", "D": "red", "E": "bold red"}
MAX_PROBLEMS_SHOWN = 20
MAX_OFFENDERS_SHOWN = 10
MAX_SKIPPED_SHOWN = 10
MIN_WIDTH = 40


def _score(score: float | None) -> str:
    return "n/a" if score is None else f"{score:.1f}"


def _grade(grade: str | None) -> str:
    if grade is None:
        return "[dim]n/a[/]"
    return f"[{_GRADE_STYLE.get(grade, '')}]{grade}[/]"


def _pillar_table(report: Report) -> Table:
    table = Table(title="Pillars", title_justify="left", expand=False)
    table.add_column("Pillar")
    table.add_column("Grade", justify="center")
    table.add_column("Score", justify="right")
    table.add_column("Checks scored", justify="right")
    table.add_column("Skipped", justify="right")
    for pillar in report.pillars:
        table.add_row(pillar.pillar.value + (" (provisional)" if pillar.provisional else ""),
                      _grade(pillar.grade), _score(pillar.score),
                      str(len(pillar.checks)), str(len(pillar.skipped)))
    return table


def _check_row(table: Table, check: CheckResult) -> None:
    label, style = _STATUS_STYLE[check.status]
    table.add_row(f"[{style}]{label}[/]", safe_text(check.id), _score(check.score),
                  safe_text(check.reason, 200))


def _ordered(pillar: PillarScore) -> list[CheckResult]:
    return [*sorted(pillar.checks, key=lambda c: (c.score or 0.0, c.id)), *pillar.skipped]


def _pillar_title(pillar: PillarScore) -> str:
    grade = f"{pillar.grade} {_score(pillar.score)}" if pillar.grade else (
        "not graded" if pillar.withheld else "n/a")
    return f"{pillar.pillar.value.capitalize()} ({grade})"


def _pillar_checks(pillar: PillarScore, id_width: int) -> Table:
    """Lay out a pillar wide: one row per check, the reason wrapped in its own column."""
    table = Table(title=_pillar_title(pillar), title_justify="left", expand=True)
    table.add_column("Status", no_wrap=True)
    # A check id is what `scorecard explain` takes: it is never cut or wrapped.
    table.add_column("Check", no_wrap=True, min_width=id_width)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Reason", overflow="fold", ratio=1)
    for check in _ordered(pillar):
        _check_row(table, check)
    return table


def _print_narrow_checks(console: Console, pillar: PillarScore) -> None:
    """Lay out a pillar narrow (too few columns for four): the reason below the id."""
    console.print(Text(_pillar_title(pillar), style="bold italic"))
    for check in _ordered(pillar):
        label, style = _STATUS_STYLE[check.status]
        console.print(f"  [{style}]{label:<5}[/] {_score(check.score):>4}  "
                      f"{safe_text(check.id)}", overflow="fold")
        console.print(Padding(Text(printable(check.reason, 200), style="dim",
                                   overflow="fold"), (0, 0, 0, 13), expand=False))


def _offenders(report: Report) -> list[str]:
    failing = [c for p in report.pillars for c in p.checks
               if c.status in (CheckStatus.FAIL, CheckStatus.WARN)]
    failing.sort(key=lambda c: (c.score or 0.0, c.id))
    lines: list[str] = []
    for check in failing:
        for finding in check.findings[:3]:
            where = where_shown(finding.location.path, finding.location.line)
            lines.append(f"[bold]{safe_text(where)}[/]  {safe_text(finding.message)}  "
                         f"[dim]({safe_text(check.id)})[/]")
            if len(lines) >= MAX_OFFENDERS_SHOWN:
                return lines
    return lines


def _print_header(console: Console, report: Report) -> None:
    """Print what was scanned, the overall grade, the standing and any coverage note."""
    commit = f" @ {report.commit[:10]}" if report.commit else " (no git commit)"
    console.print(f"[bold]scorecard {safe_text(report.tool_version)}[/] — "
                  f"{safe_text(report.repository)}{commit}, as of "
                  f"{safe_text(report.generated_at[:10])} (history to that day)")
    overall = "n/a" if report.score is None else f"{report.score:.1f}/10"
    console.print(f"Overall: {_grade(report.grade)} {overall}   "
                  f"files analysed: {report.files_analyzed}")
    languages = describe_languages(report.facts(ComplexityFacts))
    if languages:
        console.print(f"Measured: {safe_text(languages)}")
    standing = describe_standing(report.details)
    if standing:
        console.print(f"Standing: {safe_text(standing)}")
    note = provisional_note(report.pillars)
    if note:
        console.print(f"[yellow]{safe_text(note)}[/]")
    for line in withheld_notes(report.pillars):
        console.print(f"[yellow]{safe_text(line)}[/]")


def _print_pillars(console: Console, report: Report, width: int) -> None:
    """Print each pillar's checks, wide (a table) or narrow (reason below the id)."""
    ids = [len(printable(c.id, 300)) for p in report.pillars for c in (*p.checks, *p.skipped)]
    id_width = max(ids, default=10)
    # Status, score and borders take about 25 columns; the reason needs 30 to be readable.
    wide = width >= id_width + 55
    for pillar in report.pillars:
        if not (pillar.checks or pillar.skipped):
            console.print(f"[bold]{pillar.pillar.value.capitalize()}[/]: n/a (no check of "
                          "this pillar is installed)")
        elif wide:
            console.print(_pillar_checks(pillar, id_width))
        else:
            _print_narrow_checks(console, pillar)


def _print_more(console: Console, shown: int, total: int, noun: str = "",
                plural: str | None = None) -> None:
    """Say how many of ``total`` lines were left out after the ``shown`` ones.

    ``noun`` (and ``plural``) name what was left out, agreeing with how many were.
    """
    if total > shown:
        more = total - shown
        what = f"{agree(more, noun, plural)} " if noun else ""
        console.print(f"  … and {count_text(more)} more {what}(see --format json)")


def _print_offenders(console: Console, report: Report) -> None:
    """Print the first findings of failing and warning checks, worst check first."""
    offenders = _offenders(report)
    if not offenders:
        return
    console.print(Text("Worst offenders", style="bold"))
    for line in offenders:
        console.print(Padding(Text.from_markup(line, overflow="fold"), (0, 0, 0, 2),
                              expand=False))
    total = sum(len(c.findings) for p in report.pillars for c in p.checks
                if c.status in (CheckStatus.FAIL, CheckStatus.WARN))
    _print_more(console, len(offenders), total, "finding of failing and warning checks",
                "findings of failing and warning checks")


def _print_skipped(console: Console, report: Report) -> None:
    """Print the skipped files: a count by reason, then the first few."""
    if not report.skipped:
        return
    reasons = Counter(s.reason.split(" (")[0] for s in report.skipped)
    summary = ", ".join(f"{n} {safe_text(r)}" for r, n in reasons.most_common())
    console.print(f"[bold]Skipped files[/] ({len(report.skipped)}): {summary}")
    for skipped in report.skipped[:MAX_SKIPPED_SHOWN]:
        console.print(f"  {safe_text(skipped.path)}: {safe_text(skipped.reason)}")
    _print_more(console, MAX_SKIPPED_SHOWN, len(report.skipped))


def _print_problems(console: Console, report: Report) -> None:
    """Print the input that could not be measured, the first few of it."""
    if not report.problems:
        return
    console.print(f"[bold]Problems[/] ({len(report.problems)}): input that could not be "
                  "measured")
    for problem in report.problems[:MAX_PROBLEMS_SHOWN]:
        where = f"{safe_text(problem.path)}: " if problem.path else ""
        console.print(f"  {where}{safe_text(problem.message)} "
                      f"[dim]({safe_text(problem.analyzer)})[/]")
    _print_more(console, MAX_PROBLEMS_SHOWN, len(report.problems))


def render_terminal(report: Report, *, color: bool = False, width: int = 100) -> str:
    """Render the report for a terminal ``width`` columns wide; plain text unless ``color``."""
    buffer = io.StringIO()
    width = max(MIN_WIDTH, width)
    console = Console(file=buffer, width=width, force_terminal=color, no_color=not color,
                      color_system="standard" if color else None, highlight=False,
                      emoji=False)
    _print_header(console, report)
    console.print(_pillar_table(report))
    _print_pillars(console, report, width)
    _print_offenders(console, report)
    _print_skipped(console, report)
    _print_problems(console, report)
    # Rich pads wrapped text to the width of its block: no line needs trailing blanks.
    return "".join(line.rstrip(" ") + "\n" for line in buffer.getvalue().splitlines())


def _scan(given: ScanInput) -> str:
    return render_terminal(given.report, color=given.color, width=given.width)


def _diff(given: DiffInput) -> str:
    return render_diff_terminal(given.diff, given.gate)


REPORTER = Reporter("terminal", "text for people at a terminal (the default)",
                    scan=_scan, diff=_diff)
