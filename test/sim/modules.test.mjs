// Espruino's module semantics in the simulator (src/jswrap_modules.c, jspEvaluateModule in
// src/jsparse.c; the quirks measured on the 2v29 Linux build): require() of a Storage file,
// the Modules cache, errors while a module evaluates, and flashBuild() of a build directory.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SimBoard } from '../../host-sim/board.mjs';
import { writeBuild, fixtureFiles, fixtureModule } from './fixture-build.mjs';

function tmpDir(t) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simmod-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// A board with `files` in Storage and `core` as .bootcde, booted; 'uncaught' events collected.
async function boardWith(t, files, core = '') {
  const board = new SimBoard({ flashDir: path.join(tmpDir(t), 'flash'), time: 'virtual', net: null });
  for (const [name, text] of Object.entries(files)) board.storage.write(name, text);
  board.flash(core || '// no core');
  board.uncaughts = [];
  board.on('uncaught', (e) => board.uncaughts.push(e));
  t.after(() => board.stop());
  await board.boot();
  return board;
}

const js = (board, code) => board.eval(code);

test('require() evaluates a Storage file as a module: exports, module, this', async (t) => {
  const board = await boardWith(t, {
    'ddns.a': 'exports.x = 1; this.y = 2; exports.sameThis = this === exports; exports.self = module.module === module;' +
      'var hidden = 3; function helper() { return hidden; } exports.h = helper;',
    'ddns.b': 'module.exports = { replaced: true }; exports.after = 1;',
    'ddns.c': 'exports = { viaAssign: true };',
  });
  const a = js(board, "require('ddns.a')");
  assert.equal(a.x, 1);
  assert.equal(a.y, 2, 'this is exports');
  assert.equal(a.sameThis, true);
  assert.equal(a.self, true, 'module is the scope object: module.module === module');
  assert.equal(a.h(), 3, 'module functions see module variables');
  assert.equal(js(board, 'typeof hidden + typeof helper'), 'undefinedundefined', 'nothing leaks to the global scope');
  // In Espruino `exports` names module.exports, so after replacing it `exports.after` lands on
  // the new object (Node would drop it); and assigning `exports` replaces the exports.
  assert.equal(js(board, "JSON.stringify(require('ddns.b'))"), '{"replaced":true,"after":1}');
  assert.equal(js(board, "JSON.stringify(require('ddns.c'))"), '{"viaAssign":true}');
});

test('the Modules cache: identity, getCached, removeCached re-evaluates, removeAllCached, addCached', async (t) => {
  const board = await boardWith(t, { 'ddns.count': 'evaluations = (typeof evaluations === "number" ? evaluations : 0) + 1; exports.n = evaluations;' });
  assert.equal(js(board, 'typeof Modules'), 'function');
  assert.deepEqual([...js(board, 'Modules.getCached()')], []);
  assert.equal(js(board, "require('ddns.count') === require('ddns.count')"), true, 'cached: same object');
  assert.equal(js(board, 'evaluations'), 1);
  js(board, "require('Storage')");
  assert.deepEqual([...js(board, 'Modules.getCached()')], ['ddns.count', 'Storage'], 'built-ins are cached too, in load order');
  assert.equal(js(board, "var first = require('ddns.count'); Modules.removeCached('ddns.count'); var second = require('ddns.count'); first === second"), false);
  assert.equal(js(board, 'second.n'), 2, 'evaluated again');
  assert.deepEqual([...js(board, 'Modules.getCached()')], ['Storage', 'ddns.count']);
  assert.throws(() => js(board, "Modules.removeCached('ddns.count'); Modules.removeCached('ddns.count')"), /^Error: Module "ddns.count" not found$/);
  assert.throws(() => js(board, 'Modules.removeCached(5)'), /First argument must be String/);
  js(board, 'Modules.removeAllCached()');
  assert.deepEqual([...js(board, 'Modules.getCached()')], []);
  js(board, "Modules.addCached('inline', 'exports.k = 7;'); Modules.addCached('fromFn', function () { exports.f = 8; })");
  assert.equal(js(board, "require('inline').k + require('fromFn').f"), 15);
  assert.throws(() => js(board, "Modules.addCached('x', 5)"), /args must be addCached\(string, string\|function\)/);
});

test('the cache lives in RAM: load() starts with an empty one', async (t) => {
  const board = await boardWith(t, { 'ddns.a': 'exports.a = 1;' }, "require('ddns.a'); print('cached: ' + Modules.getCached().join());");
  await board.waitFor('cached: ddns.a', { since: 0 });
  await board.type('load()');
  await board.idle();
  assert.equal(board.output.match(/cached: ddns\.a/g).length, 2, 'the second boot evaluated it again');
});

test('a module that throws: the error comes out of require(), the partial exports stay cached', async (t) => {
  const board = await boardWith(t, { 'ddns.bad': 'exports.a = 1; throw new Error("boom"); exports.b = 2;' });
  assert.equal(js(board, "var err; try { require('ddns.bad'); } catch (e) { err = e; } err.message + '/' + (err instanceof Error)"), 'boom/true');
  assert.deepEqual([...js(board, 'Modules.getCached()')], ['ddns.bad'], 'cached although it threw (jswrap_require)');
  assert.equal(js(board, "JSON.stringify(require('ddns.bad'))"), '{"a":1}', 'the next require() returns what it had exported, without an error');
  js(board, "Modules.removeCached('ddns.bad')");
  assert.throws(() => js(board, "require('ddns.bad')"), /boom/, 'after removeCached it is evaluated (and throws) again');
});

test('a corrupt module (syntax error, binary, top-level return) throws a SyntaxError at require() and the board runs on', async (t) => {
  const gz = '\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xcb\x48\xcd\xc9\xc9\x57';
  const core = `var results = [];
['ddns.syntax', 'ddns.gz', 'ddns.ret'].forEach(function (n) {
  try { require(n); results.push(n + ': loaded'); } catch (e) { results.push(n + ': ' + (e instanceof SyntaxError) + ' ' + e.message); }
});
print(results.join('\\n'));
setTimeout(function () { require('ddns.syntax2'); }, 10);
setTimeout(function () { print('still running'); }, 20);`;
  const board = await boardWith(t, {
    'ddns.syntax': 'exports.a = 1;\nexports.b = ;',
    'ddns.syntax2': 'exports.a = );',
    'ddns.gz': gz,
    'ddns.ret': 'exports.a = 1; return; exports.b = 2;',
  }, core);
  await board.advance(30);
  assert.match(board.output, /ddns\.syntax: true Unexpected token ';'/);
  assert.match(board.output, /ddns\.gz: true Invalid or unexpected token/);
  assert.match(board.output, /ddns\.ret: true Illegal return statement/, 'a module is a program, not a function body');
  assert.deepEqual(board.uncaughts.length, 1, 'only the require() nobody caught');
  assert.match(board.output, /Uncaught SyntaxError: Unexpected token '\)'\n/);
  assert.match(board.output, /still running/);
  // Cached like a module that threw; here with nothing exported, since V8 parses before it runs.
  assert.equal(js(board, "JSON.stringify(require('ddns.syntax'))"), '{}');
});

test('a missing module: Module "X" not found; built-ins win over Storage files of the same name', async (t) => {
  const board = await boardWith(t, {
    Storage: 'exports.fake = true;',
    http: 'exports.fake = true;',
    heatshrink: 'exports.fake = true;',
    'ddns.comment': '// nothing but a comment\n',
  });
  assert.throws(() => js(board, "require('ddns.nope')"), (e) => e.message === 'Module "ddns.nope" not found' && String(e) === 'Error: Module "ddns.nope" not found');
  assert.equal(js(board, "typeof require('Storage').write + typeof require('Storage').fake"), 'functionundefined');
  assert.equal(js(board, "typeof require('http').request"), 'function');
  assert.throws(() => js(board, "require('heatshrink')"), /built into the board but not simulated/, 'a built-in the simulator lacks is not replaced by the file');
  assert.equal(js(board, "JSON.stringify(require('ddns.comment'))"), '{}', 'a text with no code is an empty module');
  assert.throws(() => js(board, "require('Storage').write('ddns.empty', '')"), /Can't create zero length file/, 'an empty file cannot exist on the board');
  assert.throws(() => js(board, 'require(5)'), /^TypeError: Expecting module name as a string, got Number$/);
});

test('flashBuild writes a build directory byte for byte, and only what changed', async (t) => {
  const dir = tmpDir(t);
  const build = writeBuild(path.join(dir, 'esp32'), fixtureFiles());
  const board = new SimBoard({ flashDir: path.join(dir, 'flash'), time: 'virtual', net: null });
  t.after(() => board.stop());
  assert.deepEqual(board.flashBuild(build), { written: ['ddns.config', 'ddns.mqtt', 'www.gz', '.bootcde'], skipped: [] });
  assert.deepEqual(board.storage.list(), ['ddns.config', 'ddns.mqtt', 'www.gz', '.bootcde'], '.bootcde last in flash');
  assert.ok(Buffer.from(board.storage.read('www.gz'), 'latin1').equals(fs.readFileSync(path.join(build, 'www.gz'))), 'binary file intact');
  await board.boot();
  await board.waitFor('fixture core v1 up', { since: 0 });
  assert.match(board.output, /module ddns\.config v1\nmodule ddns\.mqtt v1\n/);

  writeBuild(build, { 'ddns.mqtt': fixtureModule('mqtt', 'v2') });
  assert.deepEqual(board.flashBuild(build), { written: ['ddns.mqtt'], skipped: ['ddns.config', 'www.gz', '.bootcde'] });
  const since = board.output.length;
  await board.reboot();
  await board.waitFor('fixture core v1 up', { since });
  assert.match(board.output.slice(since), /module ddns\.mqtt v2/);

  fs.writeFileSync(path.join(build, 'ddns.config'), 'tampered');
  assert.throws(() => board.flashBuild(build), /does not match manifest\.json/);
  assert.throws(() => board.flashBuild(dir), /no manifest\.json/);
});
