// The TransIP API provider (access token from the control panel) against a local fake of the
// documented API.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as transip from '../../firmware/providers/api/transip';
import { apiRig } from '../helpers/api-provider';
// @ts-ignore: plain ESM fake without types
import { startTransip } from '../../host-sim/world/transip.mjs';

const rig = apiRig(transip, {
  start: startTransip,
  fake: () => ({ token: 'TOK', domains: { 'example.com': [
    { name: 'home', expire: 300, type: 'A', content: '198.51.100.1' },
    { name: '@', expire: 86400, type: 'A', content: '198.51.100.9' },
    { name: 'home', expire: 300, type: 'MX', content: '10 mx.example.com.' }] } }),
  opts: (fake) => ({ password: 'TOK', domain: 'example.com', param_enc: 'home', api_url: fake.apiUrl }),
});
const update = rig.update;

test('transip: different address -> GET entries then PATCH with the entry\'s expire, good', () => rig.withFake(async (fake) => {
  const r = await update({}, '203.0.113.5');
  assert.equal(r.word, 'good');
  assert.deepEqual(fake.requests.map((q: any) => q.method + ' ' + q.path), ['GET /v6/domains/example.com/dns', 'PATCH /v6/domains/example.com/dns']);
  assert.equal(fake.requests[1].headers.authorization, 'Bearer TOK');
  assert.deepEqual(fake.requests[1].json, { dnsEntry: { name: 'home', expire: 300, type: 'A', content: '203.0.113.5' } });
  assert.equal(fake.domains['example.com'][0].content, '203.0.113.5');
}));

test('transip: same address -> nochg; @ is the domain; no AAAA entry -> nohost', () => rig.withFake(async (fake) => {
  assert.equal((await update({}, '198.51.100.1')).word, 'nochg');
  assert.equal((await update({ param_enc: '@' }, '203.0.113.7')).word, 'good');
  assert.equal(fake.requests[2].json.dnsEntry.expire, 86400);
  assert.equal((await update({}, '2001:db8::1')).word, 'nohost');
}));

test('transip: a private key in password is refused with the reason, nothing sent', () => rig.withFake(async (fake) => {
  const r = await update({ password: '-----BEGIN PRIVATE KEY-----\nMIIE...\n-----END PRIVATE KEY-----' }, '203.0.113.5');
  assert.equal(r.word, 'badsys');
  assert.match(r.text!, /cannot sign .* \(RSA\): generate an access token/);
  assert.equal(fake.requests.length, 0);
}));

test('transip: expired or wrong token -> badauth; unknown domain -> nohost; 5xx; network error', () => rig.withFake(async (fake) => {
  const e = await update({ password: 'old-token' }, '203.0.113.5');
  assert.equal(e.word, 'badauth');
  assert.match(e.text!, /expired/);
  assert.equal((await update({ domain: 'example.org' }, '203.0.113.5')).word, 'nohost');
  fake.failNext(500, undefined, {}, 'PATCH');
  assert.equal((await update({}, '203.0.113.5')).status, 500);
  assert.equal((await rig.unreachable({}, '203.0.113.5')).err, 'refused');
}));

test('transip: a long list is read one entry at a time; one cut by the cap before the entry -> reply too large', async () => {
  const many = Array.from({ length: 60 }, (_, i) => ({ name: 'h' + i, expire: 300, type: 'A', content: '198.51.100.' + (i + 1) }));
  await rig.withFake(async (fake) => {
    assert.equal((await update({ param_enc: 'h59' }, '198.51.100.60')).word, 'nochg');
    assert.equal((await update({ param_enc: 'h58' }, '203.0.113.5')).word, 'good');
    assert.equal(fake.domains['example.com'][58].content, '203.0.113.5');
    const cut = await update({ param_enc: 'h59' }, '203.0.113.5', { maxBytes: 1024 });
    assert.equal(cut.word, 'dnserr');
    assert.match(cut.text!, /reply too large/);
  }, { domains: { 'example.com': many } });
});
