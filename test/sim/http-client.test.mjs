// The firmware's HTTP client against broken and hostile providers, on the built board files
// (dist/esp32) in the simulator, whose board has ESP-IDF's 10 sockets: a provider that never
// answers, one whose header or body never ends, twenty hung requests in a row; and what goes on
// the wire (one User-Agent, the firmware's; Host without ':443'; Basic auth; chunked and
// close-delimited answers).
import test from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import https from 'node:https';
import tls from 'node:tls';
import { readFileSync } from 'node:fs';
import { section, DOMAIN, PASSWORD, sleep } from './harness.mjs';
import { vscenario, at, status } from './kit.mjs';

const UA = /^esp32-ddns\/\S+$/;
const TLS = { key: readFileSync('test/fixtures/tls/key.pem'), cert: readFileSync('test/fixtures/tls/cert.pem') };
// A hung request costs this much real time in virtual time (the window a silent peer gets).
const FAST = { netReplyWaitMs: 100, ioWaitMs: 100 };

/**
 * A raw TCP "provider": onRequest(conn) runs once a connection has sent its request head.
 * conns lists the connections that sent something (the simulator's connect probe sends nothing):
 * {data, written, closed, sock}.
 */
async function rawProvider(onRequest) {
  const conns = [];
  const server = net.createServer((sock) => {
    const c = { data: '', written: 0, closed: false, sock, started: false };
    sock.on('data', (b) => {
      if (!c.data) conns.push(c);
      c.data += b.toString('latin1');
      if (!c.started && c.data.includes('\r\n\r\n')) {
        c.started = true;
        onRequest(c);
      }
    });
    sock.on('error', () => {});
    sock.on('close', () => { c.closed = true; });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: server.address().port,
    conns,
    close: () => new Promise((r) => { for (const c of conns) c.sock.destroy(); server.close(() => r()); }),
  };
}

/** Writes piece after piece (each once the previous one is out) until the peer goes or cap bytes. */
async function flood(c, first, piece, cap) {
  const write = (s) => new Promise((resolve) => {
    if (c.closed || c.sock.destroyed) return resolve(false);
    c.sock.write(s, (err) => {
      if (!err) c.written += s.length;
      resolve(!err);
    });
  });
  if (!(await write(first))) return;
  while (c.written < cap && (await write(piece))) await new Promise((r) => setImmediate(r));
}

async function until(cond, ms, what) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

const updateAt = (port) => `http://127.0.0.1:${port}/nic/update?hostname=[DOMAIN]&myip=[IP]`;
const oneSection = (opts) => (w) => ({ service: { myddns: section(w, opts) } });

test('a provider that never answers: at the timeout the socket is closed on both sides', async (t) => {
  const p = await rawProvider(() => {});
  t.after(() => p.close());
  const s = await vscenario({ config: oneSection({ update_url: updateAt(p.port) }), boardOpts: () => FAST });
  t.after(() => s.close());
  await at(s.board, 2000);
  await until(() => p.conns.length === 1, 3000, 'the request');
  assert.equal(p.conns[0].closed, false, 'open while the request may still be answered');
  assert.equal(s.board.openSockets, 1);
  await at(s.board, 25000); // past the 20 s watchdog of an update
  await until(() => p.conns[0].closed, 3000, 'the provider to see the connection closed');
  assert.equal(s.board.openSockets, 0, 'the board holds no socket');
  assert.equal((await status(s.board)).answer, 'timeout');
});

// What a provider floods the board with, piece after piece: the board reads at most its head cap
// (4 KB) or the request's body cap (1 KB for an update) and closes.
const FLOODS = [
  { name: 'an endless header', first: 'HTTP/1.1 200 OK\r\n', piece: 'X-Pad: ' + 'a'.repeat(1000) + '\r\n', answer: 'toobig' },
  { name: 'one endless header line (no line end at all)', first: 'HTTP/1.1 200 OK\r\nX-Pad: ', piece: 'b'.repeat(1000), answer: 'toobig' },
  { name: 'an endless body (Content-Length: 999999999)', piece: 'x'.repeat(1000),
    first: 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 999999999\r\n\r\ngood ' },
];

for (const f of FLOODS) {
  test(`${f.name}: the board stops reading and closes, the provider cannot push more`, async (t) => {
    const CAP = 1 << 20;
    const p = await rawProvider((c) => flood(c, f.first, f.piece, CAP));
    t.after(() => p.close());
    const s = await vscenario({ config: oneSection({ update_url: updateAt(p.port) }), boardOpts: () => FAST });
    t.after(() => s.close());
    await at(s.board, 2000);
    await until(() => p.conns.length === 1 && (p.conns[0].closed || p.conns[0].written >= CAP), 10000, 'the flood to end');
    const c = p.conns[0];
    t.diagnostic(`the provider wrote ${c.written} bytes before the board closed`);
    assert.ok(c.written < 64 * 1024, `the provider wrote ${c.written} bytes`);
    assert.ok(c.closed, 'closed by the board');
    await at(s.board, 3000);
    assert.equal(s.board.openSockets, 0);
    if (f.answer) assert.equal((await status(s.board)).answer, f.answer);
  });
}

test('twenty hung requests in a row never exceed the socket limit: each is closed at its timeout', async (t) => {
  const p = await rawProvider(() => {});
  t.after(() => p.close());
  const urls = [];
  for (let i = 0; i < 20; i++) urls.push(`http://127.0.0.1:${p.port}/ip/${i}`);
  const s = await vscenario({ config: oneSection({ ip_source: 'web', ip_url: urls.join(' ') }), boardOpts: () => FAST });
  t.after(() => s.close());
  let peak = 0;
  for (let ms = 1000; ms <= 20 * 10000 + 5000; ms += 2500) {
    await at(s.board, ms);
    peak = Math.max(peak, s.board.openSockets);
  }
  await until(() => p.conns.length === 20 && p.conns.every((c) => c.closed), 5000, 'twenty requests, all closed');
  assert.doesNotMatch(s.board.output, /Socket creation failed|Unable to create socket/);
  assert.equal((s.board.output.match(/ip_url \S+ failed: timeout/g) || []).length, 20);
  assert.ok(peak <= 1, `at most one socket open at a time (peak ${peak})`);
  assert.equal(s.board.openSockets, 0);
});

test('https: one User-Agent (the firmware\'s), Host without :443, Basic auth, Connection: close', async (t) => {
  const seen = [];
  const server = https.createServer(TLS, (req, res) => {
    seen.push({ raw: req.rawHeaders, url: req.url });
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('good 198.51.100.10');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }));
  const s = await vscenario({
    config: oneSection({ update_url: 'https://[USERNAME]:[PASSWORD]@provider.test/nic/update?hostname=[DOMAIN]&myip=[IP]' }),
    boardOpts: () => ({ hosts: { 'provider.test': '127.0.0.3' }, routes: { '127.0.0.3:443': '127.0.0.1:' + server.address().port } }),
  });
  t.after(() => s.close());
  await at(s.board, 3000);
  assert.equal(seen.length, 1);
  const h = [];
  for (let i = 0; i < seen[0].raw.length; i += 2) h.push([seen[0].raw[i].toLowerCase(), seen[0].raw[i + 1]]);
  const all = (n) => h.filter((x) => x[0] === n).map((x) => x[1]);
  assert.equal(all('user-agent').length, 1, 'one User-Agent: ' + all('user-agent').join(' | '));
  assert.match(all('user-agent')[0], UA);
  assert.deepEqual(all('host'), ['provider.test']);
  assert.deepEqual(all('authorization'), ['Basic ' + Buffer.from('demo:' + PASSWORD).toString('base64')]);
  assert.deepEqual(all('connection'), ['close']);
  assert.equal(seen[0].url, `/nic/update?hostname=${DOMAIN}&myip=198.51.100.10`);
  assert.match(s.board.output, /update accepted/);
  assert.equal(s.board.openSockets, 0);
});

test('plain http: one User-Agent, Host with the port, a chunked answer is read', async (t) => {
  const p = await rawProvider((c) => {
    c.sock.end('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n' +
      '5\r\ngood \r\nd;x=1\r\n198.51.100.10\r\n0\r\n\r\n');
  });
  t.after(() => p.close());
  const s = await vscenario({ config: oneSection({ update_url: updateAt(p.port) }) });
  t.after(() => s.close());
  await at(s.board, 2000);
  const head = p.conns[0].data.split('\r\n\r\n')[0].split('\r\n');
  assert.equal(head.filter((l) => /^user-agent:/i.test(l)).length, 1, head.join(' | '));
  assert.match(head.find((l) => /^user-agent:/i.test(l)), /: esp32-ddns\//);
  assert.deepEqual(head.filter((l) => /^host:/i.test(l)), ['Host: 127.0.0.1:' + p.port]);
  assert.match(s.board.output, /update accepted/);
});

test('an answer delimited by the peer closing (no length, no chunks) is read whole', async (t) => {
  const p = await rawProvider((c) => c.sock.end('HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\ngood 198.51.100.10\n'));
  t.after(() => p.close());
  const s = await vscenario({ config: oneSection({ update_url: updateAt(p.port) }) });
  t.after(() => s.close());
  await at(s.board, 2000);
  assert.match(s.board.output, /update accepted/);
  assert.equal(s.board.openSockets, 0);
});

test('a reply that is not HTTP is an error, and the socket is closed', async (t) => {
  const p = await rawProvider((c) => c.sock.write('SSH-2.0-OpenSSH_9.6\r\n'));
  t.after(() => p.close());
  const s = await vscenario({ config: oneSection({ update_url: updateAt(p.port) }), boardOpts: () => FAST });
  t.after(() => s.close());
  await at(s.board, 2000);
  await until(() => p.conns.length === 1 && p.conns[0].closed, 3000, 'the board to close');
  assert.equal((await status(s.board)).answer, 'badreply');
});

test('https: an answer ended by the server closing, then the TLS close_notify error: read whole, no failure', async (t) => {
  let got = '';
  const server = tls.createServer(TLS, (sock) => {
    sock.on('data', (b) => {
      got += b.toString('latin1');
      if (got.includes('\r\n\r\n')) sock.end('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\ngood 198.51.100.10\n');
    });
    sock.on('error', () => {});
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => new Promise((r) => server.close(() => r())));
  const s = await vscenario({
    config: oneSection({ update_url: 'https://provider.test/nic/update?hostname=[DOMAIN]&myip=[IP]' }),
    boardOpts: () => ({ hosts: { 'provider.test': '127.0.0.3' }, routes: { '127.0.0.3:443': '127.0.0.1:' + server.address().port } }),
  });
  t.after(() => s.close());
  await at(s.board, 3000);
  assert.match(got, /^GET \/nic\/update\?hostname=/);
  assert.match(s.board.output, /update accepted/);
  assert.equal((await status(s.board)).answer, 'good');
  assert.equal(s.board.openSockets, 0);
});
