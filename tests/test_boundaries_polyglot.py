"""The import graph of JavaScript, TypeScript and Go: extraction, resolution, cycles, coupling."""

from __future__ import annotations

from pathlib import Path

from scorecard import api
from scorecard.analyzers.boundaries.imports import DYNAMIC, FUNCTION, TYPE_CHECKING
from scorecard.analyzers.boundaries.module_names import name_parts, parent_name, within
from scorecard.analyzers.boundaries.syntax_imports import extract_syntax_imports
from scorecard.analyzers.boundaries.tsconfig_paths import MAX_CONFIG_BYTES
from scorecard.languages import language_for_path
from scorecard.languages.measure import parse_file
from scorecard.model import CheckStatus
from tests.boundaries_support import NOW, findings, measurement, run, write_tree
from tests.gitrepo import GitRepo


def rows(path: str, source: str) -> list[list[object]]:
    spec = language_for_path(path)
    assert spec is not None
    text, syntax, error = parse_file(spec, source.encode())
    assert syntax is not None, error
    return list(extract_syntax_imports(syntax, text)["imports"])


def test_typescript_import_forms_and_flags() -> None:
    assert rows("a.ts", (
        "import type { A } from './a';\n"                 # 1: erased: type-only
        "import { b } from '../b/c.js';\n"                # 2
        "import './side';\n"                              # 3: side effect
        "import d = require('./d');\n"                    # 4
        "export * from './e';\n"                          # 5: re-export imports too
        "export type { F } from './f';\n"                 # 6: type-only re-export
        "export const x = 1;\n"                           # 7: no import
        "const h = require('./h');\n"                     # 8
        "async function k() {\n"                          # 9
        "  const m = await import('./m');\n"              # 10: dynamic, in a function
        "  return require(`./${m}`);\n"                   # 11: computed: not read
        "}\n"
    )) == [
        [1, "./a", None, TYPE_CHECKING], [2, "../b/c.js", None, 0], [3, "./side", None, 0],
        [4, "./d", None, 0], [5, "./e", None, 0], [6, "./f", None, TYPE_CHECKING],
        [8, "./h", None, 0], [10, "./m", None, DYNAMIC | FUNCTION],
    ]


def test_an_import_call_written_in_a_type_is_type_only() -> None:
    assert rows("a.ts", (
        "let t: import('./t').T;\n"                        # 1: a type annotation
        "type Q = typeof import('./q');\n"                 # 2: a type query
        "function f(x: import('./x').X) {\n"               # 3: a parameter's type
        "  return import('./later');\n"                    # 4: runs: dynamic
        "}\n"
    )) == [[1, "./t", None, TYPE_CHECKING], [2, "./q", None, TYPE_CHECKING],
           [3, "./x", None, TYPE_CHECKING], [4, "./later", None, DYNAMIC | FUNCTION]]


def test_go_import_forms() -> None:
    assert rows("main.go", (
        'package main\n\nimport "fmt"\n\nimport (\n\tx "example.com/m/b"\n'
        '\t_ `example.com/m/c`\n)\n'
    )) == [[3, "fmt", None, 0], [6, "example.com/m/b", None, 0],
           [7, "example.com/m/c", None, 0]]


def test_names_of_other_languages_keep_package_scopes() -> None:
    assert name_parts("js:src/app/app.module.ts") == ["js:", "src", "app", "app.module.ts"]
    assert parent_name("js:src/app") == "js:src" and parent_name("js:src") == "js:"
    assert parent_name("go:example.com/m/pkg") == "go:example.com/m"
    assert within("js:src/app/a.ts", "js:src") and not within("js:srcx/a.ts", "js:src")
    assert not within("app.core", "js:app") and not within("js:app/core.ts", "app")


TS_APP = {
    "src/app/main.ts": (
        "import { helper } from '../lib/util.js';\n"     # 1: util.ts, written as its output
        "import { Model } from '../model';\n"             # 2
        "import React from 'react';\n"                    # 3
        "import { x } from '@scope/pkg/sub';\n"           # 4
        "import './main.css';\n"                          # 5: an asset, not a module
        "export const main = () => helper(Model, React, x);\n"
    ),
    "src/app/main.css": "body {}\n",
    "src/lib/util.ts": "import { store } from '../store';\nexport const helper = store;\n",
    "src/store/index.ts": "import { main } from '../app/main';\nexport const store = main;\n",
    # Only a type flows back: erased at compile time, so no cycle with main.ts.
    "src/model.ts": "import type { main } from './app/main';\nexport class Model {}\n",
}


def test_typescript_cycle_through_relative_index_and_js_suffix(tmp_path: Path) -> None:
    output = run(write_tree(tmp_path, TS_APP))
    cycles = measurement(output, "modules_in_cycles_share")
    assert cycles.value == 75.0  # 3 of 4 modules
    assert findings(output, "modules_in_cycles_share") == [(
        "src/app/main.ts", 1,
        "3 modules in a cycle: js:src/app/main.ts -> js:src/lib/util.ts (src/app/main.ts:1) "
        "-> js:src/store (src/lib/util.ts:1) -> js:src/app/main.ts (src/store/index.ts:1)")]
    assert measurement(output, "package_cycles").value == 1
    assert output.details["package_cycles"][0]["packages"] == ["js:src/app", "js:src/lib",
                                                               "js:src/store"]
    assert sorted(output.details["top_external"]) == ["js:@scope/pkg", "js:react"]
    assert output.details["unresolved_imports"] == 0
    assert output.details["imports"]["type_checking"] == 1
    # The type-only import counts when asked for, as TYPE_CHECKING imports do.
    counted = run(tmp_path, {"cycles_include_type_checking": True})
    assert measurement(counted, "modules_in_cycles_share").value == 100.0


def test_javascript_require_cycle_and_dynamic_import(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "lib/a.js": "const b = require('./b');\nconst c = require('./c.js');\n",
        "lib/b.js": "module.exports = function () { return require('./a'); };\n",
        "lib/c.mjs": "export const later = () => import('./a.js');\n",
        "lib/c.js": "module.exports = 1;\n",
    })
    output = run(tmp_path)
    assert measurement(output, "modules_in_cycles_share").value == 50.0  # a and b of 4
    assert output.details["cycles"][0]["members"] == ["js:lib/a.js", "js:lib/b.js"]
    assert output.details["imports"] == {"dynamic": 1, "function_level": 2, "total": 4}


def test_tsconfig_path_aliases(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "tsconfig.json": (
            '{\n  // comments and trailing commas, as TypeScript accepts them\n'
            '  "compilerOptions": {"baseUrl": ".", "paths": {"@/*": ["src/*"],},},\n}\n'
        ),
        "src/a.ts": "import { b } from '@/b';\nimport { gone } from '@/missing';\n",
        "src/b.ts": "import { a } from '@/a';\nimport { c } from 'src/c';\n",
        "src/c.ts": "export const c = 1;\n",
    })
    output = run(tmp_path)
    assert output.details["cycles"][0]["members"] == ["js:src/a.ts", "js:src/b.ts"]
    assert output.details["unresolved_examples"] == ["src/a.ts:2 @/missing"]
    assert output.details["external_packages"] == 0  # src/c resolved through baseUrl



def test_an_oversized_tsconfig_is_not_read(tmp_path: Path) -> None:
    # A repository is data: a huge configuration is left unread, its aliases unresolved.
    padding = "  // padding\n" * 22_000  # 286 KB: over the limit, under the per-file one
    assert MAX_CONFIG_BYTES < len(padding) < 1_000_000
    write_tree(tmp_path, {
        "tsconfig.json": ('{\n' + padding
                          + '  "compilerOptions": {"paths": {"@/*": ["src/*"]}}\n}\n'),
        "src/a.ts": "import { b } from '@/b';\n",
        "src/b.ts": "export const b = 1;\n",
    })
    output = run(tmp_path)
    assert output.details["edges"] == 0
    assert output.details["external_packages"] == 1  # '@/b' is then a package name

def test_index_files_that_lose_the_folder_are_still_modules(tmp_path: Path) -> None:
    # A published folder: declarations, a CommonJS and an ES build of the same entry point.
    write_tree(tmp_path, {
        "pkg/sfc/index.d.ts": "export * from '../core';\n",
        "pkg/sfc/index.js": "module.exports = require('../core/impl.js');\n",
        "pkg/sfc/index.mjs": "export * from '../core/impl.js';\n",
        "pkg/core/index.ts": "export { impl } from './impl';\n",
        "pkg/core/impl.js": "const sfc = require('../sfc/index.js');\nexports.impl = sfc;\n",
        "pkg/app.ts": "import { impl } from './sfc';\nimport './sfc/index.mjs';\n",
    })
    output = run(tmp_path)
    assert output.details["modules"] == 6 and output.details["ambiguous_modules"] == []
    # index.d.ts takes the folder's name; index.js runs, and its require closes a cycle.
    assert output.details["cycles"][0]["members"] == ["js:pkg/core/impl.js",
                                                      "js:pkg/sfc/index.js"]
    assert output.details["edges"] == 7
    assert output.details["unresolved_imports"] == 0


def test_a_javascript_importer_loads_the_javascript_file_a_declaration_describes(
        tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "index.d.ts": "export declare const api: number;\n",
        "index.js": "module.exports = require('./lib/util');\n",
        "lib/util.d.ts": "export declare const util: number;\n",
        "lib/util.js": "exports.util = 1;\n",
        "app/main.js": ("const api = require('..');\n"
                        "const { util } = require('../lib/util');\n"),
        "app/main.ts": "import { api } from '..';\nimport { util } from '../lib/util';\n",
        # Tests are how modules are checked, not part of the design: left out of coupling.
        "test/api.spec.js": "const api = require('..');\n",
    })
    coupling = {row["module"]: (row["fan_in"], row["fan_out"])
                for row in run(tmp_path).details["coupling"]}
    # Node loads the JavaScript files; TypeScript reads the declarations.
    assert coupling == {"js:index.js": (1, 1), "js:lib/util.js": (2, 0),
                        "js:app/main.js": (0, 2), "js:index.d.ts": (1, 0),
                        "js:lib/util.d.ts": (1, 0), "js:app/main.ts": (0, 2)}


GO_MOD = "module example.com/shop\n\ngo 1.22\n\nrequire (\n\tgithub.com/pkg/errors v0.9.1\n)\n"


def test_go_packages_importing_each_others_siblings_make_a_package_cycle(
        tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "go.mod": GO_MOD,
        "billing/invoice/invoice.go": (
            'package invoice\n\nimport (\n\t"fmt"\n\t"example.com/shop/catalog/price"\n)\n'),
        "billing/tax/tax.go": 'package tax\n\nimport "github.com/pkg/errors/wrap"\n',
        "catalog/price/price.go": "package price\n",
        "catalog/item/item.go": 'package item\n\nimport "example.com/shop/billing/tax"\n',
        # Tests are a module of their own: their import of invoice is no cycle of price's.
        "catalog/price/price_test.go": (
            'package price_test\n\nimport "example.com/shop/billing/invoice"\n'),
    })
    output = run(tmp_path)
    assert measurement(output, "modules_in_cycles_share").value == 0.0
    assert findings(output, "package_cycles") == [(
        "billing/invoice/invoice.go", 5,
        "2 packages in a cycle in go:example.com/shop: go:example.com/shop/billing -> "
        "go:example.com/shop/catalog (billing/invoice/invoice.go:5) -> "
        "go:example.com/shop/billing (catalog/item/item.go:3)")]
    assert output.details["modules"] == 5  # four packages and price's tests
    assert set(output.details["top_external"]) == {"go:fmt", "go:github.com/pkg/errors"}


def test_go_repository_without_cycles_measures_zero(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "go.mod": GO_MOD,
        "main.go": 'package main\n\nimport "example.com/shop/store"\n',
        "store/store.go": 'package store\n\nimport "example.com/shop/store/sql"\n',
        "store/sql/sql.go": "package sql\n",
        "testdata/broken.go": 'package broken\n\nimport "example.com/shop"\n',
    })
    output = run(tmp_path)
    assert measurement(output, "modules_in_cycles_share").value == 0.0
    assert measurement(output, "package_cycles").value == 0.0
    assert output.details["modules"] == 3 and output.details["edges"] == 2
    assert output.details["unresolved_imports"] == 0
    private = measurement(output, "private_reference_share")
    assert private.value is None and "Python only" in private.note


def test_mixed_python_and_typescript_names_do_not_collide(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "app/__init__.py": "from app.core import run\n",
        "app/core.py": "import app\n\ndef run():\n    return app\n",
        "app/index.ts": "export { run } from './core';\n",
        "app/core.ts": "import { run } from '.';\nexport const go = run;\n",
    })
    output = run(tmp_path)
    assert measurement(output, "modules_in_cycles_share").value == 100.0
    assert sorted(row["members"] for row in output.details["cycles"]) == [
        ["app", "app.core"], ["js:app", "js:app/core.ts"]]
    assert output.details["modules"] == 4
    # The name-based checks read the Python modules only.
    assert measurement(output, "declared_api_share").value is not None


def test_unread_languages_are_named(tmp_path: Path) -> None:
    write_tree(tmp_path, {"src/Main.java": "package app;\nclass Main {}\n"})
    reason = measurement(run(tmp_path), "modules_in_cycles_share").note
    assert "not built for Java (1 Java file not read)" in reason


def test_a_file_that_does_not_parse_is_a_problem_and_the_scan_goes_on(
        git_repo: GitRepo) -> None:
    git_repo.commit({**TS_APP, "src/broken.ts": "@@ ((( }}} ### %%% !!! <<<\n" * 20})
    report = api.scan(git_repo.root, now=NOW, environ={}, flags={"cache": False})
    assert [p.path for p in report.problems if p.analyzer == "parse"] == ["src/broken.ts"]
    result = next(c for pillar in report.pillars for c in pillar.checks
                  if c.id == "simplicity.import-cycles")
    assert result.status is not CheckStatus.NOT_APPLICABLE
    assert result.value == 60.0  # 3 of the 5 modules: the broken file is still a module


def test_a_graph_of_test_modules_only_judges_nothing(git_repo: GitRepo) -> None:
    # A rules repository whose only code is a test helper: no simplicity from its imports.
    git_repo.commit({"test/hack/checkLabels/main.go": "package main\n\nfunc main() {}\n",
                     "test/hack/checkLabels/go.mod": "module example.com/check\n",
                     "rules/a.rules.yml": "groups: []\n"})
    report = api.scan(git_repo.root, now=NOW, environ={}, flags={"cache": False})
    results = {c.id: c for p in report.pillars for c in (*p.checks, *p.skipped)}
    for check in ("simplicity.import-cycles", "simplicity.god-modules"):
        assert results[check].status is CheckStatus.NOT_APPLICABLE, results[check].reason
        assert results[check].reason.startswith("no product modules: the 1 module graphed")


def test_modules_of_interfaces_importing_each_other_are_no_cycle(tmp_path: Path) -> None:
    # node-express-realworld: article.model.ts and comment.model.ts export interfaces and
    # import each other's; tsc erases both imports.
    output = run(write_tree(tmp_path, {
        "src/models/article.model.ts": ("import { Comment } from './comment.model';\n"
                                        "export interface Article {\n  comments: Comment[];\n}\n"),
        "src/models/comment.model.ts": ("import { Article } from './article.model';\n"
                                        "// a comment\nexport type Id = number;\n"
                                        "export interface Comment {\n  article: Article;\n}\n"),
        # A class is a value: its module's imports run, and this cycle is real.
        "src/entities/a.entity.ts": ("import { B } from './b.entity';\n"
                                     "export class A {\n  b?: B;\n}\n"),
        "src/entities/b.entity.ts": ("import { A } from './a.entity';\n"
                                     "export class B {\n  a?: A;\n}\n"),
    }))
    assert findings(output, "modules_in_cycles_share") == [(
        "src/entities/a.entity.ts", 1,
        "2 modules in a cycle: js:src/entities/a.entity.ts -> js:src/entities/b.entity.ts "
        "(src/entities/a.entity.ts:1) -> js:src/entities/a.entity.ts "
        "(src/entities/b.entity.ts:1)")]
    assert output.details["imports"]["type_checking"] == 2


def test_a_go_package_is_as_large_as_its_largest_file_for_god_modules(tmp_path: Path) -> None:
    body = "".join(f"func F{i}() int {{ return {i} }}\n" for i in range(40))
    files = {"go.mod": GO_MOD,
             # Three files of 41 lines: 123 in the package, none over the limit of 50.
             **{f"store/part{i}.go": "package store\n" + body for i in range(3)},
             # One file of 61 lines: over it.
             "blob/blob.go": "package blob\n" + body + body[:len(body) // 2]}
    for index in range(3):
        files[f"svc{index}/main.go"] = ('package main\n\nimport (\n\t"example.com/shop/store"\n'
                                        '\t"example.com/shop/blob"\n)\n')
    output = run(write_tree(tmp_path, files), {"god_lines": 50, "hub_fan_in": 3})
    gods = findings(output, "god_module_share")
    assert [path for path, _, _ in gods] == ["blob/blob.go"], gods
