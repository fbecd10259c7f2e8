// The Spaceship DNS API provider against a local fake of the documented API.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as spaceship from '../../firmware/providers/api/spaceship';
import { apiRig } from '../helpers/api-provider';
// @ts-ignore: plain ESM fake without types
import { startSpaceship } from '../../host-sim/world/spaceship.mjs';

const rig = apiRig(spaceship, {
  start: startSpaceship,
  fake: () => ({ key: 'K', secret: 'S', zones: ['example.com'], records: [
    { name: 'www.example.com', type: 'A', value: '198.51.100.1', ttl: 600 },
    { name: 'www.example.com', type: 'AAAA', value: '2001:db8::1' },
    { name: 'example.com', type: 'A', value: '198.51.100.9' },
  ] }),
  opts: (fake) => ({ domain: 'www@example.com', username: 'K', password: 'S', api_url: fake.apiUrl }),
});
const update = rig.update;
const addrs = (fake: any, name: string, type: string) =>
  fake.records.filter((r: any) => r.name === name && r.type === type).map((r: any) => r.address);

test('spaceship: list, PUT the new address, DELETE the old one, good', () => rig.withFake(async (fake) => {
  assert.equal((await update({}, '203.0.113.5')).word, 'good');
  assert.deepEqual(fake.requests.map((q: any) => [q.method, q.path]), [
    ['GET', '/api/v1/dns/records/example.com'], ['PUT', '/api/v1/dns/records/example.com'], ['DELETE', '/api/v1/dns/records/example.com']]);
  assert.deepEqual([fake.requests[0].query.take, fake.requests[0].headers['x-api-key'], fake.requests[0].headers['x-api-secret']], ['100', 'K', 'S']);
  assert.deepEqual(fake.requests[1].json, { force: true, items: [{ type: 'A', name: 'www', address: '203.0.113.5', ttl: 600 }] });
  assert.deepEqual(fake.requests[2].json, [{ type: 'A', name: 'www', address: '198.51.100.1' }]);
  assert.deepEqual(addrs(fake, 'www', 'A'), ['203.0.113.5']);
  assert.deepEqual(addrs(fake, 'www', 'AAAA'), ['2001:db8::1']);
}));

test('spaceship: same address -> nochg; apex; AAAA', () => rig.withFake(async (fake) => {
  assert.equal((await update({}, '198.51.100.1')).word, 'nochg');
  assert.equal((await update({ domain: 'example.com' }, '198.51.100.9')).word, 'nochg');
  assert.equal((await update({}, '2001:db8::2')).word, 'good');
  assert.deepEqual(addrs(fake, 'www', 'AAAA'), ['2001:db8::2']);
  assert.equal(fake.requests.length, 5);
}));

test('spaceship: a failed DELETE says both addresses are there', () => rig.withFake(async (fake) => {
  fake.failNext(500, { detail: 'Internal server error.' }, {}, 'DELETE');
  const r = await update({}, '203.0.113.5');
  assert.equal(r.status, 500);
  assert.match(r.text!, /203\.0\.113\.5 was added, the old address 198\.51\.100\.1 is still there/);
  assert.deepEqual(addrs(fake, 'www', 'A').sort(), ['198.51.100.1', '203.0.113.5']);
}));

test('spaceship: bad key -> badauth; unknown domain or name -> nohost', () => rig.withFake(async () => {
  assert.equal((await update({ password: 'bad' })).word, 'badauth');
  const z = await update({ domain: 'www@example.org' });
  assert.equal(z.word, 'nohost');
  assert.match(z.text!, /SOA record for domain example.org not found/);
  assert.equal((await update({ domain: 'nope@example.com' })).word, 'nohost');
}));

test('spaceship: network error -> err', async () => {
  assert.equal((await rig.unreachable()).err, 'refused');
});
