"""`scorecard org`: REPOS parsing, batches on a real two-worker LocalCluster, both stores,
a worker killed mid-batch, the portfolio report and the GitHub listing."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from scorecard.org.github_orgs import GitHubListingError, list_org_repos
from scorecard.org.report import (
    build_org_data,
    render_org_csv,
    render_org_html,
    render_org_json,
)
from scorecard.org.repos import parse_repos_text
from scorecard.org.run import Cluster, run_batch
from scorecard.org.task import Outcome, TaskSettings
from scorecard.stores import open_store
from tests.gitrepo import GitRepo

TOKEN = "ghp_t0kenNEVERshownANYWHERE0123456789"


def _repo(root: Path, files: dict[str, str]) -> GitRepo:
    repo = GitRepo.create(root)
    repo.commit(files, date="2026-01-10T10:00:00+00:00")
    repo.commit({"b.py": "def g(y):\n    if y:\n        return 1\n    return 2\n"},
                message="fix: g", date="2026-02-10T10:00:00+00:00")
    return repo


@pytest.fixture
def hanging_server() -> Iterator[str]:
    """A TCP server that accepts connections and never answers (a clone that hangs)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{listener.getsockname()[1]}/acme/huge.git"
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    listener.close()


def test_repos_file_refuses_hostile_lines(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    text = "\n".join([
        "# comment", "",
        "https://github.com/acme/api.git  payments service",
        "git@github.com:acme/tools.git platform",
        "https://github.com/acme/api.git  payments",  # duplicate
        "ext::sh -c touch% /tmp/pwned",
        "file:///etc",
        f"file://{workspace}/mirror",
        "http://example.com/x.git",
        "git://example.com/x.git",
        "--upload-pack=touch /tmp/x",
        "../sibling   core library",
        "a b c d",
        "https://github.com/acme/web.git  web  servce",  # a kind that is none
    ])
    listing = parse_repos_text(text, workspace=workspace, base=tmp_path)
    names = [r.name for r in listing.repos]
    assert names[:3] == ["acme/api", "acme/tools", "ws/mirror"]
    assert names[3] == f"{tmp_path.parent.name}/sibling"
    assert listing.repos[0].team == "payments" and listing.repos[0].kind == "service"
    assert listing.repos[3].local and listing.repos[3].source == str((tmp_path.parent /
                                                                      "sibling").resolve())
    errors = {e.line: e.error for e in listing.errors}
    assert errors[5] == "duplicate of line 3"
    assert "transport helpers" in errors[6]
    assert "inside the workspace" in errors[7]
    assert "http://" in errors[9] and "git://" in errors[10]
    assert "'-'" in errors[11]
    assert "too many fields" in errors[13]
    assert errors[14] == ("kind 'servce' is not one of library, service, cli, operations, "
                          "notebooks")


def test_hostile_batch_gives_per_repository_errors_on_two_workers(
        tmp_path: Path, hanging_server: str) -> None:
    good = _repo(tmp_path / "src" / "good", {"a.py": "def f(x):\n    return x\n",
                                             "CODEOWNERS": "* @acme/core\n"})
    other = _repo(tmp_path / "src" / "other", {"a.py": "def h():\n    return 0\n"})
    (tmp_path / "src" / "plain").mkdir()
    workspace = tmp_path / "ws"
    text = "\n".join([
        f"{good.root}", f"{other.root}  web  library", f"{other.root}",
        "https://127.0.0.1:9/acme/gone.git  infra", f"{tmp_path / 'src' / 'plain'}",
        "file:///etc", f"{hanging_server}  infra",
    ])
    listing = parse_repos_text(text, workspace=workspace, base=tmp_path)
    store = str(tmp_path / "org.sqlite3")
    settings = TaskSettings(workspace=str(workspace), timeout=20, git_seconds=6)
    result = run_batch(listing.repos, listing.errors, store_spec=store, settings=settings,
                       cluster=Cluster(None, 2))
    assert result.workers == 2
    by_name = result.outcomes
    assert by_name["src/good"].status == "ok" and by_name["src/other"].status == "ok"
    assert "unable to access" in by_name["acme/gone"].error
    assert "not a git repository" in by_name["src/plain"].error
    assert "took longer than 6 s" in by_name["acme/huge"].error
    with open_store(tmp_path, store, create=False) as snapshots:
        records = {r.repository: r for r in snapshots.repositories()}
        assert records["acme/gone"].attempts == 2  # retried once
        assert records["src/good"].team == "core"  # from CODEOWNERS
        assert records["src/other"].team == "web"  # from the REPOS file
        assert "inside the workspace" in records["file:///etc"].error
        assert set(snapshots.stored_commits()) == {"src/good", "src/other"}
    # Resumable: the next run finds both commits stored and scans nothing.
    again = run_batch(listing.repos[:2], (), store_spec=store, settings=settings,
                      cluster=Cluster(None, 2))
    assert [o.status for o in again.outcomes.values()] == ["skipped", "skipped"]
    # The workspace clones are partial (blobless) and reused.
    clones = sorted(p.name for p in workspace.iterdir() if not p.name.startswith("."))
    assert len(clones) == 2
    config = (workspace / clones[0] / ".git" / "config").read_text()
    assert "partialclonefilter = blob:none" in config


def test_killing_a_worker_mid_batch_loses_no_snapshot(tmp_path: Path, pg_url: str) -> None:
    from distributed import Client, LocalCluster

    repos = [_repo(tmp_path / "src" / f"r{i}", {"a.py": f"def f{i}(x):\n    return x\n"})
             for i in range(6)]
    workspace = tmp_path / "ws"
    listing = parse_repos_text("\n".join(str(r.root) for r in repos), workspace=workspace,
                               base=tmp_path)
    killed: list[int] = []
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address="127.0.0.1:0") as cluster, Client(cluster) as client:

        def progress(done: int, running: int, failed: int, total: int) -> None:
            if done == 1 and not killed:
                pid = sorted(client.run(os.getpid).values())[0]
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)

        result = run_batch(listing.repos, (), store_spec=pg_url,
                           settings=TaskSettings(workspace=str(workspace), timeout=120),
                           cluster=Cluster(cluster.scheduler_address), progress=progress)
    assert killed
    assert [o.status for o in result.outcomes.values()] == ["ok"] * 6
    with open_store(tmp_path, pg_url) as snapshots:
        stored = snapshots.stored_commits()
        rows = snapshots.snapshot_rows()
    assert sorted(stored) == sorted(r.name for r in listing.repos)
    assert len(rows) == 6  # one snapshot each: none lost, none doubled


def test_org_cli_with_postgresql_store_and_report(tmp_path: Path, pg_url: str) -> None:
    good = _repo(tmp_path / "src" / "good", {"a.py": "def f(x):\n    return x\n"})
    repos_file = tmp_path / "repos.txt"
    repos_file.write_text(f"{good.root}  <script>alert(1)</script>  service\nfile:///etc\n")
    env = {**os.environ, "GITHUB_TOKEN": TOKEN}
    run = [sys.executable, "-m", "scorecard", "org"]
    done = subprocess.run([*run, "scan", str(repos_file), "--workspace", str(tmp_path / "ws"),
                           "--store", pg_url, "--workers", "2"], env=env, capture_output=True,
                          text=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "1 scanned" in done.stdout and TOKEN not in done.stdout + done.stderr
    out = tmp_path / "org.html"
    done = subprocess.run([*run, "report", "--store", pg_url, "-o", str(out), "--json",
                           str(tmp_path / "org.json"), "--csv", str(tmp_path / "org.csv")],
                          env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    page = out.read_text()
    assert "<script" not in page and "&lt;script&gt;" in page
    assert "http://" not in page and "https://" not in page  # nothing to fetch
    data = json.loads((tmp_path / "org.json").read_text())
    assert {r["repository"] for r in data["repositories"]} == {"src/good", "file:///etc"}
    # The single-repository commands read the same database (keyed by the repository).
    done = subprocess.run([sys.executable, "-m", "scorecard", "scan", str(good.root), "--rev",
                           "HEAD", "--save", "--store", pg_url, "--format", "json", "-o",
                           os.devnull], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    done = subprocess.run([sys.executable, "-m", "scorecard", "history", "--path",
                           str(good.root), "--store", pg_url], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0 and good.commits[-1][:10] in done.stdout, done.stderr


@pytest.mark.parametrize("args", [
    ["org", "scan"],
    ["org", "scan", "x.txt", "--github-org", "acme"],
    ["org", "scan", "--github-org", "acme", "--memory-limit", "lots"],
    ["org", "scan", "--github-org", "acme", "--timeout", "never"],
    ["org", "scan", "--github-org", "acme", "--scheduler", "http://x", "--store", "p.db"],
    ["org", "scan", "--github-org", "acme", "--store", "mysql://x/y"],
    ["org", "scan", "no-such-file.txt"],
    ["org", "report", "--store", "no-such.sqlite3"],
    ["org", "report", "--store", "postgresql://nobody:pw@127.0.0.1:1/x"],
])
def test_bad_arguments_are_one_line_exit_2(args: list[str], tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    from scorecard.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", ["scorecard", *args])
    with pytest.raises(SystemExit) as caught:
        main()
    err = capsys.readouterr().err
    assert caught.value.code == 2, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "pw@" not in err


def test_report_escapes_and_quotes_formulas(tmp_path: Path) -> None:
    from scorecard.storeschema import RepositoryRecord

    with open_store(tmp_path, str(tmp_path / "s.db")) as store:
        store.record_repository(RepositoryRecord(
            "<img src=x onerror=alert(1)>", "u", team="=HYPERLINK(\"http://evil\")",
            status="failed", error="<b>boom</b>", updated_at="t"))
        data = build_org_data(store, title="<t>")
    page = render_org_html(data)
    assert "<img" not in page and "<b>" not in page and "<t>" not in page
    assert "<svg" in page and "overall score" in page  # the histogram's axis title
    import csv

    rows = list(csv.reader(render_org_csv(data).splitlines()))
    assert rows[1][1].startswith("'=")


def _pages(request: httpx.Request) -> httpx.Response:
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    page = int(request.url.params.get("page", "1"))
    items = [{"full_name": f"acme/r{page}{i}", "clone_url": f"https://github.com/acme/r{page}{i}.git",
              "archived": i == 1, "fork": i == 2} for i in range(3)]
    headers = {}
    if page == 1:
        headers["Link"] = '<https://api.github.com/orgs/acme/repos?per_page=100&page=2>; rel="next"'
    return httpx.Response(200, json=items, headers=headers)


def test_github_listing_pages_and_skips_archived_and_forks() -> None:
    repos = list_org_repos("acme", TOKEN, transport=httpx.MockTransport(_pages))
    assert [r.name for r in repos] == ["acme/r10", "acme/r20"]
    every = list_org_repos("acme", TOKEN, include_archived=True, include_forks=True,
                           transport=httpx.MockTransport(_pages))
    assert len(every) == 6


def test_github_listing_error_never_shows_the_token() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, text=f"bad credentials {TOKEN}")

    with pytest.raises(GitHubListingError) as caught:
        list_org_repos("acme", TOKEN, transport=httpx.MockTransport(refuse))
    assert TOKEN not in caught.value.message and "401" in caught.value.message


def test_backfill_stores_quarter_ends_and_the_report_shows_movers(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "src" / "grow")
    body = "def f(x):\n    return x\n"
    for month in ("03", "06", "09", "12"):
        body += (f"\ndef g{month}(a, b, c, d, e, f, g):\n" + "".join(
            "    " * (i + 1) + f"if a > {i}:\n" for i in range(5)) + "    " * 6 + "return 1\n"
            "    return 0\n")
        repo.commit({"a.py": body}, message=f"change {month}",
                    date=f"2025-{month}-10T10:00:00+00:00")
    workspace = tmp_path / "ws"
    listing = parse_repos_text(f"{repo.root} core", workspace=workspace, base=tmp_path)
    store = str(tmp_path / "org.sqlite3")
    result = run_batch(listing.repos, (), store_spec=store,
                       settings=TaskSettings(workspace=str(workspace), timeout=300,
                                             backfill="2y"),
                       cluster=Cluster(None, 1))
    assert [o.status for o in result.outcomes.values()] == ["ok"], result.outcomes
    with open_store(tmp_path, store, create=False) as snapshots:
        assert {r.commit for r in snapshots.snapshot_rows()} == set(repo.commits)
        data = build_org_data(snapshots, title="t")
    row = data.repositories[0]
    assert row.commit == repo.commits[-1] and row.previous_at is not None
    assert row.delta is not None  # a quarter-older snapshot exists: the repository is a mover
    assert "Movers" in render_org_html(data)


def test_scan_child_has_a_memory_limit_and_a_deadline(tmp_path: Path) -> None:
    import time

    from scorecard.org.task import _run_scorecard

    # A scan (not `--version`, which may need no memory beyond what the child starts with).
    small = _repo(tmp_path / "small", {"a.py": "def f(x):\n    return x\n"})
    with pytest.raises(RuntimeError, match="ran out of memory"):
        _run_scorecard(["scan", str(small.root), "--no-cache", "-o", os.devnull],
                       TaskSettings(workspace=str(tmp_path), memory_bytes=32 * 1024**2),
                       time.monotonic() + 60)
    # Enough files that the scan outlasts the deadline even in a child that starts with
    # scorecard imported (the fork server's).
    body = "".join(f"def f{n}(x):\n    if x > {n}:\n        return x\n    return {n}\n"
                   for n in range(40))
    repo = _repo(tmp_path / "r", {f"m{n}.py": body for n in range(300)})
    started = time.monotonic()
    with pytest.raises(TimeoutError, match="timed out after 0.3 s"):
        _run_scorecard(["scan", str(repo.root), "-o", os.devnull],
                       TaskSettings(workspace=str(tmp_path), timeout=0.3), started + 0.3)
    assert time.monotonic() - started < 10  # killed at the deadline, not waited for


def test_scan_children_fork_from_a_server_that_imported_scorecard(tmp_path: Path) -> None:
    """A child runs the command with scorecard loaded already; exit code, stderr, CPU."""
    from scorecard.org.scan_process import can_fork_scans, run_in_fork

    assert can_fork_scans()
    repo = _repo(tmp_path / "r", {"a.py": "def f(x):\n    return x\n"})
    out = tmp_path / "report.json"
    run = run_in_fork(["scan", str(repo.root), "-f", "json", "-o", str(out)], environ={},
                      removed=[], memory_bytes=4 * 1024**3, seconds=120)
    assert run is not None and run.exit_code == 0, run
    assert json.loads(out.read_text())["commit"] == repo.commits[-1]
    assert run.cpu_seconds > 0  # reported by the child: it is no child of this process
    bad = run_in_fork(["scan", "--bogus"], environ={}, removed=[],
                      memory_bytes=4 * 1024**3, seconds=120)
    assert bad is not None and bad.exit_code == 2
    assert b"--bogus" in bad.stderr and b"Traceback" not in bad.stderr


def _daemonic_check(queue: object) -> None:
    from scorecard.org.scan_process import can_fork_scans

    queue.put(can_fork_scans())  # type: ignore[attr-defined]


def test_a_daemonic_worker_scans_in_a_fresh_interpreter_instead() -> None:
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_daemonic_check, args=(queue,), daemon=True)
    process.start()
    assert queue.get(timeout=60) is False
    process.join(60)


def test_a_fork_server_that_cannot_start_leaves_scans_to_an_interpreter(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from scorecard.org import scan_process
    from scorecard.org.task import _run_scorecard

    class _Unstartable:
        pid = None

        def __init__(self, **_: object) -> None:
            pass

        def start(self) -> None:
            raise OSError("no fork server here")

    class _Context:
        Process = _Unstartable

    monkeypatch.setattr(scan_process, "_fork_server", lambda: _Context())
    monkeypatch.setattr(scan_process, "_fork_failed", False)
    settings = TaskSettings(workspace=str(tmp_path))
    assert _run_scorecard(["--version"], settings, time.monotonic() + 60) == ""
    assert not scan_process.can_fork_scans()  # not tried again for every repository
    assert _run_scorecard(["--version"], settings, time.monotonic() + 60) == ""


def _renaming_repo(root: Path, config: str) -> GitRepo:
    """Five years of history, enough files and fixes to fit the risk model, and a file
    renamed with edits in the window before the measured one (the fit's) and long before."""
    repo = GitRepo.create(root)

    def body(tag: str) -> str:
        return "".join(f"def f{n}(x):\n    return x + {n}\n\n" for n in range(20)) + tag

    files = {f"pkg/m{n}.py": body(f"# m{n}\n") for n in range(32)}
    repo.commit({"scorecard.toml": config, "pkg/old_a.py": body("# a\n"),
                 "pkg/old_b.py": body("# b\n"), **files},
                date="2021-03-10T10:00:00+00:00", message="start")
    repo.commit({"pkg/mid_a.py": body("# a\n# moved\n")}, remove=("pkg/old_a.py",),
                date="2021-09-10T10:00:00+00:00", message="move a")
    for step, date in enumerate(("2023-12-01", "2024-03-10", "2024-05-10")):
        repo.commit({"pkg/old_b.py": body(f"# b\n# edit {step}\n"),
                     f"pkg/m{step}.py": body(f"# m{step}\n# edit\n")},
                    date=f"{date}T10:00:00+00:00", message=f"edit b {step}")
    repo.commit({"pkg/new_b.py": body("# b\n# edit 2\n# moved\n")}, remove=("pkg/old_b.py",),
                date="2024-10-10T10:00:00+00:00", message="move b")
    for n in range(10):
        path = "pkg/new_b.py" if n == 0 else f"pkg/m{n}.py"
        repo.commit({path: body(f"# fixed {n}\n")},
                    date=f"2025-{n + 2:02d}-10T10:00:00+00:00", message=f"fix: bug {n}")
    return repo


def _org_task(repo: GitRepo, tmp_path: Path) -> tuple[Any, TaskSettings, Outcome]:
    """Run the org task on ``repo`` (a local source) in a fresh workspace: its spec,
    settings and outcome."""
    from scorecard.org.task import scan_repository

    workspace = tmp_path / "ws"
    workspace.mkdir(exist_ok=True)
    (spec,) = parse_repos_text(f"{repo.root}", workspace=workspace, base=tmp_path).repos
    settings = TaskSettings(workspace=str(workspace), timeout=300)
    return spec, settings, scan_repository(spec, settings)


def _org_and_full(repo: GitRepo, tmp_path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return the org task's report of ``repo`` and a scan's of the full repository."""
    import time

    from scorecard.org.task import _scan

    _, settings, outcome = _org_task(repo, tmp_path)
    assert outcome.status == "ok", outcome.error
    full = json.loads(_scan(repo.root, repo.commits[-1], settings, time.monotonic() + 300))
    return json.loads(outcome.report_json or "{}"), full


@pytest.mark.parametrize("config", ["", "[history]\nsince_days = 1500\n"],
                         ids=["default window", "a window longer than the blobs fetched"])
def test_an_org_scan_reads_the_history_a_full_clone_reads(tmp_path: Path, config: str) -> None:
    """The blobs of both windows the history reads (the fit's too) are fetched first, and
    a window longer than that fetches the rest: the report is the full clone's."""
    org, full = _org_and_full(_renaming_repo(tmp_path / "src" / "moves", config), tmp_path)
    assert org["config_digest"] == full["config_digest"]  # the repository's own configuration
    assert "unreadable" not in org["details"]["history"]
    # The default window fits the model on the window before (renames with edits there).
    assert full["details"]["history"]["risk"]["model"]["source"] == ("prior" if config
                                                                      else "fitted")
    assert org["details"]["history"] == full["details"]["history"]


def test_the_configuration_of_the_commit_is_taken_with_its_check_folders(tmp_path: Path) -> None:
    """A clone without a work tree still scans with the repository's configuration."""
    from scorecard.org.commit_config import commit_config

    repo = GitRepo.create(tmp_path / "r")
    repo.commit({"pyproject.toml": "[project]\nname = 'x'\n", "a.py": "x = 1\n"})
    out = tmp_path / "out"
    out.mkdir()
    assert commit_config(repo.root, "HEAD", out) == []  # no [tool.scorecard]: the defaults
    repo.commit({"pyproject.toml": "[tool.scorecard]\ncheck_paths = ['q/checks', '../up']\n"})
    with pytest.raises(ValueError, match="check_paths names '../up', outside the repository"):
        commit_config(repo.root, "HEAD", out)
    repo.commit({"pyproject.toml": "[tool.scorecard]\ncache_dir = '/tmp/elsewhere'\n"})
    with pytest.raises(ValueError, match="cache_dir cannot be set by the scanned repository"):
        commit_config(repo.root, "HEAD", out)
    repo.commit({"pyproject.toml": "[tool.scorecard]\ncheck_paths = ['q/checks']\n",
                 "q/checks/mine.toml": "# a check\n", "q/other.txt": "not copied\n"})
    (repo.root / "q" / "checks" / "link.toml").symlink_to("/etc/passwd")
    repo.commit({})
    assert commit_config(repo.root, "HEAD", out) == ["--config", str(out / "pyproject.toml")]
    copied = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert copied == ["pyproject.toml", "q/checks/mine.toml"]  # no link, nothing outside
    assert not any(p.is_symlink() for p in out.rglob("*"))
    (repo.root / "scorecard.toml").symlink_to("q/other.txt")
    repo.commit({})
    # A link is no configuration: pyproject.toml's table is the one in force.
    assert commit_config(repo.root, "HEAD", out) == ["--config", str(out / "pyproject.toml")]
    (repo.root / "scorecard.toml").unlink()
    repo.commit({"scorecard.toml": "[history]\nrisk = false\n"})
    assert commit_config(repo.root, "HEAD", out) == ["--config", str(out / "scorecard.toml")]


def test_an_org_scan_finds_removals_as_far_back_as_a_full_clone(tmp_path: Path) -> None:
    """The removal lookups search the newest 500 commits, which in a quiet repository reach
    back further than the history's windows: their blobs are fetched too."""
    from tests.gitrepo import ImportCommit, fast_import

    repo = GitRepo.create(tmp_path / "src" / "quiet")
    reads = 'import os\nA = os.getenv("KEEP_ME")\nB = os.getenv("OLD_SETTING")\n'
    steps = [ImportCommit({"app/main.py": reads, "README.md": "Set `KEEP_ME` and "
                           "`OLD_SETTING` (environment variables).\n"},
                          date="2021-01-10T10:00:00+00:00", message="start")]
    steps += [ImportCommit({"app/early.py": f"E = {n}\n"},
                           date=f"2021-{2 + n:02d}-10T10:00:00+00:00", message=f"early {n}")
              for n in range(10)]
    steps += [ImportCommit({"app/main.py": 'import os\nA = os.getenv("KEEP_ME")\n'},
                           date="2022-06-10T10:00:00+00:00", message="drop OLD_SETTING")]
    # 498 later commits: the removal is the 499th newest, inside the 500 searched.
    steps += [ImportCommit({"app/count.py": f"N = {n}\n"},
                           date=f"2025-{6 + n // 100:02d}-{1 + n % 28:02d}T10:00:00+00:00",
                           message=f"step {n}") for n in range(498)]
    fast_import(repo, steps)
    org, full = _org_and_full(repo, tmp_path)
    assert [r["subject"] for r in full["details"]["overrides"]["removals"]] == [
        "drop OLD_SETTING"]
    assert org["details"]["overrides"]["removals"] == full["details"]["overrides"]["removals"]


def test_a_repository_whose_configuration_is_bad_fails_naming_its_file(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "src" / "bad")
    sha = repo.commit({"a.py": "x = 1\n", "scorecard.toml": '[history]\nsince_days = "soon"\n'})
    _, _, outcome = _org_task(repo, tmp_path)
    assert outcome.status == "failed"
    assert outcome.error.startswith(f"error: invalid configuration ({sha[:12]}:scorecard.toml): "
                                    "history.since_days"), outcome.error


def test_an_org_scan_reads_the_release_tags_a_full_clone_reads(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "src" / "tagged")
    repo.commit({"a.py": "x = 1\n", "CHANGES.md": "# Changes\n\n## 1.0\n\nFirst.\n"},
                date="2026-01-10T10:00:00+00:00")
    repo.git("tag", "-a", "1.0", "-m", "release 1.0", date="2026-01-10T10:00:00+00:00")
    repo.commit({"a.py": "x = 2\n"}, date="2026-02-10T10:00:00+00:00")
    org, full = _org_and_full(repo, tmp_path)
    assert full["details"]["runbooks"]["release_tags"] == 1
    assert org["details"]["runbooks"] == full["details"]["runbooks"]
    # The next run fetches into the same clone: a new tag comes with it.
    repo.commit({"CHANGES.md": "# Changes\n\n## 1.1\n\n## 1.0\n\nFirst.\n"},
                date="2026-03-10T10:00:00+00:00")
    repo.git("tag", "-a", "1.1", "-m", "release 1.1", date="2026-03-10T10:00:00+00:00")
    _, _, again = _org_task(repo, tmp_path)
    assert json.loads(again.report_json or "{}")["details"]["runbooks"]["release_tags"] == 2


@pytest.mark.parametrize(("files", "language"), [
    ({"main.go": "package main\n\nfunc main() {\n\tif true {\n\t\treturn\n\t}\n}\n",
      "go.mod": "module example.com/svc\n\ngo 1.22\n", "tool.py": "x = 1\n"}, "go"),
    ({"app.py": "def f(x):\n    return x\n"}, "python"),
    ({"README.md": "# docs only\n"}, ""),
])
def test_an_org_scan_names_the_main_language(tmp_path: Path, files: dict[str, str],
                                             language: str) -> None:
    repo = GitRepo.create(tmp_path / "src")
    repo.commit(files, date="2026-01-10T10:00:00+00:00")
    _, _, outcome = _org_task(repo, tmp_path)
    assert outcome.status == "ok", outcome.error
    assert outcome.language == language


def test_the_org_page_and_exports_carry_no_control_characters(tmp_path: Path) -> None:
    from scorecard.storeschema import RepositoryRecord

    hostile = "ansi\x1b[31mRED\x1b]0;pwned\x07\x9b2J\u202egnp.py"
    with open_store(tmp_path, str(tmp_path / "s.db")) as store:
        store.record_repository(RepositoryRecord(
            hostile, "u", team="t\x1bx", status="failed", error=hostile, updated_at="t"))
        data = build_org_data(store, title="org")
    page = render_org_html(data)
    for character in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert character not in page
    assert "RED" in page
    exported = render_org_csv(data) + render_org_json(data)
    for character in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert character not in exported
    assert json.loads(render_org_json(data))["failures"][0]["error"] == hostile


def test_an_empty_repository_is_a_clear_per_repository_error(tmp_path: Path) -> None:
    from scorecard.org.repos import RepoSpec
    from scorecard.repo.clones import CloneError, head_commit, prepare

    GitRepo.create(tmp_path / "src" / "empty")  # no commit yet
    workspace = tmp_path / "ws"
    workspace.mkdir()
    spec = RepoSpec("src/empty", str(tmp_path / "src" / "empty"), local=True)
    dest = prepare(spec, workspace, seconds=30)
    with pytest.raises(CloneError, match=r"^the remote has no default branch \(an empty "
                                         r"repository\?\)$"):
        head_commit(dest, seconds=30)
