// dnsclient.lookup against in-memory UdpPort / TcpPort fakes scripted per test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import dnsPacket from 'dns-packet';
import { lookup, LookupOpts, LookupResult } from '../../firmware/dns/client';
import { tcpUnframe, tcpFrame } from '../../firmware/dns/wire';
import type { UdpPort, TcpPort } from '../../firmware/core/ports';

type Query = { id: number; name: string; type: string; raw: string; opts: any };
/** what a scripted server does with one query: a packet to encode, raw bytes, a list of them
 *  (what arrives while the try waits, spoofed ones too), or an error */
type Step = ((q: Query) => any) | { err: string };

const bin = (b: Buffer) => b.toString('latin1');
const NOERROR = 0, SERVFAIL = 2, NXDOMAIN = 3, REFUSED = 5;

const reply = (q: Query, answers: any[], extra: any = {}) => ({
  type: 'response', id: q.id, flags: dnsPacket.AUTHORITATIVE_ANSWER | (extra.rcode || 0) |
    (extra.tc ? dnsPacket.TRUNCATED_RESPONSE : 0),
  questions: extra.noQuestion ? [] : [{ name: extra.qname || q.name, type: q.type, class: 'IN' }],
  answers,
});
const a = (name: string, data: string, ttl = 60) => ({ type: 'A', name, ttl, data });
const aaaa = (name: string, data: string, ttl = 60) => ({ type: 'AAAA', name, ttl, data });
const cname = (name: string, data: string, ttl = 60) => ({ type: 'CNAME', name, ttl, data });

const parse = (raw: string, opts: any): Query => {
  const p = dnsPacket.decode(Buffer.from(raw, 'latin1'));
  return { id: p.id, name: p.questions[0].name, type: p.questions[0].type, raw, opts };
};
const render = (out: any): string => typeof out === 'string' ? out : bin(dnsPacket.encode(out));

/** scripted fakes: each exchange takes the next step; replies come on a later tick. Over UDP
 *  the packets of a step arrive in turn: the first that opts.accept takes is the reply (the
 *  first one when there is no accept), and when it takes none the try ends in 'timeout', as
 *  platform/espruino/udp.ts does. */
const fakes = (udpSteps: Step[], tcpSteps: Step[] = []) => {
  const log = { udp: [] as Query[], tcp: [] as Query[] };
  const run = (steps: Step[], q: Query, cb: (err: string | null, r?: string) => void, wrap: (s: string) => string,
    accept?: (r: string) => boolean) => {
    const step = steps.shift();
    if (!step) { throw new Error('unexpected exchange'); }
    setImmediate(() => {
      if (typeof step !== 'function') { cb(step.err); return; }
      const out = step(q);
      const packets: string[] = (Array.isArray(out) ? out : [out]).map((p: any) => wrap(render(p)));
      const taken = accept ? packets.find((p) => accept(p)) : packets[0];
      if (taken === undefined) cb('timeout'); else cb(null, taken);
    });
  };
  const udp: UdpPort = {
    exchange(opts, cb) {
      const q = parse(opts.data, opts);
      log.udp.push(q);
      run(udpSteps, q, cb, (s) => s, opts.accept);
    }
  };
  const tcp: TcpPort = {
    exchange(opts, cb) {
      const msg = tcpUnframe(opts.data);
      assert.ok(msg !== null && opts.data.length === msg.length + 2, 'query is framed');
      assert.equal(opts.done(opts.data.substr(0, 1)), false);
      const q = parse(msg, opts);
      log.tcp.push(q);
      run(tcpSteps, q, cb, (s) => {
        const framed = tcpFrame(s);
        assert.equal(opts.done(framed.substr(0, framed.length - 1)), false);
        assert.equal(opts.done(framed), true);
        return framed;
      });
    }
  };
  return { udp, tcp, log };
};

/** ids from a fixed sequence, so tests can see a fresh id per try */
const seq = (...xs: number[]) => () => (xs.length > 1 ? xs.shift()! : xs[0]);

type Outcome = { err: string | null; res?: LookupResult; calls: number };
const go = (opts: Partial<LookupOpts> & { udp: UdpPort; tcp: TcpPort }): Promise<Outcome> =>
  new Promise((resolve) => {
    const out: Outcome = { err: null, calls: 0 };
    lookup({ server: '192.0.2.53', name: 'host.example.test', type: 'A', random: Math.random, ...opts },
      (err, res) => {
        out.calls++;
        out.err = err;
        out.res = res;
        // leave time for a second (wrong) callback to show up
        setTimeout(() => resolve(out), 20);
      });
  });

test('A over UDP: addresses, ttl, via, defaults passed to the port', async () => {
  const f = fakes([(q) => reply(q, [a(q.name, '192.0.2.10', 300), a(q.name, '192.0.2.11', 120)])]);
  const o = await go({ udp: f.udp, tcp: f.tcp });
  assert.equal(o.calls, 1);
  assert.equal(o.err, null);
  assert.deepEqual(o.res, { addrs: ['192.0.2.10', '192.0.2.11'], rcode: 0, ttl: 120, via: 'udp', cnames: [] });
  assert.equal(f.log.udp[0].opts.host, '192.0.2.53');
  assert.equal(f.log.udp[0].opts.port, 53);
  assert.equal(f.log.udp[0].opts.timeoutMs, 2000);
  assert.equal(f.log.udp[0].type, 'A');
});

test('AAAA with a custom port and timeout', async () => {
  const f = fakes([(q) => reply(q, [aaaa(q.name, '2001:db8:0:0:0:0:0:1')])]);
  const o = await go({ udp: f.udp, tcp: f.tcp, type: 'AAAA', port: 5353, timeoutMs: 500 });
  assert.deepEqual(o.res?.addrs, ['2001:db8::1']);
  assert.equal(f.log.udp[0].type, 'AAAA');
  assert.equal(f.log.udp[0].opts.port, 5353);
  assert.equal(f.log.udp[0].opts.timeoutMs, 500);
});

test('retries on a dropped datagram with a fresh id', async () => {
  const f = fakes([{ err: 'timeout' }, { err: 'timeout' }, (q) => reply(q, [a(q.name, '10.0.0.1')])]);
  const o = await go({ udp: f.udp, tcp: f.tcp, random: seq(0.1, 0.2, 0.3) });
  assert.equal(o.err, null);
  assert.deepEqual(o.res?.addrs, ['10.0.0.1']);
  assert.deepEqual(f.log.udp.map((q) => q.id), [6553, 13107, 19660]);
});

test('gives up after tries with the last error', async () => {
  const f = fakes([{ err: 'timeout' }, { err: 'timeout' }, { err: 'timeout' }]);
  const o = await go({ udp: f.udp, tcp: f.tcp });
  assert.equal(o.calls, 1);
  assert.equal(o.err, 'timeout');
  assert.equal(f.log.udp.length, 3);
  const g = fakes([{ err: 'timeout' }]);
  assert.equal((await go({ udp: g.udp, tcp: g.tcp, tries: 1 })).err, 'timeout');
  assert.equal(g.log.udp.length, 1);
});

test('a reply with the wrong id or question is not taken', async () => {
  const f = fakes([
    (q) => reply({ ...q, id: (q.id + 1) & 0xffff }, [a(q.name, '6.6.6.6')]),
    (q) => reply(q, [a('evil.test', '6.6.6.6')], { qname: 'evil.test' }),
    (q) => reply(q, [a(q.name, '10.0.0.2')]),
  ]);
  const o = await go({ udp: f.udp, tcp: f.tcp });
  assert.deepEqual(o.res?.addrs, ['10.0.0.2']);
  const g = fakes([(q) => reply({ ...q, id: (q.id + 1) & 0xffff }, [a(q.name, '6.6.6.6')])]);
  assert.equal((await go({ udp: g.udp, tcp: g.tcp, tries: 1 })).err, 'timeout', 'ignored: the try waited for its timeout');
});

// Issue: assume a hostile LAN. A reply with a wrong id used to end the try, so three spoofed
// packets (one per try) failed a lookup; now they are ignored and the try waits on.
test('spoofed replies are ignored: the try keeps waiting for the right one', async () => {
  const spoofs = (q: Query) => [
    reply({ ...q, id: (q.id + 1) & 0xffff }, [a(q.name, '6.6.6.6')]),
    reply({ ...q, id: (q.id + 2) & 0xffff }, [a(q.name, '6.6.6.7')]),
    reply({ ...q, id: q.id ^ 0x8000 }, [a(q.name, '6.6.6.8')]),
    reply(q, [a('evil.test', '6.6.6.6')], { qname: 'evil.test' }),
    reply(q, [a(q.name, '6.6.6.6')], { qname: 'other.example.test' }),
    { ...reply(q, [a(q.name, '6.6.6.9')]), type: 'query' },
    'garbage', '',
  ];
  const f = fakes([(q) => [...spoofs(q), reply(q, [a(q.name, '10.0.0.2')])]]);
  const o = await go({ udp: f.udp, tcp: f.tcp });
  assert.equal(o.err, null);
  assert.deepEqual(o.res?.addrs, ['10.0.0.2']);
  assert.equal(f.log.udp.length, 1, 'one try: the spoofed packets did not end it');
  assert.equal(typeof f.log.udp[0].opts.accept, 'function');
  // three tries of spoofs only: a timeout (not a forged answer), and nothing else was taken
  const g = fakes([spoofs, spoofs, spoofs]);
  const og = await go({ udp: g.udp, tcp: g.tcp });
  assert.equal(og.err, 'timeout');
  assert.equal(g.log.udp.length, 3);
});

test('a malformed reply is ignored: the try ends in its timeout', async () => {
  const f = fakes([() => 'garbage', () => '', (q) => reply(q, [a(q.name, '10.0.0.3')])]);
  assert.deepEqual((await go({ udp: f.udp, tcp: f.tcp })).res?.addrs, ['10.0.0.3']);
  const g = fakes([() => ['garbage', '\u0000\u0001']]);
  assert.equal((await go({ udp: g.udp, tcp: g.tcp, tries: 1 })).err, 'timeout');
});

test('question matching ignores case (0x20 servers)', async () => {
  const f = fakes([(q) => reply(q, [a('HOST.Example.TEST', '10.0.0.4')], { qname: 'Host.EXAMPLE.test' })]);
  assert.deepEqual((await go({ udp: f.udp, tcp: f.tcp })).res?.addrs, ['10.0.0.4']);
});

test('TC set: falls back to TCP', async () => {
  const f = fakes([(q) => reply(q, [], { tc: true })], [(q) => reply(q, [a(q.name, '10.0.0.5')])]);
  const o = await go({ udp: f.udp, tcp: f.tcp });
  assert.equal(o.err, null);
  assert.equal(o.res?.via, 'tcp');
  assert.deepEqual(o.res?.addrs, ['10.0.0.5']);
  assert.equal(f.log.udp.length, 1);
  assert.equal(f.log.tcp.length, 1);
  assert.equal(f.log.tcp[0].opts.port, 53);
  assert.ok(f.log.tcp[0].opts.maxBytes >= 514);
});

test('tcpOnly never touches UDP; TCP retries too', async () => {
  const f = fakes([], [{ err: 'connect' }, (q) => reply(q, [a(q.name, '10.0.0.6')])]);
  const o = await go({ udp: f.udp, tcp: f.tcp, tcpOnly: true });
  assert.deepEqual(o.res?.addrs, ['10.0.0.6']);
  assert.equal(o.res?.via, 'tcp');
  assert.equal(f.log.udp.length, 0);
  assert.equal(f.log.tcp.length, 2);
  const g = fakes([], [{ err: 'connect' }, { err: 'connect' }, { err: 'timeout' }]);
  assert.equal((await go({ udp: g.udp, tcp: g.tcp, tcpOnly: true })).err, 'timeout');
});

test('an incomplete TCP reply is a bad reply', async () => {
  const f = fakes([], [() => '\x00']);
  const tcp: TcpPort = {
    exchange(opts, cb) { f.tcp.exchange(opts, () => cb(null, '\x00\x20abc')); }
  };
  assert.equal((await go({ udp: f.udp, tcp, tcpOnly: true, tries: 1 })).err, 'badreply');
});

test('rcodes map to error codes', async () => {
  const table: Array<[number, boolean, string]> = [
    [NXDOMAIN, false, 'nxdomain'], [SERVFAIL, false, 'servfail'], [REFUSED, false, 'refused'],
    [REFUSED, true, 'refused'], [SERVFAIL, true, 'servfail'], [1, false, 'formerr'], [4, false, 'notimp'],
  ];
  for (const [rcode, noQuestion, code] of table) {
    const f = fakes([(q) => reply(q, [], { rcode, noQuestion })]);
    const o = await go({ udp: f.udp, tcp: f.tcp });
    assert.equal(o.err, code, code);
    assert.equal(o.res, undefined);
    assert.equal(f.log.udp.length, 1, 'no retry on ' + code);
  }
});

test('NXDOMAIN without the question is not trusted', async () => {
  const f = fakes([(q) => reply(q, [], { rcode: NXDOMAIN, noQuestion: true }), (q) => reply(q, [a(q.name, '10.0.0.7')])]);
  assert.deepEqual((await go({ udp: f.udp, tcp: f.tcp })).res?.addrs, ['10.0.0.7']);
});

test('no address of the type: empty list', async () => {
  const f = fakes([(q) => reply(q, [aaaa(q.name, '2001:db8::9')])]);
  const o = await go({ udp: f.udp, tcp: f.tcp });
  assert.equal(o.err, null);
  assert.deepEqual(o.res, { addrs: [], rcode: NOERROR, ttl: 0, via: 'udp', cnames: [] });
});

test('CNAME chain: addresses of the final name only, smallest ttl', async () => {
  const f = fakes([(q) => reply(q, [
    a('other.test', '6.6.6.6'),
    cname(q.name, 'b.example.test', 500),
    a(q.name, '6.6.6.7'), // a server should not mix these; the chain wins
    cname('B.example.test', 'c.other.test', 90),
    a('c.other.test', '10.0.0.8', 200),
    a('c.other.test', '10.0.0.9', 300),
  ])]);
  const o = await go({ udp: f.udp, tcp: f.tcp });
  assert.deepEqual(o.res, {
    addrs: ['10.0.0.8', '10.0.0.9'], rcode: 0, ttl: 90, via: 'udp', cnames: ['b.example.test', 'c.other.test']
  });
});

test('CNAME chain that ends outside the answer: empty list with the chain', async () => {
  const f = fakes([(q) => reply(q, [cname(q.name, 'elsewhere.test')])]);
  const o = await go({ udp: f.udp, tcp: f.tcp });
  assert.deepEqual(o.res?.addrs, []);
  assert.deepEqual(o.res?.cnames, ['elsewhere.test']);
});

test('CNAME chains: 8 links pass, 9 links and loops fail', async () => {
  const chain = (n: number) => (q: Query) => {
    const rrs: any[] = [];
    let from = q.name;
    for (let i = 1; i <= n; i++) { rrs.push(cname(from, 'c' + i + '.test')); from = 'c' + i + '.test'; }
    rrs.push(a(from, '10.0.0.10'));
    return reply(q, rrs);
  };
  let f = fakes([chain(8)]);
  const o = await go({ udp: f.udp, tcp: f.tcp });
  assert.deepEqual(o.res?.addrs, ['10.0.0.10']);
  assert.equal(o.res?.cnames.length, 8);
  f = fakes([chain(9)]);
  assert.equal((await go({ udp: f.udp, tcp: f.tcp })).err, 'cnameloop');
  f = fakes([(q) => reply(q, [cname(q.name, 'x.test'), cname('x.test', q.name)])]);
  assert.equal((await go({ udp: f.udp, tcp: f.tcp })).err, 'cnameloop');
});

test('exactly one callback when a port calls back twice or synchronously', async () => {
  let n = 0;
  const udp: UdpPort = {
    exchange(opts, cb) {
      n++;
      const q = parse(opts.data, opts);
      const r = bin(dnsPacket.encode(reply(q, [a(q.name, '10.0.0.11')]) as any));
      cb(null, r);
      cb(null, r);
      cb('timeout');
    }
  };
  const o = await go({ udp, tcp: fakes([]).tcp });
  assert.equal(o.calls, 1);
  assert.equal(n, 1);
  assert.deepEqual(o.res?.addrs, ['10.0.0.11']);
  let m = 0;
  const dropTwice: UdpPort = { exchange(_o, cb) { m++; cb('timeout'); cb('timeout'); } };
  const p = await go({ udp: dropTwice, tcp: fakes([]).tcp });
  assert.equal(p.calls, 1);
  assert.equal(p.err, 'timeout');
  assert.equal(m, 3);
});

test('bad input is refused before any I/O', async () => {
  const f = fakes([]);
  const table: Array<[Partial<LookupOpts>, string]> = [
    [{ name: 'a..b' }, 'badname'],
    [{ name: 'x'.repeat(64) + '.test' }, 'badname'],
    [{ server: 'dns.example' }, 'badserver'],
    [{ server: '1.2.3.256' }, 'badserver'],
    [{ server: '' }, 'badserver'],
    [{ type: 'MX' as any }, 'badtype'],
  ];
  for (const [opts, code] of table) {
    const o = await go({ udp: f.udp, tcp: f.tcp, ...opts });
    assert.equal(o.err, code);
    assert.equal(o.calls, 1);
  }
  assert.equal(f.log.udp.length + f.log.tcp.length, 0);
});
