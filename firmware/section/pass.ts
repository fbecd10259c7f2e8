// One pass of a section (engine.ts), as the Storage module ddns.pass: the current address, the
// registered one from DNS, the decision. Loaded when a pass starts and let go when it decides
// (an update goes on in ddns.send, send.ts, and its verdict in ddns.verdict, verdict.ts) or
// ends: none of these functions exists while the sections sleep or while an update's request is
// made. Nothing long-lived points in here: the timer and the state listeners hear of are the
// core's (Sec's ss, sc, cx, ck, go).

import { Sec, log, save, now, once, owner, halted, gapMs, lastSent } from './sec';
import { currentIp } from './ipsource';
import { decide } from './decide';
import { lastUpdateUptime, finish, endPass, fail } from './end';
import { acc, registered } from './registered';

export { fail };

// After the current and the registered address are known: update, wait out a hold or the
// minimum interval (a retry stays a retry), or sleep.
function decideNow(S: Sec, ip: string, reason: string) {
  if (halted(S)) return;
  var st = S.st;
  var t = now(S);
  if (S.hu && S.hu <= t) {
    delete S.hu;
    st.hold = 0;
    save(S);
  }
  var dec = decide({ nowMs: t, currentIp: ip, registeredIp: st.reg || null,
    lastUpdateMs: lastUpdateUptime(S), forceIntervalMs: S.c.forceMs, holdUntilMs: S.hu || 0,
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
  if (e) S.e = e;
  else delete S.e;
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
