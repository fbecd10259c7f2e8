// RFC 2136 UPDATE encoding and RFC 8945 TSIG signing / verification (core/dnsupdate.ts), checked
// against hand-built bytes and Node's own HMAC; then the nsupdate provider's handling of replies
// a real server would not send (forged, unsigned, truncated) through in-memory ports.
import test from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import {
  encodeUpdate, signTsig, verifyTsig, TsigKey, TYPE_TSIG
} from '../../firmware/dns/update';
import { TYPE_A, TYPE_AAAA, tcpFrame, tcpUnframe } from '../../firmware/dns/wire';
import * as nsupdate from '../../firmware/providers/api/nsupdate';
import type { ApiContext } from '../../firmware/providers/types';
import { apiContext, run } from '../helpers/api-provider';

const bin = (s: string) => Buffer.from(s, 'latin1');
const str = (b: Buffer | number[]) => Buffer.from(b as any).toString('latin1');
const sha256 = (s: string) => crypto.createHash('sha256').update(bin(s)).digest('latin1');
const SECRET = 'ddns test secret 0123456789abcdef';
const KEY: TsigKey = { name: 'DDNS-Key', secret: SECRET, sha256 };
const nodeMac = (data: string) => crypto.createHmac('sha256', bin(SECRET)).update(bin(data)).digest('latin1');
const wire = (name: string) => name.split('.').map((l) => String.fromCharCode(l.length) + l).join('') + '\0';
const u16 = (n: number) => String.fromCharCode(n >> 8, n & 255);
const u32 = (n: number) => u16(Math.floor(n / 65536)) + u16(n % 65536);

test('encodeUpdate: hand-checked bytes for an A update', () => {
  const m = encodeUpdate({ id: 0x1234, zone: 'example.test', name: 'h.example.test', type: TYPE_A, ttl: 60, data: '192.0.2.7' });
  const name = wire('h.example.test');
  const expect =
    '\x12\x34' + '\x28\x00' + '\0\x01' + '\0\0' + '\0\x02' + '\0\0' +
    wire('example.test') + '\0\x06' + '\0\x01' +
    name + '\0\x01' + '\0\xff' + '\0\0\0\0' + '\0\0' +
    name + '\0\x01' + '\0\x01' + '\0\0\0\x3c' + '\0\x04' + '\xc0\x00\x02\x07';
  assert.equal(m, expect);
  assert.equal(encodeUpdate({ id: 0x1234, zone: 'example.test.', name: 'h.example.test.', type: TYPE_A, ttl: 60, data: '192.0.2.7' }), m);
});

test('encodeUpdate: AAAA rdata and bad input', () => {
  const m = encodeUpdate({ id: 1, zone: 'example.test', name: 'h.example.test', type: TYPE_AAAA, ttl: 300, data: '2001:db8::7' });
  assert.equal(m.slice(-18), '\0\x10' + str([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7]));
  assert.equal(m.slice(-22, -18), '\0\0\x01\x2c', 'TTL 300');
  const bad = (o: any, code: string) => assert.throws(() => encodeUpdate({
    id: 1, zone: 'example.test', name: 'h.example.test', type: TYPE_A, ttl: 60, data: '192.0.2.7', ...o,
  }), (e: unknown) => e === code);
  bad({ data: '2001:db8::7' }, 'badip');
  bad({ data: '192.0.2' }, 'badip');
  bad({ type: TYPE_AAAA }, 'badip');
  bad({ type: 5 }, 'badtype');
  bad({ name: 'a..b' }, 'badname');
  bad({ zone: '' }, 'badname');
});

// The TSIG variables of RFC 8945 4.3.3 for time t, as the test builds them itself.
const vars = (t: number, error = 0, other = '') =>
  wire('ddns-key') + '\0\xff' + '\0\0\0\0' + wire('hmac-sha256') + u16(Math.floor(t / 4294967296)) + u32(t % 4294967296) +
  u16(300) + u16(error) + u16(other.length) + other;

test('signTsig: TSIG record appended, MAC matches Node HMAC-SHA256, 48-bit time', () => {
  const m = encodeUpdate({ id: 0xbeef, zone: 'example.test', name: 'h.example.test', type: TYPE_A, ttl: 60, data: '192.0.2.7' });
  const t = 0x100000005;
  const s = signTsig(m, KEY, t);
  assert.equal(s.mac, nodeMac(m + vars(t)));
  assert.equal(s.mac.length, 32);
  assert.equal(s.msg.slice(10, 12), '\0\x01', 'ARCOUNT 1');
  assert.equal(s.msg.slice(0, 10) + s.msg.slice(12, m.length), m.slice(0, 10) + m.slice(12));
  const rr = s.msg.slice(m.length);
  const rdata = wire('hmac-sha256') + '\0\x01\0\0\0\x05' + u16(300) + u16(32) + s.mac + '\xbe\xef' + '\0\0' + '\0\0';
  assert.equal(rr, wire('ddns-key') + u16(TYPE_TSIG) + '\0\xff' + '\0\0\0\0' + u16(rdata.length) + rdata);
});

// A reply to request (id, reqMac) signed the way a server signs it (RFC 8945 4.3.2 and 5.3).
function reply(opts: { id: number; reqMac: string; rcode?: number; error?: number; other?: string; t?: number;
  key?: string; alg?: string; noMac?: boolean; tamper?: boolean }): string {
  const t = opts.t ?? 1700000000;
  const body = u16(opts.id) + str([0xa8, opts.rcode ?? 0]) + '\0\x01\0\0\0\0\0\0' + wire('example.test') + '\0\x06\0\x01';
  const error = opts.error ?? 0;
  const other = opts.other ?? '';
  const v = (opts.key ? wire(opts.key) : wire('ddns-key')) + '\0\xff\0\0\0\0' + wire(opts.alg ?? 'hmac-sha256') +
    '\0\0' + u32(t) + u16(300) + u16(error) + u16(other.length) + other;
  const mac = opts.noMac ? '' : crypto.createHmac('sha256', bin(SECRET)).update(bin(u16(opts.reqMac.length) + opts.reqMac + body + v)).digest('latin1');
  const rdata = wire(opts.alg ?? 'hmac-sha256') + '\0\0' + u32(t) + u16(300) + u16(mac.length) + mac + u16(opts.id) +
    u16(error) + u16(other.length) + other;
  let msg = body.slice(0, 10) + '\0\x01' + body.slice(12) + wire(opts.key ?? 'ddns-key') + u16(TYPE_TSIG) + '\0\xff\0\0\0\0' +
    u16(rdata.length) + rdata;
  if (opts.tamper) { msg = msg.slice(0, 20) + String.fromCharCode(msg.charCodeAt(20) ^ 1) + msg.slice(21); }
  return msg;
}

test('verifyTsig: a correctly signed reply verifies; tampering, wrong key or algorithm do not', () => {
  const reqMac = nodeMac('request');
  assert.deepEqual(verifyTsig(reply({ id: 7, reqMac }), KEY, reqMac), { result: 'ok', error: 0, rcode: 0, id: 7 });
  assert.equal(verifyTsig(reply({ id: 7, reqMac, rcode: 9 }), KEY, reqMac).rcode, 9);
  assert.equal(verifyTsig(reply({ id: 7, reqMac, tamper: true }), KEY, reqMac).result, 'bad');
  assert.equal(verifyTsig(reply({ id: 7, reqMac }), KEY, nodeMac('another request')).result, 'bad');
  assert.equal(verifyTsig(reply({ id: 7, reqMac }), { ...KEY, secret: 'x' }, reqMac).result, 'bad');
  assert.equal(verifyTsig(reply({ id: 7, reqMac, key: 'other-key' }), KEY, reqMac).result, 'bad');
  assert.equal(verifyTsig(reply({ id: 7, reqMac, alg: 'hmac-sha1' }), KEY, reqMac).result, 'bad');
  const badtime = verifyTsig(reply({ id: 7, reqMac, rcode: 9, error: 18, other: '\0\0\x65\x53\xf1\x00' }), KEY, reqMac);
  assert.deepEqual(badtime, { result: 'ok', error: 18, rcode: 9, id: 7 });
});

test('verifyTsig: unsigned replies, unsigned TSIG errors, garbage', () => {
  const reqMac = nodeMac('request');
  const plain = u16(7) + '\xa8\x05' + '\0\x01\0\0\0\0\0\0' + wire('example.test') + '\0\x06\0\x01';
  assert.deepEqual(verifyTsig(plain, KEY, reqMac), { result: 'unsigned', error: 0, rcode: 5, id: 7 });
  assert.deepEqual(verifyTsig(reply({ id: 7, reqMac, rcode: 9, error: 17, noMac: true }), KEY, reqMac),
    { result: 'error', error: 17, rcode: 9, id: 7 });
  assert.equal(verifyTsig(reply({ id: 7, reqMac, noMac: true }), KEY, reqMac).result, 'bad');
  const good = reply({ id: 7, reqMac });
  for (let cut = 0; cut < good.length; cut++) {
    const v = verifyTsig(good.slice(0, cut), KEY, reqMac);
    assert.notEqual(v.result, 'ok', 'cut at ' + cut);
  }
  for (let i = 0; i < 300; i++) {
    const junk = str([...crypto.randomBytes(12 + (i % 80))]);
    assert.doesNotThrow(() => verifyTsig(junk, KEY, reqMac));
  }
  assert.equal(verifyTsig('', KEY, reqMac).result, 'bad');
});

// --- the provider with in-memory ports -----------------------------------------------------

type Answer = (req: string) => string | null;

// A provider context whose UDP and TCP ports answer with what the test builds (null: silence).
function ctx(udpAnswer: Answer, tcpAnswer: Answer, opts: Record<string, string> = {}) {
  const sent = { udp: 0, tcp: 0 };
  const c = apiContext({ username: 'ddns-key', password: Buffer.from(SECRET).toString('base64'), dns_server: '192.0.2.53',
    domain: 'h.example.test', ...opts }, '192.0.2.7', {
    http: { request: () => { throw new Error('no HTTP'); } },
    udp: { exchange(o, cb) { sent.udp++; const r = udpAnswer(o.data); setTimeout(() => (r === null ? cb('timeout') : cb(null, r)), 1); } },
    tcp: { exchange(o, cb) {
      sent.tcp++;
      const r = tcpAnswer(tcpUnframe(o.data)!);
      setTimeout(() => (r === null ? cb('timeout') : cb(null, tcpFrame(r))), 1);
    } },
    wall: 1700000000000,
  });
  return { c, sent };
}

// The request's id and MAC, read back from the signed message.
function reqOf(msg: string): { id: number; mac: string } {
  const mac = msg.slice(msg.length - 6 - 32, msg.length - 6);
  return { id: (msg.charCodeAt(0) << 8) | msg.charCodeAt(1), mac };
}

const call = (c: ApiContext) => run(nsupdate, c);

test('nsupdate: signed NOERROR is good; the request is what BIND would get', async () => {
  let seen = '';
  const { c, sent } = ctx((q) => { seen = q; const r = reqOf(q); return reply({ id: r.id, reqMac: r.mac }); }, () => null);
  assert.equal((await call(c)).word, 'good');
  assert.equal(sent.udp, 1);
  const r = reqOf(seen);
  const unsigned = seen.slice(0, 10) + '\0\0' + seen.slice(12, seen.indexOf(wire('ddns-key'), 12));
  assert.equal(r.mac, nodeMac(unsigned + vars(1700000000)));
});

test('nsupdate: an unsigned or forged reply is refused as badsig, never good or badauth', async () => {
  const unsigned = ctx((q) => u16(reqOf(q).id) + '\xa8\x00' + '\0\x01\0\0\0\0\0\0' + wire('example.test') + '\0\x06\0\x01', () => null);
  assert.equal((await call(unsigned.c)).err, 'badsig');
  const forged = ctx((q) => reply({ id: reqOf(q).id, reqMac: nodeMac('not the request'), rcode: 5 }), () => null);
  assert.equal((await call(forged.c)).err, 'badsig');
});

test('nsupdate: a reply with another id is not ours: tried again, then a network error', async () => {
  const { c, sent } = ctx((q) => reply({ id: reqOf(q).id ^ 1, reqMac: reqOf(q).mac }), () => null);
  const r = await call(c);
  assert.equal(r.err, 'badreply');
  assert.equal(sent.udp, 2);
});

test('nsupdate: a truncated UDP reply moves to TCP', async () => {
  const { c, sent } = ctx((q) => u16(reqOf(q).id) + '\xaa\x00' + '\0\0\0\0\0\0\0\0',
    (q) => reply({ id: reqOf(q).id, reqMac: reqOf(q).mac }));
  assert.equal((await call(c)).word, 'good');
  assert.deepEqual(sent, { udp: 1, tcp: 1 });
});

test('nsupdate: rcodes and TSIG errors to words', async () => {
  const cases: [number, number, boolean, string][] = [
    [2, 0, false, 'dnserr'], [3, 0, false, 'nohost'], [5, 0, false, 'badauth'], [9, 0, false, 'nohost'],
    [10, 0, false, 'nohost'], [9, 16, true, 'badauth'], [9, 17, true, 'badauth'], [9, 18, false, 'badauth'], [4, 0, false, 'dnserr'],
  ];
  for (const [rcode, error, noMac, word] of cases) {
    const { c } = ctx((q) => reply({ id: reqOf(q).id, reqMac: reqOf(q).mac, rcode, error, noMac }), () => null);
    const r = await call(c);
    assert.equal(r.word, word, `rcode ${rcode} error ${error}: ${JSON.stringify(r)}`);
  }
});
