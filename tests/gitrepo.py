"""Build tiny hermetic git repositories for tests: fixed authors and dates, no global config."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_AUTHOR = ("Ada Lovelace", "ada@example.com")
DEFAULT_DATE = "2026-01-15T12:00:00+00:00"


def hermetic_env(date: str = DEFAULT_DATE,
                 author: tuple[str, str] = DEFAULT_AUTHOR) -> dict[str, str]:
    """Environment for git that ignores the machine's config and pins identity and time."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME=author[0],
        GIT_AUTHOR_EMAIL=author[1],
        GIT_COMMITTER_NAME=author[0],
        GIT_COMMITTER_EMAIL=author[1],
        GIT_AUTHOR_DATE=date,
        GIT_COMMITTER_DATE=date,
        LC_ALL="C",
    )
    return env


@dataclass
class GitRepo:
    """A repository in a temporary folder with helpers to write files and commit."""

    root: Path
    commits: list[str] = field(default_factory=list)

    @classmethod
    def create(cls, root: Path, *, branch: str = "main") -> GitRepo:
        """Initialise an empty repository at ``root``."""
        root.mkdir(parents=True, exist_ok=True)
        repo = cls(root)
        repo.git("init", "-q", "-b", branch)
        return repo

    def git(self, *args: str, date: str = DEFAULT_DATE,
            author: tuple[str, str] = DEFAULT_AUTHOR) -> str:
        """Run git in the repository and return its standard output."""
        done = subprocess.run(
            ["git", *args], cwd=self.root, env=hermetic_env(date, author),
            capture_output=True, check=False,
        )
        if done.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed: {done.stderr.decode()!r}")
        return done.stdout.decode("utf-8", "surrogateescape")

    def write(self, files: dict[str, str | bytes]) -> None:
        """Write files (text or bytes) relative to the root, creating folders."""
        for rel, content in files.items():
            target = self.root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")

    def commit(self, files: dict[str, str | bytes] | None = None, *, message: str = "change",
               date: str = DEFAULT_DATE, author: tuple[str, str] = DEFAULT_AUTHOR,
               remove: tuple[str, ...] = ()) -> str:
        """Write ``files``, remove ``remove``, commit everything and return the new sha."""
        if files:
            self.write(files)
        for rel in remove:
            (self.root / rel).unlink()
        self.git("add", "-A", date=date, author=author)
        self.git("commit", "-q", "--allow-empty", "-m", message, date=date, author=author)
        sha = self.git("rev-parse", "HEAD").strip()
        self.commits.append(sha)
        return sha
