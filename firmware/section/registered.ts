// The registered address, read from DNS (the modules of a pass share it: ddns.pass reads it
// before deciding, ddns.verdict reads it back after an update).

import { Sec, log, now, halted, useOnce } from './sec';
import { canon } from './decide';
import type * as DnsClient from '../dns/client';
import type { LookupResult } from '../dns/client';
import type { ReadHow, AuthLib } from '../dns/authority';

// Part k of S.ac: 0 the address the provider last accepted, 1 what DNS showed before ('' none).
export function acc(S: Sec, k: number): string {
  return S.ac ? S.ac.split(' ')[k] : '';
}

// Where the registered address is read: dns_server, else the gateway DHCP gave.
function dnsServer(S: Sec): { host: string; port: number } | null {
  if (S.c.dns) return { host: S.c.dns, port: S.c.dnsPort || 53 };
  var info = S.d.ports.net.info();
  return info && info.gw ? { host: info.gw, port: 53 } : null;
}

// Reads the registered address from DNS when the cached one is stale (fresh: now); keeps the
// cache on error. Where it is read (the zone's servers or the resolver) is dns/authority.ts's
// business. cb(true) when DNS answered just now.
export function registered(S: Sec, fresh: boolean, cb: (read: boolean) => void) {
  var recheck = Math.max(S.c.checkMs, S.d.dnsRecheckMs);
  if (!fresh && S.da >= 0 && now(S) - S.da < recheck) { cb(false); return; }
  // the read starts on a timer of its own, not inside the callback of the address check: that
  // check's closures (and its HTTP module) are let go first, not held beside the DNS client
  S.d.ports.clock.setTimeout(function () { if (!halted(S)) readRegistered(S, cb); }, 0);
}

// The registered address, read from DNS now (registered() decided that it is due).
function readRegistered(S: Sec, cb: (read: boolean) => void) {
  var sec = S.c;
  var p = S.d.ports;
  var srv = dnsServer(S);
  if (!srv) { log(S, 'warn', 'no dns_server and no gateway: registered IP unknown'); cb(false); return; }
  var o = { udp: p.udp, tcp: p.tcp, server: srv.host, port: srv.port, name: sec.host,
    type: sec.v6 ? 'AAAA' as 'AAAA' : 'A' as 'A', tcpOnly: sec.tcpDns === 1, auth: sec.auth || 0, nowMs: now(S), cache: S.z || null,
    random: p.random || Math.random };
  var A: AuthLib | null = o.auth ? useOnce(S, 'auth', 'readRegistered') : null;
  var got = function (err: string | null, res: LookupResult | undefined, how: ReadHow) {
    // (properties only while they hold something: each costs blocks on every section)
    if (how.cache) S.z = how.cache; else if (S.z) delete S.z;
    if (how.note !== (S.an || '')) { if (how.note) log(S, 'warn', how.note); S.an = how.note; }
    if (err && err !== 'nxdomain') {
      log(S, 'warn', 'DNS lookup of ' + sec.host + ' at ' + how.at + ' failed: ' + err);
    } else {
      S.da = now(S);
      var reg = res && res.addrs.length ? res.addrs[0] : '';
      // the first read after an accepted update that does not show it: read again once the
      // record's TTL ran out (at least 1 min), then as usual
      if (S.ac && S.st.reg === acc(S, 0) && canon(reg) !== canon(S.st.reg)) {
        S.da -= Math.max(sec.checkMs, S.d.dnsRecheckMs) - Math.max(60000, res ? res.ttl * 1000 : 0);
      }
      if (reg !== S.st.reg) log(S, 'info', 'DNS: ' + sec.host + ' is ' + (reg || 'not registered') + (how.at !== srv!.host ? ' (at ' + how.at + ')' : ''));
      S.st.reg = reg;
      // DNS shows the accepted address: it did not lag (decide.ts lagDelayMs starts afresh)
      if (S.lg && reg && canon(reg) === canon(acc(S, 0))) S.lg = 0;
    }
    cb(!err || err === 'nxdomain');
  };
  if (A) { A.readRegistered(o, got); return; }
  // dns_lookup resolver (or the module missing): the resolver, as ddns-scripts asks it. The DNS
  // client is the module ddns.dns, loaded for this read and let go after it: the pass does not
  // hold it while the update goes out.
  var how = { at: srv.host, cache: null, note: o.auth ? 'the module ddns.auth cannot be loaded: read from the resolver ' + srv.host : '' };
  var C: typeof DnsClient | null = S.d.use('dns', 'lookup');
  if (!C) { got('nomodule ddns.dns', undefined, how); return; }
  C.lookup(o, function (err, res) {
    S.d.drop('dns');
    got(err, res, how);
  });
}

