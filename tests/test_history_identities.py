"""One person under several identities counts once: joined by a shared email or name."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from scorecard.analyzers.history.identities import (
    AuthorIdentities,
    author_key,
    merge_counts,
    merge_latest,
)
from scorecard.analyzers.history.risk_input import touches_from
from scorecard.repo.gitlog import iter_commits
from scorecard.risk.fixes import FixMatcher
from tests.gitrepo import GitRepo
from tests.history_support import history_checks, history_details, scan

NOW = datetime(2026, 7, 1, tzinfo=UTC)


def _people(identities: list[tuple[str, str]]) -> list[set[str]]:
    """Group ``identities`` (name, email) as scorecard does, each group as its keys."""
    seen = AuthorIdentities()
    for name, email in identities:
        seen.observe(author_key(name, email), name, email)
    canonical = seen.canonical()
    groups: dict[str, set[str]] = {}
    for name, email in identities:
        key = author_key(name, email)
        groups.setdefault(canonical.get(key, key), set()).add(key)
    return sorted(groups.values(), key=sorted)


def test_a_shared_name_or_email_joins_identities() -> None:
    assert _people([("Jad Chaar", "jad.chaar@gmail.com"),
                    ("Jad Chaar", "jadchaar@users.noreply.github.com"),
                    ("Other Person", "other@corp.io")]) == [
        {"jad.chaar@gmail.com", "jadchaar@users.noreply.github.com"}, {"other@corp.io"}]
    # Case and spacing of a name, and the case of an email, do not separate a person.
    assert _people([("anthony  sottile", "a@umich.edu"), ("Anthony Sottile", "A@UMICH.edu"),
                    ("Anthony Sottile", "asottile@users.noreply.github.com")]) == [
        {"a@umich.edu", "asottile@users.noreply.github.com"}]


def test_an_identity_seen_late_joins_two_groups() -> None:
    # Newest first: two unrelated-looking identities, then one that shares a name with
    # the first and an email with the second.
    assert _people([("Dana K", "dana@home.net"), ("dkim", "dana@corp.io"),
                    ("Dana K", "dana@corp.io")]) == [{"dana@corp.io", "dana@home.net"}]


def test_placeholders_join_nobody() -> None:
    # People who never set their identity share git's example address and default names.
    assert _people([("Ann", "you@example.com"), ("Ben", "you@example.com"),
                    ("root", "ann@corp.io"), ("root", "ben@corp.io")]) == [
        {"Ann"}, {"Ben"}, {"ann@corp.io"}, {"ben@corp.io"}]
    assert author_key("Ann", "you@example.com") == "Ann"
    assert author_key("Ada", " Ada@Corp.IO ") == "ada@corp.io"


def test_merging_tallies_adds_counts_and_keeps_the_latest_time() -> None:
    canonical = {"old@corp.io": "new@home.net"}
    assert merge_counts({"old@corp.io": 2, "new@home.net": 3, "x@y.z": 1}, canonical) == {
        "new@home.net": 5, "x@y.z": 1}
    assert merge_latest({"old@corp.io": 10, "new@home.net": 30}, canonical) == {
        "new@home.net": 30}
    counts = {"a@b.c": 1}
    assert merge_counts(counts, {}) is counts


BOB_AT_WORK = ("Bob Stone", "bob@corp.io")
BOB_AT_HOME = ("Bob Stone", "bob.stone@home.net")
ALICE = ("Alice Reed", "alice@corp.io")
CODE = "def f(x):\n    if x:\n        return 1\n    return 2\n"


def test_one_person_with_two_emails_is_one_author_and_not_gone(git_repo: GitRepo) -> None:
    """Bob wrote util.py at work in September; since March he commits from home."""
    git_repo.commit({"app/core.py": CODE, "app/util.py": CODE},
                    date="2025-09-01T10:00:00+00:00", author=BOB_AT_WORK)
    for day in range(3):
        git_repo.commit({"app/core.py": CODE + f"# bob {day}\n"}, author=BOB_AT_HOME,
                        date=f"2026-03-{day + 1:02d}T10:00:00+00:00")
        git_repo.commit({"app/core.py": CODE + f"# alice {day}\n"}, author=ALICE,
                        date=f"2026-03-{day + 10:02d}T10:00:00+00:00")
    report = scan(git_repo.root)
    history = history_details(report)
    core = next(row for row in history["churn"] if row["path"] == "app/core.py")
    assert core["authors"] == 2  # Bob and Alice, not three addresses
    # Bob's work address went quiet in September; Bob did not: util.py is no island.
    assert history["knowledge"]["islands"] == []
    # Bob made 5 of the 8 file changes: one person holds the majority.
    assert history_checks(report)["history.truck_factor"].value == 1


@pytest.mark.parametrize("author", [("Bob Stone", "BOB@corp.io"), ("bob stone", "b@x.org")])
def test_the_risk_record_joins_people_too(git_repo: GitRepo, author: tuple[str, str]) -> None:
    git_repo.commit({"app/core.py": CODE}, date="2026-02-01T10:00:00+00:00",
                    author=BOB_AT_WORK)
    git_repo.commit({"app/core.py": CODE + "# again\n"}, date="2026-03-01T10:00:00+00:00",
                    author=author)
    since = datetime(2025, 7, 1, tzinfo=UTC)
    touches = touches_from(iter_commits(git_repo.root, since, NOW), FixMatcher.compile("fix"))
    # One person, under the key of their newest identity.
    newest = author_key(*author)
    assert {change.author for change in touches.by_path["app/core.py"]} == {newest}
