// The Hetzner Cloud DNS API provider against a local fake of the documented API.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as hetzner from '../../firmware/providers/api/hetzner';
import { apiRig } from '../helpers/api-provider';
// @ts-ignore: plain ESM fake without types
import { startHetzner } from '../../host-sim/world/hetzner.mjs';

const seed = () => [
  { name: 'www.example.com', type: 'A', value: '198.51.100.1', comment: 'home router' },
  { name: 'www.example.com', type: 'AAAA', value: '2001:db8::1' },
  { name: 'example.com', type: 'A', value: '198.51.100.9' },
];

const rig = apiRig(hetzner, {
  start: startHetzner,
  fake: () => ({ token: 'HT', zones: ['example.com'], records: seed() }),
  opts: (fake) => ({ domain: 'example.com', username: 'www', password: 'HT', api_url: fake.apiUrl }),
});
const update = rig.update;

test('hetzner: different address -> GET rrset then set_records keeping the comment, good', () => rig.withFake(async (fake) => {
  const r = await update({}, '203.0.113.5');
  assert.equal(r.word, 'good');
  assert.equal(fake.requests.length, 2);
  assert.equal(fake.requests[0].path, '/v1/zones/example.com/rrsets/www/A');
  assert.equal(fake.requests[0].headers.authorization, 'Bearer HT');
  assert.equal(fake.requests[1].method, 'POST');
  assert.equal(fake.requests[1].path, '/v1/zones/example.com/rrsets/www/A/actions/set_records');
  assert.deepEqual(fake.requests[1].json, { records: [{ value: '203.0.113.5', comment: 'home router' }] });
  assert.equal(fake.records.find((s: any) => s.id === 'www/A').records[0].value, '203.0.113.5');
}));

test('hetzner: same address -> nochg, no write; apex and AAAA', () => rig.withFake(async (fake) => {
  assert.equal((await update({}, '198.51.100.1')).word, 'nochg');
  assert.equal((await update({ username: '' }, '198.51.100.9')).word, 'nochg');
  assert.equal(fake.requests[1].path, '/v1/zones/example.com/rrsets/%40/A');
  assert.equal((await update({}, '2001:db8:0::1')).word, 'nochg');
  assert.equal(fake.requests.length, 3);
}));

test('hetzner: bad token -> badauth', () => rig.withFake(async (fake) => {
  const r = await update({ password: 'bad' }, '203.0.113.5');
  assert.equal(r.word, 'badauth');
  assert.match(r.text, /unable to authenticate/);
}));

test('hetzner: missing rrset or zone -> nohost', () => rig.withFake(async (fake) => {
  assert.equal((await update({ username: 'nope' }, '203.0.113.5')).word, 'nohost');
  assert.equal((await update({ domain: 'example.org' }, '203.0.113.5')).word, 'nohost');
  assert.equal(fake.requests.length, 2);
}));

test('hetzner: 5xx -> status; 429 -> wait from RateLimit-Reset', () => rig.withFake(async (fake) => {
  fake.failNext(503, undefined, {}, 'POST');
  const r = await update({}, '203.0.113.5');
  assert.equal(r.status, 503);
  assert.equal(fake.requests.length, 2);
  const now = Date.UTC(2026, 0, 2, 3, 4, 5);
  fake.failNext(429, { error: { code: 'rate_limit_exceeded', message: 'limit of 3600 requests per hour reached', details: {} } },
    { 'RateLimit-Reset': String(now / 1000 + 120) });
  const r2 = await update({}, '203.0.113.5', { wall: now });
  assert.deepEqual([r2.status, r2.retryAfter], [429, 120]);
}));

test('hetzner: network error -> err', async () => {
  const r = await rig.unreachable({ password: 'x' }, '203.0.113.5');
  assert.equal(r.err, 'refused');
});
