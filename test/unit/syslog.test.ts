// Remote syslog: the RFC 5424 format, ddns-scripts' use_syslog levels, masking, and the real
// path (Logger -> the syslog module -> UDP) to a node:dgram listener on loopback.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import {
  syslogMessage, syslogWants, severityCode, isTerminal, readSyslogConfig,
} from '../../firmware/syslog/syslog';
import { createLogger, Logger } from '../../firmware/log/log';
import { start as startSyslog } from '../../firmware/syslog/index';

interface Services { syslog: boolean; mqtt: null; stop(): void; }

// The syslog module as main.ts starts it: the host carries the compiled config (each section's
// use_syslog level, the syslog block).
function startServices(app: any, raw: any): Services {
  const configs = app.configs.map((c: any) => ({ name: c.name, syslog: parseInt(c.opts.use_syslog || '2', 10) }));
  const host = { ...app, configs, run: { v: 2, g: { dateformat: '%F %R', loglines: 0, ntp: '' }, s: [], errs: [], syslog: raw.syslog } };
  const s = startSyslog(host);
  return { syslog: !!s, mqtt: null, stop() { if (s) s.stop(); } };
}
import type { ClockPort, StoragePort, UdpSendPort } from '../../firmware/core/ports';
import { memoryLogs } from '../helpers/text-reader.ts';

const WALL = Date.UTC(2024, 4, 17, 8, 9, 10);

// A clock whose wall time the test sets (0 = not set, as after boot).
function fakeClock(): ClockPort & { wall: number } {
  const c = {
    wall: WALL,
    uptimeMs: () => 12345,
    wallMs: () => c.wall,
    setWallMs: (ms: number) => { c.wall = ms; },
    setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms),
    clearTimeout: (id: any) => clearTimeout(id),
  };
  return c;
}

const noStorage: StoragePort = {
  read: () => undefined, write: () => true, erase: () => {},
  openLog: memoryLogs(),
};

test('message format: header fields, PRI = daemon * 8 + severity', () => {
  assert.equal(syslogMessage({ sevCode: 5, wallMs: WALL, hostname: 'board1', section: 'home', text: 'update accepted' }),
    '<29>1 2024-05-17T08:09:10Z board1 ddns - - - home: update accepted');
  assert.equal(syslogMessage({ sevCode: 3, wallMs: 0, hostname: 'b', section: 'x', text: 'm' }),
    '<27>1 - b ddns - - - x: m');
  assert.equal(syslogMessage({ sevCode: 6, wallMs: 0, hostname: '', section: '', text: 'm' }), '<30>1 - - ddns - - - m');
  const long = syslogMessage({ sevCode: 6, wallMs: 0, hostname: 'b', section: 's', text: 'x'.repeat(5000) });
  assert.ok(long.length < 1100);
  assert.deepEqual(['info', 'notice', 'warn', 'err'].map((s) => severityCode(s, false)), [6, 5, 4, 3]);
  assert.equal(severityCode('err', true), 2);
});

test('levels: ddns-scripts use_syslog table', () => {
  //            info   notice warn   err     (terminal err always)
  const table: [number, boolean[]][] = [
    [0, [false, false, false, false]],
    [1, [true, true, true, true]],
    [2, [false, true, true, true]],
    [3, [false, false, true, true]],
    [4, [false, false, false, true]],
  ];
  for (const [level, want] of table) {
    assert.deepEqual(['info', 'notice', 'warn', 'err'].map((s) => syslogWants(level, s, false)), want, 'level ' + level);
    assert.equal(syslogWants(level, 'err', true), true, 'terminal at level ' + level);
  }
  assert.equal(isTerminal('err', 'stopped: bad password (badauth); fix the config to start again'), true);
  assert.equal(isTerminal('err', 'stays stopped after badauth until its config changes'), true);
  assert.equal(isTerminal('err', 'failed 3 times: timeout; next try at the check interval'), false);
  assert.equal(isTerminal('warn', 'stopped: x'), false);
});

test('config: defaults, errors name syslog.<option>, never throws', () => {
  assert.deepEqual(readSyslogConfig(undefined, ''), { config: null, errors: [] });
  assert.deepEqual(readSyslogConfig({ host: '192.168.1.1' }, '').config, { host: '192.168.1.1', port: 514, hostname: 'esp32-ddns' });
  assert.deepEqual(readSyslogConfig({ host: 'logd.lan', port: '5514' }, 'kitchen').config, { host: 'logd.lan', port: 5514, hostname: 'kitchen' });
  assert.equal(readSyslogConfig({ host: 'h', hostname: 'own' }, 'kitchen').config?.hostname, 'own');
  const bad: [any, string][] = [
    [{}, 'syslog.host'], [{ host: 'a b' }, 'syslog.host'], [{ host: 'h', port: 70000 }, 'syslog.port'],
    [{ host: 'h', port: 'x' }, 'syslog.port'], [{ host: 'h', hostname: 'a b' }, 'syslog.hostname'],
    [{ host: ['h'] }, 'syslog.host'], ['h', 'syslog'], [[1], 'syslog'],
  ];
  for (const [raw, opt] of bad) {
    const r = readSyslogConfig(raw, '');
    assert.equal(r.config, null, JSON.stringify(raw));
    assert.ok(r.errors.some((e) => e.option === opt && e.level === 'error' && e.msg.startsWith(opt)), JSON.stringify(r.errors));
  }
  assert.ok(readSyslogConfig({ host: 'h', extra: 1 }, '').errors.some((e) => e.option === 'syslog.extra' && e.level === 'warn'));
});

// ---------- over a real UDP socket ----------

let server: dgram.Socket;
let port = 0;
let got: string[] = [];
let sender: dgram.Socket;

before(async () => {
  server = dgram.createSocket('udp4');
  server.on('message', (m) => got.push(m.toString('latin1')));
  await new Promise<void>((res) => server.bind(0, '127.0.0.1', () => res()));
  port = server.address().port;
  sender = dgram.createSocket('udp4');
});

after(() => {
  server.close();
  sender.close();
});

const udp: UdpSendPort = { send: (host, p, data) => { sender.send(Buffer.from(data, 'latin1'), p, host); } };

// Waits until n datagrams have arrived (or 2 s), then a little longer to catch extras.
async function collect(n: number): Promise<string[]> {
  const end = Date.now() + 2000;
  while (got.length < n && Date.now() < end) { await new Promise((r) => setTimeout(r, 10)); }
  await new Promise((r) => setTimeout(r, 100));
  const out = got;
  got = [];
  return out;
}

function setup(clock: ClockPort): { log: Logger; svc: Services } {
  const log = createLogger({ print: () => {}, clock, storage: noStorage, dateformat: '%F %R', ringLines: 5, fileLines: 10 });
  log.configure('home', { secrets: ['S3cr3t-pass'] });
  log.configure('quiet', { secrets: [] });
  log.configure('chatty', { secrets: [] });
  const app = {
    ports: { socket: { connect: () => { throw new Error('no MQTT here'); } }, clock, udp },
    log, sections: [],
    configs: [{ name: 'home', opts: {} }, { name: 'quiet', opts: { use_syslog: '0' } }, { name: 'chatty', opts: { use_syslog: '1' } }],
  };
  const svc = startServices(app as any, { syslog: { host: '127.0.0.1', port, hostname: 'board1' } });
  return { log, svc };
}

test('end to end: levels per section, masking, terminal errors, timestamp', async () => {
  const clock = fakeClock();
  const { log, svc } = setup(clock);
  assert.equal(svc.syslog, true);
  assert.equal(svc.mqtt, null);
  log.write('home', 'info', 'current address 192.0.2.1 (boot)');                 // use_syslog 2: no
  log.write('home', 'notice', 'sending https://u:S3cr3t-pass@x/?p=S3cr3t-pass');  // yes, masked
  log.write('home', 'warn', 'failed: timeout (timeout); retry 1 in 60 s');         // yes
  log.write('quiet', 'err', 'failed 3 times: timeout; next try at the check interval'); // use_syslog 0: no
  log.write('quiet', 'err', 'stopped: bad password (badauth); fix the config to start again'); // terminal: yes
  log.write('chatty', 'info', 'DNS: h.example is 192.0.2.1');                       // use_syslog 1: yes
  const msgs = await collect(4);
  assert.deepEqual(msgs, [
    '<29>1 2024-05-17T08:09:10Z board1 ddns - - - home: sending https://u:***@x/?p=***',
    '<28>1 2024-05-17T08:09:10Z board1 ddns - - - home: failed: timeout (timeout); retry 1 in 60 s',
    '<26>1 2024-05-17T08:09:10Z board1 ddns - - - quiet: stopped: bad password (badauth); fix the config to start again',
    '<30>1 2024-05-17T08:09:10Z board1 ddns - - - chatty: DNS: h.example is 192.0.2.1',
  ]);
  clock.wall = 0;
  log.write('home', 'err', 'no clock yet');
  assert.deepEqual(await collect(1), ['<27>1 - board1 ddns - - - home: no clock yet']);
  svc.stop();
  log.write('home', 'err', 'after stop');
  assert.deepEqual(await collect(0), []);
});

test('end to end: a wrong syslog object is reported in the log, not sent, not thrown', async () => {
  const lines: string[] = [];
  const clock = fakeClock();
  const log = createLogger({ print: (l) => lines.push(l), clock, storage: noStorage, dateformat: '%F %R', ringLines: 5, fileLines: 10 });
  const svc = startServices({ ports: { clock, udp } as any, log, sections: [], configs: [] }, { syslog: { port: 514 } });
  assert.equal(svc.syslog, false);
  assert.ok(lines.some((l) => l.indexOf('syslog.host: required') >= 0), lines.join('\n'));
  assert.deepEqual(await collect(0), []);
});

test('lines logged while the board has no address are held (the last 8) and sent when it has one', async () => {
  const clock = fakeClock();
  let info: any = null;
  const ups: Array<(i: any) => void> = [];
  const net = { info: () => info, onUp: (fn: (i: any) => void) => { ups.push(fn); }, onDown: () => {} };
  const log = createLogger({ print: () => {}, clock, storage: noStorage, dateformat: '%F %R', ringLines: 5, fileLines: 10 });
  log.configure('home', { secrets: [] });
  const svc = startServices({ ports: { clock, udp, net } as any, log, sections: [], configs: [{ name: 'home', opts: {} }] },
    { syslog: { host: '127.0.0.1', port, hostname: 'board1' } });
  for (let i = 1; i <= 10; i++) log.write('home', 'warn', 'early ' + i);
  assert.deepEqual(await collect(0), []);
  info = { ip: '192.0.2.9', gw: '192.0.2.1', netmask: '255.255.255.0' };
  ups.forEach((f) => f(info));
  const msgs = await collect(8);
  assert.deepEqual(msgs.map((m) => m.split(' - - - ')[1]), [3, 4, 5, 6, 7, 8, 9, 10].map((i) => 'home: early ' + i));
  log.write('home', 'warn', 'online now');
  assert.deepEqual(await collect(1), ['<28>1 2024-05-17T08:09:10Z board1 ddns - - - home: online now']);
  svc.stop();
});
