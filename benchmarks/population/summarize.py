"""Distributions of every check across the reference population (issue #21).

Reads the reports ``benchmarks/population/run.py`` wrote into OUT (``OUT/NAME.json``, and
``OUT/shallow/NAME.json`` for the shallow-clone scans) and the population TOML, and writes

- ``benchmarks/data/population_summary.json``: per kind (the TOML's kind) and for ``all``: for
  every check id, the repositories where it is applicable (status other than n/a), the status
  counts, and the quantiles (p10, p25, p50, p75, p90) of its metric ``value`` and its ``score``
  over the applicable ones; per pillar and for the overall score, the quantiles, the IQR and
  the sorted scores; the grade counts. Also the kind scorecard detected for each repository
  (and the TOML kind x detected kind table), each repository's scores, the failed scans, the
  scan times and the shallow-versus-full comparison;
- a Markdown report to stdout and to ``benchmarks/population/REPORT.md``: per kind, each
  check's most common status and its share (flagged "no information" at >= 90 % of the kind,
  counting n/a as a status, or of the repositories where the check applies), its value
  quantiles, the pillar IQRs and the grade distribution.

Quantiles interpolate linearly between order statistics (numpy's default, "type 7").

    python benchmarks/population/summarize.py ~/pop/out
    python benchmarks/population/summarize.py OUT --json other.json --markdown other.md
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tomllib
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_TOML = HERE.parent / "data" / "population.toml"
DEFAULT_JSON = HERE.parent / "data" / "population_summary.json"
DEFAULT_MD = HERE / "REPORT.md"
KINDS = ("library", "cli", "service", "operations")
PILLARS = ("operability", "simplicity", "evolvability")
QUANTILES = (("p10", 0.10), ("p25", 0.25), ("p50", 0.50), ("p75", 0.75), ("p90", 0.90))
STATUSES = ("pass", "warn", "fail", "n/a")
GRADES = ("A", "B", "C", "D", "E", "F")
NO_INFO = 0.90  # a status shared by this many of a kind tells the kind nothing


def quantile(values: list[float], q: float) -> float | None:
    """The q-quantile of values, interpolating linearly (None for no values)."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return round(ordered[low] + (ordered[high] - ordered[low]) * (pos - low), 4)


def quantiles(values: list[float]) -> dict[str, float | None]:
    """p10 ... p90 of values."""
    return {name: quantile(values, q) for name, q in QUANTILES}


def load_population(path: Path) -> list[dict[str, Any]]:
    """The TOML's entries, each with a ``name``."""
    with path.open("rb") as handle:
        entries = tomllib.load(handle).get("repo", [])
    for entry in entries:
        entry.setdefault("name", entry["repo"].split("/", 1)[1])
    return entries


def checks_of(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every check of a report (scored and n/a) by id."""
    out: dict[str, dict[str, Any]] = {}
    for pillar in report.get("pillars", []):
        for check in [*pillar.get("checks", []), *pillar.get("skipped", [])]:
            out[check["id"]] = check
    return out


def history_problems(report: dict[str, Any]) -> list[str]:
    """The history analyzer's problems: a scan with any is incomplete (history cut short).

    A history read around a few objects git could not read (``details.history.unreadable``
    without ``history_stops_at``) is complete but for those files' line counts, which its
    checks leave out and say so: its note is no incompleteness.
    """
    history = report.get("details", {}).get("history")
    unreadable = history.get("unreadable") if isinstance(history, dict) else None
    whole_window = isinstance(unreadable, dict) and "history_stops_at" not in unreadable
    return [p.get("message", "") for p in report.get("problems", [])
            if p.get("analyzer") == "history"
            and not (whole_window and p.get("message", "").startswith("git could not read"))]


def row_of(entry: dict[str, Any], report: dict[str, Any]) -> dict[str, Any]:
    """The figures of one report that the summary needs."""
    overrides = report.get("details", {}).get("overrides", {}) or {}
    pillars = {p["pillar"]: p for p in report.get("pillars", [])}
    return {
        "incomplete": "; ".join(history_problems(report)),
        "name": entry["name"],
        "repo": entry["repo"],
        "kind": entry["kind"],
        "detected_kind": overrides.get("kind"),
        "detected_kind_reason": overrides.get("kind_reason"),
        "commit": entry.get("commit"),
        "date": entry.get("date"),
        "score": report.get("score"),
        "grade": report.get("grade"),
        "pillars": {
            name: {"score": pillars[name].get("score"), "grade": pillars[name].get("grade")}
            for name in PILLARS
            if name in pillars
        },
        "checks": {
            cid: {
                "metric": c.get("metric"),
                "value": c.get("value"),
                "score": c.get("score"),
                "status": c.get("status"),
            }
            for cid, c in checks_of(report).items()
        },
    }


def _check_samples(rows: list[dict[str, Any]], cid: str) -> tuple[Counter[str], str,
                                                                   list[float], list[float]]:
    """One check across the rows: status counts, its metric, values and scores where it applies."""
    statuses: Counter[str] = Counter()
    values: list[float] = []
    scores: list[float] = []
    metric = ""
    for row in rows:
        check = row["checks"].get(cid)
        status = check["status"] if check else "absent"
        statuses[status] += 1
        metric = metric or (check or {}).get("metric") or ""
        if not check or status == "n/a":
            continue
        if isinstance(check.get("value"), int | float):
            values.append(float(check["value"]))
        if isinstance(check.get("score"), int | float):
            scores.append(float(check["score"]))
    return statuses, metric, values, scores


def summarize_check(rows: list[dict[str, Any]], cid: str) -> dict[str, Any]:
    """How one check falls across a group: statuses, the most common one, value quantiles."""
    statuses, metric, values, scores = _check_samples(rows, cid)
    applicable_counts = {s: n for s, n in statuses.items() if s not in ("n/a", "absent")}
    applicable = sum(applicable_counts.values())
    mode, mode_n = statuses.most_common(1)[0]
    app_mode, app_mode_n = (
        max(applicable_counts.items(), key=lambda kv: kv[1]) if applicable_counts else ("", 0)
    )
    app_share = round(app_mode_n / applicable, 4) if applicable else None
    return {
        "metric": metric,
        "repositories": len(rows),
        "applicable": applicable,
        "status_counts": {
            s: statuses.get(s, 0) for s in (*STATUSES, "absent") if statuses.get(s)
        },
        "most_common_status": mode,
        "most_common_share": round(mode_n / len(rows), 4),
        "most_common_applicable_status": app_mode,
        "most_common_applicable_share": app_share,
        "no_information": mode_n / len(rows) >= NO_INFO
        or (applicable > 0 and app_mode_n / applicable >= NO_INFO),
        "value": quantiles(values),
        "score": quantiles(scores),
    }


def summarize_pillar(rows: list[dict[str, Any]], name: str) -> dict[str, Any]:
    """Score quantiles and grade counts of one pillar across a group."""
    scored = [row["pillars"][name] for row in rows
              if row["pillars"].get(name, {}).get("score") is not None]
    scores = sorted(float(pillar["score"]) for pillar in scored)
    grades = Counter(pillar["grade"] for pillar in scored)
    return summary_of_scores(scores, grades, len(rows))


def summarize_group(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Check, pillar, overall and grade distributions of a group of repositories."""
    check_ids = sorted({cid for row in rows for cid in row["checks"]})
    overall_scores = sorted(float(r["score"]) for r in rows if r["score"] is not None)
    overall = summary_of_scores(overall_scores, Counter(r["grade"] for r in rows), len(rows))
    return {
        "repositories": len(rows),
        "names": sorted(r["name"] for r in rows),
        "overall": overall,
        "pillars": {name: summarize_pillar(rows, name) for name in PILLARS},
        "checks": {cid: summarize_check(rows, cid) for cid in check_ids},
    }


def summary_of_scores(scores: list[float], grades: Counter[str], total: int) -> dict[str, Any]:
    """Quantiles, IQR, sorted scores and grade counts of one score."""
    qs = quantiles(scores)
    iqr = round(qs["p75"] - qs["p25"], 4) if scores else None
    return {
        "scored": len(scores),
        "not_scored": total - len(scores),
        "quantiles": qs,
        "iqr": iqr,
        "min": scores[0] if scores else None,
        "max": scores[-1] if scores else None,
        "scores": scores,
        "grades": {g: grades[g] for g in sorted(grades, key=grade_order)},
    }


def grade_order(grade: str | None) -> int:
    """Sort key of a grade letter (unknown last)."""
    return GRADES.index(grade) if grade in GRADES else len(GRADES)


def shallow_comparison(out: Path, by_name: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """For each shallow-clone report, its scores against the full clone's."""
    rows = []
    for path in sorted((out / "shallow").glob("*.json")):
        if path.name.endswith(".error.json"):
            continue
        full = by_name.get(path.stem)
        if full is None:
            continue
        shallow = json.loads(path.read_text())
        s_checks = checks_of(shallow)
        went_na = sorted(
            cid
            for cid, c in full["checks"].items()
            if c["status"] != "n/a" and s_checks.get(cid, {}).get("status") == "n/a"
        )
        changed = {
            cid: {"full": c["score"], "shallow": s_checks[cid].get("score")}
            for cid, c in full["checks"].items()
            if cid in s_checks
            and c["status"] != "n/a"
            and s_checks[cid].get("status") != "n/a"
            and c["score"] != s_checks[cid].get("score")
        }
        s_pillars = {p["pillar"]: p for p in shallow.get("pillars", [])}
        rows.append(
            {
                "name": path.stem,
                "full": {"score": full["score"], "grade": full["grade"]},
                "shallow": {"score": shallow.get("score"), "grade": shallow.get("grade")},
                "pillars": {
                    name: {
                        "full": full["pillars"].get(name, {}).get("score"),
                        "shallow": s_pillars.get(name, {}).get("score"),
                    }
                    for name in PILLARS
                },
                "checks_now_na": went_na,
                "checks_scored_differently": changed,
            }
        )
    return rows


def scan_times(out: Path) -> dict[str, Any]:
    """Seconds per full-clone scan from runs.jsonl (the latest line per repository)."""
    latest: dict[str, dict[str, Any]] = {}
    path = out / "runs.jsonl"
    if path.exists():
        for line in path.read_text().splitlines():
            row = json.loads(line)
            if not row.get("shallow"):
                latest[row["name"]] = row
    seconds = [r["seconds"] for r in latest.values() if r["status"] == "ok"]
    slowest = sorted(latest.values(), key=lambda r: -r["seconds"])[:5]
    return {
        "quantiles": quantiles(seconds),
        "total": round(sum(seconds), 1),
        "slowest": [{"name": r["name"], "seconds": r["seconds"]} for r in slowest],
    }


def fmt(value: float | None, digits: int = 1) -> str:
    """A number for the Markdown table ('' for None)."""
    if value is None:
        return ""
    return f"{value:.{digits}f}".rstrip("0").rstrip(".") if digits else f"{value:.0f}"


def _intro(summary: dict[str, Any]) -> list[str]:
    """The title, what the summary was made from, and the incomplete and failed scans."""
    population = summary["population"]
    lines = [
        "# Reference population: how scorecard's checks fall",
        "",
        f"Generated {summary['generated']} from {population['scanned']} scans of "
        f"{population['size']} repositories ({population['by_kind']}); "
        f"{population['in_distributions']} in the distributions "
        f"({population['in_distributions_by_kind']}); "
        f"scorecard {summary['tool_version']}. Kinds are the population file's; "
        "'no information' marks a check whose most common status (n/a counted) covers >= 90 % "
        "of the kind, or one status covers >= 90 % of the repositories where it applies.",
        "",
    ]
    if summary["incomplete"]:
        verb = "left out of" if population["incomplete_excluded"] else "kept in"
        lines += [
            f"Incomplete scans, {verb} the distributions (git history could not be read, so "
            "every history check is n/a): "
            + ", ".join(f"{i['name']} ({i['kind']})" for i in summary["incomplete"]),
            "",
        ]
    if summary["failed"]:
        lines += [
            "Failed scans: " + ", ".join(f"{f['name']} ({f['status']})" for f in summary["failed"]),
            "",
        ]
    return lines


def _score_row(group: str, label: str, block: dict[str, Any]) -> str:
    """One line of the overall-and-pillars table."""
    q = block["quantiles"]
    grades = " ".join(f"{g}:{n}" for g, n in block["grades"].items())
    n = f"{block['scored']}" + (f" (+{block['not_scored']} n/a)" if block["not_scored"] else "")
    return (
        f"| {group} | {n} | {label} | {fmt(q['p10'], 2)} | {fmt(q['p25'], 2)} | "
        f"{fmt(q['p50'], 2)} | {fmt(q['p75'], 2)} | {fmt(q['p90'], 2)} | "
        f"{fmt(block['iqr'], 2)} | {grades} |"
    )


def _scores_table(summary: dict[str, Any]) -> list[str]:
    """Overall and pillar score quantiles of every group."""
    lines = ["## Overall and pillars (kind: the population file's)", ""]
    lines += [
        "| kind | n | score | p10 | p25 | p50 | p75 | p90 | IQR | grades |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for group in ("all", *KINDS):
        data = summary["groups"].get(group)
        if not data:
            continue
        blocks = (("overall", data["overall"]), *((p, data["pillars"][p]) for p in PILLARS))
        lines += [_score_row(group, label, block) for label, block in blocks]
    return lines


def _kind_matrix(summary: dict[str, Any]) -> list[str]:
    """The population file's kinds against the kinds scorecard detected."""
    lines = ["", "## Detected kind (rows: population file; columns: scorecard)", ""]
    detected = sorted({d for row in summary["kind_matrix"].values() for d in row})
    lines += ["| kind | " + " | ".join(detected) + " |", "| --- |" + " ---: |" * len(detected)]
    for kind, row in summary["kind_matrix"].items():
        lines.append(f"| {kind} | " + " | ".join(str(row.get(d, "")) for d in detected) + " |")
    return lines


def _check_row(cid: str, c: dict[str, Any]) -> str:
    """One check's line: where it applies, its statuses, the flag and the value quantiles."""
    counts = c["status_counts"]
    spread = "/".join(str(counts.get(s, 0)) for s in STATUSES)
    mode = f"{c['most_common_status']} {100 * c['most_common_share']:.0f} %"
    flag = "**no information**" if c["no_information"] else ""
    if c["no_information"] and c["most_common_share"] < NO_INFO:
        flag += f" ({c['most_common_applicable_status']} in "
        flag += f"{100 * c['most_common_applicable_share']:.0f} % of applicable)"
    v = c["value"]
    return (
        f"| {cid} | {c['applicable']}/{c['repositories']} | {spread} | {mode} | {flag} | "
        f"{fmt(v['p10'])} | {fmt(v['p25'])} | {fmt(v['p50'])} | {fmt(v['p75'])} | "
        f"{fmt(v['p90'])} |"
    )


def _checks_tables(summary: dict[str, Any]) -> list[str]:
    """One table of checks per group."""
    lines: list[str] = []
    for group in (*KINDS, "all"):
        data = summary["groups"].get(group)
        if not data:
            continue
        lines += [
            "",
            f"## Checks: {group} ({data['repositories']} repositories)",
            "",
            "| check | applies | pass/warn/fail/n/a | most common | info "
            "| value p10 | p25 | p50 | p75 | p90 |",
            "| --- | ---: | --- | --- | --- | ---: | ---: | ---: | ---: | ---: |",
        ]
        lines += [_check_row(cid, c) for cid, c in data["checks"].items()]
    return lines


def _shallow_table(summary: dict[str, Any]) -> list[str]:
    """Shallow clones' scores against the full clones', if any were scanned."""
    if not summary["shallow"]:
        return []
    lines = [
        "",
        "## Shallow clone (--depth 1) against the full clone, same commit",
        "",
        "| repository | full | shallow | operability | simplicity | evolvability "
        "| checks now n/a |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in summary["shallow"]:
        pil = " | ".join(
            f"{fmt(row['pillars'][p]['full'], 2)} -> {fmt(row['pillars'][p]['shallow'], 2)}"
            for p in PILLARS
        )
        lines.append(
            f"| {row['name']} | {row['full']['score']} {row['full']['grade']} | "
            f"{row['shallow']['score']} {row['shallow']['grade']} | {pil} | "
            f"{', '.join(c.split('.', 1)[1] for c in row['checks_now_na'])} |"
        )
    return lines


def markdown(summary: dict[str, Any]) -> str:
    """The human-readable report."""
    times = summary["scan_seconds"]
    lines = [
        *_intro(summary),
        *_scores_table(summary),
        *degenerate_table(summary),
        *_kind_matrix(summary),
        *_checks_tables(summary),
        *_shallow_table(summary),
        "",
        f"Scan time (cold, --jobs 2, 2-core VM): median {fmt(times['quantiles']['p50'])} s, "
        f"p90 {fmt(times['quantiles']['p90'])} s, total {fmt(times['total'], 0)} s; slowest: "
        + ", ".join(f"{s['name']} {fmt(s['seconds'])} s" for s in times["slowest"]),
        "",
    ]
    return "\n".join(lines)


def _degenerate_cell(c: dict[str, Any] | None) -> str:
    """One check in one kind: its most common status and share, bold when it says nothing."""
    if c is None:
        return ""
    cell = f"{c['most_common_status']} {100 * c['most_common_share']:.0f} %"
    app = c["most_common_applicable_share"]
    if c["applicable"] < c["repositories"] and app is not None:
        status = c["most_common_applicable_status"]
        cell += f" [{status} {100 * app:.0f} % of {c['applicable']}]"
    return f"**{cell}**" if c["no_information"] else cell


def degenerate_table(summary: dict[str, Any]) -> list[str]:
    """One row per check: its most common status and share in each kind, flagged ones bold."""
    groups = summary["groups"]
    kinds = [k for k in KINDS if k in groups]
    lines = [
        "",
        "## Which checks carry no information for which kind",
        "",
        "Most common status and its share of the kind (n/a counted); **bold** = >= 90 % of the "
        "kind, or one status in >= 90 % of the repositories where the check applies "
        "[brackets: the most common status among the N repositories where the check applies, "
        "when it does not apply to all].",
        "",
        "| check | " + " | ".join(kinds) + " |",
        "| --- |" + " --- |" * len(kinds),
    ]
    check_ids = sorted({cid for k in kinds for cid in groups[k]["checks"]})
    for cid in check_ids:
        cells = [_degenerate_cell(groups[kind]["checks"].get(cid)) for kind in kinds]
        lines.append(f"| {cid} | " + " | ".join(cells) + " |")
    return lines


def read_reports(
    out: Path, entries: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], str]:
    """Read run.py's report (or error) of every entry: rows, failures and the tool version."""
    rows: list[dict[str, Any]] = []
    failed: list[dict[str, Any]] = []
    tool_version = ""
    for entry in entries:
        path = out / f"{entry['name']}.json"
        err = out / f"{entry['name']}.error.json"
        if path.exists():
            report = json.loads(path.read_text())
            tool_version = report.get("tool_version", tool_version)
            rows.append(row_of(entry, report))
        elif err.exists():
            info = json.loads(err.read_text())
            failed.append(
                {
                    "name": entry["name"],
                    "repo": entry["repo"],
                    "status": info.get("status"),
                    "error": str(info.get("error", ""))[-500:],
                }
            )
    return rows, failed, tool_version


def group_summaries(
    rows: list[dict[str, Any]], kind_of: Callable[[dict[str, Any]], str], kinds: Iterable[str]
) -> dict[str, Any]:
    """Summarize the rows of each kind (as ``kind_of`` tells it) that has any."""
    groups: dict[str, Any] = {}
    for kind in kinds:
        members = [r for r in rows if kind_of(r) == kind]
        if members:
            groups[kind] = summarize_group(members)
    return groups


REPOSITORY_KEYS = ("name", "repo", "kind", "detected_kind", "detected_kind_reason", "commit",
                   "date", "score", "grade", "pillars", "incomplete")


def population_block(
    entries: list[dict[str, Any]],
    all_rows: list[dict[str, Any]],
    rows: list[dict[str, Any]],
    incomplete_excluded: bool,
) -> dict[str, Any]:
    """What the summary was made from: sizes by kind and the method's constants."""
    return {
        "size": len(entries),
        "scanned": len(all_rows),
        "in_distributions": len(rows),
        "by_kind": dict(Counter(e["kind"] for e in entries)),
        "scanned_by_kind": dict(Counter(r["kind"] for r in all_rows)),
        "in_distributions_by_kind": dict(Counter(r["kind"] for r in rows)),
        "incomplete_excluded": incomplete_excluded,
        "quantile_method": "linear interpolation between order statistics (numpy default)",
        "no_information_share": NO_INFO,
    }


def kind_matrix(rows: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """Count the repositories by population-file kind and detected kind."""
    matrix: dict[str, Counter[str]] = {k: Counter() for k in KINDS}
    for row in rows:
        matrix.setdefault(row["kind"], Counter())[row["detected_kind"] or "none"] += 1
    return {k: dict(v) for k, v in matrix.items()}


def main(argv: list[str] | None = None) -> int:
    """Summarize the reports in OUT."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder of run.py's reports")
    parser.add_argument("--population", type=Path, default=DEFAULT_TOML)
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON)
    parser.add_argument("--markdown", type=Path, default=DEFAULT_MD)
    parser.add_argument(
        "--include-incomplete",
        action="store_true",
        help="keep scans whose git history could not be read in the distributions",
    )
    args = parser.parse_args(argv)
    entries = load_population(args.population)
    all_rows, failed, tool_version = read_reports(args.out, entries)
    incomplete = [
        {"name": r["name"], "repo": r["repo"], "kind": r["kind"], "problem": r["incomplete"]}
        for r in all_rows
        if r["incomplete"]
    ]
    rows = all_rows
    if not args.include_incomplete:
        rows = [r for r in rows if not r["incomplete"]]
    groups = {"all": summarize_group(rows)} if rows else {}
    groups.update(group_summaries(rows, lambda r: r["kind"], KINDS))
    detected_kinds = sorted({r["detected_kind"] or "none" for r in rows})
    summary = {
        "format_version": 1,
        "generated": dt.date.today().isoformat(),
        "tool_version": tool_version,
        "population": population_block(entries, all_rows, rows, not args.include_incomplete),
        "kind_matrix": kind_matrix(rows),
        "groups": groups,
        "groups_by_detected_kind": group_summaries(
            rows, lambda r: r["detected_kind"] or "none", detected_kinds
        ),
        "repositories": [{k: r[k] for k in REPOSITORY_KEYS} for r in all_rows],
        "failed": failed,
        "incomplete": incomplete,
        "shallow": shallow_comparison(args.out, {r["name"]: r for r in all_rows}),
        "scan_seconds": scan_times(args.out),
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(summary, indent=1) + "\n")
    text = markdown(summary)
    args.markdown.write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
