"""The runbook section lexicon: which heading is which section, and whether it says something.

Headings are normalised (lowercase; leading numbering such as ``1.`` or ``Step 2:``, emoji and
a trailing ``:``/``?`` stripped; whitespace collapsed) and matched against each section's
lexicon with word boundaries. One heading may serve two sections ("Diagnosis and
mitigation"). Content checks follow the section's purpose: a diagnosis needs something to
run or look at, an escalation needs someone to reach.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = [
    "OPTIONAL",
    "RECOMMENDED",
    "REQUIRED",
    "BodyFacts",
    "content_ok",
    "is_placeholder",
    "looks_like_query",
    "match_sections",
    "normalise_heading",
]

REQUIRED = ("meaning", "impact", "diagnosis", "mitigation")
RECOMMENDED = ("escalation", "dashboards", "rollback", "symptoms", "severity")
OPTIONAL = ("prereqs",)

_LEXICON: dict[str, str] = {
    "meaning": r"meaning|overview|summary|description|what does (?:this|the) alert mean|about"
               r"|purpose|tl;?dr|context|is this real",
    "impact": r"impact|user impact|business impact|consequences?|blast radius|how bad",
    # A section named for the whole procedure ("Runbook", "Procedure", "What to do") holds
    # both what to look at and what to do, as one heading may serve two sections.
    "diagnosis": r"diagnos(?:is|e|tics)|troubleshoot(?:ing)?|investigat(?:e|ion)|debug(?:ging)?"
                 r"|triage|checks?|verification|verify|how to investigate"
                 r"|runbook|procedure|playbook|what to do",
    "mitigation": r"mitigat(?:e|ion)|remediat(?:e|ion)|resolution|possible resolutions|resolve"
                  r"|fix(?:es)?|recover(?:y)?|workaround|steps to resolve|make it stop|actions"
                  r"|runbook|procedure|playbook|what to do|steps|remedy|response",
    "escalation": r"escalat(?:e|ion)|owner(?:s|ship)?|team|contacts?|on-?call|support"
                  r"|who to (?:page|contact)|services",
    "dashboards": r"dashboards?|graphs?|metrics|grafana|related links|links|references|see also",
    "rollback": r"roll ?back|revert|undo|back ?out|recent changes",
    "symptoms": r"symptoms?|signs|alert behaviou?r|detection|triggers?|expression|threshold",
    "severity": r"severity|severities|priority|urgency|critical|warning",
    "prereqs": r"prerequisites|requirements|access|permissions",
}
# The same sections in other languages: whole words of the European ones, and Chinese,
# Japanese and Korean terms matched anywhere in the heading (they are written without
# spaces: "处理步骤" is a mitigation section).
_OTHER_WORDS: dict[str, str] = {
    "meaning": r"significado|resumen|descripci[oó]n|signification|r[ée]sum[ée]|bedeutung"
               r"|beschreibung|übersicht|значение|описание",
    "impact": r"impacto|auswirkung(?:en)?|влияние|последствия",
    "diagnosis": r"diagn[oó]stico|diagnostic|diagnose|диагностика",
    "mitigation": r"mitigaci[oó]n|soluci[oó]n|resoluci[oó]n|att[ée]nuation|r[ée]solution"
                  r"|behebung|l[oö]sung|maßnahmen|решение|устранение",
    "escalation": r"escalamiento|escalado|escalade|eskalation|эскалация",
    "dashboards": r"paneles|tableaux de bord|liens|enlaces",
    "rollback": r"reversi[oó]n|retour arri[eè]re",
    "symptoms": r"s[ií]ntomas|sympt[oô]mes|symptome",
    "severity": r"severidad|gravit[ée]|schweregrad",
    "prereqs": r"requisitos|pr[ée]requis|voraussetzungen",
}
_CJK_WORDS: dict[str, str] = {
    "meaning": r"含义|含義|概述|概要|说明|說明|描述|简介|簡介|意味|説明|의미|개요|설명",
    "impact": r"影响|影響|영향",
    "diagnosis": r"诊断|診斷|排查|调查|調查|診断|調査|確認方法|진단|조사",
    "mitigation": r"处理|處理|解决|解決|缓解|緩解|修复|修復|恢复|恢復|対処|対応|復旧|緩和|해결|완화"
                  r"|복구|조치",
    "escalation": r"升级|升級|联系人|聯絡人|负责人|負責人|值班|エスカレーション|連絡先|担当"
                  r"|에스컬레이션|담당자|연락처",
    "dashboards": r"仪表盘|儀表板|监控面板|图表|圖表|链接|連結|ダッシュボード|グラフ|リンク"
                  r"|대시보드|링크",
    "rollback": r"回滚|回滾|ロールバック|切り戻し|롤백",
    "symptoms": r"症状|现象|現象|증상",
    "severity": r"严重|嚴重|级别|級別|重大度|深刻度|심각도",
    "prereqs": r"前提|前置条件|前置條件|権限|사전 요구|전제",
}
_MATCHERS = {key: re.compile(rf"\b(?:{pattern}|{_OTHER_WORDS[key]})\b|{_CJK_WORDS[key]}")
             for key, pattern in _LEXICON.items()}

_NUMBERING = re.compile(r"^(?:step\s*)?\d+(?:\.\d+)*[.):]?\s+|^step\s*\d+\s*[:.)-]?\s*")
_TRAILING = re.compile(r"[\s:?]+$")
PLACEHOLDER = re.compile(
    r"^\s*(?:todo|tbd|fixme|n/?a|coming soon|<insert[^>]*>|\.\.\.|-)\s*[.!]?\s*$", re.IGNORECASE
)
_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
# Chinese, Japanese and Korean text has no spaces between words: each such character counts
# as half a word (a word of these languages is two characters on average) and, in a
# sentence's length, as two characters (the same meaning takes about half the characters).
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_CONTACT = re.compile(
    r"(?<![\w/])@[\w.-]+|(?<![\w&/])#[a-z][\w-]+|(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.]+|\bslack\b|\bpagerduty\b"
    r"|\bopsgenie\b|\bteams?\b|\bon-?call\b|\bsquad\b|\bescalat", re.IGNORECASE,
)
_QUERYISH = re.compile(r"[{(|]|\s")


def normalise_heading(text: str) -> str:
    """Lowercase; drop numbering, emoji and trailing ``:``/``?``; collapse whitespace."""
    cleaned = "".join(c for c in text if unicodedata.category(c) not in ("So", "Sk", "Cs", "Co"))
    cleaned = " ".join(cleaned.lower().split())
    cleaned = _NUMBERING.sub("", cleaned)
    return _TRAILING.sub("", cleaned).strip()


def match_sections(text: str) -> list[str]:
    """Return the canonical section ids a heading names (possibly several, possibly none)."""
    normal = normalise_heading(text)
    return [key for key, matcher in _MATCHERS.items() if matcher.search(normal)]


def is_placeholder(text: str) -> bool:
    """Tell whether a body is empty or only TODO/TBD/N/A/'...'-style placeholders."""
    stripped = text.strip()
    return not stripped or bool(PLACEHOLDER.match(stripped))


@dataclass(frozen=True)
class BodyFacts:
    """What a section body contains, measured once and read by every content check."""

    prose: str
    has_code: bool
    has_link: bool
    has_list: bool

    @property
    def words(self) -> int:
        """Number of words of prose."""
        return _words(self.prose)

    @property
    def empty(self) -> bool:
        """True when there is no code, no link and the prose is a placeholder."""
        return is_placeholder(self.prose) and not self.has_code and not self.has_link


def _words(text: str) -> int:
    """Count the words of a text, Chinese, Japanese and Korean ones by their characters."""
    cjk = len(_CJK.findall(text))
    if not cjk:
        return len(_WORD.findall(text))
    return len(_WORD.findall(_CJK.sub(" ", text))) + cjk // 2


def _has_sentence(prose: str, minimum: int) -> bool:
    """Find a run of prose of at least ``minimum`` characters that is not a placeholder."""
    if is_placeholder(prose):
        return False
    return any(len(part.strip()) + len(_CJK.findall(part)) >= minimum and _words(part) >= 3
               for part in re.split(r"(?<=[.!?])\s+|(?<=[。！？])|\n{2,}", prose))


def content_ok(section: str, body: BodyFacts) -> bool:
    """Apply the section's substantive-content check (see the module docstring)."""
    if body.empty:
        return False
    if section == "meaning":
        return _has_sentence(body.prose, 40)
    if section == "impact":
        return _has_sentence(body.prose, 15)
    if section == "diagnosis":
        return body.has_code or body.has_link
    if section == "mitigation":
        return body.words >= 3 or body.has_code or body.has_list
    if section == "escalation":
        return body.has_link or bool(_CONTACT.search(body.prose))
    if section == "dashboards":
        return body.has_link
    if section == "rollback":
        return body.has_list or body.has_code
    return not is_placeholder(body.prose) or body.has_code


def looks_like_query(code: str) -> bool:
    """Tell whether an inline code span is a command or query rather than a bare name."""
    return len(code) >= 6 and bool(_QUERYISH.search(code))
