"""Env-reading helpers in Go, JavaScript and TypeScript, and the calls that may reach them.

Services rarely call ``os.Getenv("PORT")`` everywhere: they write a helper once and call it
with names, in Go ``func getEnv(key, fallback string) string { if v, ok :=
os.LookupEnv(key); ok { return v }; return fallback }`` and ``getEnv("PORT", "8080")``, in
TypeScript ``function getRequiredEnv(key: string) { return Deno.env.get(key)! }``. Per
file this module records:

- ``env_wrappers``: ``[name, parameter index, required]`` of each function whose body reads
  the environment with one of its parameters as the key (``os.Getenv(key)``,
  ``os.LookupEnv(key)``, ``process.env[key]``, ``Bun.env[key]``, ``Deno.env.get(key)``);
  required when its name says so (``mustGetenv``, ``getRequiredEnv``, ``requireEnv``);
- ``env_calls``: ``[callee, name, line, default]`` of every call whose first argument is a
  string that looks like an environment variable (``getEnv("PORT", "8080")``), with the
  second argument as the default when it is a string literal.

It also records ``env_writes``: the names the file sets for its own process, its children
or the pods it creates (Go ``os.Setenv("X", ...)`` and Kubernetes ``EnvVar{Name: "X"}``,
``process.env.X = ...``): a name a program writes for itself is its own contract.

The repository-wide step (:mod:`..libraries.foreign_wrapper_resolve`) joins the two: a call
of a known helper of the same language family reads its name. The file is read as lexed
text (comments blanked, string literals located, see :mod:`scorecard.analyzers.source_text`);
every pattern starts with a literal, so each is found by a fast scan.
"""

from __future__ import annotations

import re
from typing import Any

from scorecard.analyzers.source_text import SourceText, word

__all__ = ["MAX_CALLS", "extract_env_helpers"]

MAX_CALLS = 500  # calls with an env-shaped first argument kept per file
_BODY_SPAN = 20_000  # a helper's body is searched this far for its closing brace

_PARAM_READS = {
    "go": (re.compile(word("os") + r"\.(?:Getenv|LookupEnv)\(\s*([A-Za-z_]\w*)\s*\)"),),
    "js": (re.compile(word("process.env", "Bun.env") + r"\[\s*([A-Za-z_$][\w$]*)\s*\]"),
           re.compile(word("Deno.env.get") + r"\(\s*([A-Za-z_$][\w$]*)\s*\)")),
}
_HEADERS = {
    # func name(key, fallback string) / func (r *Repo) name(key string)
    "go": (re.compile(word("func") + r"\s+(?:\([^)]*\)\s*)?([A-Za-z_]\w*)\s*\(([^)]*)\)"),),
    # function name(key: string) / const name = (key) => / const name = async (key) =>
    "js": (re.compile(word("function") + r"\s*\*?\s*([A-Za-z_$][\w$]*)\s*(?:<[^>(]*>)?\s*"
                      r"\(([^)]*)\)"),
           re.compile(word("const", "let", "var") + r"\s+([A-Za-z_$][\w$]*)\s*(?::[^=\n]*)?="
                      r"\s*(?:async\s*)?\(([^)]*)\)\s*(?::[^=\n]*)?=>")),
}
_WRITES = {
    "go": (re.compile(word("os") + r"\.Setenv\(\s*\"([A-Za-z_][A-Za-z0-9_]*)\""),
           # corev1.EnvVar{Name: "X", Value: ...}, or an element of a []corev1.EnvVar: the
           # operator sets it in the pods it makes
           re.compile(r"Name:\s*\"([A-Za-z_][A-Za-z0-9_]*)\"\s*,\s*Value(?:From)?:")),
    "js": (re.compile(word("process.env") + r"(?:\.([A-Za-z_$][\w$]*)|\[\s*[\"'`]"
                      r"([A-Za-z_][\w]*)[\"'`]\s*\])\s*=(?!=)"),),
}
# A call's first argument, an env-shaped string, and a string second argument if any.
_CALL = re.compile(r"\(\s*[\"'`]([A-Z][A-Z0-9_]{1,80})[\"'`]\s*(?:,\s*[\"'`]([^\"'`\n]{0,200})"
                   r"[\"'`])?")
_IDENTIFIER_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$")
_REQUIRED_NAME = re.compile(r"requir|must|mandatory|strict", re.IGNORECASE)


def _parameters(text: str) -> list[str]:
    """Return the parameter names of a parameter list (types, defaults and ``...`` aside)."""
    names: list[str] = []
    for part in text.split(","):
        match = re.match(r"\s*(?:\.\.\.)?([A-Za-z_$][\w$]*)", part)
        if match:
            names.append(match.group(1))
    return names


def _body_end(code: str, start: int) -> int:
    """Return where the block opening at or after ``start`` closes (its ``}``), or -1."""
    opening = code.find("{", start, start + 400)
    if opening < 0:
        return -1
    depth = 0
    for index in range(opening, min(len(code), opening + _BODY_SPAN)):
        char = code[index]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index
    return -1


def _wrappers(src: SourceText, family: str) -> list[list[Any]]:
    """Return ``[name, index, required]`` of the helpers that read env by a parameter."""
    code = src.code
    reads = [m for pattern in _PARAM_READS[family] for m in pattern.finditer(code)
             if not src.in_string(m.start())]
    if not reads:
        return []
    found: dict[str, list[Any]] = {}
    for pattern in _HEADERS[family]:
        for header in pattern.finditer(code):
            if src.in_string(header.start()):
                continue
            end = _body_end(code, header.end())
            if end < 0:
                continue
            params = _parameters(header.group(2))
            for read in reads:
                if header.end() <= read.start() <= end and read.group(1) in params:
                    name = header.group(1)
                    found.setdefault(name, [name, params.index(read.group(1)),
                                            bool(_REQUIRED_NAME.search(name))])
    return list(found.values())


def _calls(src: SourceText) -> list[list[Any]]:
    """Return ``[callee, name, line, default]`` of calls with an env-shaped first argument."""
    code = src.code
    rows: list[list[Any]] = []
    for match in _CALL.finditer(code):
        start = match.start()
        if src.in_string(start):
            continue
        begin = start
        while begin > 0 and code[begin - 1] in _IDENTIFIER_CHARS:
            begin -= 1
        callee = code[begin:start]
        if not callee or callee[0].isdigit():
            continue
        rows.append([callee, match.group(1), src.line(start), match.group(2)])
        if len(rows) >= MAX_CALLS:
            break
    return rows


def extract_env_helpers(src: SourceText, family: str) -> dict[str, Any]:
    """Return a file's env helpers and candidate calls (see the module docstring)."""
    if family not in _PARAM_READS:
        return {}
    facts: dict[str, Any] = {}
    wrappers = _wrappers(src, family)
    if wrappers:
        facts["env_wrappers"] = wrappers
    calls = _calls(src)
    if calls:
        facts["env_calls"] = calls
    written = sorted({next(g for g in match.groups() if g) for pattern in _WRITES[family]
                      for match in pattern.finditer(src.code) if not src.in_string(match.start())})
    if written:
        facts["env_writes"] = written
    return facts
