"""Documentation beyond runbooks: README sections, docs tree, architecture records, changelog.

These apply to repositories that ship something to install and run. A repository with no
code and no entry points (a runbooks or docs repository) gets n/a with that reason, not a
zero for lacking an install section.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from scorecard.analyzers.doc_roots import DocRoots
from scorecard.analyzers.path_roles import PathRole, path_role
from scorecard.analyzers.runbooks.corpus import Corpus
from scorecard.analyzers.runbooks.doc_paths import (
    adr_folder,
    is_changelog,
    is_changelog_folder,
    is_readme,
)
from scorecard.analyzers.runbooks.sections import normalise_heading
from scorecard.model import Finding, Location, Measurement
from scorecard.repo.file_versions import Version
from scorecard.wording import count_text, counted

__all__ = ["README_SECTIONS", "Releases", "changelog_entry_lines", "changelog_path",
           "measure_inventory"]

README = "runbooks.readme_sections"
DOCS_TREE = "runbooks.docs_tree"
ARCHITECTURE = "runbooks.architecture_docs"
CHANGELOG = "runbooks.changelog_current"

# Each section's heading words: English, then the common European languages (whole words),
# then Chinese, Japanese and Korean (written without spaces, so matched anywhere in the
# heading: "## 二、配置" is a configuration section).
_SECTION_WORDS: dict[str, tuple[str, str]] = {
    "install": (r"install(?:ation|ing|ieren)?|getting started|quick ?start|setup|set up"
                r"|instalaci[oó]n|instalar|instala[cç][aã]o|d[eé]marrage|schnellstart"
                r"|установка|начало работы",
                r"安装|安裝|快速开始|快速開始|快速上手|入门|入門|インストール|導入|はじめに"
                r"|クイックスタート|설치|시작하기"),
    "usage": (r"usage|how to use|using|examples?|tutorial|uso|utilisation|verwendung"
              r"|benutzung|использование|примеры",
              r"使用|用法|示例|使い方|사용법|사용 방법"),
    "configuration": (r"configur(?:e|ation|ing)|settings|environment variables|options"
                      r"|configuraci[oó]n|configura[cç][aã]o|konfiguration|einstellungen"
                      r"|настройка|конфигурация",
                      r"配置|设置|設定|环境变量|環境變數|環境変数|설정|구성"),
    # Running the service, not its tests or a development copy ("Running tests",
    # "Running locally" are about development).
    "deployment": (r"deploy(?:ment|ing)?|(?:running|run)(?!\s+(?:the\s+)?(?:unit\s+)?"
                   r"(?:tests?|locally|in\s+development|for\s+development|dev\b))"
                   r"|production|operat(?:e|ing|ions)"
                   r"|hosting|docker|kubernetes|helm|despliegue|implanta[cç][aã]o"
                   r"|d[eé]ploiement|bereitstellung|развертывание|развёртывание|запуск",
                   r"部署|运行|運行|启动|啟動|デプロイ|実行|起動|배포|실행"),
    "troubleshooting": (r"troubleshoot(?:ing)?|faq|known issues|debugging|common problems"
                        r"|soluci[oó]n de problemas|preguntas frecuentes|d[eé]pannage"
                        r"|fehlerbehebung|häufige fragen|устранение неполадок",
                        r"常见问题|常見問題|故障排除|故障排查|问题排查|疑难解答|疑難排解"
                        r"|トラブルシューティング|よくある質問|문제 해결|자주 묻는 질문"),
    "monitoring": (r"monitor(?:ing)?|metrics|observability|alert(?:s|ing)?|logging|health"
                   r"|monitorizaci[oó]n|monitoramento|surveillance|überwachung|мониторинг",
                   r"监控|監控|日志|日誌|モニタリング|監視|ログ|모니터링|로그"),
    "upgrading": (r"upgrad(?:e|ing)|migrat(?:e|ion|ing)|breaking changes|actualizaci[oó]n"
                  r"|atualiza[cç][aã]o|mise à jour|aktualisierung|обновление|миграция",
                  r"升级|升級|迁移|遷移|アップグレード|移行|업그레이드|마이그레이션"),
}
README_SECTIONS: dict[str, re.Pattern[str]] = {
    key: re.compile(rf"\b(?:{words})\b|{cjk}") for key, (words, cjk) in _SECTION_WORDS.items()
}
_DOCS_MARKERS = ("mkdocs.yml", "mkdocs.yaml", "docs/conf.py", "doc/conf.py", ".readthedocs.yml",
                 ".readthedocs.yaml", "book.toml", "docusaurus.config.js", "antora.yml")
# ARCHITECTURE.md at the root, or a page under docs/ (Sphinx's docs/source/ too), or any
# page of a docs/architecture/ or docs/design/ folder; a decision log (DECISIONS.md).
_ARCHITECTURE_FILES = re.compile(
    r"^(?:architecture|design|decisions)(?:\.md|\.rst)$|^docs?/(?:source/)?"
    r"(?:(?:architecture|design|decisions)[\w-]*\.(?:md|rst)|(?:architecture|design)/[^/]+"
    r"\.(?:md|rst))$", re.IGNORECASE)
_ADR_STATUS = re.compile(r"\bstatus\b")
# How deep a monorepo's package folders (with their own changelogs) are looked for.
MAX_PACKAGE_DEPTH = 3
# A plain-text changelog's releases are read from its first lines, newest first.
CHANGELOG_HEAD_LINES = 2000
CHANGELOG_ENTRIES = 200
_VERSION_TAG = re.compile(r"(?:^|[@/-])v?(\d+(?:\.\d+)+(?:[-.+][\w.]+)?)$")


@dataclass(frozen=True)
class Releases:
    """Release tags (newest first) and the changelog's history, or why they are unknown."""

    tags: list[tuple[str, int]]
    changelog_versions: list[Version]
    known: bool
    reason: str = ""
    shallow: bool = False  # a shallow clone: the tags of older commits may be missing


def _applies(corpus: Corpus) -> bool:
    return corpus.has_code or bool(corpus.entrypoints)


_DOCS_ONLY = ("no code and no entry points (a documentation or runbooks repository): "
              "{what} {verb} not apply")


def _readme(corpus: Corpus) -> Measurement:
    if not _applies(corpus):
        return Measurement(README, None, _DOCS_ONLY.format(
            verb="do", what="README install/usage/deploy sections"))
    readme = next((p for p in sorted(corpus.files) if is_readme(p)), None)
    if readme is None:
        return Measurement(README, 0.0, "no README at the repository root",
                           (Finding(README, Location("."), "no README at the repository root",
                                    0.0),))
    doc = corpus.docs.get(readme, {"headings": [], "links": []})
    texts = [normalise_heading(str(h[3])) for h in doc.get("headings", [])]
    # A README that links out to docs/<topic>.md covers that topic too.
    texts.extend(PurePosixPath(str(href)).stem.replace("-", " ").replace("_", " ").lower()
                 for _, href in doc.get("links", [])
                 if str(href).startswith(("docs/", "doc/", "./docs/")))
    found = [key for key, pattern in README_SECTIONS.items()
             if any(pattern.search(t) for t in texts)]
    missing = [k for k in README_SECTIONS if k not in found]
    note = f"{readme} covers {', '.join(found) or 'none'}"
    if missing:
        note += f"; lacks {', '.join(missing)}"
    findings = tuple(Finding(README, Location(readme, 1), f"README has no {k} section", 0.0, k)
                     for k in missing)
    return Measurement(README, round(100.0 * len(found) / len(README_SECTIONS), 2), note,
                       findings)


def _docs_tree(corpus: Corpus, roots: DocRoots) -> Measurement:
    if not _applies(corpus):
        return Measurement(DOCS_TREE, None, _DOCS_ONLY.format(
            verb="does", what="a separate docs tree"))
    markers = [m for m in _DOCS_MARKERS if m in corpus.files] or list(roots.configs)[:3]
    pages = [p for p in corpus.docs if "/" in p and roots.contains(p)
             and path_role(p) not in (PathRole.TEST, PathRole.VENDORED)]
    if markers or pages:
        where = ", ".join(markers) or f"{counted(len(pages), 'page')} under " + ", ".join(
            sorted({posixpath.dirname(p) + "/" for p in pages})[:3])
        return Measurement(DOCS_TREE, 1.0, f"docs tree present ({where})")
    return Measurement(DOCS_TREE, 0.0, "no docs/ folder or documentation site configuration",
                       (Finding(DOCS_TREE, Location("."), "no docs/ tree", 0.0),))


def _architecture(corpus: Corpus) -> Measurement:
    if not _applies(corpus):
        return Measurement(ARCHITECTURE, None, _DOCS_ONLY.format(
            verb="do", what="architecture records"))
    adrs = sorted(p for p in corpus.docs if adr_folder(p))
    overview = sorted(p for p in corpus.docs if _ARCHITECTURE_FILES.match(p))
    if not adrs and not overview:
        return Measurement(ARCHITECTURE, 0.0, "no ADR folder (doc/adr, docs/decisions, ...) and "
                                              "no ARCHITECTURE.md or docs/design.md",
                           (Finding(ARCHITECTURE, Location("."), "no architecture docs", 0.0),))
    with_status = sum(1 for p in adrs if any(_ADR_STATUS.search(normalise_heading(str(h[3])))
                                             for h in corpus.docs[p]["headings"]))
    parts = []
    if adrs:
        parts.append(f"{counted(len(adrs), 'decision record')} ({count_text(with_status)} with a "
                     "Status section)")
    if overview:
        parts.append(", ".join(overview))
    return Measurement(ARCHITECTURE, 1.0, "; ".join(parts))


def changelog_path(corpus: Corpus, tags: list[tuple[str, int]] | None = None) -> str | None:
    """Return the repository's changelog: root first, the latest release's package's next.

    Else a folder of release notes at the root or under docs/ (its path ends with "/"), else
    the only changelog one folder down (a Helm chart repository's chart folder).

    A monorepo that releases its packages one by one (``@scope/cli@3.0.1``, ``cli-v1.2.0``)
    keeps a changelog in each package's folder (``packages/cli/CHANGELOG.md``, as
    changesets, lerna and release-please write them): the one of the package the latest
    release tag names stands for the repository's.
    """
    found = sorted((p for p in corpus.files if is_changelog(p)), key=lambda p: (p.count("/"), p))
    if found:
        return found[0]
    # A folder of one file per release (cookiecutter's CHANGELOG/2.7.1.md), named with a
    # trailing slash.
    folders = sorted((f for f in corpus.folders if is_changelog_folder(f)
                      and any(p.startswith(f + "/") for p in corpus.files)),
                     key=lambda f: (f.count("/"), f))
    if folders:
        return folders[0] + "/"
    releases = _release_tags(tags or [])
    package = _tag_package(releases[0][0]) if releases else ""
    candidates = sorted(p for p in corpus.files if p.count("/") <= MAX_PACKAGE_DEPTH
                        and PurePosixPath(p).parent.name.lower() == package
                        and is_changelog(PurePosixPath(p).name)
                        and path_role(p) not in (PathRole.TEST, PathRole.VENDORED))
    if package and candidates:
        return candidates[0]
    # A repository of one package kept in a folder (a Helm chart's traefik/Changelog.md):
    # the only changelog one folder down is the repository's.
    single = [p for p in corpus.files if p.count("/") == 1
              and is_changelog(PurePosixPath(p).name)
              and path_role(p) not in (PathRole.TEST, PathRole.VENDORED, PathRole.EXAMPLE)]
    return single[0] if len(single) == 1 else None


def _tag_package(tag: str) -> str:
    """Return the package a release tag names (``@scope/cli@3.0.1``: cli), or ''."""
    match = _VERSION_TAG.search(tag)
    prefix = tag[:match.start()] if match else ""
    return prefix.rstrip("@/-").rpartition("/")[2].lstrip("@").lower()


def _release_tags(tags: list[tuple[str, int]]) -> list[tuple[str, str, int]]:
    out: list[tuple[str, str, int]] = []
    for name, when in tags:
        match = _VERSION_TAG.search(name)
        if match:
            out.append((name, match.group(1), when))
    return out


def _version_pattern(version: str) -> re.Pattern[str]:
    """Match a version as a whole token; ``0.18.0`` may be written ``0.18`` ("release-0.18")."""
    core = version
    while core.endswith(".0") and core.count(".") > 1:
        core = core[:-2]
    return re.compile(rf"(?<![\d.]){re.escape(core)}(?:\.0)*(?![\d])")


def changelog_entry_lines(text: str) -> list[str]:
    """Return the entry lines of a plain-text changelog that has no headings.

    A GNU-style ChangeLog or NEWS file opens each release with an unindented line
    (``2025-04-24  unidecode 1.4.0``) and indents its items: the unindented lines with a
    digit in the first ``CHANGELOG_HEAD_LINES`` lines stand for headings.
    """
    lines = text.splitlines()[:CHANGELOG_HEAD_LINES]
    return [line.strip()[:200] for line in lines
            if line[:1].strip() and any(c.isdigit() for c in line)][:CHANGELOG_ENTRIES]


def _changelog(corpus: Corpus, releases: Releases) -> Measurement:
    path = changelog_path(corpus, releases.tags)
    if not releases.known:
        if path:
            return Measurement(CHANGELOG, None, f"{path} present; {releases.reason}")
        return Measurement(CHANGELOG, None, releases.reason)
    tags = _release_tags(releases.tags)
    if not tags and releases.shallow:
        # git clone --depth fetches no tag of a commit it leaves out: the releases are
        # unknown, not absent, and the score provisional until the history is fetched.
        note = ("shallow clone: release tags of older commits are not fetched; use "
                "fetch-depth: 0 in actions/checkout (or git fetch --unshallow --tags)")
        return Measurement(CHANGELOG, None, f"{path} present; {note}" if path else note,
                           unmeasured=True)
    if not tags:
        note = "no release tags, so keeping a changelog with releases does not apply yet"
        return Measurement(CHANGELOG, None, f"{path} present; {note}" if path else note)
    if path is not None and _top_level(path):
        # A changelog at the top is the project's own: a monorepo's package releases
        # (ripgrep's ignore-0.4.33 beside 15.2.0) are not what it lists.
        own = [t for t in tags if not _tag_package(t[0])]
        tags = own or tags
    tag, version, when = tags[0]
    if path is None:
        # Tags are those in this commit's history: a newer release on another branch is
        # not this commit's.
        message = (f"{counted(len(tags), 'release tag')} in this commit's history (latest "
                   f"{tag}) but no CHANGELOG")
        return Measurement(CHANGELOG, 0.0, message, (Finding(CHANGELOG, Location("."), message,
                                                             0.0),))
    named = _version_pattern(version)
    mentioned = any(named.search(entry) for entry in _changelog_entries(corpus, path))
    touched = bool(releases.changelog_versions) and releases.changelog_versions[0].time >= when
    if mentioned or touched:
        how = "names it" if mentioned else "was updated at or after it"
        return Measurement(CHANGELOG, 1.0, f"{path} {how} (latest release {tag})")
    message = f"{path} does not mention the latest release {tag} and predates it"
    where = Location(path.rstrip("/"), None if path.endswith("/") else 1)
    return Measurement(CHANGELOG, 0.0, message, (Finding(CHANGELOG, where, message, 0.0, tag),))


def _top_level(path: str) -> bool:
    """Tell whether a changelog (file or folder) sits at the root or under docs/."""
    return is_changelog(path.rstrip("/")) or is_changelog_folder(path.rstrip("/"))


def _changelog_entries(corpus: Corpus, path: str) -> list[str]:
    """Return the headings and entry lines of a changelog; of a folder, its files' names too."""
    paths = ([p for p in sorted(corpus.files) if p.startswith(path)] if path.endswith("/")
             else [path])
    entries = [PurePosixPath(p).stem for p in paths if p != path]
    for each in paths:
        doc = corpus.docs.get(each, {})
        entries += [str(h[3]) for h in doc.get("headings", [])]
        entries += list(doc.get("entry_lines", []))
    return entries


def measure_inventory(corpus: Corpus, releases: Releases, roots: DocRoots | None = None
                      ) -> tuple[list[Measurement], tuple[str | None, int, int]]:
    """README sections, docs tree, architecture docs and changelog freshness.

    Also returns the changelog's path, the count of ADRs and of release tags.
    """
    measurements = [_readme(corpus), _docs_tree(corpus, roots or DocRoots(frozenset(), ())),
                    _architecture(corpus),
                    _changelog(corpus, releases)]
    details = (changelog_path(corpus, releases.tags),
               len([p for p in corpus.docs if adr_folder(p)]), len(_release_tags(releases.tags)))
    return measurements, details
