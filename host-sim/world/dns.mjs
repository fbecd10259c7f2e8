// A small authoritative DNS server over UDP and TCP serving the RecordStore, so the firmware's own
// lookups (registered IP, verification after an update, force_dnstcp) meet real wire traffic,
// including truncation, lost packets, CNAME chains and negative answers.
import dgram from 'node:dgram';
import net from 'node:net';
import { normalizeName } from './records.mjs';
import { TYPE, RCODE, parseQuery, encodeResponse } from './dns-wire.mjs';

const MAX_CHAIN = 8;
const NEG_TTL = 60;
const EDNS_SIZE = 1232;

// UDP binds first because only it reveals a free port; TCP then takes the same number, and if some
// other process holds it over TCP we start again rather than serve the two on different ports.
async function bindPair({ port, host, onDatagram, onConnection }) {
  for (let attempt = 0; attempt < 20; attempt++) {
    const udp = dgram.createSocket(net.isIPv6(host) ? 'udp6' : 'udp4');
    udp.on('message', onDatagram);
    await new Promise((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(port, host, () => { udp.off('error', reject); resolve(); });
    });
    const chosen = udp.address().port;
    const tcp = net.createServer(onConnection);
    try {
      await new Promise((resolve, reject) => {
        tcp.once('error', reject);
        tcp.listen(chosen, host, () => { tcp.off('error', reject); resolve(); });
      });
      return { udp, tcp, port: chosen };
    } catch (err) {
      udp.close();
      if (port !== 0 || err.code !== 'EADDRINUSE') throw err;
    }
  }
  throw new Error('no port free for both UDP and TCP');
}

// zones: the names this server is authoritative for; anything else is REFUSED.
// ns: { zone: [{ name, ip }] }: the zone's NS set (TTL nsTtl) with its glue, answered at the apex
// (glue in the additional section) and for the server names' A queries.
export async function startDns({ port = 0, host = '127.0.0.1', records, zones = [], ns = {}, nsTtl = 86400 }) {
  if (!records) throw new TypeError('startDns needs a RecordStore');
  const zoneList = zones.map(normalizeName);
  const nsSets = new Map(Object.entries(ns).map(([z, list]) => [normalizeName(z), list.map((n) => ({ name: normalizeName(n.name), ip: n.ip }))]));
  const glue = new Map([...nsSets.values()].flat().map((n) => [n.name, n.ip]));
  const cnames = new Map();
  const queries = [];
  const sockets = new Set();
  let truncate = false;
  let drop = 0;
  let down = false;
  let serial = 1;
  const bump = () => { serial++; };
  records.on('change', bump);

  // The longest matching zone is the one responsible, as with delegated sub-zones.
  const zoneOf = (name) => zoneList
    .filter((z) => name === z || name.endsWith(`.${z}`))
    .sort((a, b) => b.length - a.length)[0];

  // Negative answers carry the zone's SOA so resolvers know how long to cache them (RFC 2308).
  const soa = (zone) => ({
    name: zone, type: 'SOA', ttl: NEG_TTL,
    data: { mname: `ns1.${zone}`, rname: `hostmaster.${zone}`, serial, refresh: 3600, retry: 600, expire: 86400, minimum: NEG_TTL },
  });

  // A name with nothing of its own but something below it is an empty non-terminal: it exists,
  // so it gets NODATA, not NXDOMAIN (RFC 8020).
  const exists = (name, zone) => {
    if (name === zone || records.has(name) || cnames.has(name) || glue.has(name)) return true;
    const below = (n) => n.endsWith(`.${name}`);
    return records.all().some((r) => below(r.name)) || [...cnames.keys()].some(below);
  };

  // The records a name holds for one type; the zone apex also holds its SOA.
  const rrsFor = (owner, name, type, zone) => {
    const out = [];
    const want = (t) => type === TYPE[t] || type === TYPE.ANY;
    for (const t of ['A', 'AAAA']) {
      const r = want(t) && records.get(name, t);
      if (r) out.push({ name: owner, type: t, ttl: r.ttl, data: r.value });
    }
    if (want('A') && !records.get(name, 'A') && glue.has(name)) out.push({ name: owner, type: 'A', ttl: nsTtl, data: glue.get(name) });
    if (name === zone && want('SOA')) out.push({ ...soa(zone), name: owner });
    if (name === zone && want('NS')) for (const n of nsSets.get(zone) || []) out.push({ name: owner, type: 'NS', ttl: nsTtl, data: n.name });
    return out;
  };

  // The glue of the NS records among the answers (additional section), as servers send it.
  const glueFor = (answers) => answers.filter((a) => a.type === 'NS' && glue.has(a.data))
    .map((a) => ({ name: a.data, type: 'A', ttl: nsTtl, data: glue.get(a.data) }));

  // Follows CNAMEs inside our zones; the rcode describes the last name of the chain (RFC 6604).
  function lookup(question) {
    let owner = question.name;
    const answers = [];
    for (let hop = 0; hop < MAX_CHAIN; hop++) {
      const name = normalizeName(owner);
      const zone = zoneOf(name);
      if (!zone) return hop === 0 ? { rcode: RCODE.REFUSED, answers } : { rcode: RCODE.NOERROR, answers };
      const target = cnames.get(name);
      if (target) {
        answers.push({ name: owner, type: 'CNAME', ttl: target.ttl, data: target.target });
        if (question.type === TYPE.CNAME) return { rcode: RCODE.NOERROR, answers };
        owner = target.target;
        continue;
      }
      const found = rrsFor(owner, name, question.type, zone);
      if (found.length) return { rcode: RCODE.NOERROR, answers: answers.concat(found) };
      const rcode = exists(name, zone) ? RCODE.NOERROR : RCODE.NXDOMAIN;
      return { rcode, answers, authorities: [soa(zone)] };
    }
    return { rcode: RCODE.SERVFAIL, answers: [] };
  }

  // One query in, one encoded response out (or null when a real server would stay silent).
  function respond(msg, proto) {
    const q = parseQuery(msg);
    if (!q) return null;
    const entry = { time: Date.now(), proto, name: q.question?.name ?? null, type: q.question?.typeName ?? null, rcode: null };
    queries.push(entry);
    if (down) {
      entry.dropped = true;
      return null;
    }
    if (proto === 'udp' && drop > 0) {
      drop--;
      entry.dropped = true;
      return null;
    }
    const head = { id: q.id, opcode: q.opcode, rd: q.rd };
    const opt = q.edns ? [{ type: 'OPT', udpPayloadSize: EDNS_SIZE }] : [];
    let result;
    if (q.malformed) result = { rcode: RCODE.FORMERR, question: null, aa: false };
    else if (q.opcode !== 0) result = { rcode: RCODE.NOTIMP };
    else if (q.question.qclass !== 1 && q.question.qclass !== 255) result = { rcode: RCODE.REFUSED };
    else result = lookup(q.question);
    const question = 'question' in result ? result.question : q.question;
    entry.rd = q.rd;
    entry.rcode = Object.keys(RCODE).find((k) => RCODE[k] === result.rcode);

    const extra = result.answers ? glueFor(result.answers) : [];
    const full = encodeResponse({ ...head, ...result, question, additionals: [...extra, ...opt] });
    if (proto === 'tcp') return full;
    if (!truncate && full.length <= q.udpSize) return full;
    entry.truncated = true;
    return encodeResponse({ ...head, rcode: result.rcode, question, tc: true, additionals: opt });
  }

  // A dropped or ignored datagram gets no reply at all, exactly like a lost packet.
  const onDatagram = (msg, rinfo) => {
    const out = respond(msg, 'udp');
    if (out) pair.udp.send(out, rinfo.port, rinfo.address);
  };

  // TCP frames carry a 2-byte length and may arrive split or several to a segment.
  const onConnection = (sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => {});
    let buf = Buffer.alloc(0);
    sock.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        const len = buf.readUInt16BE(0);
        const out = respond(buf.subarray(2, 2 + len), 'tcp');
        buf = buf.subarray(2 + len);
        if (!out) continue;
        const frame = Buffer.alloc(2 + out.length);
        frame.writeUInt16BE(out.length);
        out.copy(frame, 2);
        sock.write(frame);
      }
    });
  };

  const pair = await bindPair({ port, host, onDatagram, onConnection });
  return {
    port: pair.port,
    host,
    queries,
    zones: zoneList,
    // Forces the firmware's fall back to TCP (force_dnstcp's reason to exist) on every UDP answer.
    setTruncate(on) { truncate = Boolean(on); },
    // Lost datagrams test the firmware's DNS retry without waiting on a real bad network.
    setDrop(n) { drop = n; },
    // A server that is down answers nothing, over UDP or TCP, until set false.
    setDown(on) { down = Boolean(on); },
    // Hosts at some providers are aliases; the firmware must follow the chain to the address.
    addCname(name, target, ttl = 60) { cnames.set(normalizeName(name), { target: normalizeName(target), ttl }); },
    removeCname(name) { cnames.delete(normalizeName(name)); },
    // Tests must exit promptly: open TCP connections would otherwise keep the process alive.
    close() {
      records.off('change', bump);
      for (const s of sockets) s.destroy();
      return Promise.all([
        new Promise((resolve) => pair.udp.close(() => resolve())),
        new Promise((resolve) => pair.tcp.close(() => resolve())),
      ]);
    },
  };
}

// A server on port 53 of a loopback address of its own (127.x.y.z, chosen at random, taken again
// when busy), as a zone's NS glue names it: the board asks a zone's servers at port 53, as it
// would on the internet. Binding port 53 needs root (or CAP_NET_BIND_SERVICE).
export async function startDnsAt53(opts) {
  let last;
  for (let i = 0; i < 20; i++) {
    const host = `127.${1 + Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 256)}.${2 + Math.floor(Math.random() * 250)}`;
    try {
      return await startDns({ ...opts, host, port: 53 });
    } catch (err) {
      last = err;
      if (err.code === 'EACCES') throw new Error('port 53 needs root (or CAP_NET_BIND_SERVICE): ' + err.message);
      if (err.code !== 'EADDRINUSE') throw err;
    }
  }
  throw last;
}
