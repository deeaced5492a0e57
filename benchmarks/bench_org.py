"""`scorecard org scan` throughput: 1 against 2 Dask workers, and the scheduler's overhead.

Each run starts cold: a fresh workspace (every repository cloned again, blobless, from its
mirror), a fresh result cache (XDG_CACHE_HOME) and a fresh store, then scans every
repository of the REPOS template (benchmarks/data/org-repos.txt, whose {MIRRORS} is
replaced by --mirrors) on a LocalCluster with the given number of single-threaded workers.
It prints, per run: wall time, cluster start, throughput, the sum and spread of the
per-repository task times, and failures; then the speed-up, and the scheduler overhead
measured as the round trip of no-op tasks on a running LocalCluster (submit to result).
With --pg-url a last run writes to PostgreSQL (warm workspace) to check that store too.

Usage: python benchmarks/bench_org.py --mirrors DIR [--workers 1,2] [--pg-url URL]
       [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import tempfile
import time
from pathlib import Path

from timing_env import compile_scorecard

from scorecard.org.repos import parse_repos_text
from scorecard.org.run import Cluster, run_batch
from scorecard.org.task import TaskSettings

HERE = Path(__file__).resolve().parent


def _noop(x: int) -> int:
    return x


def scheduler_overhead(workers: int, tasks: int = 400) -> dict[str, float]:
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      host="127.0.0.1", dashboard_address="127.0.0.1:0",
                      silence_logs=logging.ERROR) as cluster, \
            Client(cluster) as client:
        client.submit(_noop, -1, pure=False).result()  # warm
        one = []
        for i in range(50):
            start = time.perf_counter()
            client.submit(_noop, i, pure=False).result()
            one.append(time.perf_counter() - start)
        start = time.perf_counter()
        client.gather(client.map(_noop, range(tasks), pure=False))
        batch = time.perf_counter() - start
    return {"round_trip_median_ms": round(statistics.median(one) * 1000, 2),
            "batch_per_task_ms": round(batch / tasks * 1000, 3)}


def one_run(text: str, workers: int, store: str | None, workspace: Path | None) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-org-") as folder:
        base = Path(folder)
        os.environ["XDG_CACHE_HOME"] = str(base / "cache")  # cold result cache
        ws = workspace or base / "ws"
        listing = parse_repos_text(text, workspace=ws, base=base)
        settings = TaskSettings(workspace=str(ws), timeout=1800)
        result = run_batch(listing.repos, listing.errors, store_spec=store or str(base / "s.db"),
                           settings=settings, cluster=Cluster(None, workers))
    times = sorted(o.seconds for o in result.outcomes.values())
    return {
        "workers": workers, "repositories": len(result.outcomes),
        "ok": result.count("ok"), "failed": result.count("failed"),
        "errors": {o.name: o.error for o in result.outcomes.values() if o.error},
        "wall_seconds": result.wall_seconds, "cluster_seconds": result.cluster_seconds,
        "repos_per_minute": round(60 * len(times) / result.wall_seconds, 2),
        "task_seconds_sum": round(sum(times), 1),
        "task_seconds_median": round(statistics.median(times), 2) if times else None,
        "task_seconds_max": round(max(times), 1) if times else None,
        "cpu_seconds_sum": round(sum(o.cpu_seconds for o in result.outcomes.values()), 1),
        "clone_seconds_sum": round(sum(o.clone_seconds for o in result.outcomes.values()), 1),
        "load_average_1m": os.getloadavg()[0],
        "task_seconds": {o.name: o.seconds for o in result.outcomes.values()},
        "cpu_seconds": {o.name: o.cpu_seconds for o in result.outcomes.values()},
        "clone_seconds": {o.name: o.clone_seconds for o in result.outcomes.values()},
    }


def _summary(run: dict) -> dict:
    return {k: v for k, v in run.items()
            if k not in ("task_seconds", "cpu_seconds", "clone_seconds")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirrors", required=True, type=Path)
    parser.add_argument("--repos", type=Path, default=HERE / "data" / "org-repos.txt")
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--pg-url")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    compile_scorecard()  # time bytecode, as a pip installation runs (see timing_env)
    text = args.repos.read_text().replace("{MIRRORS}", str(args.mirrors.resolve()))
    runs = []
    for count in [int(w) for w in args.workers.split(",")]:
        run = one_run(text, count, None, None)
        runs.append(run)
        print(json.dumps(_summary(run)), flush=True)
    if len(runs) >= 2:
        fewest = min(runs, key=lambda r: r["workers"])
        most = max(runs, key=lambda r: r["workers"])
        print(f"speed-up {most['workers']} vs {fewest['workers']} workers: "
              f"{fewest['wall_seconds'] / most['wall_seconds']:.2f}x", flush=True)
    overhead = scheduler_overhead(2)
    print("scheduler overhead:", json.dumps(overhead), flush=True)
    pg = None
    if args.pg_url:
        with tempfile.TemporaryDirectory(prefix="bench-org-ws-") as ws:
            pg = one_run(text, max(int(w) for w in args.workers.split(",")), args.pg_url,
                         Path(ws))
        print("postgresql:", json.dumps(_summary(pg)), flush=True)
    if args.json:
        args.json.write_text(json.dumps({"runs": runs, "overhead": overhead, "postgresql": pg},
                                        indent=2))


if __name__ == "__main__":
    main()
