"""Backtest scorecard's file risk ranking on public repositories (issue #26, "published validity").

For every repository of the chosen set in ``repos.toml`` (beside this script) the runner

1. clones it as a user would (``git clone URL DIR``) into ``--workdir`` when there is no clone
   yet (``--repos-dir`` points at clones you already have, one folder per repository name);
   nothing is checked out: scorecard reads git objects and gets the pinned commit as ``--rev``;
2. runs ``scorecard backtest DIR --rev COMMIT --at DATE --format json`` for each date (one
   process at a time, with a timeout), and collects the JSON;
3. prints a Markdown table (repository, date, files, labelled files, then AUC / effort-aware
   recall@20 % LOC / top-20 %-of-files capture of every ranking), the means, and the bars of
   issue #26 with PASS/FAIL: scorecard's AUC >= size x prior's + 0.01 on average and never more
   than 0.02 below it on a single row; recall@20 % LOC >= prior / size's + 0.03 on average;
   top-20 % capture >= size x prior's on average.

Run it from the repository root with scorecard installed::

    python benchmarks/validity/run.py                          # the "validity" set
    python benchmarks/validity/run.py --set prior --repos-dir ~/src/clones
    python benchmarks/validity/run.py --only flask --json out.json --markdown table.md
    python benchmarks/validity/run.py --from-json out.json     # re-print a saved run

Exit status: 0 when every bar holds, 1 when a bar fails, 2 when a backtest could not run.
The repositories are cached in the work folder (default: the user's cache folder) and are
never committed.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RANKINGS = ("scorecard", "size", "prior", "size_x_prior", "prior_per_size")
METRICS = ("auc", "recall_at_20_loc", "top20_capture")
METRIC_TITLES = {"auc": "AUC", "recall_at_20_loc": "R@20%LOC", "top20_capture": "top20%"}

# The bars of issue #26: (metric, baseline ranking, margin the mean must beat it by).
MEAN_BARS = (
    ("auc", "size_x_prior", 0.01),
    ("recall_at_20_loc", "prior_per_size", 0.03),
    ("top20_capture", "size_x_prior", 0.0),
)
ROW_AUC_SLACK = 0.02  # scorecard's AUC may be at most this much below size x prior on a row


@dataclass(frozen=True)
class Repo:
    """One entry of repos.toml."""

    name: str
    url: str
    kind: str
    set: str
    commit: str
    dates: tuple[str, ...]


@dataclass
class Row:
    """One backtest: a repository at a date, its figures or the reason it has none."""

    repo: str
    at: str
    seconds: float = 0.0
    report: dict[str, Any] = field(default_factory=dict)
    error: str = ""

    def metric(self, ranking: str, name: str) -> float | None:
        """One ranking's figure (None when missing or not defined, e.g. no labelled file)."""
        for entry in self.report.get("rankings", []):
            if entry.get("name") == ranking:
                value = entry.get(name)
                return None if value is None else float(value)
        return None


def default_workdir() -> Path:
    """The user's cache folder for the clones."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "scorecard-validity"


def load_repos(path: Path, which: str, only: list[str]) -> list[Repo]:
    """The repositories of set *which* ("all" for every set), optionally only the named ones."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    repos = [
        Repo(r["name"], r["url"], r["kind"], r["set"], r["commit"], tuple(r["dates"]))
        for r in data["repo"]
    ]
    chosen = [r for r in repos if which == "all" or r.set == which]
    if only:
        unknown = set(only) - {r.name for r in chosen}
        if unknown:
            raise SystemExit(f"not in the {which} set of {path.name}: {', '.join(sorted(unknown))}")
        chosen = [r for r in chosen if r.name in only]
    return chosen


def has_commit(directory: Path, commit: str) -> bool:
    """Whether the clone at *directory* holds *commit*."""
    probe = subprocess.run(
        ["git", "-C", str(directory), "cat-file", "-e", f"{commit}^{{commit}}"],
        capture_output=True,
    )
    return probe.returncode == 0


def ensure_clone(repo: Repo, repos_dir: Path | None, workdir: Path) -> Path:
    """A clone holding the pinned commit: an existing one, or a fresh `git clone URL DIR`."""
    if repos_dir is not None and (repos_dir / repo.name).is_dir():
        directory = repos_dir / repo.name
    else:
        directory = workdir / repo.name
        if not directory.is_dir():
            workdir.mkdir(parents=True, exist_ok=True)
            print(f"cloning {repo.url} into {directory}", file=sys.stderr)
            subprocess.run(["git", "clone", "--quiet", repo.url, str(directory)], check=True)
    if not has_commit(directory, repo.commit):
        print(f"fetching {repo.name} (commit {repo.commit[:12]} missing)", file=sys.stderr)
        subprocess.run(["git", "-C", str(directory), "fetch", "--quiet", "origin"], check=True)
        if not has_commit(directory, repo.commit):
            raise RuntimeError(f"{repo.name}: commit {repo.commit} not found in {directory}")
    return directory


def backtest(command: list[str], directory: Path, repo: Repo, at: str, timeout: float,
             config: Path | None = None) -> Row:
    """Run one `scorecard backtest` and parse its JSON."""
    argv = [*command, "backtest", str(directory), "--rev", repo.commit, "--at", at,
            "--format", "json", *(["--config", str(config)] if config else [])]
    row = Row(repo.name, at)
    start = time.perf_counter()
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        row.error = f"timed out after {timeout:.0f} s"
        return row
    finally:
        row.seconds = time.perf_counter() - start
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
        row.error = f"exit {done.returncode}: {last}"
        return row
    try:
        row.report = json.loads(done.stdout)
    except json.JSONDecodeError as exc:
        row.error = f"output is not JSON ({exc})"
    return row


def fmt(value: float | None) -> str:
    """A figure for the table."""
    return "n/a" if value is None else f"{value:.2f}"


def mean(values: list[float | None]) -> float | None:
    """The mean of the defined values (None when there is none)."""
    defined = [v for v in values if v is not None]
    return sum(defined) / len(defined) if defined else None


def row_loses(row: Row) -> bool:
    """Scorecard's AUC more than the slack below size x prior on this row."""
    ours, base = row.metric("scorecard", "auc"), row.metric("size_x_prior", "auc")
    return ours is not None and base is not None and ours < base - ROW_AUC_SLACK


def table(rows: list[Row]) -> str:
    """The Markdown table of all rows and the means."""
    head = ["repository", "date", "files", "labelled"]
    for ranking in RANKINGS:
        head += [f"{ranking} {METRIC_TITLES[m]}" for m in METRICS]
    lines = ["| " + " | ".join(head) + " |",
             "| " + " | ".join(["---"] * 2 + ["---:"] * (len(head) - 2)) + " |"]
    for row in rows:
        if row.error:
            cells = [row.repo, row.at, "", "", f"failed: {row.error}"]
            cells += [""] * (len(head) - len(cells))
        else:
            cells = [row.repo, row.at, str(row.report.get("files", "")),
                     str(row.report.get("labelled", ""))]
            for ranking in RANKINGS:
                for m in METRICS:
                    text = fmt(row.metric(ranking, m))
                    if ranking == "scorecard" and m == "auc" and row_loses(row):
                        text = f"**{text}** (loses)"
                    cells.append(text)
        lines.append("| " + " | ".join(cells) + " |")
    ok = [r for r in rows if not r.error]
    cells = ["**mean**", f"{len(ok)} rows", "", ""]
    for ranking in RANKINGS:
        cells += [fmt(mean([r.metric(ranking, m) for r in ok])) for m in METRICS]
    lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def bars(rows: list[Row]) -> tuple[list[str], bool]:
    """The verdict on each bar of issue #26, and whether all hold."""
    ok = [r for r in rows if not r.error]
    verdicts: list[str] = []
    passed = True
    for metric, baseline, margin in MEAN_BARS:
        ours = mean([r.metric("scorecard", metric) for r in ok])
        base = mean([r.metric(baseline, metric) for r in ok])
        if ours is None or base is None:
            verdicts.append(f"- n/a: mean {METRIC_TITLES[metric]} (no figures)")
            passed = False
            continue
        holds = ours >= base + margin
        passed &= holds
        verdicts.append(
            f"- {'PASS' if holds else 'FAIL'}: mean {METRIC_TITLES[metric]} of scorecard "
            f"{ours:.3f} vs {baseline} {base:.3f} + {margin:.2f} = {base + margin:.3f} "
            f"({ours - base - margin:+.3f})"
        )
    losers = [r for r in ok if row_loses(r)]
    passed &= bool(ok) and not losers
    if not ok:
        verdicts.append("- n/a: no backtest produced figures")
    elif losers:
        names = ", ".join(
            f"{r.repo} {r.at} ({r.metric('scorecard', 'auc'):.3f} vs "
            f"{r.metric('size_x_prior', 'auc'):.3f})"
            for r in losers
        )
        verdicts.append(f"- FAIL: AUC more than {ROW_AUC_SLACK} below size_x_prior on: {names}")
    else:
        verdicts.append(f"- PASS: no row with AUC more than {ROW_AUC_SLACK} below size_x_prior")
    return verdicts, passed


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repos", type=Path, default=HERE / "repos.toml", help="the repository list")
    ap.add_argument("--set", dest="which", default="validity",
                    choices=("validity", "prior", "all"), help="which repositories (validity)")
    ap.add_argument("--only", nargs="*", default=[], metavar="NAME", help="only these names")
    ap.add_argument("--workdir", type=Path, default=default_workdir(),
                    help="where missing clones go (default: %(default)s)")
    ap.add_argument("--repos-dir", type=Path,
                    help="existing clones, one folder per repository name")
    ap.add_argument("--scorecard", default="scorecard",
                    help="the command to run scorecard (e.g. 'python -m scorecard')")
    ap.add_argument("--timeout", type=float, default=3600.0, help="seconds per backtest")
    ap.add_argument("--json", type=Path, help="also write the raw reports here")
    ap.add_argument("--markdown", type=Path, help="also write the table and bars here")
    ap.add_argument("--from-json", type=Path, help="print the table of a saved --json run")
    ap.add_argument("--held-out", action="store_true",
                    help="leave each repository out of the prior: fit one on every other "
                    "repository of repos.toml for its backtests (out-of-sample figures)")
    return ap.parse_args(argv)


def held_out_config(repo: Repo, args: argparse.Namespace, folder: Path) -> Path:
    """Write a prior fitted without ``repo`` and a config file that selects it."""
    from fit_prior import fit_and_write  # needs scorecard importable (the installed package)

    others = [r for r in load_repos(args.repos, "all", []) if r.name != repo.name]
    prior = folder / f"prior-without-{repo.name}.json"
    fit_and_write(others, args.repos_dir, args.workdir, prior)
    config = folder / f"without-{repo.name}.toml"
    config.write_text(f"[history]\nrisk_prior = {json.dumps(str(prior))}\n",
                      encoding="utf-8")
    return config


def main(argv: list[str] | None = None) -> int:
    """Run the backtests (or reload them) and print the table and the bars."""
    args = parse_args(argv)
    rows: list[Row] = []
    if args.from_json:
        saved = json.loads(args.from_json.read_text(encoding="utf-8"))
        rows = [Row(s["repo"], s["at"], s.get("seconds", 0.0), s.get("report") or {},
                    s.get("error", "")) for s in saved]
    else:
        command = shlex.split(args.scorecard)
        scratch = Path(tempfile.mkdtemp(prefix="scorecard-validity-"))
        for repo in load_repos(args.repos, args.which, args.only):
            try:
                directory = ensure_clone(repo, args.repos_dir, args.workdir)
            except (subprocess.CalledProcessError, RuntimeError) as exc:
                rows += [Row(repo.name, at, error=f"no clone: {exc}") for at in repo.dates]
                continue
            config = held_out_config(repo, args, scratch) if args.held_out else None
            for at in repo.dates:
                row = backtest(command, directory, repo, at, args.timeout, config)
                status = row.error or f"{row.report.get('files')} files"
                print(f"{repo.name} {at}: {status} ({row.seconds:.0f} s)", file=sys.stderr)
                rows.append(row)
        if args.json:
            args.json.write_text(json.dumps(
                [{"repo": r.repo, "at": r.at, "seconds": round(r.seconds, 1),
                  "report": r.report, "error": r.error} for r in rows], indent=2) + "\n",
                encoding="utf-8")
    verdicts, passed = bars(rows)
    text = table(rows) + "\n" + "\n".join(verdicts) + "\n"
    print(text)
    if args.markdown:
        args.markdown.write_text(text, encoding="utf-8")
    if any(r.error for r in rows):
        return 2
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
