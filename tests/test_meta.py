"""Meta tests that keep the design honest: checks, metrics, schema, the built wheel."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from scorecard.analyzers import ANALYZERS, declared_metrics
from scorecard.resources import checks_dir, schema_path
from scorecard.scoring import load_checks

ROOT = Path(__file__).resolve().parent.parent


def test_every_check_file_loads_and_names_a_declared_metric() -> None:
    checks = load_checks([checks_dir()], declared_metrics())
    files = sorted(checks_dir().rglob("*.toml"))
    assert len(checks) == len(files) > 0
    for check in checks:
        assert check.metric in declared_metrics()
        assert check.source.split("/")[1] == check.pillar.value  # checks/<pillar>/<name>.toml


def test_every_declared_metric_is_used_by_a_check() -> None:
    used = {c.metric for c in load_checks([checks_dir()], declared_metrics())}
    unused = set(declared_metrics()) - used
    assert not unused, f"metrics no check uses: {sorted(unused)}"


def test_metric_ids_are_unique_and_prefixed_by_their_analyzer() -> None:
    seen: set[str] = set()
    for analyzer in ANALYZERS:
        for metric in analyzer.metrics:
            assert metric.id not in seen
            seen.add(metric.id)
            assert metric.id.startswith(f"{analyzer.name}.")
            assert metric.description and metric.unit


def test_schema_is_valid_json_schema() -> None:
    import jsonschema

    jsonschema.Draft202012Validator.check_schema(json.loads(schema_path().read_text()))


@pytest.mark.slow
def test_wheel_contains_data_and_scans_outside_the_source_tree(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir",
                    str(dist), str(ROOT)], check=True, capture_output=True)
    wheel = next(dist.glob("maintainability_scorecard-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    shipped_checks = [n for n in names if n.startswith("scorecard/_data/checks/")]
    assert len(shipped_checks) == len(list((ROOT / "checks").rglob("*.toml")))
    assert any(n.startswith("scorecard/_data/templates/") for n in names)
    assert "scorecard/schema/report.schema.json" in names

    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--target", str(target), str(wheel)], check=True, capture_output=True)
    sample = tmp_path / "sample"
    sample.mkdir()
    (sample / "m.py").write_text("def f(x):\n    return x\n")
    env = dict(os.environ, PYTHONPATH=str(target))
    done = subprocess.run([sys.executable, "-m", "scorecard", "scan", str(sample), "-f", "json",
                           "--no-cache"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["details"]["complexity"]["functions"] == 1
    probe = subprocess.run([sys.executable, "-c", "import scorecard; print(scorecard.__file__)"],
                           cwd=tmp_path, env=env, capture_output=True, text=True)
    assert probe.stdout.startswith(str(target))


def test_example_config_is_valid(tmp_path: Path) -> None:
    from scorecard.api import load_effective_checks

    loaded = load_effective_checks(tmp_path, config_file=ROOT / "examples" / "scorecard.toml",
                                   environ={})
    by_id = {c.id: c for c in loaded.checks}
    assert not by_id["evolvability.truck-factor"].enabled
    assert loaded.config.fail_under == 6.5


def test_demo_repository_builds_and_scans(tmp_path: Path) -> None:
    demo = tmp_path / "demo"
    subprocess.run([sys.executable, str(ROOT / "examples" / "build_demo_repo.py"), str(demo)],
                   check=True, capture_output=True)
    done = subprocess.run([sys.executable, "-m", "scorecard", "scan", str(demo), "-f", "json",
                           "--until", "2026-07-01", "--no-cache"], capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    hotspots = [h["path"] for h in report["details"]["history"]["hotspots"]]
    assert "shop/orders.py" in hotspots
