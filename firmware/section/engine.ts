// The section engine's core (.bootcde): each section as a small state machine with a single
// timer, a single operation in flight and its state in flash written only when it changes. The
// pass itself is three Storage modules: ddns.pass (pass.ts: current IP, DNS, decision), loaded
// when a pass starts, ddns.send (send.ts: the update request), loaded once ddns.pass is let go
// (go, below), and ddns.verdict (verdict.ts: what follows the answer), once ddns.send is. What
// stays in RAM while the sections sleep is their state objects, these few functions and one
// timer each.

import { NetInfo, HttpPort } from '../core/ports';
import { loadState } from './state';
import { RunSection, SectionRunner, SectionStatus } from './types';
import { MEMORY_WAIT_MS } from './memory';
import { sectionInForce, checksum } from '../config/store';
import { Sec, SectionDeps, PassLib, isEnd, log, save, now, once, owner, gapMs, lastSent } from './sec';

export type { SectionRunner, SectionStatus, SectionDeps };

// A pass (current IP, DNS, update) that has not ended by then was lost.
var PASS_LIMIT_MS = 180000;

// The section's HTTP when the option proxy is set: every request names the proxy. Built only
// for such sections (S.hp); the others use the port itself.
function viaProxy(http: HttpPort, proxy: string): HttpPort {
  return { request: function (r, cb) { r.proxy = proxy; http.request(r, cb); } };
}

// Listeners hear about a change of what status() shows, not about every internal step, and
// never from a retired section. The time of the next check is part of it (MQTT shows it as a
// time, which would go stale): a check that finds nothing to do tells once, not a countdown.
// What was last told is kept as a 28-bit checksum (one block, the text took about six).
function setState(S: Sec, s: string) {
  S.s = s;
  idle(S);
  if (s === 'checking') return;
  var seen = s + ' ' + S.ip + ' ' + S.st.reg + ' ' + S.st.ans + ' ' + (S.e || '') + ' ' + S.at;
  var sig = parseInt(checksum(seen).substr(1), 16);
  if (sig === S.sh) return;
  S.sh = sig;
  if (!S.x) S.d.changed(S.name);
}

// The one timer: cancelled before any other is set, so at most one is pending.
function cancel(S: Sec) {
  idle(S);
  if (S.tm !== undefined) S.d.ports.clock.clearTimeout(S.tm);
  S.tm = undefined;
  S.at = 0;
}

// What a section keeps of its compiled config between passes: what start, its timer and check
// read (on, ok, errs, forceMs, gap), and what the features look up at every log line or event
// (name, src, api, syslog, secrets, hash), and what the log reads of it (secrets, logfile: the
// kept part is the section's log settings). The rest (the URL, the values sent, the DNS and IP
// source settings, and what only the page and the console show: label, host, the intervals) is
// read from flash when it is needed (store.ts sectionInForce): a section's config as objects
// costs about 100 blocks, the kept part about 20. api, errs and logfile are left out when empty.
// (Strings, not tables: a table at the root would cost blocks for as long as the board runs.)
function kept(c: RunSection): RunSection {
  var keys = 'name on ok errs src api forceMs gap syslog secrets logfile hash'.split(' ');
  var k: any = {};
  for (var i = 0; i < keys.length; i++) {
    var v = (c as any)[keys[i]];
    var empty = keys[i] === 'logfile' ? !v : (keys[i] === 'api' || keys[i] === 'errs') && !v.length;
    if (v === undefined || empty) continue;
    k[keys[i]] = v;
  }
  return k;
}

// The whole compiled config of the section for one pass, from the compiled form in force; null
// when it is not there or not the one this section was built from (a torn file, or a config
// saved under it: the section says so and looks again later).
function passConfig(S: Sec): RunSection | null {
  return sectionInForce(S.d.ports.storage, S.name, S.k.hash);
}

// A pass ended (its state set or its timer changed while none is in flight): back to the kept
// config, so the whole one is garbage.
function idle(S: Sec) {
  if (!S.b) S.c = S.k;
}

// A module of the pass (ddns.pass, ddns.send, ddns.verdict) cannot be loaded (the log said why):
// the section looks again later.
function noPass(S: Sec, name: string) {
  delete S.b;
  S.e = 'nomodule: the module ddns.' + name + ' cannot be loaded (see the log)';
  schedule(S, MEMORY_WAIT_MS, 'retry');
}

// The timer's callback, given its section as the timer's argument (a timer with an argument
// costs two blocks fewer than one with a bound function, a closure more). The state the timer
// was set in is still the state when it fires (every other change cancels it), so it tells a
// retry from a check, and a retry of a forced pass stays forced (force changes only when a pass
// starts, which cancels the timer).
function onTimer(S: Sec) {
  S.tm = undefined;
  S.at = 0;
  if (S.x) return;
  if (S.b) {
    var P: PassLib | null = S.d.use('pass', 'pass');
    if (P) P.fail(S, 'lost', 'no answer within ' + PASS_LIMIT_MS / 1000 + ' s (the pass was lost)');
    else noPass(S, 'pass');
    return;
  }
  var retry = S.s === 'retry';
  check(S, retry ? 'retry' : 'timer', retry && S.f === 1);
}

// Sleeps in state s until the timer fires (status() counts down to S.at).
function schedule(S: Sec, ms: number, s: string) {
  cancel(S);
  S.at = now(S) + ms;
  S.tm = S.d.ports.clock.setTimeout(onTimer, ms, S);
  setState(S, s);
}

// Every trigger (boot, network up, address change, timer, command) comes here: a pass starts
// now (pass.ts), or it is noted for when the pass in flight ends, or it is not needed.
function check(S: Sec, reason: string, f: boolean) {
  if (S.x || (isEnd(S.s) && S.s !== 'failed')) return;
  if (S.b) { S.pe = owner(reason) ? 2 : S.pe || 1; if (f) S.pf = 1; return; }
  if (!S.on) { cancel(S); setState(S, 'offline'); return; }
  // within the minimum interval with a pass already set to run by its end: that pass is this one
  var ls = lastSent(S);
  if (!owner(reason) && S.at && ls !== null && S.at <= ls + gapMs(S)) return;
  var P: PassLib | null = S.d.use('pass', 'pass');
  if (!P) { noPass(S, 'pass'); return; }
  var c = passConfig(S);
  if (!c) {
    S.e = 'noconfig: the compiled config of this section cannot be read from flash (commit it again)';
    schedule(S, MEMORY_WAIT_MS, 'retry');
    return;
  }
  S.c = c;
  S.b = 1;
  S.f = f ? 1 : 0;
  cancel(S);
  // the pass's watchdog: every port answers well before it, so it fires only when a pass was
  // lost (an out-of-memory error inside a callback); then the section fails and retries
  S.tm = S.d.ports.clock.setTimeout(onTimer, PASS_LIMIT_MS, S);
  P.pass(S, reason);
}

// The SectionRunner methods: module-level functions reading the section from `this`, shared by
// every section through RUNNER.

function runStart(this: Sec) {
  var S = this;
  var sec = S.c;
  if (S.x) return;
  if (!sec.ok) { S.e = (sec.errs && sec.errs[0]) || 'invalid config'; setState(S, 'invalid'); return; }
  if (!sec.on) { setState(S, 'disabled'); return; }
  if (S.st.stop) {
    S.e = S.st.ans + ': stopped';
    log(S, 'err', 'stays stopped after ' + S.st.ans + ' until its config changes (or a check command)');
    setState(S, 'stopped');
    return;
  }
  if (!isEnd(S.s) && S.s !== 'idle') return;
  setState(S, 'starting');
  if (S.on) check(S, 'boot', false);
}

function runStop(this: Sec) { cancel(this); setState(this, 'off'); }

// A command clears a stop, a failure, run once's done and a console stop. Its pass starts on a
// tick of its own: the feature that took the command (the console, MQTT, the page) has let go
// of its module and its request by then, so they and the pass are never in RAM together.
function runCheck(this: Sec, reason: string, f: boolean) {
  var S = this;
  if (S.x) return;
  if (reason !== 'command') { check(S, reason, f); return; }
  S.sh = -1;
  if (S.s === 'stopped' || S.s === 'done' || S.s === 'failed' || S.s === 'off') {
    S.st.stop = '';
    S.st.tries = 0;
    save(S);
    S.s = 'starting';
  }
  S.d.ports.clock.setTimeout(check, 0, S, reason, f);
}

function runNetUp(this: Sec, info: NetInfo) {
  var S = this;
  var first = !S.on;
  if (!first && info.ip === S.ni) return;
  S.on = 1;
  S.ni = info.ip;
  if (S.s === 'idle' || (isEnd(S.s) && S.s !== 'failed') || (S.s === 'failed' && once(S))) return;
  check(S, first ? 'up' : 'address ' + info.ip, false);
}

function runNetDown(this: Sec) {
  var S = this;
  S.on = 0;
  if (!S.b && !isEnd(S.s)) { cancel(S); setState(S, 'offline'); }
}

function runStatus(this: Sec): SectionStatus {
  var S = this;
  var notes: string[] = [];
  var w = S.w || 0;
  if (w & 1) notes.push('TLS: certificate not verified on this board');
  if (w & 2) notes.push('password sent over plain HTTP');
  if (w & 4) notes.push('proxy password sent over plain HTTP');
  if (S.an) notes.push(S.an);
  return { name: S.name, state: S.s, currentIp: S.ip, registeredIp: S.st.reg, lastUpdate: S.st.last,
    nextCheckInMs: S.at ? Math.max(0, S.at - now(S)) : -1, lastAnswer: S.st.ans,
    error: S.e || '', notes: notes };
}

// Retired (its config changed or it was removed): stopped, silent, and never started again.
function runRetire(this: Sec) { this.x = 1; cancel(this); setState(this, 'off'); }

// The pass's next step in another of its modules, on a tick of its own (the caller let go of its
// module): ddns.pass hands an update to ddns.send, ddns.send what became of it to ddns.verdict.
function step(S: Sec, mod: string, entry: string, args: any[]) {
  if (S.x) return;
  // a console stop meanwhile (pass.ts halted)
  if (S.s === 'off') { delete S.b; idle(S); return; }
  var M = S.d.use(mod, entry);
  if (M) M[entry].apply(null, [S].concat(args));
  else noPass(S, mod);
}
function go(S: Sec, mod: string, entry: string) {
  S.d.ports.clock.setTimeout(step, 0, S, mod, entry, [].slice.call(arguments, 3));
}

// (ss, sc, cx, ck, go: the core as the pass modules see it, see Sec)
var RUNNER = { start: runStart, stop: runStop, check: runCheck, netUp: runNetUp, netDown: runNetDown,
  status: runStatus, retire: runRetire,
  ss: setState, sc: schedule, cx: cancel, ck: check, go: go,
  config: function (this: Sec) { return this.k; } };

// One section as a small state machine: a single timer, a single operation in flight, state in
// flash written only when it changes. Its secrets are registered with the logger here.
export function createSection(sec: RunSection, d: SectionDeps): SectionRunner {
  var p = d.ports;
  var name = sec.name;
  var S: Sec = Object.create(RUNNER);
  var st = loadState(p.storage, name);
  S.name = name;
  S.k = kept(sec);
  S.c = S.k;
  if (sec.warn) S.w = sec.warn;
  S.d = d;
  S.st = st;
  S.s = 'idle';
  S.at = 0;
  if (st.hold) S.hu = p.clock.uptimeMs() + st.hold;
  S.da = -1;
  S.ip = '';
  S.f = 0;
  S.on = 0;
  S.ni = '';
  S.sh = -1;
  if (sec.proxy) S.hp = viaProxy(p.http, sec.proxy);
  // (the secrets include a password written into the proxy option: config/secrets.ts)
  d.log.configure(name, S.k);

  if (st.stop && st.stop !== sec.hash) {
    st.stop = '';
    st.tries = 0;
    save(S);
    log(S, 'notice', 'config changed: starting again after ' + st.ans);
  }
  return S;
}
