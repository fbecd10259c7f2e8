// `npm start`: the firmware, exactly as flashed, on a simulated board in a demo world on loopback.
// The board's address changes every 30 s; the provider fake answers; the DNS follows. Its ports
// stay the same across reflashes and reboots: the web page on DEMO_WEB_PORT (8080), the console
// on DEMO_CONSOLE_PORT (8023), MQTT on DEMO_MQTT_PORT (1883); a busy one falls back to a free
// port, and the page's address is printed again whenever the board starts serving it.
import { mkdirSync, rmSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { createInterface } from 'node:readline';
import { SimBoard } from './board.mjs';
import { startWorld } from './world/index.mjs';
import { startMqttBroker } from './world/mqtt.mjs';
import { demoConfig, DEMO_COMMAND_TOKEN } from './demo-config.mjs';
import { ensureBuilt } from './build.mjs';

const DOMAIN = 'home.example.com';
const EVERY_MS = Number(process.env.DEMO_CHANGE_MS || 30000);
const DEMO_WEB_PASSWORD = 'demo-admin';
const CONSOLE_PORT = Number(process.env.DEMO_CONSOLE_PORT || 8023);
const WEB_PORT = Number(process.env.DEMO_WEB_PORT || 8080);

// The board's console over TCP (what `npm run flash -- --port tcp://...` talks to): the fixed
// port when it is free, else any free one.
function portFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

function nextAddress(n) {
  return '198.51.100.' + (10 + (n % 200));
}

// The embedded MQTT broker (aedes): DEMO_MQTT_PORT, else 1883 when free, else any free port.
async function startDemoBroker() {
  if (process.env.DEMO_MQTT_PORT) return startMqttBroker({ port: Number(process.env.DEMO_MQTT_PORT) });
  try {
    return await startMqttBroker({ port: 1883 });
  } catch (e) {
    if (e.code !== 'EADDRINUSE' && e.code !== 'EACCES') throw e;
    return startMqttBroker({ port: 0 });
  }
}

// The board's web page listens on its port 80, which the simulator maps to WEB_PORT (or a free
// port). The demo sets an admin password the way a user does, with webpass() on the console.
async function setWebPassword(board) {
  const deadline = Date.now() + 3000;
  while (!board.ports.get(80) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  if (!board.ports.get(80)) return;
  await board.type(`webpass('${DEMO_WEB_PASSWORD}')`);
}

async function main() {
  const bundle = ensureBuilt('esp32');
  const world = await startWorld({
    users: { demo: { password: 'demo-secret', hosts: [DOMAIN] } },
    hosts: [{ name: DOMAIN, type: 'A', value: '192.0.2.1' }],
  });
  const mqttBroker = await startDemoBroker();
  const flashDir = '.sim/demo-flash';
  rmSync(flashDir, { recursive: true, force: true });
  mkdirSync(flashDir, { recursive: true });
  let n = 0;
  const consolePort = (await portFree(CONSOLE_PORT)) ? CONSOLE_PORT : 0;
  const webPort = (await portFree(WEB_PORT)) ? WEB_PORT : 0;
  if (!webPort) console.log(`[world] port ${WEB_PORT} is busy: the web page gets a free port (DEMO_WEB_PORT chooses another)`);
  // the first free port found stays the page's port for every reboot of this demo
  let pagePort = webPort;
  const board = new SimBoard({
    board: 'esp32', flashDir, net: { ip: nextAddress(n), gw: '127.0.0.1', netmask: '255.255.255.0' },
    time: 'real', serial: (text) => process.stdout.write(text), consolePort,
    portMap: (port) => (port === 80 ? pagePort : 0),
  });
  board.on('listening', ({ port, hostPort }) => {
    if (port !== 80) return;
    pagePort = hostPort;
    console.log(`\x1b[32m[world] the board's web page: http://127.0.0.1:${hostPort}/  (admin password for changes: ${DEMO_WEB_PASSWORD})\x1b[0m`);
  });
  board.flashBuild(bundle);
  board.storage.write('ddns.json', JSON.stringify(demoConfig({ providerUrl: world.dyndns2.url, dnsPort: world.dns.port, domain: DOMAIN, mqttPort: mqttBroker.port })));
  world.records.on('change', (c) => {
    if (c.value) console.log(`\x1b[36m[world] DNS now: ${c.name} ${c.type} ${c.value}\x1b[0m`);
  });
  console.log(`[world] provider ${world.dyndns2.url}  dns 127.0.0.1:${world.dns.port}  check-ip ${world.checkIp.url}`);
  const mq = `-h 127.0.0.1 -p ${mqttBroker.port}`;
  console.log(`[world] MQTT broker ${mqttBroker.url}: watch with  mosquitto_sub ${mq} -t 'ddns/#' -v  (or: npx mqtt sub ${mq} -t 'ddns/#' -v)`);
  console.log(`[world]   a command: mosquitto_pub ${mq} -t ddns/esp32-ddns/myddns/command -m '{"cmd":"force","token":"${DEMO_COMMAND_TOKEN}"}'`);
  console.log(`[world] the board's address changes every ${EVERY_MS / 1000} s; type status() or help() and Enter; Ctrl-C quits`);
  await board.consoleServer.start();
  const addr = board.consoleServer.address;
  if (consolePort !== CONSOLE_PORT) console.log(`[world] port ${CONSOLE_PORT} is busy: the console is on ${addr}`);
  console.log(`\x1b[32m[world] the board's serial console is on ${addr}; flash it with the real espruino CLI:\x1b[0m`);
  console.log(`\x1b[32m[world]   npm run flash -- --port ${addr}   (add --config my-ddns.json; or --config-only)\x1b[0m`);
  await board.boot();
  await setWebPassword(board);
  const timer = setInterval(() => {
    n++;
    const ip = nextAddress(n);
    console.log(`\x1b[33m[world] the board's address changes to ${ip}\x1b[0m`);
    board.setAddress(ip);
  }, EVERY_MS);
  const rl = createInterface({ input: process.stdin });
  rl.on('line', (line) => { if (line.trim()) board.type(line); });
  const stop = async () => {
    clearInterval(timer);
    rl.close();
    await board.stop();
    await world.close();
    await mqttBroker.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  if (process.env.DEMO_SECONDS) setTimeout(stop, Number(process.env.DEMO_SECONDS) * 1000);
}

main().catch((e) => { console.error(e); process.exit(1); });
