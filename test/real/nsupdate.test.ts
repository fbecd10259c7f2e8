// The bind-nsupdate API provider against a real BIND9 on loopback: TSIG-signed RFC 2136 updates
// over UDP and TCP, read back with the firmware's own DNS client. Fails (does not skip) when
// named is missing: install the Debian package bind9.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { startBind, BindServer } from './bind-server';
import { nodeUdpPort, nodeTcpPort } from './node-ports';
import { lookup, LookupResult } from '../../firmware/dns/client';
import * as nsupdate from '../../firmware/providers/api/nsupdate';
import type { ApiContext, ApiResult } from '../../firmware/providers/types';
import type { ClockPort } from '../../firmware/core/ports';

const ZONE = 'example.test';
const SECRET = Buffer.from('ddns test secret 0123456789abcdef').toString('base64');
const KEY = 'ddns-key';

let srv: BindServer;
let udpSent = 0;
let tcpSent = 0;

before(async () => {
  srv = await startBind({
    zone: ZONE,
    records: [{ name: 'home', type: 'A', data: '192.0.2.1' }, { name: 'home', type: 'A', data: '192.0.2.2' }],
    tsigKey: { name: KEY, secret: SECRET, algorithm: 'hmac-sha256' },
  });
});

after(async () => {
  if (srv) { await srv.stop(); }
});

// A clock at a chosen wall time (0: not set), so TSIG times can be right, wrong or missing.
function clock(wall: number): ClockPort {
  return {
    uptimeMs: () => 1000,
    wallMs: () => wall,
    setWallMs: () => undefined,
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (id) => clearTimeout(id),
  };
}

const sha256 = (s: string) => crypto.createHash('sha256').update(Buffer.from(s, 'latin1')).digest('latin1');

// One provider update against the test's named, counting the datagrams and connections.
function run(opts: Record<string, string>, ip: string, extra: Partial<ApiContext> = {}): Promise<ApiResult> {
  const udp = nodeUdpPort();
  const tcp = nodeTcpPort();
  const logs: string[] = [];
  const ctx: ApiContext = {
    opts: { username: KEY, password: SECRET, dns_server: '127.0.0.1:' + srv.port, domain: 'home.example.test', ...opts },
    ip, ipv6: ip.includes(':'),
    http: { request: () => { throw new Error('nsupdate must not use HTTP'); } },
    udp: { exchange(o, cb) { udpSent++; udp.exchange(o, cb); } },
    tcp: { exchange(o, cb) { tcpSent++; tcp.exchange(o, cb); } },
    clock: clock(Date.now()), sha256, random: Math.random, userAgent: 'test', log: (m) => logs.push(m),
    ...extra,
  };
  return new Promise((resolve) => {
    let calls = 0;
    nsupdate.update(ctx, (r) => {
      calls++;
      assert.equal(calls, 1, 'exactly one callback');
      setTimeout(() => resolve(r), 20);
    });
  });
}

// What named serves now, read with the firmware's own DNS client.
function read(name: string, type: 'A' | 'AAAA'): Promise<LookupResult> {
  return new Promise((resolve, reject) => {
    lookup({ udp: nodeUdpPort(), tcp: nodeTcpPort(), server: '127.0.0.1', port: srv.port, name, type,
      timeoutMs: 1000, random: Math.random }, (err, res) => (err ? reject(new Error(err)) : resolve(res!)));
  });
}

test('A over UDP replaces the whole RRset, TTL 60', async () => {
  const u = udpSent;
  const t = tcpSent;
  const r = await run({}, '198.51.100.7');
  assert.equal(r.word, 'good', JSON.stringify(r) + srv.log());
  assert.equal(udpSent, u + 1);
  assert.equal(tcpSent, t);
  const a = await read('home.example.test', 'A');
  assert.deepEqual(a.addrs, ['198.51.100.7']);
  assert.equal(a.ttl, 60);
});

test('A over TCP (force_dnstcp=1), ttl from param_opt', async () => {
  const u = udpSent;
  const t = tcpSent;
  const r = await run({ force_dnstcp: '1', param_opt: 'ttl=300' }, '198.51.100.8');
  assert.equal(r.word, 'good', JSON.stringify(r));
  assert.equal(udpSent, u);
  assert.equal(tcpSent, t + 1);
  const a = await read('home.example.test', 'A');
  assert.deepEqual(a.addrs, ['198.51.100.8']);
  assert.equal(a.ttl, 300);
});

test('AAAA, and the A record stays', async () => {
  const r = await run({}, '2001:db8::7');
  assert.equal(r.word, 'good', JSON.stringify(r));
  assert.deepEqual((await read('home.example.test', 'AAAA')).addrs, ['2001:db8::7']);
  assert.deepEqual((await read('home.example.test', 'A')).addrs, ['198.51.100.8']);
});

test('a name that does not exist yet is created; key given as hmac-sha256:NAME', async () => {
  const r = await run({ domain: 'new.example.test', username: 'hmac-sha256:' + KEY }, '203.0.113.9');
  assert.equal(r.word, 'good', JSON.stringify(r));
  assert.deepEqual((await read('new.example.test', 'A')).addrs, ['203.0.113.9']);
});

test('the zone apex with param_opt zone=', async () => {
  const r = await run({ domain: 'example.test', param_opt: 'zone=example.test&ttl=120' }, '203.0.113.10');
  assert.equal(r.word, 'good', JSON.stringify(r));
  assert.deepEqual((await read('example.test', 'A')).addrs, ['203.0.113.10']);
});

test('wrong secret: badauth (BADSIG), record unchanged', async () => {
  const wrong = Buffer.from('not the secret at all 0123456789').toString('base64');
  const r = await run({ password: wrong }, '198.51.100.99');
  assert.equal(r.word, 'badauth', JSON.stringify(r));
  assert.match(r.text || '', /BADSIG/);
  assert.deepEqual((await read('home.example.test', 'A')).addrs, ['198.51.100.8']);
});

test('unknown key name: badauth (BADKEY)', async () => {
  const r = await run({ username: 'other-key' }, '198.51.100.99');
  assert.equal(r.word, 'badauth', JSON.stringify(r));
  assert.match(r.text || '', /BADKEY/);
});

test('clock an hour off: badauth, text says check the clock', async () => {
  const r = await run({}, '198.51.100.99', { clock: clock(Date.now() - 3600 * 1000) });
  assert.equal(r.word, 'badauth', JSON.stringify(r));
  assert.match(r.text || '', /clock/);
  assert.deepEqual((await read('home.example.test', 'A')).addrs, ['198.51.100.8']);
});

test('a zone the server does not serve: nohost', async () => {
  const r = await run({ domain: 'host.not-served.test' }, '198.51.100.99');
  assert.equal(r.word, 'nohost', JSON.stringify(r));
});

test('clock not set: dnserr without sending anything', async () => {
  const u = udpSent;
  const t = tcpSent;
  const r = await run({}, '198.51.100.99', { clock: clock(0) });
  assert.deepEqual(r, { word: 'dnserr', text: 'clock not set: TSIG needs the time' });
  assert.equal(udpSent, u);
  assert.equal(tcpSent, t);
});

test('config errors stop before sending', async () => {
  const u = udpSent;
  assert.equal((await run({ password: '***' }, '198.51.100.99')).word, 'badauth');
  assert.equal((await run({ username: 'hmac-md5:' + KEY }, '198.51.100.99')).word, 'badauth');
  assert.equal((await run({ dns_server: 'ns.example.test' }, '198.51.100.99')).word, 'badsys');
  assert.equal((await run({ domain: 'home.example.test', param_opt: 'zone=other.test' }, '198.51.100.99')).word, 'notfqdn');
  assert.equal((await run({}, '198.51.100.99', { sha256: undefined })).word, 'badsys');
  assert.equal(udpSent, u);
});

test('no server on the port: a network error after the tries', async () => {
  const udp = nodeUdpPort();
  let tries = 0;
  const r = await run({ dns_server: '127.0.0.1:9' }, '198.51.100.99', {
    udp: { exchange(o, cb) { tries++; udp.exchange({ ...o, timeoutMs: 150 }, cb); } },
  });
  assert.equal(tries, 2);
  assert.ok(r.err === 'timeout' || r.err === 'udp', JSON.stringify(r));
});
