// The Google Cloud DNS provider (OAuth refresh token) against local fakes of the documented
// token endpoint and DNS API.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as gcp from '../../firmware/providers/api/gcp';
import { apiRig } from '../helpers/api-provider';
// @ts-ignore: plain ESM fake without types
import { startGcp } from '../../host-sim/world/gcp.mjs';

const rig = apiRig(gcp, {
  start: startGcp,
  fake: () => ({ clientId: 'CID', clientSecret: 'CS', refreshToken: 'RT', project: 'p1', zone: 'z1', dnsName: 'example.com',
    records: [{ name: 'home.example.com', type: 'A', value: '198.51.100.1', ttl: 3600 }] }),
  opts: (fake) => ({ username: 'CID', password: 'RT', param_enc: 'project=p1&zone=z1&client_secret=CS', domain: 'home.example.com', api_url: fake.apiUrl }),
});
const update = rig.update;

test('gcp: refresh token -> access token, GET rrset, PATCH, good', () => rig.withFake(async (fake) => {
  const r = await update({}, '203.0.113.5');
  assert.equal(r.word, 'good');
  assert.deepEqual(fake.requests.map((q: any) => q.method + ' ' + q.path), ['POST /token',
    'GET /dns/v1/projects/p1/managedZones/z1/rrsets/home.example.com./A', 'PATCH /dns/v1/projects/p1/managedZones/z1/rrsets/home.example.com./A']);
  assert.deepEqual(Object.fromEntries(new URLSearchParams(fake.requests[0].body)),
    { client_id: 'CID', client_secret: 'CS', refresh_token: 'RT', grant_type: 'refresh_token' });
  assert.match(fake.requests[2].headers.authorization, /^Bearer ya29\./);
  assert.deepEqual(fake.requests[2].json, { name: 'home.example.com.', type: 'A', ttl: 3600, rrdatas: ['203.0.113.5'] });
  assert.deepEqual(fake.records[0].rrdatas, ['203.0.113.5']);
}));

test('gcp: same address and TTL -> nochg; a new TTL from param_opt is written', () => rig.withFake(async (fake) => {
  assert.equal((await update({}, '198.51.100.1')).word, 'nochg');
  assert.equal((await update({ param_opt: '300' }, '198.51.100.1')).word, 'good');
  assert.equal(fake.records[0].ttl, 300);
}));

test('gcp: a service-account key is refused with the reason; missing param_enc parts -> badsys; nothing sent', () => rig.withFake(async (fake) => {
  const k = await update({ password: '{"type":"service_account","private_key":"-----BEGIN PRIVATE KEY-----..."}' }, '203.0.113.5');
  assert.equal(k.word, 'badsys');
  assert.match(k.text!, /cannot sign its JWT .*refresh token/);
  assert.equal((await update({ param_enc: 'project=p1&zone=z1' }, '203.0.113.5')).word, 'badsys');
  assert.equal(fake.requests.length, 0);
}));

test('gcp: revoked token or bad client -> badauth; unknown zone or record -> nohost', () => rig.withFake(async (fake) => {
  const g = await update({ password: 'old' }, '203.0.113.5');
  assert.equal(g.word, 'badauth');
  assert.match(g.text!, /invalid_grant/);
  assert.equal((await update({ param_enc: 'project=p1&zone=z1&client_secret=x' }, '203.0.113.5')).word, 'badauth');
  assert.equal((await update({ param_enc: 'project=p1&zone=z9&client_secret=CS' }, '203.0.113.5')).word, 'nohost');
  assert.equal((await update({ domain: 'nope.example.com' }, '203.0.113.5')).word, 'nohost');
}));

test('gcp: 5xx -> status; network error -> err', () => rig.withFake(async (fake) => {
  fake.failNext(503, undefined, {}, 'PATCH');
  assert.equal((await update({}, '203.0.113.5')).status, 503);
  assert.equal((await rig.unreachable({}, '203.0.113.5')).err, 'refused');
}));
