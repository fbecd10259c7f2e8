// The Vercel DNS API provider against a local fake of the documented API.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as vercel from '../../firmware/providers/api/vercel';
import { apiRig } from '../helpers/api-provider';
// @ts-ignore: plain ESM fake without types
import { startVercel } from '../../host-sim/world/vercel.mjs';

const rig = apiRig(vercel, {
  start: startVercel,
  fake: () => ({ token: 'VT', zones: ['example.com'], records: [
    { name: 'example.com', type: 'TXT', value: 'v=spf1 -all' },
    { name: 'www.example.com', type: 'A', value: '198.51.100.1' },
    { name: 'www.example.com', type: 'AAAA', value: '2001:db8::1' },
    { name: 'example.com', type: 'A', value: '198.51.100.9' },
  ] }),
  opts: (fake) => ({ domain: 'example.com', username: 'www', password: 'VT', api_url: fake.apiUrl }),
});
const update = rig.update;
const rec = (fake: any, name: string, type: string) => fake.records.find((r: any) => r.name === name && r.type === type);

test('vercel: list, PATCH of the value, good', () => rig.withFake(async (fake) => {
  assert.equal((await update({}, '203.0.113.5')).word, 'good');
  const id = rec(fake, 'www', 'A').id;
  assert.deepEqual(fake.requests.map((q: any) => [q.method, q.path]),
    [['GET', '/v5/domains/example.com/records'], ['PATCH', '/v1/domains/records/' + id]]);
  assert.equal(fake.requests[1].headers.authorization, 'Bearer VT');
  assert.deepEqual(fake.requests[1].json, { value: '203.0.113.5' });
  assert.equal(rec(fake, 'www', 'A').value, '203.0.113.5');
}));

test('vercel: same address -> nochg; apex and AAAA', () => rig.withFake(async (fake) => {
  assert.equal((await update({}, '198.51.100.1')).word, 'nochg');
  assert.equal((await update({ username: '@' }, '198.51.100.9')).word, 'nochg');
  assert.equal((await update({ username: '' }, '2001:db8::9')).word, 'nohost', 'no AAAA at the apex');
  assert.equal((await update({}, '2001:db8::2')).word, 'good');
  assert.equal(rec(fake, 'www', 'AAAA').value, '2001:db8::2');
}));

test('vercel: teamId from param_opt goes on both calls', () => rig.withFake(async (fake) => {
  assert.equal((await update({}, '203.0.113.5')).word, 'badauth', 'without the team the domain is not ours');
  assert.equal((await update({ param_opt: 'teamId=team_42' }, '203.0.113.5')).word, 'good');
  assert.deepEqual(fake.requests.slice(1).map((q: any) => q.query.teamId), ['team_42', 'team_42']);
}, { team: 'team_42' }));

test('vercel: bad token -> badauth; unknown domain or name -> nohost; 5xx -> status', () => rig.withFake(async (fake) => {
  const a = await update({ password: 'bad' });
  assert.equal(a.word, 'badauth');
  assert.match(a.text!, /Not authorized/);
  assert.equal((await update({ domain: 'example.org' })).word, 'nohost');
  assert.equal((await update({ username: 'nope' })).word, 'nohost');
  fake.failNext(500, undefined, {}, 'PATCH');
  assert.equal((await update({}, '203.0.113.5')).status, 500);
}));

test('vercel: network error -> err', async () => {
  assert.equal((await rig.unreachable()).err, 'refused');
});
