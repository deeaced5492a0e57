"""The portfolio report of an org store: one HTML page, and JSON and CSV exports.

The page is self-contained (inline CSS and SVG; no script, font or image is fetched) and
works without JavaScript: the filters by team, kind and language are radio buttons whose
``:checked`` state hides rows through CSS. It shows every repository's pillars and grade as
a heat map ordered by team, the distribution of overall scores (an SVG histogram with both
axes), the movers since about a quarter earlier (an SVG bar chart around zero), the riskiest
files across the organisation (``details.history.risk.files`` of each latest snapshot) and
the repositories whose last scan failed, with the error.

Everything that comes from a repository (names, teams, paths, errors, risk factors) is
escaped for HTML; in the CSV a cell that a spreadsheet would run as a formula is quoted.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from markupsafe import escape

from scorecard.storeschema import OrgQueries, RepositoryRecord, SnapshotRow
from scorecard.textsafety import UNSAFE_INLINE, json_text, printable
from scorecard.wording import count_text, counted

__all__ = ["OrgData", "build_org_data", "render_org_csv", "render_org_html", "render_org_json"]

MOVER_MIN_DAYS = 80  # "a quarter earlier": the newest snapshot at least this much older
TOP_FILES = 25
FILES_PER_REPOSITORY = 5
PILLARS = ("operability", "simplicity", "evolvability")


@dataclass
class RepoRow:
    """One repository's line of the report."""

    repository: str
    team: str = ""
    kind: str = ""
    language: str = ""
    status: str = "ok"
    error: str = ""
    commit: str | None = None
    committed_at: str | None = None
    score: float | None = None
    grade: str | None = None
    pillars: dict[str, float | None] = field(default_factory=dict)
    previous_score: float | None = None
    previous_at: str | None = None

    @property
    def delta(self) -> float | None:
        """Change of the overall score since about a quarter earlier."""
        if self.score is None or self.previous_score is None:
            return None
        return round(self.score - self.previous_score, 2)


@dataclass(frozen=True)
class RiskyFile:
    """One of the riskiest files across the organisation."""

    repository: str
    path: str
    risk: float
    rank: int
    factors: tuple[str, ...]


@dataclass
class OrgData:
    """Everything the page and the exports show."""

    title: str
    generated_at: str
    repositories: list[RepoRow]
    risky_files: list[RiskyFile]

    @property
    def failures(self) -> list[RepoRow]:
        """Repositories whose last scan failed."""
        return [r for r in self.repositories if r.status == "failed"]


def _float(value: object) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


def _parse_time(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _dict_at(data: dict[str, Any], key: str) -> dict[str, Any]:
    """Return ``data[key]`` if it is a JSON object, else an empty one."""
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def _list_at(data: dict[str, Any], key: str) -> list[Any]:
    """Return ``data[key]`` if it is a JSON array, else an empty one."""
    value = data.get(key)
    return value if isinstance(value, list) else []


def _risky_file(repository: str, item: object) -> RiskyFile | None:
    """Read one entry of a stored report's risk ranking; None if it has no risk."""
    if not isinstance(item, dict) or _float(item.get("risk")) is None:
        return None
    factors = _list_at(item, "factors")
    return RiskyFile(repository, str(item.get("path", ""))[:300],
                     float(item["risk"]), int(_float(item.get("rank")) or 0),
                     tuple(str(f)[:300] for f in factors[:4]))


def _apply_report(row: RepoRow, text: str | None, risky: list[RiskyFile]) -> None:
    try:
        data = json.loads(text) if text else None
    except (ValueError, RecursionError):
        data = None
    if not isinstance(data, dict):
        return
    row.grade = str(data["grade"]) if isinstance(data.get("grade"), str) else None
    for pillar in _list_at(data, "pillars"):
        if isinstance(pillar, dict) and isinstance(pillar.get("pillar"), str):
            row.pillars[pillar["pillar"]] = _float(pillar.get("score"))
    risk = _dict_at(_dict_at(_dict_at(data, "details"), "history"), "risk")
    for item in _list_at(risk, "files")[:FILES_PER_REPOSITORY]:
        found = _risky_file(row.repository, item)
        if found is not None:
            risky.append(found)


def _row_of(name: str, record: RepositoryRecord | None) -> RepoRow:
    """Start a repository's row from its record in the store (team, kind, last status)."""
    row = RepoRow(name)
    if record is not None:
        row.team, row.kind, row.language = record.team, record.kind, record.language
        row.status, row.error = record.status, record.error
    return row


def _latest(snaps: list[SnapshotRow], record: RepositoryRecord | None) -> SnapshotRow:
    """Return the snapshot of the record's last commit, else the newest one."""
    latest = snaps[-1]
    if record is not None and record.last_commit:
        latest = next((s for s in reversed(snaps) if s.commit == record.last_commit), latest)
    return latest


def _set_previous(row: RepoRow, snaps: list[SnapshotRow], latest: SnapshotRow) -> None:
    """Record the last score at least MOVER_MIN_DAYS older than ``latest``, if any."""
    at = _parse_time(latest.committed_at)
    if at is None:
        return
    earlier = [s for s in snaps if (t := _parse_time(s.committed_at)) is not None
               and t <= at - timedelta(days=MOVER_MIN_DAYS)]
    if earlier:
        row.previous_score, row.previous_at = earlier[-1].score, earlier[-1].committed_at


def _repo_row(store: OrgQueries, name: str, record: RepositoryRecord | None,
              snaps: list[SnapshotRow], risky: list[RiskyFile]) -> RepoRow:
    """Build one repository's row from its record and snapshots; collect its risky files."""
    row = _row_of(name, record)
    if snaps:
        latest = _latest(snaps, record)
        row.commit, row.committed_at = latest.commit, latest.committed_at
        row.score = latest.score
        _apply_report(row, store.report_text(name, latest.commit), risky)
        _set_previous(row, snaps, latest)
    return row


def build_org_data(store: OrgQueries, *, title: str, now: datetime | None = None) -> OrgData:
    """Read the store: every repository's latest snapshot, its mover delta, its risky files."""
    records: dict[str, RepositoryRecord] = {r.repository: r for r in store.repositories()}
    by_repo: dict[str, list[SnapshotRow]] = {}
    for snap in store.snapshot_rows():
        by_repo.setdefault(snap.repository, []).append(snap)
    names = sorted(set(records) | {name for name in by_repo if name})
    risky: list[RiskyFile] = []
    rows = [_repo_row(store, name, records.get(name), by_repo.get(name, []), risky)
            for name in names]
    rows.sort(key=lambda r: (r.team.lower() or "\uffff", r.repository.lower()))
    risky.sort(key=lambda f: (-f.risk, f.repository, f.path))
    moment = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    return OrgData(title, moment, rows, risky[:TOP_FILES])


# ---------------------------------------------------------------- exports


def render_org_json(data: OrgData) -> str:
    """Render the report's data as JSON (for BI tools)."""
    document = {
        "title": data.title,
        "generated_at": data.generated_at,
        "repositories": [{**asdict(r), "delta": r.delta} for r in data.repositories],
        "risky_files": [asdict(f) for f in data.risky_files],
        "failures": [{"repository": r.repository, "error": r.error} for r in data.failures],
    }
    return json_text(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"


def _cell(value: object) -> str:
    # Control and bidi characters from a repository shown as their escapes, as in a scan's CSV.
    text = "" if value is None else printable(value, 2000)
    # A spreadsheet runs a cell starting with these as a formula: quote it.
    risky = text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _number(text)
    return "'" + text if risky else text


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def render_org_csv(data: OrgData) -> str:
    """Render one CSV row per repository."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["repository", "team", "kind", "language", "status", "error", "commit",
                     "committed_at", "score", "grade", *PILLARS, "previous_score", "delta"])
    for r in data.repositories:
        writer.writerow([_cell(v) for v in (
            r.repository, r.team, r.kind, r.language, r.status, r.error, r.commit,
            r.committed_at, r.score, r.grade, *(r.pillars.get(p) for p in PILLARS),
            r.previous_score, r.delta)])
    return out.getvalue()


# ---------------------------------------------------------------- HTML

_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1b1f24;background:#fff}
header,section{padding:0 24px}h1{font-size:22px}h2{font-size:17px;margin-top:28px}
table{border-collapse:collapse;margin:8px 0}th,td{padding:3px 8px;border:1px solid #d8dde3;
text-align:left;vertical-align:top}td.n{text-align:right;font-variant-numeric:tabular-nums}
.s0{background:#d73027;color:#fff}.s1{background:#fc8d59}.s2{background:#fee08b}
.s3{background:#d9ef8b}.s4{background:#66bd63}.s5{background:#1a9850;color:#fff}
.na{background:#eee;color:#555}.filters{padding:8px 24px;background:#f4f6f8}
.filters fieldset{display:inline-block;border:1px solid #d8dde3;margin:4px 8px 4px 0}
.filters input{position:absolute;opacity:0}.filters label{padding:1px 6px;cursor:pointer}
.err{color:#8b1a1a}.muted{color:#57606a}svg text{font-size:11px;fill:#1b1f24}
.legend span{display:inline-block;padding:0 8px;margin-right:2px}
"""


def _bucket(score: float | None) -> str:
    if score is None:
        return "na"
    return f"s{min(5, max(0, int(score // 2) if score < 10 else 5))}"


def _fmt(value: float | None, digits: int = 1) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def _index(values: list[str]) -> dict[str, int]:
    return {v: i for i, v in enumerate(sorted(set(values), key=str.lower))}


def _filters(data: OrgData) -> tuple[str, str, dict[str, dict[str, int]]]:
    """Radio buttons and the CSS that hides rows, per team, kind and language."""
    groups = {"team": _index([r.team for r in data.repositories]),
              "kind": _index([r.kind for r in data.repositories]),
              "language": _index([r.language for r in data.repositories])}
    inputs: list[str] = []
    labels: list[str] = []
    rules: list[str] = []
    for group, values in groups.items():
        letter = group[0]
        inputs.append(f'<input type="radio" name="f{letter}" id="f{letter}-all" checked>')
        parts = [f'<label for="f{letter}-all">all</label>']
        for value, number in values.items():
            inputs.append(f'<input type="radio" name="f{letter}" id="f{letter}{number}">')
            parts.append(f'<label for="f{letter}{number}">{escape(value or "(none)")}</label>')
            rules.append(f"#f{letter}{number}:checked~.page tr.r:not(.{letter}{number})"
                         "{display:none}")
            rules.append(f'#f{letter}{number}:checked~.filters label[for="f{letter}{number}"]'
                         "{background:#1b1f24;color:#fff}")
        rules.append(f'#f{letter}-all:checked~.filters label[for="f{letter}-all"]'
                     "{background:#1b1f24;color:#fff}")
        labels.append(f"<fieldset><legend>{group}</legend>{' '.join(parts)}</fieldset>")
    return ("".join(inputs) + '<div class="filters">' + "".join(labels) + "</div>",
            "".join(rules), groups)


def _row_classes(row: RepoRow, groups: dict[str, dict[str, int]]) -> str:
    return (f"r t{groups['team'][row.team]} k{groups['kind'][row.kind]} "
            f"l{groups['language'][row.language]}")


def _histogram(data: OrgData) -> str:
    """Overall scores in bins of one point: an SVG with an x axis (score) and y axis (count)."""
    scores = [r.score for r in data.repositories if r.score is not None]
    counts = Counter(min(9, int(s)) for s in scores)
    top = max(counts.values(), default=1)
    width, height, left, bottom = 460, 200, 40, 30
    plot_w, plot_h = width - left - 10, height - bottom - 10
    bar_w = plot_w / 10
    parts = [f'<svg role="img" aria-label="Distribution of overall scores" width="{width}" '
             f'height="{height}" viewBox="0 0 {width} {height}">']
    parts.append(f'<line x1="{left}" y1="{10 + plot_h}" x2="{left + plot_w}" '
                 f'y2="{10 + plot_h}" stroke="#333"/>')
    parts.append(f'<line x1="{left}" y1="10" x2="{left}" y2="{10 + plot_h}" stroke="#333"/>')
    for tick in range(0, top + 1, max(1, top // 5)):
        y = 10 + plot_h - plot_h * tick / top
        parts.append(f'<line x1="{left - 4}" y1="{y:.1f}" x2="{left}" y2="{y:.1f}" '
                     f'stroke="#333"/><text x="{left - 6}" y="{y + 4:.1f}" '
                     f'text-anchor="end">{tick}</text>')
    for b in range(10):
        h = plot_h * counts.get(b, 0) / top
        x = left + b * bar_w
        parts.append(f'<rect class="{_bucket(b + 0.5)}" x="{x + 2:.1f}" y="{10 + plot_h - h:.1f}" '
                     f'width="{bar_w - 4:.1f}" height="{h:.1f}" fill="currentColor">'
                     f"<title>{b}-{b + 1}: {counts.get(b, 0)}</title></rect>")
    for b in range(11):
        x = left + b * bar_w
        parts.append(f'<text x="{x:.1f}" y="{height - bottom + 24}" text-anchor="middle">{b}'
                     "</text>")
    parts.append(f'<text x="{left + plot_w / 2}" y="{height - 2}" text-anchor="middle">'
                 "overall score</text>")
    parts.append(f'<text x="10" y="{10 + plot_h / 2}" transform="rotate(-90 10 '
                 f'{10 + plot_h / 2})" text-anchor="middle">repositories</text></svg>')
    return "".join(parts)


def _movers_chart(movers: list[RepoRow]) -> str:
    """Score changes as horizontal bars around a zero axis, with a labelled scale."""
    if not movers:
        return '<p class="muted">No repository has a snapshot a quarter older than its latest.</p>'
    span = max(1.0, max(abs(m.delta or 0.0) for m in movers))
    label_w, plot_w, row_h = 220, 300, 18
    height = row_h * len(movers) + 40
    zero = label_w + plot_w / 2
    parts = [f'<svg role="img" aria-label="Score changes" width="{label_w + plot_w + 20}" '
             f'height="{height}">']
    for i, mover in enumerate(movers):
        delta = mover.delta or 0.0
        w = plot_w / 2 * abs(delta) / span
        y = 10 + i * row_h
        x = zero if delta >= 0 else zero - w
        colour = "#1a9850" if delta >= 0 else "#d73027"
        parts.append(f'<text x="{label_w - 6}" y="{y + 12}" text-anchor="end">'
                     f"{escape(mover.repository[:34])}</text>")
        parts.append(f'<rect x="{x:.1f}" y="{y + 2}" width="{w:.1f}" height="{row_h - 5}" '
                     f'fill="{colour}"><title>{escape(mover.repository)}: {delta:+.2f}</title>'
                     "</rect>")
    axis_y = 10 + len(movers) * row_h
    parts.append(f'<line x1="{zero}" y1="8" x2="{zero}" y2="{axis_y}" stroke="#333"/>')
    parts.append(f'<line x1="{label_w}" y1="{axis_y}" x2="{label_w + plot_w}" y2="{axis_y}" '
                 'stroke="#333"/>')
    for tick in (-span, -span / 2, 0.0, span / 2, span):
        x = zero + plot_w / 2 * tick / span
        parts.append(f'<line x1="{x:.1f}" y1="{axis_y}" x2="{x:.1f}" y2="{axis_y + 4}" '
                     f'stroke="#333"/><text x="{x:.1f}" y="{axis_y + 16}" '
                     f'text-anchor="middle">{tick:+.1f}</text>')
    parts.append(f'<text x="{zero}" y="{axis_y + 29}" text-anchor="middle">change of the '
                 "overall score</text></svg>")
    return "".join(parts)


def _heatmap_row(r: RepoRow, pillars: list[str], groups: dict[str, dict[str, int]]) -> str:
    """One repository's heat-map row: team, name, kind, language, pillar cells, overall."""
    cells = "".join(f'<td class="n {_bucket(r.pillars.get(p))}">{_fmt(r.pillars.get(p))}</td>'
                    for p in pillars)
    status = '<span class="err">failed</span>' if r.status == "failed" else escape(r.status)
    return (f'<tr class="{_row_classes(r, groups)}"><td>{escape(r.team or "(none)")}</td>'
            f"<td>{escape(r.repository)}</td><td>{escape(r.kind)}</td>"
            f"<td>{escape(r.language)}</td>{cells}"
            f'<td class="n {_bucket(r.score)}">{_fmt(r.score, 2)}</td>'
            f"<td>{escape(r.grade or '')}</td><td>{status}</td></tr>")


def _mover_row(r: RepoRow, groups: dict[str, dict[str, int]]) -> str:
    return (f'<tr class="{_row_classes(r, groups)}"><td>{escape(r.repository)}</td>'
            f"<td>{escape(r.team)}</td><td class=\"n\">{_fmt(r.previous_score, 2)}</td>"
            f'<td class="n">{_fmt(r.score, 2)}</td><td class="n">{(r.delta or 0):+.2f}</td>'
            f"<td>{escape((r.previous_at or '')[:10])}</td></tr>")


def _risky_rows(data: OrgData, groups: dict[str, dict[str, int]]) -> str:
    """Return the riskiest files' rows, for the repositories the page lists."""
    by_name = {r.repository: r for r in data.repositories}
    return "".join(
        f'<tr class="{_row_classes(by_name[f.repository], groups)}">'
        f'<td class="n">{f.risk:.2f}</td><td>{escape(f.repository)}</td>'
        f"<td><code>{escape(f.path)}</code></td>"
        f"<td>{'; '.join(str(escape(x)) for x in f.factors)}</td></tr>"
        for f in data.risky_files if f.repository in by_name)


def _failure_rows(data: OrgData, groups: dict[str, dict[str, int]]) -> str:
    return "".join(
        f'<tr class="{_row_classes(r, groups)}"><td>{escape(r.repository)}</td>'
        f"<td>{escape(r.team)}</td><td class=\"err\">{escape(r.error)}</td></tr>"
        for r in data.failures)


def _summary(data: OrgData) -> str:
    """Count the repositories, the scored ones and the failures; give the median score."""
    scored = [r.score for r in data.repositories if r.score is not None]
    summary = (f"{counted(len(data.repositories), 'repository', 'repositories')}, "
               f"{count_text(len(scored))} scored, {count_text(len(data.failures))} failed")
    if scored:
        ordered = sorted(scored)
        summary += f"; median overall score {ordered[len(ordered) // 2]:.2f}"
    return summary


def _shown_pillars(data: OrgData) -> list[str]:
    """Return the pillars any repository scored, or all of them when none did."""
    return [p for p in PILLARS if any(p in r.pillars for r in data.repositories)] or list(
        PILLARS)


def _movers(data: OrgData) -> list[RepoRow]:
    """Return the 15 repositories whose overall score moved the most, either way."""
    return sorted((r for r in data.repositories if r.delta is not None),
                  key=lambda r: -abs(r.delta or 0.0))[:15]


def render_org_html(data: OrgData) -> str:
    """Render the whole page: self-contained, no script.

    Control and bidi characters (a file name's escape sequence, a right-to-left override)
    are removed from the page, as the scan's HTML report removes them.
    """
    return UNSAFE_INLINE.sub("", _org_page(data))


def _org_page(data: OrgData) -> str:
    radios, filter_css, groups = _filters(data)
    pillars = _shown_pillars(data)
    head = "".join(f"<th>{escape(p)}</th>" for p in pillars)
    body = [_heatmap_row(r, pillars, groups) for r in data.repositories]
    movers = _movers(data)
    mover_rows = "".join(_mover_row(r, groups) for r in movers)
    file_rows = _risky_rows(data, groups)
    fail_rows = _failure_rows(data, groups)
    summary = _summary(data)
    legend = "".join(f'<span class="s{i}">{i * 2}-{i * 2 + 2}</span>' for i in range(5))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{escape(data.title)}</title><style>{_CSS}{filter_css}</style></head><body>
{radios}<div class="page">
<header><h1>{escape(data.title)}</h1><p class="muted">{escape(summary)}. Generated
{escape(data.generated_at)}. Filters above need no script.</p></header>
<section id="heatmap"><h2>Pillars by team</h2>
<p class="legend">score: {legend}<span class="na">n/a</span></p>
<table><thead><tr><th>team</th><th>repository</th><th>kind</th><th>language</th>{head}
<th>overall</th><th>grade</th><th>last scan</th></tr></thead><tbody>{"".join(body)}</tbody></table>
</section>
<section id="distribution"><h2>Distribution of overall scores</h2>{_histogram(data)}</section>
<section id="movers"><h2>Movers since about a quarter earlier</h2>{_movers_chart(movers)}
<table><thead><tr><th>repository</th><th>team</th><th>before</th><th>now</th><th>change</th>
<th>before, dated</th></tr></thead><tbody>{mover_rows}</tbody></table></section>
<section id="risky"><h2>Riskiest files across the organisation</h2>
<table><thead><tr><th>risk</th><th>repository</th><th>file</th><th>why</th></tr></thead>
<tbody>{file_rows}</tbody></table></section>
<section id="failed"><h2>Repositories whose scan failed</h2>
{"<table><thead><tr><th>repository</th><th>team</th><th>error</th></tr></thead><tbody>"
 + fail_rows + "</tbody></table>" if fail_rows else '<p class="muted">None.</p>'}</section>
</div></body></html>
"""
