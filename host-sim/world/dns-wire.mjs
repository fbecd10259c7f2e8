// DNS wire format for the fake server. Queries are decoded with dns-packet; responses are encoded
// here because dns-packet never compresses names, and real servers do: the firmware's own DNS
// decoder must meet compression pointers (RFC 1035 4.1.4) in the simulator, not first on a board.
import packet from 'dns-packet';

export const TYPE = { A: 1, NS: 2, CNAME: 5, SOA: 6, AAAA: 28, OPT: 41, ANY: 255 };
export const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 };
const CLASS_IN = 1;
const FLAG = { QR: 0x8000, AA: 0x0400, TC: 0x0200, RD: 0x0100 };

// The question is read from the raw bytes so its type and class survive exactly as numbers (even
// types dns-packet has no name for) and its name keeps the asker's letter case.
function readQuestion(buf) {
  let offset = 12;
  const labels = [];
  for (;;) {
    if (offset >= buf.length) throw new Error('question runs past the message');
    const len = buf[offset++];
    if (len === 0) break;
    if (len & 0xc0) throw new Error('compressed or extended label in question');
    labels.push(buf.toString('latin1', offset, offset + len));
    offset += len;
  }
  if (offset + 4 > buf.length) throw new Error('question runs past the message');
  return { name: labels.join('.'), type: buf.readUInt16BE(offset), qclass: buf.readUInt16BE(offset + 2) };
}

// Returns null for what a server silently ignores (too short, or itself a response); otherwise
// { id, opcode, rd, malformed, question: { name, type, qclass, typeName }, udpSize }.
export function parseQuery(buf) {
  if (buf.length < 12) return null;
  const id = buf.readUInt16BE(0);
  const flags = buf.readUInt16BE(2);
  if (flags & FLAG.QR) return null;
  const base = { id, opcode: (flags >> 11) & 0xf, rd: Boolean(flags & FLAG.RD), malformed: false, question: null, udpSize: 512 };
  try {
    if (buf.readUInt16BE(4) !== 1) throw new Error('exactly one question is supported');
    const decoded = packet.decode(buf);
    const q = readQuestion(buf);
    const opt = decoded.additionals.find((a) => a.type === 'OPT');
    return {
      ...base,
      question: { ...q, typeName: decoded.questions[0].type },
      udpSize: opt ? Math.max(512, opt.udpPayloadSize || 512) : 512,
      edns: Boolean(opt),
    };
  } catch {
    return { ...base, malformed: true };
  }
}

// A growable buffer that remembers where each name suffix was written, so later names can point
// back to it instead of repeating labels.
class Writer {
  #buf = Buffer.alloc(512);
  #len = 0;
  #names = new Map();

  // Answers are usually tiny; grow only when a long chain or many records need it.
  #ensure(n) {
    if (this.#len + n <= this.#buf.length) return;
    const next = Buffer.alloc(Math.max(this.#buf.length * 2, this.#len + n));
    this.#buf.copy(next, 0, 0, this.#len);
    this.#buf = next;
  }

  // Fixed-width big-endian writers, and a patch for RDLENGTH, known only after RDATA is written.
  get length() { return this.#len; }
  u8(v) { this.#ensure(1); this.#buf.writeUInt8(v, this.#len); this.#len += 1; }
  u16(v) { this.#ensure(2); this.#buf.writeUInt16BE(v, this.#len); this.#len += 2; }
  u32(v) { this.#ensure(4); this.#buf.writeUInt32BE(v >>> 0, this.#len); this.#len += 4; }
  bytes(b) { this.#ensure(b.length); b.copy(this.#buf, this.#len); this.#len += b.length; }
  patch16(at, v) { this.#buf.writeUInt16BE(v, at); }
  done() { return Buffer.from(this.#buf.subarray(0, this.#len)); }

  // Compression matches suffixes case-insensitively (names compare that way in DNS).
  name(str) {
    const labels = str ? str.split('.').filter(Boolean) : [];
    for (let i = 0; i < labels.length; i++) {
      const key = labels.slice(i).join('.').toLowerCase();
      const at = this.#names.get(key);
      if (at !== undefined) { this.u16(0xc000 | at); return; }
      if (this.#len < 0x4000) this.#names.set(key, this.#len);
      const label = Buffer.from(labels[i], 'latin1');
      this.u8(label.length);
      this.bytes(label);
    }
    this.u8(0);
  }
}

// Each supported type's RDATA; names inside CNAME and SOA are compressible (RFC 1035 well-known types).
function writeRdata(w, rr) {
  switch (rr.type) {
    case 'A': w.bytes(packet.a.encode(rr.data).subarray(2)); break;
    case 'AAAA': w.bytes(packet.aaaa.encode(rr.data).subarray(2)); break;
    case 'CNAME': case 'NS': w.name(rr.data); break;
    case 'SOA': {
      const s = rr.data;
      w.name(s.mname); w.name(s.rname);
      for (const v of [s.serial, s.refresh, s.retry, s.expire, s.minimum]) w.u32(v);
      break;
    }
    default: throw new Error(`cannot encode ${rr.type}`);
  }
}

// rr: { name, type: 'A'|'AAAA'|'CNAME'|'NS'|'SOA', ttl, data } or { type: 'OPT', udpPayloadSize }.
function writeRecord(w, rr) {
  if (rr.type === 'OPT') {
    w.u8(0); w.u16(TYPE.OPT); w.u16(rr.udpPayloadSize); w.u32(0); w.u16(0);
    return;
  }
  w.name(rr.name);
  w.u16(TYPE[rr.type]);
  w.u16(CLASS_IN);
  w.u32(rr.ttl);
  const lenAt = w.length;
  w.u16(0);
  writeRdata(w, rr);
  w.patch16(lenAt, w.length - lenAt - 2);
}

// Builds a full response message; question may be null (FORMERR for an unreadable query).
export function encodeResponse({ id, opcode = 0, rd = false, aa = true, tc = false, rcode = 0,
  question = null, answers = [], authorities = [], additionals = [] }) {
  const w = new Writer();
  w.u16(id);
  w.u16(FLAG.QR | (opcode << 11) | (aa ? FLAG.AA : 0) | (tc ? FLAG.TC : 0) | (rd ? FLAG.RD : 0) | rcode);
  for (const n of [question ? 1 : 0, answers.length, authorities.length, additionals.length]) w.u16(n);
  if (question) {
    w.name(question.name);
    w.u16(question.type);
    w.u16(question.qclass);
  }
  for (const rr of [...answers, ...authorities, ...additionals]) writeRecord(w, rr);
  return w.done();
}
