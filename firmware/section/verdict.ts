// What became of an update, as the Storage module ddns.verdict: ddns.send (send.ts) hands it
// over on a tick of its own once its module, the reply and policy's module are let go; the
// state is saved, the next timer set, DNS read back when asked. Loaded for that and let go when
// the pass ends: the address check (ddns.pass) does not hold these functions.

import { Sec, log, save, now, once, halted, gapMs } from './sec';
import { holdDelaySec } from './policy';
import { canon } from './decide';
import { finish, endPass, fail } from './end';
import { acc, registered } from './registered';

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
    delete S.e;
    // a new address accepted: remember what DNS showed before (while it still shows that, DNS lags)
    if (acc(S, 0) !== ip) { if (S.lg) S.lg = 0; S.ac = ip + ' ' + st.reg; }
    st.reg = ip;
    st.last = S.d.ports.clock.wallMs();
    st.tries = 0;
    st.hold = 0;
    st.hn = 0;
    delete S.hu;
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

