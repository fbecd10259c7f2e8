// The Gandi LiveDNS API provider against a local fake of the documented API.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as gandi from '../../firmware/providers/api/gandi';
import { apiRig } from '../helpers/api-provider';
// @ts-ignore: plain ESM fake without types
import { startGandi } from '../../host-sim/world/gandi.mjs';

const seed = () => [
  { name: 'home.example.com', type: 'A', value: '198.51.100.1', ttl: 300 },
  { name: 'home.example.com', type: 'AAAA', value: '2001:db8::1' },
  { name: 'multi.example.com', type: 'A', value: '198.51.100.1' },
  { name: 'multi.example.com', type: 'A', value: '198.51.100.2' },
];

const rig = apiRig(gandi, {
  start: startGandi,
  fake: () => ({ token: 'PAT1', domains: ['example.com'], records: seed() }),
  opts: (fake) => ({ domain: 'example.com', username: 'home', password: 'PAT1', api_url: fake.apiUrl }),
});
const update = rig.update;

test('gandi: different address -> GET then PUT keeping the TTL, good', () => rig.withFake(async (fake) => {
  const r = await update({}, '203.0.113.5');
  assert.equal(r.word, 'good');
  assert.equal(fake.requests.length, 2);
  assert.equal(fake.requests[0].path, '/v5/livedns/domains/example.com/records/home/A');
  assert.equal(fake.requests[0].headers.authorization, 'Bearer PAT1');
  assert.equal(fake.requests[1].method, 'PUT');
  assert.deepEqual(fake.requests[1].json, { rrset_values: ['203.0.113.5'], rrset_ttl: 300 });
  assert.deepEqual(fake.records.find((s: any) => s.name === 'home' && s.type === 'A').values, ['203.0.113.5']);
}));

test('gandi: same address -> nochg; a set with extra values is replaced', () => rig.withFake(async (fake) => {
  assert.equal((await update({}, '198.51.100.1')).word, 'nochg');
  assert.equal((await update({}, '2001:0db8::0001')).word, 'nochg');
  assert.equal(fake.requests.length, 2);
  assert.equal((await update({ username: 'multi' }, '198.51.100.1')).word, 'good');
  assert.deepEqual(fake.records.find((s: any) => s.name === 'multi').values, ['198.51.100.1']);
}));

test('gandi: a legacy API key (ddns-scripts sends Apikey) still works', () => rig.withFake(async (fake) => {
  const r = await update({ password: 'OLDKEY' }, '203.0.113.5');
  assert.equal(r.word, 'good');
  assert.deepEqual(fake.requests.map((q: any) => q.headers.authorization), ['Bearer OLDKEY', 'Apikey OLDKEY', 'Apikey OLDKEY']);
}, { apiKey: 'OLDKEY' }));

test('gandi: bad token -> badauth (after trying it both ways), nothing written', () => rig.withFake(async (fake) => {
  const r = await update({ password: 'nope' }, '203.0.113.5');
  assert.equal(r.word, 'badauth');
  assert.equal(r.status, 401);
  assert.equal(fake.requests.length, 2);
  assert.ok(fake.requests.every((q: any) => q.method === 'GET'));
}));

test('gandi: missing record or unknown zone -> nohost', () => rig.withFake(async (fake) => {
  assert.equal((await update({ username: 'nope' }, '203.0.113.5')).word, 'nohost');
  assert.equal((await update({ domain: 'example.org' }, '203.0.113.5')).word, 'nohost');
  assert.equal(fake.requests.length, 2);
}));

test('gandi: 5xx -> status for retry; 429 -> status and Retry-After', () => rig.withFake(async (fake) => {
  fake.failNext(500, undefined, {}, 'PUT');
  const r = await update({}, '203.0.113.5');
  assert.equal(r.status, 500);
  assert.equal(r.word, undefined);
  fake.failNext(429, { code: 429, message: 'Too Many Requests', object: 'HTTPTooManyRequests', cause: 'Too Many Requests' }, { 'Retry-After': '9' });
  const r2 = await update({}, '203.0.113.5');
  assert.deepEqual([r2.status, r2.retryAfter], [429, 9]);
}));

test('gandi: network error -> err', async () => {
  const r = await rig.unreachable({ password: 'x' }, '203.0.113.5');
  assert.equal(r.err, 'refused');
});
