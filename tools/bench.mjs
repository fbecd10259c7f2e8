// `npm run bench`: address-change-to-update latency, steady-state traffic, the build's bytes
// and (when ESPRUINO_BIN names a locally built Espruino for Linux) memory and boot time on the
// real interpreter (tools/bench-memory.mjs), the router benchmark, the 30-day soak. Figures are printed, never
// asserted.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimBoard } from '../host-sim/board.mjs';
import { startWorld } from '../host-sim/world/index.mjs';
import { startDns, startDnsAt53 } from '../host-sim/world/dns.mjs';
import { ensureBuilt } from '../host-sim/build.mjs';
import { benchRouter } from './bench-router.mjs';
import { benchMemory } from './bench-memory.mjs';
import { benchIpSource } from './bench-ipsource.mjs';
import { benchSoak } from './soak/bench.mjs';

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

// Real time: from setAddress to the provider's good answer for the new address, 20 times.
async function latency() {
  const w = await world();
  // (update_interval_min 0: the path itself is measured, not the 5 minutes between two updates)
  const { b, close } = await board(w, { service: { myddns: section(w, { update_interval_min: '0' }) } });
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

// Virtual time: 48 idle hours of the authoritative path (dns_lookup): the zone's server on port
// 53 of its own loopback address (needs root), found through a resolver with its NS set (TTL
// 1 day, glue included), so the NS lookups of a day are counted too.
async function authoritative() {
  const w = await world();
  let auth;
  try {
    auth = await startDnsAt53({ records: w.records, zones: ['example.com'] });
  } catch (e) {
    console.log('DNS queries per hour at rest (authoritative path): not measured: ' + e.message);
    await w.close();
    return;
  }
  const resolver = await startDns({ records: w.records, zones: ['example.com'],
    ns: { 'example.com': [{ name: 'ns1.example.com', ip: auth.host }] } });
  const { b, close } = await board(w, { service: { myddns: section(w, { dns_server: '127.0.0.1:' + resolver.port,
    dns_lookup: 'authoritative' }) } }, 'virtual');
  await b.advance(60 * 1000);
  const a0 = auth.queries.length;
  const r0 = resolver.queries.length;
  const hours = 48;
  await b.advance(hours * 3600 * 1000);
  const a = auth.queries.length - a0;
  const r = resolver.queries.length - r0;
  console.log(`DNS queries per hour at rest (authoritative path, ${hours} h virtual, NS lookups included): ${((a + r) / hours).toFixed(2)} ` +
    `(zone's server ${a}, resolver ${r}: NS set TTL 1 day); one datagram each way per query`);
  await close();
  await resolver.close();
  await auth.close();
  await w.close();
}

async function main() {
  ensureBuilt('esp32');
  await latency();
  await steady();
  await authoritative();
  await benchIpSource();
  await benchMemory();
  await benchRouter();
  await benchSoak();
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
