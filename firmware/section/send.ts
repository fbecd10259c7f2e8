// The update of a section and its verdict, as the Storage module ddns.send: loaded once the pass
// (ddns.pass) decided that an update is needed and was let go, so the memory rule counts this
// module alone, not the address check and the decision as well. Let go when the pass ends.

import { HttpResponse } from '../core/ports';
import { Sec, log, save, now, once, halted, gapMs } from './sec';
import { finish, endPass, fail, useOnce, acc } from './end';
import { holdDelaySec } from './policy';
import { fillTemplate, upgradeHttps } from '../http/url';
import { PROXY_TLS } from '../http/proxy';
import type { ApiResult, ApiProvider } from '../providers/types';
import type { PolicyLib } from './policy';
import type { PassLib } from './sec';
import { MEMORY_WAIT_MS } from './memory';

// Reads the registered address from DNS now, through the pass module (it knows how, and how to
// compare addresses): after an update, while nothing of the request is held any more. cb(read,
// shows): DNS answered, and it shows ip.
function readBack(S: Sec, ip: string, cb: (read: boolean, shows: boolean) => void) {
  var P: PassLib | null = S.d.use('pass', 'readBack');
  if (P) P.readBack(S, ip, cb);
  else cb(false, false);
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

// Turns an HTTP answer or an API outcome into policy, in one place (policy.ts's table). An
// answer that proves nothing ('verify': a custom URL without the option answer) is success only
// when DNS, read right now, shows the address; else it is badanswer, and the next pass reads DNS
// again before it sends anything.
function judge(S: Sec, ip: string, r: ApiResult, body: string, res?: HttpResponse) {
  if (S.x || halted(S)) return;
  if (r.err === 'proxytls') { S.e = PROXY_TLS; log(S, 'err', PROXY_TLS); finish(S, 0, 'invalid'); return; }
  var P: PolicyLib | null = useOnce(S, 'policy', 'classify');
  if (!P) { fail(S, 'nomodule', 'the module ddns.policy cannot be loaded (see the log)'); return; }
  if (res) r.retryAfter = P.retryAfter(res, S.d.ports.clock.wallMs());
  var c = P.classify({ status: r.status, body: body, err: r.err, retryAfter: r.retryAfter,
    expected: S.c.api ? '' : S.c.answer, ip: ip, api: !!S.c.api });
  if (r.status === 407) c.text = 'HTTP 407: the proxy refused its credentials (check proxy user:pass)';
  if (c.action !== 'verify') { S.d.ports.clock.setTimeout(judged.bind(null, S, ip, c.code, c.action, c.holdSec || 0, r.text || c.text), 0); return; }
  var text = c.text;
  S.d.ports.clock.setTimeout(function () {
    readBack(S, ip, function (read, shows) {
      if (halted(S)) return;
      if (shows) { judged(S, ip, 'verified', 'ok', 0, ''); return; }
      S.da = -1;
      judged(S, ip, 'badanswer', 'retry', 0, text + ' and DNS does not show ' + ip);
    });
  }, 0);
}

// The verdict on an answer: listeners hear of the attempt, then policy acts. Reached on a tick of
// its own from an answer, so the reply, the policy module and an API's module are let go before
// the state is saved and logged.
function judged(S: Sec, ip: string, code: string, action: string, holdSec: number, text: string) {
  if (halted(S)) return;
  if (S.d.attempted) S.d.attempted(S.name, ip, code, action === 'ok');
  apply(S, code, action, holdSec, text, ip);
}

// Verbose 3 sends nothing: it says what it would send and ends the pass as if it had.
function dryRun(S: Sec, what: string) {
  log(S, 'notice', 'dry run (verbose 3): would ' + what);
  endPass(S);
}

// Providers with their own API (providers/api) update through it; its outcome goes to judge().
function sendApi(S: Sec, ip: string, key: string) {
  var sec = S.c;
  var d = S.d;
  var p = d.ports;
  if (S.d.log.verbose >= 3) { dryRun(S, 'update ' + sec.host + ' to ' + ip + ' via API ' + key); return; }
  var api: ApiProvider | null = d.use('api.' + key, 'update');
  if (!api) { fail(S, 'nomodule', 'the module of provider API ' + key + ' cannot be loaded (see the log)'); return; }
  log(S, 'info', 'sending update via API ' + key);
  S.ls = now(S);
  S.ss('updating');
  api.update({ opts: sec.vals, ip: ip, ipv6: sec.v6 === 1, http: (S.hp || S.d.ports.http), udp: p.udp, tcp: p.tcp, clock: p.clock,
    sha256: p.sha256, random: p.random || Math.random, userAgent: d.userAgent,
    log: function (m) { log(S, 'info', m); } }, function (r) {
    d.drop('api.' + key);
    // judged at a tick of its own: the API's module and its last exchange are let go first
    if (!S.x) d.ports.clock.setTimeout(judge.bind(null, S, ip, r, r.word || ''), 0);
  });
}

// The update request: update_url filled in, or the provider's API.
function send(S: Sec, ip: string) {
  var sec = S.c;
  var d = S.d;
  if (sec.api) { sendApi(S, ip, sec.api); return; }
  var v = sec.vals;
  var vals = { username: v.username, password: v.password, domain: v.domain, ip: ip, param_enc: v.param_enc,
    param_opt: v.param_opt };
  var url = fillTemplate(sec.url, vals);
  // the log shows the URL filled again with '***' in the secrets' places (not searched for)
  var shownUrl = fillTemplate(sec.url, vals, true);
  if (sec.https) { url = upgradeHttps(url); shownUrl = upgradeHttps(shownUrl); }
  if (S.d.log.verbose >= 3) { dryRun(S, 'send ' + shownUrl); return; }
  log(S, 'info', 'sending update: ' + shownUrl + (S.hp ? ' via proxy' : ''));
  S.ls = now(S);
  S.ss('updating');
  (S.hp || S.d.ports.http).request({ url: url, headers: { 'User-Agent': d.userAgent }, timeoutMs: 20000, maxBytes: 1024 },
    function (err, res) {
      if (res) d.sawHeaders(res.headers);
      if (S.x) return;
      judge(S, ip, { err: err || undefined, status: res ? res.status : undefined }, res ? res.body : '', res);
    });
}

// Not enough memory for an update now: the section looks again later, saying why once.
function postpone(S: Sec, why: string) {
  var e = 'postponed for want of memory: ' + why;
  if (S.e !== e) log(S, 'warn', 'update ' + e + '; looking again in ' + MEMORY_WAIT_MS / 1000 + ' s');
  S.e = e;
  finish(S, MEMORY_WAIT_MS, 'retry');
}

/** The update the pass decided on (why: decide.ts's reason), unless memory is short now. */
export function update(S: Sec, ip: string, why: string) {
  var short = S.d.memory && S.d.log.verbose < 3 ? S.d.memory(S.c.tls === 1) : '';
  if (short) { postpone(S, short); return; }
  log(S, 'info', 'update needed: ' + why);
  if (why === 'lagging') S.lg = (S.lg || 0) + 1;
  send(S, ip);
}
