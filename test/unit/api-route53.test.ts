// The Route 53 API provider against a local fake that verifies AWS Signature Version 4 on its
// own, plus the SigV4 pieces against the examples in AWS's documentation.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as route53 from '../../firmware/providers/api/route53';
import { signingKey, authorization, amzDate } from '../../firmware/providers/api/route53';
import { toHex } from '../../firmware/core/hmac';
import { apiRig, Opts } from '../helpers/api-provider';
import { sha256 } from '../helpers/node-http';
// @ts-ignore: plain ESM fake without types
import { startRoute53 } from '../../host-sim/world/route53.mjs';

const KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const NOW = Date.UTC(2026, 4, 17, 8, 30, 15);
const seed = () => [
  { name: 'home.example.com', type: 'A', value: '198.51.100.1', ttl: 60 },
  { name: 'home.example.com', type: 'AAAA', value: '2001:db8::1' },
  { name: 'a.example.com', type: 'A', value: '198.51.100.7' },
];

// ddns-scripts' options: domain is the hosted zone id, lookup_host the name to update.
const rig = apiRig(route53, {
  start: startRoute53,
  fake: () => ({ accessKeyId: KEY, secretAccessKey: SECRET, zones: [{ id: 'Z0123456789ABC', name: 'example.com' }],
    records: seed(), now: () => NOW }),
  opts: (fake) => ({ domain: 'Z0123456789ABC', lookup_host: 'home.example.com', username: KEY, password: SECRET, api_url: fake.apiUrl }),
});
const update = (extra: Opts, ip: string, wall = NOW) => rig.update(extra, ip, { wall });

test('sigv4: signing key derivation, AWS documentation examples', () => {
  const rows: Array<[string, string, string, string, string, string]> = [
    [SECRET, '20120215', 'us-east-1', 'iam', 'f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d', 'Deriving the signing key (iam, 2012-02-15)'],
    [SECRET, '20150830', 'us-east-1', 'iam', 'c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9', 'Calculate the signature (iam, 2015-08-30)'],
  ];
  for (const [secret, date, region, service, want, what] of rows) {
    assert.equal(toHex(signingKey(sha256, secret, date, region, service)), want, what);
  }
});

test('sigv4: the IAM ListUsers example signs to the documented signature', () => {
  const a = authorization({ sha256, method: 'GET', path: '/', query: 'Action=ListUsers&Version=2010-05-08',
    headers: [['content-type', 'application/x-www-form-urlencoded; charset=utf-8'], ['host', 'iam.amazonaws.com'],
      ['x-amz-date', '20150830T123600Z']], body: '', amzDate: '20150830T123600Z', accessKey: 'AKIDEXAMPLE',
    secret: SECRET, region: 'us-east-1', service: 'iam' });
  assert.equal(a, 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, ' +
    'SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7');
});

test('sigv4: time stamps from epoch ms', () => {
  const rows: Array<[number, string]> = [
    [0, '19700101T000000Z'],
    [Date.UTC(2015, 7, 30, 12, 36, 0), '20150830T123600Z'],
    [Date.UTC(2024, 1, 29, 23, 59, 59, 999), '20240229T235959Z'],
    [Date.UTC(2000, 2, 1), '20000301T000000Z'],
    [Date.UTC(2100, 11, 31, 1, 2, 3), '21001231T010203Z'],
  ];
  for (const [ms, want] of rows) assert.equal(amzDate(ms), want, new Date(ms).toISOString());
});

test('route53: different address -> signed list, signed UPSERT keeping the TTL, good', () => rig.withFake(async (fake) => {
  const r = await update({}, '203.0.113.5');
  assert.equal(r.word, 'good', r.text);
  assert.equal(fake.requests.length, 2);
  assert.ok(fake.requests.every((q: any) => q.verified), 'the fake accepted both signatures');
  assert.equal(fake.requests[0].method, 'GET');
  assert.deepEqual(fake.requests[0].query, { maxitems: '1', name: 'home.example.com.', type: 'A' });
  assert.equal(fake.requests[1].method, 'POST');
  assert.equal(fake.requests[1].path, '/2013-04-01/hostedzone/Z0123456789ABC/rrset/');
  assert.match(fake.requests[1].body, /<Action>UPSERT<\/Action>.*<Name>home\.example\.com\.<\/Name><Type>A<\/Type><TTL>60<\/TTL>.*<Value>203\.0\.113\.5<\/Value>/);
  assert.deepEqual(fake.records.find((s: any) => s.name === 'home.example.com.' && s.type === 'A').values, ['203.0.113.5']);
}));

test('route53: same address -> nochg after one signed request', () => rig.withFake(async (fake) => {
  assert.equal((await update({}, '198.51.100.1')).word, 'nochg');
  assert.equal((await update({}, '2001:DB8::0:1')).word, 'nochg');
  assert.equal(fake.requests.length, 2);
}));

test('route53: a name without a record is created (UPSERT); param_opt may carry the zone id', () => rig.withFake(async (fake) => {
  const r = await update({ domain: 'new.example.com', param_opt: 'Z0123456789ABC', lookup_host: undefined }, '203.0.113.9');
  assert.equal(r.word, 'good', r.text);
  assert.match(fake.requests[1].body, /<Name>new\.example\.com\.<\/Name><Type>A<\/Type><TTL>300<\/TTL>/);
  assert.deepEqual(fake.records.find((s: any) => s.name === 'new.example.com.').values, ['203.0.113.9']);
}));

test('route53: clock not set -> dnserr without a request', () => rig.withFake(async (fake) => {
  const r = await update({}, '203.0.113.5', 0);
  assert.deepEqual(r, { word: 'dnserr', text: 'clock not set: AWS signatures need the time' });
  assert.equal(fake.requests.length, 0);
}));

test('route53: wrong secret or unknown key -> badauth (the fake rejects the signature)', () => rig.withFake(async (fake) => {
  const r = await update({ password: 'not-the-secret' }, '203.0.113.5');
  assert.equal(r.word, 'badauth');
  assert.equal(r.status, 403);
  assert.match(r.text, /SignatureDoesNotMatch/);
  const r2 = await update({ username: 'AKIAOTHER' }, '203.0.113.5');
  assert.equal(r2.word, 'badauth');
  assert.match(r2.text, /InvalidClientTokenId/);
  assert.equal(fake.requests.length, 2);
}));

test('route53: a clock an hour off -> dnserr (retry), not badauth', () => rig.withFake(async (fake) => {
  const r = await update({}, '203.0.113.5', NOW - 3600e3);
  assert.equal(r.word, 'dnserr');
  assert.match(r.text, /Signature expired/);
}));

test('route53: unknown hosted zone -> nohost; no name to update -> notfqdn', () => rig.withFake(async (fake) => {
  const r = await update({ domain: 'ZNOSUCHZONE' }, '203.0.113.5');
  assert.equal(r.word, 'nohost');
  assert.match(r.text, /NoSuchHostedZone/);
  assert.equal((await update({ lookup_host: undefined }, '203.0.113.5')).word, 'notfqdn');
  assert.equal((await update({ lookup_host: 'Z0123456789ABC' }, '203.0.113.5')).word, 'notfqdn', 'lookup_host defaulted to the zone id');
  assert.equal(fake.requests.length, 1);
}));

test('route53: 5xx -> status; Throttling -> 429 hold', () => rig.withFake(async (fake) => {
  fake.failNext(503);
  assert.equal((await update({}, '203.0.113.5')).status, 503);
  fake.failNext(400, 'Throttling', 'Rate exceeded');
  const r = await update({}, '203.0.113.5');
  assert.equal(r.status, 429);
  assert.ok(r.retryAfter > 0);
}));

test('route53: network error -> err', async () => {
  const r = await rig.unreachable({ domain: 'Z1' }, '203.0.113.5');
  assert.equal(r.err, 'refused');
});
