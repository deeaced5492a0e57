"""Globs: gitignore-style matching that no pattern from a repository can make run away.

The reference is the plain translation of a glob into a backtracking regular expression
(every ``*`` a ``[^/]*``, every ``**/`` a ``(?:.*/)?``): scorecard's matcher must agree with
it on every pattern and path, while answering at once where the reference would backtrack
for ages.
"""

from __future__ import annotations

import random
import re

import pytest

from scorecard.globs import GlobSet, compile_glob
from tests.gitrepo import GitRepo
from tests.hostile.generators import assert_clean_exit, run_cli


def _reference(pattern: str) -> re.Pattern[str]:
    """The plain translation (correct, and exponential on hostile patterns)."""
    stripped = pattern.strip()
    text = stripped.lstrip("/")
    anchored = stripped.startswith("/") or "/" in text.rstrip("/")
    text = text.rstrip("/")
    out, i = [], 0
    while i < len(text):
        if text.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if text.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        char = text[i]
        end = text.find("]", i + 1) if char == "[" else -1
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[" and end != -1:
            body = text[i + 1:end].replace("\\", "\\\\")
            out.append("[" + ("^" + body[1:] if body.startswith("!") else body) + "]")
            i = end
        else:
            out.append(re.escape(char))
        i += 1
    return re.compile(f"^{'' if anchored else '(?:.*/)?'}{''.join(out)}(?:/.*)?$", re.DOTALL)


def test_every_pattern_matches_what_the_plain_translation_matches() -> None:
    rng = random.Random(5)
    atoms = ["a", "b", "*", "**", "?", "[ab]", "[!a]", "/", ".", "x", "**/", "a*", "*b",
             "[/]", "[!/]"]
    segments = ["a", "b", "ab", "ba", "aab", "x", ".a", "a.b", "bb", "xa"]
    for _ in range(4000):
        pattern = "".join(rng.choice(atoms) for _ in range(rng.randint(1, 9)))
        pattern = rng.choice(["", "/"]) + pattern + rng.choice(["", "", "/"])
        ours, reference = compile_glob(pattern), _reference(pattern)
        for _ in range(10):
            path = "/".join(rng.choice(segments) for _ in range(rng.randint(1, 5)))
            assert bool(ours.match(path)) == bool(reference.match(path)), (pattern, path)


@pytest.mark.parametrize("pattern", [
    "/".join(["**"] * 30) + "/b",
    "*a" * 15 + "*b",
    "a" + "**b" * 8,
    "*[!a]" * 10 + "*c",
])
def test_patterns_that_would_backtrack_for_ages_answer(pattern: str) -> None:
    # Each of these, as a plain regular expression, takes longer than this suite on these
    # paths; the answers are the plain translation's (checked on short paths above).
    globs = GlobSet([pattern])
    for path in ["/".join(["a"] * 200), "a" * 200, "b" * 250]:
        assert globs.matches(path) is False
    # And where they match, they say so: "**" spans folders, "[!a]" may be a "/".
    assert GlobSet(["/".join(["**"] * 30) + "/b"]).matches("a/" * 50 + "b")
    assert GlobSet(["*[!a]" * 10 + "*c"]).matches("a/" * 100 + "c")
    assert GlobSet(["a" + "**b" * 8]).matches("a" + "/b" * 8)


def test_a_repositorys_hostile_globs_never_stall_a_scan(git_repo: GitRepo) -> None:
    """Its exclude patterns and its CODEOWNERS are data: pathological ones end at once."""
    deep = "/".join(f"d{n}" for n in range(60))
    git_repo.commit({
        "scorecard.toml": 'exclude = ["' + "*a" * 15 + '*b", "' + "/".join(["**"] * 30)
                          + '/zz"]\n',
        ".github/CODEOWNERS": "*a" * 15 + "*b @team\n" + "/".join(["**"] * 30) + "/q @x\n",
        f"{deep}/{'a' * 120}.py": "x = 1\n",
        "app.py": "def f():\n    return 1\n",
    })
    done = run_cli("scan", str(git_repo.root), "-f", "json", "-o", "-", timeout=120)
    assert_clean_exit(done)


def test_no_glob_is_an_error() -> None:
    """Empty classes, reversed ranges, stray brackets: each matches as fnmatch reads it, or
    its own characters; none stops a scan."""
    rng = random.Random(23)
    atoms = ["a", "*", "**", "?", "[", "]", "!", "/", "&", "|", "~", "\\", "-", "^", "(", ")",
             "{", "}", ".", "$", "+", "z"]
    for _ in range(5000):
        pattern = "".join(rng.choice(atoms) for _ in range(rng.randint(1, 12)))
        compile_glob(pattern).match("a/b[c]/d!e")
    cases = [("[]", "[]", True), ("[]a]", "]", True), ("[]a]", "a", True),
             ("[!]a]", "b", True), ("[!]a]", "]", False), ("x[", "x[", True),
             ("[z-a]", "[z-a]", True), ("[a-c]", "b", True), ("[[ab]", "[", True)]
    assert [bool(compile_glob(p).match(path)) for p, path, _ in cases] == [
        want for _, _, want in cases]


def test_codeowners_and_attributes_globs_that_are_no_regex_never_crash(
        git_repo: GitRepo) -> None:
    git_repo.commit({".github/CODEOWNERS": "[] @team\n[z-a] @other\n",
                     ".gitattributes": "[]x linguist-generated\n", "a.py": "x = 1\n"})
    for extra in ((), ("--rev", "HEAD")):
        assert_clean_exit(run_cli("scan", str(git_repo.root), *extra, "-o", "-", timeout=120))
