// The MQTT client and status service (the module's start(), as main.ts wires it) against
// REAL brokers on loopback: mosquitto (Debian package, /usr/sbin/mosquitto) and aedes (npm,
// in process). A subscriber made with the `mqtt` npm package checks what the board publishes.
// Fails (does not skip) when mosquitto is missing.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import mqtt from 'mqtt';
import mqttPacket from 'mqtt-packet';
import { Aedes } from 'aedes';
import { nodeSocketPort, NodeSocketPort } from '../helpers/node-socket';
import { startMosquitto as startMosquittoAt, freePort } from '../helpers/mosquitto.mjs';
import { createLogger } from '../../firmware/log/log';
import { start as startMqtt } from '../../firmware/mqtt/index';
import * as mqttWork from '../../firmware/mqtt/work';
import { readMqttConfig } from '../../firmware/mqtt/config';
import { statusJson } from '../../firmware/mqtt/status';
import type { ClockPort, StoragePort } from '../../firmware/core/ports';
import type { SectionStatus } from '../../firmware/section/engine';
import { memoryLogs } from '../helpers/text-reader.ts';

const SECTION_PASS = 'S3cr3t-pass';
const MQTT_USER = 'board';
const MQTT_PASS = 'mq-Pa55-word';
const TOKEN = 'tok-0123456789abcdef';
const SECRETS = [SECTION_PASS, MQTT_PASS, TOKEN];
const BASE = 'ddns/testboard';
const SENSOR_KEYS = ['state', 'current_ip', 'registered_ip', 'last_update', 'last_answer', 'reason'];

// ---------- small helpers ----------

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Polls until pred() is true; fails with what() after ms.
async function waitFor(pred: () => boolean, ms: number, what: () => string): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) { assert.fail('timed out waiting: ' + what()); }
    await sleep(20);
  }
}

function nodeClock(): ClockPort {
  const t0 = performance.now();
  return {
    uptimeMs: () => performance.now() - t0,
    wallMs: () => Date.now(),
    setWallMs: () => {},
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (id) => clearTimeout(id),
  };
}

const noStorage: StoragePort = {
  read: () => undefined, write: () => true, erase: () => {},
  openLog: memoryLogs(),
};

// ---------- the config object ----------

describe('mqtt config', () => {
  it('defaults', () => {
    const r = readMqttConfig({ host: '192.168.1.2' });
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.config, { host: '192.168.1.2', port: 1883, tls: false, username: '', password: '', clientId: '',
      hostname: 'esp32-ddns', hostnameSet: false, base: 'ddns/esp32-ddns', keepalive: 60, commandToken: '',
      discovery: true, discoveryPrefix: 'homeassistant' });
    assert.equal(readMqttConfig({ host: 'h', tls: 1 }).config?.port, 8883);
    assert.equal(readMqttConfig({ host: 'h', hostname: 'garage' }).config?.base, 'ddns/garage');
    assert.deepEqual(readMqttConfig(undefined), { config: null, errors: [] });
  });
  it('errors name mqtt.<option>; nothing throws', () => {
    const bad: [any, string][] = [
      [{}, 'mqtt.host'], [{ host: 'h', port: 0 }, 'mqtt.port'], [{ host: 'h', port: '18x3' }, 'mqtt.port'],
      [{ host: 'h', tls: 'yes' }, 'mqtt.tls'], [{ host: 'h', password: 'p' }, 'mqtt.password'],
      [{ host: 'h', base: 'a/+/b' }, 'mqtt.base'], [{ host: 'h', base: '/a' }, 'mqtt.base'],
      [{ host: 'h', discovery_prefix: 'ha/#' }, 'mqtt.discovery_prefix'], [{ host: 'h', keepalive: 0 }, 'mqtt.keepalive'],
      [{ host: 'h', client_id: 'a b' }, 'mqtt.client_id'], [{ host: 'h', hostname: 'a.b' }, 'mqtt.hostname'],
      [{ host: { x: 1 } }, 'mqtt.host'], [{ host: 'h', discovery: '2' }, 'mqtt.discovery'],
      ['broker', 'mqtt'], [[], 'mqtt'],
    ];
    for (const [raw, opt] of bad) {
      const r = readMqttConfig(raw);
      assert.equal(r.config, null, JSON.stringify(raw));
      assert.ok(r.errors.some((e) => e.option === opt && e.level === 'error' && e.msg.startsWith(opt)), JSON.stringify(r.errors));
    }
    const w = readMqttConfig({ host: 'h', username: 'u', password: 'pw-SECRET1', command_token: 'tok-S2', colour: 'red', tls: '1' });
    assert.ok(w.config);
    assert.deepEqual(w.errors.map((e) => e.option).sort(), ['mqtt.colour', 'mqtt.command_token', 'mqtt.tls']);
    assert.ok(w.errors.every((e) => e.level === 'warn' && e.msg.indexOf('SECRET1') < 0 && e.msg.indexOf('tok-S2') < 0));
  });
});

describe('status JSON', () => {
  it('fields, nulls, masking, ASCII only', () => {
    const st: SectionStatus = { name: 'h', state: 'idle', currentIp: '', registeredIp: '', lastUpdate: 0,
      nextCheckInMs: -1, lastAnswer: '', error: 'x\u00e9 ' + SECTION_PASS, notes: [] };
    assert.equal(statusJson(st, [SECTION_PASS], ['TLS: not verified'], 0), '{"state":"idle","reason":"x? ***",' +
      '"current_ip":"","registered_ip":"","last_update":null,"last_answer":"","next_check":null,"error":"x? ***",' +
      '"notes":["TLS: not verified"]}');
    // next_check: an absolute time once the clock is set, to the second
    const hold = { ...st, state: 'hold', nextCheckInMs: 90400, error: 'abuse: wait' };
    assert.equal(JSON.parse(statusJson(hold, [], [], Date.UTC(2026, 0, 2, 3, 4, 5))).next_check, '2026-01-02T03:05:35Z');
    assert.equal(JSON.parse(statusJson(hold, [], [], Date.UTC(2026, 0, 2, 3, 4, 5))).reason, 'the provider asked to wait: abuse: wait');
  });
});

// ---------- brokers ----------

interface Broker { port: number; stop(): Promise<void>; }

// mosquitto with a temp config (test/helpers/mosquitto.mjs); a password file when users are given.
async function startMosquitto(port: number, users?: Record<string, string>): Promise<Broker> {
  return startMosquittoAt(port, { users });
}

// aedes in this process, on net.createServer(aedes.handle).
async function startAedes(port: number): Promise<Broker> {
  const broker = await Aedes.createBroker();
  const socks = new Set<net.Socket>();
  const server = net.createServer((s) => {
    socks.add(s);
    s.on('close', () => socks.delete(s));
    broker.handle(s);
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
  return {
    port,
    async stop() {
      for (const s of socks) { s.destroy(); }
      await new Promise<void>((r) => server.close(() => r()));
      await new Promise<void>((r) => broker.close(() => r()));
    },
  };
}

// ---------- the observer ----------

interface Seen { topic: string; payload: string; retain: boolean; }

// A subscriber that records every message on its filters.
async function observer(port: number, filters: string[], auth?: { username: string; password: string }) {
  const client = await mqtt.connectAsync('mqtt://127.0.0.1:' + port,
    { reconnectPeriod: 0, clientId: 'obs-' + Math.random().toString(16).slice(2, 10), ...(auth || {}) });
  const seen: Seen[] = [];
  client.on('message', (topic, payload, packet) => {
    seen.push({ topic, payload: payload.toString('utf8'), retain: packet.retain });
  });
  if (filters.length) { await client.subscribeAsync(filters, { qos: 1 }); }
  return { client, seen, close: () => client.endAsync(true) };
}

// ---------- a fake App: two sections that count commands ----------

function fakeApp() {
  const lines: string[] = [];
  const clock = nodeClock();
  const log = createLogger({ print: (l) => lines.push(l), clock, storage: noStorage, dateformat: '%F %T',
    ringLines: 20, fileLines: 10 });
  const socket = nodeSocketPort();
  const counts: Record<string, Record<string, number>> = {};
  const changeFns: Array<(n: string) => void> = [];
  const sections = ['home', 'office'].map((name) => {
    counts[name] = { check: 0, force: 0, start: 0, stop: 0 };
    log.configure(name, { secrets: [SECTION_PASS] });
    const st: SectionStatus = { name, state: 'waiting', currentIp: '192.0.2.10', registeredIp: '192.0.2.10',
      lastUpdate: Date.UTC(2024, 0, 2, 3, 4, 5), nextCheckInMs: 600000, lastAnswer: 'good',
      // a careless status that carries secrets: they must never reach the broker
      error: 'badauth: https://me:' + SECTION_PASS + '@example.test/?t=' + encodeURIComponent(SECTION_PASS),
      notes: ['token ' + TOKEN + ' mqtt ' + MQTT_PASS] };
    return {
      name, st,
      start() { counts[name].start++; },
      stop() { counts[name].stop++; },
      check(reason: string, force: boolean) { counts[name][force ? 'force' : 'check']++; },
      netUp() {}, netDown() {},
      status(): SectionStatus { return { ...st, notes: st.notes.slice() }; },
    };
  });
  const app = {
    ports: { socket, clock, udp: { send() {} }, random: Math.random },
    log, sections,
    configs: sections.map((s) => ({ name: s.name, secrets: [SECTION_PASS], syslog: 0 })),
    onChange(fn: (n: string) => void) { changeFns.push(fn); },
  };
  const changed = (name: string) => changeFns.forEach((f) => f(name));
  return { app, lines, socket, counts, sections, changed };
}

interface Services { mqtt: { connected(): boolean } | null; stop(): void; }

// The MQTT module as main.ts starts it: the host carries the compiled config's mqtt block and
// loads the work module (ddns.mqtt.work on the board) for each event; loads counts them.
function startServices(app: any, raw: any, opts: { version: string; backoffMs: number }): Services & { loads: number } {
  const svc = { mqtt: null as Services['mqtt'], loads: 0, stop() {} };
  const host = { ...app, version: opts.version, run: { v: 1, g: { dateformat: '%F %T', loglines: 0, ntp: '' }, s: [], errs: [], mqtt: raw.mqtt },
    load: (name: string) => { assert.equal(name, 'mqtt.work'); svc.loads++; return mqttWork; }, drop() {} };
  const m = startMqtt(host, { backoffMs: opts.backoffMs });
  svc.mqtt = m ? { connected: () => m.up } : null;
  svc.stop = () => { if (m) m.stop(); };
  return svc;
}

// The board's config; brokers without a password file accept any user name and password.
function mqttRaw(port: number, extra: Record<string, any> = {}) {
  return { mqtt: { host: '127.0.0.1', port: String(port), hostname: 'testboard', keepalive: 30,
    username: MQTT_USER, password: MQTT_PASS, command_token: TOKEN, ...extra } };
}

// Payloads on a topic, newest last.
const on = (seen: Seen[], topic: string) => seen.filter((m) => m.topic === topic);

// Every payload the board published (the command topics carry the token by design: they are
// what this test itself sends) and every log line.
function assertNoSecrets(seen: Seen[], lines: string[]) {
  for (const m of seen) {
    if (m.topic.endsWith('/command')) { continue; }
    for (const s of SECRETS) {
      assert.ok(m.topic.indexOf(s) < 0 && m.payload.indexOf(s) < 0 && m.payload.indexOf(encodeURIComponent(s)) < 0,
        'secret in ' + m.topic + ': ' + m.payload);
    }
  }
  for (const l of lines) {
    for (const s of SECRETS) { assert.ok(l.indexOf(s) < 0, 'secret in log line: ' + l); }
  }
}

// ---------- the behaviour every broker must show ----------

function brokerSuite(name: string, start: (port: number) => Promise<Broker>, restartable: boolean) {
  describe('MQTT status against ' + name, () => {
    let broker: Broker;
    let port = 0;
    let all: Awaited<ReturnType<typeof observer>>;
    let f: ReturnType<typeof fakeApp>;
    let svc: Services;

    before(async () => {
      port = await freePort();
      broker = await start(port);
      all = await observer(port, ['#']);
      f = fakeApp();
      svc = startServices(f.app as any, mqttRaw(port), { version: '9.8.7', backoffMs: 200 });
    });

    after(async () => {
      if (svc) { svc.stop(); }
      if (all) { await all.close(); }
      await sleep(50);
      if (broker) { await broker.stop(); }
    });

    it('availability: online, retained', async () => {
      await waitFor(() => svc.mqtt!.connected(), 5000, () => f.lines.join('\n'));
      // the retained topics are sent one per tick after a connect: wait for the last one
      await waitFor(() => on(all.seen, 'homeassistant/sensor/testboard_office_reason/config').length > 0,
        5000, () => all.seen.length + ' messages');
      const o = await observer(port, [BASE + '/availability']);
      await waitFor(() => o.seen.length > 0, 3000, () => 'no availability');
      assert.deepEqual(o.seen[0], { topic: BASE + '/availability', payload: 'online', retain: true });
      await o.close();
    });

    it('status: one retained JSON per section, secrets masked', async () => {
      const o = await observer(port, [BASE + '/+/status']);
      await waitFor(() => o.seen.length >= 2, 3000, () => JSON.stringify(o.seen));
      for (const sec of ['home', 'office']) {
        const m = on(o.seen, BASE + '/' + sec + '/status')[0];
        assert.ok(m && m.retain, sec);
        const j = JSON.parse(m.payload);
        assert.deepEqual(Object.keys(j), ['state', 'reason', 'current_ip', 'registered_ip', 'last_update', 'last_answer',
          'next_check', 'error', 'notes']);
        assert.equal(j.state, 'waiting');
        assert.equal(j.current_ip, '192.0.2.10');
        assert.equal(j.last_update, '2024-01-02T03:04:05Z');
        assert.equal(j.last_answer, 'good');
        const next = Date.parse(j.next_check) - Date.now();
        assert.ok(next > 585000 && next <= 601000, j.next_check);
        assert.equal(j.error, 'badauth: https://me:***@example.test/?t=***');
        assert.equal(j.notes[0], 'token *** mqtt ***');
      }
      await o.close();
    });

    it('discovery: a retained Home Assistant config per section and sensor', async () => {
      const o = await observer(port, ['homeassistant/#']);
      await waitFor(() => o.seen.length >= 12, 4000, () => o.seen.length + ' configs');
      for (const sec of ['home', 'office']) {
        for (const key of SENSOR_KEYS) {
          const t = 'homeassistant/sensor/testboard_' + sec + '_' + key + '/config';
          const m = on(o.seen, t)[0];
          assert.ok(m && m.retain, t);
          const c = JSON.parse(m.payload);
          assert.equal(c.state_topic, BASE + '/' + sec + '/status');
          assert.equal(c.value_template, '{{ value_json.' + key + ' }}');
          assert.equal(c.availability_topic, BASE + '/availability');
          assert.equal(c.unique_id, 'testboard_' + sec + '_' + key);
          assert.equal(typeof c.name, 'string');
          assert.deepEqual(c.device, { identifiers: ['testboard_' + sec], name: 'DDNS ' + sec,
            manufacturer: 'esp32-ddns', model: 'ESP32 DDNS updater', sw_version: '9.8.7' });
          assert.equal(c.device_class, key === 'last_update' ? 'timestamp' : undefined);
        }
      }
      await o.close();
    });

    it('a status change publishes the status (debounced) and an event per update attempt', async () => {
      const s = f.sections[0];
      const topic = BASE + '/home/status';
      const before = on(all.seen, topic).length;
      s.st.state = 'updating';
      f.changed('home');
      s.st.state = 'waiting';
      s.st.lastAnswer = 'nochg';
      s.st.error = '';
      f.changed('home');
      f.changed('home');
      await waitFor(() => on(all.seen, BASE + '/home/event').length === 1, 3000, () => 'no event');
      const ev = JSON.parse(on(all.seen, BASE + '/home/event')[0].payload);
      assert.deepEqual(Object.keys(ev), ['time', 'ip', 'answer', 'ok']);
      assert.equal(ev.ip, '192.0.2.10');
      assert.equal(ev.answer, 'nochg');
      assert.equal(ev.ok, true);
      assert.ok(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(ev.time), ev.time);
      await waitFor(() => on(all.seen, topic).some((m) => JSON.parse(m.payload).last_answer === 'nochg'), 3000, () => 'no new status');
      await sleep(1200);
      const n = on(all.seen, topic).length - before;
      assert.ok(n >= 1 && n <= 2, n + ' status publishes for 3 changes within a second');
    });

    it('while a pass is in flight the status changes wait: nothing loaded or published until it ended', async () => {
      const s = f.sections[1];
      const topic = BASE + '/office/status';
      const event = BASE + '/office/event';
      await sleep(1100); // past the 1 s between two status publishes of a section
      const loads = (svc as any).loads;
      const published = on(all.seen, topic).length;
      const events = on(all.seen, event).length;
      s.st.state = 'updating';
      s.st.lastAnswer = 'sending';
      f.changed('office');
      await sleep(700);
      assert.equal((svc as any).loads, loads, 'the work module is not loaded on top of the pass');
      assert.equal(on(all.seen, topic).length, published, 'no status while the pass runs');
      s.st.state = 'waiting';
      s.st.lastAnswer = 'nochg';
      f.changed('office');
      await waitFor(() => on(all.seen, event).length === events + 1, 3000, () => 'no event after the pass');
      await waitFor(() => on(all.seen, topic).length > published, 3000, () => 'no status after the pass');
      const st = JSON.parse(on(all.seen, topic).slice(-1)[0].payload);
      assert.equal(st.state, 'waiting');
      assert.equal(st.last_answer, 'nochg');
      assert.ok((svc as any).loads > loads, 'handled once the pass ended');
    });

    it('commands: only with the right token', async () => {
      const pub = await observer(port, []);
      const send = (t: string, p: string) => pub.client.publishAsync(t, p, { qos: 1 });
      await send(BASE + '/home/command', JSON.stringify({ cmd: 'check', token: TOKEN }));
      await send(BASE + '/home/command', JSON.stringify({ cmd: 'force', token: 'wrong-' + TOKEN }));
      await send(BASE + '/home/command', JSON.stringify({ cmd: 'force' }));
      await send(BASE + '/home/command', 'force');
      await send(BASE + '/nosuch/command', JSON.stringify({ cmd: 'check', token: TOKEN }));
      await send(BASE + '/office/command', JSON.stringify({ cmd: 'reboot', token: TOKEN }));
      await send(BASE + '/command', JSON.stringify({ cmd: 'force', token: TOKEN }));
      await send(BASE + '/office/command', JSON.stringify({ cmd: 'stop', token: TOKEN }));
      await send(BASE + '/office/command', JSON.stringify({ cmd: 'start', token: TOKEN }));
      await waitFor(() => f.counts.office.start === 1, 3000, () => JSON.stringify(f.counts));
      await sleep(100);
      assert.deepEqual(f.counts, {
        home: { check: 1, force: 1, start: 0, stop: 0 },
        office: { check: 0, force: 1, start: 1, stop: 1 },
      });
      const refused = f.lines.filter((l) => l.indexOf('refused') >= 0);
      assert.equal(refused.length, 1, 'refusals are rate limited: ' + refused.join('\n'));
      assert.ok(refused[0].indexOf('wrong token') >= 0, refused[0]);
      await pub.close();
    });

    it('last will: offline when the connection dies without DISCONNECT, then back online', async () => {
      const o = await observer(port, [BASE + '/availability']);
      await waitFor(() => o.seen.length === 1, 3000, () => 'no retained availability');
      const before = f.socket.attempts;
      f.socket.live[f.socket.live.length - 1].destroy();
      await waitFor(() => o.seen.length >= 2, 5000, () => JSON.stringify(o.seen));
      assert.equal(o.seen[1].payload, 'offline');
      await waitFor(() => o.seen.length >= 3, 5000, () => JSON.stringify(o.seen));
      assert.equal(o.seen[2].payload, 'online');
      assert.ok(f.socket.attempts > before);
      await o.close();
    });

    if (restartable) {
      it('broker restart: the client reconnects and publishes its retained topics again', async () => {
        await broker.stop();
        await waitFor(() => !svc.mqtt!.connected(), 3000, () => 'still connected');
        const seenBefore = all.seen;
        await all.close();
        broker = await start(port);
        all = await observer(port, ['#']);
        all.seen.unshift(...seenBefore);
        await waitFor(() => svc.mqtt!.connected(), 10000, () => f.lines.slice(-5).join('\n'));
        const last = 'homeassistant/sensor/testboard_office_reason/config';
        await waitFor(() => on(all.seen, last).length > on(seenBefore, last).length, 5000, () => 'no discovery again');
        const o = await observer(port, [BASE + '/availability', BASE + '/+/status']);
        await waitFor(() => o.seen.length >= 3, 3000, () => JSON.stringify(o.seen));
        assert.equal(on(o.seen, BASE + '/availability')[0].payload, 'online');
        assert.ok(o.seen.every((m) => m.retain));
        await o.close();
      });
    }

    it('no secret in any payload or log line', async () => {
      await sleep(200);
      assert.ok(all.seen.length > 15, all.seen.length + ' messages seen');
      assertNoSecrets(all.seen, f.lines);
    });
  });
}

// A mosquitto restart loses its (non-persistent) retained messages: only a client that
// republishes them gets them back.
brokerSuite('mosquitto', (port) => startMosquitto(port), true);
brokerSuite('aedes', startAedes, false);

describe('MQTT against mosquitto with a password file', () => {
  let broker: Broker;
  let port = 0;
  const users = { [MQTT_USER]: MQTT_PASS, watcher: 'watch-pw' };

  before(async () => {
    port = await freePort();
    broker = await startMosquitto(port, users);
  });
  after(async () => { if (broker) { await broker.stop(); } });

  it('right credentials: connects and publishes', async () => {
    const all = await observer(port, ['#'], { username: 'watcher', password: 'watch-pw' });
    const f = fakeApp();
    const svc = startServices(f.app as any, mqttRaw(port, { username: MQTT_USER, password: MQTT_PASS }),
      { version: '1', backoffMs: 200 });
    try {
      await waitFor(() => on(all.seen, BASE + '/home/status').length > 0, 5000, () => f.lines.join('\n'));
      assert.equal(on(all.seen, BASE + '/availability')[0].payload, 'online');
      assert.ok(f.lines.some((l) => l.indexOf('sent in clear') >= 0), 'plain-TCP password warning');
      assertNoSecrets(all.seen, f.lines);
    } finally {
      svc.stop();
      await all.close();
    }
  });

  it('wrong password: refused, retried with back-off, nothing published, no secret logged', async () => {
    const f = fakeApp();
    const svc = startServices(f.app as any, mqttRaw(port, { username: MQTT_USER, password: 'wrong-' + MQTT_PASS }),
      { version: '1', backoffMs: 200 });
    try {
      await waitFor(() => f.socket.attempts >= 3, 5000, () => f.lines.join('\n'));
      assert.equal(svc.mqtt!.connected(), false);
      assert.ok(f.lines.some((l) => l.indexOf('broker refused: not authorized') >= 0 ||
        l.indexOf('broker refused: bad user name or password') >= 0), f.lines.join('\n'));
      assert.ok(f.lines.every((l) => l.indexOf('Pa55') < 0 && l.indexOf(TOKEN) < 0), f.lines.join('\n'));
    } finally {
      svc.stop();
    }
  });
});

// ---------- a fake broker on a raw socket: keepalive and malformed input ----------

describe('MQTT client against a misbehaving server', () => {
  // A server that accepts every CONNECT and counts PINGREQs, answering them or not.
  async function pingServer(answer: boolean) {
    const conns: net.Socket[] = [];
    let pings = 0;
    const server = net.createServer((s) => {
      conns.push(s);
      s.on('data', (d) => {
        if (d[0] === 0x10) { s.write(Buffer.from([0x20, 2, 0, 0])); }
        if (d[d.length - 2] === 0xc0 && d[d.length - 1] === 0) {   // PINGREQ
          pings++;
          if (answer) { s.write(Buffer.from([0xd0, 0])); }       // PINGRESP
        }
      });
      s.on('error', () => {});
    });
    const port = await freePort();
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
    return { port, conns, pings: () => pings,
      async close() { conns.forEach((c) => c.destroy()); await new Promise<void>((r) => server.close(() => r())); } };
  }

  it('no PINGRESP: the dead connection is dropped and the client reconnects', async () => {
    const srv = await pingServer(false);
    const f = fakeApp();
    const svc = startServices(f.app as any, mqttRaw(srv.port, { keepalive: 1, discovery: '0' }), { version: '1', backoffMs: 100 });
    try {
      await waitFor(() => srv.conns.length >= 2, 6000, () => f.lines.join('\n'));
      assert.ok(srv.pings() >= 1);
      assert.ok(f.lines.some((l) => l.indexOf('no answer to ping') >= 0), f.lines.join('\n'));
    } finally {
      svc.stop();
      await srv.close();
    }
  });

  it('an idle connection: the keepalive is answered by the resident part alone', async () => {
    const srv = await pingServer(true);
    const f = fakeApp();
    const svc = startServices(f.app as any, mqttRaw(srv.port, { keepalive: 1, discovery: '0' }), { version: '1', backoffMs: 100 });
    try {
      await waitFor(() => svc.mqtt!.connected(), 3000, () => f.lines.join('\n'));
      // once the statuses after the connect are out, the board only pings
      await sleep(500);
      const loads = svc.loads;
      const before = srv.pings();
      await sleep(2600);
      assert.ok(srv.pings() - before >= 2, srv.pings() - before + ' pings');
      assert.equal(svc.loads, loads, 'the work module was loaded while the connection idled');
      assert.ok(svc.mqtt!.connected());
      assert.equal(srv.conns.length, 1, 'no reconnect');
    } finally {
      svc.stop();
      await srv.close();
    }
  });

  it('oversize or malformed packets close the connection, no crash', async () => {
    const conns: net.Socket[] = [];
    const server = net.createServer((s) => {
      conns.push(s);
      s.on('data', (d) => {
        if (d[0] !== 0x10) { return; }
        s.write(Buffer.from([0x20, 2, 0, 0]));
        // first connection: a 1 MB PUBLISH announced; second: a 5-byte length field
        s.write(conns.length === 1 ? Buffer.from([0x30, 0x80, 0x80, 0x40]) : Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01]));
      });
      s.on('error', () => {});
    });
    const port = await freePort();
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
    const f = fakeApp();
    const svc = startServices(f.app as any, mqttRaw(port, { discovery: '0' }), { version: '1', backoffMs: 100 });
    try {
      await waitFor(() => conns.length >= 3, 5000, () => f.lines.join('\n'));
      assert.ok(f.lines.some((l) => l.indexOf('(toobig)') >= 0), f.lines.join('\n'));
      assert.ok(f.lines.some((l) => l.indexOf('(badlen)') >= 0), f.lines.join('\n'));
    } finally {
      svc.stop();
      conns.forEach((c) => c.destroy());
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
  it('QoS 1 event without PUBACK: resent once (DUP) after a reconnect, then dropped', async () => {
    const events: any[][] = [];
    const conns: net.Socket[] = [];
    const server = net.createServer((s) => {
      const n = conns.push(s) - 1;
      events.push([]);
      const parser = mqttPacket.parser({ protocolVersion: 4 });
      parser.on('packet', (p: any) => {
        if (p.cmd === 'connect') { s.write(mqttPacket.generate({ cmd: 'connack', returnCode: 0, sessionPresent: false })); }
        if (p.cmd === 'publish' && p.topic.endsWith('/event')) {
          events[n].push({ id: p.messageId, dup: p.dup, qos: p.qos });
          setTimeout(() => s.destroy(), 50);                 // never acknowledged
        }
      });
      s.on('data', (d) => parser.parse(d));
      s.on('error', () => {});
    });
    const port = await freePort();
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
    const f = fakeApp();
    const svc = startServices(f.app as any, mqttRaw(port, { discovery: '0' }), { version: '1', backoffMs: 100 });
    try {
      await waitFor(() => svc.mqtt!.connected(), 3000, () => f.lines.join('\n'));
      f.sections[0].st.state = 'updating';
      f.changed('home');
      f.sections[0].st.state = 'waiting';
      f.changed('home');
      await waitFor(() => conns.length >= 3, 5000, () => f.lines.join('\n'));
      await sleep(300);
      assert.equal(events[0].length, 1);
      assert.deepEqual(events[1], [{ id: events[0][0].id, dup: true, qos: 1 }]);
      assert.deepEqual(events[2], []);
      assert.equal(events[0][0].qos, 1);
      assert.equal(events[0][0].dup, false);
    } finally {
      svc.stop();
      conns.forEach((c) => c.destroy());
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
