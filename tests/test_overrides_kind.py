"""Project kind: a library that ships a console script is a library; operations content.

The labelled set in benchmarks/data/project_kinds.toml measures these rules on real
repositories (benchmarks/bench_kind.py); these cases pin each rule on a small tree.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gitrepo import GitRepo
from tests.overrides_support import run, scan_tree

CLI_MODULE = '''import argparse


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int)
    return parser.parse_args()
'''
SERVER_MODULE = '''from flask import Flask

app = Flask(__name__)


def main():
    app.run()
'''
PYPROJECT = '''[project]
name = "{name}"
classifiers = [{classifiers}]

[project.scripts]
{name} = "{name}.cli:main"
'''


def _kind(tmp_path: Path, files: dict[str, str]) -> str:
    return str(scan_tree(tmp_path, files).details["kind"])


def _package(name: str, classifiers: str = "", cli: str = CLI_MODULE) -> dict[str, str]:
    return {"pyproject.toml": PYPROJECT.format(name=name, classifiers=classifiers),
            f"{name}/__init__.py": "", f"{name}/cli.py": cli,
            f"{name}/app.py": SERVER_MODULE.replace("app.run()", "return app")}


@pytest.mark.parametrize("name", ["webframe", "docgen"])
@pytest.mark.parametrize("evidence", [
    {"docs/api.rst": "API\n===\n\n.. autoclass:: {name}.App\n"},
    {"docs/reference.md": "# Reference\n\n::: {name}.core\n"},
    {"README.md": "```python\n" + "from {name} import App\n" * 20 + "```\n"},
    {"pyproject.toml": PYPROJECT.replace("[project]", "[project]\n# Framework ::")},
])
def test_a_library_that_ships_a_console_script_is_a_library(
        tmp_path: Path, name: str, evidence: dict[str, str]) -> None:
    files = _package(name, classifiers=f'"Framework :: {name.title()}"'
                     if "pyproject.toml" in evidence else "")
    files.update({k: v.format(name=name) for k, v in evidence.items()
                  if k != "pyproject.toml"})
    assert _kind(tmp_path, files) == "library"


@pytest.mark.parametrize(("deployment", "kind"), [
    # The command line starts the web application the repository deploys: a service.
    ({"Dockerfile": 'FROM python:3.12\nEXPOSE 1218\nCMD ["svc", "api"]\n'}, "service"),
    ({"docker-compose.yml": "services:\n  api:\n    build: .\n"}, "service"),
    # An image that runs the command line and serves no port ships the command line.
    ({"Dockerfile": 'FROM python:3.12\nENTRYPOINT ["svc"]\n'}, "cli"),
    # Nothing deployed: a tool with a web mode.
    ({}, "cli"),
])
def test_a_command_line_that_starts_the_deployed_application_is_a_service(
        tmp_path: Path, deployment: dict[str, str], kind: str) -> None:
    files = _package("svc")
    files["svc/web.py"] = SERVER_MODULE.replace("app.run()", "return app")
    assert _kind(tmp_path, {**files, **deployment}) == kind


def test_contributor_docs_of_internals_do_not_make_a_tool_a_library(tmp_path: Path) -> None:
    files = _package("fmt")
    files["docs/contributing/reference.rst"] = ".. autofunction:: fmt.cli.main\n"
    files["Dockerfile"] = 'FROM python:3.12\nENTRYPOINT ["fmt"]\n'
    assert _kind(tmp_path, files) == "cli"


def test_the_main_console_script_decides_between_cli_and_service(tmp_path: Path) -> None:
    tool = _package("tool")
    tool["tool/daemon.py"] = SERVER_MODULE  # a side daemon does not make the tool a service
    assert _kind(tmp_path / "a", tool) == "cli"
    server = _package("server", cli=SERVER_MODULE)
    assert _kind(tmp_path / "b", server) == "service"


@pytest.mark.parametrize("layout", [
    {f"alerts/{n}.yaml": "groups: []\n" for n in range(12)},
    {f"charts/c{n}/Chart.yaml": "apiVersion: v2\n" for n in range(12)},
    {**{f"mixin/{n}.libsonnet": "{}\n" for n in range(10)}, "jsonnetfile.json": "{}\n"},
    {f"content/runbooks/{n}.md": "# R\n" for n in range(12)},
])
def test_rules_charts_mixins_and_runbooks_are_operations(
        tmp_path: Path, layout: dict[str, str]) -> None:
    assert _kind(tmp_path, {**layout, "scripts/render.py": "print(1)\n"}) == "operations"


@pytest.mark.parametrize("name", ["node-alerts.yaml", "alert.rules.yml", "recording_rules.yml",
                                  "prometheusrule.yaml", "db-runbook.md"])
def test_rules_and_runbooks_are_known_by_name(tmp_path: Path, name: str) -> None:
    files = {f"team{n}/{name}": "groups: []\n" for n in range(12)}
    assert _kind(tmp_path, {**files, "scripts/render.py": "print(1)\n"}) == "operations"


def test_pages_named_after_rules_or_alerts_are_no_operations_content(tmp_path: Path) -> None:
    # A collection of command pages (tldr's shape): "gh-ruleset.md", "ip-rule.md" and
    # "sealert.md" document commands; no page is a rule file or a runbook.
    names = ["gh-ruleset", "ip-rule", "sealert", "nft-rules", "alertmanager", "rules"]
    files = {f"pages{suffix}/common/{name}.md": f"# {name}\n\n> A command.\n"
             for name in names for suffix in ("", ".es", ".ko")}
    assert _kind(tmp_path, files) != "operations"


def test_a_repository_that_is_one_ansible_role_is_operations(git_repo: GitRepo) -> None:
    # Its tasks/docker-compose.yml installs docker compose on the hosts: a task file, not a
    # compose file that makes the repository a service.
    role = {f"tasks/{n}.yml": "- name: step\n  ansible.builtin.debug: {}\n"
            for n in ("main", "docker-compose", "setup-Debian", "setup-RedHat")}
    role.update({f"vars/{n}.yml": "---\n" for n in ("main", "Debian", "RedHat", "Suse")})
    role.update({"defaults/main.yml": "---\n", "handlers/main.yml": "---\n",
                 "meta/main.yml": "galaxy_info:\n  role_name: docker\n",
                 "molecule/default/converge.yml": "---\n", "README.md": "# Role\n"})
    git_repo.commit(role)
    assert run(git_repo.root).details["kind"] == "operations"


def test_a_ruby_gem_is_a_library_and_a_rails_app_is_not(git_repo: GitRepo) -> None:
    # The gemspec packages lib/ for users to require; a Gemfile alone is an application's.
    code = {"lib/tiny.rb": "module Tiny\n  def self.call = 1\nend\n",
            "lib/tiny/version.rb": "module Tiny\n  VERSION = '1.0'\nend\n",
            "Gemfile": "source 'https://rubygems.org'\ngemspec\n"}
    git_repo.commit({**code, "tiny.gemspec": "Gem::Specification.new do |s|\n"
                                             "  s.name = 'tiny'\nend\n"})
    assert run(git_repo.root).details["kind"] == "library"
    git_repo.commit({}, remove=("tiny.gemspec",))
    assert run(git_repo.root).details["kind"] == "service"


def test_a_php_library_is_a_library(git_repo: GitRepo) -> None:
    code = {"src/App.php": "<?php\nnamespace Tiny;\nfinal class App {}\n",
            "src/Route.php": "<?php\nnamespace Tiny;\nfinal class Route {}\n"}
    git_repo.commit({**code, "composer.json": '{"name": "tiny/tiny", "type": "library"}\n'})
    assert run(git_repo.root).details["kind"] == "library"
    git_repo.commit({"composer.json": '{"name": "tiny/site", "type": "project"}\n'})
    assert run(git_repo.root).details["kind"] == "service"


def test_a_service_with_a_chart_is_still_a_service(tmp_path: Path) -> None:
    files = {f"svc/m{n}.py": "X = 1\n" for n in range(20)}
    files.update({f"charts/svc/templates/{n}.yaml": "kind: Service\n" for n in range(12)})
    files["svc/app.py"] = SERVER_MODULE
    assert _kind(tmp_path, files) == "service"


def test_a_helm_charts_templates_and_values_are_operations_content(tmp_path: Path) -> None:
    # elastic/helm-charts' shape: one folder per chart at the root, named after the
    # software it installs; the chart's files count whatever their names.
    files: dict[str, str] = {"helpers/bump.py": "print(1)\n"}
    for chart in ("search", "kibana"):
        files[f"{chart}/Chart.yaml"] = "apiVersion: v2\n"
        files[f"{chart}/values.yaml"] = "replicas: 1\n"
        files.update({f"{chart}/templates/{n}.yaml": "kind: Service\n"
                      for n in ("deployment", "service", "configmap", "ingress")})
    assert _kind(tmp_path, files) == "operations"


@pytest.mark.parametrize("image, kind", [
    ('FROM python:3.12\nRUN pip install .\nENTRYPOINT ["tool"]\nCMD ["--help"]\n', "cli"),
    ("FROM python:3.12\nRUN pip install .\nENTRYPOINT tini -- python -m tool check\n", "cli"),
    # A port, or a program that is not the package's command: a deployment.
    ('FROM python:3.12\nEXPOSE 8080\nENTRYPOINT ["tool"]\n', "service"),
    ('FROM python:3.12\nCMD ["gunicorn", "tool.app:app"]\n', "service"),
])
def test_an_image_that_runs_the_command_line_ships_a_cli(tmp_path: Path, image: str,
                                                          kind: str) -> None:
    files = _package("tool", cli="def main():\n    return 0\n")  # no parser the rules see
    del files["tool/app.py"]
    files["Dockerfile"] = image
    assert _kind(tmp_path, files) == kind


def test_deployment_files_without_code_of_its_own_are_operations(tmp_path: Path) -> None:
    # A documentation site built into an image (PagerDuty's incident-response docs).
    files = {f"docs/{n}.md": f"# Step {n}\n" for n in range(8)}
    files.update({"mkdocs.yml": "site_name: Response\n",
                  "Dockerfile": "FROM python:3.12\nRUN pip install mkdocs\nEXPOSE 8000\n"})
    assert _kind(tmp_path, files) == "operations"


NOTEBOOK = ('{"cells": [{"cell_type": "code", "metadata": {}, "source": ["import pandas"],'
            ' "outputs": [], "execution_count": null}], "metadata": {}, "nbformat": 4,'
            ' "nbformat_minor": 5}\n')


def _notebooks(count: int, folder: str = "notebooks") -> dict[str, str]:
    return {f"{folder}/{n:02d}-analysis.ipynb": NOTEBOOK for n in range(count)}


@pytest.mark.parametrize("folder", ["notebooks", "examples", "."])
def test_a_repository_of_notebooks_is_notebooks(tmp_path: Path, folder: str) -> None:
    files = {**_notebooks(4, folder), "helpers.py": "def load(path):\n    return path\n",
             "requirements.txt": "pandas==2.2.0\n", "README.md": "# Analysis\n"}
    assert _kind(tmp_path, files) == "notebooks"


@pytest.mark.parametrize(("extra", "kind"), [
    # A package with example notebooks is still the package.
    ({"pyproject.toml": '[project]\nname = "lib"\n', "lib/__init__.py": "",
      "lib/core.py": "def f():\n    return 1\n"}, "library"),
    # A web application beside its notebooks is a service.
    ({"app.py": "from flask import Flask\n\napp = Flask(__name__)\n"}, "service"),
    # An image beside notebooks alone builds the environment they run in.
    ({"Dockerfile": "FROM jupyter/scipy-notebook\nCOPY . .\nEXPOSE 8888\n"}, "notebooks"),
    # With more code of its own than notebooks, its image deploys that code.
    ({"Dockerfile": "FROM python:3.12\nCOPY . .\nEXPOSE 8000\n",
      **{f"jobs/job{n}.py": "def run():\n    return 1\n" for n in range(5)}}, "service"),
    # More scripts than notebooks: an application that keeps a few notebooks.
    ({f"jobs/job{n}.py": "def run():\n    return 1\n" for n in range(5)}, "service"),
])
def test_notebooks_beside_a_package_server_or_scripts(
        tmp_path: Path, extra: dict[str, str], kind: str) -> None:
    assert _kind(tmp_path, {**_notebooks(4), **extra}) == kind


def test_two_notebooks_do_not_make_a_notebook_collection(tmp_path: Path) -> None:
    assert _kind(tmp_path, _notebooks(2)) == "service"


def test_a_notebook_collection_is_not_judged_as_a_service(git_repo: GitRepo) -> None:
    # The checks a service is held to (metrics, health, dashboards, flags, operator
    # overrides, logging instead of print) are n/a; automation expects a pinned
    # environment, a linter and pre-commit hooks, not a task runner or an image.
    from tests.hostile.generators import scan

    git_repo.commit({**_notebooks(5), "requirements.txt": "pandas==2.2.0\n",
                     "plots.py": "TIMEOUT = 30\n\n\ndef show(x):\n    print(x)\n",
                     "README.md": "# Analysis\n"}, date="2026-01-05T10:00:00+00:00")
    report = scan(git_repo.root)
    skipped = {c.id: c.reason for p in report.pillars for c in p.skipped}
    for check in ("instrumentation", "health-endpoint", "dashboards-alerts", "feature-flags",
                  "logging-not-print", "config-override-surface",
                  "config-overridable-constants"):
        assert f"operability.{check}" in skipped, check
    assert "notebook collection" in skipped["operability.instrumentation"]
    automation = next(c for p in report.pillars for c in p.checks
                      if c.id == "operability.automation")
    assert automation.reason.endswith("1 of 3 practices expected of a notebook collection: "
                                      "locked dependencies yes, lint config no, precommit no")


COBRA_MAIN = '''package main

import "github.com/spf13/cobra"

func main() {
	cmd := &cobra.Command{Use: "stern"}
	cmd.Flags().StringVarP(&ns, "namespace", "n", "", "namespace")
	cmd.Execute()
}
'''


@pytest.mark.parametrize(("image", "kind"), [
    ('FROM alpine\nCOPY stern /usr/local/bin/\nENTRYPOINT ["/usr/local/bin/stern"]\n', "cli"),
    # A port, or a program that is not the one it builds: a deployment.
    ('FROM alpine\nEXPOSE 8080\nENTRYPOINT ["/usr/local/bin/stern"]\n', "service"),
    ('FROM alpine\nENTRYPOINT ["/usr/bin/nginx"]\n', "service"),
])
def test_a_go_command_line_shipped_as_an_image_is_a_cli(tmp_path: Path, image: str,
                                                        kind: str) -> None:
    files = {"go.mod": "module github.com/stern/stern\n\ngo 1.22\n", "main.go": COBRA_MAIN,
             "Dockerfile": image}
    assert _kind(tmp_path, files) == kind


@pytest.mark.parametrize(("manifest", "kind"), [
    ('{"name": "taxonomy", "private": true, "scripts": {"start": "next start"}, '
     '"dependencies": {"next": "14.0.0", "react": "18"}}', "service"),
    ('{"name": "site", "scripts": {"start": "nuxt start"}, "dependencies": {"nuxt": "3"}}',
     "service"),
    # A component library that develops against next, published and never started.
    ('{"name": "ui-kit", "scripts": {"build": "tsc"}, "dependencies": {"react": "18"}, '
     '"devDependencies": {"next": "14"}}', "library"),
])
def test_a_next_js_application_is_a_service(tmp_path: Path, manifest: str, kind: str) -> None:
    files = {"package.json": manifest,
             "app/page.tsx": "export default function Page() { return <main/>; }\n"}
    assert _kind(tmp_path, files) == kind


@pytest.mark.parametrize(("script", "kind"), [('"start": "pnpm with-env next start"', "service"),
                                             ('"build": "next build"', "library")])
def test_a_monorepos_next_js_app_workspace_is_a_service(tmp_path: Path, script: str,
                                                        kind: str) -> None:
    # create-t3-turbo: the root package.json runs turbo; apps/nextjs is the application.
    files = {"package.json": '{"name": "t3", "private": true, "scripts": {"dev": "turbo dev"}}',
             "apps/nextjs/package.json": ('{"name": "@acme/nextjs", "private": true, '
                                          f'"scripts": {{{script}}}, '
                                          '"dependencies": {"next": "15"}}'),
             "apps/nextjs/src/app/page.tsx": "export default function P() { return 1; }\n",
             "packages/api/src/index.ts": "export const a = 1;\n"}
    assert _kind(tmp_path, files) == kind


def test_a_python_packages_next_js_site_does_not_make_it_a_service(tmp_path: Path) -> None:
    files = _package("tool", cli="def main():\n    return 0\n")
    del files["tool/app.py"]
    files["package.json"] = ('{"private": true, "scripts": {"start": "next start"}, '
                             '"dependencies": {"next": "14"}}')
    assert _kind(tmp_path, files) == "library"


@pytest.mark.parametrize("manifest", ["[" * 100_000 + "]" * 100_000, '{"dependencies": NaN}',
                                      "{not json", '"a string"'])
def test_a_hostile_package_json_is_no_web_application(tmp_path: Path, manifest: str) -> None:
    files = {"package.json": manifest, "src/a.ts": "export const a = 1;\n"}
    assert _kind(tmp_path, files) == "library"


@pytest.mark.parametrize(("files", "kind"), [
    # ripgrep: a [[bin]] and no library, and it parses its own command line.
    ({"Cargo.toml": '[package]\nname = "ripgrep"\n\n[[bin]]\nname = "rg"\n'
                    'path = "crates/core/main.rs"\n',
      "crates/core/main.rs": "fn main() {}\n"}, "cli"),
    ({"Cargo.toml": '[package]\nname = "tool"\n', "src/main.rs": "fn main() {}\n"}, "cli"),
    ({"Cargo.toml": '[package]\nname = "kv"\n', "src/lib.rs": "pub fn f() {}\n",
      "src/main.rs": "fn main() {}\n"}, "library"),
    ({"package.json": '{"name": "x", "bin": {"x": "cli.js"}}', "cli.js": "run();\n"}, "cli"),
    ({"package.json": '{"name": "x", "bin": "cli.js", "main": "index.js"}',
      "cli.js": "run();\n", "index.js": "module.exports = 1;\n"}, "library"),
])
def test_a_package_that_declares_only_a_program_is_a_cli(
        tmp_path: Path, files: dict[str, str], kind: str) -> None:
    assert _kind(tmp_path, files) == kind


@pytest.mark.parametrize(("dockerfile", "kind"), [
    # hub's Dockerfile: Ruby and gems to run its Cucumber suite, no command, no port.
    ("FROM ruby:2.6\nRUN apt-get install -y golang\nCOPY Gemfile ./\nRUN bundle install\n",
     "cli"),
    ("FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build ./...\n", "cli"),
    ("FROM golang:1.22\nCOPY . .\nRUN go build -o /tool .\nCMD [\"/tool\", \"serve\"]\n",
     "service"),
    ("FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM gcr.io/distroless/static\n"
     "COPY --from=build /app /app\n", "service"),
])
def test_an_image_that_only_builds_a_test_environment_deploys_nothing(
        tmp_path: Path, dockerfile: str, kind: str) -> None:
    files = {"go.mod": "module github.com/acme/hub\n",
             "main.go": ('package main\n\nimport "flag"\n\nfunc main() {\n'
                         '\tverbose := flag.Bool("verbose", false, "log more")\n'
                         '\tflag.Parse()\n\t_ = verbose\n}\n'),
             "Dockerfile": dockerfile}
    assert _kind(tmp_path, files) == kind


def test_an_ansible_collection_of_modules_is_a_library(tmp_path: Path) -> None:
    files = {"galaxy.yml": "namespace: community\nname: docker\nversion: 3.0.0\n",
             "plugins/modules/docker_container.py": "def main():\n    return 0\n",
             "plugins/module_utils/util.py": "def helper():\n    return 1\n"}
    assert _kind(tmp_path, files) == "library"


def _java_module(name: str) -> dict[str, str]:
    return {f"{name}/src/main/java/io/shop/{name}/Part{i}.java":
            f"package io.shop.{name};\nclass Part{i} {{ int f() {{ return {i}; }} }}\n"
            for i in range(3)}


def test_services_with_generated_manifests_and_framework_builds_are_services(
        tmp_path: Path) -> None:
    # Quarkus services have no main of their own; a folder of generated Kubernetes files
    # per service outnumbers their code four to one.
    files: dict[str, str] = {"pom.xml": "<project><modules/></project>\n"}
    for name in ("heroes", "villains"):
        files.update(_java_module(name))
        files[f"{name}/pom.xml"] = ("<project><dependency><artifactId>quarkus-rest"
                                    "</artifactId></dependency></project>\n")
        files.update({f"{name}/deploy/k8s/{env}-{kind}.yml": "kind: Deployment\n"
                      for env in ("java21", "native", "java25", "dev", "prod")
                      for kind in ("a", "b", "c")})
        files.update({f"{name}/deploy/k8s/rules-{i}.yml": "groups: []\n" for i in range(15)})
    out = scan_tree(tmp_path, files)
    assert out.details["kind"] == "service", out.details["kind_reason"]
    assert "quarkus-rest" in str(out.details["kind_reason"])
    # Without a build beside the code, the same manifests make operations content.
    ops = {path: text for path, text in files.items() if not path.endswith("pom.xml")}
    assert _kind(tmp_path / "ops", ops) == "operations"


def test_a_published_npm_command_that_starts_a_server_is_a_cli(tmp_path: Path) -> None:
    server = ("import http from 'node:http';\n"
              "export function start(port: number) {\n"
              "  http.createServer(() => {}).listen(port);\n}\n")
    manifest = ('{"name": "serve", "bin": {"serve": "./build/main.js"}, '
                '"files": ["build/"]}')
    files = {"package.json": manifest, "source/utilities/server.ts": server,
             "source/main.ts": "import { start } from './utilities/server';\nstart(3000);\n"}
    assert _kind(tmp_path, files) == "cli"
    # An application's own package.json publishes nothing: its server makes it a service.
    app = files | {"package.json": '{"name": "web", "private": true, "bin": {"web": "x.js"}}'}
    assert _kind(tmp_path / "app", app) == "service"


@pytest.mark.parametrize(("files", "kind"), [
    # An AWS CDK app deploys its Lambda handlers: its bin/ entry is `cdk init` boilerplate.
    ({"cdk.json": '{"app": "npx ts-node bin/app.ts"}',
      "package.json": '{"name": "app", "bin": {"app": "bin/app.js"}}',
      "bin/app.ts": "new App();\n", "lambda-fns/upload.ts": "export const handler = 1;\n"},
     "service"),
    # An MLflow project is a training job run with parameters.
    ({"MLproject": "name: wine\nentry_points:\n  main:\n    command: python train.py\n",
      "train.py": "import sys\n\nalpha = float(sys.argv[1])\n"}, "cli"),
    # A Deno package published to JSR: a name and its exports.
    ({"deno.json": '{"name": "@deno/kv-oauth", "exports": "./mod.ts"}',
      "mod.ts": "export function signIn() { return 1; }\n",
      "lib/sign_in.ts": "export const x = 1;\n"}, "library"),
])
def test_infrastructure_apps_jobs_and_deno_packages(tmp_path: Path, files: dict[str, str],
                                                    kind: str) -> None:
    assert _kind(tmp_path, files) == kind


def test_a_go_command_line_in_an_image_of_its_major_version_module_is_a_cli(
        tmp_path: Path) -> None:
    # github.com/charmbracelet/glow/v2 builds glow; its image runs it and serves no port.
    files = {"go.mod": "module github.com/charmbracelet/glow/v2\n\ngo 1.22\n",
             "main.go": ('package main\n\nimport "github.com/spf13/cobra"\n\n'
                         'var rootCmd = &cobra.Command{Use: "glow"}\n\n'
                         "func main() { rootCmd.Execute() }\n"),
             "Dockerfile": ('FROM gcr.io/distroless/static\nCOPY glow /usr/local/bin/glow\n'
                            'ENTRYPOINT [ "/usr/local/bin/glow" ]\n')}
    assert _kind(tmp_path, files) == "cli"
    crawler = {"scrapy.cfg": "[settings]\ndefault = quotesbot.settings\n",
               "quotesbot/spiders/quotes.py": "import scrapy\n\n\nclass Q(scrapy.Spider):\n"
                                              "    name = 'quotes'\n"}
    assert _kind(tmp_path / "crawler", crawler) == "cli"
