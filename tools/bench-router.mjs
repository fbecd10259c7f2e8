// `npm run bench`, ip_source router (tools/bench.mjs calls benchRouter()): WAN change to provider
// acknowledged over 10 changes against the real miniupnpd (NAT-PMP, then UPnP IGD with NAT-PMP
// off), requests per hour at rest, and the web source at its default interval for comparison.
// Needs root and `ip netns` (the ROUTER.md topology, test/router/topology.mjs); prints why not
// otherwise. Figures are printed, never asserted.
import { Topology, cannotRun } from '../test/router/topology.mjs';

const CHANGES = 10;
const HOURS = 6;


function stats(times) {
  const s = [...times].sort((a, b) => a - b);
  return { median: s[Math.floor((s.length - 1) / 2)], worst: s[s.length - 1] };
}

// Real time against miniupnpd: ROUTER.md's change (delete, 300 ms, add), timed from the add.
// update_interval_min 0: the changes come seconds apart here, and each one's latency is the figure
// (with the default, changes inside 5 minutes go out as one update, by design).
async function latency(file, natpmp) {
  const topo = new Topology();
  try {
    topo.up();
    await topo.startRouter({ natpmp });
    const b = await topo.board({ bundle: file, section: { update_interval_min: '0' } });
    await b.waitFor(() => b.updateFor('11.0.0.2'), 15000, 'first update');
    const times = [];
    for (let i = 0; i < CHANGES; i++) {
      const ip = '11.0.0.' + (3 + i);
      const t0 = await topo.setWan(ip + '/24');
      const u = await b.waitFor(() => b.updateFor(ip, t0), 10000, 'update to ' + ip);
      times.push(u.time - t0);
      await b.waitFor(() => b.serial.includes('update accepted: home.example.com -> ' + ip), 5000, 'accepted');
    }
    return stats(times);
  } finally {
    await topo.down();
  }
}

// Virtual time: HOURS idle hours after the first update; what left the board per hour.
async function atRest(file, { natpmp = true, section = {} } = {}) {
  const topo = new Topology();
  try {
    topo.up();
    await topo.startRouter({ natpmp });
    const b = await topo.board({ bundle: file, time: 'virtual', section });
    await b.call({ cmd: 'advance', ms: 60000 });
    const a = await b.call({ cmd: 'stats' });
    const z = await b.call({ cmd: 'advance', ms: HOURS * 3600e3 });
    const per = (x) => ((x) / HOURS).toFixed(2);
    const udp = z.stats.udpSent - a.stats.udpSent;
    const http = z.stats.httpRequests - a.stats.httpRequests;
    const dns = z.dns - a.dns;
    const prov = z.provider - a.provider;
    const web = z.checkip - a.checkip;
    return { router: per(udp - dns + http - prov - web), dns: per(dns), provider: per(prov), checkip: per(web) };
  } finally {
    await topo.down();
  }
}

// Virtual time, web source, default check_interval: the check-IP echo changes at a point in the
// interval; board time until the provider has the new address.
async function webLatency(file) {
  const topo = new Topology();
  try {
    topo.up();
    await topo.startRouter();
    const b = await topo.board({ bundle: file, time: 'virtual', checkIp: '203.0.113.2',
      section: { ip_source: 'web', ip_url: '$CHECKIP' } });
    await b.call({ cmd: 'until', ip: '203.0.113.2', stepMs: 1000, maxMs: 120000 });
    const times = [];
    for (let i = 0; i < CHANGES; i++) {
      const ip = '203.0.113.' + (10 + i);
      await b.call({ cmd: 'advance', ms: ((i * 263) % 600) * 1000 });
      b.send({ cmd: 'checkip', ip });
      const r = await b.call({ cmd: 'until', ip, stepMs: 5000, maxMs: 1800e3 });
      times.push(r.ms);
    }
    return stats(times);
  } finally {
    await topo.down();
  }
}

/** Prints the router figures; resolves even when they cannot be measured here. */
export async function benchRouter(print = console.log) {
  const why = cannotRun();
  if (why) { print(`router source: skipped (${why}; needs root and ip netns)`); return; }
  const b = { file: 'dist/esp32' };
  const n = await latency(b.file, true);
  print(`WAN change -> provider acknowledged, router source NAT-PMP (miniupnpd, ${CHANGES} changes): median ${n.median} ms, worst ${n.worst} ms`);
  const u = await latency(b.file, false);
  print(`WAN change -> provider acknowledged, router source UPnP IGD events (${CHANGES} changes): median ${u.median} ms, worst ${u.worst} ms`);
  const w = await webLatency(b.file);
  print(`WAN change -> provider acknowledged, web source, default check_interval 10 min (${CHANGES} changes, board time): median ${(w.median / 1000).toFixed(0)} s, worst ${(w.worst / 1000).toFixed(0)} s`);
  const rn = await atRest(b.file);
  print(`at rest, router source NAT-PMP, ${HOURS} h virtual: router ${rn.router} req/h (LAN only), DNS ${rn.dns}/h, provider ${rn.provider}/h, internet check-IP 0/h`);
  const ru = await atRest(b.file, { natpmp: false });
  print(`at rest, router source UPnP IGD, ${HOURS} h virtual: router ${ru.router} req/h (LAN only: SOAP + GENA renewals), DNS ${ru.dns}/h, provider ${ru.provider}/h`);
  const rw = await atRest(b.file, { section: { ip_source: 'web', ip_url: '$CHECKIP' } });
  print(`at rest, web source, default check_interval, ${HOURS} h virtual: check-IP ${rw.checkip} req/h (internet), DNS ${rw.dns}/h, provider ${rw.provider}/h`);
}

if (process.argv[1] && process.argv[1].endsWith('bench-router.mjs')) {
  benchRouter().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
}
