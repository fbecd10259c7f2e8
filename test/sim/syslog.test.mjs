// Remote syslog on the BUILT firmware (dist/esp32, `npm run build` first) in the simulator: the
// board sends RFC 5424 lines over UDP to a node:dgram listener on loopback, as many as each
// section's use_syslog asks for, its terminal errors always, and never a secret.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { scenario, section, PASSWORD, sleep } from './harness.mjs';
import { freePort } from '../helpers/mosquitto.mjs';

const OFFICE = 'office.example.com';
const SHED = 'shed.example.com';
const GARAGE = 'garage.example.com';
const WRONG = 'Wr0ng-Pa55-for-shed';
const MQTT_PASS = 'mq-Sys-Pa55-word';
const TOKEN = 'tok-Sys-0123456789abcdef';
const SECRETS = [PASSWORD, WRONG, MQTT_PASS, TOKEN];
// <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD MSG; PRI = daemon (3) * 8 + severity
const LINE = /^<(\d+)>1 (\S+) simboard ddns - - - (?:([\w-]+): )?([\s\S]*)$/;
const DAEMON = 24;
const CRIT = 2;
const ERR = 3;
const NOTICE = 5;
const INFO = 6;

async function until(pred, ms, what) {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) assert.fail('timed out waiting: ' + what());
    await sleep(25);
  }
}

describe('the built bundle with a syslog block', () => {
  let s;
  let sock;
  const raw = [];
  const got = [];
  const of = (sec) => got.filter((m) => m.section === sec);

  before(async () => {
    sock = dgram.createSocket('udp4');
    sock.on('message', (msg, rinfo) => {
      const text = msg.toString('latin1');
      raw.push(text);
      const m = LINE.exec(text);
      got.push(m ? { pri: Number(m[1]), ts: m[2], section: m[3] || '', text: m[4], from: rinfo.address }
        : { bad: text });
    });
    await new Promise((r) => sock.bind(0, '127.0.0.1', r));
    const port = sock.address().port;
    const mqttPort = await freePort(); // nobody listens: the MQTT service logs its retries
    s = await scenario({
      extraHosts: [OFFICE, SHED, GARAGE],
      config: (w) => ({
        syslog: { host: '127.0.0.1', port, hostname: 'simboard' },
        mqtt: { host: '127.0.0.1', port: mqttPort, username: 'board', password: MQTT_PASS, command_token: TOKEN },
        service: {
          loud: section(w, { use_syslog: '1' }), // info and up
          plain: section(w, { domain: GARAGE, lookup_host: GARAGE }), // default 2: notice and up
          quiet: section(w, { domain: OFFICE, lookup_host: OFFICE, use_syslog: '4' }), // errors only
          shed: section(w, { domain: SHED, lookup_host: SHED, password: WRONG, use_syslog: '0' }), // none...
        },
      }),
    });
  });

  after(async () => {
    if (s) await s.close();
    if (sock) sock.close();
  });

  it('RFC 5424 lines on UDP, facility daemon, the board as HOSTNAME', async () => {
    await until(() => of('loud').some((m) => m.text.startsWith('update accepted')) &&
      of('plain').some((m) => m.text.startsWith('update accepted')) &&
      of('shed').length > 0, 8000, () => raw.join('\n') + '\n---\n' + s.board.output.slice(-600));
    await sleep(300);
    assert.deepEqual(got.filter((m) => m.bad), [], 'every datagram parses');
    for (const m of got) {
      assert.ok(m.pri >= DAEMON && m.pri < DAEMON + 8, 'facility daemon: ' + m.pri);
      assert.ok(m.ts === '-' || /^20\d\d-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(m.ts), m.ts);
      // the logger's own time and severity prefix is not repeated in MSG
      assert.doesNotMatch(m.text, /^(\+\d|\d{4}-|INFO |NOTICE |WARN |ERR )/, m.text);
    }
    assert.ok(got.some((m) => m.ts === '-'), 'lines before the clock is set carry "-"');
    assert.ok(got.some((m) => m.ts !== '-'), 'lines after the clock is set carry the time');
    assert.ok(raw.every((l) => Buffer.byteLength(l, 'latin1') <= 1200));
  });

  it("levels follow each section's use_syslog", () => {
    const loud = of('loud');
    assert.ok(loud.some((m) => m.pri === DAEMON + INFO && m.text.startsWith('current address 198.51.100.10')), 'info at 1');
    assert.ok(loud.some((m) => m.pri === DAEMON + NOTICE && m.text.startsWith('update accepted')), 'notice at 1');
    const plain = of('plain');
    assert.ok(plain.some((m) => m.pri === DAEMON + NOTICE && m.text.startsWith('update accepted: ' + GARAGE)));
    assert.ok(plain.every((m) => m.pri <= DAEMON + NOTICE), 'no info at 2: ' + JSON.stringify(plain));
    assert.deepEqual(of('quiet'), [], 'nothing below err at 4');
    // the service's own lines go out at level 2: the plain-TCP password warning, not the retries
    const mq = of('mqtt');
    assert.ok(mq.some((m) => m.text.startsWith('mqtt.password: sent in clear')), JSON.stringify(mq));
    assert.ok(mq.every((m) => m.pri <= DAEMON + NOTICE), JSON.stringify(mq));
    assert.ok(s.board.output.includes('retry in'), 'the MQTT retries were logged on the console');
  });

  it('a terminal error (badauth stop) goes out even at use_syslog 0, as crit', async () => {
    const shed = of('shed');
    assert.equal(shed.length, 1, JSON.stringify(shed));
    assert.equal(shed[0].pri, DAEMON + CRIT);
    assert.match(shed[0].text, /^stopped: bad username or password \(badauth\); /);
    // after a reboot the section stays stopped and says so: terminal again
    const n = shed.length;
    await s.board.reboot();
    await until(() => of('shed').length > n, 5000, () => raw.slice(-5).join('\n'));
    const again = of('shed')[n];
    assert.equal(again.pri, DAEMON + CRIT);
    assert.match(again.text, /stays stopped after badauth until its config changes/);
    assert.ok(got.every((m) => m.pri !== DAEMON + ERR || m.section !== 'shed'));
  });

  it('no secret in any datagram', async () => {
    await sleep(200);
    assert.ok(raw.length >= 6, raw.length + ' datagrams');
    for (const l of raw) {
      for (const secret of SECRETS) {
        assert.ok(!l.includes(secret) && !l.includes(encodeURIComponent(secret)), 'secret in: ' + l);
      }
    }
    assert.ok(raw.some((l) => l.includes('sending update: http://demo:***@')), 'the masked URL went out');
  });
});
