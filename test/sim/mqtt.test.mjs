// MQTT on the BUILT firmware (dist/esp32, `npm run build` first) in the simulator, against a
// real mosquitto (/usr/sbin/mosquitto, started here on a free loopback port) and against aedes
// (npm, embedded: host-sim/world/mqtt.mjs). A subscriber made with the `mqtt` npm package checks
// what the board publishes; the world's provider and DNS show what its commands do.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import mqtt from 'mqtt';
import mqttPacket from 'mqtt-packet';
import { scenario, section, DOMAIN, PASSWORD, sleep } from './harness.mjs';
import { startMosquitto, freePort } from '../helpers/mosquitto.mjs';
import { startMqttBroker } from '../../host-sim/world/mqtt.mjs';
import { vscenario, at } from './kit.mjs';

const OFFICE = 'office.example.com';
const MQTT_USER = 'board';
const MQTT_PASS = 'mq-Sim-Pa55-word';
const TOKEN = 'tok-Sim-0123456789abcdef';
const SECRETS = [PASSWORD, MQTT_PASS, TOKEN];
const BASE = 'ddns/simboard';
const AVAIL = BASE + '/availability';
const SECTIONS = ['home', 'office'];
const SENSORS = ['state', 'current_ip', 'registered_ip', 'last_update', 'last_answer', 'reason'];
const FIELDS = ['state', 'reason', 'current_ip', 'registered_ip', 'last_update', 'last_answer', 'next_check', 'error', 'notes'];

// Polls until pred() holds; fails with what() after ms.
async function until(pred, ms, what) {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) assert.fail('timed out waiting: ' + what());
    await sleep(25);
  }
}

// Every message any observer saw, for the secrets check at the end.
const everything = [];

// A subscriber that records every message on its filters.
async function observer(port, filters) {
  const client = await mqtt.connectAsync('mqtt://127.0.0.1:' + port,
    { reconnectPeriod: 0, clientId: 'obs-' + Math.random().toString(16).slice(2, 10) });
  const seen = [];
  client.on('message', (topic, payload, packet) => {
    const m = { topic, payload: payload.toString('utf8'), retain: packet.retain };
    seen.push(m);
    everything.push(m);
  });
  client.on('error', () => {});
  if (filters.length) await client.subscribeAsync(filters, { qos: 1 });
  return { client, seen, close: () => client.endAsync(true) };
}

const on = (seen, topic) => seen.filter((m) => m.topic === topic);
const last = (seen, topic) => on(seen, topic).slice(-1)[0];
const lastJson = (seen, topic) => {
  const m = last(seen, topic);
  return m ? JSON.parse(m.payload) : null;
};

// Two dyndns2 sections on the network source and an mqtt block with every secret set.
function boardConfig(port, mqttExtra = {}) {
  return (w) => ({
    mqtt: { host: '127.0.0.1', port: String(port), hostname: 'simboard', username: MQTT_USER,
      password: MQTT_PASS, command_token: TOKEN, ...mqttExtra },
    service: {
      home: section(w),
      office: section(w, { domain: OFFICE, lookup_host: OFFICE }),
    },
  });
}

// Both sections updated and reported, and the retained messages after a connect all sent.
function settled(seen, ip) {
  return SECTIONS.every((sec) => {
    const j = lastJson(seen, BASE + '/' + sec + '/status');
    return j && j.state === 'waiting' && j.current_ip === ip && j.registered_ip === ip;
  }) && on(seen, 'homeassistant/sensor/simboard_office_reason/config').length > 0;
}

// The brokers: start(port) on a fixed port, and a stop that is a crash for mosquitto.
const BROKERS = {
  mosquitto: async (port) => {
    const b = await startMosquitto(port);
    return { stop: () => b.stop({ kill: true }), log: b.log };
  },
  aedes: async (port) => {
    const b = await startMqttBroker({ port });
    return { stop: () => b.close(), log: () => '' };
  },
};

for (const [name, startBroker] of Object.entries(BROKERS)) {
  describe('the built bundle with MQTT against ' + name, () => {
    let port = 0;
    let broker;
    let all;
    let s;

    before(async () => {
      port = await freePort();
      broker = await startBroker(port);
      all = await observer(port, ['#']);
      s = await scenario({ config: boardConfig(port), extraHosts: [OFFICE] });
    });

    after(async () => {
      if (s) await s.close();
      if (all) await all.close().catch(() => {});
      if (broker) await broker.stop();
    });

    it('availability online, retained', async () => {
      await until(() => settled(all.seen, '198.51.100.10'), 10000, () => s.board.output.slice(-800));
      assert.match(s.board.output, /MQTT connected to 127\.0\.0\.1:\d+/);
      // the first attempt waited for Wi-Fi: no failed connect at boot
      assert.doesNotMatch(s.board.output, /Connect failed|MQTT 127\.0\.0\.1:\d+: connect failed/);
      const o = await observer(port, [AVAIL]);
      await until(() => o.seen.length > 0, 3000, () => 'no retained availability');
      assert.deepEqual(o.seen[0], { topic: AVAIL, payload: 'online', retain: true });
      await o.close();
    });

    it("each section's status: retained JSON with the fields", async () => {
      const o = await observer(port, [BASE + '/+/status']);
      await until(() => o.seen.length >= 2, 3000, () => JSON.stringify(o.seen));
      for (const sec of SECTIONS) {
        const m = last(o.seen, BASE + '/' + sec + '/status');
        assert.ok(m && m.retain, sec + ' status retained');
        const j = JSON.parse(m.payload);
        assert.deepEqual(Object.keys(j), FIELDS);
        assert.equal(j.state, 'waiting');
        assert.equal(j.current_ip, '198.51.100.10');
        assert.equal(j.registered_ip, '198.51.100.10');
        assert.match(j.last_update, /^20\d\d-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
        assert.equal(j.last_answer, 'good');
        // the next check as a time (check_interval 10 min), not a countdown
        const next = Date.parse(j.next_check) - Date.parse(j.last_update);
        assert.ok(next > 500000 && next <= 601000, j.next_check + ' ' + j.last_update);
        assert.equal(j.reason, '');
        assert.equal(j.error, '');
        assert.ok(j.notes.includes('password sent over plain HTTP'), j.notes.join());
        assert.ok(j.notes.includes('MQTT password sent over plain TCP'), j.notes.join());
      }
      // the update at boot was reported as an event per section
      for (const sec of SECTIONS) {
        const ev = lastJson(all.seen, BASE + '/' + sec + '/event');
        assert.ok(ev, sec + ' event');
        assert.equal(ev.ip, '198.51.100.10');
        assert.equal(ev.answer, 'good');
        assert.equal(ev.ok, true);
      }
      await o.close();
    });

    it('Home Assistant discovery: a retained config per section and sensor', async () => {
      const o = await observer(port, ['homeassistant/#']);
      await until(() => o.seen.length >= SECTIONS.length * SENSORS.length, 3000, () => o.seen.length + ' configs');
      for (const sec of SECTIONS) {
        for (const key of SENSORS) {
          const t = 'homeassistant/sensor/simboard_' + sec + '_' + key + '/config';
          const m = last(o.seen, t);
          assert.ok(m && m.retain, t);
          const c = JSON.parse(m.payload);
          assert.equal(c.unique_id, 'simboard_' + sec + '_' + key);
          assert.equal(c.state_topic, BASE + '/' + sec + '/status');
          assert.equal(c.value_template, '{{ value_json.' + key + ' }}');
          assert.equal(c.availability_topic, AVAIL);
          assert.deepEqual(c.device.identifiers, ['simboard_' + sec]);
          assert.equal(c.device.sw_version, '0.1.0');
          assert.equal(c.device_class, key === 'last_update' ? 'timestamp' : undefined);
        }
      }
      await o.close();
    });

    it('commands: a wrong token does nothing, the right one checks and forces', async () => {
      const pub = await observer(port, []);
      const send = (t, p) => pub.client.publishAsync(t, typeof p === 'string' ? p : JSON.stringify(p), { qos: 1 });
      // DNS now disagrees: a check that really runs reads it again and sends an update
      s.world.records.set(DOMAIN, 'A', '192.0.2.77');
      const n0 = s.updates().length;
      const q0 = s.world.dns.queries.length;
      const since = s.board.output.length;
      await send(BASE + '/home/command', { cmd: 'check', token: 'wrong-' + TOKEN });
      await send(BASE + '/home/command', { cmd: 'force', token: TOKEN.slice(0, -1) });
      await send(BASE + '/command', { cmd: 'force', token: '' });
      await send(BASE + '/home/command', { cmd: 'force' });
      await send(BASE + '/home/command', 'force');
      await s.board.waitFor('refused: wrong token', { since, timeoutMs: 3000 });
      await sleep(1000);
      assert.equal(s.updates().length, n0, 'an update after a refused command');
      assert.equal(s.world.dns.queries.length, q0, 'a DNS query after a refused command');
      assert.doesNotMatch(s.board.output.slice(since), /MQTT command: /);

      await send(BASE + '/home/command', { cmd: 'check', token: TOKEN });
      await until(() => s.updates().length === n0 + 1, 5000, () => s.board.output.slice(since));
      assert.equal(s.updates()[n0].query.hostname, DOMAIN);
      assert.equal(s.updates()[n0].query.myip, '198.51.100.10');
      assert.ok(s.world.dns.queries.length > q0, 'check read DNS again');
      assert.equal(s.world.records.get(DOMAIN, 'A').value, '198.51.100.10');

      await send(BASE + '/office/command', { cmd: 'force', token: TOKEN });
      await until(() => s.updates().length === n0 + 2, 5000, () => s.board.output.slice(since));
      assert.equal(s.updates()[n0 + 1].query.hostname, OFFICE);
      assert.match(s.board.output.slice(since), /\[home\] .*MQTT command: check/);
      assert.match(s.board.output.slice(since), /\[office\] .*MQTT command: force/);
      await until(() => lastJson(all.seen, BASE + '/office/status').last_answer.startsWith('nochg'), 3000,
        () => last(all.seen, BASE + '/office/status').payload);
      await pub.close();
    });

    it('a new address: the board reconnects at once, the status follows, an event arrives', async () => {
      const from = all.seen.length;
      const t0 = Date.now();
      s.board.setAddress('198.51.100.20');
      // (the last updates went out seconds ago and a section sends at most one update per 5 min
      // by itself: the owner's check sends now)
      await s.board.type('check()');
      const after = () => all.seen.slice(from);
      await until(() => settled(after(), '198.51.100.20'), 10000, () => JSON.stringify(after()));
      assert.ok(Date.now() - t0 < 4000, 'reconnected after ' + (Date.now() - t0) + ' ms (no back-off wait)');
      for (const sec of SECTIONS) {
        const ev = lastJson(after(), BASE + '/' + sec + '/event');
        assert.ok(ev, sec + ': no event');
        assert.deepEqual(Object.keys(ev), ['time', 'ip', 'answer', 'ok']);
        assert.equal(ev.ip, '198.51.100.20');
        assert.equal(ev.answer, 'good');
        assert.equal(ev.ok, true);
        assert.match(ev.time, /^20\d\d-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      }
      // the old connection died at the broker (will), the new one said online
      assert.deepEqual(on(after(), AVAIL).map((m) => m.payload), ['offline', 'online']);
      // an expected reconnect: info, no warning
      assert.match(s.board.output, /\[mqtt\] [^\n]*MQTT connection to 127\.0\.0\.1 closed: address changed to 198\.51\.100\.20; reconnecting now/);
      assert.doesNotMatch(s.board.output, /WARN MQTT connection to 127\.0\.0\.1 [^\n]*address changed/);
    });

    it('the broker restarts: the board reconnects and republishes online, status and discovery', async () => {
      const since = s.board.output.length;
      await all.close().catch(() => {});
      all = null;
      await broker.stop();
      await s.board.waitFor(/MQTT connection to 127\.0\.0\.1 lost: closed/, { since, timeoutMs: 5000 });
      broker = await startBroker(port);
      all = await observer(port, ['#']);
      await until(() => settled(all.seen, '198.51.100.20'), 15000, () => s.board.output.slice(since));
      assert.equal(last(all.seen, AVAIL).payload, 'online');
      const o = await observer(port, [AVAIL, BASE + '/+/status']);
      await until(() => o.seen.length >= 3, 3000, () => JSON.stringify(o.seen));
      assert.ok(o.seen.every((m) => m.retain));
      assert.equal(last(o.seen, AVAIL).payload, 'online');
      await o.close();
    });

    it("the board dies (no DISCONNECT): the broker publishes the will 'offline'; power back: online", async () => {
      const o = await observer(port, [AVAIL]);
      await until(() => o.seen.length === 1, 3000, () => 'no retained availability');
      assert.equal(o.seen[0].payload, 'online');
      await s.board.stop(); // power off: the simulator drops the board's sockets (the broker sees the TCP close)
      await until(() => o.seen.length >= 2, 5000, () => JSON.stringify(o.seen));
      assert.deepEqual(o.seen[1], { topic: AVAIL, payload: 'offline', retain: false });
      const o2 = await observer(port, [AVAIL]);
      await until(() => o2.seen.length === 1, 3000, () => 'no retained will');
      assert.deepEqual(o2.seen[0], { topic: AVAIL, payload: 'offline', retain: true });
      await o2.close();
      await s.board.boot();
      await until(() => o.seen.length >= 3, 10000, () => s.board.output.slice(-500));
      assert.equal(o.seen[2].payload, 'online');
      await o.close();
    });

    it('no secret in any payload a # subscriber saw, nor on the console', async () => {
      await sleep(200);
      assert.ok(everything.length > 30, everything.length + ' messages');
      for (const m of everything) {
        if (m.topic.endsWith('/command')) continue; // the test's own commands carry the token
        for (const secret of SECRETS) {
          assert.ok(!m.topic.includes(secret) && !m.payload.includes(secret) &&
            !m.payload.includes(encodeURIComponent(secret)), 'secret in ' + m.topic + ': ' + m.payload);
        }
      }
      for (const secret of SECRETS) assert.ok(!s.board.output.includes(secret), 'secret on the console');
    });
  });
}

// ---------- the traffic at rest, counted on the wire ----------

// A TCP tap between the board and the broker that counts MQTT packets by type and direction.
async function startTap(brokerPort) {
  const counts = { up: {}, down: {} };
  const count = (dir) => (p) => { counts[dir][p.cmd] = (counts[dir][p.cmd] || 0) + 1; };
  const socks = new Set();
  const server = net.createServer((a) => {
    const b = net.connect({ host: '127.0.0.1', port: brokerPort });
    socks.add(a);
    socks.add(b);
    const up = mqttPacket.parser({ protocolVersion: 4 });
    const down = mqttPacket.parser({ protocolVersion: 4 });
    up.on('packet', count('up'));
    down.on('packet', count('down'));
    a.on('data', (d) => { up.parse(d); b.write(d); });
    b.on('data', (d) => { down.parse(d); a.write(d); });
    const end = () => { a.destroy(); b.destroy(); };
    a.on('close', end);
    b.on('close', end);
    a.on('error', () => {});
    b.on('error', () => {});
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: server.address().port,
    counts,
    reset() { counts.up = {}; counts.down = {}; },
    async close() {
      for (const x of socks) x.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

describe('MQTT traffic at rest (virtual time, default keepalive 60 s)', () => {
  it('an hour after the first: one keepalive ping a minute, status only on a change, no reconnect', async (t) => {
    const broker = await startMqttBroker();
    const tap = await startTap(broker.port);
    const s = await scenario({ config: boardConfig(tap.port), extraHosts: [OFFICE], time: 'virtual',
      boardOpts: () => ({ netReplyWaitMs: 100 }) });
    try {
      await s.board.advance(3600e3);
      assert.equal(tap.counts.up.connect, 1, JSON.stringify(tap.counts));
      tap.reset();
      const q0 = s.world.dns.queries.length;
      await s.board.advance(3600e3);
      assert.ok(s.world.dns.queries.length > q0, 'the sections kept checking');
      const up = tap.counts.up;
      t.diagnostic('board -> broker in one hour at rest: ' + JSON.stringify(up));
      t.diagnostic('broker -> board: ' + JSON.stringify(tap.counts.down));
      assert.equal(up.connect, undefined, 'reconnected at rest');
      assert.ok(up.pingreq >= 59 && up.pingreq <= 61, 'pings: ' + up.pingreq);
      assert.equal(tap.counts.down.pingresp, up.pingreq);
      // status goes out on a change only: a check every 10 minutes per section that finds
      // nothing to do publishes at most its status twice (checking, waiting)
      assert.ok((up.publish || 0) <= 6 * 2 * SECTIONS.length, 'publishes at rest: ' + up.publish);
      assert.equal(s.updates().length, 2, 'only the updates at boot');
      // at rest the board keeps only the resident part: the work module (client, status,
      // discovery, commands) was loaded for the status changes and let go after each
      const since = s.board.output.length;
      await s.board.type('Modules.getCached().filter(function(n){return n.indexOf("ddns.mqtt")===0}).join("+")');
      await s.board.waitFor(/="ddns\.mqtt"\r?\n/, { since, timeoutMs: 2000 });
    } finally {
      await s.close();
      await tap.close();
      await broker.close();
    }
  });
});

// A module of MQTT missing from Storage: MQTT says so (and stays off, or keeps trying), both
// sections are updated anyway.
describe('a module of MQTT missing from Storage', () => {
  const rows = [
    { file: 'ddns.mqtt.work', says: /ERR module ddns\.mqtt\.work cannot be loaded \(Error: Module "ddns\.mqtt\.work" not found\): flash the firmware again/,
      resident: /=-1/ },
    { file: 'ddns.socket', says: /\[mqtt\] .*MQTT 127\.0\.0\.1:\d+: connect failed: nomodule; retry in 5 s/, resident: /=\d/ },
  ];
  for (const row of rows) {
    it(`${row.file}: MQTT says so; DNS is updated anyway`, async (t) => {
      const broker = await startMqttBroker();
      const s = await vscenario({ config: boardConfig(broker.port), extraHosts: [OFFICE],
        before: (x) => { x.board.storage.erase(row.file); } });
      t.after(async () => { await s.close(); await broker.close(); });
      await at(s.board, 3000);
      assert.match(s.board.output, row.says);
      assert.equal(s.updates().length, 2, 'both sections updated');
      assert.equal(broker.clients().length, 0, 'no MQTT connection');
      assert.doesNotMatch(s.board.output, /Uncaught/);
      // without its work module MQTT is off (not even its resident part stays loaded); without
      // its connection it stays and tries again
      const since = s.board.output.length;
      await s.board.type('Modules.getCached().indexOf("ddns.mqtt")');
      await s.board.waitFor(row.resident, { since, timeoutMs: 2000 });
    });
  }
});
