"""Source encodings a file declares: whatever codec a PEP 263 cookie names, one file fails alone.

A cookie may name any codec Python knows: ones whose decoding raises UnicodeError without
being a UnicodeDecodeError (punycode, undefined), ones that are not text encodings at all
(rot13, base64, zlib, uu, hex, bz2, quopri), names that exist nowhere, and codecs registered
at run time that raise whatever they like. Each must be a problem of that file, never the end
of the scan.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path

import pytest

from scorecard.parsing import parse_python
from tests.gitrepo import GitRepo
from tests.hostile.generators import assert_one_line_problems, problems_by_path, scan

COOKIES = ["punycode", "undefined", "rot13", "rot_13", "base64", "zlib", "uu", "hex", "bz2",
           "quopri", "idna", "no-such-codec", "utf-8\x1b[31m", "utf-16", "utf-32"]
BODIES = [b"x = 1\n", b"x = '\xff\xfe\x80'\n", b"\x00\x01\x02\xf0\x9f", b"-" * 300 + b"\n"]


def _cookie_file(encoding: str, body: bytes) -> bytes:
    return f"# -*- coding: {encoding} -*-\n".encode("utf-8", "surrogateescape") + body


@pytest.mark.parametrize("encoding", COOKIES)
@pytest.mark.parametrize("body", BODIES, ids=range(len(BODIES)))
def test_parse_python_never_raises_for_a_declared_codec(encoding: str, body: bytes) -> None:
    parsed = parse_python("m.py", _cookie_file(encoding, body))
    if parsed.error is not None:
        assert "\n" not in parsed.error and "\x1b" not in parsed.error.replace("\\x1b", "")


class _Hostile(Exception):
    pass


def _raising_codec(name: str) -> codecs.CodecInfo | None:
    if name != "scorecard_test_hostile":
        return None

    def decode(data: object, errors: str = "strict") -> tuple[str, int]:
        raise _Hostile("a codec that raises something else\nsecond line")

    return codecs.CodecInfo(name=name, encode=codecs.utf_8_encode, decode=decode)


@pytest.fixture
def hostile_codec() -> Iterator[str]:
    codecs.register(_raising_codec)
    try:
        yield "scorecard_test_hostile"
    finally:
        codecs.unregister(_raising_codec)


def test_a_codec_raising_anything_is_a_file_problem(hostile_codec: str) -> None:
    parsed = parse_python("m.py", _cookie_file(hostile_codec, b"x = 1\n"))
    assert parsed.tree is None and parsed.error is not None
    assert parsed.error.startswith("undecodable: _Hostile") and "\n" not in parsed.error


def test_scan_of_files_declaring_every_kind_of_codec(git_repo: GitRepo) -> None:
    files: dict[str, str | bytes] = {"good.py": "def f(x):\n    return x\n"}
    for index, encoding in enumerate(COOKIES):
        files[f"bad{index}.py"] = _cookie_file(encoding, b"def g(y):\n    return y + 1\n")
    git_repo.commit(files)
    report = scan(git_repo.root)
    assert_one_line_problems(report)
    found = problems_by_path(report)
    assert "good.py" not in found
    for index, encoding in enumerate(COOKIES):
        if encoding in ("idna", "utf-16", "utf-32", "utf-8\x1b[31m"):
            continue  # these decode (the cookie's name ends at the escape) or do not parse
        messages = found.get(f"bad{index}.py")
        assert messages and any("undecodable" in m for m in messages), (encoding, found)
    assert report.files_analyzed >= 1


def test_scan_of_past_commit_and_plain_folder(git_repo: GitRepo, tmp_path: Path) -> None:
    git_repo.commit({"p.py": _cookie_file("punycode", b"x = '\xff'\n"), "ok.py": "x = 1\n"})
    assert "p.py" in problems_by_path(scan(git_repo.root, rev="HEAD"))
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "u.py").write_bytes(_cookie_file("undefined", b"x = 1\n"))
    assert "u.py" in problems_by_path(scan(folder))
