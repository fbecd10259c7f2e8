// The web server on a hostile LAN (issue: "Assume a hostile LAN"), on the built bundle in the
// simulator over real loopback sockets: heads checked as they arrive, slow clients that hold no
// slot and are closed oldest first, no state for names that do not exist, no lockout that a
// stranger can set off, and no answer to a Host that is not the board's.
import test from 'node:test';
import assert from 'node:assert/strict';
import { webBoard, section, basic, rawRequest, sleep, hreq, trickle } from './kit.mjs';

const W = { 'X-DDNS': '1', Authorization: basic() };

test('a request head is measured as it arrives: closed once it passes 2 KB, never handed over', async (t) => {
  const b = await webBoard();
  t.after(() => b.close());
  // a header line that grows by 100 bytes every 10 ms and never ends (web.timeout is 10 s)
  const slow = await trickle(b.port, 'GET /api/status HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ', 'a'.repeat(100));
  assert.ok(slow.closed, 'the board never closed the growing head');
  assert.ok(slow.sent < 4096, `the board read ${slow.sent} bytes of a head before closing it (limit 2048)`);
  assert.ok(slow.ms < 3000, `closed after ${slow.ms} ms`);
  assert.match(slow.text, /^HTTP\/1\.1 431 /);
  // a 1 MB header line sent at once, with its end: refused, not answered as a request
  const big = await rawRequest(b.port, 'GET /api/status HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ' + 'a'.repeat(1 << 20) + '\r\n\r\n', { waitMs: 10000 });
  assert.ok(big.closed, 'still open');
  assert.doesNotMatch(big.text, /^HTTP\/1\.1 200 /, 'a 1 MB head was served');
  // more than 32 header lines are refused even within 2 KB (each would cost the board RAM)
  let many = 'GET /api/status HTTP/1.1\r\nHost: 127.0.0.1\r\n';
  for (let i = 0; i < 40; i++) many += `X-${i}: 1\r\n`;
  const lines = await rawRequest(b.port, many + '\r\n', { waitMs: 5000 });
  assert.match(lines.text, /^HTTP\/1\.1 431 /);
  assert.equal((await hreq(b.port)).status, 200, 'still serving');
});

test('slow clients hold no slot: a request takes one only once it has fully arrived', async (t) => {
  const b = await webBoard();
  t.after(() => b.close());
  // three requests whose bodies trickle in and three whose heads do (web.timeout is 10 s)
  const slow = [0, 1, 2].map(() => trickle(b.port, 'POST /api/config HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3000\r\n\r\n{', ' ', { everyMs: 200, waitMs: 6000 }))
    .concat([0, 1, 2].map((i) => trickle(b.port, 'GET /api/status HTTP/1.1\r\n', `X-${i}: 1\r\n`, { everyMs: 300, waitMs: 6000 })));
  await sleep(500);
  const t0 = Date.now();
  const st = await hreq(b.port);
  assert.equal(st.status, 200, 'the owner was kept out by slow clients');
  const cmd = await hreq(b.port, { method: 'POST', path: '/api/command', headers: W, body: { cmd: 'check' } });
  assert.equal(cmd.status, 200);
  assert.ok(Date.now() - t0 < 2000, `answered after ${Date.now() - t0} ms`);
  await Promise.all(slow);
});

test('at most 4 connections wait for their request: the oldest is closed for a new one', async (t) => {
  const b = await webBoard();
  t.after(() => b.close());
  const slow = [];
  for (let i = 0; i < 8; i++) {
    slow.push(trickle(b.port, 'GET /api/status HTTP/1.1\r\n', 'X: 1\r\n', { everyMs: 300, waitMs: 4000 }));
    await sleep(100);
  }
  await sleep(300);
  const st = await hreq(b.port);
  assert.equal(st.status, 200);
  const r = await Promise.all(slow);
  const early = r.filter((x) => x.closed && x.ms < 2500);
  assert.ok(early.length >= 4, `only ${early.length} of 8 waiting connections were closed before the 10 s timeout`);
  assert.ok(r.slice(0, 4).every((x) => x.closed && x.ms < 2500), 'the oldest ones go first');
});

test('/api/log for a name that is no section: 404, and nothing on the board is looked up or kept', async (t) => {
  const b = await webBoard();
  t.after(() => b.close());
  await b.board.waitFor('update accepted', { timeoutMs: 5000, since: 0 });
  const touched = new Set();
  const flash = b.board.flashStore;
  for (const m of ['read', 'exists', 'flags', 'size']) {
    const orig = flash[m].bind(flash);
    flash[m] = (name, ...rest) => {
      if (String(name).includes('probe')) touched.add(String(name));
      return orig(name, ...rest);
    };
  }
  for (let i = 0; i < 200; i++) {
    const r = await hreq(b.port, { path: `/api/log?section=probe${i}` });
    assert.equal(r.status, 404, `probe${i}`);
  }
  assert.deepEqual([...touched], [], 'the logger opened log files for names that are no section');
  const mine = await hreq(b.port, { path: '/api/log?section=myddns' });
  assert.equal(mine.status, 200);
  assert.match(mine.text, /update accepted/);
  // the log of the web server itself (a log ring that exists) stays readable
  assert.equal((await hreq(b.port, { path: '/api/log?section=web' })).status, 200);
});

test('wrong passwords do not lock the owner out; they are logged', async (t) => {
  const b = await webBoard();
  t.after(() => b.close());
  for (let i = 0; i < 12; i++) {
    const r = await hreq(b.port, { method: 'POST', path: '/api/command', headers: { 'X-DDNS': '1', Authorization: basic('guess-' + i) }, body: { cmd: 'check' } });
    assert.equal(r.status, 401, 'try ' + i);
  }
  const r = await hreq(b.port, { method: 'POST', path: '/api/command', headers: W, body: { cmd: 'check' } });
  assert.equal(r.status, 200, 'the right password was refused after wrong ones from elsewhere');
  assert.match(b.board.output, /\[web\] .*wrong admin password/);
  assert.match((await hreq(b.port, { path: '/api/log?section=web' })).text, /wrong admin password/);
});

test('DNS rebinding: only the board\'s address or a configured name is answered as Host', async (t) => {
  const b = await webBoard({
    web: { hostname: 'ddns-box.lan' },
    config: (w) => ({ service: { myddns: section(w) }, mqtt: { hostname: 'esp32-attic' } }),
  });
  t.after(() => b.close());
  const cmd = { cmd: 'check' };
  // a page of evil.example whose name now points at the board: Host and Origin agree
  let r = await hreq(b.port, { method: 'POST', path: '/api/command', body: cmd,
    headers: { ...W, Host: 'evil.example', Origin: 'http://evil.example' } });
  assert.equal(r.status, 403, 'a change under a foreign Host was accepted');
  assert.match(r.json.error, /Host/);
  r = await hreq(b.port, { path: '/api/config', headers: { Host: 'evil.example' } });
  assert.equal(r.status, 403, 'a foreign Host could read the config');
  r = await hreq(b.port, { path: '/', headers: { Host: 'evil.example:80' } });
  assert.equal(r.status, 403);
  // a name that only ends like a configured one is foreign too
  r = await hreq(b.port, { path: '/api/status', headers: { Host: 'ddns-box.lan.evil.example' } });
  assert.equal(r.status, 403);
  // the board's own address, its configured names (web.hostname, mqtt.hostname), any case and port
  for (const host of ['198.51.100.10', '198.51.100.10:80', 'ddns-box.lan', 'DDNS-Box.LAN:8080', 'esp32-attic']) {
    r = await hreq(b.port, { method: 'POST', path: '/api/command', body: cmd, headers: { ...W, Host: host, Origin: 'http://' + host } });
    assert.equal(r.status, 200, host);
  }
  // the Origin still has to match the Host
  r = await hreq(b.port, { method: 'POST', path: '/api/command', body: cmd, headers: { ...W, Host: '198.51.100.10', Origin: 'http://evil.example' } });
  assert.equal(r.status, 403);
});
