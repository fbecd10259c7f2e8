// The import graph of firmware/: the rules of DESIGN.md's folder cut, checked on the source.
// Every .ts file under firmware/ is parsed with TypeScript's parser (imports may span lines);
// relative module paths are resolved to files (x, x.ts, x/index.ts).
//
// What counts:
//   imports   `import ... from`, `import '...'`, `export ... from`, `import x = require()`,
//             `import('...')` calls and `import('...').T` types.
//   type      an import written `import type` / `export type`, or whose every name is marked
//             `type`, and `import('...').T`; everything else is a value import, even when
//             TypeScript would erase it because its names are only used as types.
// Rules:
//   (a) no file imports firmware/main.ts (the composition root): value AND type imports count.
//   (b) no import cycles: only value imports count (a type import is erased, it cannot make a
//       module wait for another at run time); the message shows each cycle as a path.
//   (c) firmware/core/ imports nothing outside firmware/core/: value AND type imports count,
//       and so does a package (bare) import.
//   (d) only firmware/platform/espruino/ calls require(: calls in code, not in comments or
//       strings.
// The rules run on the real tree and, first, on small made-up trees, so each is seen to fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

interface Import { from: string; to: string; line: number; text: string; type: boolean; }
interface Found { file: string; line: number; text: string; }
interface Graph { files: string[]; imports: Import[]; requires: Found[]; unresolved: Import[]; }

/** Parses files (path relative to the repository, e.g. 'firmware/section/engine.ts' -> text). */
function graphOf(sources: Record<string, string>): Graph {
  const files = Object.keys(sources).sort();
  const g: Graph = { files, imports: [], requires: [], unresolved: [] };
  const resolve = (from: string, spec: string): string | null => {
    if (!spec.startsWith('.')) { return spec; }
    const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
    for (const c of [base, base + '.ts', base.replace(/\.js$/, '.ts'), base + '/index.ts']) {
      if (c in sources) { return c; }
    }
    return null;
  };
  for (const file of files) {
    const sf = ts.createSourceFile(file, sources[file], ts.ScriptTarget.Latest, true);
    const where = (n: ts.Node) => {
      const line = sf.getLineAndCharacterOfPosition(n.getStart(sf)).line;
      return { line: line + 1, text: sf.text.split('\n')[line].trim() };
    };
    const add = (n: ts.Node, spec: string, type: boolean) => {
      const to = resolve(file, spec);
      const imp = { from: file, to: to || spec, type, ...where(n) };
      if (to === null) { g.unresolved.push(imp); } else { g.imports.push(imp); }
    };
    const visit = (n: ts.Node) => {
      if (ts.isImportDeclaration(n) && ts.isStringLiteral(n.moduleSpecifier)) {
        const c = n.importClause;
        const named = c && c.namedBindings && ts.isNamedImports(c.namedBindings) ? c.namedBindings.elements : null;
        const allTyped = !!c && !c.name && !!named && named.length > 0 && named.every((e) => e.isTypeOnly);
        add(n, n.moduleSpecifier.text, !!c && (c.isTypeOnly || allTyped));
      } else if (ts.isExportDeclaration(n) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
        const named = n.exportClause && ts.isNamedExports(n.exportClause) ? n.exportClause.elements : null;
        add(n, n.moduleSpecifier.text, n.isTypeOnly || (!!named && named.length > 0 && named.every((e) => e.isTypeOnly)));
      } else if (ts.isImportEqualsDeclaration(n) && ts.isExternalModuleReference(n.moduleReference) &&
        ts.isStringLiteral(n.moduleReference.expression)) {
        add(n, n.moduleReference.expression.text, n.isTypeOnly);
        g.requires.push({ file, ...where(n) });
      } else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument) && ts.isStringLiteral(n.argument.literal)) {
        add(n, n.argument.literal.text, true);
      } else if (ts.isCallExpression(n) && n.arguments.length > 0 && ts.isStringLiteral(n.arguments[0]) &&
        n.expression.kind === ts.SyntaxKind.ImportKeyword) {
        add(n, n.arguments[0].text, false);
      }
      if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'require') {
        g.requires.push({ file, ...where(n) });
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return g;
}

const show = (i: Import | Found) => `${'from' in i ? i.from : i.file}:${i.line}: ${i.text}`;

/** (a) imports of the composition root. */
function importsOfMain(g: Graph): string[] {
  return g.imports.filter((i) => i.to === 'firmware/main.ts').map(show);
}

/** (b) cycles among value imports, each as 'a.ts -> b.ts -> a.ts' followed by its import lines. */
function valueCycles(g: Graph): string[] {
  const next: Record<string, Import[]> = {};
  for (const f of g.files) { next[f] = []; }
  for (const i of g.imports) { if (!i.type && i.to in next) { next[i.from].push(i); } }
  const out: string[] = [];
  const state: Record<string, 'open' | 'done'> = {};
  const stack: Import[] = [];
  const dfs = (f: string) => {
    state[f] = 'open';
    for (const i of next[f]) {
      if (state[i.to] === 'open') {
        const at = stack.findIndex((s) => s.from === i.to);
        const loop = [...stack.slice(at < 0 ? stack.length : at), i];
        out.push(loop.map((s) => s.from).concat(i.to).join(' -> ') + '\n' + loop.map((s) => '    ' + show(s)).join('\n'));
      } else if (!state[i.to]) {
        stack.push(i);
        dfs(i.to);
        stack.pop();
      }
    }
    state[f] = 'done';
  };
  for (const f of g.files) { if (!state[f]) { dfs(f); } }
  return out;
}

/** (c) imports from firmware/core/ that leave it. */
function coreLeaks(g: Graph): string[] {
  return g.imports.filter((i) => i.from.startsWith('firmware/core/') && !i.to.startsWith('firmware/core/')).map(show);
}

/** (d) require( calls outside firmware/platform/espruino/. */
function strayRequires(g: Graph): string[] {
  return g.requires.filter((r) => !r.file.startsWith('firmware/platform/espruino/')).map(show);
}

function firmwareSources(): Record<string, string> {
  const root = path.resolve(import.meta.dirname, '../..');
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = dir + '/' + e.name;
      if (e.isDirectory()) { walk(rel); } else if (e.name.endsWith('.ts')) { out[rel] = fs.readFileSync(path.join(root, rel), 'utf8'); }
    }
  };
  walk('firmware');
  return out;
}

// ------------------------------------------------------------------ the rules on made-up trees

test('the rules fail on trees that break them', () => {
  const g = graphOf({
    'firmware/main.ts': "import { a } from './a';",
    'firmware/a.ts': "import type { Host } from './main';\nimport {\n  b\n} from './b';\nexport var a = 1;",
    'firmware/b.ts': "import { c } from './c/index';\nexport var b = 1;",
    'firmware/c/index.ts': "import { a } from '../a';\nexport * from '../d';",
    'firmware/d.ts': "import type { b } from './b';\nexport { type c } from './c';",
    'firmware/core/x.ts': "import type { T } from '../section/t';\nimport tslib from 'tslib';\nimport { y } from './y';",
    'firmware/core/y.ts': "// require('fs') in a comment\nvar s = \"require('x')\";\nvar m = require('Storage');",
    'firmware/platform/espruino/z.ts': "var w = require('Wifi');",
    'firmware/section/t.ts': "export type T = typeof import('../main');\nvar q = import('./u');",
  });
  assert.deepEqual(g.unresolved.map(show), ["firmware/section/t.ts:2: var q = import('./u');"]);
  assert.deepEqual(importsOfMain(g), [
    "firmware/a.ts:1: import type { Host } from './main';",
    "firmware/section/t.ts:1: export type T = typeof import('../main');",
  ]);
  assert.deepEqual(valueCycles(g), [
    'firmware/a.ts -> firmware/b.ts -> firmware/c/index.ts -> firmware/a.ts\n' +
    "    firmware/a.ts:2: import {\n    firmware/b.ts:1: import { c } from './c/index';\n    firmware/c/index.ts:1: import { a } from '../a';",
  ], 'type imports (d.ts -> b.ts, d.ts -> c) close no cycle');
  assert.deepEqual(coreLeaks(g), [
    "firmware/core/x.ts:1: import type { T } from '../section/t';",
    "firmware/core/x.ts:2: import tslib from 'tslib';",
  ]);
  assert.deepEqual(strayRequires(g), ["firmware/core/y.ts:3: var m = require('Storage');"]);
});

// ------------------------------------------------------------------ the rules on firmware/

const tree = graphOf(firmwareSources());

test('the scan sees the tree: files, imports, resolved paths', () => {
  assert.ok(tree.files.length > 50, 'files under firmware/: ' + tree.files.length);
  assert.ok(tree.files.includes('firmware/main.ts') && tree.files.includes('firmware/section/engine.ts'));
  assert.ok(tree.imports.some((i) => i.from === 'firmware/main.ts' && i.to === 'firmware/section/engine.ts' && !i.type));
  assert.ok(tree.requires.some((r) => r.file.startsWith('firmware/platform/espruino/')), 'the platform calls require(');
  assert.deepEqual(tree.unresolved.map(show), [], 'every relative import names a file');
});

const RULES: Array<[string, (g: Graph) => string[], string]> = [
  ['(a) nothing imports firmware/main.ts', importsOfMain, 'main.ts is the composition root; imported by:'],
  ['(b) no cycles among value imports', valueCycles, 'import cycles:'],
  ['(c) firmware/core/ imports nothing outside firmware/core/', coreLeaks, 'core imports from outside core:'],
  ['(d) only firmware/platform/espruino/ calls require(', strayRequires, 'require( outside platform/espruino:'],
];
for (const [title, rule, what] of RULES) {
  test(title, () => {
    const found = rule(tree);
    assert.deepEqual(found, [], what + '\n' + found.join('\n'));
  });
}
