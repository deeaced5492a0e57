"""Configuration sources, precedence and the one-line error listing every problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from scorecard.api import load_effective_checks
from scorecard.config import load_config
from scorecard.errors import ConfigError

DEFAULTS = {"complexity": {"cyclomatic_limit": 10, "cognitive_limit": 15}}


def _load(root: Path, environ: dict[str, str] | None = None, flags: dict[str, object] | None = None,
          config_file: Path | None = None):  # type: ignore[no-untyped-def]
    return load_config(root, config_file=config_file, environ=environ or {}, flags=flags or {},
                       analyzer_defaults=DEFAULTS)


def test_pyproject_then_env_then_flags(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.scorecard]\nfail_under = 5\nexclude = ["a/**"]\n'
        "[tool.scorecard.complexity]\ncyclomatic_limit = 12\n"
    )
    config = _load(tmp_path)
    assert config.fail_under == 5.0
    assert config.exclude == ("a/**",)
    assert config.analyzer_options["complexity"] == {"cyclomatic_limit": 12}
    assert _load(tmp_path, {"SCORECARD_FAIL_UNDER": "6"}).fail_under == 6.0
    assert _load(tmp_path, {"SCORECARD_FAIL_UNDER": "6"}, {"fail_under": 7}).fail_under == 7.0


def test_time_limit_is_seconds_not_a_score(tmp_path: Path) -> None:
    (tmp_path / "scorecard.toml").write_text("max_file_seconds = 120\n")
    assert _load(tmp_path).max_file_seconds == 120.0
    assert _load(tmp_path, {"SCORECARD_MAX_FILE_SECONDS": "0"}).max_file_seconds == 0.0
    for bad in ("abc", "-1"):
        with pytest.raises(ConfigError, match="MAX_FILE_SECONDS must be a number of seconds"):
            _load(tmp_path, {"SCORECARD_MAX_FILE_SECONDS": bad})


def test_scorecard_toml_wins_over_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.scorecard]\nfail_under = 5\n")
    (tmp_path / "scorecard.toml").write_text("fail_under = 3\n")
    config = _load(tmp_path)
    assert (config.fail_under, config.source) == (3.0, "scorecard.toml")


def test_every_problem_listed_at_once(tmp_path: Path) -> None:
    (tmp_path / "scorecard.toml").write_text(
        'fail_under = "high"\nexclude = 3\ncolour = true\n'
        "[complexity]\ncyclomatic_limit = \"ten\"\nbogus = 1\n"
    )
    with pytest.raises(ConfigError) as caught:
        _load(tmp_path, {"SCORECARD_NOPE": "1", "SCORECARD_JOBS": "-2"})
    problems = caught.value.problems
    assert len(problems) == 7, problems
    message = caught.value.message
    assert "\n" not in message
    for fragment in ("fail_under", "exclude", "'colour'", "complexity.cyclomatic_limit",
                     "complexity.bogus", "SCORECARD_NOPE", "SCORECARD_JOBS"):
        assert fragment in message


def test_invalid_toml_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "scorecard.toml").write_text("fail_under = = 3\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        _load(tmp_path)


def test_missing_explicit_config(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        _load(tmp_path, config_file=tmp_path / "nope.toml")


def test_check_overrides_validated_against_checks(tmp_path: Path) -> None:
    (tmp_path / "scorecard.toml").write_text(
        '[checks."simplicity.parameter-count"]\nweight = 2\nbest = 1.0\nworst = 8.0\n'
        '[checks."simplicity.nesting-depth"]\nenabled = false\n'
    )
    loaded = load_effective_checks(tmp_path, environ={})
    by_id = {c.id: c for c in loaded.checks}
    assert by_id["simplicity.parameter-count"].weight == 2
    assert by_id["simplicity.parameter-count"].scorer.worst == 8.0
    assert not by_id["simplicity.nesting-depth"].enabled

    (tmp_path / "scorecard.toml").write_text(
        '[checks."no.such"]\nweight = 1\n[checks."simplicity.nesting-depth"]\nbest = 4\n'
        "worst = 4\ncolour = 1\n"
    )
    with pytest.raises(ConfigError) as caught:
        load_effective_checks(tmp_path, environ={})
    assert len(caught.value.problems) == 3, caught.value.problems


def test_boolean_analyzer_options_are_accepted(tmp_path: Path) -> None:
    # A boolean option is a bool, not a number that failed the finite check.
    (tmp_path / "scorecard.toml").write_text("[history]\nrisk = false\n")
    config = load_config(tmp_path, config_file=None, environ={}, flags={},
                         analyzer_defaults={"history": {"risk": True, "since_days": 365}})
    assert config.analyzer_options["history"] == {"risk": False}


@pytest.mark.parametrize("name", ["scorecard.toml", "pyproject.toml"])
def test_a_configuration_that_links_outside_the_repository_is_refused(tmp_path: Path,
                                                                        name: str) -> None:
    outside = tmp_path / "elsewhere.toml"
    outside.write_text("[tool.scorecard]\nfail_under = 9\nfail_under_again = 1\n")
    repo = tmp_path / "repo"
    (repo / "conf").mkdir(parents=True)
    (repo / name).symlink_to(outside)
    with pytest.raises(ConfigError, match=f"{name} links outside the scanned folder"):
        _load(repo)
    # A link inside the repository is the repository's own file; --config reads any file.
    (repo / "conf" / "shared.toml").write_text("[tool.scorecard]\nfail_under = 4\n"
                                               if name == "pyproject.toml" else "fail_under = 4\n")
    (repo / name).unlink()
    (repo / name).symlink_to(repo / "conf" / "shared.toml")
    assert _load(repo).fail_under == 4.0
    (repo / "fine.toml").write_text("fail_under = 3\n")
    assert _load(repo, config_file=repo / "fine.toml").fail_under == 3.0


def test_the_repositorys_check_folders_stay_inside_it(tmp_path: Path) -> None:
    """A folder named from the repository's own configuration never leaves the repository."""
    repo = tmp_path / "repo"
    repo.mkdir()
    for folders in ('["/"]', '["../.."]'):
        (repo / "scorecard.toml").write_text(f"check_paths = {folders}\n")
        with pytest.raises(ConfigError, match="is outside the scanned folder"):
            _load(repo)
    # The user's own --config may name any folder.
    (tmp_path / "mine.toml").write_text(f'check_paths = ["{tmp_path}"]\n')
    assert _load(repo, config_file=tmp_path / "mine.toml").check_paths == (tmp_path,)


@pytest.mark.parametrize("kind", ["link to a device", "pipe", "link outside", "huge"])
def test_a_check_folder_never_makes_scorecard_read_what_never_ends(tmp_path: Path,
                                                                   kind: str) -> None:
    import os

    from scorecard.api import load_effective_checks

    repo = tmp_path / "repo"
    (repo / "checks").mkdir(parents=True)
    (repo / "scorecard.toml").write_text('check_paths = ["checks"]\n')
    evil = repo / "checks" / "evil.toml"
    if kind == "link to a device":
        evil.symlink_to("/dev/zero")
    elif kind == "pipe":
        os.mkfifo(evil)
    elif kind == "link outside":
        (tmp_path / "secret.toml").write_text("token = 'x'\n")
        evil.symlink_to(tmp_path / "secret.toml")
    else:
        evil.write_text("# " + "x" * (2 * 1024 * 1024) + "\n")
    with pytest.raises(ConfigError, match="checks/evil.toml: (links outside|not a regular|larger)"):
        load_effective_checks(repo, environ={})


def test_the_repository_cannot_make_scorecard_read_a_file_elsewhere(tmp_path: Path) -> None:
    """A risk prior is a file anywhere on the machine: the repository may not name one."""
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "scorecard.toml").write_text('[history]\nrisk_prior = "/etc/passwd"\n')
    with pytest.raises(ConfigError, match="history.risk_prior cannot be set by the scanned"):
        _load(repo)


def test_the_repository_cannot_choose_where_scorecard_writes(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "scorecard.toml").write_text('cache_dir = "/tmp/elsewhere"\n')
    with pytest.raises(ConfigError, match="cache_dir cannot be set by the scanned repository"):
        _load(repo)
    (repo / "scorecard.toml").unlink()
    (repo / "pyproject.toml").write_text('[tool.scorecard]\ncache_dir = "inside"\n')
    with pytest.raises(ConfigError, match="cache_dir cannot be set"):
        _load(repo)
    (tmp_path / "mine.toml").write_text(f'cache_dir = "{tmp_path / "cache"}"\n')
    assert _load(repo, config_file=tmp_path / "mine.toml").cache_dir == tmp_path / "cache"
    (repo / "pyproject.toml").unlink()
    assert _load(repo, environ={"SCORECARD_CACHE_DIR": str(tmp_path / "c2")}).cache_dir == (
        tmp_path / "c2")


def test_the_repository_cannot_lift_the_limits_that_keep_a_scan_finite(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "scorecard.toml").write_text("max_file_bytes = 4_000_000_000\n"
                                         "max_file_seconds = 0\n")
    with pytest.raises(ConfigError, match="max_file_bytes above 16,777,216 cannot be set by "
                                          "the scanned repository.*max_file_seconds of 0"):
        _load(repo)
    (repo / "scorecard.toml").write_text("max_file_bytes = 100_000\nmax_file_seconds = 5\n")
    assert _load(repo).max_file_bytes == 100_000  # lowering them is the repository's choice
    (tmp_path / "mine.toml").write_text("max_file_bytes = 100_000_000\n")
    assert _load(repo, config_file=tmp_path / "mine.toml").max_file_bytes == 100_000_000
    assert _load(repo, environ={"SCORECARD_MAX_FILE_SECONDS": "0"}).max_file_seconds == 0


def test_jobs_never_start_more_workers_than_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    """A repository's "jobs = 100000" must not fork a hundred thousand processes."""
    import os

    from scorecard.filescan import pool

    started: list[int] = []

    def fake_run_pool(batches, workers, progress, total):  # type: ignore[no-untyped-def]
        started.append(workers)
        return [[] for _ in batches]

    monkeypatch.setattr(pool, "_run_pool", fake_run_pool)
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    tasks = [(f"f{n}.py", b"x = 1\n", (), {}, 0.0) for n in range(pool.SERIAL_BELOW * 4)]
    pool._execute(tasks, 100_000, None)
    pool._execute(tasks, 3, None)
    assert started == [4, 3]
