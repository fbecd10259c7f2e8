// The GoDaddy API provider against a local fake of the documented API.
import test from 'node:test';
import assert from 'node:assert/strict';
import { godaddy } from '../../firmware/providers/api/godaddy';
import { apiContext, run } from '../helpers/node-http';
// @ts-ignore: plain ESM fake without types
import { startGodaddy } from '../../host-sim/world/godaddy.mjs';

const seed = () => [
  { name: 'home.example.com', type: 'A', value: '198.51.100.1', ttl: 1200 },
  { name: 'home.example.com', type: 'AAAA', value: '2001:db8::1' },
  { name: 'example.com', type: 'A', value: '198.51.100.9' },
];

async function withFake(fn: (fake: any) => Promise<void>) {
  const fake = await startGodaddy({ key: 'K1', secret: 'S1', domains: ['example.com'], records: seed() });
  try { await fn(fake); } finally { await fake.close(); }
}

const opts = (fake: any, extra: { [k: string]: string } = {}) =>
  ({ domain: 'home@example.com', username: 'K1', password: 'S1', api_url: fake.apiUrl, ...extra });

test('godaddy: different address -> GET then PUT keeping the TTL, good', () => withFake(async (fake) => {
  const r = await run(godaddy, apiContext(opts(fake), '203.0.113.5').ctx);
  assert.equal(r.word, 'good');
  assert.equal(fake.requests.length, 2);
  assert.equal(fake.requests[0].method, 'GET');
  assert.equal(fake.requests[0].path, '/v1/domains/example.com/records/A/home');
  assert.equal(fake.requests[0].headers.authorization, 'sso-key K1:S1');
  assert.equal(fake.requests[1].method, 'PUT');
  assert.deepEqual(fake.requests[1].json, [{ data: '203.0.113.5', ttl: 1200 }]);
  assert.equal(fake.records.find((x: any) => x.name === 'home' && x.type === 'A').data, '203.0.113.5');
}));

test('godaddy: same address -> nochg, no write', () => withFake(async (fake) => {
  const r = await run(godaddy, apiContext(opts(fake), '198.51.100.1').ctx);
  assert.equal(r.word, 'nochg');
  assert.equal(fake.requests.length, 1);
}));

test('godaddy: domain without host is the @ record; AAAA for IPv6', () => withFake(async (fake) => {
  const apex = await run(godaddy, apiContext(opts(fake, { domain: 'example.com' }), '198.51.100.9').ctx);
  assert.equal(apex.word, 'nochg');
  assert.equal(fake.requests[0].path, '/v1/domains/example.com/records/A/%40');
  const v6 = await run(godaddy, apiContext(opts(fake), '2001:db8::7').ctx);
  assert.equal(v6.word, 'good');
  assert.equal(fake.requests[1].path, '/v1/domains/example.com/records/AAAA/home');
}));

test('godaddy: bad key or secret -> badauth', () => withFake(async (fake) => {
  const r = await run(godaddy, apiContext(opts(fake, { password: 'nope' }), '203.0.113.5').ctx);
  assert.equal(r.word, 'badauth');
  assert.equal(fake.requests.length, 1);
}));

test('godaddy: missing record or unknown domain -> nohost, nothing written', () => withFake(async (fake) => {
  assert.equal((await run(godaddy, apiContext(opts(fake, { domain: 'nope@example.com' }), '203.0.113.5').ctx)).word, 'nohost');
  const r = await run(godaddy, apiContext(opts(fake, { domain: 'home@example.org' }), '203.0.113.5').ctx);
  assert.equal(r.word, 'nohost');
  assert.match(r.text, /UNKNOWN_DOMAIN|not registered/);
  assert.equal(fake.requests.length, 2);
}));

test('godaddy: 5xx -> status; 429 -> status with retryAfterSec', () => withFake(async (fake) => {
  fake.failNext(502);
  assert.equal((await run(godaddy, apiContext(opts(fake), '203.0.113.5').ctx)).status, 502);
  fake.failNext(429, { code: 'TOO_MANY_REQUESTS', message: 'Too many requests', retryAfterSec: 55 }, {}, 'PUT');
  const r = await run(godaddy, apiContext(opts(fake), '203.0.113.5').ctx);
  assert.equal(r.status, 429);
  assert.equal(r.retryAfter, 55);
}));

test('godaddy: network error -> err', async () => {
  const fake = await startGodaddy({ records: seed() });
  const url = fake.apiUrl;
  await fake.close();
  const r = await run(godaddy, apiContext({ domain: 'home@example.com', username: 'K1', password: 'S1', api_url: url }, '203.0.113.5').ctx);
  assert.equal(r.err, 'refused');
});
