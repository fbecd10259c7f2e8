// MQTT 3.1.1 on the wire (OASIS mqtt-v3.1.1), only what a status reporter needs: CONNECT,
// PUBLISH (QoS 0/1), PUBACK, SUBSCRIBE, PINGREQ, DISCONNECT out; CONNACK, PUBLISH, PUBACK,
// SUBACK, PINGRESP in. Packets are binary strings (one char per byte), as Espruino's sockets
// carry them. Pure: no I/O, never throws on what the network sends.

import { toUtf8Bytes } from '../http/url';

export var CONNECT = 1;
export var CONNACK = 2;
export var PUBLISH = 3;
export var PUBACK = 4;
export var SUBSCRIBE = 8;
export var SUBACK = 9;
export var PINGREQ = 12;
export var PINGRESP = 13;
export var DISCONNECT = 14;

/** One whole packet: type 1-14, the low nibble of the first byte, the bytes after the length. */
export interface Packet { type: number; flags: number; body: string; }

export interface Will { topic: string; payload: string; qos: number; retain: boolean; }

export interface ConnectOpts {
  clientId: string;
  username?: string;
  password?: string;
  /** seconds, 0-65535 */
  keepalive: number;
  clean: boolean;
  will?: Will;
}

// The string as UTF-8 bytes: ASCII (the common case) is returned as is, so no byte array is
// built for it (an array costs two RAM blocks per element on the board).
function utf8(s: string): string {
  var i = 0;
  while (i < s.length && s.charCodeAt(i) < 0x80) i++;
  if (i === s.length) return s;
  var b = toUtf8Bytes(s);
  var out = '';
  for (var k = 0; k < b.length; k++) out += String.fromCharCode(b[k]);
  return out;
}

// A 16-bit big-endian integer as two bytes.
function u16(n: number): string {
  return String.fromCharCode((n >> 8) & 255, n & 255);
}

// MQTT strings and binary fields: two length bytes, then the bytes (cut at 65535).
function field(bytes: string): string {
  if (bytes.length > 65535) bytes = bytes.substr(0, 65535);
  return u16(bytes.length) + bytes;
}

// The variable-length "remaining length" of the fixed header (1 to 4 bytes).
function remLen(n: number): string {
  var out = '';
  do {
    var d = n % 128;
    n = Math.floor(n / 128);
    out += String.fromCharCode(n > 0 ? d | 128 : d);
  } while (n > 0);
  return out;
}

// A whole packet from its first byte and body.
function frame(first: number, body: string): string {
  return String.fromCharCode(first) + remLen(body.length) + body;
}

/** CONNECT with protocol level 4 (3.1.1). A password is sent only with a username (3.1.1 rule). */
// Why: the last will is how the broker tells everyone the board is gone when it is.
export function encodeConnect(o: ConnectOpts): string {
  var flags = o.clean ? 2 : 0;
  var payload = field(utf8(o.clientId));
  if (o.will) {
    flags |= 4 | ((o.will.qos & 3) << 3) | (o.will.retain ? 32 : 0);
    payload += field(utf8(o.will.topic)) + field(utf8(o.will.payload));
  }
  if (o.username) {
    flags |= 128;
    payload += field(utf8(o.username));
    if (o.password) {
      flags |= 64;
      payload += field(utf8(o.password));
    }
  }
  var ka = o.keepalive > 65535 ? 65535 : o.keepalive < 0 ? 0 : Math.floor(o.keepalive);
  return frame(CONNECT << 4, field('MQTT') + String.fromCharCode(4, flags) + u16(ka) + payload);
}

/** PUBLISH; a packet id is sent only for QoS 1. dup marks a resend. */
// Why: status is retained QoS 0 (the newest wins), commands' replies and events may use QoS 1.
export function encodePublish(topic: string, payload: string, qos: number, retain: boolean,
                              id?: number, dup?: boolean): string {
  var q = qos === 1 ? 1 : 0;
  var first = (PUBLISH << 4) | (q << 1) | (retain ? 1 : 0) | (dup && q ? 8 : 0);
  var body = field(utf8(topic)) + (q ? u16(id || 1) : '') + utf8(payload);
  return frame(first, body);
}

/** PUBACK for a QoS 1 PUBLISH received. */
// Why: a broker resends an unacknowledged QoS 1 message (a command) until it gets this.
export function encodePuback(id: number): string {
  return frame(PUBACK << 4, u16(id));
}

/** SUBSCRIBE (fixed flags 0010) for one or more topic filters, QoS 0 or 1 each. */
// Why: the command topics are subscribed in one packet after every CONNACK (clean session).
export function encodeSubscribe(id: number, subs: Array<{ topic: string; qos: number }>): string {
  var body = u16(id);
  for (var i = 0; i < subs.length; i++) {
    body += field(utf8(subs[i].topic)) + String.fromCharCode(subs[i].qos === 1 ? 1 : 0);
  }
  return frame((SUBSCRIBE << 4) | 2, body);
}

/** PINGREQ: keeps the connection alive and proves the broker still answers. */
// Why: a half-open TCP connection is only found by asking.
export function encodePingreq(): string {
  return frame(PINGREQ << 4, '');
}

/** DISCONNECT: a clean goodbye, after which the broker does NOT publish the will. */
// Why: stop() should not make the board look crashed.
export function encodeDisconnect(): string {
  return frame(DISCONNECT << 4, '');
}

// 16-bit big-endian integer at i.
function rd16(s: string, i: number): number {
  return (s.charCodeAt(i) << 8) | s.charCodeAt(i + 1);
}

/** CONNACK: return code (0 accepted, 1-5 refused) and session-present, or null if malformed. */
// Why: a refusal (bad password, not authorized) must be told apart from a lost connection.
export function decodeConnack(p: Packet): { code: number; sessionPresent: boolean } | null {
  if (p.type !== CONNACK || p.body.length !== 2) return null;
  return { code: p.body.charCodeAt(1), sessionPresent: (p.body.charCodeAt(0) & 1) === 1 };
}

export interface PublishIn { topic: string; payload: string; qos: number; retain: boolean; dup: boolean; id: number; }

/** PUBLISH from the broker; topic and payload stay byte strings. null if malformed. */
// Why: commands arrive this way; a hostile broker must not crash the board with a short body.
export function decodePublish(p: Packet): PublishIn | null {
  if (p.type !== PUBLISH) return null;
  var qos = (p.flags >> 1) & 3;
  if (qos > 2 || p.body.length < 2) return null;
  var tl = rd16(p.body, 0);
  var at = 2 + tl;
  if (at > p.body.length) return null;
  var id = 0;
  if (qos > 0) {
    if (at + 2 > p.body.length) return null;
    id = rd16(p.body, at);
    if (id === 0) return null;
    at += 2;
  }
  return { topic: p.body.substr(2, tl), payload: p.body.substr(at), qos: qos,
    retain: (p.flags & 1) === 1, dup: (p.flags & 8) === 8, id: id };
}

/** SUBACK: packet id and one return code per filter (0, 1, 2 granted; 0x80 refused). */
// Why: a broker's ACL can refuse the command topic: the status then says commands are off.
export function decodeSuback(p: Packet): { id: number; codes: number[] } | null {
  if (p.type !== SUBACK || p.body.length < 3) return null;
  var codes: number[] = [];
  for (var i = 2; i < p.body.length; i++) codes.push(p.body.charCodeAt(i));
  return { id: rd16(p.body, 0), codes: codes };
}

/** PUBACK: the packet id it acknowledges, or -1 if malformed. */
// Why: a QoS 1 publish stays in flight (and is resent once) until this comes.
export function decodePuback(p: Packet): number {
  if (p.type !== PUBACK || p.body.length !== 2) return -1;
  return rd16(p.body, 0);
}

/** True for a well-formed PINGRESP. */
// Why: the keepalive watchdog counts it as the broker's sign of life.
export function isPingresp(p: Packet): boolean {
  return p.type === PINGRESP && p.body.length === 0;
}

export interface Reader {
  /** Adds bytes from the socket; returns '' or an error code (then the connection must close).
   *  Call next() until null after each push: whole packets are held until taken. */
  push(data: string): string;
  /** The next whole packet, or null until more bytes arrive (or after an error). */
  next(): Packet | null;
  /** '' or the first error: 'badlen' (length field > 4 bytes), 'toobig', 'badtype', 'badflags' */
  error: string;
}

// The fixed flags the spec demands per packet type (PUBLISH's are free, checked elsewhere).
function flagsOk(type: number, flags: number): boolean {
  if (type === PUBLISH) return ((flags >> 1) & 3) !== 3;
  if (type === 6 || type === 8 || type === 10) return flags === 2;
  return flags === 0;
}

/** The first whole packet at the front of buf and its length in bytes; p null while more bytes
 *  are needed; err '' or 'badlen' (length field > 4 bytes), 'toobig' (over max bytes),
 *  'badtype', 'badflags'. Only the fixed header is needed to refuse an oversize packet. */
// Why: TCP splits and joins packets at will, and the board's RAM cannot hold what a broker
// (or an attacker on the path) might send: oversize or malformed input is an error code, not a
// crash and not an ever-growing buffer. Stateless: the caller keeps the bytes (one string).
export function cutPacket(buf: string, max: number): { err: string; p: Packet | null; len: number } {
  var none = { err: '', p: null, len: 0 };
  if (buf.length < 2) return none;
  var b0 = buf.charCodeAt(0);
  var type = b0 >> 4;
  if (type === 0 || type === 15) { none.err = 'badtype'; return none; }
  if (!flagsOk(type, b0 & 15)) { none.err = 'badflags'; return none; }
  var len = 0;
  var mul = 1;
  for (var i = 1; i <= 4; i++) {
    if (i >= buf.length) return none;
    var d = buf.charCodeAt(i);
    len += (d & 127) * mul;
    mul *= 128;
    if ((d & 128) === 0) {
      if (i + 1 + len > max) { none.err = 'toobig'; return none; }
      if (buf.length < i + 1 + len) return none;
      return { err: '', p: { type: type, flags: b0 & 15, body: buf.substr(i + 1, len) }, len: i + 1 + len };
    }
  }
  none.err = 'badlen';
  return none;
}

/** An incremental decoder over cutPacket: bytes in any chunking, whole packets out, never more
 *  than maxPacket (default 2048) bytes per packet. */
// Why: the same rules as the client's, for callers that want an object (tests, tools).
export function createReader(maxPacket?: number): Reader {
  var max = maxPacket && maxPacket > 0 ? maxPacket : 2048;
  var buf = '';
  // The packet at the front (checked as soon as its header is in); an error drops the bytes.
  function front() {
    var c = cutPacket(buf, max);
    if (c.err) { r.error = c.err; buf = ''; }
    return c;
  }
  var r: Reader = {
    error: '',
    push: function (data: string): string {
      if (r.error) return r.error;
      buf += data;
      front();
      return r.error;
    },
    next: function (): Packet | null {
      if (r.error) return null;
      var c = front();
      if (!c.p) return null;
      buf = buf.substr(c.len);
      front();
      return c.p;
    },
  };
  return r;
}
