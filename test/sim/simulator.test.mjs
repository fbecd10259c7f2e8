// The host simulator itself, driven by tiny hand-written ES5 scripts (not the firmware):
// does the simulated board have exactly Espruino's globals and quirks, and do its network,
// Storage, power and time behave as documented in host-sim/README.md?
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import dgram from 'node:dgram';
import { SimBoard } from '../../host-sim/board.mjs';

function tmpDir(t) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simtest-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// Flashes `code`, boots, and stops the board when the test ends.
async function boardWith(t, code, opts = {}) {
  const board = new SimBoard({ flashDir: path.join(tmpDir(t), 'flash'), ...opts });
  t.after(() => board.stop());
  board.flash(code);
  await board.boot();
  return board;
}

async function httpServer(t, handler) {
  const srv = http.createServer(handler);
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  t.after(() => new Promise((r) => srv.close(r)));
  return srv.address().port;
}

async function udpEcho(t) {
  const sock = dgram.createSocket('udp4');
  sock.on('message', (msg, rinfo) => sock.send(msg, rinfo.port, rinfo.address));
  await new Promise((r) => sock.bind(0, '127.0.0.1', r));
  t.after(() => sock.close());
  return sock.address().port;
}

// Runs `body` once Wifi has an address (names only resolve with a network).
function onConnected(body) {
  return `require('Wifi').on('connected', function () {\n${body}\n});`;
}

test('built-ins Espruino lacks are missing, its own are present', async (t) => {
  const board = await boardWith(t, 'var ok = 1;');
  const missing = ['Map', 'Set', 'WeakMap', 'WeakSet', 'Symbol', 'Proxy', 'Reflect', 'Array.from',
    'Object.freeze', 'Object.seal', 'Object.is', 'Number.isInteger', 'Number.isNaN', 'Math.trunc',
    'Promise.prototype.finally', 'Promise.race', 'Promise.allSettled', 'Date.UTC', 'TextEncoder',
    'TextDecoder', 'queueMicrotask', 'structuredClone', 'fetch', 'Buffer', 'setImmediate', 'module'];
  for (const name of missing) assert.equal(board.eval(`typeof ${name}`), 'undefined', name);
  for (const name of ['require', 'print', 'setTimeout', 'changeInterval', 'getTime', 'setTime', 'btoa',
    'atob', 'E.toString', 'E.toUint8Array', 'E.hwRand', 'url.parse', 'process.memory', 'Promise.all',
    'encodeURIComponent', 'Date.parse', 'E.on']) {
    assert.equal(board.eval(`typeof ${name}`), 'function', name);
  }
  assert.equal(board.eval('process.env.BOARD'), 'ESP32');
  assert.equal(board.eval('process.memory().blocksize'), 14);
  assert.equal(board.eval('new Error("x").name'), undefined);
  assert.equal(board.eval('String(new TypeError("x"))'), 'TypeError: x');
  assert.equal(board.eval("E.toString([65, 0, 255])"), 'A\u0000\u00ff');
  assert.equal(board.eval("'1.2.3.4'.match(/\\d{1,3}/)"), null);
  assert.equal(board.eval("'1.2.3.4'.match(/\\d+/)[0]"), '1');
  assert.equal(board.eval("encodeURIComponent('\\xfc a')"), '%FC%20a');
  assert.throws(() => board.eval("require('nosuch')"), /Module "nosuch" not found/);
});

test('clearTimeout(undefined) throws; clearTimeout() clears every timer', async (t) => {
  const board = await boardWith(t, 'var fired = 0; setTimeout(function () { fired++; }, 5);');
  assert.throws(() => board.eval('clearTimeout(undefined)'), /clearTimeout\(undefined\) not allowed/);
  assert.throws(() => board.eval('clearInterval(undefined)'), /clearInterval\(undefined\) not allowed/);
  board.eval('clearTimeout()');
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(board.eval('fired'), 0);
  assert.equal(board.eval('setTimeout(function(){}, 1000)'), 1, 'timer ids restart at 1');
});

test('http GET to a loopback server: string statusCode, data, end, close', async (t) => {
  let seen;
  const port = await httpServer(t, (req, res) => {
    seen = req.headers;
    res.end('good 127.0.0.10');
  });
  const board = await boardWith(t, onConnected(`
    require('http').get('http://provider.test:${port}/nic/update?hostname=x', function (res) {
      var body = '';
      print('status', typeof res.statusCode, res.statusCode);
      res.on('data', function (d) { body += d; });
      res.on('end', function () { print('end'); });
      res.on('close', function (hadError) { print('close', hadError, body); });
    });`), { hosts: { 'provider.test': '127.0.0.1' } });
  await board.waitFor('close false good 127.0.0.10');
  assert.match(board.output, /status string 200/);
  assert.ok(board.output.indexOf('end') < board.output.indexOf('close'));
  assert.equal(seen.connection, 'close');
  assert.equal(seen['user-agent'], 'Espruino 2v29');
  assert.equal(seen.host, `provider.test:${port}`);
  assert.equal(board.stats.httpRequests, 1);
});

test('a user:pass@ URL cannot be located; an unknown host throws from end()', async (t) => {
  const board = await boardWith(t, onConnected(`
    try { require('http').get('http://user:pass@provider.test/', function () {}); }
    catch (e) { print('A', e.toString()); }
    var req = require('http').request({ host: 'nosuch.test', path: '/', method: 'GET' }, function () {});
    try { req.end(); print('no throw'); } catch (e) { print('B', e.toString()); }`),
  { hosts: { 'provider.test': '127.0.0.1' } });
  await board.waitFor('B InternalError: Unable to locate host');
  assert.match(board.output, /A InternalError: Unable to locate host/);
  assert.doesNotMatch(board.output, /no throw/);
});

test('a refused connection throws "Unable to create socket" from end()', async (t) => {
  const board = await boardWith(t, onConnected(`
    try { require('http').get({ host: '127.0.0.1', port: 1, path: '/' }, function () {}); }
    catch (e) { print('C', e.toString()); }`));
  await board.waitFor('C InternalError: Unable to create socket');
  assert.match(board.output, /ERROR: Connect failed \(err \d+\)/);
});

test('dgram round trip to a loopback echo, binary-safe strings', async (t) => {
  const port = await udpEcho(t);
  const board = await boardWith(t, onConnected(`
    var s = require('dgram').createSocket('udp4');
    s.on('message', function (msg, rinfo) {
      print('reply', JSON.stringify(msg), rinfo.address, rinfo.size);
      s.close();
    });
    s.on('close', function () { print('closed'); });
    s.send('\\x00\\xffhi', ${port}, '127.0.0.1');`));
  await board.waitFor('closed');
  assert.match(board.output, /reply "\\u0000\u00ffhi" 127\.0\.0\.1 4/);
  assert.equal(board.stats.udpSent, 1);
});

test('Storage survives reboot and a new SimBoard; names are cut to 28 chars', async (t) => {
  const dir = tmpDir(t);
  const flashDir = path.join(dir, 'flash');
  const long = 'a-very-long-storage-name-that-goes-on.json';
  const board = new SimBoard({ flashDir });
  t.after(() => board.stop());
  board.flash(`var S = require('Storage');
    if (S.read('count') === undefined) S.write('count', '0');
    S.write('count', String(Number(S.read('count')) + 1));
    S.writeJSON('${long}', { n: 1, 'a-b': 'x' });`);
  await board.boot();
  assert.equal(board.storage.read('count'), '1');
  await board.reboot();
  assert.equal(board.storage.read('count'), '2');
  assert.ok(board.storage.list().includes(long.slice(0, 28)));
  assert.equal(board.storage.read(long.slice(0, 28)), '{n:1,"a-b":"x"}');
  assert.equal(board.eval(`require('Storage').readJSON('${long}').n`), 1);
  assert.throws(() => board.eval(`JSON.parse(require('Storage').read('${long}'))`));
  await board.stop();
  const again = new SimBoard({ flashDir });
  t.after(() => again.stop());
  await again.boot();
  assert.equal(again.storage.read('count'), '3');
});

test('powerCutAfterWrites: the Nth write does not happen and the board dies', async (t) => {
  const board = new SimBoard({ flashDir: path.join(tmpDir(t), 'flash'), powerCutAfterWrites: 3 });
  t.after(() => board.stop());
  board.flash(`var S = require('Storage');
    S.write('cfg', 'v1');
    S.write('cfg', 'v2');
    print('before third');
    try { S.write('cfg', 'v3'); } catch (e) { print('caught', e); }
    print('after third');
    setTimeout(function () { print('timer ran'); }, 1);`);
  let poweroff = 0;
  board.on('poweroff', () => poweroff++);
  await board.boot();
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(poweroff, 1);
  assert.equal(board.storage.read('cfg'), 'v2');
  assert.match(board.output, /before third/);
  assert.doesNotMatch(board.output, /after third|timer ran|caught/);
  assert.equal(board.stats.storageWrites, 2);
});

test('setAddress fires Wifi "connected" with the new ip; getIP follows', async (t) => {
  const board = await boardWith(t, `var W = require('Wifi');
    W.on('connected', function (d) { print('connected', d.ip, d.gw); });`);
  await board.waitFor('connected 127.0.0.10', { since: 0 });
  board.setAddress('127.0.0.20', '127.0.0.1');
  await board.waitFor('connected 127.0.0.20 127.0.0.1');
  assert.equal(board.eval("require('Wifi').getIP().ip"), '127.0.0.20');
  board.disconnect();
  assert.equal(board.eval("require('Wifi').getIP().ip"), '0.0.0.0');
});

test('virtual time: two hours of a 1-minute interval in well under a second', async (t) => {
  const board = await boardWith(t, 'var n = 0; setInterval(function () { n++; }, 60000);', { time: 'virtual' });
  const start = performance.now();
  await board.advance(2 * 3600 * 1000);
  assert.equal(board.eval('n'), 120);
  assert.ok(performance.now() - start < 1000, 'took too long');
  assert.ok(Math.abs(board.now() - (2 * 3600 * 1000 + 5)) < 1);
});

test('virtual time waits for loopback HTTP before jumping further', async (t) => {
  let hits = 0;
  const port = await httpServer(t, (req, res) => {
    hits++;
    setTimeout(() => res.end('ok'), 30);
  });
  const board = await boardWith(t, onConnected(`
    setInterval(function () {
      require('http').get('http://127.0.0.1:${port}/', function (res) {
        res.on('close', function () { print('done at ' + Math.round(getTime())); });
      });
    }, 600000);`), { time: 'virtual' });
  await board.advance(3600 * 1000);
  assert.equal(hits, 6);
  assert.equal((board.output.match(/done at/g) || []).length, 6);
  assert.match(board.output, /done at 600\b/);
});

test('getTime and Date follow setTime; the clock starts at 1970', async (t) => {
  const board = await boardWith(t, 'var t0 = getTime();', { time: 'virtual' });
  assert.ok(board.eval('t0') < 1);
  assert.equal(board.eval('new Date().getFullYear()'), 1970);
  board.eval('setTime(1700000000)');
  assert.equal(board.eval('Math.floor(getTime())'), 1700000000);
  await board.advance(5000);
  assert.equal(board.eval('Math.floor(Date.now() / 1000)'), 1700000005);
  assert.equal(board.eval('new Date().toISOString()'), '2023-11-14T22:13:25.000Z');
  assert.equal(board.eval("Date.parse('Tue, 14 Nov 2023 22:13:20 GMT')"), 1700000000000);
  assert.equal(board.eval("Date.parse('garbage')"), 0);
});

test("E.on('init') handlers run right after the boot code", async (t) => {
  const board = await boardWith(t, `print('boot code');
    E.on('init', function () { print('init handler'); });`);
  assert.match(board.output, /boot code\ninit handler\n/);
});

test('errors in callbacks print "Uncaught" and the board keeps running', async (t) => {
  const board = new SimBoard({ flashDir: path.join(tmpDir(t), 'flash') });
  t.after(() => board.stop());
  const seen = [];
  board.on('uncaught', (e) => seen.push(String(e)));
  board.flash(`setTimeout(function () { throw new Error('boom'); }, 1);
    setTimeout(function () { print('still alive'); }, 10);
    Promise.reject('nobody cares');`);
  await board.boot();
  await board.waitFor('still alive', { since: 0 });
  assert.match(board.output, /Uncaught Error: boom/);
  assert.match(board.output, /Uncaught Error: Unhandled promise rejection: nobody cares/);
  assert.equal(seen.length, 2);
});

test('the console evaluates lines like the REPL', async (t) => {
  const board = await boardWith(t, 'function status() { return { up: true }; }');
  await board.type('1+2');
  await board.type('status()');
  await board.type('nosuch()');
  assert.match(board.output, /=3\n={ up: true }\nUncaught ReferenceError: nosuch is not defined\n/);
});

test("the linux board has no Wifi module", async (t) => {
  const board = await boardWith(t, 'var x = 1;', { board: 'linux' });
  assert.throws(() => board.eval("require('Wifi')"), /Module "Wifi" not found/);
  assert.equal(board.eval('process.env.BOARD'), 'LINUX');
});

test('the board serves HTTP like Espruino: "<code> OK", Connection: close', async (t) => {
  const board = await boardWith(t, onConnected(`
    require('http').createServer(function (req, res) {
      var body = '';
      req.on('data', function (d) { body += d; });
      req.on('end', function () {
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        res.end(req.method + ' ' + req.url + ' ' + body);
      });
    }).listen(80);`));
  await board.idle();
  while (!board.ports.has(80)) await new Promise((r) => setTimeout(r, 5));
  const res = await fetch(`http://127.0.0.1:${board.ports.get(80)}/x?y=1`, { method: 'POST', body: 'abc' });
  assert.equal(res.status, 404);
  assert.equal(res.statusText, 'OK');
  assert.equal(res.headers.get('server'), 'Espruino 2v29');
  assert.equal(res.headers.get('connection'), 'close');
  assert.equal(await res.text(), 'POST /x?y=1 abc');
});

test('StorageFile appends in chunks and reads back line by line', async (t) => {
  const board = await boardWith(t, `var S = require('Storage');
    var f = S.open('log', 'a');
    for (var i = 0; i < 300; i++) f.write('line ' + i + ' of the log file\\n');
    var r = S.open('log', 'r');
    print(JSON.stringify(r.readLine()), S.open('log', 'r').getLength());
    print(JSON.stringify(S.list(/log/)), JSON.stringify(S.list(undefined, { sf: true })));`);
  assert.match(board.output, /"line 0 of the log file\\n" 7390/);
  assert.match(board.output, /\["log\\u0001"\] \["log"\]/);
  assert.equal(board.storage.read('log\u0002').length, 4064);
});

test('a request in flight when the network goes away just hangs (no event)', async (t) => {
  const board = new SimBoard({ flashDir: path.join(tmpDir(t), 'flash'), time: 'virtual' });
  t.after(() => board.stop());
  const port = await httpServer(t, (req, res) => {
    board.disconnect();
    setTimeout(() => res.end('too late'), 20);
  });
  board.flash(onConnected(`
    require('http').get('http://127.0.0.1:${port}/', function (res) {
      res.on('close', function () { print('response'); });
    }).on('error', function () { print('error'); });
    setTimeout(function () { print('watchdog'); }, 30000);`));
  await board.boot();
  await board.advance(60000);
  await new Promise((r) => setTimeout(r, 50));
  assert.match(board.output, /watchdog/);
  assert.doesNotMatch(board.output, /response|error/);
});

test('net sockets: connect callback, string data, end then close', async (t) => {
  const net = await import('node:net');
  const srv = net.createServer((s) => s.on('data', (d) => s.write('echo:' + d)));
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  t.after(() => new Promise((r) => srv.close(r)));
  const board = await boardWith(t, onConnected(`
    var s = require('net').connect({ host: '127.0.0.1', port: ${srv.address().port} }, function () {
      s.write('hi');
    });
    s.on('data', function (d) { print('data', d); s.end(); });
    s.on('end', function () { print('end'); });
    s.on('close', function (e) { print('close', e); });`));
  await board.waitFor('close false', { since: 0 });
  assert.match(board.output, /data echo:hi\nend\nclose false/);
});

// Measured on Espruino 2v29 (Linux build): the same script printed exactly this list.
test('String quirks of Espruino 2v29: indexOf matches at the end, split with a long separator', async () => {
  const b = new SimBoard({ board: 'linux', net: null });
  b.flash("print(JSON.stringify(['abc'.indexOf('cd'), 'ko'.indexOf('ok'), 'abc'.indexOf('bcd'), 'abc'.indexOf('cde'), 'abc'.indexOf('xcd'), 'abcab'.indexOf('abx'), 'abc'.indexOf('cd',1), 'a'.indexOf('ab'), 'abc'.includes('cd'), 'abc'.replace('cd','Z'), 'ab'.split('abc'), 'ab'.split('abcd'), 'a'.split('ab'), 'abc'.split('abcd'), ''.split('ab'), 'abc'.lastIndexOf('cd'), 'abc'.indexOf('c'), 'abcabc'.indexOf('ca')]));");
  await b.boot();
  await b.waitFor(']', { timeoutMs: 2000, since: 0 });
  await b.stop();
  assert.equal(b.output.trim(), '[2,1,1,2,-1,3,2,-1,true,"abZ",["ab"],[],["a"],["abc"],[],-1,2,2]');
});
