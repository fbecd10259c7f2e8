// One pass of a section (engine.ts), as the Storage module ddns.pass: the current address, the
// registered one from DNS and the decision. Loaded when a pass starts and let go when it ends
// or hands an update over to ddns.send (send.ts), so none of these functions exists while the
// sections sleep or while an update goes out. Nothing long-lived points in here: the timer and
// the state listeners hear of are the core's (Sec's ss, sc, cx, ck, up).

import { Sec, log, save, now, once, owner, halted, gapMs, lastSent } from './sec';
import { finish, endPass, fail, useOnce, acc, lastUpdateUptime } from './end';
import { currentIp } from './ipsource';
import { decide, canon } from './decide';
import type * as DnsClient from '../dns/client';
import type { LookupResult } from '../dns/client';
import type { ReadHow, AuthLib } from '../dns/authority';

export { fail };

// Where the registered address is read: dns_server, else the gateway DHCP gave.
function dnsServer(S: Sec): { host: string; port: number } | null {
  if (S.c.dns) return { host: S.c.dns, port: S.c.dnsPort || 53 };
  var info = S.d.ports.net.info();
  return info && info.gw ? { host: info.gw, port: 53 } : null;
}

// Reads the registered address from DNS when the cached one is stale (fresh: now); keeps the
// cache on error. Where it is read (the zone's servers or the resolver) is dns/authority.ts's
// business. cb(true) when DNS answered just now.
function registered(S: Sec, fresh: boolean, cb: (read: boolean) => void) {
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

/** After an update (ddns.send): reads DNS now; cb(read, shows): it answered, and it shows ip. */
export function readBack(S: Sec, ip: string, cb: (read: boolean, shows: boolean) => void) {
  registered(S, true, function (read) {
    cb(read, read && !!S.st.reg && canon(S.st.reg) === canon(ip));
  });
}

// After the current and the registered address are known: update, wait out a hold or the
// minimum interval (a retry stays a retry), or sleep.
function decideNow(S: Sec, ip: string, reason: string) {
  if (halted(S)) return;
  var st = S.st;
  var t = now(S);
  if (S.hu && S.hu <= t) {
    S.hu = 0;
    st.hold = 0;
    save(S);
  }
  var dec = decide({ nowMs: t, currentIp: ip, registeredIp: st.reg || null,
    lastUpdateMs: lastUpdateUptime(S), forceIntervalMs: S.c.forceMs, holdUntilMs: S.hu,
    stopped: false, force: S.f === 1, lastSentMs: lastSent(S), gapMs: gapMs(S), owner: owner(reason),
    acceptedIp: acc(S, 0) || null, staleIp: acc(S, 1), lagSends: S.lg || 0 });
  if (dec.action === 'wait') {
    var ms = Math.max(1000, (dec.nextMs || t) - t);
    var gap = dec.reason === 'gap';
    if (gap) log(S, 'info', 'update needed, sent in ' + Math.ceil(ms / 1000) + ' s: at most one update per ' + gapMs(S) / 1000 + ' s');
    finish(S, ms, !gap ? 'hold' : reason === 'retry' ? 'retry' : 'waiting');
    return;
  }
  // the update is ddns.send's, on a tick of its own: this module is let go first, so the memory
  // rule (send.ts) counts what the update needs, not the address check as well
  if (dec.action === 'update') {
    S.d.drop('pass');
    S.d.ports.clock.setTimeout(S.up.bind(S, ip, dec.reason), 0);
    return;
  }
  // the provider has the address and DNS still shows another: said plainly, sent again later
  var e = dec.reason === 'lagging' ? 'provider accepted ' + ip + ', DNS for ' + S.c.host + ' still shows ' +
    (st.reg || 'nothing') + ': check lookup_host' : '';
  if (e && e !== S.e) log(S, 'warn', e + ' (the same address goes again in ' + Math.ceil(((dec.nextMs || t) - t) / 60000) + ' min)');
  S.e = e;
  if (st.tries) { st.tries = 0; save(S); }
  if (once(S)) log(S, 'notice', 'DNS already has ' + ip + ': nothing to do (run once)');
  endPass(S);
}


// One pass, the guards passed (engine.ts check: S.b is set, the watchdog runs): current IP ->
// registered IP -> decide -> send -> classify -> policy -> persist -> next timer.
export function pass(S: Sec, reason: string) {
  var sec = S.c;
  var d = S.d;
  S.ss('checking');
  currentIp({ source: sec.src, ipv6: sec.v6 === 1, urls: sec.urls,
    routerFallbackWeb: sec.webFallback === 1, router: d.router,
    staticIp: sec.ipStatic, allowPrivate: sec.priv === 1, http: (S.hp || S.d.ports.http), net: d.ports.net,
    userAgent: d.userAgent, log: function (m) { log(S, 'warn', m); }, onResponse: d.sawHeaders,
    ports: d.ports, dns: sec.ipDns, rotor: d.rotor },
  function (err, ip) {
    if (halted(S)) return;
    var one = once(S);
    // ip_source router behind a second NAT: a lasting condition, checked again at check_interval
    if (err && err.substring(0, 19) === 'behind a second NAT') { S.e = err; log(S, 'warn', err); finish(S, one ? 0 : sec.checkMs, one ? 'failed' : 'waiting'); return; }
    if (err === 'private') {
      S.e = 'the current address ' + ip + ' is private (set upd_privateip to publish it)';
      log(S, 'warn', S.e);
      if (one) finish(S, 0, 'failed');
      else finish(S, sec.checkMs, 'waiting');
      return;
    }
    if (err || !ip) { fail(S, 'noip', 'no current address: ' + err); return; }
    if (ip !== S.ip) log(S, 'info', 'current address ' + ip + ' (' + reason + ')');
    S.ip = ip;
    // after a read from DNS, decided on a timer of its own, not inside the reply's callback: the
    // lookup's closures are let go first, so the memory rule counts what the pass really holds
    registered(S, reason === 'boot' || reason === 'up' || reason === 'command', function (read) {
      if (read) S.d.ports.clock.setTimeout(function () { decideNow(S, ip, reason); }, 0);
      else decideNow(S, ip, reason);
    });
  });
}
