// ip_source dns against ip_source web, in the simulator (printed by `npm run bench`, never
// asserted): packets and bytes per check and per hour at a 60 s check_interval (virtual time),
// and the time from a check command to the address found (real time, loopback). The web source
// is measured through a byte-counting TCP relay in front of the check-IP echo; the DNS source
// from the datagrams the whoami fake saw (payload bytes; IPv4 + UDP headers add 28 a datagram).
import net from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimBoard } from '../host-sim/board.mjs';
import { startWorld } from '../host-sim/world/index.mjs';
import { startWhoami } from '../host-sim/world/whoami.mjs';

const DOMAIN = 'home.example.com';
const PASSWORD = 'bench-secret';

// A TCP relay to port that counts the bytes each way and the connections that carried a request.
function relay(port) {
  const n = { up: 0, down: 0, conns: 0 };
  const srv = net.createServer((c) => {
    let counted = false;
    const u = net.connect(port, '127.0.0.1');
    c.on('data', (d) => { if (!counted) { counted = true; n.conns++; } n.up += d.length; u.write(d); });
    u.on('data', (d) => { n.down += d.length; c.write(d); });
    c.on('end', () => u.end());
    u.on('end', () => c.end());
    c.on('error', () => u.destroy());
    u.on('error', () => c.destroy());
  });
  return new Promise((r) => srv.listen(0, '127.0.0.1', () => r({ n, port: srv.address().port,
    close: () => new Promise((d) => { srv.close(() => d()); }) })));
}

async function rig(kind, time) {
  const w = await startWorld({ users: { demo: { password: PASSWORD, hosts: [DOMAIN] } },
    hosts: [{ name: DOMAIN, type: 'A', value: '192.0.2.1' }], checkIp: '203.0.113.9', checkIpStyle: 'plain', zones: ['example.com'] });
  const who = await startWhoami({ ip: '203.0.113.9' });
  const rel = await relay(w.checkIp.port);
  const src = kind === 'dns' ? { ip_source: 'dns', ip_dns: who.list() } : { ip_source: 'web', ip_url: `http://127.0.0.1:${rel.port}/` };
  const dir = mkdtempSync(join(tmpdir(), 'ddns-bench-'));
  const b = new SimBoard({ board: 'esp32', flashDir: dir, time, net: { ip: '198.51.100.10', gw: '127.0.0.1', netmask: '255.255.255.0' } });
  b.flashBuild('dist/esp32');
  b.storage.write('ddns.json', JSON.stringify({ service: { myddns: { enabled: '1', domain: DOMAIN, username: 'demo', password: PASSWORD,
    update_url: w.dyndns2.url.replace('http://', 'http://[USERNAME]:[PASSWORD]@') + '/nic/update?hostname=[DOMAIN]&myip=[IP]',
    dns_server: '127.0.0.1:' + w.dns.port, check_interval: '60', check_unit: 'seconds', ...src } } }));
  await b.boot();
  return { w, who, rel, b, close: async () => { await b.stop(); await rel.close(); await who.close(); await w.close(); rmSync(dir, { recursive: true, force: true }); } };
}

async function traffic(kind) {
  const r = await rig(kind, 'virtual');
  await r.b.advance(60e3);
  const q0 = r.who.queries.length, rb0 = r.who.replyBytes();
  const u0 = r.rel.n.up, d0 = r.rel.n.down, c0 = r.rel.n.conns;
  await r.b.advance(3600e3);
  const q = r.who.queries.length - q0;
  const out = kind === 'dns' ? {
    checks: q, packets: 2 * q, bytes: r.who.queries.slice(q0).reduce((a, x) => a + x.bytes, 0) + r.who.replyBytes() - rb0,
  } : { checks: r.rel.n.conns - c0, packets: 0, bytes: r.rel.n.up - u0 + r.rel.n.down - d0 };
  await r.close();
  return out;
}

async function latency(kind) {
  const r = await rig(kind, 'real');
  await r.b.waitFor('update accepted', { timeoutMs: 10000 });
  const times = [];
  for (let i = 0; i < 20; i++) {
    const ip = '203.0.113.' + (100 + i);
    r.who.setIp(ip);
    r.w.checkIp.setIp(ip);
    const since = r.b.output.length;
    const t0 = process.hrtime.bigint();
    await r.b.type('check("myddns")');
    await r.b.waitFor('current address ' + ip, { timeoutMs: 5000, since });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    await r.b.waitFor(/update accepted|update needed, sent in/, { timeoutMs: 5000, since });
  }
  await r.close();
  times.sort((a, c) => a - c);
  return times;
}

export async function benchIpSource() {
  for (const kind of ['dns', 'web']) {
    const t = await traffic(kind);
    const per = t.checks ? t.bytes / t.checks : 0;
    const lat = await latency(kind);
    console.log(`ip_source ${kind}, check_interval 60 s, 1 h virtual: ${t.checks} checks, ` +
      (kind === 'dns' ? `${t.packets} datagrams (1 out, 1 back a check), ${per.toFixed(0)} bytes of DNS payload a check (+56 IP/UDP headers)`
        : `${t.checks} TCP connections, ${per.toFixed(0)} bytes of HTTP a check (TCP handshake, ACKs and headers not counted)`) +
      `, ${(t.bytes / 1024).toFixed(1)} KB/h; check command -> address found (simulator, loopback, 20 checks): median ${lat[10].toFixed(1)} ms, worst ${lat[19].toFixed(1)} ms`);
  }
}
