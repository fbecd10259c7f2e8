// The GoDaddy API provider against a local fake of the documented API.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as godaddy from '../../firmware/providers/api/godaddy';
import { apiRig } from '../helpers/api-provider';
// @ts-ignore: plain ESM fake without types
import { startGodaddy } from '../../host-sim/world/godaddy.mjs';

const seed = () => [
  { name: 'home.example.com', type: 'A', value: '198.51.100.1', ttl: 1200 },
  { name: 'home.example.com', type: 'AAAA', value: '2001:db8::1' },
  { name: 'example.com', type: 'A', value: '198.51.100.9' },
];

const rig = apiRig(godaddy, {
  start: startGodaddy,
  fake: () => ({ key: 'K1', secret: 'S1', domains: ['example.com'], records: seed() }),
  opts: (fake) => ({ domain: 'home@example.com', username: 'K1', password: 'S1', api_url: fake.apiUrl }),
});
const update = rig.update;

test('godaddy: different address -> GET then PUT keeping the TTL, good', () => rig.withFake(async (fake) => {
  const r = await update({}, '203.0.113.5');
  assert.equal(r.word, 'good');
  assert.equal(fake.requests.length, 2);
  assert.equal(fake.requests[0].method, 'GET');
  assert.equal(fake.requests[0].path, '/v1/domains/example.com/records/A/home');
  assert.equal(fake.requests[0].headers.authorization, 'sso-key K1:S1');
  assert.equal(fake.requests[1].method, 'PUT');
  assert.deepEqual(fake.requests[1].json, [{ data: '203.0.113.5', ttl: 1200 }]);
  assert.equal(fake.records.find((x: any) => x.name === 'home' && x.type === 'A').data, '203.0.113.5');
}));

test('godaddy: same address -> nochg, no write', () => rig.withFake(async (fake) => {
  const r = await update({}, '198.51.100.1');
  assert.equal(r.word, 'nochg');
  assert.equal(fake.requests.length, 1);
}));

test('godaddy: domain without host is the @ record; AAAA for IPv6', () => rig.withFake(async (fake) => {
  const apex = await update({ domain: 'example.com' }, '198.51.100.9');
  assert.equal(apex.word, 'nochg');
  assert.equal(fake.requests[0].path, '/v1/domains/example.com/records/A/%40');
  const v6 = await update({}, '2001:db8::7');
  assert.equal(v6.word, 'good');
  assert.equal(fake.requests[1].path, '/v1/domains/example.com/records/AAAA/home');
}));

test('godaddy: bad key or secret -> badauth', () => rig.withFake(async (fake) => {
  const r = await update({ password: 'nope' }, '203.0.113.5');
  assert.equal(r.word, 'badauth');
  assert.equal(fake.requests.length, 1);
}));

test('godaddy: missing record or unknown domain -> nohost, nothing written', () => rig.withFake(async (fake) => {
  assert.equal((await update({ domain: 'nope@example.com' }, '203.0.113.5')).word, 'nohost');
  const r = await update({ domain: 'home@example.org' }, '203.0.113.5');
  assert.equal(r.word, 'nohost');
  assert.match(r.text, /UNKNOWN_DOMAIN|not registered/);
  assert.equal(fake.requests.length, 2);
}));

test('godaddy: 5xx -> status; 429 -> status with retryAfterSec', () => rig.withFake(async (fake) => {
  fake.failNext(502);
  assert.equal((await update({}, '203.0.113.5')).status, 502);
  fake.failNext(429, { code: 'TOO_MANY_REQUESTS', message: 'Too many requests', retryAfterSec: 55 }, {}, 'PUT');
  const r = await update({}, '203.0.113.5');
  assert.equal(r.status, 429);
  assert.equal(r.retryAfter, 55);
}));

test('godaddy: network error -> err', async () => {
  const r = await rig.unreachable({}, '203.0.113.5');
  assert.equal(r.err, 'refused');
});
