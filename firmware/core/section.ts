import { Ports, NetInfo } from './ports';
import { SectionState, loadState, saveState } from './state';
import { currentIp } from './ipsource';
import { decide } from './decide';
import { classify, retryDelaySec } from './policy';
import { fillTemplate, upgradeHttps, splitUrl } from './url';
import { lookup } from './dnsclient';
import { Section } from './config';
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

// One section as a small state machine: a single timer, a single operation in flight, state in
// flash. Triggers (boot, network up, address change, timer, command) all funnel into check().
export function createSection(sec: Section, d: SectionDeps): SectionRunner {
  var p = d.ports;
  var name = sec.name;
  var st: SectionState = loadState(p.storage, name);
  var state = 'idle';
  var timer: any;
  var nextAt = 0;
  var holdUntil = st.hold ? p.clock.uptimeMs() + st.hold : 0;
  var lastUp: number | null = null;
  var dnsAt = -1;
  var curIp = '';
  var busy = false;
  var pending = false;
  var pendingForce = false;
  var online = false;
  var netIp = '';
  var error = '';
  var runOnce = sec.forceMs === 0;

  if (st.stop && st.stop !== d.cfgHash) { st.stop = ''; st.tries = 0; }
  if (st.stop) state = 'stopped';

  function log(sev: Severity, msg: string) { d.log.write(name, sev, msg); }
  function save() { saveState(p.storage, name, st); }

  function setState(s: string) {
    state = s;
    d.changed(name);
  }

  function schedule(ms: number, s: string) {
    if (timer !== undefined) p.clock.clearTimeout(timer);
    nextAt = p.clock.uptimeMs() + ms;
    timer = p.clock.setTimeout(function () {
      timer = undefined;
      check('timer', false);
    }, ms);
    setState(s);
  }

  function cancel() {
    if (timer !== undefined) p.clock.clearTimeout(timer);
    timer = undefined;
    nextAt = 0;
  }

  // The last accepted update in uptime ms: known this boot, or derived from flash once the wall
  // clock is set; unknown after a reboot without clock (then no forced update: DESIGN.md).
  function lastUpdateUptime(): number | null {
    if (lastUp !== null) return lastUp;
    var wall = p.clock.wallMs();
    if (wall && st.last) return p.clock.uptimeMs() - (wall - st.last);
    return null;
  }

  function dnsServer(): { host: string; port: number } | null {
    if (sec.dnsServer) return { host: sec.dnsServer, port: sec.dnsPort || 53 };
    var info = p.net.info();
    return info && info.gw ? { host: info.gw, port: 53 } : null;
  }

  // Reads the registered address from DNS when the cached one is stale; keeps the cache on error.
  function registered(fresh: boolean, cb: () => void) {
    var now = p.clock.uptimeMs();
    if (!fresh && dnsAt >= 0 && now - dnsAt < d.dnsRecheckMs) { cb(); return; }
    var srv = dnsServer();
    if (!srv) { log('warn', 'no dns_server and no gateway: registered IP unknown'); cb(); return; }
    lookup({ udp: p.udp, tcp: p.tcp, server: srv.host, port: srv.port, name: sec.lookupHost,
      type: sec.ipv6 ? 'AAAA' : 'A', tcpOnly: sec.opts.force_dnstcp === '1',
      random: p.random || Math.random }, function (err, res) {
      if (err && err !== 'nxdomain') {
        log('warn', 'DNS lookup of ' + sec.lookupHost + ' at ' + srv!.host + ' failed: ' + err);
      } else {
        dnsAt = p.clock.uptimeMs();
        var reg = res && res.addrs.length ? res.addrs[0] : '';
        if (reg !== st.reg) log('info', 'DNS: ' + sec.lookupHost + ' is ' + (reg || 'not registered'));
        st.reg = reg;
      }
      cb();
    });
  }

  function finish(ms: number, s: string) {
    busy = false;
    if (pending) {
      var f = pendingForce;
      pending = false;
      pendingForce = false;
      check('pending', f);
      return;
    }
    if (s === 'done' || s === 'stopped') { cancel(); setState(s); return; }
    schedule(ms, s);
  }

  function apply(code: string, action: string, holdSec: number, text: string, ip: string) {
    st.ans = code;
    var now = p.clock.uptimeMs();
    if (action === 'ok') {
      error = '';
      st.reg = ip;
      st.last = p.clock.wallMs();
      st.tries = 0;
      st.hold = 0;
      lastUp = now;
      dnsAt = now;
      save();
      log('notice', 'update accepted: ' + sec.lookupHost + ' -> ' + ip + ' (' + code + ')');
      if (runOnce) { verifyThenDone(ip); return; }
      finish(sec.checkMs, 'waiting');
      return;
    }
    error = code + ': ' + text;
    if (action === 'stop') {
      st.stop = d.cfgHash;
      save();
      log('err', 'stopped: ' + text + ' (' + code + '); fix the config to start again');
      finish(0, 'stopped');
      return;
    }
    if (action === 'hold') {
      holdUntil = now + holdSec * 1000;
      st.hold = holdSec * 1000;
      save();
      log('warn', 'provider asks to wait ' + holdSec + ' s: ' + text + ' (' + code + ')');
      finish(holdSec * 1000, 'hold');
      return;
    }
    st.tries++;
    save();
    if (d.log.verbose >= 2) { log('err', 'failed: ' + text + ' (no retry at verbose ' + d.log.verbose + ')'); finish(sec.checkMs, 'waiting'); return; }
    if (sec.retryMax > 0 && st.tries >= sec.retryMax) {
      log('err', 'failed ' + st.tries + ' times: ' + text + '; next try at the check interval');
      st.tries = 0;
      save();
      finish(sec.checkMs, 'waiting');
      return;
    }
    var wait = retryDelaySec(st.tries - 1, sec.retryMs / 1000);
    log('warn', 'failed: ' + text + ' (' + code + '); retry ' + st.tries + ' in ' + wait + ' s');
    finish(wait * 1000, 'retry');
  }

  // Run once (force_interval 0): after the update, read DNS back, then stop for good.
  function verifyThenDone(ip: string) {
    registered(true, function () {
      if (st.reg === ip) log('notice', 'verified in DNS: ' + sec.lookupHost + ' is ' + ip);
      else log('warn', 'DNS still answers ' + (st.reg || 'nothing') + ' (propagation may take a while)');
      finish(0, 'done');
    });
  }

  // Turns an HTTP answer or an API outcome into policy, in one place (policy.ts's table).
  function judge(ip: string, r: ApiResult, body: string) {
    var c = classify({ status: r.status, body: body, err: r.err, retryAfter: r.retryAfter,
      expected: r.word !== undefined ? '' : sec.answer });
    if (d.attempted) d.attempted(name, ip, c.code, c.action === 'ok');
    apply(c.code, c.action, c.holdSec || 0, r.text || c.text, ip);
  }

  function sendApi(ip: string, key: string) {
    var api = d.apiFor(key);
    if (!api) { apply('noapi', 'stop', 0, 'provider API "' + key + '" is not in this firmware', ip); return; }
    if (d.log.verbose >= 3) { log('notice', 'dry run (verbose 3): would update ' + sec.lookupHost + ' to ' + ip + ' via API ' + key); finish(sec.checkMs, runOnce ? 'done' : 'waiting'); return; }
    log('info', 'sending update via API ' + key);
    setState('updating');
    api.update({ opts: sec.opts, ip: ip, ipv6: sec.ipv6, http: p.http, udp: p.udp, tcp: p.tcp, clock: p.clock,
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
    if (d.log.verbose >= 3) {
      log('notice', 'dry run (verbose 3): would send ' + url);
      finish(sec.checkMs, runOnce ? 'done' : 'waiting');
      return;
    }
    log('info', 'sending update: ' + url);
    setState('updating');
    p.http.request({ url: url, headers: { 'User-Agent': d.userAgent }, timeoutMs: 20000, maxBytes: 1024 },
      function (err, res) {
        if (res) d.sawHeaders(res.headers);
        var after = res ? parseInt(res.headers['Retry-After'] || res.headers['retry-after'] || '', 10) : NaN;
        judge(ip, { err: err || undefined, status: res ? res.status : undefined,
          retryAfter: after > 0 ? after : undefined }, res ? res.body : '');
      });
  }

  function check(reason: string, force: boolean) {
    if (state === 'stopped' || state === 'disabled' || state === 'invalid') return;
    if (state === 'done' && !force) return;
    if (busy) { pending = true; pendingForce = pendingForce || force; return; }
    if (!online) { setState('offline'); return; }
    busy = true;
    cancel();
    setState('checking');
    currentIp({ source: sec.ipSource, ipv6: sec.ipv6, urls: sec.ipUrls.join(' '),
      staticIp: sec.opts.ip_static || '', allowPrivate: d.allowPrivate, http: p.http, net: p.net,
      userAgent: d.userAgent, log: function (m) { log('warn', m); }, onResponse: d.sawHeaders },
    function (err, ip) {
      if (err || !ip) {
        error = 'no current address: ' + err;
        log('warn', error);
        finish(err === 'private' ? sec.checkMs : sec.retryMs, 'waiting');
        return;
      }
      if (ip !== curIp) log('info', 'current address ' + ip + ' (' + reason + ')');
      curIp = ip;
      registered(reason === 'boot' || reason === 'up' || reason === 'command', function () {
        var now = p.clock.uptimeMs();
        var dec = decide({ nowMs: now, currentIp: ip, registeredIp: st.reg || null,
          lastUpdateMs: lastUpdateUptime(), forceIntervalMs: sec.forceMs, holdUntilMs: holdUntil,
          stopped: false, force: force });
        if (dec.action === 'update') { log('info', 'update needed: ' + dec.reason); send(ip); return; }
        if (dec.action === 'wait') { finish(Math.max(1000, (dec.nextMs || now) - now), 'hold'); return; }
        if (holdUntil && holdUntil <= now && st.hold) { holdUntil = 0; st.hold = 0; save(); }
        if (runOnce) { log('notice', 'DNS already has ' + ip + ': nothing to do (run once)'); finish(0, 'done'); return; }
        finish(sec.checkMs, 'waiting');
      });
    });
  }

  return {
    name: name,
    start: function () {
      if (!sec.valid) { setState('invalid'); return; }
      if (!sec.enabled) { setState('disabled'); return; }
      if (state === 'stopped') { log('err', 'stays stopped after ' + st.ans + ' until its config changes'); d.changed(name); return; }
      if (state === 'done' || state === 'idle' || state === 'off') setState('starting');
      if (online) check('boot', false);
    },
    stop: function () { cancel(); setState('off'); },
    check: function (reason, force) {
      if (reason === 'command' && (state === 'stopped' || state === 'done' || state === 'off')) {
        if (state === 'stopped') { st.stop = ''; st.tries = 0; save(); }
        state = 'starting';
      }
      check(reason, force);
    },
    netUp: function (info) {
      var first = !online;
      if (!first && info.ip === netIp) return;
      online = true;
      netIp = info.ip;
      if (state === 'off' || state === 'invalid' || state === 'disabled' || state === 'stopped') return;
      check(first ? 'up' : 'address ' + info.ip, false);
    },
    netDown: function () {
      online = false;
      if (state === 'waiting' || state === 'retry' || state === 'hold') { cancel(); setState('offline'); }
    },
    status: function () {
      var notes: string[] = [];
      var u = splitUrl(sec.updateUrl || '');
      if (u && (u.protocol === 'https:' || sec.https)) notes.push('TLS: certificate not verified on this board');
      else if (u && (sec.opts.password || u.pass) && sec.updateUrl.indexOf('[PASSWORD]') >= 0) notes.push('password sent over plain HTTP');
      return { name: name, state: state, currentIp: curIp, registeredIp: st.reg, lastUpdate: st.last,
        nextCheckInMs: nextAt ? Math.max(0, nextAt - p.clock.uptimeMs()) : -1, lastAnswer: st.ans,
        error: error, notes: notes };
    },
  };
}

