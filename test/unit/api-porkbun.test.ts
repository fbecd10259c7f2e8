// The Porkbun API provider against a local fake of the documented API.
import test from 'node:test';
import assert from 'node:assert/strict';
import { porkbun } from '../../firmware/providers/api/porkbun';
import { apiContext, run } from '../helpers/node-http';
// @ts-ignore: plain ESM fake without types
import { startPorkbun } from '../../host-sim/world/porkbun.mjs';

const seed = () => [
  { name: 'home.example.com', type: 'A', value: '198.51.100.1', ttl: 900 },
  { name: 'home.example.com', type: 'AAAA', value: '2001:db8::1' },
  { name: 'example.com', type: 'A', value: '198.51.100.9' },
  { name: 'home.example.co.uk', type: 'A', value: '198.51.100.3' },
];

async function withFake(fn: (fake: any) => Promise<void>) {
  const fake = await startPorkbun({ apiKey: 'pk1_a', secretApiKey: 'sk1_b', domains: ['example.com', 'example.co.uk'], records: seed() });
  try { await fn(fake); } finally { await fake.close(); }
}

const opts = (fake: any, extra: { [k: string]: string } = {}) =>
  ({ domain: 'home.example.com', username: 'pk1_a', password: 'sk1_b', api_url: fake.apiUrl, ...extra });

test('porkbun: different address -> retrieve then edit by name and type keeping the TTL, good', () => withFake(async (fake) => {
  const r = await run(porkbun, apiContext(opts(fake), '203.0.113.5').ctx);
  assert.equal(r.word, 'good');
  assert.equal(fake.requests.length, 2);
  assert.equal(fake.requests[0].path, '/api/json/v3/dns/retrieveByNameType/example.com/A/home');
  assert.deepEqual(fake.requests[0].json, { secretapikey: 'sk1_b', apikey: 'pk1_a' });
  assert.equal(fake.requests[1].path, '/api/json/v3/dns/editByNameType/example.com/A/home');
  assert.deepEqual(fake.requests[1].json, { secretapikey: 'sk1_b', apikey: 'pk1_a', content: '203.0.113.5', ttl: '900' });
  assert.equal(fake.records[0].content, '203.0.113.5');
}));

test('porkbun: same address -> nochg without the edit Porkbun would refuse', () => withFake(async (fake) => {
  assert.equal((await run(porkbun, apiContext(opts(fake), '198.51.100.1').ctx)).word, 'nochg');
  assert.equal((await run(porkbun, apiContext(opts(fake), '2001:db8:0:0:0:0:0:1').ctx)).word, 'nochg');
  assert.equal(fake.requests.length, 2);
}));

test('porkbun: the bare domain, and host@zone for a two-label suffix', () => withFake(async (fake) => {
  assert.equal((await run(porkbun, apiContext(opts(fake, { domain: 'example.com' }), '198.51.100.9').ctx)).word, 'nochg');
  assert.equal(fake.requests[0].path, '/api/json/v3/dns/retrieveByNameType/example.com/A/');
  assert.equal((await run(porkbun, apiContext(opts(fake, { domain: 'home@example.co.uk' }), '203.0.113.8').ctx)).word, 'good');
  assert.equal(fake.requests[2].path, '/api/json/v3/dns/editByNameType/example.co.uk/A/home');
}));

test('porkbun: bad key -> badauth (HTTP 400 with its message)', () => withFake(async (fake) => {
  const r = await run(porkbun, apiContext(opts(fake, { password: 'sk1_wrong' }), '203.0.113.5').ctx);
  assert.equal(r.word, 'badauth');
  assert.match(r.text, /Invalid API key/);
  assert.equal(fake.requests.length, 1);
}));

test('porkbun: missing record or domain without API access -> nohost / badauth, nothing written', () => withFake(async (fake) => {
  assert.equal((await run(porkbun, apiContext(opts(fake, { domain: 'nope.example.com' }), '203.0.113.5').ctx)).word, 'nohost');
  const r = await run(porkbun, apiContext(opts(fake, { domain: 'home.example.org' }), '203.0.113.5').ctx);
  assert.equal(r.word, 'badauth');
  assert.match(r.text, /opted in/);
  assert.equal(fake.requests.length, 2);
}));

test('porkbun: 5xx -> status; 429 -> status and Retry-After', () => withFake(async (fake) => {
  fake.failNext(503, undefined, {}, 'editByNameType');
  const r = await run(porkbun, apiContext(opts(fake), '203.0.113.5').ctx);
  assert.equal(r.status, 503);
  assert.equal(fake.requests.length, 2);
  fake.failNext(429, { status: 'ERROR', message: 'Rate limit exceeded.' }, { 'Retry-After': '61' });
  const r2 = await run(porkbun, apiContext(opts(fake), '203.0.113.5').ctx);
  assert.deepEqual([r2.status, r2.retryAfter], [429, 61]);
}));

test('porkbun: network error -> err', async () => {
  const fake = await startPorkbun({ records: seed() });
  const url = fake.apiUrl;
  await fake.close();
  const r = await run(porkbun, apiContext({ domain: 'home.example.com', username: 'a', password: 'b', api_url: url }, '203.0.113.5').ctx);
  assert.equal(r.err, 'refused');
});
