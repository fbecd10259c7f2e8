// Home Assistant stays clean: the built bundle on the simulated board, a real mosquitto
// (/usr/sbin/mosquitto on a free loopback port), the page in Chromium. A section deleted on the
// page or renamed leaves nothing retained on the broker (a fresh subscriber to '#' sees nothing
// of it); a status is published when what a subscriber sees changed, not as a countdown; an
// invalid section says why.
import test from 'node:test';
import assert from 'node:assert/strict';
import mqtt from 'mqtt';
import { webBoard, ADMIN, section, sleep, basic, hreq } from './kit.mjs';
import { browser, shot, login } from './browser.mjs';
import { startMosquitto, freePort } from '../helpers/mosquitto.mjs';

const BASE = 'ddns/haboard';
const OFFICE = 'other.example.com';

// A subscriber on '#' recording every message (retained ones arrive first).
async function observer(port) {
  const client = await mqtt.connectAsync('mqtt://127.0.0.1:' + port,
    { reconnectPeriod: 0, clientId: 'obs-' + Math.random().toString(16).slice(2, 10) });
  const seen = [];
  client.on('message', (topic, payload, packet) => seen.push({ topic, payload: payload.toString('utf8'), retain: packet.retain }));
  client.on('error', () => {});
  await client.subscribeAsync(['#'], { qos: 1 });
  return { seen, close: () => client.endAsync(true) };
}

// Polls until pred() holds; fails with what() after ms.
async function until(pred, ms, what) {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) assert.fail('timed out waiting: ' + what());
    await sleep(25);
  }
}

// What a fresh subscriber gets: the retained messages, collected for a moment.
async function retained(port) {
  const o = await observer(port);
  await sleep(700);
  await o.close();
  return o.seen.filter((m) => m.retain);
}

const about = (name) => (m) => m.topic.includes('/' + name + '/') || m.topic.includes('_' + name + '_');

test('delete and rename: their retained status and discovery topics are cleared; status only on a change; reasons', async (t) => {
  const port = await freePort();
  const broker = await startMosquitto(port);
  t.after(() => broker.stop());
  const b = await webBoard({ config: (w) => ({
    mqtt: { host: '127.0.0.1', port: String(port), hostname: 'haboard' },
    service: {
      home: section(w),
      office: section(w, { domain: OFFICE, lookup_host: OFFICE }),
      broken: section(w, { ip_source: 'interface' }),
    },
  }) });
  t.after(() => b.close());
  b.world.records.set(OFFICE, 'A', '192.0.2.1');
  const all = await observer(port);
  t.after(() => all.close());
  await until(() => all.seen.some((m) => m.topic === 'homeassistant/sensor/haboard_broken_reason/config'), 10000,
    () => b.board.output.slice(-600));
  let r = await retained(port);
  for (const name of ['home', 'office', 'broken']) {
    assert.ok(r.some((m) => m.topic === BASE + '/' + name + '/status'), name + ' status retained');
    assert.equal(r.filter((m) => m.topic.startsWith('homeassistant/sensor/haboard_' + name + '_')).length, 6, name + ' discovery');
  }
  // an invalid section says why, on MQTT and so in Home Assistant
  const broken = JSON.parse(r.find((m) => m.topic === BASE + '/broken/status').payload);
  assert.equal(broken.state, 'invalid');
  assert.match(broken.reason, /^config error: .*'interface' cannot run on this board/);
  assert.match(broken.error, /'interface' cannot run on this board/);

  // at rest nothing is published: no countdown
  await until(() => ['home', 'office'].every((n) => {
    const s = all.seen.filter((m) => m.topic === BASE + '/' + n + '/status').at(-1);
    return s && JSON.parse(s.payload).state === 'waiting';
  }), 10000, () => JSON.stringify(all.seen.slice(-4)));
  await sleep(1200);
  const quiet = all.seen.length;
  await sleep(2500);
  assert.deepEqual(all.seen.slice(quiet).map((m) => m.topic), [], 'nothing published at rest');
  // a check that finds nothing to do: one status, whose next_check moved on (it never goes stale)
  const H = { host: '127.0.0.1', 'x-ddns': '1', authorization: basic() };
  const homeStatus = () => all.seen.filter((m) => m.topic === BASE + '/home/status');
  const before = homeStatus().length;
  const next0 = Date.parse(JSON.parse(homeStatus().at(-1).payload).next_check);
  await sleep(1100);
  assert.equal((await hreq(b.port, { method: 'POST', path: '/api/command', headers: H, body: { cmd: 'check', section: 'home' } })).status, 200);
  await until(() => homeStatus().length > before, 5000, () => 'no status after a check');
  await sleep(1200);
  assert.equal(homeStatus().length, before + 1, 'one status per check');
  const after = JSON.parse(homeStatus().at(-1).payload);
  assert.equal(after.state, 'waiting');
  assert.ok(Date.parse(after.next_check) > next0, after.next_check + ' after ' + new Date(next0).toISOString());

  // delete office on the page
  const page = await browser(t);
  await page.goto(b.base + '/#/edit/office');
  await login(page, ADMIN);
  await page.waitForSelector('#f-domain');
  page.once('dialog', (d) => d.accept());
  await page.click('#del');
  await page.waitForFunction(() => /Section office deleted/.test(document.getElementById('msg').textContent));
  await page.waitForSelector('tr[data-name="home"]');
  assert.equal(await page.locator('tr[data-name="office"]').count(), 0);
  await shot(page, '27-deleted-section');
  // rename broken to fixed (a delete and an add in one change)
  r = await hreq(b.port, { method: 'POST', path: '/api/config', headers: H, body: { commit: true, del: ['broken'],
    set: { fixed: 'service', 'fixed.enabled': '0', 'fixed.domain': 'fixed.example.com', 'fixed.update_url': 'http://example.com/?ip=[IP]' } } });
  assert.equal(r.status, 200, r.text);
  await until(() => all.seen.some((m) => m.topic === 'homeassistant/sensor/haboard_fixed_reason/config'), 10000,
    () => b.board.output.slice(-600));
  await until(() => all.seen.some((m) => m.topic === 'homeassistant/sensor/haboard_broken_reason/config' && m.payload === ''), 5000,
    () => 'no empty payload for broken');
  // a fresh subscriber: nothing of office or broken, everything of home and fixed
  r = await retained(port);
  assert.deepEqual(r.filter(about('office')).map((m) => m.topic), []);
  assert.deepEqual(r.filter(about('broken')).map((m) => m.topic), []);
  assert.ok(r.some((m) => m.topic === BASE + '/home/status'));
  assert.equal(r.filter((m) => m.topic.startsWith('homeassistant/sensor/haboard_fixed_')).length, 6);
  const fixed = JSON.parse(r.find((m) => m.topic === BASE + '/fixed/status').payload);
  assert.equal(fixed.reason, 'disabled: enabled is 0');
  // only deleted sections' topics were emptied, each at least once (a restart of MQTT while it
  // was clearing clears again from the start)
  const empty = all.seen.filter((m) => m.payload === '');
  assert.ok(empty.every((m) => about('office')(m) || about('broken')(m)), JSON.stringify(empty.map((m) => m.topic)));
  assert.equal(new Set(empty.map((m) => m.topic)).size, 2 * 7, 'status and 6 discovery configs per deleted section');
  // and then forgotten: the next connect (a new address) clears nothing again
  const from = all.seen.length;
  b.board.setAddress('198.51.100.20');
  await until(() => all.seen.slice(from).some((m) => m.topic === 'homeassistant/sensor/haboard_fixed_reason/config'), 10000,
    () => b.board.output.slice(-600));
  assert.deepEqual(all.seen.slice(from).filter((m) => m.payload === '').map((m) => m.topic), []);
});
