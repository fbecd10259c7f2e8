// A stub DNS client over the UdpPort / TcpPort: reads the address a name is registered with
// (what ddns-scripts gets from nslookup/host against dns_server) and verifies updates. The
// board has no resolver API of its own that could be pointed at a chosen server.

import { UdpPort, TcpPort, ErrCode } from '../core/ports';
import { encodeQuery, decodeResponse, tcpFrame, tcpUnframe, DnsResponse, DnsAnswer, TYPE_A, TYPE_AAAA, TYPE_CNAME, CLASS_IN } from './wire';

/** One question to one server. */
export interface QueryOpts {
  udp: UdpPort;
  tcp: TcpPort;
  /** IPv4 address of the server; names are the caller's job */
  server: string;
  port?: number;
  name: string;
  /** ddns-scripts force_dnstcp */
  tcpOnly?: boolean;
  /** RD=0, and (lookup) only an authoritative answer counts: for the zone's own servers */
  norec?: boolean;
  timeoutMs?: number;
  tries?: number;
  random: () => number;
}

export interface LookupOpts extends QueryOpts {
  type: 'A' | 'AAAA';
}

export type AskCb = (err: ErrCode | null, r?: DnsResponse, via?: 'udp' | 'tcp') => void;

export interface LookupResult {
  addrs: string[];
  rcode: number;
  /** smallest TTL along the CNAME chain and the addresses; 0 when there is no address */
  ttl: number;
  via: 'udp' | 'tcp';
  cnames: string[];
}

export type LookupCb = (err: ErrCode | null, res?: LookupResult) => void;

// Plain functions of the module (see core/ip.ts): they exist while ddns.pass or ddns.auth is
// loaded, not built again for every lookup.
var MAX_CNAMES = 8;
/** a TCP reply larger than this is refused: RAM on the board is scarce */
var TCP_MAX = 4098;

function lower(s: string): string {
  var n = s.toLowerCase();
  if (n.length > 1 && n.charAt(n.length - 1) === '.') { n = n.substr(0, n.length - 1); }
  return n;
}

function isIPv4(s: string): boolean {
  if (typeof s !== 'string') { return false; }
  var parts = s.split('.');
  if (parts.length !== 4) { return false; }
  for (var i = 0; i < 4; i++) {
    var p = parts[i];
    if (p.length < 1 || p.length > 3) { return false; }
    for (var j = 0; j < p.length; j++) {
      var c = p.charCodeAt(j);
      if (c < 48 || c > 57) { return false; }
    }
    if (parseInt(p, 10) > 255) { return false; }
  }
  return true;
}

function rcodeErr(rcode: number): ErrCode {
  if (rcode === 3) { return 'nxdomain'; }
  if (rcode === 2) { return 'servfail'; }
  if (rcode === 5) { return 'refused'; }
  if (rcode === 1) { return 'formerr'; }
  if (rcode === 4) { return 'notimp'; }
  return 'rcode';
}

// Walks the CNAME chain from qname inside the answer section, then collects the addresses
// of the final name. Returns an error code or the result.
function collect(r: DnsResponse, qname: string, qtype: number, via: 'udp' | 'tcp'):
    ErrCode | LookupResult {
  var target = lower(qname);
  var cnames: string[] = [];
  var ttl = -1;
  var i: number;
  var a: DnsAnswer;
  for (;;) {
    var next = '';
    for (i = 0; i < r.answers.length; i++) {
      a = r.answers[i];
      if (a.type === TYPE_CNAME && a.cls === CLASS_IN && lower(a.name) === target) {
        next = a.data;
        if (ttl < 0 || a.ttl < ttl) { ttl = a.ttl; }
        break;
      }
    }
    if (next === '') { break; }
    if (cnames.length >= MAX_CNAMES) { return 'cnameloop'; }
    cnames.push(next);
    target = lower(next);
  }
  var addrs: string[] = [];
  var attl = -1;
  for (i = 0; i < r.answers.length; i++) {
    a = r.answers[i];
    if (a.type === qtype && a.cls === CLASS_IN && lower(a.name) === target) {
      addrs.push(a.data);
      if (attl < 0 || a.ttl < attl) { attl = a.ttl; }
    }
  }
  if (addrs.length === 0) {
    ttl = 0;
  } else if (ttl < 0 || attl < ttl) {
    ttl = attl;
  }
  return { addrs: addrs, rcode: r.rcode, ttl: ttl, via: via, cnames: cnames };
}

// Checks that a decoded reply answers our query: same id, same question (case-insensitive).
// Error replies (rcode other than 0 and 3) may come without the question.
function matches(r: DnsResponse, id: number, qname: string, qtype: number): boolean {
  if (r.id !== id) { return false; }
  if (r.qname === '' && r.rcode !== 0 && r.rcode !== 3) { return true; }
  return r.qtype === qtype && r.qclass === CLASS_IN && lower(r.qname) === lower(qname);
}

// One question to one server: UDP with retries on silence, TCP when the reply is truncated or
// tcpOnly is set. cb gets exactly once an error code ('badname', 'badserver', 'timeout',
// 'badreply', ...) or the decoded reply that answers this question (any rcode; all: with its
// authority and additional sections).
function askOne(opts: QueryOpts, qtype: number, all: boolean, cb: AskCb): void {
  var finished = false;
  var finish = function (err: ErrCode | null, r?: DnsResponse, via?: 'udp' | 'tcp') {
    if (finished) { return; }
    finished = true;
    if (err) { cb(err); } else { cb(null, r, via); }
  };
  if (!isIPv4(opts.server)) { finish('badserver'); return; }
  var port = opts.port || 53;
  var timeoutMs = opts.timeoutMs || 2000;
  var tries = opts.tries && opts.tries > 0 ? opts.tries : 3;
  var name = opts.name;
  var norec = !!opts.norec;
  try {
    encodeQuery(0, name, qtype);
  } catch (e) {
    finish(typeof e === 'string' ? e : 'badname');
    return;
  }

  var newId = function (): number {
    var n = Math.floor(opts.random() * 65536);
    return n >= 0 && n <= 65535 ? n : 0;
  };

  // One try over TCP or UDP, then the next (a fresh id) until `left` runs out. Over UDP a
  // reply whose id or question is not ours (spoofed, late, malformed) is ignored by the port
  // (accept): the try goes on waiting for the right one until its timeout, so spoofed packets
  // cannot fail a lookup. The callback checks again (a port may not filter).
  var attempt = function (tcp: boolean, left: number) {
    var id = newId();
    var q = encodeQuery(id, name, qtype, norec);
    var done = function (err: ErrCode | null, reply?: string) {
      if (finished) { return; }
      if (!err) {
        var msg = tcp ? tcpUnframe(reply || '') : reply || '';
        var r = msg === null ? null : decodeResponse(msg, all);
        if (r && matches(r, id, name, qtype)) {
          if (!tcp && r.tc) { attempt(true, tries); return; }
          finish(null, r, tcp ? 'tcp' : 'udp');
          return;
        }
      }
      if (left > 1) { attempt(tcp, left - 1); } else { finish(err || 'badreply'); }
    };
    if (tcp) {
      opts.tcp.exchange({ host: opts.server, port: port, data: tcpFrame(q), timeoutMs: timeoutMs, maxBytes: TCP_MAX,
        done: function (buf: string) { return tcpUnframe(buf) !== null; } }, done);
    } else {
      opts.udp.exchange({ host: opts.server, port: port, data: q, timeoutMs: timeoutMs,
        accept: function (m: string) { var d = decodeResponse(m); return !!d && matches(d, id, name, qtype); } }, done);
    }
  };

  attempt(!!opts.tcpOnly, tries);
}

// Looks up the A or AAAA records of a name at one server. Calls cb exactly once: an error code
// (ask's, or 'nxdomain', 'servfail', 'refused', 'cnameloop', 'notauth': a server asked without
// recursion that does not answer with authority) or the addresses, empty when the name has
// none of that type.
export function lookup(opts: LookupOpts, cb: LookupCb): void {
  var qtype = opts.type === 'A' ? TYPE_A : (opts.type === 'AAAA' ? TYPE_AAAA : -1);
  if (qtype < 0) { cb('badtype'); return; }
  askOne(opts, qtype, false, function (err, r, via) {
    if (err || !r) { cb(err || 'badreply'); return; }
    if (r.rcode !== 0) { cb(rcodeErr(r.rcode)); return; }
    if (opts.norec && !r.aa) { cb('notauth'); return; }
    var out = collect(r, opts.name, qtype, via || 'udp');
    if (typeof out === 'string') { cb(out); } else { cb(null, out); }
  });
}

// One question of any type (NS, SOA, ...), the whole reply back (authority.ts finds zones with it).
export function ask(opts: QueryOpts, qtype: number, cb: AskCb): void { askOne(opts, qtype, true, cb); }
