// The Linode DNS Manager API provider against a local fake of the documented API.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as linode from '../../firmware/providers/api/linode';
import { apiRig } from '../helpers/api-provider';
// @ts-ignore: plain ESM fake without types
import { startLinode } from '../../host-sim/world/linode.mjs';

const rig = apiRig(linode, {
  start: startLinode,
  fake: () => ({ token: 'LT', zones: ['example.com', 'example.net'], records: [
    { name: 'www.example.net', type: 'A', value: '192.0.2.1' },
    { name: 'www.example.com', type: 'A', value: '198.51.100.1' },
    { name: 'www.example.com', type: 'AAAA', value: '2001:db8::1' },
    { name: 'example.com', type: 'A', value: '198.51.100.9' },
  ] }),
  opts: (fake) => ({ domain: 'example.com', username: 'www', password: 'LT', api_url: fake.apiUrl }),
});
const update = rig.update;
const rec = (fake: any, zone: string, name: string, type: string) =>
  fake.records.find((r: any) => r.domainId === fake.domains.find((d: any) => d.domain === zone).id && r.name === name && r.type === type);

test('linode: zone by X-Filter, record by X-Filter, PUT of target, good', () => rig.withFake(async (fake) => {
  const r = await update({}, '203.0.113.5');
  assert.equal(r.word, 'good');
  const id = fake.domains.find((d: any) => d.domain === 'example.com').id;
  const rid = rec(fake, 'example.com', 'www', 'A').id;
  assert.deepEqual(fake.requests.map((q: any) => [q.method, q.path, q.headers['x-filter']]), [
    ['GET', '/v4/domains', '{"domain":"example.com"}'],
    ['GET', `/v4/domains/${id}/records`, '{"name":"www","type":"A"}'],
    ['PUT', `/v4/domains/${id}/records/${rid}`, undefined]]);
  assert.equal(fake.requests[2].headers.authorization, 'Bearer LT');
  assert.deepEqual(fake.requests[2].json, { target: '203.0.113.5' });
  assert.equal(rec(fake, 'example.com', 'www', 'A').target, '203.0.113.5');
  assert.equal(rec(fake, 'example.net', 'www', 'A').target, '192.0.2.1', 'the other zone untouched');
}));

test('linode: same address -> nochg without a write; apex and AAAA', () => rig.withFake(async (fake) => {
  assert.equal((await update({}, '198.51.100.1')).word, 'nochg');
  assert.equal((await update({ username: '@' }, '198.51.100.9')).word, 'nochg');
  assert.equal((await update({ username: '' }, '203.0.113.9')).word, 'good');
  assert.equal(rec(fake, 'example.com', '', 'A').target, '203.0.113.9');
  assert.equal((await update({}, '2001:db8::1')).word, 'nochg');
  assert.equal(fake.requests.filter((q: any) => q.method === 'PUT').length, 1);
}));

test('linode: bad token -> badauth with Linode\'s reason; unknown zone or name -> nohost', () => rig.withFake(async () => {
  const a = await update({ password: 'bad' });
  assert.equal(a.word, 'badauth');
  assert.match(a.text!, /Invalid Token/);
  assert.equal((await update({ domain: 'example.org' })).word, 'nohost');
  assert.equal((await update({ username: 'nope' })).word, 'nohost');
}));

test('linode: 5xx -> status; 429 -> wait from Retry-After', () => rig.withFake(async (fake) => {
  fake.failNext(500, undefined, {}, 'PUT');
  assert.equal((await update({}, '203.0.113.5')).status, 500);
  fake.failNext(429, { errors: [{ reason: 'Too Many Requests' }] }, { 'Retry-After': '30' });
  const r = await update({}, '203.0.113.6');
  assert.deepEqual([r.status, r.retryAfter], [429, 30]);
}));

test('linode: network error -> err', async () => {
  assert.equal((await rig.unreachable()).err, 'refused');
});
