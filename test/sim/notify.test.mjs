// Notifications on the built bundle (module ddns.notify), in virtual time, against fakes of
// ntfy, Gotify, a healthchecks.io-style ping service and a JSON webhook (host-sim/world/notify.mjs,
// each after its documentation): the events, the forms, bounded retries, one request at a time,
// the token never printed, the console's notify() and the module loaded only when configured.
import test from 'node:test';
import assert from 'node:assert/strict';
import { section } from './harness.mjs';
import { vscenario, at, status, MIN, HOUR } from './kit.mjs';
import { startNtfy, startGotify, startHealthchecks, startWebhook } from '../../host-sim/world/notify.mjs';

const TOKEN = 'tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2';
const UUID = '5bf66975-d4c7-4bf5-bcc8-b8d8a82ea278';
const cached = (board) => [...board.eval('Modules.getCached()')];

test('ntfy and a ping: success message with its headers, a ping after every good check, token never shown', async (t) => {
  const ntfy = await startNtfy({ token: TOKEN });
  const hc = await startHealthchecks({ uuids: [UUID] });
  t.after(() => Promise.all([ntfy.close(), hc.close()]));
  const s = await vscenario({ config: (w) => ({ service: { myddns: section(w) },
    notify: { url: ntfy.url + '/ddns-home', format: 'ntfy', token: TOKEN, ping_url: hc.url + '/' + UUID } }) });
  t.after(() => s.close());
  await at(s.board, 5000);
  assert.equal(s.updates().length, 1);
  const m = ntfy.requests.filter((r) => r.status === 200);
  assert.equal(m.length, 1);
  assert.equal(m[0].method, 'POST');
  assert.equal(m[0].path, '/ddns-home');
  assert.equal(m[0].message.title, 'esp32-ddns: myddns success');
  assert.equal(m[0].message.priority, 3);
  assert.deepEqual(m[0].message.tags, ['white_check_mark']);
  assert.equal(m[0].message.message, 'home.example.com -> 198.51.100.10 (good)');
  await at(s.board, 5000 + HOUR);
  assert.equal(hc.requests.filter((r) => r.status === 200 && r.signal === 'success').length, 7, 'boot + one per 10 min check');
  assert.equal(ntfy.requests.length, 1, 'no message while nothing happens');
  assert.ok(!cached(s.board).includes('ddns.notify'), 'the module is let go while nothing waits');
  // the console's test: a message and a ping
  await s.board.type('notify()');
  await at(s.board, 5000 + HOUR + 2000);
  assert.equal(ntfy.requests.at(-1).message.title, 'esp32-ddns: test');
  assert.match(s.board.output, /notify\] .*test: sending a test message to http:\/\/127\.0\.0\.1:\d+ and a ping to http:\/\/127\.0\.0\.1:\d+\n/);
  assert.doesNotMatch(s.board.output, new RegExp(TOKEN), 'the token is never printed');
  assert.doesNotMatch(s.board.output, new RegExp(UUID), 'log lines show the host only');
  await s.board.type('get("notify")');
  assert.doesNotMatch(s.board.output, new RegExp(TOKEN));
});

test('failure and stop: told once each, with the answer; retries bounded', async (t) => {
  const ntfy = await startNtfy();
  t.after(() => ntfy.close());
  const s = await vscenario({ config: (w) => ({ service: { myddns: section(w) },
    notify: { url: ntfy.url + '/ddns', format: 'ntfy', retries: '2' } }),
  before: (x) => { x.world.dyndns2.setAnswers(['dnserr', 'dnserr', 'dnserr', 'badauth']); ntfy.failNext(2, 503); } });
  t.after(() => s.close());
  await at(s.board, 3 * HOUR);
  assert.equal((await status(s.board)).state, 'stopped');
  const ok = ntfy.requests.filter((r) => r.status === 200).map((r) => [r.message.title, r.message.priority, r.message.message]);
  assert.deepEqual(ok, [
    ['esp32-ddns: myddns failure', 4, 'update of home.example.com to 198.51.100.10 failed: dnserr'],
    ['esp32-ddns: myddns failure', 4, 'update of home.example.com to 198.51.100.10 failed: badauth'],
    ['esp32-ddns: myddns stop', 4, 'myddns stopped: badauth: ' + ok[2][2].split('badauth: ')[1]],
  ], 'the same dnserr three times is told once');
  assert.match(ok[2][2], /^myddns stopped: badauth: /);
  assert.equal(ntfy.requests.filter((r) => r.status === 503).length, 2, 'the first message was tried 3 times');
  assert.match(s.board.output, /failure message to http:\/\/127\.0\.0\.1:\d+ failed: HTTP 503; again in 15 s/);
  assert.match(s.board.output, /again in 30 s/);
});

test('retries end: a service that keeps failing gets 1 + retries tries, then the message is dropped with a line', async (t) => {
  const ntfy = await startNtfy();
  t.after(() => ntfy.close());
  ntfy.failNext(20, 500);
  const s = await vscenario({ config: (w) => ({ service: { myddns: section(w) }, notify: { url: ntfy.url + '/x', format: 'ntfy', retries: '1' } }) });
  t.after(() => s.close());
  await at(s.board, 5000);
  assert.equal(ntfy.requests.length, 1);
  assert.ok(cached(s.board).includes('ddns.notify'), 'kept while its retry waits');
  await at(s.board, 10 * MIN);
  assert.equal(ntfy.requests.length, 2);
  assert.ok(!cached(s.board).includes('ddns.notify'), 'let go after');
  assert.match(s.board.output, /success message to http:\/\/127\.0\.0\.1:\d+ failed: HTTP 500\n/);
});

test('Gotify and the JSON webhook forms', async (t) => {
  const gotify = await startGotify({ token: 'AbCdEf.gHiJkLm' });
  const hook = await startWebhook();
  t.after(() => Promise.all([gotify.close(), hook.close()]));
  const s = await vscenario({ config: (w) => ({ service: { myddns: section(w) }, notify: { url: gotify.url, format: 'gotify', token: 'AbCdEf.gHiJkLm' } }) });
  t.after(() => s.close());
  await at(s.board, 5000);
  assert.equal(gotify.requests.length, 1);
  assert.equal(gotify.requests[0].status, 200);
  assert.deepEqual({ ...gotify.requests[0].message, date: 0 }, { id: 1, appid: 1, message: 'home.example.com -> 198.51.100.10 (good)',
    title: 'esp32-ddns: myddns success', priority: 4, date: 0 });
  const s2 = await vscenario({ config: (w) => ({ service: { myddns: section(w) }, notify: { url: hook.url + '/hook?k=1', events: 'success' } }) });
  t.after(() => s2.close());
  await at(s2.board, 5000);
  assert.equal(hook.requests.length, 1);
  const j = hook.requests[0].json;
  assert.equal(hook.requests[0].headers['content-type'], 'application/json');
  assert.deepEqual({ ...j, time: typeof j.time }, { event: 'success', section: 'myddns', host: 'home.example.com', ip: '198.51.100.10',
    answer: 'good', text: 'home.example.com -> 198.51.100.10 (good)', time: 'string', device: 'esp32-ddns' });
  // events: only those named are told
  const s3 = await vscenario({ config: (w) => ({ service: { myddns: section(w) }, notify: { url: hook.url + '/stops', events: 'stop' } }) });
  t.after(() => s3.close());
  await at(s3.board, 5000);
  assert.equal(s3.updates().length, 1);
  assert.equal(hook.requests.filter((r) => r.path === '/stops').length, 0, 'a success is not told when events is stop');
});

test('a wrong notify block is named and keeps notify off; without a block the module is never loaded', async (t) => {
  const s = await vscenario({ config: (w) => ({ service: { myddns: section(w) },
    notify: { url: 'ftp://x', format: 'pager', retries: '9', events: 'success sometimes', colour: 'red' } }) });
  t.after(() => s.close());
  await at(s.board, 5000);
  for (const re of [/notify\.url: expected an http:\/\/ or https:\/\/ URL/, /notify\.format: expected json, ntfy or gotify, got 'pager'/,
    /notify\.retries: expected 0 to 5/, /notify\.events: expected words of success, failure, stop, got 'sometimes'/,
    /notify\.colour: unknown option, ignored/]) assert.match(s.board.output, re);
  assert.equal(s.updates().length, 1, 'the updates go on');
  assert.ok(!cached(s.board).includes('ddns.notify'), 'not kept');
  await s.board.type('notify()');
  assert.match(s.board.output, /notify\(\): notifications are off/);
  const plain = await vscenario({ config: (w) => ({ service: { myddns: section(w) } }) });
  t.after(() => plain.close());
  await at(plain.board, HOUR);
  assert.ok(!cached(plain.board).includes('ddns.notify'), 'never loaded');
});
