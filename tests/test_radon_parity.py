"""Our cyclomatic complexity and maintainability index equal radon's own, on real code.

Two samples of varied real-world code: a checked-in set under tests/data/realworld, and a
longer fixed list of modules read from the running interpreter's standard library (parsers,
networking, data structures, async, CLI tools).
"""

from __future__ import annotations

import sysconfig
from pathlib import Path

import pytest
from radon.complexity import cc_visit
from radon.metrics import mi_visit
from radon.visitors import Function

from scorecard.analyzers.base import FileInput
from scorecard.analyzers.complexity import ComplexityAnalyzer
from scorecard.parsing import parse_python

STDLIB = Path(sysconfig.get_paths()["stdlib"])
SAMPLE = [
    "argparse.py", "ast.py", "base64.py", "bisect.py", "calendar.py", "configparser.py",
    "contextlib.py", "csv.py", "dataclasses.py", "difflib.py", "enum.py", "fnmatch.py",
    "fractions.py", "ftplib.py", "functools.py", "getopt.py", "gettext.py", "glob.py",
    "heapq.py", "hmac.py", "imaplib.py", "inspect.py", "ipaddress.py", "locale.py",
    "mailbox.py", "netrc.py", "optparse.py", "pathlib.py", "pickle.py", "pprint.py",
    "shlex.py", "shutil.py", "smtplib.py", "statistics.py", "string.py", "subprocess.py",
    "tarfile.py", "textwrap.py", "threading.py", "tokenize.py", "typing.py", "uuid.py",
    "zipfile.py", "asyncio/base_events.py", "asyncio/tasks.py", "email/_header_value_parser.py",
    "email/message.py", "http/client.py", "http/cookiejar.py", "json/decoder.py",
    "json/encoder.py", "logging/__init__.py", "logging/handlers.py", "unittest/mock.py",
    "urllib/parse.py", "urllib/request.py", "xml/dom/minidom.py", "collections/__init__.py",
    "importlib/_bootstrap.py", "concurrent/futures/process.py",
]


def _radon_blocks(code: str) -> dict[tuple[int, int], int]:
    """Every function, method and closure radon reports, by (line, column)."""
    out: dict[tuple[int, int], int] = {}
    pending = list(cc_visit(code))
    while pending:
        block = pending.pop()
        if isinstance(block, Function):
            out[(block.lineno, block.col_offset)] = block.complexity
            pending.extend(block.closures)
        else:
            pending.extend(block.methods)
            pending.extend(getattr(block, "inner_classes", []))
    return out


CHECKED_IN = Path(__file__).parent / "data" / "realworld"


@pytest.mark.parametrize("relative", sorted(p.name for p in CHECKED_IN.glob("*.py")))
def test_checked_in_sample_equals_radon(relative: str) -> None:
    _compare(CHECKED_IN / relative, relative)


@pytest.mark.parametrize("relative", SAMPLE)
def test_cyclomatic_and_mi_equal_radon(relative: str) -> None:
    path = STDLIB / relative
    if not path.exists():
        pytest.skip(f"{relative} not in this Python's standard library")
    _compare(path, relative)


def _compare(path: Path, relative: str) -> None:
    data = path.read_bytes()
    parsed = parse_python(relative, data)
    assert parsed.tree is not None and parsed.text is not None
    result = ComplexityAnalyzer().analyze_file(
        FileInput(relative, parsed.text, parsed.tree), ComplexityAnalyzer().make_options({})
    )
    radon_blocks = _radon_blocks(parsed.text)
    ours = {}
    import ast

    columns = {(n.lineno, n.name): n.col_offset for n in ast.walk(parsed.tree)
               if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}
    for qualname, line, cyclomatic, *_ in result["functions"]:
        ours[(line, columns[(line, qualname.rsplit(".", 1)[-1])])] = cyclomatic
    # Every block radon reports has our number; functions radon skips are extra, not different.
    assert {k: ours.get(k) for k in radon_blocks} == radon_blocks
    assert result["mi"] == mi_visit(parsed.text, True)
