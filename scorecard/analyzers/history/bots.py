"""Bot accounts: commit authors that are automation, not people.

A bot holds no knowledge of the code it changes (it cannot leave, and nobody can ask it
why), and the files a dependency bot bumps in one commit change together because of its
update script, not because of the design. So the knowledge judgments (main authors,
authors for half, knowledge islands, the truck factor) and change coupling leave bot
commits out; churn keeps them, since the files did change. CodeScene and similar tools do
the same, and leave out the common bots by default.

An author (name and email after ``.mailmap``) is a bot when, by the built-in rules:

- it is a GitHub App: the name ends in ``[bot]`` (``dependabot[bot]``), or the email's
  local part does (``49699333+dependabot[bot]@users.noreply.github.com``);
- it is a well-known automation identity, by its exact name or email
  (:data:`KNOWN_NAMES`, :data:`KNOWN_EMAILS`: ``renovate``, ``github-actions``,
  ``action@github.com``, ``pre-commit-ci``, ``greenkeeper``, ``imgbot``, ...);
- its name is one handle ending in ``-bot`` or ``_bot`` (``snyk-bot``, ``vue-bot``), or its
  email's local part does (``semantic-release-bot@martynus.net``), or one CamelCase handle
  ending in ``Bot`` or ``Robot`` after a lower-case letter or digit (``PrometheusBot``,
  ``K8sRobot``; not ``Talbot``).

These rules never look for "bot" inside a word: Robot Smith, Lowell Abbott, Andrew Talbot
and ``abbot@example.com`` are people. A team adds its own accounts (a release bot, a sync
script's identity) with ``bot_authors``: patterns where ``*`` matches any run of characters
and ``?`` one character, compared with the whole name and the whole email, ignoring case;
every other character is itself, so ``release[bot]`` means exactly that name.
``builtin_bots = false`` turns the built-in rules off.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from scorecard.model import Measurement
from scorecard.wording import counted

__all__ = ["BUILTIN_BOTS", "KNOWN_EMAILS", "KNOWN_NAMES", "BotCommits", "BotMatcher",
           "bot_option_errors"]

# Exact names (any case) that automation commits under, outside the ``[bot]`` convention.
KNOWN_NAMES = frozenset({
    "dependabot", "dependabot-preview", "renovate", "renovate bot", "mend renovate",
    "whitesource renovate", "github-actions", "github actions", "github action",
    "pre-commit-ci", "pre-commit.ci", "greenkeeper", "imgbot", "imgbotapp",
    "allcontributors", "all-contributors", "semantic-release", "mergify", "depfu", "pyup.io bot",
    "the gitter badger", "weblate", "hosted weblate", "stepsecurity bot", "k8s-ci-robot",
    "openshift-ci-robot", "openshift-merge-robot",
})
# Exact emails (any case) of automation, where the name alone may look like a person's.
KNOWN_EMAILS = frozenset({
    "support@dependabot.com", "bot@renovateapp.com", "renovate@whitesourcesoftware.com",
    "action@github.com", "actions@github.com", "github-actions@github.com",
    "support@greenkeeper.io", "imgbothelp@gmail.com", "badger@gitter.im",
    "noreply@weblate.org", "hosted@weblate.org", "bot@stepsecurity.io",
})
# One handle (no space) ending in -bot or _bot: a deliberate machine-user name.
_HANDLE_BOT = re.compile(r"\S*[-_]bot", re.IGNORECASE)
# One CamelCase handle whose last word is Bot or Robot (PrometheusBot), case-sensitive.
_CAMEL_BOT = re.compile(r"[A-Z]\w*[a-z0-9](?:Bot|Robot)")
# A pattern made of wildcards (and an @) alone would make every author a bot.
_MATCHES_ANYONE = re.compile(r"[*?@\s]*")


def _compile(pattern: str) -> re.Pattern[str]:
    """Compile one ``bot_authors`` pattern: ``*`` and ``?`` are wildcards, the rest literal."""
    parts = (".*" if char == "*" else "." if char == "?" else re.escape(char)
             for char in pattern.strip())
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)


def _builtin(name: str, email: str) -> bool:
    """Return True for an author the built-in rules call a bot (both already lowercased)."""
    local = email.rpartition("@")[0]
    return (name.endswith("[bot]") or local.endswith("[bot]") or name in KNOWN_NAMES
            or email in KNOWN_EMAILS or _HANDLE_BOT.fullmatch(name) is not None
            or _HANDLE_BOT.fullmatch(local) is not None)


def bot_option_errors(patterns: object, builtin: object) -> list[str]:
    """Return what is wrong with ``bot_authors`` and ``builtin_bots``, one line each."""
    if not isinstance(builtin, bool):
        return [f"history.builtin_bots must be true or false, not {builtin!r}"]
    if not isinstance(patterns, list | tuple):
        return [f"history.bot_authors must be a list of name or email patterns, "
                f"not {patterns!r}"]
    errors = []
    for index, pattern in enumerate(patterns):
        if not isinstance(pattern, str) or not pattern.strip():
            errors.append(f"history.bot_authors[{index}] must be a name or email pattern, "
                          f"not {pattern!r}")
        elif _MATCHES_ANYONE.fullmatch(pattern):
            errors.append(f"history.bot_authors[{index}] {pattern!r} would make every author "
                          "a bot; name the account (e.g. 'release-bot' or '*@ci.example.com')")
    return errors


@dataclass(frozen=True)
class BotMatcher:
    """Tells bot accounts from people by the built-in rules and the configured patterns."""

    patterns: tuple[str, ...] = ()  # ``bot_authors``, as configured
    builtin: bool = True  # ``builtin_bots``
    _compiled: tuple[re.Pattern[str], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Compile the patterns once (a matcher judges every commit of the window)."""
        object.__setattr__(self, "_compiled", tuple(_compile(p) for p in self.patterns))

    @classmethod
    def from_options(cls, patterns: object, builtin: object) -> BotMatcher:
        """Return the matcher the options ask for; raise ValueError naming a bad value."""
        errors = bot_option_errors(patterns, builtin)
        if errors:
            raise ValueError("; ".join(errors))
        assert isinstance(patterns, list | tuple)
        return cls(tuple(str(p) for p in patterns), bool(builtin))

    def is_bot(self, name: str, email: str) -> bool:
        """Return True when the author with this name and email is a bot account."""
        name, email = name.strip(), email.strip()
        if self.builtin and (_builtin(name.lower(), email.lower())
                             or _CAMEL_BOT.fullmatch(name) is not None):
            return True
        return any(regex.fullmatch(name) or regex.fullmatch(email) for regex in self._compiled)


BUILTIN_BOTS = BotMatcher()


@dataclass(frozen=True)
class BotCommits:
    """The window's commits by bot accounts, which the knowledge and coupling judgments skip."""

    commits: int = 0
    accounts: tuple[str, ...] = ()  # display names, the most commits first

    @classmethod
    def of(cls, counts: Mapping[str, int], names: Mapping[str, str]) -> BotCommits:
        """Summarise author key -> bot commits, naming each account by ``names``.

        Keys with one display name are one account: ``dependabot[bot]`` commits under
        several emails.
        """
        by_name: dict[str, int] = {}
        for key, commits in counts.items():
            name = names.get(key, key)
            by_name[name] = by_name.get(name, 0) + commits
        ranked = sorted(by_name, key=lambda name: (-by_name[name], name))
        return cls(sum(counts.values()), tuple(ranked))

    def note(self, shown: int = 3) -> str:
        """Return "; N commits by K bot accounts (a, b, ...) not counted", or "" for none.

        The names come from the repository: the reporters escape them like any note.
        """
        if not self.commits:
            return ""
        listed = ", ".join(self.accounts[:shown]) + (", ..." if len(self.accounts) > shown
                                                     else "")
        return (f"; {counted(self.commits, 'commit')} by "
                f"{counted(len(self.accounts), 'bot account')} ({listed}) not counted")

    def noted(self, measurement: Measurement) -> Measurement:
        """Return ``measurement`` with :meth:`note` appended to its note."""
        note = self.note()
        return replace(measurement, note=measurement.note + note) if note else measurement
