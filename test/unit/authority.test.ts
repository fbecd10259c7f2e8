// dns/authority.ts readRegistered as a table: a scripted network of a resolver and a zone's
// servers (in-memory UdpPort, replies built with dns-packet), one row per way a read can go:
// which questions go where (with or without recursion), what is answered, what is cached, and
// what the status is told.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import dnsPacket from 'dns-packet';
import { readRegistered, ZoneCache, ReadOpts, NS_TTL_MIN_MS, UNREACHED_MS } from '../../firmware/dns/authority';
import type { UdpPort, TcpPort } from '../../firmware/core/ports';

const RES = '192.168.1.1';
const NS1 = '198.51.100.1';
const NS2 = '198.51.100.2';
const NOW = 5000000;
const H = 3600000;
const TRUE_IP = '203.0.113.7';
const STALE = '192.0.2.1';

type Q = { name: string; type: string; rd: boolean };
/** a server: a reply packet for a question, or null for silence */
type Server = (q: Q) => any;

const soa = { type: 'SOA', name: 'example.com', ttl: 60,
  data: { mname: 'ns1.example.com', rname: 'hostmaster.example.com', serial: 1, refresh: 3600, retry: 600, expire: 86400, minimum: 60 } };
const rr = (type: string, name: string, data: any, ttl = 3600) => ({ type, name, ttl, data });

// The resolver: the zone's NS set (ns1 with glue, ns2 out of zone without), the stale record.
function resolver(over: Partial<Record<string, any>> = {}): Server {
  return (q) => {
    const key = q.type + ' ' + q.name;
    if (key in over) return over[key];
    if (key === 'NS home.example.com') return { answers: [], authorities: [soa] };
    if (key === 'NS example.com') {
      return { answers: [rr('NS', 'example.com', 'ns1.example.com', 86400), rr('NS', 'example.com', 'ns2.example.net', 86400)],
        additionals: [rr('A', 'ns1.example.com', NS1, 86400)] };
    }
    if (key === 'A ns2.example.net') return { answers: [rr('A', 'ns2.example.net', NS2)] };
    if (key === 'A home.example.com') return { answers: [rr('A', 'home.example.com', STALE)] };
    return { rcode: 'NXDOMAIN', answers: [], authorities: [soa] };
  };
}

// A zone's server: the true record, authoritative; asked with recursion it still answers.
const zoneServer: Server = (q) => q.type === 'A' && q.name === 'home.example.com'
  ? { answers: [rr('A', 'home.example.com', TRUE_IP, 60)] }
  : { rcode: 'NXDOMAIN', answers: [], authorities: [soa] };
const silent: Server = () => null;

// The in-memory network: every datagram is logged as 'server TYPE name +rd|-rd'.
function network(servers: Record<string, Server>) {
  const log: string[] = [];
  const udp: UdpPort = {
    exchange(o, cb) {
      const p = dnsPacket.decode(Buffer.from(o.data, 'latin1'));
      const q: Q = { name: p.questions![0].name, type: p.questions![0].type, rd: ((p.flags || 0) & dnsPacket.RECURSION_DESIRED) !== 0 };
      log.push(o.host + ' ' + q.type + ' ' + q.name + (q.rd ? ' +rd' : ' -rd'));
      const srv = servers[o.host];
      const out = srv ? srv(q) : null;
      setImmediate(() => {
        if (!out) { cb('timeout'); return; }
        const rcode = out.rcode === 'NXDOMAIN' ? 3 : out.rcode === 'REFUSED' ? 5 : 0;
        const msg = Buffer.from(dnsPacket.encode({ type: 'response', id: p.id,
          flags: (out.aa === false ? 0 : dnsPacket.AUTHORITATIVE_ANSWER) | rcode,
          questions: p.questions, answers: out.answers || [], authorities: out.authorities || [], additionals: out.additionals || [] })).toString('latin1');
        if (o.accept && !o.accept(msg)) { cb('timeout'); return; }
        cb(null, msg);
      });
    }
  };
  const tcp: TcpPort = { exchange(o, cb) { setImmediate(() => cb('connect')); } };
  return { udp, tcp, log };
}

type Row = {
  name: string;
  servers: Record<string, Server>;
  opts?: Partial<ReadOpts>;
  cache?: ZoneCache | null;
  err?: string | null;
  addrs?: string[];
  at: string;
  note?: RegExp | '';
  asked: string[];
  kept?: ZoneCache | null;
};

const FOUND: ZoneCache = { z: 'example.com', a: NS1 + ' ' + NS2, e: NOW + 86400000, i: 0 };
const DISCOVERY = [RES + ' NS home.example.com +rd', RES + ' NS example.com +rd', RES + ' A ns2.example.net +rd'];

const ROWS: Row[] = [
  { name: 'no cache: the zone and its servers through the resolver, the address from ns1 without recursion',
    servers: { [RES]: resolver(), [NS1]: zoneServer, [NS2]: zoneServer },
    addrs: [TRUE_IP], at: NS1, note: '', kept: FOUND,
    asked: [...DISCOVERY, NS1 + ' A home.example.com -rd'] },
  { name: 'cached: one question, to the zone\'s server',
    servers: { [RES]: resolver(), [NS1]: zoneServer, [NS2]: zoneServer }, cache: { ...FOUND },
    addrs: [TRUE_IP], at: NS1, note: '', kept: FOUND, asked: [NS1 + ' A home.example.com -rd'] },
  { name: 'cached, the last answer came from ns2: ns2 first',
    servers: { [RES]: resolver(), [NS1]: zoneServer, [NS2]: zoneServer }, cache: { ...FOUND, i: 1 },
    addrs: [TRUE_IP], at: NS2, kept: { ...FOUND, i: 1 }, asked: [NS2 + ' A home.example.com -rd'] },
  { name: 'ns1 silent: two tries, then ns2, which is asked first next time',
    servers: { [RES]: resolver(), [NS1]: silent, [NS2]: zoneServer }, cache: { ...FOUND },
    addrs: [TRUE_IP], at: NS2, kept: { ...FOUND, i: 1 },
    asked: [NS1 + ' A home.example.com -rd', NS1 + ' A home.example.com -rd', NS2 + ' A home.example.com -rd'] },
  { name: 'ns1 answers without authority (a resolver, a lame delegation): skipped',
    servers: { [RES]: resolver(), [NS1]: (q) => ({ ...zoneServer(q), aa: false, answers: [rr('A', q.name, STALE)] }), [NS2]: zoneServer },
    cache: { ...FOUND }, addrs: [TRUE_IP], at: NS2, kept: { ...FOUND, i: 1 },
    asked: [NS1 + ' A home.example.com -rd', NS2 + ' A home.example.com -rd'] },
  { name: 'ns1 refuses: skipped',
    servers: { [RES]: resolver(), [NS1]: () => ({ rcode: 'REFUSED' }), [NS2]: zoneServer },
    cache: { ...FOUND }, addrs: [TRUE_IP], at: NS2, kept: { ...FOUND, i: 1 },
    asked: [NS1 + ' A home.example.com -rd', NS2 + ' A home.example.com -rd'] },
  { name: 'an authoritative NXDOMAIN is an answer: no other server, no resolver',
    servers: { [RES]: resolver(), [NS1]: () => ({ rcode: 'NXDOMAIN', authorities: [soa] }), [NS2]: zoneServer },
    cache: { ...FOUND }, err: 'nxdomain', at: NS1, kept: FOUND, asked: [NS1 + ' A home.example.com -rd'] },
  { name: 'no zone server reached (a firewall): the resolver answers for an hour, and says so',
    servers: { [RES]: resolver(), [NS1]: silent, [NS2]: silent }, cache: { ...FOUND },
    addrs: [STALE], at: RES, note: /^the servers of example\.com were not reached \(timeout\): read from the resolver 192\.168\.1\.1$/,
    kept: { ...FOUND, i: -1, e: NOW + UNREACHED_MS },
    asked: [NS1 + ' A home.example.com -rd', NS1 + ' A home.example.com -rd', NS2 + ' A home.example.com -rd',
      NS2 + ' A home.example.com -rd', RES + ' A home.example.com +rd'] },
  { name: 'within that hour: straight to the resolver',
    servers: { [RES]: resolver(), [NS1]: zoneServer }, cache: { ...FOUND, i: -1, e: NOW + 1000 },
    addrs: [STALE], at: RES, note: /^the servers of example\.com were not reached: read from the resolver/,
    kept: { ...FOUND, i: -1, e: NOW + 1000 }, asked: [RES + ' A home.example.com +rd'] },
  { name: 'the cache expired: found again',
    servers: { [RES]: resolver(), [NS1]: zoneServer, [NS2]: zoneServer }, cache: { ...FOUND, e: NOW, i: -1 },
    addrs: [TRUE_IP], at: NS1, kept: FOUND, asked: [...DISCOVERY, NS1 + ' A home.example.com -rd'] },
  { name: 'the cache is of another zone (lookup_host changed): found again',
    servers: { [RES]: resolver(), [NS1]: zoneServer, [NS2]: zoneServer }, cache: { ...FOUND, z: 'example.org' },
    addrs: [TRUE_IP], at: NS1, kept: FOUND, asked: [...DISCOVERY, NS1 + ' A home.example.com -rd'] },
  { name: 'lookup_host is the zone apex: its NS set in one question',
    servers: { [RES]: resolver(), [NS1]: (q) => ({ answers: [rr('A', q.name, TRUE_IP)] }) }, opts: { name: 'example.com' },
    addrs: [TRUE_IP], at: NS1, kept: FOUND,
    asked: [RES + ' NS example.com +rd', RES + ' A ns2.example.net +rd', NS1 + ' A example.com -rd'] },
  { name: 'a short NS TTL is kept 5 min',
    servers: { [RES]: resolver({ 'NS example.com': { answers: [rr('NS', 'example.com', 'ns1.example.com', 30)],
      additionals: [rr('A', 'ns1.example.com', NS1)] } }), [NS1]: zoneServer },
    addrs: [TRUE_IP], at: NS1, kept: { z: 'example.com', a: NS1, e: NOW + NS_TTL_MIN_MS, i: 0 },
    asked: [RES + ' NS home.example.com +rd', RES + ' NS example.com +rd', NS1 + ' A home.example.com -rd'] },
  { name: 'ten NS names: three kept',
    servers: { [RES]: resolver({ 'NS example.com': { answers: Array.from({ length: 10 }, (_, i) => rr('NS', 'example.com', 'ns' + i + '.example.com')),
      additionals: Array.from({ length: 10 }, (_, i) => rr('A', 'ns' + i + '.example.com', '198.51.100.' + (10 + i))) } }),
    '198.51.100.10': zoneServer },
    addrs: [TRUE_IP], at: '198.51.100.10', kept: { z: 'example.com', a: '198.51.100.10 198.51.100.11 198.51.100.12', e: NOW + H, i: 0 },
    asked: [RES + ' NS home.example.com +rd', RES + ' NS example.com +rd', '198.51.100.10 A home.example.com -rd'] },
  { name: 'lookup_host is an alias (CNAME): the resolver answers, and says why',
    servers: { [RES]: resolver({ 'NS home.example.com': { answers: [rr('CNAME', 'home.example.com', 'x.example.net')] } }) },
    addrs: [STALE], at: RES, note: /^the zone of home\.example\.com was not found \(home\.example\.com is an alias \(CNAME\)\)/, kept: null,
    asked: [RES + ' NS home.example.com +rd', RES + ' A home.example.com +rd'] },
  { name: 'the resolver names no zone (no SOA): the resolver answers',
    servers: { [RES]: resolver({ 'NS home.example.com': { answers: [] } }) },
    addrs: [STALE], at: RES, note: /no SOA in the answer/, kept: null,
    asked: [RES + ' NS home.example.com +rd', RES + ' A home.example.com +rd'] },
  { name: 'a SOA of a zone that does not enclose the name is not believed',
    servers: { [RES]: resolver({ 'NS home.example.com': { answers: [], authorities: [{ ...soa, name: 'evil.test' }] } }) },
    addrs: [STALE], at: RES, note: /no SOA in the answer/, kept: null,
    asked: [RES + ' NS home.example.com +rd', RES + ' A home.example.com +rd'] },
  { name: 'no server has an IPv4 address: the resolver answers',
    servers: { [RES]: resolver({ 'NS example.com': { answers: [rr('NS', 'example.com', 'ns2.example.net')] },
      'A ns2.example.net': { answers: [] } }) },
    addrs: [STALE], at: RES, note: /^no IPv4 address found for the servers of example\.com/, kept: null,
    asked: [RES + ' NS home.example.com +rd', RES + ' NS example.com +rd', RES + ' A ns2.example.net +rd', RES + ' A home.example.com +rd'] },
  { name: 'dns_lookup resolver: the resolver only, nothing to say',
    servers: { [RES]: resolver(), [NS1]: zoneServer }, opts: { auth: 0 }, cache: { ...FOUND },
    addrs: [STALE], at: RES, note: '', kept: null, asked: [RES + ' A home.example.com +rd'] },
];

function read(row: Row): Promise<{ err: string | null; addrs?: string[]; at: string; note: string; cache: ZoneCache | null; log: string[] }> {
  const net = network(row.servers);
  return new Promise((resolve) => {
    readRegistered({ udp: net.udp, tcp: net.tcp, random: Math.random, server: RES, port: 53, name: 'home.example.com',
      type: 'A', tcpOnly: false, auth: 1, nowMs: NOW, cache: row.cache === undefined ? null : row.cache, ...row.opts },
    (err, res, how) => resolve({ err, addrs: res && res.addrs, at: how.at, note: how.note, cache: how.cache, log: net.log }));
  });
}

for (const row of ROWS) {
  test('authority: ' + row.name, async () => {
    const got = await read(row);
    assert.deepEqual(got.log, row.asked, 'questions');
    assert.equal(got.err, row.err === undefined ? null : row.err);
    if (row.addrs) assert.deepEqual(got.addrs, row.addrs);
    assert.equal(got.at, row.at);
    if (row.note === '') assert.equal(got.note, '');
    else if (row.note) assert.match(got.note, row.note);
    if (row.kept !== undefined) assert.deepEqual(got.cache, row.kept);
  });
}
