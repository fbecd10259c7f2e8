// The Servercow DNS API provider against a local fake of the documented API.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as servercow from '../../firmware/providers/api/servercow';
import { apiRig } from '../helpers/api-provider';
// @ts-ignore: plain ESM fake without types
import { startServercow } from '../../host-sim/world/servercow.mjs';

const rig = apiRig(servercow, {
  start: startServercow,
  fake: () => ({ user: 'U', pass: 'P', domains: ['example.com'],
    records: [{ name: 'home.example.com', type: 'A', value: '198.51.100.1' }, { name: 'example.com', type: 'AAAA', value: '2001:db8::1' }] }),
  opts: (fake) => ({ username: 'U', password: 'P', domain: 'home.example.com', api_url: fake.apiUrl }),
});
const update = rig.update;

test('servercow: different address -> GET then POST {type, name, content, ttl}, good', () => rig.withFake(async (fake) => {
  const r = await update({}, '203.0.113.5');
  assert.equal(r.word, 'good');
  assert.deepEqual(fake.requests.map((q: any) => q.method + ' ' + q.path), ['GET /dns/v1/domains/example.com', 'POST /dns/v1/domains/example.com']);
  assert.deepEqual([fake.requests[1].headers['x-auth-username'], fake.requests[1].headers['x-auth-password']], ['U', 'P']);
  assert.deepEqual(fake.requests[1].json, { type: 'A', name: 'home', content: '203.0.113.5', ttl: 60 });
  assert.equal(fake.records.find((x: any) => x.name === 'home').content, '203.0.113.5');
}));

test('servercow: same address -> nochg; @example.com is the domain; a missing record is created', () => rig.withFake(async (fake) => {
  assert.equal((await update({}, '198.51.100.1')).word, 'nochg');
  assert.equal((await update({ domain: '@example.com' }, '2001:db8::1')).word, 'nochg');
  assert.equal((await update({ domain: 'new.example.com' }, '203.0.113.5')).word, 'good');
  assert.equal(fake.records.find((x: any) => x.name === 'new').content, '203.0.113.5');
  assert.equal((await update({ domain: 'example' }, '203.0.113.5')).word, 'notfqdn');
  assert.equal(fake.requests.length, 4);
}));

test('servercow: bad credentials -> badauth; unknown domain -> nohost; an error in a 200 -> stop', () => rig.withFake(async (fake) => {
  assert.equal((await update({ password: 'x' }, '203.0.113.5')).word, 'badauth');
  assert.equal((await update({ domain: 'home.example.org' }, '203.0.113.5')).word, 'nohost');
  fake.failNext(200, { error: 'Invalid record' }, {}, 'POST');
  const r = await update({}, '203.0.113.5');
  assert.equal(r.word, 'badsys');
  assert.match(r.text!, /Invalid record/);
}));

test('servercow: 5xx -> status; network error -> err', () => rig.withFake(async (fake) => {
  fake.failNext(502);
  assert.equal((await update({}, '203.0.113.5')).status, 502);
  assert.equal((await rig.unreachable({}, '203.0.113.5')).err, 'refused');
}));
