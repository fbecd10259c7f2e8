// The IONOS DNS API provider against a local fake of the documented API.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as ionos from '../../firmware/providers/api/ionos';
import { apiRig } from '../helpers/api-provider';
// @ts-ignore: plain ESM fake without types
import { startIonos } from '../../host-sim/world/ionos.mjs';

const rig = apiRig(ionos, {
  start: startIonos,
  fake: () => ({ key: 'p.s', zones: ['example.com', 'example.net'], records: [
    { name: 'www.example.com', type: 'A', value: '198.51.100.1', ttl: 300 },
    { name: 'www.example.com', type: 'AAAA', value: '2001:db8::1' },
    { name: 'example.com', type: 'A', value: '198.51.100.9' },
    { name: 'www.example.net', type: 'A', value: '192.0.2.1' },
  ] }),
  opts: (fake) => ({ domain: 'example.com', username: 'www', password: 'p.s', api_url: fake.apiUrl }),
});
const update = rig.update;
const rec = (fake: any, name: string, type: string) => fake.records.find((r: any) => r.name === name && r.type === type);

test('ionos: zones, the record by name and type, PUT keeping ttl, good', () => rig.withFake(async (fake) => {
  assert.equal((await update({}, '203.0.113.5')).word, 'good');
  const zid = fake.zones.find((z: any) => z.name === 'example.com').id;
  const r = rec(fake, 'www.example.com', 'A');
  assert.deepEqual(fake.requests.map((q: any) => [q.method, q.path]), [
    ['GET', '/dns/v1/zones'], ['GET', '/dns/v1/zones/' + zid], ['PUT', `/dns/v1/zones/${zid}/records/${r.id}`]]);
  assert.deepEqual(fake.requests[1].query, { recordName: 'www.example.com', recordType: 'A' });
  assert.equal(fake.requests[2].headers['x-api-key'], 'p.s');
  assert.deepEqual(fake.requests[2].json, { content: '203.0.113.5', ttl: 300, prio: 0, disabled: false });
  assert.equal(r.content, '203.0.113.5');
  assert.equal(rec(fake, 'www.example.net', 'A').content, '192.0.2.1');
}));

test('ionos: same address -> nochg; apex; AAAA', () => rig.withFake(async (fake) => {
  assert.equal((await update({}, '198.51.100.1')).word, 'nochg');
  assert.equal((await update({ username: '@' }, '198.51.100.9')).word, 'nochg');
  assert.equal((await update({ username: '' }, '203.0.113.9')).word, 'good');
  assert.equal(rec(fake, 'example.com', 'A').content, '203.0.113.9');
  assert.equal((await update({}, '2001:db8::1')).word, 'nochg');
}));

test('ionos: bad key -> badauth with IONOS\' message; unknown zone or name -> nohost', () => rig.withFake(async () => {
  const a = await update({ password: 'bad' });
  assert.equal(a.word, 'badauth');
  assert.match(a.text!, /not authorized/);
  assert.equal((await update({ domain: 'example.org' })).word, 'nohost');
  assert.equal((await update({ username: 'nope' })).word, 'nohost');
}));

test('ionos: 5xx on the write -> status; 429 -> Retry-After', () => rig.withFake(async (fake) => {
  fake.failNext(500, undefined, {}, 'PUT');
  assert.equal((await update({}, '203.0.113.5')).status, 500);
  fake.failNext(429, [{ code: 'TOO_MANY_REQUESTS', message: 'slow down' }], { 'Retry-After': '60' });
  const r = await update({}, '203.0.113.5');
  assert.deepEqual([r.status, r.retryAfter], [429, 60]);
}));

test('ionos: network error -> err', async () => {
  assert.equal((await rig.unreachable()).err, 'refused');
});
