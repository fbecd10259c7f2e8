// The soak's invariants, each a pure check over what the world saw. A violation is thrown as a
// SoakViolation naming the rule, the seed and the board time, and the run stops there.
import { MIN, HOUR, DAY } from './schedule.mjs';

export class SoakViolation extends Error {}

/** The least time between two updates of a section (README: update_interval_min 300). */
export const MIN_GAP = 5 * MIN;
/** The longest check_interval the soak's commits set (README: the safety check). */
export const CHECK_MAX = 12 * MIN;
/** Back-off after an outage waits at most as long as the outage lasted, and never over 16 h. */
export const BACKOFF_CAP = 16 * HOUR;
/** README: abuse holds 4 h. */
export const ABUSE_HOLD = 4 * HOUR;
/** slack for a pass (DNS, check-IP, the request) and the 10-minute checking grid of the soak */
export const SLACK = 3 * MIN;
/** README: at most one update per 5 min: 288 a day, plus a fresh start per boot or commit. */
export const PER_DAY = DAY / MIN_GAP;

/** What a pass may take once nothing is in the way: the check interval, the 5 minutes between
 * updates, slack. */
export const WINDOW = CHECK_MAX + MIN_GAP + SLACK;

/**
 * When a section must hold the address it got at `since` at the latest. blocks: merged, sorted
 * [from, to] spells of trouble that kept the section from updating (to: Infinity while it
 * lasts). A spell leaves a back-off of at most its own length (retries double from 60 s: the
 * next one comes at most as long after the last as the section has been failing; 16 h at
 * most); spells that start before the section is free again chain into one failure. Infinity
 * while a spell in the way lasts.
 */
export function deadline(since, blocks) {
  let free = since;
  let chainFrom = null;
  let chainFree = -Infinity;
  for (const [from, to] of blocks) {
    if (from >= free + WINDOW) break;
    if (to === Infinity) return Infinity;
    if (chainFrom === null || from > chainFree) chainFrom = from;
    chainFree = to + Math.min(BACKOFF_CAP, to - chainFrom);
    if (chainFree > free) free = chainFree;
  }
  return free + WINDOW;
}

/** Merges [from, to] spells (sorted by from). */
export function merge(spells) {
  const out = [];
  for (const [a, b] of [...spells].sort((x, y) => x[0] - y[0])) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/**
 * Update requests of one section, in world time: two of them closer than 5 min only when a
 * boot or a commit that restarted the section came between them. starts: world times of
 * boots and of commits that restarted it. Returns the offending pair or null.
 */
export function tooClose(times, starts) {
  for (let i = 1; i < times.length; i++) {
    const a = times[i - 1];
    const b = times[i];
    if (b - a >= MIN_GAP - 1000) continue;
    if (starts.some((s) => s > a && s <= b)) continue;
    return [a, b];
  }
  return null;
}

/** After an abuse answer at `at`, no update of that section until the hold is over. */
export function abuseRespected(at, times) {
  return !times.some((t) => t > at && t < at + ABUSE_HOLD - 1000);
}

/**
 * A section's status line (as status() prints it) is alive: waiting, retrying or holding with
 * a next time, offline, busy (not three hours in a row), or stopped/failed with a reason.
 * Returns '' or what is wrong.
 */
export function wedged(line, busyHours) {
  const m = /^(\w+): (\w+) .* next=(\S+) answer=(\S+)(?: error="([^"]*)")?/.exec(line);
  if (!m) return 'unreadable status line';
  const [, , state, next, , error] = m;
  if (state === 'waiting' || state === 'retry' || state === 'hold') return next === '-' ? state + ' without a next time' : '';
  if (state === 'offline') return '';
  if (state === 'checking' || state === 'updating' || state === 'starting') return busyHours >= 3 ? state + ' for 3 hours' : '';
  if (state === 'stopped' || state === 'failed') return error ? '' : state + ' without a reason';
  return 'in state ' + state;
}
