// A short soak (3 board days, seed 37: address changes and bursts, Wi-Fi loss, DNS, check-IP
// down and lying, a provider outage, abuse, broker restarts, SNTP jumps, power cuts at Storage writes and
// inside a commit) on the built bundle; the month-long one is `npm run soak -- --days 30`.
// runSoak throws on the first broken invariant, naming the seed and the board time.
import test from 'node:test';
import assert from 'node:assert/strict';
import { runSoak } from '../../tools/soak/run.mjs';
import { summarize, formatReport } from '../../tools/soak/report.mjs';
import { makeSchedule } from '../../tools/soak/schedule.mjs';

const DAYS = 3;
const SEED = 37;

test(`soak: ${DAYS} board days of trouble, seed ${SEED}: every invariant holds`, async (t) => {
  const kinds = new Set(makeSchedule({ seed: SEED, days: DAYS }).events.map((e) => e.kind));
  for (const k of ['addr', 'wifi', 'dnsDown', 'checkipDown', 'checkipLie', 'provider5xx', 'broker', 'sntpJump', 'cut', 'commit', 'abuse']) {
    assert.ok(kinds.has(k), 'the schedule has ' + k);
  }
  let r;
  try {
    r = await runSoak({ days: DAYS, seed: SEED });
  } catch (e) {
    if (e.boardTail) t.diagnostic(e.boardTail.slice(-4000));
    throw e;
  }
  assert.ok(r.changes >= 10, 'address changes: ' + r.changes);
  for (const [name, n] of Object.entries(r.delivered)) assert.ok(n >= r.changes / 2, `${name} delivered ${n} of ${r.changes}`);
  assert.ok(r.cuts.atWrite + r.cuts.atMoment >= 2, 'power cuts: ' + JSON.stringify(r.cuts));
  assert.equal(r.configChecks, r.boots - 1, 'the config was checked after every boot but the first');
  assert.ok(r.commits >= 1);
  assert.ok(r.statusChecks >= DAYS * 24 - 6, 'status() answered hourly while powered: ' + r.statusChecks);
  const m = summarize(r);
  assert.equal(m.days, DAYS);
  for (const name of Object.keys(r.delivered)) {
    const k = m.kinds['provider ' + name];
    assert.ok(k.max <= r.perDayLimit, `${name}: ${k.max} updates on its busiest day`);
  }
  assert.ok(m.files['st.dyn'].writes > 0 && m.life.years > 10, 'flash life: ' + m.life.years);
  const text = formatReport(r);
  assert.match(text, /All invariants held/);
  t.diagnostic(text.split('\n')[2]);
});
