"""Staleness from git history: semantic changes only, section-level dating, moved alerts."""

from __future__ import annotations

from pathlib import Path

from scorecard.analyzers.runbooks import RunbooksAnalyzer
from tests.gitrepo import GitRepo
from tests.runbooks_support import run

JAN, FEB, MAR, APR, MAY = (f"2026-{m:02d}-01T12:00:00+00:00" for m in (1, 2, 3, 4, 5))


def rule(name: str, expr: str, *, labels: str = "", target: str = "") -> str:
    link = target or f"runbooks/{name}.md"
    return (f"  - alert: {name}\n    expr: {expr}\n    for: 5m\n    labels:\n"
            f"      severity: critical\n{labels}    annotations:\n"
            f"      runbook_url: {link}\n")


def rules(*bodies: str) -> str:
    return "groups:\n- name: app\n  rules:\n" + "".join(bodies)


def runbook(name: str) -> str:
    return (f"# {name}\n\n## Meaning\nThe {name} alert means the app stopped answering "
            "health checks.\n\n## Mitigation\nRestart the app pods.\n")


SHARED = ("# App runbooks\n\n## AppA\n\n### Meaning\nAppA fires when queue A backs up for "
          "minutes.\n\n## AppB\n\n### Meaning\nAppB fires when queue B backs up for minutes.\n")


def _history(repo: GitRepo) -> None:
    down = 'up{job="app"} == 0'
    repo.commit({
        "rules/app.yaml": rules(rule("AppDown", down), rule("AppSlow", "app_latency_seconds > 1"),
                                rule("AppA", "app_queue_a > 10", target="runbooks/all.md#appa"),
                                rule("AppB", "app_queue_b > 10", target="runbooks/all.md#appb")),
        "runbooks/AppDown.md": runbook("AppDown"), "runbooks/AppSlow.md": runbook("AppSlow"),
        "runbooks/all.md": SHARED,
        "runbooks/Worker.md": "# Worker\n\n## Diagnosis\nRead `app/worker.py`.\n",
        "app/worker.py": "def work(queue):\n    return queue.pop()\n",
    }, date=JAN)
    # Labels, annotations and formatting only: no semantic change anywhere.
    team = "      team: checkout\n"
    repo.commit({
        "rules/app.yaml": rules(rule("AppDown", 'up{job="app"}==0', labels=team),
                                rule("AppSlow", "app_latency_seconds > 1.0", labels=team),
                                rule("AppA", "app_queue_a > 10", target="runbooks/all.md#appa"),
                                rule("AppB", "app_queue_b > 10", target="runbooks/all.md#appb")),
        "app/worker.py": "def work(queue):\n    # take the oldest item\n    return queue.pop()\n",
    }, date=FEB)
    # Semantic changes: AppSlow's threshold, AppA's threshold, the worker's behaviour.
    repo.commit({
        "rules/app.yaml": rules(rule("AppDown", 'up{job="app"}==0', labels=team),
                                rule("AppSlow", "app_latency_seconds > 2", labels=team),
                                rule("AppA", "app_queue_a > 50", target="runbooks/all.md#appa"),
                                rule("AppB", "app_queue_b > 10", target="runbooks/all.md#appb")),
        "app/worker.py": "def work(queue):\n    return queue.pop(0)\n",
    }, date=MAR)
    # Only AppB's section of the shared runbook is edited: AppA's section stays old.
    repo.commit({"runbooks/all.md": SHARED.replace("queue B backs up", "queue B is full")},
                date=APR)
    # AppDown moves to another rule file unchanged: not a change of meaning.
    repo.commit({
        "rules/app.yaml": rules(rule("AppSlow", "app_latency_seconds > 2", labels=team),
                                rule("AppA", "app_queue_a > 50", target="runbooks/all.md#appa"),
                                rule("AppB", "app_queue_b > 10", target="runbooks/all.md#appb")),
        "rules/down.yaml": rules(rule("AppDown", 'up{job="app"} == 0', target="../runbooks/"
                                                                           "AppDown.md")),
    }, date=MAY)


def test_only_semantic_changes_after_the_runbook_make_it_stale(git_repo: GitRepo) -> None:
    _history(git_repo)
    outcome = run(RunbooksAnalyzer(), git_repo.root)
    assert outcome.where("runbooks.stale_share") == [
        ("runbooks/AppSlow.md", 1), ("runbooks/Worker.md", 1), ("runbooks/all.md", 3)]
    messages = {f.location.path: f.message for f in outcome.findings("runbooks.stale_share")}
    assert messages["runbooks/AppSlow.md"] == ("runbook last changed 2026-01-01; alert AppSlow "
                                               "expr changed 2026-03-01 (lag 59 days)")
    assert messages["runbooks/all.md"].endswith("alert AppA expr changed 2026-03-01 (lag 59 days)")
    assert messages["runbooks/Worker.md"].endswith("app/worker.py changed 2026-03-01 (lag 59 days)")
    # AppDown (labels, formatting, moved) and AppB (section edited later) are fresh.
    assert outcome.details["staleness"] == {"compared": 5, "stale": 3, "max_lag_days": 59}
    assert outcome.value("runbooks.stale_share") == 60.0


def test_history_is_not_applicable_without_git_or_in_a_shallow_clone(tmp_path: Path,
                                                                      git_repo: GitRepo) -> None:
    _history(git_repo)
    plain = tmp_path / "plain"
    plain.mkdir()
    for source in git_repo.root.rglob("*"):
        if source.is_file() and ".git" not in source.parts:
            target = plain / source.relative_to(git_repo.root)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
    outcome = run(RunbooksAnalyzer(), plain)
    assert outcome.value("runbooks.stale_share") is None
    assert outcome.measurements["runbooks.stale_share"].note.startswith("not a git repository")

    shallow = tmp_path / "shallow"
    git_repo.git("clone", "-q", "--depth", "1", f"file://{git_repo.root}", str(shallow))
    outcome = run(RunbooksAnalyzer(), shallow)
    assert "fetch-depth: 0" in outcome.measurements["runbooks.stale_share"].note


def test_uncommitted_runbook_is_not_stale(git_repo: GitRepo) -> None:
    git_repo.commit({"rules/app.yaml": rules(rule("AppSlow", "app_latency_seconds > 1"))},
                    date=JAN)
    (git_repo.root / "runbooks").mkdir()
    (git_repo.root / "runbooks" / "AppSlow.md").write_text(runbook("AppSlow"))
    outcome = run(RunbooksAnalyzer(), git_repo.root)
    assert outcome.findings("runbooks.stale_share") == []
