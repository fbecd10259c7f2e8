// The web server on the real interpreter: Espruino's Linux build (ESPRUINO_BIN, as in `npm run
// bench`; the 32-bit build with 14-byte blocks is the ESP32's memory layout) boots dist/linux
// from its Storage and serves the page; real sockets check what the simulator reproduces: reads
// of at most 536 bytes handed to JavaScript at once, `clsNow` on net sockets, and the firmware's
// limits. Not part of npm test (CI has no interpreter): `ESPRUINO_BIN=... npm run test:espruino`;
// without ESPRUINO_BIN it fails saying it did not run.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import { hashPassword } from '../../tools/webpass.mjs';
import { ADMIN, basic, rawRequest, sleep, hreq, trickle } from '../web/kit.mjs';

const BIN = process.env.ESPRUINO_BIN;

function freePort() {
  return new Promise((res) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); });
  });
}

test('the web server on the real interpreter', async (t) => {
  assert.ok(BIN, 'DID NOT RUN: set ESPRUINO_BIN to a locally built Espruino for Linux');
  const dir = mkdtempSync(join(tmpdir(), 'ddns-espruino-web-'));
  const port = await freePort();
  // what the page needs (the Linux build's Storage holds about 260 KB, not the whole build; the
  // log views read a section's Storage log with ddns.logfile)
  const files = ['.bootcde', 'ddns.config', 'ddns.servers', 'ddns.webconn', 'ddns.web', 'ddns.webapi', 'ddns.logfile', 'www.gz'];
  for (const f of files) writeFileSync(join(dir, f), readFileSync(join('dist/linux', f)));
  writeFileSync(join(dir, 'ddns.json'), JSON.stringify({
    service: { myddns: { enabled: '0', service_name: 'dyn.com', domain: 'x.example.com', username: 'u', password: 'p', ip_source: 'static', ip_static: '192.0.2.1' } },
    web: { port: String(port), timeout: '3', hostname: '127.0.0.1', admin_password_hash: hashPassword(ADMIN) },
  }));
  const load = 'var S=require("Storage"),fs=require("fs");' +
    files.map((f) => `S.write(${JSON.stringify(f)},fs.readFileSync(${JSON.stringify(f)}));`).join('') +
    'S.write("ddns.json",fs.readFileSync("ddns.json"));quit();';
  execFileSync(BIN, ['-e', load], { cwd: dir, stdio: 'pipe', timeout: 30000 });
  // stdin stays open and silent: at its end the interpreter quits
  const p = spawn(BIN, ['-e', 'setInterval(function(){print("@@M "+process.memory().usage);},200);'],
    { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  p.stdout.on('data', (d) => { out += d; });
  p.stderr.on('data', (d) => { out += d; });
  t.after(() => {
    if (process.env.ESPRUINO_OUT) writeFileSync(process.env.ESPRUINO_OUT, out);
    p.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  const until = async (re, ms, what) => {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      if (re.test(out)) return;
      await sleep(20);
    }
    throw new Error(`timed out waiting for ${what}; Espruino printed:\n${out.slice(-3000)}`);
  };
  // the interpreter's variable blocks in use, as it prints them every 200 ms (typing on the
  // console of the Linux build races its input thread: ASSERT(len <= 64) in jsdevices.c)
  const memory = async () => {
    await sleep(450);
    const all = [...out.matchAll(/@@M (\d+)/g)];
    return Number(all[all.length - 1][1]);
  };
  await until(/web page on port/, 20000, 'the web page');

  let r = await hreq(port);
  assert.equal(r.status, 200, r.text);
  assert.equal(JSON.parse(r.text).sections[0].name, 'myddns');
  r = await hreq(port, { path: '/' });
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, readFileSync('dist/linux/www.gz'), 'the page as stored');
  const idle = await memory();

  // a head that keeps growing: closed as it passes 2 KB
  const slow = await trickle(port, 'GET /api/status HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ', 'a'.repeat(100));
  assert.ok(slow.closed && slow.sent < 4096, `read ${slow.sent} bytes of a head before closing (${slow.ms} ms)`);
  assert.match(slow.text, /^HTTP\/1\.1 431 /);
  // a 1 MB header line at once: refused, and the board's memory is back where it was
  const big = await rawRequest(port, 'GET /api/status HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ' + 'a'.repeat(1 << 20) + '\r\n\r\n', { waitMs: 10000 });
  assert.ok(big.closed);
  assert.doesNotMatch(big.text, /^HTTP\/1\.1 200 /);
  await sleep(300);
  const after = await memory();
  assert.ok(after - idle < 100, `blocks in use ${idle} before, ${after} after the 1 MB head`);

  // a header named __proto__ (which Espruino cannot take as a property) is ignored
  const proto = await rawRequest(port, 'GET /api/status HTTP/1.1\r\nHost: 127.0.0.1\r\n__proto__: x\r\n\r\n', { waitMs: 5000 });
  assert.match(proto.text, /^HTTP\/1\.1 200 /);

  // slow clients wait without a slot; at most 4 wait, the oldest closed first
  const waiting = [];
  for (let i = 0; i < 8; i++) {
    waiting.push(trickle(port, 'POST /api/config HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3000\r\n\r\n{', ' ', { everyMs: 300, waitMs: 8000 }));
    await sleep(100);
  }
  await sleep(200);
  r = await hreq(port, { method: 'POST', path: '/api/command', headers: { 'X-DDNS': '1', Authorization: basic() }, body: '{"cmd":"check"}' });
  assert.equal(r.status, 200, r.text);
  const w = await Promise.all(waiting);
  assert.ok(w.slice(0, 4).every((x) => x.closed && x.ms < 2000), 'the oldest waiting connections were closed for new ones');
  assert.ok(w.every((x) => x.closed && x.ms < 6000), 'web.timeout 3 s closes the rest');

  // a body of 3 KB arriving in 536-byte reads, an announced 100 KB body refused unread
  r = await hreq(port, { method: 'POST', path: '/api/config', headers: { 'X-DDNS': '1', Authorization: basic() },
    body: JSON.stringify({ set: { 'myddns.ip_static': '192.0.2.7' }, pad: 'x'.repeat(3000) }) });
  assert.equal(r.status, 200, r.text);
  const huge = await rawRequest(port, 'POST /api/config HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n{', { keepSending: 'x'.repeat(1000), waitMs: 5000 });
  assert.match(huge.text, /^HTTP\/1\.1 413 /);
  assert.ok(huge.closed && huge.ms < 2000);

  // no lockout; names that are no section; foreign Host
  for (let i = 0; i < 7; i++) {
    r = await hreq(port, { method: 'POST', path: '/api/command', headers: { 'X-DDNS': '1', Authorization: basic('guess' + i) }, body: '{"cmd":"check"}' });
    assert.equal(r.status, 401);
  }
  r = await hreq(port, { method: 'POST', path: '/api/command', headers: { 'X-DDNS': '1', Authorization: basic() }, body: '{"cmd":"check"}' });
  assert.equal(r.status, 200);
  assert.equal((await hreq(port, { path: '/api/log?section=nope' })).status, 404);
  assert.equal((await hreq(port, { path: '/api/log?section=myddns' })).status, 200);
  // the paths of the honest page: a reason per section, the flash log as a download, an import
  // with an enabled broken section refused, the MQTT block set and cleared through the readers
  assert.equal(typeof JSON.parse((await hreq(port, { path: '/api/status' })).text).sections[0].reason, 'string');
  r = await hreq(port, { path: '/api/logfile?section=myddns' });
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-disposition'], 'attachment; filename="ddns-myddns.log"');
  const admin = { 'X-DDNS': '1', Authorization: basic() };
  r = await hreq(port, { method: 'POST', path: '/api/uci?commit=1', headers: admin,
    body: "config service 'bad'\n\toption enabled '1'\n\toption ip_source 'interface'\n" });
  assert.equal(r.status, 422, r.text);
  r = await hreq(port, { method: 'POST', path: '/api/config', headers: admin, body: { commit: true, set: { 'mqtt.host': '127.0.0.1', 'mqtt.port': '70000' } } });
  assert.equal(r.status, 422, r.text);
  assert.match(r.text, /mqtt\.port/);
  r = await hreq(port, { method: 'POST', path: '/api/config', headers: admin, body: { commit: true, set: { 'syslog.host': '127.0.0.1' } } });
  assert.equal(r.status, 200, r.text);
  r = await hreq(port, { method: 'POST', path: '/api/config', headers: admin, body: { commit: true, set: { 'syslog.host': '' } } });
  assert.equal(r.status, 200, r.text);
  assert.equal(JSON.parse((await hreq(port, { path: '/api/config' })).text).syslog, undefined);
  assert.equal((await hreq(port, { headers: { Host: 'evil.example' } })).status, 403);
  assert.equal((await hreq(port)).status, 200, 'still serving');
  assert.doesNotMatch(out, /Uncaught|ASSERT|Out of memory|New interpreter error/i);
});
