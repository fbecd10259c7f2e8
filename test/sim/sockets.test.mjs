// The simulator's TCP sockets as the ESP32 has them, driven by tiny hand-written ES5 scripts:
// ten sockets in all (the eleventh connect throws as Espruino does), clsNow closing a socket at
// once, a TLS peer's close reported as an error, and a socket stalled by a network change
// keeping its slot until the firmware closes it.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import tls from 'node:tls';
import { SimBoard } from '../../host-sim/board.mjs';

const TLS = { key: fs.readFileSync('test/fixtures/tls/key.pem'), cert: fs.readFileSync('test/fixtures/tls/cert.pem') };

async function boardWith(t, code, opts = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simsock-'));
  // no connect probe: the servers here see only the board's own connections
  const board = new SimBoard({ flashDir: dir, connectProbe: false, ...opts });
  t.after(async () => { await board.stop(); fs.rmSync(dir, { recursive: true, force: true }); });
  // once: the handler runs again at every new lease
  board.flash(`require('Wifi').on('connected', function () {\nif (global.ran) return; global.ran = 1;\n${code}\n});`);
  await board.boot();
  return board;
}

/** A server that keeps every connection open and silent. */
async function silentServer(t, make = net.createServer) {
  const socks = [];
  const srv = make((s) => { socks.push(s); s.on('error', () => {}); });
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  t.after(() => new Promise((r) => { for (const s of socks) s.destroy(); srv.close(() => r()); }));
  return { port: srv.address().port, socks };
}

test('ten sockets: the eleventh connect prints "Socket creation failed" and throws; closing one frees it', { timeout: 20000 }, async (t) => {
  const srv = await silentServer(t);
  const board = await boardWith(t, `
    var socks = [];
    for (var i = 0; i < 11; i++) {
      try { socks.push(require('net').connect({ host: '127.0.0.1', port: ${srv.port} })); print('open ' + i); }
      catch (e) { print('throw ' + i + ' ' + e.message); }
    }
    global.socks = socks;`);
  await board.waitFor('throw 10', { since: 0 });
  assert.match(board.output, /open 9\n/);
  assert.match(board.output, /ERROR: Socket creation failed/);
  assert.match(board.output, /throw 10 Unable to create socket/);
  assert.equal(board.openSockets, 10);
  assert.equal(board.stats.peakSockets, 10);
  const since = board.output.length;
  await board.type(`socks[0].on('close', function () {
    try { require('net').connect({ host: '127.0.0.1', port: ${srv.port} }); print('again'); } catch (e) { print('still ' + e.message); }
  }); socks[0].end();`);
  await board.waitFor(/again|still/, { since });
  assert.match(board.output, /again/);
  assert.equal(board.openSockets, 10);
});

test('the linux board has no socket limit; maxSockets sets one', { timeout: 20000 }, async (t) => {
  const srv = await silentServer(t);
  const code = `for (var i = 0; i < 12; i++) { try { require('net').connect({ host: '127.0.0.1', port: ${srv.port} }); } catch (e) { print('throw ' + i); } } print('done');`;
  const linux = new SimBoard({ board: 'linux', net: null, connectProbe: false });
  t.after(() => linux.stop());
  linux.flash(code);
  await linux.boot();
  await linux.waitFor('done', { since: 0 });
  assert.doesNotMatch(linux.output, /throw/);
  assert.equal(linux.openSockets, 12);
  const small = await boardWith(t, code, { maxSockets: 3 });
  await small.waitFor('done', { since: 0 });
  assert.match(small.output, /throw 3\n/);
});

test('clsNow closes a socket at once, unsent data dropped: end then close(false), the peer sees it go', { timeout: 20000 }, async (t) => {
  const srv = await silentServer(t);
  const board = await boardWith(t, `
    var s = require('net').connect({ host: '127.0.0.1', port: ${srv.port} });
    s.on('end', function () { print('end'); });
    s.on('close', function (e) { print('close ' + e); });
    global.s = s;`);
  while (srv.socks.length < 1) await new Promise((r) => setTimeout(r, 5));
  const peerClosed = new Promise((r) => srv.socks[0].on('close', r));
  assert.equal(board.openSockets, 1);
  const since = board.output.length;
  await board.type('s.clsNow = true');
  await board.waitFor('close false', { since });
  assert.match(board.output, /end\nclose false/);
  await peerClosed;
  assert.equal(board.openSockets, 0);
});

test('tls: the peer closing is reported as an error (-30848, close_notify), then end and close(true)', { timeout: 20000 }, async (t) => {
  const srv = tls.createServer(TLS, (s) => { s.on('error', () => {}); s.on('data', () => s.end('bye')); });
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  t.after(() => new Promise((r) => srv.close(() => r())));
  const board = await boardWith(t, `
    var s = require('tls').connect({ host: '127.0.0.1', port: ${srv.address().port} }, function () { s.write('hi'); });
    s.on('data', function (d) { print('data ' + d); });
    s.on('error', function (e) { print('error ' + e.code); });
    s.on('close', function (e) { print('close ' + e); });`);
  await board.waitFor('close', { since: 0 });
  assert.match(board.output, /data bye\nerror -30848\nclose true/);
  assert.equal(board.openSockets, 0);
});

test('a socket stalled by a network change keeps its slot until the firmware closes it', { timeout: 20000 }, async (t) => {
  const srv = await silentServer(t);
  const board = await boardWith(t, `
    global.s = require('net').connect({ host: '127.0.0.1', port: ${srv.port} });
    s.on('close', function (e) { print('close ' + e); });`);
  while (srv.socks.length < 1) await new Promise((r) => setTimeout(r, 5));
  assert.equal(board.openSockets, 1);
  board.setAddress('127.0.0.11');
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(board.openSockets, 1, 'a stalled socket still holds its slot');
  assert.doesNotMatch(board.output, /close/);
  const since = board.output.length;
  await board.type('s.end()');
  await board.waitFor('close false', { since });
  assert.equal(board.openSockets, 0);
});
