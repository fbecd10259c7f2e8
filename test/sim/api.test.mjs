// API providers through the built bundle on the simulated board: Cloudflare against its fake,
// BIND nsupdate (RFC 2136 + TSIG) against a real named, with the clock set over SNTP.
import test from 'node:test';
import assert from 'node:assert/strict';
import { scenario, DOMAIN } from './harness.mjs';
import { startCloudflare } from '../../host-sim/world/cloudflare.mjs';
import { startBind } from '../real/bind-server.ts';

const TOKEN = 'cf-token-0123456789abcdefghijklmnop';

test('cloudflare.com-v4 from the catalog updates the record through the API', async (t) => {
  const cf = await startCloudflare({ token: TOKEN, zones: { 'example.com': { records: [
    { type: 'A', name: 'home', content: '192.0.2.1' }] } } });
  t.after(() => cf.close());
  const s = await scenario({
    config: (w) => ({ service: { cf: { enabled: '1', service_name: 'cloudflare.com-v4',
      username: 'Bearer', password: TOKEN, domain: 'home@example.com', lookup_host: DOMAIN,
      api_url: cf.apiUrl, dns_server: '127.0.0.1:' + w.dns.port } } }),
    time: 'virtual', boardOpts: () => ({ ioWaitMs: 300 }),
  });
  t.after(() => s.close());
  await s.board.advance(5000);
  await s.board.waitFor('update accepted', { timeoutMs: 8000, since: 0 });
  assert.equal(cf.record(DOMAIN, 'A').content, '198.51.100.10');
  assert.ok(cf.requests.every((r) => r.headers.authorization === 'Bearer ' + TOKEN));
  assert.ok(!s.board.output.includes(TOKEN), 'token printed');
  const before = cf.requests.length;
  const since = s.board.output.length;
  s.board.setAddress('198.51.100.77');
  // while a request is out, only the core and the request hold memory: the pass's modules and
  // the provider's are out of the cache (its code lives on in the update's steps). The zone
  // lookup is held 1.5 s; the board waits 300 ms for I/O before its clock moves on.
  cf.setDelay(1500);
  // (a section sends at most one update per 5 min)
  await s.board.advance(5 * 60e3);
  assert.match(s.board.output.slice(since), /sending update via API cloudflare/);
  const cached = [...s.board.eval('Modules.getCached()')];
  assert.ok(cached.includes('ddns.http'), 'a request is out: ' + cached);
  for (const m of ['ddns.pass', 'ddns.send', 'ddns.verdict', 'ddns.api.cloudflare']) assert.ok(!cached.includes(m), m + ' cached: ' + cached);
  cf.setDelay(0);
  for (let i = 0; i < 60 && !s.board.output.slice(since).includes('-> 198.51.100.77'); i++) {
    await new Promise((r) => setTimeout(r, 100));
    await s.board.advance(100);
  }
  assert.match(s.board.output.slice(since), /-> 198\.51\.100\.77/);
  assert.equal(cf.record(DOMAIN, 'A').content, '198.51.100.77');
  assert.ok(cf.requests.length - before <= 3, 'zone, record, patch at most');
});

test('bind-nsupdate signs an RFC 2136 update that a real BIND accepts, clock from SNTP', async (t) => {
  const secret = Buffer.from('sim nsupdate secret 0123456789').toString('base64');
  const bind = await startBind({ zone: 'example.test', records: [{ name: 'home', type: 'A', data: '192.0.2.1' }],
    tsigKey: { name: 'ddns-key', secret, algorithm: 'hmac-sha256' } });
  t.after(() => bind.stop());
  const s = await scenario({
    config: (w) => ({ global: { ntp_server: '127.0.0.1:' + w.sntp.port }, service: { ns: { enabled: '1',
      service_name: 'bind-nsupdate', username: 'ddns-key', password: secret, domain: 'home.example.test',
      dns_server: '127.0.0.1:' + bind.port } } }),
  });
  t.after(() => s.close());
  await s.board.waitFor('update accepted', { timeoutMs: 10000 });
  assert.ok(s.world.sntp.requests.length >= 1, 'asked the SNTP server');
  assert.ok(!s.board.output.includes(secret), 'TSIG secret printed');
  const { execFileSync } = await import('node:child_process');
  const answer = execFileSync('dig', ['+short', '-p', String(bind.port), '@127.0.0.1', 'home.example.test', 'A']).toString().trim();
  assert.equal(answer, '198.51.100.10');
});
