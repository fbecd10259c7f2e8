// Runs inside the test's `lan` namespace (`ip netns exec <lan> node driver.mjs '<json>'`): a
// dyndns2 provider fake and a DNS server listening on the namespace's own address, and a
// SimBoard running the bundle with its address and gateway taken from the interface. Talks to
// the test as JSON lines: out on stdout (ready, serial, update, stats, until), in on stdin
// (type; advance, stats, checkip and until for virtual time; stop).
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { SimBoard } from '../../host-sim/board.mjs';
import { interfaceNet } from '../../host-sim/espruino/hostnet.mjs';
import { startWorld } from '../../host-sim/world/index.mjs';

const cfg = JSON.parse(process.argv[2]);
const DOMAIN = 'home.example.com';
const PASSWORD = 'router-test-secret';

// One JSON line per message: the test reads stdout line by line.
function send(msg) {
  process.stdout.write(JSON.stringify(msg) + '\n');
}

// Why: the provider's log is the test's ground truth; each answered request goes out once.
function watchProvider(world) {
  const reqs = world.dyndns2.requests;
  let seen = 0;
  return setInterval(() => {
    while (seen < reqs.length && reqs[seen].answer !== null) {
      const r = reqs[seen++];
      send({ type: 'update', time: r.time, myip: r.query.myip, answer: r.answer });
    }
  }, 2);
}

// World first (the board's section needs its URLs), then the board.
async function main() {
  const own = interfaceNet(cfg.iface).ip;
  const world = await startWorld({
    host: own,
    users: { demo: { password: PASSWORD, hosts: [DOMAIN] } },
    hosts: [{ name: DOMAIN, type: 'A', value: cfg.registered }],
    zones: ['example.com'],
    checkIp: cfg.checkIp || '203.0.113.7',
  });
  const extra = { ...cfg.section };
  for (const k of Object.keys(extra)) if (extra[k] === '$CHECKIP') extra[k] = world.checkIp.url + '/';
  const section = {
    enabled: '1',
    update_url: world.dyndns2.url.replace('http://', 'http://[USERNAME]:[PASSWORD]@') +
      '/nic/update?hostname=[DOMAIN]&myip=[IP]',
    domain: DOMAIN, lookup_host: DOMAIN, username: 'demo', password: PASSWORD,
    ip_source: 'router', dns_server: own + ':' + world.dns.port, ...extra,
  };
  const board = new SimBoard({ board: 'esp32', flashDir: cfg.flashDir, time: cfg.time || 'real', netFromInterface: cfg.iface,
    serial: (text) => send({ type: 'serial', text }) });
  board.flashBuild(cfg.bundle);
  board.storage.write('ddns.json', JSON.stringify({ service: { myddns: section } }));
  const timer = watchProvider(world);
  await board.boot();
  send({ type: 'ready', network: board.network, provider: world.dyndns2.url });
  const stop = async () => {
    clearInterval(timer);
    await board.stop();
    await world.close();
    send({ type: 'stopped' });
    process.exit(0);
  };
  createInterface({ input: process.stdin }).on('line', async (line) => {
    if (!line.trim()) return;
    const m = JSON.parse(line);
    if (m.cmd === 'type') await board.type(m.line);
    if (m.cmd === 'advance') await board.advance(m.ms);
    if (m.cmd === 'checkip') world.checkIp.setIp(m.ip);
    if (m.cmd === 'until') {
      // virtual time: steps of m.stepMs until the provider answered good for m.ip (or m.maxMs)
      const t0 = board.now();
      const hit = () => world.dyndns2.requests.some((r) => r.query.myip === m.ip && /^good/.test(r.answer || ''));
      while (!hit() && board.now() - t0 < m.maxMs) await board.advance(m.stepMs);
      send({ type: 'until', id: m.id, ms: hit() ? board.now() - t0 : null });
    }
    if (m.cmd === 'advance' || m.cmd === 'stats') {
      send({ type: 'stats', id: m.id, now: board.now(), stats: { ...board.stats }, provider: world.dyndns2.requests.length,
        dns: world.dns.queries.length, checkip: world.checkIp.requests.length });
    }
    if (m.cmd === 'stop') await stop();
  });
  process.stdin.on('end', stop);
}

main().catch((e) => {
  send({ type: 'error', message: String(e && e.stack || e) });
  process.exit(1);
});
