// The DigitalOcean API provider against a local fake of the documented API.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as digitalocean from '../../firmware/providers/api/digitalocean';
import { apiRig } from '../helpers/api-provider';
import { nodeHttp } from '../helpers/node-http';
// @ts-ignore: plain ESM fake without types
import { startDigitalocean } from '../../host-sim/world/digitalocean.mjs';

const TOKEN = 'dop_v1_secret';
const seed = () => [
  { name: 'home.example.com', type: 'A', value: '198.51.100.1' },
  { name: 'home.example.com', type: 'AAAA', value: '2001:db8::1' },
  { name: 'example.com', type: 'A', value: '198.51.100.9' },
];

const rig = apiRig(digitalocean, {
  start: startDigitalocean,
  fake: () => ({ token: TOKEN, domains: ['example.com'], records: seed() }),
  opts: (fake) => ({ domain: 'example.com', username: 'home', password: TOKEN, api_url: fake.apiUrl }),
});
const update = rig.update;

test('digitalocean: different address -> lookup by name and type, PATCH, good', () => rig.withFake(async (fake) => {
  const http = nodeHttp();
  const r = await update({}, '203.0.113.5', { http });
  assert.equal(r.word, 'good');
  assert.equal(fake.requests.length, 2);
  assert.equal(fake.requests[0].method, 'GET');
  assert.deepEqual(fake.requests[0].query, { type: 'A', name: 'home.example.com', per_page: '1' });
  assert.equal(fake.requests[0].headers.authorization, `Bearer ${TOKEN}`);
  assert.equal(fake.requests[1].method, 'PATCH');
  assert.deepEqual(fake.requests[1].json, { type: 'A', data: '203.0.113.5' });
  assert.equal(fake.records.find((x: any) => x.name === 'home' && x.type === 'A').data, '203.0.113.5');
  assert.ok(http.log.every((q) => (q.maxBytes || 0) > 0 && (q.maxBytes || 0) <= 4096), 'replies are capped');
}));

test('digitalocean: same address -> nochg, no write', () => rig.withFake(async (fake) => {
  const r = await update({}, '198.51.100.1');
  assert.equal(r.word, 'nochg');
  assert.equal(fake.requests.length, 1);
}));

test('digitalocean: IPv6 compares canonically and updates the AAAA record', () => rig.withFake(async (fake) => {
  const same = await update({}, '2001:DB8:0:0::1');
  assert.equal(same.word, 'nochg');
  const r = await update({}, '2001:db8::2');
  assert.equal(r.word, 'good');
  assert.equal(fake.records.find((x: any) => x.type === 'AAAA').data, '2001:db8::2');
}));

test('digitalocean: param_opt record id (ddns-scripts style) and the zone apex', () => rig.withFake(async (fake) => {
  const id = String(fake.records[0].id);
  const r = await update({ param_opt: id }, '203.0.113.6');
  assert.equal(r.word, 'good');
  assert.equal(fake.requests[0].path, `/v2/domains/example.com/records/${id}`);
  const apex = await update({ username: '@' }, '198.51.100.9');
  assert.equal(apex.word, 'nochg');
  assert.equal(fake.requests[2].query.name, 'example.com');
}));

test('digitalocean: bad token -> badauth', () => rig.withFake(async (fake) => {
  const r = await update({ password: 'wrong' }, '203.0.113.5');
  assert.equal(r.word, 'badauth');
  assert.equal(r.status, 401);
  assert.equal(fake.requests.length, 1);
}));

test('digitalocean: missing record, unknown zone or record id -> nohost', () => rig.withFake(async (fake) => {
  assert.equal((await update({ username: 'nope' }, '203.0.113.5')).word, 'nohost');
  assert.equal((await update({ domain: 'example.org' }, '203.0.113.5')).word, 'nohost');
  assert.equal((await update({ param_opt: '999' }, '203.0.113.5')).word, 'nohost');
  assert.equal(fake.requests.length, 3);
  assert.ok(fake.requests.every((q: any) => q.method === 'GET'));
}));

test('digitalocean: 5xx -> status for retry; 429 -> status and wait', () => rig.withFake(async (fake) => {
  fake.failNext(503);
  const r = await update({}, '203.0.113.5');
  assert.equal(r.status, 503);
  assert.equal(r.word, undefined);
  fake.failNext(500, undefined, {}, 'PATCH');
  const r2 = await update({}, '203.0.113.5');
  assert.equal(r2.status, 500, 'a failing write is a retry too');
  assert.equal(fake.requests.length, 3);
  fake.failNext(429, { id: 'too_many_requests', message: 'API Rate limit exceeded.' }, { 'Retry-After': '42' });
  const r3 = await update({}, '203.0.113.5');
  assert.equal(r3.status, 429);
  assert.equal(r3.retryAfter, 42);
}));

test('digitalocean: network error -> err', async () => {
  const r = await rig.unreachable({}, '203.0.113.5');
  assert.equal(r.err, 'refused');
});
