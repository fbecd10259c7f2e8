// DNS UPDATE (RFC 2136) messages signed with TSIG hmac-sha256 (RFC 8945): what BIND's nsupdate
// sends for ddns-scripts' bind-nsupdate service, as pure functions over binary strings (one char
// per byte). The hash comes from the board (crypto.SHA256), HMAC from hmac.ts. Replies come from
// the network: every read is bounds-checked and verifyTsig never throws.

import { encodeName, TYPE_A, TYPE_AAAA, CLASS_IN } from './wire';
import { ipv4ToBytes, ipv6ToBytes } from '../core/ip';
import { hmac } from '../core/hmac';

export var TYPE_SOA = 6;
export var TYPE_TSIG = 250;
export var CLASS_NONE = 254;
export var CLASS_ANY = 255;
export var OPCODE_UPDATE = 5;

// RCODEs an UPDATE reply may carry (RFC 1035, RFC 2136) and TSIG error codes (RFC 8945).
export var RCODE_NOERROR = 0;
export var RCODE_FORMERR = 1;
export var RCODE_SERVFAIL = 2;
export var RCODE_NXDOMAIN = 3;
export var RCODE_NOTIMP = 4;
export var RCODE_REFUSED = 5;
export var RCODE_NOTAUTH = 9;
export var RCODE_NOTZONE = 10;
export var TSIG_BADSIG = 16;
export var TSIG_BADKEY = 17;
export var TSIG_BADTIME = 18;

/** The only TSIG algorithm supported: the one BIND's tsig-keygen and nsupdate use by default. */
export var HMAC_SHA256 = 'hmac-sha256';

/** Fudge (seconds of clock skew the server accepts), as nsupdate sends it. */
var FUDGE = 300;

export interface UpdateOpts {
  id: number;
  /** the zone that holds name (the zone section's SOA name) */
  zone: string;
  /** the owner name whose A or AAAA RRset is replaced */
  name: string;
  /** TYPE_A or TYPE_AAAA */
  type: number;
  ttl: number;
  /** the new address as text */
  data: string;
}

export interface TsigKey {
  /** key name as configured on the server ('ddns-key') */
  name: string;
  /** the decoded secret (binary string), not its base64 text */
  secret: string;
  /** raw SHA-256 of a binary string */
  sha256: (data: string) => string;
}

export interface SignedMsg {
  /** the message with the TSIG record appended */
  msg: string;
  /** the request MAC: verifyTsig needs it to check the reply */
  mac: string;
}

export interface TsigVerdict {
  /**
   * 'ok': the reply's MAC verified; 'unsigned': no TSIG record; 'error': a TSIG record with an
   * error code and no MAC (the server could not sign: BADKEY, BADSIG); 'bad': wrong MAC, wrong
   * key or algorithm, or a malformed message.
   */
  result: string;
  /** TSIG error field (0 when none or unknown) */
  error: number;
  /** the header RCODE, -1 when the message is too short to have one */
  rcode: number;
  /** the header ID, -1 when too short */
  id: number;
}

// Plain functions of the module (see core/ip.ts): they exist while the nsupdate provider's
// module is loaded, for one update.
// Two bytes, network order.
function u16(n: number): string {
  return String.fromCharCode((n >> 8) & 0xff, n & 0xff);
}

// Four bytes, network order, without bit operators so values above 2^31 stay right.
function u32(n: number): string {
  return String.fromCharCode(Math.floor(n / 16777216) % 256, Math.floor(n / 65536) % 256,
    Math.floor(n / 256) % 256, n % 256);
}

// TSIG's 48-bit time: seconds since 1970 in six bytes.
function u48(sec: number): string {
  return u16(Math.floor(sec / 4294967296) & 0xffff) + u32(sec % 4294967296);
}

// Rdata of an A or AAAA record from address text; throws 'badip' when it is not one.
function addrRdata(type: number, ip: string): string {
  var b = type === TYPE_A ? ipv4ToBytes(ip) : (type === TYPE_AAAA ? ipv6ToBytes(ip) : null);
  if (!b) { throw 'badip'; }
  var out = '';
  for (var i = 0; i < b.length; i++) { out += String.fromCharCode(b[i]); }
  return out;
}

// The update nsupdate makes from 'update del NAME TYPE' + 'update add NAME TTL TYPE IP': the
// zone section names the zone (class IN, type SOA); the update section deletes the whole RRset
// of the type (class ANY, TTL 0, no rdata) and adds the one new record. No prerequisites, so
// the result is the same whatever the name held before. Throws 'badname', 'badip', 'badtype'.
export function encodeUpdate(o: UpdateOpts): string {
  if (o.type !== TYPE_A && o.type !== TYPE_AAAA) { throw 'badtype'; }
  var zone = encodeName(o.zone);
  var name = encodeName(o.name);
  var rdata = addrRdata(o.type, o.data);
  var ttl = o.ttl >= 0 && o.ttl <= 2147483647 ? Math.floor(o.ttl) : 60;
  var head = u16(o.id & 0xffff) + u16(OPCODE_UPDATE << 11) + u16(1) + u16(0) + u16(2) + u16(0);
  return head + zone + u16(TYPE_SOA) + u16(CLASS_IN) +
    name + u16(o.type) + u16(CLASS_ANY) + u32(0) + u16(0) +
    name + u16(o.type) + u16(CLASS_IN) + u32(ttl) + u16(rdata.length) + rdata;
}

// The key name as the MAC covers it: canonical (lowercase) wire form.
function keyWire(key: TsigKey): string {
  return encodeName(key.name.toLowerCase());
}

// Signs a message (RFC 8945 4.3.1): the MAC covers the message as it is, then the TSIG
// variables (key name, class ANY, TTL 0, algorithm, time, fudge, error 0, no other data); the
// TSIG record goes last in the additional section, whose count goes up by one. Throws
// 'badname' for a key name that cannot be on the wire.
export function signTsig(msg: string, key: TsigKey, timeSec: number): SignedMsg {
  var kname = keyWire(key);
  var alg = encodeName(HMAC_SHA256);
  var time = u48(Math.floor(timeSec));
  var vars = kname + u16(CLASS_ANY) + u32(0) + alg + time + u16(FUDGE) + u16(0) + u16(0);
  var mac = hmac(key.sha256, key.secret, msg + vars);
  var ar = (msg.charCodeAt(10) << 8) | msg.charCodeAt(11);
  var rdata = alg + time + u16(FUDGE) + u16(mac.length) + mac + msg.substr(0, 2) + u16(0) + u16(0);
  var out = msg.substr(0, 10) + u16(ar + 1) + msg.substr(12) +
    kname + u16(TYPE_TSIG) + u16(CLASS_ANY) + u32(0) + u16(rdata.length) + rdata;
  return { msg: out, mac: mac };
}

// Offset just past the (possibly compressed) name at p; throws 'short' or 'label'.
function skipName(m: string, p: number): number {
  for (var n = 0; n < 128; n++) {
    if (p >= m.length) { throw 'short'; }
    var len = m.charCodeAt(p);
    if ((len & 0xc0) === 0xc0) { return p + 2; }
    if ((len & 0xc0) !== 0) { throw 'label'; }
    if (len === 0) { return p + 1; }
    p += len + 1;
  }
  throw 'label';
}

// Two bytes at p as a number; throws 'short' past the end.
function num16(m: string, p: number): number {
  if (p + 2 > m.length) { throw 'short'; }
  return ((m.charCodeAt(p) & 0xff) << 8) | (m.charCodeAt(p + 1) & 0xff);
}

// Lowercase text of an uncompressed name at p (the TSIG algorithm name must not be
// compressed); throws when it is compressed or cut.
function plainName(m: string, p: number): string {
  var out = '';
  for (var n = 0; n < 128; n++) {
    if (p >= m.length) { throw 'short'; }
    var len = m.charCodeAt(p);
    if (len === 0) { return out; }
    if (len > 63 || p + 1 + len > m.length) { throw 'label'; }
    out += (out ? '.' : '') + m.substr(p + 1, len).toLowerCase();
    p += len + 1;
  }
  throw 'label';
}

// Constant-time compare of two binary strings, so a MAC check leaks nothing by its timing.
function sameBytes(a: string, b: string): boolean {
  if (a.length !== b.length) { return false; }
  var d = 0;
  for (var i = 0; i < a.length; i++) { d |= a.charCodeAt(i) ^ b.charCodeAt(i); }
  return d === 0;
}

// The body of verifyTsig; may throw on a malformed message.
function verifyInner(m: string, key: TsigKey, reqMac: string, v: TsigVerdict): void {
  var qd = num16(m, 4);
  var rrs = num16(m, 6) + num16(m, 8);
  var ar = num16(m, 10);
  var p = 12;
  var i: number;
  for (i = 0; i < qd; i++) { p = skipName(m, p) + 4; }
  for (i = 0; i < rrs + ar; i++) {
    var start = p;
    p = skipName(m, p);
    var type = num16(m, p);
    var rdlen = num16(m, p + 8);
    var rd = p + 10;
    p = rd + rdlen;
    if (p > m.length) { throw 'short'; }
    if (type !== TYPE_TSIG) { continue; }
    // TSIG must be the last record; anywhere else the message is not one to trust
    if (i !== rrs + ar - 1 || i < rrs || p !== m.length) { v.result = 'bad'; return; }
    var alg = plainName(m, rd);
    var q = skipName(m, rd);
    var time = m.substr(q, 6);
    var fudge = num16(m, q + 6);
    var macLen = num16(m, q + 8);
    var mac = m.substr(q + 10, macLen);
    q += 10 + macLen;
    var origId = num16(m, q);
    v.error = num16(m, q + 2);
    var otherLen = num16(m, q + 4);
    var other = m.substr(q + 6, otherLen);
    if (q + 6 + otherLen !== p || mac.length !== macLen || time.length !== 6) { throw 'short'; }
    if (alg !== HMAC_SHA256) { v.result = 'bad'; return; }
    if (macLen === 0) { v.result = v.error !== 0 ? 'error' : 'bad'; return; }
    var stripped = u16(origId) + m.substring(2, 10) + u16(ar - 1) + m.substring(12, start);
    var vars = keyWire(key) + u16(CLASS_ANY) + u32(0) + encodeName(HMAC_SHA256) + time +
      u16(fudge) + u16(v.error) + u16(otherLen) + other;
    var want = hmac(key.sha256, key.secret, u16(reqMac.length) + reqMac + stripped + vars);
    v.result = sameBytes(mac, want) ? 'ok' : 'bad';
    return;
  }
  v.result = 'unsigned';
}

// Checks the TSIG record of a reply to a request whose MAC was reqMac (RFC 8945 5.3): the
// reply's MAC covers the request MAC, the reply with its original ID and without the TSIG
// record, and the reply's TSIG variables. Also reports the header RCODE and the TSIG error so
// the caller can tell BADKEY / BADSIG / BADTIME apart. Never throws.
export function verifyTsig(reply: string, key: TsigKey, reqMac: string): TsigVerdict {
  var v: TsigVerdict = { result: 'bad', error: 0, rcode: -1, id: -1 };
  if (typeof reply !== 'string' || reply.length < 12) { return v; }
  v.id = num16(reply, 0);
  v.rcode = reply.charCodeAt(3) & 0x0f;
  try {
    verifyInner(reply, key, reqMac, v);
  } catch (e) {
    v.result = 'bad';
  }
  return v;
}
