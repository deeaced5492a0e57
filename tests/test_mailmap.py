"""The committed .mailmap is applied exactly as git applies it (git is the oracle)."""

from __future__ import annotations

import pytest

from scorecard.repo.mailmap import parse_mailmap, read_mailmap
from tests.gitrepo import GitRepo

# Every form git reads, and the edge cases of its parser: comments, a name-only line, an
# email-only line, name and email, a mapping by old name and email, case differences, a
# later line overriding an earlier one, CRLF endings, whitespace around names, an empty
# second email, a line without an email, text after the second pair.
MAILMAP = (
    "# the team\n"
    "Ada Lovelace <ada@example.com>\n"
    "<bob@example.com> <Bob@Old.Example>\n"
    "Cy Young <cy@example.com> <cy@old.example>\r\n"
    "Dee One <dee1@example.com> Dee <dee@shared.example>\n"
    "Dee Two <dee2@example.com> DEE TWO <dee@shared.example>\n"
    "Shared <shared@example.com> <dee@shared.example>\n"
    "   Spaced   Name    <spaced@example.com>   \n"
    "First <first@example.com> <dup@example.com>\n"
    "Second <dup@example.com>\n"
    "Empty <empty@example.com> Someone <>\n"
    "No Email Here\n"
    "Trailing <trail@example.com> <trail@old.example> junk <x@y>\n"
    "  # not a comment: it does not start the line <hash@example.com>\n"
)
AUTHORS = [
    ("ada", "ADA@example.com"), ("Bob", "bob@old.example"), ("Cy", "CY@OLD.EXAMPLE"),
    ("Dee", "dee@shared.example"), ("dee two", "dee@shared.example"),
    ("Someone Else", "dee@shared.example"), ("S", "spaced@example.com"),
    ("Dup", "dup@example.com"), ("Someone", ""), ("T", "trail@old.example"),
    ("Nobody", "nobody@example.com"), ("Ünï", "hash@example.com"),
]


@pytest.fixture
def mapped_repo(git_repo: GitRepo) -> GitRepo:
    """One commit per author, then the .mailmap committed (work tree = commit)."""
    for i, author in enumerate(AUTHORS):
        git_repo.commit({"a.py": f"a = {i}\n"}, author=author)
    git_repo.commit({".mailmap": MAILMAP})
    return git_repo


def test_mapping_equals_gits(mapped_repo: GitRepo) -> None:
    raw = mapped_repo.git("log", "--format=%an%x00%ae").splitlines()
    proper = mapped_repo.git("log", "--format=%aN%x00%aE").splitlines()
    mailmap = read_mailmap(mapped_repo.root, "HEAD")
    assert mailmap
    ours = [mailmap.map(*line.split("\0")) for line in raw]
    assert ours == [tuple(line.split("\0")) for line in proper]
    assert len({line for line in proper}) > 8  # the cases map to different people


def test_no_mailmap_maps_nothing(git_repo: GitRepo) -> None:
    git_repo.commit({"a.py": "a = 1\n"})
    mailmap = read_mailmap(git_repo.root, "HEAD")
    assert not mailmap and mailmap.map("A", "a@x") == ("A", "a@x")


def test_a_huge_mailmap_is_not_read(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    from scorecard.repo import mailmap as module

    git_repo.commit({".mailmap": "A <a@x> <b@x>\n" * 100})
    monkeypatch.setattr(module, "MAX_MAILMAP_BYTES", 1000)
    assert not read_mailmap(git_repo.root, "HEAD")


def test_parser_ignores_lines_without_a_usable_email() -> None:
    assert not parse_mailmap("Name <>\nJust a name\n# <c@x>\n<unclosed@x\n")
