// The bunny.net DNS API provider against a local fake of the documented API.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as bunny from '../../firmware/providers/api/bunny';
import { apiRig } from '../helpers/api-provider';
// @ts-ignore: plain ESM fake without types
import { startBunny } from '../../host-sim/world/bunny.mjs';

const rig = apiRig(bunny, {
  start: startBunny,
  fake: () => ({ key: 'BK', zones: ['myexample.com', 'example.com'], records: [
    { name: 'www.myexample.com', type: 'A', value: '192.0.2.1' },
    { name: 'www.example.com', type: 'A', value: '198.51.100.1' },
    { name: 'www.example.com', type: 'AAAA', value: '2001:db8::1' },
    { name: 'example.com', type: 'A', value: '198.51.100.9' },
  ] }),
  opts: (fake) => ({ domain: 'example.com', username: 'www', password: 'BK', api_url: fake.apiUrl }),
});
const update = rig.update;
const zoneOf = (fake: any, d: string) => fake.zones.find((z: any) => z.Domain === d);
const rec = (fake: any, d: string, name: string, type: number) => zoneOf(fake, d).Records.find((r: any) => r.Name === name && r.Type === type);

test('bunny: zone by search (exact domain), its records, POST update, good', () => rig.withFake(async (fake) => {
  assert.equal((await update({}, '203.0.113.5')).word, 'good');
  const z = zoneOf(fake, 'example.com');
  const r = rec(fake, 'example.com', 'www', 0);
  assert.deepEqual(fake.requests.map((q: any) => [q.method, q.path]),
    [['GET', '/dnszone'], ['GET', `/dnszone/${z.Id}`], ['POST', `/dnszone/${z.Id}/records/${r.Id}`]]);
  assert.equal(fake.requests[0].query.search, 'example.com');
  assert.equal(fake.requests[2].headers.accesskey, 'BK');
  assert.deepEqual(fake.requests[2].json, { Id: r.Id, Value: '203.0.113.5', Name: 'www' });
  assert.equal(r.Value, '203.0.113.5');
  assert.equal(rec(fake, 'myexample.com', 'www', 0).Value, '192.0.2.1', 'the zone whose name only contains it is untouched');
}));

test('bunny: same address -> nochg; apex; AAAA', () => rig.withFake(async (fake) => {
  assert.equal((await update({}, '198.51.100.1')).word, 'nochg');
  assert.equal((await update({ username: '@' }, '198.51.100.9')).word, 'nochg');
  assert.equal((await update({}, '2001:db8::2')).word, 'good');
  assert.equal(rec(fake, 'example.com', 'www', 1).Value, '2001:db8::2');
  assert.equal(fake.requests.at(-1).json.Id, rec(fake, 'example.com', 'www', 1).Id);
}));

test('bunny: a zone list without Records finds the zone too', () => rig.withFake(async (fake) => {
  assert.equal((await update({}, '203.0.113.5')).word, 'good');
  const z = zoneOf(fake, 'example.com');
  assert.deepEqual(fake.requests.map((q: any) => q.path), ['/dnszone', `/dnszone/${z.Id}`, `/dnszone/${z.Id}/records/${rec(fake, 'example.com', 'www', 0).Id}`]);
}, { withRecords: false }));

test('bunny: ids in param_opt skip the lookups (zone_id alone reads the zone)', () => rig.withFake(async (fake) => {
  const z = zoneOf(fake, 'example.com');
  const r = rec(fake, 'example.com', 'www', 0);
  assert.equal((await update({ param_opt: `zone_id=${z.Id}&record_id=${r.Id}` }, '203.0.113.7')).word, 'good');
  assert.deepEqual(fake.requests.map((q: any) => q.method), ['POST']);
  assert.equal(r.Value, '203.0.113.7');
  assert.equal((await update({ param_opt: `zone_id=${z.Id}` }, '203.0.113.7')).word, 'nochg');
  assert.equal(fake.requests[1].path, `/dnszone/${z.Id}`);
}));

test('bunny: bad key -> badauth; unknown zone or name -> nohost; 5xx -> status', () => rig.withFake(async (fake) => {
  const a = await update({ password: 'bad' });
  assert.equal(a.word, 'badauth');
  assert.match(a.text!, /denied/);
  assert.equal((await update({ domain: 'example.org' })).word, 'nohost');
  assert.equal((await update({ username: 'nope' })).word, 'nohost');
  fake.failNext(500, undefined, {}, 'POST');
  assert.equal((await update({}, '203.0.113.5')).status, 500);
}));

test('bunny: a zone cut by the reply cap -> dnserr naming the ids that skip the lookup', () => rig.withFake(async () => {
  const r = await update({}, '203.0.113.5', { maxBytes: 300 });
  assert.equal(r.word, 'dnserr');
  assert.match(r.text!, /reply too large \(set zone_id in param_opt\)/);
}));

test('bunny: network error -> err', async () => {
  assert.equal((await rig.unreachable()).err, 'refused');
});
