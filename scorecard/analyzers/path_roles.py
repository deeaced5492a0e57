"""The role of a repository path: product code, tests, samples, docs, generated, vendored.

One classifier for every analyzer that asks "is this a test or a sample": product metrics
(operational constants, env reads, print versus logging, the public API, tests changed with
source) are about the code an operator runs or a user imports, and a path means the same
thing to all of them.

Rules, checked in this order:

1. A folder anywhere in the path marks its role (the first marked folder from the top
   wins): vendored (``vendor``, ``third_party``, ``node_modules``, virtualenvs), test
   (``tests``, ``testing``, ``__tests__``, ``e2e``, and test data: ``fixtures``,
   ``testdata``), example (``examples``, ``samples``, ``demo``, ``tutorial``), docs,
   migrations, benchmarks (tooling), CI configuration. Below a Maven/Gradle source set
   (``src/main/java/``, ``kotlin``, ``scala``, ``groovy``, ``resources``) folders are a
   package name, not a role (``com/example/`` is product code).
2. A file name: pytest's and unittest's test modules (``test_*.py``, ``*_test.py``,
   ``conftest.py``), JavaScript runners' ``*.test.*``/``*.spec.*``, Go's ``*_test.go`` and
   JUnit's ``*Test.java``/``*Tests.java``/``*IT.java`` (Maven's ``src/test/java`` is a
   test folder by rule 1);
   generated code (``*_pb2.py``, ``*_pb2_grpc.py``, ``*.pb.go``, ``*_generated.*``) and
   the other files a tool writes: lock files, minified or bundled assets, source maps
   (see "Machine-written files" below);
   build and task-runner scripts (``setup.py``, ``noxfile.py``; ``conf.py``, ``tasks.py``
   only at the repository root, where they are tooling rather than a package's module;
   a Cargo build script, ``build.rs`` beside a crate's ``src/`` rather than in it),
   and everything under a top-level ``scripts/`` folder.
3. Everything else is the product (``APP``).

Machine-written files (:func:`is_machine_written`) are written by a tool, not by people:
lock files of every package manager (``package-lock.json``, ``go.sum``, ``poetry.lock``,
``Cargo.lock`` ...), generated code, minified or bundled assets (``*.min.js``,
``*.min.css``), source maps (``*.js.map``) and Jest snapshots (``__snapshots__/*.snap``).
Their changes are not work anyone can reduce, so judgments of how people change the code
(churn, hotspots, coupling, knowledge) leave them out. The question is asked of the file
name wherever the file sits: ``docs/package-lock.json`` is docs by its role and still
machine-written. A snapshot keeps its role (a test under ``__tests__/``): Jest writes it,
but it is a test's expectation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum
from functools import lru_cache
from pathlib import PurePosixPath

from scorecard.wording import counted

__all__ = ["LOCK_FILES", "NOT_PRODUCT_CODE", "PathRole", "is_lock_file", "is_machine_written",
           "is_product", "is_sample", "is_test", "is_test_code", "layout_folders",
           "machine_written_kind", "module_name", "path_role", "role_folder",
           "unparsed_app_note"]


class PathRole(StrEnum):
    """What a path is to product metrics."""

    APP = "app"
    TEST = "test"
    EXAMPLE = "example"
    DOCS = "docs"
    MIGRATION = "migration"
    CI = "ci"
    TOOLING = "tooling"
    GENERATED = "generated"
    VENDORED = "vendored"


# The roles of files outside the code a team ships and maintains: product metrics (the
# complexity shares, the measured share of the source) leave them out. Build and CI
# scripts stay in: the team maintains them like the product.
NOT_PRODUCT_CODE = frozenset({PathRole.TEST, PathRole.EXAMPLE, PathRole.DOCS,
                              PathRole.VENDORED, PathRole.GENERATED, PathRole.MIGRATION})

_DIR_ROLES: dict[str, PathRole] = {
    "vendor": PathRole.VENDORED, "vendored": PathRole.VENDORED, "_vendor": PathRole.VENDORED,
    "third_party": PathRole.VENDORED, "third-party": PathRole.VENDORED,
    "node_modules": PathRole.VENDORED, "site-packages": PathRole.VENDORED,
    ".venv": PathRole.VENDORED, "venv": PathRole.VENDORED, ".tox": PathRole.VENDORED,
    ".nox": PathRole.VENDORED,
    "tests": PathRole.TEST, "test": PathRole.TEST, "testing": PathRole.TEST,
    "__tests__": PathRole.TEST, "unittests": PathRole.TEST, "functional_tests": PathRole.TEST,
    "integration_tests": PathRole.TEST, "e2e": PathRole.TEST, "fixtures": PathRole.TEST,
    "__fixtures__": PathRole.TEST, "testdata": PathRole.TEST, "test_data": PathRole.TEST,
    "test-data": PathRole.TEST,
    # A package's build output, when committed (tsc's and bundlers' dist/, sdists, goreleaser).
    "dist": PathRole.GENERATED,
    "examples": PathRole.EXAMPLE, "example": PathRole.EXAMPLE, "samples": PathRole.EXAMPLE,
    "sample": PathRole.EXAMPLE, "demo": PathRole.EXAMPLE, "demos": PathRole.EXAMPLE,
    "tutorial": PathRole.EXAMPLE, "tutorials": PathRole.EXAMPLE,
    "docs": PathRole.DOCS, "doc": PathRole.DOCS, "documentation": PathRole.DOCS,
    "migrations": PathRole.MIGRATION, "alembic": PathRole.MIGRATION,
    "benchmarks": PathRole.TOOLING, "benchmark": PathRole.TOOLING, "bench": PathRole.TOOLING,
    ".github": PathRole.CI, ".gitlab": PathRole.CI, ".circleci": PathRole.CI,
    ".buildkite": PathRole.CI, "ci": PathRole.CI, ".semaphore": PathRole.CI,
    # Build tools' wrappers, copied into the repository by the tool (``mvn wrapper``,
    # ``gradle wrapper``): the tool's code, with the tool's own variables (MVNW_USERNAME).
    ".mvn": PathRole.VENDORED,
    # What AI coding assistants read and run (skills, prompts, commands), mostly installed
    # from other repositories (``skills-lock.json``): the assistant's, not the product's.
    ".agents": PathRole.VENDORED, ".claude": PathRole.VENDORED, ".cursor": PathRole.VENDORED,
    ".windsurf": PathRole.VENDORED, ".cline": PathRole.VENDORED, ".codex": PathRole.VENDORED,
    ".gemini": PathRole.VENDORED,
    # A development container: the developer's machine, not what is deployed.
    ".devcontainer": PathRole.TOOLING,
}
# Gradle's wrapper (gradle/wrapper/gradle-wrapper.jar and its properties).
_VENDORED_PAIRS = frozenset({("gradle", "wrapper")})
# Maven and Gradle source sets: ``src/main/java/com/example/App.java`` is product code even
# though its package is named ``example``; ``src/test/java/...`` is a test by its folder.
_SOURCE_SETS = frozenset({"java", "kotlin", "scala", "groovy", "resources"})
_TEST_FILE = re.compile(r"^(?:test_.*\.py|.*_tests?\.py|conftest\.py|tests?\.py|.*_test\.go"
                        # Jest, Vitest and Mocha (.test.ts, .spec.js); Deno's own pattern
                        # (_test.ts, test.ts), which its test runner finds by name
                        r"|.*\.(?:test|spec)\.(?:[cm]?[jt]sx?|py|rb)|(?:.*_)?test\.[cm]?[jt]sx?"
                        # JUnit's and Maven Surefire/Failsafe's class names outside src/test
                        r"|[A-Z]\w*(?:Test|Tests|IT)\.java"
                        # RSpec and Minitest; ExUnit; PHPUnit and Pest; xUnit, NUnit and
                        # MSTest; Kotlin, Scala (ScalaTest suites, specs2) and XCTest classes
                        r"|.*_(?:spec|test)\.rb|.*_test\.exs|[A-Z]\w*Test\.php"
                        r"|[A-Z]\w*Tests?\.(?:cs|kt|swift)|[A-Z]\w*(?:Test|Spec|Suite)\.scala)$")
# A .NET test project's folder (Shop.Tests, Shop.UnitTests, Shop.IntegrationTests).
_TEST_PROJECT = re.compile(r"^.+\.(?:unit|integration|functional)?tests?$")
# RSpec's folder at the top of a repository (spec/models/user_spec.rb, spec/rails_helper.rb):
# deeper, a folder named spec may be product code (an OpenAPI spec parser's package).
_TOP_TEST_FOLDERS = frozenset({"spec", "specs"})
_GENERATED_FILE = re.compile(r"^(?:.*_pb2(?:_grpc)?\.pyi?|.*\.pb(?:\.gw)?\.go|.*_generated\.\w+"
                             r"|.*\.generated\.\w+|.*\.gen\.\w+)$")
# Lock files: the versions a package manager resolved, rewritten by the tool whenever a
# dependency changes. Names compared in lower case.
LOCK_FILES = frozenset({
    "poetry.lock", "uv.lock", "pipfile.lock", "pdm.lock", "pixi.lock", "conda-lock.yml",
    "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lockb",
    "bun.lock", "deno.lock", "cargo.lock", "gemfile.lock", "gems.locked", "composer.lock",
    "go.sum", "go.work.sum", "gopkg.lock", "glide.lock", "gradle.lockfile",
    "packages.lock.json", "paket.lock", "mix.lock", "rebar.lock", "pubspec.lock",
    "package.resolved", "podfile.lock", "cartfile.resolved", "flake.lock", "renv.lock",
    "stack.yaml.lock", "cabal.project.freeze", "shard.lock", "conan.lock",
    "module.bazel.lock", "chart.lock", ".terraform.lock.hcl", "jsonnetfile.lock.json",
})
# Lock files named after their project or environment (``pylock.dev.toml``,
# ``requirements-dev.lock``, ``linux-64.conda-lock.yml``, Gradle's ``*.lockfile``).
_LOCK_NAME = re.compile(r"^(?:pylock(?:\.[\w-]+)?\.toml|[\w-]+\.conda-lock\.ya?ml|"
                        r"requirements[\w.-]*\.lock|[\w-]+\.lockfile)$", re.IGNORECASE)
# What a minifier or bundler writes (the names the file scan skips as minified), and the
# source maps it writes beside them (``app.js.map``; a bare ``*.map`` may be hand-written).
_MINIFIED = re.compile(r"^.+(?:\.min|[.-]bundle)\.(?:[cm]?js|css)$", re.IGNORECASE)
_SOURCE_MAP = re.compile(r"^.+\.(?:[cm]?[jt]sx?|css)\.map$", re.IGNORECASE)
# Build, task-runner and docs-build scripts: they run on a developer's or CI machine.
_TOOLING_FILES = frozenset({"setup.py", "noxfile.py", "versioneer.py"})
# JavaScript tools' configuration modules (vite.config.ts, postcss.config.cjs, .eslintrc.js,
# karma.conf.js, gulpfile.js): the build's settings, not the application.
# Named tools only: an application's own app.config.ts or database.config.ts is its code.
_JS_TOOL_CONFIG = re.compile(
    r"^(?:(?:vite|vitest|webpack|rollup|postcss|tailwind|jest|babel|eslint|prettier|stylelint|"
    r"playwright|cypress|next|nuxt|svelte|astro|tsup|esbuild|metro|craco|commitlint|"
    r"lint-staged|docusaurus|karma|protractor|wdio|quasar|windi|unocss|vue|remix)"
    r"\.(?:config|conf|setup)(?:\.[\w-]+)?|gatsby-(?:config|node|browser|ssr)|\.[\w-]+rc|"
    r"gulpfile|gruntfile)\.[cm]?[jt]s$", re.IGNORECASE)
# Names that are tooling at the repository root but ordinary modules inside a package
# (``myapp/conf.py`` is the application's own settings module).
_ROOT_TOOLING_FILES = frozenset(
    {"conf.py", "tasks.py", "fabfile.py", "dodo.py", "hatch_build.py", "build.py"}
)


def _role_folders(parts: tuple[str, ...]) -> tuple[str, ...]:
    """Return the folders whose names may mark a role: not those of a Java package.

    Below ``src/<source set>/java/`` (or kotlin, scala, groovy, resources) the folders are a
    package name such as ``io/quarkus/sample/``, not the repository's layout; the source
    set itself (``main``, ``test``, ``integrationTest``) still says what the files are.
    """
    for index in range(2, len(parts) - 1):
        if parts[index] in _SOURCE_SETS and parts[index - 2] == "src":
            return parts[:index]
    return parts[:-1]


def _is_test_source_set(folders: tuple[str, ...]) -> bool:
    """Return True below a Gradle or Maven test source set (``src/integrationTest/java``)."""
    return len(folders) >= 2 and folders[-2] == "src" and "test" in folders[-1].lower()


@lru_cache(maxsize=65536)
def path_role(path: str) -> PathRole:
    """Return the role of a repo-relative POSIX path (product code unless marked)."""
    parts = PurePosixPath(path).parts
    if "{{" in path and "}}" in path:
        # A project template (cookiecutter's {{ cookiecutter.repo_name }}/, copier's): an
        # example of what it generates, with Jinja where the code would be.
        return PathRole.EXAMPLE
    folders = _role_folders(parts)
    for index, folder in enumerate(folders):
        role = _DIR_ROLES.get(folder.lower())
        if role is not None:
            return role
        if _TEST_PROJECT.match(folder.lower()):
            return PathRole.TEST
        if index and (folders[index - 1].lower(), folder.lower()) in _VENDORED_PAIRS:
            return PathRole.VENDORED
    if _is_test_source_set(folders):
        return PathRole.TEST
    if len(parts) > 1 and parts[0].lower() in _TOP_TEST_FOLDERS:
        return PathRole.TEST
    name = parts[-1] if parts else path
    if _TEST_FILE.match(name):
        return PathRole.TEST
    if _written_by_tool(name) is not None:
        return PathRole.GENERATED
    if name in _TOOLING_FILES or _JS_TOOL_CONFIG.match(name) or (
            len(parts) == 1 and name in _ROOT_TOOLING_FILES) or (
            len(parts) > 1 and parts[0] in ("scripts", "hack")) or (
            # Cargo runs a crate's build.rs when it builds it, with Cargo's own variables
            # (PROFILE, OUT_DIR); src/build.rs would be a module of the crate.
            name == "build.rs" and "src" not in parts[:-1]):
        # ``scripts/`` at the root holds maintenance scripts (``hack/`` in Kubernetes
        # projects); ``pkg/scripts/`` is product.
        return PathRole.TOOLING
    return PathRole.APP


def _is_lock_name(name: str) -> bool:
    """Return True for the file name of a lock file (``yarn.lock``, ``pylock.dev.toml``)."""
    return name.lower() in LOCK_FILES or _LOCK_NAME.match(name) is not None


def is_lock_file(path: str) -> bool:
    """Return True for a package manager's lock file, wherever it sits (``web/yarn.lock``)."""
    return _is_lock_name(PurePosixPath(path).name)


def _written_by_tool(name: str) -> str | None:
    """Return what kind of tool-written file a file name is, or None.

    Lock files, generated code, minified assets and source maps: the names that make a
    file's role GENERATED (snapshots are left to :func:`machine_written_kind`).
    """
    if _is_lock_name(name):
        return "lock file"
    if _GENERATED_FILE.match(name):
        return "generated code"
    if _MINIFIED.match(name):
        return "minified asset"
    if _SOURCE_MAP.match(name):
        return "source map"
    return None


@lru_cache(maxsize=65536)
def machine_written_kind(path: str) -> str | None:
    """Return what writes a machine-written file ("lock file", "generated code", ...), or None.

    Asked of the name wherever the file sits; a Jest snapshot (``__snapshots__/*.snap``) is
    a "test snapshot" whatever its role.
    """
    parts = PurePosixPath(path).parts
    if not parts:
        return None
    kind = _written_by_tool(parts[-1])
    if kind is None and parts[-1].endswith(".snap") and "__snapshots__" in parts[:-1]:
        return "test snapshot"
    return kind


def is_machine_written(path: str) -> bool:
    """Return True for a file written by a tool rather than by people (see the module doc)."""
    return machine_written_kind(path) is not None


def layout_folders(path: str) -> tuple[str, ...]:
    """Return the folders of a path that describe the repository's layout, in order.

    The folders of a Java package name (``src/test/java/org/app/system/``) are left out:
    ``system`` there names a package, not a system-test suite.
    """
    return _role_folders(PurePosixPath(path).parts)


def role_folder(path: str, role: PathRole) -> str:
    """Return the first folder of a path whose name marks ``role`` (``docs/samples/``), or ''.

    The folders of a Java package name (``src/main/java/com/example/``) mark nothing.
    """
    parts = PurePosixPath(path).parts
    for index, folder in enumerate(_role_folders(parts)):
        if _DIR_ROLES.get(folder.lower()) is role:
            return "/".join(parts[:index + 1]) + "/"
    return ""


def is_test(path: str) -> bool:
    """Return True for test code and test data."""
    return path_role(path) is PathRole.TEST


# Test folders that hold data the tests read, not tests (Go's testdata, fixtures).
_TEST_DATA_DIRS = frozenset({"fixtures", "__fixtures__", "testdata", "test_data", "test-data"})


def is_test_code(path: str) -> bool:
    """Return True for test code by its ecosystem's convention, not test data.

    ``*_test.go``, ``*.test.ts``, ``*.spec.js``, files under ``__tests__/``, ``tests/``
    (Rust's integration tests, Python's) or ``src/test/java/``; not files under
    ``testdata/`` or ``fixtures/``, which tests read as data.
    """
    folders = {part.lower() for part in PurePosixPath(path).parts[:-1]}
    return path_role(path) is PathRole.TEST and not folders & _TEST_DATA_DIRS


def is_sample(path: str) -> bool:
    """Return True for tests, test data, examples and vendored copies: not the repo's own."""
    return path_role(path) in (PathRole.TEST, PathRole.EXAMPLE, PathRole.VENDORED)


def is_product(path: str) -> bool:
    """Return True for the product's own code."""
    return path_role(path) is PathRole.APP


def unparsed_app_note(unparsable: Iterable[str], consequence: str) -> str:
    """Return "; N application files did not parse <consequence>", or "" when none failed.

    Measurements of application code append it to their notes: what did not parse is
    missing from them, and the reader must know.
    """
    count = sum(1 for path in unparsable if path_role(path) is PathRole.APP)
    if not count:
        return ""
    # "{is}" in the consequence agrees with the count: "1 ... is", "2 ... are".
    verb = "is" if count == 1 else "are"
    return f"; {counted(count, 'application file')} did not parse " + consequence.replace(
        "{is}", verb)


def module_name(path: str) -> str:
    """Return the dotted module name of a path: ``src/pkg/a.py`` -> ``src.pkg.a``.

    The leading folders are kept (there is no reliable way to know the import root), so
    imports are matched against these names by dotted suffix.
    """
    pure = PurePosixPath(path)
    parts = list(pure.parts)
    if not parts:
        return ""
    last = parts[-1]
    if last.endswith(".py"):
        last = last[:-3]
    if last == "__init__":
        parts.pop()
    else:
        parts[-1] = last
    return ".".join(parts)
