// The Name.com API v4 provider against a local fake of the documented API.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as namecom from '../../firmware/providers/api/namecom';
import { apiRig } from '../helpers/api-provider';
// @ts-ignore: plain ESM fake without types
import { startNamecom } from '../../host-sim/world/namecom.mjs';

const rig = apiRig(namecom, {
  start: startNamecom,
  fake: () => ({ user: 'me', token: 'T', zones: ['example.com', 'empty.org'], records: [
    { name: 'www.example.com', type: 'A', value: '198.51.100.1', ttl: 600 },
    { name: 'www.example.com', type: 'AAAA', value: '2001:db8::1' },
    { name: 'example.com', type: 'A', value: '198.51.100.9' },
  ] }),
  opts: (fake) => ({ domain: 'www@example.com', username: 'me', password: 'T', api_url: fake.apiUrl }),
});
const update = rig.update;
const rec = (fake: any, host: string, type: string) => fake.records.find((r: any) => r.host === host && r.type === type);

test('namecom: list, PUT of host/type/answer keeping ttl, Basic auth, good', () => rig.withFake(async (fake) => {
  assert.equal((await update({}, '203.0.113.5')).word, 'good');
  const r = rec(fake, 'www', 'A');
  assert.deepEqual(fake.requests.map((q: any) => [q.method, q.path]),
    [['GET', '/v4/domains/example.com/records'], ['PUT', '/v4/domains/example.com/records/' + r.id]]);
  assert.equal(fake.requests[1].headers.authorization, 'Basic ' + Buffer.from('me:T').toString('base64'));
  assert.deepEqual(fake.requests[1].json, { host: 'www', type: 'A', answer: '203.0.113.5', ttl: 600 });
  assert.equal(r.answer, '203.0.113.5');
}));

test('namecom: same address -> nochg; apex (no host in the reply); AAAA', () => rig.withFake(async (fake) => {
  assert.equal((await update({}, '198.51.100.1')).word, 'nochg');
  assert.equal((await update({ domain: 'example.com' }, '198.51.100.9')).word, 'nochg');
  assert.equal((await update({ domain: '@example.com' }, '203.0.113.9')).word, 'good');
  assert.equal(rec(fake, '', 'A').answer, '203.0.113.9');
  assert.deepEqual(fake.requests[3].json.host, '');
  assert.equal((await update({}, '2001:db8::2')).word, 'good');
}));

test('namecom: bad token -> badauth; unknown domain, empty zone or name -> nohost', () => rig.withFake(async () => {
  const a = await update({ password: 'bad' });
  assert.equal(a.word, 'badauth');
  assert.match(a.text!, /Unauthenticated/);
  assert.equal((await update({ domain: 'www@example.org' })).word, 'nohost');
  assert.equal((await update({ domain: 'www@empty.org' })).word, 'nohost');
  assert.equal((await update({ domain: 'nope@example.com' })).word, 'nohost');
}));

test('namecom: 5xx on the write -> status; network error -> err', async () => {
  await rig.withFake(async (fake) => {
    fake.failNext(503, undefined, {}, 'PUT');
    assert.equal((await update({}, '203.0.113.5')).status, 503);
  });
  assert.equal((await rig.unreachable()).err, 'refused');
});
