// The NameSilo API provider against a local fake of the documented API.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as namesilo from '../../firmware/providers/api/namesilo';
import { apiRig } from '../helpers/api-provider';
// @ts-ignore: plain ESM fake without types
import { startNamesilo } from '../../host-sim/world/namesilo.mjs';

const seed = () => [
  { name: 'www.example.com', type: 'A', value: '198.51.100.1' },
  { name: 'www.example.com', type: 'AAAA', value: '2001:db8::1' },
  { name: 'example.com', type: 'A', value: '198.51.100.9' },
];

const rig = apiRig(namesilo, {
  start: startNamesilo,
  fake: () => ({ key: 'KEY', domains: ['example.com'], records: seed() }),
  opts: (fake) => ({ username: 'www', password: 'KEY', domain: 'example.com', api_url: fake.apiUrl }),
});
const update = rig.update;

test('namesilo: different address -> list then update with host, value and TTL, good', () => rig.withFake(async (fake) => {
  const r = await update({}, '203.0.113.5');
  assert.equal(r.word, 'good');
  assert.deepEqual(fake.requests.map((q: any) => q.path), ['/api/dnsListRecords', '/api/dnsUpdateRecord']);
  assert.deepEqual(fake.requests[0].query, { version: '1', type: 'json', key: 'KEY', domain: 'example.com' });
  assert.deepEqual(fake.requests[1].query, { version: '1', type: 'json', key: 'KEY', domain: 'example.com',
    rrid: 'rr1', rrhost: 'www', rrvalue: '203.0.113.5', rrttl: '3600' });
  assert.equal(fake.records[0].value, '203.0.113.5');
}));

test('namesilo: same address -> nochg; @ is the domain; ttl from param_opt; AAAA', () => rig.withFake(async (fake) => {
  assert.equal((await update({}, '198.51.100.1')).word, 'nochg');
  assert.equal((await update({ username: '@' }, '198.51.100.9')).word, 'nochg');
  assert.equal((await update({ username: '@', param_opt: 'ttl=7200' }, '203.0.113.7')).word, 'good');
  assert.deepEqual([fake.requests[3].query.rrhost, fake.requests[3].query.rrttl], ['', '7200']);
  assert.equal((await update({}, '2001:db8::7')).word, 'good');
  assert.equal(fake.records[1].value, '2001:db8::7');
}));

test('namesilo: code 110 -> badauth; code 200 or no record -> nohost; 280 -> dnserr', () => rig.withFake(async (fake) => {
  const a = await update({ password: 'bad' }, '203.0.113.5');
  assert.equal(a.word, 'badauth');
  assert.match(a.text!, /110 Invalid API Key/);
  assert.equal((await update({ domain: 'example.org' }, '203.0.113.5')).word, 'nohost');
  assert.equal((await update({ username: 'nope' }, '203.0.113.5')).word, 'nohost');
  assert.equal((await update({ param_opt: 'ttl=60' }, '203.0.113.5')).word, 'dnserr');
}));

test('namesilo: 5xx -> status; network error -> err', () => rig.withFake(async (fake) => {
  fake.failNext(502, undefined, {}, 'dnsUpdateRecord');
  assert.equal((await update({}, '203.0.113.5')).status, 502);
  assert.equal((await rig.unreachable({}, '203.0.113.5')).err, 'refused');
}));

test('namesilo: reply.code as a string (the API sends either) reads the same', () => rig.withFake(async () => {
  assert.equal((await update({}, '198.51.100.1')).word, 'nochg');
  assert.equal((await update({}, '203.0.113.5')).word, 'good');
  assert.equal((await update({ password: 'bad' }, '203.0.113.5')).word, 'badauth');
  assert.equal((await update({ domain: 'example.org' }, '203.0.113.5')).word, 'nohost');
}, { stringCodes: true }));
