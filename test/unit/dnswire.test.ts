// Tables for the DNS wire codec: a hand-checked query, responses built by dns-packet (and
// compressed ones built by hand, cross-checked with dns-packet's decoder), hostile inputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import dnsPacket from 'dns-packet';
import {
  encodeQuery, decodeResponse, tcpFrame, tcpUnframe, formatIPv6Bytes
} from '../../firmware/dns/wire';

const bin = (b: Buffer | number[]) => Buffer.from(b as any).toString('latin1');
const buf = (s: string) => Buffer.from(s, 'latin1');
const u16 = (n: number) => [(n >> 8) & 0xff, n & 0xff];
const labels = (name: string) => {
  const out: number[] = [];
  for (const l of name.split('.')) { out.push(l.length, ...Buffer.from(l, 'latin1')); }
  return out;
};
const nameBytes = (name: string) => [...labels(name), 0];
const ptr = (off: number) => [0xc0 | (off >> 8), off & 0xff];
const header = (id: number, flags: number, qd: number, an: number) =>
  [...u16(id), ...u16(flags), ...u16(qd), ...u16(an), 0, 0, 0, 0];
const rr = (name: number[], type: number, ttl: number, rdata: number[]) =>
  [...name, ...u16(type), 0, 1, (ttl >>> 24) & 0xff, (ttl >> 16) & 0xff, (ttl >> 8) & 0xff,
    ttl & 0xff, ...u16(rdata.length), ...rdata];

// --- encodeQuery ---------------------------------------------------------------------------

test('encodeQuery: hand-checked vector for example.com A', () => {
  const expect = [
    0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x07, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x03, 0x63, 0x6f, 0x6d, 0x00,
    0x00, 0x01, 0x00, 0x01
  ];
  assert.deepEqual([...buf(encodeQuery(0x1234, 'example.com', 'A'))], expect);
  assert.equal(encodeQuery(0x1234, 'example.com.', 'A'), encodeQuery(0x1234, 'example.com', 'A'));
});

test('encodeQuery: types, ids and what dns-packet reads back', () => {
  const cases: Array<[number, string, 'A' | 'AAAA' | number, string]> = [
    [0, 'a.test', 'A', 'A'],
    [0xffff, 'host.example.test', 'AAAA', 'AAAA'],
    [0x10000 + 5, 'x.y', 5, 'CNAME'],
    [42, 'Mixed.Case.Test', 16, 'TXT'],
  ];
  for (const [id, name, type, tname] of cases) {
    const p = dnsPacket.decode(buf(encodeQuery(id, name, type)));
    assert.equal(p.id, id & 0xffff);
    assert.equal(p.flag_rd, true);
    assert.equal(p.type, 'query');
    assert.deepEqual(p.questions, [{ name, type: tname, class: 'IN' }]);
  }
});

test('encodeQuery: invalid names and types throw short codes', () => {
  const l63 = 'a'.repeat(63);
  const ok253 = [l63, l63, l63, 'a'.repeat(61)].join('.');
  assert.equal(ok253.length, 253);
  assert.doesNotThrow(() => encodeQuery(1, ok253, 'A'));
  assert.doesNotThrow(() => encodeQuery(1, l63 + '.test', 'A'));
  const bad = ['', '.', 'a..b', '.a', l63 + 'a.test', ok253 + 'a', 'a b.test', 'caf\u00e9.test',
    'tab\t.test', 'x'.repeat(300)];
  for (const n of bad) {
    assert.throws(() => encodeQuery(1, n, 'A'), (e: unknown) => e === 'badname', JSON.stringify(n));
  }
  for (const t of [0, 65536, 1.5, -1, 'MX' as any]) {
    assert.throws(() => encodeQuery(1, 'a.test', t), (e: unknown) => e === 'badtype', String(t));
  }
});

// --- formatIPv6Bytes -----------------------------------------------------------------------

test('formatIPv6Bytes: RFC 5952 text', () => {
  const hex = (h: string) => [...Buffer.from(h.padStart(32, '0'), 'hex')];
  const table: Array<[string, string]> = [
    ['0', '::'],
    ['1', '::1'],
    ['20010db8000000000000000000000001', '2001:db8::1'],
    ['20010db8000000010001000100010001', '2001:db8:0:1:1:1:1:1'],
    ['20010000000000010000000000000001', '2001:0:0:1::1'],
    ['20010db8000000000001000000000001', '2001:db8::1:0:0:1'],
    ['fe800000000000000000000000000000', 'fe80::'],
    ['20010db8aaaabbbbccccddddeeeeffff', '2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff'],
    ['00000000000000000000ffff01020304', '::ffff:1.2.3.4'],
    ['00010000000000000000000000000000', '1::'],
    ['00000000000000000000000000010000', '::1:0'],
    ['0001000000000000000000000000ffff', '1::ffff'],
  ];
  for (const [h, s] of table) { assert.equal(formatIPv6Bytes(hex(h)), s, h); }
  assert.equal(formatIPv6Bytes([1, 2, 3]), '');
});

// --- decodeResponse of well-formed replies --------------------------------------------------

test('decodeResponse: replies built by dns-packet', () => {
  const q = (name: string, type: string) => [{ name, type, class: 'IN' }];
  const table: Array<{ what: string; pkt: any; expect: any }> = [
    {
      what: 'single A, authoritative',
      pkt: { type: 'response', id: 0xbeef, flags: dnsPacket.AUTHORITATIVE_ANSWER,
        questions: q('www.example.test', 'A'),
        answers: [{ type: 'A', name: 'www.example.test', ttl: 300, data: '192.0.2.1' }] },
      expect: { id: 0xbeef, rcode: 0, tc: false, aa: true, qname: 'www.example.test', qtype: 1,
        qclass: 1, answers: [{ name: 'www.example.test', type: 1, cls: 1, ttl: 300, data: '192.0.2.1' }] }
    },
    {
      what: 'AAAA pair',
      pkt: { type: 'response', id: 1, questions: q('v6.example.test', 'AAAA'),
        answers: [
          { type: 'AAAA', name: 'v6.example.test', ttl: 60, data: '2001:db8::1' },
          { type: 'AAAA', name: 'v6.example.test', ttl: 4294967295, data: '2001:db8:0:0:1:0:0:1' }] },
      expect: { id: 1, rcode: 0, tc: false, aa: false, qname: 'v6.example.test', qtype: 28, qclass: 1,
        answers: [
          { name: 'v6.example.test', type: 28, cls: 1, ttl: 60, data: '2001:db8::1' },
          { name: 'v6.example.test', type: 28, cls: 1, ttl: 0, data: '2001:db8::1:0:0:1' }] }
    },
    {
      what: 'CNAME chain then A',
      pkt: { type: 'response', id: 2, questions: q('a.example.test', 'A'),
        answers: [
          { type: 'CNAME', name: 'a.example.test', ttl: 10, data: 'b.example.test' },
          { type: 'CNAME', name: 'b.example.test', ttl: 20, data: 'c.other.test' },
          { type: 'A', name: 'c.other.test', ttl: 30, data: '10.0.0.3' }] },
      expect: { id: 2, rcode: 0, tc: false, aa: false, qname: 'a.example.test', qtype: 1, qclass: 1,
        answers: [
          { name: 'a.example.test', type: 5, cls: 1, ttl: 10, data: 'b.example.test' },
          { name: 'b.example.test', type: 5, cls: 1, ttl: 20, data: 'c.other.test' },
          { name: 'c.other.test', type: 1, cls: 1, ttl: 30, data: '10.0.0.3' }] }
    },
    {
      what: 'NXDOMAIN, no answers',
      pkt: { type: 'response', id: 3, flags: 3, questions: q('nope.example.test', 'A'), answers: [] },
      expect: { id: 3, rcode: 3, tc: false, aa: false, qname: 'nope.example.test', qtype: 1,
        qclass: 1, answers: [] }
    },
    {
      what: 'TXT: its first character-string, TC bit',
      pkt: { type: 'response', id: 4, flags: dnsPacket.TRUNCATED_RESPONSE,
        questions: q('t.example.test', 'TXT'),
        answers: [{ type: 'TXT', name: 't.example.test', ttl: 1, data: ['hello', 'world'] }] },
      expect: { id: 4, rcode: 0, tc: true, aa: false, qname: 't.example.test', qtype: 16, qclass: 1,
        answers: [{ name: 't.example.test', type: 16, cls: 1, ttl: 1, data: 'hello' }] }
    },
    {
      what: 'other types keep empty data',
      pkt: { type: 'response', id: 5, questions: q('m.example.test', 'MX'),
        answers: [{ type: 'MX', name: 'm.example.test', ttl: 1, data: { preference: 10, exchange: 'mx.example.test' } }] },
      expect: { id: 5, rcode: 0, tc: false, aa: false, qname: 'm.example.test', qtype: 15, qclass: 1,
        answers: [{ name: 'm.example.test', type: 15, cls: 1, ttl: 1, data: '' }] }
    },
  ];
  for (const { what, pkt, expect } of table) {
    assert.deepEqual(decodeResponse(bin(dnsPacket.encode(pkt))), expect, what);
  }
});

test('decodeResponse: compressed names (hand-built, checked against dns-packet)', () => {
  // question www.example.test at 12; answers point into it and into each other
  const qn = nameBytes('www.example.test');
  const afterQ = 12 + qn.length + 4;
  const cnameRdata = [...labels('alias'), ...ptr(12 + 4)]; // alias.example.test
  const r1 = rr(ptr(12), 5, 100, cnameRdata);
  const aliasAt = afterQ + 2 + 10; // rdata of record 1
  const r2 = rr(ptr(aliasAt), 1, 200, [198, 51, 100, 7]);
  const r3 = rr([...labels('v6'), ...ptr(aliasAt)], 28, 300,
    [...Buffer.from('20010db8000000000000000000000abc', 'hex')]);
  const msg = [...header(9, 0x8580, 1, 3), ...qn, 0, 1, 0, 1, ...r1, ...r2, ...r3];
  const oracle = dnsPacket.decode(Buffer.from(msg));
  assert.deepEqual(oracle.answers.map((a: any) => [a.name, a.data]), [
    ['www.example.test', 'alias.example.test'],
    ['alias.example.test', '198.51.100.7'],
    ['v6.alias.example.test', '2001:db8::abc'],
  ]);
  const d = decodeResponse(bin(msg));
  assert.ok(d);
  assert.equal(d.aa, true);
  assert.deepEqual(d.answers, [
    { name: 'www.example.test', type: 5, cls: 1, ttl: 100, data: 'alias.example.test' },
    { name: 'alias.example.test', type: 1, cls: 1, ttl: 200, data: '198.51.100.7' },
    { name: 'v6.alias.example.test', type: 28, cls: 1, ttl: 300, data: '2001:db8::abc' },
  ]);
});

test('decodeResponse: odd label bytes are escaped, never mistaken for dots', () => {
  const msg = [...header(1, 0x8000, 1, 0), 3, 0x61, 0x2e, 0x62, 2, 0x5c, 0x00, 0, 0, 1, 0, 1];
  assert.equal(decodeResponse(bin(msg))?.qname, 'a\\.b.\\\\\\000');
});

test('decodeResponse: at most 32 answers are kept', () => {
  const answers: any[] = [];
  for (let i = 0; i < 40; i++) { answers.push({ type: 'A', name: 'm.test', ttl: 1, data: '10.0.0.' + i }); }
  const d = decodeResponse(bin(dnsPacket.encode({ type: 'response', id: 5,
    questions: [{ name: 'm.test', type: 'A' }], answers })));
  assert.equal(d?.answers.length, 32);
  assert.equal(d?.answers[31].data, '10.0.0.31');
});

test('decodeResponse: 20 pointer jumps pass, 21 fail', () => {
  const build = (n: number) => {
    // record 1 (unknown type) holds n pointers, each to the one before; the first to the question
    const qn = nameBytes('deep.test');
    const chainAt = 12 + qn.length + 4 + 2 + 10;
    const chain: number[] = [];
    for (let k = 0; k < n; k++) { chain.push(...ptr(k === 0 ? 12 : chainAt + 2 * (k - 1))); }
    const r1 = rr(ptr(12), 0xff00, 1, chain);
    const r2 = rr(ptr(chainAt + 2 * (n - 1)), 1, 1, [1, 2, 3, 4]);
    return [...header(1, 0x8000, 1, 2), ...qn, 0, 1, 0, 1, ...r1, ...r2];
  };
  assert.equal(decodeResponse(bin(build(19)))?.answers[1].name, 'deep.test'); // 20 jumps
  assert.equal(dnsPacket.decode(Buffer.from(build(19))).answers[1].name, 'deep.test');
  assert.equal(decodeResponse(bin(build(20))), null); // 21 jumps
});

test('decodeResponse: TC reply cut inside a record keeps the whole records', () => {
  const full = bin(dnsPacket.encode({ type: 'response', id: 6, flags: dnsPacket.TRUNCATED_RESPONSE,
    questions: [{ name: 'tc.test', type: 'A' }],
    answers: [{ type: 'A', name: 'tc.test', ttl: 1, data: '10.1.1.1' },
      { type: 'A', name: 'tc.test', ttl: 1, data: '10.1.1.2' }] }));
  const d = decodeResponse(full.substr(0, full.length - 3));
  assert.equal(d?.tc, true);
  assert.deepEqual(d?.answers.map((a) => a.data), ['10.1.1.1']);
});

// --- hostile input --------------------------------------------------------------------------

test('decodeResponse: malformed inputs give null', () => {
  const qn = nameBytes('x.test');
  const q = [...qn, 0, 1, 0, 1];
  const table: Array<[string, number[] | string]> = [
    ['empty', []],
    ['truncated header', header(1, 0x8000, 0, 0).slice(0, 11)],
    ['not a response (QR=0)', [...header(1, 0x0100, 1, 0), ...q]],
    ['question missing', header(1, 0x8000, 1, 0)],
    ['question cut in qtype', [...header(1, 0x8000, 1, 0), ...qn, 0]],
    ['pointer to itself', [...header(1, 0x8000, 1, 0), ...ptr(12), 0, 1, 0, 1]],
    ['pointer loop through a label', [...header(1, 0x8000, 1, 0), 1, 0x61, ...ptr(12), 0, 1, 0, 1]],
    ['two names pointing at each other',
      [...header(1, 0x8000, 1, 1), 1, 0x61, ...ptr(20), 0, 1, 0, 1, ...rr([1, 0x62, ...ptr(12)], 1, 1, [1, 1, 1, 1])]],
    ['pointer forward', [...header(1, 0x8000, 1, 0), ...ptr(18), 0, 1, 0, 1, ...qn]],
    ['pointer past the end', [...header(1, 0x8000, 1, 0), ...ptr(0x3fff), 0, 1, 0, 1]],
    ['pointer cut in half', [...header(1, 0x8000, 1, 0), 0xc0]],
    ['label length 64 (0x40 type)', [...header(1, 0x8000, 1, 0), 64, ...Buffer.from('a'.repeat(64)), 0, 0, 1, 0, 1]],
    ['label length 0x80', [...header(1, 0x8000, 1, 0), 0x80, 0, 0, 1, 0, 1]],
    ['label past the end', [...header(1, 0x8000, 1, 0), 10, 0x61, 0x62]],
    ['name over 255 octets', [...header(1, 0x8000, 1, 0),
      ...labels(['a'.repeat(63), 'b'.repeat(63), 'c'.repeat(63), 'd'.repeat(63)].join('.')), 0, 0, 1, 0, 1]],
    ['answer count beyond data', [...header(1, 0x8000, 1, 1), ...q]],
    ['rdlength beyond data', [...header(1, 0x8000, 1, 1), ...q, ...rr(ptr(12), 1, 1, [1, 2, 3, 4]).slice(0, -1)]],
    ['A with 5 bytes', [...header(1, 0x8000, 1, 1), ...q, ...rr(ptr(12), 1, 1, [1, 2, 3, 4, 5])]],
    ['AAAA with 4 bytes', [...header(1, 0x8000, 1, 1), ...q, ...rr(ptr(12), 28, 1, [1, 2, 3, 4])]],
    ['CNAME name overruns rdata', [...header(1, 0x8000, 1, 1), ...q, ...rr(ptr(12), 5, 1, [1, 0x61])]],
    ['CNAME shorter than rdata', [...header(1, 0x8000, 1, 1), ...q, ...rr(ptr(12), 5, 1, [...ptr(12), 0])]],
    ['not a binary string', '\u0100'.repeat(20)],
  ];
  for (const [what, m] of table) {
    assert.equal(decodeResponse(typeof m === 'string' ? m : bin(m)), null, what);
  }
  assert.equal(decodeResponse(undefined as any), null);
  assert.equal(decodeResponse(42 as any), null);
});

// mulberry32: a small PRNG so the garbage is the same on every run
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const checkShape = (d: ReturnType<typeof decodeResponse>) => {
  if (d === null) { return; }
  assert.ok(d.answers.length <= 32);
  assert.equal(typeof d.id, 'number');
  for (const a of d.answers) { assert.equal(typeof a.name, 'string'); assert.equal(typeof a.data, 'string'); }
};

test('decodeResponse: 2000 random garbage messages never throw', () => {
  const rnd = prng(0xdec0de);
  let parsed = 0;
  for (let i = 0; i < 2000; i++) {
    const len = Math.floor(rnd() * 300);
    const bytes: number[] = [];
    for (let k = 0; k < len; k++) { bytes.push(Math.floor(rnd() * 256)); }
    if (i % 2 === 0 && len >= 12) { bytes[2] |= 0x80; bytes[4] = 0; bytes[5] = 1; bytes[6] = 0; bytes[7] = 2; }
    const d = decodeResponse(bin(bytes));
    checkShape(d);
    if (d) { parsed++; }
  }
  assert.ok(parsed > 0, 'some garbage should still parse as a header');
});

test('decodeResponse: 2000 mutations of a valid compressed reply never throw', () => {
  const rnd = prng(12345);
  const base = [...header(9, 0x8180, 1, 2), ...nameBytes('www.example.test'), 0, 1, 0, 1,
    ...rr(ptr(12), 5, 100, [...labels('alias'), ...ptr(16)]),
    ...rr(ptr(46), 1, 200, [198, 51, 100, 7])];
  assert.equal(decodeResponse(bin(base))?.answers[1].data, '198.51.100.7');
  for (let i = 0; i < 2000; i++) {
    const m = base.slice();
    const flips = 1 + Math.floor(rnd() * 4);
    for (let k = 0; k < flips; k++) { m[Math.floor(rnd() * m.length)] = Math.floor(rnd() * 256); }
    const cut = rnd() < 0.3 ? Math.floor(rnd() * m.length) : m.length;
    checkShape(decodeResponse(bin(m.slice(0, cut))));
  }
});

// --- TCP framing ----------------------------------------------------------------------------

test('tcpFrame / tcpUnframe', () => {
  assert.equal(tcpFrame('abc'), '\x00\x03abc');
  const big = 'x'.repeat(300);
  assert.equal(tcpFrame(big).substr(0, 2), '\x01\x2c');
  const f = tcpFrame(big);
  assert.equal(tcpUnframe(''), null);
  assert.equal(tcpUnframe('\x01'), null);
  assert.equal(tcpUnframe(f.substr(0, 301)), null);
  assert.equal(tcpUnframe(f), big);
  assert.equal(tcpUnframe(f + '\x00\x01z'), big);
  assert.equal(tcpUnframe('\x00\x00'), '');
  assert.throws(() => tcpFrame('x'.repeat(65536)), (e: unknown) => e === 'toobig');
});

// --- the authority and additional sections (dns/authority.ts) --------------------------------

test('encodeQuery norec: RD=0, all else the same', () => {
  const q = buf(encodeQuery(0x1234, 'example.com', 'A', true));
  assert.deepEqual([...q.subarray(2, 4)], [0x00, 0x00]);
  assert.deepEqual([...q.subarray(4)], [...buf(encodeQuery(0x1234, 'example.com', 'A')).subarray(4)]);
  assert.equal(dnsPacket.decode(q).flags & dnsPacket.RECURSION_DESIRED, 0);
});

test('decodeResponse all: NS and SOA in authority, glue in additional, as dns-packet encodes them', () => {
  const soa = { type: 'SOA', name: 'example.test', ttl: 60, data: { mname: 'ns1.example.test', rname: 'h.example.test',
    serial: 1, refresh: 1, retry: 1, expire: 1, minimum: 60 } };
  const pkt = { type: 'response', id: 7, flags: dnsPacket.AUTHORITATIVE_ANSWER, questions: [{ type: 'NS', name: 'example.test' }],
    answers: [{ type: 'NS', name: 'example.test', ttl: 86400, data: 'ns1.example.test' }],
    authorities: [soa, { type: 'NS', name: 'example.test', ttl: 3600, data: 'ns2.example.net' }],
    additionals: [{ type: 'A', name: 'ns1.example.test', ttl: 86400, data: '192.0.2.53' },
      { type: 'AAAA', name: 'ns1.example.test', ttl: 86400, data: '2001:db8::53' }] } as any;
  const m = bin(dnsPacket.encode(pkt));
  const d = decodeResponse(m, true)!;
  assert.equal(d.aa, true);
  assert.deepEqual(d.answers, [{ name: 'example.test', type: 2, cls: 1, ttl: 86400, data: 'ns1.example.test' }]);
  assert.deepEqual(d.auth, [{ name: 'example.test', type: 6, cls: 1, ttl: 60, data: '' },
    { name: 'example.test', type: 2, cls: 1, ttl: 3600, data: 'ns2.example.net' }]);
  assert.deepEqual(d.extra, [{ name: 'ns1.example.test', type: 1, cls: 1, ttl: 86400, data: '192.0.2.53' },
    { name: 'ns1.example.test', type: 28, cls: 1, ttl: 86400, data: '2001:db8::53' }]);
  // without all: the shape the other callers know
  assert.equal('auth' in decodeResponse(m)!, false);
  // an additional section cut short keeps what was whole; the answers stay
  const cut = decodeResponse(m.substr(0, m.length - 5), true)!;
  assert.equal(cut.answers.length, 1);
  assert.equal(cut.auth!.length, 2);
  assert.deepEqual(cut.extra!.map((x) => x.data), ['192.0.2.53']);
  // a bad NS rdata length in authority: that section ends there
  const bad = bin([...header(1, 0x8400, 0, 0).slice(0, 8), 0, 1, 0, 0, ...rr(nameBytes('a.test'), 2, 1, [...nameBytes('ns.a.test'), 9])]);
  assert.deepEqual(decodeResponse(bad, true)!.auth, []);
});
