// The Scaleway DNS API provider against a local fake of the documented API.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as scaleway from '../../firmware/providers/api/scaleway';
import { apiRig } from '../helpers/api-provider';
// @ts-ignore: plain ESM fake without types
import { startScaleway } from '../../host-sim/world/scaleway.mjs';

const seed = () => [
  { name: 'home.example.com', type: 'A', value: '198.51.100.1' },
  { name: 'home.example.com', type: 'A', value: '198.51.100.2' },
  { name: 'example.com', type: 'A', value: '198.51.100.9' },
];

const rig = apiRig(scaleway, {
  start: startScaleway,
  fake: () => ({ token: 'SCW', zones: ['example.com'], records: seed() }),
  opts: (fake) => ({ username: 'example.com', password: 'SCW', domain: 'home', api_url: fake.apiUrl }),
});
const update = rig.update;

test('scaleway: a set of two -> GET then PATCH set with one record, good', () => rig.withFake(async (fake) => {
  const r = await update({}, '203.0.113.5');
  assert.equal(r.word, 'good');
  assert.deepEqual(fake.requests.map((q: any) => q.method), ['GET', 'PATCH']);
  assert.equal(fake.requests[0].path, '/domain/v2beta1/dns-zones/example.com/records');
  assert.deepEqual(fake.requests[0].query, { name: 'home', type: 'A' });
  assert.equal(fake.requests[1].headers['x-auth-token'], 'SCW');
  assert.deepEqual(fake.requests[1].json, { changes: [{ set: { id_fields: { name: 'home', type: 'A' },
    records: [{ data: '203.0.113.5', name: 'home', type: 'A', ttl: 300 }] } }] });
  assert.deepEqual(fake.records.filter((x: any) => x.name === 'home').map((x: any) => x.data), ['203.0.113.5']);
}));

test('scaleway: same address -> nochg; the full name and the apex; TTL from param_opt', () => rig.withFake(async (fake) => {
  assert.equal((await update({ domain: 'example.com' }, '198.51.100.9')).word, 'nochg');
  assert.deepEqual(fake.requests[0].query, { name: '', type: 'A' });
  assert.equal((await update({ domain: 'home.example.com', param_opt: '600' }, '203.0.113.5')).word, 'good');
  assert.equal(fake.requests[2].json.changes[0].set.records[0].ttl, 600);
  assert.equal((await update({ param_opt: 'ttl=120' }, '203.0.113.5')).word, 'nochg');
  assert.equal((await update({ param_opt: 'x' }, '203.0.113.5')).word, 'badsys');
}));

test('scaleway: bad token -> badauth; unknown zone -> nohost; 5xx and 429; network error', () => rig.withFake(async (fake) => {
  const a = await update({ password: 'no' }, '203.0.113.5');
  assert.equal(a.word, 'badauth');
  assert.match(a.text!, /authentication is denied/);
  assert.equal((await update({ username: 'example.org' }, '203.0.113.5')).word, 'nohost');
  fake.failNext(500, undefined, {}, 'PATCH');
  assert.equal((await update({}, '203.0.113.5')).status, 500);
  fake.failNext(429, { message: 'quota exceeded', type: 'quotas_exceeded' }, { 'Retry-After': '5' });
  assert.equal((await update({}, '203.0.113.5')).retryAfter, 5);
  assert.equal((await rig.unreachable({}, '203.0.113.5')).err, 'refused');
}));
