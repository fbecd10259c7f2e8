// MQTT commands from a hostile LAN, on the built bundle against a real broker (aedes): the
// broker tells the board no client address, so wrong tokens are rate-limited for everyone (five
// guesses lock every command for ten minutes, the right token too) and a token shorter than 12
// characters is refused: the command topics are not subscribed, MQTT status still runs.
import test from 'node:test';
import assert from 'node:assert/strict';
import mqtt from 'mqtt';
import { scenario, section, DOMAIN, sleep } from './harness.mjs';
import { freePort } from '../helpers/mosquitto.mjs';
import { startMqttBroker } from '../../host-sim/world/mqtt.mjs';

const TOKEN = 'tok-Hostile-0123456789';
const BASE = 'ddns/simboard';

async function setup(t, token) {
  const port = await freePort();
  const broker = await startMqttBroker({ port });
  t.after(() => broker.close());
  const s = await scenario({ config: (w) => ({ mqtt: { host: '127.0.0.1', port: String(port), hostname: 'simboard',
    command_token: token }, service: { home: section(w) } }) });
  t.after(() => s.close());
  await s.board.waitFor(/MQTT connected/, { timeoutMs: 8000 });
  await s.board.waitFor(/\[home\] .*update accepted/, { timeoutMs: 8000, since: 0 });
  const pub = await mqtt.connectAsync('mqtt://127.0.0.1:' + port, { reconnectPeriod: 0 });
  t.after(() => pub.endAsync(true));
  const send = (p) => pub.publishAsync(BASE + '/home/command', JSON.stringify(p), { qos: 1 });
  return { s, send };
}

test('five wrong tokens lock MQTT commands, the right one too', async (t) => {
  const { s, send } = await setup(t, TOKEN);
  s.world.records.set(DOMAIN, 'A', '192.0.2.77'); // a check that runs would update
  const n0 = s.updates().length;
  const since = s.board.output.length;
  for (let i = 0; i < 5; i++) await send({ cmd: 'check', token: 'guess-' + i + '-' + TOKEN.slice(6) });
  await s.board.waitFor(/MQTT commands ignored for 600 s: 5 wrong tokens/, { since, timeoutMs: 3000 });
  await send({ cmd: 'force', token: TOKEN });
  await sleep(800);
  assert.equal(s.updates().length, n0, 'nothing ran');
  assert.doesNotMatch(s.board.output.slice(since), /MQTT command: /);
});

test('a command token shorter than 12 characters is refused: no command topic, the rest of MQTT runs', async (t) => {
  const { s, send } = await setup(t, 'short-tok');
  assert.match(s.board.output, /\[mqtt\] .*WARN mqtt\.command_token: shorter than 12 characters \(easy to guess\): refused, MQTT commands are off\./);
  assert.match(s.board.output, /MQTT commands disabled: no usable mqtt\.command_token/);
  s.world.records.set(DOMAIN, 'A', '192.0.2.77');
  const n0 = s.updates().length;
  await send({ cmd: 'force', token: 'short-tok' });
  await sleep(800);
  assert.equal(s.updates().length, n0, 'the short token commands nothing');
});
