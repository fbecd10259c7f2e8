// The web page end to end: a real headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core) against the simulated board running the built bundle and dist/www.gz.
// Screenshots of every view go to test-artifacts/web/ (gitignored).
import test from 'node:test';
import assert from 'node:assert/strict';
import { webBoard, ADMIN, DOMAIN, PASSWORD } from './kit.mjs';
import { browser, shot, login } from './browser.mjs';

// A browser on the board's overview, logged in with the admin password.
async function loggedIn(t, b) {
  const page = await browser(t);
  await page.goto(b.base + '/');
  await login(page, ADMIN);
  return page;
}

// The text of one cell of a section's overview row.
function cell(page, name, cls) {
  return page.locator(`tr[data-name="${name}"] td.${cls}`).innerText();
}

test('overview, editor with validation, save, the next update in the status row, log, global, import/export', async (t) => {
  const b = await webBoard();
  t.after(() => b.close());
  await b.board.waitFor('update accepted', { timeoutMs: 5000, since: 0 });
  const page = await browser(t);

  // overview: one row per section, live
  await page.goto(b.base + '/');
  await page.waitForSelector('tr[data-name="myddns"]');
  assert.equal(await cell(page, 'myddns', 'reg'), '198.51.100.10');
  assert.equal(await cell(page, 'myddns', 'cur'), '198.51.100.10');
  assert.match(await page.locator('tr[data-name="myddns"]').innerText(), /home\.example\.com[\s\S]*waiting/);
  await shot(page, '1-overview');

  // log in: the page checks the password with a change that changes nothing
  await login(page, ADMIN);

  // the editor: basic, advanced and timer settings with the option help
  await page.click('tr[data-name="myddns"] a[href="#/edit/myddns"]');
  await page.waitForSelector('#f-domain');
  assert.equal(await page.inputValue('#f-domain'), DOMAIN);
  assert.equal(await page.getAttribute('#f-password', 'placeholder'), '(set: leave empty to keep it)');
  assert.equal(await page.inputValue('#f-password'), '');
  assert.match(await page.locator('#row-domain .hint').innerText(), /host name to update/);
  await shot(page, '2-edit-basic');
  await page.click('.tabs a[data-tab="advanced"]');
  await page.waitForSelector('#f-ip_source', { state: 'visible' });
  await shot(page, '3-edit-advanced');
  await page.click('.tabs a[data-tab="timer"]');
  await page.waitForSelector('#f-check_interval', { state: 'visible' });
  await shot(page, '4-edit-timer');

  // a wrong value: the validator's message next to the field, nothing saved
  await page.click('.tabs a[data-tab="basic"]');
  await page.fill('#f-domain', 'bad domain');
  await page.click('#save');
  await page.waitForSelector('#m-domain .err');
  assert.match(await page.locator('#m-domain').innerText(), /'bad domain' has characters outside A-Z a-z 0-9/);
  assert.match(await page.locator('#msg').innerText(), /Not saved/);
  await shot(page, '5-edit-errors');

  // fixed, and a static address: saved, applied, the section updates at once
  await page.fill('#f-domain', DOMAIN);
  await page.click('.tabs a[data-tab="advanced"]');
  await page.selectOption('#f-ip_source', 'static');
  await page.fill('#f-ip_static', '198.51.100.77');
  const before = b.updates().length;
  await page.click('#save');
  await page.waitForSelector('#ok .okbox');
  assert.match(await page.locator('#ok').innerText(), /Saved and applied: myddns restarted/);
  await shot(page, '6-edit-saved');

  // the overview shows the update when it happened (the page polls /api/status)
  await page.click('#nav-overview');
  await page.waitForFunction(() => {
    const td = document.querySelector('tr[data-name="myddns"] td.reg');
    return td && td.textContent === '198.51.100.77';
  }, null, { timeout: 15000 });
  assert.ok(b.updates().length > before, 'an update was sent');
  assert.equal(b.updates().at(-1).query.myip, '198.51.100.77');
  assert.equal(await cell(page, 'myddns', 'cur'), '198.51.100.77');
  await shot(page, '7-overview-updated');

  // stop and start from the overview
  await page.click('tr[data-name="myddns"] button[data-cmd="stop"]');
  await page.waitForSelector('tr[data-name="myddns"] .st.off');
  await page.click('tr[data-name="myddns"] button[data-cmd="start"]');
  await page.waitForSelector('tr[data-name="myddns"] button[data-cmd="stop"]');

  // the log viewer
  await page.click('tr[data-name="myddns"] a.btn[href="#/log/myddns"]');
  await page.waitForFunction(() => { const l = document.getElementById('log'); return !!l && /update accepted: home\.example\.com -> 198\.51\.100\.77/.test(l.textContent); });
  await shot(page, '8-log');

  // global settings: saved; a reboot-only option says so
  await page.click('#nav-global');
  await page.waitForSelector('#f-ddns_loglines');
  await page.fill('#f-ddns_loglines', '100');
  await page.click('#save');
  await page.waitForSelector('#ok .okbox');
  assert.match(await page.locator('#ok').innerText(), /ddns_loglines takes effect after a reboot/);
  assert.match(await page.locator('#web').innerText(), /admin password\s+set/);
  await shot(page, '9-global');

  // import / export: the text with the secret masked; an import that keeps it
  await page.click('#nav-uci');
  await page.waitForFunction(() => { const u = document.getElementById('uci'); return !!u && /config service 'myddns'/.test(u.value); });
  const text = await page.inputValue('#uci');
  assert.match(text, /option password '\*\*\*'/);
  await page.fill('#uci', text.replace("option ip_static '198.51.100.77'", "option ip_static '198.51.100.78'"));
  await page.click('#check');
  await page.waitForSelector('#ok .okbox');
  assert.match(await page.locator('#ok').innerText(), /The text can be imported/);
  const since = b.board.output.length;
  await page.click('#imp');
  await page.waitForFunction(() => { const o = document.getElementById('ok'); return !!o && /Imported and applied/.test(o.textContent); });
  await shot(page, '10-import-export');
  await b.board.waitFor('-> 198.51.100.78', { timeoutMs: 5000, since });
  assert.equal(b.updates().at(-1).query.myip, '198.51.100.78');
  assert.equal(b.updates().at(-1).auth.pass, PASSWORD, 'the masked password was kept');
});

test('add a section (forbidden names refused), its disabled hint, delete it', async (t) => {
  const b = await webBoard();
  t.after(() => b.close());
  const page = await loggedIn(t, b);
  await page.waitForSelector('#add-svc option:nth-child(3)', { state: 'attached' });
  await page.fill('#add-name', 'my-ddns');
  await page.click('#add button[type=submit]');
  await page.waitForFunction(() => /may only use A-Z a-z 0-9 and _/.test(document.getElementById('msg').textContent));
  await page.fill('#add-name', 'second');
  await page.selectOption('#add-svc', 'dyn.com');
  await page.click('#add button[type=submit]');
  await page.waitForSelector('#f-domain');
  assert.equal(await page.inputValue('#f-service_name'), 'dyn.com');
  assert.match(await page.locator('#errs').innerText(), /option 'domain': the host name to update is required/);
  await shot(page, '11-add-section');
  await page.click('#nav-overview');
  await page.waitForSelector('tr[data-name="second"]');
  assert.match(await page.locator('tr[data-name="second"]').innerText(), /disabled: edit it and tick "Enabled"/);
  await shot(page, '12-overview-disabled-hint');
  await page.click('tr[data-name="second"] a[href="#/edit/second"]');
  await page.waitForSelector('#f-domain');
  page.once('dialog', (d) => d.accept());
  await page.click('#del');
  await page.waitForSelector('tr[data-name="myddns"]');
  assert.equal(await page.locator('tr[data-name="second"]').count(), 0);
});

test('without an admin password the page says how to set one', async (t) => {
  const b = await webBoard({ admin: false });
  t.after(() => b.close());
  const page = await browser(t);
  await page.goto(b.base + '/');
  await page.waitForSelector('#nopw .errbox');
  assert.match(await page.locator('#nopw').innerText(), /webpass\('a-long-password'\)/);
  await page.click('tr[data-name="myddns"] button[data-cmd="force"]');
  await page.waitForFunction(() => /no admin password is set/.test(document.getElementById('msg').textContent));
  await shot(page, '13-no-password');
});

test('the overview\'s "Send a test notification" button sends the notify block\'s test message', async (t) => {
  const { startWebhook } = await import('../../host-sim/world/notify.mjs');
  const { section } = await import('./kit.mjs');
  const hook = await startWebhook();
  t.after(() => hook.close());
  const b = await webBoard({ config: (w) => ({ service: { myddns: section(w) }, notify: { url: hook.url + '/n', events: 'stop' } }) });
  t.after(() => b.close());
  const page = await loggedIn(t, b);
  await page.click('#ntest');
  await page.waitForFunction(() => /Test notification queued/.test(document.getElementById('msg').textContent));
  for (let i = 0; i < 100 && !hook.requests.length; i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(hook.requests.length, 1);
  assert.equal(hook.requests[0].json.event, 'test');
});
