// The DNSPod (Tencent Cloud API 3.0, TC3-HMAC-SHA256) provider against a local fake that checks
// signatures by the published algorithm.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as dnspod3 from '../../firmware/providers/api/dnspod3';
import { apiRig } from '../helpers/api-provider';
// @ts-ignore: plain ESM fake without types
import { startDnspod3 } from '../../host-sim/world/dnspod3.mjs';

const rig = apiRig(dnspod3, {
  start: startDnspod3,
  fake: () => ({ secretId: 'AKID1', secretKey: 'SK1', domains: ['example.com'],
    records: [{ name: 'home.example.com', type: 'A', value: '198.51.100.1', ttl: 300 }, { name: 'example.com', type: 'A', value: '198.51.100.9' }] }),
  opts: (fake) => ({ username: 'AKID1', password: 'SK1', domain: 'home@example.com', api_url: fake.apiUrl }),
});
const update = rig.update;

test('dnspod3: signed DescribeRecordList then ModifyRecord on the default line, good', () => rig.withFake(async (fake) => {
  const r = await update({}, '203.0.113.5');
  assert.equal(r.word, 'good');
  assert.deepEqual(fake.requests.map((q: any) => q.headers['x-tc-action']), ['DescribeRecordList', 'ModifyRecord']);
  assert.deepEqual(fake.requests[0].json, { Domain: 'example.com', Subdomain: 'home', RecordType: 'A' });
  assert.ok(/^[\x20-\x7e]*$/.test(fake.requests[1].body), 'the body is ASCII');
  assert.deepEqual(fake.requests[1].json, { Domain: 'example.com', SubDomain: 'home', RecordType: 'A', RecordLine: '\u9ed8\u8ba4',
    RecordLineId: '0', Value: '203.0.113.5', RecordId: 1000, TTL: 300 });
  assert.equal(fake.records[0].Value, '203.0.113.5');
}));

test('dnspod3: same address -> nochg; @example.com is the domain; no record -> nohost', () => rig.withFake(async (fake) => {
  assert.equal((await update({}, '198.51.100.1')).word, 'nochg');
  assert.equal((await update({ domain: '@example.com' }, '198.51.100.9')).word, 'nochg');
  const n = await update({}, '2001:db8::1');
  assert.equal(n.word, 'nohost');
  assert.match(n.text!, /NoDataOfRecord/);
}));

test('dnspod3: wrong key, or a clock 10 minutes off -> badauth; no clock -> nothing sent', () => rig.withFake(async (fake) => {
  const a = await update({ password: 'bad' }, '203.0.113.5');
  assert.equal(a.word, 'badauth');
  assert.match(a.text!, /SignatureFailure/);
  const e = await update({}, '203.0.113.5', { wall: Date.now() - 600000 });
  assert.equal(e.word, 'badauth');
  assert.match(e.text!, /SignatureExpire/);
  const c = await update({}, '203.0.113.5', { wall: 0 });
  assert.equal(c.word, 'dnserr');
  assert.equal(fake.requests.length, 2);
}));

test('dnspod3: unknown domain -> nohost; 5xx -> status; network error -> err', () => rig.withFake(async (fake) => {
  assert.equal((await update({ domain: 'home@example.org' }, '203.0.113.5')).word, 'nohost');
  fake.failNext(502, undefined, {}, 'ModifyRecord');
  assert.equal((await update({}, '203.0.113.5')).status, 502);
  assert.equal((await rig.unreachable({}, '203.0.113.5')).err, 'refused');
}));
