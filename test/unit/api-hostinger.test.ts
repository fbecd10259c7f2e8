// The Hostinger DNS API provider against a local fake of the documented API.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as hostinger from '../../firmware/providers/api/hostinger';
import { apiRig } from '../helpers/api-provider';
// @ts-ignore: plain ESM fake without types
import { startHostinger } from '../../host-sim/world/hostinger.mjs';

const rig = apiRig(hostinger, {
  start: startHostinger,
  fake: () => ({ token: 'HG', zones: ['example.com'], records: [
    { name: 'www.example.com', type: 'A', value: '198.51.100.1' },
    { name: 'www.example.com', type: 'A', value: '198.51.100.2' },
    { name: 'www.example.com', type: 'AAAA', value: '2001:db8::1' },
  ] }),
  opts: (fake) => ({ domain: 'example.com', username: 'www', password: 'HG', api_url: fake.apiUrl }),
});
const update = rig.update;
const set = (fake: any, name: string, type: string) => fake.sets['example.com'].find((s: any) => s.name === name && s.type === type);

test('hostinger: one PUT with overwrite replaces the record set of name and type, good', () => rig.withFake(async (fake) => {
  const r = await update({}, '203.0.113.5');
  assert.equal(r.word, 'good');
  assert.equal(fake.requests.length, 1);
  const q = fake.requests[0];
  assert.deepEqual([q.method, q.path, q.headers.authorization], ['PUT', '/api/dns/v1/zones/example.com', 'Bearer HG']);
  assert.deepEqual(q.json, { overwrite: true, zone: [{ name: 'www', records: [{ content: '203.0.113.5' }], ttl: 300, type: 'A' }] });
  assert.deepEqual(set(fake, 'www', 'A').records.map((x: any) => x.content), ['203.0.113.5']);
  assert.deepEqual(set(fake, 'www', 'AAAA').records.map((x: any) => x.content), ['2001:db8::1'], 'AAAA untouched');
}));

test('hostinger: apex is @, AAAA, ttl from param_opt', () => rig.withFake(async (fake) => {
  assert.equal((await update({ username: '', param_opt: 'ttl=600' }, '2001:db8::9')).word, 'good');
  assert.deepEqual(fake.requests[0].json.zone[0], { name: '@', records: [{ content: '2001:db8::9' }], ttl: 600, type: 'AAAA' });
  assert.equal(set(fake, '@', 'AAAA').records[0].content, '2001:db8::9');
}));

test('hostinger: bad token -> badauth; unknown domain -> 422 refused with the API\'s words', () => rig.withFake(async () => {
  const a = await update({ password: 'bad' });
  assert.deepEqual([a.word, a.status], ['badauth', 401]);
  assert.match(a.text!, /Unauthenticated/);
  const z = await update({ domain: 'example.org' });
  assert.deepEqual([z.word, z.status], [undefined, 422]);
  assert.match(z.text!, /domain is invalid/);
}));

test('hostinger: 5xx -> status; 429 -> wait from Retry-After', () => rig.withFake(async (fake) => {
  fake.failNext(500);
  assert.equal((await update()).status, 500);
  fake.failNext(429, { message: 'Too Many Attempts.' }, { 'Retry-After': '90' });
  const r = await update();
  assert.deepEqual([r.status, r.retryAfter], [429, 90]);
}));

test('hostinger: network error -> err', async () => {
  assert.equal((await rig.unreachable()).err, 'refused');
});
