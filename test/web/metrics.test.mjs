// GET /metrics on the board's web server (built bundle, simulator): the Prometheus text format
// (every line a comment or `name{labels} value`), per section state, last success, the counters
// by answer, free blocks and uptime; readable without the password only while auth_read is 0;
// and the page's notify-test command.
import test from 'node:test';
import assert from 'node:assert/strict';
import { webBoard, section, basic } from './kit.mjs';
import { startWebhook } from '../../host-sim/world/notify.mjs';

async function get(b, path, headers = {}) {
  const r = await fetch(b.base + path, { headers });
  return { status: r.status, type: r.headers.get('content-type'), text: await r.text() };
}

// name{labels} -> value, checking that every line has the text format's shape.
function parse(text) {
  const out = {};
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
    const m = /^([a-z_]+)(\{[a-z_]+="(?:[^"\\\n]|\\.)*"(?:,[a-z_]+="(?:[^"\\\n]|\\.)*")*\})? (-?\d+(?:\.\d+)?)$/.exec(line);
    assert.ok(m, 'not a sample line: ' + JSON.stringify(line));
    out[m[1] + (m[2] || '')] = Number(m[3]);
  }
  return out;
}

test('/metrics: states, last success, counters by answer, memory and uptime; no password while auth_read is 0', async (t) => {
  const b = await webBoard({ config: (w) => ({ service: { myddns: section(w), other: section(w, { domain: 'other.example.com', lookup_host: 'other.example.com' }) } }) });
  t.after(() => b.close());
  b.world.dyndns2.setAnswers(['good', 'badauth']);
  await b.board.waitFor(/other\] .*stopped/, { timeoutMs: 5000, since: 0 });
  await b.board.waitFor(/myddns\] .*update accepted/, { timeoutMs: 5000, since: 0 });
  const r = await get(b, '/metrics');
  assert.equal(r.status, 200);
  assert.equal(r.type, 'text/plain; version=0.0.4; charset=utf-8');
  const m = parse(r.text);
  assert.equal(m['ddns_section_state{section="myddns",state="waiting"}'], 1);
  assert.equal(m['ddns_section_state{section="other",state="stopped"}'], 1);
  assert.equal(m['ddns_updates_total{section="myddns",answer="good"}'], 1);
  assert.equal(m['ddns_update_failures_total{section="other",answer="badauth"}'], 1);
  assert.equal(m['ddns_checks_ok_total{section="myddns"}'], 1);
  assert.ok(m['ddns_last_success_timestamp_seconds{section="myddns"}'] > 1.7e9, 'wall time of the update');
  assert.equal(m['ddns_last_success_timestamp_seconds{section="other"}'], 0);
  assert.ok(m.ddns_memory_free_blocks > 0);
  assert.ok(m.ddns_uptime_seconds >= 0);
  assert.equal(m['ddns_info{version="0.1.0",board="esp32"}'], 1);
  assert.match(r.text, /# TYPE ddns_updates_total counter\n/);
  assert.ok(!r.text.includes('S3cret'), 'no secret');
  const post = await fetch(b.base + '/metrics', { method: 'POST', headers: { 'X-DDNS': '1' } });
  assert.equal(post.status, 405);
});

test('/metrics needs the admin password when auth_read is 1', async (t) => {
  const b = await webBoard({ web: { auth_read: '1' } });
  t.after(() => b.close());
  assert.equal((await get(b, '/metrics')).status, 401);
  assert.equal((await get(b, '/metrics', { Authorization: basic('wrong-password-x') })).status, 401);
  const ok = await get(b, '/metrics', { Authorization: basic() });
  assert.equal(ok.status, 200);
  assert.match(ok.text, /^# HELP ddns_info /);
});

test('the page\'s notify test: POST /api/command {"cmd": "notify"} (password needed), 409 without a notify block', async (t) => {
  const hook = await startWebhook();
  t.after(() => hook.close());
  const b = await webBoard({ config: (w) => ({ service: { myddns: section(w) }, notify: { url: hook.url + '/h', events: 'stop' } }) });
  t.after(() => b.close());
  const cmd = (headers) => fetch(b.base + '/api/command', { method: 'POST', headers: { 'X-DDNS': '1', ...headers }, body: '{"cmd":"notify"}' });
  assert.equal((await cmd({})).status, 401);
  assert.equal(hook.requests.length, 0);
  const r = await cmd({ Authorization: basic() });
  assert.equal(r.status, 200);
  for (let i = 0; i < 100 && !hook.requests.length; i++) await new Promise((d) => setTimeout(d, 20));
  assert.equal(hook.requests.length, 1);
  assert.equal(hook.requests[0].json.event, 'test');
  const none = await webBoard();
  t.after(() => none.close());
  const n = await fetch(none.base + '/api/command', { method: 'POST', headers: { 'X-DDNS': '1', Authorization: basic() }, body: '{"cmd":"notify"}' });
  assert.equal(n.status, 409);
  assert.match((await n.json()).error, /notifications are off/);
});
