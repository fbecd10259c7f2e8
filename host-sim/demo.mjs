// `npm start`: the firmware, exactly as flashed, on a simulated board in a demo world on loopback.
// The board's address changes every 30 s; the provider fake answers; the DNS follows.
import { mkdirSync, rmSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { SimBoard } from './board.mjs';
import { startWorld } from './world/index.mjs';
import { demoConfig } from './demo-config.mjs';
import { ensureBuilt } from './build.mjs';

const DOMAIN = 'home.example.com';
const EVERY_MS = Number(process.env.DEMO_CHANGE_MS || 30000);

function nextAddress(n) {
  return '198.51.100.' + (10 + (n % 200));
}

async function main() {
  const bundle = ensureBuilt('esp32');
  const world = await startWorld({
    users: { demo: { password: 'demo-secret', hosts: [DOMAIN] } },
    hosts: [{ name: DOMAIN, type: 'A', value: '192.0.2.1' }],
  });
  const flashDir = '.sim/demo-flash';
  rmSync(flashDir, { recursive: true, force: true });
  mkdirSync(flashDir, { recursive: true });
  let n = 0;
  const board = new SimBoard({
    board: 'esp32', flashDir, net: { ip: nextAddress(n), gw: '127.0.0.1', netmask: '255.255.255.0' },
    time: 'real', serial: (text) => process.stdout.write(text),
  });
  board.flash(readFileSync(bundle, 'utf8'));
  board.storage.write('ddns.json', JSON.stringify(demoConfig({ providerUrl: world.dyndns2.url, dnsPort: world.dns.port, domain: DOMAIN })));
  world.records.on('change', (c) => {
    if (c.value) console.log(`\x1b[36m[world] DNS now: ${c.name} ${c.type} ${c.value}\x1b[0m`);
  });
  console.log(`[world] provider ${world.dyndns2.url}  dns 127.0.0.1:${world.dns.port}  check-ip ${world.checkIp.url}`);
  console.log(`[world] the board's address changes every ${EVERY_MS / 1000} s; type status() or help() and Enter; Ctrl-C quits`);
  await board.boot();
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
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  if (process.env.DEMO_SECONDS) setTimeout(stop, Number(process.env.DEMO_SECONDS) * 1000);
}

main().catch((e) => { console.error(e); process.exit(1); });
