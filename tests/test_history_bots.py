"""Bot accounts are not people: knowledge and coupling leave their commits out, churn keeps them.

A tiny repository where ``dependabot[bot]`` made most of the commits, months ago: counted
as a person, it would be the main author of ``app/core.py``, own two files only it changed
(islands, as it has been silent since), be the truck factor on its own and couple two
version files across modules. Three people (one named like a robot, with an email that
holds "bot") made the rest, recently.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import pytest

from scorecard.analyzers.history.bots import BUILTIN_BOTS, BotCommits, BotMatcher
from scorecard.analyzers.history.mining import mine
from scorecard.errors import ConfigError
from scorecard.repo.gitlog import iter_commits
from scorecard.reporters import render_markdown, render_terminal
from tests.gitrepo import GitRepo, ImportCommit, fast_import
from tests.history_support import NOW, history_checks, history_details, scan
from tests.test_cli import run_cli

SINCE = datetime(2025, 7, 1, tzinfo=UTC)
ALICE = ("Alice", "alice@example.com")
CAROL = ("Carol", "carol@example.com")
ROBOT = ("Robot Smith", "abbot@example.com")  # a person, whatever the words say
BOT = ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com")
RELEASE = ("Release Train", "release@ci.example.com")  # a team's own bot
BOT_ONLY = ("api/version.py", "web/version.py")
NOTE = "; 11 commits by 1 bot account (dependabot[bot]) not counted"


def _history() -> list[ImportCommit]:
    """The bot bumps the version files together and edits core.py, in autumn 2025; the
    people change one file each, four times, in 2026."""
    commits = [ImportCommit({path: f"VERSION = '1.{n}'\n" for path in BOT_ONLY}, BOT,
                            f"2025-09-{n + 1:02d}T10:00:00+00:00") for n in range(6)]
    commits += [ImportCommit({"app/core.py": f"def core():\n    return {n}\n"}, BOT,
                             f"2025-10-{n + 1:02d}T10:00:00+00:00") for n in range(5)]
    for person, path in ((ALICE, "app/core.py"), (CAROL, "lib/helper.py"),
                         (ROBOT, "lib/other.py")):
        commits += [ImportCommit({path: f"def f():\n    return {n + 10}\n"}, person,
                                 f"2026-0{n + 3}-10T10:00:00+00:00") for n in range(4)]
    return commits


@pytest.fixture
def repo(git_repo: GitRepo) -> GitRepo:
    """The repository above."""
    fast_import(git_repo, _history())
    return git_repo





def _modules(details: Mapping[str, Any]) -> dict[str, str]:
    return {m["name"]: m["main_author"] for m in details["knowledge"]["modules"]}


def test_the_person_is_the_main_author_and_bot_only_files_are_no_islands(repo: GitRepo
                                                                          ) -> None:
    report = scan(repo.root)
    details, checks = history_details(report), history_checks(report)
    # Counted as a person, the bot (5 of core.py's 9 changes, silent since October) would
    # own app/, api/ and web/ and leave three islands.
    assert _modules(details) == {"app": "Alice", "lib": "Robot Smith, Carol"}
    assert details["knowledge"]["islands"] == []
    island = checks["history.knowledge_island_share"]
    assert island.value == 0
    assert island.reason.endswith("0 of 3 changed files" + NOTE)


def test_the_truck_factor_counts_people(repo: GitRepo) -> None:
    truck = history_checks(scan(repo.root))["history.truck_factor"]
    # People: 4 + 4 + 4 changes, two of them make half; with the bot's 17, the bot alone.
    assert truck.value == 2
    assert truck.reason.endswith("3 authors changed files in the window" + NOTE)


def test_bot_commits_create_no_coupling_but_count_in_churn(repo: GitRepo) -> None:
    report = scan(repo.root)
    details = history_details(report)
    assert details["coupling"] == []  # the version files only ever changed together by bot
    coupling = history_checks(report)["history.cross_module_coupling"]
    assert coupling.value == 0 and coupling.reason.endswith("0 across modules" + NOTE)
    churn = {row["path"]: row for row in details["churn"]}
    assert churn["api/version.py"]["revisions"] == 6 and churn["api/version.py"]["authors"] == 0
    assert churn["app/core.py"]["revisions"] == 9 and churn["app/core.py"]["authors"] == 1
    assert details["window"]["commits"] == 23
    assert details["window"]["bot_commits_left_out"] == 11
    assert details["window"]["bot_accounts"] == ["dependabot[bot]"]


def test_mining_credits_bot_changes_to_no_author_and_no_pair(repo: GitRepo) -> None:
    mined = mine(iter_commits(repo.root, SINCE, NOW), bots=BUILTIN_BOTS)
    assert mined.churn.files["web/version.py"].revisions == 6
    assert mined.churn.files["app/core.py"].authors == {"alice@example.com": 4}
    assert mined.coupling.revisions("web/version.py") == 0 and len(mined.coupling) == 0
    # Nor do they count as commits that changed code without tests: a bump needs none.
    assert mined.tests.source_commits == 12
    assert mined.bots == {BOT[1]: 11}
    assert BotCommits.of(mined.bots, mined.names).note() == NOTE


def test_one_bot_under_several_emails_is_one_account() -> None:
    counts = {"support@dependabot.com": 2, BOT[1]: 5, "29139614+renovate[bot]@x": 5}
    names = {"support@dependabot.com": "dependabot[bot]", BOT[1]: "dependabot[bot]",
             "29139614+renovate[bot]@x": "renovate[bot]"}
    summary = BotCommits.of(counts, names)
    assert summary == BotCommits(12, ("dependabot[bot]", "renovate[bot]"))
    assert summary.note(shown=1) == (
        "; 12 commits by 2 bot accounts (dependabot[bot], ...) not counted")
    assert BotCommits().note() == ""


def test_a_teams_own_release_bot_is_named_by_an_option(repo: GitRepo) -> None:
    for n in range(6):
        repo.commit({"lib/helper.py": f"RELEASE = {n}\n"}, author=RELEASE,
                    date=f"2026-06-{n + 1:02d}T10:00:00+00:00")
    counted = _modules(history_details(scan(repo.root)))
    assert counted["lib"] == "Release Train"  # without the option, a person
    report = scan(repo.root, **{"history.bot_authors": ["*@CI.example.com"]})
    assert _modules(history_details(report))["lib"] == "Robot Smith, Carol"
    assert history_details(report)["window"]["bot_accounts"] == ["dependabot[bot]", "Release Train"]
    assert history_checks(report)["history.truck_factor"].reason.endswith(
        "; 17 commits by 2 bot accounts (dependabot[bot], Release Train) not counted")


def test_the_built_in_rules_can_be_turned_off(repo: GitRepo) -> None:
    report = scan(repo.root, **{"history.builtin_bots": False})
    assert _modules(history_details(report))["app"] == "dependabot[bot]"
    assert history_details(report)["window"]["bot_commits_left_out"] == 0
    assert history_checks(report)["history.truck_factor"].value == 1


@pytest.mark.parametrize(("name", "email"), [
    BOT, ("dependabot[bot]", "support@dependabot.com"),
    ("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com"),
    ("github-actions[bot]", "41898282+github-actions[bot]@users.noreply.github.com"),
    ("github-actions", "github-actions@github.com"), ("GitHub Action", "action@github.com"),
    ("pre-commit-ci[bot]", "66853113+pre-commit-ci[bot]@users.noreply.github.com"),
    ("Renovate Bot", "bot@renovateapp.com"), ("greenkeeper[bot]", "support@greenkeeper.io"),
    ("snyk-bot", "snyk-bot@snyk.io"), ("ImgBotApp", "ImgBotHelp@gmail.com"),
    ("allcontributors[bot]", "46447321+allcontributors[bot]@users.noreply.github.com"),
    ("semantic-release-bot", "semantic-release-bot@martynus.net"),
    ("mergify[bot]", "37929162+mergify[bot]@users.noreply.github.com"),
    ("vue-bot", "bot@vuejs.org"), ("Someone", "123+ci-helper[bot]@users.noreply.github.com"),
    ("PrometheusBot", "prometheus-team@googlegroups.com"), ("K8sRobot", "ci@example.com"),
])
def test_bot_accounts(name: str, email: str) -> None:
    assert BUILTIN_BOTS.is_bot(name, email)


@pytest.mark.parametrize(("name", "email"), [
    ROBOT, ("Lowell Abbott", "lowell.abbott@gmail.com"),
    ("Andrew Talbot", "andrew.talbot@richmond.edu"), ("Dmitriy", "robotshara@gmail.com"),
    ("James", "50501825+Gobot1234@users.noreply.github.com"), ("Ben Bot", "ben.bot@example.nl"),
    ("drewm", "drew.mclellan@snyk.io"), ("Renovate Smith", "renovate.smith@example.com"),
    ("Travis Hill", "thill@example.com"), ("Nick Bottomley", "nhbottomley@gmail.com"),
    ("No Email", ""), ("", ""), ("Talbot", "talbot@example.com"), ("ABot", "a@example.com"),
])
def test_people(name: str, email: str) -> None:
    assert not BUILTIN_BOTS.is_bot(name, email)


def test_patterns_are_literal_but_for_star_and_question_mark() -> None:
    matcher = BotMatcher(("release[bot]", "deploy-?", "*@ci.example.com"), builtin=False)
    assert matcher.is_bot("Release[Bot]", "")
    assert not matcher.is_bot("releaseb", "")  # brackets are no character class
    assert matcher.is_bot("deploy-1", "") and not matcher.is_bot("deploy-12", "")
    assert matcher.is_bot("Anyone", "x@CI.example.com")
    assert not matcher.is_bot("dependabot[bot]", BOT[1])  # the built-in rules are off


@pytest.mark.parametrize(("options", "message"), [
    ({"history.bot_authors": ["*"]}, r"history.bot_authors\[0\] '\*' would make every author"),
    ({"history.bot_authors": ["ok", 3]}, r"history.bot_authors\[1\] must be a name or email"),
    ({"history.bot_authors": [" "]}, r"history.bot_authors\[0\] must be a name or email"),
    ({"history.bot_authors": "release-bot"}, "history.bot_authors must be a list"),
    ({"history.builtin_bots": "no"}, "history.builtin_bots must be true or false"),
])
def test_bad_bot_options_are_configuration_errors(repo: GitRepo, options: dict[str, Any],
                                                  message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        scan(repo.root, **options)


def test_a_bad_pattern_in_the_config_file_exits_2_with_one_line(repo: GitRepo) -> None:
    (repo.root / "scorecard.toml").write_text('[history]\nbot_authors = ["*@*"]\n')
    done = run_cli("scan", str(repo.root), "--no-cache")
    assert done.returncode == 2 and len(done.stderr.splitlines()) == 1, done.stderr
    assert "history.bot_authors[0] '*@*' would make every author a bot" in done.stderr


def test_bot_names_in_notes_are_shown_escaped(git_repo: GitRepo) -> None:
    hostile = ("evil\x1b]0;owned\x07\u202e[bot]", "evil@example.com")
    fast_import(git_repo, [ImportCommit({"a.py": f"x = {n}\n"}, who,
                                        f"2026-0{n % 5 + 1}-10T10:00:00+00:00")
                           for n, who in enumerate([hostile, ALICE] * 3)])
    report = scan(git_repo.root)
    reason = history_checks(report)["history.truck_factor"].reason
    assert reason.endswith(f"; 3 commits by 1 bot account ({hostile[0]}) not counted")
    terminal, markdown = render_terminal(report), render_markdown(report)
    for text in (terminal, markdown):
        assert "\x1b" not in text and "\u202e" not in text and "\x07" not in text
    assert "(evil\\x1b]0;owned\\x07\\u202e[bot])" in terminal  # visible escapes
    assert "(evil \\]0;owned  \\[bot\\]) not counted" in markdown  # blanked, as any note
