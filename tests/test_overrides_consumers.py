"""Stale documented variables: every consumer counts, not only the application's Python.

A documented name is stale only when nothing reads it: code in other languages, scripts
under examples, tools and images from the catalogue, and containers a manifest configures
all read names; a changelog or a test fixture's ``.env`` documents nothing.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

import pytest

from scorecard.analyzers.overrides.repository.catalogue import CATALOGUE_FILE, catalogue_entry
from scorecard.analyzers.path_roles import PathRole, is_sample, path_role
from tests.gitrepo import GitRepo
from tests.overrides_support import measurement, run, scan_tree

APP = 'import os\n\nDEBUG = os.getenv("APP_DEBUG", "0")\n'
DOCS = "## Environment variables\n\n| Variable | Meaning |\n|---|---|\n| `{name}` | x |\n"


def _stale(tmp_path: Path, name: str, files: dict[str, str]) -> tuple[set[str], dict[str, str]]:
    out = scan_tree(tmp_path, {"app/main.py": APP, "README.md": DOCS.format(name=name),
                               **files})
    stale = {f.symbol or "" for f in measurement(out, "stale_documented").findings}
    return stale, dict(out.details["excused"])


@pytest.mark.parametrize(("name", "path", "source", "language"), [
    ("DATABASE_URL", "cmd/server/main.go", 'url := os.Getenv("DATABASE_URL")\n', "Go"),
    ("QUEUE_NAME", "worker/main.go", 'v, ok := os.LookupEnv("QUEUE_NAME")\n', "Go"),
    ("DATABASE_URL", "web/server.js", "const url = process.env.DATABASE_URL;\n", "JavaScript"),
    ("API_TOKEN", "web/src/api.ts", "const t = process.env['API_TOKEN'];\n", "JavaScript"),
    ("SESSION_SECRET", "web/index.mjs", "const { PORT_X, SESSION_SECRET = 'x' } = process.env;\n",
     "JavaScript"),
    ("DATABASE_URL", "svc/src/Main.java", 'String u = System.getenv("DATABASE_URL");\n', "Java"),
    ("CACHE_DIR", "tool/src/main.rs", 'let d = std::env::var("CACHE_DIR");\n', "Rust"),
    ("SMTP_HOST", "ops/deliver.rb", 'host = ENV.fetch("SMTP_HOST")\n', "Ruby"),
    ("DEMO_TOKEN", "examples/client.py", 'import os\nTOKEN = os.environ["DEMO_TOKEN"]\n',
     "example Python"),
])
def test_names_read_by_other_languages_and_examples_are_not_stale(
        tmp_path: Path, name: str, path: str, source: str, language: str) -> None:
    stale, excused = _stale(tmp_path, name, {path: source})
    assert name not in stale
    line = source.count("\n", 0, source.index(name)) + 1
    if language == "example Python":
        assert excused[name] == f"read by {language} code ({path}:{line})"
    else:
        # Go, JavaScript, TypeScript, Java, Rust and Ruby are the application's own code:
        # the name is read (and documented), with nothing to excuse.
        assert name not in excused
        rows = {row["name"]: row for row in _env(tmp_path)}
        assert rows[name]["first"] == f"{path}:{line}" and rows[name]["documented"]


def _env(tmp_path: Path) -> list[dict[str, object]]:
    """The env rows of the tree ``_stale`` wrote (scanned again, as written)."""
    from tests.overrides_support import run
    return [dict(row) for row in run(tmp_path).details["env"]]


def test_a_test_that_reads_a_name_does_not_make_it_read(tmp_path: Path) -> None:
    stale, _ = _stale(tmp_path, "GONE_NAME", {
        "web/__tests__/api.test.ts": "process.env.GONE_NAME\n",
        "tests/test_x.py": 'import os\nos.getenv("GONE_NAME")\n',
    })
    assert stale == {"GONE_NAME"}


def test_a_minified_bundle_that_reads_a_name_does_not_make_it_read(tmp_path: Path) -> None:
    # A bundle carries its dependencies' env reads (React's NODE_ENV); the sources it was
    # built from are the product's, and they are read on their own.
    stale, _ = _stale(tmp_path, "GONE_NAME", {
        "static/app.min.js": "var a=process.env.GONE_NAME;\n"})
    assert stale == {"GONE_NAME"}


@pytest.mark.parametrize("name", ["PIP_INDEX_URL", "CGO_ENABLED", "NODE_OPTIONS", "AWS_PROFILE",
                                  "AWS_REGION", "DOCKER_BUILDKIT", "TOX_PARALLEL_NO_SPINNER",
                                  "POETRY_VIRTUALENVS_CREATE", "UV_INDEX_URL", "TF_LOG",
                                  "NPM_CONFIG_REGISTRY", "CARGO_HOME", "HELM_DRIVER"])
def test_tools_own_variables_come_from_the_catalogue_with_their_source(
        tmp_path: Path, name: str) -> None:
    stale, excused = _stale(tmp_path, name, {})
    assert name not in stale
    assert "(catalogue: https://" in excused[name]


def test_the_catalogue_is_data_and_every_entry_names_its_source() -> None:
    text = resources.files("scorecard.analyzers.overrides.repository").joinpath(CATALOGUE_FILE)
    data = tomllib.loads(text.read_text(encoding="utf-8"))
    entries = [e for section in ("library", "tool", "container") for e in data[section]]
    assert len(entries) > 50
    for entry in entries:
        assert entry["names"] and entry["reader"]
        assert str(entry["source"]).startswith(("https://", "http://"))
    # A prefix entry never swallows an unrelated name that merely starts the same way.
    assert catalogue_entry("GOAL_LIMIT") is None and catalogue_entry("GOPATH") is not None


@pytest.mark.parametrize("manifest", ["values.yaml", "charts/app/values.yaml",
                                      "deploy/k8s/deployment.yaml"])
def test_names_a_manifest_sets_for_an_image_built_elsewhere_are_consumed(
        tmp_path: Path, manifest: str) -> None:
    values = "env:\n  - name: UPSTREAM_MODE\n    value: fast\n"
    stale, excused = _stale(tmp_path, "UPSTREAM_MODE", {manifest: values})
    assert "UPSTREAM_MODE" not in stale
    assert excused["UPSTREAM_MODE"].startswith(f"set for a container in {manifest}")


def test_a_manifest_of_the_repository_own_image_does_not_excuse(tmp_path: Path) -> None:
    values = "env:\n  - name: OLD_MODE\n    value: fast\n"
    stale, _ = _stale(tmp_path, "OLD_MODE", {"deploy/deployment.yaml": values,
                                             "Dockerfile": "FROM python:3.12\n"})
    assert "OLD_MODE" in stale


@pytest.mark.parametrize("path", ["tests/.env", "tests/fixtures/app/.env",
                                  "test/integration/.env.example", "tests/data/README.md"])
def test_names_set_only_in_test_fixtures_are_not_documentation(tmp_path: Path,
                                                               path: str) -> None:
    code = 'import os\n\nTOKEN = os.environ["SERVICE_TOKEN"]\n'
    out = scan_tree(tmp_path, {"app/main.py": code, path: "SERVICE_TOKEN=abc\nFIXTURE_ONLY=1\n"})
    assert measurement(out, "env_doc_coverage").value == 0.0
    assert measurement(out, "stale_documented").value in (None, 0.0)


@pytest.mark.parametrize("path", ["CHANGELOG.md", "CHANGES.rst", "HISTORY.md", "NEWS.txt",
                                  "docs/changelog.md", "docs/releases/4.2.md",
                                  "docs/release-notes.md", "changelog.d/123.feature.md",
                                  "docs/whatsnew/3.0.rst", "RELEASE_NOTES.md"])
def test_release_notes_neither_document_nor_make_stale(tmp_path: Path, path: str) -> None:
    code = 'import os\n\nTOKEN = os.environ["SERVICE_TOKEN"]\n'
    notes = "Added the `SERVICE_TOKEN` environment variable; removed `OLD_TOKEN`.\n"
    out = scan_tree(tmp_path, {"app/main.py": code, path: notes})
    assert measurement(out, "env_doc_coverage").value == 0.0
    assert measurement(out, "stale_documented").value in (None, 0.0)


def test_a_migration_guide_documents_but_never_makes_stale(tmp_path: Path) -> None:
    code = 'import os\n\nTOKEN = os.environ["SERVICE_TOKEN"]\n'
    guide = "Set the `SERVICE_TOKEN` environment variable; `OLD_TOKEN` is gone.\n"
    out = scan_tree(tmp_path, {"app/main.py": code, "docs/upgrading.md": guide})
    assert measurement(out, "env_doc_coverage").value == 100.0
    assert measurement(out, "stale_documented").value in (None, 0.0)


@pytest.mark.parametrize(("path", "role"), [
    ("pkg/core.py", PathRole.APP), ("tests/test_core.py", PathRole.TEST),
    ("pkg/core_test.py", PathRole.TEST), ("conftest.py", PathRole.TEST),
    ("web/src/app.spec.ts", PathRole.TEST), ("cmd/server_test.go", PathRole.TEST),
    ("web/__tests__/a.js", PathRole.TEST), ("pkg/fixtures/data.py", PathRole.TEST),
    ("testdata/x.go", PathRole.TEST), ("examples/app/main.py", PathRole.EXAMPLE),
    ("docs/samples/run.py", PathRole.DOCS), ("demo/settings.py", PathRole.EXAMPLE),
    ("docs/conf.py", PathRole.DOCS), ("conf.py", PathRole.TOOLING),
    ("pkg/conf.py", PathRole.APP), ("scripts/release.py", PathRole.TOOLING),
    ("pkg/api_pb2.py", PathRole.GENERATED), ("api/v1/api.pb.go", PathRole.GENERATED),
    ("ui/package-lock.json", PathRole.GENERATED), ("go.sum", PathRole.GENERATED),
    ("static/app.min.js", PathRole.GENERATED), ("dist/app.js.map", PathRole.GENERATED),
    ("docs/package-lock.json", PathRole.DOCS), ("tests/fixtures/yarn.lock", PathRole.TEST),
    ("third_party/lib/x.py", PathRole.VENDORED), ("pkg/_vendor/six.py", PathRole.VENDORED),
    ("app/migrations/0001_initial.py", PathRole.MIGRATION), ("setup.py", PathRole.TOOLING),
    (".github/scripts/x.py", PathRole.CI),
    # Deno's test files; Gradle's test source sets; a Java package named like a layout folder
    ("lib/_kv_test.ts", PathRole.TEST), ("src/latest.ts", PathRole.APP),
    ("src/integrationTest/java/a/OrdersCheck.java", PathRole.TEST),
    ("svc/src/test/java/io/quarkus/sample/Helper.java", PathRole.TEST),
    ("src/main/java/com/example/App.java", PathRole.APP),
    # Build tools' wrappers and AI assistants' skills are not the product; a dev container
    # is the developer's machine.
    (".mvn/wrapper/MavenWrapperDownloader.java", PathRole.VENDORED),
    ("gradle/wrapper/gradle-wrapper.properties", PathRole.VENDORED),
    (".agents/skills/compress/scripts/compress.py", PathRole.VENDORED),
    (".claude/commands/review.py", PathRole.VENDORED),
    (".devcontainer/Dockerfile", PathRole.TOOLING),
])
def test_one_path_classifier(path: str, role: PathRole) -> None:
    assert path_role(path) is role
    assert is_sample(path) is (role in (PathRole.TEST, PathRole.EXAMPLE, PathRole.VENDORED))


def test_analyzers_share_the_path_classifier() -> None:
    """The per-analyzer copies of "is this a test or a sample" are gone."""
    from scorecard.analyzers.docstrings.selection import is_public_module
    from scorecard.analyzers.history.history_paths import is_python_source, is_test
    from scorecard.analyzers.runbooks.corpus import is_example
    for path in ("pkg/fixtures/x.py", "examples/a/b.py", "web/__tests__/a.py",
                 "third_party/x.py", "pkg/api_pb2.py"):
        assert not is_public_module(path)
        assert not is_python_source(path)
    assert is_test("pkg/fixtures/x.py") and is_example("examples/a/b.py")


def test_a_cargo_build_script_reads_cargo_s_variables_not_the_app_s(git_repo: GitRepo) -> None:
    # Cargo sets PROFILE and OUT_DIR for build.rs when it builds the crate: no operator
    # configures them, so they need no documentation; the library's own variable does.
    git_repo.commit({
        "Cargo.toml": '[package]\nname = "core"\nversion = "0.1.0"\n',
        "build.rs": 'fn main() {\n    let p = std::env::var("PROFILE").unwrap();\n}\n',
        "src/lib.rs": 'pub fn url() -> bool {\n    std::env::var("CORE_OMIT_URL").is_ok()\n}\n',
        "src/build.rs": 'pub fn make() -> bool {\n    std::env::var("CORE_JOBS").is_ok()\n}\n',
        "README.md": "Set `CORE_OMIT_URL` and `CORE_JOBS` to change the output.\n"})
    coverage = measurement(run(git_repo.root), "env_doc_coverage")
    assert coverage.value == 100.0, coverage.note
    assert path_role("build.rs") is PathRole.TOOLING
    assert path_role("crates/core/build.rs") is PathRole.TOOLING
    assert path_role("crates/core/src/build.rs") is PathRole.APP
