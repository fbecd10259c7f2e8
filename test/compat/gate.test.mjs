// Fixture tests for the Espruino gate (tools/check-bundle.mjs): each bad fixture must produce its
// rule at the right line, good.js must produce nothing, and the CLI must set its exit code.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { checkSource, checkRegExpPattern, formatFinding } from '../../tools/check-bundle.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, 'fixtures');
const gate = join(here, '..', '..', 'tools', 'check-bundle.mjs');

// fixture file -> [rule that must be reported, line it must be reported on]
const MUST_FAIL = {
  'es6-syntax.js': ['es5-syntax', 3],
  'destructuring.js': ['es5-syntax', 3],
  'label.js': ['label', 3],
  'map.js': ['missing-builtin', 3],
  'set.js': ['missing-builtin', 3],
  'symbol.js': ['missing-builtin', 3],
  'array-from.js': ['missing-builtin', 3],
  'object-freeze.js': ['missing-builtin', 3],
  'promise-finally.js': ['missing-builtin', 3],
  'array-prototype-slice.js': ['builtin-prototype', 3],
  'regexp-question.js': ['regexp-question', 2],
  'regexp-braces.js': ['regexp-braces', 2],
  'regexp-quantified-group.js': ['regexp-quantified-group', 2],
  'regexp-word-boundary.js': ['regexp-word-boundary', 2],
  'regexp-noncapture.js': ['regexp-noncapture', 2],
  'regexp-lookahead.js': ['regexp-lookaround', 2],
  'new-regexp-string.js': ['regexp-braces', 3],
  'regexp-flag-y.js': ['regexp-flags', 2],
  'regexp-group-alternation.js': ['regexp-group-alternation', 2],
  'regexp-backreference.js': ['regexp-backreference', 2],
  'regexp-escape.js': ['regexp-escape', 2],
  'call-before-declaration.js': ['call-before-declaration', 3],
  'call-before-declaration-indirect.js': ['call-before-declaration', 3],
  'var-after-return.js': ['var-before-declaration', 3],
  'var-in-branch.js': ['var-before-declaration', 4],
  'reserved-word.js': ['reserved-word', 3],
  'non-ascii.js': ['non-ascii', 3],
};

// Reads a fixture and runs the gate on its text.
function check(name) {
  return checkSource(readFileSync(join(fixtures, name), 'utf8'), name);
}

for (const [name, [rule, line]] of Object.entries(MUST_FAIL)) {
  test(`${name} fails with ${rule} on line ${line}`, () => {
    const findings = check(name);
    const shown = findings.map(formatFinding).join('\n');
    assert.ok(findings.some((f) => f.rule === rule), `no ${rule} finding in:\n${shown}`);
    assert.ok(findings.some((f) => f.rule === rule && f.line === line), `${rule} not on line ${line}:\n${shown}`);
  });
}

test('good.js passes with zero findings', () => {
  assert.deepEqual(check('good.js').map(formatFinding), []);
});

test('non-ascii reports the column and the code point', () => {
  const [f] = check('non-ascii.js');
  assert.equal(f.col, 14);
  assert.match(f.message, /U\+00FC/);
});

test('regex findings point at the offending character', () => {
  const [f] = checkSource('var re = /^https?:/;', 'x.js');
  assert.equal(f.rule, 'regexp-question');
  assert.equal(f.col, 17);
});

test('the RegExp tokenizer accepts what Espruino supports', () => {
  for (const ok of ['^[0-9]+$', 'a|b', '\\d+\\.\\d+', '[?{}+*()|]', '(ab)c', '^\\s*\\w+=[^;]*$', '\\x41.\\n', '[\\b]']) {
    assert.deepEqual(checkRegExpPattern(ok), [], ok);
  }
});

test('the RegExp tokenizer names each unsupported feature', () => {
  const cases = {
    'a?': 'regexp-question', 'a+?': 'regexp-question', 'a{3}': 'regexp-braces',
    '(ab)*': 'regexp-quantified-group', '\\Bx': 'regexp-word-boundary', '(?:a)': 'regexp-noncapture',
    '(?!a)': 'regexp-lookaround', '(?<=a)b': 'regexp-lookaround', '(?<n>a)': 'regexp-named-group',
    '(a)\\2': 'regexp-backreference', '\\p{L}': 'regexp-escape', '(a|b)': 'regexp-group-alternation',
  };
  for (const [pattern, rule] of Object.entries(cases)) {
    assert.ok(checkRegExpPattern(pattern).some((f) => f.rule === rule), `${pattern} -> ${rule}`);
  }
});

test('locals named like missing built-ins and typeof guards are not flagged', () => {
  const code = 'function f(Map) { return new Map(); }\n' +
    'var s = typeof Symbol === "function" && Symbol.iterator;\n' +
    'var g = Object.freeze ? Object.freeze({}) : {};\n';
  assert.deepEqual(checkSource(code, 'x.js').map(formatFinding), []);
});

test('calls inside nested functions run later and are fine; IIFEs run now', () => {
  assert.deepEqual(checkSource('function a() { b(); }\nfunction b() {}\na();\n', 'x.js'), []);
  const [f] = checkSource('(function () { b(); })();\nfunction b() {}\n', 'x.js');
  assert.equal(f.rule, 'call-before-declaration');
  assert.equal(f.line, 1);
});

// Runs the CLI on some paths and returns {status, stdout}.
function cli(...paths) {
  return spawnSync(process.execPath, [gate, ...paths], { encoding: 'utf8' });
}

test('CLI: ok line and exit 0 for a clean file', () => {
  const r = cli(join(fixtures, 'good.js'));
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^ok .*good\.js \d+ bytes$/m);
  assert.match(r.stdout, /gzip/);
});

test('CLI: findings and exit 1 for a bad file', () => {
  const r = cli(join(fixtures, 'label.js'));
  assert.equal(r.status, 1);
  assert.match(r.stdout, /label\.js:3:1: label: /);
});

test('CLI: a missing bundle fails and says to build', () => {
  const r = cli(join(fixtures, 'does-not-exist.js'));
  assert.equal(r.status, 1);
  assert.match(r.stdout, /run npm run build first/);
});
