// `npm run bench`: bundle bytes, address-change-to-update latency, steady-state traffic, and (when
// ESPRUINO_BIN names a locally built Espruino for Linux) variable blocks at idle on the real
// interpreter. Figures are printed, never asserted.
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { SimBoard } from '../host-sim/board.mjs';
import { startWorld } from '../host-sim/world/index.mjs';
import { ensureBuilt } from '../host-sim/build.mjs';
import { benchRouter } from './bench-router.mjs';

const DOMAIN = 'home.example.com';
const PASSWORD = 'bench-secret';

function section(world, extra = {}) {
  return {
    enabled: '1',
    update_url: world.dyndns2.url.replace('http://', 'http://[USERNAME]:[PASSWORD]@') +
      '/nic/update?hostname=[DOMAIN]&myip=[IP]',
    domain: DOMAIN, username: 'demo', password: PASSWORD, ip_source: 'network',
    dns_server: '127.0.0.1:' + world.dns.port, ...extra,
  };
}

async function world(hosts = [DOMAIN]) {
  return startWorld({
    users: { demo: { password: PASSWORD, hosts } },
    hosts: [{ name: DOMAIN, type: 'A', value: '192.0.2.1' }],
    checkIp: '203.0.113.9',
    zones: ['example.com'],
  });
}

async function board(w, config, time = 'real') {
  const dir = mkdtempSync(join(tmpdir(), 'ddns-bench-'));
  const b = new SimBoard({ board: 'esp32', flashDir: dir, time,
    net: { ip: '198.51.100.10', gw: '127.0.0.1', netmask: '255.255.255.0' } });
  b.flashBuild('dist/esp32');
  b.storage.write('ddns.json', JSON.stringify(config));
  await b.boot();
  return { b, close: async () => { await b.stop(); rmSync(dir, { recursive: true, force: true }); } };
}

function bytes() {
  console.log('bundle bytes (minified, gzip):');
  for (const name of ['esp32', 'linux']) {
    const code = readFileSync(`dist/${name}.js`);
    console.log(`  dist/${name}.js  ${code.length}  ${gzipSync(code).length}`);
  }
}

// Real time: from setAddress to the provider's good answer for the new address, 20 times.
async function latency() {
  const w = await world();
  const { b, close } = await board(w, { service: { myddns: section(w) } });
  await b.waitFor('update accepted', { timeoutMs: 10000 });
  const times = [];
  for (let i = 0; i < 20; i++) {
    const ip = '198.51.100.' + (20 + i);
    const before = w.dyndns2.requests.length;
    const since = b.output.length;
    const t0 = process.hrtime.bigint();
    b.setAddress(ip);
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      const r = w.dyndns2.requests.slice(before).find((q) => q.query.myip === ip && /^good/.test(q.answer));
      if (r) break;
      await new Promise((res) => setTimeout(res, 1));
    }
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    await b.waitFor('update accepted: ' + DOMAIN + ' -> ' + ip, { timeoutMs: 5000, since });
  }
  await close();
  await w.close();
  times.sort((a, c) => a - c);
  console.log(`address change -> provider acknowledged (network source, simulator, 20 changes): median ${times[10].toFixed(1)} ms, worst ${times[19].toFixed(1)} ms`);
}

// Virtual time: six idle hours after the first update, one section, network source.
async function steady() {
  const w = await world();
  const { b, close } = await board(w, { service: { myddns: section(w) } }, 'virtual');
  await b.advance(60 * 1000);
  const p0 = w.dyndns2.requests.length;
  const d0 = w.dns.queries.length;
  const s0 = b.stats.storageWrites;
  const hours = 6;
  await b.advance(hours * 3600 * 1000);
  const prov = w.dyndns2.requests.length - p0;
  const dns = w.dns.queries.length - d0;
  console.log(`steady state, network source, ${hours} h virtual: provider ${(prov / hours).toFixed(2)} req/h, DNS ${(dns / hours).toFixed(2)} queries/h, flash writes ${b.stats.storageWrites - s0}`);
  await close();
  await w.close();
}

function freePort() {
  return new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); });
  });
}

// The real interpreter (Linux build) runs dist/linux.js from Storage with 4 web-source sections
// and MQTT against an embedded broker; process.memory().usage after it settles.
async function blocks() {
  const bin = process.env.ESPRUINO_BIN;
  if (!bin) {
    console.log('blocks on the real interpreter: skipped (set ESPRUINO_BIN to a locally built Espruino for Linux)');
    return;
  }
  const { Aedes } = await import('aedes');
  const hosts = ['a', 'b', 'c', 'd'].map((x) => x + '.example.com');
  const w = await world(hosts);
  const aedes = await Aedes.createBroker();
  const mqttPort = await freePort();
  const broker = createServer(aedes.handle).listen(mqttPort, '127.0.0.1');
  const service = {};
  hosts.forEach((h, i) => {
    service['s' + i] = section(w, { domain: h, lookup_host: h, ip_source: 'web', ip_url: w.checkIp.url + '/' });
  });
  const dir = mkdtempSync(join(tmpdir(), 'ddns-espruino-'));
  writeFileSync(join(dir, 'bundle.js'), readFileSync('dist/linux.js'));
  writeFileSync(join(dir, 'ddns.json'), JSON.stringify({ service, mqtt: { host: '127.0.0.1', port: String(mqttPort) } }));
  const fifo = join(dir, 'stdin');
  execFileSync('mkfifo', [fifo]);
  const write = 'var S=require("Storage"),fs=require("fs");S.write(".bootcde",fs.readFileSync("bundle.js"));' +
    'S.write("ddns.json",fs.readFileSync("ddns.json"));quit();';
  const run = (code, ms) => new Promise((res) => {
    const p = spawn('sh', ['-c', `exec "$0" -e "$1" <>"$2"`, bin, code, fifo], { cwd: dir });
    let out = '';
    p.stdout.on('data', (d) => { out += d; });
    const t = setTimeout(() => p.kill('SIGKILL'), ms);
    p.on('exit', () => { clearTimeout(t); res(out); });
  });
  await run(write, 20000);
  const out = await run('setTimeout(function(){print("@@MEM "+JSON.stringify(process.memory()));quit();},8000);', 30000);
  const m = /@@MEM (\{.*\})/.exec(out);
  const updates = w.dyndns2.requests.filter((r) => /^good/.test(r.answer)).length;
  if (m) {
    const mem = JSON.parse(m[1]);
    console.log(`real interpreter (dist/linux.js from Storage, 4 sections + MQTT, idle 8 s): ${mem.usage} blocks in use of ${mem.total} (blocksize ${mem.blocksize}); provider updates seen: ${updates}`);
  } else {
    console.log('real interpreter: no memory line; output was:\n' + out.slice(-2000));
  }
  broker.close();
  aedes.close();
  await w.close();
  rmSync(dir, { recursive: true, force: true });
}

async function main() {
  ensureBuilt('esp32');
  ensureBuilt('linux');
  bytes();
  await latency();
  await steady();
  await blocks();
  await benchRouter();
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
