// The board's JSON API (issue: web page), on the built bundle in the simulator: reading,
// write-only secrets, auth (no default password, Basic), cross-site protection, bounded and
// timed requests, config edits through the validator, UCI import/export, commands, and answers
// while an update is in flight. What a hostile LAN host may try: hostile.test.mjs.
import test from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { webBoard, section, basic, rawRequest, boardPort, PASSWORD, ADMIN, DOMAIN } from './kit.mjs';

const W = { 'X-DDNS': '1', Authorization: basic() };

// POSTs a body (objects as JSON) with the page's headers (override with `headers`): the tests
// read status, headers, text and the parsed JSON of every answer.
async function post(b, path, body, headers = W) {
  const r = await fetch(b.base + path, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await r.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* text */ }
  return { status: r.status, headers: r.headers, text, json };
}

// GETs like a script would: no X-DDNS, no password unless given.
async function get(b, path, headers = {}) {
  const r = await fetch(b.base + path, { headers });
  const text = await r.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* text */ }
  return { status: r.status, headers: r.headers, text, json };
}

test('reading needs no password, and no answer ever holds a secret', async (t) => {
  const b = await webBoard();
  t.after(() => b.close());
  await b.board.waitFor('update accepted', { timeoutMs: 5000, since: 0 });
  const st = await get(b, '/api/status');
  assert.equal(st.status, 200);
  assert.equal(st.json.sections[0].name, 'myddns');
  assert.equal(st.json.sections[0].registered_ip, '198.51.100.10');
  assert.equal(st.json.password_set, true);
  const cfg = await get(b, '/api/config');
  assert.equal(cfg.json.service.myddns.password, '(set)');
  assert.equal(cfg.json.web.admin_password_hash, '(set)');
  const opts = await get(b, '/api/options?section=myddns');
  assert.equal(opts.json.options.password, '(set)');
  assert.equal(opts.json.options.domain, DOMAIN);
  for (const p of ['/api/status', '/api/config', '/api/options?section=myddns', '/api/log?section=myddns', '/api/uci', '/api/help']) {
    const r = await get(b, p);
    assert.equal(r.status, 200, p);
    assert.ok(!r.text.includes(PASSWORD), `${p} shows the password`);
    assert.ok(!r.text.includes('s256$'), `${p} shows the password hash`);
  }
  assert.match((await get(b, '/api/log?section=myddns')).text, /update accepted/);
  assert.ok((await get(b, '/api/providers')).json.includes('dyn.com'));
  assert.match((await get(b, '/api/help')).json.service, /^enabled\|b\|0\|\|/);
  assert.equal((await get(b, '/api/options?section=nope')).status, 404);
  assert.equal((await get(b, '/api/nothing')).status, 404);
});

test('the page comes from Storage, gzip-encoded', async (t) => {
  const b = await webBoard();
  t.after(() => b.close());
  // node:http does not decode: the bytes as the board sent them
  const r = await new Promise((resolve, reject) => {
    http.get(b.base + '/', (res) => {
      const parts = [];
      res.on('data', (d) => parts.push(d));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(parts) }));
    }).on('error', reject);
  });
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-encoding'], 'gzip');
  assert.equal(r.headers['x-frame-options'], 'DENY');
  assert.equal(Number(r.headers['content-length']), r.body.length);
  assert.deepEqual(r.body, readFileSync('dist/www.gz'));
  assert.match(gunzipSync(r.body).toString('utf8'), /^<!doctype html>/);
});

test('without www.gz the board says how to upload it', async (t) => {
  const b = await webBoard({ page: false });
  t.after(() => b.close());
  const r = await get(b, '/');
  assert.equal(r.status, 200);
  assert.match(r.text, /upload dist\/www\.gz/);
});

test('changes need X-DDNS: 1 and no foreign Origin', async (t) => {
  const b = await webBoard();
  t.after(() => b.close());
  const body = { cmd: 'check', section: 'myddns' };
  let r = await post(b, '/api/command', body, { Authorization: basic() });
  assert.equal(r.status, 403);
  assert.match(r.json.error, /X-DDNS/);
  r = await post(b, '/api/command', body, { ...W, Origin: 'http://evil.example' });
  assert.equal(r.status, 403);
  assert.match(r.json.error, /cross-site/);
  r = await post(b, '/api/command', body, { ...W, Origin: b.base });
  assert.equal(r.status, 200);
  // a form post from another site has neither header: refused before the password is looked at
  r = await post(b, '/api/config', 'set=x', { 'Content-Type': 'application/x-www-form-urlencoded' });
  assert.equal(r.status, 403);
});

test('no default password: changes are refused until webpass() sets one', async (t) => {
  const b = await webBoard({ admin: false });
  t.after(() => b.close());
  let r = await post(b, '/api/command', { cmd: 'check' }, { 'X-DDNS': '1', Authorization: basic('admin') });
  assert.equal(r.status, 403);
  assert.match(r.json.error, /webpass\('/);
  assert.match(b.board.output, /changes are off until webpass/);
  let since = b.board.output.length;
  b.board.type("webpass('short')");
  await b.board.waitFor('at least 8 characters', { since });
  since = b.board.output.length;
  b.board.type("webpass('a-new-long-password')");
  await b.board.waitFor('webpass: saved', { since });
  assert.ok(!b.board.output.slice(since).includes('a-new-long-password'), 'the console echoed the password');
  r = await post(b, '/api/command', { cmd: 'check' }, { 'X-DDNS': '1', Authorization: basic('a-new-long-password') });
  assert.equal(r.status, 200);
  r = await post(b, '/api/command', { cmd: 'check' }, { 'X-DDNS': '1', Authorization: basic('wrong-password') });
  assert.equal(r.status, 401);
  // saved as a salted hash, never as the password; and it survives a reboot
  const saved = ['cfg.a', 'cfg.b'].map((n) => b.board.storage.read(n) || '').join('');
  assert.match(saved, /"admin_password_hash":"s256\$64\$[0-9a-f]{16}\$[0-9a-f]{64}"/);
  assert.ok(!saved.includes('a-new-long-password'));
  since = b.board.output.length;
  await b.board.reboot();
  await b.board.waitFor('web page on port', { timeoutMs: 5000, since });
  const b2 = { base: `http://127.0.0.1:${await boardPort(b.board)}` };
  r = await post(b2, '/api/command', { cmd: 'check' }, { 'X-DDNS': '1', Authorization: basic('a-new-long-password') });
  assert.equal(r.status, 200);
});

test('wrong passwords: 401 without a browser dialog for the page; no X-DDNS is refused before the password counts', async (t) => {
  const b = await webBoard();
  t.after(() => b.close());
  let r = await post(b, '/api/command', { cmd: 'check' }, { 'X-DDNS': '1' });
  assert.equal(r.status, 401, 'no credentials');
  assert.equal(r.headers.get('www-authenticate'), null, 'the page gets no browser dialog');
  r = await fetch(b.base + '/api/command', { method: 'POST', body: '{}', headers: { Authorization: basic('nope') } });
  assert.equal(r.status, 403, 'no X-DDNS: refused before the password counts');
  r = await post(b, '/api/command', { cmd: 'check' }, { 'X-DDNS': '1', Authorization: basic('guess') });
  assert.equal(r.status, 401);
  assert.match(r.json.error, /admin password is needed/);
  // reading stays open (no lockout: hostile.test.mjs)
  assert.equal((await get(b, '/api/status')).status, 200);
});

test('scripts get a Basic challenge; web.auth_read 1 closes reading too', async (t) => {
  const b = await webBoard({ web: { auth_read: '1' } });
  t.after(() => b.close());
  let r = await get(b, '/api/status');
  assert.equal(r.status, 401);
  assert.equal(r.headers.get('www-authenticate'), 'Basic realm="esp32-ddns"');
  r = await get(b, '/api/status', { Authorization: basic(ADMIN, 'anyone') });
  assert.equal(r.status, 200);
  assert.equal(r.json.auth_read, true);
  // the page itself is served: it asks for the password
  assert.equal((await fetch(b.base + '/')).status, 200);
});

test('bad bodies: not JSON, unknown options and forbidden names are refused with reasons', async (t) => {
  const b = await webBoard();
  t.after(() => b.close());
  let r = await post(b, '/api/config', '{not json');
  assert.equal(r.status, 400);
  r = await post(b, '/api/config', '[1,2]');
  assert.equal(r.status, 400);
  r = await post(b, '/api/command', { cmd: 'reboot' });
  assert.equal(r.status, 400);
  r = await post(b, '/api/command', { cmd: 'check', section: 'nope' });
  assert.equal(r.status, 404);
  r = await post(b, '/api/config', { set: { 'myddns.no_such_option': '1' }, commit: true });
  assert.equal(r.status, 422);
  assert.match(r.json.errors[0].msg, /not an option/);
  r = await post(b, '/api/config', { set: { 'my-ddns': 'service' }, commit: true });
  assert.equal(r.status, 422);
  assert.match(r.json.errors[0].msg, /A-Z a-z 0-9 _/);
  r = await post(b, '/api/config', { set: { global: 'service' }, commit: true });
  assert.equal(r.status, 422);
  r = await post(b, '/api/nothing', {});
  assert.equal(r.status, 404);
  r = await fetch(b.base + '/api/status', { method: 'DELETE' });
  assert.equal(r.status, 405);
  r = await fetch(b.base + '/api/status', { method: 'PUT', body: 'x', headers: W });
  assert.equal(r.status, 405);
});

test('an oversized body is refused at once (413) and the connection closed unread', async (t) => {
  const b = await webBoard();
  t.after(() => b.close());
  const big = await rawRequest(b.port, 'POST /api/config HTTP/1.1\r\nHost: x\r\nX-DDNS: 1\r\nContent-Length: 100000\r\n\r\n{"set":',
    { keepSending: 'x'.repeat(1000), waitMs: 5000 });
  assert.match(big.text, /^HTTP\/1\.1 413 /);
  assert.ok(big.closed && big.ms < 2000, `closed after ${big.ms} ms`);
  const chunked = await rawRequest(b.port, 'POST /api/config HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n', { waitMs: 5000 });
  assert.match(chunked.text, /^HTTP\/1\.1 411 /);
  assert.ok(chunked.closed);
  const longUrl = await get(b, '/api/status?' + 'a'.repeat(400));
  assert.equal(longUrl.status, 414);
  assert.equal((await get(b, '/api/status')).status, 200, 'still serving');
});

test('slow requests are closed: a head that never ends, a body that never comes, a huge head', async (t) => {
  const b = await webBoard({ web: { timeout: '2' } });
  t.after(() => b.close());
  const [head, body, huge] = await Promise.all([
    rawRequest(b.port, 'GET /api/status HTTP/1.1\r\nHost: x\r\n', { keepSending: 'X-A: b\r\n', waitMs: 10000 }),
    rawRequest(b.port, 'POST /api/config HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n{', { waitMs: 10000 }),
    rawRequest(b.port, 'GET / HTTP/1.1\r\nHost: x\r\nX-Big: ' + 'a'.repeat(3000), { waitMs: 10000 }),
  ]);
  assert.ok(head.closed && head.ms >= 1500 && head.ms < 6000, `slow head closed after ${head.ms} ms`);
  assert.equal(head.text, '', 'nothing answered to a head that never ended');
  assert.ok(body.closed && body.ms < 6000, `slow body closed after ${body.ms} ms`);
  assert.ok(huge.closed && huge.ms < 3000, `huge head closed after ${huge.ms} ms`);
  assert.equal((await get(b, '/api/status')).status, 200, 'still serving');
});

test('an edit goes through the validator: errors name the option, a valid one is applied at once', async (t) => {
  const b = await webBoard();
  t.after(() => b.close());
  await b.board.waitFor('update accepted', { timeoutMs: 5000, since: 0 });
  let r = await post(b, '/api/config', { set: { 'myddns.domain': 'bad domain', 'myddns.check_unit': 'weeks' }, commit: true });
  assert.equal(r.status, 422);
  const byOption = Object.fromEntries(r.json.errors.map((e) => [e.option, e.msg]));
  assert.match(byOption.domain, /Section 'myddns', option 'domain': 'bad domain' has characters outside/);
  assert.match(byOption.check_unit, /'weeks' is not one of: seconds, minutes, hours, days/);
  assert.equal((await get(b, '/api/options?section=myddns')).json.options.domain, DOMAIN, 'nothing saved');
  // check only (no commit)
  r = await post(b, '/api/config', { set: { 'myddns.ip_source': 'static', 'myddns.ip_static': '198.51.100.77' } });
  assert.equal(r.status, 200);
  assert.equal(r.json.committed, false);
  const since = b.board.output.length;
  r = await post(b, '/api/config', { set: { 'myddns.ip_source': 'static', 'myddns.ip_static': '198.51.100.77', 'myddns.password': '(set)' }, commit: true });
  assert.equal(r.status, 200);
  assert.equal(r.json.committed, true);
  assert.deepEqual(r.json.applied.restarted, ['myddns']);
  await b.board.waitFor('update accepted', { timeoutMs: 5000, since });
  const last = b.updates().at(-1);
  assert.equal(last.query.myip, '198.51.100.77');
  assert.equal(last.auth.pass, PASSWORD, "'(set)' kept the saved password");
  const st = await get(b, '/api/status');
  assert.equal(st.json.sections[0].registered_ip, '198.51.100.77');
  // the same form again changes nothing and restarts nothing
  r = await post(b, '/api/config', { set: { 'myddns.ip_static': '198.51.100.77', 'myddns.password': '(set)' }, commit: true });
  assert.equal(r.json.changed, false);
});

test('add a section (disabled, half done), see it in the status, delete it', async (t) => {
  const b = await webBoard();
  t.after(() => b.close());
  let r = await post(b, '/api/config', { set: { second: 'service', 'second.enabled': '0', 'second.service_name': 'dyn.com' }, commit: true });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.deepEqual(r.json.applied.added, ['second']);
  assert.ok(r.json.errors.some((e) => e.section === 'second' && e.option === 'domain'), 'its missing domain is reported');
  let st = await get(b, '/api/status');
  const row = st.json.sections.find((s) => s.name === 'second');
  assert.equal(row.enabled, false);
  assert.equal(row.valid, false);
  assert.equal(row.state, 'invalid');
  // enabling it while it has errors is refused
  r = await post(b, '/api/config', { set: { 'second.enabled': '1' }, commit: true });
  assert.equal(r.status, 422);
  r = await post(b, '/api/config', { del: ['second'], commit: true });
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.applied.removed, ['second']);
  st = await get(b, '/api/status');
  assert.deepEqual(st.json.sections.map((s) => s.name), ['myddns']);
});

test('UCI export masks secrets; importing it back keeps them', async (t) => {
  const b = await webBoard();
  t.after(() => b.close());
  await b.board.waitFor('update accepted', { timeoutMs: 5000, since: 0 });
  const text = (await get(b, '/api/uci')).text;
  assert.match(text, /^config service 'myddns'$/m);
  assert.match(text, /option password '\*\*\*'/);
  const edited = text.replace(/option domain '[^']*'/, "option domain 'other.example.com'")
    .replace(/option lookup_host '[^']*'/, "option lookup_host 'other.example.com'");
  let r = await post(b, '/api/uci', edited);
  assert.equal(r.status, 200);
  assert.equal(r.json.committed, false, 'checked only');
  const since = b.board.output.length;
  r = await post(b, '/api/uci?commit=1', edited);
  assert.equal(r.status, 200);
  assert.equal(r.json.committed, true);
  await b.board.waitFor('update accepted', { timeoutMs: 5000, since });
  const last = b.updates().at(-1);
  assert.equal(last.query.hostname, 'other.example.com');
  assert.equal(last.auth.pass, PASSWORD);
  r = await post(b, '/api/uci', '# nothing\n');
  assert.equal(r.status, 422);
  // an enabled section with an error: refused, as the section editor refuses it; nothing saved
  const saved = ['cfg.a', 'cfg.b'].map((n) => b.board.storage.read(n) || '').join('');
  r = await post(b, '/api/uci?commit=1', "config service 'bad'\n\toption enabled '1'\n\toption ip_source 'interface'\n");
  assert.equal(r.status, 422, 'an enabled section with errors is refused');
  assert.equal(r.json.committed, false);
  assert.ok(r.json.errors.some((e) => e.section === 'bad' && e.option === 'ip_source' && e.level === 'error'));
  assert.equal(['cfg.a', 'cfg.b'].map((n) => b.board.storage.read(n) || '').join(''), saved, 'nothing saved');
  // a disabled one: saved, and named as a section that will not run
  r = await post(b, '/api/uci?commit=1', "config service 'bad'\n\toption enabled '0'\n\toption ip_source 'interface'\n");
  assert.equal(r.status, 200);
  assert.equal(r.json.committed, true);
  assert.deepEqual(r.json.idle, ['bad']);
});

test('commands: force sends an update, stop and start', async (t) => {
  const b = await webBoard({ registered: '198.51.100.10' });
  t.after(() => b.close());
  await b.board.waitFor('DNS: ' + DOMAIN + ' is 198.51.100.10', { timeoutMs: 5000, since: 0 });
  assert.equal(b.updates().length, 0);
  const since = b.board.output.length;
  let r = await post(b, '/api/command', { cmd: 'force', section: 'myddns' });
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.done, ['myddns']);
  await b.board.waitFor('update accepted', { timeoutMs: 5000, since });
  assert.equal(b.updates().length, 1);
  r = await post(b, '/api/command', { cmd: 'stop' });
  assert.equal((await get(b, '/api/status')).json.sections[0].state, 'off');
  r = await post(b, '/api/command', { cmd: 'start', section: 'myddns' });
  assert.notEqual((await get(b, '/api/status')).json.sections[0].state, 'off');
});

test('the page and the API answer while an update is in flight', async (t) => {
  const b = await webBoard({ registered: '198.51.100.10' });
  t.after(() => b.close());
  await b.board.waitFor('is 198.51.100.10', { timeoutMs: 5000, since: 0 });
  b.world.dyndns2.setDelay(3000);
  await post(b, '/api/command', { cmd: 'force', section: 'myddns' });
  await b.board.waitFor('sending update', { timeoutMs: 3000 });
  for (let i = 0; i < 3; i++) {
    const t0 = Date.now();
    const st = await get(b, '/api/status');
    const page = await fetch(b.base + '/');
    await page.arrayBuffer();
    assert.equal(st.json.sections[0].state, 'updating');
    assert.equal(page.status, 200);
    assert.ok(Date.now() - t0 < 1000, `answered in ${Date.now() - t0} ms`);
  }
  b.world.dyndns2.setDelay(0);
  await b.board.waitFor('update accepted', { timeoutMs: 8000 });
});

test('a section with a password in its URL: masked in every answer, kept on save', async (t) => {
  const b = await webBoard({
    config: (w) => ({ service: { myddns: section(w, { update_url: w.dyndns2.url.replace('http://', () => `http://demo:${PASSWORD}@`) + '/nic/update?hostname=[DOMAIN]&myip=[IP]', username: undefined, password: undefined }) } }),
  });
  t.after(() => b.close());
  await b.board.waitFor('update accepted', { timeoutMs: 5000, since: 0 });
  const opts = await get(b, '/api/options?section=myddns');
  assert.ok(!opts.text.includes(PASSWORD));
  for (const p of ['/api/config', '/api/uci', '/api/log?section=myddns']) {
    assert.ok(!(await get(b, p)).text.includes(PASSWORD), `${p} shows the password`);
  }
  assert.match(opts.json.options.update_url, /demo:\*\*\*@/);
  let since = b.board.output.length;
  const r = await post(b, '/api/config', { set: { 'myddns.update_url': opts.json.options.update_url, 'myddns.ip_source': 'static', 'myddns.ip_static': '198.51.100.5' }, commit: true });
  assert.equal(r.status, 200);
  await b.board.waitFor('update accepted', { timeoutMs: 5000, since });
  assert.equal(b.updates().at(-1).auth.pass, PASSWORD);
  // an exported text imported back keeps the URL's password too
  const text = (await get(b, '/api/uci')).text.replace("ip_static '198.51.100.5'", "ip_static '198.51.100.6'");
  since = b.board.output.length;
  assert.equal((await post(b, '/api/uci?commit=1', text)).status, 200);
  await b.board.waitFor('update accepted', { timeoutMs: 5000, since });
  assert.equal(b.updates().at(-1).query.myip, '198.51.100.6');
  assert.equal(b.updates().at(-1).auth.pass, PASSWORD);
});
