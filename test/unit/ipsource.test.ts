// The pure parts of ip_source dns and the rotation: the order services are asked in and their
// back-off (rotate.ts), and what askMyIp makes of replies, hostile ones included (dns/myip.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import dnsPacket from 'dns-packet';
import { rotation as newRotation, order, failed, worked } from '../../firmware/section/rotate';

let R = newRotation();
const rotation = (keys: string[], nowMs: number) => order(R, keys, nowMs);
const rotationFailed = (key: string, nowMs: number, after: number) => failed(R, key, nowMs, after);
const rotationWorked = (key: string) => worked(R, key);
const rotationReset = () => { R = newRotation(); };
import { askMyIp, myIpQuestion, defaultIpDns, defaultIpUrls } from '../../firmware/dns/myip';
import type { UdpPort } from '../../firmware/core/ports';

const MIN = 60000;

test('rotation: each call starts one further; a failed service rests 5, 10, 20 ... min (6 h at most)', () => {
  rotationReset();
  const k = ['a', 'b', 'c'];
  assert.deepEqual([rotation(k, 0), rotation(k, 0), rotation(k, 0), rotation(k, 0)],
    [['a', 'b', 'c'], ['b', 'c', 'a'], ['c', 'a', 'b'], ['a', 'b', 'c']]);
  const rests = [1, 2, 3, 4, 5, 6, 7, 8, 9].map(() => rotationFailed('b', 0, 0) / MIN);
  assert.deepEqual(rests, [5, 10, 20, 40, 80, 160, 320, 360, 360]);
  rotationWorked('b');
  assert.equal(rotationFailed('b', 0, 0), 5 * MIN, 'a success starts the back-off afresh');
  assert.equal(rotationFailed('c', 0, 2 * 3600e3), 2 * 3600e3, 'Retry-After lengthens it');
  assert.equal(rotationFailed('a', 0, 9 * 86400e3), 86400e3, 'at most a day');
});

test('rotation: resting services are left out; when all rest, the one that rests least is asked', () => {
  rotationReset();
  rotationFailed('a', 0, 0);
  assert.deepEqual(rotation(['a', 'b', 'c'], MIN), ['b', 'c']);
  assert.deepEqual(rotation(['a', 'b', 'c'], MIN), ['c', 'b']);
  assert.deepEqual(rotation(['a', 'b', 'c'], 5 * MIN).sort(), ['a', 'b', 'c'], 'the rest is over');
  rotationFailed('b', 0, 0);
  rotationFailed('b', 0, 0);
  rotationFailed('c', 0, 3 * 3600e3);
  rotationFailed('a', 0, 0);
  assert.deepEqual(rotation(['a', 'b', 'c'], MIN), ['a']);
  assert.deepEqual(rotation([], 0), []);
});

test('built-in lists: check-IP services over plain HTTP and HTTPS; two resolvers of each kind', () => {
  const urls = defaultIpUrls().split(' ');
  assert.ok(urls.some((u) => u.startsWith('http://')) && urls.some((u) => u.startsWith('https://')));
  const dns = defaultIpDns().split(' ');
  assert.equal(dns.length, 6);
  for (const w of dns) assert.ok(myIpQuestion(w.split('@')[0]), w);
});

// One reply per exchange: reply(queryBuffer) -> Buffer | string | null (silence).
function fakeUdp(reply: (q: any, raw: Buffer) => Buffer | string | null): UdpPort {
  return { exchange(o, cb) {
    const raw = Buffer.from(o.data, 'latin1');
    const r = reply(dnsPacket.decode(raw), raw);
    if (r === null) { cb('timeout'); return; }
    cb(null, typeof r === 'string' ? r : r.toString('latin1'));
  } };
}

function run(kind: string, reply: (q: any, raw: Buffer) => Buffer | string | null): Promise<[string | null, string | undefined]> {
  return new Promise((resolve) => askMyIp({ udp: fakeUdp(reply), kind, server: '192.0.2.53', port: 53, timeoutMs: 100,
    random: () => 0.25 }, (e, ip) => resolve([e, ip])));
}

const answer = (q: any, answers: any[], rcode = 0) => dnsPacket.encode({ type: 'response', id: q.id,
  flags: 0x8400 | rcode, questions: q.questions, answers });

test('askMyIp: the question each kind sends (dig\'s, RD set)', async () => {
  const seen: any[] = [];
  for (const kind of ['opendns', 'google', 'cloudflare']) await run(kind, (q) => { seen.push(q); return null; });
  assert.deepEqual(seen.map((q) => [q.questions[0].name, q.questions[0].type, q.questions[0].class, q.flags & 0x100]), [
    ['myip.opendns.com', 'A', 'IN', 0x100], ['o-o.myaddr.l.google.com', 'TXT', 'IN', 0x100], ['whoami.cloudflare', 'TXT', 'CH', 0x100]]);
});

test('askMyIp: what replies give (a table)', async () => {
  const ip = '198.51.100.7';
  const q0 = (q: any) => q.questions[0];
  const rows: [string, string, (q: any, raw: Buffer) => Buffer | string | null, [string | null, string | undefined]][] = [
    ['A', 'opendns', (q) => answer(q, [{ name: q0(q).name, type: 'A', ttl: 0, data: ip }]), [null, ip]],
    ['TXT after an ECS note', 'google', (q) => answer(q, [{ name: q0(q).name, type: 'TXT', ttl: 0, data: ['edns0-client-subnet 10.0.0.0/24'] },
      { name: q0(q).name, type: 'TXT', ttl: 0, data: [ip] }]), [null, ip]],
    ['TXT CH', 'cloudflare', (q) => answer(q, [{ name: q0(q).name, type: 'TXT', class: 'CH', ttl: 0, data: [ip] }]), [null, ip]],
    ['TXT of class IN for a CH question', 'cloudflare', (q) => answer(q, [{ name: q0(q).name, type: 'TXT', class: 'IN', ttl: 0, data: [ip] }]), ['noanswer', undefined]],
    ['TXT that is no address', 'google', (q) => answer(q, [{ name: q0(q).name, type: 'TXT', ttl: 0, data: ['1.2.3.4.5'] }]), ['noanswer', undefined]],
    ['TXT with a leading zero', 'google', (q) => answer(q, [{ name: q0(q).name, type: 'TXT', ttl: 0, data: ['01.2.3.4'] }]), ['noanswer', undefined]],
    ['NODATA', 'opendns', (q) => answer(q, []), ['noanswer', undefined]],
    ['NXDOMAIN', 'opendns', (q) => answer(q, [], 3), ['nxdomain', undefined]],
    ['REFUSED without question', 'opendns', (q) => dnsPacket.encode({ type: 'response', id: q.id, flags: 0x8005 }), ['refused', undefined]],
    ['another id', 'opendns', (q) => answer({ ...q, id: (q.id + 1) & 0xffff }, [{ name: q0(q).name, type: 'A', ttl: 0, data: ip }]), ['badreply', undefined]],
    ['another question', 'opendns', (q) => answer({ ...q, questions: [{ name: 'myip.opendns.org', type: 'A' }] }, []), ['badreply', undefined]],
    ['the question in 0x20 case', 'opendns', (q) => answer({ ...q, questions: [{ name: 'MyIP.OpenDNS.com', type: 'A' }] },
      [{ name: 'myip.opendns.com', type: 'A', ttl: 0, data: ip }]), [null, ip]],
    ['a query, not a reply', 'opendns', (_q, raw) => raw, ['badreply', undefined]],
    ['silence', 'opendns', () => null, ['timeout', undefined]],
  ];
  for (const [what, kind, reply, want] of rows) assert.deepEqual(await run(kind, reply), want, what);
});

test('askMyIp: hostile replies (cut, lying lengths, pointer loops, junk) never throw and give no address', async () => {
  const good = (q: any) => answer(q, [{ name: q.questions[0].name, type: 'TXT', ttl: 0, data: ['198.51.100.7'] }]);
  for (let n = 0; n < 400; n++) {
    const r = await run('google', (q) => {
      const b = Buffer.from(good(q));
      if (n < 60) return b.subarray(0, Math.min(n, b.length - 1));
      const c = Buffer.from(b);
      const at = 12 + 29 + (n % (c.length - 41));
      c[at] = (n * 37) & 0xff;
      return c;
    });
    assert.ok(r[0] === null ? r[1] === '198.51.100.7' || /^\d+\.\d+\.\d+\.\d+$/.test(r[1]!) : r[1] === undefined, n + ': ' + r);
  }
  // a name of pointers to itself in the answer
  const loop = await run('opendns', (q) => {
    const b = Buffer.from(answer(q, [{ name: 'x', type: 'A', ttl: 0, data: '1.2.3.4' }]));
    const at = 12 + 22;
    b[at] = 0xc0; b[at + 1] = at;
    return b;
  });
  assert.notEqual(loop[0], null);
});
