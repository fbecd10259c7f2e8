// The firmware's HTTP client on the real interpreter: Espruino's Linux build (ESPRUINO_BIN, as in
// `npm run bench`) runs the client (http-entry.js, bundled with the repo's terser settings from
// build/js) against loopback servers, plain and TLS: what goes on the wire, Content-Length,
// chunked and close-delimited answers (over TLS too, where the peer's close arrives as an
// error), a server that never answers (also one that never finishes the TLS handshake), an
// endless header and an endless body, refused and unresolvable hosts. Checks what the board
// printed and what the servers saw: every connection closed, at most a few KB taken from a flood.
// Not part of npm test (CI has no interpreter): `ESPRUINO_BIN=... npm run test:espruino`.
import test from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import tls from 'node:tls';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { rollup } from 'rollup';
import terser from '@rollup/plugin-terser';
import { paramsPlugin } from '../../tools/params-to-arguments.mjs';

const BIN = process.env.ESPRUINO_BIN;
const TLS = { key: readFileSync('test/fixtures/tls/key.pem'), cert: readFileSync('test/fixtures/tls/cert.pem') };
const UA = 'esp32-ddns/test';

// The same settings as rollup.config.mjs (terser hoists functions; Espruino does not).
async function bundle() {
  const b = await rollup({
    input: 'test/espruino/http-entry.js',
    plugins: [{ name: 'tslib', resolveId: (id) => (id === 'tslib' ? 'node_modules/tslib/tslib.es6.js' : null) },
      terser({ ecma: 5, compress: { hoist_funs: true, passes: 3, inline: 1 }, mangle: { reserved: ['of'] }, format: { ascii_only: true } }),
      paramsPlugin()],
  });
  const { output } = await b.generate({ format: 'cjs', freeze: false, strict: false, esModule: false });
  await b.close();
  return output[0].code;
}

// Each connection that sent a request head: {path, head, written, closed}; answer(c, sock) replies.
async function server(make, answer) {
  const conns = [];
  const srv = make((sock) => {
    let data = '';
    const c = { path: '', head: '', written: 0, closed: false, sock };
    sock.on('error', () => {});
    sock.on('close', () => { c.closed = true; });
    sock.on('data', (b) => {
      if (c.head) return;
      data += b.toString('latin1');
      if (!data.includes('\r\n\r\n')) return;
      c.head = data;
      c.path = data.split(' ')[1];
      conns.push(c);
      answer(c, sock);
    });
  });
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  return { port: srv.address().port, conns, close: () => { for (const c of conns) c.sock.destroy(); srv.close(); } };
}

// Writes piece after piece until the peer is gone (or 1 MB).
async function flood(c, sock, first, piece) {
  const w = (s) => new Promise((res) => {
    if (sock.destroyed) return res(false);
    sock.write(s, (e) => { if (!e) c.written += s.length; res(!e); });
  });
  if (!(await w(first))) return;
  while (c.written < (1 << 20) && (await w(piece))) await new Promise((r) => setTimeout(r, 1));
}

function answer(c, sock) {
  const p = c.path;
  if (p === '/cl') sock.end('HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: 1\r\nRetry-After: 1\r\nretry-after: 2\r\n\r\ngood and more');
  else if (p === '/chunked') sock.end('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\ngood \r\n4;e=1\r\n1234\r\n0\r\n\r\n');
  else if (p === '/close') sock.end('HTTP/1.0 200 OK\r\n\r\nclose-delimited body');
  else if (p === '/echo') sock.end(`HTTP/1.1 201 Created\r\nContent-Length: ${c.head.length}\r\n\r\n${c.head}`);
  else if (p === '/endless-head') flood(c, sock, 'HTTP/1.1 200 OK\r\n', 'X-Pad: ' + 'a'.repeat(200) + '\r\n');
  else if (p === '/endless-body') flood(c, sock, 'HTTP/1.1 200 OK\r\nContent-Length: 99999999\r\n\r\n', 'x'.repeat(200));
  else if (p === '/ssh') sock.write('SSH-2.0-OpenSSH_9.6\r\n');
  // '/hang': nothing
}

test('the HTTP client on the real interpreter: framing, headers, deadlines, floods, TLS', async (t) => {
  assert.ok(BIN, 'DID NOT RUN: set ESPRUINO_BIN to a locally built Espruino for Linux');
  const plain = await server(net.createServer, answer);
  const secure = await server((fn) => tls.createServer(TLS, fn), answer);
  let handshakes = 0;
  let handshakeClosed = 0;
  // takes the ClientHello and says nothing (it must read, or Node never sees the close)
  const mute = net.createServer((s) => { handshakes++; s.resume(); s.on('error', () => {}); s.on('close', () => { handshakeClosed++; }); });
  await new Promise((r) => mute.listen(0, '127.0.0.1', r));
  t.after(() => { plain.close(); secure.close(); mute.close(); });
  const h = `http://127.0.0.1:${plain.port}`;
  const s = `https://localhost:${secure.port}`;
  const REQS = [
    { url: h + '/cl', headers: { 'User-Agent': UA } },
    { url: h + '/chunked' },
    { url: h + '/close' },
    { url: `http://us%40er:pa:ss@127.0.0.1:${plain.port}/echo`, method: 'POST', body: '{"a":1}', headers: { 'User-Agent': UA } },
    { url: h + '/hang', timeoutMs: 1500 },
    { url: h + '/endless-head', timeoutMs: 5000 },
    { url: h + '/endless-body', timeoutMs: 5000, maxBytes: 1000 },
    { url: h + '/ssh', timeoutMs: 3000 },
    { url: s + '/cl' },
    { url: s + '/close' },
    { url: s + '/chunked' },
    { url: s + '/echo', headers: { 'User-Agent': UA } },
    { url: `https://127.0.0.1:${mute.address().port}/`, timeoutMs: 1500 },
    { url: 'http://127.0.0.1:1/' },
    { url: 'http://no-such-host.invalid/' },
  ];
  const dir = mkdtempSync(join(tmpdir(), 'espruino-http-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'run.js'), `var REQS = ${JSON.stringify(REQS)};\n` + (await bundle()));
  const p = spawn(BIN, [join(dir, 'run.js')], { stdio: ['pipe', 'pipe', 'pipe'] });
  t.after(() => p.kill('SIGKILL'));
  let out = '';
  p.stdout.on('data', (d) => { out += d; });
  p.stderr.on('data', (d) => { out += d; });
  const end = Date.now() + 30000;
  while (!/DONE/.test(out) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  assert.match(out, /DONE/, 'the interpreter finished; it printed:\n' + out.slice(-3000));
  await new Promise((r) => setTimeout(r, 200));
  const res = [];
  for (const m of out.matchAll(/RES (\{.*\})/g)) { const r = JSON.parse(m[1]); res[r.i] = r; }
  for (const r of res) t.diagnostic(`${REQS[r.i].url}: ${r.err || r.status}`);
  // (an interpreter that stopped half way, an assertion of its own for one, says so here)
  assert.equal(res.filter(Boolean).length, REQS.length, 'an answer to every request; the interpreter printed:\n' + out.slice(-1500));
  const ok = (i, status, body) => { assert.equal(res[i].err, null, REQS[i].url); assert.equal(res[i].status, status); assert.equal(res[i].body, body); };
  ok(0, 200, 'good ');
  // only the headers the firmware reads are kept (http/wire.ts KEPT_HEADERS), the first of a name
  assert.deepEqual(res[0].headers, { 'Retry-After': '1' });
  ok(1, 200, 'good 1234');
  ok(2, 200, 'close-delimited body');
  assert.equal(res[3].status, 201);
  // what the server had read when the head was in: the body too, if it came in the same packet
  const head = `POST /echo HTTP/1.1\r\nUser-Agent: ${UA}\r\nHost: 127.0.0.1:${plain.port}\r\n` +
    `Authorization: Basic ${Buffer.from('us@er:pa:ss').toString('base64')}\r\nContent-Length: 7\r\nConnection: close\r\n\r\n`;
  assert.ok([head, head + '{"a":1}'].includes(res[3].body), res[3].body);
  assert.equal(res[4].err, 'timeout');
  assert.equal(res[5].err, 'toobig');
  assert.deepEqual([res[6].err, res[6].body.length, res[6].truncated], [null, 1000, true]);
  assert.equal(res[7].err, 'badreply');
  ok(8, 200, 'good ');
  ok(9, 200, 'close-delimited body');
  ok(10, 200, 'good 1234');
  assert.match(res[11].body, new RegExp(`^GET /echo HTTP/1\\.1\\r\\nUser-Agent: ${UA}\\r\\nHost: localhost:${secure.port}\\r\\nConnection: close\\r\\n\\r\\n$`));
  assert.equal(res[12].err, 'timeout');
  assert.equal(res[13].err, 'connect');
  assert.equal(res[14].err, 'dns');
  assert.doesNotMatch(out, /Uncaught/);
  for (const c of [...plain.conns, ...secure.conns]) assert.ok(c.closed, `${c.path}: closed`);
  assert.equal(handshakes, 1);
  assert.equal(handshakeClosed, 1, 'a TLS handshake that never ends is closed at the deadline');
  for (const c of plain.conns.filter((x) => x.path.startsWith('/endless'))) {
    t.diagnostic(`${c.path}: the server wrote ${c.written} bytes`);
    assert.ok(c.written < 64 * 1024, `${c.path}: ${c.written} bytes written`);
  }
});
