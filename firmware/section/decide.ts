// The update decision of one section, as one pure function of its state and an injected clock,
// so every rule is a row in a test table and the timers around it stay dumb.

import { parseIPv4, parseIPv6 } from '../core/ip';

export interface DecideInput {
  nowMs: number;
  currentIp: string | null;
  registeredIp: string | null;
  lastUpdateMs: number | null;
  forceIntervalMs: number;
  holdUntilMs: number;
  stopped: boolean;
  force: boolean;
  /** uptime ms the last update request of this section went out; null or absent: none */
  lastSentMs?: number | null;
  /** the least ms between two update requests (update_interval_min); absent: MIN_GAP_MS */
  gapMs?: number;
  /** the pass was started by the owner's command (console, MQTT, web), or by the wall clock
   *  being set (SNTP, once a boot: a section that failed for want of the time tries at once):
   *  not held back by the minimum interval */
  owner?: boolean;
  /** the address the provider last accepted; absent or null: none known */
  acceptedIp?: string | null;
  /** what DNS showed before that update ('' or absent: nothing) */
  staleIp?: string;
  /** updates of that same address sent again while DNS still showed staleIp */
  lagSends?: number;
}

/** The minimum time between two update requests of one section (ddns-updater's cooldown),
 *  unless update_interval_min says otherwise. */
export var MIN_GAP_MS = 300000;

/** The first wait before the accepted address is sent again while DNS does not show it. */
export var LAG_BASE_MS = 4 * 3600000;

// How long after the last accepted update the same address is sent again while DNS keeps
// showing another: 4 h, doubling with each such send, up to force_interval (a day for run
// once), never less than 4 h. So a lookup_host that never shows the update costs 3 requests
// on the first day, then fewer, not one an hour.
export function lagDelayMs(sends: number, forceIntervalMs: number): number {
  var cap = forceIntervalMs > 0 ? forceIntervalMs : 86400000;
  if (cap < LAG_BASE_MS) cap = LAG_BASE_MS;
  var d = LAG_BASE_MS;
  for (var n = sends > 0 ? sends : 0; n > 0 && d < cap; n--) d = d * 2;
  return d < cap ? d : cap;
}

export interface Decision {
  action: 'wait' | 'update' | 'skip' | 'noip';
  reason: string;
  nextMs?: number;
}

// Canonical text of an address so '2001:DB8:0::1' equals '2001:db8::1'; other text as is.
export function canon(ip: string): string {
  return parseIPv4(ip) || parseIPv6(ip) || ip;
}

// Decides what a section does now, rules in order:
// stopped -> skip; hold in the future -> wait until it ends; no current address -> noip;
// force -> update; registered address unknown or different -> update ('changed'), unless the
// provider already accepted the current address and DNS still shows what it showed before:
// then DNS lags (or lookup_host is not the record updated), and the same address goes again
// only lagDelayMs after the last accepted update ('lagging'; before that skip 'lagging' with
// nextMs), or when the owner asks; DNS showing a third address is a change;
// force_interval elapsed since the last update -> update ('force_interval'); else skip
// ('nochange', nextMs = when force_interval falls due). With no last update known (first boot,
// lost state) a matching DNS does not force an update: a reboot never costs a request.
// An update within gapMs of the last one waits until then ('gap'), unless the owner
// asked: every trigger in between (address changes, router events, timers, retries) ends in
// that one update.
export function decide(s: DecideInput): Decision {
  if (s.stopped) {
    return { action: 'skip', reason: 'stopped' };
  }
  if (s.holdUntilMs > s.nowMs) {
    return { action: 'wait', reason: 'hold', nextMs: s.holdUntilMs };
  }
  if (!s.currentIp) {
    return { action: 'noip', reason: 'noip' };
  }
  let why = '';
  if (s.force) {
    why = 'force';
  } else if (!s.registeredIp || canon(s.registeredIp) !== canon(s.currentIp)) {
    why = 'changed';
    if (s.acceptedIp && canon(s.acceptedIp) === canon(s.currentIp) && typeof s.lastUpdateMs === 'number' &&
        !s.owner && canon(s.registeredIp || '') === canon(s.staleIp || '')) {
      const again = s.lastUpdateMs + lagDelayMs(s.lagSends || 0, s.forceIntervalMs);
      if (s.nowMs < again) return { action: 'skip', reason: 'lagging', nextMs: again };
      why = 'lagging';
    }
  } else if (s.forceIntervalMs > 0 && typeof s.lastUpdateMs === 'number') {
    const due = s.lastUpdateMs + s.forceIntervalMs;
    if (s.nowMs >= due) {
      why = 'force_interval';
    } else {
      return { action: 'skip', reason: 'nochange', nextMs: due };
    }
  }
  if (!why) {
    return { action: 'skip', reason: 'nochange' };
  }
  const gap = typeof s.gapMs === 'number' ? s.gapMs : MIN_GAP_MS;
  const gapEnd = typeof s.lastSentMs === 'number' && !s.owner ? s.lastSentMs + gap : 0;
  if (gapEnd > s.nowMs) {
    return { action: 'wait', reason: 'gap', nextMs: gapEnd };
  }
  return { action: 'update', reason: why };
}
