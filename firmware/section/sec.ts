// What the section engine's core (engine.ts, in .bootcde) and its pass (the Storage modules
// ddns.pass, ddns.send and ddns.verdict: pass.ts, send.ts, verdict.ts) share: the section
// object, what sections get from the app, and small helpers (each bundle has its own copy of
// these few lines).

import { Ports, NetInfo, HttpPort, Logger, Severity } from '../core/ports';
import { SectionState, saveState } from './state';
import type { ZoneCache } from '../dns/authority';
import type { Rotation } from './rotate';
import { RunSection, SectionRunner } from './types';
import { RouterSource } from './router-source';
import { MIN_GAP_MS } from './decide';

/** What sections need from the app: one object shared by all sections (nothing in it is per section). */
export interface SectionDeps {
  ports: Ports;
  log: Logger;
  userAgent: string;
  /** called with the headers of every HTTP answer (the clock is set from Date) */
  sawHeaders: (headers: any) => void;
  /** how long a registered IP read from DNS is trusted before it is read again (at least
   * check_interval) */
  dnsRecheckMs: number;
  /** tells listeners (MQTT, web) that the status changed */
  changed: (name: string) => void;
  /** a Storage module a section loads for a while: 'pass' (section/pass.ts) while a pass checks
   *  and decides, 'send' (section/send.ts) while it updates, 'verdict' (section/verdict.ts) while
   *  it acts on the answer, 'policy' (judges
   *  an answer) and 'auth' (reads the zone's own servers) for one use, 'dns' (the resolver's
   *  client) for one read, 'api.<key>' (a provider's API) for one update; null when it cannot be
   *  loaded or has no function `entry` (the log says why). drop(name) lets it go again: none of
   *  their functions costs anything while the sections sleep. */
  use: (name: string, entry: string) => any;
  drop: (name: string) => void;
  /** the router watcher (ip_source router), made on first use; null when the board has none */
  router: () => RouterSource | null;
  /** why an update (over TLS or not, by URL or through an API) cannot start for want of memory
   *  now, or '' */
  memory?: (tls: boolean, api: boolean) => string;
  /** an update attempt ended (for MQTT events) */
  attempted?: (name: string, ip: string, answer: string, ok: boolean) => void;
  /** a pass ended well: the address is known and DNS has it, or the update was accepted
   *  (/metrics counts them, notify pings its ping_url) */
  checked?: (name: string) => void;
  /** the check-IP rotation's state (section/rotate.ts): shared by every section, it outlives
   *  the pass module */
  rot: Rotation;
}

// One section's state is ONE plain object, which is also its SectionRunner (the methods come from
// RUNNER, shared by all sections) and the first argument of every function below. Why: on the
// board every closure, closure variable and property costs RAM blocks, and these functions are
// created once for all sections; a property costs one block when it holds a small integer and two
// when it holds a string, a boolean or a fraction, so keys are short and flags are 0/1.
export interface Sec extends SectionRunner {
  /** the compiled config: the whole of it while a pass runs, else the part kept (k) */
  c: RunSection;
  /** the part of the compiled config the section keeps between passes (engine.ts kept) */
  k: RunSection;
  /** what status() warns of (engine.ts warnings); absent: nothing */
  w?: number;
  d: SectionDeps;
  /** what survives reboots (state.ts) */
  st: SectionState;
  /** the state status() shows (see isEnd) */
  s: string;
  /** the one timer (undefined: none) and the uptime ms it fires at (0: none) */
  tm?: any;
  at: number;
  /** uptime ms a provider's hold ends (absent: none; the flags below are absent when off, as
   *  they are between passes: a property costs a block for as long as the section lives) */
  hu?: number;
  /** uptime ms of the last accepted update this boot (undefined: none yet) */
  lu?: number;
  /** uptime ms the last update request went out this boot (undefined: none yet) */
  ls?: number;
  /** uptime ms the registered IP was last read from DNS (-1: never) */
  da: number;
  /** current address as last found */
  ip: string;
  /** 1 while a pass is in flight */
  b?: number;
  /** a trigger came while busy (1; 2: one was the owner's command), and whether one of them
   * forced (pf 1) */
  pe?: number;
  pf?: number;
  /** the pass in flight was forced */
  f: number;
  /** network up (1) and its address */
  on: number;
  ni: string;
  /** error status() shows (absent: none) */
  e?: string;
  /** a checksum of what listeners last heard (setState); -1: nothing yet */
  sh: number;
  /** 1 once retired */
  x?: number;
  /** http through the section's proxy (only when the option proxy is set) */
  hp?: HttpPort;
  /** the zone and its servers (dns/authority.ts), and why the resolver answered instead */
  z?: ZoneCache;
  an?: string;
  /** the address the provider last accepted and what DNS showed before ('ip old', one string:
   * fewer blocks), and how often it was sent again while DNS still showed the old one (decide.ts
   * lagDelayMs): kept in RAM only, so a reboot or a changed config (a new section object)
   * starts afresh, as the minimum interval does */
  ac?: string;
  lg?: number;
  // What the pass modules call back in the core: its own functions, taken into RUNNER as they
  // are (no wrapper: a function object each), so they get this section as their first argument.
  // The timer and the state listeners hear of stay in the core, so nothing long-lived points
  // into a module and it can be let go between passes.
  /** setState */
  ss(S: Sec, s: string): void;
  /** schedule: sleeps in state s until the timer fires in ms */
  sc(S: Sec, ms: number, s: string): void;
  /** cancels the timer */
  cx(S: Sec): void;
  /** a trigger: a pass now, or later when one is in flight (check) */
  ck(S: Sec, reason: string, f: boolean): void;
  /** the pass's next step in its other module, on a tick of its own (the caller let go of its
   *  own module first): mod's function entry gets (S, ...args) */
  go(S: Sec, mod: string, entry: string, ...args: any[]): void;
}

/** The pass module's entry points the core calls (section/pass.ts; the rest are reached through
 *  Sec.go: send.ts update, verdict.ts verdict). */
export interface PassLib {
  /** one pass, the guards passed (S.b set, the watchdog running) */
  pass(S: Sec, reason: string): void;
  /** a failed pass: retry with back-off */
  fail(S: Sec, code: string, text: string): void;
}

// States: starting, offline, checking, updating, waiting (check/force timer), retry (back-off
// timer), hold (provider asked to wait), and the ends: stopped (terminal answer, persisted
// until the config changes), failed (retry_max_count used up: the next try comes with the
// network, an address change, a command, or after force_interval; a failed run once waits for
// a command), done (run once), off (console stop), disabled, invalid.
export function isEnd(s: string): boolean {
  return s === 'stopped' || s === 'failed' || s === 'done' || s === 'off' || s === 'disabled' || s === 'invalid';
}

// Short helpers: the section's log lines, its state file, its uptime clock.
export function log(S: Sec, sev: Severity, msg: string) { S.d.log.write(S.name, sev, msg); }
export function save(S: Sec) { saveState(S.d.ports.storage, S.name, S.st); }
export function now(S: Sec) { return S.d.ports.clock.uptimeMs(); }
// Run once: force_interval 0.
export function once(S: Sec) { return S.c.forceMs === 0; }
// A trigger the minimum interval does not hold back (decide.ts): the owner's command, or the
// wall clock just set (once a boot: a section that failed for want of the time tries at once).
export function owner(reason: string) { return reason === 'command' || reason === 'clock'; }

// A console stop (or a retired section) while a reply was on its way: drop the reply.
export function halted(S: Sec): boolean {
  if (S.s !== 'off') return false;
  delete S.b;
  S.c = S.k;
  return true;
}

// A module for one use (policy, auth): loaded, and let go of the cache at once.
export function useOnce(S: Sec, name: string, entry: string): any {
  var m = S.d.use(name, entry);
  S.d.drop(name);
  return m;
}

// The least ms between two update requests: update_interval_min, else 5 min (decide.ts).
export function gapMs(S: Sec): number {
  var g = S.c.gap;
  return typeof g === 'number' && g >= 0 ? g : MIN_GAP_MS;
}

// The last update request of this section object in uptime ms, or null: the minimum interval
// (decide.ts) counts from it. A reboot or a changed config (a new section object) starts
// afresh: the owner restarted it, and a request is never persisted for this alone.
export function lastSent(S: Sec): number | null {
  return S.ls !== undefined ? S.ls : null;
}
