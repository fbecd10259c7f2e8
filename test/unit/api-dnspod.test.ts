// The DNSPod (dnsapi.cn) API provider against a local fake of the documented API.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as dnspod from '../../firmware/providers/api/dnspod';
import { apiRig } from '../helpers/api-provider';
// @ts-ignore: plain ESM fake without types
import { startDnspod } from '../../host-sim/world/dnspod.mjs';

const rig = apiRig(dnspod, {
  start: startDnspod,
  fake: () => ({ id: '42', token: 'TK', domains: ['example.com'],
    records: [{ name: 'home.example.com', type: 'A', value: '198.51.100.1', ttl: 300 }, { name: 'example.com', type: 'A', value: '198.51.100.9' }] }),
  opts: (fake) => ({ username: '42', password: 'TK', domain: 'home@example.com', api_url: fake.apiUrl }),
});
const update = rig.update;
const form = (q: any) => Object.fromEntries(new URLSearchParams(q.body));

test('dnspod: different address -> Record.List then Record.Modify keeping the TTL, good', () => rig.withFake(async (fake) => {
  const r = await update({}, '203.0.113.5');
  assert.equal(r.word, 'good');
  assert.deepEqual(fake.requests.map((q: any) => q.path), ['/Record.List', '/Record.Modify']);
  assert.deepEqual(form(fake.requests[0]), { login_token: '42,TK', format: 'json', domain: 'example.com', sub_domain: 'home' });
  assert.deepEqual(form(fake.requests[1]), { login_token: '42,TK', format: 'json', domain: 'example.com', sub_domain: 'home',
    record_type: 'A', record_line_id: '0', value: '203.0.113.5', record_id: '16894439', ttl: '300' });
  assert.equal(fake.records[0].value, '203.0.113.5');
}));

test('dnspod: same address -> nochg; home.example.com and @example.com forms; a missing record is created', () => rig.withFake(async (fake) => {
  assert.equal((await update({ domain: 'home.example.com' }, '198.51.100.1')).word, 'nochg');
  assert.equal((await update({ domain: '@example.com' }, '198.51.100.9')).word, 'nochg');
  assert.equal(form(fake.requests[1]).sub_domain, '@');
  const c = await update({}, '2001:db8::5');
  assert.equal(c.word, 'good');
  assert.equal(fake.requests[3].path, '/Record.Create');
  assert.equal(fake.records.find((x: any) => x.type === 'AAAA').value, '2001:db8::5');
}));

test('dnspod: login failed -> badauth; unknown domain -> nohost', () => rig.withFake(async (fake) => {
  const a = await update({ password: 'x' }, '203.0.113.5');
  assert.equal(a.word, 'badauth');
  assert.match(a.text!, /-1 Login failed/);
  assert.equal((await update({ domain: 'home@example.org' }, '203.0.113.5')).word, 'nohost');
  assert.equal(fake.requests.length, 2);
}));

test('dnspod: 5xx -> status; network error -> err', () => rig.withFake(async (fake) => {
  fake.failNext(502, undefined, {}, 'Record.Modify');
  assert.equal((await update({}, '203.0.113.5')).status, 502);
  assert.equal((await rig.unreachable({}, '203.0.113.5')).err, 'refused');
}));
