// DNS wire format (RFC 1035): build one query, read one response. Pure functions over binary
// strings (one char per byte), as Espruino's dgram and net hand them over. The decoder faces
// whatever a network sends, so every read is bounds-checked and it returns null instead of
// throwing.

import { bytesToIPv6 } from '../core/ip';

export var TYPE_A = 1;
export var TYPE_NS = 2;
export var TYPE_CNAME = 5;
export var TYPE_SOA = 6;
export var TYPE_TXT = 16;
export var TYPE_AAAA = 28;
export var CLASS_IN = 1;

export interface DnsAnswer {
  name: string;
  type: number;
  cls: number;
  ttl: number;
  /** dotted IPv4 for A, RFC 5952 text for AAAA, target name for CNAME and NS, the first
   *  character-string for TXT, '' otherwise */
  data: string;
}

export interface DnsResponse {
  id: number;
  rcode: number;
  tc: boolean;
  aa: boolean;
  /** first question, '' and 0 when the reply carries none */
  qname: string;
  qtype: number;
  qclass: number;
  answers: DnsAnswer[];
  /** the authority and additional sections, only when asked for (decodeResponse's all) */
  auth?: DnsAnswer[];
  extra?: DnsAnswer[];
}

// Plain functions of the module (see core/ip.ts): each bundle that talks DNS (ddns.pass,
// ddns.auth, ddns.ipdns, the nsupdate provider) holds the ones it uses for as long as it is loaded.
var MAX_ANSWERS = 32;
var MAX_JUMPS = 20;

// Maps 'A' / 'AAAA' / a number to the numeric QTYPE; -1 when unusable.
function typeCode(type: 'A' | 'AAAA' | number): number {
  if (type === 'A') { return TYPE_A; }
  if (type === 'AAAA') { return TYPE_AAAA; }
  if (typeof type === 'number' && type >= 1 && type <= 65535 && Math.floor(type) === type) {
    return type;
  }
  return -1;
}

function u16(n: number): string {
  return String.fromCharCode((n >> 8) & 0xff, n & 0xff);
}

// A name in text form ('example.com', a trailing dot allowed) as uncompressed wire labels
// ending in the root label. Shared by queries and UPDATE messages (dnsupdate.ts); throws
// 'badname' on anything that is not a host name the wire can carry.
export function encodeName(name: string): string {
  if (typeof name !== 'string') { throw 'badname'; }
  var n = name;
  if (n.length > 1 && n.charAt(n.length - 1) === '.') { n = n.substr(0, n.length - 1); }
  if (n.length < 1 || n.length > 253) { throw 'badname'; }
  var out = '';
  var labels = n.split('.');
  for (var i = 0; i < labels.length; i++) {
    var l = labels[i];
    if (l.length < 1 || l.length > 63) { throw 'badname'; }
    for (var j = 0; j < l.length; j++) {
      var c = l.charCodeAt(j);
      if (c <= 0x20 || c >= 0x7f) { throw 'badname'; }
    }
    out += String.fromCharCode(l.length) + l;
  }
  return out + '\x00';
}

// Builds the query a stub resolver sends: RD=1 (norec: RD=0, for a zone's own servers, which
// must answer from their data), one question of class IN (or qclass: CH for whoami.cloudflare).
// The name is given in text form (a
// trailing dot is allowed); throws 'badname' or 'badtype' on bad input so a bad config never
// reaches the wire.
export function encodeQuery(id: number, name: string, type: 'A' | 'AAAA' | number, norec?: boolean, qclass?: number): string {
  var qtype = typeCode(type);
  if (qtype < 0) { throw 'badtype'; }
  var qname = encodeName(name);
  return u16(id & 0xffff) + (norec ? '\x00' : '\x01') + '\x00' + '\x00\x01' + '\x00\x00\x00\x00\x00\x00' + qname +
    u16(qtype) + u16(qclass || CLASS_IN);
}

// RFC 5952 text of 16 bytes (the shared formatter in ip.ts); '' when the input is not 16
// bytes, so a bad length can never turn into a wrong address.
export function formatIPv6Bytes(b: number[]): string {
  if (!b || b.length !== 16) { return ''; }
  return bytesToIPv6(b);
}

// Reader state for one message: the bytes, plus where the last name ended.
interface Reader { m: string; end: number; }

function byteAt(r: Reader, p: number): number {
  if (p < 0 || p >= r.m.length) { throw 'short'; }
  var c = r.m.charCodeAt(p);
  if (c > 0xff) { throw 'notbinary'; }
  return c;
}

function u16At(r: Reader, p: number): number {
  return (byteAt(r, p) << 8) | byteAt(r, p + 1);
}

// Label text as dig prints it: '.' and '\' escaped, other unprintables as \DDD, so a label
// holding a dot can never pass for two labels.
function labelText(r: Reader, p: number, len: number): string {
  var s = '';
  for (var i = 0; i < len; i++) {
    var c = byteAt(r, p + i);
    if (c === 0x2e || c === 0x5c) {
      s += '\\' + String.fromCharCode(c);
    } else if (c <= 0x20 || c >= 0x7f) {
      s += '\\' + (c < 100 ? '0' : '') + (c < 10 ? '0' : '') + c;
    } else {
      s += String.fromCharCode(c);
    }
  }
  return s;
}

// Reads a possibly compressed name at p; sets r.end to the byte after it. Pointers must go
// strictly backwards (below the pointer and below every earlier target), at most MAX_JUMPS.
function readName(r: Reader, p: number): string {
  var name = '';
  var end = -1;
  var jumps = 0;
  var limit = p;
  var wire = 1;
  for (;;) {
    var len = byteAt(r, p);
    if ((len & 0xc0) === 0xc0) {
      var target = ((len & 0x3f) << 8) | byteAt(r, p + 1);
      if (target >= limit || target >= p) { throw 'ptr'; }
      jumps++;
      if (jumps > MAX_JUMPS) { throw 'ptr'; }
      if (end < 0) { end = p + 2; }
      limit = target;
      p = target;
      continue;
    }
    if ((len & 0xc0) !== 0) { throw 'label'; }
    if (len === 0) {
      if (end < 0) { end = p + 1; }
      break;
    }
    wire += len + 1;
    if (wire > 255) { throw 'long'; }
    name += (name.length > 0 ? '.' : '') + labelText(r, p + 1, len);
    p += len + 1;
  }
  r.end = end;
  return name.length > 0 ? name : '.';
}

function ttlAt(r: Reader, p: number): number {
  var hi = byteAt(r, p);
  // RFC 2181 8: a TTL with the top bit set is read as zero
  if (hi & 0x80) { return 0; }
  return hi * 16777216 + ((byteAt(r, p + 1) << 16) | (byteAt(r, p + 2) << 8) | byteAt(r, p + 3));
}

function rdataText(r: Reader, type: number, p: number, len: number): string {
  if (type === TYPE_A) {
    if (len !== 4) { throw 'rdlen'; }
    return byteAt(r, p) + '.' + byteAt(r, p + 1) + '.' + byteAt(r, p + 2) + '.' + byteAt(r, p + 3);
  }
  if (type === TYPE_AAAA) {
    if (len !== 16) { throw 'rdlen'; }
    var b: number[] = [];
    for (var i = 0; i < 16; i++) { b.push(byteAt(r, p + i)); }
    return formatIPv6Bytes(b);
  }
  if (type === TYPE_CNAME || type === TYPE_NS) {
    var t = readName(r, p);
    if (r.end !== p + len) { throw 'rdlen'; }
    return t;
  }
  if (type === TYPE_TXT && len > 0) {
    var sl = byteAt(r, p);
    if (1 + sl > len) { throw 'rdlen'; }
    return r.m.substr(p + 1, sl);
  }
  return '';
}

// Reads one resource record at p into out; returns the offset after it.
function readRecord(r: Reader, p: number, out: DnsAnswer[]): number {
  var name = readName(r, p);
  p = r.end;
  var type = u16At(r, p);
  var cls = u16At(r, p + 2);
  var ttl = ttlAt(r, p + 4);
  var len = u16At(r, p + 8);
  p += 10;
  if (p + len > r.m.length) { throw 'short'; }
  out.push({ name: name, type: type, cls: cls, ttl: ttl, data: rdataText(r, type, p, len) });
  return p + len;
}

// Reads up to n records of a section at p into out (at most MAX_ANSWERS); returns the offset
// after them. A record cut short ends the section quietly (what was whole is kept).
function readSection(r: Reader, p: number, n: number, out: DnsAnswer[]): number {
  for (var k = 0; k < n && k < MAX_ANSWERS; k++) {
    try {
      p = readRecord(r, p, out);
    } catch (e) {
      return -1;
    }
  }
  return p;
}

function decodeInner(msg: string, all?: boolean): DnsResponse | null {
  var r: Reader = { m: msg, end: 0 };
  if (msg.length < 12) { return null; }
  var flags = u16At(r, 2);
  if ((flags & 0x8000) === 0) { return null; }
  var res: DnsResponse = {
    id: u16At(r, 0), rcode: flags & 0x0f, tc: (flags & 0x0200) !== 0, aa: (flags & 0x0400) !== 0,
    qname: '', qtype: 0, qclass: 0, answers: []
  };
  var qd = u16At(r, 4);
  var an = u16At(r, 6);
  var p = 12;
  for (var i = 0; i < qd; i++) {
    var qn = readName(r, p);
    p = r.end;
    var qt = u16At(r, p);
    var qc = u16At(r, p + 2);
    p += 4;
    if (i === 0) { res.qname = qn; res.qtype = qt; res.qclass = qc; }
  }
  for (var k = 0; k < an && k < MAX_ANSWERS; k++) {
    try {
      p = readRecord(r, p, res.answers);
    } catch (e) {
      // a truncated reply may end in the middle of a record: keep what was whole
      if (res.tc) { break; }
      throw e;
    }
  }
  if (all) {
    // skipped answers beyond MAX_ANSWERS leave p unknown: the other sections are not read then
    var auth: DnsAnswer[] = [];
    var extra: DnsAnswer[] = [];
    if (an <= MAX_ANSWERS && !res.tc) {
      p = readSection(r, p, u16At(r, 8), auth);
      if (p >= 0) { readSection(r, p, u16At(r, 10), extra); }
    }
    res.auth = auth;
    res.extra = extra;
  }
  return res;
}

// Parses a reply into header bits, the first question and up to 32 answers (all: and up to 32
// records of each of the authority and additional sections). Returns null for anything
// malformed (short, not a response, bad names or pointers, wrong rdata lengths); never throws,
// whatever the input.
export function decodeResponse(msg: string, all?: boolean): DnsResponse | null {
  if (typeof msg !== 'string') { return null; }
  try {
    return decodeInner(msg, all);
  } catch (e) {
    return null;
  }
}

// DNS over TCP prefixes each message with its 2-byte length (RFC 1035 4.2.2).
export function tcpFrame(msg: string): string {
  if (msg.length > 0xffff) { throw 'toobig'; }
  return u16(msg.length) + msg;
}

// Takes the bytes received so far on a TCP stream; returns the first whole message, or null
// while it is still incomplete (usable as the TcpPort done() test).
export function tcpUnframe(buf: string): string | null {
  if (typeof buf !== 'string' || buf.length < 2) { return null; }
  var len = ((buf.charCodeAt(0) & 0xff) << 8) | (buf.charCodeAt(1) & 0xff);
  if (buf.length < 2 + len) { return null; }
  return buf.substr(2, len);
}
