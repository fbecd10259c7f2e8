// The order in which a section asks its check-IP services (ip_url) or its DNS resolvers
// (ip_source dns): each check starts one further along the list, so the load is spread, and a
// service that failed (no host, refused, 403, 429, an answer without an address) is skipped
// until its back-off ends: 5 min, doubled with each failure in a row, at most 6 h, or longer
// when it said Retry-After. The state is one small object shared by every section (a service
// that is down is down for all of them), kept by the core (SectionDeps.rot) so it outlives the
// pass module these functions are loaded with; a success removes the service's entry.
// (Functions of the state, not methods made per check: those were four closures per check.)

import { Dict } from '../core/ports';

/** key -> [uptime ms the back-off ends, failures in a row]; n counts the checks. */
export interface Rotation { n: number; bad: Dict<number[]>; }

export function rotation(): Rotation { return { n: 0, bad: {} }; }

/** The services to ask this time, in order: those not backed off share the checks evenly; when
 *  all are backed off, the one whose back-off ends first (a check always asks one). */
export function order(R: Rotation, keys: string[], nowMs: number): string[] {
  var ok: string[] = [];
  var soonest = '';
  var end = 0;
  for (var i = 0; i < keys.length; i++) {
    var b = R.bad[keys[i]];
    if (!b || b[0] <= nowMs) ok.push(keys[i]);
    else if (!soonest || b[0] < end) { soonest = keys[i]; end = b[0]; }
  }
  if (!ok.length) return soonest ? [soonest] : [];
  var start = R.n++ % ok.length;
  if (R.n > 1e6) R.n = 0;
  return ok.slice(start).concat(ok.slice(0, start));
}

/** Backs a service off after a failure; retryAfterMs (0: none) lengthens it, up to 24 h.
 *  Returns the back-off in ms. */
export function failed(R: Rotation, key: string, nowMs: number, retryAfterMs: number): number {
  var b = R.bad[key] || [0, 0];
  var ms = Math.min(300000 * Math.pow(2, b[1]), 21600000);
  if (retryAfterMs > ms) ms = Math.min(retryAfterMs, 86400000);
  R.bad[key] = [nowMs + ms, b[1] + 1];
  return ms;
}

/** A service answered well: it is no longer backed off. */
export function worked(R: Rotation, key: string) { delete R.bad[key]; }
