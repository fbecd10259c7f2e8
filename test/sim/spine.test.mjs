// The first vertical slice, on the built bundle in the simulator (issue: firmware spine).
import test from 'node:test';
import assert from 'node:assert/strict';
import { scenario, section, DOMAIN, PASSWORD, sleep } from './harness.mjs';

const oneSection = (opts) => (world) => ({ service: { myddns: section(world, opts) } });

test('first update at boot, with Basic auth and the DNS following', async (t) => {
  const s = await scenario({ config: oneSection() });
  t.after(() => s.close());
  await s.board.waitFor('update accepted', { timeoutMs: 5000 });
  const [u] = s.updates();
  assert.equal(s.updates().length, 1);
  assert.equal(u.query.hostname, DOMAIN);
  assert.equal(u.query.myip, '198.51.100.10');
  assert.deepEqual(u.auth, { user: 'demo', pass: PASSWORD });
  assert.equal(u.headers.connection, 'close');
  assert.equal(s.world.records.get(DOMAIN, 'A').value, '198.51.100.10');
  assert.ok(!s.board.output.includes(PASSWORD), 'password printed');
});

test('no update when DNS already has the address', async (t) => {
  const s = await scenario({ config: oneSection(), registered: '198.51.100.10' });
  t.after(() => s.close());
  await s.board.waitFor('DNS: ' + DOMAIN + ' is 198.51.100.10', { timeoutMs: 5000 });
  await sleep(300);
  assert.equal(s.updates().length, 0);
  assert.ok(s.world.dns.queries.length >= 1, 'DNS was asked');
});

test('an address change event sends the new address at once', async (t) => {
  const s = await scenario({ config: oneSection(), registered: '198.51.100.10' });
  t.after(() => s.close());
  await s.board.waitFor('is 198.51.100.10', { timeoutMs: 5000 });
  const since = s.board.output.length;
  s.board.setAddress('198.51.100.99');
  await s.board.waitFor('update accepted', { timeoutMs: 5000, since });
  assert.equal(s.updates().length, 1);
  assert.equal(s.updates()[0].query.myip, '198.51.100.99');
});

test('web source: a dead first ip_url falls back to the next', async (t) => {
  const s = await scenario({
    config: (w) => ({ service: { myddns: section(w, { ip_source: 'web', ip_url: 'http://127.0.0.1:9/dead ' + w.checkIp.url + '/' }) } }),
  });
  t.after(() => s.close());
  await s.board.waitFor('update accepted', { timeoutMs: 8000 });
  assert.match(s.board.output, /ip_url http:\/\/127\.0\.0\.1:9\/dead failed/);
  assert.equal(s.updates()[0].query.myip, '203.0.113.50');
});

test('an answer that does not match is a failure, not a success', async (t) => {
  // duckdns.org from the catalog expects "OK"; its fake answers "KO" to a wrong token.
  const s = await scenario({
    config: (w) => ({ service: { duck: { enabled: '1', service_name: 'duckdns.org', domain: 'home',
      password: 'wrong-token', lookup_host: DOMAIN, dns_server: '127.0.0.1:' + w.dns.port } } }),
    boardOpts: (w) => ({ hosts: { 'www.duckdns.org': '127.0.0.2' }, routes: { '127.0.0.2:80': '127.0.0.1:' + w.duckdns.port } }),
  });
  t.after(() => s.close());
  await s.board.waitFor(/WARN failed: /, { timeoutMs: 5000 });
  const req = s.world.duckdns.requests[0];
  assert.equal(req.query.token, 'wrong-token');
  assert.equal(req.answer, 'KO');
  assert.doesNotMatch(s.board.output, /update accepted/);
  s.board.type('status()');
  await s.board.waitFor(/duck: retry .*error=/, { timeoutMs: 2000 });
});

test('the right token is accepted through the catalog URL', async (t) => {
  const s = await scenario({
    config: (w) => ({ service: { duck: { enabled: '1', service_name: 'duckdns.org', domain: 'home',
      password: 'duck-token', lookup_host: DOMAIN, dns_server: '127.0.0.1:' + w.dns.port } } }),
    boardOpts: (w) => ({ hosts: { 'www.duckdns.org': '127.0.0.2' }, routes: { '127.0.0.2:80': '127.0.0.1:' + w.duckdns.port } }),
  });
  t.after(() => s.close());
  await s.board.waitFor('update accepted', { timeoutMs: 5000 });
  assert.equal(s.world.duckdns.requests[0].answer, 'OK');
});
