// The Vultr DNS API provider against a local fake of the documented API.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as vultr from '../../firmware/providers/api/vultr';
import { apiRig } from '../helpers/api-provider';
// @ts-ignore: plain ESM fake without types
import { startVultr } from '../../host-sim/world/vultr.mjs';

const rig = apiRig(vultr, {
  start: startVultr,
  fake: () => ({ token: 'VK', zones: ['example.com'], records: [
    { id: 'r-mx', name: 'example.com', type: 'MX', value: 'mail.example.com' },
    { id: 'r-www4', name: 'www.example.com', type: 'A', value: '198.51.100.1' },
    { id: 'r-www6', name: 'www.example.com', type: 'AAAA', value: '2001:db8::1' },
    { id: 'r-apex', name: 'example.com', type: 'A', value: '198.51.100.9' },
  ] }),
  opts: (fake) => ({ domain: 'example.com', username: 'www', password: 'VK', api_url: fake.apiUrl }),
});
const update = rig.update;
const rec = (fake: any, id: string) => fake.records.find((r: any) => r.id === id);

test('vultr: different address -> list, PATCH data of the record found, good', () => rig.withFake(async (fake) => {
  const r = await update({}, '203.0.113.5');
  assert.equal(r.word, 'good');
  assert.deepEqual(fake.requests.map((q: any) => [q.method, q.path]),
    [['GET', '/v2/domains/example.com/records'], ['PATCH', '/v2/domains/example.com/records/r-www4']]);
  assert.equal(fake.requests[0].query.per_page, '500');
  assert.equal(fake.requests[1].headers.authorization, 'Bearer VK');
  assert.deepEqual(fake.requests[1].json, { data: '203.0.113.5' });
  assert.equal(rec(fake, 'r-www4').data, '203.0.113.5');
  assert.equal(rec(fake, 'r-www6').data, '2001:db8::1');
}));

test('vultr: same address -> nochg without a write; apex (@ or empty) and AAAA', () => rig.withFake(async (fake) => {
  assert.equal((await update({}, '198.51.100.1')).word, 'nochg');
  assert.equal((await update({ username: '@' }, '198.51.100.9')).word, 'nochg');
  assert.equal((await update({ username: '' }, '198.51.100.9')).word, 'nochg');
  assert.equal((await update({}, '2001:db8:0::1')).word, 'nochg');
  assert.equal((await update({}, '2001:db8::2')).word, 'good');
  assert.equal(rec(fake, 'r-www6').data, '2001:db8::2');
  assert.equal(fake.requests.filter((q: any) => q.method === 'PATCH').length, 1);
}));

test('vultr: record id in param_opt reads that record only', () => rig.withFake(async (fake) => {
  assert.equal((await update({ param_opt: 'r-apex', username: '' }, '203.0.113.7')).word, 'good');
  assert.deepEqual(fake.requests.map((q: any) => q.path),
    ['/v2/domains/example.com/records/r-apex', '/v2/domains/example.com/records/r-apex']);
  assert.equal(rec(fake, 'r-apex').data, '203.0.113.7');
  assert.equal((await update({ param_opt: 'r-mx' }, '203.0.113.7')).word, 'nohost', 'an MX id is not an A record');
}));

test('vultr: bad key -> badauth; unknown zone or name -> nohost', () => rig.withFake(async () => {
  const a = await update({ password: 'bad' });
  assert.equal(a.word, 'badauth');
  assert.match(a.text!, /Invalid API token/);
  assert.equal((await update({ domain: 'example.org' })).word, 'nohost');
  assert.equal((await update({ username: 'nope' })).word, 'nohost');
}));

test('vultr: 5xx on the write -> status; a list too large for the cap -> unreadable', () => rig.withFake(async (fake) => {
  fake.failNext(503, undefined, {}, 'PATCH');
  assert.equal((await update({}, '203.0.113.5')).status, 503);
  const r = await update({}, '203.0.113.5', { maxBytes: 40 });
  assert.deepEqual([r.word, r.text], ['dnserr', 'vultr lookup: reply too large']);
}));

test('vultr: the list is read one record at a time: a record before the cap\'s cut is found', () => rig.withFake(async (fake) => {
  const r = await update({}, '203.0.113.5', { maxBytes: 240 });
  assert.equal(r.word, 'good');
  assert.equal(rec(fake, 'r-www4').data, '203.0.113.5');
  const r2 = await update({ username: '' }, '203.0.113.5', { maxBytes: 240 });
  assert.deepEqual([r2.word, r2.text], ['dnserr', 'vultr lookup: reply too large'], 'the apex comes after the cut');
}));

test('vultr: network error -> err', async () => {
  assert.equal((await rig.unreachable()).err, 'refused');
});
