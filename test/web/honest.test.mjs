// The page tells the truth on every path (issue: "honest on every path, LuCI-grade"): the
// import and the section editor give one verdict, a section that does not run says why, the log
// viewer shows the live log, a wrong password is called one, and the page fits a phone. A real
// headless Chromium against the simulated board running the built bundle and dist/www.gz;
// screenshots under test-artifacts/web/.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { webBoard, ADMIN, DOMAIN, section, hreq } from './kit.mjs';
import { browser, shot, login, PHONE } from './browser.mjs';
import { providerRows } from '../../tools/gen-provider-table.mjs';

const ERR_RED = 'rgb(176, 0, 32)';

// The saved config's two slots: what a refused change must leave as it was.
function savedSlots(b) {
  return ['cfg.a', 'cfg.b'].map((n) => b.board.storage.read(n) || '').join('');
}

// GET /api/<path> as JSON.
async function getJson(b, path) {
  return (await hreq(b.port, { path: '/api/' + path, headers: { host: '127.0.0.1' } })).json;
}

test('import: Check and Import & apply give the editor\'s verdict; a saved section that will not run is said in red', async (t) => {
  const b = await webBoard();
  t.after(() => b.close());
  const page = await browser(t);
  await page.goto(b.base + '/#/uci');
  await login(page, ADMIN);
  await page.waitForFunction(() => /config service 'myddns'/.test(document.getElementById('uci').value));
  const text = await page.inputValue('#uci');
  const bad = (on) => text + "\nconfig service 'bad'\n\toption enabled '" + on + "'\n\toption domain 'x.example.com'\n" +
    "\toption update_url 'http://example.com/?ip=[IP]'\n\toption ip_source 'interface'\n";

  // enabled with an error: Check says it cannot be imported; Import refuses; nothing saved
  const before = savedSlots(b);
  await page.fill('#uci', bad('1'));
  await page.click('#check');
  await page.waitForSelector('#ok .errbox');
  assert.match(await page.locator('#ok').innerText(), /The text cannot be imported: fix the errors above/);
  assert.match(await page.locator('#errs').innerText(), /'interface' cannot run on this board/);
  assert.equal(await page.locator('#ok .okbox').count(), 0, 'no green next to an error');
  await shot(page, '20-import-check-refused');
  await page.click('#imp');
  await page.waitForFunction(() => /Not imported/.test(document.getElementById('ok').textContent));
  assert.equal(savedSlots(b), before, 'a refused import saved nothing');
  assert.equal((await getJson(b, 'status')).sections.length, 1);

  // disabled with the same error: imported (as the editor saves a disabled section half done),
  // and the page says in the error colour that it will not run, and why
  await page.fill('#uci', bad('0'));
  await page.click('#imp');
  await page.waitForSelector('#ok .errbox');
  assert.match(await page.locator('#ok').innerText(),
    /^Imported and applied, but section bad will not run: .*'interface' cannot run on this board/);
  assert.equal(await page.locator('#ok .errbox').evaluate((e) => getComputedStyle(e).color), 'rgb(34, 34, 34)');
  assert.equal(await page.locator('#ok .okbox').count(), 0);
  assert.deepEqual((await getJson(b, 'status')).sections.map((s) => s.name), ['myddns', 'bad']);
  await shot(page, '21-import-saved-will-not-run');

  // the editor: the same section enabled is refused with the same message next to the field
  await page.goto(b.base + '/#/edit/bad');
  await page.waitForSelector('#f-enabled');
  await page.check('#f-enabled');
  await page.click('#save');
  await page.waitForFunction(() => /Not saved/.test(document.getElementById('msg').textContent));
  assert.equal(await page.inputValue('#f-ip_source'), 'interface', 'the saved value is shown, not replaced by the default');
  assert.match(await page.locator('#m-ip_source').textContent(), /'interface' cannot run on this board/);
  assert.equal((await getJson(b, 'options?section=bad')).options.enabled, '0');
});

test('the section editor writes only what the user changed (no upd_privateip behind the global setting)', async (t) => {
  const b = await webBoard({ config: (w) => ({ global: { upd_privateip: '1' }, service: { myddns: section(w) } }) });
  t.after(() => b.close());
  const page = await browser(t);
  await page.goto(b.base + '/#/edit/myddns');
  await login(page, ADMIN);
  await page.waitForSelector('#f-check_interval', { state: 'attached' });
  await page.click('.tabs a[data-tab="timer"]');
  await page.fill('#f-check_interval', '11');
  await page.click('#save');
  await page.waitForSelector('#ok .okbox');
  assert.match(await page.locator('#ok').innerText(), /Saved and applied: myddns restarted/);
  const o = (await getJson(b, 'options?section=myddns')).options;
  assert.equal(o.check_interval, '11');
  assert.equal(o.upd_privateip, undefined, 'upd_privateip was not written');
  assert.equal(o.use_https, undefined);
  assert.equal(o.force_dnstcp, undefined);
});

test('a section that does not run says why: invalid, stopped by the provider, stopped by a command', async (t) => {
  const b = await webBoard({ config: (w) => ({ service: {
    myddns: section(w),
    locked: section(w, { password: 'not-the-password' }),
    broken: section(w, { ip_source: 'interface' }),
  } }) });
  t.after(() => b.close());
  await b.board.waitFor('[locked]', { timeoutMs: 5000, since: 0 });
  await b.board.waitFor(/\[locked\] .*stopped: /, { timeoutMs: 5000, since: 0 });
  const page = await browser(t);
  await page.goto(b.base + '/');
  await page.waitForSelector('tr[data-name="broken"] .why');
  assert.match(await page.locator('tr[data-name="broken"] .why').innerText(), /^config error: .*'interface' cannot run on this board/);
  await page.waitForSelector('tr[data-name="locked"] .st.stopped');
  assert.match(await page.locator('tr[data-name="locked"] .why').innerText(),
    /^badauth: .*; no more updates until the config changes or an update command$/);
  // the notes about plain HTTP are information, not errors
  const note = page.locator('tr[data-name="myddns"] .note');
  assert.match(await note.innerText(), /password sent over plain HTTP/);
  assert.notEqual(await note.evaluate((e) => getComputedStyle(e).color), ERR_RED);
  await login(page, ADMIN);
  await page.click('tr[data-name="myddns"] button[data-cmd="stop"]');
  await page.waitForSelector('tr[data-name="myddns"] .st.off');
  assert.match(await page.locator('tr[data-name="myddns"] .why').innerText(), /stopped by a command: start or update runs it again/);
  await shot(page, '22-overview-reasons');
  // the API carries the same words
  const st = (await getJson(b, 'status')).sections;
  assert.match(st.find((s) => s.name === 'broken').reason, /^config error: /);
  assert.match(st.find((s) => s.name === 'locked').reason, /^badauth: /);
  // and so does the console's status(): the error the reason is made of
  let since = b.board.output.length;
  await b.board.type('status()');
  await b.board.waitFor(/broken: invalid .*error="/, { since, timeoutMs: 3000 });
  // the console's commit keeps uci's way (it saves a section with errors and says it will not
  // run); the page then shows that section's reason in red
  since = b.board.output.length;
  await b.board.type("set('locked.ip_source', 'script')");
  await b.board.type('commit()');
  await b.board.waitFor('not running (errors above): locked', { since, timeoutMs: 3000 });
  await page.waitForFunction(() => /^config error: .*'script' cannot run on this board/.test(
    (document.querySelector('tr[data-name="locked"] .why') || {}).textContent || ''));
  assert.equal(await page.locator('tr[data-name="locked"] .why').evaluate((e) => getComputedStyle(e).color), ERR_RED);
});

test('the log viewer: live (RAM and flash merged, newest first), the flash log downloadable, its size said', async (t) => {
  const b = await webBoard();
  t.after(() => b.close());
  await b.board.waitFor('update accepted', { timeoutMs: 5000, since: 0 });
  // verbose 2: lines go to the flash file too; then back to 1: new lines only in RAM
  const v2 = b.board.output.length;
  await b.board.type('verbose(2)');
  await b.board.type("run('myddns', 2)");
  await b.board.waitFor('run myddns finished', { timeoutMs: 5000, since: v2 });
  await b.board.type('verbose(1)');
  const page = await browser(t);
  await page.goto(b.base + '/#/log/myddns');
  await login(page, ADMIN);
  await page.waitForFunction(() => /\S/.test(document.getElementById('log').textContent) && !/Loading/.test(document.getElementById('log').textContent));
  const fileText = (await hreq(b.port, { path: '/api/logfile?section=myddns', headers: { host: '127.0.0.1' } })).text;
  assert.ok(fileText.length > 0, 'a flash log exists');
  // a new address: its lines are in RAM only, and top the viewer within a poll
  const since = b.board.output.length;
  b.board.setAddress('198.51.100.20');
  await b.board.waitFor(/\[myddns\] .*update needed, sent in/, { since, timeoutMs: 5000 });
  const lines = b.board.output.slice(since).split('\n').filter((l) => l.startsWith('[myddns] '));
  const newest = lines.at(-1).substring('[myddns] '.length).trimEnd();
  await page.waitForFunction((n) => document.getElementById('log').textContent.split('\n')[0] === n, newest, { timeout: 10000 });
  const shown = (await page.locator('#log').innerText()).split('\n');
  assert.ok(shown.includes(fileText.trim().split('\n')[0]), 'the flash lines are there too');
  assert.ok(!(await hreq(b.port, { path: '/api/logfile?section=myddns', headers: { host: '127.0.0.1' } })).text.includes(newest),
    'the newest line is not in the flash file (verbose 1): the viewer merged the RAM ring');
  assert.match(await page.locator('#keeps').innerText(), /last 12 lines in RAM.*up to 250 lines in flash/);
  await shot(page, '23-log-live');
  // the download: the flash file as it is, as an attachment
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#dl')]);
  assert.equal(dl.suggestedFilename(), 'ddns-myddns.log');
  assert.equal(readFileSync(await dl.path(), 'latin1'), fileText);
});

test('a wrong password is called one; log out forgets the password', async (t) => {
  const b = await webBoard();
  t.after(() => b.close());
  const page = await browser(t);
  await page.goto(b.base + '/');
  await page.waitForSelector('tr[data-name="myddns"]');
  await page.fill('#pw', 'not-the-admin-password');
  await page.click('#login-btn');
  await page.waitForFunction(() => /Wrong password/.test(document.getElementById('msg').textContent));
  assert.equal(await page.locator('#who').innerText(), 'wrong password');
  assert.equal(await page.locator('#msg').evaluate((e) => getComputedStyle(e).color), ERR_RED);
  await shot(page, '24-wrong-password');
  await login(page, ADMIN);
  assert.ok(await page.locator('#logout').isVisible());
  assert.ok(!(await page.locator('#pw').isVisible()));
  await page.click('#logout');
  await page.waitForFunction(() => /Logged out/.test(document.getElementById('msg').textContent));
  assert.ok(await page.locator('#pw').isVisible());
  assert.equal(await page.evaluate(() => sessionStorage.getItem('ddns-pw')), null);
  await page.click('tr[data-name="myddns"] button[data-cmd="force"]');
  await page.waitForFunction(() => /the admin password is needed/.test(document.getElementById('msg').textContent));
});

test('LuCI-grade editor: labels in words, the provider\'s meaning of each field, only what this board can run', async (t) => {
  const b = await webBoard();
  t.after(() => b.close());
  const page = await browser(t);
  await page.goto(b.base + '/#/edit/myddns');
  await login(page, ADMIN);
  await page.waitForSelector('#f-domain');
  assert.equal(await page.locator('#row-domain label').innerText(), 'Domain domain');
  assert.equal(await page.locator('#row-lookup_host label .opt').innerText(), 'lookup_host');
  const names = await page.locator('#f-service_name option').evaluateAll((os) => os.map((o) => [o.value, o.textContent, o.disabled]));
  assert.ok(names.length > 100, names.length + ' providers');
  assert.ok(!names.some((n) => n[0] === 'dtdns.com'), 'retired dtdns.com is not offered');
  // API providers without code here: marked and not selectable; every other name plain
  const { rows } = await providerRows();
  const missing = rows.filter((r) => r.kind === 'api' && !r.onBoard).map((r) => r.row[0]);
  for (const [value, text, disabled] of names.slice(1)) {
    if (missing.includes(value)) assert.deepEqual([text, disabled], [value + ' (API not in this firmware)', true]);
    else assert.deepEqual([text, disabled], [value, false]);
  }
  assert.deepEqual(names.find((n) => n[0] === 'cloudflare.com-v4'), ['cloudflare.com-v4', 'cloudflare.com-v4', false]);
  await page.selectOption('#f-service_name', 'duckdns.org');
  assert.match(await page.locator('#h-password').innerText(), /^duckdns\.org: your DuckDNS token$/);
  assert.match(await page.locator('#h-domain').innerText(), /host\.duckdns\.org \(sent as domains=\)/);
  assert.match(await page.locator('#h-username').innerText(), /not used/);
  assert.ok(!(await page.locator('#row-update_url').isVisible()), 'no custom URL field for a catalog provider');
  await shot(page, '25-edit-provider-help');
  await page.click('.tabs a[data-tab="advanced"]');
  assert.deepEqual(await page.locator('#f-ip_source option').evaluateAll((os) => os.map((o) => o.value)),
    ['', 'network', 'web', 'static', 'router']);
});

test('global settings: ntp_server, the MQTT and syslog blocks (secrets write-only), dates in ddns_dateformat', async (t) => {
  const b = await webBoard();
  t.after(() => b.close());
  await b.board.waitFor('update accepted', { timeoutMs: 5000, since: 0 });
  const page = await browser(t);
  await page.goto(b.base + '/#/global');
  await login(page, ADMIN);
  await page.waitForSelector('#b-mqtt-host');
  assert.equal(await page.locator('#row-ntp_server label').innerText(), 'Time server (SNTP) ntp_server');
  await page.fill('#f-ddns_dateformat', '%d.%m.%Y %H:%M');
  await page.fill('#b-mqtt-host', '127.0.0.1');
  await page.fill('#b-mqtt-port', '9');
  await page.fill('#b-mqtt-username', 'board');
  await page.fill('#b-mqtt-password', 'mqtt-Secret-pw');
  await page.fill('#b-mqtt-command_token', 'short');
  await page.click('#save');
  // a command token too short: a warning, MQTT runs without commands; the rest saved
  await page.waitForSelector('#ok .okbox');
  let cfg = await getJson(b, 'config');
  assert.equal(cfg.mqtt.host, '127.0.0.1');
  assert.equal(cfg.mqtt.password, '(set)');
  assert.equal(cfg.global.ddns_dateformat, '%d.%m.%Y %H:%M');
  assert.ok(!JSON.stringify(cfg).includes('mqtt-Secret-pw'));
  await b.board.waitFor(/\[mqtt\] /, { timeoutMs: 5000, since: 0 });
  await page.reload();
  await page.waitForSelector('#b-mqtt-password');
  assert.equal(await page.inputValue('#b-mqtt-password'), '', 'a secret is never shown');
  assert.equal(await page.getAttribute('#b-mqtt-password', 'placeholder'), '(set: leave empty to keep it)');
  // a wrong port: refused next to the field, nothing saved
  await page.fill('#b-mqtt-port', '70000');
  await page.click('#save');
  await page.waitForSelector('#m-mqtt-port .err');
  assert.match(await page.locator('#m-mqtt-port').innerText(), /mqtt\.port/);
  assert.equal((await getJson(b, 'config')).mqtt.port, '9');
  await shot(page, '26-global-blocks');
  // clearing the broker switches MQTT off
  await page.fill('#b-mqtt-port', '9');
  await page.fill('#b-mqtt-host', '');
  await page.click('#save');
  await page.waitForSelector('#ok .okbox');
  cfg = await getJson(b, 'config');
  assert.equal(cfg.mqtt, undefined);
  // dates in the new format
  await page.goto(b.base + '/');
  await page.waitForSelector('tr[data-name="myddns"] td.last');
  assert.match(await page.locator('tr[data-name="myddns"] td.last').innerText(), /^\d\d\.\d\d\.20\d\d \d\d:\d\d\n/);
  assert.match(await page.locator('tr[data-name="myddns"] td.next').innerText(), /^\d\d\.\d\d\.20\d\d \d\d:\d\d$/);
});

test('phone width (390 px): every view without horizontal scrolling', async (t) => {
  const b = await webBoard();
  t.after(() => b.close());
  await b.board.waitFor('update accepted', { timeoutMs: 5000, since: 0 });
  const page = await browser(t, PHONE);
  const wide = () => page.evaluate(() => document.documentElement.scrollWidth);
  await page.goto(b.base + '/');
  await page.waitForSelector('tr[data-name="myddns"] td.reg');
  await login(page, ADMIN);
  assert.ok(await wide() <= PHONE.width, 'overview: ' + await wide() + ' px wide');
  await shot(page, 'phone-1-overview');
  await page.goto(b.base + '/#/edit/myddns');
  await page.waitForSelector('#f-domain');
  for (const tab of ['basic', 'advanced', 'timer']) {
    await page.click(`.tabs a[data-tab="${tab}"]`);
    assert.ok(await wide() <= PHONE.width, tab + ': ' + await wide() + ' px wide');
    await shot(page, 'phone-2-edit-' + tab);
  }
  await page.goto(b.base + '/#/log/myddns');
  await page.waitForFunction(() => /update accepted/.test(document.getElementById('log').textContent));
  assert.ok(await wide() <= PHONE.width, 'log: ' + await wide() + ' px wide');
  await shot(page, 'phone-3-log');
  await page.goto(b.base + '/#/global');
  await page.waitForSelector('#b-mqtt-host');
  assert.ok(await wide() <= PHONE.width, 'global: ' + await wide() + ' px wide');
  await shot(page, 'phone-4-global');
  await page.goto(b.base + '/#/uci');
  await page.waitForFunction(() => /config service/.test(document.getElementById('uci').value));
  assert.ok(await wide() <= PHONE.width, 'import: ' + await wide() + ' px wide');
  await shot(page, 'phone-5-import');
  // the favicon is in the page: the board gets no /favicon.ico request
  assert.match(await page.getAttribute('link[rel=icon]', 'href'), /^data:image\/svg\+xml,/);
});

// A flash log can be larger than the board's free RAM (ddns_loglines 250 of about 100 chars):
// the polled viewer reads only its newest 4 KB, and the download streams the whole file.
test('a flash log larger than RAM: /api/log shows its newest 4 KB, /api/logfile streams all of it', async (t) => {
  const b = await webBoard();
  t.after(() => b.close());
  await b.board.waitFor('update accepted', { timeoutMs: 5000, since: 0 });
  const since = b.board.output.length;
  await b.board.type("var f=require('Storage').open('log.myddns.0','a');for(var i=0;i<300;i++)" +
    "f.write('2026-01-01 00:00 old line '+(1000+i)+' ......................................\\n');'written'");
  await b.board.waitFor('="written"', { since, timeoutMs: 5000 });
  const expected = Array.from({ length: 300 }, (_, i) => `2026-01-01 00:00 old line ${1000 + i} ......................................\n`).join('');
  const h = { host: '127.0.0.1' };
  const file = await hreq(b.port, { path: '/api/logfile?section=myddns', headers: h });
  assert.equal(file.status, 200);
  assert.equal(file.headers['content-length'], String(expected.length));
  assert.equal(file.text, expected, 'the download is the whole file, in order');
  const view = await hreq(b.port, { path: '/api/log?section=myddns', headers: h });
  assert.equal(view.status, 200);
  const fileLines = view.text.split('\n').filter((l) => l.includes('old line'));
  assert.ok(fileLines.includes(expected.trimEnd().split('\n').at(-1)), 'the newest file line is shown');
  assert.ok(!view.text.includes('old line 1000 '), 'the oldest file lines are not read');
  assert.ok(fileLines.join('\n').length <= 4096, 'at most 4 KB of the file: ' + fileLines.join('\n').length);
  assert.ok(fileLines.every((l) => /^2026-01-01 00:00 old line \d{4} \.+$/.test(l)), 'whole lines only');
  assert.ok(view.text.includes('update accepted'), 'the RAM lines are merged in');
});
