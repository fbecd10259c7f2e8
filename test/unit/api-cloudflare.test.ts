// The cloudflare.com-v4 API provider against the Cloudflare fake (host-sim/world/cloudflare.mjs)
// through a Node HttpPort: both ways to authenticate, zone and record lookups by name and by ids
// in param_opt, no PATCH when the content is already right, and the error answers.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
// @ts-ignore: plain ESM module without types
import { startCloudflare } from '../../host-sim/world/cloudflare.mjs';
import * as cloudflare from '../../firmware/providers/api/cloudflare';
import { scanJson, readReply } from '../../firmware/providers/api/cloudflare';
import type { ApiResult } from '../../firmware/providers/types';
import { apiRig } from '../helpers/api-provider';

const TOKEN = 'Zx9kq2Lm4Np6Rs8Tv0Wy1Ab3Cd5Ef7Gh9Ij1Kl3M';
const EMAIL = 'owner@example.com';
const KEY = '0123456789abcdef0123456789abcdef01234';
const ZID = '023e105f4ecef8ad9ca31a8372d0c353';
const RID = '372e67954025e0ba6aaa6d586b9e0b59';

// A fake with known ids, so request paths can be compared as text.
const rig = apiRig(cloudflare, {
  start: startCloudflare,
  fake: () => ({
    token: TOKEN, tokens: [{ value: 'readonly-token-0123456789', readOnly: true }], email: EMAIL, key: KEY,
    zones: {
      'example.com': { id: ZID, records: [
        { id: RID, type: 'A', name: 'home', content: '192.0.2.1', proxied: true, ttl: 120 },
        { type: 'AAAA', name: 'home', content: '2001:DB8:0::1' },
        { type: 'A', name: '@', content: '192.0.2.50' },
        { type: 'A', name: 'multi', content: '192.0.2.60' },
        { type: 'A', name: 'multi', content: '192.0.2.61' },
        { type: 'TXT', name: 'home', content: 'not an address' },
      ] },
      'other.org': { records: [{ type: 'A', name: 'deep.sub.other.org', content: '198.51.100.1' }] },
    },
  }),
  opts: (fake) => ({ username: 'Bearer', password: TOKEN, domain: 'home@example.com', api_url: fake.apiUrl }),
  ctx: { userAgent: 'esp32-ddns/test' },
});

let cf: any;
async function fresh() { cf = await rig.open(); }

before(fresh);
beforeEach(() => { cf.requests.length = 0; });
after(() => rig.close());

// One provider update; maxBytes overrides the body cap the provider asks for.
async function run(opts: Record<string, string>, ip = '203.0.113.5', maxBytes = 0): Promise<{ r: ApiResult; logs: string[] }> {
  const logs: string[] = [];
  const r = await rig.update(opts, ip, { maxBytes, logs });
  return { r, logs };
}

// The requests the fake saw, as 'METHOD /path?query' lines.
const calls = () => cf.requests.map((q: any) => q.method + ' ' + q.path.replace('/client/v4', '') +
  (Object.keys(q.query).length ? '?' + new URLSearchParams(q.query).toString() : ''));

test('token, host@zone: zone, record, PATCH with only the content; proxied and TTL kept', async () => {
  await fresh();
  const { r } = await run({});
  assert.equal(r.word, 'good', JSON.stringify(r));
  assert.deepEqual(calls(), [
    'GET /zones?name=example.com',
    'GET /zones/' + ZID + '/dns_records?type=A&name=home.example.com',
    'PATCH /zones/' + ZID + '/dns_records/' + RID,
  ]);
  const patch = cf.requests[2];
  assert.deepEqual(JSON.parse(patch.body), { content: '203.0.113.5' });
  assert.equal(patch.headers['content-type'], 'application/json');
  for (const q of cf.requests) {
    assert.equal(q.headers.authorization, 'Bearer ' + TOKEN);
    assert.equal(q.headers['x-auth-key'], undefined);
    assert.equal(q.headers['user-agent'], 'esp32-ddns/test');
  }
  const rec = cf.record('home.example.com', 'A');
  assert.equal(rec.content, '203.0.113.5');
  assert.equal(rec.proxied, true);
  assert.equal(rec.ttl, 120);
});

test('content already right: nochg and no PATCH', async () => {
  const { r } = await run({});
  assert.equal(r.word, 'nochg', JSON.stringify(r));
  assert.equal(cf.requests.length, 2);
  assert.ok(cf.requests.every((q: any) => q.method === 'GET'));
});

test('global key: X-Auth-Email and X-Auth-Key, no Authorization', async () => {
  const { r } = await run({ username: EMAIL, password: KEY }, '203.0.113.6');
  assert.equal(r.word, 'good', JSON.stringify(r));
  for (const q of cf.requests) {
    assert.equal(q.headers['x-auth-email'], EMAIL);
    assert.equal(q.headers['x-auth-key'], KEY);
    assert.equal(q.headers.authorization, undefined);
  }
});

test('param_opt zone_id skips the zone lookup; with dns_record_id the record is read by id', async () => {
  let { r } = await run({ param_opt: 'zone_id=' + ZID }, '203.0.113.7');
  assert.equal(r.word, 'good');
  assert.deepEqual(calls(), ['GET /zones/' + ZID + '/dns_records?type=A&name=home.example.com',
    'PATCH /zones/' + ZID + '/dns_records/' + RID]);
  cf.requests.length = 0;
  ({ r } = await run({ param_opt: 'zone_id=' + ZID + '&dns_record_id=' + RID }, '203.0.113.8'));
  assert.equal(r.word, 'good');
  assert.deepEqual(calls(), ['GET /zones/' + ZID + '/dns_records/' + RID, 'PATCH /zones/' + ZID + '/dns_records/' + RID]);
  cf.requests.length = 0;
  ({ r } = await run({ param_opt: 'dns_record_id=' + RID + ',zone_id=' + ZID }, '203.0.113.8'));
  assert.equal(r.word, 'nochg');
  assert.equal(cf.requests.length, 1);
  assert.equal(cf.record('home.example.com', 'A').content, '203.0.113.8');
});

test('dns_record_id without zone_id is a config error: nothing sent', async () => {
  const { r } = await run({ param_opt: 'dns_record_id=' + RID });
  assert.equal(r.word, 'badsys');
  assert.equal(cf.requests.length, 0);
});

test('plain FQDN: the zone is found by walking suffixes, longest first', async () => {
  const { r } = await run({ domain: 'deep.sub.other.org' }, '198.51.100.2');
  assert.equal(r.word, 'good', JSON.stringify(r));
  const z = cf.zone('other.org').id;
  assert.deepEqual(calls(), ['GET /zones?name=deep.sub.other.org', 'GET /zones?name=sub.other.org',
    'GET /zones?name=other.org', 'GET /zones/' + z + '/dns_records?type=A&name=deep.sub.other.org',
    'PATCH /zones/' + z + '/dns_records/' + cf.record('deep.sub.other.org', 'A').id]);
});

test('apex: @zone and a plain zone name', async () => {
  let { r } = await run({ domain: '@example.com' }, '192.0.2.51');
  assert.equal(r.word, 'good');
  assert.equal(cf.record('example.com', 'A').content, '192.0.2.51');
  ({ r } = await run({ domain: 'example.com' }, '192.0.2.51'));
  assert.equal(r.word, 'nochg');
});

test('AAAA compares canonical forms', async () => {
  let { r } = await run({}, '2001:db8::1');
  assert.equal(r.word, 'nochg', JSON.stringify(r));
  assert.equal(cf.requests[1].query.type, 'AAAA');
  ({ r } = await run({}, '2001:db8::2'));
  assert.equal(r.word, 'good');
  assert.equal(cf.record('home.example.com', 'AAAA').content, '2001:db8::2');
});

test('several records of the type: the first is updated, and the log says so', async () => {
  const { r, logs } = await run({ domain: 'multi@example.com' }, '192.0.2.62');
  assert.equal(r.word, 'good');
  assert.ok(logs.some((l) => l.includes('more than one A record multi.example.com, updating the first')), logs.join('\n'));
  assert.equal(cf.record('multi.example.com', 'A').content, '192.0.2.62', 'the first record has the address');
});

test('credentials refused: badauth, nothing changed', async () => {
  const was = cf.record('home.example.com', 'A').content;
  const refused: Record<string, string>[] = [
    { password: 'WrongTokenWrongTokenWrongTokenWrongToken' },
    { password: 'not a token!' },
    { username: EMAIL, password: '0123456789abcdef0123456789abcdef00000' },
    { username: EMAIL, password: 'short' },
    { username: 'not-an-email', password: KEY },
  ];
  for (const opts of refused) {
    cf.requests.length = 0;
    const { r } = await run(opts, '203.0.113.99');
    assert.equal(r.word, 'badauth', JSON.stringify(opts) + ' ' + JSON.stringify(r));
    assert.equal(cf.requests.length, 1);
  }
  const { r } = await run({ password: 'readonly-token-0123456789' }, '203.0.113.99');
  assert.equal(r.word, 'badauth', 'read-only token: ' + JSON.stringify(r));
  assert.equal(r.status, 403);
  assert.equal(cf.record('home.example.com', 'A').content, was);
  assert.equal((await run({ password: '' })).r.word, 'badauth');
});

test('missing zone, record, zone id or record id: nohost', async () => {
  const cases: Record<string, string>[] = [
    { domain: 'home@nowhere.net' },
    { domain: 'nothere@example.com' },
    { domain: 'home.nowhere.net' },
    { param_opt: 'zone_id=ffffffffffffffffffffffffffffffff' },
    { param_opt: 'zone_id=not-an-id' },
    { param_opt: 'zone_id=' + ZID + '&dns_record_id=ffffffffffffffffffffffffffffffff' },
  ];
  for (const opts of cases) {
    const { r } = await run(opts, '203.0.113.99');
    assert.equal(r.word, 'nohost', JSON.stringify(opts) + ' ' + JSON.stringify(r));
  }
  const txtId = cf.zone('example.com').records.find((x: any) => x.type === 'TXT').id;
  const { r } = await run({ param_opt: 'zone_id=' + ZID + '&dns_record_id=' + txtId }, '203.0.113.99');
  assert.equal(r.word, 'nohost', 'a record id of another type');
  assert.equal((await run({ domain: 'localhost' })).r.word, 'notfqdn');
});

test('5xx: retry (status, no word); 429: hold with Retry-After', async () => {
  cf.setStatus(502);
  let { r } = await run({}, '203.0.113.99');
  assert.equal(r.status, 502);
  assert.equal(r.word, undefined);
  assert.equal(cf.requests.length, 1);
  cf.requests.length = 0;
  cf.setStatus(429, { retryAfter: 30 });
  ({ r } = await run({}, '203.0.113.99'));
  assert.equal(r.status, 429);
  assert.equal(r.retryAfter, 30);
  assert.equal(r.word, undefined);
});

test('replies cut at 300 bytes still work: the ids come first', async () => {
  const { r } = await run({}, '203.0.113.77', 300);
  assert.equal(r.word, 'good', JSON.stringify(r));
  assert.equal(cf.requests.length, 3);
  assert.equal(cf.record('home.example.com', 'A').content, '203.0.113.77');
});

test('network errors come back as err', async () => {
  const { r } = await run({ api_url: 'http://127.0.0.1:9/client/v4/' });
  assert.ok(r.err === 'refused' || r.err === 'connect', JSON.stringify(r));
});

test('scanJson: paths, escapes, nesting; a cut text stops quietly', () => {
  const seen: string[] = [];
  scanJson('{"a":[{"id":"x\\"y","n":{"id":"inner"}},{"id":"z"}],"b":true,"c":-1.5e3,"d":"\\u0041\\n","e":[],"f":{}}',
    (p, v) => seen.push(p.join('/') + '=' + v));
  assert.deepEqual(seen, ['a/0/id=x"y', 'a/0/n/id=inner', 'a/1/id=z', 'b=true', 'c=-1.5e3', 'd=A\n']);
  const cut: string[] = [];
  scanJson('{"result":[{"id":"abc","name":"exa', (p, v) => cut.push(p.join('/') + '=' + v));
  assert.deepEqual(cut, ['result/0/id=abc']);
  const lit: string[] = [];
  scanJson('{"success":tr', (p, v) => lit.push(v));
  assert.deepEqual(lit, []);
});

test('readReply: zone id found in a body cut at 300 bytes; nested ids ignored', async () => {
  cf.requests.length = 0;
  const res = await fetch(cf.apiUrl + '/zones?name=example.com', { headers: { Authorization: 'Bearer ' + TOKEN } });
  const body = await res.text();
  assert.ok(body.length > 1000, 'a real-sized zone object');
  const whole = readReply(body);
  assert.equal(whole.success, true);
  assert.deepEqual(whole.items, [{ id: ZID, name: 'example.com', type: 'full' }]);
  const cut = readReply(body.slice(0, 300));
  assert.equal(cut.success, false);
  assert.deepEqual(cut.items, [{ id: ZID, name: 'example.com', type: 'full' }]);
  const err = readReply('{"success":false,"errors":[{"code":6003,"message":"Invalid request headers","error_chain":[{"code":6111,"message":"Invalid format"}]}],"messages":[],"result":null}');
  assert.deepEqual(err, { success: false, codes: [6003, 6111], message: 'Invalid request headers', items: [] });
});
