// One pass of a section (engine.ts), as the Storage module ddns.pass: the current address, the
// registered one from DNS, the decision, and after an update (ddns.send, send.ts) the verdict
// and what follows it. Loaded when a pass starts, let go while the update goes out and loaded
// again for its verdict, let go when the pass ends: none of these functions exists while the
// sections sleep or while an update's request is made. Nothing long-lived points in here: the
// timer and the state listeners hear of are the core's (Sec's ss, sc, cx, ck, go).

import { Sec, isEnd, log, save, now, once, owner, halted, gapMs, lastSent, useOnce } from './sec';
import { currentIp } from './ipsource';
import { decide, canon } from './decide';
import { retryDelaySec, holdDelaySec } from './policy';
import type * as DnsClient from '../dns/client';
import type { LookupResult } from '../dns/client';
import type { ReadHow, AuthLib } from '../dns/authority';

// The last accepted update in uptime ms: known this boot, or derived from flash once the wall
// clock is set; unknown: counted from boot (ddns-scripts counts from its start), so a reboot
// never forces an update.
function lastUpdateUptime(S: Sec): number {
  if (S.lu !== undefined) return S.lu;
  var wall = S.d.ports.clock.wallMs();
  if (wall && S.st.last) return now(S) - (wall - S.st.last);
  return 0;
}

// Next check: check_interval, or earlier when force_interval falls due.
function nextMs(S: Sec): number {
  var ms = S.c.checkMs;
  if (S.c.forceMs > 0) {
    var due = lastUpdateUptime(S) + S.c.forceMs - now(S);
    if (due < ms) ms = due;
  }
  return ms < 1000 ? 1000 : ms;
}

// Ends a pass, letting go of its modules (ddns.send as well, should a lost pass have left it).
// Ends (stopped, failed, done) drop a trigger that came meanwhile; otherwise it runs now, or the
// timer is set (not while offline: network up checks at once).
function finish(S: Sec, ms: number, s: string) {
  if (halted(S)) return;
  S.b = 0;
  S.d.drop('pass');
  S.d.drop('send');
  if (isEnd(s)) {
    S.pe = 0;
    S.pf = 0;
    if (ms > 0) S.sc(S, ms, s);
    else { S.cx(S); S.ss(S, s); }
    return;
  }
  if (S.pe) {
    var f = S.pf === 1;
    var r = S.pe === 2 ? 'command' : 'pending';
    S.pe = 0;
    S.pf = 0;
    S.ck(S, r, f);
    return;
  }
  if (!S.on) { S.cx(S); S.ss(S, 'offline'); return; }
  S.sc(S, ms, s);
}

// A pass that ends well: run once is done, anything else sleeps until the next check.
function endPass(S: Sec) {
  if (S.d.checked) S.d.checked(S.name);
  if (once(S)) finish(S, 0, 'done');
  else finish(S, nextMs(S), 'waiting');
}

// A failed pass: retry with back-off (policy.ts) up to retry_max_count retries (0: forever).
// Verbose 2 and 3 do not retry (ddns-scripts' debug levels): the next check comes as usual.
export function fail(S: Sec, code: string, text: string) {
  var sec = S.c;
  var st = S.st;
  S.e = code + ': ' + text;
  if (!S.on) { finish(S, 0, 'offline'); return; }
  st.tries++;
  if (S.d.log.verbose >= 2) {
    save(S);
    log(S, 'warn', 'failed: ' + text + ' (' + code + '); no retry at verbose ' + S.d.log.verbose);
    if (once(S)) finish(S, 0, 'failed');
    else finish(S, nextMs(S), 'waiting');
    return;
  }
  if (sec.retryMax > 0 && st.tries > sec.retryMax) {
    st.tries = 0;
    save(S);
    log(S, 'err', 'failed after ' + sec.retryMax + ' retries: ' + text + ' (' + code +
      '); next try on a network or address change, a command, or after force_interval');
    finish(S, once(S) ? 0 : sec.forceMs, 'failed');
    return;
  }
  save(S);
  // back-off from retry_interval, never sooner than the minimum interval after the last request
  // (whole ms, rounded up: a timer due a fraction early would find the interval not yet over)
  var ls = lastSent(S);
  var wait = Math.max(retryDelaySec(st.tries - 1, sec.retryMs / 1000) * 1000, ls === null ? 0 : Math.ceil(ls + gapMs(S) - now(S)));
  log(S, 'warn', 'failed: ' + text + ' (' + code + '); retry ' + st.tries + (sec.retryMax ? '/' + sec.retryMax : '') +
    ' in ' + Math.ceil(wait / 1000) + ' s');
  finish(S, wait, 'retry');
}

// Part k of S.ac: 0 the address the provider last accepted, 1 what DNS showed before ('' none).
function acc(S: Sec, k: number): string {
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

// After an update: reads DNS now; cb(read, shows): it answered, and it shows ip.
function readBack(S: Sec, ip: string, cb: (read: boolean, shows: boolean) => void) {
  registered(S, true, function (read) {
    cb(read, read && !!S.st.reg && canon(S.st.reg) === canon(ip));
  });
}

// Run once (and verbose 2 and 3): after the update, read DNS back.
function verify(S: Sec, ip: string) {
  readBack(S, ip, function (read, shows) {
    if (halted(S)) return;
    if (!read) log(S, 'warn', 'could not verify in DNS: ' + S.c.host + ' was not read back');
    else if (shows) log(S, 'notice', 'verified in DNS: ' + S.c.host + ' is ' + ip);
    else log(S, 'warn', 'DNS still answers ' + (S.st.reg || 'nothing') + ' (propagation may take a while)');
    endPass(S);
  });
}

// Acts on policy's verdict: ok persists the update, stop lasts until the config changes, hold
// waits as the provider asked, anything else is a failure (retry).
function apply(S: Sec, code: string, action: string, holdSec: number, text: string, ip: string) {
  var st = S.st;
  st.ans = code;
  var t = now(S);
  if (action === 'ok') {
    S.e = '';
    // a new address accepted: remember what DNS showed before (while it still shows that, DNS lags)
    if (acc(S, 0) !== ip) { if (S.lg) S.lg = 0; S.ac = ip + ' ' + st.reg; }
    st.reg = ip;
    st.last = S.d.ports.clock.wallMs();
    st.tries = 0;
    st.hold = 0;
    st.hn = 0;
    S.hu = 0;
    S.lu = t;
    S.da = t;
    save(S);
    log(S, 'notice', 'update accepted: ' + S.c.host + ' -> ' + ip + ' (' + code + ')');
    // (an answer DNS just verified is not read back again)
    if ((once(S) || S.d.log.verbose >= 2) && code !== 'verified') { verify(S, ip); return; }
    endPass(S);
    return;
  }
  if (action === 'stop') {
    S.e = code + ': ' + text;
    st.stop = S.c.hash;
    st.tries = 0;
    save(S);
    log(S, 'err', 'stopped: ' + text + ' (' + code + '); no more updates until the config changes');
    finish(S, 0, 'stopped');
    return;
  }
  if (action === 'hold') {
    // holds in a row double (policy.ts), and none ends before the minimum interval
    var ms = Math.max(holdDelaySec(holdSec, st.hn) * 1000, gapMs(S) - (t - (S.ls || 0)));
    S.e = code + ': ' + text;
    S.hu = t + ms;
    st.hold = ms;
    st.hn++;
    save(S);
    log(S, 'warn', 'provider asks to wait: holding ' + Math.ceil(ms / 1000) + ' s (' + st.hn + ' in a row): ' + text + ' (' + code + ')');
    finish(S, ms, 'hold');
    return;
  }
  fail(S, code, text);
}

// The verdict on an answer: listeners hear of the attempt, then policy acts.
function judged(S: Sec, ip: string, code: string, action: string, holdSec: number, text: string) {
  if (S.d.attempted) S.d.attempted(S.name, ip, code, action === 'ok');
  apply(S, code, action, holdSec, text, ip);
}

/** What became of an update (ddns.send hands it over on a tick of its own, its module let go):
 *  policy's action on the answer (ok, retry, hold, stop, verify: a custom URL's answer that
 *  proves nothing, DNS read now decides), or fail (no request was made: a module missing), end
 *  (a dry run), invalid (the request cannot be made as configured). */
export function verdict(S: Sec, ip: string, code: string, action: string, holdSec: number, text: string) {
  if (halted(S)) return;
  if (action === 'end') { endPass(S); return; }
  if (action === 'invalid') { S.e = text; log(S, 'err', text); finish(S, 0, 'invalid'); return; }
  if (action === 'fail') { fail(S, code, text); return; }
  if (action !== 'verify') { judged(S, ip, code, action, holdSec, text); return; }
  // an answer that proves nothing is success only when DNS shows the address; else badanswer,
  // and the next pass reads DNS again before it sends anything
  readBack(S, ip, function (read, shows) {
    if (halted(S)) return;
    if (shows) { judged(S, ip, 'verified', 'ok', 0, ''); return; }
    S.da = -1;
    judged(S, ip, 'badanswer', 'retry', 0, text + ' and DNS does not show ' + ip);
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
    S.go(S, 'send', 'update', ip, dec.reason);
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
// registered IP -> decide -> (ddns.send: send -> classify) -> verdict -> persist -> next timer.
export function pass(S: Sec, reason: string) {
  var sec = S.c;
  var d = S.d;
  S.ss(S, 'checking');
  currentIp({ source: sec.src, ipv6: sec.v6 === 1, urls: sec.urls,
    routerFallbackWeb: sec.webFallback === 1, router: d.router,
    staticIp: sec.ipStatic, allowPrivate: sec.priv === 1, http: (S.hp || S.d.ports.http), net: d.ports.net,
    userAgent: d.userAgent, log: function (m) { log(S, 'warn', m); }, onResponse: d.sawHeaders,
    ports: d.ports, dns: sec.ipDns, rot: d.rot },
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
