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
}

export interface Decision {
  action: 'wait' | 'update' | 'skip' | 'noip';
  reason: string;
  nextMs?: number;
}

// Canonical text of an address so '2001:DB8:0::1' equals '2001:db8::1'; other text as is.
function canon(ip: string): string {
  return parseIPv4(ip) || parseIPv6(ip) || ip;
}

// Decides what a section does now, rules in order:
// stopped -> skip; hold in the future -> wait until it ends; no current address -> noip;
// force -> update; registered address unknown or different -> update ('changed');
// force_interval elapsed since the last update -> update ('force_interval'); else skip
// ('nochange', nextMs = when force_interval falls due). With no last update known (first boot,
// lost state) a matching DNS does not force an update: a reboot never costs a request.
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
  if (s.force) {
    return { action: 'update', reason: 'force' };
  }
  if (!s.registeredIp || canon(s.registeredIp) !== canon(s.currentIp)) {
    return { action: 'update', reason: 'changed' };
  }
  if (s.forceIntervalMs > 0 && typeof s.lastUpdateMs === 'number') {
    const due = s.lastUpdateMs + s.forceIntervalMs;
    if (s.nowMs >= due) {
      return { action: 'update', reason: 'force_interval' };
    }
    return { action: 'skip', reason: 'nochange', nextMs: due };
  }
  return { action: 'skip', reason: 'nochange' };
}
