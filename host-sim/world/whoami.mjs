// The "what is my address" DNS services of ip_source dns, as their operators document them,
// on one loopback UDP port (each test points every kind at it, or starts one per kind):
//   OpenDNS     `dig +short myip.opendns.com @resolver1.opendns.com`            -> A record
//   Google      `dig TXT +short o-o.myaddr.l.google.com @ns1.google.com`        -> TXT "<addr>"
//   Cloudflare  `dig CH TXT +short whoami.cloudflare @1.1.1.1`                  -> TXT "<addr>" (class CH)
// The answer carries the address the question came from; on loopback that is 127.0.0.1, so the
// test chooses the public address (setIp) as with the check-IP echo. Other questions: REFUSED.
// Written with dns-packet, not the firmware's codec.
import dgram from 'node:dgram';
import dnsPacket from 'dns-packet';

const SERVICES = [
  { kind: 'opendns', name: 'myip.opendns.com', type: 'A', cls: 'IN' },
  { kind: 'google', name: 'o-o.myaddr.l.google.com', type: 'TXT', cls: 'IN' },
  { kind: 'cloudflare', name: 'whoami.cloudflare', type: 'TXT', cls: 'CH' },
];

/**
 * ip: the public address to report. Controls: setIp(ip); setMode(mode) for every following
 * question: 'ok', 'silent' (no reply), 'refused', 'servfail', 'wrong' (a TXT/A that is not the
 * address: TXT "not-an-address", A 0.0.0.0 is still an address so A answers NODATA), 'spoof'
 * (first a reply with another id, then the right one). queries: every question seen
 * ({ kind, name, type, cls, bytes }), replyBytes: bytes sent.
 */
export async function startWhoami({ host = '127.0.0.1', port = 0, ip = '203.0.113.7' } = {}) {
  const sock = dgram.createSocket('udp4');
  const queries = [];
  let current = ip;
  let mode = 'ok';
  let replyBytes = 0;
  const send = (buf, rinfo) => { replyBytes += buf.length; sock.send(buf, rinfo.port, rinfo.address); };
  sock.on('message', (msg, rinfo) => {
    let q;
    try { q = dnsPacket.decode(msg); } catch (e) { return; }
    const qq = q.questions && q.questions[0];
    if (!qq) return;
    const svc = SERVICES.find((s) => s.name === qq.name.toLowerCase() && s.type === qq.type && s.cls === qq.class);
    queries.push({ kind: svc ? svc.kind : '', name: qq.name, type: qq.type, cls: qq.class, bytes: msg.length, rd: !!(q.flags & 0x100) });
    if (mode === 'silent') return;
    const base = { type: 'response', id: q.id, flags: dnsPacket.AUTHORITATIVE_ANSWER | (q.flags & dnsPacket.RECURSION_DESIRED), questions: [qq] };
    if (!svc || mode === 'refused' || mode === 'servfail') {
      send(dnsPacket.encode({ ...base, flags: base.flags | (mode === 'servfail' && svc ? 2 : 5) }), rinfo);
      return;
    }
    let answers;
    if (mode === 'wrong') answers = svc.type === 'TXT' ? [{ name: qq.name, type: 'TXT', class: svc.cls, ttl: 0, data: ['not-an-address'] }] : [];
    else answers = [{ name: qq.name, type: svc.type, class: svc.cls, ttl: 0, data: svc.type === 'A' ? current : [current] }];
    if (mode === 'spoof') send(dnsPacket.encode({ ...base, id: (q.id + 1) & 0xffff, answers: [{ name: qq.name, type: svc.type, class: svc.cls, ttl: 0, data: svc.type === 'A' ? '192.0.2.66' : ['192.0.2.66'] }] }), rinfo);
    send(dnsPacket.encode({ ...base, answers }), rinfo);
  });
  await new Promise((resolve, reject) => {
    sock.once('error', reject);
    sock.bind(port, host, () => { sock.off('error', reject); resolve(); });
  });
  return {
    port: sock.address().port,
    queries,
    replyBytes: () => replyBytes,
    setIp(next) { current = next; },
    setMode(m) { mode = m; },
    /** ip_dns for a section: every kind at this server */
    list: (kinds = ['opendns', 'google', 'cloudflare']) => kinds.map((k) => `${k}@${host}:${sock.address().port}`).join(' '),
    close: () => new Promise((r) => sock.close(() => r())),
  };
}
