// Decision and policy on the built bundle, table-driven over every answer a provider gives: the
// section's state and how many requests it sends in a fixed virtual hour. The provider keeps
// giving the same answer the whole time, so a row's count is what a broken account costs.
import test from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { section } from './harness.mjs';
import { vscenario, at, status, stateFile, scriptedProvider, MIN, HOUR } from './kit.mjs';

const WINDOW = 59 * MIN;

// Back-off from retry_interval 60 s, never sooner than 5 min after the last request (the
// minimum interval): attempts at 0, 300, 600, 900, 1380, 2340 s (next 4260 s).
const RETRIES_IN_WINDOW = 6;
const BOARD_IP = '198.51.100.10';

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
  // abuse: hold 4 h (then 8, 16, 24 h)
  { kind: 'word', body: 'abuse', state: 'hold', answer: 'abuse', count: 1 },
  { kind: 'word', body: 'dnserr', state: 'retry', answer: 'dnserr', count: RETRIES_IN_WINDOW },
  // 911: hold 30 min, so a second request at 30 min (answered 911 again), then 60 min
  { kind: 'word', body: '911', state: 'hold', answer: '911', count: 2 },
  // 'wait 5m' is honoured, and doubles while it repeats: 0, 5, 15, 35 min (next 75)
  { kind: 'word', body: 'wait 5m', state: 'hold', answer: 'wait', count: 4 },
  { kind: 'http', status: 401, state: 'stopped', answer: 'badauth', count: 1 },
  { kind: 'http', status: 403, state: 'stopped', answer: 'badauth', count: 1 },
  { kind: 'http', status: 404, state: 'stopped', answer: 'http_404', count: 1 },
  // 429 with Retry-After: 900 s holds 15 min, then 30: 0, 15, 45
  { kind: 'http', status: 429, headers: { 'Retry-After': '900' }, state: 'hold', answer: 'http_429', count: 3 },
  // the same as an HTTP date, 15 min after the reply's Date header
  { kind: 'http', status: 429, headers: 'date+900', state: 'hold', answer: 'http_429', count: 3 },
  { kind: 'http', status: 429, state: 'hold', answer: 'http_429', count: 1 },
  { kind: 'http', status: 500, state: 'retry', answer: 'http_500', count: RETRIES_IN_WINDOW },
  { kind: 'http', status: 503, state: 'retry', answer: 'http_503', count: RETRIES_IN_WINDOW },
  // 503 with Retry-After 1200 s: 0, 20 min (then 40 min: next at 60)
  { kind: 'http', status: 503, headers: { 'Retry-After': '1200' }, state: 'hold', answer: 'http_503', count: 2 },
  // timeout: the 20 s watchdog, then back-off: 0, 300, 600, 900, 1400, 2380 s
  { kind: 'timeout', state: 'retry', answer: 'timeout', count: 6 },
  // a custom update_url whose answer proves nothing: DNS is read, still the old address, so
  // badanswer with back-off (the provider here never changes DNS)
  { kind: 'http', status: 200, body: '', state: 'retry', answer: 'badanswer', count: RETRIES_IN_WINDOW },
  { kind: 'http', status: 200, body: '<html><body>It works!</body></html>', state: 'retry', answer: 'badanswer', count: RETRIES_IN_WINDOW },
  { kind: 'http', status: 200, body: 'WAT', state: 'retry', answer: 'badanswer', count: RETRIES_IN_WINDOW },
  { kind: 'http', status: 200, body: '\x00\xff\x89PNG\r\n\x1a', state: 'retry', answer: 'badanswer', count: RETRIES_IN_WINDOW },
  { kind: 'http', status: 200, body: 'good 192.0.2.99', state: 'retry', answer: 'badanswer', count: RETRIES_IN_WINDOW },
  // the option answer: its word is success (one request; DNS is read again only after an hour)
  { kind: 'http', status: 200, body: 'Update OK', option: 'ok|unchanged', state: 'waiting', answer: 'ok', count: 1 },
  // a reply that is not HTTP at all
  { kind: 'raw', body: 'WAT\r\n\r\n', state: 'retry', count: RETRIES_IN_WINDOW },
  { kind: 'refused', state: 'retry', answer: 'connect', count: RETRIES_IN_WINDOW },
];

function label(r) {
  if (r.kind === 'word') return `answer '${r.body}'`;
  const ra = r.headers === 'date+900' ? 'an HTTP date 900 s on' : r.headers ? r.headers['Retry-After'] : '';
  const body = r.body !== undefined ? ' ' + JSON.stringify(r.body) : '';
  if (r.kind === 'http') return `HTTP ${r.status}${ra ? ' Retry-After ' + ra : ''}${body}${r.option ? ' (answer ' + r.option + ')' : ''}`;
  if (r.kind === 'raw') return 'not HTTP' + body;
  return r.kind;
}

// The headers of a scripted answer: 'date+900' is a Retry-After 900 s after the reply's Date.
function headersOf(r) {
  if (r.headers !== 'date+900') return r.headers;
  const now = Date.now();
  return { Date: new Date(now).toUTCString(), 'Retry-After': new Date(now + 900e3).toUTCString() };
}

// A server that answers every connection with `text` and closes it: not HTTP.
async function rawServer(text) {
  const conns = [];
  const srv = net.createServer((c) => { conns.push(c); c.on('error', () => {}); c.on('data', () => { c.end(text); }); });
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${srv.address().port}`, requests: conns,
    close: () => new Promise((r) => { for (const c of conns) c.destroy(); srv.close(() => r()); }) };
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
      provider = await scriptedProvider(() => ({ status: row.status, headers: headersOf(row), body: row.body || '' }));
      t.after(() => provider.close());
    }
    if (row.kind === 'raw') {
      provider = await rawServer(row.body);
      t.after(() => provider.close());
    }
    const s = await vscenario({
      config: (w) => {
        const o = {};
        if (provider) o.update_url = provider.url + '/nic/update?hostname=[DOMAIN]&myip=[IP]';
        if (row.option) o.answer = row.option;
        if (row.kind === 'refused') o.update_url = `http://127.0.0.1:${dead}/nic/update?hostname=[DOMAIN]&myip=[IP]`;
        return { service: { myddns: section(w, o) } };
      },
      before: (x) => {
        if (row.kind === 'word') x.world.dyndns2.setAnswers(Array(100).fill(row.body));
        if (row.kind === 'timeout') x.world.dyndns2.setDelay(Infinity);
      },
    });
    t.after(() => s.close());
    // (a dead port or a server that is not HTTP: the log shows each attempt)
    const counted = row.kind !== 'refused' && row.kind !== 'raw';
    const count = () => (provider ? provider.requests.length : s.updates().length);
    await at(s.board, 30e3);
    if (counted) assert.ok(count() >= 1, 'first request sent');
    const first = await status(s.board);
    if (row.answer) assert.equal(first.answer, row.answer, first.line);
    await at(s.board, WINDOW);
    const end = await status(s.board);
    if (counted) assert.equal(count(), row.count, `requests in 59 min (${end.line})`);
    assert.equal(end.state, row.state, end.line);
    if (row.answer) assert.equal(end.answer, row.answer);
    if (row.state !== 'waiting') assert.notEqual(stateFile(s.board).reg, BOARD_IP, 'not registered');
    const st = stateFile(s.board);
    assert.equal(st.ans, end.answer, 'last answer persisted');
    if (row.state === 'stopped') assert.ok(st.stop, 'stop persisted');
    if (row.state === 'hold') assert.ok(st.hold > 0, 'hold persisted');
    if (row.state === 'retry') assert.ok(st.tries >= 1, 'retry count persisted');
    if (!counted) {
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

test('THE key scenario: badauth stops for good, abuse holds four hours, not one extra request', async (t) => {
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

  // abuse: one request, a hold of four hours (address changes during it send nothing), then one more
  const b = await vscenario({ config: (w) => ({ service: { myddns: section(w) } }),
    before: (x) => x.world.dyndns2.setNextAnswer('abuse') });
  t.after(() => b.close());
  await at(b.board, 1000);
  assert.equal(b.updates().length, 1);
  b.board.setAddress('198.51.100.21');
  await at(b.board, 30 * MIN);
  b.board.setAddress('198.51.100.22');
  await at(b.board, 4 * HOUR - MIN);
  assert.equal(b.updates().length, 1, 'abuse: exactly 1 request at 3 h 59 min');
  assert.equal((await status(b.board)).state, 'hold');
  await at(b.board, 4 * HOUR + MIN);
  assert.equal(b.updates().length, 2, 'abuse: exactly 2 requests after 4 h 1 min');
  assert.equal(b.updates()[1].query.myip, '198.51.100.22');
  assert.equal((await status(b.board)).state, 'waiting');
});

test('an abuse hold survives a reboot (and is not shortened by it)', async (t) => {
  const s = await vscenario({ config: (w) => ({ service: { myddns: section(w) } }),
    before: (x) => x.world.dyndns2.setNextAnswer('abuse') });
  t.after(() => s.close());
  await at(s.board, 1000);
  assert.equal(s.updates().length, 1);
  await at(s.board, 2 * HOUR);
  await s.board.reboot();
  // (the clock counts from the reboot; the hold restarts in full: 4 h)
  await at(s.board, 4 * HOUR - MIN);
  assert.equal(s.updates().length, 1, 'no request within the hold after the reboot');
  assert.equal((await status(s.board)).state, 'hold');
  assert.equal(stateFile(s.board).hn, 1, 'one hold in a row, in flash');
  await at(s.board, 4 * HOUR + MIN);
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

test('the module that judges answers (ddns.policy) missing: no answer counts as success, retry with back-off', async (t) => {
  const s = await vscenario({ config: (w) => ({ service: { myddns: section(w) } }),
    before: (x) => { x.board.storage.erase('ddns.policy'); } });
  t.after(() => s.close());
  await at(s.board, 30e3);
  assert.equal(s.updates().length, 1);
  assert.match(s.board.output, /ERR module ddns\.policy cannot be loaded/);
  const st = await status(s.board);
  assert.equal(st.state, 'retry', st.line);
  assert.match(st.error, /^nomodule: /);
  assert.notEqual(stateFile(s.board).reg, BOARD_IP, 'not registered');
  await at(s.board, WINDOW);
  assert.equal(s.updates().length, RETRIES_IN_WINDOW, 'the usual back-off');
});
