import test from 'node:test';
import assert from 'node:assert/strict';
import { decide, DecideInput, Decision, MIN_GAP_MS, lagDelayMs } from '../../firmware/section/decide.ts';

const H = 3600 * 1000;
const NOW = 1000 * H;
const MIN = 60 * 1000;

// A section that is up to date: same address in DNS, updated an hour ago, 72 h force interval.
function s(over: Partial<DecideInput>): DecideInput {
  return Object.assign({
    nowMs: NOW, currentIp: '203.0.113.7', registeredIp: '203.0.113.7', lastUpdateMs: NOW - H,
    forceIntervalMs: 72 * H, holdUntilMs: 0, stopped: false, force: false
  }, over);
}

test('decide: table', () => {
  const rows: [string, Partial<DecideInput>, Decision][] = [
    ['up to date', {}, { action: 'skip', reason: 'nochange', nextMs: NOW + 71 * H }],
    ['stopped beats everything', { stopped: true, force: true, registeredIp: null }, { action: 'skip', reason: 'stopped' }],
    ['hold in the future', { holdUntilMs: NOW + 5000, force: true }, { action: 'wait', reason: 'hold', nextMs: NOW + 5000 }],
    ['hold just ended', { holdUntilMs: NOW, registeredIp: '198.51.100.1' }, { action: 'update', reason: 'changed' }],
    ['hold in the past', { holdUntilMs: NOW - 1 }, { action: 'skip', reason: 'nochange', nextMs: NOW + 71 * H }],
    ['no current address', { currentIp: null }, { action: 'noip', reason: 'noip' }],
    ['no current address, forced', { currentIp: null, force: true }, { action: 'noip', reason: 'noip' }],
    ['forced', { force: true }, { action: 'update', reason: 'force' }],
    ['address changed', { registeredIp: '198.51.100.1' }, { action: 'update', reason: 'changed' }],
    ['registered unknown', { registeredIp: null }, { action: 'update', reason: 'changed' }],
    ['IPv6 same address, other spelling', { currentIp: '2001:DB8:0::1', registeredIp: '2001:db8::1' },
      { action: 'skip', reason: 'nochange', nextMs: NOW + 71 * H }],
    ['IPv6 changed', { currentIp: '2001:db8::2', registeredIp: '2001:db8::1' }, { action: 'update', reason: 'changed' }],
    ['force interval elapsed', { lastUpdateMs: NOW - 72 * H }, { action: 'update', reason: 'force_interval' }],
    ['force interval long elapsed', { lastUpdateMs: NOW - 500 * H }, { action: 'update', reason: 'force_interval' }],
    ['force interval 1 ms short', { lastUpdateMs: NOW - 72 * H + 1 }, { action: 'skip', reason: 'nochange', nextMs: NOW + 1 }],
    ['reboot: no last update, DNS matches', { lastUpdateMs: null }, { action: 'skip', reason: 'nochange' }],
    ['reboot: no last update, DNS differs', { lastUpdateMs: null, registeredIp: '198.51.100.1' },
      { action: 'update', reason: 'changed' }],
    ['run once (force_interval 0), DNS matches', { forceIntervalMs: 0, lastUpdateMs: NOW - 500 * H },
      { action: 'skip', reason: 'nochange' }],
    ['run once (force_interval 0), DNS differs', { forceIntervalMs: 0, registeredIp: '198.51.100.1' },
      { action: 'update', reason: 'changed' }],
    // the minimum interval between two updates of a section (5 min): a trigger inside it waits
    ['last update sent 1 min ago, address changed: waits out the 5 min', { lastSentMs: NOW - MIN, registeredIp: '198.51.100.1' },
      { action: 'wait', reason: 'gap', nextMs: NOW + 4 * MIN }],
    ['last update sent 5 min ago: update', { lastSentMs: NOW - 5 * MIN, registeredIp: '198.51.100.1' },
      { action: 'update', reason: 'changed' }],
    ['force_interval due 1 min after the last update: waits too', { lastSentMs: NOW - MIN, lastUpdateMs: NOW - 72 * H },
      { action: 'wait', reason: 'gap', nextMs: NOW + 4 * MIN }],
    ['a retry of a forced pass waits too', { lastSentMs: NOW - MIN, force: true },
      { action: 'wait', reason: 'gap', nextMs: NOW + 4 * MIN }],
    ['the owner\'s command does not wait', { lastSentMs: NOW - MIN, force: true, owner: true },
      { action: 'update', reason: 'force' }],
    ['the owner\'s check does not wait', { lastSentMs: NOW - MIN, owner: true, registeredIp: '198.51.100.1' },
      { action: 'update', reason: 'changed' }],
    ['nothing to send: no wait either', { lastSentMs: NOW - MIN },
      { action: 'skip', reason: 'nochange', nextMs: NOW + 71 * H }],
    ['a hold beats the interval', { lastSentMs: NOW - MIN, holdUntilMs: NOW + 10 * MIN, registeredIp: '198.51.100.1' },
      { action: 'wait', reason: 'hold', nextMs: NOW + 10 * MIN }],
    ['no update known: no wait', { lastSentMs: null, registeredIp: '198.51.100.1' },
      { action: 'update', reason: 'changed' }],
    ['update_interval_min 30 s', { lastSentMs: NOW - 10000, gapMs: 30000, registeredIp: '198.51.100.1' },
      { action: 'wait', reason: 'gap', nextMs: NOW + 20000 }],
    ['update_interval_min 0: off', { lastSentMs: NOW, gapMs: 0, registeredIp: '198.51.100.1' },
      { action: 'update', reason: 'changed' }],
    // DNS does not show what the provider accepted (lags, or lookup_host is another record)
    ['accepted, DNS still old, 1 h after: not sent again', { acceptedIp: '203.0.113.7', staleIp: '198.51.100.1', registeredIp: '198.51.100.1' },
      { action: 'skip', reason: 'lagging', nextMs: NOW + 3 * H }],
    ['accepted, DNS still old, 4 h after: sent again', { acceptedIp: '203.0.113.7', staleIp: '198.51.100.1', registeredIp: '198.51.100.1', lastUpdateMs: NOW - 4 * H },
      { action: 'update', reason: 'lagging' }],
    ['accepted, DNS has no record: lagging too', { acceptedIp: '203.0.113.7', registeredIp: null },
      { action: 'skip', reason: 'lagging', nextMs: NOW + 3 * H }],
    ['sent again twice already: 16 h after the last', { acceptedIp: '203.0.113.7', staleIp: '198.51.100.1', registeredIp: '198.51.100.1', lagSends: 2, lastUpdateMs: NOW - 15 * H },
      { action: 'skip', reason: 'lagging', nextMs: NOW + H }],
    ['accepted, DNS shows a third address (someone changed it): a change, sent at once',
      { acceptedIp: '203.0.113.7', staleIp: '198.51.100.1', registeredIp: '198.51.100.99' }, { action: 'update', reason: 'changed' }],
    ['accepted over no record, DNS shows an address now: a change', { acceptedIp: '203.0.113.7', staleIp: '', registeredIp: '198.51.100.1' },
      { action: 'update', reason: 'changed' }],
    ['lagging, the owner\'s check: sent', { acceptedIp: '203.0.113.7', staleIp: '198.51.100.1', registeredIp: '198.51.100.1', owner: true },
      { action: 'update', reason: 'changed' }],
    ['a different address goes at once', { acceptedIp: '203.0.113.9', registeredIp: '198.51.100.1' },
      { action: 'update', reason: 'changed' }],
    ['the accepted address in another spelling is the same', { currentIp: '2001:db8::1', acceptedIp: '2001:DB8:0::1', staleIp: '2001:db8:0::2', registeredIp: '2001:db8::2' },
      { action: 'skip', reason: 'lagging', nextMs: NOW + 3 * H }],
    ['DNS shows it: nothing to do', { acceptedIp: '203.0.113.7' },
      { action: 'skip', reason: 'nochange', nextMs: NOW + 71 * H }],
    ['lagging, forced by the owner: sent', { acceptedIp: '203.0.113.7', staleIp: '198.51.100.1', registeredIp: '198.51.100.1', force: true, owner: true },
      { action: 'update', reason: 'force' }],
    ['lagging and due within the minimum interval: waits for it', { acceptedIp: '203.0.113.7', staleIp: '198.51.100.1', registeredIp: '198.51.100.1',
      lastUpdateMs: NOW - 4 * H, lastSentMs: NOW - MIN }, { action: 'wait', reason: 'gap', nextMs: NOW + 4 * MIN }],
    ['lagging beats no hold', { acceptedIp: '203.0.113.7', staleIp: '198.51.100.1', registeredIp: '198.51.100.1', holdUntilMs: NOW + MIN },
      { action: 'wait', reason: 'hold', nextMs: NOW + MIN }]
  ];
  for (const [name, over, want] of rows) {
    assert.deepEqual(decide(s(over)), want, name);
  }
});

test('decide: the minimum interval is 5 minutes', () => {
  assert.equal(MIN_GAP_MS, 5 * MIN);
});

test('decide: the same address again while DNS lags: 4 h doubling, up to force_interval (a day for run once)', () => {
  const rows: [number, number, number][] = [
    // sends so far, force_interval, wait
    [0, 72 * H, 4 * H], [1, 72 * H, 8 * H], [2, 72 * H, 16 * H], [3, 72 * H, 32 * H], [4, 72 * H, 64 * H],
    [5, 72 * H, 72 * H], [40, 72 * H, 72 * H], [-1, 72 * H, 4 * H],
    [3, 24 * H, 24 * H], [0, 0, 4 * H], [9, 0, 24 * H], [0, 1 * H, 4 * H], [2, 1 * H, 4 * H]
  ];
  for (const [n, force, want] of rows) assert.equal(lagDelayMs(n, force), want, n + ' sends, force ' + force / H + ' h');
});
