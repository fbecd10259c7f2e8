// The Gandi LiveDNS API provider against a local fake of the documented API.
import test from 'node:test';
import assert from 'node:assert/strict';
import { gandi } from '../../firmware/providers/api/gandi';
import { apiContext, run } from '../helpers/node-http';
// @ts-ignore: plain ESM fake without types
import { startGandi } from '../../host-sim/world/gandi.mjs';

const seed = () => [
  { name: 'home.example.com', type: 'A', value: '198.51.100.1', ttl: 300 },
  { name: 'home.example.com', type: 'AAAA', value: '2001:db8::1' },
  { name: 'multi.example.com', type: 'A', value: '198.51.100.1' },
  { name: 'multi.example.com', type: 'A', value: '198.51.100.2' },
];

async function withFake(fn: (fake: any) => Promise<void>, extra: any = {}) {
  const fake = await startGandi({ token: 'PAT1', domains: ['example.com'], records: seed(), ...extra });
  try { await fn(fake); } finally { await fake.close(); }
}

const opts = (fake: any, extra: { [k: string]: string } = {}) =>
  ({ domain: 'example.com', username: 'home', password: 'PAT1', api_url: fake.apiUrl, ...extra });

test('gandi: different address -> GET then PUT keeping the TTL, good', () => withFake(async (fake) => {
  const r = await run(gandi, apiContext(opts(fake), '203.0.113.5').ctx);
  assert.equal(r.word, 'good');
  assert.equal(fake.requests.length, 2);
  assert.equal(fake.requests[0].path, '/v5/livedns/domains/example.com/records/home/A');
  assert.equal(fake.requests[0].headers.authorization, 'Bearer PAT1');
  assert.equal(fake.requests[1].method, 'PUT');
  assert.deepEqual(fake.requests[1].json, { rrset_values: ['203.0.113.5'], rrset_ttl: 300 });
  assert.deepEqual(fake.records.find((s: any) => s.name === 'home' && s.type === 'A').values, ['203.0.113.5']);
}));

test('gandi: same address -> nochg; a set with extra values is replaced', () => withFake(async (fake) => {
  assert.equal((await run(gandi, apiContext(opts(fake), '198.51.100.1').ctx)).word, 'nochg');
  assert.equal((await run(gandi, apiContext(opts(fake), '2001:0db8::0001').ctx)).word, 'nochg');
  assert.equal(fake.requests.length, 2);
  assert.equal((await run(gandi, apiContext(opts(fake, { username: 'multi' }), '198.51.100.1').ctx)).word, 'good');
  assert.deepEqual(fake.records.find((s: any) => s.name === 'multi').values, ['198.51.100.1']);
}));

test('gandi: a legacy API key (ddns-scripts sends Apikey) still works', () => withFake(async (fake) => {
  const r = await run(gandi, apiContext(opts(fake, { password: 'OLDKEY' }), '203.0.113.5').ctx);
  assert.equal(r.word, 'good');
  assert.deepEqual(fake.requests.map((q: any) => q.headers.authorization), ['Bearer OLDKEY', 'Apikey OLDKEY', 'Apikey OLDKEY']);
}, { apiKey: 'OLDKEY' }));

test('gandi: bad token -> badauth (after trying it both ways), nothing written', () => withFake(async (fake) => {
  const r = await run(gandi, apiContext(opts(fake, { password: 'nope' }), '203.0.113.5').ctx);
  assert.equal(r.word, 'badauth');
  assert.equal(r.status, 401);
  assert.equal(fake.requests.length, 2);
  assert.ok(fake.requests.every((q: any) => q.method === 'GET'));
}));

test('gandi: missing record or unknown zone -> nohost', () => withFake(async (fake) => {
  assert.equal((await run(gandi, apiContext(opts(fake, { username: 'nope' }), '203.0.113.5').ctx)).word, 'nohost');
  assert.equal((await run(gandi, apiContext(opts(fake, { domain: 'example.org' }), '203.0.113.5').ctx)).word, 'nohost');
  assert.equal(fake.requests.length, 2);
}));

test('gandi: 5xx -> status for retry; 429 -> status and Retry-After', () => withFake(async (fake) => {
  fake.failNext(500, undefined, {}, 'PUT');
  const r = await run(gandi, apiContext(opts(fake), '203.0.113.5').ctx);
  assert.equal(r.status, 500);
  assert.equal(r.word, undefined);
  fake.failNext(429, { code: 429, message: 'Too Many Requests', object: 'HTTPTooManyRequests', cause: 'Too Many Requests' }, { 'Retry-After': '9' });
  const r2 = await run(gandi, apiContext(opts(fake), '203.0.113.5').ctx);
  assert.deepEqual([r2.status, r2.retryAfter], [429, 9]);
}));

test('gandi: network error -> err', async () => {
  const fake = await startGandi({ records: seed() });
  const url = fake.apiUrl;
  await fake.close();
  const r = await run(gandi, apiContext({ domain: 'example.com', username: 'home', password: 'x', api_url: url }, '203.0.113.5').ctx);
  assert.equal(r.err, 'refused');
});
