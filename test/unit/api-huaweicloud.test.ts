// The Huawei Cloud DNS provider (AK/SK, SDK-HMAC-SHA256) against a local fake that checks
// signatures by the published algorithm.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as huaweicloud from '../../firmware/providers/api/huaweicloud';
import { apiRig } from '../helpers/api-provider';
// @ts-ignore: plain ESM fake without types
import { startHuaweicloud } from '../../host-sim/world/huaweicloud.mjs';

const rig = apiRig(huaweicloud, {
  start: startHuaweicloud,
  fake: () => ({ ak: 'AK1', sk: 'SK1', zones: ['example.com'], records: [{ name: 'home.example.com', type: 'A', value: '198.51.100.1', ttl: 600 }] }),
  opts: (fake) => ({ username: 'AK1', password: 'SK1', domain: 'home@example.com', api_url: fake.apiUrl }),
});
const update = rig.update;
const line = (q: any) => q.method + ' ' + q.path;

test('huaweicloud: signed zone and record set lookups, then PUT keeping the TTL, good', () => rig.withFake(async (fake) => {
  const r = await update({}, '203.0.113.5');
  assert.equal(r.word, 'good');
  const zid = fake.zones[0].id;
  assert.deepEqual(fake.requests.map(line), ['GET /v2/zones', `GET /v2/zones/${zid}/recordsets`, `PUT /v2/zones/${zid}/recordsets/${fake.records[0].id}`]);
  assert.deepEqual(fake.requests[0].query, { name: 'example.com.', search_mode: 'equal' });
  assert.deepEqual(fake.requests[1].query, { name: 'home.example.com.', type: 'A', search_mode: 'equal' });
  assert.deepEqual(fake.requests[2].json, { name: 'home.example.com.', type: 'A', records: ['203.0.113.5'], ttl: 600 });
  assert.deepEqual(fake.records[0].records, ['203.0.113.5']);
}));

test('huaweicloud: same address -> nochg; home.example.com form; a missing set is created (TTL 120)', () => rig.withFake(async (fake) => {
  assert.equal((await update({ domain: 'home.example.com' }, '198.51.100.1')).word, 'nochg');
  assert.equal((await update({}, '2001:db8::5')).word, 'good');
  assert.equal(fake.requests[4].method, 'POST');
  assert.deepEqual(fake.requests[4].json, { name: 'home.example.com.', type: 'AAAA', records: ['2001:db8::5'], ttl: 120 });
  assert.equal((await update({ domain: '@example.com' }, '198.51.100.9')).word, 'good');
  assert.equal(fake.records[fake.records.length - 1].name, 'example.com.');
}));

test('huaweicloud: wrong SK or a clock far off -> badauth; no clock -> nothing sent; unknown zone -> nohost', () => rig.withFake(async (fake) => {
  const a = await update({ password: 'bad' }, '203.0.113.5');
  assert.equal(a.word, 'badauth');
  assert.match(a.text!, /APIGW\.0301/);
  assert.equal((await update({}, '203.0.113.5', { wall: Date.now() - 3600000 })).word, 'badauth');
  assert.equal((await update({}, '203.0.113.5', { wall: 0 })).word, 'dnserr');
  assert.equal(fake.requests.length, 2);
  assert.equal((await update({ domain: 'home@example.org' }, '203.0.113.5')).word, 'nohost');
}));

test('huaweicloud: 5xx -> status; network error -> err', () => rig.withFake(async (fake) => {
  fake.failNext(500, undefined, {}, 'PUT');
  assert.equal((await update({}, '203.0.113.5')).status, 500);
  assert.equal((await rig.unreachable({}, '203.0.113.5')).err, 'refused');
}));
