"""Run the overrides analyzer on a folder, in process, the way a scan runs it."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scorecard.analyzers.base import AnalyzerOutput, FileInput, ScanContext
from scorecard.analyzers.overrides import OverridesAnalyzer
from scorecard.model import Measurement
from scorecard.parsing import parse_python
from scorecard.repo import RepoView

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write files (relative path -> text or bytes) under root."""
    for rel, content in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return root


def run(root: Path, options: Mapping[str, Any] | None = None) -> AnalyzerOutput:
    """Per-file step (results round-tripped through JSON, as the cache does), then summary."""
    analyzer = OverridesAnalyzer()
    merged = analyzer.make_options(options or {})
    view = RepoView(root)
    listing = view.list_files()
    results: dict[str, dict[str, Any]] = {}
    unparsable: set[str] = set()
    for repo_file, content in view.iter_contents(listing.files):
        if isinstance(content, bytes) and analyzer.wants(repo_file.path):
            if not repo_file.path.endswith(".py"):  # another language's source, as text
                result = analyzer.analyze_file(
                    FileInput(repo_file.path, content.decode("utf-8", "replace")), merged)
                results[repo_file.path] = json.loads(json.dumps(result))
                continue
            parsed = parse_python(repo_file.path, content)
            if parsed.tree is None or parsed.text is None:
                unparsable.add(repo_file.path)
                continue
            result = analyzer.analyze_file(FileInput(repo_file.path, parsed.text, parsed.tree),
                                           merged)
            results[repo_file.path] = json.loads(json.dumps(result))
    ctx = ScanContext(root=root, view=view, files=listing.files, git=view.git, now=NOW,
                      options=merged, unparsable=frozenset(unparsable))
    return analyzer.summarize(ctx, results)


def scan_tree(root: Path, files: Mapping[str, str | bytes],
              options: Mapping[str, Any] | None = None) -> AnalyzerOutput:
    """Write the files, then run the analyzer on them."""
    return run(write_tree(root, files), options)


def env_names(output: AnalyzerOutput) -> set[str]:
    """The env names the application reads (system names dropped)."""
    return {row["name"] for row in output.details["env"]}


def cli_keys(output: AnalyzerOutput) -> set[str]:
    """The command-line options found."""
    return set(output.details["cli"])


def required_env(output: AnalyzerOutput) -> set[str]:
    """The env names read without a default."""
    return {row["name"] for row in output.details["env"] if row["required"]}


def measurement(output: AnalyzerOutput, metric: str) -> Measurement:
    """The measurement of ``overrides.<metric>``."""
    return next(m for m in output.measurements if m.metric == f"overrides.{metric}")


def knobs(output: AnalyzerOutput, status: str | None = None) -> list[dict[str, Any]]:
    """Operational constants in the details, optionally only those with a status."""
    return [k for k in output.details["knobs"] if status is None or k["status"] == status]
