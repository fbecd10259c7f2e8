// Sections with ddns-scripts' semantics on the built bundle, in virtual time: check, force and
// retry timers, retry_max_count, network down/up, address-change events, state in flash across
// reboots, run once, the wall clock from HTTP Date, many sections on one board, proxy, IPv6.
import test from 'node:test';
import assert from 'node:assert/strict';
import { section, DOMAIN, PASSWORD } from './harness.mjs';
import { vscenario, at, status, stateFile, startProxy, MIN, HOUR } from './kit.mjs';

const one = (opts) => (w) => ({ service: { myddns: section(w, opts) } });

test('steady state: one update at boot, then an idle hour costs no request and no flash write', async (t) => {
  const s = await vscenario({ config: one() });
  t.after(() => s.close());
  await at(s.board, 1000);
  assert.equal(s.updates().length, 1);
  const writes = s.board.stats.storageWrites;
  const http = s.board.stats.httpRequests;
  const dns = s.world.dns.queries.length;
  await at(s.board, 1000 + HOUR);
  assert.equal(s.updates().length, 1, 'no update in the idle hour');
  assert.equal(s.board.stats.httpRequests - http, 0, 'no HTTP request in the idle hour');
  assert.equal(s.board.stats.storageWrites - writes, 0, 'no Storage write in the idle hour');
  assert.ok(s.world.dns.queries.length - dns <= 1, 'at most one DNS query an hour');
  const st = await status(s.board);
  assert.equal(st.state, 'waiting');
  assert.match(st.line, /next=([1-9]\d{0,2})s/, 'the check timer (10 min) is armed');
});

test('force_interval: exactly one forced update after 72 h, then every 72 h', async (t) => {
  const s = await vscenario({ config: one(), registered: '198.51.100.10' });
  t.after(() => s.close());
  await at(s.board, 72 * HOUR - MIN);
  assert.equal(s.updates().length, 0, 'DNS agrees: nothing sent for 72 h');
  await at(s.board, 72 * HOUR + MIN);
  assert.equal(s.updates().length, 1, 'exactly one forced update at 72 h');
  assert.match(s.board.output, /update needed: force_interval/);
  await at(s.board, 144 * HOUR - MIN);
  assert.equal(s.updates().length, 1);
  await at(s.board, 144 * HOUR + MIN);
  assert.equal(s.updates().length, 2, 'the next one 72 h later');
});

test('force_interval counts from the last update (boot update, then one at 72 h)', async (t) => {
  const s = await vscenario({ config: one() });
  t.after(() => s.close());
  await at(s.board, 72 * HOUR - MIN);
  assert.equal(s.updates().length, 1);
  await at(s.board, 72 * HOUR + MIN);
  assert.equal(s.updates().length, 2);
  assert.equal(s.updates()[1].answer.split(' ')[0], 'nochg');
});

test('check_interval is the safety net: a web-source address change without an event', async (t) => {
  const s = await vscenario({ config: (w) => ({ service: { myddns: section(w, { ip_source: 'web', ip_url: w.checkIp.url + '/' }) } }) });
  t.after(() => s.close());
  await at(s.board, 1000);
  assert.equal(s.updates().length, 1);
  const checks = s.world.checkIp.requests.length;
  s.world.checkIp.setIp('203.0.113.99');
  await at(s.board, 1000 + 10 * MIN + 1000);
  assert.equal(s.updates().length, 2, 'the next check found it');
  assert.equal(s.updates()[1].query.myip, '203.0.113.99');
  await at(s.board, 1000 + HOUR);
  assert.equal(s.world.checkIp.requests.length - checks, 6, 'one check-IP request per check_interval');
});

test('retry: back-off from retry_interval, retry_max_count retries, then failed until an event or force_interval', async (t) => {
  const s = await vscenario({ config: one({ retry_max_count: '3' }),
    before: (x) => x.world.dyndns2.setAnswers(Array(100).fill('dnserr')) });
  t.after(() => s.close());
  const n = () => s.updates().length;
  // retry_interval 60 s doubling, but never two requests within 5 min (the minimum interval)
  await at(s.board, 299e3); assert.equal(n(), 1);
  await at(s.board, 301e3); assert.equal(n(), 2, 'retry 1 after 5 min (60 s, stretched)');
  await at(s.board, 599e3); assert.equal(n(), 2);
  await at(s.board, 601e3); assert.equal(n(), 3, 'retry 2 after 5 min more (120 s, stretched)');
  await at(s.board, 899e3); assert.equal(n(), 3);
  await at(s.board, 901e3); assert.equal(n(), 4, 'retry 3 after 5 min more (240 s, stretched)');
  assert.equal((await status(s.board)).state, 'failed', 'retry_max_count 3: 1 + 3 attempts');
  assert.match(s.board.output, /ERR failed after 3 retries/);
  await at(s.board, 24 * HOUR);
  assert.equal(n(), 4, 'failed sends nothing more for a day');
  s.board.setAddress('198.51.100.44');
  await at(s.board, 24 * HOUR + 1000);
  assert.equal(n(), 5, 'an address change starts again');
  await at(s.board, 24 * HOUR + 901e3);
  assert.equal(n(), 8, '1 + 3 attempts again');
  assert.equal((await status(s.board)).state, 'failed');
  await at(s.board, 24 * HOUR + 901e3 + 72 * HOUR - MIN);
  assert.equal(n(), 8);
  await at(s.board, 24 * HOUR + 901e3 + 72 * HOUR + 30e3);
  assert.equal(n(), 9, 'force_interval is the last safety net');
});

test('retry forever (retry_max_count 0): the back-off caps, 11 attempts in a day', async (t) => {
  const s = await vscenario({ config: one(), before: (x) => x.world.dyndns2.setAnswers(Array(100).fill('dnserr')) });
  t.after(() => s.close());
  await at(s.board, 24 * HOUR);
  // 0, 300, 600, 900, 1380, 2340, 4260, 8100, 15780, 31140, 61860 s; next at 119460 s
  assert.equal(s.updates().length, 11);
  assert.equal((await status(s.board)).state, 'retry');
  assert.equal(stateFile(s.board).tries, 11);
});

test('network down pauses the section, up checks at once', async (t) => {
  const s = await vscenario({ config: one() });
  t.after(() => s.close());
  await at(s.board, 1000);
  assert.equal(s.updates().length, 1);
  s.board.disconnect();
  await at(s.board, 2000);
  assert.equal((await status(s.board)).state, 'offline');
  const dns = s.world.dns.queries.length;
  await at(s.board, 3 * HOUR);
  assert.equal(s.world.dns.queries.length, dns, 'nothing asked while down');
  assert.equal(s.updates().length, 1);
  const t0 = s.board.now();
  s.board.reconnect();
  await at(s.board, t0 + 100);
  assert.equal(s.world.dns.queries.length, dns + 1, 'up: a check at once (DNS read fresh)');
  assert.equal((await status(s.board)).state, 'waiting');
  // down, then back with a new address: the update goes at once
  s.board.disconnect();
  await at(s.board, 4 * HOUR);
  const t1 = s.board.now();
  s.board.setAddress('198.51.100.55');
  await at(s.board, t1 + 100);
  assert.equal(s.updates().length, 2);
  assert.equal(s.updates()[1].query.myip, '198.51.100.55');
});

test('an address-change event sends the new address at once (within a board millisecond)', async (t) => {
  const s = await vscenario({ config: one(), registered: '198.51.100.10' });
  t.after(() => s.close());
  await at(s.board, 5 * MIN);
  assert.equal(s.updates().length, 0);
  s.board.setAddress('198.51.100.66');
  // the pass hands its update to ddns.send on a 0 ms timer (Espruino fires it 0.1 ms later):
  // one board millisecond is all it may take
  await s.board.advance(1);
  assert.equal(s.updates().length, 1, 'sent within a board millisecond');
  assert.equal(s.updates()[0].query.myip, '198.51.100.66');
});

test('a reboot neither forces an update nor forgets the state; it writes nothing', async (t) => {
  const s = await vscenario({ config: one() });
  t.after(() => s.close());
  await at(s.board, 1000);
  assert.equal(s.updates().length, 1);
  const before = stateFile(s.board);
  assert.equal(before.reg, '198.51.100.10');
  assert.ok(before.last > Date.parse('2020-01-01'), 'last success in wall time');
  const writes = s.board.stats.storageWrites;
  await s.board.reboot();
  await at(s.board, HOUR);
  assert.equal(s.updates().length, 0 + 1, 'no update after the reboot');
  assert.equal(s.board.stats.storageWrites, writes, 'the reboot and an hour wrote nothing');
  assert.deepEqual(stateFile(s.board), before);
  const st = await status(s.board);
  assert.equal(st.state, 'waiting');
  assert.equal(st.answer, 'good', 'the last answer is remembered');
});

test('run once (force_interval 0): sends because DNS disagrees, verifies, then done', async (t) => {
  const s = await vscenario({ config: one({ force_interval: '0' }) });
  t.after(() => s.close());
  await at(s.board, 1000);
  assert.equal(s.updates().length, 1);
  assert.match(s.board.output, /verified in DNS: home\.example\.com is 198\.51\.100\.10/);
  assert.equal((await status(s.board)).state, 'done');
  const dns = s.world.dns.queries.length;
  s.board.setAddress('198.51.100.77');
  await at(s.board, 24 * HOUR);
  assert.equal(s.updates().length, 1, 'done means done');
  assert.equal(s.world.dns.queries.length, dns, 'and quiet');
});

test('run once: DNS agrees -> nothing sent, done; force sends anyway', async (t) => {
  const s = await vscenario({ config: one({ force_interval: '0' }), registered: '198.51.100.10' });
  t.after(() => s.close());
  await at(s.board, 1000);
  assert.equal(s.updates().length, 0);
  assert.equal((await status(s.board)).state, 'done');
  await s.board.type('force("myddns")');
  await at(s.board, 2000);
  assert.equal(s.updates().length, 1, 'force sends');
  assert.equal((await status(s.board)).state, 'done');
});

test('the wall clock comes from the first HTTP Date header (the board starts at 1970)', async (t) => {
  const s = await vscenario({ config: one(), registered: '198.51.100.10', boot: false });
  t.after(() => s.close());
  await s.board.boot();
  await at(s.board, 1000);
  assert.ok(s.board.eval('Date.now()') < 1e12, 'no HTTP yet: still 1970');
  assert.match(s.board.output, /\[myddns\] \+\d+s /, 'log lines show uptime until then');
  s.board.setAddress('198.51.100.12');
  await at(s.board, 2000);
  const now = s.board.eval('Date.now()');
  assert.ok(Math.abs(now - Date.now()) < 60e3, 'set from the provider\'s Date header');
  const year = new Date().getUTCFullYear();
  assert.match(s.board.output, new RegExp(`\\[myddns\\] ${year}-\\d\\d-\\d\\d \\d\\d:\\d\\d NOTICE update accepted`));
  assert.ok(Math.abs(stateFile(s.board).last - Date.now()) < 60e3, 'last success stored in wall time');
});

test('8 sections on one board: each its own state, one request at a time, idle hour quiet', async (t) => {
  const N = 8;
  const hosts = Array.from({ length: N }, (_, i) => `h${i + 1}.example.com`);
  const s = await vscenario({
    extraHosts: hosts,
    config: (w) => {
      const service = {};
      hosts.forEach((h, i) => {
        service[`s${i + 1}`] = section(w, { domain: h, lookup_host: h, password: i === 2 ? 'wrong' : PASSWORD });
      });
      return { service };
    },
    before: (x) => {
      // records for all but h8, which gets its first one
      hosts.slice(0, N - 1).forEach((h) => x.world.records.set(h, 'A', '192.0.2.1'));
      let inflight = 0;
      x.maxInflight = 0;
      x.world.dyndns2.server.on('request', (req, res) => {
        inflight++;
        x.maxInflight = Math.max(x.maxInflight, inflight);
        res.on('close', () => { inflight--; });
      });
    },
  });
  t.after(() => s.close());
  await at(s.board, 5000);
  const byHost = (list) => list.map((u) => u.query.hostname).sort();
  assert.deepEqual(byHost(s.updates()), [...hosts].sort(), 'one update per section');
  assert.equal(s.maxInflight, 1, 'never two requests at once');
  for (let i = 1; i <= N; i++) {
    const st = stateFile(s.board, `s${i}`);
    if (i === 3) {
      assert.equal(st.ans, 'badauth');
      assert.ok(st.stop);
      assert.equal((await status(s.board, 's3')).state, 'stopped');
    } else {
      assert.equal(st.ans, 'good', `s${i}`);
      assert.equal(st.reg, '198.51.100.10');
      assert.equal(s.world.records.get(hosts[i - 1], 'A').value, '198.51.100.10');
      assert.equal((await status(s.board, `s${i}`)).state, 'waiting');
    }
  }
  // (after the 5 min minimum interval between two updates of a section)
  await at(s.board, 5 * MIN + 5000);
  s.board.setAddress('198.51.100.88');
  await at(s.board, 5 * MIN + 10000);
  assert.equal(s.updates().length, N + N - 1, 'an address change: one update per running section');
  const writes = s.board.stats.storageWrites;
  const reqs = s.board.stats.httpRequests;
  await at(s.board, 5 * MIN + 10000 + HOUR);
  assert.equal(s.board.stats.storageWrites, writes, 'idle hour: no flash write');
  assert.equal(s.board.stats.httpRequests, reqs, 'idle hour: no request');
  await s.board.reboot();
  await at(s.board, HOUR);
  assert.equal(s.updates().length, N + N - 1, 'reboot: no update');
  assert.equal(s.board.stats.storageWrites, writes, 'reboot: no flash write');
});

test('proxy: update and check-IP requests go through an HTTP proxy with Proxy-Authorization', async (t) => {
  const proxy = await startProxy({ auth: 'pxuser:px-Secret' });
  t.after(() => proxy.close());
  const s = await vscenario({ config: (w) => ({ service: { myddns: section(w, {
    proxy: `pxuser:px-Secret@127.0.0.1:${proxy.port}`, ip_source: 'web', ip_url: w.checkIp.url + '/ip' }) } }) });
  t.after(() => s.close());
  await at(s.board, 1000);
  assert.equal(s.updates().length, 1);
  const u = s.updates()[0];
  assert.equal(u.query.myip, '203.0.113.50');
  assert.deepEqual(u.auth, { user: 'demo', pass: PASSWORD }, 'provider credentials pass the proxy');
  assert.equal(proxy.seen.length, 2, 'check-IP and update, both via the proxy');
  assert.equal(proxy.seen[0].url, s.world.checkIp.url + '/ip');
  assert.ok(proxy.seen[1].url.startsWith(s.world.dyndns2.url + '/nic/update?hostname=' + DOMAIN), proxy.seen[1].url);
  assert.equal(proxy.seen[1].headers.host, s.world.dyndns2.url.slice(7), 'Host is the target');
  assert.ok(proxy.seen.every((r) => r.status === 200));
  assert.equal(proxy.connects(), 0);
  assert.ok(!s.board.output.includes('px-Secret'), 'proxy password masked');
  assert.ok(!s.board.output.includes(Buffer.from('pxuser:px-Secret').toString('base64')));
});

test('proxy: wrong proxy credentials stop the section with a clear reason', async (t) => {
  const proxy = await startProxy({ auth: 'pxuser:right' });
  t.after(() => proxy.close());
  const s = await vscenario({ config: one({ proxy: `pxuser:wrong@127.0.0.1:${proxy.port}` }) });
  t.after(() => s.close());
  await at(s.board, HOUR);
  assert.equal(proxy.seen.length, 1);
  assert.equal(s.updates().length, 0);
  const st = await status(s.board);
  assert.equal(st.state, 'stopped');
  assert.match(st.error, /proxy refused its credentials/);
});

test('proxy with https: refused up front with a clear error, nothing sent', async (t) => {
  const proxy = await startProxy();
  t.after(() => proxy.close());
  const s = await vscenario({ config: one({ proxy: `127.0.0.1:${proxy.port}`, use_https: '1' }) });
  t.after(() => s.close());
  await at(s.board, HOUR);
  assert.equal(proxy.seen.length + proxy.connects(), 0);
  assert.equal(s.board.stats.httpRequests, 0);
  const st = await status(s.board);
  assert.equal(st.state, 'invalid');
  assert.match(st.error, /https:\/\/ cannot go through a proxy on this board/);
  assert.match(s.board.output, /ERR proxy: https:\/\/ cannot go through a proxy/);
});

test('IPv6 section: static AAAA read from DNS over IPv4, updated with the IPv6 address', async (t) => {
  const s = await vscenario({
    config: one({ use_ipv6: '1', ip_source: 'static', ip_static: '2001:db8:0:0::10' }),
    before: (x) => x.world.records.set(DOMAIN, 'AAAA', '2001:db8::1'),
  });
  t.after(() => s.close());
  await at(s.board, 1000);
  assert.ok(s.world.dns.queries.some((q) => q.type === 'AAAA' && q.name === DOMAIN), 'AAAA asked');
  assert.equal(s.updates().length, 1);
  assert.equal(s.updates()[0].query.myip, '2001:db8::10');
  assert.equal(s.world.records.get(DOMAIN, 'AAAA').value, '2001:db8::10');
  assert.equal(s.world.records.get(DOMAIN, 'A').value, '192.0.2.1', 'the A record is untouched');
  await at(s.board, 2 * HOUR);
  assert.equal(s.updates().length, 1, 'steady: AAAA agrees');
  assert.equal(stateFile(s.board).reg, '2001:db8::10');
});
