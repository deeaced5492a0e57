"""Guess whether the repository is a service, a CLI, a library, operations or notebooks.

The kind decides how operational constants are judged: a library is
configured by its callers, so a public parameter default counts as overridable; a service
or CLI is configured by its operator, so it counts only when some caller passes it a
configured value. The guess, first rule that holds, with the evidence behind it:

1. operations: rules, mixins, charts (every file of a folder holding a ``Chart.yaml``),
   manifests, dashboards, runbooks and infrastructure code (Terraform, Ansible roles, a
   repository that is one role included) for running other software, with little code of
   its own (ten or more such files, at least four times as many as product source files),
   no Python packaging, and no build manifest of a compiled ecosystem (pom.xml, go.mod,
   Cargo.toml, ...) beside five or more of the product source files it builds;
2. library: a package whose users import it, as its own documentation shows: API
   reference pages (Sphinx autodoc, mkdocstrings) outside contributor docs, a
   ``Framework :: <its name>`` classifier, or twenty and more ``import <package>`` lines in
   its docs. A web framework or a documentation generator that also ships a console script
   is a library;
3. the module of the package's main console script (named after the project, else the
   first) decides: it runs a server -> service, it builds a command line -> cli, unless
   the package also constructs a web/worker application and ships deployment files for
   it (the command line starts the service it deploys) -> service;
4. service: it constructs a web/worker app or runs a server (in Python, or in Go,
   JavaScript, TypeScript, Java, Rust or C# as the overrides analyzer reads them as text:
   ``http.ListenAndServe``, ``express()``, ``SpringApplication.run``, ...), or its root
   package.json is a web application's (a runtime dependency on Next.js, Nuxt, Remix,
   SvelteKit or Angular SSR, started by a script or private; in a monorepo, an
   ``apps/*`` workspace), or it ships deployment files (Dockerfile, compose, Procfile,
   Kubernetes/Helm, an AWS CDK, Pulumi or CDKTF app; not an image on a language toolchain
   that sets no command and opens no port, which is a test environment), or a Maven or
   Gradle build depends on a server framework (Spring Boot web, Quarkus REST, Micronaut's
   HTTP server, ...), or it is not a
   package at all: neither Python packaging nor, beside product source in that language,
   another ecosystem's manifest (go.mod, package.json, pom.xml, build.gradle, Cargo.toml,
   a .csproj, a .gemspec, Package.swift, a composer.json of type library, a deno.json or
   jsr.json with a name and exports). A repository
   of that last sort that is mostly Jupyter notebooks (at least three, and no fewer than
   its product source files) and constructs no server is notebooks instead, whatever
   image it builds (the environment its notebooks run in): analysis people run cell by
   cell, neither deployed nor imported, so the service checks do not apply. Two kinds of
   deployment file decide otherwise: an image that runs one of the package's console
   scripts (or ``python -m`` it), or the binary a command-line program builds (its Go
   module, ``cmd/`` folder, crate or npm package name), and opens no port ships a command
   line (cli), a public npm package published with a ``bin`` and no deployment files is a
   cli even when its command starts a server (``serve``), an MLflow or Scrapy project is a
   job run like a command (cli), and
   deployment files beside no product source at all (a documentation site's image,
   images of other software) make operations;
5. library: a package whose top-level ``__init__.py`` declares ``__all__``;
6. cli: a package with console scripts (or ``__main__.py``) that builds a command line, or
   another ecosystem's package whose code parses a command line (Go ``flag``/cobra, commander,
   yargs, picocli, clap) or whose manifest declares only a program (a crate with a binary
   and no library, an npm package with a ``bin`` and nothing to import);
7. library: any other package.

benchmarks/data/project_kinds.toml is a labelled set of public repositories and
benchmarks/bench_kind.py reports the confusion matrix of these rules on it.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping
from typing import Any
from weakref import WeakKeyDictionary

from scorecard.analyzers.base import ScanContext
from scorecard.analyzers.path_roles import PathRole, path_role
from scorecard.languages import unmeasured_language_name
from scorecard.model import Problem
from scorecard.repo import RepoView
from scorecard.safejson import load_json
from scorecard.wording import count_text, counted

__all__ = ["KINDS", "KIND_NOUNS", "configured_kind", "guess_kind", "is_product_source"]

KINDS = ("library", "service", "cli", "operations", "notebooks")
# How a report names each kind after "a"/"an" ("not a service (a command-line tool)").
KIND_NOUNS = {"library": "a library", "service": "a service", "cli": "a command-line tool",
              "operations": "an operations repository", "notebooks": "a notebook collection"}
# A repository without packaging that is mostly these is notebooks, not an application.
MIN_NOTEBOOKS = 3
_DEPLOY_BASENAMES = re.compile(
    r"^(dockerfile([.-][\w.-]*)?|[\w.-]*\.dockerfile|(docker-)?compose[\w.-]*\.ya?ml|procfile"
    r"|fly\.toml|app\.yaml|render\.yaml|serverless\.ya?ml|manage\.py|gunicorn\.conf\.py"
    r"|skaffold\.yaml|chart\.yaml|kustomization\.yaml"
    # Infrastructure-as-code apps that deploy the repository's code (AWS CDK, Pulumi, CDKTF).
    r"|cdk\.json|pulumi\.ya?ml|cdktf\.json)$")
# Container files that build a test runner deploy nothing (run-tests.dockerfile,
# Dockerfile.test), nor does a document or data file whose name merely starts with
# "dockerfile" (a release note about Dockerfiles); a .devcontainer/ builds a development
# environment.
_NOT_A_DEPLOYMENT = re.compile(r"test|\.(ya?ml|md|rst|txt|json)$")
# Containers and compose files under these build the CI's own environment.
_CI_FOLDERS = frozenset({".ci", "ci", ".github", ".gitlab", ".circleci", ".buildkite"})
_PACKAGING = frozenset({"pyproject.toml", "setup.py", "setup.cfg"})
# Dockerfile instructions: a port the image serves, and what it runs (exec or shell form).
_EXPOSE = re.compile(r"^\s*EXPOSE\s", re.I | re.M)
_ENTRYPOINT = re.compile(r"^\s*ENTRYPOINT\s+(.+)$", re.I | re.M)
_CMD = re.compile(r"^\s*CMD\s+(.+)$", re.I | re.M)
_FROM = re.compile(r"^\s*FROM\s+(?:--\S+\s+)*(\S+)", re.I | re.M)
# Base images of a language's toolchain, whose own command is a REPL or a shell: an image
# built on one that sets no command and exposes no port is a build or test environment
# (hub's Dockerfile installs gems to run its Cucumber suite), not a deployment.
_TOOLCHAIN_IMAGE = re.compile(
    r"^(?:docker\.io/)?(?:library/)?(?:python|ruby|node|golang|rust|openjdk|eclipse-temurin"
    r"|amazoncorretto|maven|gradle|php|elixir|erlang|perl|swift|buildpack-deps|ubuntu|debian"
    r"|alpine|fedora|centos)(?::\S*)?$", re.I)
# Init wrappers that start the real program (tini, dumb-init) and shells' exec.
_WRAPPERS = frozenset({"tini", "dumb-init", "--", "exec"})
# Other ecosystems' manifests at the root, by the language of the source they package.
_OTHER_MANIFESTS = {"go.mod": ("go",), "package.json": ("javascript", "typescript"),
                    "pom.xml": ("java", "kotlin", "scala"),
                    "build.gradle": ("java", "kotlin", "scala"),
                    "build.gradle.kts": ("java", "kotlin", "scala"),
                    "build.sbt": ("scala",), "Cargo.toml": ("rust",)}
# Test fixtures, examples and docs deploy nothing of the product.
_NOT_DEPLOYED = frozenset({PathRole.TEST, PathRole.EXAMPLE, PathRole.DOCS, PathRole.VENDORED})
_OPS_FILE = re.compile(
    r"(^|/)(chart\.ya?ml|[^/]*\.(libsonnet|jsonnet)|jsonnetfile\.json|kustomization\.ya?ml)$"
    r"|(^|/)(runbooks?|playbooks|alerts|rules|dashboards|mixins?|charts|manifests)/"
    # Infrastructure code: Terraform and HCL, Ansible roles' tasks, handlers and defaults.
    r"|\.(tf|hcl)$|(^|/)roles/[^/]+/(tasks|handlers|defaults|vars|meta)/"
    # Named for what they hold: a rules or alerts file is YAML or JSON, the name a word of
    # its own ("node-alerts.yaml", "alert.rules.yml"); a Markdown page counts only as a
    # runbook ("gh-ruleset.md" or "ip-rule.md" in a collection of command pages is none).
    r"|(^|/)([^/]*[._-])?(rules?|alerts?|alerting|prometheusrules?)([._-][^/]*)?\.(ya?ml|json)$"
    r"|(^|/)[^/]*runbook[^/]*\.(ya?ml|md|json)$", re.I)
# A PHP package others require says "type": "library" in its composer.json; an application
# says "project" or leaves the type out.
_COMPOSER_LIBRARY = re.compile(r'"type"\s*:\s*"library"')
# A standalone Ansible role: its tasks and metadata at the repository's root.
_ROLE_MARKERS = frozenset({"tasks/main.yml", "meta/main.yml"})
_ROLE_MARKERS_YAML = frozenset({"tasks/main.yaml", "meta/main.yaml"})
_ROOT_ROLE_FILE = re.compile(r"^(tasks|handlers|defaults|vars|meta|templates)/[^/]+$")
_CODE_FILE = re.compile(r"\.(py|go|js|mjs|cjs|ts|tsx|jsx|java|kt|rb|rs|php|cs|scala)$")
_DOC_FILE = re.compile(r"\.(md|rst|txt|mdx)$", re.I)
# Contributor documentation may document internals (black's reference of its functions).
_CONTRIBUTOR_DOCS = re.compile(r"contribut|develop|internal|hacking", re.I)
_AUTODOC = re.compile(r"^[ \t]*(?:\.\. (?:auto(?:class|function|module|data|method|exception"
                      r"|attribute)|py:(?:class|function|module|method))::|::: )[ \t]*"
                      r"([A-Za-z_][\w]*)", re.M)
_IMPORT_LINE = re.compile(r"^[ \t]*(?:>>> )?(?:from|import)[ \t]+([A-Za-z_]\w*)", re.M)
_FRAMEWORK = re.compile(r"Framework :: ([\w .-]+?)(?:\s*::|[\"'\n])")
_PROJECT_NAME = re.compile(r"^\s*name\s*=\s*[\"']([^\"']+)[\"']", re.M)
# Starts where a name does, not inside one (a long name is read once, not from each of
# its characters).
_SCRIPT_ENTRY = re.compile(r"(?<![\w.-])[\"']?([\w.-]+)[\"']?\s*=\s*[\"']?([\w.]+)\s*:\s*\w+")
IMPORT_LINES = 20  # docs that show "import <package>" this often teach an importable API
DOC_BUDGET = 16 * 1024 * 1024
_SCRIPTS = re.compile(r"(\[project\.scripts\]|\[tool\.poetry\.scripts\]|console_scripts"
                      r"|\[project\.gui-scripts\]|entry_points\s*=)")


def kind_option_errors(option: object, analyzer: str) -> list[str]:
    """Return the configuration error of a ``kind`` option that names no kind (exit 2)."""
    if option == "auto" or option in KINDS:
        return []
    return [f"{analyzer}.kind must be auto or one of {', '.join(KINDS)}, not {option!r}"]


def configured_kind(option: str, analyzer: str, where: str,
                    problems: list[Problem]) -> tuple[str, str] | None:
    """Return (kind, reason) when ``option`` names a kind; None means guess.

    An option that is neither a kind nor ``auto`` is a problem of ``analyzer`` (guessing
    goes on), so every analyzer that takes a ``kind`` option treats it alike.
    """
    if option in KINDS:
        return option, f"set in {where}"
    if option != "auto":
        problems.append(Problem(analyzer, f"option kind={option!r} is not one of auto, "
                                          f"{', '.join(KINDS)}; guessing instead"))
    return None


def _service_files(paths: Iterable[str]) -> list[str]:
    found: list[str] = []
    for path in paths:
        base = posixpath.basename(path).lower()
        if path.count("/") > 2 or not _DEPLOY_BASENAMES.match(base):
            continue
        # Test fixtures, examples, docs and helper scripts deploy nothing of the product.
        top = path.split("/", 1)[0]
        if path_role(path) in _NOT_DEPLOYED or top in _SIDE_FOLDERS or top in _CI_FOLDERS:
            continue
        if path.startswith(".devcontainer/") or (
                "dockerfile" in base and _NOT_A_DEPLOYMENT.search(base)):
            continue
        found.append(path)
    return sorted(found)[:5]


def _environment_image(ctx: ScanContext, path: str) -> bool:
    """Tell whether a Dockerfile builds a development or test environment, deploying nothing.

    Its last stage starts from a language toolchain or a bare distribution, and it sets no
    ``CMD`` or ``ENTRYPOINT`` and exposes no port: the container runs the base image's REPL
    or shell, into which people run the project's tests.
    """
    if "dockerfile" not in posixpath.basename(path).lower():
        return False
    text = _read(ctx, path)
    stages = _FROM.findall(text)
    if not stages or _EXPOSE.search(text) or _CMD.search(text) or _ENTRYPOINT.search(text):
        return False
    return _TOOLCHAIN_IMAGE.match(stages[-1]) is not None


def _image_runs_the_command(ctx: ScanContext, path: str, packaging: list[str],
                            cli_code: list[str]) -> bool:
    """Return whether a Dockerfile packages the project's own command line, serving nothing.

    A linter or a converter shipped as an image (``ENTRYPOINT ["pylint"]``) runs once per
    invocation: its image opens no port (no ``EXPOSE``) and starts one of the package's
    console scripts, or ``python -m`` its package. Such an image is how the command is
    distributed, not a deployment. Without Python packaging, a program whose code builds a
    command line (cobra, clap, ...) and whose image starts the binary it builds (named as
    its Go module, a ``cmd/`` folder, its crate or npm package) is the same.
    """
    if "dockerfile" not in posixpath.basename(path).lower():
        return False
    if not packaging and not cli_code:
        return False
    text = _read(ctx, path)
    if not text or _EXPOSE.search(text):
        return False
    starts = _ENTRYPOINT.findall(text) or _CMD.findall(text)
    if not starts:
        return False
    program = _first_program(starts[-1])  # the last instruction is the one that counts
    if not packaging:
        return program in _binary_names(ctx)
    scripts = {name for name, _ in _console_scripts(ctx, packaging)}
    packages = {name.replace("-", "_") for name in scripts} | _package_names([
        f.path for f in ctx.files])
    return program in scripts or program in {f"-m {name}" for name in packages}


# Frameworks whose application is a server of its own (server-side rendering, API routes):
# a package.json that depends on one and starts it is a deployed web application.
_WEB_APP_FRAMEWORKS = ("next", "nuxt", "@remix-run/node", "@remix-run/serve",
                       "@sveltejs/kit", "@angular/ssr")
_WEB_APP_START = re.compile(r"\b(?:next|nuxt|remix-serve|node\s+build)\b")


# Workspace folders of a JavaScript monorepo that hold applications (turborepo's apps/web).
_APP_WORKSPACES = frozenset({"apps", "services"})


def _web_application(ctx: ScanContext, paths: list[str]) -> str:
    """Return why the repository ships a web application (Next.js, Nuxt, ...), or ''.

    Such an application builds no server in code the rules read (``express()``): the
    framework is the server. The root package.json decides by a runtime dependency on the
    framework and a script that starts it (``next start``) or ``"private": true``
    (published to no registry); a monorepo's application workspace (``apps/web``) by the
    dependency and a start script (every workspace package is private).
    """
    if "package.json" in paths:
        reason = _web_app_manifest(_package_json(ctx), "package.json", private_counts=True)
        if reason:
            return reason
    for path in sorted(paths):
        parts = path.split("/")
        if len(parts) == 3 and parts[0] in _APP_WORKSPACES and parts[2] == "package.json":
            reason = _web_app_manifest(_package_json(ctx, path), path, private_counts=False)
            if reason:
                return reason
    return ""


def _web_app_manifest(manifest: dict[str, Any] | None, path: str, *,
                      private_counts: bool) -> str:
    """Return why one package.json is a web application's, or ''."""
    if manifest is None:
        return ""
    dependencies = manifest.get("dependencies")
    if not isinstance(dependencies, dict):
        return ""
    framework = next((name for name in _WEB_APP_FRAMEWORKS if name in dependencies), "")
    scripts = manifest.get("scripts")
    starts = isinstance(scripts, dict) and any(
        isinstance(command, str) and _WEB_APP_START.search(command)
        for name, command in scripts.items() if name in ("start", "serve", "prod"))
    if framework and (starts or (private_counts and manifest.get("private") is True)):
        return f"a {framework} web application ({path} depends on {framework} and " \
               f"{'starts it' if starts else 'is private'})"
    return ""


# JVM frameworks whose application is an HTTP or gRPC server without a main the rules read
# (Quarkus and Micronaut generate it; Spring Boot's may sit in a module the text rules miss).
_JVM_SERVER_ARTIFACTS = re.compile(
    r"(?:spring-boot-starter-web(?:flux)?|quarkus-rest|quarkus-resteasy(?:-reactive)?"
    r"|quarkus-vertx-http|quarkus-reactive-routes|quarkus-grpc|quarkus-websockets"
    r"|micronaut-http-server(?:-netty)?|helidon-webserver|helidon-microprofile"
    r"|dropwizard-core|javalin|ktor-server-core|ktor-server-netty|vertx-web)(?![\w-])")
MAX_BUILD_MANIFESTS = 40  # read at most this many pom.xml/build.gradle files for the rule


def _jvm_server_dependency(ctx: ScanContext, paths: list[str]) -> str:
    """Return why a JVM build declares a server framework, or ''.

    A Maven or Gradle build (the root's or a module's, two folders deep at most) that
    depends on a web or gRPC server framework builds a service: Quarkus and Micronaut
    applications have no ``main`` of their own for the code rules to find.
    """
    manifests = sorted(p for p in paths if p.count("/") <= 2
                       and posixpath.basename(p) in ("pom.xml", "build.gradle",
                                                     "build.gradle.kts")
                       and path_role(p) not in _NOT_DEPLOYED)
    for path in manifests[:MAX_BUILD_MANIFESTS]:
        found = _JVM_SERVER_ARTIFACTS.search(_read(ctx, path)[:500_000])
        if found:
            return f"builds a server ({path} depends on {found.group(0)})"
    return ""


def _published_command(ctx: ScanContext, paths: list[str]) -> str:
    """Return why the repository is a command published to npm, or ''.

    A public package.json (not ``private``) that installs a command (``bin``) and is
    published from the repository (it lists the ``files`` it ships or has a
    ``publishConfig``) is a command-line tool, even one whose command starts a server
    (``serve``, ``http-server``): people install and run it, nobody deploys this
    repository. An application's own package.json is private or publishes nothing.
    """
    if "package.json" not in paths:
        return ""
    manifest = _package_json(ctx)
    if manifest is None or not manifest.get("bin") or manifest.get("private") is True:
        return ""
    if not (manifest.get("files") or manifest.get("publishConfig")):
        return ""
    return "a published package.json package that installs a command (bin)"


def _package_json(ctx: ScanContext, path: str = "package.json") -> dict[str, Any] | None:
    """Return a package.json as an object, or None (absent, invalid, hostile)."""
    parsed = _JSON.setdefault(ctx.view, {})
    if path not in parsed:
        try:
            manifest = load_json(_read(ctx, path) or "{}")
        except ValueError:  # UntrustedJSONError too: invalid, too deep, NaN
            manifest = None
        parsed[path] = manifest if isinstance(manifest, dict) else None
    return parsed[path]


_GO_MODULE = re.compile(r"^module\s+(\S+)", re.M)
_CRATE_NAME = re.compile(r"^name\s*=\s*[\"']([\w.-]+)[\"']", re.M)
_NPM_NAME = re.compile(r"\"name\"\s*:\s*\"(?:@[\w.-]+/)?([\w.-]+)\"")


def _binary_names(ctx: ScanContext) -> set[str]:
    """Return the lower-cased names of the binaries the repository builds, by convention."""
    names: set[str] = set()
    for repo_file in ctx.files:
        parts = repo_file.path.split("/")
        if len(parts) >= 3 and parts[0] == "cmd":
            names.add(parts[1].lower())
    for manifest, pattern in (("go.mod", _GO_MODULE), ("Cargo.toml", _CRATE_NAME),
                              ("package.json", _NPM_NAME)):
        if any(f.path == manifest for f in ctx.files):
            found = pattern.search(_read(ctx, manifest)[:20_000])
            if found:
                # A Go module's major-version suffix is not the binary's name
                # (github.com/charmbracelet/glow/v2 builds glow).
                module = re.sub(r"/v\d+$", "", found.group(1).rstrip("/"))
                names.add(module.rsplit("/", 1)[-1].lower())
    return names


def _first_program(instruction: str) -> str:
    """Return the program an ENTRYPOINT or CMD runs (``-m PKG`` for ``python -m PKG``)."""
    text = instruction.strip()
    exec_form = text.startswith("[")
    words = re.findall(r'"((?:[^"\\]|\\.)*)"', text) if exec_form else text.split()
    while words and posixpath.basename(words[0]) in _WRAPPERS:
        words = words[1:]
    if not words:
        return ""
    program = posixpath.basename(words[0])
    if re.fullmatch(r"python[\d.]*", program) and len(words) > 2 and words[1] == "-m":
        return f"-m {words[2].split('.')[0]}"
    return program.lower()


def _has_scripts(ctx: ScanContext, packaging: list[str]) -> bool:
    for path in packaging:
        try:
            text = ctx.view.read_bytes(path).decode("utf-8", "replace")
        except OSError:
            continue
        if _SCRIPTS.search(text):
            return True
    return False


# Top-level folders of helper code that ships beside the product (packaging, profiling,
# maintenance scripts): a benchmark's HTTP server does not make a CLI tool a service.
_SIDE_FOLDERS = frozenset({"extras", "contrib", "tools", "scripts", "dev", "misc", "hack",
                           "bin", "utils"})


def is_product_source(path: str) -> bool:
    """Return True for application code that is part of the product itself."""
    return path_role(path) is PathRole.APP and path.split("/", 1)[0] not in _SIDE_FOLDERS


def _top_level_package(path: str) -> bool:
    """Return True for ``pkg/__init__.py`` and ``src/pkg/__init__.py`` (not subpackages)."""
    parts = path.split("/")
    return parts[-1] == "__init__.py" and (len(parts) == 2 or (len(parts) == 3
                                                                and parts[0] == "src"))


def guess_kind(ctx: ScanContext, results: Mapping[str, Mapping[str, Any]]
               ) -> tuple[str, str]:
    """Return (kind, reason) for the repository."""
    paths = [f.path for f in ctx.files]
    operations = _operations(paths)
    if operations:
        return "operations", operations
    packaging = [p for p in paths if p in _PACKAGING]
    if packaging:
        packages = _package_names(paths)
        evidence = _library_evidence(ctx, packaging, packages)
        if evidence:
            return "library", evidence
        main = _main_script_kind(ctx, packaging, packages, results)
        if main is not None:
            return main
    return _by_code(ctx, paths, packaging, results)


def _by_code(ctx: ScanContext, paths: list[str], packaging: list[str],
             results: Mapping[str, Mapping[str, Any]]) -> tuple[str, str]:
    """Rules 4-7: what the product code constructs, deployment files, the declared API."""
    service_code = _marked_product_files(results, "service")
    images = [path for path in _service_files(paths) if not _environment_image(ctx, path)]
    cli_code = _marked_product_files(results, "cli")
    command_images = [path for path in images
                      if _image_runs_the_command(ctx, path, packaging, cli_code)]
    deploy = [path for path in images if path not in command_images]
    # A command published to npm that starts a server (serve) is still installed and run,
    # not deployed: before the server code decides.
    program = "" if packaging or deploy else _published_command(ctx, paths)
    if program:
        return "cli", program
    if service_code:
        return "service", f"constructs an application or server in {service_code[0]}"
    framework = _jvm_server_dependency(ctx, paths)
    if framework:
        return "service", framework
    # A Python package's own site (docs built with Next.js) is not its product.
    web_app = "" if packaging else _web_application(ctx, paths)
    if web_app:
        return "service", web_app
    notebooks = "" if packaging or _other_manifests(ctx, paths, results) else _notebooks(paths)
    if notebooks:
        # Before the deployment files: an image or compose file beside notebooks builds
        # the environment they run in (a Jupyter server), it deploys nothing.
        return "notebooks", notebooks
    if deploy and not _product_code(paths):
        # A Dockerfile that builds a documentation site, or images of other software,
        # with no code of the repository's own to run.
        return "operations", (f"deployment files ({', '.join(deploy[:3])}) and no product "
                              "source of its own: it runs other software or serves content")
    if deploy:
        return "service", f"ships deployment files ({', '.join(deploy[:3])})"
    if command_images:
        return "cli", (f"ships its command line as a container image ({command_images[0]} "
                       "runs the program it builds and serves no port)")
    if not packaging:
        return _without_python_packaging(ctx, paths, results, cli_code)
    return _python_package_kind(ctx, paths, packaging, results, cli_code)


def _marked_product_files(results: Mapping[str, Mapping[str, Any]], marker: str) -> list[str]:
    """Return the product source files whose per-file facts carry ``marker``, sorted."""
    return sorted(p for p, r in results.items()
                  if marker in r.get("markers", ()) and is_product_source(p))


def _python_package_kind(ctx: ScanContext, paths: list[str], packaging: list[str],
                         results: Mapping[str, Mapping[str, Any]],
                         cli_code: list[str]) -> tuple[str, str]:
    """Rules 6-7 for a Python package with no server or deployment: library or CLI."""
    main_module = any(posixpath.basename(p) == "__main__.py" and path_role(p) is PathRole.APP
                      for p in paths)
    public_api = sorted(p for p, r in results.items() if "public_api" in r.get("markers", ())
                        and _top_level_package(p))
    if public_api:
        # httpx ships a CLI too, but callers import it: judged as the library it mainly is.
        return "library", f"a package that declares its public API ({public_api[0]})"
    if cli_code and (_has_scripts(ctx, packaging) or main_module):
        return "cli", f"a package with console scripts and a command line ({cli_code[0]})"
    return "library", f"a package ({packaging[0]}) with no server, deployment files or CLI"


def _without_python_packaging(ctx: ScanContext, paths: list[str],
                              results: Mapping[str, Mapping[str, Any]],
                              cli_code: list[str]) -> tuple[str, str]:
    """Rules 4 and 6 for a repository without Python packaging: another ecosystem's package."""
    manifests = _other_manifests(ctx, paths, results)
    if not manifests and "galaxy.yml" in paths and any(
            p.startswith("plugins/") and p.endswith(".py") for p in paths):
        # An Ansible collection: its modules and plugins are code Ansible loads and runs
        # on the user's behalf, published to Galaxy, never deployed by the repository.
        return "library", "an Ansible collection (galaxy.yml) of modules and plugins"
    if not manifests and "scrapy.cfg" in paths:
        # A Scrapy project: crawls run as jobs (``scrapy crawl``), nothing is served.
        return "cli", "a Scrapy project (scrapy.cfg): crawls run as jobs"
    if not manifests and "MLproject" in paths:
        # An MLflow project: a training or batch job run with parameters (``mlflow run``),
        # started and finished like a command, serving nothing.
        return "cli", "an MLflow project (MLproject): a job run with parameters"
    if not manifests:
        return "service", "no packaging metadata: an application, not a library"
    if cli_code:
        return "cli", f"a {manifests[0]} package whose code builds a command line " \
                      f"({cli_code[0]})"
    program = _declared_program(ctx, manifests)
    if program:
        return "cli", program
    return "library", f"a package ({manifests[0]}) with no server, deployment files or CLI"


_CARGO_BIN = re.compile(r"^\[\[bin\]\]", re.M)
_CARGO_LIB = re.compile(r"^\[lib\]", re.M)


def _declared_program(ctx: ScanContext, manifests: list[str]) -> str:
    """Return why a package is a program by its manifest alone, or "".

    A crate that declares a binary (``[[bin]]``, or Cargo's ``src/main.rs``) and no library,
    or an npm package with a ``bin`` and no entry point to import (``main``, ``exports``,
    ``module``): what it ships is a program, however it parses its command line (ripgrep
    parses its own).
    """
    listed = {f.path for f in ctx.files}
    if "Cargo.toml" in manifests:
        cargo = _read(ctx, "Cargo.toml")[:100_000]
        binary = _CARGO_BIN.search(cargo) or "src/main.rs" in listed
        if binary and not _CARGO_LIB.search(cargo) and "src/lib.rs" not in listed:
            return "a Cargo.toml crate that builds a binary and no library"
    if "package.json" in manifests:
        manifest = _package_json(ctx)
        if (manifest is not None and manifest.get("bin")
                and not any(manifest.get(key) for key in ("main", "exports", "module"))):
            return "a package.json package that installs a command (bin) and exports nothing"
    return ""


def _notebooks(paths: list[str]) -> str:
    """Return why the repository is a collection of Jupyter notebooks, or ''.

    Example notebooks count (a tutorial repository keeps them under ``examples/``); test
    fixtures and vendored ones do not.
    """
    notebooks = [p for p in paths if p.lower().endswith(".ipynb")
                 and path_role(p) not in (PathRole.TEST, PathRole.VENDORED)]
    code = _product_code(paths)
    if len(notebooks) < MIN_NOTEBOOKS or len(notebooks) < len(code):
        return ""
    return (f"{counted(len(notebooks), 'Jupyter notebook')} and "
            f"{counted(len(code), 'product source file')}, no packaging, server or "
            f"deployment files: analysis people run, not deployed (e.g. {notebooks[0]})")


def _other_manifests(ctx: ScanContext, paths: list[str],
                     results: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """Return the root manifests of other ecosystems that package product source here.

    Languages no analyzer reads (Ruby, PHP, Swift) are known by their files' extensions: a
    root ``*.gemspec`` beside Ruby code is a gem, a ``composer.json`` that says ``"type":
    "library"`` beside PHP code a PHP library, a ``Package.swift`` beside Swift code a Swift
    package. (A Gemfile or a composer.json of another type is not: applications have one.)
    """
    languages = {str(r.get("language")) for p, r in results.items()
                 if "language" in r and is_product_source(p)}
    unmeasured = {unmeasured_language_name(p) for p in paths if is_product_source(p)}
    packaged = [p for p in paths if "/" not in p and (
        (p.endswith(".gemspec") and "Ruby" in unmeasured)
        or (p == "Package.swift" and "Swift" in unmeasured)
        or (p == "composer.json" and "PHP" in unmeasured
            and _COMPOSER_LIBRARY.search(_read(ctx, p)) is not None))]
    published_deno = [p for p in ("jsr.json", "deno.json") if p in paths
                      and languages.intersection(("javascript", "typescript"))
                      and _deno_package(ctx, p)][:1]
    return [p for p in paths if p in _OTHER_MANIFESTS
            and languages.intersection(_OTHER_MANIFESTS[p])] + published_deno + [
        p for p in paths if p.endswith(".csproj") and "csharp" in languages][:1] + packaged


def _deno_package(ctx: ScanContext, path: str) -> bool:
    """Return whether a deno.json or jsr.json publishes a package (a name and its exports)."""
    manifest = _package_json(ctx, path)
    return manifest is not None and bool(manifest.get("name")) and bool(manifest.get("exports"))


def _product_code(paths: list[str]) -> list[str]:
    """Return the product source files of any language the rules know."""
    return [p for p in paths if _CODE_FILE.search(p) and is_product_source(p)]


# Build manifests of compiled ecosystems, with the suffixes of the source files they build.
_JVM_SOURCES = (".java", ".kt", ".scala", ".groovy")
_BUILD_MANIFESTS: dict[str, tuple[str, ...]] = {
    "pom.xml": _JVM_SOURCES, "build.gradle": _JVM_SOURCES, "build.gradle.kts": _JVM_SOURCES,
    "build.sbt": (".scala",), "go.mod": (".go",), "Cargo.toml": (".rs",)}
# A module that builds this many product source files is the team's program, however many
# manifests are deployed beside it (one folder of generated Kubernetes files per service).
MIN_BUILT_SOURCES = 5


def _built_module(paths: list[str]) -> str:
    """Return a build manifest (pom.xml, go.mod, ...) that builds product source, or ''."""
    below: dict[tuple[str, str], int] = {}  # (folder, suffix) -> product files below it
    for path in paths:
        suffix = posixpath.splitext(path)[1]
        if suffix not in (*_JVM_SOURCES, ".go", ".rs", ".cs") or not is_product_source(path):
            continue
        folder = posixpath.dirname(path)
        while True:
            below[(folder, suffix)] = below.get((folder, suffix), 0) + 1
            if not folder:
                break
            folder = posixpath.dirname(folder)
    for path in sorted(paths):
        name = posixpath.basename(path)
        suffixes = _BUILD_MANIFESTS.get(name) or ((".cs",) if name.endswith(".csproj") else ())
        if suffixes and path_role(path) not in _NOT_DEPLOYED:
            folder = posixpath.dirname(path)
            if sum(below.get((folder, suffix), 0) for suffix in suffixes) >= MIN_BUILT_SOURCES:
                return path
    return ""


def _operations(paths: list[str]) -> str:
    """Return the reason the repository is operations content, or ''.

    Not when it is packaged: Python packaging, or a compiled ecosystem's build manifest
    beside the product source it builds (seven Quarkus services with a folder of generated
    Kubernetes manifests each are services, not operations content).
    """
    ops = _operations_files(paths)
    code = _product_code(paths)
    python_packaging = any(p in _PACKAGING for p in paths)
    if len(ops) >= 10 and len(ops) >= 4 * len(code) and not python_packaging \
            and not _built_module(paths):
        return (f"operations content: {count_text(len(ops))} rule, mixin, chart, manifest, "
                f"dashboard or runbook files and {counted(len(code), 'product source file')} "
                f"(e.g. {ops[0]})")
    return ""


def _operations_files(paths: list[str]) -> list[str]:
    """Return the rule, mixin, chart, manifest, dashboard and runbook files, tests left out.

    A repository that is one Ansible role keeps the role's folders at its root: their
    files count as they do under ``roles/<name>/``.
    """
    listed = set(paths)
    role = listed.issuperset(_ROLE_MARKERS) or listed.issuperset(_ROLE_MARKERS_YAML)
    charts = _chart_folders(paths)
    return [p for p in paths if (_OPS_FILE.search(p) or (role and _ROOT_ROLE_FILE.match(p))
                                 or (charts and _inside(p, charts)))
            and path_role(p) not in (PathRole.TEST, PathRole.VENDORED)]


def _chart_folders(paths: list[str]) -> set[str]:
    """Return the folders of Helm charts: each holds a ``Chart.yaml``."""
    return {posixpath.dirname(p) for p in paths if posixpath.basename(p).lower() == "chart.yaml"}


def _inside(path: str, folders: set[str]) -> bool:
    """Return whether ``path`` lies in one of ``folders`` ("" is the repository's root).

    A chart's templates, values and helpers are the chart, whatever their names.
    """
    parent = posixpath.dirname(path)
    while True:
        if parent in folders:
            return True
        if not parent:
            return False
        parent = posixpath.dirname(parent)


def _package_names(paths: list[str]) -> set[str]:
    """Top-level import packages: ``pkg/__init__.py`` or ``src/pkg/__init__.py``."""
    return {p.split("/")[-2] for p in paths if _top_level_package(p)
            and path_role(p) is PathRole.APP}


# The files the rules read, per scan's view: a Dockerfile, package.json or Cargo.toml is
# consulted by several rules, and read (and parsed) once. Keyed weakly by the view, so an
# entry lives as long as its scan.
_TEXTS: WeakKeyDictionary[RepoView, dict[str, str]] = WeakKeyDictionary()
_JSON: WeakKeyDictionary[RepoView, dict[str, dict[str, Any] | None]] = WeakKeyDictionary()


def _read(ctx: ScanContext, path: str) -> str:
    texts = _TEXTS.setdefault(ctx.view, {})
    if path not in texts:
        try:
            texts[path] = ctx.view.read_bytes(path).decode("utf-8", "replace")
        except OSError:
            texts[path] = ""  # unreadable evidence is no evidence
    return texts[path]


def _project_names(ctx: ScanContext, packaging: list[str], packages: set[str]) -> set[str]:
    """Lower-cased names the project goes by: package and distribution names."""
    names = {p.lower() for p in packages}
    for path in packaging:
        match = _PROJECT_NAME.search(_read(ctx, path))
        if match:
            names.add(match.group(1).lower().replace("-", "_"))
    return names


def _library_evidence(ctx: ScanContext, packaging: list[str], packages: set[str]) -> str:
    """Return why users import the package (rule 2), or ''."""
    framework = _framework_evidence(ctx, packaging, _project_names(ctx, packaging, packages))
    if framework:
        return framework
    if not packages:
        return ""
    return _documentation_evidence(ctx, packages)


def _framework_evidence(ctx: ScanContext, packaging: list[str], names: set[str]) -> str:
    """Return the packaging's ``Framework ::`` classifier naming the project itself, or ''."""
    for path in packaging:
        for framework in _FRAMEWORK.findall(_read(ctx, path)):
            if framework.strip().lower().replace(" ", "_").replace("-", "_") in names:
                return f"a framework (classifier Framework :: {framework.strip()} in {path})"
    return ""


def _documentation_evidence(ctx: ScanContext, packages: set[str]) -> str:
    """Return the user documentation that shows the package imported, or ''.

    An API reference (autodoc) of the package, or ``IMPORT_LINES`` lines importing it;
    the documentation read is bounded by ``DOC_BUDGET`` bytes.
    """
    imports = 0
    budget = DOC_BUDGET
    for item in ctx.files:
        path = item.path
        if not _is_user_doc(path) or item.size > budget:
            continue
        budget -= item.size
        text = _read(ctx, path)
        if any(m in packages for m in _AUTODOC.findall(text)):
            return f"a library with an API reference ({path})"
        imports += sum(1 for m in _IMPORT_LINE.findall(text) if m in packages)
        if imports >= IMPORT_LINES:
            return (f"a library its documentation imports ({IMPORT_LINES} or more "
                    f"'import {sorted(packages)[0]}' lines)")
    return ""


def _is_user_doc(path: str) -> bool:
    """Return True for documentation written for users (not tests' or contributors')."""
    return (_DOC_FILE.search(path) is not None
            and path_role(path) not in (PathRole.TEST, PathRole.VENDORED)
            and not _CONTRIBUTOR_DOCS.search(path))


def _console_scripts(ctx: ScanContext, packaging: list[str]) -> list[tuple[str, str]]:
    """Return (script name, module) of the console scripts the packaging declares."""
    scripts: list[tuple[str, str]] = []
    for path in packaging:
        text = _read(ctx, path)
        for header in ("[project.scripts]", "[tool.poetry.scripts]", "console_scripts"):
            start = text.find(header)
            if start < 0:
                continue
            block = text[start + len(header):start + len(header) + 2000]
            end = re.search(r"^\s*\[", block, re.M) if header.startswith("[") else None
            for name, target in _SCRIPT_ENTRY.findall(block[:end.start()] if end else block):
                scripts.append((name.lower(), target))
    return scripts


def _module_paths(module: str) -> list[str]:
    base = module.replace(".", "/")
    return [f"{prefix}{base}{suffix}" for prefix in ("", "src/")
            for suffix in (".py", "/__init__.py", "/__main__.py")]


def _main_script_kind(ctx: ScanContext, packaging: list[str], packages: set[str],
                      results: Mapping[str, Mapping[str, Any]]) -> tuple[str, str] | None:
    """Rule 3: what the main console script's module does, or None when it says nothing."""
    scripts = _console_scripts(ctx, packaging)
    if not scripts:
        return None
    names = _project_names(ctx, packaging, packages)
    name, module = next(((n, m) for n, m in scripts if n.replace("-", "_") in names),
                        scripts[0])
    for path in _module_paths(module):
        markers = results.get(path, {}).get("markers", ())
        if "service" in markers:
            return "service", f"its console script {name} runs a server ({path})"
        if "cli" in markers:
            deployed = _deployed_application(ctx, packaging, results)
            if deployed:
                return "service", (f"its console script {name} builds a command line "
                                   f"({path}) that starts the web application it deploys "
                                   f"({deployed})")
            return "cli", f"its console script {name} builds a command line ({path})"
    return None


def _deployed_application(ctx: ScanContext, packaging: list[str],
                          results: Mapping[str, Mapping[str, Any]]) -> str:
    """Return "APP, DEPLOYMENT" when the package constructs an application and deploys it.

    A service is often started through its own command line (``snuba api``, ``sentry
    run web``): the command line is the way in, the deployed application the product. An
    image that runs the command and serves no port deploys a command line, not this.
    """
    served = _marked_product_files(results, "service")
    if not served:
        return ""
    deploy = [path for path in _service_files(f.path for f in ctx.files)
              if not _image_runs_the_command(ctx, path, packaging, [])]
    return f"{served[0]}, {deploy[0]}" if deploy else ""
