// How a pass ends (the modules of a pass share it: ddns.pass, pass.ts, for a check that ends
// without an update, ddns.verdict, verdict.ts, after one): the next timer, or a retry with
// back-off, the pass's modules let go.

import { Sec, isEnd, log, save, now, once, halted, gapMs, lastSent } from './sec';
import { retryDelaySec } from './policy';

// The last accepted update in uptime ms: known this boot, or derived from flash once the wall
// clock is set; unknown: counted from boot (ddns-scripts counts from its start), so a reboot
// never forces an update.
export function lastUpdateUptime(S: Sec): number {
  if (S.lu !== undefined) return S.lu;
  var wall = S.d.ports.clock.wallMs();
  if (wall && S.st.last) return now(S) - (wall - S.st.last);
  return 0;
}

// Next check: check_interval, or earlier when force_interval falls due.
export function nextMs(S: Sec): number {
  var ms = S.c.checkMs;
  if (S.c.forceMs > 0) {
    var due = lastUpdateUptime(S) + S.c.forceMs - now(S);
    if (due < ms) ms = due;
  }
  return ms < 1000 ? 1000 : ms;
}

// Ends a pass, letting go of its modules (all three: a lost pass may have left any of them).
// Ends (stopped, failed, done) drop a trigger that came meanwhile; otherwise it runs now, or the
// timer is set (not while offline: network up checks at once).
export function finish(S: Sec, ms: number, s: string) {
  if (halted(S)) return;
  delete S.b;
  S.d.drop('pass');
  S.d.drop('send');
  S.d.drop('verdict');
  if (isEnd(s)) {
    delete S.pe;
    delete S.pf;
    if (ms > 0) S.sc(S, ms, s);
    else { S.cx(S); S.ss(S, s); }
    return;
  }
  if (S.pe) {
    var f = S.pf === 1;
    var r = S.pe === 2 ? 'command' : 'pending';
    delete S.pe;
    delete S.pf;
    S.ck(S, r, f);
    return;
  }
  if (!S.on) { S.cx(S); S.ss(S, 'offline'); return; }
  S.sc(S, ms, s);
}

// A pass that ends well: run once is done, anything else sleeps until the next check.
export function endPass(S: Sec) {
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

