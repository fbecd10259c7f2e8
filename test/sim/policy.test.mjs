// Decision and policy on the built bundle, table-driven over every answer a provider gives: the
// section's state and how many requests it sends in a fixed virtual hour. The provider keeps
// giving the same answer the whole time, so a row's count is what a broken account costs.
import test from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { section } from './harness.mjs';
import { vscenario, at, status, stateFile, scriptedProvider, MIN, HOUR } from './kit.mjs';

const WINDOW = 59 * MIN;

// Back-off from retry_interval 60 s: attempts at 0, 60, 180, 420, 900, 1860 s (next 3780 s).
const RETRIES_IN_WINDOW = 6;

// kind 'word': the dyndns2 fake answers `body` to every request.
// kind 'http': a scripted provider answers status/headers/body to every request.
const ROWS = [
  { kind: 'word', body: 'good 198.51.100.10', state: 'waiting', answer: 'good', count: 1 },
  { kind: 'word', body: 'nochg 198.51.100.10', state: 'waiting', answer: 'nochg', count: 1 },
  { kind: 'word', body: 'badauth', state: 'stopped', answer: 'badauth', count: 1 },
  { kind: 'word', body: '!donator', state: 'stopped', answer: '!donator', count: 1 },
  { kind: 'word', body: 'notfqdn', state: 'stopped', answer: 'notfqdn', count: 1 },
  { kind: 'word', body: 'nohost', state: 'stopped', answer: 'nohost', count: 1 },
  { kind: 'word', body: 'numhost', state: 'stopped', answer: 'numhost', count: 1 },
  { kind: 'word', body: '!yours', state: 'stopped', answer: '!yours', count: 1 },
  { kind: 'word', body: '!active', state: 'stopped', answer: '!active', count: 1 },
  { kind: 'word', body: 'badsys', state: 'stopped', answer: 'badsys', count: 1 },
  { kind: 'word', body: 'badagent', state: 'stopped', answer: 'badagent', count: 1 },
  { kind: 'word', body: 'abuse', state: 'hold', answer: 'abuse', count: 1 },
  { kind: 'word', body: 'dnserr', state: 'retry', answer: 'dnserr', count: RETRIES_IN_WINDOW },
  // 911: hold 30 min, so a second request at 30 min (answered 911 again)
  { kind: 'word', body: '911', state: 'hold', answer: '911', count: 2 },
  // 'wait 5m' is honoured: one request every 5 minutes, 0..55
  { kind: 'word', body: 'wait 5m', state: 'hold', answer: 'wait', count: 12 },
  { kind: 'http', status: 401, state: 'stopped', answer: 'badauth', count: 1 },
  { kind: 'http', status: 403, state: 'stopped', answer: 'badauth', count: 1 },
  { kind: 'http', status: 404, state: 'stopped', answer: 'http_404', count: 1 },
  // 429 with Retry-After: 900 s holds 15 min: 0, 15, 30, 45
  { kind: 'http', status: 429, headers: { 'Retry-After': '900' }, state: 'hold', answer: 'http_429', count: 4 },
  { kind: 'http', status: 429, state: 'hold', answer: 'http_429', count: 1 },
  { kind: 'http', status: 500, state: 'retry', answer: 'http_500', count: RETRIES_IN_WINDOW },
  { kind: 'http', status: 503, state: 'retry', answer: 'http_503', count: RETRIES_IN_WINDOW },
  // 503 with Retry-After 1200 s: 0, 20, 40 min
  { kind: 'http', status: 503, headers: { 'Retry-After': '1200' }, state: 'hold', answer: 'http_503', count: 3 },
  // timeout: the 20 s watchdog, then back-off: 0, 80, 220, 480, 980, 1960 s
  { kind: 'timeout', state: 'retry', answer: 'timeout', count: 6 },
  { kind: 'refused', state: 'retry', answer: 'connect', count: RETRIES_IN_WINDOW },
];

function label(r) {
  if (r.kind === 'word') return `answer '${r.body}'`;
  if (r.kind === 'http') return `HTTP ${r.status}${r.headers ? ' Retry-After ' + r.headers['Retry-After'] : ''}${r.body ? ' ' + r.body : ''}`;
  return r.kind;
}

// A port nothing listens on.
async function deadPort() {
  const srv = net.createServer();
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  const port = srv.address().port;
  await new Promise((r) => srv.close(r));
  return port;
}

for (const row of ROWS) {
  test(`policy: ${label(row)} -> ${row.state}, ${row.count} request(s) in 59 min`, async (t) => {
    let provider = null;
    const dead = row.kind === 'refused' ? await deadPort() : 0;
    if (row.kind === 'http') {
      provider = await scriptedProvider(() => ({ status: row.status, headers: row.headers, body: row.body || '' }));
      t.after(() => provider.close());
    }
    const s = await vscenario({
      config: (w) => {
        const o = {};
        if (provider) o.update_url = provider.url + '/nic/update?hostname=[DOMAIN]&myip=[IP]';
        if (row.kind === 'refused') o.update_url = `http://127.0.0.1:${dead}/nic/update?hostname=[DOMAIN]&myip=[IP]`;
        return { service: { myddns: section(w, o) } };
      },
      before: (x) => {
        if (row.kind === 'word') x.world.dyndns2.setAnswers(Array(100).fill(row.body));
        if (row.kind === 'timeout') x.world.dyndns2.setDelay(Infinity);
      },
    });
    t.after(() => s.close());
    const count = () => (provider ? provider.requests.length : s.updates().length);
    await at(s.board, 30e3);
    if (row.kind !== 'refused') assert.ok(count() >= 1, 'first request sent');
    const first = await status(s.board);
    assert.equal(first.answer, row.answer, first.line);
    await at(s.board, WINDOW);
    const end = await status(s.board);
    if (row.kind !== 'refused') assert.equal(count(), row.count, `requests in 59 min (${end.line})`);
    assert.equal(end.state, row.state, end.line);
    assert.equal(end.answer, row.answer);
    const st = stateFile(s.board);
    assert.equal(st.ans, end.answer, 'last answer persisted');
    if (row.state === 'stopped') assert.ok(st.stop, 'stop persisted');
    if (row.state === 'hold') assert.ok(st.hold > 0, 'hold persisted');
    if (row.state === 'retry') assert.ok(st.tries >= 1, 'retry count persisted');
    if (row.kind === 'refused') {
      // nobody to count at a dead port: the log shows each attempt
      const attempts = s.board.output.split('sending update').length - 1;
      assert.equal(attempts, row.count, 'attempts in 59 min');
    }
  });
}

const duckSection = (w) => ({ service: { duck: { enabled: '1', service_name: 'duckdns.org', domain: 'home',
  password: 'wrong-token', lookup_host: 'home.example.com', dns_server: '127.0.0.1:' + w.dns.port } } });

test('policy: a reply that is not the expected answer (duckdns KO) retries with back-off', async (t) => {
  const s = await vscenario({
    config: duckSection,
    boardOpts: (w) => ({ hosts: { 'www.duckdns.org': '127.0.0.2' }, routes: { '127.0.0.2:80': '127.0.0.1:' + w.duckdns.port } }),
  });
  t.after(() => s.close());
  await at(s.board, WINDOW);
  assert.equal(s.world.duckdns.requests.length, RETRIES_IN_WINDOW);
  const st = await status(s.board, 'duck');
  assert.equal(st.state, 'retry');
  assert.equal(st.answer, 'badanswer');
});

test('THE key scenario: badauth stops for good, abuse holds one hour, not one extra request', async (t) => {
  // badauth: one request, then nothing, through address changes, timers, a day and a reboot
  const a = await vscenario({ config: (w) => ({ service: { myddns: section(w, { password: 'wrong' }) } }) });
  t.after(() => a.close());
  await at(a.board, 59 * MIN);
  assert.equal(a.updates().length, 1, 'badauth: 1 request at 59 min');
  a.board.setAddress('198.51.100.20');
  await at(a.board, 61 * MIN);
  assert.equal(a.updates().length, 1, 'badauth: still 1 request after 61 min and an address change');
  await at(a.board, 24 * HOUR);
  assert.equal(a.updates().length, 1, 'badauth: still 1 request after a day');
  assert.equal((await status(a.board)).state, 'stopped');

  // abuse: one request, a hold of one hour (address changes during it send nothing), then one more
  const b = await vscenario({ config: (w) => ({ service: { myddns: section(w) } }),
    before: (x) => x.world.dyndns2.setNextAnswer('abuse') });
  t.after(() => b.close());
  await at(b.board, 1000);
  assert.equal(b.updates().length, 1);
  b.board.setAddress('198.51.100.21');
  await at(b.board, 30 * MIN);
  b.board.setAddress('198.51.100.22');
  await at(b.board, 59 * MIN);
  assert.equal(b.updates().length, 1, 'abuse: exactly 1 request at 59 min');
  assert.equal((await status(b.board)).state, 'hold');
  await at(b.board, 61 * MIN);
  assert.equal(b.updates().length, 2, 'abuse: exactly 2 requests after 61 min');
  assert.equal(b.updates()[1].query.myip, '198.51.100.22');
  assert.equal((await status(b.board)).state, 'waiting');
});

test('an abuse hold survives a reboot (and is not shortened by it)', async (t) => {
  const s = await vscenario({ config: (w) => ({ service: { myddns: section(w) } }),
    before: (x) => x.world.dyndns2.setNextAnswer('abuse') });
  t.after(() => s.close());
  await at(s.board, 1000);
  assert.equal(s.updates().length, 1);
  await at(s.board, 30 * MIN);
  await s.board.reboot();
  await at(s.board, 59 * MIN);
  assert.equal(s.updates().length, 1, 'no request within the hold after the reboot');
  assert.equal((await status(s.board)).state, 'hold');
  await at(s.board, 61 * MIN);
  assert.equal(s.updates().length, 2, 'the update follows the hold');
  assert.equal(stateFile(s.board).hold, 0, 'hold cleared in flash once over');
});

test('a badauth stop survives a reboot; a changed config starts the section again', async (t) => {
  const s = await vscenario({ config: (w) => ({ service: { myddns: section(w, { password: 'wrong' }) } }) });
  t.after(() => s.close());
  await at(s.board, 1000);
  assert.equal(s.updates().length, 1);
  await s.board.reboot();
  await at(s.board, 2 * HOUR);
  assert.equal(s.updates().length, 1, 'no request after the reboot');
  assert.equal((await status(s.board)).state, 'stopped');
  // the user fixes the password: a new ddns.json inbox, then a reboot
  const cfg = { service: { myddns: section(s.world, {}) } };
  s.board.storage.write('ddns.json', JSON.stringify(cfg));
  await s.board.reboot();
  await at(s.board, 1000);
  assert.equal(s.updates().length, 2, 'the new config sends');
  const st = await status(s.board);
  assert.equal(st.state, 'waiting');
  assert.equal(st.answer, 'good');
  assert.equal(stateFile(s.board).stop, '');
});
