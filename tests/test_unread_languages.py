"""Repositories whose application is in a language no rule here reads (Ruby, PHP, ...)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from scorecard import api
from scorecard.analyzers.path_roles import PathRole, path_role
from scorecard.model import CheckResult, CheckStatus, Report
from tests.gitrepo import GitRepo

NOW = datetime(2026, 6, 1, tzinfo=UTC)
MODEL = "class Order < ApplicationRecord\n" + "  def total\n    items.sum(&:price)\n  end\n" * 20 \
    + "end\n"
WORKFLOW = """on: [push]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: bundle install
      - run: bundle exec rspec
"""


def _results(report: Report) -> dict[str, CheckResult]:
    return {c.id: c for p in report.pillars for c in (*p.checks, *p.skipped)}


@pytest.mark.parametrize(("path", "role"), [
    ("spec/models/order_spec.rb", PathRole.TEST), ("spec/rails_helper.rb", PathRole.TEST),
    ("lib/openapi/spec/parser.py", PathRole.APP), ("app/models/order.rb", PathRole.APP),
    ("tests/Feature/SongTest.php", PathRole.TEST), ("app/Services/SongTest.php", PathRole.TEST),
    ("src/Shop.UnitTests/Order.cs", PathRole.TEST), ("src/Shop/OrderTests.cs", PathRole.TEST),
    ("src/Shop/Contest.cs", PathRole.APP), ("Sources/App/AppTests.swift", PathRole.TEST),
    ("lib/shop/order_test.exs", PathRole.TEST), ("src/main/scala/OrderSpec.scala", PathRole.TEST),
    # JavaScript tools' configuration is tooling; an application's own config module is not
    ("vite.config.ts", PathRole.TOOLING), ("web/postcss.config.cjs", PathRole.TOOLING),
    ("karma.conf.js", PathRole.TOOLING), (".eslintrc.js", PathRole.TOOLING),
    ("src/app.config.ts", PathRole.APP), ("src/vite.ts", PathRole.APP),
])
def test_test_files_of_other_ecosystems(path: str, role: PathRole) -> None:
    assert path_role(path) is role


def test_a_ruby_application_is_judged_on_what_can_be_read(git_repo: GitRepo) -> None:
    # The CI runs RSpec: found. Health, clients and the test ratio would be read from the
    # code: n/a with the language named, never "no tests" or "no application code".
    files: dict[str, str | bytes] = {f"app/models/order{i}.rb": MODEL for i in range(8)}
    files.update({"spec/models/order_spec.rb": "describe Order do\n  it { }\nend\n",
                  ".github/workflows/test.yml": WORKFLOW, "Gemfile": "gem 'rails'\n",
                  "app/javascript/app.js": "console.log(1)\n"})
    git_repo.commit(files)
    report = api.scan(git_repo.root, now=NOW, environ={}, flags={"cache": False})
    results = _results(report)
    assert results["operability.ci-runs-tests"].status is CheckStatus.PASS
    for check in ("evolvability.test-code-ratio", "operability.health-endpoint",
                  "operability.instrumentation"):
        result = results[check]
        assert result.status is CheckStatus.NOT_APPLICABLE, check
        assert result.reason.startswith(
            "most of the source is in languages whose code is not read (Ruby 8 files)"), \
            result.reason


def test_a_ruby_gem_without_other_code_still_has_its_ci_judged(git_repo: GitRepo) -> None:
    git_repo.commit({"lib/shop/order.rb": MODEL, "lib/shop.rb": "require 'shop/order'\n",
                     ".github/workflows/test.yml": WORKFLOW.replace("rspec", "rake spec")})
    results = _results(api.scan(git_repo.root, now=NOW, environ={}, flags={"cache": False}))
    assert results["operability.ci-runs-tests"].status is CheckStatus.PASS


def test_the_unparsed_note_agrees_with_its_count() -> None:
    from scorecard.analyzers.path_roles import unparsed_app_note

    assert unparsed_app_note(["app/a.py"], "and {is} not counted") == \
        "; 1 application file did not parse and is not counted"
    assert unparsed_app_note(["app/a.py", "app/b.py", "tests/t.py"], "and {is} not counted") == \
        "; 2 application files did not parse and are not counted"


@pytest.mark.parametrize("rev", [None, "HEAD"])
def test_a_folder_of_a_monorepo_is_automated_by_the_repository(git_repo: GitRepo,
                                                               rev: str | None) -> None:
    # The CI and the hooks live at the top; the scan of services/api finds them.
    workflow = WORKFLOW.replace("bundle install", "go mod download").replace(
        "bundle exec rspec", "go test ./...")
    git_repo.commit({
        ".github/workflows/api.yml": workflow,
        ".pre-commit-config.yaml": "repos:\n- repo: local\n  hooks:\n  - id: fmt\n",
        "services/api/main.go": "package main\n\nfunc main() {}\n",
        "services/api/go.mod": "module example.com/api\n", "services/api/go.sum": "",
        "services/web/index.js": "console.log(1)\n",
    })
    report = api.scan(git_repo.root / "services" / "api", now=NOW, environ={},
                      flags={"cache": False}, rev=rev)
    results = _results(report)
    ci = results["operability.ci-runs-tests"]
    assert ci.status is CheckStatus.PASS, ci.reason
    assert ".github/workflows/api.yml" in ci.reason
    assert "precommit yes" in results["operability.automation"].reason


def test_browser_components_do_not_make_the_server_a_minority(git_repo: GitRepo) -> None:
    # A Flask service with a larger Vue front end: its health route is still read.
    server = ("from flask import Flask\napp = Flask(__name__)\n\n\n@app.get('/healthz')\n"
              "def health():\n    return 'ok'\n")
    component = "<template><div>{{ msg }}</div></template>\n" + "<p>text</p>\n" * 200
    files: dict[str, str | bytes] = {f"web/src/C{i}.vue": component for i in range(5)}
    files.update({"app/server.py": server, "Dockerfile": "FROM python:3.12\n"})
    git_repo.commit(files)
    results = _results(api.scan(git_repo.root, now=NOW, environ={}, flags={"cache": False}))
    health = results["operability.health-endpoint"]
    assert health.status is CheckStatus.PASS, health.reason


@pytest.mark.parametrize(("files", "named"), [
    # Named as people write them (C#, not csharp).
    ({"src/Shop/Order.cs": "namespace Shop { public class Order { } }\n",
      "cmd/main.go": "package main\n\nfunc main() {}\n"}, "2 application files in C#, Go are"),
    # A type declaration is read for nothing: it names no language ("None") and counts not.
    ({"cmd/main.go": "package main\n\nfunc main() {}\n",
      "web/types.d.ts": "export declare function f(): void;\n"}, "1 application file in Go is"),
])
def test_the_python_only_note_names_the_other_languages(
        git_repo: GitRepo, files: dict[str, str | bytes], named: str) -> None:
    git_repo.commit(files)
    results = _results(api.scan(git_repo.root, now=NOW, environ={}, flags={"cache": False}))
    reason = results["operability.logging-not-print"].reason
    assert f"{named} not measured" in reason and "None" not in reason, reason


def test_wording_agrees_when_none_of_one_is_counted(git_repo: GitRepo) -> None:
    git_repo.commit({"app.py": "def f(x):\n    return x\n"})
    results = _results(api.scan(git_repo.root, now=NOW, environ={}, flags={"cache": False}))
    assert results["simplicity.god-modules"].reason.endswith(
        "0 of 1 module is a god module"), results["simplicity.god-modules"].reason
