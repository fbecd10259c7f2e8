// The whole world a simulated board talks to, started in one call for the demo and the scenarios.
import { RecordStore, normalizeName } from './records.mjs';
import { startDyndns2 } from './dyndns2.mjs';
import { startDuckdns } from './duckdns.mjs';
import { startCheckIp } from './checkip.mjs';
import { startDns } from './dns.mjs';
import { startSntp } from './sntp.mjs';

export { RecordStore, startDyndns2, startDuckdns, startCheckIp, startDns, startSntp };

// hosts may be bare names or { name, type?, value, ttl? } seeds; both make the name served.
function seed(records, hosts) {
  const names = [];
  for (const h of hosts) {
    const spec = typeof h === 'string' ? { name: h } : h;
    names.push(normalizeName(spec.name));
    if (spec.value) records.set(spec.name, spec.type || (spec.value.includes(':') ? 'AAAA' : 'A'), spec.value, spec.ttl);
  }
  return names;
}

// Without explicit zones, each host's parent domain is one (home.example.com -> example.com).
function deriveZones(names) {
  return names.map((n) => {
    const labels = n.split('.');
    return labels.length > 2 ? labels.slice(1).join('.') : n;
  });
}

// users defaults to one account owning every host, so the demo needs no configuration.
export async function startWorld({
  users,
  hosts = [],
  checkIp = '203.0.113.7',
  checkIpStyle = 'dyndns',
  duckdns = {},
  zones,
  host = '127.0.0.1',
  sntpClock,
} = {}) {
  const records = new RecordStore();
  const names = seed(records, hosts);
  const accounts = users || { demo: { password: 'demo', hosts: names } };
  const owned = Object.values(accounts).flatMap((u) => (u.hosts || []).map(normalizeName));
  const duckZone = normalizeName(duckdns.zone || 'duckdns.org');
  const allZones = [...new Set(zones || [...deriveZones([...names, ...owned]), duckZone])];

  const started = [];
  // If one part fails to start, the parts already up must not keep the process alive.
  const track = async (p) => { const s = await p; started.push(s); return s; };
  try {
    const dyndns2 = await track(startDyndns2({ host, users: accounts, records }));
    const duck = await track(startDuckdns({ host, tokens: duckdns.tokens || {}, records, zone: duckZone }));
    const checkip = await track(startCheckIp({ host, ip: checkIp, style: checkIpStyle }));
    const dns = await track(startDns({ host, records, zones: allZones }));
    const sntp = await track(startSntp({ host, clock: sntpClock }));
    return {
      sntp,
      records,
      dyndns2,
      duckdns: duck,
      checkIp: checkip,
      dns,
      // One call tears everything down so a scenario cannot leak a listening socket.
      close: () => Promise.all(started.map((s) => s.close())),
    };
  } catch (err) {
    await Promise.all(started.map((s) => s.close()));
    throw err;
  }
}
