// The Porkbun API provider against a local fake of the documented API.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as porkbun from '../../firmware/providers/api/porkbun';
import { apiRig } from '../helpers/api-provider';
// @ts-ignore: plain ESM fake without types
import { startPorkbun } from '../../host-sim/world/porkbun.mjs';

const seed = () => [
  { name: 'home.example.com', type: 'A', value: '198.51.100.1', ttl: 900 },
  { name: 'home.example.com', type: 'AAAA', value: '2001:db8::1' },
  { name: 'example.com', type: 'A', value: '198.51.100.9' },
  { name: 'home.example.co.uk', type: 'A', value: '198.51.100.3' },
];

const rig = apiRig(porkbun, {
  start: startPorkbun,
  fake: () => ({ apiKey: 'pk1_a', secretApiKey: 'sk1_b', domains: ['example.com', 'example.co.uk'], records: seed() }),
  opts: (fake) => ({ domain: 'home.example.com', username: 'pk1_a', password: 'sk1_b', api_url: fake.apiUrl }),
});
const update = rig.update;

test('porkbun: different address -> retrieve then edit by name and type keeping the TTL, good', () => rig.withFake(async (fake) => {
  const r = await update({}, '203.0.113.5');
  assert.equal(r.word, 'good');
  assert.equal(fake.requests.length, 2);
  assert.equal(fake.requests[0].path, '/api/json/v3/dns/retrieveByNameType/example.com/A/home');
  assert.deepEqual(fake.requests[0].json, { secretapikey: 'sk1_b', apikey: 'pk1_a' });
  assert.equal(fake.requests[1].path, '/api/json/v3/dns/editByNameType/example.com/A/home');
  assert.deepEqual(fake.requests[1].json, { secretapikey: 'sk1_b', apikey: 'pk1_a', content: '203.0.113.5', ttl: '900' });
  assert.equal(fake.records[0].content, '203.0.113.5');
}));

test('porkbun: same address -> nochg without the edit Porkbun would refuse', () => rig.withFake(async (fake) => {
  assert.equal((await update({}, '198.51.100.1')).word, 'nochg');
  assert.equal((await update({}, '2001:db8:0:0:0:0:0:1')).word, 'nochg');
  assert.equal(fake.requests.length, 2);
}));

test('porkbun: the bare domain, and host@zone for a two-label suffix', () => rig.withFake(async (fake) => {
  assert.equal((await update({ domain: 'example.com' }, '198.51.100.9')).word, 'nochg');
  assert.equal(fake.requests[0].path, '/api/json/v3/dns/retrieveByNameType/example.com/A/');
  assert.equal((await update({ domain: 'home@example.co.uk' }, '203.0.113.8')).word, 'good');
  assert.equal(fake.requests[2].path, '/api/json/v3/dns/editByNameType/example.co.uk/A/home');
}));

test('porkbun: bad key -> badauth (HTTP 400 with its message)', () => rig.withFake(async (fake) => {
  const r = await update({ password: 'sk1_wrong' }, '203.0.113.5');
  assert.equal(r.word, 'badauth');
  assert.match(r.text, /Invalid API key/);
  assert.equal(fake.requests.length, 1);
}));

test('porkbun: missing record or domain without API access -> nohost / badauth, nothing written', () => rig.withFake(async (fake) => {
  assert.equal((await update({ domain: 'nope.example.com' }, '203.0.113.5')).word, 'nohost');
  const r = await update({ domain: 'home.example.org' }, '203.0.113.5');
  assert.equal(r.word, 'badauth');
  assert.match(r.text, /opted in/);
  assert.equal(fake.requests.length, 2);
}));

test('porkbun: 5xx -> status; 429 -> status and Retry-After', () => rig.withFake(async (fake) => {
  fake.failNext(503, undefined, {}, 'editByNameType');
  const r = await update({}, '203.0.113.5');
  assert.equal(r.status, 503);
  assert.equal(fake.requests.length, 2);
  fake.failNext(429, { status: 'ERROR', message: 'Rate limit exceeded.' }, { 'Retry-After': '61' });
  const r2 = await update({}, '203.0.113.5');
  assert.deepEqual([r2.status, r2.retryAfter], [429, 61]);
}));

test('porkbun: network error -> err', async () => {
  const r = await rig.unreachable({ username: 'a', password: 'b' }, '203.0.113.5');
  assert.equal(r.err, 'refused');
});
