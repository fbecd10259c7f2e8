// The LuaDNS API provider against a local fake of the documented API.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as luadns from '../../firmware/providers/api/luadns';
import { apiRig } from '../helpers/api-provider';
// @ts-ignore: plain ESM fake without types
import { startLuadns } from '../../host-sim/world/luadns.mjs';

const seed = () => [
  { name: 'home.example.com', type: 'A', value: '198.51.100.1', ttl: 600 },
  { name: 'home.example.com', type: 'AAAA', value: '2001:db8::1' },
  { name: 'home.sub.example.com', type: 'A', value: '198.51.100.2' },
];

const rig = apiRig(luadns, {
  start: startLuadns,
  fake: () => ({ email: 'joe@example.com', key: 'K', zones: ['example.com', 'sub.example.com', 'example.org'], records: seed() }),
  opts: (fake) => ({ username: 'joe@example.com', password: 'K', domain: 'home.example.com', api_url: fake.apiUrl }),
});
const update = rig.update;

test('luadns: different address -> zones, records, PUT keeping the TTL, good', () => rig.withFake(async (fake) => {
  const r = await update({}, '203.0.113.5');
  assert.equal(r.word, 'good');
  assert.deepEqual(fake.requests.map((q: any) => q.method + ' ' + q.path),
    ['GET /v1/zones', 'GET /v1/zones/31/records', 'PUT /v1/zones/31/records/1000']);
  assert.equal(fake.requests[0].headers.authorization, 'Basic ' + Buffer.from('joe@example.com:K').toString('base64'));
  assert.deepEqual(fake.requests[2].json, { name: 'home.example.com.', type: 'A', content: '203.0.113.5', ttl: 600 });
  assert.equal(fake.records[0].content, '203.0.113.5');
}));

test('luadns: same address -> nochg; the longest zone wins; zone_id skips the list', () => rig.withFake(async (fake) => {
  assert.equal((await update({}, '198.51.100.1')).word, 'nochg');
  assert.equal((await update({}, '2001:db8:0::1')).word, 'nochg');
  assert.equal((await update({ domain: 'home.sub.example.com' }, '198.51.100.2')).word, 'nochg');
  assert.equal(fake.requests[5].path, '/v1/zones/32/records');
  const r = await update({ param_opt: 'zone_id=31' }, '203.0.113.9');
  assert.equal(r.word, 'good');
  assert.deepEqual(fake.requests.slice(6).map((q: any) => q.path), ['/v1/zones/31/records', '/v1/zones/31/records/1000']);
}));

test('luadns: bad key -> badauth; no zone or no record -> nohost', () => rig.withFake(async (fake) => {
  assert.equal((await update({ password: 'bad' }, '203.0.113.5')).word, 'badauth');
  assert.equal((await update({ domain: 'home.example.net' }, '203.0.113.5')).word, 'nohost');
  const r = await update({ domain: 'nope.example.org' }, '203.0.113.5');
  assert.equal(r.word, 'nohost');
  assert.match(r.text!, /no A record nope\.example\.org/);
  assert.ok(fake.requests.every((q: any) => q.method === 'GET'));
}));

test('luadns: 5xx -> status; 429 -> status and Retry-After; network error -> err', () => rig.withFake(async (fake) => {
  fake.failNext(503, undefined, {}, 'PUT');
  assert.equal((await update({}, '203.0.113.5')).status, 503);
  fake.failNext(429, { status: 'Too Many Requests', request_id: 'r1', message: 'Rate limited.' }, { 'Retry-After': '30' });
  const r = await update({}, '203.0.113.5');
  assert.deepEqual([r.status, r.retryAfter], [429, 30]);
  assert.equal((await rig.unreachable({}, '203.0.113.5')).err, 'refused');
}));
