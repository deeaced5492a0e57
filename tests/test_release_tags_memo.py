"""Release tags are read once per commit and tag set: a tag added later is still seen."""

from __future__ import annotations

from scorecard.repo.file_versions import release_tags
from tests.gitrepo import GitRepo


def test_a_tag_added_at_the_same_commit_is_seen(git_repo: GitRepo) -> None:
    git_repo.commit({"a.py": "x = 1\n"}, date="2026-01-01T12:00:00+00:00")
    head = git_repo.git("rev-parse", "HEAD").strip()
    assert release_tags(git_repo.root, head) == []
    git_repo.git("tag", "-a", "v1.0.0", "-m", "release", date="2026-01-02T12:00:00+00:00")
    first = release_tags(git_repo.root, head)
    assert [name for name, _ in first] == ["v1.0.0"]
    assert release_tags(git_repo.root, head) == first  # asked again: the same answer
    git_repo.git("tag", "v1.0.1", date="2026-01-03T12:00:00+00:00")  # lightweight
    assert sorted(name for name, _ in release_tags(git_repo.root, head)) == ["v1.0.0",
                                                                             "v1.0.1"]
    git_repo.git("tag", "-d", "v1.0.0")
    assert [name for name, _ in release_tags(git_repo.root, head)] == ["v1.0.1"]


def test_a_tag_the_commit_does_not_contain_is_left_out(git_repo: GitRepo) -> None:
    git_repo.commit({"a.py": "x = 1\n"}, date="2026-01-01T12:00:00+00:00")
    old = git_repo.git("rev-parse", "HEAD").strip()
    git_repo.commit({"a.py": "x = 2\n"}, date="2026-01-05T12:00:00+00:00")
    git_repo.git("tag", "v2.0.0", date="2026-01-06T12:00:00+00:00")
    assert release_tags(git_repo.root, old) == []
    assert [name for name, _ in release_tags(git_repo.root, "HEAD")] == ["v2.0.0"]
