// The no-ip.com API provider against the No-IP fake (host-sim/world/noip.mjs) through a Node
// HttpPort: the request No-IP documents, host lists, every answer word, and the worst answer of
// a list winning.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
// @ts-ignore: plain ESM module without types
import { startNoip } from '../../host-sim/world/noip.mjs';
import * as noip from '../../firmware/providers/api/noip';
import type { ApiResult } from '../../firmware/providers/types';
import { apiRig } from '../helpers/api-provider';

const UA = 'Example esp32-ddns/0.1.0 maintainer@example.com';
const rig = apiRig(noip, {
  start: startNoip,
  fake: () => ({
    users: {
      'me@example.com': { password: 'p@ss:word', hosts: ['a.ddns.net', 'b.ddns.net', 'c.ddns.net'] },
      'banned@example.com': { password: 'x', hosts: ['d.ddns.net'], abuse: true },
    },
  }),
  opts: (f) => ({ username: 'me@example.com', password: 'p@ss:word', domain: 'a.ddns.net', api_url: f.url + '/' }),
});
let fake: any;

before(async () => { fake = await rig.open(); });
beforeEach(() => { fake.requests.length = 0; });
after(() => rig.close());

// One provider update against the fake, with the user agent No-IP asks for unless given.
function run(opts: Record<string, string>, ip = '203.0.113.5', ua = UA): Promise<ApiResult> {
  return rig.update(opts, ip, { userAgent: ua });
}

test('one host: the documented request; good, then nochg', async () => {
  let r = await run({});
  assert.equal(r.word, 'good', JSON.stringify(r));
  assert.equal(fake.requests.length, 1);
  const q = fake.requests[0];
  assert.equal(q.method, 'GET');
  assert.equal(q.path, '/nic/update');
  assert.deepEqual(q.query, { hostname: 'a.ddns.net', myip: '203.0.113.5' });
  assert.deepEqual(q.auth, { user: 'me@example.com', pass: 'p@ss:word' });
  assert.equal(q.headers['user-agent'], UA);
  assert.equal(fake.records.get('a.ddns.net', 'A').value, '203.0.113.5');
  r = await run({});
  assert.equal(r.word, 'nochg');
});

test('host list in one request: all good, mixed good/nochg, all nochg', async () => {
  let r = await run({ domain: 'b.ddns.net, c.ddns.net' }, '203.0.113.6');
  assert.equal(r.word, 'good');
  assert.equal(fake.requests.length, 1);
  assert.equal(fake.requests[0].query.hostname, 'b.ddns.net,c.ddns.net');
  r = await run({ domain: 'a.ddns.net,b.ddns.net' }, '203.0.113.6');
  assert.equal(r.word, 'good', 'a changed, b did not');
  r = await run({ domain: 'a.ddns.net,b.ddns.net,c.ddns.net' }, '203.0.113.6');
  assert.equal(r.word, 'nochg');
});

test('IPv6 goes in myipv6', async () => {
  const r = await run({}, '2001:db8::5');
  assert.equal(r.word, 'good', JSON.stringify(r));
  assert.deepEqual(fake.requests[0].query, { hostname: 'a.ddns.net', myipv6: '2001:db8::5' });
  assert.equal(fake.records.get('a.ddns.net', 'AAAA').value, '2001:db8::5');
});

test('badauth, badagent, abuse, 911 from the fake', async () => {
  let r = await run({ password: 'wrong' });
  assert.equal(r.word, 'badauth');
  assert.equal(r.status, 401);
  r = await run({}, '203.0.113.5', 'esp32-ddns');
  assert.equal(r.word, 'badagent');
  r = await run({ username: 'banned@example.com', password: 'x', domain: 'd.ddns.net' });
  assert.equal(r.word, 'abuse');
  fake.setMaintenance(true);
  r = await run({});
  fake.setMaintenance(false);
  assert.equal(r.word, '911');
  assert.equal(r.status, 500);
  assert.equal((await run({ password: '' })).word, 'badauth');
  assert.equal(fake.requests.length, 4, 'no request without a password');
});

test('a host not in the account: nohost, naming the host, even after a good line', async () => {
  const r = await run({ domain: 'a.ddns.net,zzz.ddns.net' }, '203.0.113.7');
  assert.equal(r.word, 'nohost');
  assert.match(r.text || '', /zzz\.ddns\.net/);
});

test('every answer word, one line each', async () => {
  for (const w of ['good 1.2.3.4', 'nochg 1.2.3.4', 'nohost', 'badauth', '!donator', 'abuse', 'badagent', '911', 'dnserr', 'numhost']) {
    fake.setNextAnswer(w);
    const r = await run({});
    assert.equal(r.word, w.split(' ')[0], w + ': ' + JSON.stringify(r));
  }
});

test('the worst answer wins: stop beats hold beats retry; the longer hold wins', async () => {
  const cases: [string, string][] = [
    ['good 1.2.3.4\nabuse\nnohost', 'nohost'],
    ['911\nabuse\ngood 1.2.3.4', 'abuse'],
    ['good 1.2.3.4\n911\nnochg 1.2.3.4', '911'],
    ['dnserr\ngood 1.2.3.4\nnochg 1.2.3.4', 'dnserr'],
    ['dnserr\n911\ngood 1.2.3.4', '911'],
    ['!donator\n911\nbadagent', '!donator'],
  ];
  for (const [body, word] of cases) {
    fake.setNextAnswer(body);
    const r = await run({ domain: 'a.ddns.net,b.ddns.net,c.ddns.net' });
    assert.equal(r.word, word, JSON.stringify(body) + ' -> ' + JSON.stringify(r));
  }
});

test('a wait reply holds for what it asks', async () => {
  fake.setNextAnswer('good 1.2.3.4\nwait 10m');
  let r = await run({ domain: 'a.ddns.net,b.ddns.net' });
  assert.equal(r.word, 'wait 600s');
  assert.equal(r.retryAfter, 600);
  fake.setNextAnswer('wait 90s\nabuse');
  r = await run({ domain: 'a.ddns.net,b.ddns.net' });
  assert.equal(r.word, 'abuse', 'abuse (1 h) outlasts a 90 s wait');
});

test('no known word: HTTP status decides; a 200 with junk is a bad answer', async () => {
  fake.setStatus(502);
  let r = await run({});
  assert.equal(r.status, 502);
  assert.equal(r.word, undefined);
  fake.setNextAnswer('<html>captive portal</html>');
  r = await run({});
  assert.equal(r.err, 'badanswer');
  assert.equal(r.word, undefined);
});

test('network errors come back as err', async () => {
  const r = await run({ api_url: 'http://127.0.0.1:9' });
  assert.ok(r.err === 'refused' || r.err === 'connect', JSON.stringify(r));
});
