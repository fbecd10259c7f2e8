// The order in which a section asks its check-IP services (ip_url) or its DNS resolvers
// (ip_source dns): each check starts one further along the list, so the load is spread, and a
// service that failed (no host, refused, 403, 429, an answer without an address) is skipped
// until its back-off ends: 5 min, doubled with each failure in a row, at most 6 h, or longer
// when it said Retry-After. The state is one small object shared by every section (a service
// that is down is down for all of them), made at the first failure; a success removes the
// service's entry.

import { Dict } from '../core/ports';

var BACKOFF_MS = 300000;
var BACKOFF_MAX_MS = 21600000;

/** key -> [uptime ms the back-off ends, failures in a row]; n counts the checks. */
var ROT: { n: number; bad: Dict<number[]> } | null = null;

/** The services to ask this time, in order: those not backed off, starting one further each
 *  call; when all are backed off, the one whose back-off ends first (a check always asks one). */
// Why: an empty answer would leave the section without an address while every service rests.
export function rotation(keys: string[], nowMs: number): string[] {
  if (!ROT) ROT = { n: 0, bad: {} };
  var ok: string[] = [];
  var soonest = '';
  var end = 0;
  for (var i = 0; i < keys.length; i++) {
    var b = ROT.bad[keys[i]];
    if (!b || b[0] <= nowMs) ok.push(keys[i]);
    else if (!soonest || b[0] < end) { soonest = keys[i]; end = b[0]; }
  }
  if (!ok.length) return soonest ? [soonest] : [];
  // the services that are up share the checks evenly
  var start = ROT.n++ % ok.length;
  if (ROT.n > 1e6) ROT.n = 0;
  return ok.slice(start).concat(ok.slice(0, start));
}

/** Backs a service off after a failure; retryAfterMs (0: none) lengthens it, up to 24 h.
 *  Returns the back-off in ms. */
export function rotationFailed(key: string, nowMs: number, retryAfterMs: number): number {
  if (!ROT) ROT = { n: 0, bad: {} };
  var b = ROT.bad[key] || [0, 0];
  var ms = Math.min(BACKOFF_MS * Math.pow(2, b[1]), BACKOFF_MAX_MS);
  if (retryAfterMs > ms) ms = Math.min(retryAfterMs, 86400000);
  ROT.bad[key] = [nowMs + ms, b[1] + 1];
  return ms;
}

/** A service answered well: it is no longer backed off. */
export function rotationWorked(key: string) {
  if (ROT && ROT.bad[key]) delete ROT.bad[key];
}

/** Forgets every back-off (tests, a new config). */
export function rotationReset() { ROT = null; }
