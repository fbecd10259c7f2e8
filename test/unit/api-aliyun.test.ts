// The Alibaba Cloud DNS provider (signature V3, ACS3-HMAC-SHA256) against a local fake that
// checks signatures by the published algorithm.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as aliyun from '../../firmware/providers/api/aliyun';
import { apiRig } from '../helpers/api-provider';
// @ts-ignore: plain ESM fake without types
import { startAliyun } from '../../host-sim/world/aliyun.mjs';

const rig = apiRig(aliyun, {
  start: startAliyun,
  fake: () => ({ keyId: 'LTAI1', secret: 'S/cr+t=', domains: ['example.com'], records: [
    { name: 'home.example.com', type: 'A', value: '198.51.100.1' }, { name: 'home.example.com', type: 'A', value: '198.51.100.2' },
    { name: 'example.com', type: 'A', value: '198.51.100.9' }] }),
  opts: (fake) => ({ username: 'LTAI1', password: 'S/cr+t=', domain: 'home@example.com', api_url: fake.apiUrl }),
});
const update = rig.update;

test('aliyun: signed DescribeSubDomainRecords then UpdateDomainRecord, good', () => rig.withFake(async (fake) => {
  const r = await update({}, '203.0.113.5');
  assert.equal(r.word, 'good');
  assert.deepEqual(fake.requests.map((q: any) => q.headers['x-acs-action']), ['DescribeSubDomainRecords', 'UpdateDomainRecord']);
  assert.deepEqual(fake.requests[0].query, { DomainName: 'example.com', SubDomain: 'home.example.com', Type: 'A' });
  assert.deepEqual(fake.requests[1].query, { RR: 'home', RecordId: '9999985', Type: 'A', Value: '203.0.113.5' });
  assert.equal(fake.records[0].Value, '203.0.113.5');
}));

test('aliyun: same address -> nochg; RecordId in param_enc picks the record; @ for the domain', () => rig.withFake(async (fake) => {
  assert.equal((await update({}, '198.51.100.1')).word, 'nochg');
  assert.equal((await update({ param_enc: 'RecordId=9999986' }, '198.51.100.1')).word, 'good');
  assert.equal(fake.records[1].Value, '198.51.100.1');
  assert.equal((await update({ domain: '@example.com' }, '198.51.100.9')).word, 'nochg');
  assert.equal(fake.requests[3].query.SubDomain, 'example.com');
  assert.equal((await update({}, '2001:db8::1')).word, 'nohost');
}));

test('aliyun: wrong secret or unknown key -> badauth (a 404 key error is no nohost); clock off or unset', () => rig.withFake(async (fake) => {
  const a = await update({ password: 'bad' }, '203.0.113.5');
  assert.deepEqual([a.word, a.status], ['badauth', 400]);
  assert.match(a.text!, /SignatureDoesNotMatch/);
  const k = await update({ username: 'LTAI9' }, '203.0.113.5');
  assert.deepEqual([k.word, k.status], ['badauth', 404]);
  assert.equal((await update({}, '203.0.113.5', { wall: Date.now() - 3600000 })).word, 'badauth');
  assert.equal((await update({}, '203.0.113.5', { wall: 0 })).word, 'dnserr');
  assert.equal(fake.requests.length, 3);
}));

test('aliyun: unknown domain -> nohost; throttling -> 429; 5xx; network error', () => rig.withFake(async (fake) => {
  assert.equal((await update({ domain: 'home@example.org' }, '203.0.113.5')).word, 'nohost');
  fake.failNext(400, { RequestId: 'x', Code: 'Throttling.User', Message: 'Request was denied due to user flow control.' }, {}, 'UpdateDomainRecord');
  assert.equal((await update({}, '203.0.113.5')).status, 429);
  fake.failNext(503);
  assert.equal((await update({}, '203.0.113.5')).status, 503);
  assert.equal((await rig.unreachable({}, '203.0.113.5')).err, 'refused');
}));
