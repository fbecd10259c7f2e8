// The NS1 API provider against a local fake of the documented API.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as ns1 from '../../firmware/providers/api/ns1';
import { apiRig } from '../helpers/api-provider';
// @ts-ignore: plain ESM fake without types
import { startNs1 } from '../../host-sim/world/ns1.mjs';

const rig = apiRig(ns1, {
  start: startNs1,
  fake: () => ({ key: 'NK', zones: ['example.com'], records: [{ name: 'home.example.com', type: 'A', value: '198.51.100.1' }] }),
  opts: (fake) => ({ username: 'example.com', password: 'NK', domain: 'home.example.com', api_url: fake.apiUrl }),
});
const update = rig.update;

test('ns1: different address -> GET then POST answers, good', () => rig.withFake(async (fake) => {
  const r = await update({}, '203.0.113.5');
  assert.equal(r.word, 'good');
  assert.deepEqual(fake.requests.map((q: any) => q.method + ' ' + q.path),
    ['GET /v1/zones/example.com/home.example.com/A', 'POST /v1/zones/example.com/home.example.com/A']);
  assert.equal(fake.requests[1].headers['x-nsone-key'], 'NK');
  assert.deepEqual(fake.requests[1].json, { answers: [{ answer: ['203.0.113.5'] }] });
  assert.deepEqual(fake.records[0].answers[0].answer, ['203.0.113.5']);
}));

test('ns1: same address -> nochg; a missing record is created by PUT (AAAA)', () => rig.withFake(async (fake) => {
  assert.equal((await update({}, '198.51.100.1')).word, 'nochg');
  assert.equal((await update({}, '2001:db8::5')).word, 'good');
  assert.deepEqual(fake.requests.slice(1).map((q: any) => q.method + ' ' + q.path),
    ['GET /v1/zones/example.com/home.example.com/AAAA', 'PUT /v1/zones/example.com/home.example.com/AAAA']);
  assert.deepEqual(fake.requests[2].json, { zone: 'example.com', domain: 'home.example.com', type: 'AAAA', ttl: 600,
    answers: [{ answer: ['2001:db8::5'] }] });
  assert.equal((await update({}, '2001:db8:0::5')).word, 'nochg');
}));

test('ns1: bad key -> badauth; unknown zone -> nohost, nothing created', () => rig.withFake(async (fake) => {
  assert.equal((await update({ password: 'x' }, '203.0.113.5')).word, 'badauth');
  const r = await update({ username: 'example.org', domain: 'home.example.org' }, '203.0.113.5');
  assert.equal(r.word, 'nohost');
  assert.match(r.text!, /zone not found/);
  assert.ok(fake.requests.every((q: any) => q.method === 'GET'));
}));

test('ns1: 5xx -> status; 429 -> status with wait; network error -> err', () => rig.withFake(async (fake) => {
  fake.failNext(500, undefined, {}, 'POST');
  assert.equal((await update({}, '203.0.113.5')).status, 500);
  fake.failNext(429, { message: 'rate limit exceeded' }, { 'Retry-After': '12' });
  assert.equal((await update({}, '203.0.113.5')).retryAfter, 12);
  assert.equal((await rig.unreachable({}, '203.0.113.5')).err, 'refused');
}));
