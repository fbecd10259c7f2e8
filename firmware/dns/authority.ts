// On the board this file is the Storage module ddns.auth, loaded for one read (about once an
// hour): the core keeps only the resolver's lookup.
//
// Where the registered address is read: the zone's own (authoritative) servers, found through
// the resolver (dns_server or the gateway) and then asked directly without recursion, so a
// resolver's cached record can never make the board send an update the provider already has.
// Where they cannot be reached (a firewall that lets only the LAN resolver through) the
// resolver answers instead, and the caller is told so (note).
//
// Memory: a section keeps one ZoneCache (the zone, the servers' addresses as one string, two
// numbers), replaced when the NS set's TTL runs out; the helpers below exist only while a read
// runs (Espruino creates a scope's function objects when the scope runs).

import { UdpPort, TcpPort, ErrCode } from '../core/ports';
import { lookup, ask, LookupResult } from './client';
import { DnsResponse, TYPE_NS, TYPE_CNAME, TYPE_SOA, TYPE_A } from './wire';

/** A section's knowledge of its zone: small, bounded, and gone when it expires. */
export interface ZoneCache {
  /** the zone (lowercase, no trailing dot) */
  z: string;
  /** IPv4 addresses of its servers, at most MAX_NS, joined by ' ' */
  a: string;
  /** uptime ms it expires: the NS set's TTL, or an hour after the servers could not be reached */
  e: number;
  /** the server asked first (the last that answered); -1: none answered, the resolver is asked */
  i: number;
}

export interface ReadOpts {
  udp: UdpPort;
  tcp: TcpPort;
  random: () => number;
  /** the resolver: dns_server or the gateway (IPv4) */
  server: string;
  port: number;
  name: string;
  type: 'A' | 'AAAA';
  tcpOnly: boolean;
  /** 1: read from the zone's servers (dns_lookup); 0: ask the resolver, as ddns-scripts does */
  auth: number;
  nowMs: number;
  cache: ZoneCache | null;
}

/** How a read went: who answered, the cache to keep, and why the resolver answered ('' when it did not have to). */
export interface ReadHow {
  at: string;
  cache: ZoneCache | null;
  note: string;
}

export type ReadCb = (err: ErrCode | null, res: LookupResult | undefined, how: ReadHow) => void;

/** What the module ddns.auth gives the engine. */
export interface AuthLib {
  readRegistered: (o: ReadOpts, cb: ReadCb) => void;
}

/** Servers kept per zone, and the bounds of the NS set's TTL. */
export var MAX_NS = 3;
export var NS_TTL_MIN_MS = 300000;
export var NS_TTL_MAX_MS = 86400000;
/** after the zone's servers could not be reached, the resolver answers for this long */
export var UNREACHED_MS = 3600000;

// The registered address of o.name: from the zone's servers when o.auth, else (or when they
// cannot be reached) from the resolver. cb once, with what to keep in how.cache.
export function readRegistered(o: ReadOpts, cb: ReadCb): void {
  var base = { udp: o.udp, tcp: o.tcp, random: o.random, tcpOnly: o.tcpOnly };

  // A name in the form zones are compared in: lowercase, no trailing dot.
  function lower(s: string): string {
    var n = s.toLowerCase();
    return n.length > 1 && n.charAt(n.length - 1) === '.' ? n.substr(0, n.length - 1) : n;
  }

  function inZone(name: string, zone: string): boolean {
    var n = lower(name);
    return n === zone || (n.length > zone.length && n.substr(n.length - zone.length - 1) === '.' + zone);
  }

  // The resolver's answer, as ddns-scripts reads it.
  function viaResolver(cache: ZoneCache | null, note: string) {
    lookup({ udp: o.udp, tcp: o.tcp, random: o.random, tcpOnly: o.tcpOnly, server: o.server, port: o.port,
      name: o.name, type: o.type }, function (err, res) {
      cb(err, res, { at: o.server, cache: cache, note: note });
    });
  }

  // The zone's servers are not reached: the resolver answers for UNREACHED_MS, and says so.
  function unreached(c: ZoneCache, why: string) {
    c.i = -1;
    if (c.e > o.nowMs + UNREACHED_MS) c.e = o.nowMs + UNREACHED_MS;
    viaResolver(c, 'the servers of ' + c.z + ' were not reached (' + why + '): read from the resolver ' + o.server);
  }

  // Asks the zone's servers in turn, from the one that answered last, one try each (UDP twice,
  // TCP when truncated); an authoritative NXDOMAIN is an answer too.
  function askServers(c: ZoneCache) {
    var list = c.a.split(' ');
    var n = 0;
    var last = '';
    var next = function () {
      if (n >= list.length) { unreached(c, last); return; }
      var k = (c.i + n) % list.length;
      n++;
      lookup({ udp: o.udp, tcp: o.tcp, random: o.random, tcpOnly: o.tcpOnly, server: list[k], port: 53,
        name: o.name, type: o.type, norec: true, tries: 2 }, function (err, res) {
        if (err && err !== 'nxdomain') { last = err; next(); return; }
        c.i = k;
        cb(err, res, { at: list[k], cache: c, note: '' });
      });
    };
    next();
  }

  // The NS names of zone in a reply's answer section (at most MAX_NS) and their smallest TTL in s.
  function nsOf(r: DnsResponse, zone: string): { names: string[]; ttl: number } {
    var names: string[] = [];
    var ttl = NS_TTL_MAX_MS / 1000;
    for (var i = 0; i < r.answers.length; i++) {
      var a = r.answers[i];
      if (a.type === TYPE_NS && lower(a.name) === zone && a.data) {
        if (names.length < MAX_NS) names.push(lower(a.data));
        if (a.ttl < ttl) ttl = a.ttl;
      }
    }
    return { names: names, ttl: ttl };
  }

  // The zone a reply about o.name names: the owner of an NS set in the answer (o.name is the
  // apex), else of the SOA or NS in the authority section; '' when none encloses o.name.
  function zoneOf(r: DnsResponse): string {
    var i: number;
    var name = lower(o.name);
    for (i = 0; i < r.answers.length; i++) {
      if (r.answers[i].type === TYPE_NS && lower(r.answers[i].name) === name) return name;
    }
    var auth = r.auth || [];
    for (i = 0; i < auth.length; i++) {
      var t = auth[i].type;
      var z = lower(auth[i].name);
      if ((t === TYPE_SOA || t === TYPE_NS) && z !== '.' && inZone(name, z)) return z;
    }
    return '';
  }

  // The IPv4 address of each NS name: the reply's glue, else one A lookup at the resolver each.
  function addressesOf(names: string[], glue: DnsResponse, ttl: number, zone: string) {
    var ips: string[] = [];
    var k = 0;
    var more = function () {
      if (k >= names.length) {
        if (!ips.length) { viaResolver(null, 'no IPv4 address found for the servers of ' + zone + ': read from the resolver ' + o.server); return; }
        var ms = ttl * 1000;
        var c: ZoneCache = { z: zone, a: ips.join(' '), e: o.nowMs + (ms < NS_TTL_MIN_MS ? NS_TTL_MIN_MS : ms > NS_TTL_MAX_MS ? NS_TTL_MAX_MS : ms), i: 0 };
        askServers(c);
        return;
      }
      var ns = names[k++];
      var extra = glue.extra || [];
      for (var i = 0; i < extra.length; i++) {
        if (extra[i].type === TYPE_A && lower(extra[i].name) === ns) { ips.push(extra[i].data); more(); return; }
      }
      lookup({ udp: o.udp, tcp: o.tcp, random: o.random, tcpOnly: o.tcpOnly, server: o.server, port: o.port,
        name: ns, type: 'A' }, function (err, res) {
        if (!err && res && res.addrs.length) ips.push(res.addrs[0]);
        more();
      });
    };
    more();
  }

  // Finds the zone and its servers through the resolver: NS of o.name (its zone from the
  // authority section when o.name is not the apex), then NS of the zone.
  function discover() {
    var q = { udp: base.udp, tcp: base.tcp, random: base.random, tcpOnly: base.tcpOnly, server: o.server, port: o.port, name: o.name };
    var failed = function (why: string) {
      viaResolver(null, 'the zone of ' + o.name + ' was not found (' + why + '): read from the resolver ' + o.server);
    };
    ask(q, TYPE_NS, function (err, r) {
      if (err || !r) { failed(err || 'badreply'); return; }
      if (r.rcode !== 0 && r.rcode !== 3) { failed('rcode ' + r.rcode); return; }
      for (var i = 0; i < r.answers.length; i++) {
        if (r.answers[i].type === TYPE_CNAME) { failed(o.name + ' is an alias (CNAME)'); return; }
      }
      var zone = zoneOf(r);
      if (!zone) { failed('no SOA in the answer'); return; }
      var ns = nsOf(r, zone);
      if (ns.names.length) { addressesOf(ns.names, r, ns.ttl, zone); return; }
      q.name = zone;
      ask(q, TYPE_NS, function (err2, r2) {
        var ns2 = !err2 && r2 && r2.rcode === 0 ? nsOf(r2, zone) : null;
        if (!ns2 || !ns2.names.length) { failed('no NS for ' + zone + (err2 ? ': ' + err2 : '')); return; }
        addressesOf(ns2.names, r2!, ns2.ttl, zone);
      });
    });
  }

  if (!o.auth) { viaResolver(null, ''); return; }
  var c = o.cache;
  if (c && c.e > o.nowMs && inZone(o.name, c.z)) {
    if (c.i < 0) { viaResolver(c, 'the servers of ' + c.z + ' were not reached: read from the resolver ' + o.server); return; }
    askServers(c);
    return;
  }
  discover();
}
