// The month's trouble, drawn from a seeded PRNG: a sorted list of { at, kind, ... } in world ms
// from the start. Rates are per day (several address changes, some in bursts; outages of
// seconds to hours) so a short soak and a month see the same kinds of trouble.
import { prng } from './prng.mjs';

export const SEC = 1000;
export const MIN = 60 * SEC;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

// Per day: how many of each, and how long each lasts [shortest, longest] (log-uniform).
export const RATES = {
  addr: { perDay: 4 }, // single changes; bursts come on top
  burst: { perDay: 0.5, changes: [3, 6], within: [20 * SEC, 10 * MIN] },
  wifi: { perDay: 2, lasts: [5 * SEC, 3 * HOUR] },
  dnsDown: { perDay: 0.5, lasts: [5 * MIN, 4 * HOUR] },
  checkipDown: { perDay: 0.4, lasts: [5 * MIN, 4 * HOUR] },
  checkipLie: { perDay: 0.3, lasts: [10 * MIN, 3 * HOUR] },
  provider5xx: { perDay: 0.3, lasts: [1 * HOUR, 8 * HOUR] },
  broker: { perDay: 1, lasts: [2 * SEC, 10 * MIN] },
  sntpJump: { perDay: 0.5, by: [1 * MIN, 30 * MIN] },
  cut: { perDay: 2.6, off: [2 * SEC, 30 * MIN] },
  commit: { perDay: 0.7 },
};

// Event times of a Poisson process with `perDay` over `days`, after the first hour (boot).
function times(r, perDay, days) {
  const out = [];
  const end = days * DAY;
  let t = HOUR;
  for (;;) {
    t += -Math.log(1 - r.next()) / perDay * DAY;
    if (t >= end - HOUR) return out;
    out.push(Math.round(t));
  }
}

/** The schedule of a soak: { seed, days, events } (events sorted by at). */
export function makeSchedule({ seed, days }) {
  const r = prng(seed);
  const ev = [];
  const lasting = (kind, spec, extra = () => ({})) => {
    for (const at of times(r, spec.perDay, days)) ev.push({ at, kind, ms: Math.round(r.logUniform(spec.lasts[0], spec.lasts[1])), ...extra() });
  };
  for (const at of times(r, RATES.addr.perDay, days)) ev.push({ at, kind: 'addr' });
  for (const at of times(r, RATES.burst.perDay, days)) {
    const n = r.int(...RATES.burst.changes);
    for (let i = 0; i < n; i++) ev.push({ at: at + Math.round(r.logUniform(...RATES.burst.within) * i / n), kind: 'addr', burst: true });
  }
  lasting('wifi', RATES.wifi);
  lasting('dnsDown', RATES.dnsDown);
  lasting('checkipDown', RATES.checkipDown);
  lasting('checkipLie', RATES.checkipLie);
  lasting('provider5xx', RATES.provider5xx, () => ({ provider: r.pick(['dyndns2', 'cloudflare']) }));
  lasting('broker', RATES.broker);
  for (const at of times(r, RATES.sntpJump.perDay, days)) {
    ev.push({ at, kind: 'sntpJump', by: (r.chance(0.5) ? 1 : -1) * Math.round(r.logUniform(...RATES.sntpJump.by)) });
  }
  // a cut at the n-th Storage write from its time (or, with no write within 6 h, right then)
  for (const at of times(r, RATES.cut.perDay, days)) {
    ev.push({ at, kind: 'cut', nth: r.int(1, 3), off: Math.round(r.logUniform(...RATES.cut.off)) });
  }
  // a commit from the console: half of them lose power at one of the commit's own writes
  for (const at of times(r, RATES.commit.perDay, days)) {
    ev.push({ at, kind: 'commit', cutAt: r.chance(0.5) ? r.int(1, 4) : 0, off: Math.round(r.logUniform(2 * SEC, 5 * MIN)) });
  }
  // the provider says abuse once, on one section's update, somewhere in the run
  ev.push({ at: Math.round(HOUR + r.next() * (days * DAY - 3 * HOUR)), kind: 'abuse' });
  ev.sort((a, b) => a.at - b.at);
  // every address change gets its address now, so the schedule alone says what is published
  let n = 0;
  for (const e of ev) if (e.kind === 'addr') e.ip = addressFor(r, n++);
  return { seed, days, events: ev };
}

// A public address: TEST-NET-2/3 (198.51.100/24, 203.0.113/24), never the one before.
function addressFor(r, n) {
  const net = n % 2 ? '203.0.113.' : '198.51.100.';
  return net + r.int(2, 254);
}
