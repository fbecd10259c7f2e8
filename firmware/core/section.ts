import { Ports, NetInfo, HttpPort } from './ports';
import { SectionState, loadState, saveState } from './state';
import { currentIp } from './ipsource';
import { decide } from './decide';
import { classify, retryDelaySec } from './policy';
import { fillTemplate, upgradeHttps, splitUrl } from './url';
import { lookup } from './dnsclient';
import { parseProxy, PROXY_TLS } from './proxy';
import { Section } from './config';
import { indexOfStr } from './answer';
import type { Logger, Severity } from '../services/log';
import type { ApiProvider, ApiResult } from '../providers/api/types';

export interface SectionDeps {
  ports: Ports;
  log: Logger;
  userAgent: string;
  allowPrivate: boolean;
  /** hash of the section's options: a stop lasts until the config changes */
  cfgHash: string;
  /** called with the headers of every HTTP answer (the clock is set from Date) */
  sawHeaders: (headers: any) => void;
  /** how long a registered IP read from DNS is trusted before it is read again */
  dnsRecheckMs: number;
  /** tells listeners (MQTT, web) that the status changed */
  changed: (name: string) => void;
  /** the API provider registered under a catalog api key, or null */
  apiFor: (key: string) => ApiProvider | null;
  /** an update attempt ended (for MQTT events) */
  attempted?: (name: string, ip: string, answer: string, ok: boolean) => void;
}

export interface SectionStatus {
  name: string;
  state: string;
  currentIp: string;
  registeredIp: string;
  lastUpdate: number;
  nextCheckInMs: number;
  lastAnswer: string;
  error: string;
  notes: string[];
}

export interface SectionRunner {
  name: string;
  start(): void;
  stop(): void;
  check(reason: string, force: boolean): void;
  netUp(info: NetInfo): void;
  netDown(): void;
  status(): SectionStatus;
}

// States: starting, offline, checking, updating, waiting (check/force timer), retry (back-off
// timer), hold (provider asked to wait), and the ends: stopped (terminal answer, persisted
// until the config changes), failed (retry_max_count used up: the next try comes with the
// network, an address change, a command, or after force_interval; a failed run once waits for
// a command), done (run once), off (console stop), disabled, invalid.
function isEnd(s: string): boolean {
  return s === 'stopped' || s === 'failed' || s === 'done' || s === 'off' || s === 'disabled' || s === 'invalid';
}

// True when https:// would have to go through the proxy (which the board cannot do).
function needsTlsProxy(sec: Section): boolean {
  if (sec.https || sec.updateUrl.substring(0, 8).toLowerCase() === 'https://') return true;
  if (sec.service && sec.service.api && sec.service.api !== 'nsupdate' &&
    (sec.opts.api_url || 'https:').substring(0, 7).toLowerCase() !== 'http://') return true;
  if (sec.ipSource !== 'web') return false;
  for (var i = 0; i < sec.ipUrls.length; i++) if (sec.ipUrls[i].substring(0, 8).toLowerCase() === 'https://') return true;
  return false;
}

// One section as a small state machine: a single timer, a single operation in flight, state in
// flash written only when it changes. Triggers (boot, network up, address change, timer,
// command) all funnel into check(); one pass is: current IP -> registered IP -> decide ->
// send -> classify -> policy -> persist -> next timer.
export function createSection(sec: Section, d: SectionDeps): SectionRunner {
  var p = d.ports;
  var clock = p.clock;
  var name = sec.name;
  var st: SectionState = loadState(p.storage, name);
  var state = 'idle';
  var timer: any;
  var nextAt = 0;
  var holdUntil = st.hold ? clock.uptimeMs() + st.hold : 0;
  var lastUp: number | null = null;
  var dnsAt = -1;
  var curIp = '';
  var busy = false;
  var pending = false;
  var pendingForce = false;
  var force = false;
  var online = false;
  var netIp = '';
  var error = '';
  var shown = '';
  var runOnce = sec.forceMs === 0;
  var proxy = sec.opts.proxy || '';
  var px = proxy ? parseProxy(proxy) : null;
  var http: HttpPort = !proxy ? p.http : {
    request: function (r, cb) { r.proxy = proxy; p.http.request(r, cb); },
  };
  var problem = proxy && needsTlsProxy(sec) ? PROXY_TLS : '';

  d.log.secret(name, sec.opts.password || '');
  d.log.secret(name, sec.opts.param_enc || '');
  if (px) d.log.secret(name, px.pass);

  function log(sev: Severity, msg: string) { d.log.write(name, sev, msg); }
  function save() { saveState(p.storage, name, st); }
  function verbose() { return d.log.verbose; }

  // Listeners hear about a change of what status() shows, not about every internal step.
  function setState(s: string) {
    state = s;
    if (s === 'checking') return;
    var sig = s + ' ' + curIp + ' ' + st.reg + ' ' + st.ans + ' ' + error;
    if (sig === shown) return;
    shown = sig;
    d.changed(name);
  }

  // A console stop (or a retired section) while a reply was on its way: drop the reply.
  function halted(): boolean {
    if (state !== 'off') return false;
    busy = false;
    return true;
  }

  function cancel() {
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
    nextAt = 0;
  }

  function schedule(ms: number, s: string) {
    cancel();
    var again = s === 'retry' && force;
    nextAt = clock.uptimeMs() + ms;
    timer = clock.setTimeout(function () {
      timer = undefined;
      nextAt = 0;
      check(s === 'retry' ? 'retry' : 'timer', again);
    }, ms);
    setState(s);
  }

  // The last accepted update in uptime ms: known this boot, or derived from flash once the wall
  // clock is set; unknown: counted from boot (ddns-scripts counts from its start), so a reboot
  // never forces an update.
  function lastUpdateUptime(): number {
    if (lastUp !== null) return lastUp;
    var wall = clock.wallMs();
    if (wall && st.last) return clock.uptimeMs() - (wall - st.last);
    return 0;
  }

  // Next check: check_interval, or earlier when force_interval falls due.
  function nextMs(): number {
    var ms = sec.checkMs;
    if (sec.forceMs > 0) {
      var due = lastUpdateUptime() + sec.forceMs - clock.uptimeMs();
      if (due < ms) ms = due;
    }
    return ms < 1000 ? 1000 : ms;
  }

  // Ends a pass. Ends (stopped, failed, done) drop a trigger that came meanwhile; otherwise it
  // runs now, or the timer is set (not while offline: network up checks at once).
  function finish(ms: number, s: string) {
    if (halted()) return;
    busy = false;
    if (isEnd(s)) {
      pending = false;
      if (ms > 0) schedule(ms, s);
      else { cancel(); setState(s); }
      return;
    }
    if (pending) {
      var f = pendingForce;
      pending = false;
      pendingForce = false;
      check('pending', f);
      return;
    }
    if (!online) { cancel(); setState('offline'); return; }
    schedule(ms, s);
  }

  // A pass that ends well: run once is done, anything else sleeps until the next check.
  function endPass() {
    if (runOnce) finish(0, 'done');
    else finish(nextMs(), 'waiting');
  }

  // A failed pass: retry with back-off (policy.ts) up to retry_max_count retries (0: forever).
  // Verbose 2 and 3 do not retry (ddns-scripts' debug levels): the next check comes as usual.
  function fail(code: string, text: string) {
    error = code + ': ' + text;
    if (!online) { finish(0, 'offline'); return; }
    st.tries++;
    if (verbose() >= 2) {
      save();
      log('warn', 'failed: ' + text + ' (' + code + '); no retry at verbose ' + verbose());
      if (runOnce) finish(0, 'failed');
      else finish(nextMs(), 'waiting');
      return;
    }
    if (sec.retryMax > 0 && st.tries > sec.retryMax) {
      st.tries = 0;
      save();
      log('err', 'failed after ' + sec.retryMax + ' retries: ' + text + ' (' + code +
        '); next try on a network or address change, a command, or after force_interval');
      finish(runOnce ? 0 : sec.forceMs, 'failed');
      return;
    }
    save();
    var wait = retryDelaySec(st.tries - 1, sec.retryMs / 1000);
    log('warn', 'failed: ' + text + ' (' + code + '); retry ' + st.tries + (sec.retryMax ? '/' + sec.retryMax : '') +
      ' in ' + wait + ' s');
    finish(wait * 1000, 'retry');
  }

  function dnsServer(): { host: string; port: number } | null {
    if (sec.dnsServer) return { host: sec.dnsServer, port: sec.dnsPort || 53 };
    var info = p.net.info();
    return info && info.gw ? { host: info.gw, port: 53 } : null;
  }

  // Reads the registered address from DNS when the cached one is stale; keeps the cache on error.
  function registered(fresh: boolean, cb: () => void) {
    var now = clock.uptimeMs();
    if (!fresh && dnsAt >= 0 && now - dnsAt < d.dnsRecheckMs) { cb(); return; }
    var srv = dnsServer();
    if (!srv) { log('warn', 'no dns_server and no gateway: registered IP unknown'); cb(); return; }
    lookup({ udp: p.udp, tcp: p.tcp, server: srv.host, port: srv.port, name: sec.lookupHost,
      type: sec.ipv6 ? 'AAAA' : 'A', tcpOnly: sec.opts.force_dnstcp === '1',
      random: p.random || Math.random }, function (err, res) {
      if (err && err !== 'nxdomain') {
        log('warn', 'DNS lookup of ' + sec.lookupHost + ' at ' + srv!.host + ' failed: ' + err);
      } else {
        dnsAt = clock.uptimeMs();
        var reg = res && res.addrs.length ? res.addrs[0] : '';
        if (reg !== st.reg) log('info', 'DNS: ' + sec.lookupHost + ' is ' + (reg || 'not registered'));
        st.reg = reg;
      }
      cb();
    });
  }

  // Run once (and verbose 2 and 3): after the update, read DNS back.
  function verify(ip: string) {
    registered(true, function () {
      if (halted()) return;
      if (st.reg === ip) log('notice', 'verified in DNS: ' + sec.lookupHost + ' is ' + ip);
      else log('warn', 'DNS still answers ' + (st.reg || 'nothing') + ' (propagation may take a while)');
      endPass();
    });
  }

  function apply(code: string, action: string, holdSec: number, text: string, ip: string) {
    st.ans = code;
    var now = clock.uptimeMs();
    if (action === 'ok') {
      error = '';
      st.reg = ip;
      st.last = clock.wallMs();
      st.tries = 0;
      st.hold = 0;
      holdUntil = 0;
      lastUp = now;
      dnsAt = now;
      save();
      log('notice', 'update accepted: ' + sec.lookupHost + ' -> ' + ip + ' (' + code + ')');
      if (runOnce || verbose() >= 2) { verify(ip); return; }
      endPass();
      return;
    }
    if (action === 'stop') {
      error = code + ': ' + text;
      st.stop = d.cfgHash;
      st.tries = 0;
      save();
      log('err', 'stopped: ' + text + ' (' + code + '); no more updates until the config changes');
      finish(0, 'stopped');
      return;
    }
    if (action === 'hold') {
      error = code + ': ' + text;
      holdUntil = now + holdSec * 1000;
      st.hold = holdSec * 1000;
      save();
      log('warn', 'provider asks to wait ' + holdSec + ' s: ' + text + ' (' + code + ')');
      finish(holdSec * 1000, 'hold');
      return;
    }
    fail(code, text);
  }

  // Turns an HTTP answer or an API outcome into policy, in one place (policy.ts's table).
  function judge(ip: string, r: ApiResult, body: string) {
    if (halted()) return;
    if (r.err === 'proxytls') { error = PROXY_TLS; log('err', PROXY_TLS); finish(0, 'invalid'); return; }
    var c = classify({ status: r.status, body: body, err: r.err, retryAfter: r.retryAfter,
      expected: r.word !== undefined ? '' : sec.answer });
    if (r.status === 407) c.text = 'HTTP 407: the proxy refused its credentials (check proxy user:pass)';
    if (d.attempted) d.attempted(name, ip, c.code, c.action === 'ok');
    apply(c.code, c.action, c.holdSec || 0, r.text || c.text, ip);
  }

  function dryRun(what: string) {
    log('notice', 'dry run (verbose 3): would ' + what);
    endPass();
  }

  function sendApi(ip: string, key: string) {
    var api = d.apiFor(key);
    if (!api) { apply('noapi', 'stop', 0, 'provider API "' + key + '" is not in this firmware', ip); return; }
    if (verbose() >= 3) { dryRun('update ' + sec.lookupHost + ' to ' + ip + ' via API ' + key); return; }
    log('info', 'sending update via API ' + key);
    setState('updating');
    api.update({ opts: sec.opts, ip: ip, ipv6: sec.ipv6, http: http, udp: p.udp, tcp: p.tcp, clock: clock,
      sha256: p.sha256, random: p.random || Math.random, userAgent: d.userAgent,
      log: function (m) { log('info', m); } }, function (r) {
      judge(ip, r, r.word || '');
    });
  }

  function send(ip: string) {
    if (sec.service && sec.service.api) { sendApi(ip, sec.service.api); return; }
    var url = fillTemplate(sec.updateUrl, { username: sec.opts.username, password: sec.opts.password,
      domain: sec.opts.domain, ip: ip, param_enc: sec.opts.param_enc, param_opt: sec.opts.param_opt });
    if (sec.https) url = upgradeHttps(url);
    if (verbose() >= 3) { dryRun('send ' + url); return; }
    log('info', 'sending update: ' + url + (proxy ? ' via proxy' : ''));
    setState('updating');
    http.request({ url: url, headers: { 'User-Agent': d.userAgent }, timeoutMs: 20000, maxBytes: 1024 },
      function (err, res) {
        if (res) d.sawHeaders(res.headers);
        var after = res ? parseInt(res.headers['Retry-After'] || res.headers['retry-after'] || '', 10) : NaN;
        judge(ip, { err: err || undefined, status: res ? res.status : undefined,
          retryAfter: after > 0 ? after : undefined }, res ? res.body : '');
      });
  }

  // After the current and the registered address are known: update, wait out a hold, or sleep.
  function decideNow(ip: string) {
    if (halted()) return;
    var now = clock.uptimeMs();
    var dec = decide({ nowMs: now, currentIp: ip, registeredIp: st.reg || null,
      lastUpdateMs: lastUpdateUptime(), forceIntervalMs: sec.forceMs, holdUntilMs: holdUntil,
      stopped: false, force: force });
    if (dec.action === 'wait') { finish(Math.max(1000, (dec.nextMs || now) - now), 'hold'); return; }
    if (holdUntil) {
      holdUntil = 0;
      st.hold = 0;
      save();
    }
    if (dec.action === 'update') { log('info', 'update needed: ' + dec.reason); send(ip); return; }
    error = '';
    if (st.tries) { st.tries = 0; save(); }
    if (runOnce) log('notice', 'DNS already has ' + ip + ': nothing to do (run once)');
    endPass();
  }

  function check(reason: string, f: boolean) {
    if (isEnd(state) && state !== 'failed') return;
    if (busy) { pending = true; pendingForce = pendingForce || f; return; }
    if (!online) { cancel(); setState('offline'); return; }
    busy = true;
    force = f;
    cancel();
    setState('checking');
    currentIp({ source: sec.ipSource, ipv6: sec.ipv6, urls: sec.ipUrls.join(' '),
      routerFallbackWeb: sec.opts.router_fallback_web === '1',
      staticIp: sec.opts.ip_static || '', allowPrivate: d.allowPrivate, http: http, net: p.net,
      userAgent: d.userAgent, log: function (m) { log('warn', m); }, onResponse: d.sawHeaders },
    function (err, ip) {
      if (halted()) return;
      // ip_source router behind a second NAT: a lasting condition, checked again at check_interval
      if (err && err.substring(0, 19) === 'behind a second NAT') { error = err; log('warn', err); finish(runOnce ? 0 : sec.checkMs, runOnce ? 'failed' : 'waiting'); return; }
      if (err === 'private') {
        error = 'the current address ' + ip + ' is private (set upd_privateip to publish it)';
        log('warn', error);
        if (runOnce) finish(0, 'failed');
        else finish(sec.checkMs, 'waiting');
        return;
      }
      if (err || !ip) { fail('noip', 'no current address: ' + err); return; }
      if (ip !== curIp) log('info', 'current address ' + ip + ' (' + reason + ')');
      curIp = ip;
      registered(reason === 'boot' || reason === 'up' || reason === 'command', function () { decideNow(ip); });
    });
  }

  if (st.stop && st.stop !== d.cfgHash) {
    st.stop = '';
    st.tries = 0;
    save();
    log('notice', 'config changed: starting again after ' + st.ans);
  }

  return {
    name: name,
    start: function () {
      if (!sec.valid) { setState('invalid'); return; }
      if (problem) { error = problem; log('err', problem); setState('invalid'); return; }
      if (!sec.enabled) { setState('disabled'); return; }
      if (st.stop) {
        error = st.ans + ': stopped';
        log('err', 'stays stopped after ' + st.ans + ' until its config changes (or a check command)');
        setState('stopped');
        return;
      }
      if (!isEnd(state) && state !== 'idle') return;
      setState('starting');
      if (online) check('boot', false);
    },
    stop: function () { cancel(); setState('off'); },
    check: function (reason, f) {
      if (reason === 'command') shown = '';
      if (reason === 'command' && (state === 'stopped' || state === 'done' || state === 'failed' || state === 'off')) {
        st.stop = '';
        st.tries = 0;
        save();
        state = 'starting';
      }
      check(reason, f);
    },
    netUp: function (info) {
      var first = !online;
      if (!first && info.ip === netIp) return;
      online = true;
      netIp = info.ip;
      if (state === 'idle' || (isEnd(state) && state !== 'failed')) return;
      check(first ? 'up' : 'address ' + info.ip, false);
    },
    netDown: function () {
      online = false;
      if (!busy && !isEnd(state)) { cancel(); setState('offline'); }
    },
    status: function () {
      var notes: string[] = [];
      var u = splitUrl(sec.updateUrl || '');
      if (u && (u.protocol === 'https:' || sec.https)) notes.push('TLS: certificate not verified on this board');
      else if (u && (sec.opts.password || u.pass) && indexOfStr(sec.updateUrl, '[PASSWORD]') >= 0) notes.push('password sent over plain HTTP');
      if (px && px.pass) notes.push('proxy password sent over plain HTTP');
      return { name: name, state: state, currentIp: curIp, registeredIp: st.reg, lastUpdate: st.last,
        nextCheckInMs: nextAt ? Math.max(0, nextAt - clock.uptimeMs()) : -1, lastAnswer: st.ans,
        error: error, notes: notes };
    },
  };
}
