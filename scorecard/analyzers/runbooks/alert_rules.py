"""Discover Prometheus-style alerting rules in YAML, Helm-templated YAML and Jsonnet.

Rules are mappings with an ``alert`` name and an ``expr``, wherever they sit: under
``groups[].rules[]`` (Prometheus, Loki, Mimir, vmalert), under ``spec.groups`` of a
``PrometheusRule`` or ``VMRule`` resource, in a bare list (an example file, tagged so), or
embedded in Helm values. Helm templates do not load as YAML; for them a template-aware
fallback reads one rule per ``- alert:`` chunk and substitutes ``{{ $alert }}``. Jsonnet
mixins are read by regex as a last resort, with their ``runbookURLPattern``.
"""

from __future__ import annotations

import re
from typing import Any

import yaml  # type: ignore[import-untyped]

from scorecard.analyzers.runbooks.doc_references import duration_seconds

__all__ = [
    "LINK_KEYS",
    "computed_name_parts",
    "evaluated_alert",
    "extract_jsonnet_rules",
    "extract_yaml_rules",
    "looks_like_rules",
    "normalise_expr",
    "semantic_state",
]

# Annotation keys that carry a runbook link, canonical first.
LINK_KEYS = ("runbook_url", "runbook", "playbook", "playbook_url", "runbook_link",
             "documentation")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MAX_DEPTH = 40
# Aliases let a few lines stand for billions of values ("billion laughs"): building stops past
# this many values, far more than a 2 MB rule file can hold without aliases.
MAX_VALUES = 1_000_000


class _TooManyValues(Exception):
    """The document's aliases expand past MAX_VALUES values."""
_RULE_KINDS = {"PrometheusRule", "VMRule"}


def looks_like_rules(text: str) -> bool:
    """Cheap pre-filter: only files mentioning ``alert:`` are loaded as rule files."""
    return "alert:" in text or '"alert"' in text


def _build(node: Any, depth: int = 0, budget: list[int] | None = None) -> Any:
    """Turn a composed YAML node into plain values; mappings keep their line as ``__line__``.

    Scalars stay strings: a rule's ``for: 5m`` and ``expr: 1`` are text to us, and YAML 1.1
    booleans such as ``on``/``no`` must not turn label values into True/False.
    Raises _TooManyValues when the values built exceed ``budget`` (one list per document).
    """
    budget = [MAX_VALUES] if budget is None else budget
    budget[0] -= 1
    if budget[0] < 0:
        raise _TooManyValues
    if depth > _MAX_DEPTH:
        return None
    if isinstance(node, yaml.ScalarNode):
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, depth + 1, budget) for item in node.value]
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {"__line__": node.start_mark.line + 1}
        for key_node, value_node in node.value:
            key = _build(key_node, depth + 1, budget)
            value = _build(value_node, depth + 1, budget)
            if key == "<<" and isinstance(value, dict):
                for merged_key, merged in value.items():
                    out.setdefault(merged_key, merged)
            elif isinstance(key, str):
                out[key] = value
        return out
    return None


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _alert(rule: dict[str, Any], group: str, source: str) -> dict[str, Any]:
    raw_labels, raw_notes = rule.get("labels"), rule.get("annotations")
    labels: dict[str, Any] = raw_labels if isinstance(raw_labels, dict) else {}
    notes: dict[str, Any] = raw_notes if isinstance(raw_notes, dict) else {}
    links = {k: _text(notes.get(k)) for k in LINK_KEYS if _text(notes.get(k))}
    return {
        "name": _text(rule.get("alert")),
        "severity": _text(labels.get("severity")).lower(),
        "expr": _text(rule.get("expr")),
        "for": _text(rule.get("for")),
        "line": int(rule.get("__line__", 1)),
        "group": group,
        "links": links,
        "summary": bool(_text(notes.get("summary")) or _text(notes.get("message"))),
        "description": bool(_text(notes.get("description"))),
        "dashboard_url": bool(_text(notes.get("dashboard_url"))),
        "source": source,
    }


def evaluated_alert(rule: dict[str, Any]) -> dict[str, Any]:
    """Return the alert record of one rule an evaluated Jsonnet mixin produced."""
    return _alert(rule, "", "jsonnet (evaluated)")


def _walk(value: Any, group: str, source: str, found: list[dict[str, Any]],
          records: list[str], depth: int = 0) -> None:
    if depth > _MAX_DEPTH:
        return
    if isinstance(value, list):
        for item in value:
            _walk(item, group, source, found, records, depth + 1)
        return
    if not isinstance(value, dict):
        return
    if "alert" in value and "expr" in value:
        # A name that is no text (a template's ``{{ .name }}`` loads as a mapping) is kept
        # nameless: the file's result counts it, so the report can say it was not read.
        found.append(_alert(value, group, source))
        return
    if isinstance(value.get("record"), str) and "expr" in value:
        records.append(value["record"].strip())
        return
    if isinstance(value.get("rules"), list) and isinstance(value.get("name"), str):
        group = value["name"]
    for key, child in value.items():
        if key != "__line__":
            _walk(child, group, source, found, records, depth + 1)


def _source(document: Any) -> str:
    if isinstance(document, dict):
        kind = document.get("kind")
        if isinstance(kind, str) and kind in _RULE_KINDS:  # any YAML value may stand here
            return kind
        if "groups" in document:
            return "rules"
        return "embedded"
    # A bare list of rules is not a valid Prometheus rule file; it is an example in docs.
    return "example"


def extract_yaml_rules(text: str) -> dict[str, Any]:
    """Return the alerts and recording-rule names of one YAML file, or why it failed."""
    try:
        documents = [_build(node) for node in yaml.compose_all(text, Loader=_LOADER)]
    except yaml.YAMLError as exc:
        if "{{" in text:
            return {"alerts": helm_fallback(text), "records": [], "templated": True,
                    "error": None}
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return {"alerts": [], "records": [], "templated": False,
                "error": f"YAML does not load: {problem}{where}"}
    except RecursionError:
        return {"alerts": [], "records": [], "templated": False,
                "error": "YAML does not load: nested too deeply"}
    except _TooManyValues:
        return {"alerts": [], "records": [], "templated": False,
                "error": f"YAML not read: its aliases expand to more than {MAX_VALUES:,} values"}
    alerts: list[dict[str, Any]] = []
    records: list[str] = []
    for document in documents:
        _walk(document, "", _source(document), alerts, records)
    return {"alerts": [a for a in alerts if a["name"]], "records": records,
            "templated": "{{" in text, "error": None,
            "unnamed": sum(1 for a in alerts if not a["name"])}


_HELM_ALERT_VAR = re.compile(r"\$alert\s*:=\s*\"([^\"]+)\"")
_RULE_START = re.compile(r"^(\s*)-?\s*alert:\s*(.+?)\s*$")
_FIELD = re.compile(r"^\s*([A-Za-z_]+):\s*(.*?)\s*$")
_HELM_ALERT_REF = re.compile(r"\{\{-?\s*\$alert\s*-?\}\}")


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _block_value(lines: list[str], index: int, value: str) -> str:
    """Return a field's value, following YAML block scalars (``|``, ``>-``) by indentation."""
    if value and value[0] in "|>":
        indent = len(lines[index]) - len(lines[index].lstrip())
        parts: list[str] = []
        for line in lines[index + 1:]:
            if line.strip() and len(line) - len(line.lstrip()) <= indent:
                break
            parts.append(line.strip())
        return " ".join(p for p in parts if p)
    return _unquote(value)


def helm_fallback(text: str) -> list[dict[str, Any]]:
    """Read rules from a Helm-templated file line by line (one rule per ``- alert:``)."""
    lines = text.splitlines()
    variable = _HELM_ALERT_VAR.search(text)
    default_name = variable.group(1) if variable else ""
    starts = [i for i, line in enumerate(lines) if _RULE_START.match(line)]
    alerts: list[dict[str, Any]] = []
    for position, start in enumerate(starts):
        end = starts[position + 1] if position + 1 < len(starts) else len(lines)
        match = _RULE_START.match(lines[start])
        assert match is not None
        name = _HELM_ALERT_REF.sub(default_name, _unquote(match.group(2))).strip()
        fields: dict[str, str] = {}
        for index in range(start + 1, end):
            field = _FIELD.match(lines[index])
            if field and field.group(1) not in fields:
                fields[field.group(1)] = _block_value(lines, index, field.group(2))
        links = {k: _HELM_ALERT_REF.sub(default_name, fields[k]) for k in LINK_KEYS
                 if fields.get(k)}
        alerts.append({
            "name": name, "severity": fields.get("severity", "").lower(),
            "expr": fields.get("expr", ""), "for": fields.get("for", ""),
            "line": start + 1, "group": "", "links": links,
            "summary": bool(fields.get("summary") or fields.get("message")),
            "description": bool(fields.get("description")),
            "dashboard_url": bool(fields.get("dashboard_url")), "source": "helm",
        })
    return [a for a in alerts if a["name"] and "{{" not in a["name"]]


# A computed alert name: ``'%sDown' % prefix``, ``std.format('%sDown', [p])``,
# ``$._config.prefix + 'Down'`` (up to the end of the field).
_JSONNET_COMPUTED = re.compile(
    r"""(?<![\w'"])['"]?alert['"]?\s*:\s*(std\.format\([^)\n]*\)|[^,\n}\[]*?(?:%|\+)"""
    r"""(?:\[[^\]\n]*\]|[^,\n}\[])*?)\s*(?:,|\n|})""")
_JSONNET_STRING_DEF = re.compile(
    r"""(?:\blocal\s+([A-Za-z_]\w*)\s*=|(?<![\w.])([A-Za-z_]\w*)\s*:{1,3})"""
    r"""\s*['"]([^'"\n]*)['"]\s*[,;\n}]""")
_JSONNET_REF = re.compile(r"^[$A-Za-z_][\w$]*(?:\.[A-Za-z_]\w*)*$")
_JSONNET_ALERT = re.compile(r"""(?<![\w'"])['"]?alert['"]?\s*:\s*['"]([A-Za-z][A-Za-z0-9_]*)['"]""")
_JSONNET_FIELD = re.compile(
    r"""(?<![\w'"])['"]?(severity|for|runbook_url)['"]?\s*:\s*['"]([^'"\n]+)['"]""")
_JSONNET_EXPR = re.compile(r"""(?<![\w'"])['"]?expr['"]?\s*:\s*(?:\|\|\|(.*?)\|\|\||'([^'\n]*)'"""
                           r"""|"([^"\n]*)")""", re.DOTALL)
_URL_PATTERN = re.compile(r"""\brunbookURLPattern:\s*['"]([^'"]+)['"]""")


def _object_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every ``{...}`` in Jsonnet, skipping strings, text blocks and comments.

    Mixins often write ``alert:`` as the *last* field of a rule object, after ``expr`` and
    ``labels``, so a rule's fields are found by the object around its name, not by position.
    """
    spans: list[tuple[int, int]] = []
    stack: list[int] = []
    index, length = 0, len(text)
    while index < length:
        char = text[index]
        if text.startswith("|||", index):
            close = text.find("|||", index + 3)
            index = length if close < 0 else close + 3
            continue
        if char in "'\"":
            index += 1
            while index < length and text[index] != char and text[index] != "\n":
                index += 2 if text[index] == "\\" else 1
        elif text.startswith("//", index) or char == "#":
            newline = text.find("\n", index)
            index = length if newline < 0 else newline
        elif text.startswith("/*", index):
            close = text.find("*/", index + 2)
            index = length if close < 0 else close + 1
        elif char == "{":
            stack.append(index)
        elif char == "}" and stack:
            spans.append((stack.pop(), index))
        index += 1
    return spans


def _enclosing(spans: list[tuple[int, int]], position: int) -> tuple[int, int] | None:
    inside = [s for s in spans if s[0] < position < s[1]]
    return max(inside, key=lambda s: s[0]) if inside else None


def computed_name_parts(source: str) -> list[list[str]]:
    """Split a computed Jsonnet alert name into ["lit", text] and ["ref", name] parts.

    Handles the common forms: ``'%sDown' % prefix`` (also with ``[a, b]``),
    ``std.format('%sDown', [prefix])`` and ``a + 'Down' + b``. A reference keeps only its
    last segment (``$._config.prefix`` -> ``prefix``). Returns [] for anything else.
    """
    fmt = re.fullmatch(r"""std\.format\(\s*['"]([^'"]*)['"]\s*,\s*\[?([^\]\)]*)\]?\s*\)""",
                       source) or re.fullmatch(
        r"""['"]([^'"]*)['"]\s*%\s*\[?([^\]]*)\]?""", source)
    if fmt:
        refs = [r.strip() for r in fmt.group(2).split(",") if r.strip()]
        pieces = fmt.group(1).split("%s")
        if len(pieces) != len(refs) + 1 or not all(_JSONNET_REF.match(r) for r in refs):
            return []
        parts: list[list[str]] = []
        for piece, ref in zip(pieces, [*refs, ""], strict=True):
            if piece:
                parts.append(["lit", piece])
            if ref:
                parts.append(["ref", ref.rsplit(".", 1)[-1]])
        return parts
    parts = []
    for term in (t.strip() for t in source.split("+")):
        literal = re.fullmatch(r"""['"]([^'"]*)['"]""", term)
        if literal:
            parts.append(["lit", literal.group(1)])
        elif _JSONNET_REF.match(term):
            parts.append(["ref", term.rsplit(".", 1)[-1]])
        else:
            return []
    return parts


def _jsonnet_alert_fields(text: str, spans: list[tuple[int, int]],
                          match: re.Match[str]) -> dict[str, Any]:
    """Return what the object around an alert name says: severity, expression, links."""
    span = _enclosing(spans, match.start())
    chunk = text[span[0]:span[1]] if span else text[match.end():match.end() + 2000]
    fields = {m.group(1): m.group(2) for m in _JSONNET_FIELD.finditer(chunk)}
    expr = _JSONNET_EXPR.search(chunk)
    return {
        "severity": fields.get("severity", "").lower(),
        "expr": " ".join(next((g for g in expr.groups() if g), "").split()) if expr else "",
        "for": fields.get("for", ""), "line": text.count("\n", 0, match.start()) + 1,
        "group": "", "links": ({"runbook_url": fields["runbook_url"]}
                               if "runbook_url" in fields else {}),
        "summary": "summary" in chunk or "message" in chunk,
        "description": "description" in chunk,
        "dashboard_url": "dashboard_url" in chunk, "source": "jsonnet",
    }


def extract_jsonnet_rules(text: str) -> dict[str, Any]:
    """Read alert names, severities and explicit links from a Jsonnet mixin by regex."""
    spans = _object_spans(text)
    alerts: list[dict[str, Any]] = []
    for match in _JSONNET_ALERT.finditer(text):
        alerts.append({"name": match.group(1), **_jsonnet_alert_fields(text, spans, match)})
    for match in _JSONNET_COMPUTED.finditer(text):
        computed = match.group(1).strip()
        alerts.append({"name": "", "parts": computed_name_parts(computed),
                       "computed": computed[:200], **_jsonnet_alert_fields(text, spans, match)})
    pattern = _URL_PATTERN.search(text)
    return {
        "alerts": alerts,
        # String fields and locals (``prefix: 'Kube'``), to resolve computed names repo-wide.
        "strings": {m.group(1) or m.group(2): m.group(3)
                    for m in _JSONNET_STRING_DEF.finditer(text)},
        "url_pattern": pattern.group(1) if pattern else None,
        # The common helper lowercases the alert name before formatting the pattern.
        "url_lower": bool(pattern) and ("lower(" in text or "asciiLower" in text),
    }


_SPACES = re.compile(r"\s+")
_AROUND = re.compile(r"\s*([(){}\[\],=!<>~+*/%^-]+)\s*")
_NUMBER = re.compile(r"(?<![\w.])(\d+\.\d*|\d*\.\d+|\d+)(e[+-]?\d+)?(?![\w.])")
_LITERAL_REGEX = re.compile(r"=~\"([A-Za-z0-9_:-]*)\"")


def normalise_expr(expr: str) -> str:
    """Whitespace, number spelling and literal regex matchers no longer count as changes.

    ``> 0.70`` equals ``> 0.7``; ``namespace=~"x"`` equals ``namespace="x"`` when ``x`` has no
    regex syntax. Rescaling (``> 0.7`` vs ``* 100 > 70``) is still a change: it is rare and
    only a reviewer can tell it is equivalent.
    """
    text = _SPACES.sub(" ", expr.strip())
    text = _LITERAL_REGEX.sub(lambda m: f'="{m.group(1)}"', text)
    text = _NUMBER.sub(lambda m: repr(float(m.group(0))), text)
    return _AROUND.sub(r"\1", text)


def semantic_state(alert: dict[str, Any]) -> list[str]:
    """Return what an alert means: its normalised expression, its duration and its severity."""
    seconds = duration_seconds(str(alert.get("for", "")))
    duration = repr(seconds) if seconds is not None else str(alert.get("for", ""))
    return [normalise_expr(str(alert.get("expr", ""))), duration,
            str(alert.get("severity", ""))]
