// The soak's rules as tables (tools/soak/invariants.mjs, schedule.mjs, report.mjs): each rule is
// shown to pass and to fail, so the month-long run cannot hold "all invariants" by accident.
import test from 'node:test';
import assert from 'node:assert/strict';
import { deadline, merge, tooClose, abuseRespected, wedged, WINDOW, BACKOFF_CAP } from '../../tools/soak/invariants.mjs';
import { makeSchedule, MIN, HOUR, DAY } from '../../tools/soak/schedule.mjs';
import { flashLife, ERASE_LIMIT } from '../../tools/soak/report.mjs';

test('deadline: the change, or the end of the trouble, plus the back-off it built and one pass', () => {
  const rows = [
    // [since, spells, expected deadline, why]
    [0, [], WINDOW, 'no trouble: one check interval, 5 min between updates, slack'],
    [0, [[-HOUR, HOUR]], HOUR + 2 * HOUR + WINDOW, 'failing for 2 h: free 2 h after the end'],
    [0, [[10 * MIN, Infinity]], Infinity, 'trouble that began before the deadline and lasts'],
    [0, [[WINDOW + 1, Infinity]], WINDOW, 'trouble after the deadline does not excuse'],
    [0, [[-5 * HOUR, -4 * HOUR]], WINDOW, 'an old spell whose back-off is over'],
    [0, [[-2 * HOUR, -HOUR]], WINDOW, 'a back-off (1 h) that ended as the address changed'],
    [0, [[-HOUR, -30 * MIN]], 30 * MIN - 30 * MIN + WINDOW, 'a back-off of 30 min ending at the change'],
    [0, [[-4 * HOUR, -3 * HOUR], [-2.9 * HOUR, -2 * HOUR]], WINDOW, 'chained spells: back-off from the first start (2 h), over'],
    [0, [[-4 * HOUR, -3 * HOUR], [-2.9 * HOUR, 0]], 4 * HOUR + WINDOW, 'chained spells end at the change: 4 h of back-off'],
    [0, [[-40 * HOUR, HOUR]], HOUR + BACKOFF_CAP + WINDOW, 'the back-off never exceeds 16 h'],
  ];
  for (const [since, spells, want, why] of rows) assert.equal(deadline(since, merge(spells)), want, why);
});

test('merge: overlapping spells become one', () => {
  assert.deepEqual(merge([[5, 9], [1, 3], [2, 4], [9, 12]]), [[1, 4], [5, 12]]);
  assert.deepEqual(merge([[1, Infinity], [3, 4]]), [[1, Infinity]]);
});

test('tooClose: two updates under 5 min apart only across a boot or a restart', () => {
  const M = MIN;
  const rows = [
    [[0, 5 * M, 10 * M], [], null],
    [[0, 4 * M], [], [0, 4 * M]],
    [[0, 4 * M], [2 * M], null],
    [[0, 4 * M], [4 * M], null],
    [[0, 4 * M], [5 * M], [0, 4 * M]],
    [[0, 6 * M, 7 * M], [], [6 * M, 7 * M]],
  ];
  for (const [times, starts, want] of rows) assert.deepEqual(tooClose(times, starts), want, JSON.stringify([times, starts]));
});

test('abuseRespected: nothing during the 4 h hold', () => {
  assert.equal(abuseRespected(HOUR, [0, HOUR, 5 * HOUR]), true);
  assert.equal(abuseRespected(HOUR, [0, HOUR, 3 * HOUR]), false);
});

test('wedged: every state either has a future or a reason', () => {
  const line = (state, next, extra = '') => `dyn: ${state} ip=1.2.3.4 dns=1.2.3.4 last=never next=${next} answer=good${extra}`;
  const rows = [
    [line('waiting', '600s'), 0, ''],
    [line('retry', '60s'), 0, ''],
    [line('hold', '14400s'), 0, ''],
    [line('waiting', '-'), 0, 'waiting without a next time'],
    [line('offline', '-'), 0, ''],
    [line('checking', '-'), 2, ''],
    [line('checking', '-'), 3, 'checking for 3 hours'],
    [line('stopped', '-', ' error="badauth: check username and password"'), 0, ''],
    [line('stopped', '-'), 0, 'stopped without a reason'],
    [line('failed', '-'), 0, 'failed without a reason'],
    [line('invalid', '-', ' error="x"'), 0, 'in state invalid'],
    ['garbage', 0, 'unreadable status line'],
  ];
  for (const [l, busy, want] of rows) assert.equal(wedged(l, busy), want, l);
});

test('schedule: a seed gives the same month, another seed another, all kinds of trouble in it', () => {
  const a = makeSchedule({ seed: 7, days: 30 });
  assert.deepEqual(makeSchedule({ seed: 7, days: 30 }), a);
  assert.notDeepEqual(makeSchedule({ seed: 8, days: 30 }).events, a.events);
  const kinds = new Set(a.events.map((e) => e.kind));
  for (const k of ['addr', 'wifi', 'dnsDown', 'checkipDown', 'checkipLie', 'provider5xx', 'broker', 'sntpJump', 'cut', 'commit', 'abuse']) {
    assert.ok(kinds.has(k), k);
  }
  assert.equal(a.events.filter((e) => e.kind === 'abuse').length, 1, 'abuse once');
  assert.ok(a.events.filter((e) => e.kind === 'addr').length >= 90, 'several address changes a day');
  assert.ok(a.events.every((e, i) => i === 0 || e.at >= a.events[i - 1].at), 'sorted');
  assert.ok(a.events.every((e) => e.at > 0 && e.at < 30 * DAY));
  const ips = a.events.filter((e) => e.kind === 'addr').map((e) => e.ip);
  assert.ok(ips.every((ip, i) => i === 0 || ip !== ips[i - 1]), 'each change is a change');
});

test('flash life: erases of the busiest sector from the bytes a day the files take', () => {
  const rows = [
    // [bytes/day, live bytes, total, days per compaction, years]
    [1000, 0, 100000, 100, ERASE_LIMIT * 100 / 365],
    [10000, 400000, 900000, 50, ERASE_LIMIT * 50 / 365],
    [0, 0, 100000, Infinity, Infinity],
  ];
  for (const [allocPerDay, liveBytes, total, days, years] of rows) {
    const r = flashLife({ allocPerDay, liveBytes, total });
    assert.equal(r.daysPerCompaction, days);
    assert.ok(Math.abs(r.years - years) < 1e-6 || r.years === years);
  }
});

test('optionOf: an option of a section in exportUci() text', async () => {
  const { optionOf } = await import('../../tools/soak/run.mjs');
  const text = "config ddns 'global'\n\toption check_interval '5'\n\nconfig service 'web'\n\toption enabled '1'\n\toption check_interval '12'\n";
  assert.equal(optionOf(text, 'web.check_interval'), '12');
  assert.equal(optionOf(text, 'web.force_interval'), undefined);
  assert.equal(optionOf(text, 'dyn.check_interval'), undefined);
});
