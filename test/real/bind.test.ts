// dnsclient.lookup against a real BIND9 on loopback, through Node-backed ports.
// Fails (does not skip) when named is missing: install the Debian package bind9.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBind, BindServer, BindRecord } from './bind-server';
import { nodeUdpPort, nodeTcpPort } from './node-ports';
import { lookup, LookupOpts, LookupResult } from '../../firmware/dns/client';

const ZONE = 'example.test';
const many6: BindRecord[] = [];
for (let i = 1; i <= 24; i++) { many6.push({ name: 'many6', type: 'AAAA', data: '2001:db8::' + i.toString(16) }); }

const records: BindRecord[] = [
  { name: 'www', type: 'A', data: '192.0.2.1', ttl: 120 },
  { name: 'www', type: 'A', data: '192.0.2.2', ttl: 120 },
  { name: 'v6', type: 'AAAA', data: '2001:db8:0:0:1:0:0:1' },
  { name: 'v6', type: 'A', data: '198.51.100.6' },
  { name: 'alias', type: 'CNAME', data: 'alias2', ttl: 30 },
  { name: 'alias2', type: 'CNAME', data: 'www.example.test.' },
  { name: 'out', type: 'CNAME', data: 'host.elsewhere.invalid.' },
  ...many6,
];

let srv: BindServer;
let udpSent = 0;
let tcpSent = 0;

before(async () => {
  srv = await startBind({
    zone: ZONE, records,
    tsigKey: { name: 'ddns-key', secret: Buffer.from('ddns test secret 0123456789abcdef').toString('base64'),
      algorithm: 'hmac-sha256' },
  });
});

after(async () => {
  if (srv) { await srv.stop(); }
});

type Outcome = { err: string | null; res?: LookupResult };
const ask = (name: string, type: 'A' | 'AAAA', extra: Partial<LookupOpts> = {}): Promise<Outcome> =>
  new Promise((resolve) => {
    const udp = nodeUdpPort();
    const tcp = nodeTcpPort();
    lookup({
      udp: { exchange(o, cb) { udpSent++; udp.exchange(o, cb); } },
      tcp: { exchange(o, cb) { tcpSent++; tcp.exchange(o, cb); } },
      server: '127.0.0.1', port: srv.port, name, type, timeoutMs: 1000, random: Math.random, ...extra,
    }, (err, res) => resolve({ err, res }));
  });

test('A over UDP', async () => {
  const o = await ask('www.example.test', 'A');
  assert.equal(o.err, null, srv.log());
  assert.deepEqual(o.res?.addrs.slice().sort(), ['192.0.2.1', '192.0.2.2']);
  assert.equal(o.res?.via, 'udp');
  assert.equal(o.res?.ttl, 120);
  assert.deepEqual(o.res?.cnames, []);
});

test('AAAA in canonical text; mixed-case name', async () => {
  const o = await ask('V6.Example.TEST.', 'AAAA');
  assert.equal(o.err, null);
  assert.deepEqual(o.res?.addrs, ['2001:db8::1:0:0:1']);
  assert.equal(o.res?.ttl, 300);
});

test('name without an address of the type: empty list', async () => {
  const o = await ask('www.example.test', 'AAAA');
  assert.equal(o.err, null);
  assert.deepEqual(o.res?.addrs, []);
  assert.equal(o.res?.rcode, 0);
});

test('CNAME chain inside the zone', async () => {
  const o = await ask('alias.example.test', 'A');
  assert.equal(o.err, null);
  assert.deepEqual(o.res?.cnames, ['alias2.example.test', 'www.example.test']);
  assert.deepEqual(o.res?.addrs.slice().sort(), ['192.0.2.1', '192.0.2.2']);
  assert.equal(o.res?.ttl, 30);
});

test('CNAME out of the zone: the chain, no addresses', async () => {
  const o = await ask('out.example.test', 'A');
  assert.equal(o.err, null);
  assert.deepEqual(o.res?.cnames, ['host.elsewhere.invalid']);
  assert.deepEqual(o.res?.addrs, []);
});

test('NXDOMAIN', async () => {
  assert.equal((await ask('nope.example.test', 'A')).err, 'nxdomain');
});

test('REFUSED for a zone the server does not serve', async () => {
  assert.equal((await ask('www.not-served.test', 'A')).err, 'refused');
});

test('forced TCP (force_dnstcp)', async () => {
  const u = udpSent;
  const t = tcpSent;
  const o = await ask('www.example.test', 'A', { tcpOnly: true });
  assert.equal(o.err, null);
  assert.equal(o.res?.via, 'tcp');
  assert.deepEqual(o.res?.addrs.slice().sort(), ['192.0.2.1', '192.0.2.2']);
  assert.equal(udpSent, u);
  assert.equal(tcpSent, t + 1);
});

test('reply over 512 bytes: TC over UDP, then TCP', async () => {
  const u = udpSent;
  const o = await ask('many6.example.test', 'AAAA');
  assert.equal(o.err, null);
  assert.equal(o.res?.via, 'tcp');
  assert.equal(udpSent, u + 1);
  assert.equal(o.res?.addrs.length, 24);
  assert.ok(o.res?.addrs.includes('2001:db8::18'));
});

test('no server on the port: timeout after the tries', async () => {
  const t0 = Date.now();
  const o = await ask('www.example.test', 'A', { port: 9, timeoutMs: 150, tries: 2 });
  assert.ok(o.err === 'timeout' || o.err === 'udp', String(o.err));
  assert.ok(Date.now() - t0 < 2000);
});
