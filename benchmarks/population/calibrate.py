"""Calibrate the checks and the grade bands against the reference population.

Reads the population's scan reports (``OUT/NAME.json``, written by
``benchmarks/population/run.py``) and the population TOML, re-scores every report offline
with the checks as defined now (a check's score is a pure function of its metric's value, so
re-scoring equals re-scanning), and for each check looks at how the population falls:

- a numeric check (linear, steps, ratio) on which 90 % or more of the repositories where it
  applies get the same status tells them nothing: its thresholds are re-derived from the
  population, linear from the 10th to the 90th percentile of its value (best = the better
  end), and the check page says so;
- a boolean check that nearly everyone passes, or a numeric one whose value hardly varies
  (the 10th and 90th percentiles equal), cannot be re-derived: it is listed for a decision
  (measure something else, or drop it) and left as it is.

It then prints the pillars' spread before and after, and the grade bands that spread the
overall scores (A: top 15 %, B: next 25 %, C: next 25 %, D: next 20 %, E: the rest).

    python benchmarks/population/calibrate.py OUT             # report only
    python benchmarks/population/calibrate.py OUT --apply     # rewrite checks/*.toml
    python benchmarks/population/calibrate.py OUT --reference scorecard/data/reference.json

``--reference`` writes the distributions every report compares itself with ("better than N %
of the reference libraries"): per kind and for all, the sorted overall and pillar scores as
re-scored with the thresholds in effect after ``--apply``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import tomllib
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

from summarize import history_problems, quantile  # the sibling script (run from this folder)

from scorecard import __version__
from scorecard.api import all_metrics
from scorecard.model import Direction
from scorecard.resources import checks_dir
from scorecard.scoring.definitions import CheckDefinition, Scorer, load_checks
from scorecard.scoring.engine import (
    MIN_APPLICABLE_SHARE,
    MIN_GRADED_PILLARS,
    PASS_AT,
    WARN_AT,
    as_shown,
    score_value,
)

HERE = Path(__file__).resolve().parent
DEFAULT_TOML = HERE.parent / "data" / "population.toml"
KINDS = ("library", "cli", "service", "operations")
PILLARS = ("operability", "simplicity", "evolvability")
NO_INFO = 0.90  # one status for this share of the repositories: the check tells them nothing
LOW, HIGH = 0.10, 0.90  # the population percentiles a re-derived check runs between
# Shares of the population per grade, best first; the rest get E.
GRADE_SHARES = (("A", 0.15), ("B", 0.25), ("C", 0.25), ("D", 0.20))


def _quantile(values: list[float], q: float) -> float:
    """The q-quantile of a non-empty list (summarize.py's interpolation)."""
    found = quantile(values, q)
    assert found is not None
    return found


def _status(score: float) -> str:
    return "pass" if score >= PASS_AT else "warn" if score >= WARN_AT else "fail"


def load_reports(out: Path, toml: Path) -> dict[str, tuple[str, dict[str, Any]]]:
    """Return name -> (kind, report) for every population entry with a report in ``out``."""
    entries = tomllib.loads(toml.read_text())["repo"]
    reports: dict[str, tuple[str, dict[str, Any]]] = {}
    for entry in entries:
        path = out / f"{entry['name']}.json"
        if not path.exists():
            continue
        report = json.loads(path.read_text())
        # A scan whose history was cut short is not a full measurement (as in summarize.py).
        if not history_problems(report):
            reports[entry["name"]] = (entry["kind"], report)
    return reports


def applicable_values(report: dict[str, Any]) -> dict[str, float]:
    """Return check id -> metric value for every scored check of a report."""
    return {check["id"]: float(check["value"]) for pillar in report["pillars"]
            for check in pillar["checks"]
            if check["value"] is not None and check["status"] not in ("n/a", "error")}


def rescore(values: dict[str, float], checks: dict[str, CheckDefinition],
            directions: dict[str, Direction]) -> dict[str, float | None]:
    """Return each pillar's score and the overall score of one repository's values."""
    sums: dict[str, list[float]] = {p: [0.0, 0.0] for p in PILLARS}
    for check_id, value in values.items():
        check = checks.get(check_id)
        if check is None or not check.enabled or check.weight <= 0:
            continue
        score, _ = score_value(check.scorer, value, directions[check.metric])
        sums[check.pillar.value][0] += round(score, 2) * check.weight
        sums[check.pillar.value][1] += check.weight
    # The engine's rule: a pillar whose applicable checks carry under MIN_APPLICABLE_SHARE
    # of its enabled weight is not graded (the population's scans are full: every check
    # that applies was measured, so the scored ones are those that apply).
    enabled = {p: sum(c.weight for c in checks.values()
                      if c.enabled and c.weight > 0 and c.pillar.value == p) for p in PILLARS}
    result: dict[str, float | None] = {
        p: round(total / weight, 2)
        if weight and weight >= MIN_APPLICABLE_SHARE * enabled[p] else None
        for p, (total, weight) in sums.items()}
    scored = [s for s in result.values() if s is not None]
    result["overall"] = (round(sum(scored) / len(scored), 2) if len(scored) >= MIN_GRADED_PILLARS
                         else None)
    return result


# Checks kept on their own thresholds whatever the population does: norms a team should
# meet however rare meeting them is (every alert gets a runbook), not spreads to rank on.
KEEP = {
    "operability.runbook-coverage": "every alert should lead to a runbook (SRE practice); "
                                    "that most repositories fail is the finding",
}


def _values_by_kind(reports: dict[str, tuple[str, dict[str, Any]]]
                    ) -> dict[str, dict[str, list[float]]]:
    """Return check id -> kind (and "all") -> the values where the check applies."""
    values: dict[str, dict[str, list[float]]] = {}
    for kind, report in reports.values():
        for check_id, value in applicable_values(report).items():
            by_kind = values.setdefault(check_id, {})
            by_kind.setdefault(kind, []).append(value)
            by_kind.setdefault("all", []).append(value)
    return values


def _uninformative(check: CheckDefinition, direction: Direction,
                   by_kind: dict[str, list[float]]) -> str:
    """Return why the check tells a kind nothing ("" when it informs every kind)."""
    for kind in (*KINDS, "all"):
        found = by_kind.get(kind, [])
        if len(found) < 10:
            continue  # too few repositories of the kind where it applies to judge
        statuses = Counter(_status(score_value(check.scorer, v, direction)[0]) for v in found)
        status, count = statuses.most_common(1)[0]
        if count / len(found) >= NO_INFO:
            label = "" if kind == "all" else f"{kind} "
            return f"{count} of {len(found)} {label}repositories where it applies a {status}"
    return ""


def propose(checks: dict[str, CheckDefinition], directions: dict[str, Direction],
            reports: dict[str, tuple[str, dict[str, Any]]]) -> tuple[
                dict[str, tuple[Scorer, str]], list[str]]:
    """Return the re-derived scorers (with the prose sentence) and the checks left to decide."""
    values = _values_by_kind(reports)
    proposals: dict[str, tuple[Scorer, str]] = {}
    undecided: list[str] = []
    for check_id, check in sorted(checks.items()):
        by_kind = values.get(check_id, {})
        found = by_kind.get("all", [])
        direction = directions[check.metric]
        why = _uninformative(check, direction, by_kind)
        if not why:
            continue
        if check_id in KEEP:
            undecided.append(f"{check_id}: {why}; kept: {KEEP[check_id]}")
            continue
        low, high = _quantile(found, LOW), _quantile(found, HIGH)
        if check.scorer.kind == "boolean" or high - low <= 1e-9:
            undecided.append(f"{check_id}: {why}; p10 = {low:g}, p90 = {high:g}")
            continue
        lower_better = direction is Direction.LOWER_IS_BETTER
        best, worst = (low, high) if lower_better else (high, low)
        best, worst = _round(best), _round(worst)
        if best == worst:
            undecided.append(f"{check_id}: {why}; p10 and p90 round to {best:g}")
            continue
        sentence = (f"Calibration ({dt.date.today():%B %Y}): on the reference population "
                    f"(benchmarks/population: {len(reports)} public repositories, "
                    f"{len(found)} where this check applies) the thresholds above gave "
                    f"{why}, so the check told them nothing. The scale now runs from the "
                    f"population's {'10th' if lower_better else '90th'} percentile, "
                    f"{best:g}, which scores 10, to its {'90th' if lower_better else '10th'}, "
                    f"{worst:g}, which scores 0.")
        proposals[check_id] = (Scorer("linear", best=best, worst=worst), sentence)
    return proposals, undecided


def _round(value: float) -> float:
    """Round a threshold to two significant decimals (thresholds are read by people)."""
    if value == 0:
        return 0.0
    digits = max(0, 2 - len(str(int(abs(value)))))
    return round(value, digits)


def spread(scores: dict[str, dict[str, float | None]], kinds: dict[str, str]) -> list[str]:
    """Return Markdown rows: per kind and pillar, the IQR of the scores."""
    rows = []
    for kind in (*KINDS, "all"):
        names = [n for n in scores if kind == "all" or kinds[n] == kind]
        cells = []
        for part in (*PILLARS, "overall"):
            found = [s for n in names if (s := scores[n][part]) is not None]
            cells.append(f"{_quantile(found, .75) - _quantile(found, .25):.2f}" if found else "")
        rows.append(f"| {kind} | {len(names)} | " + " | ".join(cells) + " |")
    return rows


def grade_bands(overall: list[float]) -> list[tuple[str, float]]:
    """Return the lower bound of each grade so that the population spreads by GRADE_SHARES."""
    bands, share = [], 0.0
    for letter, part in GRADE_SHARES:
        share += part
        bands.append((letter, round(_quantile(overall, 1.0 - share), 1)))
    return bands


def grade_counts(overall: list[float], bands: list[tuple[str, float]]) -> Counter[str]:
    """Count the grades the bands give."""
    def grade(score: float) -> str:  # graded as shown, to one decimal (grade_for)
        return next((letter for letter, lower in bands if as_shown(score) >= lower), "E")
    return Counter(grade(s) for s in overall)


def apply(proposals: dict[str, tuple[Scorer, str]], folder: Path) -> None:
    """Rewrite each re-derived check's [scorer] table and add the sentence to its rationale."""
    for path in sorted(folder.rglob("*.toml")):
        text = path.read_text()
        check_id = tomllib.loads(text)["id"]
        if check_id not in proposals:
            continue
        scorer, sentence = proposals[check_id]
        table = f'[scorer]\nkind = "linear"\nbest = {scorer.best:g}\nworst = {scorer.worst:g}\n'
        text = re.sub(r"\[scorer\]\n(?:(?!\[)[^\n]*\n)*", table + "\n", text, count=1)
        # After the rationale, which keeps the literature's reasoning and its numbers; an
        # earlier calibration's paragraph is replaced: only the thresholds in force are told.
        start = text.index('rationale = """\n')
        end = text.index('"""', start + len('rationale = """'))
        rationale = re.sub(r"\n\nCalibration \(.*?(?=\n\n|\n?$)", "", text[start:end],
                           flags=re.DOTALL)
        text = text[:start] + rationale.rstrip("\n") + "\n\n" + _wrap(sentence) + "\n" \
            + text[end:]
        path.write_text(text)


def _wrap(text: str, width: int = 92) -> str:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return "\n".join([*lines, line])


def reference(scores: dict[str, dict[str, float | None]], kinds: dict[str, str],
              bands: list[tuple[str, float]]) -> dict[str, Any]:
    """Return the reference distributions shipped with scorecard."""
    data: dict[str, Any] = {
        "date": dt.date.today().isoformat(), "tool_version": __version__,
        "population": len(scores), "source": "benchmarks/population (calibrate.py)",
        "grade_bands": [[letter, lower] for letter, lower in bands], "kinds": {}}
    for kind in (*KINDS, "all"):
        names = [n for n in scores if kind == "all" or kinds[n] == kind]
        data["kinds"][kind] = {"repositories": len(names), **{
            part: sorted(s for n in names if (s := scores[n][part]) is not None)
            for part in (*PILLARS, "overall")}}
    return data


def _compact(data: dict[str, Any]) -> str:
    """Return the reference as JSON with one line per list (readable, diffable)."""
    lines = ["{"]
    for key, value in data.items():
        if key != "kinds":
            lines.append(f"  {json.dumps(key)}: {json.dumps(value)},")
    lines.append('  "kinds": {')
    for i, (kind, parts) in enumerate(data["kinds"].items()):
        lines.append(f"    {json.dumps(kind)}: {{")
        items = list(parts.items())
        lines.extend(f"      {json.dumps(k)}: {json.dumps(v)}{',' if j < len(items) - 1 else ''}"
                     for j, (k, v) in enumerate(items))
        lines.append("    }" + ("," if i < len(data["kinds"]) - 1 else ""))
    lines.extend(["  }", "}"])
    return "\n".join(lines) + "\n"


def main() -> None:
    """Propose, report, and optionally apply the calibration."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--population", type=Path, default=DEFAULT_TOML)
    parser.add_argument("--apply", action="store_true", help="rewrite checks/*.toml")
    parser.add_argument("--reference", type=Path, help="write the reference distributions")
    args = parser.parse_args()
    reports = load_reports(args.out, args.population)
    kinds = {name: kind for name, (kind, _) in reports.items()}
    metrics = all_metrics()
    directions = {m.id: m.direction for m in metrics.values()}
    checks = {c.id: c for c in load_checks([checks_dir()], metrics)}
    values = {name: applicable_values(report) for name, (_, report) in reports.items()}
    before = {name: rescore(v, checks, directions) for name, v in values.items()}
    proposals, undecided = propose(checks, directions, reports)
    after_checks = {**checks, **{i: replace(checks[i], scorer=s) for i, (s, _) in
                                 proposals.items()}}
    after = {name: rescore(v, after_checks, directions) for name, v in values.items()}
    print(f"{len(reports)} reports; {len(proposals)} checks re-derived, "
          f"{len(undecided)} left to decide\n")
    header = "| kind | n | " + " | ".join(f"{p} IQR" for p in (*PILLARS, "overall")) + " |"
    rule = "| --- | ---: |" + " ---: |" * (len(PILLARS) + 1)
    for title, scores in (("before", before), ("after", after)):
        print(f"IQR {title}:\n{header}\n{rule}\n" + "\n".join(spread(scores, kinds)) + "\n")
    print("Re-derived:")
    for check_id, (scorer, _) in sorted(proposals.items()):
        old = checks[check_id].scorer
        print(f"- {check_id}: {old.kind} {old.best}/{old.worst}{list(old.steps) or ''} -> "
              f"best {scorer.best:g}, worst {scorer.worst:g}")
    print("\nLeft to decide (no spread to re-derive from):")
    print("\n".join(f"- {line}" for line in undecided))
    overall = [s for s in (a["overall"] for a in after.values()) if s is not None]
    bands = grade_bands(overall)
    print(f"\nGrade bands: {bands}; grades: {dict(sorted(grade_counts(overall, bands).items()))}")
    if args.apply:
        apply(proposals, checks_dir())
    if args.reference:
        args.reference.write_text(_compact(reference(after, kinds, bands)))


if __name__ == "__main__":
    main()
