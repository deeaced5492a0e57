"""Go, Java, JavaScript and TypeScript functions: lizard's CCN, Sonar's cognitive complexity,
shape, and how a scan treats files of those languages (measured, skipped, broken)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import lizard
import pytest

from scorecard import api
from scorecard.analyzers.history.history_paths import is_measured_source
from scorecard.analyzers.history.risk_input import is_ranked
from scorecard.analyzers.path_roles import PathRole, path_role
from scorecard.analyzers.source_share import is_data_sql
from scorecard.facts.complexity_facts import ComplexityFacts, FunctionRow, describe_languages
from scorecard.languages import (
    LANGUAGES,
    generated_reason,
    language_for_path,
    minified_reason,
    unmeasured_language,
)
from scorecard.languages.measure import measure_tree, parse_file, parse_source
from scorecard.model import CheckStatus
from tests.gitrepo import GitRepo

NOW = datetime(2026, 6, 1, tzinfo=UTC)

GO = '''package main

import "os"

func (s *Server) Handle(a, b int, rest ...string) (int, error) {
	check := func(x int) bool { return x > 0 && x < 10 || x == 42 }
	go func() {
		select {
		case <-s.done:
		case v := <-s.in:
			_ = v
		default:
		}
	}()
	switch t := s.any.(type) {
	case int, string:
	case nil:
	}
	for i := range rest {
		if i > 0 && check(i) {
			continue
		} else if i < 0 {
			break
		}
	}
	return 0, nil
}

var handler = func(w int) { if w > 0 {} }

func Generic[T any](x T) T { return x }

func getenv() string { return os.Getenv("HOME") }
'''

JAVA = '''package p;

class Shop {
  @Override
  public int price(int a, List<?> b, Map<String, ? extends Number> c) {
    Runnable r = () -> { if (a > 0 && b != null) { run(); } };
    Object o = new Object() {
      public String toString() { return a > 1 ? "x" : "y"; }
    };
    switch (a) { case 1, 2 -> foo(); default -> bar(); }
    for (int i : xs) { try { go(); } catch (IllegalStateException | IOException e) { } }
    do { a--; } while (a > 0 || a < -10);
    return a > 0 ? 1 : 2;
  }
  Shop(int x) { if (x > 0) { } }
  static { if (y) { } }
  abstract int nothing();
  enum Kind { A { int g() { if (a) { } return 1; } }; int h() { return 0; } }
  interface I { default int d() { return x ? 1 : 2; } }
}
'''

TYPESCRIPT = '''export function foo(a: number, b?: string, c = 3): number {
  const g = (x: number) => x > 0 ? 1 : 2;
  const h = function named(y: unknown) { if (y) { return 1 } };
  arr.map(x => { if (x) return x?.y ?? 3; });
  a ??= 4;
  a ||= 5;
  return a? 1 : 2;
}

class C {
  method(a: number[], b: boolean) { for (const x of a) { while (b) { } } }
  get prop() { return this.x || 1; }
  arrow = (z: number) => { if (z) { } };
  static async s() { try { } catch (e) { } }
}

const check = (v: string): boolean =>
  v.length > 0 && v !== "x"

function destructure({ a = 1, b }: Opts, [c = 2] = []) {
  const { d = 4 } = b;
  return `${a ? "yes" : "no"}`;
}
'''

JAVASCRIPT = '''function outer(items, limit) {
  let total = 0;
  for (const item of items) {
    if (item.ok && item.size < limit) {
      total += item.size;
    } else if (!item.ok) {
      continue;
    } else {
      break;
    }
  }
  switch (total) {
    case 0:
    case 1:
      return "small";
    default:
      return total > 100 ? "big" : "medium";
  }
}

const obj = {
  key(a) { if (a) { return 1; } return 2; },
};

module.exports = function (x) { while (x--) { } };
'''

TSX = '''export const List = ({ items }: Props) => {
  if (!items.length) return null;
  return (
    <ul>
      {items.map((item) => (
        <li key={item.id}>{item.done ? "done" : "todo"}</li>
      ))}
    </ul>
  );
};
'''

SNIPPETS = [("main.go", GO), ("Shop.java", JAVA), ("foo.ts", TYPESCRIPT),
            ("outer.js", JAVASCRIPT), ("List.tsx", TSX)]


def _ours(path: str, code: str) -> tuple[FunctionRow, ...]:
    spec = language_for_path(path)
    assert spec is not None
    data = code.encode()
    tree, error = parse_source(spec, data)
    assert tree is not None, error
    return measure_tree(spec, tree, data, code).rows


def _lizard(path: str, code: str) -> dict[int, list[int]]:
    info = lizard.analyze_file.analyze_source_code(path, code)
    by_line: dict[int, list[int]] = {}
    for function in info.function_list:
        by_line.setdefault(function.start_line, []).append(function.cyclomatic_complexity)
    return by_line


@pytest.mark.parametrize(("path", "code"), SNIPPETS, ids=[p for p, _ in SNIPPETS])
def test_cyclomatic_complexity_is_lizards(path: str, code: str) -> None:
    ours: dict[int, list[int]] = {}
    for row in _ours(path, code):
        ours.setdefault(row.line, []).append(row.cyclomatic)
    theirs = _lizard(path, code)
    assert {line: sorted(v) for line, v in ours.items()} == {
        line: sorted(v) for line, v in theirs.items()}


def _row(rows: tuple[FunctionRow, ...], qualname: str) -> FunctionRow:
    return next(r for r in rows if r.qualname == qualname)


def test_go_names_shape_and_cognitive_complexity() -> None:
    rows = _ours("main.go", GO)
    handle = _row(rows, "Server.Handle")
    assert handle.line == 5
    assert handle.parameters == 3  # a, b and rest; the receiver is not one
    # Sonar: switch +1, for +1, if +2 (nesting 1), && +1, else if +1, the closures' bodies at
    # nesting 1 (&&/|| sequences +2, select +2): 1 + 1 + 2 + 1 + 1 + 2 + 2 = 10
    assert handle.cognitive == 10
    assert handle.nesting == 2
    assert _row(rows, "handler").cyclomatic == 2  # named after the variable, as lizard does
    names = [r.qualname for r in rows]
    assert "Server.Handle.(anonymous)" in names and "Server.Handle.(anonymous)#2" in names


def test_java_methods_lambdas_and_anonymous_classes() -> None:
    rows = _ours("Shop.java", JAVA)
    price = _row(rows, "Shop.price")
    assert price.line == 5  # the name's line, not the annotation's (as lizard)
    assert price.parameters == 3
    # lambdas belong to the method (lizard); anonymous-class methods are functions of their own
    assert price.cyclomatic == 9  # if, &&, case, for, catch, while, ||, ?
    assert _row(rows, "Shop.price.toString").cyclomatic == 2
    assert _row(rows, "Shop.Shop").cyclomatic == 2
    assert not any(r.qualname.endswith("nothing") for r in rows)  # no body, no function


JAVA_HEADERS = '''class Streams {
  public static <O> Collector<O, ?, O[]> toArray(final Class<O> type) {
    return new ArrayCollector<>(type);
  }
  private void run(final boolean[] values, final Visitor<boolean[], ?> visitor)
      throws InterruptedException {
    for (int i = 0; i < values.length; i++) { visitor.accept(values); }
  }
  void outer() {
    Object o = new Object() {
      public Map<String, ? extends List<String>> inner(List<? extends T[]> x) {
        return x.isEmpty() ? null : map;
      }
    };
  }
}
'''


def test_java_header_decisions_count_for_no_function() -> None:
    # lizard restarts a method's count at its body, so a ``?`` its tokenizer leaves alone in
    # the return type or a parameter's type (``<O, ?, O[]>``) is no decision of the method,
    # nor of the method enclosing an anonymous class.
    rows = _ours("Streams.java", JAVA_HEADERS)
    assert {r.qualname: r.cyclomatic for r in rows} == {
        "Streams.toArray": 1, "Streams.run": 2, "Streams.outer": 1,
        "Streams.outer.inner": 2}
    theirs = _lizard("Streams.java", JAVA_HEADERS)
    assert {r.line: [r.cyclomatic] for r in rows} == theirs


def test_sonar_specification_examples() -> None:
    # The white paper's examples (Campbell, "Cognitive Complexity", 2018, figures 1 and 6).
    code = '''class X {
  int sumOfPrimes(int max) {
    int total = 0;
    OUT: for (int i = 1; i <= max; ++i) {
      for (int j = 2; j < i; ++j) {
        if (i % j == 0) {
          continue OUT;
        }
      }
      total += i;
    }
    return total;
  }
  String getWords(int number) {
    switch (number) {
      case 1: return "one";
      case 2: return "a couple";
      default: return "lots";
    }
  }
}
'''
    rows = _ours("X.java", code)
    assert _row(rows, "X.sumOfPrimes").cognitive == 7
    assert _row(rows, "X.getWords").cognitive == 1
    assert _row(rows, "X.sumOfPrimes").cyclomatic == 4
    assert _row(rows, "X.getWords").cyclomatic == 3


def test_typescript_rules_mirrored_from_lizard() -> None:
    rows = _ours("foo.ts", TYPESCRIPT)
    # ``a? 1 : 2`` is no decision (lizard's tokenizer glues the ``?`` to the name); ``??=``
    # and ``||=`` are; the default ``c = 3`` counts one.
    assert _row(rows, "foo").cyclomatic == 4
    assert _row(rows, "foo").parameters == 3
    # An arrow body on the next line belongs to the enclosing scope in lizard.
    assert _row(rows, "check").cyclomatic == 1
    # Defaults in destructuring count; decisions inside a template substitution do not.
    assert _row(rows, "destructure").cyclomatic == 5
    assert _row(rows, "C.prop").cyclomatic == 2


KEYWORD_NAMES = '''function close(db, ok, fail) {
  db.close().then(ok).catch(fail);
  const key = Symbol.for("x");
  return { if: key, case: 2 };
}

class Thenable {
  catch(onRejected) { return this.then(undefined, onRejected); }
}

const load = (p) => p?.catch(() => undefined);
'''


@pytest.mark.parametrize("path", ["close.js", "close.ts"])
def test_keyword_named_properties_count_as_lizard_counts_them(path: str) -> None:
    # lizard counts tokens: ``.catch``, ``.for`` and the keys ``if`` and ``case`` are
    # decisions to it. A method named ``catch`` is no function to lizard (it reads a
    # statement): its name adds nothing to the method itself.
    rows = _ours(path, KEYWORD_NAMES)
    assert _row(rows, "close").cyclomatic == 5
    assert _row(rows, "load").cyclomatic == 2
    assert _row(rows, "Thenable.catch").cyclomatic == 1
    ours: dict[int, list[int]] = {}
    for row in rows:
        if row.qualname != "Thenable.catch":
            ours.setdefault(row.line, []).append(row.cyclomatic)
    theirs = _lizard(path, KEYWORD_NAMES)
    assert {line: sorted(v) for line, v in ours.items()} == {
        line: sorted(v) for line, v in theirs.items()}


def test_javascript_else_if_chain_and_nesting() -> None:
    rows = _ours("outer.js", JAVASCRIPT)
    outer = _row(rows, "outer")
    # for +1, if +2 (nesting 1), && +1, else if +1, else +1, switch +1, ternary +2 (nesting 1)
    assert outer.cognitive == 9
    assert outer.nesting == 2
    assert outer.parameters == 2
    assert _row(rows, "key").cyclomatic == 2


def test_every_language_declares_its_grammar_and_kinds() -> None:
    for spec in LANGUAGES:
        assert spec.function_types and spec.decision_tokens and spec.suffixes
        text, syntax, error = parse_file(spec, b"")
        assert syntax is not None and error is None and text == ""


def test_broken_file_is_a_reason_not_a_crash() -> None:
    spec = language_for_path("a.js")
    assert spec is not None
    _text, syntax, error = parse_file(spec, b"function (( {{{ broken ]]] ))\n" * 3)
    assert syntax is None and error is not None and "does not parse as JavaScript" in error


def test_unmeasured_and_minified_files() -> None:
    assert unmeasured_language("src/lib.rs") == "Rust source: no grammar for Rust, not measured"
    assert unmeasured_language("README.md") is None
    assert unmeasured_language("main.go") is None
    assert minified_reason("dist/app.min.js", b"x") == "minified or bundled (file name)"
    bundle = b"var a=1;" * 500
    assert minified_reason("dist/app.js", bundle) is not None
    assert minified_reason("src/app.js", b"const a = 1;\n" * 50) is None
    assert minified_reason("main.go", bundle) is None


def test_test_file_conventions_and_ranked_files() -> None:
    for path in ("pkg/server_test.go", "src/a.test.ts", "src/b.spec.js", "web/__tests__/x.tsx",
                 "src/test/java/org/A.java", "src/main/java/org/FooTest.java"):
        assert path_role(path) is PathRole.TEST, path
        assert not is_measured_source(path) and not is_ranked(path)
    for path in ("pkg/server.go", "src/a.ts", "src/main/java/org/Foo.java", "app.py"):
        assert is_measured_source(path) and is_ranked(path), path
    assert not is_measured_source("src/lib.rs")


def test_scan_measures_a_polyglot_repository(git_repo: GitRepo) -> None:
    git_repo.commit({
        "cmd/main.go": GO,
        "cmd/main_test.go": "package main\n\nfunc TestX(t *T) { if true {} }\n",
        "web/foo.ts": TYPESCRIPT,
        "web/List.tsx": TSX,
        "src/lib.rs": "fn main() { if true {} }\n",
        "web/broken.js": "function (( {{{ broken ]]] ))\n" * 3,
        "web/vendor.min.js": "var a=1;" * 10,
        "app.py": "def g(x):\n    if x:\n        return 1\n    return 2\n",
    })
    report = api.scan(git_repo.root, now=NOW, environ={}, flags={"cache": False})
    facts = report.facts(ComplexityFacts)
    assert facts is not None
    assert {"cmd/main.go", "web/foo.ts", "web/List.tsx", "app.py"} <= set(facts.functions_by_file)
    assert any(r.qualname == "Server.Handle" for r in facts.functions_by_file["cmd/main.go"])
    languages = {c.language: (c.files, c.lines) for c in facts.languages}
    assert languages["Go"] == (2, GO.count("\n") + 3)
    assert languages["TypeScript"] == (2, TYPESCRIPT.count("\n") + TSX.count("\n"))
    assert languages["Python"] == (1, 4)
    assert "Go 2 files" in describe_languages(facts)
    skipped = {s.path: s.reason for s in report.skipped}
    assert skipped["src/lib.rs"] == "Rust source: no grammar for Rust, not measured"
    assert skipped["web/vendor.min.js"] == "minified or bundled (file name)"
    problems = {p.path: p.message for p in report.problems}
    assert problems["web/broken.js"].startswith("does not parse as JavaScript")
    assert "web/broken.js" not in facts.functions_by_file


def test_notebooks_are_listed_as_skipped_not_silently_dropped(git_repo: GitRepo) -> None:
    # A book or data repository keeps most of its Python in notebooks: the report must say
    # they were not measured, as it does for languages without a grammar.
    cell = {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
            "source": ["def f(x):\n", "    return x\n"]}
    notebook = json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4,
                           "nbformat_minor": 5})
    git_repo.commit({"01-Intro.ipynb": notebook, "tools/build.py": "def g():\n    return 1\n"})
    report = api.scan(git_repo.root, now=NOW, environ={}, flags={"cache": False})
    skipped = {s.path: s.reason for s in report.skipped}
    assert skipped == {"01-Intro.ipynb": "Jupyter notebook: its code cells are not measured"}


def test_cached_scan_gives_the_same_rows(git_repo: GitRepo) -> None:
    git_repo.commit({"cmd/main.go": GO, "web/foo.ts": TYPESCRIPT})
    flags = {"cache": True, "cache_dir": str(git_repo.root.parent / "cache")}
    first = api.scan(git_repo.root, now=NOW, environ={}, flags=flags).facts(ComplexityFacts)
    second = api.scan(git_repo.root, now=NOW, environ={}, flags=flags).facts(ComplexityFacts)
    assert first is not None and second is not None
    assert first.functions_by_file == second.functions_by_file
    assert first.languages == second.languages


@pytest.mark.parametrize(("path", "head", "generated"), [
    ("js/serbian-stemmer.js", "// Generated from serbian.sbl by Snowball 3.0.1\n", True),
    ("gen/types.go", "// This file was automatically generated by genny.\n", True),
    ("src/Thrift.java", "/**\n * Autogenerated by Thrift Compiler (0.19.0)\n */\n", True),
    ("web/api.ts", "#!/usr/bin/env node\n/* generated with openapi-generator */\n", True),
    ("web/helpers.ts", "// Helpers for generated code\n", False),
    ("web/block.ts", "//\n" * 6 + "// generated by a tool\n", True),  # the leading comment
    ("web/late.ts", "const a = 1\n" * 6 + "// generated by a tool\n", False),
    ("app/migrations/0001_initial.py", "# Generated by Django 4.2 on 2024-01-01\n", False),
])
def test_a_generator_header_comment_skips_a_measured_language_file(
        path: str, head: str, generated: bool) -> None:
    reason = generated_reason(path, (head + "function f() { return 1 }\n").encode())
    assert (reason is not None) is generated


def test_import_graph_checks_say_which_languages_they_did_not_read(git_repo: GitRepo) -> None:
    # Go and TypeScript modules are graphed; Java's imports are not read.
    git_repo.commit({"cmd/main.go": GO, "web/foo.ts": TYPESCRIPT, "web/List.tsx": TSX,
                     "src/Main.java": JAVA})
    report = api.scan(git_repo.root, now=NOW, environ={}, flags={"cache": False})
    results = {c.id: c for p in report.pillars for c in (*p.checks, *p.skipped)}
    cycles = results["simplicity.import-cycles"]
    assert (cycles.status, cycles.value) == (CheckStatus.PASS, 0)
    assert cycles.reason.endswith(
        "0 of 3 modules in 0 cycles; the import graph is not built for Java "
        "(1 Java file not read)")
    private = results["simplicity.private-names"]
    assert private.status is CheckStatus.NOT_APPLICABLE
    assert private.reason.endswith("read for Python only")


def test_deeply_nested_code_is_measured_whole() -> None:
    # Each nested ``if`` adds 1 to CCN and its nesting level + 1 to cognitive complexity.
    depth = 300
    code = ("package main\n\nfunc g(x int) int {\n" + "if x > 0 {\n" * depth + "return 1\n"
            + "}\n" * depth + "return 0\n}\n")
    (row,) = _ours("deep.go", code)
    assert (row.cyclomatic, row.cognitive, row.nesting) == (
        depth + 1, depth * (depth + 1) // 2, depth)


def test_a_file_over_its_time_limit_is_one_problem_not_one_per_analyzer(
        git_repo: GitRepo) -> None:
    # complexity, overrides and signals all want a Go file; none gets a result in time.
    big = "package main\n\n" + "".join(
        f"func f{i}(x int) int {{\n\tif x > {i} {{\n\t\treturn {i}\n\t}}\n\treturn 0\n}}\n"
        for i in range(3000))
    git_repo.commit({"cmd/big.go": big})
    report = api.scan(git_repo.root, now=NOW, environ={},
                      flags={"cache": False, "max_file_seconds": 0.001})
    problems = [p for p in report.problems if p.path == "cmd/big.go"]
    assert [(p.analyzer, p.message.split(":")[0]) for p in problems] == [
        ("scan", "not analysed")]


@pytest.mark.parametrize("rev", [None, "HEAD"])
def test_a_skip_reason_read_from_the_name_is_not_shared_by_equal_content(
        tmp_path: Path, rev: str | None) -> None:
    # An empty site.min.js is minified by its name; an empty __init__.py or app.js, with
    # the same bytes, is not. A cache shared by the two repositories must not say it is.
    flags: dict[str, object] = {"cache": True, "cache_dir": str(tmp_path / "cache"),
                                "skip_analyzers": ["history"]}
    web = GitRepo.create(tmp_path / "web")
    web.commit({"site.min.js": "", "site.js": "// hello\n"})
    api.scan(web.root, now=NOW, environ={}, flags=flags, rev=rev)
    app = GitRepo.create(tmp_path / "app")
    app.commit({"pkg/__init__.py": "", "empty.js": "", "pkg/a.py": "x = 1\n"})
    report = api.scan(app.root, now=NOW, environ={}, flags=flags, rev=rev)
    assert {s.path: s.reason for s in report.skipped} == {}
    (tmp_path / "web" / "site.js").write_text("// changed\n")  # not the stored report
    report = api.scan(web.root, now=NOW, environ={}, flags=flags, rev=rev)
    assert {s.path: s.reason for s in report.skipped} == {
        "site.min.js": "minified or bundled (file name)"}


def test_code_in_unmeasured_languages_that_outweighs_the_measured_grades_no_simplicity(
        git_repo: GitRepo) -> None:
    # 12 C# files and one JavaScript file of one comment: the shares of that one file say
    # nothing of the C#, so the code checks are n/a with the languages named; the
    # simplicity pillar is not graded from them.
    csharp = "namespace Shop {\n  public class Order {\n    public int Total() { return 1; }\n" \
             + "    // a line of the service\n" * 40 + "  }\n}\n"
    files: dict[str, str | bytes] = {f"src/Shop/Order{i}.cs": csharp for i in range(12)}
    files.update({"src/Shop/wwwroot/js/site.js": "// Write your JavaScript code.\n",
                  "src/Shop/wwwroot/js/site.min.js": "", "tests/OrderTests.cs": csharp})
    git_repo.commit(files)
    report = api.scan(git_repo.root, now=NOW, environ={}, flags={"cache": False})
    results = {c.id: c for p in report.pillars for c in (*p.checks, *p.skipped)}
    reason = ("most of the source is in languages not measured (C# 12 files); the measured "
              "code is 0 % of it and does not stand for the rest")
    for check in ("simplicity.cyclomatic-complexity", "simplicity.function-length",
                  "simplicity.file-size", "simplicity.import-cycles", "simplicity.god-modules"):
        assert results[check].status is CheckStatus.NOT_APPLICABLE, check
        assert results[check].reason == reason, (check, results[check].reason)
    simplicity = next(p for p in report.pillars if p.pillar.value == "simplicity")
    assert simplicity.score is None


def test_a_little_code_in_an_unmeasured_language_leaves_the_checks_scored(
        git_repo: GitRepo) -> None:
    body = "def f(x):\n    if x:\n        return 1\n    return 2\n" * 20
    git_repo.commit({"app/a.py": body, "app/b.py": body, "native/speedup.rs": "fn main() {}\n"})
    report = api.scan(git_repo.root, now=NOW, environ={}, flags={"cache": False})
    results = {c.id: c for p in report.pillars for c in (*p.checks, *p.skipped)}
    assert results["simplicity.cyclomatic-complexity"].status is CheckStatus.PASS


def test_seed_and_schema_sql_do_not_make_the_code_a_minority(git_repo: GitRepo) -> None:
    # A Quarkus service ships 400 KB of INSERT rows beside its Java: data, not the program.
    java = ("class Hero {\n  int power(int x) {\n    if (x > 1) { return x; }\n"
            "    return 0;\n  }\n}\n") * 20
    rows = "INSERT INTO hero(id, name) VALUES (1, 'Ada');\n" * 2000
    git_repo.commit({"rest-heroes/src/main/java/Hero.java": java,
                     "rest-heroes/src/main/resources/import.sql": rows,
                     "deploy/db-init/initialize-tables.sql": rows,
                     "db/V1__create_tables.sql": rows})
    report = api.scan(git_repo.root, now=NOW, environ={}, flags={"cache": False})
    results = {c.id: c for p in report.pillars for c in (*p.checks, *p.skipped)}
    assert results["simplicity.cyclomatic-complexity"].status is CheckStatus.PASS
    # SQL that is the logic (a dbt model, a report query) still counts as unmeasured.
    assert not is_data_sql("models/marts/orders.sql")
    assert not is_data_sql("reports/monthly_revenue.sql")
    assert is_data_sql("src/main/resources/data.sql") and is_data_sql("seeds/users.sql")


def test_compiled_javascript_is_generated_code(git_repo: GitRepo) -> None:
    # A NestJS repository that commits tsc's output: dist/ and its sourceMappingURL comment
    # mark it, so its __decorate helpers are nobody's functions.
    helper = ('var __decorate = function (d, t, k) {\n  var c = arguments.length, r = c < 3 ? t'
              ' : d;\n  if (c > 2 && k) { r = d; } else if (r) { r = t; }\n  return r;\n};\n')
    git_repo.commit({
        "src/app.ts": "export function f(x: number) { return x > 1 ? 1 : 2; }\n",
        "dist/app.js": helper + "//# sourceMappingURL=app.js.map\n",
        "lib/out.js": helper + "//# sourceMappingURL=out.js.map\n",
    })
    report = api.scan(git_repo.root, now=NOW, environ={}, flags={"cache": False})
    facts = report.facts(ComplexityFacts)
    assert facts is not None
    assert set(facts.functions_by_file) == {"src/app.ts"}
    skipped = {s.path: s.reason for s in report.skipped}
    assert skipped["lib/out.js"] == "generated (compiled output: a sourceMappingURL comment)"
    assert generated_reason("src/a.ts", b'const s = "//# sourceMappingURL=x";\n') is None


def test_a_dbt_project_is_not_graded_on_its_python_helper(git_repo: GitRepo) -> None:
    model = "select\n    id,\n    sum(amount) as total\nfrom {{ ref('orders') }}\ngroup by 1\n"
    files: dict[str, str | bytes] = {f"models/m{i}.sql": model * 5 for i in range(10)}
    files.update({"scripts_dir/helper.py": "def f(x):\n    return x\n",
                  "infra/main.tf": 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\n'})
    git_repo.commit(files)
    report = api.scan(git_repo.root, now=NOW, environ={}, flags={"cache": False})
    results = {c.id: c for p in report.pillars for c in (*p.checks, *p.skipped)}
    reason = results["simplicity.cyclomatic-complexity"].reason
    assert reason.startswith("most of the source is in languages not measured (SQL 10 files, "
                             "Terraform 1 file)"), reason
    skipped = {s.path: s.reason for s in report.skipped}
    assert skipped["models/m0.sql"] == "SQL source: no grammar for SQL, not measured"


def test_shell_programs_are_listed_as_not_measured_and_hack_scripts_are_tooling() -> None:
    from scorecard.analyzers.path_roles import PathRole, path_role
    from scorecard.languages import unmeasured_language
    assert unmeasured_language("nvm.sh") == "Shell source: no grammar for Shell, not measured"
    assert unmeasured_language("tools/build.ps1") is not None
    assert path_role("nvm.sh") is PathRole.APP
    assert path_role("hack/update-codegen.sh") is PathRole.TOOLING
    assert path_role("pkg/hack/x.go") is PathRole.APP
