// The update of a section, as the Storage module ddns.send: the memory rule, the request (update
// URL filled in, or the provider's API) and the answer turned into policy's action. Loaded once
// the pass (ddns.pass) decided to update and let go of its own module, so the memory rule counts
// this small module alone; what became of the update goes to ddns.verdict (verdict.ts), on a
// tick of its own once this module, the reply and policy's module are let go.

import { HttpResponse, ErrCode } from '../core/ports';
import { Sec, log, now, useOnce } from './sec';
import { fillTemplate, upgradeHttps } from '../http/url';
import { PROXY_TLS } from '../http/proxy';
import type { ApiResult, ApiProvider } from '../providers/types';
import type { PolicyLib } from './policy';
import { MEMORY_WAIT_MS } from './memory';

// Hands what became of the update to ddns.verdict (verdict.ts) and lets go of this module.
function done(S: Sec, ip: string, code: string, action: string, holdSec: number, text: string) {
  S.d.drop('send');
  S.go(S, 'verdict', 'verdict', ip, code, action, holdSec, text);
}

// Turns an HTTP answer or an API outcome into policy's action, in one place (policy.ts's table).
// (A section stopped or retired while the request was out never gets here: the core's go() drops
// the answer.)
function judge(S: Sec, ip: string, r: ApiResult, body: string, res?: HttpResponse) {
  if (r.err === 'proxytls') { done(S, ip, 'proxytls', 'invalid', 0, PROXY_TLS); return; }
  var P: PolicyLib | null = useOnce(S, 'policy', 'classify');
  if (!P) { done(S, ip, 'nomodule', 'fail', 0, 'the module ddns.policy cannot be loaded (see the log)'); return; }
  if (res) r.retryAfter = P.retryAfter(res, S.d.ports.clock.wallMs());
  var c = P.classify({ status: r.status, body: body, err: r.err, retryAfter: r.retryAfter,
    expected: S.c.api ? '' : S.c.answer, ip: ip, api: !!S.c.api });
  if (r.status === 407) c.text = 'HTTP 407: the proxy refused its credentials (check proxy user:pass)';
  done(S, ip, c.code, c.action, c.holdSec || 0, c.action === 'verify' ? c.text : r.text || c.text);
}

// Verbose 3 sends nothing: it says what it would send and ends the pass as if it had.
function dryRun(S: Sec, ip: string, what: string) {
  log(S, 'notice', 'dry run (verbose 3): would ' + what);
  done(S, ip, '', 'end', 0, '');
}

// Providers with their own API (providers/api) update through it. While the request is out
// neither this module nor the provider's is held by the update's callbacks (the provider's
// steps keep its code alive until it ends): the outcome comes back through the core's go()
// as apiDone, with this module loaded again.
function sendApi(S: Sec, ip: string, key: string) {
  var sec = S.c;
  var d = S.d;
  var p = d.ports;
  if (d.log.verbose >= 3) { dryRun(S, ip, 'update ' + sec.host + ' to ' + ip + ' via API ' + key); return; }
  var api: ApiProvider | null = d.use('api.' + key, 'update');
  if (!api) { done(S, ip, 'nomodule', 'fail', 0, 'the module of provider API ' + key + ' cannot be loaded (see the log)'); return; }
  log(S, 'info', 'sending update via API ' + key);
  S.ls = now(S);
  S.ss(S, 'updating');
  d.drop('send');
  d.drop('api.' + key);
  api.update({ opts: sec.vals, ip: ip, ipv6: sec.v6 === 1, http: (S.hp || p.http), udp: p.udp, tcp: p.tcp, clock: p.clock,
    sha256: p.sha256, random: p.random || Math.random, userAgent: d.userAgent,
    log: d.log.write.bind(d.log, S.name, 'info') }, S.go.bind(null, S, 'send', 'apiDone', ip));
}

/** An API provider's outcome (sendApi). */
export function apiDone(S: Sec, ip: string, r: ApiResult) {
  judge(S, ip, r, r.word || '');
}

// The update request: update_url filled in, or the provider's API. The answer comes back
// through the core's go() as answered, this module let go while the request is out.
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
  if (d.log.verbose >= 3) { dryRun(S, ip, 'send ' + shownUrl); return; }
  log(S, 'info', 'sending update: ' + shownUrl + (S.hp ? ' via proxy' : ''));
  S.ls = now(S);
  S.ss(S, 'updating');
  d.drop('send');
  (S.hp || d.ports.http).request({ url: url, headers: { 'User-Agent': d.userAgent }, timeoutMs: 20000, maxBytes: 1024 },
    S.go.bind(null, S, 'send', 'answered', ip));
}

/** The update URL's answer (send). */
export function answered(S: Sec, ip: string, err: ErrCode | null, res?: HttpResponse) {
  if (res) S.d.sawHeaders(res.headers);
  judge(S, ip, { err: err || undefined, status: res ? res.status : undefined }, res ? res.body : '', res);
}

// Not enough memory for an update now: the section looks again later, saying why once. (The
// pass ends here without its module: a trigger that came meanwhile is taken by that look.)
function postpone(S: Sec, why: string) {
  var e = 'postponed for want of memory: ' + why;
  if (S.e !== e) log(S, 'warn', 'update ' + e + '; looking again in ' + MEMORY_WAIT_MS / 1000 + ' s');
  S.e = e;
  delete S.b;
  delete S.pe;
  delete S.pf;
  S.d.drop('send');
  S.sc(S, MEMORY_WAIT_MS, 'retry');
}

// Lets go of what of the section's config neither the update nor its verdict (verdict.ts) reads:
// the address check's settings, and what only the page and the log use (about 25 blocks of the
// 106 of a dyndns2 section), before the memory rule counts.
function trim(S: Sec) {
  if (S.c === S.k) return;
  var keys = 'errs notes label src urls ipStatic ipDns routerIp webFallback priv proxy logfile syslog secrets warn on ok'.split(' ');
  for (var i = 0; i < keys.length; i++) delete (S.c as any)[keys[i]];
}

/** The update the pass decided on (why: decide.ts's reason), unless memory is short now. */
export function update(S: Sec, ip: string, why: string) {
  trim(S);
  var short = S.d.memory && S.d.log.verbose < 3 ? S.d.memory(S.c.tls === 1, !!S.c.api) : '';
  if (short) { postpone(S, short); return; }
  log(S, 'info', 'update needed: ' + why);
  if (why === 'lagging') S.lg = (S.lg || 0) + 1;
  send(S, ip);
}
