// MQTT commands on a hostile broker (issue: assume a hostile LAN): the broker tells the board no
// client address, so a token shorter than 12 characters is refused (commands off, the rest of
// MQTT on, a clear log line) and wrong tokens are rate-limited for everyone.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readMqttConfig } from '../../firmware/mqtt/config.ts';
import { start } from '../../firmware/mqtt/work.ts';
import { message, subscriptions } from '../../firmware/mqtt/status.ts';

const TOKEN = 'tok-0123456789-abcdef';
const BASE = 'ddns/b';

test('a command token shorter than 12 characters is refused: commands off, MQTT on', () => {
  for (const tok of ['Zq', 'Qw9Zk', '12345678901']) {
    const r = readMqttConfig({ host: '192.0.2.2', command_token: tok });
    assert.ok(r.config, 'MQTT itself still runs');
    assert.equal(r.config!.commandToken, '', tok);
    const e = r.errors.find((x) => x.option === 'mqtt.command_token');
    assert.ok(e, JSON.stringify(r.errors));
    assert.match(e!.msg, /^mqtt\.command_token: shorter than 12 characters \(easy to guess\): refused, MQTT commands are off\.$/);
    assert.ok(!e!.msg.includes(tok), 'the token is not printed');
  }
  assert.equal(readMqttConfig({ host: '192.0.2.2', command_token: '123456789012' }).config!.commandToken, '123456789012');
});

// MQTT started on a fake host (clock, log, a socket that never connects) with commands of the
// given token, as the work module runs it; returns what it subscribes, logged and ran.
function rig(token: string) {
  let now = 0;
  const logs: string[] = [];
  const ran: string[] = [];
  const section: any = { name: 'home', start() {}, stop() {}, check: (_w: string, force: boolean) => ran.push(force ? 'force' : 'check'),
    status: () => ({ name: 'home', state: 'waiting', currentIp: '', registeredIp: '', lastUpdate: 0, nextCheckInMs: -1,
      lastAnswer: '', error: '', notes: [] }) };
  const clock: any = { uptimeMs: () => now, wallMs: () => 0, setWallMs() {}, setTimeout: () => 0, clearTimeout() {} };
  const h: any = { sections: [section], configs: [{ name: 'home', secrets: [token] }], version: 't',
    run: { mqtt: { host: '192.0.2.2', base: BASE, hostname: 'b', discovery: '0', command_token: token } },
    ports: { clock, socket: { connect() {} } },
    log: { write: (_s: string, sev: string, m: string) => logs.push(sev + ' ' + m), configure() {} },
    onChange() {}, load() {}, drop() {} };
  const boot: any = { h, svc: null };
  start(boot, {}, () => {});
  const S = boot.svc;
  assert.ok(S, 'MQTT runs');
  const send = (tok: string, cmd = 'check') => message(S, BASE + '/home/command', JSON.stringify({ cmd, token: tok }));
  return { subs: subscriptions(S).map((x) => x.topic), logs, ran, send, advance: (ms: number) => { now += ms; } };
}

test('no usable token: the command topics are not even subscribed', () => {
  const r = rig('');
  assert.deepEqual(r.subs, []);
  assert.match(r.logs.join('\n'), /MQTT commands disabled: no usable mqtt\.command_token/);
  r.send('');
  assert.deepEqual(r.ran, []);
});

test('wrong tokens are rate-limited: after 5 every command is ignored for 10 minutes', () => {
  const r = rig(TOKEN);
  assert.deepEqual(r.subs, [BASE + '/+/command', BASE + '/command']);
  // a few mistakes are forgiven; the right token works and starts the count again
  for (let i = 0; i < 4; i++) r.send('wrong-' + i);
  r.send(TOKEN);
  assert.deepEqual(r.ran, ['check']);
  for (let i = 0; i < 4; i++) { r.advance(1000); r.send('wrong-' + i); }
  r.send(TOKEN, 'force');
  assert.deepEqual(r.ran, ['check', 'force']);
  // five guesses in a row: locked, the right token too
  for (let i = 0; i < 5; i++) { r.advance(1000); r.send('guess-' + i); }
  assert.match(r.logs.join('\n'), /warn MQTT commands ignored for 600 s: 5 wrong tokens/);
  r.send(TOKEN);
  r.advance(599000);
  r.send(TOKEN);
  assert.deepEqual(r.ran, ['check', 'force'], 'ignored while locked');
  const logged = r.logs.length;
  for (let i = 0; i < 100; i++) r.send('guess-more-' + i);
  assert.equal(r.logs.length, logged, 'a locked board logs nothing per message');
  r.advance(1000);
  r.send(TOKEN);
  assert.deepEqual(r.ran, ['check', 'force', 'check'], 'the lock ends');
  // guesses spread wider than the window do not add up
  for (let i = 0; i < 20; i++) { r.advance(150000); r.send('slow-' + i); if (i % 4 === 3) r.advance(600000); }
  r.send(TOKEN);
  assert.deepEqual(r.ran, ['check', 'force', 'check', 'check']);
});
